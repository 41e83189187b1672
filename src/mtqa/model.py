"""The one result model every stage produces and every renderer reads.

Plain dataclasses: segments with character offsets, alignment beads, findings with spans, the score
and the verdict. ``Result.to_dict`` is the JSON contract (schema_version 1); renderers never
recompute anything that is not here.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import Enum
from typing import Any

SCHEMA_VERSION = 1


class Severity(str, Enum):
    MINOR = "minor"
    MAJOR = "major"
    CRITICAL = "critical"

    @property
    def rank(self) -> int:
        return _SEVERITY_RANK[self]


_SEVERITY_RANK = {Severity.MINOR: 1, Severity.MAJOR: 2, Severity.CRITICAL: 3}


@dataclass(frozen=True)
class Span:
    """A character span ``[start, end)`` into the text exactly as given."""

    start: int
    end: int
    text: str

    def to_dict(self) -> dict[str, Any]:
        return {"start": self.start, "end": self.end, "text": self.text}


@dataclass(frozen=True)
class Segment:
    """A sentence (or headline/caption) with offsets into its document's text."""

    id: int
    start: int
    end: int
    text: str
    paragraph: int

    def to_dict(self) -> dict[str, Any]:
        return {"id": self.id, "start": self.start, "end": self.end, "text": self.text,
                "paragraph": self.paragraph}


@dataclass
class Document:
    """A decoded text, its language and its segments."""

    path: str
    lang: str
    text: str
    segments: list[Segment] = field(default_factory=list)
    encoding: str = "utf-8"

    def span(self, start: int, end: int) -> Span:
        return Span(start, end, self.text[start:end])

    def to_dict(self) -> dict[str, Any]:
        return {"path": self.path, "lang": self.lang, "encoding": self.encoding,
                "segments": [s.to_dict() for s in self.segments]}


@dataclass(frozen=True)
class Bead:
    """A monotone alignment unit: source ids, target ids (either may be empty), similarity."""

    src: tuple[int, ...]
    tgt: tuple[int, ...]
    similarity: float

    @property
    def kind(self) -> str:
        return f"{len(self.src)}-{len(self.tgt)}"

    def to_dict(self) -> dict[str, Any]:
        return {"src": list(self.src), "tgt": list(self.tgt),
                "similarity": round(self.similarity, 4)}


@dataclass
class Finding:
    """One translation problem, COMET/xCOMET vocabulary for its spans and severity."""

    code: str
    name: str
    severity: Severity
    category: str
    message: str
    source_spans: list[Span] = field(default_factory=list)
    target_spans: list[Span] = field(default_factory=list)
    suggestion: str | None = None
    confidence: float = 1.0
    bead: int | None = None

    def sort_key(self) -> tuple:
        first = min([s.start for s in self.target_spans] or [10**12])
        src_first = min([s.start for s in self.source_spans] or [10**12])
        bead = self.bead if self.bead is not None else 10**9
        return (bead, first, src_first, self.code, self.message)

    def to_dict(self) -> dict[str, Any]:
        return {
            "code": self.code,
            "name": self.name,
            "severity": self.severity.value,
            "category": self.category,
            "message": self.message,
            "suggestion": self.suggestion,
            "confidence": round(self.confidence, 4),
            "bead": self.bead,
            "source_spans": [s.to_dict() for s in self.source_spans],
            "target_spans": [s.to_dict() for s in self.target_spans],
        }


@dataclass
class Score:
    quality: float
    penalty: float
    source_words: int
    by_severity: dict[str, int] = field(default_factory=dict)
    mean_similarity: float | None = None
    # the reference-free signals the quality was computed from, and which model computed it
    signals: dict[str, float | None] = field(default_factory=dict)
    model: str = "mqm"

    def to_dict(self) -> dict[str, Any]:
        return {"quality": round(self.quality, 2), "penalty": round(self.penalty, 2),
                "source_words": self.source_words, "by_severity": self.by_severity,
                "mean_similarity": None if self.mean_similarity is None
                else round(self.mean_similarity, 4),
                "model": self.model, "signals": dict(self.signals)}


@dataclass
class Verdict:
    passed: bool
    reasons: list[str] = field(default_factory=list)
    # indices into Result.findings of the findings that fail the gate (renderers mark these)
    gating: list[int] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {"passed": self.passed, "reasons": list(self.reasons), "gating": list(self.gating)}


@dataclass
class Result:
    """Everything one ``mtqa check`` produced for one article."""

    mtqa_version: str
    signature: str
    source: Document
    target: Document
    alignment: list[Bead]
    findings: list[Finding]
    score: Score
    verdict: Verdict
    metrics: dict[str, Any] | None = None
    # A local QE model's scores (--qe-model): {"model", "score", "segments", "beads"}
    qe: dict[str, Any] | None = None
    # Tables some checks build for readers (e.g. the entity table): name -> list of records.
    tables: dict[str, list[dict[str, Any]]] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "schema_version": SCHEMA_VERSION,
            "mtqa_version": self.mtqa_version,
            "signature": self.signature,
            "source": self.source.to_dict(),
            "target": self.target.to_dict(),
            "alignment": [b.to_dict() for b in self.alignment],
            "findings": [f.to_dict() for f in self.findings],
            "score": self.score.to_dict(),
            "verdict": self.verdict.to_dict(),
        }
        if self.metrics is not None:
            out["metrics"] = self.metrics
        if self.qe is not None:
            out["qe"] = self.qe
        for name in sorted(self.tables):
            out[name] = self.tables[name]
        return out
