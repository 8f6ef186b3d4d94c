"""The HTML edition read back as a tree: parts in order, legend, notes, escaping, drafts."""

from __future__ import annotations

import re
from pathlib import Path
from xml.etree import ElementTree

import pytest
import tinyhtml5
from handmade_report import CHINESE_TITLE, CYRILLIC_TITLE, build_report

from mdime_publish.model import document as m
from mdime_publish.model.document import BuildContext
from mdime_publish.writers.html import render_html

NS = {"h": "http://www.w3.org/1999/xhtml"}
CTX = BuildContext(build_date="2024-05-17", revision="abc1234")


def text(el: ElementTree.Element) -> str:
    return re.sub(r"\s+", " ", "".join(el.itertext())).strip()


def find_all(tree: ElementTree.Element, path: str) -> list[ElementTree.Element]:
    return tree.findall(path, NS)


@pytest.fixture(scope="module")
def report() -> m.Report:
    return build_report("final")


@pytest.fixture(scope="module")
def html(report: m.Report) -> str:
    return render_html(report, CTX, None)


@pytest.fixture(scope="module")
def tree(html: str) -> ElementTree.Element:
    return tinyhtml5.parse(html)


def test_head_carries_language_title_and_metadata(tree, report):
    assert tree.get("lang") == "en"
    assert text(tree.find(".//h:title", NS)) == report.title
    metas = {}
    for meta in find_all(tree, ".//h:meta[@name]"):
        metas.setdefault(meta.get("name"), []).append(meta.get("content"))
    assert metas["author"] == ["Lucas Winter", "Jason Warner", "Christopher Betts"]
    assert metas["description"] == [f"{report.key_current.opening} {report.key_projected.opening}"]
    assert "Russia" in metas["keywords"][0] and "Mali" in metas["keywords"][0]


def test_page_is_standalone(html):
    assert "<link" not in html
    assert "<script" not in html
    assert re.search(r'src="https?:', html) is None
    assert "<style>" in html and "@page" in html


def test_parts_in_order_of_the_anatomy(tree, report):
    assert [text(h) for h in find_all(tree, ".//h:h1")] == [report.title]
    expected = [
        report.series.overview_title, "Key Assessments", report.introduction_title, report.glance_title,
        *[c.title for c in report.categories], "Conclusions", "Endnotes", "Authors",
        report.series.back_matter.name,
    ]
    assert [text(h) for h in find_all(tree, ".//h:h2")] == expected


def test_instruments_carry_their_ratings(tree, report):
    sections = find_all(tree, ".//h:section[@class='instrument']")
    assert len(sections) == 12
    for section, instrument in zip(sections, report.instruments()):
        assert text(section.find("h:header/h:h3", NS)) == instrument.title
        lines = [text(p) for p in section.findall("h:header/h:p", NS)]
        confidence = instrument.rating.confidence
        assert lines == [f"Current Influence: {instrument.rating.current.label}",
                         f"Projected Influence: {instrument.rating.projected.label}",
                         *([f"Confidence: {confidence.label}"] if confidence else [])]


def test_findings_are_leads_with_evidence(tree):
    findings = find_all(tree, ".//h:section[@id='instrument-D1']//h:ul[@class='findings']")
    assert len(findings) == 1
    leads = findings[0].findall("h:li/h:p[@class='lead']/h:strong", NS)
    assert text(leads[0]).startswith("D1 lead judgement 1")
    evidence = findings[0].findall("h:li/h:ul[@class='evidence']/h:li", NS)
    assert len(evidence) == 5


def test_every_note_has_a_marker_and_a_back_link(tree, report):
    notes = find_all(tree, ".//h:ol[@class='notes']/h:li")
    assert [li.get("id") for li in notes] == [f"note-{n.number}" for n in report.notes]
    for li in notes:
        number = li.get("id").removeprefix("note-")
        assert li.find("h:a", NS).get("href") == f"#ref-{number}"
    markers = find_all(tree, ".//h:sup[@class='note-ref']/h:a")
    assert [a.get("id") for a in markers] == [f"ref-{n.number}" for n in report.notes]
    assert all(a.get("href") == "#" + a.get("id").replace("ref-", "note-") for a in markers)


def test_note_text_and_scripts_pass_through(tree):
    first, second = find_all(tree, ".//h:ol[@class='notes']/h:li")[:2]
    assert CYRILLIC_TITLE in text(first)
    assert CHINESE_TITLE in text(second)


def test_markers_at_one_place_are_separated_by_a_no_break_space(html):
    assert '<a href="#note-2" id="ref-2">2</a></sup>\u00a0<sup class="note-ref"><a href="#note-3"' in html


def test_legend_columns_print_levels_as_colour_and_text(tree, report):
    left, right = find_all(tree, ".//h:table[@class='legend-column legend-left']"), \
        find_all(tree, ".//h:table[@class='legend-column legend-right']")
    rows = left[0].findall("h:tbody/h:tr", NS) + right[0].findall("h:tbody/h:tr", NS)
    assert [text(r.find("h:th[@scope='row']", NS)) for r in rows] == list(report.ratings())
    d1 = rows[0].findall("h:td", NS)
    assert text(d1[1]) == "Medium" and "--fill: #6BAED6" in d1[1].get("style")
    arrow = d1[2].find("h:span", NS)
    assert arrow.get("aria-hidden") == "true" and arrow.text == "\u2191"
    assert text(d1[2]) == "\u2191 Increasing"
    assert [text(th) for th in left[0].findall("h:thead/h:tr/h:th", NS)] == ["Code", "Instrument", "Current", "Projected"]


def test_low_confidence_is_marked_and_explained(tree):
    marked = [text(r.find("h:th", NS)) for r in find_all(tree, ".//h:section[@class='legend']//h:tbody/h:tr")
              if r.find(".//h:span[@class='confidence-mark']", NS) is not None]
    assert marked == ["I3", "E2"]
    assert [text(p) for p in find_all(tree, ".//h:p[@class='confidence-note']")] == ["* Low confidence: I3, E2."]


def test_legend_key_lists_both_scales(tree, report):
    current = [text(li) for li in find_all(tree, ".//h:div[@class='key key-current']//h:li")]
    assert current == [v.key for v in report.series.current_levels]
    projected = [text(li) for li in find_all(tree, ".//h:div[@class='key key-projected']//h:li")]
    assert projected == ["\u2191 Increasing", "\u2192 Steady", "\u2193 Decreasing", "Unknown"]


def test_glance_labels_are_row_headers(tree, report):
    headers = find_all(tree, ".//h:section[@class='glance']//h:th[@scope='row']")
    assert [text(th) for th in headers] == [row.label for row in report.glance]


def test_key_assessments_name_the_highlighted_instruments(tree):
    first = find_all(tree, ".//h:div[@class='assessment assessment-current']")[0]
    assert text(first.find("h:p[@class='opening']/h:strong", NS)) == \
        "Russia's current M-DIME influence in Mali is assessed as Medium."
    highlight = first.find("h:ul/h:li/h:p", NS)
    assert text(highlight.find("h:strong", NS)) == "Shared Informal/Multilateral Military Engagements (M2)."
    bare = find_all(tree, ".//h:div[@class='assessment assessment-projected']/h:ul/h:li")[-1]
    assert text(bare) == "A bullet with no instrument code."


def test_cover_byline_and_bios_share_letters(tree):
    byline = find_all(tree, ".//h:p[@class='byline']")[0]
    assert text(byline) == "Lucas Wintera, Jason Warnerb, and Christopher Bettsc"
    bios = [text(li) for li in find_all(tree, ".//h:ol[@class='bios']/h:li")]
    assert bios[0] == "a. Mr. Lucas Winter is the senior analyst for the Middle East and North Africa at FMSO."
    assert find_all(tree, ".//h:ol[@class='bios']/h:li/h:strong")[1].text == "Dr. Jason Warner"


def test_generic_blocks_render(tree):
    e1 = find_all(tree, ".//h:section[@id='instrument-E1']")[0]
    assert text(e1.find("h:h4", NS)) == "Deliveries by year"
    table = e1.find("h:table", NS)
    assert [th.get("scope") for th in table.findall("h:thead/h:tr/h:th", NS)] == ["col"] * 3
    assert table.find("h:tbody/h:tr/h:td[@class='align-right']", NS).text == "4"
    for tag in ("blockquote", "ol", "pre", "hr"):
        assert e1.find(f".//h:{tag}", NS) is not None, tag


def test_text_is_escaped_and_unsafe_links_dropped(report):
    unsafe = report.model_copy(deep=True)
    unsafe.conclusions = [m.Paragraph(children=[
        m.Text(text="<b>bold?</b> & "),
        m.Link(url="javascript:alert(1)", children=[m.Text(text="click")]),
    ])]
    html = render_html(unsafe, CTX, None)
    assert "&lt;b&gt;bold?&lt;/b&gt; &amp; click" in html
    assert "javascript:" not in html
    assert "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;" in html  # the code block


def test_unnumbered_citations_never_reach_the_writer(report):
    raw = report.model_copy(deep=True)
    raw.conclusions = [m.Paragraph(children=[m.Cite(items=[m.CiteItem(key="x")])])]
    with pytest.raises(ValueError, match="numbered"):
        render_html(raw, CTX, None)


def test_final_report_has_no_draft_marks(html):
    assert "watermark" not in html.split("<body>")[1]
    assert "Draft built" not in html


def test_draft_report_is_stamped(report):
    draft = report.model_copy(update={"status": "draft"})
    tree = tinyhtml5.parse(render_html(draft, CTX, None))
    assert find_all(tree, ".//h:div[@class='watermark']")[0].get("aria-hidden") == "true"
    assert text(find_all(tree, ".//h:p[@class='draft-stamp']")[0]) == "Draft built 2024-05-17, revision abc1234"
    assert "draft" in tree.get("class").split()


def test_paper_size_reaches_the_page_rule(report):
    assert "@page { size: a4; }" in render_html(report, CTX.model_copy(update={"paper": "a4"}), None)


def test_workspace_styles_override_file_by_file(report, tmp_path: Path):
    (tmp_path / "styles" / "templates").mkdir(parents=True)
    (tmp_path / "styles" / "templates" / "cover.html.j2").write_text(
        '<header class="cover"><h1>{{ report.title }} (workspace cover)</h1></header>', "utf-8")
    (tmp_path / "styles" / "report.css").write_text("body { color: olive; }", "utf-8")
    html = render_html(report, CTX, tmp_path)
    assert "(workspace cover)" in html
    assert "body { color: olive; }" in html
    assert 'class="part key-assessments"' in html  # other parts still from the defaults
