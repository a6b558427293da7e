"""End to end: the fixture repository (tests/fixtures/repo) linted through the command line, with
its .gitignore, its pyproject.toml and a nested blog/.allylint.yaml, its own rules (comms-rules/,
codes CMS001-CMS003), suppression comments in every format, scheduled posts in YAML, a binary
file, and vendored, hidden and excluded folders."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).parent / "fixtures" / "repo"

FINDINGS = [
    "README.md:3:21: CMS001 'Crazy' uses mental illness to mean wild",
    "README.md:15:19: CMS001 'Crazy' uses mental illness to mean wild",
    "README.md:17:1: AL001 Unused suppression comment (unused: CMS002)",
    "archive/2019.md:3:34: CMS002 'Committed suicide' frames a death as a crime",
    "blog/launch.md:3:26: CMS003 'Suffers from' casts a person as a victim of their condition",
    "docs/guide.rst:4:29: CMS001 'Crazy' uses mental illness to mean wild",
    "docs/guide.rst:16:5: CMS003 'Suffers from' casts a person as a victim of their condition",
    "notes.txt:4:22: AL001 Unused suppression comment (unknown: CMS999)",
    "notes.txt:5:5: CMS001 'Crazy' uses mental illness to mean wild",
    "posts/2024-05.yaml:5:30: CMS001 'Crazy' uses mental illness to mean wild",
    "posts/2024-05.yaml:7:16: CMS003 'Suffers from' casts a person as a victim of their condition",
    "posts/2024-05.yaml:11:26: CMS001 'Crazy' uses mental illness to mean wild",
    "web/index.html:8:8: CMS003 'Suffers from' casts a person as a victim of their condition",
]


@pytest.fixture
def repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A copy of the fixture repository, with the files its .gitignore ignores (git would not
    keep them in this repository's history), as the current folder."""
    root = tmp_path / "repo"
    shutil.copytree(REPO, root)
    (root / ".git").mkdir()
    (root / "drafts").mkdir()
    (root / "drafts" / "plan.md").write_text("He committed suicide.\n", encoding="utf-8")
    (root / "launch.draft.md").write_text("A crazy draft.\n", encoding="utf-8")
    monkeypatch.chdir(root)
    return root


def test_the_repository_is_linted_as_a_writer_reads_it(repo: Path) -> None:
    """In a real process, as a team would run it: exactly these findings, nothing from ignored,
    excluded, vendored, hidden, binary or configuration files."""
    proc = subprocess.run(
        [sys.executable, "-m", "allylint", "check", "--format", "concise"],
        cwd=repo,
        capture_output=True,
        text=True,
        env={**os.environ, "NO_COLOR": "1"},
    )
    assert proc.stderr == ""
    assert proc.returncode == 1
    assert proc.stdout.splitlines() == FINDINGS


def test_why_the_other_matches_are_not_reported(run, repo: Path) -> None:  # type: ignore[no-untyped-def]
    _, out, _ = run("check", "--format", "concise", "--show-suppressed")
    reasons = [line for line in out.splitlines() if "not reported" in line]
    assert reasons == [
        "README.md:5:22: CMS001 'crazy' not reported: allowed phrase 'Crazy Eights'",
        "README.md:8:13: CMS003 'suffers from' not reported: suppressed by the comment on line 7",
        "README.md:11:5: CMS001 'crazy' not reported: suppressed by the comment on line 10",
        "README.md:12:1: CMS001 'Crazy' not reported: suppressed by the comment on line 10",
        "archive/2019.md:3:10: CMS001 'crazy' not reported: per-file-ignores 'archive/**'",
        "docs/guide.rst:8:17: CMS001 'insane' not reported: suppressed by the comment on line 6",
        "docs/guide.rst:12:25: CMS001 'crazy' not reported: suppressed by the comment on line 10",
        "docs/guide.rst:12:39: CMS002 'committed suicide' not reported: suppressed by the comment on line 10",
        "notes.txt:2:22: CMS001 'crazy' not reported: suppressed by the comment on line 2",
        "notes.txt:3:12: CMS003 'suffers from' not reported: suppressed by the comment on line 3",
        "web/index.html:6:24: CMS001 'crazy' not reported: suppressed by the comment on line 5",
        "web/index.html:6:34: CMS002 'committed suicide' not reported: suppressed by the comment on line 5",
    ]


def test_severity_overrides_from_the_config(run, repo: Path) -> None:  # type: ignore[no-untyped-def]
    _, out, _ = run("check", "--format", "json", "README.md")
    assert [(f["rule"], f["severity"]) for f in json.loads(out)] == [
        ("CMS001", "info"),
        ("CMS001", "info"),
        ("AL001", "info"),
    ]


def test_no_ignore_lints_what_gitignore_ignores(run, repo: Path) -> None:  # type: ignore[no-untyped-def]
    _, out, _ = run("check", "--format", "concise", "--no-ignore")
    extra = sorted(set(out.splitlines()) - set(FINDINGS))
    assert extra == [
        "drafts/plan.md:1:4: CMS002 'Committed suicide' frames a death as a crime",
        "launch.draft.md:1:3: CMS001 'Crazy' uses mental illness to mean wild",
    ]


def test_files_named_explicitly_are_always_linted(run, repo: Path) -> None:  # type: ignore[no-untyped-def]
    code, out, err = run(
        "check",
        "--format",
        "concise",
        "posts/schedule.json",
        "internal/memo.md",
        "launch.draft.md",
        "assets/banner.txt",
        "mkdocs.yml",
    )
    assert code == 2
    assert out.splitlines() == [
        "posts/schedule.json:1:25: CMS001 'Crazy' uses mental illness to mean wild",
        "internal/memo.md:1:31: CMS001 'Crazy' uses mental illness to mean wild",
        "launch.draft.md:1:3: CMS001 'Crazy' uses mental illness to mean wild",
        "mkdocs.yml:1:12: CMS001 'Crazy' uses mental illness to mean wild",
    ]
    assert err == "allylint: error: assets/banner.txt: binary file, not linted\n"


def test_the_nearest_config_applies_to_each_file(
    run, repo: Path, monkeypatch: pytest.MonkeyPatch
) -> None:  # type: ignore[no-untyped-def]
    blog = [
        "blog/launch.md:3:26: CMS003 'Suffers from' casts a person as a victim of their condition"
    ]
    assert run("check", "--format", "concise", "blog/launch.md")[1].splitlines() == blog
    assert run("check", "--format", "concise", "blog")[1].splitlines() == blog
    monkeypatch.chdir(repo / "blog")
    assert run("check", "--format", "concise")[1].splitlines() == [
        "launch.md:3:26: CMS003 'Suffers from' casts a person as a victim of their condition"
    ]


def test_config_names_one_file_for_all(run, repo: Path) -> None:  # type: ignore[no-untyped-def]
    """--config: the blog's settings everywhere (its rule folder still relative to blog/)."""
    _, out, _ = run("check", "--format", "concise", "--config", "blog/.allylint.yaml")
    assert {line.split(" ")[1] for line in out.splitlines()} == {"CMS002", "CMS003", "AL001"}
    assert "archive/2019.md:3:34: CMS002 'Committed suicide' frames a death as a crime" in out


def test_isolated_ignores_every_config(run, repo: Path) -> None:  # type: ignore[no-untyped-def]
    args = [
        "check",
        "--isolated",
        "--rules",
        "comms-rules",
        "--select",
        "comms",
        "--format",
        "concise",
    ]
    _, out, _ = run(*args)
    lines = out.splitlines()
    assert "README.md:5:22: CMS001 'Crazy' uses mental illness to mean wild" in lines  # no allow
    assert "archive/2019.md:3:10: CMS001 'Crazy' uses mental illness to mean wild" in lines
    assert not any(line.startswith("posts/") for line in lines)  # no extend-include
    assert any(line.startswith("internal/memo.md") for line in lines)  # no extend-exclude
    assert run("check", "--isolated", "--config", "pyproject.toml")[0] == 2


def test_the_custom_rules_examples_pass(run, repo: Path) -> None:  # type: ignore[no-untyped-def]
    assert run("test-rules", "comms-rules") == (0, "6 passed, 0 failed\n", "")
