"""Where a URL may break at a line end, as the Chicago Manual of Style says (6.8, 14.18).

A URL breaks after `//` or a colon; before a slash, period, comma, hyphen, underscore,
question mark, number sign, tilde or percent sign; before or after `=` and `&`. Never
after a hyphen that belongs to the URL, never inside the scheme (`https://`), never
with an inserted hyphen. `url_segments` cuts a URL at those points; the HTML writer
joins the segments with `<wbr>` (a break opportunity that prints and extracts as
nothing) and sets each segment in a no-wrap span, since the Unicode line-breaking rules
(UAX 14) would break after a hyphen, slash or question mark; so the PDF engine breaks
nowhere else and the text copied out is the URL, character for character.

Hand-written: the rule is Chicago's, not Unicode's (UAX 14 breaks after a hyphen or a
slash), and no maintained Python package implements it.
"""

from __future__ import annotations

import re

#: A URL or a web address written in text.
URL = re.compile(r"(?:[A-Za-z][A-Za-z0-9+.-]*://|www\.)[^\s<>\"“”‘’]*[^\s<>\"“”‘’.,;:!?)\]]")
_BEFORE = set("/.,-_?#~%=&")
_AFTER = set(":=&")
def url_segments(url: str) -> list[str]:
    """`url` cut at every point Chicago allows a line break."""
    scheme = re.match(r"[A-Za-z][A-Za-z0-9+.-]*://", url)
    start = scheme.end() if scheme else 0
    cuts = [start] if start else []
    for i in range(start + 1, len(url)):
        before, char = url[i - 1], url[i]
        if char == "/" and (before == "/" or url[i + 1:i + 2] == "/"):
            continue  # '//' stays whole; a break may follow it
        if char in _BEFORE or before in _AFTER or (before == "/" and url[i - 2:i - 1] == "/"):
            cuts.append(i)
    cuts = sorted(set(c for c in cuts if 0 < c < len(url)))
    return [url[a:b] for a, b in zip([0, *cuts], [*cuts, len(url)])]
