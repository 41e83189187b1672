"""Language plug-ins: telling Japanese from Chinese and Korean (off-target translation), the
register of a Japanese sentence, unmatched brackets."""

from __future__ import annotations

import pytest

from mtqa.lang import foreign_script_runs, get_language, unbalanced_brackets
from mtqa.lang.ja import chinese_sentence, sentence_register, simplified_only

JA = get_language("ja")


@pytest.mark.parametrize(("text", "chinese"), [
    ("中华人民共和国民法典何时生效？", True),           # simplified-only 华, 时
    ("谁是《那位出售皮肤的人》的导演？", True),
    ("哪個有名的廚師擁有最多米其林星？", True),          # traditional: function words 哪, 的
    ("部长们周二在布鲁塞尔开会讨论预算。", True),
    ("日米首脳会談 経済安保協力確認", False),             # a kana-less Japanese headline
    ("歴史的会談終了", False),                          # 的 and 了 are Japanese suffixes too
    ("石原慎太郎", False),                              # a bare name
    ("東京で会談した。", False),                        # kana: Japanese
    ("中国", False),                                    # too short to tell
])
def test_chinese_sentence(text, chinese):
    assert chinese_sentence(text) is chinese


def test_simplified_only_characters():
    assert all(simplified_only(ch) for ch in "华时这们说对")
    assert not any(simplified_only(ch) for ch in "学国会実東誕個")


@pytest.mark.parametrize(("text", "expected"), [
    ("パガニニテーマによる 광시곡のメインテーマは?", [(11, 14, "Korean")]),
    ("피아노 협주곡 2번の演奏", [(0, 10, "Korean")]),    # one run across spaces and digits
    ("Путин氏は述べた", [(0, 5, "Cyrillic script")]),
    ("βブロッカーを使う", []),                           # a single Greek letter is a symbol
    ("NATOの会議はジュネーブで", []),                     # Latin is the untranslated checks' job
    ("谁是导演？", [(0, 5, "Chinese")]),
])
def test_japanese_foreign_text(text, expected):
    assert JA.foreign_text(text) == expected


def test_foreign_script_runs_stop_at_another_script():
    text = "안녕 Привет 안녕"
    assert [(s, e, sc) for s, e, sc in foreign_script_runs(text, frozenset({"kana", "han"}))] == [
        (0, 2, "hangul"), (3, 9, "cyrillic"), (10, 12, "hangul")]


@pytest.mark.parametrize(("sentence", "register", "ending"), [
    ("ロシアは受け入れないと述べた。", "plain", "た"),
    ("ロシアは受け入れないと述べました。", "polite", "ました"),
    ("重要なのは安全である。", "plain", "である"),
    ("会議が開かれる予定です。", "polite", "です"),
    ("それは本当ですか？", "polite", "ですか"),
    ("これは問題だよね。", "plain", "だよね"),
    ("彼は「勝ちます」と述べた。", "plain", "た"),         # the quote's register is the speaker's
    ("検討中だという（ロイター）。", "plain", "う"),        # a trailing aside is skipped
    ("「勝ちます。」", None, None),                       # a quote
    ("首相が辞任へ", None, None),                         # a headline: no 。
    ("大統領は3日、声明を発表。", None, None),            # a nominal ending
    ("ご視聴ありがとう。", None, None),                    # a set phrase
])
def test_sentence_register(sentence, register, ending):
    got = sentence_register(sentence)
    if register is None:
        assert got is None
    else:
        kind, s, e = got
        assert (kind, sentence[s:e]) == (register, ending)


@pytest.mark.parametrize(("text", "lang", "unmatched"), [
    ("「あ（い）う」", "ja", []),
    ("「あ（いう」", "ja", [2]),              # closing 」 leaves the inner （ open
    ("あ」", "ja", [1]),                      # a closer with nothing open
    ("規制（PPWR) 案", "ja", []),              # full- and half-width parentheses pair
    ('"a" b "c', "en", [6]),                  # straight quotes alternate
    ("“It is,” he said (quietly.", "en", [17]),
])
def test_unbalanced_brackets(text, lang, unmatched):
    assert unbalanced_brackets(text, get_language(lang).brackets) == unmatched


@pytest.mark.parametrize(("text", "fast"), [
    ("The talks ended on Tuesday.", True),
    ("Why now?", True),
    ("A headline without a full stop", True),
    ("  Leading and trailing space!  ", True),
    ("A hard-wrapped\nparagraph of one sentence.", True),
    ("Mr. Smith left.", False),                       # a mark inside: pysbd decides
    ("It rose 3.5 percent. Then it fell.", False),
    ("(PERSON1) Okay, thanks.", False),               # pysbd splits the parenthesis off
    ('A bad game is bad forever."', False),            # and a stray closing quote
    ("It’s very small..", False),
    ("This is not OK...", False),
    ("Really?!", False),
])
def test_english_one_sentence_shortcut_gives_pysbds_spans(text, fast):
    """A paragraph with no sentence mark but a final one (and no brackets or quotes) skips pysbd;
    its span must be the one pysbd gives."""
    from mtqa.lang.en import _one_sentence

    en = get_language("en")
    flat = text.replace("\n", " ")
    assert _one_sentence(flat) is fast
    assert en.split_sentences(text, 0, len(text)) == en._split_pysbd(flat, 0)
