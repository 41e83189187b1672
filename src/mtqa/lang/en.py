"""English: pysbd sentence boundaries, Latin script, numbers written in digits or words."""

from __future__ import annotations

import re
from functools import lru_cache

from . import Quantity, foreign_script_runs, script_label

_UNITS = {
    "zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13,
    "fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18,
    "nineteen": 19, "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60,
    "seventy": 70, "eighty": 80, "ninety": 90, "dozen": 12,
}
_SCALES = {"hundred": 100, "thousand": 1_000, "million": 1_000_000, "billion": 1_000_000_000,
           "trillion": 1_000_000_000_000}
MONTHS = {m: i for i, m in enumerate(
    ["January", "February", "March", "April", "May", "June", "July", "August", "September",
     "October", "November", "December"], start=1)}
MONTHS.update({"Jan.": 1, "Feb.": 2, "Aug.": 8, "Sept.": 9, "Sep.": 9, "Oct.": 10, "Nov.": 11,
               "Dec.": 12})
WEEKDAYS = {d: i for i, d in enumerate(
    ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"], start=1)}

_WORD = "|".join(sorted(list(_UNITS) + list(_SCALES), key=len, reverse=True))
_NUM_RE = re.compile(
    r"(?<![\w.])(?P<digits>\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d{1,3}(?:[ \u00a0\u202f]\d{3})+(?![\d/])"
    r"|\d+(?:\.\d+)?)"
    r"(?:\s*(?P<dscale>hundred|thousand|million|billion|trillion|bn|m)\b|(?P<kilo>k)\b)?"
    r"(?P<pct>\s*(?:%|per\s*cent|percent))?"
    r"|(?<![\w-])(?P<words>(?:(?:" + _WORD + r")(?:[\s-]+(?:and\s+)?)?)+)(?![\w])"
    r"(?P<wpct>\s*(?:per\s*cent|percent))?",
    re.IGNORECASE,
)
_MONTH_RE = re.compile(r"\b(" + "|".join(re.escape(m) for m in MONTHS) + r")(?![\w])")
_WEEKDAY_RE = re.compile(r"\b(" + "|".join(WEEKDAYS) + r")s?\b")


def _words_value(words: str) -> tuple[float, int] | None:
    """Value of a run of number words and how many characters of it were used."""
    total, current, used = 0, 0, 0
    seen = False
    for m in re.finditer(r"[A-Za-z]+", words):
        w = m.group(0).lower()
        if w == "and" and seen:
            if total or current >= 100:
                continue  # "one hundred and five"
            break  # "six and nine" is two numbers
        if w in _UNITS:
            if seen and current and _UNITS[w] >= 10 and current % 100 != 0:
                break  # "two three" is two numbers; keep the first
            current += _UNITS[w]
        elif w in _SCALES:
            current = max(current, 1) * _SCALES[w]
            if _SCALES[w] >= 1000:
                total += current
                current = 0
        else:
            break
        seen = True
        used = m.end()
    if not seen:
        return None
    return float(total + current), used


class _CachedRe:
    """``re`` for pysbd's modules, with a compiled-pattern cache large enough for pysbd.

    pysbd builds its patterns as strings at each call (several per abbreviation in its list) and
    passes them to ``re.sub``/``re.findall``; over a batch it uses about a thousand distinct
    patterns, more than ``re``'s own cache keeps (512), so ``re`` kept recompiling them (a tenth
    of a batch's CPU time). Same patterns, same flags, same results; only compiled once.
    """

    def __getattr__(self, name: str):
        return getattr(re, name)

    @staticmethod
    @lru_cache(maxsize=16384)
    def compile(pattern, flags=0):
        return re.compile(pattern, flags)

    def sub(self, pattern, repl, string, count=0, flags=0):
        return self.compile(pattern, flags).sub(repl, string, count)

    def subn(self, pattern, repl, string, count=0, flags=0):
        return self.compile(pattern, flags).subn(repl, string, count)

    def search(self, pattern, string, flags=0):
        return self.compile(pattern, flags).search(string)

    def match(self, pattern, string, flags=0):
        return self.compile(pattern, flags).match(string)

    def fullmatch(self, pattern, string, flags=0):
        return self.compile(pattern, flags).fullmatch(string)

    def split(self, pattern, string, maxsplit=0, flags=0):
        return self.compile(pattern, flags).split(string, maxsplit)

    def findall(self, pattern, string, flags=0):
        return self.compile(pattern, flags).findall(string)

    def finditer(self, pattern, string, flags=0):
        return self.compile(pattern, flags).finditer(string)


def _give_pysbd_a_pattern_cache() -> None:
    import sys

    proxy = _CachedRe()
    for name, mod in list(sys.modules.items()):
        if (name == "pysbd" or name.startswith("pysbd.")) and getattr(mod, "re", None) is re:
            mod.re = proxy


# Words that imply a number a translation may write out: 1 for the articles and "single"
# (a day = 1日, a single screw = １本), 2 for pairs, units for their sizes (a fortnight = 2週間 or
# 14日, a day = 24時間, a week = 7日, a year = 12か月 or 365日).
_IMPLIED = {
    **{w: (1.0,) for w in ("a", "an", "one", "single", "once", "another", "each", "every", "per",
                           "first", "alone", "sole", "lone")},
    **{w: (2.0,) for w in ("couple", "pair", "pairs", "second", "both", "twice", "double", "twin",
                           "twins", "dual", "duo", "either", "neither")},
    "third": (3.0,), "triple": (3.0,), "thrice": (3.0,), "fourth": (4.0,), "fifth": (5.0,),
    "fortnight": (2.0, 14.0), "day": (1.0, 24.0), "days": (24.0,), "daily": (1.0, 24.0),
    "week": (1.0, 7.0), "weekly": (1.0, 7.0), "weeks": (7.0,),
    "year": (1.0, 12.0, 365.0), "annual": (1.0, 12.0, 365.0), "annually": (1.0, 12.0, 365.0),
    "yearly": (1.0, 12.0, 365.0), "hour": (1.0, 60.0), "minute": (1.0, 60.0),
    "decade": (10.0,), "decades": (10.0,), "century": (100.0,), "centuries": (100.0,),
    "half": (0.5, 50.0), "quarter": (0.25, 25.0, 3.0), "month": (1.0, 30.0),
    # ages and decades written as 10代, 20代...; upstairs is the 2階 of a house
    **{w: (10.0,) for w in ("teen", "teens", "teenage", "teenaged", "teenager", "teenagers")},
    **{w: (10.0 * (i + 2),) for i, w in enumerate(
        ("twenties", "thirties", "forties", "fifties", "sixties", "seventies", "eighties",
         "nineties"))},
    "upstairs": (2.0,),
    # a change by a factor: "quadrupled" is 4倍, "doubled" 2倍
    **{w: (2.0,) for w in ("doubled", "doubles", "doubling")},
    **{w: (3.0,) for w in ("tripled", "triples", "tripling", "treble", "trebled")},
    **{w: (4.0,) for w in ("quadruple", "quadrupled", "quadruples", "quadrupling")},
    **{w: (0.5, 2.0) for w in ("halve", "halved", "halves", "halving")},
    "few": (2.0, 3.0),  # a few = ２，３
}
# a 24-hour clock time written as four digits with a leading zero or followed by "hours"
_MILITARY_TIME = re.compile(r"([01]\d|2[0-3])([0-5]\d)\b(?:(?<=\b0\d{3})|(?=\s*(?:hours|hrs|h)\b))")
# an ordinal in a rank that Japanese names without it (2nd Lieutenant = 少尉, 1st Class = 一等...)
_RANK = re.compile(r"(?:st|nd|rd|th)\s+(?:Lieutenant|Lt\.?)\b")
# what negates a clause in English, broadly: a translation may render any of these with ない
_NEGATION = re.compile(
    r"\b(?:not|no|never|none|nobody|nothing|nowhere|neither|nor|without|cannot|unable|unless|"
    r"fail(?:s|ed|ing|ure)?|lack(?:s|ed|ing)?|refus(?:e|es|ed|ing)|den(?:y|ies|ied)|hardly|barely|"
    r"rarely|seldom|absent|instead|rather|avoid\w*|prevent\w*|stop\w*|reject\w*|against|yet|"
    r"only|little|few|un\w+|in(?:ability|capable|sufficient)|miss(?:ed|ing)?|lost|los(?:e|ing)|"
    r"impossible|ban(?:s|ned)?|forbid\w*|halt\w*|end(?:s|ed)?|free|neglect\w*|ignor\w*|"
    r"\w+n['’]t)\b", re.I)
_CAP_AFTER = re.compile(r" ([A-Z][a-z]+)\b")
_CAP_BEFORE = re.compile(r"(?<![.!?:\"“‘(]\s)(?<!^)\b[A-Z][a-z]+ \Z")
_CLOCK = re.compile(r"\s*(?:o['’]clock|[ap]\.?m\b\.?)", re.I)
_DECADE_ABBR = re.compile(r"(\d0)['’]?s\b")
_CURRENCY = re.compile(r"[$£€¥]\s*\Z")
_DECADES = re.compile(r"[\s-]+decades?\b", re.I)
_YEAR_RANGE = re.compile(r"(?<!\d)((?:1[89]|20)\d\d)\s*[-\u2013]\s*\Z")
_MIXED_FRACTION = re.compile(r"(?<![\w./])(\d{1,3})[\s\u00a0]+([1-9])/([2-9])(?![\w/])")
# letters and a hyphen right before digits: the digits are part of a name (Covid-19, F-16)
_NAME_DASH = re.compile(r"[A-Za-z]-\Z")
_IMPLIED_RE = re.compile(r"\b(" + "|".join(sorted(_IMPLIED, key=len, reverse=True)) + r")\b",
                         re.IGNORECASE)


# A paragraph pysbd can only keep whole: no sentence-ending mark but one at its very end, and none
# of the brackets and quotes pysbd splits around ("(PERSON1) Okay." is two sentences to it, and
# so is a closing quote left over from the paragraph before). Most lines of news and dialogue
# qualify, and pysbd's rules (dozens of patterns per paragraph) are the cost the shortcut saves;
# the spans are pysbd's (tests/test_lang.py compares them on lines at the edge of the rule).
_BODY_MARKS = re.compile(r"[.!?。．！？…\"“”()\[\]«»{}]")
_FINAL_MARK = re.compile(r"[.!?]?\s*\Z")


def _one_sentence(flat: str) -> bool:
    return not _BODY_MARKS.search(flat, 0, _FINAL_MARK.search(flat).start())


class English:
    code = "en"
    name = "English"
    scripts = frozenset({"latin"})
    # ’ is also the apostrophe (Russia’s), so single quotes are not paired
    brackets = (("(", ")"), ("[", "]"), ("“", "”"), ('"', '"'))

    def negations(self, text: str) -> int:
        """Words that negate or deny (not, never, n't, without, fail, refuse...) in ``text``."""
        return len(_NEGATION.findall(text))

    def implied_numbers(self, text: str) -> set[float]:
        out: set[float] = set()
        for m in _IMPLIED_RE.finditer(text):
            out.update(_IMPLIED[m.group(1).lower()])
        return out

    def foreign_text(self, text: str) -> list[tuple[int, int, str]]:
        return [(s, e, script_label(script))
                for s, e, script in foreign_script_runs(text, self.scripts)]

    @staticmethod
    @lru_cache(maxsize=1)
    def _segmenter():
        import pysbd
        from pysbd.utils import TextSpan

        _give_pysbd_a_pattern_cache()

        class Segmenter(pysbd.Segmenter):
            def sentences_with_char_spans(self, sentences):
                r"""pysbd's own method with ``str.find`` for its per-sentence regex.

                pysbd finds each sentence with ``re.finditer(re.escape(sent) + r"\s*", text)``,
                a new pattern per sentence: compiling them was a tenth of a batch's CPU time, and
                they pushed pysbd's other patterns out of ``re``'s cache. Same spans: a literal
                match, then the whitespace run after it, the first one ending past the previous
                sentence; matches do not overlap, so the next search starts at the end of the
                last one (``\s`` and ``str.isspace`` are the same characters).
                """
                if not all(sentences):
                    return super().sentences_with_char_spans(sentences)
                text = self.original_text
                spans, prior_end = [], 0
                for sent in sentences:
                    pos = 0
                    while True:
                        at = text.find(sent, pos)
                        if at < 0:
                            break
                        end = at + len(sent)
                        while end < len(text) and text[end].isspace():
                            end += 1
                        if end > prior_end:
                            spans.append(TextSpan(text[at:end], at, end))
                            prior_end = end
                            break
                        pos = end
                return spans

        return Segmenter(language="en", clean=False)

    def split_sentences(self, text: str, start: int, end: int) -> list[tuple[int, int]]:
        chunk = text[start:end]
        # pysbd must not see line breaks of a hard-wrapped paragraph; replacing them keeps length.
        flat = chunk.replace("\r", " ").replace("\n", " ")
        if _one_sentence(flat):
            stripped = flat.strip()
            if not stripped:
                return []
            lead = start + len(flat) - len(flat.lstrip())
            return [(lead, lead + len(stripped))]
        return self._split_pysbd(flat, start)

    def _split_pysbd(self, flat: str, start: int) -> list[tuple[int, int]]:
        pieces = self._segmenter().segment(flat)
        spans: list[tuple[int, int]] = []
        cursor = 0
        for piece in pieces:
            piece = piece.strip()
            if not piece:
                continue
            at = flat.find(piece, cursor)
            if at < 0:  # pysbd changed the text; keep the rest as one sentence
                break
            spans.append((start + at, start + at + len(piece)))
            cursor = at + len(piece)
        rest = flat[cursor:]
        if rest.strip():
            lead = len(rest) - len(rest.lstrip())
            s = start + cursor + lead
            spans.append((s, s + len(rest.strip())))
        return spans

    def word_count(self, text: str) -> int:
        return len(re.findall(r"[\w'’-]+", text))

    def quantities(self, text: str) -> list[Quantity]:
        out: list[Quantity] = []
        # "3 1/2 stars" is 3.5 (星3.5個), not 3, 1 and 2
        fractions = [(m.start(), m.end(), int(m.group(1)) + int(m.group(2)) / int(m.group(3)))
                     for m in _MIXED_FRACTION.finditer(text)]
        for m in _NUM_RE.finditer(text):
            if m.group("digits"):
                if any(s <= m.start() < e for s, e, _ in fractions):
                    continue
                raw = re.sub(r"[, \u00a0\u202f]", "", m.group("digits"))
                value = float(raw)
                scale = (m.group("dscale") or "").lower()
                if scale == "m" and not _CURRENCY.search(text, 0, m.start()):
                    scale = ""  # 3,000m is metres; £3m is money
                if scale:
                    value *= {"bn": 1e9, "m": 1e6}.get(scale, _SCALES.get(scale, 1))
                elif m.group("kilo"):
                    value *= 1000  # 100k = 10万
                    scale = "k"
                is_pct = bool(m.group("pct"))
                kind = "percent" if is_pct else (
                    "year" if not scale and "." not in raw and 1800 <= value <= 2100
                    and len(raw) == 4 else "number")
                # "24/7" is "all the time" (年中無休, いつでも), not two numbers to translate
                idiom = text[m.start():m.start() + 4] == "24/7" or (
                    raw == "7" and text[max(0, m.start() - 3):m.start()] == "24/")
                clock = _MILITARY_TIME.match(text, m.start())
                if clock:  # 0430 -> 4時30分: the hour and the minutes answer for it
                    idiom = True
                    for v in (int(clock.group(1)), int(clock.group(2))):
                        out.append(Quantity(float(v), "number", m.start(), m.end(), strong=False))
                elif _RANK.match(text, m.end()):  # 2nd Lieutenant = 少尉
                    idiom = True
                elif _NAME_DASH.search(text, 0, m.start()):  # Covid-19, F-16, MH-17: a name
                    idiom = True
                alt: tuple[float, ...] = ()
                if _DECADES.match(text, m.end()):
                    alt = (value * 10,)  # 6 decades = 60年
                if _CLOCK.match(text, m.end()) and 1 <= value <= 12 and "." not in raw:
                    alt = (value + 12,)  # 5 o'clock, 7 pm: 17時, 19時 on a 24-hour clock
                decade = _DECADE_ABBR.match(text, m.start())
                if decade:  # the 00s, the '90s: 2000年代, 1990年代
                    d = int(decade.group(1))
                    alt = (float(2000 + d if d <= 30 else 1900 + d),)
                left = _YEAR_RANGE.search(text, 0, m.start())
                if left and len(raw) == 2 and not scale:
                    alt = (float(left.group(1)[:2] + raw),)  # the 87 of 1981-87 is 1987
                out.append(Quantity(value, kind, m.start(), m.end(), strong=not idiom, alt=alt))
            else:
                base, whole = m.start("words"), m.group("words")
                pos = 0
                while pos < len(whole):  # "six and nine" is two numbers: parse what is left
                    lead = re.match(r"[\s-]*(?:and\s+)?", whole[pos:]).end()
                    words = whole[pos + lead:]
                    parsed = _words_value(words) if words else None
                    if parsed is None:
                        break
                    value, used = parsed
                    s = base + pos + lead
                    last = pos + lead + used >= len(whole.rstrip())
                    kind = "percent" if m.group("wpct") and last else "number"
                    first = words.split()[0].lower().split("-")[0]
                    # "one" is as often a pronoun as a number; "hundreds of" is not a value; a
                    # capitalised number word inside a sentence is a name ("Fox and Seven",
                    # "the Big Four").
                    strong = not (value == 1 or first in _SCALES or (
                        words[0].isupper() and text[:s].strip() != ""
                        and not re.search(r"[.!?:\"“‘(]\s*$", text[:s])))
                    e = m.end() if m.group("wpct") and last else s + used
                    alt = (value * 10,) if _DECADES.match(text, e) else ()
                    out.append(Quantity(value, kind, s, e, strong=strong, alt=alt))
                    pos += lead + used
        for s, e, value in fractions:
            out.append(Quantity(value, "number", s, e, strong=True))
        for m in _MONTH_RE.finditer(text):
            name = m.group(1)
            if name == "May":  # the modal verb: only a month before a number or after "in"
                after = text[m.end():m.end() + 3]
                before = text[max(0, m.start() - 3):m.start()]
                if not (re.match(r"\s\d", after) or before.lower() == "in "):
                    continue
            out.append(Quantity(float(MONTHS[name]), "month", m.start(), m.end(), strong=True))
        for m in _WEEKDAY_RE.finditer(text):
            # next to another capitalised word it is part of a name (Soccer Saturday, Sunday
            # Best, Super Tuesday): not required in the translation
            after = _CAP_AFTER.match(text, m.end())
            name = bool(_CAP_BEFORE.search(text, 0, m.start())) or bool(
                after and after.group(1) not in MONTHS and f"{after.group(1)}." not in MONTHS)
            out.append(Quantity(float(WEEKDAYS[m.group(1)]), "weekday", m.start(), m.end(),
                                strong=not name))
        out.sort(key=lambda q: (q.start, q.end))
        return out
