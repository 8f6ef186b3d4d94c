"""Inline nodes to HTML: one table keyed by node type, every text escaped.

Writers see numbered reports only, so `Cite` and `InlineNote` are programmer
errors here. A note marker is `<sup><a href="#note-N" id="ref-N">N</a></sup>`;
markers that follow each other print with a space between them ("51 52"). A marker
never starts a line: a WORD JOINER (invisible, not extracted from the PDF) ties it
to what it follows, since WeasyPrint may break before any inline box, and the space
between markers is a no-break space. A URL in text breaks only where Chicago allows
(`url_breaks`): `<wbr>` between segments, each segment in a `<span class="url-part">`
that does not wrap (neither where UAX 14 would break nor by the stylesheet's
last-resort `overflow-wrap`); nothing is added to the text. Text in another language
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


def inlines_html(nodes: Sequence[Inline]) -> Markup:
    """A run of inline nodes as HTML."""
    parts: list[str] = []
    previous = None
    for node in nodes:
        if isinstance(node, NoteRef):
            parts.append("\u00a0" if isinstance(previous, NoteRef) else WORD_JOINER)
        parts.append(_render(node))
        previous = node
    return Markup("".join(parts))


def _render(node: Inline) -> str:
    try:
        render = RENDERERS[node.type]
    except KeyError:
        raise ValueError(f"inline node '{node.type}' reached the HTML writer; notes must be numbered first") from None
    return render(node)


def _text(node: Text) -> str:
    """Escaped text, in a `<span lang>` when in another language; URLs in it cut at
    Chicago's break points with `<wbr>`."""
    parts, start = [], 0
    for match in URL.finditer(node.text):
        parts.append(escape(node.text[start:match.start()]))
        parts.append("<wbr>".join(_url_part(s) for s in url_segments(match.group())))
        start = match.end()
    parts.append(escape(node.text[start:]))
    html = "".join(parts)
    return f'<span lang="{escape(node.lang)}">{html}</span>' if node.lang else html


def _url_part(segment: str) -> str:
    return f'<span class="url-part">{escape(segment)}</span>' if len(segment) > 1 else escape(segment)


def _strong(node: Strong) -> str:
    return f"<strong>{inlines_html(node.children)}</strong>"


def _emph(node: Emph) -> str:
    return f"<em>{inlines_html(node.children)}</em>"


def _code(node: Code) -> str:
    return f"<code>{escape(node.text)}</code>"


def _link(node: Link) -> str:
    label = inlines_html(node.children)
    if urlsplit(node.url).scheme.lower() not in SAFE_LINK_SCHEMES:
        return label
    return f'<a href="{escape(node.url)}">{label}</a>'


def _image(node: Image) -> str:
    """Embedded as a data URI, so the page stands alone."""
    title = f' title="{escape(node.title)}"' if node.title else ""
    src = f"data:{node.media_type};base64,{base64.b64encode(node.data).decode('ascii')}"
    return f'<img src="{src}" alt="{escape(node.alt)}"{title}>'


def _break(node: LineBreak) -> str:
    """A space first, which the browser drops at the line's end but the PDF's tag text
    keeps: 'Army Navy' for a screen reader, not 'ArmyNavy'."""
    return " <br>"


def _note_ref(node: NoteRef) -> str:
    n = node.number
    return f'<sup class="note-ref"><a href="#note-{n}" id="ref-{n}">{n}</a></sup>'


RENDERERS: dict[str, Callable[[Inline], str]] = {
    "text": _text,
    "strong": _strong,
    "emph": _emph,
    "code": _code,
    "link": _link,
    "image": _image,
    "break": _break,
    "note-ref": _note_ref,
}
