"""Reporting: one renderer per output format, each taking the findings and the sources they came from."""

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
