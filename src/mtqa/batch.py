"""Batches: many article pairs from a manifest or a directory, checked in parallel processes.

Library code: it raises ``InputError`` only when the batch as a whole cannot be read (no such
manifest, a CSV without the required columns, a directory with no pairs). A broken row (missing
file, bad encoding, swapped languages, a manifest line that is not JSON) becomes an error entry
for that article, counted as failed, and the batch goes on.

Parallelism: ``jobs > 1`` runs the articles in a ``ProcessPoolExecutor``; each worker process
loads the encoder once (``encoders.get_encoder`` is cached per process) and runs its numeric
libraries on one thread. Results are returned in article order whatever order the workers finish
in, and are the same as with ``jobs=1``: every article starts with an empty embedding cache, so
nothing carries over from the articles a process checked before. A worker that dies (the
out-of-memory killer, a crash in a native library) costs only the article it was checking: that
article gets an error entry and the rest are checked in a new pool (``run_batch``).
"""

from __future__ import annotations

import csv
import json
import os
import re
import signal
import sys
import time
import unicodedata
from collections import Counter
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any, Callable

from .config import Config
from .errors import InputError, MtqaError
from .model import SCHEMA_VERSION, Result, Severity

BATCH_SCHEMA_VERSION = 1


@dataclass(frozen=True)
class Article:
    """One row of a batch: paths as resolved, ``error`` when the row itself is unusable."""

    id: str
    source: str
    target: str
    reference: str | None = None
    error: str | None = None


@dataclass
class Outcome:
    """What checking one article gave: a result, or the one-line error that stopped it."""

    article: Article
    result: Result | None = None
    error: str | None = None
    seconds: float = 0.0
    # the names the article renders in katakana (``rendered_names``), for the check across
    # articles; computed in the worker that checked the article, so the parent only tallies
    names: list[dict[str, Any]] | None = None

    @property
    def passed(self) -> bool:
        return self.result is not None and self.result.verdict.passed

    def to_dict(self) -> dict[str, Any]:
        if self.result is None:
            return {"id": self.article.id, "source": self.article.source,
                    "target": self.article.target, "error": self.error}
        out: dict[str, Any] = {"id": self.article.id}
        out.update(self.result.to_dict())
        if self.article.reference:
            out["reference"] = self.article.reference
        return out


@dataclass
class BatchResult:
    outcomes: list[Outcome]
    cross_article: list[dict[str, Any]] = field(default_factory=list)

    @property
    def passed(self) -> bool:
        return all(o.passed for o in self.outcomes)

    def summary(self) -> dict[str, Any]:
        done = [o.result for o in self.outcomes if o.result is not None]
        by_sev = Counter({s.value: 0 for s in Severity})
        by_code: Counter[str] = Counter()
        for r in done:
            for f in r.findings:
                by_sev[f.severity.value] += 1
                by_code[f.code] += 1
        qualities = [r.score.quality for r in done]
        return {
            "articles": len(self.outcomes),
            "passed": sum(o.passed for o in self.outcomes),
            "failed": sum(1 for o in self.outcomes if o.result is not None and not o.passed),
            "errors": sum(1 for o in self.outcomes if o.result is None),
            "source_sentences": sum(len(r.source.segments) for r in done),
            "target_sentences": sum(len(r.target.segments) for r in done),
            "findings": sum(by_code.values()),
            "by_severity": {s.value: by_sev[s.value] for s in Severity},
            "by_code": dict(sorted(by_code.items())),
            "mean_quality": round(sum(qualities) / len(qualities), 2) if qualities else None,
            "verdict": "pass" if self.passed else "fail",
            "cross_article": self.cross_article,
        }

    def to_dict(self) -> dict[str, Any]:
        from . import __version__

        return {"schema_version": BATCH_SCHEMA_VERSION, "result_schema_version": SCHEMA_VERSION,
                "mtqa_version": __version__,
                "articles": [o.to_dict() for o in self.outcomes], "summary": self.summary()}


# --- reading a batch -------------------------------------------------------------------------

def _resolve(base: Path, value: str) -> str:
    p = Path(value)
    return str(p if p.is_absolute() else base / p)


def _row_article(rec: dict[str, Any], base: Path, where: str, n: int) -> Article:
    rid = str(rec.get("id") or "").strip() or f"row-{n}"
    missing = [k for k in ("source", "target") if not str(rec.get(k) or "").strip()]
    if missing:
        return Article(rid, "", "", error=f"{where}: no {' and no '.join(missing)} path")
    ref = str(rec.get("reference") or "").strip()
    return Article(rid, _resolve(base, str(rec["source"]).strip()),
                   _resolve(base, str(rec["target"]).strip()),
                   _resolve(base, ref) if ref else None)


def read_manifest(path: str | os.PathLike[str]) -> list[Article]:
    """A JSONL (one object a line) or CSV (header ``id,source,target[,reference]``) manifest;
    ``-`` reads it from standard input, its paths relative to the working directory."""
    p = Path(path)
    stdin = str(path) == "-"
    try:
        data = sys.stdin.buffer.read() if stdin else p.read_bytes()
        text = data.decode("utf-8-sig")
    except FileNotFoundError:
        raise InputError(f"{p}: no such manifest") from None
    except UnicodeDecodeError as exc:
        raise InputError(f"{p}: the manifest is not UTF-8 (byte {exc.start})") from None
    except OSError as exc:
        raise InputError(f"{p}: cannot read the manifest ({exc.strerror or exc})") from None
    if stdin:
        p = Path("<stdin>")
    base = Path(".") if stdin else p.parent  # paths stay as given (annotations want them relative)
    articles: list[Article] = []
    if p.suffix.lower() in (".jsonl", ".ndjson", ".json") or text.lstrip().startswith("{"):
        for n, line in enumerate(text.splitlines(), 1):
            if not line.strip() or line.lstrip().startswith("#"):
                continue
            where = f"{p}:{n}"
            try:
                rec = json.loads(line)
            except json.JSONDecodeError as exc:
                articles.append(Article(f"line-{n}", "", "", error=f"{where}: not valid JSON "
                                        f"({exc.msg}, column {exc.colno})"))
                continue
            if not isinstance(rec, dict):
                articles.append(Article(f"line-{n}", "", "", error=f"{where}: expected an "
                                        f"object with id, source, target"))
                continue
            articles.append(_row_article(rec, base, where, n))
    else:
        reader = csv.DictReader(text.splitlines())
        cols = {c.strip().lower() for c in (reader.fieldnames or [])}
        if not {"source", "target"} <= cols:
            raise InputError(f"{p}:1: expected a CSV header with id, source, target "
                             f"(and optional reference), or a JSONL manifest")
        try:
            for n, row in enumerate(reader, 2):
                rec = {(k or "").strip().lower(): v for k, v in row.items()}
                articles.append(_row_article(rec, base, f"{p}:{reader.line_num}", n - 1))
        except csv.Error as exc:
            raise InputError(f"{p}:{reader.line_num}: not valid CSV ({exc})") from None
    if not articles:
        raise InputError(f"{p}: the manifest lists no articles")
    _dedupe_ids(articles)
    return articles


def _dedupe_ids(articles: list[Article]) -> None:
    seen: Counter[str] = Counter(a.id for a in articles)
    dupes = sorted(i for i, c in seen.items() if c > 1)
    if dupes:
        raise InputError(f"article id {dupes[0]!r} appears {seen[dupes[0]]} times in the batch; "
                         f"ids must be unique")


def pair_directory(path: str | os.PathLike[str], src_lang: str, tgt_lang: str) -> list[Article]:
    """Pairs under ``path``, in either layout:

    - ``NAME.<src>.txt`` with ``NAME.<tgt>.txt`` anywhere under ``path``; the id is NAME
      relative to ``path``;
    - when there are none: two trees ``<src>/`` and ``<tgt>/`` directly under ``path``, each
      ``<src>/REL.txt`` with ``<tgt>/REL.txt``; the id is REL.

    A file whose pair is missing is an error entry. Hidden files and directories are skipped.
    """
    root = Path(path)
    sfx_src, sfx_tgt = f".{src_lang}.txt", f".{tgt_lang}.txt"
    names: dict[str, dict[str, Path]] = {}
    for f in _text_files(root):
        rel = f.relative_to(root).as_posix()
        for side, sfx in (("src", sfx_src), ("tgt", sfx_tgt)):
            if rel.endswith(sfx):
                names.setdefault(rel[: -len(sfx)], {})[side] = f
    if names:
        def where(name: str, side: str) -> Path:
            return root / f"{name}{sfx_src if side == 'src' else sfx_tgt}"
    elif (root / src_lang).is_dir() and (root / tgt_lang).is_dir():
        for side, lang in (("src", src_lang), ("tgt", tgt_lang)):
            for f in _text_files(root / lang):
                names.setdefault(f.relative_to(root / lang).as_posix()[:-4], {})[side] = f

        def where(name: str, side: str) -> Path:
            return root / (src_lang if side == "src" else tgt_lang) / f"{name}.txt"
    if not names:
        raise InputError(f"{root}: no NAME{sfx_src} / NAME{sfx_tgt} files and no "
                         f"{src_lang}/ and {tgt_lang}/ folders of .txt files found (set "
                         f"--src-lang/--tgt-lang to match the names)")
    articles = []
    for name in sorted(names):
        sides = names[name]
        src, tgt = sides.get("src", where(name, "src")), sides.get("tgt", where(name, "tgt"))
        error = None
        if "src" not in sides:
            error = f"{src}: no such file (the pair of {tgt})"
        elif "tgt" not in sides:
            error = f"{tgt}: no such file (the pair of {src})"
        articles.append(Article(name, str(src), str(tgt), error=error))
    return articles


def _text_files(root: Path) -> list[Path]:
    return [f for f in root.rglob("*.txt")
            if not any(part.startswith(".") for part in f.relative_to(root).parts)]


def load_pairs(path: str | os.PathLike[str], src_lang: str, tgt_lang: str) -> list[Article]:
    """A manifest file (``-``: standard input) or a directory of pairs."""
    p = Path(path)
    if str(path) != "-" and p.is_dir():
        return pair_directory(p, src_lang, tgt_lang)
    return read_manifest(p)


# --- running it ------------------------------------------------------------------------------

_WORKER_CONFIG: dict[str, Any] = {}


def _get_encoder(config: Config):
    from .encoders import get_encoder

    return get_encoder(config.encoder, pooling=getattr(config, "pooling", None))


def _init_worker(config: Config, encoding: str | None, threads: int, slots=None,
                 taken=None) -> None:
    """Set up one worker process: one thread for every numeric library, then the encoder.

    ``slots`` (a shared array, one entry per worker) and ``taken`` (a shared counter) let the
    parent see which article each worker is checking, so that when one dies the parent knows
    which articles to suspect (see ``run_batch``).

    One worker per core: a BLAS, OpenMP or torch thread pool of its own in every worker would
    oversubscribe the cores (and OpenBLAS's spinning threads burn CPU the other worker needs).
    The environment covers libraries loaded from now on; ``limit_blas_threads`` and
    ``torch.set_num_threads`` the ones already loaded (with fork, numpy is).
    """
    from .encoders import limit_blas_threads

    # Ctrl-C reaches the whole process group: a worker just stops (no KeyboardInterrupt
    # traceback of its own); the parent reports the interruption once.
    signal.signal(signal.SIGINT, signal.SIG_DFL)
    _die_with_parent()
    for var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
        os.environ[var] = str(threads)
    limit_blas_threads(threads)
    if "torch" in sys.modules:
        try:
            sys.modules["torch"].set_num_threads(threads)
        except Exception:  # pragma: no cover - best effort
            pass
    _WORKER_CONFIG.update(config=config, encoding=encoding, threads=threads, slots=slots)
    if slots is not None and taken is not None:
        with taken.get_lock():
            _WORKER_CONFIG["slot"] = taken.value
            taken.value += 1
    try:  # load the models now, while the parent is still handing out the first articles
        enc = _get_encoder(config)
        load = getattr(enc, "_load", None)
        if load is not None:
            load()
    except Exception:  # noqa: BLE001 - the articles report it, one by one
        pass


def _die_with_parent() -> None:
    """Linux: have the kernel stop this worker (SIGTERM) when the parent process dies, e.g. a
    cancelled CI job's SIGTERM or SIGKILL; otherwise a worker would wait for work forever."""
    if not sys.platform.startswith("linux"):
        return
    import ctypes
    import multiprocessing

    try:
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(1, int(signal.SIGTERM))  # 1: PR_SET_PDEATHSIG
    except (OSError, AttributeError):  # pragma: no cover - not glibc/musl
        return
    parent = multiprocessing.parent_process()
    if parent is not None and os.getppid() != parent.pid:  # it died before the prctl
        os._exit(1)


def _fresh_encoder_cache(config: Config) -> None:
    """Start each article with an empty embedding cache (see ``Usem3Encoder.clear_cache``): an
    article's result must not depend on the articles its process checked before it."""
    try:
        enc = _get_encoder(config)
    except Exception:  # noqa: BLE001 - check_files raises it again, as the article's error
        return
    clear = getattr(enc, "clear_cache", None)
    if clear is not None:
        clear()
    elif isinstance(getattr(enc, "_cache", None), dict):
        enc._cache.clear()


def check_article(article: Article, config: Config, encoding: str | None = None) -> Outcome:
    """Check one article; every input problem becomes the outcome's error line."""
    from .pipeline import check_files

    t0 = time.perf_counter()
    if article.error:
        return Outcome(article, error=article.error)
    _fresh_encoder_cache(config)
    try:
        if article.reference and not os.path.exists(article.reference):
            raise InputError(f"{article.reference}: no such file (reference)")
        result = check_files(article.source, article.target, config, encoding,
                             reference_path=article.reference or None)
    except MtqaError as exc:
        return Outcome(article, error=str(exc), seconds=time.perf_counter() - t0)
    except Exception as exc:  # a bug must not take the other articles down with it
        return Outcome(article, error=f"internal error (please report): {type(exc).__name__}: "
                       f"{exc}", seconds=time.perf_counter() - t0)
    return Outcome(article, result=result, seconds=time.perf_counter() - t0,
                   names=rendered_names(result))


def _worker(index: int, article: Article) -> tuple[int, Outcome]:
    slots, slot = _WORKER_CONFIG.get("slots"), _WORKER_CONFIG.get("slot")
    if slots is not None and slot is not None:
        slots[slot] = index
    outcome = check_article(article, _WORKER_CONFIG["config"], _WORKER_CONFIG["encoding"])
    if slots is not None and slot is not None:
        slots[slot] = -1
    return index, outcome


def available_cores() -> int:
    """The cores this process may run on (its CPU affinity, which a container can narrow)."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except (AttributeError, OSError):  # not Linux
        return max(1, os.cpu_count() or 1)


def run_batch(articles: list[Article], config: Config, jobs: int = 1,
              encoding: str | None = None,
              progress: Callable[[int, Outcome], None] | None = None) -> BatchResult:
    """Check every article (in ``jobs`` processes); outcomes in article order.

    A worker process that dies (killed by the out-of-memory killer, a crash in a native
    library) takes its pool down with it. The articles it did not finish are checked again in a
    new pool, except the ones being checked when it died: each of those is checked again alone,
    in a process of its own, and the one whose process dies again becomes that article's error
    entry. The rest of the batch goes on.
    """
    outcomes: list[Outcome | None] = [None] * len(articles)
    jobs = max(1, min(jobs, len(articles)))

    def done(i: int, outcome: Outcome) -> None:
        outcomes[i] = outcome
        if progress:
            progress(i, outcome)

    if jobs == 1:
        for i, art in enumerate(articles):
            done(i, check_article(art, config, encoding))
    else:
        todo = list(range(len(articles)))
        while todo:
            left, suspects = _run_pool(articles, todo, config, jobs, encoding, done)
            for i in suspects:
                done(i, _check_alone(articles[i], config, encoding))
            rest = [i for i in left if i not in suspects]
            if rest and len(left) == len(todo) and not suspects:
                # the workers died before they took an article: no pool will do better
                for i in rest:
                    done(i, Outcome(articles[i], error="not checked: the worker processes "
                                    "died before checking any article"))
                rest = []
            todo = rest
    finished = [o for o in outcomes if o is not None]
    return BatchResult(finished, cross_article=name_variants(finished))


def _context():
    import multiprocessing

    # fork: workers inherit the imported modules (and nothing heavy: the parent has not
    # loaded the encoder); spawn where fork is unavailable.
    method = "fork" if "fork" in multiprocessing.get_all_start_methods() else "spawn"
    return multiprocessing.get_context(method)


def _run_pool(articles: list[Article], todo: list[int], config: Config, jobs: int,
              encoding: str | None, done: Callable[[int, Outcome], None]
              ) -> tuple[list[int], list[int]]:
    """Check the articles ``todo`` in a pool of ``jobs`` worker processes, one numeric thread
    each (the parallelism is the workers; see ``_init_worker``). Returns the articles left
    unchecked because a worker died, and among them the ones the workers were checking then."""
    from concurrent.futures import ProcessPoolExecutor, as_completed
    from concurrent.futures.process import BrokenProcessPool

    ctx = _context()
    jobs = min(jobs, len(todo))
    slots = ctx.Array("i", [-1] * jobs, lock=False)
    taken = ctx.Value("i", 0)
    with ProcessPoolExecutor(max_workers=jobs, mp_context=ctx, initializer=_init_worker,
                             initargs=(config, encoding, 1, slots, taken)) as pool:
        futures = {}
        try:
            for i in todo:
                futures[pool.submit(_worker, i, articles[i])] = i
        except BrokenProcessPool:  # a worker died while the articles were being handed out
            pass
        handed = set(futures.values())
        left = [i for i in todo if i not in handed]
        for fut in as_completed(futures):
            i = futures[fut]
            try:
                outcome = fut.result()[1]
            except BrokenProcessPool:
                left.append(i)
                continue
            except Exception as exc:  # noqa: BLE001 - e.g. a result that could not be sent back
                outcome = Outcome(articles[i], error=f"internal error (please report): "
                                  f"{type(exc).__name__}: {exc}")
            done(i, outcome)
    suspects = sorted({s for s in slots if s >= 0} & set(left))
    return sorted(left), suspects


def _alone_main(conn, article: Article, config: Config, encoding: str | None) -> None:
    _init_worker(config, encoding, 1)
    conn.send(check_article(article, config, encoding))
    conn.close()


def _check_alone(article: Article, config: Config, encoding: str | None) -> Outcome:
    """Check one article in a process of its own; its death becomes the article's error."""
    ctx = _context()
    recv, send = ctx.Pipe(duplex=False)
    proc = ctx.Process(target=_alone_main, args=(send, article, config, encoding))
    proc.start()
    send.close()
    try:
        outcome = recv.recv()
    except (EOFError, OSError):
        outcome = None
    proc.join()
    if outcome is not None:
        return outcome
    code = proc.exitcode
    if code is not None and code < 0:
        try:
            how = f"killed by {signal.Signals(-code).name}"
        except ValueError:
            how = f"killed by signal {-code}"
        if code == -signal.SIGKILL:
            how += ", e.g. by the out-of-memory killer"
    elif code == 0:
        how = "it ended without sending a result"
    else:
        how = f"exit code {code}"
    return Outcome(article, error=f"not checked: the process checking this article died "
                   f"({how}), in the batch and again alone")


# --- across articles: one English name, several renderings ---------------------------------

_NAME_RE = re.compile(r"\b[A-Z][a-z]+(?:[ -](?:[A-Z][a-z]+|[A-Z]\.))*[ -][A-Z][a-z]+\b")
_WORD_RE = re.compile(r"\b[A-Z][a-z]{3,}\b")
_LEADING = frozenset("""The A An In On At But And Or As For If When While After Before Since
Under Over From By With Without During Mr Mrs Ms Dr Prof Gen President Minister Prime This That
These Those Its His Her Their Our Last Next On Monday Tuesday Wednesday Thursday Friday Saturday
Sunday January February March April May June July August September October November
December""".split())
_SEPARATORS = str.maketrans("", "", "・＝= ")
_COMPONENT_SPLIT = re.compile(r"[・＝=]")


def _names(text: str) -> list[tuple[str, int, int]]:
    """Capitalised multi-word names (``Sergei Lavrov``), leading words such as "The" dropped."""
    out = []
    for m in _NAME_RE.finditer(text):
        words = re.split(r"[ -]", m.group(0))
        start = m.start()
        while words and words[0] in _LEADING:
            start += len(words[0]) + 1
            words = words[1:]
        if len(words) >= 2:
            out.append((text[start:m.end()], start, m.end()))
    return out


@lru_cache(maxsize=8192)
def _is_single_name(word: str) -> bool:
    """A capitalised word alone that is a name: its consonant skeleton has three letters or more
    (so that a fuzzy match means something), and it is a name in the gazetteers (Wikidata's name
    tokens, JMnedict) or no English word in JMdict (Modrow, Frogner)."""
    if word in _LEADING or len(_skeleton(word)) < 3:
        return False
    from . import dictionary
    from .entities import gazetteer

    if gazetteer.wikidata_forms(word) or gazetteer.jmnedict(word):
        return True
    return not dictionary.japanese_for(word)


def _single_names(text: str, taken: list[tuple[int, int]]) -> list[tuple[str, int, int]]:
    """Names of one word outside the multi-word names' spans ``taken`` (Lavrov, Frogner)."""
    return [(m.group(0), m.start(), m.end()) for m in _WORD_RE.finditer(text)
            if not any(s <= m.start() < e for s, e in taken) and _is_single_name(m.group(0))]


_SKELETON = str.maketrans({"l": "r", "v": "b", "f": "b", "c": "k", "q": "k", "x": "k",
                           "z": "s", "j": "g"})


def _skeleton(latin: str) -> str:
    """Consonants only, with the distinctions katakana loses merged (l/r, v/b/f, c/k, ...)."""
    t = re.sub(r"[^a-z]", "", latin.lower()).replace("th", "s").replace("ch", "k")
    t = t.replace("sh", "s").replace("ts", "s")
    return re.sub(r"[aeiouhwy]", "", t.translate(_SKELETON))


def _romaji(kana: str) -> str:
    import jaconv

    return jaconv.kana2alphabet(jaconv.kata2hira(kana))


def _pair_names(names: list[str], runs: list[str], single: frozenset[str] = frozenset()
                ) -> dict[str, int]:
    """Name -> index of the katakana run that transliterates it: consonant skeletons compared
    with a fuzzy ratio of at least 70 (85 for the one-word names in ``single``), ties broken by
    the whole romanisation (India: インド before ヒンドゥー), each run used once, best pairs
    first."""
    from rapidfuzz.fuzz import ratio

    scored = []
    romaji = [_romaji(r) for r in runs]
    kana = [_skeleton(r) for r in romaji]
    for name in names:
        sk = _skeleton(name)
        low = name.lower()
        for j, k in enumerate(kana):
            if sk and k:
                scored.append((ratio(sk, k), ratio(low, romaji[j]), name, j))
    out: dict[str, int] = {}
    used: set[int] = set()
    for score, _, name, j in sorted(scored, key=lambda x: (-x[0], -x[1], x[2], x[3])):
        if score >= (85 if name in single else 70) and name not in out and j not in used:
            out[name] = j
            used.add(j)
    return out


def rendered_names(result: Result) -> list[dict[str, Any]]:
    """The English names of one article and the katakana that renders each, bead by bead.

    In every aligned bead, the source's capitalised multi-word names (``Sergei Lavrov``;
    leading words such as "The", "President", weekdays and months dropped) and one-word names
    (``_is_single_name``) are paired with the katakana runs of the bead's target by romanised
    consonant skeleton (``_pair_names``). A multi-word name whose rendering has as many parts
    as the name has words (セルゲイ・ラブロフ) also counts as a rendering of its last word, so
    that "Lavrov" alone in another article is compared with it. One record per occurrence:
    ``name``, ``form`` (NFKC, separators ・＝ removed: セルゲイ・ラブロフ and セルゲイラブロフ
    are one rendering), ``rendering`` (as written, NFKC), ``bead``, target offsets and text.
    """
    from .entities.kana import KATAKANA_RUN, katakana_text

    out: list[dict[str, Any]] = []
    for k, bead in enumerate(result.alignment):
        if not bead.src or not bead.tgt:
            continue
        names: dict[str, bool] = {}  # name -> one word
        for i in bead.src:
            text = result.source.segments[i].text
            multi = _names(text)
            for name, _, _ in multi:
                names.setdefault(name, False)
            for name, _, _ in _single_names(text, [(s, e) for _, s, e in multi]):
                names.setdefault(name, True)
        if not names:
            continue
        runs = []
        for j in bead.tgt:
            seg = result.target.segments[j]
            runs.extend((seg, m) for m in KATAKANA_RUN.finditer(katakana_text(seg.text)))
        single = frozenset(n for n, one in names.items() if one)
        pairs = _pair_names(sorted(names), [m.group(0) for _, m in runs], single)
        for name, idx in sorted(pairs.items()):
            seg, match = runs[idx]
            shown = unicodedata.normalize("NFKC", match.group(0))
            start = seg.start + match.start()
            where = {"bead": k, "target_start": start, "target_end": seg.start + match.end(),
                     "text": seg.text[match.start():match.end()]}
            out.append({"name": name, "form": shown.translate(_SEPARATORS), "rendering": shown,
                        **where})
            words = re.split(r"[ -]", name)
            parts = _COMPONENT_SPLIT.split(match.group(0))
            if name not in single and len(words) == len(parts) > 1 and parts[-1]:
                last = unicodedata.normalize("NFKC", parts[-1])
                offset = match.end() - len(parts[-1])
                out.append({"name": words[-1], "form": last, "rendering": last, "bead": k,
                            "target_start": seg.start + offset,
                            "target_end": seg.start + match.end(),
                            "text": seg.text[offset:match.end()]})
    return out


def name_variants(outcomes: list[Outcome]) -> list[dict[str, Any]]:
    """English names rendered in katakana in more than one way across the batch.

    Tallies every article's ``rendered_names`` (computed where the article was checked; for an
    outcome made elsewhere, here). A name with two or more renderings, in two or more articles,
    is reported with where each rendering occurs. A rendering that is another rendering of the
    same name plus more katakana (バレンシアガファン after バレンシアガ) is the name with the word
    after it, not a rendering of its own, and is left out. A last word (Lavrov) is not reported
    when its full name (Sergei Lavrov) already is.

    Limits: names not written in katakana (kanji place names, Chinese and Korean names, names
    kept in Latin script) are not collected; a name translated rather than transliterated
    (European Union -> 欧州連合) is skipped; a wrong pairing is possible when a bead holds
    several similar-sounding names; informational only, it does not change any article's
    verdict.
    """
    seen: dict[str, dict[str, dict[str, Any]]] = {}
    for o in outcomes:
        if o.result is None:
            continue
        records = o.names if o.names is not None else rendered_names(o.result)
        for rec in records:
            slot = seen.setdefault(rec["name"], {}).setdefault(
                rec["form"], {"rendering": rec["rendering"], "occurrences": []})
            slot["occurrences"].append({"id": o.article.id, "bead": rec["bead"],
                                        "target_start": rec["target_start"],
                                        "target_end": rec["target_end"], "text": rec["text"]})
    found: dict[str, dict[str, dict[str, Any]]] = {}
    for name in sorted(seen):
        forms = seen[name]
        forms = {f: v for f, v in forms.items()
                 if not any(g != f and f.startswith(g) for g in forms)}
        articles = {occ["id"] for f in forms.values() for occ in f["occurrences"]}
        if len(forms) >= 2 and len(articles) >= 2:  # within one article: the ENT checks' business
            found[name] = forms
    lasts = {re.split(r"[ -]", n)[-1] for n in found if re.search(r"[ -]", n)}
    out = []
    for name, forms in found.items():
        if name in lasts:
            continue
        renderings = sorted(forms.values(), key=lambda f: (-len(f["occurrences"]),
                                                           f["rendering"]))
        out.append({
            "name": name,
            "renderings": [{"rendering": f["rendering"],
                            "articles": sorted({occ["id"] for occ in f["occurrences"]}),
                            "occurrences": f["occurrences"]} for f in renderings],
            "message": f"'{name}' is rendered " + ", ".join(
                f"{f['rendering']} ({', '.join(sorted({x['id'] for x in f['occurrences']}))})"
                for f in renderings),
        })
    return out
