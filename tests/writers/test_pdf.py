"""The PDF edition read back: pypdf for structure (outline, metadata, tags, links, fonts),
pdfium (what pdfplumber builds on, fast) for the text of each page in drawing order."""

from __future__ import annotations

import io
import re
import time
from pathlib import Path

import pypdfium2
import pytest
from handmade_report import CHINESE_TITLE, CYRILLIC_TITLE, build_report
from pypdf import PdfReader

from mdime_publish.errors import ReportError
from mdime_publish.model import document as m
from mdime_publish.model.document import BuildContext
from mdime_publish.writers.html import render_html
from mdime_publish.writers.pdf import render_pdf

CTX = BuildContext(build_date="2024-05-17", revision="abc1234")
LETTER = (612, 792)
A4 = (595, 842)


class Built:
    """One rendered PDF and what tests read from it."""

    def __init__(self, report: m.Report, ctx: BuildContext, workspace: Path | None = None):
        self.report = report
        started = time.perf_counter()
        self.pdf, self.problems = render_pdf(report, render_html(report, ctx, workspace), workspace)
        self.seconds = time.perf_counter() - started
        self.reader = PdfReader(io.BytesIO(self.pdf))
        doc = pypdfium2.PdfDocument(self.pdf)
        # pdfium ends lines with CRLF and reports a hyphen it takes for a line-end one as \x02
        self.pages = [page.get_textpage().get_text_bounded().replace("\r\n", "\n").replace("\x02", "-")
                      for page in doc]
        doc.close()

    def page_of(self, heading: str) -> int:
        """0-based index of the page that starts with `heading`."""
        for index, page in enumerate(self.pages):
            if page.splitlines()[0].casefold() == heading.casefold():
                return index
        raise AssertionError(f"no page starts with {heading!r}")

    def part_page(self, heading: str) -> tuple[int, int]:
        """0-based page of a part's heading, and the number of lines above it there."""
        for index, page in enumerate(self.pages):
            lines = [line.casefold() for line in page.splitlines()]
            if heading.casefold() in lines:
                return index, lines.index(heading.casefold())
        raise AssertionError(f"no page holds {heading!r}")

    def endnotes(self) -> list[str]:
        """Lines of the endnotes, running header, page numbers and draft stamp left out."""
        running = re.compile(rf"^({re.escape(self.report.title)}|\d+|Draft built .*)$")
        text = "\n".join(self.pages[self.page_of("Endnotes"):self.page_of("Authors")])
        return [line for line in text.splitlines() if not running.match(line)]

    def endnote_numbers(self) -> list[int]:
        """Numbers opening lines of the endnotes, counted only in sequence 1, 2, 3 ..."""
        found: list[int] = []
        for line in self.endnotes():
            if line.startswith(f"{len(found) + 1} "):
                found.append(len(found) + 1)
        return found


@pytest.fixture(scope="module")
def final() -> Built:
    return Built(build_report("final"), CTX)


def small_report(status: str = "final") -> m.Report:
    """The report without overview, introduction, sections and notes: a few pages, fast."""
    report = build_report(status)
    report.overview, report.introduction, report.glance, report.categories, report.notes = [], [], [], [], []
    return report


@pytest.fixture(scope="module")
def draft_a4() -> Built:
    return Built(small_report("draft"), CTX.model_copy(update={"paper": "a4"}))


def size(page) -> tuple[int, int]:
    return round(float(page.mediabox.width)), round(float(page.mediabox.height))


def test_renders_without_problems_and_fast(final):
    assert final.pdf.startswith(b"%PDF-1.7")
    assert final.problems == []
    assert 20 <= len(final.pages) <= 32
    assert final.seconds < 30, f"{len(final.pages)} pages took {final.seconds:.1f} s"  # two layouts when a part would strand lines


def test_letter_by_default_a4_on_request(final, draft_a4):
    assert {size(p) for p in final.reader.pages} == {LETTER}
    assert {size(p) for p in draft_a4.reader.pages} == {A4}


def test_cover_stands_alone_without_header_or_page_number(final):
    cover = final.pages[0]
    assert cover.splitlines()[0] == final.report.series.series_line
    assert "Lucas Winter" in cover and "May 2024" in cover and "Training and Doctrine Command (TRADOC) G2" in cover
    assert not re.search(r"^\d+$", cover, re.M)
    assert final.pages[1].splitlines()[-2:] == [final.report.title, "2"]  # running header, page number


def test_parts_start_their_own_pages_in_order(final):
    """Each part starts a page, unless that would leave fewer than four lines on the page
    before (issue 12): then it runs on after them."""
    report = final.report
    parts = [report.series.overview_title, "Key Assessments", report.introduction_title,
             *[c.title for c in report.categories], "Conclusions", "Endnotes", "Authors"]
    places = [final.part_page(title) for title in parts]
    assert places == sorted(places) and places[0] == (1, 0)
    for page, above in places:
        assert above == 0 or 1 <= above <= 4, (page, above)  # the stranded lines run on


def test_glance_follows_the_introduction(final):
    intro = final.page_of(final.report.introduction_title)
    assert "MALI AT A GLANCE" in final.pages[intro] + final.pages[intro + 1]


def test_instrument_headings_carry_their_ratings(final):
    text = "\n".join(final.pages)
    for instrument in final.report.instruments():
        block = (f"{instrument.title}\nCurrent Influence: {instrument.rating.current.label}\n"
                 f"Projected Influence: {instrument.rating.projected.label}\n")
        assert block in text, instrument.code


def test_endnotes_count_matches_the_model(final):
    assert final.endnote_numbers() == [n.number for n in final.report.notes]


def test_cyrillic_and_chinese_extract_exactly(final):
    notes = "\n".join(final.endnotes())
    assert f"1 “{CYRILLIC_TITLE}.”" in notes
    assert f"2 “{CHINESE_TITLE}.”" in notes


def test_fonts_are_embedded_noto_subsets(final):
    fonts = set()
    for page in final.reader.pages:
        for font in page["/Resources"].get("/Font", {}).values():
            font = font.get_object()
            descriptor = font["/DescendantFonts"][0].get_object()["/FontDescriptor"] \
                if "/DescendantFonts" in font else font["/FontDescriptor"]
            assert any(k in descriptor for k in ("/FontFile", "/FontFile2", "/FontFile3")), font["/BaseFont"]
            fonts.add(font["/BaseFont"].split("+", 1)[1])
    assert {"Noto-Serif", "Noto-Serif-Bold", "Noto-Sans-Bold", "Noto-Serif-CJK-SC"} <= fonts


def test_outline_lists_parts_and_instruments(final):
    def titles(items, depth=0):
        for item in items:
            if isinstance(item, list):
                yield from titles(item, depth + 1)
            else:
                yield depth, item.title

    report = final.report
    outline = list(titles(final.reader.outline))
    expected = [(0, report.series.overview_title), (0, "Key Assessments"), (0, report.introduction_title),
                (0, report.glance_title)]
    for category in report.categories:
        expected += [(0, category.title)] + [(1, i.title) for i in category.instruments]
    expected += [(0, "Conclusions"), (0, "Endnotes"), (0, "Authors")]
    assert outline == expected


def test_metadata_language_and_tags(final):
    meta = final.reader.metadata
    assert meta.title == final.report.title
    assert meta.author == "Lucas Winter, Jason Warner, Christopher Betts"
    assert meta.subject.startswith("Russia's current M-DIME influence in Mali is assessed as Medium.")
    assert "Mali" in meta["/Keywords"]
    root = final.reader.trailer["/Root"]
    assert root["/Lang"] == "en"
    assert "/StructTreeRoot" in root and root["/MarkInfo"]["/Marked"]


def test_markers_link_to_notes_and_back(final):
    targets = [annot.get_object().get("/Dest") for page in final.reader.pages for annot in page.get("/Annots", [])]
    numbers = [n.number for n in final.report.notes]
    assert sorted(int(t[5:]) for t in targets if str(t).startswith("note-")) == numbers
    assert sorted(int(t[4:]) for t in targets if str(t).startswith("ref-")) == numbers


def draws_a_picture(page) -> bool:
    return b" Do" in page.get_contents().get_data()


def test_final_has_no_draft_marks(final):
    assert not any(draws_a_picture(page) for page in final.reader.pages)
    assert not any("Draft built" in page or "DRAFT" in page for page in final.pages)


def test_draft_is_watermarked_and_stamped(draft_a4):
    body_pages = draft_a4.pages[1:]
    assert all("Draft built 2024-05-17, revision abc1234" in page for page in body_pages)
    assert all(draws_a_picture(page) for page in draft_a4.reader.pages)  # the watermark
    assert not any("DRAFT" in page for page in draft_a4.pages)  # a picture, never text


# --- the fetcher ------------------------------------------------------------------------


def png(width: int = 40, height: int = 20) -> bytes:
    from io import BytesIO

    from PIL import Image

    out = BytesIO()
    Image.new("RGB", (width, height), "navy").save(out, "PNG")
    return out.getvalue()


def with_image() -> m.Report:
    report = small_report()
    image = m.Image(src="map.png", alt="map of Mali", data=png(), media_type="image/png")
    report.conclusions = [m.Paragraph(children=[image])]
    return report


@pytest.fixture
def workspace(tmp_path: Path) -> Path:
    (tmp_path / "content" / "mali").mkdir(parents=True)
    (tmp_path / "styles").mkdir()
    (tmp_path / "secret.png").write_bytes(png())
    return tmp_path


def render(report: m.Report, workspace: Path) -> tuple[bytes, list]:
    return render_pdf(report, render_html(report, CTX, workspace), workspace)


def test_embedded_images_are_drawn(workspace):
    pdf, problems = render(with_image(), workspace)
    assert problems == []
    assert b"/Subtype /Image" in pdf


@pytest.mark.parametrize("url, message", [
    ("https://example.org/map.png", "never the network"),
    ("../secret.png", "outside"),
    ("missing.png", "file not found"),
])
def test_stylesheet_resources_outside_the_styles_are_refused(workspace, url, message):
    css = (ROOT / "styles" / "report.css").read_text("utf-8")
    (workspace / "styles" / "report.css").write_text(css + f"\nbody {{ background: url({url}); }}\n", "utf-8")
    with pytest.raises(ReportError) as caught:
        render(with_image(), workspace)
    assert message in str(caught.value)
    assert caught.value.problems[-1].file == "content/mali/russia.md"


def test_weasyprint_warnings_become_problems(workspace):
    (workspace / "styles" / "report.css").write_text("p { colour: red; }", "utf-8")
    report = with_image()
    _, problems = render(report, workspace)
    assert [p.severity for p in problems] == ["warning"]
    assert "colour" in problems[0].message and problems[0].file == report.source


# --- the example reports, end to end ------------------------------------------------------

ROOT = Path(__file__).resolve().parents[2]


def words(nodes) -> str:
    return "".join(n.text if isinstance(n, m.Text) else words(getattr(n, "children", [])) for n in nodes)


def squeeze(text: str) -> str:
    return re.sub(r"\s+", "", text)


@pytest.fixture(scope="module", params=["russia", "china"])
def example(request) -> Built:
    from mdime_publish.pipeline import load_report

    loaded = load_report(ROOT / "content" / "mali" / f"{request.param}.md")
    assert loaded.ok, "\n".join(map(str, loaded.problems))
    return Built(loaded.report, CTX, ROOT)


def test_example_builds_cleanly_with_every_part(example):
    assert example.problems == []
    assert example.seconds < 30  # two layouts when a part would strand lines
    parts = [example.report.series.overview_title, "Key Assessments", example.report.introduction_title,
             *[c.title for c in example.report.categories], "Conclusions", "Endnotes", "Authors"]
    pages = [example.page_of(title) for title in parts]
    assert pages == sorted(pages)


def test_example_notes_and_scripts_survive(example):
    assert example.endnote_numbers() == [n.number for n in example.report.notes]
    notes = squeeze("".join(example.endnotes()))
    foreign = [n for n in example.report.notes if re.search("[\u0400-\u04ff\u4e00-\u9fff]", words(n.content))]
    assert foreign, "the example should cite a Cyrillic or Chinese title"
    for note in foreign:
        assert squeeze(f"{note.number} {words(note.content)}") in notes
