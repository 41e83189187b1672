"""The Japanese sentence-shape readers behind GRB004 and MIS006 (MeCab, IPA dictionary)."""

from __future__ import annotations

import pytest

from mtqa.lang.ja_grammar import dangling_particle, negated_end


@pytest.mark.parametrize(("sentence", "particle"), [
    ("子ども3人を含む15人が負傷した民間地域への攻撃で。", "で"),
    ("新しい政策をロシア政府は昨日の会見で発表したを。", "を"),
])
def test_word_salad_ends_on_a_particle(sentence, particle):
    span = dangling_particle(sentence)
    assert span is not None and sentence[span[0]:span[1]] == particle


@pytest.mark.parametrize("sentence", [
    "政府は新しい政策を発表した。",
    "いいえ、一度も。",                       # a short reply
    "皆さん、どうか素晴らしい一週間をお過ごしくださいね、良い一日を。",  # a wish
    "外相は交渉を再開したという。",              # quotation ending (連語)
    "その主な理由とは何か、ということについての話は？",  # a question
    "「行こうよ、海に」",                      # quoted speech
    "ワシントン州のスキーリゾートで雪崩、1名死亡",  # a headline without 。
])
def test_normal_endings_are_not_read_as_word_salad(sentence):
    assert dangling_particle(sentence) is None


@pytest.mark.parametrize(("sentence", "negation"), [
    ("省は計画を承認しなかった。", "なかった"),
    ("文字盤の裏に刻印はありません。", "ません"),
])
def test_negated_endings(sentence, negation):
    span = negated_end(sentence)
    assert span is not None and sentence[span[0]:span[1]] == negation


@pytest.mark.parametrize("sentence", [
    "そこに置いてきたかもしれません。",   # may
    "危険を伴うことを忘れてはならない。",  # must
    "大変申し訳ございません。",           # sorry
    "筋肉の生成に欠かせない。",           # essential
    "省は計画を承認した。",
])
def test_fixed_phrases_are_not_negations(sentence):
    assert negated_end(sentence) is None
