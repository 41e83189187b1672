"""Small text predicates shared by several check families."""

from __future__ import annotations

import re

CREDIT_RE = re.compile(
    r"^\s*(?:(?:by|with files from|reporting by|additional reporting by|written by|photo:?|"
    r"photograph:?|source:?|credit:?)\s+.+"
    r"|[\w .'’-]{0,60}/\s*(?:reuters|ap|afp|getty images|bloomberg|the associated press|"
    r"the canadian press|epa|afp via getty images|ap photo|cp)"
    r"|the associated press|associated press|reuters|agence france-presse|afp|bloomberg|"
    r"the canadian press|kyodo|jiji press|ap通信|ロイター|共同通信|時事通信)\s*\.?\s*$",
    re.IGNORECASE,
)
# A run of Latin letters (with inner apostrophes/hyphens), for words left in a Japanese sentence.
LATIN_WORD_RE = re.compile(r"[A-Za-z][A-Za-z'’-]*[A-Za-z]|[A-Za-z]")
UNITS = frozenset("km kg cm mm m g mg ml l kw mw gw kwh mph km/h ha lb lbs oz ft in".split())


def is_han(ch: str) -> bool:
    return "\u4e00" <= ch <= "\u9fff" or "\u3400" <= ch <= "\u4dbf" or ch in "々〆"


def is_katakana(ch: str) -> bool:
    return "\u30a0" <= ch <= "\u30ff" and ch not in "・"


def is_hiragana(ch: str) -> bool:
    return "\u3041" <= ch <= "\u309f"


def is_japanese(ch: str) -> bool:
    return is_han(ch) or is_katakana(ch) or is_hiragana(ch)


def is_credit(text: str) -> bool:
    """A byline, photo credit or agency line ("Maksym Kishka/Reuters", "The Associated Press")."""
    return bool(CREDIT_RE.match(text))
