"""Segmentation: paragraphs and sentences with offsets into the text exactly as given."""

from __future__ import annotations

import pytest

from mtqa.lang import get_language
from mtqa.segment import segment, split_paragraphs

EN = get_language("en")
JA = get_language("ja")


def texts(doc):
    return [s.text for s in doc.segments]


def assert_offsets(doc):
    for s in doc.segments:
        assert doc.text[s.start:s.end] == s.text
        assert s.text == s.text.strip()


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("U.S. Gen. Dan Caine met Adm. Giuseppe Cavo Dragone. They talked.",
         ["U.S. Gen. Dan Caine met Adm. Giuseppe Cavo Dragone.", "They talked."]),
        ('He said there was a "great, candid discussion" in the call. "We are united."',
         ['He said there was a "great, candid discussion" in the call.', '"We are united."']),
        ("Prices rose 3.5% in the U.S. last year. Analysts were surprised.",
         ["Prices rose 3.5% in the U.S. last year.", "Analysts were surprised."]),
    ],
)
def test_english_sentences(text, expected):
    doc = segment(text, EN)
    assert texts(doc) == expected
    assert_offsets(doc)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("彼は「会議は終わった。次は明日だ。」と述べた。それは本当だ。",
         ["彼は「会議は終わった。次は明日だ。」と述べた。", "それは本当だ。"]),
        ("本当ですか？はい！そうです。", ["本当ですか？", "はい！", "そうです。"]),
        ("（これは注記です。続きます。）本文です。", ["（これは注記です。続きます。）", "本文です。"]),
        # a stray opening bracket must not swallow the rest of the paragraph
        ("「引用が閉じない。次の文。", ["「引用が閉じない。", "次の文。"]),
    ],
)
def test_japanese_sentences(text, expected):
    doc = segment(text, JA)
    assert texts(doc) == expected
    assert_offsets(doc)


def test_headlines_without_terminator_are_their_own_segments():
    text = "NATO防衛首長が協議\n\nウクライナの軍人は発射します。Maksym Kishka/Reuters\n"
    doc = segment(text, JA)
    assert texts(doc) == ["NATO防衛首長が協議", "ウクライナの軍人は発射します。", "Maksym Kishka/Reuters"]
    assert [s.paragraph for s in doc.segments] == [0, 1, 1]
    assert_offsets(doc)


def test_crlf_offsets_point_into_the_original_text():
    text = "First line.\r\nSecond one. Third.\r\n"
    doc = segment(text, EN)
    assert texts(doc) == ["First line.", "Second one.", "Third."]
    assert_offsets(doc)


def test_hard_wrapped_blocks_are_paragraphs():
    text = ("This paragraph is wrapped\nover two lines. It ends here.\n\n"
            "Another paragraph is\nalso wrapped.\n")
    assert len(split_paragraphs(text)) == 2
    doc = segment(text, EN)
    assert texts(doc)[0] == "This paragraph is wrapped\nover two lines."
    assert [s.paragraph for s in doc.segments] == [0, 0, 1]
    assert_offsets(doc)


def test_one_paragraph_per_line_and_blank_separated_agree():
    a = segment("One.\nTwo.\nThree.\n", EN)
    b = segment("One.\n\nTwo.\n\nThree.\n", EN)
    assert texts(a) == texts(b) == ["One.", "Two.", "Three."]
    assert [s.paragraph for s in a.segments] == [s.paragraph for s in b.segments] == [0, 1, 2]


def test_nato_example_segments_cover_the_text(nato):
    src, tgt = nato
    for text, lang in ((src, EN), (tgt, JA)):
        doc = segment(text, lang)
        assert_offsets(doc)
        covered = "".join(s.text for s in doc.segments)
        assert len(covered) > 0.95 * len("".join(text.split()))
