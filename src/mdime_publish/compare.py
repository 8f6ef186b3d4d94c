"""Reports to a comparison of their ratings: one matrix per benefactor, one per recipient.

A matrix has a row per report and a cell per column: the twelve instruments,
grouped by category, then the overall rating. `by_benefactor` holds, for each
benefactor, its recipients as rows; `by_recipient` holds, for each recipient, its
benefactors as rows (the page shows those side by side). Each cell carries the
series' scale values (label, fill, ink, arrow symbol), so a writer decides nothing
but markup. Every level has a short form for narrow cells, listed in the key.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from itertools import groupby

from mdime_publish.dataset import OVERALL
from mdime_publish.model.document import Rating, Report
from mdime_publish.series import ScaleValue, Series

# Shown for a projection whose scale value has no arrow (Unknown), so no cell is blank.
NO_ARROW = "?"


@dataclass(frozen=True)
class Column:
    code: str  # D1 ... E3, or `overall`
    heading: str  # D1 ... E3, or Overall
    name: str
    short_name: str


@dataclass(frozen=True)
class ColumnGroup:
    name: str  # category name; empty for the overall rating's group
    columns: list[Column]


@dataclass(frozen=True)
class Cell:
    current: ScaleValue  # label, fill and ink
    current_short: str  # "VH"
    projected: ScaleValue  # label and symbol
    arrow: str  # the symbol, or NO_ARROW
    confidence: ScaleValue | None


@dataclass(frozen=True)
class Row:
    label: str  # the recipient (by benefactor) or the benefactor (by recipient)
    date_label: str
    status: str
    source: str
    cells: dict[str, Cell]  # by column code


@dataclass(frozen=True)
class Matrix:
    title: str  # the benefactor or the recipient the matrix is about
    rows: list[Row]


@dataclass(frozen=True)
class KeyEntry:
    short: str
    value: ScaleValue


@dataclass(frozen=True)
class Comparison:
    series_line: str
    groups: list[ColumnGroup]
    by_benefactor: list[Matrix]
    by_recipient: list[Matrix]
    current_key: list[KeyEntry]  # short form, label and colours of each current level
    projected_key: list[KeyEntry]  # arrow (NO_ARROW for none) and label of each projection
    confidence_levels: list[ScaleValue]


def comparison(reports: Sequence[Report]) -> Comparison:
    """The comparison of `reports` (at least one), all read with the first one's series."""
    series = reports[0].series
    shorts = short_forms(series.current_levels)
    benefactor_ids = list(series.benefactors)
    by_benefactor = sorted(reports, key=lambda r: (benefactor_ids.index(r.benefactor_id), r.recipient))
    by_recipient = sorted(reports, key=lambda r: (r.recipient, benefactor_ids.index(r.benefactor_id)))
    return Comparison(
        series_line=series.series_line,
        groups=columns(series),
        by_benefactor=[
            Matrix(title, [_row(r, r.recipient, series, shorts) for r in group])
            for title, group in groupby(by_benefactor, lambda r: r.benefactor)
        ],
        by_recipient=[
            Matrix(title, [_row(r, r.benefactor, series, shorts) for r in group])
            for title, group in groupby(by_recipient, lambda r: r.recipient)
        ],
        current_key=[KeyEntry(shorts[v.id], v) for v in series.current_levels],
        projected_key=[KeyEntry(v.symbol or NO_ARROW, v) for v in series.projected_levels],
        confidence_levels=list(series.confidence_levels),
    )


def columns(series: Series) -> list[ColumnGroup]:
    """The categories with their instruments, then the overall rating."""
    groups = [ColumnGroup(c.name, [Column(i.code, i.code, i.name, i.short) for i in c.instruments])
              for c in series.categories]
    return [*groups, ColumnGroup("", [Column(OVERALL, "Overall", "Overall M-DIME influence", "M-DIME influence")])]


def short_forms(levels: Iterable[ScaleValue]) -> dict[str, str]:
    """Level id -> the initials of its label ('Very High' -> 'VH'); the whole
    label where two levels would share initials."""
    levels = list(levels)
    initials = {v.id: "".join(word[0] for word in v.label.replace("/", " ").split()).upper() for v in levels}
    taken = list(initials.values())
    return {v.id: initials[v.id] if taken.count(initials[v.id]) == 1 else v.label for v in levels}


def _row(report: Report, label: str, series: Series, shorts: dict[str, str]) -> Row:
    ratings = {**report.ratings(), OVERALL: report.overall}
    return Row(label, report.date_label, report.status, report.source,
               {code: _cell(rating, series, shorts) for code, rating in ratings.items()})


def _cell(rating: Rating, series: Series, shorts: dict[str, str]) -> Cell:
    projected = series.projected(rating.projected.id)
    confidence = next((v for v in series.confidence_levels if rating.confidence and v.id == rating.confidence.id), None)
    return Cell(series.current(rating.current.id), shorts[rating.current.id], projected,
                projected.symbol or NO_ARROW, confidence)

