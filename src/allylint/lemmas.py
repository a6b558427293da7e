"""Inflections of English words, from the lemma lookup table that spaCy's lookup lemmatizer uses.

The table (spacy-lookups-data, `en_lemma_lookup`) maps a form to its lemma ("committed" ->
"commit"). Rules are matched on lower-cased forms, so a word in a rule expands to every form that
shares its lemma.
"""

from __future__ import annotations

import gzip
import json
from collections import defaultdict
from functools import cache
from importlib.resources import files

# Forms the lookup table files under another lemma ("'s" -> "have", "does" -> "doe"), so that `be`
# matches "she's" and `do` matches "doesn't" the way a writer expects.
MISFILED = {"be": frozenset({"'s", "'re", "'m"}), "do": frozenset({"does"})}


@cache
def _tables() -> tuple[dict[str, str], dict[str, frozenset[str]]]:
    data = files("spacy_lookups_data") / "data" / "en_lemma_lookup.json.gz"
    table: dict[str, str] = json.loads(gzip.decompress(data.read_bytes()))
    lemma_of: dict[str, str] = {}
    inverse: defaultdict[str, set[str]] = defaultdict(set)
    for form, lemma in table.items():
        lemma_of.setdefault(form.lower(), lemma.lower())
        inverse[lemma.lower()].add(form.lower())
    return lemma_of, {lemma: frozenset(forms) for lemma, forms in inverse.items()}


def forms(word: str) -> frozenset[str]:
    """Every lower-cased form of `word`: itself, its lemma and the lemma's inflections.

    A word the table does not know also matches its regular plural ("schizo" -> "schizos").
    """
    w = word.lower()
    lemma_of, inverse = _tables()
    lemma = lemma_of.get(w, w)
    known = w in lemma_of or w in inverse
    out = {w, lemma} | inverse.get(lemma, frozenset()) | MISFILED.get(lemma, frozenset())
    if not known:
        out.add(w + "s")
    return frozenset(out)
