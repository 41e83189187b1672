"""Speed of `mtqa check`: cold start on the NATO example, `import mtqa`, and throughput.

    python bench/speed.py          # writes the 'speed' section of reports/benchmarks.md

- cold: a new process runs `mtqa check corpora/nato/source.en.txt corpora/nato/mt.ja.txt -q`,
  wall time, median of 5 runs (after one run that fills the weight cache, as a user's first run
  does once per installed encoder version);
- import: `python -c "import mtqa"` minus `python -c "pass"`, median of 10;
- throughput: the whole check (segment, align, all checks, score) in one warm process over
  articles of 25 source lines cut from ../shared/data/wmt23-enja (source + the AIRC system's
  output), seconds per 1,000 source sentences;
- the entity checks' cost (issue 3: at most +30%): the cold NATO check with every check and
  with ``--ignore ENT``, alternating, 7 runs each, medians compared.

Before the runs, mtqa's modules are compiled to bytecode, as an installed mtqa has them (see
``_common.compile_sources``).
"""

from __future__ import annotations

import json
import statistics
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _common import DATA, ROOT, compile_sources, machine, write_section  # noqa: E402


def wall(cmd: list[str], runs: int) -> list[float]:
    out = []
    for _ in range(runs):
        t0 = time.perf_counter()
        subprocess.run(cmd, cwd=ROOT, capture_output=True)
        out.append(time.perf_counter() - t0)
    return out


def main() -> None:
    compile_sources()
    py = sys.executable
    nato = ["corpora/nato/source.en.txt", "corpora/nato/mt.ja.txt"]
    cmd = [py, "-m", "mtqa", "check", *nato, "-q"]
    wall(cmd, 1)  # fills the encoder weight cache once
    cold = wall(cmd, 5)
    imp = wall([py, "-c", "import mtqa"], 10)
    base = wall([py, "-c", "pass"], 10)
    imp_cli = wall([py, "-c", "import mtqa.cli"], 5)

    from mtqa.config import Config
    from mtqa.pipeline import check_texts

    lines = ["## Speed (`python bench/speed.py`)", "", f"Machine: {machine()}; mtqa's modules "
             "compiled to bytecode beforehand, as an installed mtqa has them.", "",
             "| measure | value | target |", "|---|---|---|",
             f"| `mtqa check` on the NATO example, cold process (median of 5) | "
             f"{statistics.median(cold):.2f} s (min {min(cold):.2f}, max {max(cold):.2f}) | <= 2 s |",
             f"| `import mtqa` (median of 10, interpreter start subtracted) | "
             f"{statistics.median(imp) - statistics.median(base):.3f} s | <= 0.3 s |",
             f"| `import mtqa.cli` (the CLI's imports, interpreter start subtracted) | "
             f"{statistics.median(imp_cli) - statistics.median(base):.3f} s | - |"]
    with_ent, without_ent = [], []
    for _ in range(7):  # alternating, so that a slow stretch of the host hits both
        with_ent += wall(cmd, 1)
        without_ent += wall(cmd + ["--ignore", "ENT"], 1)
    a, b = statistics.median(with_ent), statistics.median(without_ent)
    lines.append(f"| what the entity checks add to `mtqa check` on the NATO example, cold "
                 f"process (median of 7 each, alternating with `--ignore ENT`) | {a:.2f} s "
                 f"with, {b:.2f} s without: +{100 * (a - b) / b:.0f}% | <= +30% |")
    path = DATA / "wmt23-enja" / "segments.jsonl"
    if path.exists():
        rows = [json.loads(x) for x in path.open(encoding="utf-8")]
        rows = [r for r in rows if r["system"] == "AIRC"][:1000]
        articles = [rows[i:i + 25] for i in range(0, len(rows), 25)]
        check_texts("Warm up the encoder.\n", "エンコーダを温める。\n", Config())
        t0 = time.perf_counter()
        n_src = n_tgt = 0
        for art in articles:
            r = check_texts("\n".join(x["src"] for x in art) + "\n",
                            "\n".join(x["mt"].lstrip("\ufeff") for x in art) + "\n", Config())
            n_src += len(r.source.segments)
            n_tgt += len(r.target.segments)
        secs = time.perf_counter() - t0
        lines.append(f"| whole check, warm process, {len(articles)} articles of 25 lines "
                     f"({n_src} source / {n_tgt} target sentences, wmt23 AIRC) | "
                     f"{1000 * secs / n_src:.2f} s per 1,000 source sentences "
                     f"({n_src / secs:.0f} sentences/s) | - |")
    else:
        lines.append(f"| throughput | not measured: {path} not found | - |")
    body = "\n".join(lines)
    print(body)
    write_section("speed", body)


if __name__ == "__main__":
    main()
