"""Language plug-ins: telling Japanese from Chinese and Korean (off-target translation)."""

from __future__ import annotations

import pytest

from mtqa.lang import foreign_script_runs, get_language
from mtqa.lang.ja import chinese_sentence, simplified_only

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
