"""English -> katakana by the ``e2k`` character model (numpy, weights in the wheel, Unlicense).

Loaded lazily, once per process; when ``e2k`` is not installed the checks fall back to the
gazetteers alone.
"""

from __future__ import annotations

import threading
import unicodedata
from functools import lru_cache

_LOCK = threading.Lock()
_MODEL = None
_MISSING = False


def _model():
    global _MODEL, _MISSING
    with _LOCK:
        if _MODEL is None and not _MISSING:
            try:
                from e2k import C2K
            except ImportError:
                _MISSING = True
            else:
                _MODEL = C2K(model="turbo")
        return _MODEL


def ascii_letters(word: str) -> str:
    """``word`` lower-cased, accents folded, letters a-z only (Sánchez -> sanchez): what both
    readings below know (an accented letter would otherwise be dropped, not read)."""
    return "".join(ch for ch in unicodedata.normalize("NFKD", word.lower())
                   if ch.isascii() and ch.isalpha())


@lru_cache(maxsize=8192)
def katakana(word: str) -> str | None:
    """The model's katakana for one English word, or None without the model."""
    model = _model()
    w = ascii_letters(word)
    if model is None or not w:
        return None
    return model(w) or None


_VOWELS = "aeiou"


@lru_cache(maxsize=8192)
def as_written(word: str) -> str | None:
    """The word read letter by letter as Japanese reads most non-English European names
    (Recarte -> レカルテ, Kronos -> クロノス, Mazda -> マズダ): vowels as written, a consonant
    with no vowel after it takes u (o after t and d), l reads as r, c before e/i as s.

    A second reading beside the English-trained model's, which reads Recarte as リカルト;
    used only for tokens no gazetteer knows. Rough by design: no language's own rules (Spanish
    j, German w), so it only ever widens what is accepted for an unknown name.
    """
    import jaconv

    w = ascii_letters(word)
    if not w:
        return None
    for a, b in (("ph", "f"), ("th", "t"), ("ck", "k"), ("qu", "k"), ("x", "ks"), ("v", "b"),
                 ("w", "u"), ("l", "r"), ("rr", "r"), ("mm", "nm")):
        w = w.replace(a, b)
    w = w.replace("ch", "C").replace("sh", "S")  # digraphs, spelt out again below
    w = "".join("s" if ch == "c" and nxt in "eiy" else "k" if ch == "c" else ch
                for ch, nxt in zip(w, w[1:] + " "))
    w = "".join("i" if ch == "y" and nxt not in _VOWELS else ch for ch, nxt in zip(w, w[1:] + " "))
    out = []
    for i, ch in enumerate(w):
        nxt = w[i + 1] if i + 1 < len(w) else ""
        out.append({"C": "ch", "S": "sh"}.get(ch, ch))
        if ch in _VOWELS or ch == "y":
            continue
        if ch == "n" and (not nxt or nxt not in _VOWELS + "y"):
            out.append("n")  # ン
        elif ch == "h" and i and w[i - 1] in _VOWELS and (not nxt or nxt not in _VOWELS):
            out[-1] = "-"  # Cohren: the h lengthens the vowel
        elif nxt == ch:
            continue  # a doubled consonant: っ
        elif not nxt or nxt not in _VOWELS + "y":
            out.append("i" if ch in "CS" else "o" if ch in "td" else "u")
    kana = jaconv.alphabet2kata("".join(out).replace("-", "ー"))
    return kana if all("\u30a0" <= ch <= "\u30ff" for ch in kana) else None
