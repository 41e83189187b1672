"""Terminal view of a batch (rich): one row per article, the names rendered differently across
articles, then the summary. Per-article detail is in the JSON/JUnit outputs."""

from __future__ import annotations

from rich.console import Console
from rich.table import Table
from rich.text import Text

from ..model import Severity

if False:  # pragma: no cover - typing only, without importing the batch machinery
    from ..batch import BatchResult


def render(batch: "BatchResult", console: Console, problems_only: bool = False,
           quiet: bool = False) -> None:
    s = batch.summary()
    if not quiet:
        table = Table(show_header=True, header_style="bold", expand=False)
        table.add_column("article", overflow="fold")
        table.add_column("verdict", no_wrap=True)
        table.add_column("quality", justify="right", no_wrap=True)
        table.add_column("crit/maj/min", justify="right", no_wrap=True)
        table.add_column("why", overflow="fold")
        for o in batch.outcomes:
            if problems_only and o.passed:
                continue
            if o.result is None:
                table.add_row(o.article.id, Text("ERROR", style="bold white on red"), "-", "-",
                              Text(o.error or "", style="red"))
                continue
            r = o.result
            by = r.score.by_severity
            counts = "/".join(str(by.get(x.value, 0)) for x in reversed(Severity))
            verdict = Text("PASS", style="bold green") if r.verdict.passed else \
                Text("FAIL", style="bold white on red")
            why = "; ".join(r.verdict.reasons)
            table.add_row(o.article.id, verdict, f"{r.score.quality:.1f}", counts, why)
        console.print(table)
        if batch.cross_article:
            console.print(Text("Names rendered differently across articles", style="bold"))
            for item in batch.cross_article:
                console.print(Text(f"  {item['message']}"))
    status = Text(" PASS " if batch.passed else " FAIL ",
                  style="bold white on green" if batch.passed else "bold white on red")
    line = Text()
    line.append_text(status)
    line.append(f"  {s['passed']}/{s['articles']} articles passed", style="bold")
    line.append(f" ({s['failed']} failed the gate, {s['errors']} not checked; "
                f"{s['findings']} findings: " + ", ".join(
                    f"{s['by_severity'][x.value]} {x.value}" for x in reversed(Severity))
                + f"; {s['source_sentences']} source sentences")
    if s["mean_quality"] is not None:
        line.append(f"; mean quality {s['mean_quality']:.1f}")
    line.append(")")
    if batch.cross_article:
        n = len(batch.cross_article)
        line.append(f"; {n} name{'s' if n != 1 else ''} rendered differently across articles")
    console.print(line)
