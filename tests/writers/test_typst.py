"""What only the Typst engine has to prove: author text never runs as Typst code, the
template is confined (no packages, no files outside its folder), diagnostics become
located problems, URLs break at Chicago points, and the output is reproducible
PDF/UA-1 with the theme's fonts. The edition's content is tested for both engines
in test_pdf.py."""

from __future__ import annotations

import io
import re
from pathlib import Path

import pypdfium2
import pytest
from handmade_report import build_report
from pypdf import PdfReader

from mdime_publish.errors import ReportError
from mdime_publish.model import document as m
from mdime_publish.model.document import BuildContext
from mdime_publish.writers.typst import render_pdf
from mdime_publish.writers.typst.markup import string, text
from mdime_publish.writers.typst.theme import custom_properties, families, theme_typ

ROOT = Path(__file__).resolve().parents[2]
CTX = BuildContext(build_date="2024-05-17", revision="abc1234", pdf_engine="typst")
HOSTILE = [
    '#read("/etc/passwd")',
    '#import "@preview/cetz:0.3.0": *',
    '#include "report.typ"',
    "$x^2$ and <label> and @ref",
    "*not bold* _not emphasised_ `not raw` [not content]",
    "// not a comment /* nor this */",
    "= not a heading",
    "- not a list",
    "+ not a list",
    "1. not a list",
    "/ term: not a term list",
    "a\\ b \\u{41} ~ -- --- ... -? https://example.org/not-a-link",
    "#{ panic() }",
]


STRAIGHT = str.maketrans("\u2018\u2019\u201c\u201d", "''\"\"")


def pages(pdf: bytes) -> list[str]:
    doc = pypdfium2.PdfDocument(pdf)
    found = [page.get_textpage().get_text_bounded().replace("\r\n", "\n") for page in doc]
    doc.close()
    return found


def small(*blocks: m.Block) -> m.Report:
    report = build_report("final")
    report.overview, report.introduction, report.glance, report.notes = [], [], [], []
    report.categories = report.categories[:1]
    report.key_current.highlights = report.key_projected.highlights = []
    report.key_current.lead_in = report.key_projected.lead_in = []
    report.conclusions = list(blocks)
    return report


def para(value: str) -> m.Paragraph:
    return m.Paragraph(children=[m.Text(text=value)])


# --- escaping -----------------------------------------------------------------------------


def test_hostile_author_text_prints_literally():
    report = small(*[para(line) for line in HOSTILE],
                   m.Paragraph(children=[m.Code(text='") #read("/etc/passwd") #("')]),
                   m.CodeBlock(text='#read("/etc/passwd")\n\t"quoted" \\ back'),
                   m.Paragraph(children=[m.Link(url='https://example.org/") #read("/etc/passwd") #("',
                                                children=[m.Text(text="#link text")])]))
    report.title = '#read("/etc/passwd") $title$'
    pdf, problems = render_pdf(report, CTX, None)
    assert problems == []
    printed = "\n".join(pages(pdf))
    flat = re.sub(r"\s+", " ", printed).translate(STRAIGHT)  # quotes print curly
    for line in HOSTILE:
        assert line in flat, line
    assert 'root:' not in printed
    assert '") #read("/etc/passwd") #("' in flat
    assert '#read("/etc/passwd")' in printed and '"quoted" \\ back' in printed  # code keeps straight quotes
    assert PdfReader(io.BytesIO(pdf)).metadata.title == '#read("/etc/passwd") $title$'


def test_escaping_leaves_nothing_typst_reads():
    escaped = text("".join(chr(c) for c in range(32, 127)))
    # every ASCII punctuation mark but quotes and a few plain ones is backslashed
    assert re.sub(r"\\.", "", escaped).strip(" '\",;!?()%&|^" + "".join(map(chr, range(48, 58))) +
                                               "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz") == ""
    assert text("a\nb\r\nc\td") == "a b c d"  # no paragraph breaks, no `\` + whitespace line breaks
    assert string('a"b\\c\nd') == '"a\\"b\\\\c\\nd"'


def test_straight_quotes_print_curly():
    pdf, _ = render_pdf(small(para('He said "no" and it\'s final.')), CTX, None)
    assert "He said \u201cno\u201d and it\u2019s final." in "\n".join(pages(pdf))


# --- the template is confined --------------------------------------------------------------


@pytest.fixture
def workspace(tmp_path: Path) -> Path:
    (tmp_path / "styles").mkdir()
    return tmp_path


def template(workspace: Path, edit) -> Path:
    path = workspace / "styles" / "report.typ"
    path.write_text(edit((ROOT / "styles" / "report.typ").read_text("utf-8")), "utf-8")
    return path


def test_a_template_that_imports_a_package_is_refused(workspace):
    path = template(workspace, lambda t: t.replace('#import "theme.typ": theme',
                                                   '#import "theme.typ": theme\n#import "@preview/cetz:0.3.0"'))
    with pytest.raises(ReportError) as caught:
        render_pdf(small(), CTX, workspace)
    problem = caught.value.problems[0]
    line = path.read_text("utf-8").splitlines().index('#import "@preview/cetz:0.3.0"') + 1
    assert (problem.file, problem.line) == (str(path), line)
    assert "imports a package" in problem.message


def test_the_template_reads_nothing_outside_its_folder(workspace):
    (workspace / "secret.txt").write_text("top secret", "utf-8")
    template(workspace, lambda t: t + '\n#let leak = read("../secret.txt")\n')
    with pytest.raises(ReportError) as caught:
        render_pdf(small(), CTX, workspace)
    assert "PDF (Typst):" in str(caught.value)


def test_template_errors_and_warnings_are_located_problems(workspace):
    path = template(workspace, lambda t: t.replace("#let t = theme", "#let t = theme\n#let broken = (1 +)"))
    with pytest.raises(ReportError) as caught:
        render_pdf(small(), CTX, workspace)
    problem = caught.value.problems[0]
    line = path.read_text("utf-8").splitlines().index("#let broken = (1 +)") + 1
    assert (problem.file, problem.line, problem.severity) == (str(path), line, "error")
    assert problem.message.startswith("PDF (Typst): ")

    template(workspace, lambda t: t.replace("#let t = theme", '#let t = theme\n#text(font: "No Such Font")[]'))
    _, problems = render_pdf(small(), CTX, workspace)
    assert any(p.severity == "warning" and "no such font" in p.message.lower() for p in problems)


# --- theme and fonts --------------------------------------------------------------------------


def test_the_theme_is_the_stylesheets_custom_properties():
    css = (ROOT / "styles" / "report.css").read_text("utf-8")
    props = custom_properties(css)
    assert props["navy"] == "#1f3864" and families(props["serif"]) == ["Noto Serif", "Noto Serif CJK SC"]
    theme, skipped = theme_typ(':root { --navy: #123456; --size: 9pt; --face: "A B", serif; --bad: calc(1px); }')
    assert 'navy: rgb("#123456")' in theme and "size: 9pt" in theme and 'face: ("A B", )' in theme
    assert "bad" not in theme and len(skipped) == 1


def test_a_restyle_in_the_stylesheet_changes_the_typst_edition(workspace):
    css = (ROOT / "styles" / "report.css").read_text("utf-8").replace("--navy: #1f3864;", "--navy: #7a0019;")
    (workspace / "styles" / "report.css").write_text(css, "utf-8")
    pdf, _ = render_pdf(small(), CTX, workspace)
    page = pypdfium2.PdfDocument(pdf)[0].render(scale=0.2).to_pil().convert("RGB")
    assert page.getpixel((page.width // 2, 5)) == (0x7A, 0x00, 0x19)  # the cover band


def test_a_size_set_in_the_stylesheet_sets_both_editions(workspace):
    """The cover title's size is one theme property: WeasyPrint and Typst both print it."""
    import pdfplumber

    from mdime_publish.writers.html import render_html
    from mdime_publish.writers.pdf import render_pdf as render_weasyprint

    css = (ROOT / "styles" / "report.css").read_text("utf-8").replace("--title-size: 28pt;", "--title-size: 20pt;")
    (workspace / "styles" / "report.css").write_text(css, "utf-8")
    report = small()
    typst_pdf, _ = render_pdf(report, CTX, workspace)
    weasy_pdf, _ = render_weasyprint(report, render_html(report, CTX, workspace, print_edition=True), workspace)
    for pdf in (typst_pdf, weasy_pdf):
        with pdfplumber.open(io.BytesIO(pdf)) as opened:
            sizes = {round(c["size"]) for c in opened.pages[0].chars if c["text"] in report.title}
        assert 20 in sizes and 28 not in sizes


def test_a_stylesheet_without_a_newer_property_takes_the_default(workspace):
    css = (ROOT / "styles" / "report.css").read_text("utf-8")
    older = re.sub(r"\n\s*--title-size:[^;]*;", "", css)
    assert older != css
    (workspace / "styles" / "report.css").write_text(older, "utf-8")
    theme, skipped = theme_typ(older, defaults=css)
    assert "title-size: 28pt" in theme and skipped == []
    pdf, problems = render_pdf(small(), CTX, workspace)
    assert pdf.startswith(b"%PDF") and problems == []


def test_fonts_are_only_the_themes():
    pdf, _ = render_pdf(build_report("final"), CTX, None)
    reader = PdfReader(io.BytesIO(pdf))
    names = {f.get_object()["/BaseFont"].split("+", 1)[1] for p in reader.pages
             for f in p["/Resources"].get("/Font", {}).values()}
    assert all(re.match(r"(NotoSerif|NotoSans|DejaVuSans)", n) for n in names), names


# --- reproducible, tagged -----------------------------------------------------------------------


def test_identical_input_gives_identical_bytes_and_pdf_ua():
    report = build_report("draft")
    first, _ = render_pdf(report, CTX, None)
    second, _ = render_pdf(report, CTX, None)
    assert first == second
    reader = PdfReader(io.BytesIO(first))
    xmp = reader.trailer["/Root"]["/Metadata"].get_object().get_data().decode("utf-8")
    assert re.search(r"pdfuaid:part[^0-9]*1", xmp)
    assert reader.metadata["/CreationDate"].startswith("D:20240517")


# --- URL breaks ------------------------------------------------------------------------------------


BREAK_BEFORE = set("/.,-_?#~%=&")


@pytest.fixture(scope="module")
def example() -> tuple[m.Report, bytes]:
    from mdime_publish.pipeline import load_report

    report = load_report(ROOT / "content" / "mali" / "russia.md").report
    return report, render_pdf(report, CTX, ROOT)[0]


def test_urls_in_the_endnotes_are_whole_and_break_only_at_chicago_points(example):
    report, pdf = example
    text = "\n".join(pages(pdf))
    urls = {n.url for note in report.notes for n in note.content if isinstance(n, m.Link)}
    broken = 0
    for url in urls:
        pattern = "\n?".join(re.escape(c) for c in url)
        found = list(re.finditer(pattern, text))
        assert found, f"{url} is not printed whole"
        for match in found:
            lines = match[0].split("\n")
            for before, after in zip(lines, lines[1:]):
                broken += 1
                assert after[0] in BREAK_BEFORE or before[-1] in "=&:" or before.endswith("//"), (before, after)
                assert not re.match(r"^[a-z]+:/?$", before.split()[-1] if before.split() else ""), before
    assert broken > 10  # the test saw URLs broken across lines


def test_note_markers_never_start_a_line(example):
    """A marker's link box has printed text just before it on its own line."""
    _, pdf = example
    reader = PdfReader(io.BytesIO(pdf))
    doc = pypdfium2.PdfDocument(pdf)
    page_numbers = {page.indirect_reference.idnum: i for i, page in enumerate(reader.pages)}
    checked, orphans = 0, []
    for index, page in enumerate(reader.pages):
        markers = [[float(v) for v in a.get_object()["/Rect"]] for a in page.get("/Annots", [])
                   if "/Dest" in a.get_object() and page_numbers[a.get_object()["/Dest"][0].idnum] > index]
        textpage = doc[index].get_textpage()
        boxes = [textpage.get_charbox(i) for i in range(textpage.count_chars())
                 if not textpage.get_text_range(i, 1).isspace()]
        for x0, y0, _, y1 in markers:
            checked += 1
            if not any(x0 - 12 <= right <= x0 + 1 and top >= y0 - 4 and bottom <= y1
                       for _, bottom, right, top in boxes):
                orphans.append((index + 1, round(x0), round(y0)))
    doc.close()
    assert checked > 100 and orphans == []


def test_no_straight_quotes_outside_urls_and_code(example):
    report, pdf = example
    text = "\n".join(pages(pdf))
    for url in {n.url for note in report.notes for n in note.content if isinstance(n, m.Link)}:
        text = re.sub("\n?".join(re.escape(c) for c in url), "", text)  # URLs keep their quotes
    assert re.findall(r".{10}[\"'].{10}", text) == []


def png(width: int, height: int) -> bytes:
    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", (width, height), "navy").save(out, "PNG")
    return out.getvalue()


def test_images_with_and_without_alt_text():
    wide, small_one = png(3000, 100), png(40, 20)
    report = small(m.Paragraph(children=[
        m.Image(src="wide.png", alt="a map of Mali", data=wide, media_type="image/png"),
        m.Image(src="dot.png", alt="", data=small_one, media_type="image/png")]))
    pdf, problems = render_pdf(report, CTX, None)
    assert problems == []
    reader = PdfReader(io.BytesIO(pdf))
    images = [i for p in reader.pages for i in p.images]
    assert len(images) == 2
    figures = [e for e in structure(reader) if e.get("/S") == "/Figure"]
    assert [str(f.get("/Alt")) for f in figures] == ["a map of Mali"]  # the other is an artifact


def structure(reader: PdfReader):
    """Every element of the PDF's structure tree, depth first."""
    stack = [reader.trailer["/Root"]["/StructTreeRoot"]]
    while stack:
        node = stack.pop().get_object()
        if isinstance(node, list):
            stack.extend(reversed(node))
            continue
        if not hasattr(node, "get"):
            continue
        if "/S" in node:
            yield node
        kids = node.get("/K")
        if kids is not None:
            stack.append(kids)


def test_tags_complete_what_typst_cannot_say(example):
    report, pdf = example
    reader = PdfReader(io.BytesIO(pdf))
    elements = list(structure(reader))
    notes = [e for e in elements if e["/S"] == "/Note"]
    assert [str(n["/ID"]) for n in notes] == [f"note-{n.number}" for n in report.notes]
    assert all(any(k.get_object().get("/S") == "/Lbl" for k in n["/K"]) for n in notes)
    assert sum(e["/S"] == "/Reference" for e in elements) == len(report.notes)

    def scope(cell):
        attributes = cell.get("/A")
        listed = attributes if isinstance(attributes, list) else [attributes]
        return next((str(a.get_object()["/Scope"]) for a in listed if a is not None and "/Scope" in a.get_object()), "")

    headers = [scope(e) for e in elements if e["/S"] == "/TH"]
    assert headers.count("/Row") == len(report.glance) + len(report.instruments())  # glance labels, legend codes
    assert headers.count("/Column") == 8  # the two legend heads
    assert all(e["/S"] != "/TH" or scope(e) for e in elements)
    contents = [str(a.get_object().get("/Contents")) for page in reader.pages for a in page.get("/Annots", [])]
    assert [c for c in contents if c.startswith("Note ")] == [f"Note {n.number}" for n in report.notes]
    assert contents.count("Back to text of note 1") == 1
    assert [c for c in contents if c.startswith("Biography")] == ["Biography of author a", "Biography of author b",
                                                                    "Biography of author c"]
