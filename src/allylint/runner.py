"""Linting the paths given to `allylint check`, each file with the settings of its folder, into
one report."""

from __future__ import annotations

import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path

from allylint.errors import InputError
from allylint.files import BinaryFileError, absolute, decode, iter_targets, read_file
from allylint.finding import Finding, Suppressed
from allylint.reading.data import DataSyntaxError
from allylint.registry import Rule
from allylint.settings import Resolver, Settings

STDIN = "-"


@dataclass
class Report:
    findings: list[Finding] = field(default_factory=list)
    suppressed: list[Suppressed] = field(default_factory=list)
    sources: dict[str, str] = field(default_factory=dict)  # texts of files with findings
    errors: list[str] = field(default_factory=list)  # one line per file that was not linted
    rules: dict[str, Rule] = field(default_factory=dict)  # every rule that ran, by code

    def lint(
        self,
        settings: Settings,
        name: str,
        path: Path | None,
        read: Callable[[], str],
        explicit: bool = True,
    ) -> None:
        """Lint one file; a binary file found by walking is skipped silently."""
        try:
            text = read()
            result = settings.lint(text, name, path)
        except BinaryFileError as exc:
            if explicit:
                self.errors.append(str(exc))
            return
        except DataSyntaxError as exc:
            self.errors.append(f"{name}:{exc}")
            return
        except InputError as exc:
            self.errors.append(str(exc))
            return
        for rule in settings.linter.rules:
            self.rules.setdefault(rule.code, rule)
        if result.findings or result.suppressed:
            self.sources[name] = text
        self.findings += result.findings
        self.suppressed += result.suppressed


def lint_paths(
    paths: Sequence[str], resolver: Resolver, stdin_filename: str | None = None
) -> Report:
    """Lint files, folders (walked) and `-` (stdin, with the current folder's settings, or with
    those of `stdin_filename`, which then names its findings and picks its reader)."""
    report = Report()
    for given in paths:
        if given == STDIN:
            named = Path(stdin_filename) if stdin_filename else None
            settings = resolver.for_file(named) if named else resolver.for_folder(Path("."))
            path = absolute(named) if named else None
            report.lint(settings, stdin_filename or STDIN, path, _read_stdin)
            continue
        for target in iter_targets([Path(given)], lambda folder: resolver.for_folder(folder).walk):
            report.lint(
                resolver.for_file(target.path),
                str(target.path),
                absolute(target.path),
                partial(read_file, target.path),
                target.explicit,
            )
    return report


def _read_stdin() -> str:
    return decode(sys.stdin.buffer.read(), "<stdin>")
