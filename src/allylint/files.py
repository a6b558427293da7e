"""Finding the files to lint and reading them as text, with one clear error per bad file.

Folders are walked in a stable order. Hidden files and folders are skipped, and so are folders
matched by the configuration's `exclude` globs (vendored code by default), paths ignored by git
(`.gitignore` files at every level up to the repository root, and `.git/info/exclude`), and files
that the `include` globs do not match (prose formats by default). Symlinked folders are not
followed. Files named explicitly are always linted.
"""

from __future__ import annotations

import codecs
import os
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from pathspec import GitIgnoreSpec

from allylint.errors import InputError
from allylint.reading import SUFFIXES

MAX_BYTES = 50 * 1024 * 1024
# Formats linted only when named or matched by `include`/`extend-include`: most YAML and JSON in
# a repository is configuration, not copy.
DATA_FORMATS = frozenset({"yaml", "json"})
DEFAULT_INCLUDE = tuple(f"*{s}" for s, fmt in SUFFIXES.items() if fmt not in DATA_FORMATS)
DEFAULT_EXCLUDE = (
    "node_modules",
    "vendor",
    "venv",
    "site-packages",
    "__pycache__",
    "_build",
    "_site",
    "build",
    "dist",
)


class BinaryFileError(InputError):
    """A binary file: an error when named, skipped silently when met while walking."""


@dataclass(frozen=True)
class WalkSettings:
    """What a configuration says about walking: globs relative to `root` (an absolute path)."""

    root: Path
    include: GitIgnoreSpec
    exclude: GitIgnoreSpec
    respect_gitignore: bool = True

    def relative(self, path: Path) -> str:
        """`path` (absolute) relative to the root, or its name when it is outside the root."""
        try:
            return path.relative_to(self.root).as_posix()
        except ValueError:
            return path.name

    def excluded(self, path: Path, is_dir: bool) -> bool:
        return self.exclude.match_file(self.relative(path) + ("/" if is_dir else ""))

    def included(self, path: Path) -> bool:
        """Matched by `include`; suffixes match in any case (`*.md` matches `README.MD`)."""
        relative = self.relative(path)
        lowered = relative[: len(relative) - len(path.suffix)] + path.suffix.lower()
        return self.include.match_file(relative) or self.include.match_file(lowered)


@dataclass(frozen=True)
class Target:
    """A file to lint; `explicit` when it was named rather than found by walking a folder."""

    path: Path  # as given or found
    explicit: bool
    location: Path  # absolute


@dataclass(frozen=True)
class GitIgnores:
    """The .gitignore files that apply in a folder, outermost first (deeper files win)."""

    specs: tuple[tuple[Path, GitIgnoreSpec], ...] = ()

    @classmethod
    def above(cls, folder: Path) -> GitIgnores:
        """The ignore files from the repository root (the nearest folder above with `.git`) down
        to `folder`; outside a repository, only `folder`'s own."""
        chain = [folder, *folder.parents]
        root = next((d for d in chain if (d / ".git").exists()), folder)
        ignores = cls()._with(root, root / ".git" / "info" / "exclude")
        for d in reversed(chain[: chain.index(root) + 1]):
            ignores = ignores.entering(d)
        return ignores

    def entering(self, folder: Path) -> GitIgnores:
        return self._with(folder, folder / ".gitignore")

    def _with(self, base: Path, file: Path) -> GitIgnores:
        try:
            lines = file.read_text(encoding="utf-8", errors="replace").splitlines()
        except OSError:
            return self
        valid = [line for line in lines if valid_glob(line)]
        return GitIgnores((*self.specs, (base, GitIgnoreSpec.from_lines(valid))))

    def ignored(self, path: Path, is_dir: bool) -> bool:
        verdict = False
        for base, spec in self.specs:
            relative = path.relative_to(base).as_posix() + ("/" if is_dir else "")
            include = spec.check_file(relative).include
            if include is not None:
                verdict = include
        return verdict


def valid_glob(pattern: str) -> bool:
    """Whether `pattern` is a valid .gitignore pattern (git skips the others in its files)."""
    try:
        GitIgnoreSpec.from_lines([pattern])
    except ValueError:
        return False
    return True


def iter_targets(
    paths: Sequence[Path], settings_for: Callable[[Path], WalkSettings]
) -> Iterator[Target]:
    """Files named explicitly, and the files to lint below each folder, walked with the settings
    of each folder (`settings_for` takes an absolute folder path)."""
    for path in paths:
        if path.is_dir():
            folder = absolute(path)
            yield from _walk(path, folder, GitIgnores.above(folder), settings_for)
        else:
            yield Target(path, explicit=True, location=absolute(path))


def _walk(
    folder: Path,
    absolute_folder: Path,
    ignores: GitIgnores,
    settings_for: Callable[[Path], WalkSettings],
) -> Iterator[Target]:
    settings = settings_for(absolute_folder)
    for child in sorted(folder.iterdir()):
        if child.name.startswith("."):
            continue
        is_dir = child.is_dir() and not child.is_symlink()
        if not is_dir and not child.is_file():
            continue
        path = absolute_folder / child.name
        if settings.excluded(path, is_dir) or (
            settings.respect_gitignore and ignores.ignored(path, is_dir)
        ):
            continue
        if is_dir:
            yield from _walk(child, path, ignores.entering(path), settings_for)
        elif settings.included(path):
            yield Target(child, explicit=False, location=path)


def absolute(path: Path) -> Path:
    """An absolute, normalized path (`..` resolved as text, symlinks kept)."""
    return Path(os.path.abspath(path))


def decode(data: bytes, name: str) -> str:
    """UTF-8 text (a BOM is dropped); binary or invalid input is an InputError naming the file."""
    if b"\0" in data[:8192]:
        raise BinaryFileError(f"{name}: binary file, not linted")
    if data.startswith(codecs.BOM_UTF8):
        data = data[len(codecs.BOM_UTF8) :]
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise InputError(
            f"{name}:{line}: not valid UTF-8 (byte 0x{data[exc.start]:02x} at offset {exc.start})"
        ) from None


def read_file(path: Path) -> str:
    try:
        size = path.stat().st_size
        if size > MAX_BYTES:
            raise InputError(
                f"{path}: file too large ({size / 1e6:.0f} MB; the limit is "
                f"{MAX_BYTES / 1e6:.0f} MB)"
            )
        return decode(path.read_bytes(), str(path))
    except FileNotFoundError:
        raise InputError(f"{path}: no such file or folder") from None
    except IsADirectoryError:
        raise InputError(f"{path}: is a folder") from None
    except PermissionError:
        raise InputError(f"{path}: permission denied") from None
    except OSError as exc:
        raise InputError(f"{path}: cannot read: {exc.strerror}") from None
