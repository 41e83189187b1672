"""TRM: user glossaries (``--glossary`` or ``glossary = [...]`` in the configuration).

The checks read ``ctx.resources["glossaries"]`` (paths) and compare each aligned bead: a glossary
source term in the bead's source must come out as one of its target terms, and no forbidden
rendering may appear anywhere in the translation.
"""

from __future__ import annotations

from . import Context, Flag, check
from ..glossary import Entry, load_glossaries
from ..model import Severity


def _entries(ctx: Context) -> list[Entry]:
    paths = tuple(ctx.resources.get("glossaries", ()))
    if not paths:
        return []
    return ctx.memo("terminology.entries", lambda: load_glossaries(
        paths, ctx.src_lang.code, ctx.tgt_lang.code))


def _find_all(text: str, term: str) -> list[int]:
    out, at = [], text.find(term)
    while at >= 0:
        out.append(at)
        at = text.find(term, at + len(term))
    return out


@check("TRM001", "glossary-term-missing", "minor", "Terminology/Wrong term")
def glossary_term_missing(ctx: Context):
    """A glossary source term whose required translation is not used.

    What it flags: a sentence pair (alignment bead) whose source contains a glossary source term
    (whole words; case-insensitive unless the term has inner capitals; simple plurals of
    lower-case words) while neither its target nor the neighbouring beads' targets contain any
    of the entry's target terms (nor a forbidden one: that is TRM002). The message quotes the glossary entry and where it is defined
    (`terms.csv:4`); the suggestion is the first target term.

    Why it matters: a publisher's glossary fixes how recurring names and terms are rendered
    (house style, official names); a feed that drifts from it reads inconsistently and may use
    names the publisher has retired.

    Example: glossary `howitzer,榴弾砲`; source "They fired a self-propelled howitzer.";
    translation 自走砲を発射した。 -> TRM001 'howitzer' -> 榴弾砲.

    Known problems: a term translated by a pronoun or left out for good style is flagged; the
    target match is an exact substring (no inflection, no width folding), so list the variants
    you accept (`オンライン会議|リモート会議`). Entries with only forbidden terms are never
    checked here. Severity comes from the entry's `severity` column when given.
    """
    entries = [e for e in _entries(ctx) if e.targets]
    if not entries:
        return
    for k, bead in enumerate(ctx.beads):
        if not bead.src or not bead.tgt:
            continue  # omissions and additions are OMI/ADD findings
        near = " ".join(ctx.target.segments[j].text for j in ctx.neighbour_target_ids(k))
        for entry in entries:
            pattern = entry.source_pattern()
            spans = [ctx.src_span(i, m.start(), m.end())
                     for i in bead.src for m in pattern.finditer(ctx.source.segments[i].text)]
            if not spans or any(t in near for t in entry.targets):
                continue
            if any(t in near for t in entry.forbidden):
                continue  # a forbidden rendering is there: TRM002 reports it, once
            yield Flag(
                message=f"glossary term {entry.describe()} is not used in the translation",
                source_spans=spans,
                target_spans=[ctx.tgt_span(j) for j in bead.tgt],
                suggestion=entry.targets[0],
                severity=Severity(entry.severity) if entry.severity else None,
                bead=k,
            )


@check("TRM002", "glossary-forbidden-term", "major", "Terminology/Wrong term")
def glossary_forbidden_term(ctx: Context):
    """A rendering the glossary forbids appears in the translation.

    What it flags: every occurrence, anywhere in the translation, of a glossary entry's forbidden
    target term (CSV `forbidden` column; TBX terms marked deprecated, superseded or not
    recommended). The source span is the entry's source term in the aligned source sentence
    when it is there. The suggestion is the entry's first required target term.

    Why it matters: forbidden renderings are the ones a publisher has decided against: outdated
    official names (キエフ for Kyiv since 2022), a competitor's product name, a term with a
    misleading sense. Publishing them is a visible error, so the default severity is major.

    Example: glossary `Kyiv,キーウ,キエフ`; translation キエフで会談した。 -> TRM002 forbidden
    'キエフ' (entry 'Kyiv' -> キーウ).

    Known problems: an exact substring match: a forbidden term inside a longer word
    (キエフ in キエフ・ルーシ, a historical state) is flagged too; quoting the old name on
    purpose is flagged. Suppress such cases with a `[[tool.mtqa.suppress]]` pattern.
    """
    entries = [e for e in _entries(ctx) if e.forbidden]
    for entry in entries:
        for term in entry.forbidden:
            for seg in ctx.target.segments:
                for at in _find_all(seg.text, term):
                    k = ctx.tgt_bead.get(seg.id)
                    src_spans = []
                    if k is not None:
                        pattern = entry.source_pattern()
                        src_spans = [ctx.src_span(i, m.start(), m.end())
                                     for i in ctx.beads[k].src
                                     for m in pattern.finditer(ctx.source.segments[i].text)]
                    yield Flag(
                        message=f"forbidden rendering '{term}' (glossary {entry.describe()})",
                        source_spans=src_spans,
                        target_spans=[ctx.tgt_span(seg.id, at, at + len(term))],
                        suggestion=entry.targets[0] if entry.targets else None,
                        severity=Severity(entry.severity) if entry.severity else None,
                        bead=k,
                    )
