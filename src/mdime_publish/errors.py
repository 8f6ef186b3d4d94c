"""Problems found in input, as values: `FILE:LINE:COL: error: MESSAGE`.

Every stage collects `Problem`s instead of stopping at the first one; a stage that
cannot go on raises `ReportError` carrying all it found. Only the command line prints
them and chooses the exit status, so bad input never shows a traceback.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Literal

Severity = Literal["error", "warning"]


@dataclass(frozen=True, order=True)
class Problem:
    file: str
    line: int = 0
    col: int = 0
    message: str = ""
    severity: Severity = "error"

    def __str__(self) -> str:
        where = self.file
        if self.line:
            where += f":{self.line}:{self.col or 1}"
        return _LINE_BREAKING.sub(_escape, f"{where}: {self.severity}: {self.message}")


# Characters that end or garble a line of output (control characters, including the
# ones str.splitlines and universal newlines treat as line breaks): printed escaped,
# so a problem quoting source text such as a YAML key "a\rb" stays on one line.
_LINE_BREAKING = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029]")


def _escape(match: re.Match) -> str:
    return repr(match.group())[1:-1]


def error(file: str, line: int, col: int, message: str) -> Problem:
    return Problem(str(file), line, col, message, "error")


def warning(file: str, line: int, col: int, message: str) -> Problem:
    return Problem(str(file), line, col, message, "warning")


@dataclass
class ReportError(Exception):
    """A stage could not produce its output; `problems` says why (all of it)."""

    problems: list[Problem] = field(default_factory=list)

    def __str__(self) -> str:
        return "\n".join(map(str, self.problems))


def has_errors(problems: Iterable[Problem]) -> bool:
    return any(p.severity == "error" for p in problems)


def suggest(value: str, choices: Iterable[str]) -> str:
    """"; did you mean 'medium'?" when one choice is close to `value`, else ''."""
    choices = list(choices)
    lowered = {c.lower(): c for c in choices}
    match = difflib.get_close_matches(value.lower(), list(lowered), n=1, cutoff=0.6)
    return f"; did you mean '{lowered[match[0]]}'?" if match else ""


def one_of(choices: Iterable[str]) -> str:
    """'expected one of: a, b, c' for messages."""
    return "expected one of: " + ", ".join(choices)
