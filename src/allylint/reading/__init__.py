"""Reading: turn a file's text into prose to lint, with a map back to the file's offsets.

Each reader takes the decoded source text and returns a `Prose`: the text a writer reads (no code,
URLs, markup or front matter), with blocks (paragraphs, headings, list items, cells) separated by a
blank line, and an `OffsetMap` from every prose offset back to the source.
"""

from __future__ import annotations

from collections.abc import Callable
from importlib import import_module
from pathlib import PurePath
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # its readers import it: finding files to lint by their suffixes needs none
    from allylint.reading.offsets import Prose

Reader = Callable[[str], "Prose"]

# Reader functions by format, as "module:function": a reader's parser is imported when a file of
# its format is first read, so a run that reads no reST never imports docutils.
READERS: dict[str, str] = {
    "text": "allylint.reading.plain:read_plain",
    "markdown": "allylint.reading.markdown:read_markdown",
    "html": "allylint.reading.html:read_html",
    "rst": "allylint.reading.rst:read_rst",
    "yaml": "allylint.reading.data:read_yaml",
    "json": "allylint.reading.data:read_json",
}

SUFFIXES: dict[str, str] = {
    ".txt": "text",
    ".text": "text",
    ".md": "markdown",
    ".markdown": "markdown",
    ".mdown": "markdown",
    ".mkd": "markdown",
    ".html": "html",
    ".htm": "html",
    ".rst": "rst",
    ".yaml": "yaml",
    ".yml": "yaml",
    ".json": "json",
}


def format_for(path: str | PurePath) -> str:
    """The reader name for a path, by its suffix; plain text when unknown."""
    return SUFFIXES.get(PurePath(path).suffix.lower(), "text")


def read(source: str, fmt: str = "text") -> Prose:
    """Extract the prose of `source`, written in format `fmt` (a key of READERS)."""
    return reader(fmt)(source)


def reader(fmt: str) -> Reader:
    module, function = READERS[fmt].split(":")
    found: Reader = getattr(import_module(module), function)
    return found


__all__ = [
    "READERS",
    "SUFFIXES",
    "format_for",
    "read",
    "reader",
]
