"""The HTML editions against WCAG 2.1 AA: axe-core in Debian's Chromium, and the languages
of foreign passages read back from the page."""

from __future__ import annotations

import re

import pytest
import tinyhtml5
from a11y_examples import EXAMPLES, html, report
from axe_check import CHROMIUM, axe_violations, summary

NS = "{http://www.w3.org/1999/xhtml}"
SCRIPTS = {"ru": re.compile("[\u0400-\u04ff]"), "zh": re.compile("[\u4e00-\u9fff]")}

needs_chromium = pytest.mark.skipif(not CHROMIUM.exists(), reason="needs Debian's chromium at /usr/bin/chromium "
                                                                  "(scripts/setup.sh --test installs it)")


@needs_chromium
@pytest.mark.parametrize("status", ["draft", "final"])
@pytest.mark.parametrize("name", EXAMPLES)
def test_axe_finds_no_serious_or_critical_violation(name, status):
    violations = axe_violations(html(name, status))
    serious = [v for v in violations if v["impact"] in ("serious", "critical")]
    assert summary(serious) == []
    # the draft stamp sits in a landmark; links in text do not rely on colour
    assert {v["id"] for v in violations} & {"region", "link-in-text-block"} == set(), summary(violations)


@needs_chromium
def test_axe_finds_nothing_on_the_comparison_page():
    from mdime_publish.compare import comparison
    from mdime_publish.writers.compare import comparison_html

    page = comparison_html(comparison([report(name) for name in EXAMPLES]), None)
    assert summary(axe_violations(page)) == []


@needs_chromium
def test_axe_check_can_fail():
    page = '<!DOCTYPE html><html><head><title>t</title></head><body><main><img src="x.png"></main></body></html>'
    assert "image-alt" in {v["id"] for v in axe_violations(page)}


def _texts_with_language(element, inherited=""):
    """(text, language in force) for every text and tail in the tree."""
    lang = element.get("lang", inherited)
    if element.text:
        yield element.text, lang
    for child in element:
        yield from _texts_with_language(child, lang)
        if child.tail:
            yield child.tail, lang


@pytest.mark.parametrize("name", EXAMPLES)
def test_every_foreign_passage_carries_its_language(name):
    tree = tinyhtml5.parse(html(name))
    body = tree.find(f"{NS}body")
    found = {lang: 0 for lang in SCRIPTS}
    for text, lang in _texts_with_language(body, tree.get("lang")):
        for expected, script in SCRIPTS.items():
            if script.search(text):
                assert lang == expected, f"{text[:40]!r} is marked {lang!r}"
                found[expected] += 1
    assert max(found.values()) > 0, "the example should have Russian or Chinese passages"


@pytest.mark.parametrize("name", EXAMPLES)
def test_titles_of_entries_with_langid_are_marked(name):
    page = html(name)
    french = re.findall(r'<span lang="fr">([^<]*)</span>', page)
    assert french, "the examples cite French titles with langid = {french}"
    assert all("Mali" in t or "Chine" in t or "é" in t or "Primature" in t for t in french), french
    assert '<span lang="fr">“Mali (1960–1968)' not in page  # English title, French journal: not marked


def test_legend_key_explains_every_value_the_legend_shows():
    tree = tinyhtml5.parse(html("russia"))
    legend = tree.find(f".//{NS}section[@class='legend']")
    shown = {" ".join("".join(td.itertext()).split()) for td in legend.iter(f"{NS}td")
             if "projection" in td.get("class", "")}
    key = {" ".join("".join(li.itertext()).split()) for li in legend.iter(f"{NS}li")}
    assert shown and shown <= key
    assert "Unknown" in key
    levels = {td.get("class").split()[1] for td in legend.iter(f"{NS}td") if td.get("class", "").startswith("level ")}
    assert levels <= {li.get("class").split()[1] for li in legend.iter(f"{NS}li") if "level" in li.get("class", "")}
    assert report("russia").series.projected("unknown").label == "Unknown"
