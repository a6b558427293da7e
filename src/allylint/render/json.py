"""One JSON array of findings, a finding per line (readable, and written by json's fast C
encoder, which indenting would bypass)."""

from __future__ import annotations

import json
from collections.abc import Iterator, Sequence

from allylint.finding import Finding
from allylint.registry import RulesThatRan
from allylint.render import SourceLine

encode = json.JSONEncoder(ensure_ascii=False).encode  # one encoder for every finding


def render(
    findings: Sequence[Finding], source_line: SourceLine, rules: RulesThatRan
) -> Iterator[str]:
    if not findings:
        yield "[]\n"
        return
    for i, f in enumerate(findings):
        yield ("[\n  " if i == 0 else ",\n  ") + encode(f.as_dict())
    yield "\n]\n"
