"""Batch throughput: `mtqa check --pairs DIR --jobs N` as a CI job runs it.

    python bench/batch.py          # writes the 'batch' section of reports/benchmarks.md

Data: ../shared/data/wmt23-enja/segments.jsonl, the source lines and ONE system's output (AIRC,
as in bench/speed.py). The set carries no document ids (its PROVENANCE.md: the only file with
them is absent), so "articles" are runs of consecutive lines, which follow the test set's
documents but cut across their boundaries. One system has 2,074 lines, so two article sets:

- 200 articles of 10-11 lines (all 2,074 lines), the article count the issue asks for;
- 82 articles of 25 lines (2,050 lines), the article size the speed target is stated for.

Each set is written as NAME.en.txt / NAME.ja.txt into a temporary directory and checked by a
fresh `python -m mtqa check --pairs DIR --jobs N --json OUT -q` process (wall time includes
interpreter start, imports and loading the encoder in every worker). Peak memory is the largest
maximum RSS of any process in the run (os.wait4 on the CLI process: its own and its waited-for
workers'). A cProfile of the 25-line set in one process shows where the time goes.
"""

from __future__ import annotations

import cProfile
import io
import json
import os
import pstats
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _common import ROOT, machine, need_data, write_section  # noqa: E402

SYSTEM = "AIRC"


def build(rows: list[dict], size: int, limit: int | None, out: Path) -> tuple[int, int]:
    out.mkdir(parents=True)
    bounds = []
    if size == 0:  # split all rows into `limit` near-equal articles
        n = len(rows)
        bounds = [(n * i // limit, n * (i + 1) // limit) for i in range(limit)]
    else:
        bounds = [(i, i + size) for i in range(0, len(rows) - size + 1, size)][:limit]
    lines = 0
    for k, (a, b) in enumerate(bounds):
        art = rows[a:b]
        (out / f"art{k:03d}.en.txt").write_text("\n".join(r["src"] for r in art) + "\n",
                                                encoding="utf-8")
        (out / f"art{k:03d}.ja.txt").write_text(
            "\n".join(r["mt"].lstrip("\ufeff") for r in art) + "\n", encoding="utf-8")
        lines += len(art)
    return len(bounds), lines


def run(pairs: Path, jobs: int, out: Path) -> dict:
    cmd = [sys.executable, "-m", "mtqa", "check", "--pairs", str(pairs), "--jobs", str(jobs),
           "--json", str(out), "-q", "--isolated"]
    t0 = time.perf_counter()
    proc = subprocess.Popen(cmd, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    _, status, usage = os.wait4(proc.pid, 0)
    secs = time.perf_counter() - t0
    proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode not in (0, 1):
        sys.exit(f"{' '.join(cmd)} exited with {proc.returncode}")
    summary = json.loads(out.read_text(encoding="utf-8"))["summary"]
    return {"secs": secs, "rss_mb": usage.ru_maxrss / 1024, "summary": summary}


def profile(pairs: Path) -> str:
    from mtqa.batch import load_pairs, run_batch
    from mtqa.config import Config

    articles = load_pairs(pairs, "en", "ja")
    prof = cProfile.Profile()
    prof.enable()
    run_batch(articles, Config(), jobs=1)
    prof.disable()
    buf = io.StringIO()
    stats = pstats.Stats(prof, stream=buf)
    total = stats.total_tt
    rows = []
    for (file, line, func), (_, _, tt, ct, _) in stats.stats.items():
        rows.append((ct, tt, f"{Path(file).name}:{func}"))
    wanted = ["align_documents", "encode", "run_checks", "segment", "score_findings",
              "name_variants", "check_files"]
    lines = [f"Profile of the 25-line set in one process ({total:.1f} s in all, encoder load "
             f"included): cumulative time of the pipeline stages:", ""]
    for name in wanted:
        hits = [r for r in rows if r[2].endswith(":" + name)]
        if hits:
            ct = max(h[0] for h in hits)
            lines.append(f"- `{name}`: {ct:.2f} s ({100 * ct / total:.0f}%)")
    lines += ["", "Top functions by own time:", ""]
    for ct, tt, name in sorted(rows, key=lambda r: -r[1])[:6]:
        lines.append(f"- `{name}`: {tt:.2f} s own, {ct:.2f} s cumulative")
    return "\n".join(lines)


def main() -> None:
    load = os.getloadavg()
    data = need_data("wmt23-enja") / "segments.jsonl"
    rows = [json.loads(x) for x in data.open(encoding="utf-8")]
    rows = sorted((r for r in rows if r["system"] == SYSTEM), key=lambda r: r["seg_id"])
    sets = [("200 articles of 10-11 lines", 0, 200), ("82 articles of 25 lines", 25, None)]
    table = ["| article set | jobs | wall s | articles/s | source sentences/s | peak RSS "
             "(largest process) | speed-up |", "|---|---|---|---|---|---|---|"]
    verdicts = []
    with tempfile.TemporaryDirectory() as tmp:
        for label, size, limit in sets:
            d = Path(tmp) / f"set{size}"
            n_art, _ = build(rows, size, limit, d)
            run(d, 1, Path(tmp) / "warm.json")  # fills the encoder weight cache, page cache
            res = {j: run(d, j, Path(tmp) / f"out{size}-{j}.json") for j in (1, 2)}
            for j in (1, 2):
                r = res[j]
                sents = r["summary"]["source_sentences"]
                speedup = res[1]["secs"] / r["secs"]
                errs = r["summary"]["errors"]
                if errs:
                    label_n = f"{label} ({n_art} articles, {errs} NOT CHECKED: errors)"
                else:
                    label_n = f"{label} ({n_art} articles)"
                table.append(f"| {label_n}, {sents} source sentences | {j} | "
                             f"{r['secs']:.2f} | {n_art / r['secs']:.1f} | "
                             f"{sents / r['secs']:.0f} | {r['rss_mb']:.0f} MB | "
                             f"{speedup:.2f}x |")
            if size == 25:
                r2 = res[2]
                aps = n_art / r2["secs"]
                sp = res[1]["secs"] / r2["secs"]
                verdicts = [
                    f"- >= 10 articles of ~25 sentences/s with `--jobs 2`: **{aps:.1f}/s** "
                    + ("(met)" if aps >= 10 else f"(missed by {10 - aps:.1f}/s, "
                                                 f"{100 * (10 - aps) / 10:.0f}%)"),
                    f"- speed-up >= 1.7x from the second process: **{sp:.2f}x** "
                    + ("(met)" if sp >= 1.7 else f"(missed by {1.7 - sp:.2f})"),
                    f"- < 1 GB peak per process: **{max(x['rss_mb'] for x in res.values()):.0f} "
                    f"MB** " + ("(met)" if max(x['rss_mb'] for x in res.values()) < 1024
                                else "(missed)"),
                ]
                prof = profile(d)
    cmd = "python bench/batch.py"
    body = "\n".join([
        f"## Batch (`{cmd}`)", "",
        f"Machine: {machine()}; load average before the runs {load[0]:.1f} "
        f"(above ~0.5 on 2 cores, other work competed and the figures are not reliable).", "",
        f"Data: wmt23-enja source lines and the {SYSTEM} system's output; articles are runs of "
        f"consecutive lines (the set has no document ids). Each run is a fresh "
        f"`python -m mtqa check --pairs DIR --jobs N --json OUT -q --isolated` process; wall "
        f"time includes start-up and loading the encoder in every worker.", "",
        *table, "", "Targets (on the 25-line set):", "", *verdicts, "", prof,
    ])
    print(body)
    write_section("batch", body)


if __name__ == "__main__":
    main()
