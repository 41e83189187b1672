"""NUM: numbers, dates and quantities that differ between source and translation.

Both sides are normalised by their language plug-in first: full-width digits, kanji numerals
(三千), 万/億 scaling (1.5億 = 150,000,000), number words ("three-year" = 3), months
(March = 3月) and weekdays (Wednesday = 水曜日). Numbers are compared within a bead and its
neighbours, since a translation may move a number across a sentence boundary.
"""

from __future__ import annotations

import re
from dataclasses import replace

from . import Context, Flag, check
from ..lang import Quantity
from ..model import Severity

_DATE_KINDS = ("month", "weekday")
_WEEKDAY_NAMES = {1: "Monday", 2: "Tuesday", 3: "Wednesday", 4: "Thursday", 5: "Friday",
                  6: "Saturday", 7: "Sunday"}


def _side_quantities(ctx: Context, side: str) -> dict[int, list[Quantity]]:
    """Segment id -> quantities with document offsets, computed once per article."""
    def make() -> dict[int, list[Quantity]]:
        doc, lang = (ctx.source, ctx.src_lang) if side == "source" else (ctx.target, ctx.tgt_lang)
        out = {}
        for seg in doc.segments:
            out[seg.id] = [replace(q, start=seg.start + q.start, end=seg.start + q.end)
                           for q in lang.quantities(seg.text)]
        return out

    return ctx.memo(f"numbers.{side}", make)


def _fmt(q: Quantity) -> str:
    if q.kind == "weekday":
        return _WEEKDAY_NAMES.get(int(q.value), str(q.value))
    if q.kind == "month":
        return f"month {int(q.value)}"
    v = int(q.value) if q.value == int(q.value) else q.value
    return f"{v:,}" if isinstance(v, int) else f"{v:g}"


def _implied(ctx: Context, k: int) -> set[float]:
    """Numbers the source around bead ``k`` implies without writing them ("a couple", "a day")."""
    def make() -> list[set[float]]:
        return [ctx.src_lang.implied_numbers(seg.text) for seg in ctx.source.segments]

    per_seg = ctx.memo("numbers.implied", make)
    return set().union(*(per_seg[i] for i in ctx.neighbour_source_ids(k)))


def _mismatches(ctx: Context, dates: bool):
    """(bead, unmatched source quantities, unmatched target quantities) per aligned bead."""
    src_q, tgt_q = _side_quantities(ctx, "source"), _side_quantities(ctx, "target")
    for k, bead in enumerate(ctx.beads):
        if not bead.src or not bead.tgt:
            continue  # omissions and additions are reported whole by OMI/ADD
        near_t = [q for j in ctx.neighbour_target_ids(k) for q in tgt_q[j]]
        near_s = [q for i in ctx.neighbour_source_ids(k) for q in src_q[i]]
        implied = _implied(ctx, k)
        own_s = [q for i in bead.src for q in src_q[i] if (q.kind in _DATE_KINDS) == dates]
        own_t = [q for j in bead.tgt for q in tgt_q[j] if (q.kind in _DATE_KINDS) == dates]
        missing = [q for q in own_s if q.strong and not any(q.matches(t) for t in near_t)
                   and not _written_in_parts(ctx, q, near_t, bead.tgt)]
        parts = {float(p) for s in near_s for m in [_PARTS.fullmatch(ctx.source.text[s.start:s.end])]
                 if m for p in m.groups()}
        extra = [q for q in own_t if q.strong and not any(q.matches(s) for s in near_s)
                 and q.value not in implied and q.value not in parts]
        if missing or extra:
            yield k, missing, extra


_PARTS = re.compile(r"(\d{1,2})[.:](\d{2})")


def _written_in_parts(ctx: Context, q: Quantity, near_t: list[Quantity], tgt_ids) -> bool:
    """Whether a source number "A.B" is written as its two parts: a clock time 7.55 as 7時55分
    (5.30 as 5時半, 12.00 as 正午), a date 18.12 as 12月18日, episode 2.10 as シーズン2第10話."""
    m = _PARTS.fullmatch(ctx.source.text[q.start:q.end])
    if not m:
        return False
    a, b = int(m.group(1)), int(m.group(2))
    values = {t.value for t in near_t}
    text = "".join(ctx.target.segments[j].text for j in tgt_ids)
    if a == 12 and b == 0 and "正午" in text:
        return True
    return a in values and (b in values or b == 0 or (b == 30 and "半" in text))


@check("NUM001", "number-mismatch", "major", "Accuracy/Mistranslation")
def number_mismatch(ctx: Context):
    """A number of the source that the translation lacks or changes.

    What it flags: a number in a source sentence (digits, or words from "two" up: "three-year",
    "1.5 million") with no equal number in the aligned target sentences, after normalising
    Japanese forms (３, 三, 1.5億, 100か国以上). When the target has a different number in the same
    place, both are highlighted and the finding is major; a number the translation only leaves
    out is minor (professional translators drop numbers that a phrase carries: "24 hours a day,
    seven days a week" as 24時間年中無休).

    Why it matters: wrong casualty figures, amounts and dates are the errors readers and
    publishers can least afford.

    Example: "injured 15 people" translated as `50人を負傷させた`.

    Not flagged: numbers a translation writes another way: a clock time 0430 as 4時30分 or 7.55
    as 7時55分 (5.30 as 5時半), a date 18.12 as 12月18日, "24/7" as いつでも, the ordinal of a rank
    ("2nd Lieutenant" = 少尉), $3.74 as 3ドル74セント, "quadrupled" as 4倍; digits inside names
    (Covid-19, F-16) and capitalised number words inside a sentence ("Fox and Seven") are not
    required.

    Known problems: "one" is never required (it is as often a pronoun); numbers spelled as part
    of idioms ("at sixes and sevens") are compared literally.
    """
    yield from _missing_flags(ctx, dates=False)


@check("NUM002", "number-added", "minor", "Accuracy/Addition")
def number_added(ctx: Context):
    """A number in the translation that the source does not have.

    What it flags: a number written in digits in a target sentence with no equal number (in
    any form) in the aligned source sentences or their neighbours, when NUM001 has not already
    paired it with a missing source number.

    Why it matters: an invented figure is misinformation.

    Example: "several regions" translated as `6つの地域`.

    Not flagged: numbers the source implies without writing them (the language plug-in's
    ``implied_numbers``: "a couple" or "the second one" = 2, "a day" = 1日 or 24時間, "a
    fortnight" = 2週間, "a dozen" = 12) and digits inside identifiers (A380, @user36).

    Known problems: an implied number is accepted whatever it counts (1 is nearly always
    implied: "a", "an").
    """
    for k, missing, extra in _mismatches(ctx, dates=False):
        for q in extra:
            if any(_same_kind(m, q) for m in missing):
                continue  # reported with the source number it replaces
            yield Flag(
                message=f"number {_fmt(q)} in the translation is not in the source",
                target_spans=[ctx.target.span(q.start, q.end)],
                confidence=0.7,
                bead=k,
            )


@check("NUM003", "date-mismatch", "major", "Accuracy/Mistranslation")
def date_mismatch(ctx: Context):
    """A weekday or month of the source that the translation lacks or changes.

    What it flags: "Wednesday" with no 水曜日 (or 水曜) in the aligned translation, "March" with no
    3月; when the translation names another day or month in its place, both are highlighted.

    Why it matters: a wrong day moves an event; readers cannot detect it.

    Example: "on Tuesday evening" translated as `水曜日の夕方`.

    Severity: major when the translation names another day or month; minor when it only leaves
    the source's out (translators replace a weekday by the date, or "Jan. 6" by what happened
    that day). 土曜 and the abbreviation after a date, 1月13日（土）, count as Saturday.

    Known problems: relative dates ("yesterday") are not compared.
    """
    yield from _missing_flags(ctx, dates=True)


def _same_kind(a: Quantity, b: Quantity) -> bool:
    return a.kind == b.kind or {a.kind, b.kind} <= {"number", "year"}


def _missing_flags(ctx: Context, dates: bool):
    """A flag per source quantity the translation lacks, with what stands in its place."""
    for k, missing, extra in _mismatches(ctx, dates=dates):
        for q in missing:
            others = [t for t in extra if _same_kind(t, q)]
            what = f"{_fmt(q)} in the source" if dates else f"source number {_fmt(q)}"
            msg = f"{what} not found in the translation"
            if others:
                msg += f"; the translation has {', '.join(_fmt(t) for t in others)}"
            yield Flag(
                message=msg,
                source_spans=[ctx.source.span(q.start, q.end)],
                target_spans=[ctx.target.span(t.start, t.end) for t in others],
                suggestion=None if dates else _fmt(q),
                # a number or date the translation changed is major; one it only leaves out is
                # minor: translators write "seven days a week" as 年中無休, a weekday as the date
                severity=None if others else Severity.MINOR,
                confidence=0.8,
                bead=k,
            )
