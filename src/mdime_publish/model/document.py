"""The document model: one typed tree that every writer reads.

Parsing and validation produce a `Report` whose inline content may hold `Cite` and
`InlineNote` nodes; `model.notes` turns those into `NoteRef` nodes and fills
`Report.notes`, numbered 1..N once. Writers only ever see a numbered Report: they
print `NoteRef.number` and `Note.content` and never count or format citations.

No parser or validator type appears here, so writers import nothing but this module
and the series settings.
"""

from __future__ import annotations

from typing import Annotated, Literal, Union

from pydantic import BaseModel, ConfigDict, Field

from mdime_publish.series import Series


class Node(BaseModel):
    # Each schema is built on first use, forward references resolved then: no rebuild of
    # every model at import, which `mdime check` would pay for at each start.
    model_config = ConfigDict(frozen=False, extra="forbid", defer_build=True)


class Pos(Node):
    """A place in a source file, 1-based, for messages."""

    file: str
    line: int
    col: int = 1

    def __str__(self) -> str:
        return f"{self.file}:{self.line}:{self.col}"


# --- inline nodes -------------------------------------------------------------------


class Text(Node):
    """A run of text; `lang` (BCP 47) when it is in another language than the report's."""

    type: Literal["text"] = "text"
    text: str
    lang: str = ""


class Strong(Node):
    type: Literal["strong"] = "strong"
    children: list[Inline]


class Emph(Node):
    type: Literal["emph"] = "emph"
    children: list[Inline]


class Code(Node):
    type: Literal["code"] = "code"
    text: str


class Link(Node):
    type: Literal["link"] = "link"
    url: str
    children: list[Inline]


class Image(Node):
    """An image as written (`src` relative to the report's folder) and, once the
    pipeline has read it, its bytes and media type, so writers do no file I/O."""

    type: Literal["image"] = "image"
    src: str
    alt: str
    title: str = ""
    pos: Pos | None = None
    data: bytes = b""
    media_type: str = ""


class LineBreak(Node):
    type: Literal["break"] = "break"


class CiteItem(Node):
    key: str
    locator: str = ""
    pos: Pos | None = None


class Cite(Node):
    """`[@a; @b, p. 3]` before numbering: one note per item."""

    type: Literal["cite"] = "cite"
    items: list[CiteItem]


class InlineNote(Node):
    """`^[...]` before numbering: one note whose text may itself cite."""

    type: Literal["inline-note"] = "inline-note"
    children: list[Inline]
    pos: Pos | None = None


class NoteRef(Node):
    """The marker of note `number` (after numbering)."""

    type: Literal["note-ref"] = "note-ref"
    number: int


Inline = Annotated[
    Union[Text, Strong, Emph, Code, Link, Image, LineBreak, Cite, InlineNote, NoteRef],
    Field(discriminator="type"),
]


# --- block nodes --------------------------------------------------------------------


class Paragraph(Node):
    type: Literal["paragraph"] = "paragraph"
    children: list[Inline]
    pos: Pos | None = None  # where its text starts in the source


class Heading(Node):
    """A heading below the report's fixed structure (level 3 and deeper in source)."""

    type: Literal["heading"] = "heading"
    level: int
    children: list[Inline]
    pos: Pos | None = None


class ListItem(Node):
    blocks: list[Block]  # its first paragraph carries the position of the item's text
    line: int = 0  # source line, for messages


class BulletList(Node):
    type: Literal["bullet-list"] = "bullet-list"
    items: list[ListItem]


class OrderedList(Node):
    type: Literal["ordered-list"] = "ordered-list"
    start: int = 1
    items: list[ListItem]


class BlockQuote(Node):
    type: Literal["block-quote"] = "block-quote"
    blocks: list[Block]


class CodeBlock(Node):
    type: Literal["code-block"] = "code-block"
    text: str


class TableCell(Node):
    children: list[Inline]
    align: Literal["", "left", "center", "right"] = ""
    pos: Pos | None = None


class Table(Node):
    type: Literal["table"] = "table"
    header: list[TableCell]
    rows: list[list[TableCell]]


class ThematicBreak(Node):
    type: Literal["rule"] = "rule"


class Finding(Node):
    """A lead judgement (top-level bullet) and its evidence (second-level bullets).

    `lead` keeps the author's emphasis (Strong, or Strong inside Emph for bold
    italic); `evidence` items are each a list of blocks; `blocks` holds anything else
    the author put in the item after the lead paragraph.
    """

    lead: list[Inline]
    evidence: list[ListItem] = []
    blocks: list[Block] = []
    pos: Pos | None = None  # of the lead's text


class Findings(Node):
    """The findings list of an instrument: lead judgements with » evidence."""

    type: Literal["findings"] = "findings"
    items: list[Finding]


Block = Annotated[
    Union[
        Paragraph,
        Heading,
        BulletList,
        OrderedList,
        BlockQuote,
        CodeBlock,
        Table,
        ThematicBreak,
        Findings,
    ],
    Field(discriminator="type"),
]


# --- report structure ---------------------------------------------------------------


class Level(Node):
    """A value of one of the series' scales: `id` as in the source, `label` printed."""

    id: str
    label: str


class Rating(Node):
    current: Level
    projected: Level
    confidence: Level | None = None
    pos: Pos | None = None  # of its entry in the front matter


class Author(Node):
    id: str
    name: str
    honorific: str = ""
    bio: list[Inline] = []
    letter: str = ""  # a, b, c ... in byline order
    bio_pos: Pos | None = None  # of the bio's text in authors.yaml


class Highlight(Node):
    """A key-assessment bullet: an instrument (or none) and its paragraph."""

    code: str = ""  # empty when the bullet opens with no instrument code
    name: str = ""
    children: list[Inline]
    blocks: list[Block] = []
    pos: Pos | None = None  # of the bullet's text


class KeyAssessment(Node):
    """One of the two key-assessment parts (current, projected)."""

    opening: str  # "Russia's current M-DIME influence in Mali is assessed as Medium."
    lead_in: list[Inline]  # generated sentence, or the author's own paragraph
    lead_in_pos: Pos | None = None  # of the author's paragraph
    highlights: list[Highlight]
    blocks: list[Block] = []  # anything after the bullet list


class GlanceRow(Node):
    label: str
    value: list[Inline]
    pos: Pos | None = None  # of the value in the front matter


class InstrumentSection(Node):
    code: str
    name: str
    short_name: str
    title: str  # "D1 - Defense-Related Diplomacy"
    rating: Rating
    rating_lines: list[str]  # "Current Influence: Medium", "Projected Influence: ...", confidence
    blocks: list[Block]  # findings and anything else written under the instrument


class CategorySection(Node):
    code: str
    name: str  # Diplomatic
    title: str  # "D - Diplomatic Influence"
    intro: list[Block]
    instruments: list[InstrumentSection]


class Note(Node):
    """An endnote. `form` is full, short or ibid for a citation, comment for ^[...]."""

    number: int
    content: list[Inline]
    form: Literal["full", "short", "ibid", "comment"]
    keys: list[str] = []
    pos: Pos | None = None  # the citation or the inline note in the text
    entry: Pos | None = None  # the bibliography entry a citation note comes from


class Report(Node):
    """One M-DIME report, ready for any writer once `notes` is filled."""

    series: Series
    source: str  # path of the Markdown file, for messages
    benefactor_id: str
    benefactor: str  # Russia
    adjective: str  # Russian
    possessive: str  # Russia's
    recipient: str  # Mali
    recipient_id: str  # mali
    date: str  # ISO as written: 2024-05 or 2024-05-17
    date_label: str  # May 2024
    status: Literal["draft", "final"]
    title: str
    authors: list[Author]
    overview: list[Block]  # the series overview, instruments list included
    overall: Rating
    key_current: KeyAssessment
    key_projected: KeyAssessment
    introduction_title: str
    introduction: list[Block]
    glance_title: str
    glance: list[GlanceRow]
    categories: list[CategorySection]
    conclusions: list[Block]
    notes: list[Note] = []
    sources: dict[str, str] = {}  # each source file as messages name it -> its SHA-256
    headings: dict[str, Pos] = {}  # section name or category/instrument code -> its heading's place

    def ratings(self) -> dict[str, Rating]:
        return {i.code: i.rating for i in self.instruments()}

    def instruments(self) -> list[InstrumentSection]:
        return [i for c in self.categories for i in c.instruments]


class BuildContext(Node):
    """What a build knows beyond the source: passed in, so outputs are reproducible."""

    build_date: str  # ISO date printed in the draft stamp
    revision: str = ""  # source revision (git) when known
    paper: Literal["letter", "a4"] = "letter"
    release: bool = False

    def draft_stamp(self, report: Report) -> str:
        """'Draft built 2024-05-17, revision 1a2b3c4' for a draft; '' for a final report."""
        if report.status != "draft":
            return ""
        labels = report.series.labels
        revision = labels.draft_revision.format(revision=self.revision) if self.revision else ""
        return labels.draft_stamp.format(date=self.build_date) + revision
