"""GRB004 / GRB005 / MIS006: what the shape of a translated sentence says about it.

The target language plug-in reads the sentence (Japanese: MeCab's analysis, ``lang/ja_grammar``);
a language without these readers gets none of these findings.
"""

from __future__ import annotations

import math
import re

from . import Context, Flag, check

_SOURCE_COMPLETE = re.compile(r"[.!?][\"'”’)\]]*\s*$")
_TARGET_COMPLETE = re.compile(r"[。！？!?．.」』）)】〕…―ー～〜♪]\s*$")
# GRB005: a paragraph-final translation this much shorter than the article's own length ratio
# predicts (log scale: 0.55 of the expected length), without its sentence end, is cut off.
TRUNCATED_LOG_RATIO = math.log(0.55)
MIN_TRUNCATED_SOURCE = 40  # characters: short sources (headlines, names) vary too much


@check("GRB004", "scrambled-sentence", "minor", "Fluency/Grammar")
def scrambled_sentence(ctx: Context):
    """A sentence that ends on a case particle before its full stop: `…政府は発表したを。`.

    What it flags: a target sentence closed by 。！？ whose last word is a case particle (を,
    が, に, で, へ, から), は/も or the attributive の (Japanese: from MeCab's analysis): its
    phrases are out of order or its predicate is lost, the mark of word salad and of output
    stitched together from pieces. Headlines and captions without 。, quoted speech (「…」)
    and endings in quotation と/って or in focus particles (まで, だけ, など) are not read.

    Why it matters: the sentence does not parse; a reader cannot tell who did what.

    Example: `ロシア軍は、ウクライナ東部で発表した攻撃を。` for "Russian forces attacked in eastern
    Ukraine, officials said."

    Known problems: inverted speech in dialogue (`行こうよ、海に。`) and elliptical instructions
    (`もっと見るアイコンを。`) end this way on purpose; the finding is minor.
    """
    reader = getattr(ctx.tgt_lang, "dangling_particle", None)
    if reader is None:
        return
    for seg in ctx.target.segments:
        k = ctx.tgt_bead.get(seg.id)
        if k is None or not ctx.beads[k].src:
            continue  # a sentence with no source is OMI/ADD's (or page chrome)
        span = reader(seg.text)
        if span is None:
            continue
        s, e = span
        yield Flag(
            message=f"the sentence ends on the particle '{seg.text[s:e]}': its words may be out "
                    f"of order or its predicate missing",
            target_spans=[ctx.tgt_span(seg.id)],
            source_spans=[ctx.src_span(i) for i in ctx.beads[k].src],
            bead=k,
        )


MIN_RATIO_SOURCE = 100  # characters of other beads needed to know the article's length ratio


def _lengths(ctx: Context) -> list[tuple[int, int]]:
    """(source, target) characters of every bead (0, 0 for one-sided beads)."""
    def make() -> list[tuple[int, int]]:
        return [(sum(len(ctx.source.segments[i].text) for i in b.src),
                 sum(len(ctx.target.segments[j].text) for j in b.tgt)) if b.src and b.tgt
                else (0, 0) for b in ctx.beads]

    return ctx.memo("shape.lengths", make)


def _ratio_without(ctx: Context, k: int) -> float | None:
    """Target characters per source character over the other beads with both sides: what this
    translator's text makes of a source character (None when there is too little to tell)."""
    lengths = _lengths(ctx)
    src = sum(s for i, (s, _) in enumerate(lengths) if i != k)
    tgt = sum(t for i, (_, t) in enumerate(lengths) if i != k)
    return tgt / src if src >= MIN_RATIO_SOURCE and tgt else None


@check("GRB005", "truncated-sentence", "minor", "Accuracy/Omission")
def truncated_sentence(ctx: Context):
    """A translation that stops in mid-sentence: the last sentence of a paragraph cut off.

    What it flags: a target sentence that ends its paragraph without a sentence end (no 。, ！,
    ？, closing quote or bracket) while its source sentence ends with . ! or ?, and that is much
    shorter than the rest of the article's length ratio predicts (under 0.55 of the expected
    length; sources of 40 characters or more, and at least 100 source characters elsewhere in
    the article to learn the ratio from).

    Why it matters: MT systems that hit a length limit stop mid-sentence; the rest of the
    sentence, often the point of it, is lost.

    Example: "The ministry said the talks would resume next week after both sides agreed on an
    agenda." -> `省によると、協議は来週`.

    Known problems: a headline translated as a short noun phrase is not flagged only when its
    source has no final period.
    """
    segs = ctx.target.segments
    for seg in segs:
        last = seg.id + 1 >= len(segs) or segs[seg.id + 1].paragraph != seg.paragraph
        k = ctx.tgt_bead.get(seg.id)
        if not last or k is None or not ctx.beads[k].src or ctx.beads[k].tgt[-1] != seg.id:
            continue
        src, tgt = ctx.bead_texts(k)
        if len(src) < MIN_TRUNCATED_SOURCE or not _SOURCE_COMPLETE.search(src):
            continue
        if _TARGET_COMPLETE.search(tgt):
            continue
        ratio = _ratio_without(ctx, k)
        if ratio is None or math.log((len(tgt) + 1) / (len(src) * ratio + 1)) > TRUNCATED_LOG_RATIO:
            continue
        yield Flag(
            message=f"the translation stops without a sentence end and is {len(tgt)} characters "
                    f"for a source of {len(src)}: cut off?",
            target_spans=[ctx.tgt_span(j) for j in ctx.beads[k].tgt],
            source_spans=[ctx.src_span(i) for i in ctx.beads[k].src],
            bead=k,
        )


@check("MIS006", "negation-added", "minor", "Accuracy/Mistranslation")
def negation_added(ctx: Context):
    """A translation whose sentence ends in a negation that its source does not have.

    What it flags: a target sentence that ends negated (…しなかった。…ありません。…ない。) in a bead
    whose source has no word that negates or denies anything (not, n't, never, no, without,
    fail, refuse, lack, un-words, only...). Fixed phrases whose negative form is not a negation
    (かもしれない "may", なければならない "must", 申し訳ありません "sorry", 欠かせない
    "essential") are not read as negations.

    Why it matters: a flipped polarity reverses the meaning while the sentence reads fluently;
    it is the classic critical error of MT quality estimation.

    Example: "The ministry approved the plan." -> `省は計画を承認しなかった。`

    Known problems: a translator may render an English positive as a Japanese negative on
    purpose ("The dial is unmarked" = 刻印はありません; "stayed silent" = 何も言わなかった):
    the English list of negating words catches many such cases, not all, so the finding is
    minor.
    """
    neg_src = getattr(ctx.src_lang, "negations", None)
    neg_end = getattr(ctx.tgt_lang, "negated_end", None)
    if neg_src is None or neg_end is None:
        return
    for k, bead in enumerate(ctx.beads):
        if not bead.src or not bead.tgt:
            continue
        src = " ".join(ctx.source.segments[i].text for i in bead.src)
        if neg_src(src):
            continue
        for j in bead.tgt:
            span = neg_end(ctx.target.segments[j].text)
            if span is None:
                continue
            seg = ctx.target.segments[j]
            yield Flag(
                message=f"the translation says '{seg.text[span[0]:span[1]]}' (a negation) where "
                        f"the source negates nothing: polarity reversed?",
                target_spans=[ctx.tgt_span(j, *span)],
                source_spans=[ctx.src_span(i) for i in bead.src],
                bead=k,
            )
