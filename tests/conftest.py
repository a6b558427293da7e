from __future__ import annotations

import pytest

from allylint.linter import Linter
from allylint.registry import Rule, load_rules, shipped_rules_dir


@pytest.fixture(scope="session")
def shipped_rules() -> list[Rule]:
    return load_rules([shipped_rules_dir()])


@pytest.fixture(scope="session")
def linter(shipped_rules: list[Rule]) -> Linter:
    return Linter(shipped_rules)
