"""GRB: garbled output: Latin fragments fused into Japanese words, mojibake, runaway repetition."""

from __future__ import annotations

import re

from . import Context, Flag, check
from ..dictionary import japanese_for
from ..model import Severity
from ._text import UNITS, is_han, is_katakana

_LATIN_RUN = re.compile(r"[A-Za-z]+")
_EN_WORD = re.compile(r"[A-Za-z][A-Za-z'-]*")


def _jp_run(text: str, start: int, step: int, limit: int = 6) -> str:
    """Kanji/katakana characters next to ``start`` going left (step -1) or right (+1)."""
    out = []
    i = start
    while 0 <= i < len(text) and len(out) < limit and (is_han(text[i]) or is_katakana(text[i])):
        out.append(text[i])
        i += step
    return "".join(out if step > 0 else reversed(out))


def _source_word(fragment: str, words: list[tuple[str, int, int]], fused_left: bool,
                 fused_right: bool) -> tuple[str, int, int] | None:
    """The source word a fragment was cut from: 'how' + 弾砲 -> howitzer, 誘 + 'duction' -> abduction."""
    f = fragment.lower()
    best, best_score = None, 0.0
    for w, s, e in words:
        wl = w.lower()
        if len(wl) <= len(f) or f not in wl:
            continue
        score = len(f) / len(wl)
        if fused_right and wl.startswith(f):
            score += 1.0
        if fused_left and wl.endswith(f):
            score += 1.0
        if score > best_score:
            best, best_score = (w, s, e), score
    return best


def _kept_from_source(frag: str, words: list[tuple[str, int, int]], fused_left: bool,
                      fused_right: bool) -> bool:
    """Whether the translator kept a Latin term of the source on purpose: the fragment is a whole
    word of the aligned source (a product name in lower case), or a one-letter prefix of a
    source word that is a prefix there too (eReader as eリーダー, egift as eギフト, s-Video as
    sビデオ)."""
    if any(w == frag for w, _, _ in words):
        return True
    if len(frag) == 1 and fused_right and not fused_left:
        for w, _, _ in words:
            if len(w) > 2 and w[0].lower() == frag and (
                    w[1].isupper() or w[1] in "-\u2010\u2212" or japanese_for(w[1:].lower())):
                return True
    return False


def _lemmas(word: str) -> list[str]:
    w = word.lower()
    out = [w]
    if w.endswith("ies"):
        out.append(w[:-3] + "y")
    if w.endswith("es"):
        out.append(w[:-2])
    if w.endswith("s"):
        out.append(w[:-1])
    return out


def _common_run(a: str, b: str) -> int:
    """Length of the longest common substring of two short strings."""
    best = 0
    for i in range(len(a)):
        for j in range(i + best + 1, len(a) + 1):
            if a[i:j] in b:
                best = j - i
            else:
                break
    return best


def _suggest(word: str, left: str, right: str) -> tuple[str | None, int, int]:
    """Best dictionary rendering of ``word`` and how many kanji/katakana on each side it covers."""
    candidates: list[str] = []
    for lemma in _lemmas(word):
        candidates.extend(c for c in japanese_for(lemma) if c not in candidates)
    best, best_key, take_l, take_r = None, (0, 0), 0, 0
    for rank, cand in enumerate(candidates):
        # how many of the fused neighbours are part of this candidate (弾砲 in 榴弾砲)
        r = max((n for n in range(len(right), 0, -1) if right[:n] in cand), default=0)
        ll = max((n for n in range(len(left), 0, -1) if left[-n:] in cand), default=0)
        key = (r + ll, -rank)
        if best is None or key > best_key:
            best, best_key, take_l, take_r = cand, key, ll, r
    return best, take_l, take_r


@check("GRB001", "latin-fragment-fused", "major", "Fluency/Garbled")
def latin_fragment_fused(ctx: Context):
    """A Latin-script fragment fused into a Japanese word: `how弾砲`, `誘duction`.

    What it flags: a run of lower-case Latin letters written directly against kanji or katakana,
    the mark of a translation system that emitted part of an English word and part of its
    Japanese rendering. The fused kanji/katakana are part of the span.

    Why it matters: the word is unreadable; readers cannot tell what was meant.

    Example: `自己投与how弾砲を発射` for "fire a self-propelled howitzer": the intended word is
    榴弾砲. `子供たちの誘ductionに関与` for "the abduction of children": 誘拐.

    Suggestion: the source word the fragment was cut from is found in the aligned source
    sentence (`how` -> howitzer), and its JMdict rendering that shares the fused kanji (弾砲 ->
    榴弾砲) is suggested.

    Not flagged: units after digits (10km先); a brand's own mixed-case spelling (eBay経由, iOS版);
    a word the aligned source has as it stands; a one-letter prefix the source also writes as a
    prefix (eReader as eリーダー, s-Video as sビデオ).

    Known problems: a lower-case brand name not in the source written against katakana
    (eスポーツ for "esports" is caught by the prefix rule, other brands are not known).
    """
    for seg in ctx.target.segments:
        text = seg.text
        k = ctx.tgt_bead.get(seg.id)
        for m in _LATIN_RUN.finditer(text):
            frag, s, e = m.group(0), m.start(), m.end()
            if not frag[0].islower():
                continue  # acronyms and names (NATO軍, Apple社) are written this way on purpose
            if any(ch.isupper() for ch in frag[1:]):
                continue  # a brand's own spelling (eBay経由, iOS版, macOS版): a name kept in Latin
            before = text[s - 1] if s else ""
            after = text[e] if e < len(text) else ""
            fused_left = bool(before) and (is_han(before) or is_katakana(before))
            fused_right = bool(after) and (is_han(after) or is_katakana(after))
            if not (fused_left or fused_right):
                continue
            if frag.lower() in UNITS and s >= 1 and text[s - 1].isdigit():
                continue
            left = _jp_run(text, s - 1, -1) if fused_left else ""
            right = _jp_run(text, e, 1) if fused_right else ""
            words: list[tuple[str, int, int]] = []
            for i in ctx.neighbour_source_ids(k, 0) if k is not None else []:
                src = ctx.source.segments[i]
                words.extend((w.group(0), src.start + w.start(), src.start + w.end())
                             for w in _EN_WORD.finditer(src.text))
            if _kept_from_source(frag, words, fused_left, fused_right):
                continue
            found = _source_word(frag, words, fused_left, fused_right)
            suggestion, take_l, take_r = (None, 0, 0)
            if found:
                suggestion, take_l, take_r = _suggest(found[0], left, right)
            if suggestion is None:  # no dictionary help: take the fused neighbours, up to 3
                take_l, take_r = min(len(left), 3), min(len(right), 3)
            span_s, span_e = s - take_l, e + take_r
            if take_l == take_r == 0:
                span_s, span_e = s - (1 if fused_left else 0), e + (1 if fused_right else 0)
            garbled = text[span_s:span_e]
            msg = f"Latin fragment '{frag}' fused into a Japanese word: '{garbled}'"
            if found:
                msg += f" (source word '{found[0]}')"
            yield Flag(
                message=msg,
                target_spans=[ctx.tgt_span(seg.id, span_s, span_e)],
                source_spans=[ctx.source.span(found[1], found[2])] if found else [],
                suggestion=suggestion,
                confidence=0.9 if found else 0.7,
                bead=k,
            )


# UTF-8 continuation bytes (0x80-0xBF) as Windows-1252 shows them: the tail of a mis-decoded
# multi-byte character.
_CONT = re.escape(bytes(range(0x80, 0xC0)).decode("cp1252", errors="ignore") + "\x81\x8d\x8f\x90\x9d")
_MOJIBAKE = re.compile(
    "\ufffd"
    f"|[ÃÂÅÆ][{_CONT}]"          # é -> Ã©, two-byte Latin characters
    f"|[â][{_CONT}]{{2}}"         # ’ -> â€™, three-byte punctuation
    f"|[ãäåæçè][{_CONT}]{{2}}"   # ウ -> ã‚¦, three-byte kana and kanji
    "|ï¼|ï½"                     # full-width forms
    "|[縺繧繝][\u0080-\uffff]"   # UTF-8 read as Shift_JIS
)


@check("GRB002", "mojibake", "critical", "Fluency/Garbled")
def mojibake(ctx: Context):
    """Replacement characters and mojibake: text decoded with the wrong encoding somewhere upstream.

    What it flags: U+FFFD (�), UTF-8 read as Windows-1252 (`Ã©`, `â€™`, `ã‚¤`) and UTF-8 read
    as Shift_JIS (`縺ゅ`, `繧`), in the translation.

    Why it matters: the text is unreadable where it occurs and the whole feed is suspect.

    Example: `ã‚¦ã‚¯ãƒ©ã‚¤ãƒŠ` instead of ウクライナ.

    Known problems: the Shift_JIS pattern relies on 縺/繧/繝 followed by another character;
    these kanji almost never occur in modern news text.
    """
    for seg in ctx.target.segments:
        hits = list(_MOJIBAKE.finditer(seg.text))
        if not hits:
            continue
        # merge adjacent hits into one span per garbled stretch
        spans: list[list[int]] = []
        for h in hits:
            if spans and h.start() - spans[-1][1] <= 2:
                spans[-1][1] = h.end()
            else:
                spans.append([h.start(), h.end()])
        for s, e in spans:
            yield Flag(
                message=f"mojibake or replacement characters: '{seg.text[s:e]}'",
                target_spans=[ctx.tgt_span(seg.id, s, e)],
                suggestion="re-run the translation from correctly decoded UTF-8 text",
                bead=ctx.tgt_bead.get(seg.id),
            )


_REPEAT = re.compile(r"(.{2,40}?)\1{3,}|([^\d\sー―\-=.…・*＊─━])\2{7,}", re.S)


@check("GRB003", "runaway-repetition", "major", "Fluency/Garbled")
def runaway_repetition(ctx: Context):
    """Runaway repetition: the same characters or phrase emitted again and again.

    What it flags: a phrase of 2-40 characters repeated four or more times in a row, a single
    character repeated eight or more times, or the same target sentence repeated three or more
    times where the source sentences differ.

    Why it matters: a decoding loop of the MT system; the content of the source around it is
    usually lost too.

    Example: `ウクライナのウクライナのウクライナのウクライナの`.

    Known problems: deliberate repetition in quotes ("No, no, no, no") is flagged.
    """
    for seg in ctx.target.segments:
        for m in _REPEAT.finditer(seg.text):
            unit = m.group(1) or m.group(2)
            if unit and unit.strip() == "":
                continue
            yield Flag(
                message=f"'{unit}' repeated {len(m.group(0)) // len(unit)} times",
                target_spans=[ctx.tgt_span(seg.id, m.start(), m.end())],
                suggestion=unit,
                bead=ctx.tgt_bead.get(seg.id),
            )
    seen: dict[str, list[int]] = {}
    for seg in ctx.target.segments:
        if len(seg.text) >= 10:
            seen.setdefault(seg.text, []).append(seg.id)
    src_texts = {s.text for s in ctx.source.segments}
    for text, ids in seen.items():
        if len(ids) >= 3 and len(src_texts) > 1:
            srcs = {ctx.bead_texts(ctx.tgt_bead[j])[0] for j in ids if j in ctx.tgt_bead}
            if len(srcs) <= 1 and len(ids) < 3:
                continue
            if len(srcs) < len(ids) and len(srcs) <= 1:
                continue  # the source repeats it too
            yield Flag(
                message=f"the same sentence appears {len(ids)} times in the translation",
                target_spans=[ctx.tgt_span(j) for j in ids],
                severity=Severity.MAJOR,
                bead=ctx.tgt_bead.get(ids[1]),
            )
