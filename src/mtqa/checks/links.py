"""LNK: what a translation must copy as it is: web addresses, e-mail addresses, @handles."""

from __future__ import annotations

import re

from . import Context, Flag, check
from ..model import Severity

# ASCII only: in Japanese text a link runs straight into the next word (https://example.comで).
_ADDRESS = (r"(?:https?://|www\.)[!-~]+"
            r"|(?<![A-Za-z0-9._%+-])[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+")
# Addresses are matched first at any position, so the @ of an e-mail address never starts a
# handle; handles may follow each other (@user14@user13).
_LINK = re.compile(_ADDRESS + r"|@[A-Za-z0-9_]{2,}")
# In the translation a handle may come out with its words translated (@ユーザー17).
_TARGET_LINK = re.compile(_ADDRESS + r"|@[A-Za-z0-9_]{2,}|@[\u30a0-\u30ff][\u30a0-\u30ffA-Za-z0-9_]+")
_TRAILING = ".,;:!?)]}\"'"


def _links(text: str, pattern: re.Pattern = _LINK) -> list[tuple[str, int, int]]:
    """(link, start, end) in ``text``, sentence punctuation after a link left out."""
    out = []
    for m in pattern.finditer(text):
        link = m.group(0)
        while link and link[-1] in _TRAILING and not (link[-1] == ")" and "(" in link):
            link = link[:-1]
        if len(link) > 2:
            out.append((link, m.start(), m.start() + len(link)))
    return out


# Full-width ASCII (＠, ｗｗｗ, ／) to ASCII, one character for one, so offsets survive.
_FULL_WIDTH = {c: c - 0xFEE0 for c in range(0xFF01, 0xFF5F)}


def _fold(text: str) -> str:
    return text.translate(_FULL_WIDTH)


def _kind(link: str) -> str:
    if link.startswith("@"):
        return "handle"
    if "@" in link and "://" not in link:
        return "e-mail address"
    return "web address"


def _similar(a: str, b: str) -> float:
    from rapidfuzz.fuzz import ratio

    return ratio(a.lower(), b.lower())


def _aligned_range(ctx: Context, k: int | None) -> tuple[int, int]:
    """Character range of bead ``k``'s target sentences (empty when it has none)."""
    if k is None or not ctx.beads[k].tgt:
        return (0, 0)
    ids = ctx.beads[k].tgt
    return ctx.target.segments[ids[0]].start, ctx.target.segments[ids[-1]].end


def _changed(link: str, candidates: list[int], tgt_links, aligned: tuple[int, int]) -> int | None:
    """The target link that ``link`` became: the most similar one of its kind (fuzzy ratio of
    60 or more), or else the only one of its kind in the aligned sentences (@ユーザー17)."""
    scored = sorted(((_similar(link, tgt_links[i][0]), i) for i in candidates), reverse=True)
    if scored and scored[0][0] >= 60:
        return scored[0][1]
    inside = [i for i in candidates if aligned[0] <= tgt_links[i][1] < aligned[1]]
    return inside[0] if len(inside) == 1 else None


@check("LNK001", "link-mismatch", "major", "Accuracy/Mistranslation")
def link_mismatch(ctx: Context):
    """A web address, e-mail address or @handle of the source that the translation drops or
    changes.

    What it flags: each link of the source (http(s)://..., www...., name@example.org,
    @handle) that does not occur as it is in the translation (full-width letters and ＠
    read as ASCII). When the translation has a link of the same kind within a fuzzy
    ratio of 60, that one is the finding's target span (changed); otherwise the aligned
    sentences are (dropped). Severity: major for web and e-mail addresses (a reader following
    a changed link lands elsewhere, or nowhere); minor for @handles.

    Why it matters: links are copied, never translated; machine translation still drops them,
    breaks them at a Japanese particle, or translates their words (`@user17` as `@ユーザー17`).

    Example: "Read more at https://example.org/report." ->
    `詳しくはhttps://example.org/reportsを参照。`: `https://example.org/reports` is flagged (changed).

    Known problems: a translator may drop a handle at the start of a reply on purpose; hashtags
    are not judged (translating a hashtag is an editorial choice).
    """
    tgt_links = _links(_fold(ctx.target.text), _TARGET_LINK)
    present = {link for link, _, _ in tgt_links}
    source_links = {_fold(link) for seg in ctx.source.segments for link, _, _ in _links(seg.text)}
    used: set[int] = set()
    for seg in ctx.source.segments:
        for link, s, e in _links(seg.text):
            if _fold(link) in present:
                continue
            kind = _kind(link)
            k = ctx.src_bead.get(seg.id)
            candidates = [i for i, (t, _, _) in enumerate(tgt_links)
                          if i not in used and t not in source_links and _kind(t) == kind]
            changed = _changed(link, candidates, tgt_links, _aligned_range(ctx, k))
            severity = Severity.MINOR if kind == "handle" else None
            if changed is not None:
                used.add(changed)
                t, ts, te = tgt_links[changed]
                yield Flag(message=f"{kind} {link!r} changed in the translation to "
                                   f"{ctx.target.text[ts:te]!r}",
                           source_spans=[ctx.src_span(seg.id, s, e)],
                           target_spans=[ctx.target.span(ts, te)],
                           suggestion=link, severity=severity, bead=k)
            else:
                tgt_ids = ctx.beads[k].tgt if k is not None else ()
                yield Flag(message=f"{kind} {link!r} is missing from the translation",
                           source_spans=[ctx.src_span(seg.id, s, e)],
                           target_spans=[ctx.tgt_span(j) for j in tgt_ids],
                           suggestion=f"copy {link} into the translation", severity=severity,
                           bead=k)
