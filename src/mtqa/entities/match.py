"""Find each source entity's rendering in the aligned translation and judge it.

For every mention: the target sentences of its bead (then the neighbouring beads) are searched
for, in order, an outdated official name, a known form (allowlist, built-in table, JMnedict), the
name left in Latin script, and a katakana run whose parts match the name's tokens (gazetteer
forms, else the ``e2k`` model, compared after ``kana.normalise``). When no whole-name form is found, or only part of
the name is, each distinctive token is looked for on its own (``coverage``: Latin letters, a
JMnedict/table form, a katakana stretch close to it, a JMdict translation). Title-case
phrases copied into the Japanese in Latin letters are reported too. What is found decides the
mention's status; ``analyse`` returns the per-entity table every NE check reads.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import jaconv
from rapidfuzz import fuzz

from ..checks._text import is_credit, is_han, is_hiragana, is_katakana
from ..dictionary import japanese_for
from . import translit
from .gazetteer import (Allowlist, builtin, jmdict_katakana, jmnedict, kana_reading_of_ateji,
                        load_allowlist, placenames, wikidata_forms)
from .kana import KATAKANA_RUN, PART_SEP, is_katakana_word, katakana_text, normalise, similarity
from .source import (Entity, Mention, is_common_word, link, romanised_cjk, segment_mentions,
                     title_phrases)

if TYPE_CHECKING:
    from ..checks import Context

OK_KNOWN = 0.75   # a part this close to a gazetteer form is that name
OK_MODEL = 0.6    # ... or this close to the model's transliteration when no gazetteer knows it
ANCHOR = 0.75     # a run is the entity's rendering when one token matches this well
MIN_PART = 0.4    # below this a part only counts when it stands where the name should be
COVER = 0.6       # a katakana stretch this close to a name token elsewhere in the sentence is it
CHECKED_TYPES = ("person", "place")


@dataclass
class TokenMatch:
    token: str
    part: str
    start: int
    end: int
    score: float
    known: bool      # compared with gazetteer forms (else with the model only)
    ok: bool
    suggestion: str | None


@dataclass
class Rendering:
    kind: str        # known | katakana | latin | outdated | common | none
    text: str = ""
    start: int = -1
    end: int = -1
    seg: int | None = None
    tokens: list[TokenMatch] = field(default_factory=list)
    standard: str | None = None


@dataclass
class MentionResult:
    mention: Mention
    bead: int | None
    rendering: Rendering
    status: str      # ok | variant | mistransliterated | latin | outdated | common-word | missing | unchecked
    suggestion: str | None = None
    missing: list[str] = field(default_factory=list)   # name tokens with no rendering


@dataclass
class EntityResult:
    entity: Entity
    results: list[MentionResult]
    standard: str | None


# --- forms --------------------------------------------------------------------------------

def full_forms(text: str, allow: Allowlist) -> tuple[tuple[str, ...], bool]:
    """Accepted whole-name forms, preferred first, and whether the user's allowlist gave them."""
    user = allow.get(text) or allow.get(re.sub(r"^the\s+", "", text, flags=re.I))
    if user:
        return user, True
    forms = list(builtin().names.get(text.lower(), ()))
    for p in placenames():
        if text in p.english:
            forms.insert(0, p.current)
    # JMnedict lists its forms in no order of use: 倫敦 and グレーターロンドン before ロンドン,
    # a hiragana reading (すこっとらんど) where texts write katakana. The kana reading of an
    # ateji (倫敦 -> ロンドン) goes first, the ateji itself last; readings also in katakana.
    first: list[str] = []
    found: list[str] = []
    last: list[str] = []
    for form, _ in jmnedict(text):
        reading = kana_reading_of_ateji(form) if any(is_han(ch) for ch in form) else None
        if reading:
            first.append(reading)
            last.append(form)
        elif form and all(is_hiragana(ch) or ch == "ー" for ch in form):
            found.append(form)
            last.append(jaconv.hira2kata(form))
        else:
            found.append(form)
    found += jmdict_katakana(text)
    for form in first + found + last:
        if form not in forms:
            forms.append(form)
    return tuple(forms), False


def token_forms(token: str, allow: Allowlist) -> tuple[tuple[str, ...], bool]:
    """Katakana forms of one name token; ``True`` when a gazetteer (not the model) gave them."""
    forms: list[str] = list(allow.get(token)) + list(builtin().names.get(token.lower(), ()))
    forms += [f for f, _ in jmnedict(token) if is_katakana_word(f)]
    forms += list(jmdict_katakana(token))
    forms += list(wikidata_forms(token))
    forms += [p.current for p in placenames() if token in p.english]  # Kiev: キーウ counts
    forms = [f for f in dict.fromkeys(forms) if is_katakana_word(f)]
    # Trumpism is トランピズム or トランプ主義, Thatcherite サッチャー派, Kafkaesque カフカ的: the
    # name's own forms count, followed by a kanji suffix the katakana run does not include
    derived = _DERIVED.match(token)
    stem, known = token_forms(derived.group(1), allow) if derived else ((), False)
    stem = stem if known else ()
    if forms:
        return tuple(dict.fromkeys((*forms, *stem))), True
    model = translit.katakana(token)
    if stem:  # the model's reading of the whole word stays the suggestion
        return tuple(dict.fromkeys((*((model,) if model else ()), *stem))), False
    return ((model,) if model else ()), False


# A word made from a name with a suffix that Japanese renders as a kanji word after the name
# (主義, 主義者, 派, 的); the stem, four letters or more, must be a name a gazetteer knows (not
# Polite: Pol + ite). Not -ian: Lothians, Christians, Italians are names or demonyms of their own.
_DERIVED = re.compile(r"^([A-Z][a-z]{3,}?)(?:ism|ists?|ites?|esque)$")


def _best(part: str, forms: tuple[str, ...]) -> float:
    """Best similarity to any form; a part that starts with the name and goes on (マグノリアス
    テレビシリーズ: the name glued to a common noun) is compared by its head."""
    best = 0.0
    for f in forms:
        sim = similarity(part, f)
        if len(part) > len(f) + 2:
            sim = max(sim, similarity(part[:len(f)], f), similarity(part[-len(f):], f))
        best = max(best, sim)
    return best


def _score(part: str, token: str, forms: tuple[tuple[str, ...], bool]) -> float:
    """How well a katakana part matches a token: its gazetteer forms or the model's."""
    best = _best(part, forms[0])
    if forms[1] and best < OK_KNOWN:
        model = translit.katakana(token)
        if model:
            best = max(best, similarity(part, model))

    if best < OK_KNOWN and "-" in token.strip("-"):
        # "Devi-Bhagavata", "Mecklenburg-Güstrow": a rendering of one piece is that name
        for piece in _pieces(token):
            if piece != token:
                best = max(best, _score(part, piece, token_forms(piece, Allowlist())))
    return best


# --- search -------------------------------------------------------------------------------

def _region(ctx: "Context", k: int | None, radius: int) -> list[int]:
    if k is None:
        return []
    return sorted(set(ctx.neighbour_target_ids(k, radius)))


def _occurrences(text: str, needle: str, latin: bool):
    """(start, end) of each non-overlapping occurrence of ``needle`` (Latin: any case), left to
    right, as ``re.finditer`` on the escaped needle gives them, without compiling a pattern for
    every needle (an article has many more needles than the 512 patterns re keeps compiled)."""
    hay, pat = text, needle
    if latin:
        hay, pat = text.lower(), needle.lower()
        if len(hay) != len(text) or len(pat) != len(needle):  # İ lower-cases to two characters
            yield from (m.span() for m in re.finditer(re.escape(needle), text, flags=re.I))
            return
    i = hay.find(pat)
    while i >= 0:
        yield i, i + len(pat)
        i = hay.find(pat, i + len(pat))


def _find(text: str, needle: str) -> int:
    """Index of ``needle`` in ``text`` not glued to more katakana/Latin letters, or -1."""
    if not needle:
        return -1
    latin = needle[0].isascii()
    for s, e in _occurrences(text, needle, latin):
        before, after = text[s - 1:s], text[e:e + 1]
        if latin and ((before.isascii() and before.isalnum()) or (after.isascii() and after.isalnum())):
            continue
        if is_katakana_word(needle) and ((before and is_katakana(before))
                                         or (after and is_katakana(after))):
            continue
        return s
    return -1


def _katakana_match(ctx: "Context", m: Mention, segs: list[int], allow: Allowlist) -> Rendering | None:
    toks = [t for t, _, _ in m.tokens if t.lower() not in ("al", "el")]
    if not toks:
        return None
    forms = [token_forms(t, allow) for t in toks]
    best: tuple[float, Rendering] | None = None
    for j in segs:
        seg = ctx.target.segments[j]
        for run in KATAKANA_RUN.finditer(katakana_text(seg.text)):
            parts = []
            pos = run.start()
            for piece in PART_SEP.split(run.group(0)):
                parts.append((piece, seg.start + pos, seg.start + pos + len(piece)))
                pos += len(piece) + 1
            parts = [p for p in parts if p[0] and normalise(p[0]) not in ("アル", "エル")]
            if not parts:
                continue
            # monotone alignment of tokens to parts maximising the summed similarity
            n, q = len(toks), len(parts)
            sc = [[_score(parts[b][0], toks[a], forms[a]) for b in range(q)] for a in range(n)]
            dp = [[0.0] * (q + 1) for _ in range(n + 1)]
            for a in range(n - 1, -1, -1):
                for b in range(q - 1, -1, -1):
                    dp[a][b] = max(dp[a + 1][b], dp[a][b + 1], sc[a][b] + dp[a + 1][b + 1])
            pairs, a, b = [], 0, 0
            while a < n and b < q:
                if dp[a][b] == sc[a][b] + dp[a + 1][b + 1] and sc[a][b] > 0:
                    pairs.append((a, b))
                    a, b = a + 1, b + 1
                elif dp[a][b] == dp[a + 1][b]:
                    a += 1
                else:
                    b += 1
            if n > 1 and q < n:
                glued = "".join(forms[a][0][0] if forms[a][0] else "" for a in range(n))
                if glued and normalise(glued) in normalise(run.group(0)):
                    start = seg.start + run.start()
                    return Rendering("katakana", run.group(0), start, start + len(run.group(0)), j,
                                     [TokenMatch(t, run.group(0), start, start + len(run.group(0)),
                                                 1.0, True, True, None) for t in toks[-1:]])
            if not pairs:
                continue
            top = max(sc[a][b] for a, b in pairs)
            anchored = top >= ANCHOR or (n == 1 and top >= 0.5)
            if not anchored:
                continue
            positional = n == q and len(pairs) == n
            matches = []
            for a, b in pairs:
                s = sc[a][b]
                if s < MIN_PART and not positional:
                    continue
                fs, known = forms[a]
                ok = s >= (OK_KNOWN if known else OK_MODEL) or (not known and _as_written_ok(
                    parts[b][0], toks[a]))
                matches.append(TokenMatch(toks[a], parts[b][0], parts[b][1], parts[b][2], s,
                                          known, ok, fs[0] if fs else None))
            if not matches:
                continue
            score = sum(t.score for t in matches) / n
            start, end = matches[0].start, matches[-1].end
            r = Rendering("katakana", ctx.target.text[start:end], start, end, j, matches)
            if best is None or score > best[0]:
                best = (score, r)
    return best[1] if best else None


def _as_written_ok(part: str, token: str) -> bool:
    """A token no gazetteer knows, rendered as its letters read (Recarte as レカルテ, which
    the English-trained model reads リカルト): not a mistransliteration. Only judges a part
    already matched to the token; it never decides where a name's rendering is."""
    written = translit.as_written(token)
    return bool(written) and similarity(part, written) >= OK_MODEL


def _run_at(text: str, i: int) -> str:
    """The whole katakana run (with ・) that covers position ``i``."""
    for run in KATAKANA_RUN.finditer(katakana_text(text)):
        if run.start() <= i < run.end():
            return run.group(0)
    return ""


def _known_tokens(m: Mention, form: str, start: int) -> list[TokenMatch]:
    """Token-level view of a known katakana rendering, for the consistency check."""
    if not is_katakana_word(form.replace("・", "")):
        return []
    toks = [t for t, _, _ in m.tokens if t.lower() not in ("al", "el")]
    if not toks:  # a mention that is only an article ("El", "Al")
        return []
    parts, pos = [], start
    for piece in PART_SEP.split(form):
        parts.append((piece, pos, pos + len(piece)))
        pos += len(piece) + 1
    if len(parts) == len(toks):
        pairs = list(zip(toks, parts))
    elif len(parts) == 1:
        pairs = [(toks[-1], parts[0])]
    else:
        return []
    return [TokenMatch(t, p, s, e, 1.0, True, True, None) for t, (p, s, e) in pairs]


def _render(ctx: "Context", m: Mention, k: int | None, allow: Allowlist) -> Rendering:
    # A katakana run of the mention's own sentences that does not match the name (スコット of
    # スコット・ブリュースター for Scotland) is kept in reserve while the neighbouring sentences
    # are searched: a known form or a matching run there (a quote the Japanese split off) wins.
    mismatch: Rendering | None = None
    for radius in (0, 1):
        segs = _region(ctx, k, radius)
        if not segs:
            continue
        texts = [(j, ctx.target.segments[j]) for j in segs]
        forms, user = full_forms(m.key or m.text, allow)
        if m.text != m.key:
            forms = tuple(dict.fromkeys(full_forms(m.text, allow)[0] + forms))
        # 1. outdated official names (unless the user accepts them)
        for p in placenames():
            if m.text in p.english or m.key in p.english:
                for old in p.outdated:
                    if old in forms and user:
                        continue
                    for j, seg in texts:
                        i = _find(seg.text, old)
                        if i >= 0 and not seg.text[i + len(old):].startswith(p.current[len(old):] or "\0"):
                            s = seg.start + i
                            return Rendering("outdated", old, s, s + len(old), j, standard=p.current)
        # 2. a known form (a katakana one only when it is the whole katakana run: ゼレンスキー
        # inside ヴォルディーミー・ゼレンスキー is judged token by token below)
        for form in sorted(forms, key=len, reverse=True):
            for j, seg in texts:
                i = _find(seg.text, form)
                if i < 0:
                    continue
                if is_katakana_word(form.replace("・", "")):
                    run = _run_at(seg.text, i)
                    if run != form:
                        continue
                s = seg.start + i
                r = Rendering("known", form, s, s + len(form), j,
                              standard=forms[0] if forms else None)
                r.tokens = _known_tokens(m, form, s)
                return r
        # 3. left in Latin script
        for needle in (m.text, m.tokens[-1][0]) if mismatch is None else ():
            for j, seg in texts:
                i = _find(seg.text, needle)
                if i >= 0 and (needle == m.text or len(needle) >= 4):
                    s = seg.start + i
                    return Rendering("latin", seg.text[i:i + len(needle)], s, s + len(needle), j,
                                     standard=forms[0] if forms else None)
        # 4. katakana
        if m.type not in ("acronym",):
            r = _katakana_match(ctx, m, segs, allow)
            if r is not None:
                r.standard = forms[0] if forms else None
                if mismatch is None and r.tokens and not all(t.ok for t in r.tokens):
                    mismatch = r
                    continue
                return r if mismatch is None or all(t.ok for t in r.tokens) else mismatch
    if mismatch is not None:
        return mismatch
    # 5. translated as the common word ("Telegram" -> 電報)
    if len(m.tokens) == 1 and m.type not in ("acronym", "org") and m.standalone \
            and not builtin().names.get(m.text.lower()) and not _in_title(ctx, m) \
            and _known_name(m.tokens[0][0]):
        for j in _region(ctx, k, 0):
            seg = ctx.target.segments[j]
            for cand in japanese_for(m.tokens[0][0].lower()):
                if len(cand) >= 2 and any(is_han(ch) for ch in cand):
                    i = _find(seg.text, cand)
                    if i >= 0:
                        s = seg.start + i
                        return Rendering("common", cand, s, s + len(cand), j)
    return Rendering("none")


def _plain_word(m: Mention) -> bool:
    """A one-word mention that is an ordinary English word and no table knows as a name."""
    return (len(m.tokens) == 1 and m.type == "other" and is_common_word(m.tokens[0][0])
            and not _known_name(m.tokens[0][0]))


_NAME_TYPES = {"person", "surname", "given", "fem", "masc", "place", "company", "product",
               "organization", "station"}


def _known_name(token: str) -> bool:
    """Whether a capitalised word is known as a name: a product or platform of the built-in
    table (Telegram, Signal) or a JMnedict name written in katakana alone. A capitalised common
    word that no table knows as a name ("Republican", "Police", "Something" at the start of a
    sentence or in a heading) is the word, and its common translation is right."""
    if token in builtin().products:
        return True
    return any(typ in _NAME_TYPES and is_katakana_word(form) for form, typ in jmnedict(token))


# --- coverage: is every distinctive token of the name somewhere in the translation? ---------

def _pieces(token: str) -> list[str]:
    """A hyphenated token ("Mecklenburg-Güstrow") is found when any of its pieces is."""
    return [p for p in re.split(r"[-‐]", token) if len(p) >= 2] or [token]


def _adjective(token: str) -> bool:
    """A demonym or religion adjective ("Byelorussian", "Hindu"): rendered with the place or
    a noun (ベラルーシ, ヒンドゥー教), not transliterated as a name."""
    b = builtin()
    return token in b.demonyms or (token.endswith(("ian", "ese", "ish")) and len(token) > 6) \
        or token in ("Hindu", "Muslim", "Sikh", "Jain", "Buddhist", "Christian", "Jewish")


def required(token: str) -> bool:
    """A distinctive name token: not an ordinary English word, not romanised Chinese/Japanese
    (whose kanji cannot be predicted), not an initial."""
    w = token.strip(".")
    if len(w) < 3 or not w[0].isupper() or w.isupper():
        return False
    if _adjective(w):
        return False  # an adjective of a place ("Norwegian"): translated with the place's name
    return not any(_translations(p) or romanised_cjk(p) for p in _pieces(w))


def _translations(token: str) -> tuple[str, ...]:
    w = token.lower().strip(".'’")
    out = list(japanese_for(w))
    for stem in (w[:-1] if w.endswith("s") else "", w[:-2] if w.endswith("es") else "",
                 w[:-3] + "y" if w.endswith("ies") else "",
                 w[:-3] + "man" if w.endswith("men") else ""):
        if len(stem) >= 3:
            out += japanese_for(stem)
    return tuple(dict.fromkeys(out))


def _partial(part: str, form: str) -> float:
    """Similarity of ``form`` to its best-matching stretch inside a longer katakana ``part``."""
    np_, nf = normalise(part), normalise(form)
    if not np_ or not nf or len(np_) <= len(nf):
        return 0.0
    return fuzz.partial_ratio(nf, np_) / 100.0


def find_token(ctx: "Context", token: str, segs: list[int], allow: Allowlist) -> tuple[str, float]:
    """How a name token shows in the target sentences: ("latin"|"known"|"katakana"|"translated",
    score) or ("none", best katakana score)."""
    texts = [ctx.target.segments[j].text for j in segs]
    for piece in _pieces(token):
        if len(piece) >= 3 and any(_find(t, piece) >= 0 for t in texts):
            return "latin", 1.0
    for piece in _pieces(token):
        forms, _ = full_forms(piece, allow)
        for f in forms:
            if f and not is_katakana_word(f.replace("・", "")) and any(f in t for t in texts):
                return "known", 1.0
    best = 0.0
    for piece in _pieces(token):
        tf = token_forms(piece, allow)
        if not tf[0]:
            continue
        for t in texts:
            for run in KATAKANA_RUN.finditer(katakana_text(t)):
                for part in PART_SEP.split(run.group(0)):
                    if not part:
                        continue
                    sc = _score(part, piece, tf)
                    if sc < COVER:
                        sc = max(sc, max(_partial(part, f) for f in tf[0]))
                    best = max(best, sc)
    if best >= COVER:
        return "katakana", best
    for cand in _translations(token):
        if any(cand in t for t in texts) and (any(is_han(ch) for ch in cand) or len(cand) >= 2):
            return "translated", 1.0
    return "none", best


def coverage(ctx: "Context", m: Mention, k: int | None, r: Rendering,
             allow: Allowlist) -> tuple[list[str], list[str]]:
    """(tokens missing from the translation, tokens left in Latin) among the distinctive tokens
    of ``m`` that the rendering ``r`` does not already account for."""
    if k is None:
        return [], []
    segs = _region(ctx, k, 1)  # the neighbours too: the alignment is not always exact
    done = {t.token for t in r.tokens}
    if len(r.tokens) == 1 and len(m.tokens) > 1 and r.text == r.tokens[0].part:
        # one glued katakana word for the whole name (サンクトペテルブルク for Saint Petersburg)
        forms = token_forms(r.tokens[0].token, allow)[0]
        if forms and len(normalise(r.text)) >= 1.5 * len(normalise(forms[0])):
            done = {t for t, _, _ in m.tokens}
    missing, latin = [], []
    toks = [t for t, _, _ in m.tokens]
    src = ctx.source.text
    designation = bool(re.search(r"\bof\s+(?:the\s+)?$", src[max(0, m.start - 12):m.start])
                       or re.match(r",?\s+[IVX]+\b", src[m.end:m.end + 6]))
    texts = [ctx.target.segments[j].text for j in segs]
    products = builtin().products
    for n, tok in enumerate(toks):
        if tok in done:
            continue
        if not required(tok):
            # an ordinary word or a romanised CJK name ("Neko", "Huaisheng") still should not be
            # left in Latin letters
            if len(tok) >= 3 and not tok.isupper() and tok not in products and any(
                    _find(t, p) >= 0 for t in texts for p in _pieces(tok) if len(p) >= 3):
                latin.append(tok)
            continue
        how, _ = find_token(ctx, tok, segs, allow)
        if how == "latin":
            latin.append(tok)
        elif how == "none" and not designation and (m.type == "place" or (
                m.type == "person" and n == len(toks) - 1)):
            # a person is missing when the surname is: トランプ大統領 for "Donald Trump" is
            # standard news style; names of works and other things are often translated, and
            # whether a translated title is the official one cannot be told without a table
            missing.append(tok)
    return missing, latin


def _in_title(ctx: "Context", m: Mention) -> bool:
    """Part of a title-case phrase ("The Princess and the Pea", "Monday's Child"): a work's
    title, which is translated word by word more often than not."""
    seg = ctx.source.segments[m.seg]
    for t in title_phrases(seg.id, seg.start, seg.text):
        if t.start <= m.start and m.end <= t.end and t.text != m.text:
            # a title is made of ordinary words; "Zelensky's Telegram" is a name and a platform
            others = [w for w, s, _ in t.tokens if s != m.start]
            if others and all(is_common_word(w) for w in others):
                return True
    return False


def _model_form(m: Mention, allow: Allowlist) -> str | None:
    parts = []
    for t, _, _ in m.tokens:
        fs, _known = token_forms(t, allow)
        if not fs:
            return None
        parts.append(fs[0])
    return "・".join(parts)


_BRAND = re.compile(r"[a-z][A-Z]")


def _brand_spelling(text: str) -> bool:
    """A capital inside a word (JavaScript, PlayStation): a brand, which Japanese text keeps in
    Latin letters. (Model numbers such as A319neo never become mentions: see source._tokens.)"""
    return bool(_BRAND.search(text))


def _is_credit_mention(ctx: "Context", m: Mention) -> bool:
    seg = ctx.source.segments[m.seg]
    after = ctx.source.text[m.end:m.end + 2]
    before = ctx.source.text[max(0, m.start - 1):m.start]
    return "/" in after or before == "/" or is_credit(seg.text)


def _coverable(ctx: "Context", m: Mention) -> bool:
    """Whether a mention's tokens are looked for one by one (ENT001/ENT005)."""
    if m.type not in ("person", "place", "other", "org"):
        return False
    k = ctx.src_bead.get(m.seg)
    if k is None or not ctx.beads[k].tgt:
        return False  # an omitted sentence is OMI's finding
    if len(m.tokens) == 1 and m.key != m.text:
        return False  # "Lavrov" after "Sergei Lavrov": 同氏 or 外相 is a fine translation
    if m.type == "place" and _METONYM.match(ctx.source.text, m.end):
        return False  # "Moscow maintains": the government, often translated ロシア政府は
    return not _is_credit_mention(ctx, m)


# A place name as the subject of a verb of saying or acting stands for its government
# ("Moscow maintains", "Kyiv has urged", "Washington warned"), which translations often render
# as ロシア政府 / ウクライナ側 / 米政府 instead of the city.
_METONYM = re.compile(
    r"(?:'s|’s)?\s+(?:has\s+|had\s+|have\s+|is\s+|was\s+|will\s+|would\s+|also\s+|"
    r"actively\s+|repeatedly\s+|now\s+)?(?:say|says|said|maintain|maintains|maintained|insist|"
    r"insists|insisted|claim|claims|claimed|accuse|accuses|accused|deny|denies|denied|warn|warns|"
    r"warned|encourage|encourages|encouraged|urge|urges|urged|argue|argues|argued|want|wants|"
    r"wanted|believe|believes|believed|refuse|refuses|refused|reject|rejects|rejected|respond|"
    r"responds|responded|announce|announces|announced|demand|demands|demanded|hope|hopes|hoped|"
    r"expect|expects|expected|consider|considers|considered|sees|saw|views|viewed|"
    r"position|stance|response|officials|authorities)\b")


def _judge(ctx: "Context", m: Mention, k: int | None, r: Rendering, allow: Allowlist) -> MentionResult:
    checked = m.type in CHECKED_TYPES or (m.type == "other" and len(m.tokens) >= 2)
    if r.kind == "katakana" and _plain_word(m):
        # "Dad", "Day", "Hell", "App" capitalised at a sentence start or in a heading: an
        # ordinary word, whose katakana neighbours say nothing about a name
        return MentionResult(m, k, r, "unchecked")
    if r.kind == "outdated":
        return MentionResult(m, k, r, "outdated", r.standard)
    if r.kind == "known":
        same = r.text == r.standard or r.text == m.text
        return MentionResult(m, k, r, "ok" if same else "variant", None)
    if r.kind == "latin":
        if m.type in ("acronym", "product") or (m.type == "org" and len(m.tokens) < 2) \
                or _is_credit_mention(ctx, m) or _brand_spelling(m.text) \
                or not (checked or len(r.text) >= 4) \
                or sum(ch.isalpha() for ch in r.text) < 3:
            return MentionResult(m, k, r, "ok")
        named = m.type in ("person", "place") or not all(is_common_word(t) for t, _, _ in m.tokens)
        return MentionResult(m, k, r, "latin", r.standard or (_model_form(m, allow) if named
                                                              else None))
    if r.kind == "katakana":
        bad = [t for t in r.tokens if not t.ok and not _adjective(t.token)]
        if bad and m.type in ("person", "place", "other", "product"):
            fixed = r.text
            for t in bad:
                if t.suggestion:
                    fixed = fixed.replace(t.part, t.suggestion, 1)
            return MentionResult(m, k, r, "mistransliterated", r.standard or fixed)
        if _coverable(ctx, m):
            missing, latin = coverage(ctx, m, k, r, allow)
            if latin and (m.type != "org" or len(m.tokens) > 1):
                return MentionResult(m, k, r, "latin", r.standard or _model_form(m, allow))
            if missing:
                return MentionResult(m, k, r, "missing", r.standard or _model_form(m, allow),
                                     missing)
        std = r.standard
        return MentionResult(m, k, r, "ok" if not std or normalise(std) == normalise(r.text)
                             and std == r.text else "variant")
    if r.kind == "common":
        if m.type in ("product", "person", "place", "other") and not is_credit(ctx.source.segments[m.seg].text):
            return MentionResult(m, k, r, "common-word", _model_form(m, allow))
        return MentionResult(m, k, r, "unchecked")
    # nothing found as a whole: look for each distinctive token
    if _coverable(ctx, m):
        missing, latin = coverage(ctx, m, k, r, allow)
        if latin and (m.type != "org" or len(m.tokens) > 1):
            forms, _ = full_forms(m.key, allow)
            return MentionResult(m, k, r, "latin", forms[0] if forms else _model_form(m, allow))
        if missing:
            forms, _ = full_forms(m.key, allow)
            return MentionResult(m, k, r, "missing", forms[0] if forms else _model_form(m, allow),
                                 missing)
    return MentionResult(m, k, r, "unchecked")


def _latin_titles(ctx: "Context", found: list[EntityResult]) -> list[EntityResult]:
    """Title-case phrases of the source copied into the translation in Latin script ("The War of
    the Worlds" inside Japanese) that no mention already reports."""
    flagged = [(res.mention.start, res.mention.end) for er in found for res in er.results
               if res.status == "latin"]
    out = []
    for seg in ctx.source.segments:
        if is_credit(seg.text):
            continue
        k = ctx.src_bead.get(seg.id)
        if k is None:
            continue
        for m in title_phrases(seg.id, seg.start, seg.text):
            if any(s < m.end and m.start < e for s, e in flagged):
                continue
            words = [t for t, _, _ in m.tokens]
            b = builtin()
            if all(w in b.products or w.isupper() for w in words):
                continue
            needles = [m.text, re.sub(r"^(?:The|A|An)\s+", "", m.text)]
            hit = None
            for j in _region(ctx, k, 0):
                tseg = ctx.target.segments[j]
                for needle in needles:
                    i = _find(tseg.text, needle)
                    if i >= 0:
                        hit = (j, tseg.start + i, needle)
                        break
                if hit:
                    break
            if not hit:
                continue
            j, s, needle = hit
            r = Rendering("latin", ctx.target.text[s:s + len(needle)], s, s + len(needle), j)
            m.key = m.text
            ent = Entity(m.text, m.text, "work", [m])
            out.append(EntityResult(ent, [MentionResult(m, k, r, "latin", None)], None))
            flagged.append((m.start, m.end))
    return out


def analyse(ctx: "Context") -> list[EntityResult]:
    """Every source entity with each mention's rendering and status (computed once per article)."""
    def make() -> list[EntityResult]:
        allow = load_allowlist(ctx.resources.get("entity_allowlist"))
        mentions: list[Mention] = []
        for seg in ctx.source.segments:
            mentions.extend(segment_mentions(seg.id, seg.start, seg.text))
        out = []
        for ent in link(mentions):
            results = []
            for m in ent.mentions:
                k = ctx.src_bead.get(m.seg)
                results.append(_judge(ctx, m, k, _render(ctx, m, k, allow), allow))
            forms, _ = full_forms(ent.key, allow)
            out.append(EntityResult(ent, results, forms[0] if forms else None))
        out.extend(_latin_titles(ctx, out))
        return out

    return ctx.memo("entities.analysis", make)


def inconsistencies(er: EntityResult, allow: Allowlist | None = None) -> list[tuple[str, list[TokenMatch], str, Counter]]:
    """(token, odd renderings, reference rendering, counts) where one name token is spelt two ways."""
    by_token: dict[str, list[TokenMatch]] = {}
    for res in er.results:
        if res.rendering.kind in ("katakana", "known"):
            for t in res.rendering.tokens:
                by_token.setdefault(t.token, []).append(t)
    out = []
    for token, matches in by_token.items():
        counts = Counter(t.part for t in matches)
        if len(counts) < 2:
            continue
        variants = list(counts)
        if any(similarity(a, b) < 0.5 for a in variants for b in variants):
            continue  # not spellings of one name: a different word matched somewhere
        preferred = (allow.get(token) if allow else ()) or ()
        ranked = sorted(variants, key=lambda v: (-counts[v], v not in preferred,
                                                 next(i for i, t in enumerate(matches) if t.part == v)))
        ref = ranked[0]
        out.append((token, [t for t in matches if t.part != ref], ref, counts))
    return out


def table(results: list[EntityResult]) -> list[dict[str, Any]]:
    """The JSON-ready entity table for ``Result.tables["entities"]``."""
    rows = []
    for er in results:
        renderings: dict[str, dict[str, Any]] = {}
        for res in er.results:
            r = res.rendering
            if r.kind in ("none",):
                continue
            row = renderings.setdefault(r.text, {"text": r.text, "kind": r.kind,
                                                 "target_spans": [], "count": 0})
            span = {"start": r.start, "end": r.end, "text": r.text}
            if span not in row["target_spans"]:
                row["target_spans"].append(span)
                row["count"] += 1
        statuses = [res.status for res in er.results]
        worst = next((s for s in ("outdated", "mistransliterated", "latin", "common-word",
                                  "missing", "variant", "ok") if s in statuses), "unchecked")
        suggestion = next((res.suggestion for res in er.results if res.suggestion), None)
        rows.append({
            "text": er.entity.key,
            "type": er.entity.type,
            "source_spans": [{"start": res.mention.start, "end": res.mention.end,
                              "text": res.mention.text} for res in er.results],
            "renderings": sorted(renderings.values(), key=lambda r: -r["count"]),
            "status": worst,
            "standard": er.standard,
            "suggestion": suggestion,
        })
    rows.sort(key=lambda r: r["source_spans"][0]["start"])
    return rows
