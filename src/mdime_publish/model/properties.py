"""The document properties of a report (title, author, subject...), as every edition stores them.

The DOCX writer sets them as core properties, which hold at most 255 characters each
(Word's limit, enforced by python-docx); `too_long` lets `check` refuse a longer one
with its limit, so no writer fails after a clean check.
"""

from __future__ import annotations

from mdime_publish.model.document import Report

MAX_PROPERTY = 255  # a DOCX core property (title, author, subject) in Word and python-docx


def properties(report: Report) -> dict[str, str]:
    """Property name -> text, for a report."""
    return {
        "title": report.title,
        "author": "; ".join(a.name for a in report.authors),
        "subject": f"{report.possessive} military influence in {report.recipient}",
        "keywords": "; ".join(["M-DIME", report.benefactor, report.recipient, "military influence"]),
        "category": report.series.series_line,
        "comments": report.series.tagline,
    }


def too_long(report: Report) -> dict[str, str]:
    """The properties longer than a DOCX core property holds, with their text."""
    return {name: text for name, text in properties(report).items() if len(text) > MAX_PROPERTY}
