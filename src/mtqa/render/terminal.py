"""Terminal view (rich): the aligned pairs with their findings highlighted, then a summary."""

from __future__ import annotations

from rich.console import Console, Group
from rich.table import Table
from rich.text import Text

from ..model import Finding, Result, Segment, Severity

STYLES = {
    Severity.CRITICAL: "bold white on red",
    Severity.MAJOR: "bold red underline",
    Severity.MINOR: "yellow underline",
}
LABELS = {Severity.CRITICAL: "CRIT", Severity.MAJOR: "MAJ", Severity.MINOR: "min"}


def _highlight(segments: list[Segment], findings: list[Finding], side: str) -> Text:
    text = Text()
    for n, seg in enumerate(segments):
        if n:
            text.append(" ")
        piece = Text(seg.text)
        for f in findings:
            for sp in (f.source_spans if side == "source" else f.target_spans):
                s, e = max(sp.start, seg.start), min(sp.end, seg.end)
                if s < e:
                    piece.stylize(STYLES[f.severity], s - seg.start, e - seg.start)
        text.append_text(piece)
    return text


def _finding_line(f: Finding) -> Text:
    line = Text("  ")
    line.append(f"{LABELS[f.severity]:<4}", style=STYLES[f.severity])
    line.append(f" {f.code} ", style="bold")
    line.append(f"{f.name}: ", style="dim")
    line.append(f.message)
    if f.suggestion:
        line.append(" → ", style="dim")
        line.append(f.suggestion, style="green")
    # the measured share of such findings that are real (see mtqa explain CODE)
    line.append(f" ({f.confidence:.0%} sure)", style="dim")
    return line


def render(result: Result, console: Console, problems_only: bool = False,
           quiet: bool = False) -> None:
    by_bead: dict[int | None, list[Finding]] = {}
    for f in result.findings:
        by_bead.setdefault(f.bead, []).append(f)
    if not quiet:
        console.print(Text(f"mtqa {result.mtqa_version}  {result.source.path or 'source'} → "
                           f"{result.target.path or 'translation'}", style="bold"))
        table = Table(show_header=True, header_style="bold", expand=True, show_lines=True)
        table.add_column("#", justify="right", style="dim", width=4, no_wrap=True)
        table.add_column(f"source ({result.source.lang})", ratio=1, overflow="fold")
        table.add_column(f"translation ({result.target.lang})", ratio=1, overflow="fold")
        for k, bead in enumerate(result.alignment):
            fs = by_bead.get(k, [])
            if problems_only and not fs:
                continue
            src = _highlight([result.source.segments[i] for i in bead.src], fs, "source")
            tgt = _highlight([result.target.segments[j] for j in bead.tgt], fs, "target")
            if not bead.src:
                src = Text("(nothing: added in the translation)", style="dim italic")
            if not bead.tgt:
                tgt = Text("(nothing: missing from the translation)", style="dim italic")
            label = Text(f"{k}\n", style="dim")
            label.append(f"{bead.kind}\n", style="dim")
            if bead.src and bead.tgt:
                label.append(f"{bead.similarity:.2f}", style="dim")
            cell = Group(tgt, *[_finding_line(f) for f in fs]) if fs else tgt
            table.add_row(label, src, cell)
        console.print(table)
        loose = by_bead.get(None, [])
        if loose:
            console.print(Text("Whole-article findings", style="bold"))
            for f in loose:
                console.print(_finding_line(f))
    sc = result.score
    counts = ", ".join(f"{sc.by_severity.get(s.value, 0)} {s.value}" for s in reversed(Severity))
    verdict = result.verdict
    status = Text(" PASS " if verdict.passed else " FAIL ",
                  style="bold white on green" if verdict.passed else "bold white on red")
    summary = Text()
    summary.append_text(status)
    summary.append(f"  quality {sc.quality:.1f}/100", style="bold")
    summary.append(f"  ({counts}; {len(result.findings)} findings, {sc.source_words} source words)")
    console.print(summary)
    for reason in verdict.reasons:
        console.print(Text(f"  {reason}", style="red"))
    if result.qe is not None and result.qe.get("score") is not None:
        console.print(Text(f"  QE model {result.qe['model']}: {result.qe['score']:.3f} "
                           f"(document, over {len(result.qe['segments'])} pairs)"))
    if result.metrics:
        ref = result.metrics.get("reference", {}).get("path") or "the reference"
        console.print(Text(f"  with reference {ref} (the quality above does not use it):"))
        for name, m in result.metrics.get("document", {}).items():
            line = Text(f"    {name:<5} {m['score']:6.2f}  ")
            line.append(m["signature"], style="dim")
            console.print(line)
    if not quiet:
        console.print(Text(result.signature, style="dim"))
