"""`allylint test-rules DIR...`: a team's rule files validated and their examples run."""

from __future__ import annotations

from pathlib import Path

import pytest

FIXTURE_RULES = Path(__file__).parent / "fixtures" / "rules"
RULE = """\
category: house
prefix: HS
description: House style.
rules:
  - code: HS001
    name: house-crazy
    message: "'Crazy' for wild"
    patterns: [crazy]
    replace: [wild]
    explanation: It ties mental illness to chaos.
    sources: [https://example.org/style]
    examples:
      flag: [{flag}]
      pass: [{pass_}]
"""


def rules_dir(tmp_path: Path, text: str) -> Path:
    folder = tmp_path / "house-rules"
    folder.mkdir(exist_ok=True)
    (folder / "house.yaml").write_text(text, encoding="utf-8")
    return folder


def test_passing_examples(run, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    folder = rules_dir(tmp_path, RULE.format(flag='"A [[crazy]] idea."', pass_='"A wild idea."'))
    assert run("test-rules", str(folder)) == (0, "2 passed, 0 failed\n", "")


def test_failing_examples_are_listed_one_line_each(run, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    folder = rules_dir(
        tmp_path, RULE.format(flag='"A [[crazy idea]].", "[[Crazy]]!"', pass_='"Crazy ones."')
    )
    code, out, err = run("test-rules", str(folder))
    assert (code, err) == (1, "")
    assert out.splitlines() == [
        f"{folder / 'house.yaml'}: HS001 (house-crazy) flag example 0: 'A crazy idea.': expected 'crazy idea', found 'crazy'",
        f"{folder / 'house.yaml'}: HS001 (house-crazy) pass example 0: 'Crazy ones.' is flagged at 'Crazy'",
        "1 passed, 2 failed",
    ]


@pytest.mark.parametrize(
    ("text", "error"),
    [
        (
            RULE.format(flag='"No marks here."', pass_='"ok"'),
            "house.yaml:13: rule HS001 (house-crazy): examples.flag: flag example must mark the expected span with [[...]]: 'No marks here.'",
        ),
        (
            RULE.format(flag='"[[crazy]]"', pass_='"ok"')
            .replace("HS001", "DM001")
            .replace("HS\n", "DM\n"),
            "is already used by rule DM001",
        ),
        (
            RULE.format(flag='"[[crazy]]"', pass_='"ok"').replace(
                "[crazy]", "[[{LOWER: crazy, OP: '??'}]]"
            ),
            "house.yaml: rule HS001 (house-crazy): patterns.0: ",
        ),
    ],
)
def test_an_invalid_rule_file_is_an_error(run, tmp_path: Path, text: str, error: str) -> None:  # type: ignore[no-untyped-def]
    folder = rules_dir(tmp_path, text)
    code, out, err = run("test-rules", str(folder), str(FIXTURE_RULES))
    assert (code, out) == (2, "")
    assert len(err.splitlines()) == 1 and error in err and err.startswith("allylint: error: ")


def test_a_folder_without_rule_files_is_an_error(run, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    assert run("test-rules", str(tmp_path)) == (
        2,
        "",
        f"allylint: error: {tmp_path}: no rule files (*.yaml, *.yml)\n",
    )
    assert (
        run("test-rules", str(tmp_path / "missing"))[2]
        == f"allylint: error: {tmp_path / 'missing'}: rule folder not found\n"
    )
