"""Tables to Word tables: the at-a-glance table, the author's tables, and the shared
helpers the legend uses (a styled table of fixed column widths, styled cell text).

Tables name a table style from the template and mark which rows or columns are
headers (`w:tblLook`, and `w:tblHeader` on the first row of every table, which Word
repeats and screen readers and tagged-PDF export read as column headers), so the
style draws them; the writer
sets only column widths, cell alignment and rows that must not break across pages.
"""

from __future__ import annotations

from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Length
from docx.table import Table, _Cell
from docx.text.paragraph import Paragraph

from mdime_publish.model import document as m
from mdime_publish.writers.docx import styles as s
from mdime_publish.writers.docx.inlines import InlineWriter
from mdime_publish.writers.docx.source_map import SourceMap
from mdime_publish.writers.docx.styles import StyleMap

ALIGN = {"left": WD_ALIGN_PARAGRAPH.LEFT, "center": WD_ALIGN_PARAGRAPH.CENTER, "right": WD_ALIGN_PARAGRAPH.RIGHT}
GLANCE_COLUMNS = (0.3, 0.7)  # shares of the text width


def new_table(container, rows: int, widths: list[Length], style_id: str, *,
              first_row: bool = False, first_column: bool = False) -> Table:
    """A table at the end of `container` with fixed column `widths` and a table style."""
    table = container.add_table(rows=rows, cols=len(widths))
    tbl_pr = table._tbl.tblPr
    tbl_pr.style = style_id
    look = tbl_pr.find(qn("w:tblLook"))
    flags = {"firstRow": first_row, "lastRow": False, "firstColumn": first_column,
             "lastColumn": False, "noHBand": True, "noVBand": True}
    for name, on in flags.items():
        look.set(qn(f"w:{name}"), "1" if on else "0")
    look.attrib.pop(qn("w:val"), None)
    table.autofit = False
    for column, width in zip(table.columns, widths):
        column.width = width
    for row in table.rows:
        row._tr.get_or_add_trPr().append(OxmlElement("w:cantSplit"))
        for cell, width in zip(row.cells, widths):
            cell.width = width
    return table


def cell_paragraph(cell: _Cell, style_id: str) -> Paragraph:
    """The cell's first paragraph, styled (a new cell holds one empty paragraph)."""
    paragraph = cell.paragraphs[0]
    paragraph._p.style = style_id
    return paragraph


def repeat_as_header(table: Table, row_index: int = 0) -> None:
    tr_pr = table.rows[row_index]._tr.get_or_add_trPr()
    tr_pr.append(OxmlElement("w:tblHeader"))


def shares(text_width: Length, fractions) -> list[Length]:
    return [Length(int(text_width * f)) for f in fractions]


def glance_table(container, title: str, rows: list[m.GlanceRow], styles: StyleMap, inlines: InlineWriter,
                 text_width: Length, anchors: SourceMap) -> Table:
    """The at-a-glance facts under a header row holding the title (a Heading 2, so the
    table has the header row accessibility asks for and the title stays in the outline);
    labels in a header column, values beside them."""
    widths = shares(text_width, GLANCE_COLUMNS)
    table = new_table(container, 1 + len(rows), widths, styles.id(s.GLANCE_TABLE), first_row=True, first_column=True)
    repeat_as_header(table)
    header = table.rows[0].cells
    title_cell = header[0].merge(header[1])
    inlines.write(cell_paragraph(title_cell, styles.id(s.HEADING_2))._p, [m.Text(text=title)])
    for row, fact in zip(table.rows[1:], rows):
        label = cell_paragraph(row.cells[0], styles.id(s.GLANCE_LABEL))
        anchors.mark(label._p, "R", fact.pos)
        inlines.write(label._p, [m.Text(text=fact.label)])
        value = cell_paragraph(row.cells[1], styles.id(s.GLANCE_VALUE))
        anchors.mark(value._p, "Y", fact.pos)
        inlines.write(value._p, fact.value)
    return table


def author_table(container, table_node: m.Table, styles: StyleMap, inlines: InlineWriter,
                 text_width: Length, anchors: SourceMap) -> Table:
    """A table from the source: header row repeated on each page, cells aligned as written."""
    widths = shares(text_width, [1 / len(table_node.header)] * len(table_node.header))
    table = new_table(container, 1 + len(table_node.rows), widths, styles.id(s.REPORT_TABLE), first_row=True)
    repeat_as_header(table)
    for index, (row, cells) in enumerate(zip(table.rows, [table_node.header, *table_node.rows])):
        style = s.TABLE_HEADING if index == 0 else s.TABLE_TEXT
        for cell, node in zip(row.cells, cells):
            paragraph = cell_paragraph(cell, styles.id(style))
            if node.align:
                paragraph.alignment = ALIGN[node.align]
            anchors.mark(paragraph._p, "P", node.pos)
            inlines.write(paragraph._p, node.children)
    return table
