"""Reporting: one renderer per output format, given the findings, the line of text each is on
and the rules that ran. A renderer yields its output in pieces (a finding's, at most), so that
it is written as it is made rather than held whole. A format's module is imported when it is
used."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from importlib import import_module

from allylint.finding import Finding
from allylint.registry import RulesThatRan

SourceLine = Callable[[Finding], str]  # the line of text a finding is on
Renderer = Callable[[Sequence[Finding], SourceLine, RulesThatRan], Iterator[str]]

FORMATS = ("full", "concise", "json", "json-lines", "github", "sarif")
SNIPPETS = frozenset({"full"})  # the formats that show the line of each finding


def renderer(fmt: str) -> Renderer:
    """The renderer of one of the FORMATS."""
    render: Renderer = import_module(f"allylint.render.{fmt.replace('-', '_')}").render
    return render


__all__ = ["FORMATS", "SNIPPETS", "Renderer", "SourceLine", "renderer"]
