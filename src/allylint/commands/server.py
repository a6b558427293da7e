"""`allylint server`: the language server, over stdin and stdout, for editors."""

from __future__ import annotations

import click


@click.command()
def server() -> None:
    """Run the language server (LSP over stdio): diagnostics, hovers and quick fixes in editors."""
    from allylint.lsp.server import serve

    serve()
