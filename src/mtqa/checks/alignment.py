"""OMI / ADD: sentences of the source with no counterpart in the translation, and the reverse."""

from __future__ import annotations

from . import Context, Flag, check
from ..model import Severity
from ._text import is_credit
from .boilerplate import chrome_segments


@check("OMI001", "omitted-sentence", "major", "Accuracy/Omission")
def omitted_sentence(ctx: Context):
    """A source sentence with no counterpart in the translation (a 1-0 alignment bead).

    What it flags: a sentence of the source that the aligner could not match with any target
    sentence, alone or merged with a neighbour. A sentence of up to six words ("Oh.", "Let me
    show you.", "What could go wrong?") is minor: translators of speech and chat fold such turns
    into the next sentence.

    Why it matters: readers of the translation miss content the source gives them.

    Example: the source says "Neither meeting delivered concrete progress." and the translation
    goes straight on to the next paragraph.

    Severity: major; minor for bylines, agency and photo credits ("The Associated Press").
    Source sentences that are page chrome ("Open this photo in gallery:") are not flagged.

    Known problems: a very free translation that moves a sentence's content into a distant
    sentence is reported as an omission here (and an addition there).
    """
    yield from _unpaired(ctx, "source", None)


@check("ADD001", "added-sentence", "major", "Accuracy/Addition")
def added_sentence(ctx: Context):
    """A target sentence with no counterpart in the source (a 0-1 alignment bead).

    What it flags: a sentence of the translation that the aligner could not match with any source
    sentence. Sentences recognised as page chrome are reported by BLP001 instead; a fragment of
    up to three words (`あっ！`, `そう、そうです。`), a credit line, and a sentence that reads as
    part of its neighbour's translation (joined to it, the neighbour matches its source as well
    as before: one source sentence split in three, which no bead holds) are minor.

    Why it matters: content the author never wrote is published under their name.

    Example: an aggregator's line `TechWire24 スタッフが…` appended to the article.

    Known problems: when the source file is not the exact source of the translation, sentences
    of the real source that the given one lacks show up as additions.
    """
    yield from _unpaired(ctx, "target", "delete it, or check that the source is complete")


SHORT_WORDS = 3  # one-sided sentences of up to this many words are minor
# OMI001: a source sentence of up to this many words is minor. Translators of speech and chat
# fold short turns ("Let me show you.", "What could go wrong?") into the next sentence or drop
# them; on the WMT24 human references such omissions were most of OMI001's false alarms.
SHORT_SOURCE_WORDS = 6
# ADD001: a target sentence that, joined to a neighbouring bead's translation, leaves that bead's
# similarity to its source within this much of what it was is part of that translation (the
# translator split one sentence in several, beyond what a 1-2 bead holds). Measured with
# bench/trust.py: most such sentences in human translations pass the test, almost no sentence
# planted from another article does.
SPLIT_TOLERANCE = 0.05


def _continues_neighbour(ctx: Context, k: int) -> bool:
    """Whether the target sentence of the 0-1 bead ``k`` reads as part of a neighbouring bead's
    translation: joining it there does not lower that bead's similarity (beyond the tolerance)."""
    encoder = ctx.resources.get("encoder")
    if encoder is None:
        return False
    own = " ".join(ctx.target.segments[j].text for j in ctx.beads[k].tgt)
    for nb in (k - 1, k + 1):
        if not 0 <= nb < len(ctx.beads) or not ctx.beads[nb].src or not ctx.beads[nb].tgt:
            continue
        src, tgt = ctx.bead_texts(nb)
        joined = tgt + own if nb < k else own + tgt
        v = encoder.encode([src, tgt, joined])
        if float(v[0] @ v[2]) >= float(v[0] @ v[1]) - SPLIT_TOLERANCE:
            return True
    return False


def _unpaired(ctx: Context, side: str, suggestion: str | None):
    """Flags for the one-sided beads of ``side``: chrome is BLP001's, credits are minor."""
    chrome = chrome_segments(ctx, side)
    doc = ctx.source if side == "source" else ctx.target
    for k, bead in enumerate(ctx.beads):
        own, other = (bead.src, bead.tgt) if side == "source" else (bead.tgt, bead.src)
        if other or len(own) != 1 or own[0] in chrome:
            continue
        text = doc.segments[own[0]].text
        credit = is_credit(text)
        lang = ctx.src_lang if side == "source" else ctx.tgt_lang
        # an interjection or a fragment ("Oh.", "あっ！", "そう、そうです。") carries little content:
        # speech is translated loosely, and human translations drop and add such bits too
        short = not credit and lang.word_count(text) <= (
            SHORT_SOURCE_WORDS if side == "source" else SHORT_WORDS)
        split = side == "target" and not credit and not short and _continues_neighbour(ctx, k)
        span = ctx.src_span(own[0]) if side == "source" else ctx.tgt_span(own[0])
        what = ("source sentence has no counterpart in the translation" if side == "source"
                else "target sentence has no counterpart in the source")
        yield Flag(
            message=what + (" (a credit line)" if credit else " (a short fragment)" if short
                            else " (it reads as the continuation of the next or previous "
                                 "sentence's translation: a sentence split by the translator?)"
                            if split else ""),
            source_spans=[span] if side == "source" else [],
            target_spans=[span] if side == "target" else [],
            severity=Severity.MINOR if credit or short or split else None,
            suggestion=suggestion,
            bead=k,
        )
