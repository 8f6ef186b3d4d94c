"""Legend rows to the ratings legend as native Word tables: the legend, then its key.

The legend has two halves side by side (Diplomatic / Informational, Military /
Economic), each row holding code, short name, current level and projection. The
current level's cell is shaded with the level's `fill` and its name is printed in
the level's `ink`: the only colours the DOCX writer sets, because they are series
data, not design (a reader in greyscale still reads the level's name). The
projection shows the series arrow `symbol` and the direction's name.
"""

from __future__ import annotations

from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Length
from docx.table import Table, _Cell

from mdime_publish.series import ScaleValue
from mdime_publish.writers.docx import styles as s
from mdime_publish.writers.docx.inlines import line_break, run
from mdime_publish.writers.docx.styles import StyleMap
from mdime_publish.writers.docx.source_map import SourceMap
from mdime_publish.writers.docx.tables import cell_paragraph, new_table, shares
from mdime_publish.writers.legend import Legend, LegendRow

HALF = (0.05, 0.23, 0.11, 0.11)  # shares of the text width: code, name, current, projection


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

    def write(self, container, legend: Legend) -> tuple[Table, Table]:
        table = self._legend(container, legend)
        container.add_paragraph()._p.style = self.styles.id(s.LEGEND_KEY)  # Word merges touching tables
        key = self._key(container, legend)
        return table, key

    def _legend(self, container, legend: Legend) -> Table:
        rows = max(len(legend.left), len(legend.right))
        table = new_table(container, 1 + rows, shares(self.text_width, HALF * 2), self.styles.id(s.LEGEND_TABLE), first_row=True)
        header = table.rows[0].cells
        self._heading(header[0].merge(header[3]), legend.left_title)
        self._heading(header[4].merge(header[7]), legend.right_title)
        for index, row in enumerate(table.rows[1:]):
            for half, entries in ((0, legend.left), (4, legend.right)):
                if index < len(entries):
                    self._row(row.cells[half:half + 4], entries[index])
        return table

    def _key(self, container, legend: Legend) -> Table:
        current, projected = legend.current_key, legend.projected_key
        columns = len(current) + len(projected)
        widths = shares(self.text_width, [1 / columns] * columns)
        table = new_table(container, 2, widths, self.styles.id(s.LEGEND_TABLE), first_row=True)
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
        level = self._level(current, entry.current, entry.current.label, s.LEGEND_LEVEL)
        if entry.confidence:
            level.append(line_break())
            level.append(run(f"{entry.confidence} confidence", color=entry.current.ink.lstrip("#")))
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
