"""The house style to `styles/reference.docx`: the Word template the DOCX writer uses.

This is the only code that sets fonts, sizes, colours and spacing for DOCX output;
the writer names styles and nothing more. The template is built here from scratch
(no parts copied from elsewhere), with fixed zip dates, so the same code always
gives the same bytes. Regenerate it after changing the design below:

    python -m mdime_publish.writers.docx.reference [OUT]   (default: styles/reference.docx)

A designer may instead edit the file in Word: the writer only needs every style in
`styles.ALL` to exist (the tests check this).
"""

from __future__ import annotations

import io
import sys
import zipfile
from pathlib import Path
from xml.sax.saxutils import escape

from mdime_publish.style_files import default_styles_dir
from mdime_publish.writers.docx import styles as s

NAVY = "1F3864"
GREY = "595959"
RULE = "A6A6A6"
BODY_FONT = "Times New Roman"
HEAD_FONT = "Arial"
CODE_FONT = "Courier New"
ZIP_DATE = (2024, 1, 1, 0, 0, 0)

NS = (
    'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" '
    'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"'
)
XML_HEAD = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'


# --- style properties, written in the order the schema requires ------------------------


def ppr(*, keep_next=False, page_break=False, widow_control=False, border_bottom="", shade="", before=0,
        after=0, line=0, left=0, right=0, hanging=0, jc="", outline=None) -> str:
    """A `w:pPr`; lengths in points (line: 240ths of a line, as Word's 'multiple')."""
    parts = []
    if keep_next:
        parts.append("<w:keepNext/><w:keepLines/>")
    if page_break:
        parts.append("<w:pageBreakBefore/>")
    if widow_control:  # no line of a paragraph alone at the foot or head of a page
        parts.append("<w:widowControl/>")
    if border_bottom:
        parts.append(f'<w:pBdr><w:bottom w:val="single" w:sz="6" w:space="4" w:color="{border_bottom}"/></w:pBdr>')
    if shade:
        parts.append(f'<w:shd w:val="clear" w:color="auto" w:fill="{shade}"/>')
    spacing = f'w:before="{before * 20}" w:after="{after * 20}"'
    if line:
        spacing += f' w:line="{line}" w:lineRule="auto"'
    parts.append(f"<w:spacing {spacing}/>")
    if left or right or hanging:
        parts.append(f'<w:ind w:left="{left * 20}" w:right="{right * 20}" w:hanging="{hanging * 20}"/>')
    if jc:
        parts.append(f'<w:jc w:val="{jc}"/>')
    if outline is not None:
        parts.append(f'<w:outlineLvl w:val="{outline}"/>')
    return f"<w:pPr>{''.join(parts)}</w:pPr>"


def rpr(*, font="", east_asia="", bold=False, italic=False, caps=False, color="", size=0,
        underline=False, superscript=False, lang="") -> str:
    parts = []
    if font or east_asia:
        fonts = f'w:ascii="{font}" w:hAnsi="{font}" w:cs="{font}" ' if font else ""
        fonts += f'w:eastAsia="{east_asia}"' if east_asia else ""
        parts.append(f"<w:rFonts {fonts.strip()}/>")
    if bold:
        parts.append("<w:b/><w:bCs/>")
    if italic:
        parts.append("<w:i/><w:iCs/>")
    if caps:
        parts.append("<w:caps/>")
    if color:
        parts.append(f'<w:color w:val="{color}"/>')
    if size:
        parts.append(f'<w:sz w:val="{int(size * 2)}"/><w:szCs w:val="{int(size * 2)}"/>')
    if underline:
        parts.append('<w:u w:val="single"/>')
    if superscript:
        parts.append('<w:vertAlign w:val="superscript"/>')
    if lang:
        parts.append(f'<w:lang w:val="{lang}" w:eastAsia="zh-CN" w:bidi="ar-SA"/>')
    return f"<w:rPr>{''.join(parts)}</w:rPr>"


def tblpr(*, borders: str, inside_h=True, inside_v=True, margin=80) -> str:
    edges = ["top", "left", "bottom", "right"] + (["insideH"] if inside_h else []) + (["insideV"] if inside_v else [])
    lines = "".join(f'<w:{e} w:val="single" w:sz="4" w:space="0" w:color="{borders}"/>' for e in edges)
    return (
        f'<w:tblPr><w:tblBorders>{lines}</w:tblBorders><w:tblCellMar>'
        f'<w:top w:w="{margin // 2}" w:type="dxa"/><w:left w:w="{margin}" w:type="dxa"/>'
        f'<w:bottom w:w="{margin // 2}" w:type="dxa"/><w:right w:w="{margin}" w:type="dxa"/>'
        f"</w:tblCellMar></w:tblPr>"
    )


def style_xml(name: str, kind: str, props: str, *, based_on="", next_="", default=False, style_id="") -> str:
    style_id = style_id or name.title().replace(" ", "")
    attrs = f'w:type="{kind}" w:styleId="{style_id}"' + (' w:default="1"' if default else "")
    based = f'<w:basedOn w:val="{based_on}"/>' if based_on else ""
    nxt = f'<w:next w:val="{next_}"/>' if next_ else ""
    return f'<w:style {attrs}><w:name w:val="{escape(name)}"/>{based}{nxt}<w:qFormat/>{props}</w:style>'


# --- the house style ---------------------------------------------------------------------

HEAD = dict(font=HEAD_FONT)

# (style, based on (style id), next (style id), pPr, rPr); names Word stores in lower case
# are given as Word writes them, so Word and LibreOffice treat them as their built-ins.
PARAGRAPHS = [
    (s.BODY_TEXT, "Normal", "", ppr(before=0, after=8, line=264), ""),
    (s.FIRST_PARAGRAPH, "BodyText", "BodyText", ppr(before=0, after=8, line=264), ""),
    (s.TITLE, "Normal", "Authors", ppr(before=36, after=18, jc="center"), rpr(**HEAD, bold=True, size=26, color=NAVY)),
    (s.SUBTITLE, "Normal", "", ppr(after=48, jc="center", border_bottom=NAVY), rpr(**HEAD, italic=True, size=13, color=GREY)),
    (s.COVER_SERIES, "Normal", "Subtitle", ppr(before=96, after=10, jc="center"), rpr(**HEAD, bold=True, size=17, color=NAVY)),
    (s.AUTHORS, "Normal", "", ppr(before=12, after=12, jc="center"), rpr(**HEAD, size=13)),
    (s.COVER_DATE, "Normal", "", ppr(before=36, after=0, jc="center"), rpr(**HEAD, size=12)),
    (s.PUBLISHER, "Normal", "", ppr(before=190, after=0, jc="center"), rpr(**HEAD, bold=True, size=12, color=NAVY)),
    (s.HEADING_1, "Normal", "FirstParagraph", ppr(keep_next=True, before=20, after=10, border_bottom=NAVY, outline=0),
     rpr(**HEAD, bold=True, size=16, color=NAVY)),
    (s.HEADING_2, "Normal", "FirstParagraph", ppr(keep_next=True, before=16, after=6, outline=1),
     rpr(**HEAD, bold=True, size=13, color=NAVY)),
    (s.HEADING_3, "Normal", "FirstParagraph", ppr(keep_next=True, before=12, after=4, outline=2),
     rpr(**HEAD, bold=True, caps=True, size=10.5, color=NAVY)),
    (s.HEADING_4, "Normal", "FirstParagraph", ppr(keep_next=True, before=10, after=4, outline=3),
     rpr(**HEAD, bold=True, italic=True, size=10.5, color=NAVY)),
    (s.KEY_ASSESSMENT, "BodyText", "Highlight", ppr(keep_next=True, before=6, after=8, line=264), ""),
    (s.HIGHLIGHT, "BodyText", "", ppr(before=0, after=8, line=264, left=22), ""),
    (s.RATING, "Normal", "", ppr(keep_next=True, before=0, after=2), rpr(**HEAD, bold=True, size=10.5)),
    (s.LEAD_JUDGEMENT, "BodyText", "Evidence", ppr(keep_next=True, before=6, after=4, line=264), ""),
    (s.EVIDENCE, "BodyText", "", ppr(before=0, after=4, line=264), ""),
    (s.LIST_BULLET, "BodyText", "", ppr(before=0, after=4, line=264), ""),
    (s.LIST_NUMBER, "BodyText", "", ppr(before=0, after=4, line=264), ""),
    (s.LIST_CONTINUE, "BodyText", "", ppr(before=0, after=4, line=264, left=36), ""),
    (s.BLOCK_TEXT, "BodyText", "", ppr(before=4, after=8, left=36, right=36), rpr(color=GREY)),
    (s.SOURCE_CODE, "Normal", "", ppr(before=0, after=8, shade="F2F2F2"), rpr(font=CODE_FONT, size=9)),
    (s.HORIZONTAL_RULE, "Normal", "", ppr(before=6, after=12, left=144, right=144, border_bottom=RULE), rpr(size=4)),
    (s.TABLE_HEADING, "Normal", "", ppr(keep_next=True, before=0, after=0), rpr(**HEAD, bold=True, size=9.5)),
    (s.TABLE_TEXT, "Normal", "", ppr(before=0, after=0), rpr(size=10)),
    (s.GLANCE_LABEL, "Normal", "", ppr(before=0, after=0), rpr(**HEAD, bold=True, size=9.5, color=NAVY)),
    (s.GLANCE_VALUE, "Normal", "", ppr(before=0, after=0), rpr(size=10)),
    (s.LEGEND_HEADING, "Normal", "", ppr(keep_next=True, before=0, after=0, jc="center"),
     rpr(**HEAD, bold=True, caps=True, size=8, color=NAVY)),
    (s.LEGEND_CODE, "Normal", "", ppr(keep_next=True, before=0, after=0, jc="center"), rpr(**HEAD, bold=True, size=8.5)),
    (s.LEGEND_NAME, "Normal", "", ppr(keep_next=True, before=0, after=0), rpr(**HEAD, size=7.5)),
    (s.LEGEND_LEVEL, "Normal", "", ppr(keep_next=True, before=0, after=0, jc="center"), rpr(**HEAD, bold=True, size=7.5)),
    (s.LEGEND_PROJECTION, "Normal", "", ppr(keep_next=True, before=0, after=0, jc="center"), rpr(**HEAD, size=7.5)),
    (s.LEGEND_KEY, "Normal", "", ppr(keep_next=True, before=0, after=0, jc="center"), rpr(**HEAD, size=7.5)),
    (s.ENDNOTE_TEXT, "Normal", "", ppr(before=0, after=3, line=240), rpr(size=9)),
    (s.AUTHOR_BIO, "BodyText", "", ppr(before=0, after=10, line=264), ""),
    (s.BACK_MATTER_TITLE, "Normal", "BackMatter", ppr(before=200, after=12, jc="center", outline=0), rpr(**HEAD, bold=True, size=14, color=NAVY)),
    (s.BACK_MATTER, "Normal", "", ppr(before=0, after=6, jc="center"), rpr(**HEAD, size=10)),
    (s.DRAFT_STAMP, "Normal", "", ppr(before=0, after=0, jc="right"), rpr(**HEAD, bold=True, size=9, color="C00000")),
    (s.FOOTER, "Normal", "", ppr(before=0, after=0, jc="center"), rpr(**HEAD, size=9, color=GREY)),
]
CHARACTERS = [
    (s.AUTHOR_LETTER, rpr(superscript=True)),
    (s.ENDNOTE_REFERENCE, rpr(superscript=True)),
    (s.HYPERLINK, rpr(color="0563C1", underline=True)),
    (s.VERBATIM_CHAR, rpr(font=CODE_FONT, size=9.5)),
]
TABLES = [
    (s.REPORT_TABLE, tblpr(borders=RULE), ""),
    (s.GLANCE_TABLE, tblpr(borders=RULE, inside_v=False),
     '<w:tblStylePr w:type="firstCol"><w:tcPr><w:shd w:val="clear" w:color="auto" w:fill="DEEAF6"/></w:tcPr></w:tblStylePr>'),
    (s.LEGEND_TABLE, tblpr(borders=RULE, margin=60),
     '<w:tcPr><w:vAlign w:val="center"/></w:tcPr>'),
]
WORD_LOWER_CASE = {"Heading 1", "Heading 2", "Heading 3", "Heading 4", "Endnote Text", "Endnote Reference", "Footer"}


def _name(style: s.Style) -> str:
    return style.name.lower() if style.name in WORD_LOWER_CASE else style.name


def styles_xml() -> str:
    defaults = (
        "<w:docDefaults><w:rPrDefault>"
        + rpr(font=BODY_FONT, east_asia="SimSun", size=11, lang="en-US")
        + "</w:rPrDefault><w:pPrDefault>" + ppr(after=0, widow_control=True) + "</w:pPrDefault></w:docDefaults>"
    )
    base = [
        style_xml("Normal", "paragraph", "", default=True),
        style_xml("Default Paragraph Font", "character", "", default=True),
        style_xml("Normal Table", "table", '<w:tblPr><w:tblInd w:w="0" w:type="dxa"/><w:tblCellMar>'
                  '<w:left w:w="108" w:type="dxa"/><w:right w:w="108" w:type="dxa"/></w:tblCellMar></w:tblPr>',
                  default=True, style_id="TableNormal"),
        style_xml("No List", "numbering", "", default=True),
    ]
    paragraphs = [style_xml(_name(st), "paragraph", p + r, based_on=b, next_=n, style_id=_id(st))
                  for st, b, n, p, r in PARAGRAPHS]
    characters = [style_xml(_name(st), "character", r, based_on="DefaultParagraphFont", style_id=_id(st))
                  for st, r in CHARACTERS]
    tables = [style_xml(st.name, "table", p + extra, based_on="TableNormal", style_id=_id(st))
              for st, p, extra in TABLES]
    return f"{XML_HEAD}<w:styles {NS}>{defaults}{''.join(base + paragraphs + characters + tables)}</w:styles>"


def _id(style: s.Style) -> str:
    return style.name.replace(" ", "")


def document_xml() -> str:
    """A sample of every paragraph style, so a designer opening the file sees them all."""
    samples = "".join(
        f'<w:p><w:pPr><w:pStyle w:val="{_id(st)}"/></w:pPr><w:r><w:t>{escape(st.name)}: {escape(st.role)}</w:t></w:r></w:p>'
        for st, *_ in PARAGRAPHS
    )
    sect = ('<w:sectPr><w:pgSz w:w="12240" w:h="15840"/>'
            '<w:pgMar w:top="1440" w:right="1440" w:bottom="1440" w:left="1440" w:header="720" w:footer="720" w:gutter="0"/>'
            "</w:sectPr>")
    return f"{XML_HEAD}<w:document {NS}><w:body>{samples}{sect}</w:body></w:document>"


SETTINGS = (
    f"{XML_HEAD}<w:settings {NS}><w:defaultTabStop w:val=\"720\"/>"
    '<w:characterSpacingControl w:val="doNotCompress"/>'
    '<w:compat><w:compatSetting w:name="compatibilityMode" w:uri="http://schemas.microsoft.com/office/word" w:val="15"/></w:compat>'
    '<w:themeFontLang w:val="en-US"/></w:settings>'
)
NUMBERING = f"{XML_HEAD}<w:numbering {NS}/>"
CORE = (
    f"{XML_HEAD}<cp:coreProperties "
    'xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" '
    'xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" '
    'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">'
    "<dc:title>M-DIME report styles</dc:title><dc:creator>mdime-publish</dc:creator>"
    '<dcterms:created xsi:type="dcterms:W3CDTF">2024-01-01T00:00:00Z</dcterms:created>'
    '<dcterms:modified xsi:type="dcterms:W3CDTF">2024-01-01T00:00:00Z</dcterms:modified>'
    "</cp:coreProperties>"
)
APP = (
    f"{XML_HEAD}<Properties xmlns=\"http://schemas.openxmlformats.org/officeDocument/2006/extended-properties\">"
    "<Application>mdime-publish</Application></Properties>"
)
CONTENT_TYPES = (
    f'{XML_HEAD}<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>'
    '<Override PartName="/word/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.styles+xml"/>'
    '<Override PartName="/word/settings.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.settings+xml"/>'
    '<Override PartName="/word/numbering.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.numbering+xml"/>'
    '<Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-package.core-properties+xml"/>'
    '<Override PartName="/docProps/app.xml" ContentType="application/vnd.openxmlformats-officedocument.extended-properties+xml"/>'
    "</Types>"
)
REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PACKAGE_RELS = (
    f'{XML_HEAD}<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    f'<Relationship Id="rId1" Type="{REL}/officeDocument" Target="word/document.xml"/>'
    '<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties" Target="docProps/core.xml"/>'
    f'<Relationship Id="rId3" Type="{REL}/extended-properties" Target="docProps/app.xml"/>'
    "</Relationships>"
)
DOCUMENT_RELS = (
    f'{XML_HEAD}<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    f'<Relationship Id="rId1" Type="{REL}/styles" Target="styles.xml"/>'
    f'<Relationship Id="rId2" Type="{REL}/settings" Target="settings.xml"/>'
    f'<Relationship Id="rId3" Type="{REL}/numbering" Target="numbering.xml"/>'
    "</Relationships>"
)


def build_reference() -> bytes:
    """The reference.docx, byte for byte the same on every run."""
    parts = {
        "[Content_Types].xml": CONTENT_TYPES,
        "_rels/.rels": PACKAGE_RELS,
        "docProps/core.xml": CORE,
        "docProps/app.xml": APP,
        "word/document.xml": document_xml(),
        "word/_rels/document.xml.rels": DOCUMENT_RELS,
        "word/styles.xml": styles_xml(),
        "word/settings.xml": SETTINGS,
        "word/numbering.xml": NUMBERING,
    }
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, text in parts.items():
            zf.writestr(zipfile.ZipInfo(name, ZIP_DATE), text.encode("utf-8"), zipfile.ZIP_DEFLATED)
    return out.getvalue()


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    target = Path(args[0]) if args else default_styles_dir().resolve() / "reference.docx"
    target.write_bytes(build_reference())
    print(target)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
