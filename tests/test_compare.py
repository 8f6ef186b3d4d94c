"""`mdime compare` on the examples: the PDF read back shows Russia and China for Mali,
each level's text in its own cell; the HTML has real table headers."""

from __future__ import annotations

from html.parser import HTMLParser
from pathlib import Path

import pdfplumber
import pytest
from example_ratings import (ARROW, CONFIDENCE, CONFIDENCE_MARK, CURRENT, CURRENT_SHORT, EXAMPLES, INSTRUMENT,
                             PROJECTED, ratings)

from conftest import PROJECT
from mdime_publish.compare import comparison, short_forms
from mdime_publish.series import ScaleValue

CODES = [*INSTRUMENT, "Overall"]


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    """compare.html and compare.pdf of the two Mali examples."""
    from mdime_publish.cli import main

    out = tmp_path_factory.mktemp("compare")
    assert main(["compare", str(PROJECT), "--out", str(out)]) == 0
    return out


def rating(path: Path, code: str) -> dict:
    return ratings(path)["overall" if code == "Overall" else code]


def words(page, top: float = 0, bottom: float | None = None) -> list[dict]:
    bottom = page.height if bottom is None else bottom
    return [w for w in page.extract_words() if top <= w["top"] < bottom]


def first(found: list[dict], text: str) -> dict:
    return next(w for w in found if w["text"] == text)


def cell_text(page, x0: float, x1: float, row: dict, height: float) -> str:
    """The text inside a cell of the row whose heading word is `row`, without spaces."""
    text = page.crop((x0, row["top"] - 2, x1, row["top"] + height)).extract_text()
    return "".join(text.split())


def test_benefactor_matrices_show_each_level_in_its_cell(built):
    with pdfplumber.open(built / "compare.pdf") as pdf:
        page = pdf.pages[0]
        found = words(page)
        russia, china = first(found, "Russia"), first(found, "China")
        assert russia["top"] < china["top"]
        for path, (top, bottom) in zip(EXAMPLES, [(russia["top"], china["top"]), (china["top"], page.height)]):
            region = words(page, top, bottom)
            centres = [(w["x0"] + w["x1"]) / 2 for w in (first(region, code) for code in CODES)]
            edges = [centres[0] - (centres[1] - centres[0]) / 2,
                     *((a + b) / 2 for a, b in zip(centres, centres[1:])), page.width]
            mali = first(region, "Mali")
            for code, x0, x1 in zip(CODES, edges, edges[1:]):
                r = rating(path, code)
                mark = CONFIDENCE_MARK[r["confidence"]] if "confidence" in r else ""
                assert cell_text(page, x0, x1, mali, 30) == CURRENT_SHORT[r["current"]] + ARROW[r["projected"]] + mark, \
                    f"{path.name} {code}"


def test_recipient_table_shows_both_benefactors_side_by_side(built):
    with pdfplumber.open(built / "compare.pdf") as pdf:
        page = next(p for p in pdf.pages if "BENEFACTORS SIDE BY SIDE" in (p.extract_text() or ""))
        found = words(page)
        assert first(found, "Mali")
        russia, china = first(found, "Russia"), first(found, "China")
        assert russia["x0"] < china["x0"]
        columns = [(russia["x0"] - 2, china["x0"] - 2), (china["x0"] - 2, page.width)]
        for code in CODES:
            row = next(w for w in found if w["text"] == code and w["x0"] < russia["x0"] / 4)
            for path, (x0, x1) in zip(EXAMPLES, columns):
                r = rating(path, code)
                words_expected = [CURRENT[r["current"]], ARROW[r["projected"]], PROJECTED[r["projected"]]]
                if "confidence" in r:
                    words_expected += [CONFIDENCE[r["confidence"]], "confidence"]
                assert cell_text(page, x0, x1, row, row["bottom"] - row["top"] + 2) == "".join(
                    "".join(words_expected).split()), f"{path.name} {code}"


class _Headers(HTMLParser):
    """The text of every <th>, with its scope, and the captions."""

    def __init__(self):
        super().__init__()
        self.headers: list[tuple[str, str]] = []
        self.captions: list[str] = []
        self._open: list | None = None

    def handle_starttag(self, tag, attrs):
        if tag in ("th", "caption"):
            self._open = [tag, dict(attrs).get("scope", ""), ""]

    def handle_data(self, data):
        if self._open:
            self._open[2] += data

    def handle_endtag(self, tag):
        if self._open and tag == self._open[0]:
            tag, scope, text = self._open
            text = " ".join(text.split())
            (self.captions.append(text) if tag == "caption" else self.headers.append((scope, text)))
            self._open = None


def test_html_has_table_headers(built):
    parser = _Headers()
    parser.feed((built / "compare.html").read_text(encoding="utf-8"))
    assert parser.captions == ["Russia", "China", "Mali"]
    cols = [text for scope, text in parser.headers if scope == "col"]
    assert "Recipient" in cols and "Code" in cols and "Instrument" in cols
    assert "D1 Defense-Related Diplomacy" in cols and "E3 Trade/Cooperation in Strategic Commodities/Sectors" in cols
    assert "Russia May 2024, draft" in cols and "China May 2024, draft" in cols
    groups = [text for scope, text in parser.headers if scope == "colgroup"]
    assert groups == ["Diplomatic", "Informational", "Military", "Economic"] * 2
    rows = [text for scope, text in parser.headers if scope == "row"]
    assert rows.count("Mali May 2024, draft") == 2 and "D1" in rows and "Overall" in rows


def test_default_output_is_the_workspace_build_folder(mini, run):
    status, _, err = run("compare", cwd=mini)
    assert status == 0, err
    assert (mini / "build" / "compare.html").is_file()
    assert (mini / "build" / "compare.pdf").read_bytes().startswith(b"%PDF")


def test_reports_with_errors_are_left_out_and_reported(mini, run, tmp_path):
    report = mini / "content" / "testland" / "russia.md"
    report.write_text(report.read_text(encoding="utf-8").replace("D1: {current: medium", "D1: {current: huge"),
                      encoding="utf-8")
    status, _, err = run("compare", "--out", tmp_path, cwd=mini)
    assert status == 1
    assert "russia.md:" in err and "error: ratings.D1.current" in err
    assert not (tmp_path / "compare.pdf").exists()


def test_matrices_group_reports_by_benefactor_and_recipient():
    from mdime_publish.pipeline import Workspace, load_report

    ws = Workspace(PROJECT)
    china, russia = (load_report(p, ws).report for p in reversed(EXAMPLES))
    result = comparison([china, russia])
    assert [(m.title, [r.label for r in m.rows]) for m in result.by_benefactor] == [("Russia", ["Mali"]), ("China", ["Mali"])]
    assert [(m.title, [r.label for r in m.rows]) for m in result.by_recipient] == [("Mali", ["Russia", "China"])]
    assert [g.name for g in result.groups] == ["Diplomatic", "Informational", "Military", "Economic", ""]
    assert result.by_recipient[0].rows[1].cells["M2"].current.fill == "#2171B5"  # China M2: high


def test_short_forms_fall_back_to_the_label_when_initials_clash():
    levels = [ScaleValue(id="very-high", label="Very High"), ScaleValue(id="vast-help", label="Vast Help"),
              ScaleValue(id="none", label="None/Unobserved")]
    assert short_forms(levels) == {"very-high": "Very High", "vast-help": "Vast Help", "none": "NU"}
