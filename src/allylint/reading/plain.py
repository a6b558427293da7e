"""Plain text is prose as it stands."""

from __future__ import annotations

from allylint.reading.offsets import Prose


def read_plain(source: str) -> Prose:
    return Prose.plain(source)
