"""Linting the paths given to `allylint check`, each file with the settings of its folder, into
one report; with several jobs, files are linted in worker processes and reported in order."""

from __future__ import annotations

import multiprocessing
import os
import sys
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from allylint.cache import Cache, text_key
from allylint.errors import DataSyntaxError, InputError
from allylint.files import BinaryFileError, absolute, decode, iter_targets, read_file
from allylint.finding import Finding, LintResult, Suppressed
from allylint.reading import Prose, format_for
from allylint.reading import read as read_prose
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

    @classmethod
    def of(cls, result: LintResult, text: str) -> Outcome:
        """A result, keeping the text only where the report will show it."""
        return cls(result, text if result.findings or result.suppressed else "")


def read(job: Job) -> str | Outcome:
    """The job's text, or the outcome of a file that cannot be read."""
    try:
        return job.read()
    except BinaryFileError as exc:
        return Outcome(error=str(exc) if job.explicit else None)
    except InputError as exc:
        return Outcome(error=str(exc))


def lint(job: Job, text: str, prose: Prose | None = None) -> Outcome:
    """Lint a job's text (`prose`: its prose, when already read)."""
    try:
        return Outcome.of(job.settings.lint(text, job.name, job.path, prose=prose), text)
    except DataSyntaxError as exc:
        return Outcome(error=f"{job.name}:{exc}")
    except InputError as exc:
        return Outcome(error=str(exc))


Task = tuple[Job, str, Prose | None]  # a job, its text and, if already read, its prose


@dataclass
class Report:
    findings: list[Finding] = field(default_factory=list)
    suppressed: list[Suppressed] = field(default_factory=list)
    sources: dict[str, str] = field(default_factory=dict)  # texts of files with findings
    errors: list[str] = field(default_factory=list)  # one line per file that was not linted
    settings: dict[int, Settings] = field(default_factory=dict)  # of the files linted

    def rules(self) -> list[Rule]:
        """Every rule that ran, once (reading the rules if the cache answered every file)."""
        found: dict[str, Rule] = {}
        for settings in self.settings.values():
            for rule in settings.linter.rules:
                found.setdefault(rule.code, rule)
        return list(found.values())

    def add(self, job: Job, outcome: Outcome) -> None:
        if outcome.error is not None:
            self.errors.append(outcome.error)
        if outcome.result is None:
            return
        self.settings.setdefault(id(job.settings), job.settings)
        if outcome.text:
            self.sources[job.name] = outcome.text
        self.findings += outcome.result.findings
        self.suppressed += outcome.result.suppressed


def lint_paths(
    paths: Sequence[str],
    resolver: Resolver,
    stdin_filename: str | None = None,
    jobs: int = 1,
    cache: Cache | None = None,
) -> Report:
    """Lint files, folders (walked) and `-` (stdin, with the current folder's settings, or with
    those of `stdin_filename`, which then names its findings and picks its reader), with up to
    `jobs` processes, answering unchanged files from `cache`. The report is the same whatever
    the number of jobs, and with or without the cache."""
    cache = cache or Cache(None)
    work = list(_jobs(paths, resolver, stdin_filename))
    outcomes: list[Outcome | None] = [None] * len(work)
    pending: list[tuple[int, Task, str]] = []  # (index in work, task, cache key)
    for i, job in enumerate(work):
        text = read(job)
        if isinstance(text, Outcome):
            outcomes[i] = text
            continue
        key = text_key(f"{job.name}\0{job.path}", text)
        hit = cache.get(job.settings.key, key)
        prefilter = cache.prefilter(job.settings.key) if hit is None else None
        prose = _prose(job, text) if prefilter is not None else None
        if prefilter is not None and prose is not None and not prefilter.may_find(text, prose):
            hit = LintResult()
            cache.put(job.settings.key, key, hit)
        if hit is None:
            pending.append((i, (job, text, prose), key))
        else:
            outcomes[i] = Outcome.of(hit, text)
    tasks = [task for _, task, _ in pending]
    for (i, _, key), outcome in zip(pending, _lint_all(tasks, jobs), strict=True):
        outcomes[i] = outcome
        if outcome.result is not None:
            cache.put(work[i].settings.key, key, outcome.result)
    for job, _, _ in tasks:
        cache.save_prefilter(job.settings.key, job.settings.linter)
    cache.save()
    report = Report()
    for job, done in zip(work, outcomes, strict=True):
        assert done is not None
        report.add(job, done)
    return report


def _prose(job: Job, text: str) -> Prose | None:
    """The prose of a job's text, for the pre-filter and then the linter; None when it cannot be
    read, so that linting reports why."""
    try:
        return read_prose(text, format_for(job.name))
    except InputError:
        return None


def _lint_all(tasks: list[Task], jobs: int) -> Iterator[Outcome]:
    if jobs > 1 and len(tasks) > 1 and "fork" in multiprocessing.get_all_start_methods():
        return _in_workers(tasks, jobs)
    return (lint(*task) for task in tasks)


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
            settings = resolver.for_folder(target.location.parent)
            yield Job(
                settings, str(target.path), target.location, _Reader(target.path), target.explicit
            )


_TASKS: list[Task] = []  # inherited by forked workers instead of being pickled


def _in_workers(tasks: list[Task], jobs: int) -> Iterator[Outcome]:
    """Outcomes in the order of `tasks`, from forked processes. Each distinct linter is compiled
    before forking, so workers share it instead of compiling their own."""
    for linter in {id(job.settings.linter): job.settings.linter for job, _, _ in tasks}.values():
        linter.compile()
    _TASKS[:] = tasks
    context = multiprocessing.get_context("fork")
    chunk = max(1, len(tasks) // (jobs * 8))
    try:
        with context.Pool(min(jobs, len(tasks))) as pool:
            yield from pool.imap(_lint_index, range(len(tasks)), chunksize=chunk)
    finally:
        _TASKS.clear()


def _lint_index(index: int) -> Outcome:
    return lint(*_TASKS[index])


@dataclass(frozen=True)
class _Reader:
    """Reads a file when called; a plain value, so that jobs stay cheap to create."""

    path: Path

    def __call__(self) -> str:
        return read_file(self.path)


def _read_stdin_once() -> Callable[[], str]:
    data = sys.stdin.buffer.read()
    return lambda: decode(data, "<stdin>")
