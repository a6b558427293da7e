"""A cache of lint results, so that a second run over unchanged files costs a hash per file, and
of each configuration's pre-filter (see allylint.prefilter), so that a new clean file is linted
without compiling a linter.

An entry is keyed by the file's name and bytes; entries live in one JSON file per *settings
fingerprint* (allylint's own code and data, the versions of the packages whose data it runs on,
the rule files, the configuration file and the command-line options), so any change to those
starts a fresh cache. Files are replaced
atomically: concurrent runs may each drop the other's new entries, never corrupt the cache.
JSON, not pickle: a cache folder shipped in a repository must not be able to run code.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from allylint import __version__
from allylint.atomic import write_atomic
from allylint.finding import FIELDS, Finding, LintResult, Suppressed
from allylint.versions import versions

if TYPE_CHECKING:
    from allylint.linter import Linter
    from allylint.prefilter import Prefilter

DEFAULT_DIR = ".allylint_cache"
MAX_ENTRIES = 100_000  # per fingerprint; older entries are dropped past this


def fingerprint(parts: Iterable[bytes | str]) -> str:
    digest = hashlib.sha256(code_fingerprint().encode())
    for part in parts:
        digest.update(part.encode() if isinstance(part, str) else part)
        digest.update(b"\0")
    return digest.hexdigest()[:32]


@cache
def code_fingerprint() -> str:
    """allylint's version, the contents of its own code and data files, and the versions of
    spaCy (another one means another tokenizer: see allylint.tokenizer.english) and its lemma
    tables."""
    digest = hashlib.sha256(json.dumps(versions(), sort_keys=True).encode())
    package = Path(__file__).resolve().parent
    for path in sorted(package.rglob("*")):
        if path.suffix in (".py", ".yaml", ".yml") and "__pycache__" not in path.parts:
            digest.update(path.relative_to(package).as_posix().encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()


def file_key(name: str, data: bytes) -> str:
    """The key of a file's entry: its name and its bytes, as read."""
    return hashlib.sha256(name.encode() + b"\0" + data).hexdigest()


@dataclass
class _Shelf:
    """The entries of one fingerprint, as read, plus this run's new ones."""

    path: Path
    entries: dict[str, Any]
    fresh: dict[str, Any] = field(default_factory=dict)


class Cache:
    """Results by settings fingerprint and file; `folder` None disables it."""

    def __init__(self, folder: Path | None) -> None:
        self.folder = folder
        self._shelves: dict[str, _Shelf] = {}
        self._prefilters: dict[str, Prefilter | None] = {}

    def holds(self, settings_key: str) -> bool:
        """Whether the cache holds entries for these settings (if not, no file is read to ask)."""
        return self.folder is not None and bool(self._shelf(settings_key).entries)

    def get(self, settings_key: str, key: str) -> LintResult | None:
        if self.folder is None:
            return None
        entry = self._shelf(settings_key).entries.get(key)
        try:
            return None if entry is None else _decode(entry)
        except (ValueError, TypeError, KeyError):
            return None  # an entry that is not what this code writes: linting replaces it

    def put(self, settings_key: str, key: str, result: LintResult) -> None:
        if self.folder is not None:
            self._shelf(settings_key).fresh[key] = _encode(result)

    def prefilter(self, settings_key: str) -> Prefilter | None:
        """The saved pre-filter of these settings, if any."""
        if self.folder is None:
            return None
        if settings_key not in self._prefilters:
            from allylint.prefilter import Prefilter  # a run the cache answers needs none

            try:
                raw = self._prefilter_path(settings_key).read_bytes()
                self._prefilters[settings_key] = Prefilter.loads(raw)
            except (OSError, ValueError, KeyError, TypeError):
                self._prefilters[settings_key] = None
        return self._prefilters[settings_key]

    def save_prefilter(self, settings_key: str, linter: Linter) -> None:
        if self.folder is None or self.prefilter(settings_key) is not None:
            return
        from allylint.prefilter import Prefilter

        prefilter = self._prefilters[settings_key] = Prefilter.of(linter)
        try:
            path = self._prefilter_path(settings_key)
            path.parent.mkdir(parents=True, exist_ok=True)
            _mark(path.parents[1])
            write_atomic(path, prefilter.dumps())
        except OSError:
            return

    def _prefilter_path(self, settings_key: str) -> Path:
        assert self.folder is not None
        return self.folder / __version__ / f"{settings_key}.prefilter.json"

    def save(self) -> None:
        """Write the shelves that gained entries (errors writing the cache are not the user's)."""
        for shelf in self._shelves.values():
            if not shelf.fresh:
                continue
            entries = {**shelf.entries, **shelf.fresh}
            if len(entries) > MAX_ENTRIES:
                entries = dict(list(entries.items())[-MAX_ENTRIES:])
            try:
                shelf.path.parent.mkdir(parents=True, exist_ok=True)
                _mark(shelf.path.parents[1])
                write_atomic(shelf.path, json.dumps(entries, separators=(",", ":")).encode())
            except OSError:
                continue

    def _shelf(self, settings_key: str) -> _Shelf:
        if settings_key not in self._shelves:
            assert self.folder is not None
            path = self.folder / __version__ / f"{settings_key}.json"
            try:
                entries = json.loads(path.read_bytes())
                if not isinstance(entries, dict):
                    entries = {}
            except (OSError, ValueError):
                entries = {}
            self._shelves[settings_key] = _Shelf(path, entries)
        return self._shelves[settings_key]


def _mark(folder: Path) -> None:
    """A cache folder says what it is to backup tools and to git, as ruff's does."""
    tag = folder / "CACHEDIR.TAG"
    if not tag.exists():
        tag.write_text("Signature: 8a477f597d28d172789f06886806bc55\n# allylint's cache\n")
        (folder / ".gitignore").write_text("# allylint's cache\n*\n")


def _encode(result: LintResult) -> list[Any]:
    return [
        [_values(f) for f in result.findings],
        [[_values(s.finding), s.reason] for s in result.suppressed],
    ]


def _decode(entry: list[Any]) -> LintResult:
    findings, suppressed = entry
    return LintResult(
        [_finding(values) for values in findings],
        [Suppressed(_finding(values), reason) for values, reason in suppressed],
    )


def _values(f: Finding) -> list[Any]:
    """A finding's plain values (see Finding.to_data), in the order of FIELDS: keys would make
    the cache half as big again, and slower to load."""
    data = f.to_data()
    return [data[name] for name in FIELDS]


def _finding(values: list[Any]) -> Finding:
    if len(values) != len(FIELDS):
        raise ValueError("not a finding's values")
    return Finding.from_values(values)
