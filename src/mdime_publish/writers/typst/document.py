"""A numbered Report to the Typst document that calls the template, part by part.

The generated `main.typ` imports the template (`report.typ`) and calls its
functions in reading order: cover, overview, key assessments with the legend,
introduction with the glance table, the D/I/M/E sections, conclusions, endnotes,
authors, back matter. Every argument is content or a string made by `markup`, so
no text of the report or of the series settings is ever read as code. The legend
rows, confidence marks and byline come from the same helpers the HTML uses.
"""

from __future__ import annotations

from mdime_publish.model import document as m
from mdime_publish.series import ScaleValue
from mdime_publish.writers.html import byline, confidence_marks
from mdime_publish.writers.legend import LegendRow, legend
from mdime_publish.writers.typst.markup import (array, blocks, breakable_url, content, dictionary, inlines, string,
                                                text)

PAPER = {"letter": "us-letter", "a4": "a4"}


def document_typ(report: m.Report, ctx: m.BuildContext, watermark: str | None) -> str:
    """main.typ for `report`; `watermark` names the picture file of a draft."""
    stamp = ctx.draft_stamp(report)
    metadata = (
        f"title: {string(report.title)}, authors: {array([string(a.name) for a in report.authors])}, "
        f"description: {string(f'{report.key_current.opening} {report.key_projected.opening}')}, "
        f"keywords: {array([string(k) for k in keywords(report)])}, paper: {string(PAPER[ctx.paper])}, "
        f"stamp: {content(text(stamp)) if stamp else 'none'}, "
        f"watermark: {string(watermark) if stamp and watermark else 'none'}"
    )
    labels = report.series.labels
    parts = [
        _part(report.series.overview_title, blocks(report.overview), kind="overview"),
        _part(labels.key_assessments, "\n\n".join([_assessment(report.key_current),
                                                   _assessment(report.key_projected, _legend(report))])),
        _part(report.introduction_title, blocks(report.introduction) + "\n\n" + _glance(report)),
        *[_category(c) for c in report.categories],
        _part(labels.conclusions, blocks(report.conclusions)),
        f"#endnotes({content(text(labels.endnotes))}, "
        f"{array([array([str(n.number), content(inlines(n.content))]) for n in report.notes])})",
        _authors(report),
    ]
    return "\n\n".join(['#import "report.typ": *', f"#show: report.with({metadata})", _cover(report),
                         *parts, _back_matter(report)]) + "\n"


def keywords(report: m.Report) -> list[str]:
    return ["M-DIME", report.benefactor, report.recipient, "military influence"]


def _part(title: str, body: str, kind: str = "") -> str:
    return f"#part({content(text(title))}, kind: {string(kind)}){content(body)}"


def _cover(report: m.Report) -> str:
    names = "".join(f"{text(before)}{text(author.name)}#author-mark({string(author.letter)})"
                    for before, author in byline(report.authors))
    return (f"#cover(series-line: {content(text(report.series.series_line))}, "
            f"tagline: {content(text(report.series.tagline))}, title: {content(text(report.title))}, "
            f"byline: {content(names)}, date: {content(text(report.date_label))}, "
            f"publisher: {array([content(text(line)) for line in report.series.publisher])})")


def _assessment(part: m.KeyAssessment, legend: str = "") -> str:
    highlights = [
        (f"highlight(name: {content(text(h.name))}, code: {content(text(h.code))}, " if h.code else "highlight(")
        + f"{content(inlines(h.children))}, after: {content(blocks(h.blocks))})"
        for h in part.highlights
    ]
    return (f"#assessment(opening: {content(text(part.opening))}, lead-in: {content(inlines(part.lead_in))}, "
            f"highlights: {array(highlights)}, after: {content(blocks(part.blocks))}"
            f"{', legend: ' + legend.removeprefix('#') if legend else ''})")


def _legend(report: m.Report) -> str:
    rows = legend(report)
    marks, notes = confidence_marks(report, rows)
    lines = [content(text(f"{mark} {level} confidence: {', '.join(codes)}.")) for mark, level, codes in notes]
    return (f"#legend(left-title: {content(text(rows.left_title))}, right-title: {content(text(rows.right_title))}, "
            f"left-rows: {array([_legend_row(r) for r in rows.left])}, "
            f"right-rows: {array([_legend_row(r) for r in rows.right])}, "
            f"marks: {dictionary({code: string(mark) for code, mark in marks.items()})}, "
            f"notes: {array(lines)}, current-title: {content(text(rows.current_title))}, "
            f"current-key: {array([_level(v) for v in rows.current_key])}, "
            f"projected-title: {content(text(rows.projected_title))}, "
            f"projected-key: {array([_level(v) for v in rows.projected_key])})")


def _legend_row(row: LegendRow) -> str:
    return (f"(code: {string(row.code)}, short-name: {content(text(row.short_name))}, "
            f"current: {_level(row.current)}, projected: {_level(row.projected)})")


def _level(value: ScaleValue) -> str:
    return (f"(id: {string(value.id)}, label: {content(text(value.label))}, key: {content(text(value.key))}, "
            f"fill: {string(value.fill or '#ffffff')}, ink: {string(value.ink or '#000000')}, "
            f"symbol: {string(value.symbol)})")


def _glance(report: m.Report) -> str:
    rows = [array([content(text(row.label)), content(inlines(row.value))]) for row in report.glance]
    return f"#glance({content(text(report.glance_title))}, {array(rows)})"


def _category(category: m.CategorySection) -> str:
    body = [blocks(category.intro)]
    for instrument in category.instruments:
        lines = array([content(text(line)) for line in instrument.rating_lines])
        body.append(f"#instrument({content(text(instrument.title))}, {lines}){content(blocks(instrument.blocks, 1))}")
    return _part(category.title, "\n\n".join(body))


def _authors(report: m.Report) -> str:
    bios = [array([string(a.letter), content(text(f"{a.honorific} {a.name}" if a.honorific else a.name)),
                   content(inlines(a.bio))]) for a in report.authors]
    return f"#authors({content(text(report.series.labels.authors))}, {array(bios)})"


def _back_matter(report: m.Report) -> str:
    back = report.series.back_matter
    url = f"web-link({string(back.url)}){content(breakable_url(back.url))}"
    return (f"#back-matter(name: {content(text(back.name))}, "
            f"address: {array([content(text(line)) for line in back.address])}, url: {url}, "
            f"about: {content(text(back.about))})")
