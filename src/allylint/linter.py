"""The pipeline: read a text, match rules, judge context, and report findings."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

from allylint.context import Context
from allylint.finding import Finding, Fix, Suppressed
from allylint.matching import Match, RuleMatcher
from allylint.positions import LineIndex
from allylint.reading import format_for, read
from allylint.registry import Rule, load_rules, shipped_rules_dir
from allylint.schema import FixSafety
from allylint.selection import resolve


@dataclass(frozen=True)
class LintResult:
    findings: list[Finding] = field(default_factory=list)
    suppressed: list[Suppressed] = field(default_factory=list)


class Linter:
    """Lints texts with a fixed set of rules. Building one compiles the rules; reuse it."""

    def __init__(self, rules: Sequence[Rule]) -> None:
        self.rules = list(rules)

    @classmethod
    def default(
        cls, select: Sequence[str] = (), ignore: Sequence[str] = (), rule_dirs: Sequence[Path] = ()
    ) -> Linter:
        """The shipped rules and those in `rule_dirs`, chosen by `select` and `ignore`."""
        return cls(resolve(load_rules([shipped_rules_dir(), *rule_dirs]), select, ignore))

    @cached_property
    def matcher(self) -> RuleMatcher:
        return RuleMatcher(self.rules)

    @cached_property
    def context(self) -> Context:
        return Context(self.matcher.nlp)

    def lint(self, source: str, path: str = "-", fmt: str | None = None) -> LintResult:
        """Lint `source`, the text of the file at `path` (its suffix picks the reader)."""
        prose = read(source, fmt or format_for(path))
        lines = LineIndex(source)
        result = LintResult()
        for match in self.matcher.match(prose.text):
            start, end = prose.offsets.span_to_source(match.start, match.end)
            finding = _finding(match, path, source, start, end, lines)
            reason = self.context.judge(match)
            if reason is None:
                result.findings.append(finding)
            else:
                result.suppressed.append(Suppressed(finding, reason))
        return result


def _finding(
    match: Match, path: str, source: str, start: int, end: int, lines: LineIndex
) -> Finding:
    spec = match.rule.spec
    text = source[start:end]
    suggestions = tuple(_match_case(text, s) for s in spec.replace)
    fix = None
    if spec.fix is not FixSafety.none and suggestions:
        fix = Fix(start, end, suggestions[0], spec.fix)
    line, column = lines.position(start)
    end_line, end_column = lines.position(end)
    return Finding(
        path=path,
        rule=spec.code,
        name=spec.name,
        category=match.rule.category,
        severity=spec.severity,
        message=spec.message,
        text=text,
        start=start,
        end=end,
        line=line,
        column=column,
        end_line=end_line,
        end_column=end_column,
        suggestions=suggestions,
        advice=spec.advice,
        fix=fix,
    )


def _match_case(original: str, replacement: str) -> str:
    """Capitalize the replacement like the text it replaces."""
    if original[:1].isupper() and replacement[:1].islower():
        return replacement[:1].upper() + replacement[1:]
    return replacement
