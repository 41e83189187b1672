"""Rule-based named-entity recognition for English news sentences.

Capitalised runs (with ``of``/``de``/``al-`` style connectors), titles stripped and used as
person evidence ("Adm. Giuseppe Cavo Dragone"), possessives cut ("Russia's"), acronyms
(NATO, U.S.), and sentence-initial words kept only when the document or a gazetteer says they are
names. Types come from titles, gazetteers (JMnedict types, the built-in tables) and organisation
head words. No model: it is fast, deterministic and measured in ``bench/entities.py``.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

from ..dictionary import japanese_for
from .gazetteer import builtin, jmnedict, placenames, wikidata_forms

_TOKEN = re.compile(r"(?:[A-Z]\.){2,}|[A-Za-zÀ-ÖØ-öø-ÿ\u0100-\u024f0-9][A-Za-zÀ-ÖØ-öø-ÿ\u0100-\u024f0-9'’.\-]*")
_CONNECT = {"of", "the", "de", "da", "di", "del", "della", "von", "van", "der", "den", "du",
            "la", "le", "bin", "ibn", "dos", "das", "y", "&"}
_CONTRACTION = re.compile(r"^[A-Za-z]+['’](?:m|re|ve|d|ll|t)$")
_DIGIT = re.compile(r"\d")
_POSSESSIVE = re.compile(r"(?:'s|’s|'|’)$")
_ACRONYM = re.compile(r"^(?:[A-Z]\.){2,}$|^[A-Z][A-Z0-9&]{1,6}s?$")
_CALENDAR = set("""Monday Tuesday Wednesday Thursday Friday Saturday Sunday January February
March April May June July August September October November December Mondays Tuesdays Wednesdays
Thursdays Fridays Saturdays Sundays Jan Feb Mar Apr Jun Jul Aug Sep Sept Oct Nov Dec""".split())
_ABBREV = {"St", "Mt", "Ft", "Jr", "Sr", "Co", "Corp", "Inc", "Ltd", "Bros"}
# Capitalised only because they start a sentence or a headline word
_FUNCTION = set("""In On At For But And Or If When While As It Its This That These Those He She
They We You His Her Their Our Your My After Before Despite Although Though Because Since Until
Neither Either Both All Some Any Each Every No Not Nor So Yet Then There Here Where What Which
Who Whom Whose Why How With Without From To By Of Over Under About Against Between Among Into
Than Also Even Only Just More Most Many Much Such Other Another One Two Three Meanwhile However
Still Last Next New Is Are Was Were Be Been Has Have Had Do Does Did Will Would Can Could May
Might Must Should Shall Let Please Thank Thanks Dear Hello Yes Okay""".split())
_ROMAJI = re.compile(r"^(?:(?:[kgsztdnhbpmr]y?|sh|ch|ts|f|j|w|y)?[aiueo]|n)+$")
_KOREAN = re.compile(r"^(?:(?:kk|tt|pp|ss|jj|ch|[gkndrlmbsjhtp])?(?:yeo|yae|wae|wa|wo|we|wi|ui|eo|eu|"
                     r"ae|oe|ye|ya|yo|yu|[aeiou])(?:ng|[kntlmp])?)+$")
_PINYIN = re.compile(r"^(?:(?:zh|ch|sh|[bpmfdtnlgkhjqxrzcsyw])?(?:iang|iong|uang|ang|eng|ing|ong|"
                     r"ian|iao|uai|uan|ai|ei|ao|ou|an|en|in|un|ia|ie|iu|ua|uo|ue|ui|er|[aeiouü]))+$")


@dataclass
class Token:
    text: str
    start: int  # offsets into the segment text
    end: int
    possessive: bool = False


@dataclass
class Mention:
    """One mention of a name in one source segment (offsets into the document text)."""

    seg: int
    start: int
    end: int
    text: str
    tokens: list[tuple[str, int, int]]  # name tokens (document offsets), connectors left out
    type: str                           # person | place | org | product | acronym | other
    titled: bool = False
    key: str = ""
    standalone: bool = True             # no other capitalised word next to it (not in a title)                       # the entity this mention belongs to (set by link())


@dataclass
class Entity:
    key: str
    text: str
    type: str
    mentions: list[Mention] = field(default_factory=list)


def _tokens(text: str) -> list[Token]:
    out = []
    for m in _TOKEN.finditer(text):
        w, s, e = m.group(0), m.start(), m.end()
        if s and text[s - 1] in "#@＃＠":
            continue  # a hashtag or a handle: kept as written in any translation, not a name
        if _CONTRACTION.match(w) or _DIGIT.search(w):
            continue  # I’m, We’ve; I-131, A380: not names
        poss = False
        if not _ACRONYM.match(w):
            while w and w[-1] in ".-":
                w, e = w[:-1], e - 1
            pm = _POSSESSIVE.search(w)
            if pm and len(w) > 2:
                poss = True
                w, e = w[:pm.start()], e - len(pm.group(0))
        if w:
            out.append(Token(w, s, e, poss))
    return out


def _is_cap(w: str) -> bool:
    return w[0].isupper() or (w.startswith(("al-", "el-")) and len(w) > 3 and w[3].isupper())


def _sentence_initial(text: str, start: int) -> bool:
    before = text[:start].rstrip(" \"'“‘(«")
    return not before or before[-1] in ".!?:;—–-"


def is_common_word(word: str) -> bool:
    """An English word with an ordinary dictionary meaning ("Trump" -> trump card, "Mark")."""
    return bool(japanese_for(word.lower()))


def known_name(word: str) -> bool:
    b = builtin()
    return bool(b.names.get(word.lower()) or jmnedict(word) or wikidata_forms(word)
                or any(word in p.english for p in placenames()))


def _type_of(tokens: list[str], titled: bool) -> str:
    b = builtin()
    full = " ".join(tokens)
    if len(tokens) == 1 and _ACRONYM.match(tokens[0]):
        return "acronym"
    if full in b.products:
        return "product"
    if titled:
        return "person"
    if any(t in b.org_words for t in tokens):
        return "org"
    if any(full in p.english for p in placenames()):
        return "place"
    types = ",".join(t for _, t in jmnedict(full))
    if "place" in types:
        return "place"
    if any(k in types for k in ("person", "surname", "given", "masc", "fem")):
        return "person"
    if full.lower() in b.names:
        return "other"
    if len(tokens) >= 2 and all(wikidata_forms(t) and not is_common_word(t) for t in tokens):
        return "person"
    if 2 <= len(tokens) <= 3 and _given_name(tokens[0]) and wikidata_forms(tokens[-1]):
        return "person"  # Sally Rooney: a given name JMnedict knows, then a name token
    return "other"


def _given_name(token: str) -> bool:
    """A token JMnedict lists as a given name (and not as a place): Sally, Simone."""
    types = {t for _, t in jmnedict(token)}
    return bool(types & {"given", "fem", "masc"}) and "place" not in types


def segment_mentions(seg_id: int, seg_start: int, text: str) -> list[Mention]:
    """Candidate name mentions in one sentence (before document-level filtering)."""
    b = builtin()
    toks = _tokens(text)
    out: list[Mention] = []
    i = 0
    while i < len(toks):
        t = toks[i]
        if not _is_cap(t.text) or t.text in b.stop or t.text in _FUNCTION:
            i += 1
            continue
        run = [t]
        j = i + 1
        while j < len(toks) and not run[-1].possessive:
            nxt = toks[j]
            gap = text[run[-1].end:nxt.start]
            if "\n" in gap or gap.strip() not in ("", "."):
                break
            if gap.strip() == "." and not (run[-1].text in b.titles or len(run[-1].text) == 1
                                           or run[-1].text in _ABBREV):
                break  # a full stop between words ends the sentence unless it ends "Gen."
            if _is_cap(nxt.text) and nxt.text not in b.stop and nxt.text not in _FUNCTION:
                run.append(nxt)
                j += 1
                continue
            if nxt.text.lower() in _CONNECT and j + 1 < len(toks):
                k = j
                while k < len(toks) and toks[k].text.lower() in _CONNECT:
                    k += 1
                if k < len(toks) and _is_cap(toks[k].text) and toks[k].text not in b.stop \
                        and text[toks[j - 1].end:toks[k].start].count(",") == 0:
                    run.extend(toks[j:k + 1])
                    j = k + 1
                    continue
            break
        i = j
        # acronyms stand alone: "U.S. Gen. Alexus Grynkewich" -> U.S. + the person
        pieces: list[list[Token]] = [[]]
        for tok in run:
            if _ACRONYM.match(tok.text):
                if pieces[-1]:
                    pieces.append([])
                pieces[-1].append(tok)
                pieces.append([])
            else:
                pieces[-1].append(tok)
        for piece in pieces:
            if piece:
                m = _mention(seg_id, seg_start, text, piece, toks)
                if m:
                    out.append(m)
    return out


def _mention(seg_id: int, seg_start: int, text: str, run: list[Token],
             sentence: list[Token]) -> Mention | None:
    b = builtin()
    initial = _sentence_initial(text, run[0].start)
    # strip titles ("Prime Minister", "Chief of the Defence Staff"): the rest is the name
    last_title = -1
    for n, tok in enumerate(run):
        if tok.text in b.titles or tok.text.rstrip(".") in b.titles:
            last_title = n
    titled = False
    if 0 <= last_title < len(run) - 1 and not any(t.text in b.org_words and t.text not in
                                                  b.titles for t in run[last_title + 1:]):
        rest = run[last_title + 1:]
        while rest and rest[0].text.lower() in _CONNECT:
            rest = rest[1:]
        if any(t.text.lower() in ("of", "the") for t in rest):
            rest = []  # "Military Order of William": a title word inside a name, not a person
        if rest:
            run, titled, initial = rest, True, False
    elif last_title == len(run) - 1 and all(t.text in b.titles or t.text.lower() in _CONNECT
                                            for t in run):
        return None  # only title words: "Prime Minister", "Joint Chiefs of Staff"
    while run and run[-1].text.lower() in _CONNECT:
        run = run[:-1]
    phrase = " ".join(t.text for t in run)
    if not any(t.text in b.org_words for t in run) and phrase.lower() not in b.names:
        while run and (run[0].text in b.demonyms or _demonym_like(run[0].text, run[1:])):
            run = run[1:]
            initial = False
    # a leading article is not part of the name ("the White House"), "The Hague" keeps it
    while run and run[0].text.lower() in ("the", "a", "an") and len(run) > 1:
        if " ".join(t.text for t in run).lower() in builtin().names:
            break
        run = run[1:]
        initial = False
    if not run:
        return None
    name_tokens = [t for t in run if t.text.lower() not in _CONNECT]
    words = [t.text for t in name_tokens]
    if initial and len(run) == 1 and not _ACRONYM.match(words[0]):
        # sentence-initial single word: a name only if a gazetteer knows it and it is not
        # an ordinary English word (document-level evidence is added in ``link``)
        if is_common_word(words[0]) or not known_name(words[0]):
            kind = "?"
        else:
            kind = _type_of(words, False)
        if kind == "?":
            return Mention(seg_id, seg_start + run[0].start, seg_start + run[0].end, words[0],
                           [(words[0], seg_start + run[0].start, seg_start + run[0].end)],
                           "?", False)
    elif initial and len(run) > 1 and is_common_word(run[0].text) and not known_name(run[0].text):
        run = run[1:]
        name_tokens = [t for t in run if t.text.lower() not in _CONNECT]
        words = [t.text for t in name_tokens]
        if not words:
            return None
    start, end = run[0].start, run[-1].end
    toks = []
    for t in name_tokens:
        parts = re.split(r"(-)", t.text) if re.match(r"^(?:al|el|Al|El)-", t.text) else [t.text]
        off = t.start
        for p in parts:
            if p != "-":
                toks.append((p, seg_start + off, seg_start + off + len(p)))
            off += len(p)
    return Mention(seg_id, seg_start + start, seg_start + end, text[start:end], toks,
                   _type_of(words, titled), titled,
                   standalone=_standalone(text, start, end, sentence))


def _standalone(text: str, start: int, end: int, toks: list[Token]) -> bool:
    """No capitalised word within three words either side: not part of a title-case phrase
    ("Rhapsody on a Theme of Paganini", "Symphony No. 36"). ``toks``: the sentence's tokens."""
    b = builtin()
    before = [t for t in toks if t.end <= start][-3:]
    after = [t for t in toks if t.start >= end][:3]
    def name_like(t: Token) -> bool:
        return _is_cap(t.text) and t.text not in _CALENDAR and t.text not in b.titles

    if text[start:end] in b.products:
        return True
    if any(name_like(t) and not _sentence_initial(text, t.start) for t in before):
        return False
    return not any(name_like(t) for t in after)


def _demonym_like(word: str, rest: list[Token]) -> bool:
    """"Jordanian" in "Jordanian Foreign Minister": an -an/-ese/-ish adjective before more words."""
    b = builtin()
    return bool(rest) and any(word.endswith(sfx) for sfx in b.demonym_suffixes) and \
        word.lower() != word and is_common_word(word) and not known_name(word)


def link(mentions: list[Mention]) -> list[Entity]:
    """Group mentions into entities: same text, or a surname mention of a person named in full.

    Sentence-initial unknown words ("?" mentions) survive only when the same word is also seen
    capitalised mid-sentence in the document.
    """
    mid = {m.text for m in mentions if m.type != "?"}
    mid_tokens = {t for m in mentions if m.type != "?" for t, _, _ in m.tokens}
    kept = []
    for m in mentions:
        if m.type == "?":
            if m.text not in mid and m.text not in mid_tokens:
                continue
            m.type = "other"
        kept.append(m)
    persons = [m for m in kept if m.type == "person" and len(m.tokens) >= 2]
    entities: dict[str, Entity] = {}
    for m in kept:
        key = m.text
        if len(m.tokens) == 1 and m.type != "acronym":
            for p in persons:  # "Lavrov" -> "Sergei Lavrov"
                if p.tokens[-1][0] == m.text:
                    key, m.type = p.text, "person"
                    break
        m.key = key
        ent = entities.get(key)
        if ent is None:
            ent = entities[key] = Entity(key, key, m.type)
        elif ent.type in ("other", "?") and m.type not in ("other", "?"):
            ent.type = m.type
        ent.mentions.append(m)
    for ent in entities.values():
        for m in ent.mentions:
            if m.type == "other":
                m.type = ent.type
    return list(entities.values())


_TITLE_GLUE = {"of", "the", "a", "an", "and", "in", "on", "for", "to", "with", "my", "your", "his",
               "her", "our", "their", "at", "from", "by", "no.", "no", "&", "de", "la", "le", "du"}


def title_phrases(seg_id: int, seg_start: int, text: str) -> list[Mention]:
    """Title-case phrases of two or more capitalised words ("All About My Mom", "The War of the
    Worlds"): names of works and organisations that rule-based mentions may cut into pieces.
    Used only to see whether the phrase was copied into the translation in Latin script."""
    toks = _tokens(text)
    out: list[Mention] = []
    i = 0
    while i < len(toks):
        if not _is_cap(toks[i].text) or (_sentence_initial(text, toks[i].start)
                                         and toks[i].text in _FUNCTION):
            i += 1
            continue
        j, caps, last = i, 0, i
        while j < len(toks):
            w = toks[j].text
            if j > i:
                gap = text[toks[j - 1].end:toks[j].start]
                if gap.strip() not in ("", ".", "'s", "’s", "'", "’") or "\n" in gap:
                    break
            if _is_cap(w) and not w.isupper():
                caps += 1
                last = j
            elif w[0].isdigit() or w.isupper():
                last = j  # "Symphony No. 2", "H2O": part of the title, not a title word
            elif w.lower() not in _TITLE_GLUE:
                break
            j += 1
        if caps >= 2:
            run = toks[i:last + 1]
            start, end = run[0].start, run[-1].end
            words = [(t.text, seg_start + t.start, seg_start + t.end) for t in run
                     if t.text.lower() not in _TITLE_GLUE]
            out.append(Mention(seg_id, seg_start + start, seg_start + end, text[start:end], words,
                               "work", standalone=False))
        i = max(j, i + 1)
    return out


def romanised_cjk(word: str) -> bool:
    """Looks like Hepburn, pinyin or Korean romanisation (Miyazaki, Xi, Daemok): the Japanese
    form may well be in kanji."""
    w = "".join(ch for ch in unicodedata.normalize("NFKD", word.lower())
                if not unicodedata.combining(ch))  # Amidadō, Nōnai
    # pinyin only with its tell-tale spellings: plain "ai"/"ne" syllables fit English names too
    return bool(_ROMAJI.match(w) or (_PINYIN.match(w) and re.search(r"x|q|zh|ng$", w))
                or (_KOREAN.match(w) and re.search(r"eo|eu|oe|ae(?!l)", w)))
