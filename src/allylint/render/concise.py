"""`path:line:col: CODE message`, one line per finding: the form editors and grep understand."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from allylint.finding import Finding
from allylint.registry import RulesThatRan


def line(f: Finding) -> str:
    return f"{f.path}:{f.line}:{f.column}: {f.rule} {f.message}"


def render(findings: Sequence[Finding], sources: Mapping[str, str], rules: RulesThatRan) -> str:
    return "".join(line(f) + "\n" for f in findings)
