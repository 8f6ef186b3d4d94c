"""The model of the small valid report, asserted field by field (issue 2)."""

from __future__ import annotations

import pytest

from mdime_publish.model import document as m
from mdime_publish.parse.markdown import plain_text
from mdime_publish.pipeline import load_report


@pytest.fixture(scope="module")
def report(tmp_path_factory):
    import shutil

    from conftest import FIXTURES

    root = tmp_path_factory.mktemp("ws") / "mini"
    shutil.copytree(FIXTURES / "mini", root)
    loaded = load_report(root / "content" / "testland" / "russia.md")
    assert loaded.problems == []
    return loaded.report


def test_identity_and_cover_fields(report):
    assert (report.benefactor_id, report.benefactor, report.adjective, report.possessive) == (
        "russia", "Russia", "Russian", "Russia’s")  # typeset: curly apostrophe
    assert (report.recipient, report.recipient_id, report.date, report.date_label) == (
        "Testland", "testland", "2024-05", "May 2024")
    assert report.status == "draft"
    assert report.title == "Instruments of Russian Military Influence in Testland"
    assert [(a.id, a.name, a.honorific, a.letter) for a in report.authors] == [
        ("doe", "Jane Doe", "Dr.", "a"), ("roe", "Richard Roe", "Mr.", "b")]
    assert plain_text(report.authors[1].bio) == "is a research fellow."


def test_ratings_are_normalised_and_labelled(report):
    ratings = report.ratings()
    assert list(ratings) == ["D1", "D2", "D3", "I1", "I2", "I3", "M1", "M2", "M3", "E1", "E2", "E3"]
    assert (ratings["D2"].current.id, ratings["D2"].projected.id) == ("low", "steady")  # "Low", "Steady"
    assert (ratings["I2"].current.id, ratings["I2"].current.label) == ("very-low", "Very Low")  # very_low
    assert ratings["M2"].current.label == "Very High"
    assert ratings["I3"].confidence.label == "Low" and ratings["D1"].confidence is None
    assert (report.overall.current.label, report.overall.projected.label) == ("Medium", "Increasing")


def test_key_assessments(report):
    current, projected = report.key_current, report.key_projected
    assert current.opening == "Russia’s current M-DIME influence in Testland is assessed as Medium."
    assert plain_text(current.lead_in) == (
        "Some of the most important instruments for Russia’s influence in Testland include:")
    assert plain_text(projected.lead_in) == "The instruments that will matter most:"  # the author's own
    assert [(h.code, h.name) for h in current.highlights] == [
        ("M2", "Shared Informal/Multilateral Military Engagements"), ("E1", "Arms Transfers")]
    assert plain_text(current.highlights[1].children) == "Most equipment comes from the benefactor."
    assert [h.code for h in projected.highlights] == ["D2"]


def test_introduction_and_glance(report):
    assert report.introduction_title == "Introduction to Russia-Testland Military Relations"
    assert report.glance_title == "Testland at a Glance"
    assert [r.label for r in report.glance] == ["Capital", "Military Expenditure", "Armed Service Branches"]
    assert plain_text(report.glance[1].value).startswith("$515 million (2022 estimate)")
    assert isinstance(report.glance[2].value[0], m.Strong)


def test_categories_instruments_and_findings(report):
    assert [c.title for c in report.categories] == [
        "D - Diplomatic Influence", "I - Informational Influence", "M - Military Influence", "E - Economic Influence"]
    d = report.categories[0]
    assert plain_text(d.intro[0].children) == "Diplomatic ties are close."
    assert [i.title for i in d.instruments] == [
        "D1 - Defense-Related Diplomacy", "D2 - International Military Education and Training",
        "D3 - Soft Power Activities"]
    findings = d.instruments[0].blocks[0]
    assert isinstance(findings, m.Findings)
    first, second = findings.items
    assert isinstance(first.lead[0], m.Strong)
    assert [plain_text(e.blocks[0].children) for e in first.evidence] == [
        "The minister visited three times.", "A fourth visit is planned."]
    assert isinstance(second.lead[0], m.Emph) and isinstance(second.lead[0].children[0], m.Strong)  # ***...***
    assert report.instruments()[-1].rating.projected.label == "Decreasing"


def test_conclusions_and_overview(report):
    assert len(report.conclusions) == 2
    texts = [plain_text(b.children) for b in report.overview if isinstance(b, (m.Paragraph, m.Heading))]
    assert "Diplomatic Instruments" in texts and "Economic Instruments" in texts
    lists = [b for b in report.overview if isinstance(b, m.BulletList)]
    assert plain_text(lists[1].items[0].blocks[0].children) == "I1 Cultural and Media Outreach, Collaboration, and Alignment"
