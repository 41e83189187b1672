"""HTML report benchmark: render time beyond the check, and a 500-sentence page in chromium.

    python bench/report.py            # writes the "html" section of reports/benchmarks.md
    python bench/report.py --artefacts  # also rewrites reports/nato.html and reports/nato.png

Measures (1) the time `html.render` adds to the NATO check (target < 0.5 s), (2) a synthetic
article of >= 500 source sentences (the NATO article repeated): render time, page size, and in
headless chromium (Debian's /usr/bin/chromium via playwright) the load time and the time to apply
a severity filter and the "only pairs with findings" filter, and one keyboard step.
"""

from __future__ import annotations

import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _common import ROOT, machine, write_section  # noqa: E402

CHROMIUM = os.environ.get("MTQA_CHROMIUM", "/usr/bin/chromium")
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--no-first-run", "--disable-sync"]
SRC = "corpora/nato/source.en.txt"
MT = "corpora/nato/mt.ja.txt"


def timed(fn, repeat: int) -> tuple[float, float, float]:
    times = []
    for _ in range(repeat):
        t = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t)
    return statistics.median(times), min(times), max(times)


def browser_figures(page_path: Path, repeat: int = 3) -> dict[str, float]:
    from playwright.sync_api import sync_playwright

    out: dict[str, list[float]] = {"load": [], "filter": [], "only": [], "step": []}
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        for _ in range(repeat):
            page = browser.new_page(viewport={"width": 1280, "height": 900})
            t = time.perf_counter()
            page.goto(page_path.as_uri())
            page.wait_for_selector("html[data-ready]")
            out["load"].append(time.perf_counter() - t)
            # in-page timings: the change handlers run synchronously inside click()
            out["filter"].append(page.evaluate("""() => {
                const box = document.querySelector('input[name=sev][value=major]');
                const t = performance.now(); box.click(); void document.body.offsetHeight;
                const dt = performance.now() - t; box.click(); return dt / 1000; }"""))
            out["only"].append(page.evaluate("""() => {
                const box = document.getElementById('only-problems');
                const t = performance.now(); box.click(); void document.body.offsetHeight;
                const dt = performance.now() - t; box.click(); return dt / 1000; }"""))
            page.keyboard.press("j")
            t = time.perf_counter()
            page.keyboard.press("j")
            page.evaluate("document.activeElement.tagName")
            out["step"].append(time.perf_counter() - t)
            page.close()
        browser.close()
    return {k: statistics.median(v) for k, v in out.items()}


def screenshot(page_path: Path, png: Path) -> None:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        page = browser.new_page(viewport={"width": 1280, "height": 1400})
        page.goto(page_path.as_uri())
        page.wait_for_selector("html[data-ready]")
        page.screenshot(path=str(png))
        browser.close()
    print(f"wrote {png.relative_to(ROOT)}")


def main() -> None:
    os.chdir(ROOT)  # paths in the report are as a user types them, relative to the repository
    from mtqa.io import write_atomic
    from mtqa.pipeline import check_files, check_texts
    from mtqa.render import html

    t = time.perf_counter()
    result = check_files(SRC, MT)
    check_s = time.perf_counter() - t
    render_med, render_min, render_max = timed(lambda: html.render(result), 20)
    page = html.render(result)
    write_med, _, _ = timed(lambda: write_atomic("/tmp/mtqa-bench-nato.html", page), 20)

    if "--artefacts" in sys.argv:
        write_atomic(ROOT / "reports" / "nato.html", page)
        print("wrote reports/nato.html")
        screenshot(ROOT / "reports" / "nato.html", ROOT / "reports" / "nato.png")

    # a long article: the NATO article repeated until it has >= 500 source sentences
    src = Path(SRC).read_text(encoding="utf-8")
    mt = Path(MT).read_text(encoding="utf-8")
    reps = -(-500 // len(result.source.segments))
    t = time.perf_counter()
    big = check_texts("\n".join([src.rstrip("\n")] * reps) + "\n",
                      "\n".join([mt.rstrip("\n")] * reps) + "\n",
                      source_path=f"{SRC} x{reps}", target_path=f"{MT} x{reps}")
    big_check_s = time.perf_counter() - t
    big_render, _, _ = timed(lambda: html.render(big), 5)
    big_page = html.render(big)
    big_path = Path("/tmp/mtqa-bench-500.html")
    big_path.write_text(big_page, encoding="utf-8")
    nato_path = Path("/tmp/mtqa-bench-nato.html")

    have_browser = Path(CHROMIUM).exists()
    try:
        import playwright  # noqa: F401
    except ImportError:
        have_browser = False
    rows = [
        ("NATO: `html.render` after the check (median of 20)",
         f"{render_med * 1000:.1f} ms (min {render_min * 1000:.1f}, max {render_max * 1000:.1f})",
         "< 0.5 s"),
        ("NATO: writing the page atomically (median of 20)", f"{write_med * 1000:.1f} ms", "-"),
        ("NATO: the check itself, warm-up included (for scale)", f"{check_s:.2f} s", "-"),
        ("NATO: page size", f"{len(page.encode()) / 1024:.0f} KiB, "
         f"{len(result.findings)} findings, {len(result.alignment)} pairs", "-"),
        (f"long article (NATO x{reps}): {len(big.source.segments)} source / "
         f"{len(big.target.segments)} target sentences, {len(big.findings)} findings",
         f"check {big_check_s:.2f} s; page {len(big_page.encode()) / 1024:.0f} KiB", "-"),
        ("long article: `html.render` (median of 5)", f"{big_render * 1000:.0f} ms", "< 0.5 s"),
    ]
    if have_browser:
        for label, path in (("NATO", nato_path), ("long article", big_path)):
            b = browser_figures(path)
            rows += [
                (f"{label}: chromium load to interactive (median of 3)",
                 f"{b['load'] * 1000:.0f} ms", "-"),
                (f"{label}: severity filter (uncheck major, incl. layout)",
                 f"{b['filter'] * 1000:.1f} ms", "< 100 ms"),
                (f"{label}: 'only pairs with shown findings' filter",
                 f"{b['only'] * 1000:.1f} ms", "< 100 ms"),
                (f"{label}: one keyboard step (j) round trip", f"{b['step'] * 1000:.0f} ms", "-"),
            ]
    else:
        rows.append(("browser figures", f"skipped: {CHROMIUM} or playwright missing "
                     "(bash scripts/setup-browser.sh)", "-"))
    body = [
        "## HTML report (`python bench/report.py`)",
        "",
        f"Machine: {machine()}.",
        "",
        "| measure | value | target |",
        "|---|---|---|",
        *[f"| {a} | {b} | {c} |" for a, b, c in rows],
    ]
    write_section("html", "\n".join(body))


if __name__ == "__main__":
    main()
