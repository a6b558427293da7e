"""`--select` / `--ignore`: selectors are codes, code prefixes, rule names or category names."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from allylint.errors import AllylintError
from allylint.registry import Rule

ALL = "ALL"


def matches(selector: str, rule: Rule) -> bool:
    """`ALL`, a code or code prefix (`SU`, `SU001`), a rule name or a category name."""
    s = selector.strip()
    return s == ALL or rule.code.startswith(s.upper()) or s.lower() in (rule.name, rule.category)


def resolve(
    rules: Sequence[Rule],
    select: Iterable[str] = (),
    ignore: Iterable[str] = (),
    extend_select: Iterable[str] = (),
) -> list[Rule]:
    """The rules chosen by `select` (all when empty) and `extend_select`, less `ignore`."""
    select, ignore, extend = list(select), list(ignore), list(extend_select)
    for selector in [*select, *ignore, *extend]:
        if not any(matches(selector, rule) for rule in rules):
            raise AllylintError(
                f"unknown rule selector {selector!r}: use a code, a code prefix, "
                "a rule name or a category (see `allylint rules`)"
            )
    chosen = [
        r
        for r in rules
        if (not select or any(matches(s, r) for s in select)) or any(matches(s, r) for s in extend)
    ]
    return [r for r in chosen if not any(matches(s, r) for s in ignore)]
