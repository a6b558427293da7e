"""Reporting: one renderer per output format, given the findings, their files' texts and the
rules that ran."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence

from allylint.finding import Finding
from allylint.registry import RulesThatRan
from allylint.render import concise, full, github, json, json_lines, sarif

Renderer = Callable[[Sequence[Finding], Mapping[str, str], RulesThatRan], str]

RENDERERS: dict[str, Renderer] = {
    "full": full.render,
    "concise": concise.render,
    "json": json.render,
    "json-lines": json_lines.render,
    "github": github.render,
    "sarif": sarif.render,
}

__all__ = ["RENDERERS", "Renderer"]
