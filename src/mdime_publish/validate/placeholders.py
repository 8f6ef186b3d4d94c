"""Placeholders `[[...]]` left in a report: what `mdime new` writes where text belongs.

Double square brackets never occur in a finished report, so every `[[...]]` in the
source (front matter and body alike) is found and located: a warning in a draft, an
error once the report is `final` or built for release.
"""

from __future__ import annotations

import re

from mdime_publish.errors import Problem, Severity

PLACEHOLDER = re.compile(r"\[\[[^\[\]\n]*\]\]")


def placeholder(text: str) -> str:
    """`text` written as a placeholder."""
    return f"[[{text}]]"


def placeholders(text: str, file: str, severity: Severity) -> list[Problem]:
    problems = []
    for number, line in enumerate(text.splitlines(), 1):
        for match in PLACEHOLDER.finditer(line):
            shown = match.group() if len(match.group()) <= 40 else match.group()[:36] + "...]]"
            problems.append(Problem(file, number, match.start() + 1,
                                    f"placeholder {shown} from 'mdime new' is still here: replace it with your text",
                                    severity))
    return problems
