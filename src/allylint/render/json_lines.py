"""One JSON object per line (the `json` format's objects), for streaming and `jq -c`."""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence

from allylint.finding import Finding
from allylint.registry import RulesThatRan


def render(findings: Sequence[Finding], sources: Mapping[str, str], rules: RulesThatRan) -> str:
    return "".join(json.dumps(f.as_dict(), ensure_ascii=False) + "\n" for f in findings)
