"""One JSON array of findings, a finding per line (readable, and written by json's fast C
encoder, which indenting would bypass)."""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence

from allylint.finding import Finding
from allylint.registry import RulesThatRan


def render(findings: Sequence[Finding], sources: Mapping[str, str], rules: RulesThatRan) -> str:
    if not findings:
        return "[]\n"
    lines = ",\n".join("  " + json.dumps(f.as_dict(), ensure_ascii=False) for f in findings)
    return f"[\n{lines}\n]\n"
