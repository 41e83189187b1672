"""Glossaries (CSV, TBX) and the TRM checks: table-driven firing examples, parse errors."""

from __future__ import annotations

import pytest

from mtqa.config import Config
from mtqa.errors import UsageError
from mtqa.glossary import load_glossary, parse_csv, parse_tbx
from mtqa.pipeline import check_texts

SRC = ("NATO defence chiefs met in Kyiv on Wednesday.\n"
       "Soldiers fired a self-propelled howitzer toward Russian forces.\n")
TGT = ("NATOの国防参謀長らは水曜日、キエフで会談した。\n"
       "兵士たちはロシア軍に向けて自走砲を発射した。\n")
GOOD = ("NATOの国防参謀長らは水曜日、キーウで会談した。\n"
        "兵士たちはロシア軍に向けて自走榴弾砲を発射した。\n")
CSV = "source,target,forbidden,note\nKyiv,キーウ,キエフ,official since 2022\nhowitzer,榴弾砲,,\n"
TBX = """<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE martif SYSTEM "TBXcoreStructV02.dtd">
<martif type="TBX-Basic" xml:lang="en"><text><body>
 <termEntry id="kyiv">
  <langSet xml:lang="en"><tig><term>Kyiv</term></tig></langSet>
  <langSet xml:lang="ja">
   <tig><term>キーウ</term>
    <termNote type="administrativeStatus">preferredTerm-admn-sts</termNote></tig>
   <tig><term>キエフ</term>
    <termNote type="administrativeStatus">deprecatedTerm-admn-sts</termNote></tig>
  </langSet>
 </termEntry>
 <termEntry id="howitzer">
  <langSet xml:lang="en-GB"><tig><term>howitzer</term></tig></langSet>
  <langSet xml:lang="ja-JP"><tig><term>榴弾砲</term></tig></langSet>
 </termEntry>
</body></text></martif>
"""


@pytest.fixture(params=["csv", "tbx"])
def glossary(request, tmp_path):
    path = tmp_path / f"terms.{request.param}"
    path.write_text(CSV if request.param == "csv" else TBX, encoding="utf-8")
    return str(path)


# (case, target text, codes that must fire, codes that must not)
CASES = [
    ("forbidden-and-missing", TGT, {"TRM001", "TRM002"}, set()),
    ("follows-the-glossary", GOOD, set(), {"TRM001", "TRM002"}),
]


@pytest.mark.parametrize(("case", "tgt", "fire", "quiet"), CASES, ids=[c[0] for c in CASES])
def test_trm_cases(case, tgt, fire, quiet, glossary):
    result = check_texts(SRC, tgt, Config(glossaries=(glossary,)))
    fired = {f.code for f in result.findings}
    assert fire <= fired and not (quiet & fired), (case, sorted(fired))
    for f in result.findings:
        for sp in f.target_spans:
            assert result.target.text[sp.start:sp.end] == sp.text
        for sp in f.source_spans:
            assert result.source.text[sp.start:sp.end] == sp.text


def test_messages_quote_the_entry_and_spans_point_at_the_terms(tmp_path):
    path = tmp_path / "terms.csv"
    path.write_text(CSV, encoding="utf-8")
    result = check_texts(SRC, TGT, Config(glossaries=(str(path),)))
    trm2 = next(f for f in result.findings if f.code == "TRM002")
    assert trm2.target_spans[0].text == "キエフ" and trm2.source_spans[0].text == "Kyiv"
    assert "terms.csv:2" in trm2.message and trm2.suggestion == "キーウ"
    assert trm2.severity.value == "major" and not result.verdict.passed
    trm1 = next(f for f in result.findings if f.code == "TRM001")
    assert trm1.source_spans[0].text == "howitzer" and "榴弾砲" in trm1.message


def test_no_glossary_no_trm_findings():
    result = check_texts(SRC, TGT, Config())
    assert not [f for f in result.findings if f.code.startswith("TRM")]


def test_entry_severity_column(tmp_path):
    path = tmp_path / "t.csv"
    path.write_text("source,target,severity\nhowitzer,榴弾砲,critical\n", encoding="utf-8")
    result = check_texts(SRC, TGT, Config(glossaries=(str(path),)))
    assert next(f for f in result.findings if f.code == "TRM001").severity.value == "critical"


def test_plural_and_case_matching():
    (entry,) = parse_csv("source,target\nhowitzer,榴弾砲\n", "t.csv")
    assert entry.source_pattern().search("two Howitzers")
    assert not entry.source_pattern().search("howitzerish")
    (nato,) = parse_csv("source,target\nNATO,NATO\n", "t.csv")
    assert not nato.source_pattern().search("nato")


@pytest.mark.parametrize(("text", "needle"), [
    ("", "header row"),
    ("term,translation\nKyiv,キーウ\n", "expected a header row"),
    ("source,target\n,キーウ\n", "t.csv:2"),
    ("source,target,forbidden\nKyiv,,\n", "neither a target nor a forbidden"),
    ("source,target,severity\nKyiv,キーウ,fatal\n", "severity 'fatal'"),
])
def test_csv_errors_are_one_line(text, needle):
    with pytest.raises(UsageError) as exc:
        parse_csv(text, "t.csv")
    assert needle in str(exc.value) and "\n" not in str(exc.value)


BOMB = """<?xml version="1.0"?>
<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;">]>
<martif><text><body>&lol2;</body></text></martif>
"""


@pytest.mark.parametrize(("text", "needle"), [
    (BOMB, "entity declarations are not allowed"),
    ("<martif><text><body><termEntry></body></martif>", "not well-formed XML"),
    ("<martif><text><body></body></text></martif>", "no term entries"),
])
def test_tbx_errors_are_one_line(text, needle):
    with pytest.raises(UsageError) as exc:
        parse_tbx(text, "g.tbx", "en", "ja")
    assert needle in str(exc.value) and "\n" not in str(exc.value)


def test_tbx_statuses():
    entries = parse_tbx(TBX, "g.tbx", "en", "ja")
    kyiv = next(e for e in entries if e.source == "Kyiv")
    assert kyiv.targets == ("キーウ",) and kyiv.forbidden == ("キエフ",)


def test_missing_glossary_file(tmp_path):
    with pytest.raises(UsageError, match="glossary not found"):
        load_glossary(str(tmp_path / "nope.csv"))
