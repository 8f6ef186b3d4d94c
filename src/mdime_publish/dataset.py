"""Reports to rating rows; rows to CSV or JSON.

One row per report and instrument, in framework order, then one row for the
report's overall rating (code `overall`, no category). Level columns hold the
series id (`very-high`) and its printed label (`Very High`); a missing confidence
is an empty string, so CSV and JSON carry the same values.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable, Iterable

from mdime_publish.model.document import Rating, Report

COLUMNS = (
    "recipient", "recipient_id", "benefactor", "benefactor_id", "date", "status",
    "code", "category", "instrument",
    "current", "current_label", "projected", "projected_label", "confidence",
    "source",
)

OVERALL = "overall"

Row = dict[str, str]


def rating_rows(report: Report) -> list[Row]:
    """The report's twelve instrument ratings and its overall rating, as rows."""
    category_of = report.series.category_of
    rows = [_row(report, i.code, category_of[i.code].name, i.name, i.rating) for i in report.instruments()]
    rows.append(_row(report, OVERALL, "", "Overall", report.overall))
    return rows


def _row(report: Report, code: str, category: str, instrument: str, rating: Rating) -> Row:
    return {
        "recipient": report.recipient,
        "recipient_id": report.recipient_id,
        "benefactor": report.benefactor,
        "benefactor_id": report.benefactor_id,
        "date": report.date,
        "status": report.status,
        "code": code,
        "category": category,
        "instrument": instrument,
        "current": rating.current.id,
        "current_label": rating.current.label,
        "projected": rating.projected.id,
        "projected_label": rating.projected.label,
        "confidence": rating.confidence.id if rating.confidence else "",
        "source": report.source,
    }


def to_csv(rows: Iterable[Row]) -> str:
    """A header line, then one line per row; fields quoted only when needed, and
    formula-like cells neutralised (`inert`)."""
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=COLUMNS, lineterminator="\n")
    writer.writeheader()
    writer.writerows({key: inert(value) for key, value in row.items()} for row in rows)
    return buffer.getvalue()


# First characters that make a spreadsheet read a cell as a formula (OWASP, "CSV Injection").
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def inert(value: str) -> str:
    """A cell a spreadsheet shows as text: one starting like a formula gets a leading
    single quote, as OWASP recommends (the JSON export keeps values unchanged)."""
    return "'" + value if value.startswith(FORMULA_START) else value


def to_json(rows: Iterable[Row]) -> str:
    """An array of objects, keys in column order."""
    return json.dumps(list(rows), indent=2, ensure_ascii=False) + "\n"


# Output file extension -> serialiser.
FORMATS: dict[str, Callable[[Iterable[Row]], str]] = {".csv": to_csv, ".json": to_json}
