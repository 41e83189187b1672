"""BLP: page chrome (navigation, widgets, comment forms, disclaimers) that leaked into an article."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path

from . import Context, Flag, check


@dataclass(frozen=True)
class ChromeRule:
    lang: str
    kind: str
    whole: bool
    pattern: re.Pattern[str]
    what: str


def parse_rules(text: str, origin: str) -> list[ChromeRule]:
    rules = []
    for n, line in enumerate(text.splitlines(), 1):
        if not line.strip() or line.startswith("#"):
            continue
        parts = line.split("\t")
        if len(parts) != 5:
            raise ValueError(f"{origin}:{n}: expected 5 tab-separated fields, got {len(parts)}")
        lang, kind, match, pattern, what = parts
        flags = re.IGNORECASE
        body = rf"(?:{pattern})" if match == "contains" else rf"[\s\"'“”「」（）()]*(?:{pattern})[\s.。:：]*"
        rules.append(ChromeRule(lang, kind, match == "whole", re.compile(body, flags), what))
    return rules


@lru_cache(maxsize=8)
def load_rules(extra: tuple[str, ...] = ()) -> tuple[ChromeRule, ...]:
    text = resources.files("mtqa.data").joinpath("boilerplate.tsv").read_text(encoding="utf-8")
    rules = parse_rules(text, "boilerplate.tsv")
    for path in extra:
        rules += parse_rules(Path(path).read_text(encoding="utf-8"), path)
    return tuple(rules)


def chrome_match(text: str, lang: str, rules: tuple[ChromeRule, ...] | None = None,
                 max_len: int | None = 400) -> tuple[ChromeRule, int, int] | None:
    """The first rule that says ``text`` (one sentence) is page chrome, with the matched range;
    sentences longer than ``max_len`` are article text, not chrome."""
    stripped = text.strip()
    if not stripped or (max_len is not None and len(stripped) > max_len):
        return None
    for rule in rules if rules is not None else load_rules():
        if rule.lang not in ("*", lang):
            continue
        if rule.whole:
            if rule.pattern.fullmatch(stripped):
                return rule, 0, len(text)
        else:
            m = rule.pattern.search(text)
            if m:
                return rule, 0, len(text)
    return None


def chrome_segments(ctx: Context, side: str) -> dict[int, ChromeRule]:
    """Segment id -> rule for the chrome sentences of one side, computed once per article."""
    def make() -> dict[int, ChromeRule]:
        doc, lang = (ctx.source, ctx.src_lang) if side == "source" else (ctx.target, ctx.tgt_lang)
        rules = load_rules(tuple(ctx.resources.get("chrome_files", ())))
        out = {}
        for seg in doc.segments:
            hit = chrome_match(seg.text, lang.code, rules)
            if hit:
                out[seg.id] = hit[0]
        return out

    return ctx.memo(f"chrome.{side}", make)


@check("BLP001", "page-chrome", "major", "Accuracy/Addition")
def page_chrome(ctx: Context):
    """Page chrome in the translation: navigation, widgets, comment forms, aggregator disclaimers.

    What it flags: a target sentence that is website furniture rather than article text: "Back to
    top button", "Related Articles", photo-gallery widget text ("Open this photo in gallery:"),
    comment-form text ("Leave a comment", "Your email address will not be published"), category
    labels ("Press release") and aggregator disclaimers ("auto-generated from a syndicated feed").
    The source sentence is highlighted too when the chrome was in the source and got translated.

    Why it matters: readers see it as part of the article; it shows the text was scraped and
    published without an editor.

    Example: target `コメントを残す` (Leave a comment) after the last paragraph.

    Options: extra rules in the same format as the shipped `mtqa/data/boilerplate.tsv`
    (lang, kind, whole|contains, regular expression, description) with `--chrome FILE`.

    Known problems: a real sentence that is only a category word (一 line reading 国際) is taken
    for a label.
    """
    target = chrome_segments(ctx, "target")
    source = chrome_segments(ctx, "source")
    for seg_id, rule in sorted(target.items()):
        k = ctx.tgt_bead.get(seg_id)
        src_ids = [i for i in (ctx.beads[k].src if k is not None else ()) if i in source]
        where = "also in the source" if src_ids else "not in the source"
        yield Flag(
            message=f"page chrome ({rule.kind}: {rule.what}), {where}",
            target_spans=[ctx.tgt_span(seg_id)],
            source_spans=[ctx.src_span(i) for i in src_ids],
            suggestion="delete this text from the article",
            bead=k,
        )


@lru_cache(maxsize=1)
def commentary_rules() -> tuple[ChromeRule, ...]:
    text = resources.files("mtqa.data").joinpath("commentary.tsv").read_text(encoding="utf-8")
    return tuple(parse_rules(text, "commentary.tsv"))


def _talks_about_translating(text: str) -> bool:
    return bool(re.search(r"translat|翻訳|訳", text, re.IGNORECASE))


@check("ADD002", "mt-commentary", "major", "Accuracy/Addition")
def mt_commentary(ctx: Context):
    """What the MT system wrote about the translation: notes, alternatives, refusals, chat.

    What it flags: a target sentence that talks about the translation instead of translating,
    by a rule of the shipped `mtqa/data/commentary.tsv`: translator's notes (`(Note: ...)`,
    `（訳注：...）`), code fences around the output, preambles (`Here is the translation:`,
    `日本語訳：`), alternatives and questions to the user (`Both options are valid`, `文脈に応じて、
    より...`, `Please provide more context`) and refusals (`I apologize, but I cannot translate
    ...`). Not flagged when the aligned source itself talks about translating.

    Why it matters: large language models used as MT add such remarks; published, they show
    readers that nobody read the text, and the alternatives leave the choice undone.

    Example: `これはちょっとひどいですね。 Here are some other options, depending on the context`.

    Known problems: a translation of an article about translation can match a Japanese rule;
    only the phrasings in the rule file are known.
    """
    rules = commentary_rules()
    for seg in ctx.target.segments:
        hit = chrome_match(seg.text, ctx.tgt_lang.code, rules, None) or chrome_match(
            seg.text, ctx.src_lang.code, rules, None)
        if not hit:
            continue
        k = ctx.tgt_bead.get(seg.id)
        src = " ".join(ctx.source.segments[i].text for i in ctx.neighbour_source_ids(k)) \
            if k is not None else ""
        if _talks_about_translating(src) or (src and chrome_match(src, ctx.src_lang.code, rules,
                                                                  None)):
            continue
        yield Flag(
            message=f"the MT system's own words ({hit[0].kind}: {hit[0].what}), not a translation",
            target_spans=[ctx.tgt_span(seg.id)],
            suggestion="delete it (and choose one translation where alternatives are given)",
            bead=k,
        )
