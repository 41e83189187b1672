"""STY / PUN: style and punctuation of the translation as a text of its own language.

What the target language plug-in knows (``Language.sentence_register``, ``Language.brackets``)
drives these checks; a language without it gets none of their findings.
"""

from __future__ import annotations

import re
from collections import Counter

from . import Context, Flag, check
from ..lang import unbalanced_brackets

# Sentences shorter than this (はい！, うん、元気だよ。) are left out of the register count:
# interjections and short replies keep their own register in any text.
MIN_REGISTER_CHARS = 10
_REGISTER_NAMES = {"polite": "polite (です/ます)", "plain": "plain (だ/である)"}
_QUOTES_OPEN = "“\"‘'«"
_QUOTES_CLOSE = "”\"’'»"


# Sentence ends of talk: final particles (…だよ。…ですね。…かな), questions, exclamations.
_TALK_END = re.compile(r"(?:[よねなわぞさ]|よね|かな|かね|っけ|じゃん|もん|の)[。！？!?…〜ー]*$|[？?！!]$")
# A text with at least this share of its sentences ending so is dialogue or chat: its speakers
# keep their own registers (a clerk polite, a friend plain), which is not a mix to fix.
TALK_SHARE = 0.2


def _conversational(ctx: Context) -> bool:
    """Whether the translation reads as dialogue or chat rather than prose (see TALK_SHARE)."""
    sents = [seg.text.strip() for seg in ctx.target.segments if seg.text.strip()]
    if not sents:
        return False
    talk = sum(1 for t in sents if _TALK_END.search(t.rstrip("」』）)")))
    return talk / len(sents) >= TALK_SHARE


def _quoted(text: str) -> bool:
    """A source sentence that is all quotation ("We will win."): a translation may keep the
    speaker's register for it, with or without Japanese quote brackets."""
    t = text.strip()
    return len(t) > 1 and t[0] in _QUOTES_OPEN and t.rstrip(".!?,;:")[-1:] in _QUOTES_CLOSE


@check("STY001", "mixed-register", "minor", "Style/Register")
def mixed_register(ctx: Context):
    """A sentence in the other politeness register than the rest of the text: です/ます
    sentences in an article written in だ/である, or the reverse.

    What it flags: the target sentences whose ending is in the minority register, when the text
    has at least two sentences in the other one (a tie goes to the register of the first
    sentence); with a house style (``--register plain|polite``, or ``register`` in the
    configuration file), every sentence in the other register. The register is read from the
    sentence's final predicate (Japanese: ます, ました, です, でしょう... are polite; だ, である,
    a plain verb or adjective ending are plain); nominal endings (体言止め), headlines and
    captions without 。, quotes and bracketed sentences, greetings (ありがとう), sentences under
    10 characters, sentences with no source (page chrome, added notes) and sentences that
    translate a source sentence which is all quotation (the speaker's own register) are not
    counted. The same rule as textlint's ``no-mix-dearu-desumasu``.

    Why it matters: a news article is written in one register; a machine translation that
    switches (typical of LLMs translating paragraph by paragraph) reads as careless, and an
    editor has to rewrite each odd sentence.

    Example: an article of plain sentences (…と述べた。…を発表した。) with one sentence ending
    `…の責任者を務めていました。`: `ました` is flagged.

    Not flagged without a house style: dialogue and chat (a fifth or more of the sentences end
    in a final particle, よ, ね, な, かな, or as questions or exclamations), whose speakers each
    keep their own register.

    Known problems: spoken text (interviews, video transcripts) and fiction switch register on
    purpose, for asides and inner speech; there this check is a hint, not an error.
    """
    reader = getattr(ctx.tgt_lang, "sentence_register", None)
    if reader is None:
        return
    found = []  # (segment, register, start, end)
    for seg in ctx.target.segments:
        if len(seg.text.strip()) < MIN_REGISTER_CHARS:
            continue
        k = ctx.tgt_bead.get(seg.id)
        if k is None or not ctx.beads[k].src or _quoted(ctx.bead_texts(k)[0]):
            continue  # added text (page chrome, notes) is not the translation's prose
        reg = reader(seg.text)
        if reg is not None:
            found.append((seg, *reg))
    counts = Counter(reg for _, reg, _, _ in found)
    house = ctx.resources.get("register")  # the user's house style (--register), if any
    if house:
        main = house
    else:
        if len(counts) < 2 or _conversational(ctx):
            return
        first = found[0][1]
        main = max(counts, key=lambda r: (counts[r], r == first))
        if counts[main] < 2:
            return
    for seg, reg, s, e in found:
        if reg == main:
            continue
        k = ctx.tgt_bead.get(seg.id)
        why = (f"the house style is {_REGISTER_NAMES[main]}" if house else
               f"a text written in the {_REGISTER_NAMES[main]} register ({counts[main]} "
               f"sentences; {counts[reg]} {reg})")
        yield Flag(
            message=f"{_REGISTER_NAMES[reg]} ending {seg.text[s:e]!r}: {why}",
            target_spans=[ctx.tgt_span(seg.id, s, e)],
            source_spans=[ctx.src_span(i) for i in ctx.beads[k].src] if k is not None else [],
            suggestion=f"rewrite the ending in the {_REGISTER_NAMES[main]} register",
            confidence=0.6,
            bead=k,
        )


def _paragraphs(segments) -> dict[int, tuple[int, int, list[int]]]:
    """paragraph -> (start, end, segment ids) of a document."""
    out: dict[int, tuple[int, int, list[int]]] = {}
    for seg in segments:
        if seg.paragraph in out:
            s, _, ids = out[seg.paragraph]
            out[seg.paragraph] = (s, seg.end, ids + [seg.id])
        else:
            out[seg.paragraph] = (seg.start, seg.end, [seg.id])
    return out


@check("PUN001", "unbalanced-bracket", "minor", "Fluency/Punctuation")
def unbalanced_bracket(ctx: Context):
    """A bracket or quote mark of the translation with no partner in its paragraph: a 「 never
    closed, a stray 」, a （ closed by the wrong bracket.

    What it flags: each unmatched bracket of a target paragraph (Japanese: 「」『』（）【】〔〕［］
    〈〉《》“”; full- and half-width parentheses pair with each other), when the source
    paragraphs aligned to it have balanced brackets and quotes. A quotation that runs on over
    several paragraphs leaves its paragraphs unclosed in the source too, and is left alone.

    Why it matters: an unclosed 「 leaves the reader unsure where a quotation ends, which
    changes who said what; stray brackets are a common artefact of machine translation that
    drops or merges part of a sentence.

    Example: "“It should be a priority,” the ombudsman said." ->
    `「優先事項であるべきだとオンブズマンは述べた。`: `「` is flagged.

    Known problems: a source whose paragraphs break inside a quotation without the usual
    reopening quote mark can make a correct translation look unbalanced.
    """
    kinds = getattr(ctx.tgt_lang, "brackets", ())
    if not kinds:
        return
    src_kinds = getattr(ctx.src_lang, "brackets", ())
    src_paras = _paragraphs(ctx.source.segments)
    src_unbalanced: dict[int, bool] = {}
    for p, (start, end, ids) in _paragraphs(ctx.target.segments).items():
        text = ctx.target.text[start:end]
        bad = unbalanced_brackets(text, kinds)
        if not bad:
            continue
        beads = sorted({ctx.tgt_bead[j] for j in ids if j in ctx.tgt_bead})
        aligned = sorted({ctx.source.segments[i].paragraph for k in beads for i in ctx.beads[k].src})
        for sp in aligned:
            if sp not in src_unbalanced:
                s0, e0, _ = src_paras[sp]
                src_unbalanced[sp] = bool(unbalanced_brackets(ctx.source.text[s0:e0], src_kinds))
        if any(src_unbalanced[sp] for sp in aligned):
            continue
        for pos in bad:
            ch = text[pos]
            closers = next((c for o, c in kinds if ch in o), None)
            seg_id = next(j for j in ids if ctx.target.segments[j].start <= start + pos
                          < ctx.target.segments[j].end)
            k = ctx.tgt_bead.get(seg_id)
            if closers is not None and ch not in closers:
                message, suggestion = f"{ch} is never closed in its paragraph", \
                    f"close it with {closers[0]} or remove it"
            else:
                message, suggestion = f"{ch} closes nothing: no bracket of its kind is open", \
                    "remove it or add the opening bracket"
            yield Flag(
                message=message, suggestion=suggestion,
                target_spans=[ctx.target.span(start + pos, start + pos + 1)],
                source_spans=[ctx.src_span(i) for i in ctx.beads[k].src] if k is not None else [],
                bead=k,
            )
