"""The versions of allylint and of the packages whose data it runs on: spaCy, whose English
tokenizer allylint.tokenizer runs on data exported from it, and spaCy's lemma tables. They are
read from the packages' `about.py` without importing them (importing spaCy takes half a second).
"""

from __future__ import annotations

import importlib.util
import re
from pathlib import Path

from allylint import __version__

DEPENDENCIES = {"spacy": "spacy", "spacy-lookups-data": "spacy_lookups_data"}
_VERSION = re.compile(r"^__version__\s*=\s*[\"']([^\"']+)[\"']", re.MULTILINE)


def versions() -> dict[str, str] | None:
    """allylint's version and those of DEPENDENCIES, by package name; None when one cannot be
    read."""
    found = {"allylint": __version__}
    for name, module in DEPENDENCIES.items():
        spec = importlib.util.find_spec(module)
        folders = list(spec.submodule_search_locations or ()) if spec else []
        try:
            match = _VERSION.search((Path(folders[0]) / "about.py").read_text("utf-8"))
        except (IndexError, OSError, UnicodeDecodeError):
            return None
        if match is None:
            return None
        found[name] = match.group(1)
    return found
