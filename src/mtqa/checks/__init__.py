"""The registry of checks: one stable code each, its documentation on the function itself.

A check is a small function ``(ctx: Context) -> Iterable[Flag]`` registered with ``@check(code,
name, severity, category)``. Its docstring is its documentation in fixed sections (what it flags,
why it matters, example, known problems); ``mtqa explain CODE`` prints it. The runner turns flags
into ``Finding``s carrying the check's code, name, category and (possibly overridden) severity.
Codes are never reused; a retired check keeps its code out of circulation.
"""

from __future__ import annotations

import inspect
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Callable, Iterable, Iterator

from ..errors import UsageError
from ..model import Bead, Document, Finding, Severity, Span

if TYPE_CHECKING:
    from ..lang import Language


@dataclass
class Flag:
    """What a check reports; the runner adds the check's identity to make a ``Finding``."""

    message: str
    source_spans: list[Span] = field(default_factory=list)
    target_spans: list[Span] = field(default_factory=list)
    suggestion: str | None = None
    severity: Severity | None = None  # a check may raise or lower its default for one case
    confidence: float = 1.0
    bead: int | None = None


@dataclass(frozen=True)
class CheckSpec:
    code: str
    name: str
    severity: Severity
    category: str
    func: Callable[["Context"], Iterable[Flag]]

    @property
    def doc(self) -> str:
        return inspect.cleandoc(self.func.__doc__ or "")

    @property
    def summary(self) -> str:
        return self.doc.split("\n", 1)[0]

    @property
    def family(self) -> str:
        return "".join(ch for ch in self.code if ch.isalpha())


REGISTRY: dict[str, CheckSpec] = {}


def check(code: str, name: str, severity: str, category: str):
    """Register a check function under a stable ``code``."""

    def wrap(func: Callable[["Context"], Iterable[Flag]]):
        if code in REGISTRY:
            raise RuntimeError(f"check code {code} registered twice")
        if not func.__doc__:
            raise RuntimeError(f"check {code} has no docstring: its docstring is its documentation")
        REGISTRY[code] = CheckSpec(code, name, Severity(severity), category, func)
        return func

    return wrap


class Context:
    """What every check sees: both documents, the alignment, the languages, shared memos."""

    def __init__(self, source: Document, target: Document, beads: list[Bead],
                 src_lang: "Language", tgt_lang: "Language",
                 resources: dict[str, Any] | None = None) -> None:
        self.source = source
        self.target = target
        self.beads = beads
        self.src_lang = src_lang
        self.tgt_lang = tgt_lang
        self.resources = resources or {}
        self._memo: dict[str, Any] = {}
        # Tables for the result (e.g. "entities"), filled by checks, copied into Result.tables.
        self.tables: dict[str, list[dict[str, Any]]] = {}
        self.src_bead = {i: k for k, b in enumerate(beads) for i in b.src}
        self.tgt_bead = {j: k for k, b in enumerate(beads) for j in b.tgt}

    def memo(self, key: str, make: Callable[[], Any]) -> Any:
        """Compute something once per article and share it between checks."""
        if key not in self._memo:
            self._memo[key] = make()
        return self._memo[key]

    def src_span(self, seg_id: int, start: int | None = None, end: int | None = None) -> Span:
        seg = self.source.segments[seg_id]
        s = seg.start if start is None else seg.start + start
        e = seg.end if end is None else seg.start + end
        return self.source.span(s, e)

    def tgt_span(self, seg_id: int, start: int | None = None, end: int | None = None) -> Span:
        seg = self.target.segments[seg_id]
        s = seg.start if start is None else seg.start + start
        e = seg.end if end is None else seg.start + end
        return self.target.span(s, e)

    def bead_texts(self, k: int) -> tuple[str, str]:
        b = self.beads[k]
        return (" ".join(self.source.segments[i].text for i in b.src),
                " ".join(self.target.segments[j].text for j in b.tgt))

    def neighbour_target_ids(self, k: int, radius: int = 1) -> list[int]:
        """Target segment ids of bead ``k`` and its neighbours (alignment is not always exact)."""
        ids: list[int] = []
        for kk in range(max(0, k - radius), min(len(self.beads), k + radius + 1)):
            ids.extend(self.beads[kk].tgt)
        return ids

    def neighbour_source_ids(self, k: int, radius: int = 1) -> list[int]:
        ids: list[int] = []
        for kk in range(max(0, k - radius), min(len(self.beads), k + radius + 1)):
            ids.extend(self.beads[kk].src)
        return ids


def _load_families() -> None:
    # Importing the family modules registers their checks.
    from . import alignment, boilerplate, entities, garbled, numbers, terminology, untranslated  # noqa: F401
    from . import fluency, links, mistranslation, sentence_shape  # noqa: F401


def all_checks() -> list[CheckSpec]:
    _load_families()
    return [REGISTRY[c] for c in sorted(REGISTRY)]


def get_check(code: str) -> CheckSpec:
    _load_families()
    spec = REGISTRY.get(code.upper())
    if spec is None:
        raise UsageError(f"unknown check code {code!r}; `mtqa checks` lists them")
    return spec


def select_checks(select: Iterable[str] = (), ignore: Iterable[str] = ()) -> list[CheckSpec]:
    """Checks enabled by code-prefix selection, ruff style: ``select`` narrows, ``ignore`` removes."""
    specs = all_checks()
    select = [s.upper() for s in select if s]
    ignore = [s.upper() for s in ignore if s]
    known = {s.code for s in specs}
    for prefix in (*select, *ignore):
        if prefix != "ALL" and not any(code.startswith(prefix) for code in known):
            raise UsageError(f"no check code starts with {prefix!r}; `mtqa checks` lists them")
    if select and "ALL" not in select:
        specs = [s for s in specs if any(s.code.startswith(p) for p in select)]
    return [s for s in specs if not any(s.code.startswith(p) for p in ignore)]


def run_checks(ctx: Context, specs: list[CheckSpec],
               severity_overrides: dict[str, str] | None = None) -> list[Finding]:
    """Run the checks; a finding's confidence is its check's measured precision at the severity
    the check gave it (``calibration``), before any user override of the severity."""
    from ..calibration import precision

    overrides = {k.upper(): Severity(v) for k, v in (severity_overrides or {}).items()}
    findings: list[Finding] = []
    for spec in specs:
        for flag in spec.func(ctx):
            own = flag.severity or spec.severity
            severity = overrides.get(spec.code) or own
            measured = precision(spec.code, own.value)
            findings.append(Finding(
                code=spec.code, name=spec.name, severity=severity, category=spec.category,
                message=flag.message, source_spans=list(flag.source_spans),
                target_spans=list(flag.target_spans), suggestion=flag.suggestion,
                confidence=flag.confidence if measured is None else measured, bead=flag.bead,
            ))
    findings.sort(key=Finding.sort_key)
    return findings


def iter_target_segments(ctx: Context) -> Iterator[tuple[int, int]]:
    """(target segment id, bead index) in document order."""
    for seg in ctx.target.segments:
        yield seg.id, ctx.tgt_bead.get(seg.id, -1)
