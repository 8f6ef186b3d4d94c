"""Links as the author wrote them."""

from __future__ import annotations

from mdime_publish.model.document import Link
from mdime_publish.parse.markdown import parse_inline


def test_an_autolink_prints_its_url_as_written():
    nodes, problems = parse_inline("See <https://example.org/a%20b> and <https://example.org/é>.", "r.md", 1, 1, [""])
    links = [n for n in nodes if isinstance(n, Link)]
    assert problems == []
    assert [link.children[0].text for link in links] == ["https://example.org/a%20b", "https://example.org/é"]
    assert [link.url for link in links] == ["https://example.org/a%20b", "https://example.org/%C3%A9"]
