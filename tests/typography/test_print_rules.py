"""The printed page by rule (issue 12), read back from each edition's PDF.

Every check runs on the example reports and the generated stress report, as WeasyPrint
prints them and as LibreOffice prints the DOCX: note markers never start a line, URLs
read whole (and in the PDF edition break only where Chicago allows), nothing runs past
the text block, no straight quotes, en-dash ranges, no page of fewer than four lines,
headings and lead judgements never end a page, the legend never alone; the DOCX legend
says what the PDF's says.
"""

from __future__ import annotations

import io
import re

import docx
import pytest
import tinyhtml5
from editions import STRESS_PARTS, Edition, edition, printed, sources  # noqa: F401 (fixtures)
from printed_pages import PrintedPdf
from stress_report import CHINESE, CYRILLIC, LONG_URLS

from mdime_publish.model import document as m
from mdime_publish.model.walk import inline_lists
from mdime_publish.writers.legend import confidence_marks, confidence_note, legend
from mdime_publish.writers.page_fit import MIN_LINES, short_pages
from mdime_publish.writers.url_breaks import URL, url_segments

MONOSPACE = re.compile("Mono", re.IGNORECASE)


def cited_urls(report: m.Report) -> set[str]:
    """URLs printed as themselves: the notes' links and bare links in the text."""
    found = set()

    def walk(nodes):
        for node in nodes:
            if isinstance(node, m.Link) and [getattr(c, "text", "") for c in node.children] == [node.url]:
                found.add(node.url)
            walk(getattr(node, "children", []) or [])

    for note in report.notes:
        walk(note.content)
    for inlines in inline_lists(report):
        walk(inlines)
    return found


# --- 1. note markers ----------------------------------------------------------------------


def test_no_note_marker_starts_a_line(edition: Edition):
    alone = []
    for index in edition.text_pages:
        for line in edition.pdf.pages[index].lines:
            for segment in line.segments():
                first = next((c for c in segment if c["text"].strip()), None)
                if first is not None and line.is_marker(first):
                    alone.append(f"page {index + 1}: {line.text!r}")
    assert alone == []


# --- 2. URLs --------------------------------------------------------------------------------


def test_every_cited_url_reads_whole(edition: Edition):
    text = edition.pdf.joined()
    urls = cited_urls(edition.report)
    assert urls
    missing = [u for u in urls if not _url_pattern(u).search(text)]
    assert missing == []


def test_urls_break_only_where_chicago_allows(edition: Edition):
    if edition.engine == "docx-libreoffice":
        pytest.skip("Word and LibreOffice break URLs by their own rules; the DOCX adds no characters to steer them")
    text = edition.pdf.joined()
    wrong = []
    for url in cited_urls(edition.report):
        allowed = _break_points(url)
        for match in _url_pattern(url).finditer(text):
            position = 0
            for piece in match.group().split("\n")[:-1]:
                position += len(piece)
                if position not in allowed:
                    wrong.append(f"{url[:position]} | {url[position:]}")
    assert wrong == []


def test_stress_urls_are_broken_somewhere(sources, printed):
    """The stress report's long URLs do reach line ends (else the test above proves little)."""
    paths, margins, _ = printed["weasyprint"]
    text = PrintedPdf(paths["stress"], margins).joined()
    broken = [u for u in LONG_URLS if any("\n" in m.group() for m in _url_pattern(u).finditer(text))]
    assert len(broken) >= 2


def _url_pattern(url: str) -> re.Pattern:
    return re.compile("\n?".join(re.escape(c) for c in url))


def _break_points(url: str) -> set[int]:
    points, position = set(), 0
    for segment in url_segments(url)[:-1]:
        position += len(segment)
        points.add(position)
    return points


def test_nothing_runs_past_the_text_block(edition: Edition):
    over = []
    pages = [*edition.text_pages, *range(edition.back_cover + 1, len(edition.pdf.pages))]
    for index in pages:
        page = edition.pdf.pages[index]
        margins = page.margins
        for line in page.lines:
            for char in (c for c in line.chars if c["text"].strip()):  # a space put back at a line end draws nothing
                if char["x1"] > page.width - margins.right + 1 or char["x0"] < margins.left - 1:
                    over.append(f"page {index + 1}: {line.text!r}")
                    break
    assert over == []


# --- 3. typographic characters ----------------------------------------------------------------


def test_no_straight_quotes_outside_urls_and_code(edition: Edition):
    found = []
    for index, page in enumerate(edition.pdf.pages):
        for line in page.lines:
            text = "".join(c["text"] for c in line.chars if not MONOSPACE.search(c["fontname"]))
            text = URL.sub("", text)
            text = re.sub(r"\S*[/_%=&]\S*", "", text)  # the rest of a URL broken over lines
            if "'" in text or '"' in text:
                found.append(f"page {index + 1}: {line.text!r}")
    assert found == []


def test_ranges_print_an_en_dash(edition: Edition):
    if edition.name != "stress":
        pytest.skip("the stress report holds the ranges")
    text = edition.pdf.joined().replace("\n", " ")
    for printed_range in ("14–17", "3–5", "2019–2021", "1960–1962", "2023–2024"):
        assert printed_range in text
    assert _url_pattern("2024-01-05").search(edition.pdf.joined()) and "2024–01" not in text  # a date: a chain
    assert "“shape”" in text and "army’s" in text and "’20s" in text


def test_scripts_survive(edition: Edition):
    if edition.name != "stress":
        pytest.skip("the stress report holds the scripts")
    text = re.sub(r"\s+", "", edition.pdf.joined())
    assert CYRILLIC.replace(" ", "") in text and CHINESE in text


# --- 4. pages ------------------------------------------------------------------------------------


def test_no_page_holds_fewer_than_four_lines(edition: Edition):
    short = {i + 1: len(edition.pdf.pages[i].lines) for i in edition.text_pages
             if len(edition.pdf.pages[i].lines) < MIN_LINES}
    assert short == {}
    empty = [i + 1 for i in range(len(edition.pdf.pages)) if not edition.pdf.pages[i].lines]
    assert empty == []  # no empty page, before the endnotes or anywhere


def test_headings_and_lead_judgements_never_end_a_page(edition: Edition):
    parts = [p.casefold() for p in _part_titles(edition.report)]
    ending = []
    for index in list(edition.text_pages)[:-1]:
        lines = edition.pdf.pages[index].lines
        following = edition.pdf.pages[index + 1].lines
        if lines and lines[-1].all_bold and not (following and following[0].text.casefold() in parts):
            ending.append(f"page {index + 1}: {lines[-1].text!r}")
    assert ending == []


def test_legend_is_never_alone_on_its_page(edition: Edition):
    title = edition.report.series.legend.left_title
    index = edition.pdf.page_holding(title.upper() if title.upper() in edition.pdf.joined() else title)
    lines = edition.pdf.pages[index].lines
    first = next(i for i, line in enumerate(lines) if title.casefold() in line.text.casefold())
    assert first >= 2, f"page {index + 1} opens with the legend"


def test_stress_report_exercises_page_fit(sources):
    """Without page_fit the stress report would strand lines (else STRESS_PARTS needs tuning)."""
    from weasyprint import HTML

    source = sources["stress"]
    assert short_pages(HTML(string=source.html).render()), f"no part strands lines with {STRESS_PARTS}"


def _part_titles(report: m.Report) -> list[str]:
    labels = report.series.labels
    return [report.series.overview_title, labels.key_assessments, report.introduction_title,
            *[c.title for c in report.categories], labels.conclusions, labels.endnotes, labels.authors]


# --- 6. the DOCX says what the PDF says -------------------------------------------------------------


def test_legend_confidence_note_prints_in_every_edition(edition: Edition):
    rows = legend(edition.report)
    _, notes = confidence_marks(edition.report, rows)
    assert notes, "the reports rate some instruments with low confidence"
    text = edition.pdf.joined().replace("\n", " ")
    for note in notes:
        assert confidence_note(*note) in text


def test_legend_names_and_levels_wrap_at_word_boundaries(edition: Edition):
    title = edition.report.series.legend.left_title
    index = edition.pdf.page_holding(title.upper() if title.upper() in edition.pdf.joined() else title)
    lines = [line.text for line in edition.pdf.pages[index].lines]
    rows = legend(edition.report)
    marks, _ = confidence_marks(edition.report, rows)
    for row in rows.left + rows.right:
        for word in [*re.findall(r"[^\s/]+/?", row.short_name), *(row.current.label + marks[row.code]).split()]:
            assert any(word in line for line in lines), f"{row.code}: {word!r} is cut"


@pytest.mark.parametrize("name", ["russia", "china", "stress"])
def test_docx_legend_cells_are_the_pdf_legend_cells(sources, name):
    source = sources[name]
    tables = [t for t in docx.Document(io.BytesIO(source.docx)).tables if t.style.name == "Legend Table"]
    docx_rows = []
    for row in tables[0].rows:  # one table in reading order (D, I, M, E), group rows between
        cells = [c.text for c in row.cells]
        if re.fullmatch(r"[A-Z]\d", cells[0]):
            docx_rows += [cells[i:i + 4] for i in range(0, len(cells), 4)]
    tree = tinyhtml5.parse(source.html)
    html_rows = []
    for tbody in tree.iter("{http://www.w3.org/1999/xhtml}tbody"):
        for tr in tbody:
            cells = [" ".join("".join(c.itertext()).split()) for c in tr]
            if len(cells) == 4 and re.fullmatch(r"[A-Z]\d", cells[0]):
                html_rows.append(cells)
    order = {code: i for i, code in enumerate(r.code for r in legend(source.report).left + legend(source.report).right)}
    assert sorted(docx_rows, key=lambda r: order[r[0]]) == sorted(html_rows, key=lambda r: order[r[0]])


@pytest.mark.parametrize("name", ["russia", "stress"])
def test_word_prints_endnotes_before_the_authors(sources, name):
    """The endnotes heading ends section 1, whose endnotes Word collects at its end."""
    document = docx.Document(io.BytesIO(sources[name].docx))
    body = document.element.body
    breaks = body.xpath("./w:p[w:pPr/w:sectPr]")
    assert len(breaks) == 1
    assert "".join(breaks[0].xpath("./w:r/w:t/text()")) == sources[name].report.series.labels.endnotes
    assert breaks[0].xpath("w:pPr/w:sectPr/w:endnotePr/w:pos/@w:val") == ["sectEnd"]
    following = [p for p in breaks[0].itersiblings() if p.tag.endswith("}p")]
    assert "".join(following[0].xpath("./w:r/w:t/text()")) == sources[name].report.series.labels.authors
