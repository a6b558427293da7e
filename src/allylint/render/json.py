"""One JSON array of findings."""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence

from allylint.finding import Finding
from allylint.registry import Rule


def render(findings: Sequence[Finding], sources: Mapping[str, str], rules: Sequence[Rule]) -> str:
    return json.dumps([f.as_dict() for f in findings], indent=2, ensure_ascii=False) + "\n"
