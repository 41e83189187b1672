"""JUnit XML for CI: one testcase per article; a failed gate is a <failure>, an unusable
article an <error>. The failure text lists the gating findings (code, severity, message, the
flagged target text). Times are the only volatile field."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from typing import TYPE_CHECKING

from ..model import Finding

if TYPE_CHECKING:
    from ..batch import BatchResult
    from ..config import Gate

# XML 1.0 cannot carry most control characters, whatever the escaping; article text might.
_INVALID = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def _clean(text: str) -> str:
    return _INVALID.sub("\ufffd", text)


def finding_line(f: Finding) -> str:
    where = "; ".join(f"target {sp.start}-{sp.end} '{sp.text}'" for sp in f.target_spans[:3])
    if not where:
        where = "; ".join(f"source {sp.start}-{sp.end} '{sp.text}'" for sp in f.source_spans[:3])
    line = f"{f.code} {f.name} [{f.severity.value}] {f.message}"
    if where:
        line += f" | {where}"
    if f.suggestion:
        line += f" -> {f.suggestion}"
    return line


def render(batch: "BatchResult", gate: "Gate", name: str = "mtqa") -> str:
    summary = batch.summary()
    total_time = sum(o.seconds for o in batch.outcomes)
    attrs = {"name": name, "tests": str(summary["articles"]), "failures": str(summary["failed"]),
             "errors": str(summary["errors"]), "skipped": "0", "time": f"{total_time:.3f}"}
    suites = ET.Element("testsuites", attrs)
    suite = ET.SubElement(suites, "testsuite", attrs)
    for o in batch.outcomes:
        case = ET.SubElement(suite, "testcase", {
            "classname": name, "name": _clean(o.article.id), "file": _clean(o.article.target),
            "time": f"{o.seconds:.3f}"})
        if o.result is None:
            err = ET.SubElement(case, "error", {"type": "input", "message": _clean(o.error or "")})
            err.text = _clean(o.error or "")
            continue
        r = o.result
        if r.verdict.passed:
            continue
        gating = [r.findings[i] for i in r.verdict.gating]
        message = f"quality {r.score.quality:.1f}; " + "; ".join(r.verdict.reasons)
        fail = ET.SubElement(case, "failure", {"type": "gate", "message": _clean(message)})
        lines = [*r.verdict.reasons, *(finding_line(f) for f in gating)]
        fail.text = _clean("\n".join(lines))
        out = ET.SubElement(case, "system-out")
        out.text = _clean(r.signature)
    ET.indent(suites)
    return ET.tostring(suites, encoding="unicode", xml_declaration=True) + "\n"
