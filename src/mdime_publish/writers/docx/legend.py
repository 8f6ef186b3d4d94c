"""Legend rows to the ratings legend as native Word tables: the legend, then its key.

The legend is one table read as a screen reader reads it: a header row (Code,
Instrument, Current, Projected) that Word repeats and tags as such, then the
instruments in D, I, M, E order under two group rows (Diplomatic / Informational,
Military / Economic). Two halves side by side, as the PDF prints them, would be read
row by row across both (D1, M1, D2, M2 ...). The
current level's cell is shaded with the level's `fill` and its name is printed in
the level's `ink`: the only colours the DOCX writer sets, because they are series
data, not design (a reader in greyscale still reads the level's name). The
projection shows the series arrow `symbol` and the direction's name. A level rated
with less than full confidence carries its mark ("Low*"), explained between the
legend and its key ("* Low confidence: I3, E2."), word for word as the PDF prints it.
"""

from __future__ import annotations

from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Length
from docx.table import Table, _Cell

from mdime_publish.series import ScaleValue
from mdime_publish.writers.docx import styles as s
from mdime_publish.writers.docx.inlines import line_break, run
from mdime_publish.writers.docx.styles import StyleMap
from mdime_publish.writers.docx.source_map import SourceMap
from mdime_publish.writers.docx.tables import cell_paragraph, new_table, repeat_as_header, shares
from mdime_publish.writers.legend import Legend, LegendRow, confidence_note

COLUMNS = (0.1, 0.5, 0.2, 0.2)  # shares of the text width: code, name, current, projection
HEADINGS = ("Code", "Instrument", "Current", "Projected")


def shade(cell: _Cell, fill: str) -> None:
    """Fill `cell` with the colour `fill` ('#08306B' or '08306B')."""
    shd = OxmlElement("w:shd")
    shd.set(qn("w:val"), "clear")
    shd.set(qn("w:color"), "auto")
    shd.set(qn("w:fill"), fill.lstrip("#").upper())
    cell._tc.get_or_add_tcPr().insert_element_before(
        shd, "w:noWrap", "w:tcMar", "w:textDirection", "w:tcFitText", "w:vAlign", "w:hideMark",
        "w:headers", "w:cellIns", "w:cellDel", "w:cellMerge", "w:tcPrChange",
    )


def projection_text(value: ScaleValue) -> str:
    return f"{value.symbol} {value.label}" if value.symbol else value.label


class LegendWriter:
    def __init__(self, styles: StyleMap, text_width: Length, anchors: SourceMap):
        self.styles = styles
        self.anchors = anchors
        self.text_width = text_width

    def write(self, container, legend: Legend, marks: tuple[dict, list]) -> tuple[Table, Table]:
        self.marks, notes = marks
        table = self._legend(container, legend)
        between = container.add_paragraph()  # also parts the tables: Word merges touching ones
        between._p.style = self.styles.id(s.LEGEND_KEY)
        if notes:
            between.alignment = WD_ALIGN_PARAGRAPH.LEFT
            for index, note in enumerate(notes):
                between._p.extend([line_break()] if index else [])
                between._p.append(run(confidence_note(*note)))
        key = self._key(container, legend)
        for paragraph in [p for row in table.rows for c in row.cells for p in c.paragraphs] + [between]:
            paragraph.paragraph_format.keep_with_next = True  # directly: LibreOffice keeps the tables together then
        return table, key

    def _legend(self, container, legend: Legend) -> Table:
        groups = [(legend.left_title, legend.left), (legend.right_title, legend.right)]
        rows = 1 + sum(1 + len(entries) for _, entries in groups)
        table = new_table(container, rows, shares(self.text_width, COLUMNS), self.styles.id(s.LEGEND_TABLE), first_row=True)
        repeat_as_header(table)
        for cell, heading in zip(table.rows[0].cells, HEADINGS):
            self._heading(cell, heading)
        index = 1
        for title, entries in groups:
            cells = table.rows[index].cells
            self._heading(cells[0].merge(cells[-1]), title)
            for entry, row in zip(entries, table.rows[index + 1:]):
                self._row(row.cells, entry)
            index += 1 + len(entries)
        return table

    def _key(self, container, legend: Legend) -> Table:
        current, projected = legend.current_key, legend.projected_key
        columns = len(current) + len(projected)
        widths = shares(self.text_width, [1 / columns] * columns)
        table = new_table(container, 2, widths, self.styles.id(s.LEGEND_TABLE), first_row=True)
        repeat_as_header(table)
        header = table.rows[0].cells
        self._heading(header[0].merge(header[len(current) - 1]), legend.current_title)
        self._heading(header[len(current)].merge(header[-1]), legend.projected_title)
        cells = table.rows[1].cells
        for cell, value in zip(cells, current):
            self._level(cell, value, value.key or value.label, s.LEGEND_KEY)
        for cell, value in zip(cells[len(current):], projected):
            self._text(cell, s.LEGEND_KEY, projection_text(value))
        return table

    def _row(self, cells: list[_Cell], entry: LegendRow) -> None:
        code, name, current, projection = cells
        for cell in cells:  # each cell says which rating it shows (before its text)
            self.anchors.mark(cell.paragraphs[0]._p, "R", entry.pos)
        self._text(code, s.LEGEND_CODE, entry.code)
        self._text(name, s.LEGEND_NAME, entry.short_name)
        self._level(current, entry.current, entry.current.label + self.marks.get(entry.code, ""), s.LEGEND_LEVEL)
        self._text(projection, s.LEGEND_PROJECTION, projection_text(entry.projected))

    def _heading(self, cell: _Cell, text: str) -> None:
        self._text(cell, s.LEGEND_HEADING, text)

    def _level(self, cell: _Cell, value: ScaleValue, text: str, style: s.Style):
        shade(cell, value.fill)
        p = cell_paragraph(cell, self.styles.id(style))._p
        p.append(run(text, color=value.ink.lstrip("#")))
        return p

    def _text(self, cell: _Cell, style: s.Style, text: str) -> None:
        cell_paragraph(cell, self.styles.id(style))._p.append(run(text))
