"""Language plug-ins: each language brings its sentence splitter, its scripts and its number reader.

Nothing outside this package knows that the first pair is English -> Japanese: the pipeline asks
``get_language(code)`` for what it needs.
"""

from __future__ import annotations

import unicodedata
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache
from typing import Protocol

from ..errors import UsageError


@dataclass(frozen=True)
class Quantity:
    """A number found in a text, normalised: ``value`` in base units, ``kind`` what it counts."""

    value: float
    kind: str  # "number", "year", "month", "weekday", "percent"
    start: int
    end: int
    strong: bool = True  # digits are strong; "one", kanji inside words are weak evidence
    # other values the same words may stand for: "6 decades" is also 60 (years), the "87" of
    # "1981-87" is 1987
    alt: tuple[float, ...] = ()

    def matches(self, other: "Quantity") -> bool:
        if self.kind in ("month", "weekday") or other.kind in ("month", "weekday"):
            return self.kind == other.kind and self.value == other.value
        return any(_same_value(a, b) for a in (self.value, *self.alt)
                   for b in (other.value, *other.alt))


def _same_value(x: float, y: float) -> bool:
    if x == y:
        return True
    a, b = abs(x), abs(y)
    return max(a, b) > 0 and abs(a - b) / max(a, b) < 1e-6


class Language(Protocol):
    code: str
    name: str
    scripts: frozenset[str]

    def split_sentences(self, text: str, start: int, end: int) -> list[tuple[int, int]]:
        """Sentence spans inside ``text[start:end]``, offsets into ``text``."""

    def quantities(self, text: str) -> list[Quantity]:
        """Numbers, dates and quantities in ``text`` with offsets into it."""

    def word_count(self, text: str) -> int:
        """Words (or word-equivalents) in ``text``, for length normalisation."""

    def implied_numbers(self, text: str) -> set[float]:
        """Numbers that ``text`` implies without writing them ("a couple" 2, "a fortnight" 2
        weeks or 14 days, "a day" 1 or 24 hours): a translation may spell them out."""

    def foreign_text(self, text: str) -> list[tuple[int, int, str]]:
        """Stretches of ``text`` written in a third language, neither this one nor Latin-script
        text (which the untranslated checks judge): ``(start, end, language or script name)``."""

    # Optional, read with getattr by the checks that use them:
    # brackets: tuple[tuple[str, str], ...]: (openers, closers) of each kind of bracket or quote
    #     mark the language pairs; one kind may have several spellings (（ and ( ); a kind whose
    #     opener is its closer (") alternates.
    # sentence_register(sentence) -> (register, start, end) | None: the sentence's politeness
    #     register as its ending shows it (Japanese: "polite" です/ます or "plain" だ/である).


@lru_cache(maxsize=65536)  # a text repeats its characters: most calls are hits
def char_script(ch: str) -> str | None:
    """The script of a letter: latin, kana, han, hangul, cyrillic, other; None if not a letter."""
    o = ord(ch)
    if ch.isascii():
        return "latin" if ch.isalpha() else None
    if 0x3040 <= o <= 0x30FF or 0x31F0 <= o <= 0x31FF or 0xFF66 <= o <= 0xFF9F:
        return "kana"
    if 0x4E00 <= o <= 0x9FFF or 0x3400 <= o <= 0x4DBF or 0xF900 <= o <= 0xFAFF or ch in "々〆":
        return "han"
    if 0xAC00 <= o <= 0xD7AF or 0x1100 <= o <= 0x11FF:
        return "hangul"
    if 0xFF21 <= o <= 0xFF3A or 0xFF41 <= o <= 0xFF5A:
        return "latin"
    if not ch.isalpha():
        return None
    name = unicodedata.name(ch, "")
    if name.startswith("LATIN"):
        return "latin"
    if name.startswith("CYRILLIC"):
        return "cyrillic"
    return "other"


def script_counts(text: str) -> dict[str, int]:
    counts: dict[str, int] = {}
    # One char_script call per distinct character (a document repeats its characters often);
    # Counter keeps first-occurrence order, so the dict comes out in the same order as a scan.
    for ch, n in Counter(text).items():
        s = char_script(ch)
        if s is not None:
            counts[s] = counts.get(s, 0) + n
    return counts


def script_share(text: str, scripts: frozenset[str]) -> float:
    """Share of the letters of ``text`` written in ``scripts`` (1.0 for text without letters)."""
    counts = script_counts(text)
    total = sum(counts.values())
    if not total:
        return 1.0
    return sum(n for s, n in counts.items() if s in scripts) / total


_SCRIPT_LABELS = {"hangul": "Korean", "cyrillic": "Cyrillic script"}


def _script_of(ch: str) -> str | None:
    """``char_script`` with the "other" scripts told apart by their Unicode name (ARABIC, THAI)."""
    s = char_script(ch)
    if s == "other":
        name = unicodedata.name(ch, "")
        return name.split(" ", 1)[0].lower() if name else None
    return s


def script_label(script: str) -> str:
    return _SCRIPT_LABELS.get(script, f"{script.title()} script")


def foreign_script_runs(text: str, own: frozenset[str],
                        min_letters: int = 2) -> list[tuple[int, int, str]]:
    """Runs of letters in scripts other than ``own`` and Latin, ``(start, end, script)``.

    A run goes on across spaces, digits and punctuation up to the next letter of another
    script, so ``피아노 소나타 14번`` is one run; runs shorter than ``min_letters`` letters
    (a Greek β in βブロッカー) are left out.
    """
    runs: list[tuple[int, int, str]] = []
    cur: list = []  # [script, start, end, letters]
    for i, ch in enumerate(text):
        s = _script_of(ch)
        if s is None:
            continue
        if s in own or s == "latin":
            if cur:
                runs.append(tuple(cur))  # type: ignore[arg-type]
                cur = []
            continue
        if cur and cur[0] == s:
            cur[2] = i + 1
            cur[3] += 1
        else:
            if cur:
                runs.append(tuple(cur))  # type: ignore[arg-type]
            cur = [s, i, i + 1, 1]
    if cur:
        runs.append(tuple(cur))  # type: ignore[arg-type]
    return [(start, end, script) for script, start, end, n in runs if n >= min_letters]


def unbalanced_brackets(text: str, kinds: tuple[tuple[str, str], ...]) -> list[int]:
    """Offsets of the brackets and quote marks in ``text`` that have no partner, in order.

    ``kinds`` as ``Language.brackets``. A closer that does not match the innermost open bracket
    but an outer one closes that and leaves the inner ones unclosed (``「（…」``: ``（``); a
    closer with no opener of its kind is unmatched itself."""
    kind_of: dict[str, tuple[int, bool]] = {}
    for k, (openers, closers) in enumerate(kinds):
        for ch in closers:
            kind_of[ch] = (k, False)
        for ch in openers:
            kind_of[ch] = (k, True)  # an alternating mark (") is its own opener
    stack: list[tuple[int, int]] = []  # (offset, kind)
    bad: list[int] = []
    for i, ch in enumerate(text):
        hit = kind_of.get(ch)
        if hit is None:
            continue
        k, is_open = hit
        toggles = ch in kinds[k][1]  # opener and closer at once
        if toggles and stack and stack[-1][1] == k:
            stack.pop()
        elif is_open:
            stack.append((i, k))
        elif any(kk == k for _, kk in stack):
            while stack[-1][1] != k:
                bad.append(stack.pop()[0])
            stack.pop()
        else:
            bad.append(i)
    bad.extend(i for i, _ in stack)
    return sorted(bad)


def get_language(code: str) -> Language:
    code = code.lower().split("-")[0].split("_")[0]
    if code == "en":
        from .en import English

        return English()
    if code == "ja":
        from .ja import Japanese

        return Japanese()
    raise UsageError(f"unsupported language {code!r}: mtqa knows en and ja")


SUPPORTED = ("en", "ja")
