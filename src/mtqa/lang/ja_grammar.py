"""Japanese sentence shape from MeCab (the IPA dictionary that ``sacrebleu[ja]`` installs):
what the fluency and polarity checks need to know about a sentence's end.

MeCab loads once per process (about 15 ms) and analyses a sentence in about 10 microseconds;
nothing here is needed unless a check asks.
"""

from __future__ import annotations

import re
from functools import lru_cache

_END_MARKS = "。！？!?．"
_CLOSERS = "）)』】〕］]〉》"


@lru_cache(maxsize=1)
def _tagger():
    import ipadic
    import MeCab

    return MeCab.Tagger(ipadic.MECAB_ARGS)


@lru_cache(maxsize=8192)
def morphemes(text: str) -> tuple[tuple[str, tuple[str, ...]], ...]:
    """(surface, part-of-speech fields) of MeCab's best analysis, in order."""
    out = []
    node = _tagger().parseToNode(text)
    while node:
        if node.stat in (0, 1):  # a known or an unknown word, not BOS/EOS
            out.append((node.surface, tuple(node.feature.split(",")[:4])))
        node = node.next
    return tuple(out)


# particles a Japanese sentence does not end on before its 。 when its words are in order: case
# particles (を, が, に, で, へ, から, より), は/も and the attributive の. Quotation と, って, the
# sentence-final particles (よ, ね, か) and conjunctive ones (けど, のに) are normal endings.
_DANGLING = {("助詞", "格助詞"), ("助詞", "係助詞"), ("助詞", "連体化"), ("助詞", "並立助詞")}
_DANGLING_OK = {"って", "とか", "など", "なんか", "まで", "ばかり", "だけ", "しか", "ほど", "くらい",
                "ぐらい", "こそ", "でも", "さえ", "すら", "や", "やら"}


# Spoken Japanese leaves sentences unfinished on purpose, and such sentences are short: replies
# (いいえ、一度も。), asides (しかも数年前に。), wishes (よい一日を。), requests (足元にご注意を).
# Word salad is not. Only sentences of at least this many characters before the particle are read.
MIN_DANGLING_CHARS = 20
# を closing a wish or a request: (良い|素晴らしい)一日を。, ご注意を。, お大事に
_WISH = re.compile(r"(?:日|週間|週末|夜|年|旅|休日|時間|時を|ひととき|クリスマス|新年|人生|未来|幸運|"
                   r"ご\w{1,4}|お\w{1,4})を$")


def dangling_particle(sentence: str) -> tuple[int, int] | None:
    """The span of the particle a sentence ends on before its 。 (…発表したを。), or None.

    Only statements are read: sentences that end with 。 (after closing brackets) and have at
    least ``MIN_DANGLING_CHARS`` characters; questions (…は？), exclamations, headlines, captions
    and quoted speech (「…」) end as they like.
    """
    text = sentence.rstrip()
    if not text or text[-1] not in "。．":
        return None
    body = text.rstrip(_END_MARKS + _CLOSERS + " \u3000")
    if len(body) < MIN_DANGLING_CHARS or body[-1] in "」』" or _WISH.search(body):
        return None
    ms = morphemes(body)
    if len(ms) < 3:
        return None
    surface, pos = ms[-1]
    if (pos[0], pos[1]) not in _DANGLING or pos[2] in ("引用", "連語") or surface in _DANGLING_OK:
        return None
    end = len(body)
    return end - len(surface), end


# Fixed phrases whose negative form says nothing negative: かもしれない (may), ならない (must),
# 申し訳ありません (sorry), 違いない (surely), 欠かせない (essential), a question ないか...
_NOT_NEGATION = re.compile(
    r"かもしれ(?:ない|ません)|申し訳(?:ない|ありません|ございません)|(?:ては|では|なければ|なくては|ねば)"
    r"(?:なら|いけ)(?:ない|ません)|なら(?:ない|ません)|かねない|かねません|構わない|構いません|"
    r"違いない|違いありません|(?:過ぎ|すぎ)(?:ない|ません)|限ら(?:ない|ません)|切れない|たまらない|"
    r"仕方(?:が)?ない|しょうがない|いけない|いけません|ほかならない|間違いない|少なくない|欠かせない|"
    r"否めない|問わず|思わず|相変わらず|かかわらず|だけでなく|だけではなく|のみならず|ではなく|でなく|"
    r"ませんか|ないか|じゃないですか|ではないでしょうか|ないでしょうか|なきゃ|ないと|ございません|"
    r"しか(?:ない|ありません)|ほか(?:ない|ありません)|まだ")
_NEGATED_END = re.compile(
    r"(?:ない|なかった|ません|ませんでした|ず|ぬ|ないです|なかったです|ないだろう|ないでしょう|なし)"
    r"(?:よ|ね|よね|わ|な|の|んだ|のだ|のです|んです|ようだ|そうだ|という)?[。！？!?」』）)]*$")


def negated_end(sentence: str) -> tuple[int, int] | None:
    """The span of the negation a sentence ends on (…しなかった。…ありません。), or None; fixed
    phrases whose negative form is not a negation (かもしれない, なければならない) do not count."""
    text = sentence.rstrip()
    masked = _NOT_NEGATION.sub(lambda m: "\u25a1" * len(m.group(0)), text)
    m = _NEGATED_END.search(masked)
    if not m:
        return None
    end = m.end()
    while end > m.start() and text[end - 1] in "。！？!?」』）)":
        end -= 1
    return m.start(), end
