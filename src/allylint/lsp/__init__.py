"""The language server (`allylint server`): diagnostics, hovers and quick fixes over LSP."""
