"""`allylint check`: lint files, folders or stdin and report the findings."""

from __future__ import annotations

import sys
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import TypeVar

import click

from allylint.errors import InputError
from allylint.files import decode, iter_paths, read_file
from allylint.finding import Finding, Suppressed
from allylint.linter import Linter
from allylint.render import RENDERERS

STDIN = "-"
F = TypeVar("F", bound=Callable[..., object])


def split_commas(ctx: click.Context, param: click.Parameter, values: Sequence[str]) -> list[str]:
    return [v.strip() for value in values for v in value.split(",") if v.strip()]


def selector_option(name: str, help: str) -> Callable[[F], F]:
    return click.option(name, multiple=True, callback=split_commas, metavar="RULES", help=help)


@click.command()
@click.argument("paths", nargs=-1)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(sorted(RENDERERS)),
    default="full",
    show_default=True,
    help="Output format.",
)
@selector_option("--select", "Only these rules: codes, code prefixes, names or categories.")
@selector_option("--extend-select", "Rules to add to the selection.")
@selector_option("--ignore", "Rules to leave out: codes, code prefixes, names or categories.")
@click.option("--exit-zero", is_flag=True, help="Exit with 0 even when there are findings.")
@click.option(
    "--show-suppressed", is_flag=True, help="Also list matches that context suppressed, and why."
)
@click.option(
    "--rules",
    "rule_dirs",
    multiple=True,
    type=click.Path(path_type=Path),
    metavar="DIR",
    help="A folder of extra rule files (repeatable).",
)
@click.option(
    "--color/--no-color", default=None, help="Force color on or off (default: on a terminal)."
)
def check(
    paths: tuple[str, ...],
    fmt: str,
    select: list[str],
    extend_select: list[str],
    ignore: list[str],
    exit_zero: bool,
    show_suppressed: bool,
    rule_dirs: tuple[Path, ...],
    color: bool | None,
) -> None:
    """Lint PATHS (files, folders, or - for stdin; default: the current folder)."""
    linter = Linter.default([*select, *extend_select] if select else (), ignore, rule_dirs)
    findings: list[Finding] = []
    suppressed: list[Suppressed] = []
    sources: dict[str, str] = {}
    errors = 0
    for name, text in _texts(paths or (".",)):
        if isinstance(text, InputError):
            click.echo(f"allylint: error: {text}", err=True)
            errors += 1
            continue
        result = linter.lint(text, name)
        if result.findings or (show_suppressed and result.suppressed):
            sources[name] = text
        findings += result.findings
        suppressed += result.suppressed
    click.echo(RENDERERS[fmt](findings, sources), nl=False, color=color)
    if show_suppressed:
        for s in suppressed:
            f = s.finding
            click.echo(
                f"{f.path}:{f.line}:{f.column}: {f.rule} {f.text!r} not reported: {s.reason}",
                err=fmt == "json",
            )
    if fmt == "full":
        click.echo(summary(findings), err=True)
    if errors:
        sys.exit(2)
    sys.exit(0 if exit_zero or not findings else 1)


def _texts(paths: Sequence[str]) -> Iterator[tuple[str, str | InputError]]:
    """(name, text) for each file to lint, or (name, error) for one that cannot be read."""
    for target in paths:
        if target == STDIN:
            try:
                yield STDIN, decode(sys.stdin.buffer.read(), "<stdin>")
            except InputError as exc:
                yield STDIN, exc
            continue
        if not Path(target).exists():
            yield target, InputError(f"{target}: no such file or folder")
            continue
        for path in iter_paths([Path(target)]):
            try:
                yield str(path), read_file(path)
            except InputError as exc:
                yield str(path), exc


def summary(findings: Sequence[Finding]) -> str:
    if not findings:
        return "All clear: no findings."
    files = len({f.path for f in findings})
    counts = Counter(f.severity.value for f in findings)
    detail = ", ".join(f"{plural(n, severity)}" for severity, n in sorted(counts.items()))
    return f"Found {plural(len(findings), 'finding')} in {plural(files, 'file')} ({detail})."


def plural(n: int, word: str) -> str:
    return f"{n} {word}{'s' if n != 1 else ''}"
