"""Every rule's own examples: each `flag` example is flagged by that rule at the marked span, each
`pass` example is not flagged by it. No rule ships without proof."""

from __future__ import annotations

import pytest

from allylint.linter import Linter
from allylint.registry import Rule, load_rules, shipped_rules_dir
from allylint.schema import SPAN_MARK

RULES = load_rules([shipped_rules_dir()])


def unmark(example: str) -> tuple[str, list[tuple[int, int]]]:
    """The example's text without [[ ]] marks, and the marked spans' offsets in it."""
    text, spans, last = "", [], 0
    for m in SPAN_MARK.finditer(example):
        text += example[last : m.start()]
        spans.append((len(text), len(text) + len(m.group(1))))
        text += m.group(1)
        last = m.end()
    return text + example[last:], spans


FLAG = [
    pytest.param(r, e, id=f"{r.code}-flag-{i}")
    for r in RULES
    for i, e in enumerate(r.spec.examples.flag)
]
PASS = [
    pytest.param(r, e, id=f"{r.code}-pass-{i}")
    for r in RULES
    for i, e in enumerate(r.spec.examples.pass_)
]


@pytest.mark.parametrize(("rule", "example"), FLAG)
def test_flag_example(linter: Linter, rule: Rule, example: str) -> None:
    text, expected = unmark(example)
    found = [(f.start, f.end) for f in linter.lint(text).findings if f.rule == rule.code]
    assert found == expected, f"{rule.code} on {text!r}: found {[text[s:e] for s, e in found]}"


@pytest.mark.parametrize(("rule", "example"), PASS)
def test_pass_example(linter: Linter, rule: Rule, example: str) -> None:
    found = [f.text for f in linter.lint(example).findings if f.rule == rule.code]
    assert not found, f"{rule.code} flagged {found} in {example!r}"


def test_unmark() -> None:
    assert unmark("a [[b c]] d [[e]]") == ("a b c d e", [(2, 5), (8, 9)])
