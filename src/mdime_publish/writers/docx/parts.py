"""A Report to the body of the Word document, part by part in the printed order.

Cover, overview, key assessments and legend, introduction and glance table, the
four categories, conclusions and the endnotes heading (end of the first section,
where Word collects the endnotes), then a new section for authors and back matter.
Parts that open a new page say so with `w:pageBreakBefore` on their heading, as an
editor would tick "Page break before"; everything else is named styles.
"""

from __future__ import annotations

from docx.document import Document
from docx.text.paragraph import Paragraph

from mdime_publish.model import document as m
from mdime_publish.writers.docx import styles as s
from mdime_publish.writers.docx.blocks import BlockWriter
from mdime_publish.writers.docx.inlines import line_break, run
from mdime_publish.writers.docx.legend import LegendWriter
from mdime_publish.writers.docx.tables import glance_table
from mdime_publish.writers.legend import confidence_marks, legend



class ReportWriter:
    def __init__(self, document: Document, blocks: BlockWriter):
        self.document = document
        self.blocks = blocks
        self.styles = blocks.styles
        self.inlines = blocks.inlines

    def write(self, report: m.Report) -> None:
        self.cover(report)
        self.part(report.series.overview_title, report.overview, new_page=True)
        self.key_assessments(report)
        self.part(report.introduction_title, report.introduction, new_page=True, pos=report.headings.get("Introduction"))
        self.glance(report)
        for category in report.categories:
            self.category(category, report.headings)
        self.part(report.series.labels.conclusions, report.conclusions, pos=report.headings.get("Conclusions"))
        self.end_of_notes_section(report)
        self.authors(report.series.labels.authors, report.authors)
        self.back_matter(report.series)

    # --- helpers ---------------------------------------------------------------------

    def para(self, style: s.Style, inlines: list | None = None, pos: m.Pos | None = None,
             role: str = "P") -> Paragraph:
        return self.blocks.paragraph(self.document, style, inlines or [], pos, role)

    def heading(self, level: int, text: str, *, new_page: bool = False, pos: m.Pos | None = None) -> Paragraph:
        """A heading the build titles; `pos`: the source heading it stands for."""
        heading = self.blocks.heading(self.document, level, [m.Text(text=text)], pos, "H")
        self.blocks.part_level = level
        if new_page:
            heading.paragraph_format.page_break_before = True
        return heading

    def part(self, title: str, blocks: list, *, new_page: bool = False, pos: m.Pos | None = None) -> None:
        self.heading(1, title, new_page=new_page, pos=pos)
        self.blocks.blocks(self.document, blocks)

    # --- parts -----------------------------------------------------------------------

    def cover(self, report: m.Report) -> None:
        series = report.series
        self.para(s.COVER_SERIES, [m.Text(text=series.series_line)])
        self.para(s.SUBTITLE, [m.Text(text=series.tagline)])
        self.para(s.TITLE, [m.Text(text=report.title)])
        byline = self.para(s.AUTHORS)._p
        letter_style = self.styles.id(s.AUTHOR_LETTER)
        for index, author in enumerate(report.authors):
            byline.append(run(_separator(index, len(report.authors))))
            byline.append(run(author.name))
            byline.append(run(author.letter, style_id=letter_style))
        self.para(s.COVER_DATE, [m.Text(text=report.date_label)])
        publisher = self.para(s.PUBLISHER)._p
        for index, line in enumerate(series.publisher):
            if index:
                publisher.append(line_break())
            publisher.append(run(line))

    def key_assessments(self, report: m.Report) -> None:
        self.heading(1, report.series.labels.key_assessments, new_page=True, pos=report.headings.get("Key Assessments"))
        for part in (report.key_current, report.key_projected):
            opening = [m.Strong(children=[m.Text(text=part.opening)]), m.Text(text=" ")]
            p = self.para(s.KEY_ASSESSMENT, opening, report.overall.pos, "R")._p
            self.blocks.anchors.mark(p, "P", part.lead_in_pos)
            self.inlines.write(p, part.lead_in)
            for highlight in part.highlights:
                self.para(s.HIGHLIGHT, _highlight(highlight), highlight.pos)
                self.blocks.blocks(self.document, highlight.blocks)
            self.blocks.blocks(self.document, part.blocks)
        self.document.paragraphs[-1].paragraph_format.keep_with_next = True  # the legend never alone
        rows = legend(report)
        LegendWriter(self.styles, self.blocks.text_width, self.blocks.anchors).write(
            self.document, rows, confidence_marks(report, rows))

    def glance(self, report: m.Report) -> None:
        self.blocks.outline = 2  # the title heads the table's header row
        glance_table(self.document, report.glance_title, report.glance, self.styles, self.inlines,
                     self.blocks.text_width, self.blocks.anchors)

    def category(self, category: m.CategorySection, headings: dict[str, m.Pos]) -> None:
        self.part(category.title, category.intro, pos=headings.get(category.code))
        for instrument in category.instruments:
            self.heading(2, instrument.title, pos=headings.get(instrument.code))
            for line in instrument.rating_lines:
                self.para(s.RATING, [m.Text(text=line)], instrument.rating.pos, "R")
            self.blocks.after_heading = True
            self.blocks.blocks(self.document, instrument.blocks)

    def end_of_notes_section(self, report: m.Report) -> None:
        """The endnotes heading closes section 1: Word prints the notes right after it."""
        last = self.heading(1, report.series.labels.endnotes) if report.notes else self.para(s.BODY_TEXT)
        body = self.document.element.body
        last._p.set_sectPr(body.get_or_add_sectPr().clone())

    def authors(self, title: str, authors: list[m.Author]) -> None:
        self.heading(1, title)
        for author in authors:
            name = " ".join(filter(None, [author.honorific, author.name]))
            lead = [m.Text(text=f"{author.letter}. "), m.Strong(children=[m.Text(text=name)]), m.Text(text=" ")]
            p = self.para(s.AUTHOR_BIO, lead)._p
            self.blocks.anchors.mark(p, "Y", author.bio_pos)
            self.inlines.write(p, author.bio)

    def back_matter(self, series) -> None:
        back = series.back_matter
        title = self.para(s.BACK_MATTER_TITLE, [m.Text(text=back.name)])
        title.paragraph_format.page_break_before = True
        address = self.para(s.BACK_MATTER)._p
        for index, line in enumerate(back.address):
            if index:
                address.append(line_break())
            address.append(run(line))
        self.para(s.BACK_MATTER, [m.Link(url=back.url, children=[m.Text(text=back.url)])])
        self.para(s.BACK_MATTER, [m.Text(text=back.about)])


def _separator(index: int, count: int) -> str:
    """'', ', ', ' and ' or ', and ' before the author at `index` of `count`."""
    if index == 0:
        return ""
    if index == count - 1:
        return " and " if count == 2 else ", and "
    return ", "


def _highlight(highlight: m.Highlight) -> list:
    if not highlight.code:
        return highlight.children
    label = m.Strong(children=[m.Text(text=f"{highlight.name} ({highlight.code}).")])
    return [label, m.Text(text=" "), *highlight.children]
