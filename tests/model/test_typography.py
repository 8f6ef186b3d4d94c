"""Typographic characters set once in the model: curly quotes, en-dash ranges, never in URLs or code."""

from __future__ import annotations

import pytest

from conftest import PROJECT
from mdime_publish.model import document as m
from mdime_publish.model.typography import typeset, typeset_text
from mdime_publish.model.walk import iter_inlines
from mdime_publish.pipeline import load_report


@pytest.mark.parametrize("source, printed", [
    ('"Hello," she said.', "“Hello,” she said."),
    ("'Quoted' and Russia's army", "‘Quoted’ and Russia’s army"),
    ("the '90s", "the ’90s"),
    ('("quoted")', "(“quoted”)"),
    ("pp. 14-17", "pp. 14–17"),
    ("from 2012-2013 on", "from 2012–2013 on"),
    ("1.5-2.5 million", "1.5–2.5 million"),
    ("on 2024-05-17", "on 2024-05-17"),
    ("ISBN 978-3-16-148410-0", "ISBN 978-3-16-148410-0"),
    ("COVID-19 and S-400", "COVID-19 and S-400"),
    ('see https://x.org/a-1-2?q=it\'s and "this"', "see https://x.org/a-1-2?q=it's and “this”"),
    ("write to o'neil@x.org, 'now'", "write to o'neil@x.org, ‘now’"),
])
def test_quotes_and_ranges(source, printed):
    assert typeset_text(source) == printed


def test_a_quote_opened_in_one_run_closes_in_the_next():
    para = m.Paragraph(children=[m.Text(text='He called it "'), m.Strong(children=[m.Text(text="war")]),
                                 m.Text(text='" in 2014-15.')])
    report = _report_with([para])
    texts = [n.text for n in iter_inlines(typeset(report)) if isinstance(n, m.Text)]
    assert "He called it “" in texts and "” in 2014–15." in texts


def test_code_and_link_targets_stay_as_written():
    para = m.Paragraph(children=[m.Code(text='x = "a" - 1-2'), m.Text(text=" "),
                                 m.Link(url="https://x.org/'a'-1-2", children=[m.Text(text='"label" 1-2')])])
    out = typeset(_report_with([para]))
    code, _, link = out.introduction[0].children
    assert code.text == 'x = "a" - 1-2'
    assert link.url == "https://x.org/'a'-1-2" and link.children[0].text == "“label” 1–2"


def _report_with(blocks):
    loaded = load_report(PROJECT / "content" / "mali" / "russia.md")
    assert loaded.ok
    return loaded.report.model_copy(update={"introduction": blocks})


def test_example_prints_no_straight_quote_outside_urls_and_code():
    report = load_report(PROJECT / "content" / "mali" / "russia.md").report
    assert report.possessive == "Russia’s" and report.series.series_line.startswith("FMSO’s")
    assert report.date == "2024-05" and report.series.back_matter.url.startswith("http")
    for node in iter_inlines(report):
        if isinstance(node, m.Text) and "://" not in node.text:
            assert "'" not in node.text and '"' not in node.text, node.text
    for note in report.notes:
        for run in note.content:
            if isinstance(run, m.Text):
                assert "'" not in run.text and '"' not in run.text, run.text
