"""Report to ratings-legend rows: what every writer's legend shows, decided once.

Two columns as in the printed reports (Diplomatic and Informational on the left,
Military and Economic on the right), six rows each, plus the key of both scales.
A level rated with less than full confidence carries a mark (*, †, ‡ in the series'
order of confidence levels), explained under the legend: "* Low confidence: I3, E2.".
"""

from __future__ import annotations

from dataclasses import dataclass

from mdime_publish.model.document import Pos, Report
from mdime_publish.series import ScaleValue

#: Marks of the confidence levels in the legend, in the series' order of levels.
CONFIDENCE_MARKS = ("*", "\u2020", "\u2021")


@dataclass(frozen=True)
class LegendRow:
    code: str
    short_name: str
    current: ScaleValue  # label, fill and ink of the current level
    projected: ScaleValue  # label, arrow and symbol of the projection
    confidence: str  # label of the confidence level, or ''
    pos: Pos | None = None  # of the rating in the front matter


@dataclass(frozen=True)
class Legend:
    left_title: str
    right_title: str
    left: list[LegendRow]
    right: list[LegendRow]
    current_title: str
    current_key: list[ScaleValue]
    projected_title: str
    projected_key: list[ScaleValue]  # every direction, Unknown (no arrow) included


def legend(report: Report) -> Legend:
    series = report.series
    rows = [
        LegendRow(
            code=i.code,
            short_name=i.short_name,
            current=series.current(i.rating.current.id),
            projected=series.projected(i.rating.projected.id),
            confidence=i.rating.confidence.label if i.rating.confidence else "",
            pos=i.rating.pos,
        )
        for i in report.instruments()
    ]
    half = len(rows) // 2
    texts = series.legend
    return Legend(
        left_title=texts.left_title,
        right_title=texts.right_title,
        left=rows[:half],
        right=rows[half:],
        current_title=texts.current_title,
        current_key=list(series.current_levels),
        projected_title=texts.projected_title,
        projected_key=list(series.projected_levels),
    )


def confidence_marks(report: Report, rows: Legend) -> tuple[dict[str, str], list[tuple[str, str, list[str]]]]:
    """Legend marks by instrument code, and the lines explaining them (mark, level, codes)."""
    marks = dict.fromkeys(report.ratings(), "")
    notes = []
    for mark, level in zip(CONFIDENCE_MARKS, report.series.confidence_levels):
        codes = [r.code for r in rows.left + rows.right if r.confidence == level.label]
        if codes:
            marks.update(dict.fromkeys(codes, mark))
            notes.append((mark, level.label, codes))
    return marks, notes


def confidence_note(mark: str, level: str, codes: list[str]) -> str:
    """'* Low confidence: I3, E2.' (the HTML template prints the same words)."""
    return f"{mark} {level} confidence: {', '.join(codes)}."
