"""Style names to style ids: the one list of Word styles the DOCX writer uses.

This list is the contract with whoever designs `styles/reference.docx` (see
docs/docx-styles.md): the writer names these styles and nothing else, so every
font, size, colour, spacing and indent comes from the template. A template must
define every style here; `StyleMap` finds their ids and names any that are missing.

Names are matched without regard to case, because Word stores some built-in
styles in lower case ("heading 1", "endnote text") and shows them capitalised.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from lxml import etree

Kind = Literal["paragraph", "character", "table"]

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


@dataclass(frozen=True)
class Style:
    name: str  # as Word shows it
    kind: Kind
    role: str  # where the writer uses it


# Cover
TITLE = Style("Title", "paragraph", "report title on the cover")
SUBTITLE = Style("Subtitle", "paragraph", "series tagline on the cover")
COVER_SERIES = Style("Cover Series", "paragraph", "series line at the top of the cover")
AUTHORS = Style("Authors", "paragraph", "byline on the cover")
AUTHOR_LETTER = Style("Author Letter", "character", "superscript a, b, c after each author's name")
COVER_DATE = Style("Cover Date", "paragraph", "month and year on the cover")
PUBLISHER = Style("Publisher", "paragraph", "publisher block on the cover, one paragraph per line")
# Headings (Word's navigation pane shows them)
HEADING_1 = Style("Heading 1", "paragraph", "report parts and categories: 'D - Diplomatic Influence'")
HEADING_2 = Style("Heading 2", "paragraph", "instruments ('D1 - Defense-Related Diplomacy'), overview groups, the glance title")
HEADING_3 = Style("Heading 3", "paragraph", "headings the author writes inside a part or instrument, overview groups")
HEADING_4 = Style("Heading 4", "paragraph", "headings the author writes one level deeper")
# Running text
BODY_TEXT = Style("Body Text", "paragraph", "paragraphs")
FIRST_PARAGRAPH = Style("First Paragraph", "paragraph", "the first paragraph after a heading")
KEY_ASSESSMENT = Style("Key Assessment", "paragraph", "the overall rating sentence opening each key assessment")
HIGHLIGHT = Style("Highlight", "paragraph", "a highlighted instrument in the key assessments")
RATING = Style("Rating", "paragraph", "'Current Influence: Medium' and 'Projected Influence: ...' lines")
LEAD_JUDGEMENT = Style("Lead Judgement", "paragraph", "a finding's lead judgement (list level 1, bullet)")
EVIDENCE = Style("Evidence", "paragraph", "a finding's evidence (list level 2, marked »)")
LIST_BULLET = Style("List Bullet", "paragraph", "items of other bulleted lists, any level")
LIST_NUMBER = Style("List Number", "paragraph", "items of numbered lists, any level")
LIST_CONTINUE = Style("List Continue", "paragraph", "further paragraphs inside a list item")
BLOCK_TEXT = Style("Block Text", "paragraph", "block quotations")
SOURCE_CODE = Style("Source Code", "paragraph", "code blocks")
HORIZONTAL_RULE = Style("Horizontal Rule", "paragraph", "an empty paragraph standing for a thematic break")
VERBATIM_CHAR = Style("Verbatim Char", "character", "inline code")
HYPERLINK = Style("Hyperlink", "character", "links, in the text and in endnotes")
# Tables
REPORT_TABLE = Style("Report Table", "table", "tables the author writes")
TABLE_HEADING = Style("Table Heading", "paragraph", "header cells of tables the author writes")
TABLE_TEXT = Style("Table Text", "paragraph", "body cells of tables the author writes")
GLANCE_TABLE = Style("Glance Table", "table", "the at-a-glance table (first column is its header)")
GLANCE_LABEL = Style("Glance Label", "paragraph", "label cells of the at-a-glance table")
GLANCE_VALUE = Style("Glance Value", "paragraph", "value cells of the at-a-glance table")
# Ratings legend
LEGEND_TABLE = Style("Legend Table", "table", "the ratings legend and its key")
LEGEND_HEADING = Style("Legend Heading", "paragraph", "column titles of the legend and of its key")
LEGEND_CODE = Style("Legend Code", "paragraph", "instrument code cell of the legend")
LEGEND_NAME = Style("Legend Name", "paragraph", "instrument short-name cell of the legend")
LEGEND_LEVEL = Style("Legend Level", "paragraph", "current-level cell (shaded with the level's fill)")
LEGEND_PROJECTION = Style("Legend Projection", "paragraph", "projection cell: arrow and direction")
LEGEND_KEY = Style("Legend Key", "paragraph", "cells of the key under the legend")
# Notes, authors, back matter, page furniture
ENDNOTE_TEXT = Style("Endnote Text", "paragraph", "the text of each endnote")
ENDNOTE_REFERENCE = Style("Endnote Reference", "character", "note numbers in the text and in the endnote")
AUTHOR_BIO = Style("Author Bio", "paragraph", "lettered author biographies")
BACK_MATTER_TITLE = Style("Back Matter Title", "paragraph", "publisher name on the back page (a level-1 heading)")
BACK_MATTER = Style("Back Matter", "paragraph", "publisher address, web address and description")
DRAFT_STAMP = Style("Draft Stamp", "paragraph", "page header of a draft: DRAFT and the build stamp")
FOOTER = Style("Footer", "paragraph", "page footer holding the page number")

ALL: tuple[Style, ...] = tuple(v for v in list(globals().values()) if isinstance(v, Style))


class StyleMap:
    """Style ids of a template's `w:styles` element, looked up by `Style`."""

    def __init__(self, styles_element: etree._Element):
        self._ids: dict[tuple[str, str], str] = {}
        for style in styles_element.iterfind(f"{{{W}}}style"):
            name = style.find(f"{{{W}}}name")
            if name is not None:
                key = (style.get(f"{{{W}}}type"), name.get(f"{{{W}}}val").lower())
                self._ids.setdefault(key, style.get(f"{{{W}}}styleId"))

    def missing(self, styles: tuple[Style, ...] = ALL) -> list[Style]:
        return [s for s in styles if (s.kind, s.name.lower()) not in self._ids]

    def id(self, style: Style) -> str:
        try:
            return self._ids[(style.kind, style.name.lower())]
        except KeyError:
            raise KeyError(f"the reference.docx defines no {style.kind} style '{style.name}'") from None
