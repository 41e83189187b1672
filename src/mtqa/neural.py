"""Optional ``transformers`` backends: a local sentence encoder and a local QE regression model.

Install with ``pip install 'mtqa[neural]'`` (here: ``pip install torch==2.13.0`` first, which takes
the local CPU wheel). Nothing in this module is imported unless ``--encoder hf:PATH`` or
``--qe-model hf:PATH`` is used, and nothing is ever downloaded: models load from a local
directory with ``local_files_only=True``; a hub name fails at once with a clear message.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .errors import ModelError

if TYPE_CHECKING:
    import numpy as np

_HUB_NAME = re.compile(r"^[A-Za-z0-9][\w.-]*/[\w.-]+$")
POOLINGS = ("mean", "cls", "max")


def parse_spec(spec: str, what: str) -> Path:
    """``hf:PATH`` -> an existing local model directory, or a one-line ``ModelError``."""
    if not spec.startswith("hf:"):
        raise ModelError(f"{what} {spec!r}: expected hf:PATH (a local transformers model directory)")
    raw = spec[3:]
    path = Path(raw).expanduser()
    if not path.exists():
        if _HUB_NAME.match(raw) and not raw.startswith((".", "/")):
            raise ModelError(
                f"{what} hf:{raw}: not a local directory; mtqa never downloads models. Download "
                f"{raw} on a connected machine (e.g. `huggingface-cli download {raw} --local-dir "
                f"DIR`) and pass hf:DIR")
        raise ModelError(f"{what} hf:{raw}: no such directory (mtqa never downloads models: pass "
                         f"a local model directory)")
    if not path.is_dir() or not (path / "config.json").exists():
        raise ModelError(f"{what} hf:{raw}: not a transformers model directory (no config.json)")
    return path


def _import():
    # Refuse any network access from the hub library, whatever the user's environment says.
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
    try:
        import torch
        import transformers
    except ImportError:
        raise ModelError(
            "the transformers backend needs the neural extra: pip install 'mtqa[neural]' "
            "(install torch first; here `pip install torch==2.13.0` takes the local CPU wheel)"
        ) from None
    transformers.logging.set_verbosity_error()
    transformers.logging.disable_progress_bar()  # stderr carries mtqa's own lines only
    return torch, transformers


def _fingerprint(path: Path) -> str:
    h = hashlib.sha256((path / "config.json").read_bytes())
    return h.hexdigest()[:8]


def _sentence_transformers_pooling(path: Path) -> tuple[str | None, bool | None]:
    """Pooling and normalisation declared by a sentence-transformers export, if any."""
    pooling = normalize = None
    modules = path / "modules.json"
    if modules.exists():
        try:
            mods = json.loads(modules.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            mods = []
        normalize = any("Normalize" in str(m.get("type", "")) for m in mods)
        for m in mods:
            if "Pooling" in str(m.get("type", "")):
                cfg = path / m.get("path", "1_Pooling") / "config.json"
                try:
                    c = json.loads(cfg.read_text(encoding="utf-8"))
                except (OSError, ValueError):
                    continue
                if c.get("pooling_mode_cls_token"):
                    pooling = "cls"
                elif c.get("pooling_mode_max_tokens"):
                    pooling = "max"
                elif c.get("pooling_mode_mean_tokens"):
                    pooling = "mean"
    return pooling, normalize


class HFEncoder:
    """A sentence encoder from a local transformers directory (LaBSE, multilingual-e5, ...)."""

    def __init__(self, path: Path, pooling: str | None = None, normalize: bool | None = None,
                 batch_size: int = 32, max_length: int = 256, device: str | None = None) -> None:
        torch, transformers = _import()
        declared_pooling, declared_norm = _sentence_transformers_pooling(path)
        self.pooling = pooling or declared_pooling or "mean"
        if self.pooling not in POOLINGS:
            raise ModelError(f"pooling {self.pooling!r}: expected one of {', '.join(POOLINGS)}")
        self.normalize = normalize if normalize is not None else (
            declared_norm if declared_norm is not None else True)
        self.batch_size = max(1, batch_size)
        self.max_length = max_length
        self.device = device or ("cuda" if torch.cuda.is_available() else "cpu")
        try:
            self.tokenizer = transformers.AutoTokenizer.from_pretrained(str(path),
                                                                        local_files_only=True)
            self.model = transformers.AutoModel.from_pretrained(str(path), local_files_only=True)
        except (OSError, ValueError) as exc:
            raise ModelError(f"hf:{path}: cannot load the model ({str(exc).splitlines()[0]})") from None
        self.model.eval().to(self.device)
        self._torch = torch
        self.name = f"hf-{path.name}-{_fingerprint(path)}-{self.pooling}"
        self._cache: dict[str, "np.ndarray"] = {}

    def _embed(self, texts: list[str]) -> "np.ndarray":
        import numpy as np

        torch = self._torch
        out = np.zeros((len(texts), self.model.config.hidden_size), dtype=np.float32)
        # Batch by length so padding is small; results are put back in input order.
        order = sorted(range(len(texts)), key=lambda i: len(texts[i]))
        for start in range(0, len(order), self.batch_size):
            idx = order[start:start + self.batch_size]
            batch = self.tokenizer([texts[i] for i in idx], padding=True, truncation=True,
                                   max_length=self.max_length, return_tensors="pt")
            batch = {k: v.to(self.device) for k, v in batch.items()}
            with torch.no_grad():
                hidden = self.model(**batch).last_hidden_state
            mask = batch["attention_mask"].unsqueeze(-1).to(hidden.dtype)
            if self.pooling == "cls":
                vec = hidden[:, 0]
            elif self.pooling == "max":
                vec = hidden.masked_fill(mask == 0, -1e9).max(dim=1).values
            else:
                vec = (hidden * mask).sum(dim=1) / mask.sum(dim=1).clamp(min=1.0)
            if self.normalize:
                vec = torch.nn.functional.normalize(vec, dim=-1)
            out[idx] = vec.float().cpu().numpy()
        return out

    def encode(self, texts: list[str]) -> "np.ndarray":
        import numpy as np

        missing = [t for t in dict.fromkeys(texts) if t not in self._cache]
        if missing:
            for t, v in zip(missing, self._embed(missing)):
                self._cache[t] = v
        if not texts:
            return np.zeros((0, self.model.config.hidden_size), dtype=np.float32)
        return np.stack([self._cache[t] for t in texts])


class QEModel:
    """A sequence-regression quality-estimation model over (source, translation) pairs."""

    def __init__(self, path: Path, batch_size: int = 16, max_length: int = 512,
                 device: str | None = None) -> None:
        torch, transformers = _import()
        try:
            self.tokenizer = transformers.AutoTokenizer.from_pretrained(str(path),
                                                                        local_files_only=True)
            self.model = transformers.AutoModelForSequenceClassification.from_pretrained(
                str(path), local_files_only=True)
        except (OSError, ValueError) as exc:
            raise ModelError(f"hf:{path}: cannot load the QE model ({str(exc).splitlines()[0]})") from None
        if self.model.config.num_labels != 1:
            raise ModelError(f"hf:{path}: a QE model must be a regression head (num_labels=1), "
                             f"this one has {self.model.config.num_labels} labels")
        self.device = device or ("cuda" if torch.cuda.is_available() else "cpu")
        self.model.eval().to(self.device)
        self.batch_size = max(1, batch_size)
        self.max_length = max_length
        self._torch = torch
        self.name = f"hf-{path.name}-{_fingerprint(path)}"

    def score(self, pairs: list[tuple[str, str]]) -> list[float]:
        torch = self._torch
        scores = [0.0] * len(pairs)
        order = sorted(range(len(pairs)), key=lambda i: len(pairs[i][0]) + len(pairs[i][1]))
        for start in range(0, len(order), self.batch_size):
            idx = order[start:start + self.batch_size]
            batch = self.tokenizer([pairs[i][0] for i in idx], [pairs[i][1] for i in idx],
                                   padding=True, truncation=True, max_length=self.max_length,
                                   return_tensors="pt")
            batch = {k: v.to(self.device) for k, v in batch.items()}
            with torch.no_grad():
                logits = self.model(**batch).logits.squeeze(-1).float().cpu().tolist()
            if isinstance(logits, float):
                logits = [logits]
            for i, v in zip(idx, logits):
                scores[i] = float(v)
        return scores


def qe_document(model: QEModel, pairs: list[tuple[str, str]]) -> dict[str, Any]:
    """Segment scores and their length-weighted mean as the document score."""
    seg = model.score(pairs) if pairs else []
    weights = [max(1, len(s)) for s, _ in pairs]
    doc = sum(w * v for w, v in zip(weights, seg)) / sum(weights) if seg else None
    return {"model": model.name, "score": None if doc is None else round(doc, 6),
            "segments": [round(v, 6) for v in seg]}
