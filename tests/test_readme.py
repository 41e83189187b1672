"""The README's documented commands are run here, so they cannot rot."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
README = (ROOT / "README.md").read_text(encoding="utf-8")


def block_after(heading: str) -> str:
    at = README.index(heading)
    m = re.search(r"```sh\n(.*?)\n```", README[at:], re.S)
    assert m, f"no sh block after {heading!r}"
    return m.group(1).strip()


MAIN = block_after("Set up and run the main job")
TESTS = block_after("Set up and run the tests")


def test_ci_runs_the_readme_test_command():
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert TESTS in ci.splitlines()


def test_main_command_runs_on_the_bundled_example():
    proc = subprocess.run(["bash", "-c", MAIN], cwd=ROOT, capture_output=True, timeout=900)
    out = proc.stdout.decode()
    # the NATO translation is full of errors: the gate fails (exit 1) with a report, not an error
    assert proc.returncode == 1, proc.stderr.decode()[-2000:]
    assert "FAIL" in out and "how弾砲" in out and "榴弾砲" in out


def test_usage_commands_work():
    for cmd in re.findall(r"^(mtqa (?:checks|explain \w+|--version))", README, re.M):
        proc = subprocess.run(["bash", "-c", f".venv/bin/{cmd}"], cwd=ROOT, capture_output=True,
                              timeout=120)
        assert proc.returncode == 0, (cmd, proc.stderr.decode())
        assert proc.stdout.strip(), cmd
