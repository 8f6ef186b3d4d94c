"""markdown-it plugin: `[@key]`, `[@a; @b]`, `[@key, p. 12]` to `citation` tokens.

One inline rule, placed before the link rule, turns a bracketed citation into a
token whose `meta` holds the items (key, locator) and the item's offset in the
inline source, so later stages can name the line and column. Anything that starts
like a citation but is not one becomes a `citation_error` token carrying the
message, and a `[@` that no `]` closes a `literal_syntax` token, so the checker
reports it at its place instead of printing it as text.
"""

from __future__ import annotations

import re

from markdown_it import MarkdownIt
from markdown_it.rules_inline import StateInline

from mdime_publish.parse.literal_syntax import MESSAGES, bracket_pairs, excerpt, push_error

KEY = r"[\w][\w:.#$%&\-+?<>~/]*"
ITEM = re.compile(rf"^\s*@(?P<key>{KEY})\s*(?:,\s*(?P<locator>.*?))?\s*$", re.DOTALL)


def citations_plugin(md: MarkdownIt) -> None:
    md.inline.ruler.before("link", "citation", _citation)


def _citation(state: StateInline, silent: bool) -> bool:
    src, start = state.src, state.pos
    if not src.startswith("[@", start):
        return False
    end = _closing_bracket(src, start)
    if end < 0:
        if silent:
            return False
        message = MESSAGES["[@"].format(text=excerpt(src, start))
        push_error(state, message, start, "[@")
        state.pos = start + 2
        return True
    if not silent:
        items, problem = parse_items(src[start + 1 : end], start + 1)
        if problem:
            token = state.push("citation_error", "", 0)
            token.meta = {"message": problem, "offset": start}
            token.content = src[start : end + 1]
        else:
            token = state.push("citation", "", 0)
            token.meta = {"items": items}
            token.content = src[start : end + 1]
    state.pos = end + 1
    return True


def _closing_bracket(src: str, start: int) -> int:
    """The index of the `]` that closes the `[` at `start`, or -1."""
    return bracket_pairs(src).get(start, -1)


def parse_items(inner: str, offset: int) -> tuple[list[dict], str]:
    """`@a; @b, p. 3` to items with key, locator and source offset, or a message."""
    items = []
    for part in inner.split(";"):
        match = ITEM.match(part)
        if not match or not match["key"]:
            return [], f"malformed citation '[{inner}]': expected '[@key]', '[@a; @b]' or '[@key, p. 12]'"
        key = match["key"].rstrip(".:")
        locator = (match["locator"] or "").strip().replace("--", "\u2013")
        if locator.startswith("@"):
            return [], f"citations in '[{inner}]' are separated by ',': write ';' between them ('[@a; @b]')"
        if locator[:1] in {'"', "'", "\u201c"}:
            return [], (
                f"citation comments such as '{locator}' are not supported; "
                "write commentary as an inline note ^[...]"
            )
        items.append({"key": key, "locator": locator, "offset": offset + part.index("@")})
        offset += len(part) + 1
    return items, ""
