"""The command line as users and CI meet it: exit codes, one-line errors, the JSON contract."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import NATO_MT, NATO_SRC

ROOT = Path(__file__).resolve().parent.parent


def run(*args, cwd=None, input_bytes=None):
    env = {**os.environ, "COLUMNS": "120"}
    return subprocess.run([sys.executable, "-m", "mtqa", *map(str, args)], capture_output=True,
                          cwd=cwd, env=env, input=input_bytes, timeout=120)


def one_error_line(proc):
    err = proc.stderr.decode()
    assert proc.returncode == 2, (proc.returncode, err)
    assert "Traceback" not in err
    lines = [ln for ln in err.splitlines() if ln.strip()]
    assert len(lines) == 1 and lines[0].startswith("mtqa: error:"), err
    return lines[0]


@pytest.fixture()
def pair(tmp_path):
    src = tmp_path / "a.en.txt"
    tgt = tmp_path / "a.ja.txt"
    src.write_text("Russia has repeatedly said it will not accept NATO troops in Ukraine.\n",
                   encoding="utf-8")
    tgt.write_text("ロシアはウクライナへのNATO軍の駐留を受け入れないと繰り返し述べている。\n",
                   encoding="utf-8")
    return src, tgt


def test_version():
    proc = run("--version")
    assert proc.returncode == 0 and proc.stdout.decode().startswith("mtqa 0.")


def test_clean_pair_passes_and_json_follows_the_contract(pair, tmp_path):
    src, tgt = pair
    out = tmp_path / "r.json"
    proc = run("check", src, tgt, "--json", out)
    assert proc.returncode == 0, proc.stderr.decode()
    data = json.loads(out.read_text(encoding="utf-8"))
    assert data["schema_version"] == 1
    for key in ("mtqa_version", "signature", "source", "target", "alignment", "findings",
                "score", "verdict"):
        assert key in data
    assert data["source"]["lang"] == "en" and data["target"]["lang"] == "ja"
    seg = data["target"]["segments"][0]
    assert set(seg) >= {"id", "start", "end", "text", "paragraph"}
    assert data["alignment"] == [{"src": [0], "tgt": [0], "similarity": data["alignment"][0]["similarity"]}]
    assert data["verdict"] == {"passed": True, "reasons": [], "gating": []}
    assert {"quality", "penalty", "source_words"} <= set(data["score"])
    assert all(part.count(":") >= 1 for part in data["signature"].split("|"))


def test_nato_fails_the_gate_and_json_is_byte_identical(tmp_path):
    a, b = tmp_path / "a.json", tmp_path / "b.json"
    p1 = run("check", NATO_SRC, NATO_MT, "--json", a)
    p2 = run("check", NATO_SRC, NATO_MT, "--json", b, "--quiet")
    assert p1.returncode == p2.returncode == 1
    assert a.read_bytes() == b.read_bytes()
    data = json.loads(a.read_text(encoding="utf-8"))
    assert data["verdict"]["passed"] is False and data["verdict"]["reasons"]
    text = NATO_MT.read_text(encoding="utf-8")
    for f in data["findings"]:
        for sp in f["target_spans"]:
            assert text[sp["start"]:sp["end"]] == sp["text"]
    assert "FAIL" in p1.stdout.decode()


def test_json_to_stdout(pair):
    src, tgt = pair
    proc = run("check", src, tgt, "--json", "-")
    assert proc.returncode == 0
    assert json.loads(proc.stdout.decode())["schema_version"] == 1


def test_gate_options(pair):
    src, tgt = pair
    assert run("check", src, tgt, "--min-score", "100.5").returncode == 2
    assert run("check", src, tgt, "--fail-on", "minor", "-q").returncode == 0
    one_error_line(run("check", src, tgt, "--fail-on", "fatal"))
    one_error_line(run("check", src, tgt, "--select", "XYZ"))
    one_error_line(run("check", src, tgt, "--severity", "GRB001=huge"))


def test_untranslated_translation_is_a_critical_finding_not_an_input_error(pair, tmp_path):
    src, _ = pair
    copy = tmp_path / "copy.ja.txt"
    copy.write_text(src.read_text(encoding="utf-8") + "It was not translated at all.\n",
                    encoding="utf-8")
    proc = run("check", src, copy, "--json", "-")
    assert proc.returncode == 1
    data = json.loads(proc.stdout.decode())
    assert any(f["code"] == "UNT001" and f["severity"] == "critical" for f in data["findings"])


@pytest.mark.parametrize("kind", ["missing", "empty", "binary", "sjis", "utf16", "same", "swapped",
                                  "directory"])
def test_bad_input_is_one_line_and_exit_2(kind, pair, tmp_path):
    src, tgt = pair
    bad = tmp_path / f"{kind}.txt"
    if kind == "missing":
        args = (src, bad)
    elif kind == "empty":
        bad.write_bytes(b"")
        args = (src, bad)
    elif kind == "binary":
        bad.write_bytes(bytes(range(256)) * 4)
        args = (src, bad)
    elif kind == "sjis":
        bad.write_bytes(tgt.read_text(encoding="utf-8").encode("shift_jis"))
        args = (src, bad)
    elif kind == "utf16":
        bad.write_bytes(tgt.read_text(encoding="utf-8").encode("utf-16"))
        args = (src, bad)
    elif kind == "same":
        args = (src, src)
    elif kind == "swapped":
        args = (tgt, src)
    else:
        args = (src, tmp_path)
    line = one_error_line(run("check", *args))
    expected = {"missing": "no such file", "empty": "empty", "binary": "binary",
                "sjis": "Shift_JIS", "utf16": "UTF-16", "same": "both", "swapped": "swapped",
                "directory": "directory"}[kind]
    assert expected in line


def test_encoding_option_reads_shift_jis(pair, tmp_path):
    src, tgt = pair
    sjis = tmp_path / "t.sjis.txt"
    sjis.write_bytes(tgt.read_text(encoding="utf-8").encode("shift_jis"))
    src2 = tmp_path / "s.txt"
    src2.write_bytes(src.read_text(encoding="utf-8").encode("ascii"))
    assert run("check", src2, sjis, "--encoding", "shift_jis", "-q").returncode == 0


def test_inputs_are_never_modified(pair):
    src, tgt = pair
    before = [(p.read_bytes(), p.stat().st_mtime_ns) for p in (src, tgt)]
    run("check", src, tgt, "--json", src.parent / "out.json")
    assert [(p.read_bytes(), p.stat().st_mtime_ns) for p in (src, tgt)] == before


def test_checks_and_explain():
    listing = run("checks").stdout.decode()
    assert "GRB001" in listing and "latin-fragment-fused" in listing
    doc = run("explain", "grb001")
    assert doc.returncode == 0 and "how弾砲" in doc.stdout.decode()
    one_error_line(run("explain", "NOPE999"))


@pytest.mark.parametrize("flag", ["--json", "--html", "--junit"])
def test_a_report_path_that_cannot_be_written_is_one_error_line(pair, tmp_path, flag):
    src, tgt = pair
    assert "is a directory" in one_error_line(run("check", src, tgt, "--isolated", flag, tmp_path))
    blocker = tmp_path / "a-file"
    blocker.write_text("x", encoding="utf-8")
    line = one_error_line(run("check", src, tgt, "--isolated", flag, blocker / "out.txt"))
    assert "cannot write the report" in line
    assert blocker.read_text(encoding="utf-8") == "x"


def test_usage_errors_are_one_line():
    assert "expected SOURCE and MT" in one_error_line(run("check", "only-one-arg.txt"))
    assert "--no-such-option" in one_error_line(run("check", "--no-such-option", "a", "b"))
    assert "register 'formal'" in one_error_line(
        run("check", NATO_SRC, NATO_MT, "--isolated", "--register", "formal"))


# --- --ref, --names, --pitfalls ----------------------------------------------------------------

def test_ref_adds_sacrebleu_metrics_with_signatures(tmp_path):
    ref = tmp_path / "ref.ja.txt"
    ref.write_text(Path(NATO_MT).read_text(encoding="utf-8").replace("キエフ", "キーウ"),
                   encoding="utf-8")
    out = run("check", NATO_SRC, NATO_MT, "--isolated", "--ref", ref, "--json", "-")
    assert out.returncode == 1, out.stderr.decode()
    data = json.loads(out.stdout)
    doc = data["metrics"]["document"]
    assert set(doc) == {"bleu", "chrf", "ter"}
    assert "tok:ja-mecab" in doc["bleu"]["signature"] and doc["bleu"]["score"] > 50
    plain = json.loads(run("check", NATO_SRC, NATO_MT, "--isolated", "--json", "-").stdout)
    assert "metrics" not in plain
    assert plain["score"] == data["score"]  # the reference never changes the reference-free score
    text = run("check", NATO_SRC, NATO_MT, "--isolated", "--ref", ref, "-q").stdout.decode()
    assert "with reference" in text and "tok:ja-mecab" in text and "nrefs:1" in text


def test_ref_in_the_wrong_language_is_an_input_error():
    line = one_error_line(run("check", NATO_SRC, NATO_MT, "--ref", NATO_SRC))
    assert "--ref takes a human translation" in line


def test_names_file_teaches_an_entity_rendering(tmp_path):
    def kyiv(data):
        return [f for f in data["findings"] if f["code"].startswith("ENT")
                and f["source_spans"] and f["source_spans"][0]["text"] == "Kyiv"]

    base = json.loads(run("check", NATO_SRC, NATO_MT, "--isolated", "--json", "-").stdout)
    assert kyiv(base), "the NATO example writes the outdated キエフ for Kyiv"
    names = tmp_path / "names.toml"
    names.write_text('[names]\n"Kyiv" = ["キエフ"]\n', encoding="utf-8")
    taught = json.loads(run("check", NATO_SRC, NATO_MT, "--isolated", "--names", names,
                            "--json", "-").stdout)
    assert not kyiv(taught)
    assert base["signature"].split("cfg:")[1] != taught["signature"].split("cfg:")[1]


def test_pitfalls_file_adds_a_rule(tmp_path):
    shipped = (ROOT / "src/mtqa/data/pitfalls.tsv").read_text(encoding="utf-8")
    header = next(ln for ln in shipped.splitlines() if ln and not ln.startswith("#"))
    src = tmp_path / "s.en.txt"
    mt = tmp_path / "m.ja.txt"
    src.write_text("The minister rejected the claim.\n", encoding="utf-8")
    mt.write_text("大臣はその請求を拒否した。\n", encoding="utf-8")
    rules = tmp_path / "rules.tsv"
    rules.write_text(header + "\n" + _pitfall_row(header), encoding="utf-8")
    before = json.loads(run("check", src, mt, "--isolated", "--json", "-").stdout)
    after = json.loads(run("check", src, mt, "--isolated", "--pitfalls", rules, "--json",
                           "-").stdout)
    assert not [f for f in before["findings"] if f["code"] == "MIS001"]
    hit = [f for f in after["findings"] if f["code"] == "MIS001"]
    assert hit and hit[0]["target_spans"][0]["text"] == "請求"
    assert "主張" in (hit[0]["suggestion"] or "")


def _pitfall_row(header: str) -> str:
    cols = header.split("\t")
    values = {"source": r"\bclaim\b", "pattern": r"\bclaim\b", "context": "", "unless": "",
              "wrong": "請求", "right": "主張", "note": "a claim made in argument is 主張",
              "rule_source": "test", "source_of_rule": "test", "category": "wrong-sense",
              "code": "MIS001", "severity": "major", "origin": "written for this test"}
    return "\t".join(values.get(c.strip().lower().lstrip("#").strip(), "") for c in cols) + "\n"
