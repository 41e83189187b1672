"""GitHub Actions workflow commands: ``::error file=F,line=L,col=C,...::message``.

Gating findings are errors, the others warnings; line and column (1-based, in characters) come
from the finding's first target span (its source span when it has none, e.g. an omission), so
the annotation lands on the flagged text in the changed file. Articles that could not be checked
are errors on their file; names rendered differently across the batch are notices.
"""

from __future__ import annotations

import os
from typing import TYPE_CHECKING, Iterable

from ..model import Finding, Result

if TYPE_CHECKING:
    from ..batch import BatchResult
    from ..config import Gate


def _escape_data(s: str) -> str:
    return s.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_prop(s: str) -> str:
    return _escape_data(s).replace(":", "%3A").replace(",", "%2C")


def line_col(text: str, offset: int) -> tuple[int, int]:
    """1-based line and column of a character offset (CRLF counts as one line break)."""
    line = text.count("\n", 0, offset) + 1
    col = offset - (text.rfind("\n", 0, offset) + 1) + 1
    return line, col


def _shown(path: str) -> str:
    if not path:
        return path
    try:
        rel = os.path.relpath(path)
    except ValueError:  # another drive
        return path
    return path if rel.startswith("..") else rel


def command(kind: str, message: str, **props: object) -> str:
    parts = ",".join(f"{k}={_escape_prop(str(v))}" for k, v in props.items() if v is not None)
    return f"::{kind} {parts}::{_escape_data(message)}" if parts else \
        f"::{kind}::{_escape_data(message)}"


def annotations(result: Result, gate: "Gate", article_id: str | None = None) -> Iterable[str]:
    gating = set(result.verdict.gating)
    for i, f in enumerate(result.findings):
        kind = "error" if i in gating else "warning"
        yield _annotation(result, f, kind, article_id)


def _annotation(result: Result, f: Finding, kind: str, article_id: str | None) -> str:
    doc, spans = (result.target, f.target_spans) if f.target_spans else \
        (result.source, f.source_spans)
    props: dict[str, object] = {"file": _shown(doc.path) or None}
    if spans:
        sp = min(spans, key=lambda s: s.start)
        props["line"], props["col"] = line_col(doc.text, sp.start)
        props["endLine"], props["endColumn"] = line_col(doc.text, sp.end)
    props["title"] = f"{f.code} {f.name} ({f.severity.value})"
    msg = f.message + (f" -> {f.suggestion}" if f.suggestion else "")
    if article_id:
        msg = f"[{article_id}] {msg}"
    return command(kind, msg, **props)


def render(result: Result, gate: "Gate") -> str:
    lines = list(annotations(result, gate))
    status = "passed" if result.verdict.passed else "failed: " + "; ".join(result.verdict.reasons)
    lines.append(command("notice", f"mtqa quality {result.score.quality:.1f}/100, gate {status}",
                         title="mtqa"))
    return "\n".join(lines) + "\n"


def render_batch(batch: "BatchResult", gate: "Gate") -> str:
    lines: list[str] = []
    for o in batch.outcomes:
        if o.result is None:
            lines.append(command("error", f"[{o.article.id}] {o.error}",
                                 file=_shown(o.article.target) or None, title="mtqa: not checked"))
        else:
            lines.extend(annotations(o.result, gate, o.article.id))
    for item in batch.cross_article:
        lines.append(command("notice", item["message"], title="mtqa: name rendered differently "
                                                              "across articles"))
    s = batch.summary()
    lines.append(command("notice", f"mtqa: {s['passed']}/{s['articles']} articles passed, "
                                   f"{s['failed']} failed the gate, {s['errors']} not checked",
                         title="mtqa"))
    return "\n".join(lines) + "\n"
