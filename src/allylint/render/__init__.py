"""Reporting: one renderer per output format, given the findings and their files' texts."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence

from allylint.finding import Finding
from allylint.render import concise, full, json

Renderer = Callable[[Sequence[Finding], Mapping[str, str]], str]

RENDERERS: dict[str, Renderer] = {
    "full": full.render,
    "concise": concise.render,
    "json": json.render,
}

__all__ = ["RENDERERS", "Renderer"]
