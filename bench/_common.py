"""Shared helpers for the benchmark scripts: where the data is, and writing reports/benchmarks.md.

Each script owns one section of the report between ``<!-- bench:NAME -->`` markers and rewrites
only that section, so the scripts can be run in any order.
"""

from __future__ import annotations

import os
import platform
import re
import subprocess
import sys
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
REPORT = ROOT / "reports" / "benchmarks.md"
DATA = Path(os.environ.get("MTQA_SHARED_DATA", ROOT.parent / "shared" / "data"))

HEADER = """# mtqa benchmarks

Every figure here is written by a script under `bench/`; rerun it to reproduce. Each section says
the command, the machine and the versions it ran with.
"""


def need_data(sub: str) -> Path:
    path = DATA / sub
    if not path.exists():
        sys.exit(f"benchmark data not found: {path} (set MTQA_SHARED_DATA to ../shared/data)")
    return path


def machine() -> str:
    import mtqa

    cpu = platform.processor() or platform.machine()
    try:
        model = next(line.split(":", 1)[1].strip() for line in open("/proc/cpuinfo")
                     if line.startswith("model name"))
        cpu = model
    except (OSError, StopIteration):
        pass
    try:
        commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT,
                                capture_output=True, text=True).stdout.strip()
    except OSError:
        commit = "?"
    return (f"{date.today().isoformat()}, {os.cpu_count()} cores ({cpu}), Python "
            f"{platform.python_version()}, mtqa {mtqa.__version__} (commit {commit or '?'})")


def compile_sources() -> None:
    """Write the bytecode of ``src/mtqa`` before timing runs, as an installed mtqa has it.

    pip compiles a package's modules when it installs a wheel; an editable install does not, and
    with ``PYTHONDONTWRITEBYTECODE`` set (as on this project's machines) Python never writes
    them either, so every timed process would compile mtqa's modules from source again.
    """
    import compileall

    compileall.compile_dir(str(ROOT / "src" / "mtqa"), quiet=1)


def read_cache(path: Path) -> dict[str, dict]:
    """A benchmark's cache of mtqa results, JSON lines ``{"key", "out"}``; a line cut by an
    interrupted run is skipped."""
    import json

    out: dict[str, dict] = {}
    if path.exists():
        for line in path.open(encoding="utf-8"):
            try:
                rec = json.loads(line)
            except json.JSONDecodeError:
                continue
            out[rec["key"]] = rec["out"]
    return out


def write_section(name: str, body: str) -> None:
    REPORT.parent.mkdir(parents=True, exist_ok=True)
    text = REPORT.read_text(encoding="utf-8") if REPORT.exists() else HEADER
    block = f"<!-- bench:{name} -->\n{body.rstrip()}\n<!-- /bench:{name} -->"
    pattern = re.compile(rf"<!-- bench:{re.escape(name)} -->.*?<!-- /bench:{re.escape(name)} -->",
                         re.S)
    if pattern.search(text):
        text = pattern.sub(lambda _: block, text)
    else:
        text = text.rstrip() + "\n\n" + block + "\n"
    REPORT.write_text(text, encoding="utf-8")
    print(f"wrote section {name!r} of {REPORT.relative_to(ROOT)}")
