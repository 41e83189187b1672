"""The command line: parse, call the library, render. Exit codes: 0 passed, 1 gate failed, 2 error.

Every error a user can cause (bad file, bad option) is one line on stderr and exit code 2.
"""

from __future__ import annotations

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
    source: Annotated[str, typer.Argument(help="The source article (plain text, UTF-8).")],
    mt: Annotated[str, typer.Argument(help="Its machine translation (plain text, UTF-8).")],
    src_lang: Annotated[str, typer.Option("--src-lang", help="Source language code.")] = "en",
    tgt_lang: Annotated[str, typer.Option("--tgt-lang", help="Target language code.")] = "ja",
    encoding: Annotated[Optional[str], typer.Option(
        "--encoding", help="Decode both files with this encoding instead of UTF-8.")] = None,
    json_out: Annotated[Optional[str], typer.Option(
        "--json", metavar="PATH", help="Write the JSON result here ('-' for stdout).")] = None,
    fail_on: Annotated[str, typer.Option(
        "--fail-on", metavar="SEVERITY",
        help="Fail the gate on any finding at or above minor|major|critical.")] = "major",
    min_score: Annotated[Optional[float], typer.Option(
        "--min-score", metavar="N", help="Fail the gate when quality is below N (0-100).")] = None,
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
) -> None:
    """Check a machine translation against its source: align, flag, score, gate."""
    from rich.console import Console

    from .config import Config, Gate
    from .io import write_atomic
    from .model import Severity
    from .pipeline import check_files
    from .render import json as json_render
    from .render import terminal

    if fail_on.lower() not in SEVERITIES:
        raise UsageError(f"--fail-on {fail_on!r}: expected minor, major or critical")
    for path in chrome:
        from .checks.boilerplate import load_rules

        try:
            load_rules((path,))
        except OSError as exc:
            raise UsageError(f"--chrome {path}: {exc.strerror or exc}") from None
        except (ValueError, Exception) as exc:  # a malformed rule file
            raise UsageError(f"--chrome {exc}") from None
    config = Config(
        src_lang=src_lang, tgt_lang=tgt_lang, select=_split_codes(select),
        ignore=_split_codes(ignore), severity=_parse_overrides(severity),
        gate=Gate(Severity(fail_on.lower()), min_score), chrome_files=tuple(chrome),
    )
    result = check_files(source, mt, config, encoding)
    if json_out == "-":
        sys.stdout.write(json_render.render(result))
    else:
        if json_out:
            write_atomic(json_out, json_render.render(result))
        console = Console(highlight=False, soft_wrap=False,
                          width=None if sys.stdout.isatty() else 140)
        terminal.render(result, console, problems_only=problems_only, quiet=quiet)
    raise typer.Exit(0 if result.verdict.passed else 1)


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
    sys.exit(code if isinstance(code, int) else 0)
