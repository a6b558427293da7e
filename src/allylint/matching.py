"""Matching: rules to raw matches, on spaCy's tokenizer and compiled Matcher.

Text is split into blocks (paragraphs). A block is tokenized only if its words can satisfy at least
one pattern (every required word set of the pattern meets the block's words), and then only the
Matchers of those rules run over it. Blocks that cannot match cost one regex scan and a set lookup.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from functools import cached_property
from typing import TYPE_CHECKING, Any

from allylint.errors import RuleError
from allylint.patterns import WORDS, CompiledPattern, PatternError, compile_pattern, normalize
from allylint.registry import Rule

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.matcher import Matcher
    from spacy.tokens import Doc, Span

BLOCK_BREAK = re.compile(r"\n[ \t]*\n")


@dataclass(frozen=True)
class CompiledRule:
    rule: Rule
    patterns: tuple[CompiledPattern, ...]
    exceptions: tuple[CompiledPattern, ...]


@dataclass(frozen=True)
class Match:
    """A rule matched `span` (a span of a block's Doc) at prose offsets [start, end)."""

    rule: Rule
    span: Span
    start: int
    end: int


def blank_english() -> Language:
    import spacy

    nlp = spacy.blank("en")
    nlp.add_pipe("sentencizer", config={"punct_chars": [".", "!", "?", ";", ":"]})
    return nlp


class RuleMatcher:
    """Compiled rules and the spaCy machinery to run them."""

    def __init__(self, rules: Sequence[Rule], nlp: Language | None = None) -> None:
        self.nlp = nlp or blank_english()
        tokenize = self._tokenize
        self.rules = [_compile_rule(rule, tokenize) for rule in rules]
        self._index: dict[str, list[tuple[int, CompiledPattern]]] = defaultdict(list)
        for i, compiled in enumerate(self.rules):
            for pattern in compiled.patterns:
                for word in pattern.anchor:
                    self._index[word].append((i, pattern))
        self._splits = _tokenizer_splits(self.nlp)
        self._matchers: dict[int, tuple[Matcher, Matcher | None]] = {}

    def _tokenize(self, text: str) -> list[str]:
        return [t.lower_ for t in self.nlp.make_doc(text) if not t.is_space]

    @cached_property
    def sentencizer(self) -> object:
        return self.nlp.get_pipe("sentencizer")

    def words(self, text: str) -> set[str]:
        """The lower-cased words spaCy can find in `text` (a superset, never fewer)."""
        found = set(WORDS.findall(text.lower()))
        for word in found & self._splits.keys():
            found |= self._splits[word]
        return found

    def candidates(self, words: set[str]) -> list[int]:
        """Indexes of the rules with a pattern whose every required word set meets `words`."""
        hits = set()
        for word in words & self._index.keys():
            for i, pattern in self._index[word]:
                if i not in hits and all(req & words for req in pattern.required):
                    hits.add(i)
        return sorted(hits)

    def match(self, text: str) -> Iterator[Match]:
        """Every match in `text`, block by block, in order; at most one per rule and token."""
        text = normalize(text)
        start = 0
        for brk in [*BLOCK_BREAK.finditer(text), None]:
            end = brk.start() if brk else len(text)
            if end > start:
                yield from self._match_block(text[start:end], start)
            start = brk.end() if brk else end

    def _match_block(self, block: str, offset: int) -> Iterator[Match]:
        candidates = self.candidates(self.words(block))
        if not candidates:
            return
        # A line break is a space to the tokenizer (phrases wrap), and may end a sentence.
        doc = self.nlp.make_doc(block.replace("\n", " "))
        sentenced = False
        for i in candidates:
            spans = self._spans(i, doc)
            if spans and not sentenced:
                self._split_sentences(doc, block)
                sentenced = True
            for span in spans:
                yield Match(
                    self.rules[i].rule, span, offset + span.start_char, offset + span.end_char
                )

    def _split_sentences(self, doc: Doc, block: str) -> None:
        """Sentences end at . ! ? ; : and at a line break before a capital or a non-word (a list
        item, a heading, a new line of a poem); a line break before a lower-case word is a wrap."""
        self.sentencizer(doc)  # type: ignore[operator]
        for token in doc[1:]:
            if block[token.idx - 1] == "\n" and not token.is_lower:
                token.is_sent_start = True

    def _spans(self, i: int, doc: Doc) -> list[Span]:
        matcher, exceptions = self._matchers_for(i)
        spans = _longest_first(matcher(doc, as_spans=True))
        if exceptions is None or not spans:
            return spans
        excepted = exceptions(doc, as_spans=True)
        return [
            s for s in spans if not any(e.start <= s.start and s.end <= e.end for e in excepted)
        ]

    def _matchers_for(self, i: int) -> tuple[Matcher, Matcher | None]:
        if i not in self._matchers:
            compiled = self.rules[i]
            self._matchers[i] = (
                _matcher(self.nlp, compiled.patterns),
                _matcher(self.nlp, compiled.exceptions) if compiled.exceptions else None,
            )
        return self._matchers[i]


def _matcher(nlp: Language, patterns: Sequence[CompiledPattern]) -> Matcher:
    from spacy.matcher import Matcher

    matcher = Matcher(nlp.vocab)
    matcher.add("p", [list(p.tokens) for p in patterns])
    return matcher


def _longest_first(spans: list[Span]) -> list[Span]:
    """Non-overlapping spans, preferring the earliest and then the longest."""
    kept: list[Span] = []
    for span in sorted(spans, key=lambda s: (s.start, -len(s))):
        if not kept or span.start >= kept[-1].end:
            kept.append(span)
    return kept


def _compile_rule(rule: Rule, tokenize: object) -> CompiledRule:
    def compiled(field: str, patterns: Sequence[object]) -> tuple[CompiledPattern, ...]:
        out = []
        for n, pattern in enumerate(patterns):
            try:
                out.append(compile_pattern(pattern, tokenize))  # type: ignore[arg-type]
                _validate(out[-1])
            except PatternError as exc:
                raise RuleError(
                    f"{rule.file}: rule {rule.code} ({rule.name}): {field}.{n}: {exc}"
                ) from None
        return tuple(out)

    return CompiledRule(
        rule, compiled("patterns", rule.spec.patterns), compiled("exceptions", rule.spec.exceptions)
    )


def _validate(pattern: CompiledPattern) -> None:
    from spacy.schemas import validate_token_pattern

    if not pattern.required:
        raise PatternError("pattern has no required word to anchor it (LOWER, LEMMA or ORTH)")
    problems = validate_token_pattern(list(pattern.tokens))
    if problems:
        raise PatternError("; ".join(problems))


def _tokenizer_splits(nlp: Language) -> dict[str, frozenset[str]]:
    """Words that special cases split inside a run of letters ("cannot" -> can, not)."""
    from spacy.attrs import ORTH

    splits: dict[str, set[str]] = defaultdict(set)
    tokenizer: Any = nlp.tokenizer
    special_cases: dict[str, list[dict[int, str]]] = tokenizer.rules
    for key, pieces in special_cases.items():
        runs = WORDS.findall(key.lower())
        inner = {p[ORTH].lower() for p in pieces} - set(runs)
        for run in runs:
            splits[run] |= {w for w in inner if WORDS.fullmatch(w)}
    return {run: frozenset(words) for run, words in splits.items() if words}
