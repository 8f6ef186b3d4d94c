"""The DOCX editions against Word's accessibility rules, read back with python-docx and lxml,
and through LibreOffice's tagged-PDF export."""

from __future__ import annotations

import io
import re
import shutil
import subprocess
import zipfile
from pathlib import Path

import docx
import pikepdf
import pytest
from a11y_examples import EXAMPLES, docx as build_docx, report
from lxml import etree

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
NS = {"w": W}
CYRILLIC = re.compile("[\u0400-\u04ff]")
HAN = re.compile("[\u4e00-\u9fff]")


def q(name: str) -> str:
    return f"{{{W}}}{name}"


@pytest.fixture(scope="module", params=EXAMPLES)
def built(request):
    data = build_docx(request.param)
    return request.param, data, zipfile.ZipFile(io.BytesIO(data))


def part(package: zipfile.ZipFile, name: str) -> etree._Element:
    return etree.fromstring(package.read(name))


def outline_levels(package: zipfile.ZipFile) -> dict[str, int]:
    """Outline level (1-based) of every paragraph style that has one, through basedOn."""
    styles = {s.get(q("styleId")): s for s in part(package, "word/styles.xml").iter(q("style"))}

    def level(style_id: str, seen=()) -> int | None:
        style = styles.get(style_id)
        if style is None or style_id in seen:
            return None
        own = style.find("w:pPr/w:outlineLvl", NS)
        if own is not None:
            return int(own.get(q("val"))) + 1
        based = style.find("w:basedOn", NS)
        return level(based.get(q("val")), (*seen, style_id)) if based is not None else None

    return {sid: lvl for sid in styles if (lvl := level(sid)) is not None and lvl < 10}


def headings(package: zipfile.ZipFile) -> list[tuple[int, str]]:
    """(level, text) of every heading paragraph in document order, table cells included."""
    levels = outline_levels(package)
    out = []
    for p in part(package, "word/document.xml").iter(q("p")):
        style = p.find("w:pPr/w:pStyle", NS)
        own = p.find("w:pPr/w:outlineLvl", NS)
        level = int(own.get(q("val"))) + 1 if own is not None else levels.get(style.get(q("val")) if style is not None else "")
        if level:
            out.append((level, "".join(t.text or "" for t in p.iter(q("t")))))
    return out


def test_every_table_has_a_header_row(built):
    name, data, package = built
    tables = list(part(package, "word/document.xml").iter(q("tbl")))
    assert len(tables) >= 3
    without = [i for i, t in enumerate(tables) if t.find("w:tr/w:trPr/w:tblHeader", NS) is None]
    assert without == []


def test_no_heading_level_is_skipped(built):
    name, data, package = built
    found = headings(package)
    assert found[0][0] == 1
    assert [(a, b) for (a, _), (b, text) in zip(found, found[1:]) if b > a + 1] == []


def test_back_matter_title_is_a_heading(built):
    name, data, package = built
    assert (1, report(name).series.back_matter.name) in headings(package)


def test_legend_reads_d_i_m_e(built):
    name, data, package = built
    document = docx.Document(io.BytesIO(data))
    legend = next(t for t in document.tables if t.style.name == "Legend Table")
    codes = [p.text for row in legend.rows for cell in row.cells for p in cell.paragraphs
             if p.style.name == "Legend Code"]
    assert codes == [i.code for i in report(name).instruments()]


@pytest.mark.parametrize("part_name", ["word/document.xml", "word/endnotes.xml"])
def test_runs_in_other_scripts_carry_their_language(built, part_name):
    name, data, package = built
    checked = 0
    for run in part(package, part_name).iter(q("r")):
        text = "".join(t.text or "" for t in run.iter(q("t")))
        lang = run.find("w:rPr/w:lang", NS)
        if CYRILLIC.search(text):
            assert lang is not None and lang.get(q("val"), "").startswith("ru"), text
            checked += 1
        if HAN.search(text):
            assert lang is not None and lang.get(q("eastAsia"), "").startswith("zh"), text
            checked += 1
    assert checked or part_name == "word/document.xml"


def test_french_titles_with_langid_are_marked(built):
    name, data, package = built
    french = ["".join(t.text or "" for t in r.iter(q("t"))) for r in part(package, "word/endnotes.xml").iter(q("r"))
              if (lang := r.find("w:rPr/w:lang", NS)) is not None and lang.get(q("val")) == "fr-FR"]
    assert french


@pytest.mark.skipif(shutil.which("soffice") is None, reason="needs LibreOffice (scripts/setup.sh --test installs it)")
def test_libreoffice_tagged_pdf_keeps_table_headers(tmp_path: Path):
    source = tmp_path / "russia.docx"
    source.write_bytes(build_docx("russia"))
    export = 'pdf:writer_pdf_Export:{"UseTaggedPDF":{"type":"boolean","value":"true"}}'
    subprocess.run(["soffice", f"-env:UserInstallation=file://{tmp_path}/profile", "--headless", "--convert-to",
                    export, "--outdir", str(tmp_path), str(source)], check=True, capture_output=True, timeout=180)
    with pikepdf.open(tmp_path / "russia.pdf") as pdf:
        tables = []

        def walk(element):
            if isinstance(element, pikepdf.Dictionary) and "/S" in element:
                if element.S == "/Table":
                    tables.append(element)
                kids = element.get("/K")
                for kid in (kids if isinstance(kids, pikepdf.Array) else [kids] if kids is not None else []):
                    walk(kid)

        for kid in pdf.Root.StructTreeRoot.K if isinstance(pdf.Root.StructTreeRoot.K, pikepdf.Array) else [pdf.Root.StructTreeRoot.K]:
            walk(kid)

        def first_row_cells(table):
            rows = [k for k in table.K if isinstance(k, pikepdf.Dictionary) and k.get("/S") == "/TR"]
            return [str(c.S) for c in rows[0].K if isinstance(c, pikepdf.Dictionary) and "/S" in c] if rows else []

        assert len(tables) >= 3
        assert [first_row_cells(t) for t in tables if set(first_row_cells(t)) != {"/TH"}] == []
