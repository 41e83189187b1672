"""MIS checks, table-driven: one small article per case, the whole registry run on each."""

from __future__ import annotations

import pytest

from mtqa.checks.mistranslation import load_pitfalls, parse_pitfalls, shipped_pitfalls
from mtqa.config import Config
from mtqa.errors import InputError
from mtqa.pipeline import check_texts
from test_checks import SRC, TGT, replace  # the same clean four-sentence article

# (case, source lines, target lines, {code: target text its span must contain}, codes that must not fire)
CASES = [
    ("clean", SRC, TGT, {}, {"MIS001", "MIS002", "MIS003", "MIS004", "MIS005"}),
    ("military-strikes-as-labour-strike",
     replace(SRC, 3, "Russian missile and drone strikes hit six regions of Ukraine overnight."),
     replace(TGT, 3, "ロシアのミサイルとドローンのストライキがウクライナの6つの地域を一晩襲った。"),
     {"MIS001": "ストライキ"}, set()),
    ("military-strikes-rendered-right",
     replace(SRC, 3, "Russian missile and drone strikes hit six regions of Ukraine overnight."),
     replace(TGT, 3, "ロシアのミサイルとドローンによる攻撃が夜間、ウクライナの6つの地域を襲った。"),
     {}, {"MIS001"}),
    ("labour-strike-is-a-strike",
     replace(SRC, 3, "Rail workers began strikes over pay on Monday."),
     replace(TGT, 3, "鉄道労働者は月曜日、賃金をめぐってストライキを始めた。"),
     {}, {"MIS001"}),
    ("virtual-meeting",
     replace(SRC, 1, "Thirty-two defence chiefs took part in the virtual meeting."),
     replace(TGT, 1, "32人の国防参謀長が仮想会議に参加した。"),
     {"MIS001": "仮想"}, set()),
    ("self-propelled",
     replace(SRC, 1, "Soldiers fire a self-propelled gun toward Russian forces."),
     replace(TGT, 1, "兵士たちはロシア軍に向けて自己投与砲を発射した。"),
     {"MIS001": "自己投与"}, set()),
    ("chided-as-encouraged",
     replace(SRC, 2, "Russian Foreign Minister Sergei Lavrov chided efforts to work on security arrangements."),
     replace(TGT, 2, "ロシアのセルゲイ・ラヴロフ外相は、安全保障の取り決めに取り組む努力を奨励しました。"),
     {"MIS001": "奨励"}, set()),
    ("named-in-a-warrant",
     replace(SRC, 2, "Putin cannot travel freely because he is named in a warrant from the International Criminal Court."),
     replace(TGT, 2, "プーチンは国際刑事裁判所に指名されているため、自由に旅行できない。"),
     {"MIS001": "指名"}, set()),
    ("coalition-of-the-willing",
     replace(SRC, 2, "Those countries are part of the Coalition of the Willing."),
     replace(TGT, 2, "これらの国は意欲の連合の一部です。"),
     {"MIS002": "意欲の連合"}, set()),
    ("coalition-of-the-willing-right",
     replace(SRC, 2, "Those countries are part of the Coalition of the Willing."),
     replace(TGT, 2, "これらの国は有志連合に加わっている。"),
     {}, {"MIS002"}),
    ("guarded-optimism",
     replace(SRC, 2, "Despite guarded optimism among world leaders, there has been little progress."),
     replace(TGT, 2, "世界の指導者の間の守られた楽観主義にもかかわらず、進展はほとんどない。"),
     {"MIS002": "守られた楽観"}, set()),
    ("unsupported-clause", SRC,
     replace(TGT, 2, "ロシアはウクライナへのNATO軍の駐留を受け入れないと繰り返し述べており、明日の東京の天気は晴れで、"
                     "最高気温は三十度に達する見込みだ。"),
     {"MIS003": "明日の東京の天気は晴れで、"}, set()),
    ("omitted-clause",
     replace(SRC, 3, "Attacks on civilian areas injured 15 people, including three children, "
                     "and destroyed dozens of homes."),
     TGT, {"MIS004": ""}, set()),
    ("low-similarity-bead", SRC,
     replace(TGT, 2, "ロシアは、気象庁によると明日は全国的に雨が降り、気温も大きく下がる見通しだと述べている。"),
     {"MIS005": "気象庁"}, set()),
]


@pytest.mark.parametrize(("case", "src", "tgt", "fire", "quiet"), CASES, ids=[c[0] for c in CASES])
def test_case(case, src, tgt, fire, quiet):
    result = check_texts("\n".join(src) + "\n", "\n".join(tgt) + "\n", Config())
    for code, text in fire.items():
        hits = [f for f in result.findings if f.code == code]
        assert hits, f"{case}: {code} did not fire; got {sorted({f.code for f in result.findings})}"
        assert any(text in sp.text for f in hits for sp in f.target_spans), (case, code)
    fired = {f.code for f in result.findings}
    assert not (quiet & fired), f"{case}: unexpected {sorted(quiet & fired)}"
    for f in result.findings:
        for sp in f.target_spans:
            assert result.target.text[sp.start:sp.end] == sp.text
        for sp in f.source_spans:
            assert result.source.text[sp.start:sp.end] == sp.text


def test_rule_findings_suggest_the_right_rendering():
    src = "\n".join(replace(SRC, 2, "Those countries are part of the Coalition of the Willing.")) + "\n"
    tgt = "\n".join(replace(TGT, 2, "これらの国は意欲の連合の一部です。")) + "\n"
    (finding,) = [f for f in check_texts(src, tgt).findings if f.code == "MIS002"]
    assert finding.suggestion == "有志連合"
    assert finding.source_spans[0].text == "Coalition of the Willing"


def test_shipped_rules_are_documented_and_generic():
    rules = shipped_pitfalls()
    assert len(rules) >= 30
    for rule in rules:
        assert rule.wrong and rule.right and rule.origin, rule.where
    # the file is not keyed to one article: most rules name no article at all
    assert sum("corpora/nato" in r.origin for r in rules) < len(rules) / 3


def test_user_pitfall_file_extends_the_rules(tmp_path):
    extra = tmp_path / "mine.tsv"
    extra.write_text("MIS001\t\\bbank\\b\triver\t\t銀行\t川岸\tminor\tmy rule\n", encoding="utf-8")
    rules = load_pitfalls([str(extra)])
    assert rules[-1].right == ("川岸",) and len(rules) == len(shipped_pitfalls()) + 1


@pytest.mark.parametrize("line", [
    "MIS009\tx\t\t\ty\tz\t\tbad code",
    "MIS001\t(unclosed\t\t\ty\tz\t\tbad regex",
    "MIS001\tx\t\t\ty\tz\tfatal\tbad severity",
    "MIS001\tx",
])
def test_bad_pitfall_lines_are_input_errors(line):
    with pytest.raises(InputError, match="mine.tsv:1"):
        parse_pitfalls(line, "mine.tsv")


@pytest.mark.parametrize(("text", "min_len", "expected"), [
    ("長い最初の節はここまでです、短い", 8, ["長い最初の節はここまでです、短い"]),  # a short tail joins
    ("一つ目の節はここまで、二つ目の節はここまで。", 8, ["一つ目の節はここまで、", "二つ目の節はここまで。"]),
    ("短い、", 8, ["短い、"]),
])
def test_clause_chunks(text, min_len, expected):
    from mtqa.checks.mistranslation import _TGT_SPLIT, _chunks

    assert [text[s:e] for s, e in _chunks(text, _TGT_SPLIT, min_len)] == expected


@pytest.mark.parametrize("text", [
    "", " ", "。", "、、、。。。", ",,,;;;", "(", "—–()", " , ", "、、、あ", "あ、", "a" * 5000,
    "x," * 1000, "長い節" * 2000 + "、短い", "。" + "あ" * 3000 + "、",
])
@pytest.mark.parametrize("min_len", [0, 1, 8, 15])
def test_clause_chunks_odd_inputs(text, min_len):
    """Empty, punctuation-only and very long inputs give valid, non-empty, ordered spans."""
    from mtqa.checks.mistranslation import _SRC_SPLIT, _TGT_SPLIT, _chunks

    for pattern in (_TGT_SPLIT, _SRC_SPLIT):
        spans = _chunks(text, pattern, min_len)
        assert all(0 <= s < e <= len(text) for s, e in spans)
        assert all(e1 <= s2 for (_, e1), (s2, _) in zip(spans, spans[1:]))
        assert all(text[s:e].strip() for s, e in spans)


@pytest.mark.parametrize(("src", "tgt"), [
    ("Hello, world; ok: (yes) — no, , , ,.", "、、、。。。"),
    ("A long sentence here, with a clause, and another clause that goes on and on.", "。"),
    ("!!!, ???; ...", "？？？、！！！"),
    ("One, two, three, four, five, six, seven, eight, nine, ten, eleven, twelve, " * 20 + "end.",
     "いち、に、さん、し、ご、ろく、しち、はち、く、じゅう、" * 20 + "おわり。"),
])
def test_generic_checks_survive_odd_articles(src, tgt):
    result = check_texts(src + "\n", tgt + "\n")
    for f in result.findings:
        for sp in f.target_spans:
            assert result.target.text[sp.start:sp.end] == sp.text


def test_generic_checks_are_quiet_on_free_but_correct_clauses():
    """Short conversational clauses (で、/ほら、) of a free human translation are not MIS003."""
    src = ["So I'm just going to take this and move it along, because that is how we do it here."]
    tgt = ["で、これを取って、こうやって動かしていくよ。ここではいつもそうしているからね。"]
    result = check_texts("\n".join(src) + "\n", "\n".join(tgt) + "\n")
    assert not [f for f in result.findings if f.code == "MIS003"]


def test_a_source_clause_whose_number_is_in_the_translation_is_not_omitted():
    """MIS004's cheap condition: a clause with a number of two or more digits that the
    translation also has (full-width too) was translated (a false alarm on a WMT24 reference)."""
    from mtqa.checks.mistranslation import _shares_a_number

    assert _shares_a_number("which currently employs 39 people", "従業員３９名の同工場は")
    assert _shares_a_number("worth 1,500 pounds", "1500ポンド相当の")
    assert not _shares_a_number("which currently employs 39 people", "同工場は")
    assert not _shares_a_number("page 1 of the report", "報告書の1ページ目")  # one digit: too weak


def test_words_usually_written_in_kana_count_as_support():
    """JMdict gives 螺子 and 眼鏡 as the headwords; texts write ネジ and メガネ (WMT24 references)."""
    from mtqa.checks.mistranslation import source_support
    from mtqa.dictionary import kana_forms_for

    assert "ネジ" in kana_forms_for("screw") and "めがね" in kana_forms_for("glasses")
    assert "らし" not in kana_forms_for("screw")  # a second reading of 螺子: too short, too common
    assert source_support("but that screw will need dealing with", "このネジはなんとかしないとな。")[0] >= 1
