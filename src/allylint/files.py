"""Finding the files to lint and reading them as text, with one clear error per bad file."""

from __future__ import annotations

import codecs
from collections.abc import Iterable, Iterator
from pathlib import Path

from allylint.errors import InputError
from allylint.reading import SUFFIXES

MAX_BYTES = 50 * 1024 * 1024
SKIP_DIRS = frozenset({"node_modules", "vendor", "venv", "site-packages", "__pycache__"})


def lintable(path: Path) -> bool:
    return path.suffix.lower() in SUFFIXES


def iter_paths(paths: Iterable[Path]) -> Iterator[Path]:
    """Files named explicitly, and every lintable file below each folder (hidden and vendored
    folders skipped), in a stable order."""
    for path in paths:
        if path.is_dir():
            yield from _walk(path)
        else:
            yield path


def _walk(folder: Path) -> Iterator[Path]:
    for child in sorted(folder.iterdir()):
        if child.name.startswith(".") or child.name in SKIP_DIRS:
            continue
        if child.is_dir():
            yield from _walk(child)
        elif child.is_file() and lintable(child):
            yield child


def decode(data: bytes, name: str) -> str:
    """UTF-8 text (a BOM is dropped); binary or invalid input is an InputError naming the file."""
    if b"\0" in data[:8192]:
        raise InputError(f"{name}: binary file, not linted")
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
