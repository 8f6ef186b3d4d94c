"""Validated front matter, body, authors and glance rows to one un-numbered `Report`.

Everything the report prints that the author did not write comes from the series
settings here: titles, rating labels, the key-assessment sentences, instrument
names, the overview with its instrument list. Citations stay `Cite` nodes;
`model.notes` numbers them afterwards.
"""

from __future__ import annotations

import calendar
import re
import unicodedata
from dataclasses import dataclass, field
from typing import Any

from mdime_publish.model import document as m
from mdime_publish.series import Series


@dataclass
class KeyPart:
    """`## Current` or `## Projected` of the Key Assessments, as validated."""

    lead_in: list | None = None  # the author's paragraph replacing the generated sentence
    lead_in_pos: m.Pos | None = None
    highlights: list[m.Highlight] = field(default_factory=list)
    blocks: list = field(default_factory=list)


@dataclass
class CategoryBody:
    intro: list = field(default_factory=list)
    instruments: dict[str, list] = field(default_factory=dict)


@dataclass
class Body:
    """The report's sections as the validator found them, to build the report from."""

    key: dict[str, KeyPart] = field(default_factory=dict)
    introduction: list = field(default_factory=list)
    categories: dict[str, CategoryBody] = field(default_factory=dict)
    conclusions: list = field(default_factory=list)
    headings: dict[str, int] = field(default_factory=dict)  # section or instrument code -> heading line


def build_report(
    *,
    series: Series,
    source: str,
    front: Any,
    body: Body,
    glance: list[m.GlanceRow],
    authors: list[m.Author],
    overview: list,
) -> m.Report:
    benefactor = series.benefactors[front.benefactor]
    recipient = front.recipient
    names = {"benefactor": benefactor.name, "adjective": benefactor.adjective,
             "possessive": benefactor.possessive, "recipient": recipient}
    overall = rating(series, front.overall)
    ratings = {code: rating(series, getattr(front.ratings, code)) for code in series.instruments}
    return m.Report(
        series=series,
        source=source,
        benefactor_id=front.benefactor,
        benefactor=benefactor.name,
        adjective=benefactor.adjective,
        possessive=benefactor.possessive,
        recipient=recipient,
        recipient_id=slug(recipient),
        date=front.date,
        date_label=date_label(front.date),
        status=front.status,
        title=front.title or series.title_template.format(**names),
        authors=authors,
        overview=overview,
        overall=overall,
        key_current=key_assessment(series, body.key["Current"], "current", overall.current.label, names),
        key_projected=key_assessment(series, body.key["Projected"], "projected", overall.projected.label, names),
        introduction_title=series.introduction_title.format(**names),
        introduction=body.introduction,
        glance_title=series.glance_title.format(**names),
        glance=glance,
        categories=[
            m.CategorySection(
                code=c.code,
                name=c.name,
                title=f"{c.code} - {c.name} Influence",
                intro=body.categories[c.code].intro,
                instruments=[
                    m.InstrumentSection(
                        code=i.code,
                        name=i.name,
                        short_name=i.short,
                        title=f"{i.code} - {i.name}",
                        rating=ratings[i.code],
                        rating_lines=rating_lines(series, ratings[i.code]),
                        blocks=body.categories[c.code].instruments.get(i.code, []),
                    )
                    for i in c.instruments
                ],
            )
            for c in series.categories
        ],
        conclusions=body.conclusions,
        headings={name: m.Pos(file=source, line=line) for name, line in body.headings.items()},
    )


def place_ratings(report: m.Report, position) -> None:
    """Set each rating's front-matter position; `position(loc)` gives (line, col) of a key."""
    for loc, rating_ in [(("overall",), report.overall)] + [(("ratings", i.code), i.rating) for i in report.instruments()]:
        line, col = position(loc)
        rating_.pos = m.Pos(file=report.source, line=line, col=col)


def rating(series: Series, value: Any) -> m.Rating:
    current = series.current(value.current)
    projected = series.projected(value.projected)
    confidence = next((v for v in series.confidence_levels if v.id == value.confidence), None)
    return m.Rating(
        current=m.Level(id=current.id, label=current.label),
        projected=m.Level(id=projected.id, label=projected.label),
        confidence=m.Level(id=confidence.id, label=confidence.label) if confidence else None,
    )


def rating_lines(series: Series, value: m.Rating) -> list[str]:
    labels = series.labels
    lines = [labels.current_line.format(level=value.current.label),
             labels.projected_line.format(level=value.projected.label)]
    if value.confidence:
        lines.append(labels.confidence_line.format(level=value.confidence.label))
    return lines


def key_assessment(series: Series, part: KeyPart, which: str, level: str, names: dict) -> m.KeyAssessment:
    texts = series.key_assessments
    opening = getattr(texts, f"{which}_opening").format(level=level, **names)
    lead_in = part.lead_in or [m.Text(text=getattr(texts, f"{which}_lead_in").format(**names))]
    return m.KeyAssessment(opening=opening, lead_in=lead_in, highlights=part.highlights, blocks=part.blocks,
                           lead_in_pos=part.lead_in_pos)


def date_label(date: str) -> str:
    """'2024-05' and '2024-05-17' both print as 'May 2024' on the cover."""
    year, month = date.split("-")[:2]
    return f"{calendar.month_name[int(month)]} {year}"


def slug(text: str) -> str:
    """'Côte d'Ivoire' to 'cote-d-ivoire': the id used in output paths."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-") or "report"
