"""Every check, table-driven (pofilter style): one small article per case, all checks at once.

Each case is a clean four-sentence news article and its translation with one problem put in.
Running the whole registry on each case catches interactions (a garble must not also be an
untranslated word; chrome must not also be an addition).
"""

from __future__ import annotations

import pytest

from mtqa.checks import all_checks
from mtqa.config import Config
from mtqa.pipeline import check_texts

SRC = [
    "NATO defence chiefs held talks on Wednesday about security guarantees for Ukraine.",
    "Thirty-two defence chiefs took part in the video conference.",
    "Russia has repeatedly said it will not accept NATO troops in Ukraine.",
    "Attacks on civilian areas injured 15 people, including three children.",
]
TGT = [
    "NATOの国防参謀長らは水曜日、ウクライナの安全の保証について協議した。",
    "32人の国防参謀長がビデオ会議に参加した。",
    "ロシアはウクライナへのNATO軍の駐留を受け入れないと繰り返し述べている。",
    "民間地域への攻撃で子ども3人を含む15人が負傷した。",
]


def replace(lines, index, text):
    out = list(lines)
    out[index] = text
    return out


# (case id, source lines, target lines, codes that must fire, codes that must not fire)
CASES = [
    ("clean", SRC, TGT, set(), {c.code for c in all_checks()}),
    ("fused-latin-fragment",
     replace(SRC, 1, "Soldiers fire a self-propelled howitzer toward Russian forces."),
     replace(TGT, 1, "兵士たちはロシア軍に向けて自走how弾砲を発射した。"),
     {"GRB001"}, {"UNT003", "UNT002"}),
    ("mojibake", SRC, replace(TGT, 2, "ロシアは\ufffd\ufffdNATO軍の駐留を受け入れないと繰り返し述べている。"),
     {"GRB002"}, {"UNT001"}),
    ("cp1252-mojibake", SRC, replace(TGT, 2, "ã‚¦ã‚¯ãƒ©ã‚¤ãƒŠへのNATO軍の駐留を受け入れないと繰り返し述べている。"),
     {"GRB002"}, set()),
    ("runaway-repetition", SRC,
     replace(TGT, 2, "ロシアはウクライナのウクライナのウクライナのウクライナのウクライナの軍を受け入れない。"),
     {"GRB003"}, set()),
    ("untranslated-document", SRC, SRC, {"UNT001"}, {"UNT002", "UNT003"}),
    ("untranslated-sentence", SRC, replace(TGT, 2, SRC[2]), {"UNT002"}, {"UNT001", "OMI001"}),
    ("untranslated-word", SRC,
     replace(TGT, 0, "NATOの国防参謀長らは水曜日、ウクライナのsecurity guaranteesについて協議した。"),
     {"UNT003"}, {"GRB001", "UNT002"}),
    ("latin-names-and-codes-are-not-untranslated-words", SRC,
     replace(TGT, 1, "ブリュッセルでの記者会見で、監視団体Public Employees for Environmental "
                     "Responsibilityの代表は、記者たちに新型機A319neoの整備記録（詳細はpage.html#section7に"
                     "掲載）を示しながら、32人の国防参謀長がビデオ会議に参加したと述べた。"),
     set(), {"UNT003"}),
    ("acronyms-and-credits-are-fine",
     SRC + ["Ukrainian service members fire toward the front line. Maksym Kishka/Reuters"],
     TGT + ["ウクライナの軍人は最前線に向けて発射します。Maksym Kishka/Reuters"],
     set(), {"UNT002", "UNT003", "GRB001", "ADD001", "OMI001"}),
    ("page-chrome", SRC, TGT + ["Related Articles", "コメントを残す", "Back to top button"],
     {"BLP001"}, {"ADD001", "UNT002"}),
    ("omitted-sentence",
     SRC[:2] + ["Neither meeting delivered concrete progress on the main obstacles."] + SRC[2:],
     TGT, {"OMI001"}, {"ADD001"}),
    ("added-sentence", SRC,
     TGT[:2] + ["この記事は日本の読者向けに特別に編集されたもので、気象情報も含まれています。"] + TGT[2:],
     {"ADD001"}, {"OMI001"}),
    ("wrong-language-document-chinese", SRC,
     ["北约国防参谋长周三就乌克兰的安全保障问题进行了会谈。", "三十二名国防参谋长参加了视频会议。",
      "俄罗斯多次表示不会接受北约部队进驻乌克兰。", "对平民区的袭击造成15人受伤，其中包括3名儿童。"],
     {"UNT004"}, {"UNT001", "UNT005"}),
    ("wrong-language-document-korean", SRC,
     ["NATO 국방참모총장들은 수요일 우크라이나 안전 보장에 관해 회담했다.",
      "32명의 국방참모총장이 화상 회의에 참석했다.",
      "러시아는 우크라이나에 NATO 군대를 받아들이지 않겠다고 거듭 말했다.",
      "민간 지역에 대한 공격으로 어린이 3명을 포함해 15명이 다쳤다."],
     {"UNT004"}, {"UNT001", "UNT005", "UNT002", "UNT003"}),
    ("wrong-language-sentence", SRC, replace(TGT, 2, "俄罗斯多次表示不会接受北约部队进驻乌克兰。"),
     {"UNT005"}, {"UNT004", "UNT001"}),
    ("korean-words-inside-japanese", SRC,
     replace(TGT, 0, "NATOの国防参謀長らは水曜日、ウクライナの 안전 보장について協議した。"),
     {"UNT005"}, {"UNT004", "UNT003"}),
    ("kana-less-japanese-headline-is-japanese",
     ["NATO chiefs confirm cooperation on economic security"] + SRC,
     ["北大西洋条約機構首脳会談 経済安保協力確認"] + TGT, set(), {"UNT004", "UNT005"}),
    ("mt-commentary-note", SRC,
     TGT[:3] + [TGT[3] + "（訳注：NATOは北大西洋条約機構の略称です）"], {"ADD002"}, {"BLP001"}),
    ("mt-commentary-alternatives", SRC,
     replace(TGT, 1, "```32人の国防参謀長がビデオ会議に参加した。``` or ```32人の国防参謀長がオンライン会議に"
                     "出席した。``` Both options are valid translations."), {"ADD002"}, set()),
    ("mt-commentary-refusal", SRC,
     replace(TGT, 2, "I apologize, but I cannot translate this sentence as it contains sensitive "
                     "political content."), {"ADD002"}, set()),
    ("an-article-about-translation-is-not-commentary",
     ["The translation of the treaty took three years.", "Here is the translation: it is wrong."],
     ["条約の翻訳には3年かかった。", "以下が翻訳です：それは間違っている。"], set(), {"ADD002"}),
    ("number-changed", SRC, replace(TGT, 3, "民間地域への攻撃で子ども3人を含む50人が負傷した。"),
     {"NUM001"}, {"NUM002"}),
    ("number-added", SRC, replace(TGT, 2, "ロシアはウクライナへのNATO軍の駐留を受け入れないと7回述べている。"),
     {"NUM002"}, {"NUM001"}),
    ("weekday-changed", SRC, replace(TGT, 0, "NATOの国防参謀長らは火曜日、ウクライナの安全の保証について協議した。"),
     {"NUM003"}, {"NUM001"}),
    ("kanji-and-fullwidth-numbers-agree", SRC,
     replace(replace(TGT, 1, "三十二人の国防参謀長がビデオ会議に参加した。"), 3,
             "民間地域への攻撃で子ども３人を含む１５人が負傷した。"),
     set(), {"NUM001", "NUM002"}),
    # STY001: one polite sentence among plain ones; the reverse; what is not counted
    ("polite-sentence-in-plain-text", SRC, replace(TGT, 1, "32人の国防参謀長がビデオ会議に参加しました。"),
     {"STY001"}, set()),
    ("plain-sentence-in-polite-text", SRC,
     ["NATOの国防参謀長らは水曜日、ウクライナの安全の保証について協議しました。",
      "32人の国防参謀長がビデオ会議に参加しました。",
      "ロシアはウクライナへのNATO軍の駐留を受け入れないと繰り返し述べている。",
      "民間地域への攻撃で子ども3人を含む15人が負傷しました。"], {"STY001"}, set()),
    ("quoted-polite-speech-and-nominal-endings-keep-no-register",
     [*SRC[:2], "“We will never accept NATO troops in Ukraine.”",
      "Russia has repeatedly said it will not accept NATO troops, Lavrov told reporters."],
     [TGT[0], "32人の国防参謀長がビデオ会議に参加。",
      "我々はウクライナへのNATO軍の駐留を決して受け入れません。",
      "「NATO軍は受け入れません」とラブロフ氏は記者団に述べた。"], set(), {"STY001"}),
    # PUN001: an unclosed bracket; balanced brackets of mixed width; a quote open in the source
    ("unclosed-quote-bracket", SRC,
     replace(TGT, 2, "ロシアは「ウクライナへのNATO軍の駐留を受け入れないと繰り返し述べている。"),
     {"PUN001"}, set()),
    ("stray-closing-bracket", SRC, replace(TGT, 1, "32人の国防参謀長が）ビデオ会議に参加した。"),
     {"PUN001"}, set()),
    ("balanced-brackets-of-mixed-width", SRC,
     replace(TGT, 0, "NATO（北大西洋条約機構)の国防参謀長らは水曜日、「安全の保証」について協議した。"),
     set(), {"PUN001"}),
    # LNK001: a link changed, a handle translated or dropped; links copied as they are
    ("web-address-changed",
     replace(SRC, 2, "Russia has repeatedly said it will not accept NATO troops, see https://example.org/report."),
     replace(TGT, 2, "ロシアはNATO軍を受け入れないと繰り返し述べている（https://example.org/reportsを参照）。"),
     {"LNK001"}, set()),
    ("handle-translated",
     replace(SRC, 1, "Thirty-two defence chiefs took part in the video conference, @user17 wrote."),
     replace(TGT, 1, "32人の国防参謀長がビデオ会議に参加したと@ユーザー17が書いた。"), {"LNK001"}, set()),
    ("links-copied-as-they-are",
     replace(SRC, 1, "Thirty-two defence chiefs took part (www.nato.int, press@nato.int, @NATO…)."),
     replace(TGT, 1, "32人の国防参謀長が参加した（www.nato.int、press@nato.int、＠NATO…）。"),
     set(), {"LNK001"}),
    ("scrambled-sentence", SRC,
     replace(TGT, 3, "子ども3人を含む15人が負傷した民間地域への攻撃で。"), {"GRB004"}, set()),
    ("truncated-sentence", SRC, replace(TGT, 3, "民間地域への攻撃で子ども"), {"GRB005"}, set()),
    ("negation-added", SRC, replace(TGT, 1, "32人の国防参謀長はビデオ会議に参加しなかった。"),
     {"MIS006"}, {"GRB004"}),
    ("may-and-must-are-not-negations",
     replace(SRC, 1, "Thirty-two defence chiefs may have taken part in the video conference."),
     replace(TGT, 1, "32人の国防参謀長がビデオ会議に参加したかもしれない。"), set(), {"MIS006"}),
    ("a-quotation-running-on-in-the-source-too",
     replace(SRC, 2, "“Russia has repeatedly said it will not accept NATO troops in Ukraine."),
     replace(TGT, 2, "「ロシアはウクライナへのNATO軍の駐留を受け入れないと繰り返し述べている。"),
     set(), {"PUN001"}),
]


@pytest.mark.parametrize(("case", "src", "tgt", "fire", "quiet"), CASES, ids=[c[0] for c in CASES])
def test_case(case, src, tgt, fire, quiet):
    result = check_texts("\n".join(src) + "\n", "\n".join(tgt) + "\n", Config())
    fired = {f.code for f in result.findings}
    assert fire <= fired, f"{case}: expected {sorted(fire)}, got {sorted(fired)}"
    assert not (quiet & fired), f"{case}: unexpected {sorted(quiet & fired)}"
    for f in result.findings:  # every span is a real slice of the text
        for sp in f.target_spans:
            assert result.target.text[sp.start:sp.end] == sp.text
        for sp in f.source_spans:
            assert result.source.text[sp.start:sp.end] == sp.text


def test_every_check_has_an_example_that_fires():
    fired_somewhere = set().union(*(c[3] for c in CASES))
    missing = {spec.code for spec in all_checks()} - fired_somewhere - EXAMPLES_ELSEWHERE
    assert not missing, f"checks with no firing example: {sorted(missing)}"


# Checks whose firing examples need configuration and live in their own test module.
EXAMPLES_ELSEWHERE = {"TRM001", "TRM002", "TRM003",
                      "ENT001", "ENT002", "ENT003", "ENT004", "ENT005", "ENT006",
                      "MIS001", "MIS002", "MIS003", "MIS004", "MIS005"}  # tests/test_mistranslation.py


def test_every_check_is_documented():
    for spec in all_checks():
        assert spec.doc.count("\n") >= 3, spec.code
        for section in ("What it flags", "Why it matters", "Example", "Known problems"):
            assert section in spec.doc, f"{spec.code} docs lack '{section}'"
        assert spec.code[:3].isalpha() and spec.code[3:].isdigit()


def test_garble_suggestions_come_from_the_aligned_source_word():
    src = ("Putin is named in a warrant over his alleged involvement in the abduction of "
           "Ukrainian children.\nSoldiers fire a self-propelled howitzer.\n")
    tgt = "プーチンは、ウクライナの子供たちの誘ductionに関与した疑いで令状に名前が記載されている。\n兵士たちは自走how弾砲を発射する。\n"
    result = check_texts(src, tgt)
    garbles = {f.target_spans[0].text: f for f in result.findings if f.code == "GRB001"}
    assert garbles["誘duction"].suggestion == "誘拐"
    assert garbles["誘duction"].source_spans[0].text == "abduction"
    assert garbles["how弾砲"].suggestion == "榴弾砲"
    assert garbles["how弾砲"].source_spans[0].text == "howitzer"


@pytest.mark.parametrize(("src", "tgt", "untranslated"), [
    # what any translation keeps as it is: links, handles, hashtags, markup (WMT24 social posts)
    ("His latest newsletter: https://example.substack.com/p/ux-roundup-20240219",
     "彼の最新のニュースレター：https://example.substack.com/p/ux-roundup-20240219", False),
    ("@user17", "@user17", False),
    ("#DIY #HomeRenovation", "#DIY #HomeRenovation", False),
    ("<div id=sec1></div>", "<div id=sec1></div>", False),
    # an LLM's refusal or commentary instead of a translation is untranslated
    ("And this is why.", "I apologize, but I cannot translate that passage into Japanese.", True),
])
def test_untranslated_document_ignores_links_handles_and_markup(src, tgt, untranslated):
    result = check_texts(src + "\n", tgt + "\n", Config())
    assert ("UNT001" in {f.code for f in result.findings}) is untranslated
    assert (result.score.quality == 0.0) is untranslated


def test_a_short_added_fragment_is_minor():
    """An added interjection carries little content (human translations of speech add them)."""
    result = check_texts("\n".join(SRC) + "\n", "\n".join(TGT[:2] + ["あっ！"] + TGT[2:]) + "\n",
                         Config())
    added = [f for f in result.findings if f.code == "ADD001"]
    assert [f.target_spans[0].text for f in added] == ["あっ！"]
    assert added[0].severity.value == "minor"
