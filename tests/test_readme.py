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


# --- the CI recipes: the README's GitHub Actions step and pre-commit hook, run as written -----

GOOD = ("Sergei Lavrov met Antony Blinken in Geneva.\n",
        "セルゲイ・ラブロフはジュネーブでアントニー・ブリンケンと会った。\n")
BAD = ("Attacks on civilian areas injured 15 people.\n", "民間地域への攻撃で50人が負傷した。\n")


def yaml_after(heading: str):
    yaml = __import__("yaml")
    at = README.index(heading)
    m = re.search(r"```yaml\n(.*?)\n```", README[at:], re.S)
    assert m, f"no yaml block after {heading!r}"
    return yaml.safe_load(m.group(1))


def write_pair(root: Path, name: str, texts: tuple[str, str]) -> None:
    (root / "news").mkdir(exist_ok=True)
    for lang, text in zip(("en", "ja"), texts):
        (root / "news" / f"{name}.{lang}.txt").write_text(text, encoding="utf-8")


def with_mtqa_on_path() -> dict:
    import os
    import sys

    bin_dir = str(Path(sys.executable).parent)
    return {**os.environ, "PATH": bin_dir + os.pathsep + os.environ.get("PATH", "")}


def test_pre_commit_hook_checks_the_staged_translations_as_one_batch(tmp_path):
    import shlex

    (hook,) = yaml_after("A pre-commit hook")["repos"][0]["hooks"]
    assert re.search(hook["files"], "news/good.ja.txt")
    assert not re.search(hook["files"], "news/good.en.txt")
    write_pair(tmp_path, "good", GOOD)
    write_pair(tmp_path, "bad", BAD)
    entry = shlex.split(hook["entry"])  # as pre-commit does, then it appends the file names
    env = with_mtqa_on_path()
    ok = subprocess.run(entry + ["news/good.ja.txt"], cwd=tmp_path, env=env, capture_output=True,
                        timeout=300)
    assert ok.returncode == 0, ok.stderr.decode()
    assert "1/1 articles passed" in ok.stdout.decode()
    bad = subprocess.run(entry + ["news/good.ja.txt", "news/bad.ja.txt"], cwd=tmp_path, env=env,
                         capture_output=True, timeout=300)
    assert bad.returncode == 1, bad.stderr.decode()
    assert "1/2 articles passed" in bad.stdout.decode()


def test_github_workflow_checks_the_translations_a_pull_request_changes(tmp_path):
    import xml.etree.ElementTree as ET

    steps = yaml_after("A GitHub Actions workflow")["jobs"]["mtqa"]["steps"]
    (step,) = [s for s in steps if s.get("name") == "Check changed translations"]
    script = step["run"].replace("${{ github.base_ref }}", "main")

    def git(*args):
        subprocess.run(["git", "-c", "user.name=t", "-c", "user.email=t@example.org", *args],
                       cwd=tmp_path, check=True, capture_output=True)

    git("init", "-q", "-b", "main")
    write_pair(tmp_path, "old", BAD)  # on the base branch already: not the PR's to answer for
    git("add", ".")
    git("commit", "-qm", "base")
    git("update-ref", "refs/remotes/origin/main", "HEAD")
    git("checkout", "-qb", "pr")
    write_pair(tmp_path, "good", GOOD)
    write_pair(tmp_path, "bad", BAD)
    (tmp_path / "news" / "orphan.ja.txt").write_text("原文のない訳。\n", encoding="utf-8")
    git("add", ".")
    git("commit", "-qm", "pr")
    # as GitHub runs a `run:` step on Linux: bash --noprofile --norc -eo pipefail {0}
    proc = subprocess.run(["bash", "--noprofile", "--norc", "-eo", "pipefail", "-c", script],
                          cwd=tmp_path, env=with_mtqa_on_path(), capture_output=True, timeout=300)
    out = proc.stdout.decode()
    assert proc.returncode == 1, proc.stderr.decode()
    assert "::error file=news/bad.ja.txt,line=1" in out and "NUM001" in out
    assert ("::error file=news/orphan.ja.txt,title=mtqa%3A not checked::[news/orphan] "
            "news/orphan.en.txt: no such file") in out
    cases = {c.get("name"): c for c in ET.parse(tmp_path / "mtqa.xml").getroot().iter("testcase")}
    assert sorted(cases) == ["news/bad", "news/good", "news/orphan"]
    assert cases["news/bad"].find("failure") is not None
    assert cases["news/orphan"].find("error") is not None
    assert list(cases["news/good"]) == []


def _table_rows(text: str) -> list[list[str]]:
    return [[c.strip() for c in line.strip().strip("|").split("|")]
            for line in text.splitlines() if line.startswith("| ") and "---" not in line]


def test_the_trust_figures_in_the_readme_are_the_benchmark_s():
    """The README's trust table is a copy of what bench/trust.py wrote into the report."""
    readme = README
    start, end = readme.index("<!-- trust-summary -->"), readme.index("<!-- /trust-summary -->")
    report = (ROOT / "reports" / "benchmarks.md").read_text(encoding="utf-8")
    section = report[report.index("### Against the targets of issue 16"):]
    section = section[:section.index("\n### ", 5)]
    assert _table_rows(readme[start:end]) == _table_rows(section)
