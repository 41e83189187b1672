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
    sentence, alone or merged with a neighbour. A fragment of up to three words ("Oh.", "Thank
    you.") is minor.

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
    up to three words (`あっ！`, `そう、そうです。`) and a credit line are minor.

    Why it matters: content the author never wrote is published under their name.

    Example: an aggregator's line `TechWire24 スタッフが…` appended to the article.

    Known problems: when the source file is not the exact source of the translation, sentences
    of the real source that the given one lacks show up as additions.
    """
    yield from _unpaired(ctx, "target", "delete it, or check that the source is complete")


SHORT_WORDS = 3  # one-sided sentences of up to this many words are minor


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
        short = not credit and lang.word_count(text) <= SHORT_WORDS
        span = ctx.src_span(own[0]) if side == "source" else ctx.tgt_span(own[0])
        what = ("source sentence has no counterpart in the translation" if side == "source"
                else "target sentence has no counterpart in the source")
        yield Flag(
            message=what + (" (a credit line)" if credit else " (a short fragment)" if short
                            else ""),
            source_spans=[span] if side == "source" else [],
            target_spans=[span] if side == "target" else [],
            severity=Severity.MINOR if credit or short else None,
            suggestion=suggestion,
            bead=k,
        )
