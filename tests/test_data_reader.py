"""The YAML and JSON reader: string values are prose, keys and other values are not, and every
prose offset maps back to the exact source text it came from."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml
from hypothesis import given
from hypothesis import strategies as st

from allylint.errors import DataSyntaxError
from allylint.reading import read
from allylint.reading.offsets import Prose


def source_of(prose: Prose, source: str, text: str) -> str:
    """The source text that prose `text` (its first occurrence) came from."""
    start = prose.text.index(text)
    s, e = prose.offsets.span_to_source(start, start + len(text))
    return source[s:e]


POSTS = """\
# scheduled posts
- date: 2024-05-01
  draft: false
  crazy: plain key
  title: "Caf\\u00e9 \\"night\\"\\tout"
  single: 'it''s ok'
  plain: one line
    folded on
  literal: |
    First line
    second line.

    Next paragraph.
  folded: >-
    Folded
    text
  anchored: &a !!str shared words
  again: *a
  list: [flow item, 'quoted item', 3]
---
second: document
"""


def test_yaml_string_values_are_prose_in_blocks() -> None:
    prose = read(POSTS, "yaml")
    assert prose.text.split("\n\n")[:-1] == [
        "plain key",
        'Café "night"\tout',
        "it's ok",
        "one line folded on",
        "First line second line.",
        "Next paragraph.",
        "Folded text",
        "shared words",
        "flow item",
        "quoted item",
        "document",
    ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Café", "Caf\\u00e9"),
        ('"night"', '\\"night\\"'),
        ("it's", "it''s"),
        ("line folded", "line\n    folded"),
        ("second line.", "second line."),
        ("Next paragraph.", "Next paragraph."),
        ("Folded text", "Folded\n    text"),
        ("shared words", "shared words"),
        ("quoted item", "quoted item"),
        ("document", "document"),
    ],
)
def test_yaml_offsets_map_back_exactly(text: str, expected: str) -> None:
    assert source_of(read(POSTS, "yaml"), POSTS, text) == expected


def test_json_string_values_are_prose_and_keys_are_not() -> None:
    source = '{"title": "A \\"so OCD\\" caf\\u00e9 \\ud83d\\ude00", "n": 3, "tags": ["x", "y"],\n "nested": {"crazy": "body\\nline"}}'
    prose = read(source, "json")
    assert prose.text.split("\n\n")[:-1] == ['A "so OCD" café 😀', "x", "y", "body\nline"]
    assert source_of(prose, source, '"so OCD"') == '\\"so OCD\\"'
    assert source_of(prose, source, "é") == "\\u00e9"
    assert source_of(prose, source, "😀") == "\\ud83d\\ude00"
    assert source_of(prose, source, "body\nline") == "body\\nline"


WORDS = st.text(
    alphabet=st.sampled_from(list("abcdefxyz ABC,'\"\\/é😀\t-!?")), min_size=1, max_size=40
).filter(lambda s: s == s.strip() and "  " not in s and "\t" not in s.strip(" "))


@given(st.lists(WORDS, min_size=1, max_size=5), st.booleans())
def test_json_values_map_back_to_their_escaped_source(values: list[str], ascii_only: bool) -> None:
    source = json.dumps({f"key {i}": v for i, v in enumerate(values)}, ensure_ascii=ascii_only)
    prose = read(source, "json")
    assert prose.text.split("\n\n")[:-1] == values
    at = 0
    for value in values:
        start = prose.text.index(value, at)
        at = start + len(value)
        s, e = prose.offsets.span_to_source(start, at)
        assert json.loads(f'"{source[s:e]}"') == value


@given(st.lists(WORDS, min_size=1, max_size=5), st.sampled_from(['"', "'", None]))
def test_yaml_values_map_back_to_their_source(values: list[str], style: str | None) -> None:
    source = yaml.safe_dump(
        [{"text": v} for v in values], default_style=style, allow_unicode=True, width=30
    )
    prose = read(source, "yaml")
    assert prose.text.split("\n\n")[:-1] == values
    nodes = [mapping.value[0][1] for mapping in yaml.compose(source).value]
    at = 0
    for value, node in zip(values, nodes, strict=True):
        start = prose.text.index(value, at)
        at = start + len(value)
        s, e = prose.offsets.span_to_source(start, at)
        quote = node.style or ""  # the style safe_dump chose for this value
        assert yaml.safe_load(f"{quote}{source[s:e]}{quote}") == value


@pytest.mark.parametrize(
    ("source", "fmt", "message"),
    [
        ("a: [1, 2\nb: 3\n", "yaml", "2: invalid YAML: did not find expected ',' or ']'"),
        (
            '{"a": 1,\n}',
            "json",
            "2: invalid JSON: Expecting property name enclosed in double quotes",
        ),
    ],
)
def test_a_file_that_does_not_parse_is_an_error_with_its_line(
    source: str, fmt: str, message: str
) -> None:
    with pytest.raises(DataSyntaxError) as error:
        read(source, fmt)
    assert str(error.value) == message


def test_a_broken_data_file_is_one_error_line_and_the_run_goes_on(run, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    broken = tmp_path / "posts.yaml"
    broken.write_text("title: [unclosed\n", encoding="utf-8")
    good = tmp_path / "post.json"
    good.write_text('{"title": "He committed suicide."}', encoding="utf-8")
    rules = str(Path(__file__).parent / "fixtures" / "rules")
    code, out, err = run(
        "check",
        "--isolated",
        "--rules",
        rules,
        "--select",
        "demo",
        "--format",
        "concise",
        str(broken),
        str(good),
    )
    assert code == 2
    assert err.startswith(f"allylint: error: {broken}:2: invalid YAML: ")
    assert len(err.splitlines()) == 1
    assert out == f"{good}:1:15: DM001 'Committed suicide' frames a death as a crime\n"


def test_a_broken_data_file_met_by_the_prefilter_still_gives_its_error_line(tmp_path: Path) -> None:
    """With a warm cache (its pre-filter saved), a file that cannot be read is still reported
    in one line, and the run goes on."""
    import subprocess
    import sys

    cache = tmp_path / "cache"
    good = tmp_path / "post.json"
    good.write_text('{"title": "He committed suicide."}', encoding="utf-8")
    command = [
        sys.executable,
        "-m",
        "allylint",
        "check",
        "--isolated",
        "--cache-dir",
        str(cache),
        "--format",
        "concise",
    ]
    subprocess.run([*command, str(good)], capture_output=True, check=False)
    broken = tmp_path / "posts.yaml"
    broken.write_text("title: [unclosed\n", encoding="utf-8")
    proc = subprocess.run([*command, str(broken), str(good)], capture_output=True, text=True)
    assert proc.returncode == 2
    assert proc.stderr.startswith(f"allylint: error: {broken}:2: invalid YAML")
    assert proc.stdout.startswith(f"{good}:1:")
