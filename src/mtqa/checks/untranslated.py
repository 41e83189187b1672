"""UNT: text left in the source language: the whole translation, whole sentences, single words."""

from __future__ import annotations

import re

from . import Context, Flag, check
from ..dictionary import japanese_for
from ..lang import script_share
from ._text import UNITS, is_credit, is_han, is_katakana
from .boilerplate import chrome_segments

_WORD = re.compile(r"[A-Za-z][A-Za-z'’-]*[A-Za-z]|[A-Za-z]")
# Kept as they are by any translation: URLs, e-mail addresses, hashtags, @handles, $cashtags,
# HTML tags.
_URLISH = re.compile(r"(?:https?://|www\.)\S+|\S+@\S+\.\w+|#\w+|@\w+|\$[A-Za-z]\w*"
                     r"|</?[A-Za-z][^<>\n]{0,200}[>/<]")


def document_untranslated(ctx: Context) -> bool:
    """True when the translation is written in the source language's scripts, not the target's."""
    def make() -> bool:
        if ctx.src_lang.scripts == ctx.tgt_lang.scripts:
            return False  # e.g. en -> fr: scripts cannot tell; a language identifier would
        # what stays as it is in any translation (_URLISH) does not count: a post that is only
        # a link, a handle or markup ("@user17", "彼の最新のニュースレター: https://...",
        # "<div id=sec1></div>") is not untranslated
        text = _URLISH.sub(" ", ctx.target.text)
        if len(_WORD.findall(text)) < 3:
            return False
        tgt_share = script_share(text, ctx.tgt_lang.scripts)
        src_like = script_share(text, ctx.src_lang.scripts)
        return tgt_share < 0.3 and src_like > 0.6

    return ctx.memo("untranslated.document", make)


@check("UNT001", "untranslated-document", "critical", "Accuracy/Untranslated")
def untranslated_document(ctx: Context):
    """The translation is still in the source language.

    What it flags: a target document whose letters are mostly in the source language's script
    (over 60% Latin letters and under 30% kana/kanji for English -> Japanese), not counting
    URLs, e-mail addresses, hashtags, @handles, $cashtags and HTML tags, and with at least three
    words left.

    Why it matters: nothing was translated; publishing it would put English text in a Japanese
    feed. The gate fails on it.

    Example: the MT file is a copy of the English source, or the MT step silently failed.

    Known problems: language pairs that share a script (en -> fr) cannot be told apart by
    script; this check does not fire for them.
    """
    if document_untranslated(ctx):
        yield _whole_document(ctx, ctx.src_lang.name)


def _whole_document(ctx: Context, language: str) -> Flag:
    """The finding of a translation written in ``language`` instead of the target language."""
    segs = ctx.target.segments
    return Flag(
        message=f"the translation is in {language}, not {ctx.tgt_lang.name}",
        target_spans=[ctx.target.span(segs[0].start, segs[-1].end)] if segs else [],
        suggestion=f"translate the article into {ctx.tgt_lang.name}",
    )


@check("UNT002", "untranslated-sentence", "major", "Accuracy/Untranslated")
def untranslated_sentence(ctx: Context):
    """A whole sentence of the translation left in the source language.

    What it flags: a target sentence with at least three words whose letters are almost all in
    the source language's script, when the rest of the article is translated. Page chrome
    (BLP001) and credit lines ("Maksym Kishka/Reuters") are not flagged here.

    Why it matters: readers of the translation cannot read it.

    Example: `"We are united," he wrote.` left in English inside a Japanese article.

    Known problems: a sentence that is only names (a list of participants) is flagged.
    """
    if document_untranslated(ctx) or ctx.src_lang.scripts == ctx.tgt_lang.scripts:
        return
    chrome = chrome_segments(ctx, "target")
    for seg in ctx.target.segments:
        if seg.id in chrome or is_credit(seg.text):
            continue
        words = _WORD.findall(_URLISH.sub(" ", seg.text))
        if len(words) < 3:
            continue
        if script_share(seg.text, ctx.tgt_lang.scripts) > 0.15:
            continue
        if all(w[0].isupper() for w in words) and len(words) <= 4:
            continue  # a name or a title: the entity checks judge those
        k = ctx.tgt_bead.get(seg.id)
        src_ids = list(ctx.beads[k].src) if k is not None else []
        yield Flag(
            message=f"sentence left in {ctx.src_lang.name}",
            target_spans=[ctx.tgt_span(seg.id)],
            source_spans=[ctx.src_span(i) for i in src_ids],
            suggestion=f"translate it into {ctx.tgt_lang.name}",
            bead=k,
        )


@check("UNT003", "untranslated-word", "minor", "Accuracy/Untranslated")
def untranslated_word(ctx: Context):
    """English words left inside a Japanese sentence.

    What it flags: lower-case source-language words standing in a sentence that is otherwise in
    the target language (`the summitはジュネーブで`). Acronyms (NATO, ICC), capitalised names
    and the small words inside them (Public Employees *for* Environmental Responsibility: the
    entity checks judge names), units after numbers (10km), URLs, e-mail addresses, hashtags,
    file names and model numbers (page.html, A319neo) and fragments fused into a Japanese word
    (GRB001) are not flagged here.

    Why it matters: a reader without English loses the word's meaning.

    Example: `ウクライナのsecurity guaranteesについて協議した` (security guarantees: 安全の保証).

    Suggestion: the word's JMdict rendering when there is one.

    Known problems: lower-case brand names (iPhone's "iPhone" is fine, but "eBay" starts
    lower-case) are flagged.
    """
    if document_untranslated(ctx) or ctx.src_lang.scripts == ctx.tgt_lang.scripts:
        return
    for seg in ctx.target.segments:
        text = seg.text
        if script_share(text, ctx.tgt_lang.scripts) < 0.5:
            continue
        masked = _URLISH.sub(lambda m: " " * len(m.group(0)), text)
        masked = _CODE_TOKEN.sub(lambda m: " " * len(m.group(0)), masked)
        words = list(_WORD.finditer(masked))
        run: list[re.Match[str]] = []
        runs: list[list[re.Match[str]]] = []
        for i, m in enumerate(words):
            w, s, e = m.group(0), m.start(), m.end()
            before = text[s - 1] if s else ""
            after = text[e] if e < len(text) else ""
            fused = (before and (is_han(before) or is_katakana(before))) or (
                after and (is_han(after) or is_katakana(after)))
            ok = (w[0].islower() and len(w) >= 2 and not fused
                  and not (w.lower() in UNITS and s and text[s - 1].isdigit())
                  and not _in_latin_name(words, i, masked))
            if ok:
                if run and text[run[-1].end():s].strip() == "":
                    run.append(m)
                else:
                    if run:
                        runs.append(run)
                    run = [m]
            elif run:
                runs.append(run)
                run = []
        if run:
            runs.append(run)
        for r in runs:
            s, e = r[0].start(), r[-1].end()
            phrase = text[s:e]
            content = [m.group(0) for m in r if len(m.group(0)) > 3] or [r[-1].group(0)]
            options = japanese_for(content[-1]) if len(r) == 1 else ()
            yield Flag(
                message=f"{ctx.src_lang.name} left untranslated: '{phrase}'",
                target_spans=[ctx.tgt_span(seg.id, s, e)],
                suggestion=options[0] if options else None,
                bead=ctx.tgt_bead.get(seg.id),
            )


# A word inside a code, file name or model number, kept as written: page.html, A319neo, my_var
_CODE_TOKEN = re.compile(r"[A-Za-z0-9_]*(?:[0-9_][A-Za-z]|[A-Za-z][0-9_]|[A-Za-z]\.[A-Za-z])"
                         r"[A-Za-z0-9_.]*")


def _in_latin_name(words: list[re.Match[str]], i: int, text: str) -> bool:
    """A lower-case word between capitalised Latin words of one phrase (Public Employees *for*
    Environmental Responsibility): part of a name kept in Latin letters, the entity checks' to
    judge. Neighbours count when only spaces separate them."""
    def cap(j: int) -> bool:
        return 0 <= j < len(words) and words[j].group(0)[0].isupper()

    def joined(a: int, b: int) -> bool:
        return text[words[a].end():words[b].start()].strip() == ""

    j = i - 1
    while j >= 0 and joined(j, j + 1) and not cap(j):
        j -= 1
    k = i + 1
    while k < len(words) and joined(k - 1, k) and not cap(k):
        k += 1
    return (j >= 0 and joined(j, j + 1) and cap(j)) and (k < len(words) and joined(k - 1, k)
                                                         and cap(k))


def foreign_spans(ctx: Context) -> dict[int, list[tuple[int, int, str]]]:
    """Per target segment, the stretches in a third language (``Language.foreign_text``), less
    those copied from the source (a Korean name quoted in the English original stays as is)."""
    def make() -> dict[int, list[tuple[int, int, str]]]:
        out: dict[int, list[tuple[int, int, str]]] = {}
        src = ctx.source.text
        for seg in ctx.target.segments:
            spans = [(s, e, lang) for s, e, lang in ctx.tgt_lang.foreign_text(seg.text)
                     if seg.text[s:e] not in src]
            if spans:
                out[seg.id] = spans
        return out

    return ctx.memo("untranslated.foreign", make)


def document_wrong_language(ctx: Context) -> str | None:
    """The language most of the translation is in, when that is a third language."""
    def make() -> str | None:
        if document_untranslated(ctx):
            return None
        letters: dict[str, int] = {}
        for seg_id, spans in foreign_spans(ctx).items():
            text = ctx.target.segments[seg_id].text
            for s, e, lang in spans:
                letters[lang] = letters.get(lang, 0) + sum(1 for ch in text[s:e] if ch.isalpha())
        total = sum(1 for ch in ctx.target.text if ch.isalpha())
        if not letters or not total:
            return None
        lang, n = max(letters.items(), key=lambda kv: kv[1])
        return lang if sum(letters.values()) / total > 0.5 else None

    return ctx.memo("untranslated.wrong_document", make)


@check("UNT004", "wrong-language-document", "critical", "Accuracy/Wrong language")
def wrong_language_document(ctx: Context):
    """The translation is in a third language, neither the source's nor the target's.

    What it flags: a target document most of whose letters are in another language: Korean
    (Hangul), Chinese (sentences of kanji with no kana, with simplified-only characters such
    as 这, 们, 时 or Chinese function words), Cyrillic or another script.

    Why it matters: multilingual MT models (NLLB, M2M-100, LLMs) sometimes translate into the
    wrong language ("off-target translation"); a Japanese feed must not carry it. The gate
    fails on it.

    Example: `部长们周二在布鲁塞尔开会讨论预算。` (Chinese) as the "Japanese" translation.

    Known problems: Chinese is told from Japanese by script only: a Chinese text written only
    with characters Japanese shares, and without Chinese function words, is not recognised.
    """
    lang = document_wrong_language(ctx)
    if lang is not None:
        yield _whole_document(ctx, lang)


@check("UNT005", "wrong-language-text", "major", "Accuracy/Wrong language")
def wrong_language_text(ctx: Context):
    """A sentence or phrase of the translation in a third language.

    What it flags: Korean (Hangul) words, Cyrillic or other non-Japanese scripts inside the
    Japanese text, and whole sentences in Chinese (kanji without kana, with simplified-only
    characters or Chinese function words), unless the same text stands in the source (a name
    quoted in its original script).

    Why it matters: off-target output is a known failure of multilingual MT (NLLB and M2M-100
    mix Korean into Japanese; LLMs switch to Chinese); readers cannot read it.

    Example: `パガニニテーマによる 광시곡のメインテーマは?` (광시곡, "rhapsody": 狂詩曲).

    Known problems: a Chinese phrase inside a Japanese sentence is not flagged (kanji alone
    cannot tell); Greek letters and other single symbols (β) are ignored.
    """
    if document_untranslated(ctx) or document_wrong_language(ctx):
        return
    for seg_id, spans in sorted(foreign_spans(ctx).items()):
        k = ctx.tgt_bead.get(seg_id)
        src_ids = list(ctx.beads[k].src) if k is not None else []
        text = ctx.target.segments[seg_id].text
        for s, e, lang in spans:
            whole = s == 0 and e >= len(text.rstrip())
            yield Flag(
                message=(f"sentence in {lang}, not {ctx.tgt_lang.name}" if whole
                         else f"{lang} text inside the {ctx.tgt_lang.name}: '{text[s:e]}'"),
                target_spans=[ctx.tgt_span(seg_id, s, e)],
                source_spans=[ctx.src_span(i) for i in src_ids],
                suggestion=f"translate it into {ctx.tgt_lang.name}",
                bead=k,
            )
