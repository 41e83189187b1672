"""Typed exceptions: findings are for translation problems, these are for bad input and misuse.

The CLI turns each into one line on stderr and exit code 2; the library never prints or exits.
"""


class MtqaError(Exception):
    """Base class of every error mtqa reports to a user as one line."""


class InputError(MtqaError):
    """An input file cannot be used: missing, unreadable, empty, binary, wrongly encoded, ..."""


class UsageError(MtqaError):
    """Options that do not fit together, an unknown check code, an unsupported language."""


class ModelError(MtqaError):
    """A model or resource that mtqa needs cannot be loaded (not installed, not on disk)."""


class OutputError(MtqaError):
    """A report cannot be written where the user asked: a directory, no permission, no space."""
