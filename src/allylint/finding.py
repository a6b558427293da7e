"""What the linter reports: a `Finding`, and a `Suppressed` match with the reason it was not
reported."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field, fields
from typing import Any

from allylint.levels import FixSafety, Severity


@dataclass(frozen=True)
class Fix:
    """Replace source[start:end] with `replacement`; `safety` says whether --fix may apply it."""

    start: int
    end: int
    replacement: str
    safety: FixSafety


@dataclass(frozen=True)
class Finding:
    """One problem in one file. Lines and columns are 1-based, columns count characters, ends are
    exclusive; `start`/`end` are character offsets into the source text."""

    path: str
    rule: str
    name: str
    category: str
    severity: Severity
    message: str
    text: str
    start: int
    end: int
    line: int
    column: int
    end_line: int
    end_column: int
    suggestions: tuple[str, ...] = ()
    advice: str | None = None
    fix: Fix | None = None
    evidence: tuple[str, ...] = field(default=())

    def to_data(self) -> dict[str, Any]:
        """Every field as plain values (JSON, msgpack), for `from_data` to restore."""
        data = asdict(self)
        data["severity"] = self.severity.value
        if self.fix is not None:
            data["fix"]["safety"] = self.fix.safety.value
        return data

    @classmethod
    def from_data(cls, data: dict[str, Any]) -> Finding:
        return cls.from_values([data[name] for name in FIELDS])

    @classmethod
    def from_values(cls, values: list[Any]) -> Finding:
        """The finding whose `to_data` values, in the order of FIELDS, these are (the results
        cache stores them so: faster to restore than keyword arguments)."""
        values = list(values)  # a copy: the cache keeps the values it read
        values[_SEVERITY] = Severity(values[_SEVERITY])
        values[_SUGGESTIONS] = tuple(values[_SUGGESTIONS])
        values[_EVIDENCE] = tuple(values[_EVIDENCE])
        fix = values[_FIX]
        if fix is not None:
            values[_FIX] = Fix(**{**fix, "safety": FixSafety(fix["safety"])})
        return cls(*values)

    def as_dict(self) -> dict[str, object]:
        return {
            "path": self.path,
            "line": self.line,
            "column": self.column,
            "end_line": self.end_line,
            "end_column": self.end_column,
            "rule": self.rule,
            "name": self.name,
            "category": self.category,
            "severity": self.severity.value,
            "message": self.message,
            "text": self.text,
            "suggestions": list(self.suggestions),
            "advice": self.advice,
            "fix": None
            if self.fix is None
            else {"replacement": self.fix.replacement, "applicability": self.fix.safety.value},
            "evidence": list(self.evidence),
        }


FIELDS = tuple(f.name for f in fields(Finding))  # the order of Finding.from_values
_SEVERITY, _SUGGESTIONS, _FIX, _EVIDENCE = (
    FIELDS.index(name) for name in ("severity", "suggestions", "fix", "evidence")
)


@dataclass(frozen=True)
class Suppressed:
    """A match that the context stage did not report, and why."""

    finding: Finding
    reason: str


@dataclass(frozen=True)
class LintResult:
    """The findings of one text, and the matches that were not reported."""

    findings: list[Finding] = field(default_factory=list)
    suppressed: list[Suppressed] = field(default_factory=list)
