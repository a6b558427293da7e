"""Linting the paths given to `allylint check`, each file with the settings of its folder, into
one report; with several jobs, files are linted in worker processes and reported in order."""

from __future__ import annotations

import multiprocessing
import os
import sys
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from allylint.errors import InputError
from allylint.files import BinaryFileError, absolute, decode, iter_targets, read_file
from allylint.finding import Finding, Suppressed
from allylint.linter import LintResult
from allylint.reading.data import DataSyntaxError
from allylint.registry import Rule
from allylint.settings import Resolver, Settings

STDIN = "-"


def default_jobs() -> int:
    """The number of cores this process may run on."""
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1


@dataclass(frozen=True)
class Job:
    """One file to lint: its settings, the name its findings carry, its absolute path (None for
    stdin), how to read it, and whether it was named rather than found by walking."""

    settings: Settings
    name: str
    path: Path | None
    read: Callable[[], str]
    explicit: bool = True


@dataclass(frozen=True)
class Outcome:
    """What linting one file gave: a result and the file's text, or an error line (None for a
    binary file found by walking, which is skipped silently)."""

    result: LintResult | None = None
    text: str = ""
    error: str | None = None


def run(job: Job) -> Outcome:
    try:
        text = job.read()
        result = job.settings.lint(text, job.name, job.path)
    except BinaryFileError as exc:
        return Outcome(error=str(exc) if job.explicit else None)
    except DataSyntaxError as exc:
        return Outcome(error=f"{job.name}:{exc}")
    except InputError as exc:
        return Outcome(error=str(exc))
    keep = bool(result.findings or result.suppressed)
    return Outcome(result, text if keep else "")


@dataclass
class Report:
    findings: list[Finding] = field(default_factory=list)
    suppressed: list[Suppressed] = field(default_factory=list)
    sources: dict[str, str] = field(default_factory=dict)  # texts of files with findings
    errors: list[str] = field(default_factory=list)  # one line per file that was not linted
    rules: dict[str, Rule] = field(default_factory=dict)  # every rule that ran, by code

    def add(self, job: Job, outcome: Outcome) -> None:
        if outcome.error is not None:
            self.errors.append(outcome.error)
        if outcome.result is None:
            return
        for rule in job.settings.linter.rules:
            self.rules.setdefault(rule.code, rule)
        if outcome.text:
            self.sources[job.name] = outcome.text
        self.findings += outcome.result.findings
        self.suppressed += outcome.result.suppressed

    def lint(self, job: Job) -> None:
        self.add(job, run(job))


def lint_paths(
    paths: Sequence[str], resolver: Resolver, stdin_filename: str | None = None, jobs: int = 1
) -> Report:
    """Lint files, folders (walked) and `-` (stdin, with the current folder's settings, or with
    those of `stdin_filename`, which then names its findings and picks its reader), with up to
    `jobs` processes. The report is the same whatever the number of jobs."""
    report = Report()
    work = list(_jobs(paths, resolver, stdin_filename))
    if jobs > 1 and len(work) > 1 and "fork" in multiprocessing.get_all_start_methods():
        outcomes: Iterator[Outcome] = _in_workers(work, jobs)
    else:
        outcomes = map(run, work)
    for job, outcome in zip(work, outcomes, strict=True):
        report.add(job, outcome)
    return report


def _jobs(paths: Sequence[str], resolver: Resolver, stdin_filename: str | None) -> Iterator[Job]:
    for given in paths:
        if given == STDIN:
            named = Path(stdin_filename) if stdin_filename else None
            settings = resolver.for_file(named) if named else resolver.for_folder(Path("."))
            path = absolute(named) if named else None
            text = _read_stdin_once()
            yield Job(settings, stdin_filename or STDIN, path, text)
            continue
        for target in iter_targets([Path(given)], lambda folder: resolver.for_folder(folder).walk):
            path = target.path
            yield Job(
                resolver.for_file(path), str(path), absolute(path), _Reader(path), target.explicit
            )


_WORK: list[Job] = []  # the jobs, inherited by forked workers instead of being pickled


def _in_workers(work: list[Job], jobs: int) -> Iterator[Outcome]:
    """Outcomes in the order of `work`, from forked processes. Each distinct linter is compiled
    before forking, so workers share it instead of compiling their own."""
    for linter in {id(job.settings.linter): job.settings.linter for job in work}.values():
        linter.compile()
    _WORK[:] = work
    context = multiprocessing.get_context("fork")
    chunk = max(1, len(work) // (jobs * 8))
    try:
        with context.Pool(jobs) as pool:
            yield from pool.imap(_run_index, range(len(work)), chunksize=chunk)
    finally:
        _WORK.clear()


def _run_index(index: int) -> Outcome:
    return run(_WORK[index])


@dataclass(frozen=True)
class _Reader:
    """Reads a file when called; a plain value, so that jobs stay cheap to create."""

    path: Path

    def __call__(self) -> str:
        return read_file(self.path)


def _read_stdin_once() -> Callable[[], str]:
    data = sys.stdin.buffer.read()
    return lambda: decode(data, "<stdin>")
