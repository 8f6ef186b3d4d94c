"""Numbering notes: forms in sequence, marker placement, reading order, inline notes."""

from __future__ import annotations

import pytest
from inline_markup import markup
from ruamel.yaml import YAML

from mdime_publish.model import document as m
from mdime_publish.model.notes import number_notes
from mdime_publish.model.references import Name, PartialDate, Reference
from mdime_publish.series import Series, default_series_text

REFERENCES = {
    "a": Reference(
        key="a",
        type="online",
        fields={"title": "Alpha in Mali", "organization": "Org A"},
        date=PartialDate(2023, 8, 1),
    ),
    "b": Reference(
        key="b",
        type="book",
        authors=(Name("Doe", "Jane"),),
        fields={"title": "Beta", "publisher": "Press"},
        date=PartialDate(2020),
    ),
}
FULL_A, SHORT_A = "“Alpha in Mali.” Org A. August 1, 2023.", "“Alpha in Mali.”"
FULL_B, SHORT_B = "Doe, Jane. *Beta*. Press, 2020.", "Doe, *Beta*."


def t(text: str) -> m.Text:
    return m.Text(text=text)


def cite(*keys: str) -> m.Cite:
    """cite('a', 'b:4') is [@a; @b, 4]."""
    return m.Cite(items=[m.CiteItem(key=k.split(":")[0], locator=k.partition(":")[2]) for k in keys])


def para(*children: m.Inline) -> m.Paragraph:
    return m.Paragraph(children=list(children))


def make_report(**parts) -> m.Report:
    level = m.Level(id="medium", label="Medium")
    rating = m.Rating(current=level, projected=m.Level(id="steady", label="Steady"))

    def key_assessment(highlights: list[m.Highlight]) -> m.KeyAssessment:
        return m.KeyAssessment(opening="", lead_in=[t("Lead in:")], highlights=highlights)

    return m.Report(
        series=Series.model_validate(YAML(typ="safe").load(default_series_text())),
        source="russia.md",
        benefactor_id="russia", benefactor="Russia", adjective="Russian", possessive="Russia's",
        recipient="Mali", recipient_id="mali", date="2024-05", date_label="May 2024",
        status="draft", title="T", authors=[], overview=[], overall=rating,
        key_current=key_assessment(parts.pop("current", [])),
        key_projected=key_assessment(parts.pop("projected", [])),
        introduction_title="Introduction", glance_title="Mali at a Glance",
        **{"introduction": [], "glance": [], "categories": [], "conclusions": [], **parts},
    )


def numbered(*children: m.Inline) -> tuple[str, list[m.Note]]:
    """The paragraph after numbering, as markup, and the notes."""
    report = number_notes(make_report(introduction=[para(*children)]), REFERENCES)
    return markup(report.introduction[0].children), report.notes


def test_full_then_ibid_then_short_with_locators():
    text, notes = numbered(
        t("One "), cite("a"), t(". Two "), cite("a"), t(". Three "), cite("b:p. 4"),
        t(". Four "), cite("b:p. 4"), t(". Five "), cite("b:5"), t(". Six "), cite("b"),
        t(". Seven "), cite("a", "b"), t(". Eight "), cite("b"), t("."),
    )
    assert text == "One.^1 Two.^2 Three.^3 Four.^4 Five.^5 Six.^6 Seven.^7^8 Eight.^9"
    assert [(n.number, n.form, markup(n.content), n.keys) for n in notes] == [
        (1, "full", FULL_A, ["a"]),
        (2, "ibid", "Ibid.", ["a"]),
        (3, "full", "Doe, Jane. *Beta*. Press, 2020, 4.", ["b"]),
        (4, "ibid", "Ibid.", ["b"]),  # same locator
        (5, "ibid", "Ibid., 5.", ["b"]),  # another locator
        (6, "short", SHORT_B, ["b"]),  # no locator after one: not "Ibid."
        (7, "short", SHORT_A, ["a"]),
        (8, "short", SHORT_B, ["b"]),  # [@a; @b] is two notes; b follows a
        (9, "ibid", "Ibid.", ["b"]),
    ]


def test_short_note_after_an_intervening_source():
    _, notes = numbered(cite("a"), cite("b"), cite("a"))
    assert [(n.form, markup(n.content)) for n in notes] == [
        ("full", FULL_A), ("full", FULL_B), ("short", SHORT_A)]


@pytest.mark.parametrize(
    "children, expected",
    [
        ([t("in Mali "), cite("a"), t(".")], "in Mali.^1"),
        ([t("in Mali "), cite("a"), t(", and more")], "in Mali,^1 and more"),
        ([t("in Mali "), cite("a"), t(" and more")], "in Mali^1 and more"),
        ([t("in Mali "), cite("a", "b"), t("; next")], "in Mali;^1^2 next"),
        ([t("said “in Mali "), cite("a"), t("”.")], "said “in Mali”.^1"),
        ([t("is it "), cite("a"), t("?! yes")], "is it?!^1 yes"),
        ([t("(as in Mali "), cite("a"), t(").")], "(as in Mali^1)."),  # stays inside
        ([cite("a")], "^1"),
        ([m.Strong(children=[t("in Mali "), cite("a")]), t(". Next")], "**in Mali**.^1 Next"),
        ([m.Strong(children=[t("in Mali "), cite("a"), t(".")])], "**in Mali.^1**"),
        ([m.Strong(children=[t("in Mali.")]), t(" "), cite("a")], "**in Mali.**^1"),
        ([m.Strong(children=[t("in Mali")]), t(" "), cite("a"), t(".")], "**in Mali**.^1"),
        (
            [m.Strong(children=[m.Emph(children=[t("in Mali "), cite("a")])]), t(".")],
            "***in Mali***.^1",
        ),
        (
            [m.Strong(children=[t("in Mali "), cite("a")]), t(" "), cite("b"), t(".")],
            "**in Mali**.^1^2",
        ),
    ],
)
def test_markers_go_after_punctuation_and_never_after_a_space(children, expected):
    assert numbered(*children)[0] == expected


def test_numbered_in_reading_order_across_parts_and_block_types():
    def finding(lead: str, evidence: str, extra: str) -> m.Finding:
        return m.Finding(
            lead=[m.Strong(children=[t(lead), cite(lead)])],
            evidence=[m.ListItem(blocks=[para(t(evidence), cite(evidence))])],
            blocks=[para(t(extra), cite(extra))],
        )

    report = make_report(
        current=[m.Highlight(code="M2", children=[t("h1"), cite("h1")])],
        projected=[m.Highlight(children=[t("h2"), cite("h2")], blocks=[para(cite("h3"))])],
        introduction=[
            para(cite("i1")),
            m.BulletList(items=[m.ListItem(blocks=[para(cite("i2"))])]),
            m.BlockQuote(blocks=[para(cite("i3"))]),
        ],
        glance=[m.GlanceRow(label="Capital", value=[t("Bamako"), cite("g1")]),
                m.GlanceRow(label="Population", value=[cite("g2")])],
        categories=[
            m.CategorySection(
                code="D", name="Diplomatic", title="D - Diplomatic Influence",
                intro=[m.Heading(level=3, children=[cite("c1")])],
                instruments=[
                    m.InstrumentSection(
                        code="D1", name="n", short_name="s", title="D1 - n",
                        rating=make_report().overall, rating_lines=[],
                        blocks=[
                            m.Findings(items=[finding("f1", "f2", "f3")]),
                            m.Table(
                                header=[m.TableCell(children=[cite("t1")])],
                                rows=[[m.TableCell(children=[cite("t2")])]],
                            ),
                            m.OrderedList(items=[m.ListItem(blocks=[para(cite("o1"))])]),
                        ],
                    )
                ],
            )
        ],
        conclusions=[para(cite("z1"))],
    )
    result = number_notes(report, REFERENCES)
    order = "h1 h2 h3 i1 i2 i3 g1 g2 c1 f1 f2 f3 t1 t2 o1 z1".split()
    assert [n.keys[0] for n in result.notes] == order
    assert [n.number for n in result.notes] == list(range(1, len(order) + 1))
    assert markup(result.glance[0].value) == "Bamako^7"
    assert markup(result.notes[6].content) == "[g1]."  # a key with no entry
    lead = result.categories[0].instruments[0].blocks[0].items[0].lead
    assert markup(lead) == "**f1^10**"


def test_inline_note_is_one_comment_with_its_citations_written_out():
    text, notes = numbered(
        t("First "), cite("a"), t(". Second."),
        m.InlineNote(children=[t("See "), cite("a:2", "b"), t("; and "), cite("a"), t(".")]),
        t(" Third "), cite("b"), t("."),
    )
    assert text == "First.^1 Second.^2 Third.^3"
    assert [(n.form, n.keys) for n in notes] == [
        ("full", ["a"]), ("comment", ["a", "b", "a"]), ("short", ["b"])]
    assert markup(notes[1].content) == (
        "See (ibid., 2; Doe, Jane. *Beta*. Press, 2020); and (“Alpha in Mali”)."
    )


def test_ibid_inside_an_inline_note_keeps_its_stop():
    _, notes = numbered(cite("b:4"), m.InlineNote(children=[t("As reported "), cite("b:4"), t(".")]))
    assert markup(notes[1].content) == "As reported (ibid.)."


def test_an_inline_note_is_never_followed_by_ibid():
    _, notes = numbered(m.InlineNote(children=[cite("a"), t(" says so.")]), cite("a"))
    assert markup(notes[0].content) == "“Alpha in Mali.” Org A. August 1, 2023 says so."
    assert (notes[1].form, markup(notes[1].content)) == ("short", SHORT_A)


def test_the_input_report_is_left_as_it_was():
    report = make_report(introduction=[para(t("in Mali "), cite("a"), t("."))])
    before = report.model_dump()
    result = number_notes(report, REFERENCES)
    assert report.model_dump() == before and report.notes == []
    assert markup(result.introduction[0].children) == "in Mali.^1"
