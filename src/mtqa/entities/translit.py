"""English -> katakana by the ``e2k`` character model (numpy, weights in the wheel, Unlicense).

Loaded lazily, once per process; when ``e2k`` is not installed the checks fall back to the
gazetteers alone.
"""

from __future__ import annotations

import threading
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


@lru_cache(maxsize=8192)
def katakana(word: str) -> str | None:
    """The model's katakana for one English word, or None without the model."""
    model = _model()
    w = "".join(ch for ch in word.lower() if ch.isalpha())
    if model is None or not w:
        return None
    return model(w) or None
