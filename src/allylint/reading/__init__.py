"""Reading: turn a file's text into prose to lint, with a map back to the file's offsets.

Each reader takes the decoded source text and returns a `Prose`: the text a writer reads (no code,
URLs, markup or front matter), with blocks (paragraphs, headings, list items, cells) separated by a
blank line, and an `OffsetMap` from every prose offset back to the source.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import PurePath

from allylint.reading.data import read_json, read_yaml
from allylint.reading.html import read_html
from allylint.reading.markdown import read_markdown
from allylint.reading.offsets import OffsetMap, Prose, ProseBuilder
from allylint.reading.plain import read_plain
from allylint.reading.rst import read_rst

Reader = Callable[[str], Prose]

READERS: dict[str, Reader] = {
    "text": read_plain,
    "markdown": read_markdown,
    "html": read_html,
    "rst": read_rst,
    "yaml": read_yaml,
    "json": read_json,
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
    return READERS[fmt](source)


__all__ = ["READERS", "SUFFIXES", "OffsetMap", "Prose", "ProseBuilder", "format_for", "read"]
