"""English -> katakana by the ``e2k`` character model (numpy, weights in the wheel, Unlicense).

Loaded lazily, once per process; when ``e2k`` is not installed the checks fall back to the
gazetteers alone. ``e2k`` loads the weights; ``_Greedy`` runs them (see there).
"""

from __future__ import annotations

import threading
import unicodedata
from functools import lru_cache

import numpy as np

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
                c2k = C2K(model="turbo")
                _MODEL = _Greedy(c2k) if _Greedy.fits(c2k) else c2k
        return _MODEL


class _Greedy:
    """e2k's greedy decoding: the same arithmetic with fewer numpy calls.

    ``e2k`` runs its GRUs and attention as small numpy layers, a few dozen numpy calls a
    character, and that Python overhead (not the arithmetic: the model is 128 wide) is most of
    what a word costs. Here the same operations, in the same order on the same float32 values,
    with fewer calls: the input projections of the encoder and of the decoder's first GRU are
    looked up per character from tables made once (each row computed as e2k computes it, one
    vector at a time), the heads of the attention are a reshape instead of a split and a stack,
    and the GRU gates are sliced instead of split. Every matrix-vector product stays a vector
    product as in e2k (a batched matrix product would round differently), so the output is
    e2k's, character for character (tests/test_entities.py compares them on a few hundred
    names).
    """

    def __init__(self, c2k) -> None:
        s2s = c2k.s2s
        self.in_table, self.out_table = c2k.in_table, c2k.out_table
        self.sos, self.eos, self.max_len = s2s.sos_idx, s2s.eos_idx, s2s.max_len

        def table(emb, lin):  # row c: lin(emb[c]), computed as e2k computes it for one vector
            return np.stack([lin.forward(emb.weight[c]) for c in range(emb.weight.shape[0])])

        self.enc = [(table(s2s.e_emb, g.cell.ih), g.cell.hh) for g in (s2s.encoder,
                                                                        s2s.encoder_reverse)]
        self.enc_fc = s2s.encoder_fc
        self.pre_ih = table(s2s.k_emb, s2s.pre_decoder.cell.ih)
        self.pre_hh = s2s.pre_decoder.cell.hh
        self.post = s2s.post_decoder.cell
        self.attn = s2s.attn
        self.fc = s2s.fc
        self.dtype = s2s.pre_decoder.cell.hh.weight.dtype

    @staticmethod
    def fits(c2k) -> bool:
        """The e2k model this was written against: greedy S2S with one-layer GRUs."""
        s2s = getattr(c2k, "s2s", None)
        return all(hasattr(s2s, a) for a in ("e_emb", "k_emb", "encoder", "encoder_reverse",
                                             "encoder_fc", "pre_decoder", "post_decoder",
                                             "attn", "fc", "sos_idx", "eos_idx", "max_len"))

    @staticmethod
    def _gru(ih: np.ndarray, hh, h: np.ndarray) -> np.ndarray:
        rzn_hh = hh.forward(h)
        k = rzn_hh.shape[-1] * 2 // 3
        rz = 1 / (1 + np.exp(-(ih[:k] + rzn_hh[:k])))
        r, z = rz[: k // 2], rz[k // 2:]
        n = np.tanh(ih[k:] + r * rzn_hh[k:])
        return (1 - z) * n + z * h

    def __call__(self, word: str) -> str:
        src = [self.sos] + [self.in_table[c] for c in word.lower() if c in self.in_table]
        src.append(self.eos)
        outs = []
        for (ih, hh), order in zip(self.enc, (src, src[::-1])):
            h = np.zeros(hh.weight.shape[-1], dtype=self.dtype)
            states = []
            for c in order:
                h = self._gru(ih[c], hh, h)
                states.append(h)
            outs.append(np.stack(states))
        enc_out = np.tanh(self.enc_fc.forward(np.concatenate([outs[0], outs[1][::-1]], axis=-1)))
        attn = self.attn
        k, v = attn.memory(enc_out)
        heads = attn.num_heads
        res = [self.sos]
        h1 = np.zeros(self.pre_hh.weight.shape[-1], dtype=self.dtype)
        h2 = np.zeros(self.post.hh.weight.shape[-1], dtype=self.dtype)
        for _ in range(self.max_len):
            h1 = self._gru(self.pre_ih[res[-1]], self.pre_hh, h1)
            q = attn.q_proj.forward(h1).reshape(heads, 1, -1)
            a = np.exp(np.matmul(q, k) / attn.scale)
            a = a / a.sum(axis=-1, keepdims=True)
            o = attn.o_proj.forward(np.matmul(a, v).reshape(-1))
            h2 = self._gru(self.post.ih.forward(np.concatenate([h1, o])), self.post.hh, h2)
            res.append(int(np.argmax(self.fc.forward(h2))))
            if res[-1] == self.eos:
                break
        out = res[1:]
        if out and out[-1] == self.eos:
            out = out[:-1]
        return "".join(self.out_table[c] for c in out)


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
