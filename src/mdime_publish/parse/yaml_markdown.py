"""Markdown written inside YAML values to model nodes, located at the value.

Glance values (front matter), author bios (authors.yaml) and the series overview
(series settings) are inline or block Markdown held in YAML; they are parsed here,
with the same parser as the report body, before the report is built.
"""

from __future__ import annotations

from typing import Any

from mdime_publish.model import document as m
from mdime_publish.parse.markdown import parse_inline, parse_source
from mdime_publish.series import Series


def glance_rows(values: dict[str, str], positions: dict[str, tuple[int, int]], file: str, lines: list[str]):
    """Front-matter glance values (inline Markdown) to rows, citations located."""
    rows, problems = [], []
    for label, value in values.items():
        line, col = positions.get(label, (1, 1))
        children, more = parse_inline(value, file, line, col, lines)
        rows.append(m.GlanceRow(label=label, value=children, pos=m.Pos(file=file, line=line, col=col)))
        problems += more
    return rows, problems


def author_from_entry(entry_id: str, entry: Any, letter: str, file: str, pos: tuple[int, int], lines: list[str]):
    bio, problems = parse_inline(entry.bio, file, pos[0], pos[1], lines) if entry.bio else ([], [])
    bio_pos = m.Pos(file=file, line=pos[0], col=pos[1]) if entry.bio else None
    return m.Author(id=entry_id, name=entry.name, honorific=entry.honorific, bio=bio, letter=letter,
                    bio_pos=bio_pos), problems


def overview(series: Series) -> list:
    """The series overview as blocks, with the instruments grouped by category."""
    text = series.overview.format(
        instruments="{instruments}",
        current_scale=", ".join(v.label for v in series.current_levels),
        projected_scale=", ".join(v.label for v in series.projected_levels),
    )
    before, marker, after = text.partition("{instruments}")
    listing: list = []
    for c in series.categories:
        listing.append(m.Heading(level=3, children=[m.Text(text=f"{c.name} Instruments")]))
        listing.append(m.BulletList(items=[
            m.ListItem(blocks=[m.Paragraph(children=[m.Strong(children=[m.Text(text=i.code)]), m.Text(text=f" {i.name}")])])
            for i in c.instruments
        ]))
    return _blocks(before) + (listing if marker else []) + _blocks(after)


def _blocks(text: str) -> list:
    return [p.block for p in parse_source(text, "series.yaml").parts if hasattr(p, "block")]
