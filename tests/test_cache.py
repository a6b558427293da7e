"""The results cache: entries as written are read back the same, and anything else in a cache
file is a miss, never an error."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from allylint.cache import Cache, file_key
from allylint.finding import Finding, Fix, LintResult, Suppressed
from allylint.levels import FixSafety, Severity
from allylint.versions import versions

SETTINGS = "0123456789abcdef0123456789abcdef"


def finding(**changes: object) -> Finding:
    fields: dict[str, object] = {
        "path": "docs/post.md",
        "rule": "SU001",
        "name": "committed-suicide",
        "category": "suicide",
        "severity": Severity.error,
        "message": "'Committed suicide' frames a death as a crime or a sin",
        "text": "committed suicide",
        "start": 3,
        "end": 20,
        "line": 1,
        "column": 4,
        "end_line": 1,
        "end_column": 21,
        "suggestions": ("died by suicide", "took their own life"),
        "advice": "Say how they died, not what they did.",
        "fix": Fix(3, 20, "died by suicide", FixSafety.safe),
        "evidence": ("a signal", "another"),
    }
    return Finding(**{**fields, **changes})  # type: ignore[arg-type]


RESULT = LintResult(
    [finding(), finding(fix=None, advice=None, suggestions=(), evidence=())],
    [Suppressed(finding(severity=Severity.info), "quoted")],
)


def test_an_entry_is_read_back_as_it_was_put(tmp_path: Path) -> None:
    key = file_key("docs/post.md", b"He committed suicide.\n")
    cache = Cache(tmp_path)
    assert not cache.holds(SETTINGS)
    cache.put(SETTINGS, key, RESULT)
    cache.save()
    again = Cache(tmp_path)
    assert again.holds(SETTINGS)
    assert again.get(SETTINGS, key) == RESULT
    assert again.get(SETTINGS, file_key("docs/post.md", b"He died by suicide.\n")) is None


def test_an_entry_this_code_did_not_write_is_a_miss(tmp_path: Path) -> None:
    cache = Cache(tmp_path)
    cache.put(SETTINGS, "good", RESULT)
    cache.save()
    (shelf,) = (tmp_path / "0.1.0").glob("*.json")
    entries = json.loads(shelf.read_text(encoding="utf-8"))
    values = entries["good"][0][0]
    entries["a dict"] = {"findings": [], "suppressed": []}
    entries["too few values"] = [[values[:2]], []]
    entries["a bad severity"] = [[[*values[:4], "fatal", *values[5:]]], []]
    shelf.write_text(json.dumps(entries), encoding="utf-8")
    again = Cache(tmp_path)
    assert [again.get(SETTINGS, key) for key in entries] == [RESULT, None, None, None]


def test_a_disabled_cache_holds_nothing_and_writes_nothing(tmp_path: Path) -> None:
    cache = Cache(None)
    cache.put(SETTINGS, "key", RESULT)
    cache.save()
    assert not cache.holds(SETTINGS) and cache.get(SETTINGS, "key") is None


def test_another_spacy_means_another_fingerprint(monkeypatch: pytest.MonkeyPatch) -> None:
    """Under another spaCy the tokenizer is exported from it (allylint.tokenizer.english), so
    results cached under this one must not answer."""
    from allylint import cache

    now = cache.code_fingerprint.__wrapped__()
    installed = versions()
    assert installed is not None and cache.code_fingerprint.__wrapped__() == now
    monkeypatch.setattr(cache, "versions", lambda: {**installed, "spacy": "0.0"})
    assert cache.code_fingerprint.__wrapped__() != now
