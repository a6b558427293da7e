"""Offsets to 1-based line and column numbers (columns count characters)."""

from __future__ import annotations

from bisect import bisect_right


class LineIndex:
    def __init__(self, text: str) -> None:
        starts = [0]
        pos = text.find("\n")
        while pos != -1:
            starts.append(pos + 1)
            pos = text.find("\n", pos + 1)
        self._starts = starts

    def position(self, offset: int) -> tuple[int, int]:
        line = bisect_right(self._starts, offset)
        return line, offset - self._starts[line - 1] + 1
