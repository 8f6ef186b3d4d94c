"""Chicago's URL break points, and the HTML that carries them (no character added)."""

from __future__ import annotations

import re

import pytest

from mdime_publish.model.document import Text
from mdime_publish.writers.inline_html import inlines_html
from mdime_publish.writers.url_breaks import url_segments

URLS = [
    "https://function.mil.ru/news_page/country/more.htm?id=12433883@egNews",
    "http://www.example-site.org/a-b/c_d/index.php?x=1&y=2#top",
    "https://example.org/~me/100%25,final",
]


def test_segments_follow_chicago():
    assert url_segments(URLS[0]) == ["https://", "function", ".mil", ".ru", "/news", "_page", "/country",
                                     "/more", ".htm", "?id", "=", "12433883@egNews"]
    assert url_segments(URLS[1])[:6] == ["http://", "www", ".example", "-site", ".org", "/a"]
    assert "&" in url_segments(URLS[1])  # before and after & (and =)


@pytest.mark.parametrize("url", URLS)
def test_never_inside_the_scheme_or_after_a_hyphen(url):
    segments = url_segments(url)
    assert "".join(segments) == url
    assert segments[0] in ("https://", "http://")
    assert not any(s.endswith("-") for s in segments[:-1])


def test_html_adds_break_opportunities_but_no_characters():
    html = str(inlines_html([Text(text=f"See {URLS[1]}.")]))
    assert html.count("<wbr>") == len(url_segments(URLS[1])) - 1
    assert re.sub(r"<[^>]+>", "", html).replace("&amp;", "&") == f"See {URLS[1]}."
    assert '<span class="url-part">-site</span>' in html  # no break after its hyphen
    assert "<wbr>=<wbr>" in html  # one character: no span needed


def test_print_html_marks_the_same_points_with_zero_width_characters():
    html = str(inlines_html([Text(text=f"See {URLS[1]}.")], print_edition=True))
    assert "<" not in html.replace("&amp;", "&")  # no element at all
    segments = html.removeprefix("See ").removesuffix(".").replace("&amp;", "&").split("\u200b")
    assert [s.replace("\u2060", "") for s in segments] == url_segments(URLS[1])
    assert "-\u2060s\u2060i\u2060t\u2060e" in html  # joined: no break after the hyphen
    assert html.replace("\u200b", "").replace("\u2060", "").replace("&amp;", "&") == f"See {URLS[1]}."
