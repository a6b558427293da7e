"""allylint: catch writing that stigmatizes mental health or performs allyship, and reframe it."""

from __future__ import annotations

from functools import cache
from typing import TYPE_CHECKING, Any

from allylint.finding import Finding, Fix, LintResult, Suppressed

if TYPE_CHECKING:
    from allylint.linter import Linter

__version__ = "0.1.0"


@cache
def _default_linter() -> Linter:
    from allylint.linter import Linter

    return Linter.default()


def lint_text(text: str, path: str = "-", fmt: str | None = None) -> list[Finding]:
    """Lint `text` with the shipped rules: `lint_text("He committed suicide.")`."""
    return _default_linter().lint(text, path, fmt).findings


def __getattr__(name: str) -> Any:
    """`allylint.Linter`, imported on first use: the rules and the tokenizer load only when
    needed."""
    if name == "Linter":
        from allylint.linter import Linter

        return Linter
    raise AttributeError(f"module 'allylint' has no attribute {name!r}")


__all__ = ["Finding", "Fix", "LintResult", "Linter", "Suppressed", "__version__", "lint_text"]
