"""The one error type for tool failures: a reason (a catalog key) and its params, shown in zh or en."""

from __future__ import annotations

from . import say


class ToolError(Exception):
    """The tool cannot do what was asked: a wrong command, an unusable output path or history store.

    Bad *input* is never a ToolError (it is a finding). The CLI maps every ToolError to exit status 2
    in one place and prints `message(lang)`."""

    def __init__(self, reason: str, **params: object):
        super().__init__(reason)
        self.reason = reason
        self.params = params

    def message(self, lang: str = "zh") -> str:
        return say(self.reason, lang, **self.params)

    def __str__(self) -> str:
        return self.message("en")
