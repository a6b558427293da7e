"""An exact, cheap test of whether a text can give any finding, from its words alone.

It holds what the matcher and the post detector decide from words before they tokenize
anything: each phrase pattern's required word sets, each post rule's self-centering patterns and
threshold, and the tokenizer's splits. A text for which it answers no gives an empty result, so
a new clean draft is linted without loading spaCy or the rules. It is saved beside the results
cache, under the same settings fingerprint.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import TYPE_CHECKING

from allylint.matching import WordIndex, WordScanner, blocks
from allylint.patterns import CompiledPattern, normalize
from allylint.post import Weighted, best_score, units
from allylint.reading import Prose

if TYPE_CHECKING:
    from allylint.linter import Linter

MARKER = "allylint"  # a text with suppression comments is linted: unused ones are findings


@dataclass(frozen=True)
class PostBound:
    threshold: float
    patterns: tuple[Weighted, ...]  # the self-centering ones


class Prefilter:
    def __init__(
        self,
        phrases: list[CompiledPattern],
        posts: list[PostBound],
        splits: dict[str, frozenset[str]],
    ) -> None:
        self.phrases, self.posts, self.splits = phrases, posts, splits
        self._index = WordIndex(enumerate(phrases))
        self._scanner = WordScanner(splits)

    @classmethod
    def of(cls, linter: Linter) -> Prefilter:
        phrases = [p for rule in linter.matcher.rules for p in rule.patterns]
        posts = [
            PostBound(
                rule.threshold,
                tuple((p.signal, p.weight, p.pattern) for p in rule.patterns if p.weight > 0),
            )
            for rule in linter.posts.rules
        ]
        return cls(phrases, posts, dict(linter.pipeline.scanner.splits))

    def may_find(self, source: str, prose: Prose) -> bool:
        """False only when linting `source`, whose prose is `prose`, cannot report anything."""
        if MARKER in source.lower():
            return True
        text = normalize(prose.text)
        if any(self._index.candidates(self._scanner.words(text[s:e])) for s, e in blocks(text)):
            return True
        for start, end in units(text) if self.posts else ():
            counts = self._scanner.word_counts(text[start:end])
            if any(best_score(post.patterns, counts) >= post.threshold for post in self.posts):
                return True
        return False

    def dumps(self) -> bytes:
        data = {
            "phrases": [_required(p) for p in self.phrases],
            "posts": [
                {
                    "threshold": post.threshold,
                    "patterns": [[s, w, _required(p)] for s, w, p in post.patterns],
                }
                for post in self.posts
            ],
            "splits": {word: sorted(pieces) for word, pieces in self.splits.items()},
        }
        return json.dumps(data, separators=(",", ":")).encode()

    @classmethod
    def loads(cls, raw: bytes) -> Prefilter:
        data = json.loads(raw)
        return cls(
            [_pattern(p) for p in data["phrases"]],
            [
                PostBound(
                    post["threshold"], tuple((s, w, _pattern(p)) for s, w, p in post["patterns"])
                )
                for post in data["posts"]
            ],
            {word: frozenset(pieces) for word, pieces in data["splits"].items()},
        )


def _required(pattern: CompiledPattern) -> list[list[str]]:
    return [sorted(words) for words in pattern.required]


def _pattern(required: list[list[str]]) -> CompiledPattern:
    """A pattern with only its required words: all that the pre-filter looks at."""
    return CompiledPattern((), tuple(frozenset(words) for words in required))
