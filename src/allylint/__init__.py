"""allylint: catch writing that stigmatizes mental health or performs allyship, and reframe it."""

from __future__ import annotations

from functools import cache

from allylint.finding import Finding, Fix, Suppressed
from allylint.linter import Linter, LintResult

__version__ = "0.1.0"


@cache
def _default_linter() -> Linter:
    return Linter.default()


def lint_text(text: str, path: str = "-", fmt: str | None = None) -> list[Finding]:
    """Lint `text` with the shipped rules: `lint_text("He committed suicide.")`."""
    return _default_linter().lint(text, path, fmt).findings


__all__ = ["Finding", "Fix", "LintResult", "Linter", "Suppressed", "__version__", "lint_text"]
