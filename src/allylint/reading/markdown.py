"""Markdown (CommonMark, GFM tables and strikethrough, YAML front matter).

Prose: the text of paragraphs, headings, list items, blockquotes and table cells, including
emphasis, link text and image alt text (a block of its own). Not prose: code blocks and inline
code, link targets, autolinks and bare URLs, HTML, front matter.

markdown-it gives each block's lines but no inline columns, so the source of each inline token is
found by scanning forward from a cursor that only moves ahead.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import cache

from markdown_it import MarkdownIt
from markdown_it.helpers import parseLinkDestination, parseLinkTitle
from markdown_it.token import Token
from mdit_py_plugins.front_matter import front_matter_plugin

from allylint.reading.offsets import Prose, ProseBuilder

# Without text_join, escapes and entities stay separate tokens that keep their source form.
_PARSER = (
    MarkdownIt("commonmark")
    .enable(["table", "strikethrough"])
    .use(front_matter_plugin)
    .disable("text_join")
)
_LINE_END = re.compile(r"\r\n?|\n")  # what markdown-it counts as a line end
_LABEL = re.compile(r"\[(?:[^\[\]\\]|\\.)*\]")
_ESCAPED_PIPE = re.compile(r"\\(?=\|)")


@cache
def _backtick_run(length: int) -> re.Pattern[str]:
    return re.compile(f"(?<!`){'`' * length}(?!`)")


def _skip_space(source: str, pos: int, end: int) -> int:
    while pos < end and source[pos] in " \t\r\n":
        pos += 1
    return pos


def _link_end(source: str, close: int, end: int) -> int:
    """Where a link or image whose text ends at `close` (its `]`) ends: after `(dest "title")`
    or `[label]` if one follows, as markdown-it parses them."""
    pos = close + 1
    if source.startswith("(", pos, end):
        pos = _skip_space(source, pos + 1, end)
        destination = parseLinkDestination(source, pos, end)
        if destination.ok:
            pos = _skip_space(source, destination.pos, end)
            title = parseLinkTitle(source, pos, end)
            if title.ok and pos != destination.pos:
                pos = _skip_space(source, title.pos, end)
        if source.startswith(")", pos, end):
            return pos + 1
        pos = close + 1
    label = _LABEL.match(source, pos, end)
    return label.end() if label else pos


class _Inline:
    """Adds the prose of inline tokens, locating each in source[cursor:end]."""

    def __init__(self, builder: ProseBuilder) -> None:
        self.builder = builder
        self.source = builder.source
        self.cursor = 0
        self.end = 0
        self.in_autolink = False

    def block(self, tokens: Sequence[Token], start: int, end: int, quoted: bool = False) -> None:
        """One block of inline text; a blockquote's is written in quotation marks, after the
        paragraph that introduces it when that ends with a colon."""
        self.cursor, self.end = max(self.cursor, start), end
        if quoted:
            if self.builder.continue_after_colon():
                self.builder.add_text(" ", start)
            self.builder.add_text('"', start)
        self.walk(tokens)
        if quoted:
            self.builder.add_text('"', self.cursor)
        self.builder.end_block()

    def walk(self, tokens: Sequence[Token]) -> None:
        for token in tokens:
            match token.type:
                case "text" if not self.in_autolink:
                    self.text(token.content)
                case "text_special":
                    self.special(token)
                case "softbreak" | "hardbreak":
                    self.line_break()
                case "code_inline":
                    self.code(len(token.markup))
                case "html_inline":
                    self.skip(token.content)
                case "image":
                    self.image(token.children or [])
                case "link_open" if token.markup == "autolink":
                    self.in_autolink = True
                    self.skip("<")
                case "link_close" if token.markup == "autolink":
                    self.in_autolink = False
                    self.skip(">")
                case "link_close":
                    self.link_tail()

    def find(self, text: str) -> int:
        return self.source.find(text, self.cursor, self.end)

    def skip(self, text: str) -> None:
        at = self.find(text)
        if at >= 0:
            self.cursor = at + len(text)

    def text(self, content: str) -> None:
        at = self.find(content)
        if at >= 0:
            self.cursor = at + len(content)
            self.builder.add_prose(at, self.cursor)
        elif "|" in content:  # a table cell, where markdown-it unescaped `\|`
            self.cell_text(content)

    def cell_text(self, content: str) -> None:
        pattern = re.escape(content).replace(r"\|", r"\\?\|")
        match = re.compile(pattern).search(self.source, self.cursor, self.end)
        if match is None:
            return
        start = match.start()
        for escape in _ESCAPED_PIPE.finditer(self.source, start, match.end()):
            self.builder.add_prose(start, escape.start())
            start = escape.end()
        self.builder.add_prose(start, match.end())
        self.cursor = match.end()

    def special(self, token: Token) -> None:
        at = self.find(token.markup)
        if at < 0:
            return
        self.cursor = at + len(token.markup)
        if token.info == "escape" and token.content != token.markup:
            self.builder.add(at + 1, self.cursor)  # the escaped character itself
        elif token.content == token.markup:
            self.builder.add(at, self.cursor)
        else:
            self.builder.add_text(token.content, at, self.cursor)

    def line_break(self) -> None:
        match = _LINE_END.search(self.source, self.cursor, self.end)
        if match:
            self.builder.space(match.start(), match.end())
            self.cursor = match.end()

    def code(self, ticks: int) -> None:
        run = _backtick_run(ticks)
        opening = run.search(self.source, self.cursor, self.end)
        if opening:
            closing = run.search(self.source, opening.end(), self.end)
            self.cursor = (closing or opening).end()

    def image(self, alt: Sequence[Token]) -> None:
        self.skip("![")
        self.builder.end_block()
        self.walk(alt)
        self.builder.end_block()
        self.link_tail()

    def link_tail(self) -> None:
        close = self.find("]")
        if close >= 0:
            self.cursor = _link_end(self.source, close, self.end)


def read_markdown(source: str) -> Prose:
    builder = ProseBuilder(source)
    line_starts = [0, *(match.end() for match in _LINE_END.finditer(source)), len(source)]
    inline = _Inline(builder)
    quotes = 0  # blockquote depth
    for token in _PARSER.parse(source):
        quotes += {"blockquote_open": 1, "blockquote_close": -1}.get(token.type, 0)
        if token.type == "inline" and token.map and token.children:
            first, last = token.map
            inline.block(token.children, line_starts[first], line_starts[last], quotes > 0)
    return builder.build()
