"""Katakana normalisation and similarity for comparing name transliterations.

Two renderings of one name differ in ways Japanese style guides allow (ヴ/ブ, long-vowel marks,
the middle dot, small kana, sokuon): ``normalise`` folds those away so that ラヴロフ and ラブロフ,
or ドラゴーネ and ドラゴネ, compare equal, and ``similarity`` is an edit-distance ratio over what
is left.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from rapidfuzz.distance import Levenshtein

# ヴ + small vowel -> the b-row; then lone ヴ -> ブ
_V_ROW = {"ヴァ": "バ", "ヴィ": "ビ", "ヴェ": "ベ", "ヴォ": "ボ", "ヴュ": "ビュ", "ヴ": "ブ"}
_SMALL = str.maketrans("ァィゥェォャュョヮヵヶ", "アイウエオヤユヨワカケ")
_OLD = str.maketrans("ヲヰヱヂヅ", "オイエジズ")
_DROP = re.compile(r"[ー・＝゠=ッ\s\u30fc\uff65\uff70\-]")
_V_RE = re.compile("|".join(sorted(_V_ROW, key=len, reverse=True)))

KATAKANA_RUN = re.compile(r"[\u30a1-\u30fa\u30fc\u30fd\u30fe]+(?:[・＝゠=][\u30a1-\u30fa\u30fc\u30fd\u30fe]+)*")
PART_SEP = re.compile(r"[・＝゠=]")
# A dash typed for the long-vowel mark inside a katakana word (カンバ―ナルド, エスｰケイ): one
# dash-like character between two katakana. A doubled dash (――) is punctuation and stays.
_DASH_AS_CHOON = re.compile(r"(?<=[\u30a1-\u30fa\u30fc])[\u2010\u2012\u2013\u2014\u2015"
                            r"\u2212\uff0d\uff70](?=[\u30a1-\u30fa])")


def katakana_text(text: str) -> str:
    """``text`` with a dash typed for ー inside a katakana word replaced by ー (same length, so
    offsets into it are offsets into ``text``); what the name matcher searches."""
    return _DASH_AS_CHOON.sub("\u30fc", text)


def is_katakana_word(text: str) -> bool:
    return bool(text) and all("\u30a0" <= ch <= "\u30ff" or ch in "＝=" for ch in text)


@lru_cache(maxsize=65536)
def normalise(text: str) -> str:
    """Fold the spelling variation Japanese allows in loanword names."""
    s = unicodedata.normalize("NFKC", text)
    s = _V_RE.sub(lambda m: _V_ROW[m.group(0)], s)
    s = s.translate(_SMALL).translate(_OLD)
    return _DROP.sub("", s)


@lru_cache(maxsize=65536)
def similarity(a: str, b: str) -> float:
    """1 - normalised edit distance of the two normalised strings (1.0: same name)."""
    na, nb = normalise(a), normalise(b)
    if not na or not nb:
        return 0.0
    return 1.0 - Levenshtein.distance(na, nb) / max(len(na), len(nb))
