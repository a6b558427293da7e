"""Matchers run on windows around anchor words; they must find what they find on the whole Doc."""

from __future__ import annotations

from functools import cache

from hypothesis import given, settings
from hypothesis import strategies as st

from allylint.linter import Linter
from allylint.patterns import CompiledPattern
from allylint.registry import load_rules, shipped_rules_dir

FILLER = ["the", "a", "so", "and", ".", ",", "!", "'", '"', "-", "(", ")", "  ", "\n", "50"]
TRICKY = ["cannot", "gonna", "don't", "isn't", "well-spoken", "U.S.", "e.g.", "Mr.", "it's"]


@cache
def linter() -> Linter:
    compiled = Linter(load_rules([shipped_rules_dir()]))
    compiled.compile()
    return compiled


def patterns() -> list[CompiledPattern]:
    phrases = [p for rule in linter().matcher.rules for p in rule.patterns]
    signals = [s.pattern for rule in linter().posts.rules for s in rule.patterns]
    return phrases + signals


def words_of(pattern: CompiledPattern) -> list[str]:
    return sorted({word for required in pattern.required for word in required})


@settings(max_examples=300, deadline=None)
@given(st.data())
def test_windows_find_what_the_whole_doc_gives(data: st.DataObject) -> None:
    """Texts made of a pattern's own words (so that it often matches, several times, near the
    edges and next to other matches), the tokenizer's special cases, punctuation and spaces."""
    pattern = data.draw(st.sampled_from(patterns()))
    vocabulary = words_of(pattern) + FILLER + TRICKY
    text = " ".join(data.draw(st.lists(st.sampled_from(vocabulary), max_size=40)))
    text = data.draw(st.sampled_from([text, text.upper(), text.title()]))
    pipeline = linter().pipeline
    block = pipeline.block(text)
    matcher = pipeline.matcher([pattern])
    expected = [(s.start, s.end) for s in matcher(block.doc, as_spans=True)]
    assert sorted((s.start, s.end) for s in block.spans(matcher, pattern)) == sorted(expected)


def test_a_block_tokenizes_a_line_break_as_a_space() -> None:
    block = linter().pipeline.block("he committed\nsuicide")
    assert [t.text for t in block.doc] == ["he", "committed", "suicide"]


def test_the_shipped_token_patterns_pass_spacys_validator() -> None:
    """Linting skips spaCy's validator for the shipped rules (it is slow); this is where they
    go through it."""
    from spacy.schemas import validate_token_pattern

    written = [
        (rule.spec.code, pattern)
        for rule in load_rules([shipped_rules_dir()])
        for patterns in (
            rule.spec.patterns,
            rule.spec.exceptions,
            *(signal.patterns for signal in rule.spec.signals.values()),
        )
        for pattern in patterns
        if not isinstance(pattern, str)
    ]
    assert len(written) > 100
    assert [
        (code, validate_token_pattern(p)) for code, p in written if validate_token_pattern(p)
    ] == []
