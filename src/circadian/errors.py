"""The project's own error types.

Every mistake a user can make (bad file, unknown airport, nonexistent local time, unknown
parameter...) is raised as :class:`CircadianError` with a message that names the problem
and where it is. The CLI turns it into one line on stderr and exit status 2.
"""

from __future__ import annotations


class CircadianError(Exception):
    """A problem with the user's input or request (exit status 2 from the CLI).

    ``where`` names the file, line, row or field, and is prefixed to the message.
    """

    def __init__(self, message: str, where: str | None = None) -> None:
        self.message = message
        self.where = where
        super().__init__(f"{where}: {message}" if where else message)


class ModelError(CircadianError):
    """The model cannot give an answer (diverged, non-finite state, no marker found)."""
