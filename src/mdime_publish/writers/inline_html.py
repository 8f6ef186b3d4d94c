"""Inline nodes to HTML: one table keyed by node type, every text escaped.

Writers see numbered reports only, so `Cite` and `InlineNote` are programmer
errors here. A note marker is `<sup><a href="#note-N" id="ref-N">N</a></sup>`;
markers that follow each other print with a space between them ("51 52"). A marker
never starts a line: a WORD JOINER (invisible, not extracted from the PDF) ties it
to what it follows, since WeasyPrint may break before any inline box, and the space
between markers is a no-break space. A URL in text breaks only where Chicago allows
(`url_breaks`). On the web, `<wbr>` goes between segments and each segment sits in a
`<span class="url-part">` that does not wrap, so copied text is the URL itself. For
print (`print_edition`), the same points are characters, which WeasyPrint lays out at
a third of the cost of two elements per segment: a ZERO WIDTH SPACE between segments
and a WORD JOINER between the characters of a segment; both are zero-width, neither is
drawn nor extracted from the PDF. Text in another language
is a `<span lang>`. Links keep only safe targets (web, mail, in-page); anything else
prints as its text.
"""

from __future__ import annotations

import base64
from collections.abc import Callable, Sequence
from urllib.parse import urlsplit

from markupsafe import Markup, escape

from mdime_publish.model.document import (
    Code,
    Emph,
    Image,
    Inline,
    LineBreak,
    Link,
    NoteRef,
    Strong,
    Text,
)
from mdime_publish.writers.url_breaks import URL, url_segments

SAFE_LINK_SCHEMES = {"http", "https", "mailto", ""}
WORD_JOINER = "\u2060"
ZERO_WIDTH_SPACE = "\u200b"


def inlines_html(nodes: Sequence[Inline], print_edition: bool = False) -> Markup:
    """A run of inline nodes as HTML; URLs marked up for print or for the web."""
    parts: list[str] = []
    previous = None
    for node in nodes:
        if isinstance(node, NoteRef):
            parts.append("\u00a0" if isinstance(previous, NoteRef) else WORD_JOINER)
        parts.append(_render(node, print_edition))
        previous = node
    return Markup("".join(parts))


def _render(node: Inline, print_edition: bool) -> str:
    try:
        render = RENDERERS[node.type]
    except KeyError:
        raise ValueError(f"inline node '{node.type}' reached the HTML writer; notes must be numbered first") from None
    return render(node, print_edition)


def _text(node: Text, print_edition: bool) -> str:
    """Escaped text, in a `<span lang>` when in another language; URLs in it may break
    at Chicago's points only."""
    url = _print_url if print_edition else _web_url
    parts, start = [], 0
    for match in URL.finditer(node.text):
        parts.append(escape(node.text[start:match.start()]))
        parts.append(url(url_segments(match.group())))
        start = match.end()
    parts.append(escape(node.text[start:]))
    html = "".join(parts)
    return f'<span lang="{escape(node.lang)}">{html}</span>' if node.lang else html


def _web_url(segments: list[str]) -> str:
    """`<wbr>` between segments, each of more than one character in a no-wrap span."""
    parts = (f'<span class="url-part">{escape(s)}</span>' if len(s) > 1 else escape(s) for s in segments)
    return "<wbr>".join(parts)


def _print_url(segments: list[str]) -> str:
    """ZERO WIDTH SPACE between segments, WORD JOINER between a segment's characters."""
    return ZERO_WIDTH_SPACE.join(WORD_JOINER.join(escape(c) for c in s) for s in segments)


def _strong(node: Strong, print_edition: bool) -> str:
    return f"<strong>{inlines_html(node.children, print_edition)}</strong>"


def _emph(node: Emph, print_edition: bool) -> str:
    return f"<em>{inlines_html(node.children, print_edition)}</em>"


def _code(node: Code, print_edition: bool) -> str:
    return f"<code>{escape(node.text)}</code>"


def _link(node: Link, print_edition: bool) -> str:
    label = inlines_html(node.children, print_edition)
    if urlsplit(node.url).scheme.lower() not in SAFE_LINK_SCHEMES:
        return label
    return f'<a href="{escape(node.url)}">{label}</a>'


def _image(node: Image, print_edition: bool) -> str:
    """Embedded as a data URI, so the page stands alone."""
    title = f' title="{escape(node.title)}"' if node.title else ""
    src = f"data:{node.media_type};base64,{base64.b64encode(node.data).decode('ascii')}"
    return f'<img src="{src}" alt="{escape(node.alt)}"{title}>'


def _break(node: LineBreak, print_edition: bool) -> str:
    """A space first, which the browser drops at the line's end but the PDF's tag text
    keeps: 'Army Navy' for a screen reader, not 'ArmyNavy'."""
    return " <br>"


def _note_ref(node: NoteRef, print_edition: bool) -> str:
    n = node.number
    return f'<sup class="note-ref"><a href="#note-{n}" id="ref-{n}">{n}</a></sup>'


RENDERERS: dict[str, Callable[[Inline, bool], str]] = {
    "text": _text,
    "strong": _strong,
    "emph": _emph,
    "code": _code,
    "link": _link,
    "image": _image,
    "break": _break,
    "note-ref": _note_ref,
}
