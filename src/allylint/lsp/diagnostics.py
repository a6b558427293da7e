"""Findings as LSP diagnostics, and the code actions that their `data` carries.

As in ruff's server, each diagnostic carries its quick fixes in `data` (the edit that applies the
fix, the edit that ignores the rule on that line, and the document version they were computed
for), so a code action request is answered from the diagnostics the client sends back.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from lsprotocol import converters, types

from allylint.finding import Finding
from allylint.levels import FixSafety, Severity
from allylint.lsp.edits import fix_edit, ignore_edit
from allylint.lsp.positions import Positions
from allylint.registry import Rule
from allylint.render.full import one_line

SOURCE = "allylint"
SEVERITIES = {
    Severity.error: types.DiagnosticSeverity.Error,
    Severity.warning: types.DiagnosticSeverity.Warning,
    Severity.info: types.DiagnosticSeverity.Information,
}
CONVERTER = converters.get_converter()


def diagnostic(
    finding: Finding, positions: Positions, fmt: str, rules: Mapping[str, Rule], version: int | None
) -> types.Diagnostic:
    rule = rules.get(finding.rule)
    data: dict[str, Any] = {"version": version}
    edit = fix_edit(positions, finding)
    if edit is not None and finding.fix is not None:
        data["fix"] = {
            "title": f"Replace with '{finding.fix.replacement}'",
            "safe": finding.fix.safety is FixSafety.safe,
            "edit": CONVERTER.unstructure(edit),
        }
    data["ignore"] = {
        "title": f"Ignore {finding.rule} on this line",
        "edit": CONVERTER.unstructure(ignore_edit(positions, finding, fmt)),
    }
    return types.Diagnostic(
        range=positions.range(finding.start, finding.end),
        severity=SEVERITIES[finding.severity],
        code=finding.rule,
        code_description=types.CodeDescription(href=rule.spec.sources[0]) if rule else None,
        source=SOURCE,
        message=one_line(finding),
        data=data,
    )


def code_actions(
    uri: str, diagnostics: Sequence[types.Diagnostic], versioned: bool
) -> list[types.CodeAction]:
    """Quick fixes for allylint's diagnostics among `diagnostics`: replace, then ignore. With
    `versioned`, edits name the document version they apply to, so a client refuses stale ones."""
    actions = []
    for diag in diagnostics:
        if diag.source != SOURCE or not isinstance(diag.data, dict):
            continue
        for key in ("fix", "ignore"):
            action = diag.data.get(key)
            if action is None:
                continue
            edit = CONVERTER.structure(action["edit"], types.TextEdit)
            actions.append(
                types.CodeAction(
                    title=action["title"],
                    kind=types.CodeActionKind.QuickFix,
                    diagnostics=[diag],
                    is_preferred=action.get("safe", False),
                    edit=_workspace_edit(uri, diag.data.get("version"), edit, versioned),
                )
            )
    return actions


def _workspace_edit(
    uri: str, version: int | None, edit: types.TextEdit, versioned: bool
) -> types.WorkspaceEdit:
    if not versioned:
        return types.WorkspaceEdit(changes={uri: [edit]})
    document = types.OptionalVersionedTextDocumentIdentifier(uri=uri, version=version)
    return types.WorkspaceEdit(
        document_changes=[types.TextDocumentEdit(text_document=document, edits=[edit])]
    )
