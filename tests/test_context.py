"""The context stage, on the shipped rules: each kind of context in both directions (suppressed,
and still flagged), and the unit functions it is built from."""

from __future__ import annotations

import pytest

from allylint.context import is_quoted
from allylint.linter import Linter
from allylint.matching import Pipeline


def flagged(linter: Linter, text: str, phrase: str) -> bool:
    start = text.index(phrase)
    end = start + len(phrase)
    return any(f.start < end and start < f.end for f in linter.lint(text).findings)


MENTION = [
    ('Phrases like "man up" teach boys to hide their pain.', "man up", False),
    ('Say "died by suicide", not "committed suicide".', "committed suicide", False),
    ("Avoid pressuring them to \u201cjust get over it.\u201d", "get over it", False),
    (
        "Calling out harmful stereotypes like \u2018real men don\u2019t cry\u2019.",
        "real men don\u2019t cry",
        False,
    ),
    ('My dad said "real men don\'t cry" and he was right.', "real men don't cry", True),
    ('Honestly, "man up" is good advice.', "man up", True),
    ('This weather is "crazy".', "crazy", True),
]
DISCUSSION = [
    ("Stop telling boys to man up.", "man up", False),
    ("Never tell someone to snap out of it.", "snap out of it", False),
    ("The old saying that real men don't cry has done lasting harm.", "real men don't cry", False),
    ('Don\'t use "not all men" to derail.', "not all men", False),
    ("Come on, man up.", "man up", True),
    ("Just snap out of it already.", "snap out of it", True),
    ("I told him to man up and he did.", "man up", True),
]
NEGATION = [
    ("Depression is not a choice.", "choice", False),
    ("Real men do cry.", "Real men do cry", False),
    ("Depression is a choice.", "choice", True),
]
SELF_DISCLOSURE = [
    ("I was depressed for two years.", "depressed", False),
    ("He was diagnosed with OCD.", "OCD", False),
    ("She lives with bipolar disorder.", "bipolar", False),
    ("As an autistic adult, I plan my week carefully.", "autistic", False),
    ("I'm so OCD about my desk.", "OCD", True),
    ("The weather is bipolar today.", "bipolar", True),
]
OTHER_SENSES = [
    ("Add the chopped nuts.", "nuts", False),
    ("The nuts and bolts of it are simple.", "nuts", False),
    ("We invest in clean energy.", "clean", False),
    ("Leave the dirty dishes.", "dirty", False),
    ("He committed fraud.", "committed", False),
    ("It uses a bipolar transistor.", "bipolar", False),
    ("Crazy Horse led the Lakota at Little Bighorn.", "Crazy", False),
    ('Her song called "Crazy" topped the charts.', "Crazy", False),
    ("She studies mental health.", "mental", False),
    ("You're nuts if you think that.", "nuts", True),
    ("He's been clean for a year.", "clean", True),
    ("That idea is crazy.", "crazy", True),
]


@pytest.mark.parametrize(("text", "phrase", "expected"), MENTION)
def test_mention(linter: Linter, text: str, phrase: str, expected: bool) -> None:
    assert flagged(linter, text, phrase) is expected


@pytest.mark.parametrize(("text", "phrase", "expected"), DISCUSSION)
def test_unquoted_discussion(linter: Linter, text: str, phrase: str, expected: bool) -> None:
    assert flagged(linter, text, phrase) is expected


@pytest.mark.parametrize(("text", "phrase", "expected"), NEGATION)
def test_negation(linter: Linter, text: str, phrase: str, expected: bool) -> None:
    assert flagged(linter, text, phrase) is expected


@pytest.mark.parametrize(("text", "phrase", "expected"), SELF_DISCLOSURE)
def test_self_disclosure_and_clinical_use(
    linter: Linter, text: str, phrase: str, expected: bool
) -> None:
    assert flagged(linter, text, phrase) is expected


@pytest.mark.parametrize(("text", "phrase", "expected"), OTHER_SENSES)
def test_other_senses(linter: Linter, text: str, phrase: str, expected: bool) -> None:
    assert flagged(linter, text, phrase) is expected


def test_every_suppression_has_a_reason(linter: Linter) -> None:
    result = linter.lint(
        'Stop telling boys to man up. Say "died by suicide", not "committed suicide".'
    )
    assert not result.findings
    reasons = [s.reason for s in result.suppressed]
    assert len(reasons) == 2
    assert reasons[0].startswith("discussion: 'Stop telling'")
    assert reasons[1].startswith("mention: quoted") or reasons[1].startswith("discussion:")


PIPELINE = Pipeline()


@pytest.mark.parametrize(
    ("text", "word", "expected"),
    [
        ('He said "man up" twice.', "man", True),
        ("He said \u2018man up\u2019 twice.", "man", True),
        ("The boys' coach said man up.", "man", False),
        ("Don't man up, it's fine.", "man", False),
        ("'Tis the season, man up.", "man", False),
        ("She said 'it's fine' and left; man up.", "man", False),
    ],
)
def test_is_quoted(text: str, word: str, expected: bool) -> None:
    from allylint.patterns import normalize

    normalized = normalize(text)
    block = PIPELINE.block(normalized)
    PIPELINE.split_sentences(block)
    doc = block.doc
    token = next(t for t in doc if t.lower_ == word)
    assert is_quoted(doc[token.i : token.i + 1]) is expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("I'm bipolar and I run a bakery.", False),
        ("We are bipolar, both of us.", False),
        ("I think she is bipolar.", True),
        ("My mom is bipolar.", True),
        ("He is bipolar, I know it.", True),
    ],
)
def test_self_disclosure_needs_the_writer_as_subject(text: str, expected: bool) -> None:
    from pathlib import Path

    from allylint.registry import load_rules

    demo = Linter(load_rules([Path(__file__).parent / "fixtures" / "rules"]))
    assert any(f.rule == "DM004" for f in demo.lint(text).findings) is expected


@pytest.mark.parametrize(
    ("markdown", "expected"),
    [
        ("Phrases we never want to hear again:\n\n> Just snap out of it.\n", False),
        ("Stop saying things like this:\n\n> Man up and deal with it.\n", False),
        ("> Just snap out of it.\n", True),
        ("Today was hard.\n\n> Just snap out of it.\n", True),
    ],
)
def test_markdown_blockquotes_framed_by_the_text_before_them(
    linter: Linter, markdown: str, expected: bool
) -> None:
    assert bool(linter.lint(markdown, "post.md").findings) is expected
