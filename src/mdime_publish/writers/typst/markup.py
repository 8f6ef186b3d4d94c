"""Model nodes to Typst markup, every piece of author text escaped.

Typst markup runs code after `#` and gives meaning to many other characters
(`$` math, `<label>`, `@ref`, `*strong*`, `_emph_`, backticks, `//` comments, `=`
headings, `-`/`+`/digits-and-dot lists, `~`, `--`, `...`, bare URLs). Author text
never reaches markup unescaped: every character outside a small safe set gets a
backslash, which Typst reads as "this character, literally"; line ends become
spaces. Straight quotes stay unescaped so Typst sets them curly (smart quotes).
Text inside code (string literals) is escaped by `string`. Only this module and
the template produce Typst syntax; the template receives content built here.

A URL in text breaks only at Chicago's points (`url_breaks`): each piece between
them is a box, so Typst breaks between pieces and nowhere else, and nothing enters
the text. A note marker is never broken from what it follows (Typst breaks before
no inline element), and markers that follow each other are joined by a no-break
space ("51 52").
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable, Sequence
from urllib.parse import urlsplit

from mdime_publish.model import document as m
from mdime_publish.writers.html import heading_level
from mdime_publish.writers.url_breaks import URL, url_segments

# ASCII punctuation that means nothing in markup (quotes become curly); any other
# ASCII character that is not a letter, digit or space gets a backslash.
_PLAIN_PUNCTUATION = set("'\",;!?()%&|^")
_LINE_ENDS = re.compile(r"[\r\n\t\u2028\u2029\x0b\x0c\x85]+")
_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1f\x7f]")
_STRING_ESCAPES = str.maketrans({"\\": "\\\\", '"': '\\"', "\n": "\\n", "\r": "\\r", "\t": "\\t"})
SAFE_LINK_SCHEMES = {"http", "https", "mailto"}
LONG_WORD = re.compile(r"\w{40,}")  # longer than any line of the narrowest column holds
_LANGUAGE = re.compile(r"[a-z]{2,3}")  # what Typst takes: an ISO 639 code
LANG_SPAN = re.compile(r'(?<!\\)(?:\\\\)*#lang-span\("([a-z]{2,3})"\)')


def text(value: str, *, smart_quotes: bool = True) -> str:
    """Author text as Typst markup that prints exactly `value`, straight quotes made
    curly unless `smart_quotes` is false (URLs)."""
    value = _CONTROL.sub("", _LINE_ENDS.sub(" ", value))
    plain = _PLAIN_PUNCTUATION if smart_quotes else _PLAIN_PUNCTUATION - {"'", '"'}
    return "".join("\\" + c if c.isascii() and not (c.isalnum() or c == " " or c in plain) else c for c in value)


def string(value: str) -> str:
    """A Typst string literal holding `value`."""
    escaped = _CONTROL.sub("", value).translate(_STRING_ESCAPES)
    return f'"{escaped}"'


def content(markup: str) -> str:
    """Markup as a Typst content block."""
    return f"[{markup}]"


def array(items: Sequence[str]) -> str:
    """Typst expressions as an array (a trailing comma keeps one item an array)."""
    return "(" + "".join(f"{item}, " for item in items) + ")"


def dictionary(values: dict[str, str]) -> str:
    """Typst expressions by string key as a dictionary."""
    return "(" + "".join(f"{string(key)}: {value}, " for key, value in values.items()) + ")" if values else "(:)"


# --- URLs ---------------------------------------------------------------------------


def languages(markup: str) -> list[str]:
    """The languages of the `lang-span` calls in generated markup, in order (a call is
    ours when its `#` is not escaped: after an even number of backslashes)."""
    return LANG_SPAN.findall(markup)


def breakable_url(value: str) -> str:
    """A URL as unbreakable pieces cut at Chicago's break points (`url_breaks`)."""
    return "".join(f"#box[{text(piece, smart_quotes=False)}]" for piece in url_segments(value))


def _text(value: str) -> str:
    """Text, its URLs breakable only at Chicago's points and a word too long for any
    line hyphenated (text is not hyphenated otherwise)."""
    parts, start = [], 0
    for match in URL.finditer(value):
        parts += [_words(value[start:match.start()]), breakable_url(match.group())]
        start = match.end()
    return "".join(parts) + _words(value[start:])


def _words(value: str) -> str:
    parts, start = [], 0
    for match in LONG_WORD.finditer(value):
        parts += [text(value[start:match.start()]), f"#text(hyphenate: true)[{text(match.group())}]"]
        start = match.end()
    return "".join(parts) + text(value[start:])


# --- inline nodes -----------------------------------------------------------------------


def inlines(nodes: Sequence[m.Inline]) -> str:
    parts: list[str] = []
    previous = None
    for node in nodes:
        if isinstance(node, m.NoteRef) and isinstance(previous, m.NoteRef):
            parts.append("~")  # "51 52", never broken between
        parts.append(_inline(node))
        previous = node
    return "".join(parts)


def _inline(node: m.Inline) -> str:
    if isinstance(node, m.Text):
        printed = _text(node.text)
        lang = node.lang.split("-")[0].lower()  # a passage in another language
        return f"#lang-span({string(lang)})[{printed}]" if _LANGUAGE.fullmatch(lang) else printed
    if isinstance(node, m.Strong):
        return f"#strong{content(inlines(node.children))}"
    if isinstance(node, m.Emph):
        return f"#emph{content(inlines(node.children))}"
    if isinstance(node, m.Code):
        return f"#raw({string(node.text)})"
    if isinstance(node, m.Link):
        return _link(node)
    if isinstance(node, m.Image):
        return f"#picture({string(image_name(node))}, {string(node.alt) if node.alt.strip() else 'none'})"
    if isinstance(node, m.LineBreak):
        return "#linebreak()"
    if isinstance(node, m.NoteRef):
        return f"#note-ref({node.number})"
    raise ValueError(f"inline node '{node.type}' reached the Typst writer; notes must be numbered first")


def _link(node: m.Link) -> str:
    label = inlines(node.children)
    if urlsplit(node.url).scheme.lower() not in SAFE_LINK_SCHEMES:
        return label
    return f"#web-link({string(node.url)}){content(label)}"


def image_name(node: m.Image) -> str:
    """The file an image is written to in the compile folder: named by its bytes."""
    extension = {"image/png": "png", "image/jpeg": "jpg", "image/gif": "gif"}.get(node.media_type, "bin")
    return f"image-{hashlib.sha256(node.data).hexdigest()[:16]}.{extension}"


# --- block nodes --------------------------------------------------------------------------


def blocks(nodes: Sequence[m.Block], shift: int = 0) -> str:
    """Blocks as markup, one paragraph break between them; `shift` moves headings down."""
    return "\n\n".join(_block(node, shift) for node in nodes)


def _block(node: m.Block, shift: int) -> str:
    try:
        render = BLOCKS[node.type]
    except KeyError:
        raise ValueError(f"block node '{node.type}' has no Typst form") from None
    return render(node, shift)


def _items(items: Sequence[m.ListItem], shift: int) -> str:
    return ", ".join(content(blocks(item.blocks, shift)) for item in items)


def _heading(node: m.Heading, shift: int) -> str:
    return f"#body-heading({heading_level(node, shift)}, {content(inlines(node.children))})"


def _table(node: m.Table, shift: int) -> str:
    def row(cells: Sequence[m.TableCell]) -> str:
        return array([content(inlines(c.children)) for c in cells])

    return (f"#body-table(columns: {len(node.header)}, aligns: {array([string(c.align) for c in node.header])}, "
            f"header: {row(node.header)}, rows: {array([row(r) for r in node.rows])})")


def _findings(node: m.Findings, shift: int) -> str:
    items = []
    for finding in node.items:
        evidence = array([content(blocks(e.blocks, shift)) for e in finding.evidence])
        items.append(f"finding({content(inlines(finding.lead))}, evidence: {evidence}, "
                     f"extra: {content(blocks(finding.blocks, shift))})")
    return f"#findings({', '.join(items)})"


BLOCKS: dict[str, Callable[[m.Block, int], str]] = {
    "paragraph": lambda b, s: inlines(b.children),
    "heading": _heading,
    "bullet-list": lambda b, s: f"#list({_items(b.items, s)})",
    "ordered-list": lambda b, s: f"#enum(start: {int(b.start)}, {_items(b.items, s)})",
    "block-quote": lambda b, s: f"#quote(block: true){content(blocks(b.blocks, s))}",
    "code-block": lambda b, s: f"#raw(block: true, {string(b.text)})",
    "table": _table,
    "rule": lambda b, s: "#rule()",
    "findings": _findings,
}
