"""ENT: named entities: missing, mistransliterated, inconsistent, outdated, left in Latin, common word.

All six ENT checks read one analysis per article (``mtqa.entities.match.analyse``, memoised on the
context): source names found by rules and gazetteers, their renderings in the aligned target
sentences, and a status per mention. The analysis is also put into the result as the
``entities`` table. A user's entity allowlist (``ctx.resources["entity_allowlist"]``: CSV or TOML,
English name -> accepted Japanese forms) overrides the built-in tables.
"""

from __future__ import annotations

from . import Context, Flag, check
from ..entities.gazetteer import load_allowlist
from ..entities.match import EntityResult, analyse, inconsistencies, table


def _analysis(ctx: Context) -> list[EntityResult]:
    results = analyse(ctx)
    if "entities" not in ctx.tables:
        ctx.tables["entities"] = table(results)
    return results


def _flags(ctx: Context, status: str):
    for er in _analysis(ctx):
        for res in er.results:
            if res.status == status:
                yield er, res


def _spans(ctx: Context, res):
    m, r = res.mention, res.rendering
    src = [ctx.source.span(m.start, m.end)]
    tgt = [ctx.target.span(r.start, r.end)] if r.start >= 0 else []
    return src, tgt


@check("ENT001", "entity-missing", "minor", "Accuracy/Omission")
def entity_missing(ctx: Context):
    """A person or place named in the source has no rendering in the translation.

    What it flags: a person's surname or a place name (each distinctive token: not an ordinary
    English word, not romanised Chinese/Japanese/Korean) in a source sentence whose aligned
    target sentences (and their neighbours) contain neither a known Japanese form (built-in
    table, JMnedict kanji or kana), nor the token in Latin script, nor a katakana stretch close
    to its transliteration, nor a dictionary translation of it. Partly rendered names are
    flagged too: `ジュゼッペ提督` for "Adm. Giuseppe Cavo Dragone" (no ドラゴーネ).

    Why it matters: the statement loses who said or did it, or where; readers cannot tell.

    Example: "said Gen. Dan Caine" translated as `米国の将軍は述べた` with no ケイン.

    Suggestion: the standard form when a table knows it, else the model's transliteration.

    Known problems: a dropped given name is not flagged (`トランプ大統領` is standard news
    style), nor a territorial designation or regnal name ("Joan I of Navarre" as `フアナ1世`),
    nor a surname mention after the full name (translators write 同氏), nor a capital that
    stands for its government ("Moscow maintains" as `ロシア側は`); names of works and
    organisations are not checked for omission, since their Japanese titles are often
    translations that only a table of official titles could confirm; an omitted sentence is
    OMI001.
    """
    for er, res in _flags(ctx, "missing"):
        src, _ = _spans(ctx, res)
        toks = [t for t, _, _ in res.mention.tokens]
        if res.missing and len(res.missing) < len(toks):
            what = ", ".join(f"'{t}'" for t in res.missing)
            msg = f"{what} of '{res.mention.text}' ({er.entity.type}) is not in the translation"
        else:
            msg = f"'{res.mention.text}' ({er.entity.type}) is not in the translation"
        yield Flag(message=msg, source_spans=src, suggestion=res.suggestion, confidence=0.6,
                   bead=res.bead)


@check("ENT002", "entity-mistransliterated", "minor", "Accuracy/Mistranslation")
def entity_mistransliterated(ctx: Context):
    """A katakana rendering that does not match the English name.

    What it flags: a name whose rendering was found (the run matches at least one of its
    tokens) but where a token's katakana is far from every accepted form: after folding ヴ/ブ,
    long vowels, ・, small kana and ッ, the edit-distance similarity is under 0.75 to the
    gazetteer forms (built-in table, JMnedict, JMdict loanword names, Wikidata name tokens) or
    under 0.6 to the e2k model's transliteration when no gazetteer knows the token. A token no
    gazetteer knows is also accepted when read as written (Recarte as レカルテ, which the
    English-trained model reads リカルト). Codes with digits (I-131, A380) are not names, nor
    is a capitalised ordinary word that no table knows as a name ("Dad", "Day" at the start of a
    sentence): the katakana near it says nothing about a name.

    Why it matters: a garbled name is the error readers notice first, and it can misattribute
    a statement to someone else.

    Example: `ヴォルディーミー・ゼレンスキー` for Volodymyr Zelensky (standard ウォロディミル).

    Suggestion: the standard full form when a table knows it, else the run with the bad token
    replaced by its best known form (or the model's).

    Known problems: names from languages whose Japanese reading differs from the English
    spelling (a German Michael as ミヒャエル) can be below the threshold when the gazetteer has
    only another reading; the allowlist fixes a recurring one. On professional translations
    most of its findings are such correct renderings (Aquilo as アクィロ) or runs matched to a
    cut name ("Orleans" of New Orleans), hence minor (``mtqa explain ENT002`` has the figures).
    """
    for er, res in _flags(ctx, "mistransliterated"):
        src, _ = _spans(ctx, res)
        bad = [t for t in res.rendering.tokens if not t.ok]
        tgt = [ctx.target.span(t.start, t.end) for t in bad] or \
            [ctx.target.span(res.rendering.start, res.rendering.end)]
        what = ", ".join(f"'{t.part}' for {t.token}" for t in bad)
        yield Flag(message=f"'{res.rendering.text}' does not match '{res.mention.text}': {what}",
                   source_spans=src, target_spans=tgt, suggestion=res.suggestion,
                   confidence=0.8, bead=res.bead)


@check("ENT003", "entity-inconsistent", "minor", "Fluency/Inconsistency")
def entity_inconsistent(ctx: Context):
    """The same name spelt two ways in one article.

    What it flags: one source entity (a full name and its later surname mentions are one
    entity) whose katakana for the same name token differs between mentions: `ラヴロフ` three
    times and `ラブロフ` once. The odd ones out are flagged; on a tie, the forms after the first.

    Why it matters: readers take two spellings for two people; it looks careless.

    Example: `セルゲイ・ラヴロフ外相` ... `とラブロフは述べた`.

    Suggestion: the majority spelling (or the allowlist's preferred form).

    Known problems: only spellings of one name are compared (similar katakana); a name rendered
    once in kanji and once in katakana is not compared.
    """
    allow = load_allowlist(ctx.resources.get("entity_allowlist"))
    for er in _analysis(ctx):
        for token, odd, ref, counts in inconsistencies(er, allow):
            tally = ", ".join(f"{v} ({n})" for v, n in counts.most_common())
            for t in odd:
                yield Flag(message=f"'{token}' is written {tally} in this article",
                           target_spans=[ctx.target.span(t.start, t.end)],
                           source_spans=[ctx.source.span(er.results[0].mention.start,
                                                         er.results[0].mention.end)],
                           suggestion=ref, confidence=0.9,
                           bead=ctx.tgt_bead.get(_seg_of(ctx, t.start)))


def _seg_of(ctx: Context, offset: int) -> int:
    for seg in ctx.target.segments:
        if seg.start <= offset < seg.end:
            return seg.id
    return -1


@check("ENT004", "entity-outdated-name", "major", "Terminology/Outdated")
def entity_outdated(ctx: Context):
    """An outdated official place name: `キエフ` where the Japanese government now writes `キーウ`.

    What it flags: the old Japanese form of a place named in the source, from the shipped table
    `src/mtqa/data/placenames.tsv` (キエフ -> キーウ, オデッサ -> オデーサ, チェルノブイリ ->
    チョルノービリ, ハリコフ -> ハルキウ, グルジア -> ジョージア, ...; each row cites its source).

    Why it matters: Japanese media and the government switched to the new forms (Ukrainian
    names since 2022-03-31); the old form reads as dated or politically loaded.

    Example: "security guarantees for Kyiv" as `キエフに提供`.

    Suggestion: the current official form.

    Known problems: historical contexts (キエフ大公国, "Kiev" in a 1990s quotation) may want the
    old form; the allowlist accepts it per name.
    """
    for er, res in _flags(ctx, "outdated"):
        src, tgt = _spans(ctx, res)
        yield Flag(message=f"outdated name '{res.rendering.text}' for {res.mention.text}; "
                           f"the official form is {res.suggestion}",
                   source_spans=src, target_spans=tgt, suggestion=res.suggestion, bead=res.bead)


@check("ENT005", "entity-left-in-latin", "minor", "Accuracy/Untranslated")
def entity_left_in_latin(ctx: Context):
    """A person or place name left in Latin script inside the Japanese text.

    What it flags: a person, place or other name (not an acronym, a one-word organisation, a
    product, a brand spelling such as JavaScript or A319neo, or a photo credit such as
    "Maksym Kishka/Reuters") that appears in the aligned
    target sentence in Latin letters, in whole or in part (`Ayman・サファディ`), and a
    title-case phrase of the source (a work's title such as "The War of the Worlds") copied
    into the Japanese unchanged.

    Why it matters: Japanese news writes foreign names in katakana; a Latin name in a Japanese
    sentence is unfinished work and readers may not know how to read it.

    Example: `と軍のスポークスマンであるKened Sadikuは書いています` (ケネド・サディク).

    Suggestion: the standard form when a table knows it, else the transliteration model's.

    Known problems: names conventionally kept in Latin (some artists, stage names, titles such
    as 『LOST』) are flagged; add them to the allowlist with the Latin form as an accepted
    form. An English note or an echo of the source appended to a good translation is flagged
    here too (the name is in it).
    """
    for er, res in _flags(ctx, "latin"):
        src, tgt = _spans(ctx, res)
        yield Flag(message=f"'{res.mention.text}' left in Latin script",
                   source_spans=src, target_spans=tgt, suggestion=res.suggestion,
                   confidence=0.8, bead=res.bead)


@check("ENT006", "entity-common-word", "minor", "Accuracy/Mistranslation")
def entity_common_word(ctx: Context):
    """A proper noun translated as the common word it is spelt like.

    What it flags: a single-word name (a platform, product, person or place) that has no
    rendering as a name in the aligned target sentence, while the Japanese for the ordinary
    English word (from JMdict) is there: the app Telegram as `電報` ("telegram"). Only words a
    table knows as names count (the built-in products and platforms, JMnedict names written in
    katakana): a capitalised ordinary word at the start of a sentence or in a heading
    ("Republican", "Police", "Something") is that word, and its common translation is right.

    Why it matters: the sentence now says something else (a telegram post, not a Telegram
    post), and the reader loses the name.

    Example: "in a Telegram post" as `電報投稿で`.

    Suggestion: the name's katakana (テレグラム).

    Known problems: only single-word names, and not words inside a title-case phrase made of
    ordinary words ("Monday's Child", "The Princess and the Pea": a work's title is translated
    word by word); a name that really is used in its common meaning nearby in the same
    sentence can be flagged.
    """
    for er, res in _flags(ctx, "common-word"):
        src, tgt = _spans(ctx, res)
        yield Flag(message=f"'{res.mention.text}' translated as the common word "
                           f"'{res.rendering.text}'",
                   source_spans=src, target_spans=tgt, suggestion=res.suggestion,
                   confidence=0.8, bead=res.bead)
