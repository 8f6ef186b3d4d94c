"""The DOCX edition read back: python-docx, the package's XML parts, and LibreOffice.

Each module-scoped build renders once; tests read styles, headings, numbering,
endnotes (and their relationships), legend shading, properties and page set-up
from the real output, never from the writer's internals.
"""

from __future__ import annotations

import io
import re
import shutil
import subprocess
import zipfile
from pathlib import Path

import docx
import pytest
from handmade_report import CHINESE_TITLE, CYRILLIC_TITLE, LONG_URL, build_report
from lxml import etree

from mdime_publish.errors import ReportError
from mdime_publish.model import document as m
from mdime_publish.model.document import BuildContext
from mdime_publish.style_files import default_styles_dir
from mdime_publish.writers.docx import render_docx
from mdime_publish.writers.docx import styles as s
from mdime_publish.writers.docx.reference import build_reference
from mdime_publish.writers.docx.styles import StyleMap

PROJECT = Path(__file__).resolve().parents[2]
CTX = BuildContext(build_date="2024-05-17", revision="abc1234")
W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PKG_REL = "http://schemas.openxmlformats.org/package/2006/relationships"
NS = {"w": W, "r": R, "rel": PKG_REL}
ENDNOTES_CT = "application/vnd.openxmlformats-officedocument.wordprocessingml.endnotes+xml"
ENDNOTES_RT = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/endnotes"
HYPERLINK_RT = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/hyperlink"


class Built:
    """One rendered DOCX and its parts, parsed."""

    def __init__(self, report: m.Report, ctx: BuildContext):
        self.report = report
        self.data = render_docx(report, ctx, None)
        self.zip = zipfile.ZipFile(io.BytesIO(self.data))
        self.doc = docx.Document(io.BytesIO(self.data))

    def xml(self, name: str) -> etree._Element:
        return etree.fromstring(self.zip.read(name))

    def rels(self, name: str) -> dict[str, etree._Element]:
        return {r.get("Id"): r for r in self.xml(name).iterfind("rel:Relationship", NS)}

    def paragraphs(self, style: str) -> list:
        return [p for p in self.doc.paragraphs if p.style.name.lower() == style.lower()]

    def endnotes(self) -> dict[int, etree._Element]:
        return {int(e.get(f"{{{W}}}id")): e for e in self.xml("word/endnotes.xml").iterfind("w:endnote", NS)}


def with_extra_lists(report: m.Report) -> m.Report:
    """The hand-made report plus two ordered lists, the second starting at 3."""
    item = lambda text: m.ListItem(blocks=[m.Paragraph(children=[m.Text(text=text)])])  # noqa: E731
    report.conclusions += [
        m.OrderedList(start=1, items=[item("one"), item("two")]),
        m.OrderedList(start=3, items=[item("three"), item("four")]),
    ]
    return report


@pytest.fixture(scope="module")
def draft() -> Built:
    return Built(with_extra_lists(build_report("draft")), CTX)


@pytest.fixture(scope="module")
def final_a4() -> Built:
    return Built(build_report("final"), BuildContext(build_date="2024-06-01", paper="a4"))


# --- the template and the style contract -------------------------------------------------


def test_template_defines_every_style_the_writer_uses(draft: Built):
    template = docx.Document(str(default_styles_dir() / "reference.docx"))
    assert StyleMap(template.styles.element).missing() == []
    # and the output names no style outside the documented list
    listed = StyleMap(template.styles.element)
    allowed = {listed.id(style) for style in s.ALL}
    parts = ["word/document.xml", "word/endnotes.xml"] + [n for n in draft.zip.namelist()
                                                          if re.match(r"word/(header|footer)\d+\.xml", n)]
    used = {e.get(f"{{{W}}}val") for part in parts
            for e in draft.xml(part).iter(f"{{{W}}}pStyle", f"{{{W}}}rStyle", f"{{{W}}}tblStyle")}
    assert used <= allowed, used - allowed
    assert {"Heading1", "LeadJudgement", "Evidence", "EndnoteText", "EndnoteReference", "Hyperlink"} <= used


def test_reference_docx_is_what_the_generator_makes():
    assert (default_styles_dir() / "reference.docx").read_bytes() == build_reference()


def test_docs_list_every_style():
    text = (PROJECT / "docs" / "docx-styles.md").read_text("utf-8")
    assert [st.name for st in s.ALL if f"`{st.name}`" not in text] == []


def test_writer_sets_no_font_size_or_colour_but_the_legend_data(draft: Built):
    body = draft.xml("word/document.xml")
    assert body.findall(".//w:rFonts", NS) == [] and body.findall(".//w:sz", NS) == []
    coloured = body.findall(".//w:r/w:rPr/w:color", NS)
    inks = {v.ink.lstrip("#").upper() for v in draft.report.series.current_levels}
    assert coloured and {c.get(f"{{{W}}}val") for c in coloured} <= inks


def test_template_lacking_a_style_is_refused(tmp_path: Path):
    (tmp_path / "styles").mkdir()
    template = docx.Document(str(default_styles_dir() / "reference.docx"))
    for style in template.styles:
        if style.name == "Evidence":
            style.element.getparent().remove(style.element)
    template.save(tmp_path / "styles" / "reference.docx")
    with pytest.raises(ReportError, match="lacks styles the writer uses: Evidence"):
        render_docx(build_report("final"), CTX, tmp_path)


# --- structure ------------------------------------------------------------------------------


def test_headings_carry_word_heading_styles(draft: Built):
    h1 = [p.text for p in draft.paragraphs("Heading 1")]
    h2 = [p.text for p in draft.paragraphs("Heading 2")]
    assert h1[:3] == ["Overview of FMSO's M-DIME Research Project", "Key Assessments",
                      "Introduction to Russia-Mali Military Relations"]
    assert h1[3:7] == ["D - Diplomatic Influence", "I - Informational Influence",
                       "M - Military Influence", "E - Economic Influence"]
    assert h1[7:] == ["Conclusions", "Endnotes", "Authors"]
    groups = [f"{c.name} Instruments" for c in draft.report.series.categories]
    assert h2 == groups + [i.title for i in draft.report.instruments()]  # no level skipped under Heading 1
    assert "D1 - Defense-Related Diplomacy" in h2
    outline = {p.style.name: p.style.element.find("w:pPr/w:outlineLvl", NS) for p in draft.doc.paragraphs
               if p.style.name.lower().startswith("heading")}
    assert {name.lower(): int(e.get(f"{{{W}}}val")) for name, e in outline.items()}.items() <= {
        "heading 1": 0, "heading 2": 1, "heading 3": 2, "heading 4": 3}.items()


def test_cover_and_rating_lines(draft: Built):
    byline = draft.paragraphs("Authors")[0]
    assert byline.text == "Lucas Wintera, Jason Warnerb, and Christopher Bettsc"
    letters = [r.text for r in byline.runs if r.style.name == "Author Letter"]
    assert letters == ["a", "b", "c"]
    assert draft.paragraphs("Title")[0].text == "Instruments of Russian Military Influence in Mali"
    assert draft.paragraphs("Publisher")[0].text == "U.S. Army\nForeign Military Studies Office (FMSO)\n" \
                                                      "Training and Doctrine Command (TRADOC) G2"
    ratings = [p.text for p in draft.paragraphs("Rating")]
    assert ratings[:2] == ["Current Influence: Medium", "Projected Influence: Increasing"]
    assert "Confidence: Low" in ratings
    highlights = [p.text for p in draft.paragraphs("Highlight")]
    assert highlights[0].startswith("Shared Informal/Multilateral Military Engagements (M2). The Wagner")
    assert highlights[0].split(".")[0] == "Shared Informal/Multilateral Military Engagements (M2)"


def _num(p) -> tuple[int, int] | None:
    num_pr = p._p.find("w:pPr/w:numPr", NS)
    if num_pr is None:
        return None
    return (int(num_pr.find("w:numId", NS).get(f"{{{W}}}val")), int(num_pr.find("w:ilvl", NS).get(f"{{{W}}}val")))


def test_findings_are_a_two_level_list_with_evidence_marked(draft: Built):
    leads, evidence = draft.paragraphs("Lead Judgement"), draft.paragraphs("Evidence")
    assert {_num(p)[1] for p in leads} == {0} and {_num(p)[1] for p in evidence} == {1}
    assert len(leads) == 36
    # one numbering instance per findings list: the 12 instruments' lists are distinct
    assert len({_num(p)[0] for p in leads}) == 12
    numbering = draft.xml("word/numbering.xml")
    num_id = _num(leads[0])[0]
    abstract_id = numbering.find(f"w:num[@w:numId='{num_id}']/w:abstractNumId", NS).get(f"{{{W}}}val")
    levels = numbering.find(f"w:abstractNum[@w:abstractNumId='{abstract_id}']", NS)
    text = {lvl.get(f"{{{W}}}ilvl"): lvl.find("w:lvlText", NS).get(f"{{{W}}}val") for lvl in levels.iterfind("w:lvl", NS)}
    assert text["0"] == "\u2022" and text["1"] == "\u00bb"


def test_each_list_restarts_at_its_own_start(draft: Built):
    items = [p for p in draft.paragraphs("List Number") if p.text in {"one", "two", "three", "four"}]
    ids = [_num(p)[0] for p in items]
    assert ids[0] == ids[1] != ids[2] == ids[3]
    numbering = draft.xml("word/numbering.xml")
    starts = [numbering.find(f"w:num[@w:numId='{i}']/w:lvlOverride/w:startOverride", NS).get(f"{{{W}}}val")
              for i in (ids[0], ids[2])]
    assert starts == ["1", "3"]
    bullets = draft.paragraphs("List Bullet")
    assert len(bullets) == 12 + 1 and all(_num(p)[1] == 0 for p in bullets)


def test_glance_is_a_table_with_a_header_column(draft: Built):
    glance = next(t for t in draft.doc.tables if t.style.name == "Glance Table")
    look = glance._tbl.tblPr.find("w:tblLook", NS)
    assert look.get(f"{{{W}}}firstColumn") == "1" and look.get(f"{{{W}}}firstRow") == "1"
    title = glance.rows[0].cells[0].paragraphs[0]
    assert (title.text, title.style.name) == ("Mali at a Glance", "Heading 2")
    assert glance.rows[0]._tr.find("w:trPr/w:tblHeader", NS) is not None
    labels = [row.cells[0].paragraphs[0] for row in glance.rows[1:]]
    assert [p.text for p in labels] == ["Capital", "Population", "GDP per Capita", "Armed Service Branches"]
    assert {p.style.name for p in labels} == {"Glance Label"}
    assert glance.rows[3].cells[1].paragraphs[0].style.name == "Glance Value"
    assert glance.rows[3].cells[1].text.startswith("$2,100 (2021 estimate)")


def test_legend_cells_are_shaded_with_the_series_fill(draft: Built):
    legend = next(t for t in draft.doc.tables if t.style.name == "Legend Table")
    series = draft.report.series
    seen = {}
    for row in legend.rows[1:]:
        code, _, level, projection = row.cells
        if code.text in draft.report.ratings():
            fill = level._tc.find("w:tcPr/w:shd", NS).get(f"{{{W}}}fill")
            seen[code.text] = (fill, level.text.split("\n")[0], projection.text)
    assert list(seen) == list(draft.report.ratings())  # read D, I, M, E, not D1, M1, D2 ...
    for instrument in draft.report.instruments():
        current = series.current(instrument.rating.current.id)
        projected = series.projected(instrument.rating.projected.id)
        assert seen[instrument.code][0] == current.fill.lstrip("#").upper()
        assert seen[instrument.code][1] == current.label + ("*" if instrument.rating.confidence else "")
        assert seen[instrument.code][2] == f"{projected.symbol} {projected.label}".strip()
    assert seen["M2"] == ("08306B", "Very High", "\u2191 Increasing")
    key = [t for t in draft.doc.tables if t.style.name == "Legend Table"][1]
    assert [c.text for c in key.rows[1].cells] == [
        "Very High", "High", "Medium", "Low", "Very Low", "None/Unobserved",
        "\u2191 Increasing", "\u2192 Steady", "\u2193 Decreasing", "Unknown"]


def test_body_links_are_live(draft: Built):
    rels = draft.rels("word/_rels/document.xml.rels")
    links = draft.xml("word/document.xml").findall(".//w:hyperlink", NS)
    targets = [rels[a.get(f"{{{R}}}id")].get("Target") for a in links]
    assert draft.report.series.back_matter.url in targets


# --- endnotes -------------------------------------------------------------------------------


def test_endnotes_part_is_wired_as_word_writes_it(draft: Built):
    types = etree.fromstring(draft.zip.read("[Content_Types].xml"))
    override = {o.get("PartName"): o.get("ContentType") for o in types}
    assert override["/word/endnotes.xml"] == ENDNOTES_CT
    rels = draft.rels("word/_rels/document.xml.rels").values()
    assert [r.get("Target") for r in rels if r.get("Type") == ENDNOTES_RT] == ["endnotes.xml"]
    notes = draft.endnotes()
    assert notes[-1].get(f"{{{W}}}type") == "separator" and notes[0].get(f"{{{W}}}type") == "continuationSeparator"
    settings = draft.xml("word/settings.xml").find("w:endnotePr", NS)
    assert [e.get(f"{{{W}}}id") for e in settings.iterfind("w:endnote", NS)] == ["-1", "0"]
    assert settings.find("w:numFmt", NS).get(f"{{{W}}}val") == "decimal"


def test_one_endnote_per_note_referenced_in_order(draft: Built):
    notes = {k: v for k, v in draft.endnotes().items() if k > 0}
    assert len(notes) == len(draft.report.notes) > 100
    refs = draft.xml("word/document.xml").findall(".//w:endnoteReference", NS)
    assert [int(r.get(f"{{{W}}}id")) for r in refs] == list(range(1, len(notes) + 1))
    first = notes[1].find("w:p", NS)
    assert first.find("w:pPr/w:pStyle", NS).get(f"{{{W}}}val") == "EndnoteText"
    mark = first.find("w:r", NS)
    assert mark.find("w:endnoteRef", NS) is not None
    assert mark.find("w:rPr/w:rStyle", NS).get(f"{{{W}}}val") == "EndnoteReference"


def _note_text(endnote: etree._Element) -> str:
    return "".join(endnote.itertext()).strip()


def test_endnote_texts_keep_cyrillic_and_chinese(draft: Built):
    notes = draft.endnotes()
    assert _note_text(notes[1]).startswith(f"“{CYRILLIC_TITLE}.” (Russia and Mali signed")
    assert _note_text(notes[2]).startswith(f"“{CHINESE_TITLE}.” (China-Mali relations.)")
    assert _note_text(notes[3]) == "Ibid."


def test_links_in_endnotes_resolve_through_the_endnotes_part(draft: Built):
    rels = draft.rels("word/_rels/endnotes.xml.rels")
    note = draft.endnotes()[2]
    link = note.find(".//w:hyperlink", NS)
    rel = rels[link.get(f"{{{R}}}id")]
    assert (rel.get("Type"), rel.get("Target"), rel.get("TargetMode")) == (HYPERLINK_RT, LONG_URL, "External")
    assert link.find("w:r/w:rPr/w:rStyle", NS).get(f"{{{W}}}val") == "Hyperlink"
    every = draft.xml("word/endnotes.xml").findall(".//w:hyperlink", NS)
    assert len(every) > 100 and all(a.get(f"{{{R}}}id") in rels for a in every)


def test_adjacent_note_references_are_spaced(draft: Built):
    body = draft.xml("word/document.xml")
    ref2 = body.xpath("//w:r[w:endnoteReference/@w:id='2']", namespaces=NS)[0]
    between = ref2.getnext()
    assert "".join(between.itertext()) == "\u00a0"  # no break: a marker never starts a line
    assert between.getnext().find("w:endnoteReference", NS).get(f"{{{W}}}id") == "3"


def test_note_references_out_of_order_are_refused():
    report = build_report("final")
    report.notes[0], report.notes[1] = report.notes[1], report.notes[0]
    report.notes[0].number, report.notes[1].number = 1, 2
    report.introduction[0].children[1] = m.NoteRef(number=2)
    with pytest.raises(AssertionError, match="endnote reference 2 after 0"):
        render_docx(report, CTX, None)


# --- properties, pages, reproducibility --------------------------------------------------------


def test_core_properties(draft: Built):
    props = draft.doc.core_properties
    assert props.title == "Instruments of Russian Military Influence in Mali"
    assert props.author == "Lucas Winter; Jason Warner; Christopher Betts"
    assert props.subject == "Russia's military influence in Mali"
    assert "Russia" in props.keywords and "Mali" in props.keywords
    assert props.language == "en-US"
    assert props.created.isoformat()[:19] == props.modified.isoformat()[:19] == "2024-05-17T00:00:00"
    assert props.content_status == "Draft"


def test_same_input_gives_the_same_bytes(draft: Built):
    again = render_docx(with_extra_lists(build_report("draft")), CTX, None)
    assert zipfile.ZipFile(io.BytesIO(again)).read("word/document.xml") == draft.zip.read("word/document.xml")
    assert again == draft.data
    assert {i.date_time for i in draft.zip.infolist()} == {(2024, 5, 17, 0, 0, 0)}


def test_draft_has_a_stamp_on_every_page(draft: Built):
    section = draft.doc.sections[0]
    assert section.different_first_page_header_footer
    for header in (section.header, section.first_page_header):
        assert header.paragraphs[0].text == "Draft built 2024-05-17, revision abc1234"
        assert header.paragraphs[0].style.name == "Draft Stamp"


def test_page_numbers_except_on_the_cover(draft: Built):
    section = draft.doc.sections[0]
    footer = section.footer._element
    assert [t.text for t in footer.iter(f"{{{W}}}instrText")] == [" PAGE "]
    assert section.first_page_footer.paragraphs[0].text == ""
    assert (section.page_width.inches, section.page_height.inches) == (8.5, 11)
    assert len(draft.doc.sections) == 2  # authors and back matter follow the endnotes


def test_final_has_no_stamp_and_a4_paper(final_a4: Built):
    section = final_a4.doc.sections[0]
    assert [p.text for p in section.header.paragraphs if p.text] == []
    assert "DRAFT" not in "".join(final_a4.xml("word/document.xml").itertext())
    assert (round(section.page_width.mm), round(section.page_height.mm)) == (210, 297)
    assert final_a4.doc.core_properties.content_status == "Final"


# --- LibreOffice --------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def pdf_text(draft: Built, tmp_path_factory) -> str:
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        pytest.skip("LibreOffice (soffice) is not installed: apt-get install libreoffice-writer-nogui")
    folder = tmp_path_factory.mktemp("lo")
    (folder / "report.docx").write_bytes(draft.data)
    subprocess.run([soffice, f"-env:UserInstallation=file://{folder}/profile", "--headless",
                    "--convert-to", "pdf", "--outdir", str(folder), str(folder / "report.docx")],
                   check=True, capture_output=True, timeout=180, cwd=folder)
    return subprocess.run(["pdftotext", "-layout", str(folder / "report.pdf"), "-"],
                          check=True, capture_output=True, text=True).stdout


def test_libreoffice_opens_it_and_prints_the_endnotes(pdf_text: str):
    assert "D1 - Defense-Related Diplomacy" in pdf_text
    assert CYRILLIC_TITLE[:30] in pdf_text
    assert CHINESE_TITLE in pdf_text
    assert re.search(r"^\s*1\s+“Россия", pdf_text, re.M)  # numbered 1, decimal


# --- the example reports, end to end ----------------------------------------------------------


def plain(inlines: list) -> str:
    """The text of inline nodes, as Word's runs hold it."""
    out = []
    for node in inlines:
        if isinstance(node, (m.Text, m.Code)):
            out.append(node.text)
        elif hasattr(node, "children"):
            out.append(plain(node.children))
    return "".join(out)


@pytest.fixture(scope="module", params=["russia", "china"])
def example(request) -> Built:
    from mdime_publish.pipeline import load_report

    loaded = load_report(PROJECT / "content" / "mali" / f"{request.param}.md")
    assert loaded.ok, "\n".join(map(str, loaded.problems))
    return Built(loaded.report, CTX)


def test_example_every_note_is_a_word_endnote_with_its_text(example: Built):
    notes = {k: v for k, v in example.endnotes().items() if k > 0}
    assert len(notes) == len(example.report.notes) > 50
    for note in example.report.notes:
        assert _note_text(notes[note.number]) == plain(note.content).strip(), note.number
    foreign = [n for n in example.report.notes if re.search("[\u0400-\u04ff\u4e00-\u9fff]", plain(n.content))]
    assert foreign, "the example should cite a Cyrillic or Chinese title"


def test_example_outline(example: Built):
    report = example.report
    h1 = [p.text for p in example.paragraphs("Heading 1")]
    assert h1 == [report.series.overview_title, "Key Assessments", report.introduction_title,
                  *[c.title for c in report.categories], "Conclusions", "Endnotes", "Authors"]
    assert [p.text for p in example.paragraphs("Heading 2")][len(report.categories):] == [i.title for i in report.instruments()]
    assert len(example.paragraphs("Evidence")) > 20
