"""The text edits behind the quick fixes: apply a finding's fix, or ignore its rule on its line.

The ignore edit writes a suppression comment (allylint.suppress) in the file's own syntax, so that
it does not show in the rendered document: `<!-- allylint-disable-next-line CODE -->` on the line
above for Markdown and HTML, `.. allylint-disable-next-line CODE` as a comment block above for
reStructuredText (blank lines around it, as a comment block needs), and a trailing
`allylint: ignore[CODE]` for plain text. A comment above is indented like the line.
"""

from __future__ import annotations

from lsprotocol import types

from allylint.finding import Finding
from allylint.lsp.positions import Positions

COMMENT_ABOVE = frozenset({"markdown", "html", "rst"})


def fix_edit(positions: Positions, finding: Finding) -> types.TextEdit | None:
    if finding.fix is None:
        return None
    return types.TextEdit(
        range=positions.range(finding.fix.start, finding.fix.end),
        new_text=finding.fix.replacement,
    )


def ignore_edit(positions: Positions, finding: Finding, fmt: str) -> types.TextEdit:
    line = positions.position(finding.start).line
    text = positions.line(line)
    if fmt not in COMMENT_ABOVE:
        end = types.Position(line=line, character=positions.units(text))
        return types.TextEdit(
            range=types.Range(start=end, end=end), new_text=f"  allylint: ignore[{finding.rule}]"
        )
    start = positions.starts[line]
    line_break = positions.text[start + len(text) : start + len(text) + 2]
    eol = "\r\n" if line_break.startswith("\r\n") else (line_break[:1] or "\n")
    indent = text[: len(text) - len(text.lstrip())]
    if fmt == "rst":
        before = eol if line > 0 and positions.line(line - 1).strip() else ""
        comment = f"{before}{indent}.. allylint-disable-next-line {finding.rule}{eol}{eol}"
    else:
        comment = f"{indent}<!-- allylint-disable-next-line {finding.rule} -->{eol}"
    at = types.Position(line=line, character=0)
    return types.TextEdit(range=types.Range(start=at, end=at), new_text=comment)
