"""User-facing errors: each one is printed as a single line, never as a traceback."""

from __future__ import annotations


class AllylintError(Exception):
    """An error in the user's input (a file, a rule file, a config); exit code 2."""

    exit_code = 2


class RuleError(AllylintError):
    """A rule file is invalid. The message names the file, the rule and the field."""


class ConfigError(AllylintError):
    """A configuration file is invalid. The message names the file and the key."""


class InputError(AllylintError):
    """A file to lint cannot be read as text."""


class DataSyntaxError(InputError):
    """A YAML or JSON file that does not parse; the message starts with the line number."""

    def __init__(self, line: int, problem: str) -> None:
        super().__init__(f"{line}: {problem}")
