from __future__ import annotations

import pytest

from allylint.lemmas import forms
from allylint.patterns import (
    PatternError,
    compile_pattern,
    compile_phrase,
    compile_tokens,
    normalize,
)


def tokenize(text: str) -> list[str]:
    return text.lower().replace("n't", " n't").split()


def test_forms_cover_inflections_and_misfiled_forms() -> None:
    assert {"commit", "commits", "committed", "committing"} <= forms("commit")
    assert {"man", "men"} <= forms("men")
    assert {"is", "'s", "'re", "was"} <= forms("be")
    assert "does" in forms("do")
    assert "schizos" in forms("schizo")  # unknown words match their plural


def test_phrase_words_expand_alternatives_and_exact_forms() -> None:
    tokens = compile_phrase("so|very =clean", tokenize)
    assert tokens[0] == {"LOWER": {"IN": sorted(forms("so") | forms("very"))}}
    assert tokens[1] == {"LOWER": "clean"}


def test_phrase_tokenizes_contractions_like_text() -> None:
    tokens = compile_phrase("don't", tokenize)
    assert len(tokens) == 2 and "n't" in tokens[1]["LOWER"]["IN"]


def test_token_pattern_lemma_becomes_lower_forms() -> None:
    (token,) = compile_tokens([{"LEMMA": {"NOT_IN": ["cry"]}, "OP": "?"}])
    assert token == {"LOWER": {"NOT_IN": sorted(forms("cry"))}, "OP": "?"}


def test_required_words_are_the_longest_letter_runs() -> None:
    pattern = compile_pattern(
        [{"LOWER": {"IN": ["well-spoken", "eloquent"]}}, {"ORTH": "$"}], tokenize
    )
    assert pattern.required == (frozenset({"spoken", "eloquent"}),)


def test_required_words_skip_optional_tokens() -> None:
    pattern = compile_pattern(
        [{"LOWER": "so"}, {"LOWER": "a", "OP": "?"}, {"ORTH": "n't"}, {"LOWER": "ocd"}], tokenize
    )
    assert pattern.required == (frozenset({"so"}), frozenset({"n"}), frozenset({"ocd"}))
    assert pattern.anchor == frozenset({"ocd"})


@pytest.mark.parametrize(
    ("pattern", "error"),
    [
        ([{"POS": "NOUN"}], "unknown attribute 'POS'"),
        ([{"LOWER": "a", "OP": "{2}"}], "OP must be one of"),
        ([{"LOWER": "a", "LEMMA": "b"}], "use only one of"),
        ([{"LOWER": {"IN": []}}], "non-empty list"),
        ([{"LOWER": {"IN": ["a", True]}}], "True is not a word"),
        ([], "empty token pattern"),
        ("a|b|don't", "single token"),
    ],
)
def test_bad_patterns_say_why(pattern: object, error: str) -> None:
    with pytest.raises(PatternError, match=error.replace("{", r"\{").replace("(", r"\(")):
        compile_pattern(pattern, tokenize)  # type: ignore[arg-type]


def test_normalize_keeps_length() -> None:
    text = "don\u2019t \u201cman up\u201d"
    assert normalize(text) == 'don\'t "man up"' and len(normalize(text)) == len(text)


def test_normalize_straightens_every_curly_quote_and_keeps_the_length() -> None:
    text = "\u2018it\u2019s\u2019 \u201cso\u201d \u201bx\u201f 5\u2032 6\u2033 caf\u00e9 \u2014"
    assert normalize(text) == "'it's' \"so\" 'x\" 5' 6\" caf\u00e9 \u2014"
    assert normalize("plain") == "plain"
