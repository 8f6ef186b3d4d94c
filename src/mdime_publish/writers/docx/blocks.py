"""Block nodes to Word paragraphs, lists and tables, appended to a body or table cell.

Paragraphs are Body Text, or First Paragraph right after a heading; lists are real
numbered paragraphs (`w:numPr` with the list's own `w:numId` and the item's level);
findings are a list whose level 0 is a Lead Judgement and level 1 the » Evidence.
"""

from __future__ import annotations

from docx.shared import Length
from docx.text.paragraph import Paragraph

from mdime_publish.model import document as m
from mdime_publish.writers.docx import styles as s
from mdime_publish.writers.docx.inlines import InlineWriter
from mdime_publish.writers.docx.lists import ListKind, Numbering
from mdime_publish.writers.docx.source_map import SourceMap
from mdime_publish.writers.docx.styles import StyleMap
from mdime_publish.writers.docx.tables import author_table

HEADINGS = (s.HEADING_1, s.HEADING_2, s.HEADING_3, s.HEADING_4)


class BlockWriter:
    def __init__(self, styles: StyleMap, inlines: InlineWriter, numbering: Numbering, text_width: Length,
                 anchors: SourceMap | None = None):
        self.styles = styles
        self.anchors = anchors or SourceMap({})
        self.text_width = text_width
        self.inlines = inlines
        self.numbering = numbering
        self.after_heading = False
        self.in_quote = False
        self.part_level = 1  # level of the report's own heading the body sits under
        self.outline = 0  # level of the last heading written
        self._handlers = {
            m.Paragraph: lambda c, b: self.paragraph(c, self._text_style(), b.children, b.pos),
            m.Heading: self._body_heading,
            m.BulletList: lambda c, b: self._list(c, b.items, "bullet", s.LIST_BULLET, 0),
            m.OrderedList: lambda c, b: self._list(c, b.items, "ordered", s.LIST_NUMBER, 0, b.start),
            m.BlockQuote: self._quote,
            m.CodeBlock: lambda c, b: self.paragraph(c, s.SOURCE_CODE, _code_lines(b.text)),
            m.Table: lambda c, b: author_table(c, b, styles, inlines, text_width, self.anchors),
            m.ThematicBreak: lambda c, b: self.paragraph(c, s.HORIZONTAL_RULE, []),
            m.Findings: self._findings,
        }

    def blocks(self, container, blocks: list) -> None:
        for block in blocks:
            self._handlers[type(block)](container, block)
            if not isinstance(block, m.Heading):
                self.after_heading = False

    def paragraph(self, container, style: s.Style, inlines: list, pos: m.Pos | None = None,
                  role: str = "P") -> Paragraph:
        paragraph = container.add_paragraph()
        paragraph._p.style = self.styles.id(style)
        self.anchors.mark(paragraph._p, role, pos)
        self.inlines.write(paragraph._p, inlines)
        return paragraph

    def heading(self, container, level: int, inlines: list, pos: m.Pos | None = None, role: str = "P") -> Paragraph:
        self.after_heading = True
        self.outline = level
        return self.paragraph(container, HEADINGS[level - 1], inlines, pos, role)

    def _body_heading(self, container, heading: m.Heading) -> None:
        """A heading the author wrote (### and deeper) one level below the part or
        instrument it sits in, never more than one below the heading before it."""
        level = heading.level - 3 + self.part_level + 1
        self.heading(container, min(level, self.outline + 1, len(HEADINGS)), heading.children, heading.pos)

    def _text_style(self) -> s.Style:
        if self.in_quote:
            return s.BLOCK_TEXT
        return s.FIRST_PARAGRAPH if self.after_heading else s.BODY_TEXT

    def _quote(self, container, quote: m.BlockQuote) -> None:
        outer, self.in_quote = self.in_quote, True
        self.blocks(container, quote.blocks)
        self.in_quote = outer

    # --- lists -----------------------------------------------------------------------

    def _list(self, container, items: list[m.ListItem], kind: ListKind, style: s.Style,
              level: int, start: int = 1) -> None:
        num_id = self.numbering.new_list(kind, level, start)
        for item in items:
            self._item(container, item.blocks, num_id, level, style)

    def _item(self, container, blocks: list, num_id: int, level: int, style: s.Style,
              numbered: bool = False) -> None:
        """An item's first paragraph carries the number (unless `numbered` already);
        later paragraphs continue the item and nested lists go one level down."""
        for block in blocks:
            if isinstance(block, m.Paragraph) and not numbered:
                self._numbered(container, style, block.children, num_id, level, block.pos)
                numbered = True
            elif isinstance(block, m.Paragraph):
                self.paragraph(container, s.LIST_CONTINUE, block.children, block.pos)
            elif isinstance(block, m.BulletList):
                self._list(container, block.items, "bullet", s.LIST_BULLET, level + 1)
            elif isinstance(block, m.OrderedList):
                self._list(container, block.items, "ordered", s.LIST_NUMBER, level + 1, block.start)
            else:
                self.blocks(container, [block])

    def _numbered(self, container, style: s.Style, inlines: list, num_id: int, level: int,
                  pos: m.Pos | None) -> Paragraph:
        paragraph = self.paragraph(container, style, inlines, pos)
        num_pr = paragraph._p.get_or_add_pPr().get_or_add_numPr()
        num_pr.get_or_add_ilvl().val = level
        num_pr.get_or_add_numId().val = num_id
        return paragraph

    def _findings(self, container, findings: m.Findings) -> None:
        num_id = self.numbering.new_list("findings")
        for finding in findings.items:
            self._numbered(container, s.LEAD_JUDGEMENT, finding.lead, num_id, 0, finding.pos)
            for evidence in finding.evidence:
                self._item(container, evidence.blocks, num_id, 1, s.EVIDENCE)
            self._item(container, finding.blocks, num_id, 0, s.LEAD_JUDGEMENT, numbered=True)


def _code_lines(text: str) -> list:
    lines = text.rstrip("\n").split("\n")
    out: list = []
    for index, line in enumerate(lines):
        if index:
            out.append(m.LineBreak())
        out.append(m.Text(text=line))
    return out
