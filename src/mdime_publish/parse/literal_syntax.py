"""markdown-it plugin: Markdown or citation syntax that would print as literal text.

The rule: after parsing, no unescaped Markdown or citation syntax survives into the
text that writers print; an author who wants a literal asterisk writes `\\*`. The
rules here turn each case into a `literal_syntax` token carrying the message and
the offset of the opening marker in the inline source, so the checker reports it
at its place (code spans are never looked into):

- an emphasis run (`**`, `*`, `_`) that could open or close but found no partner;
- `^[` whose inline note is never closed;
- a `[` or `]` no other rule took that has no partner, or a bracketed text right
  after a word or stop (`budget.[...]`: an inline note that lost its `^`);
- whatever else is left in a `text` token that reads as syntax (`[@`, `^[`, `](`,
  a brace of a language span `[text]{lang=fr}` that did not parse), the safety net
  for the cases above and any other path into the text.

`text_join` is disabled so an escaped character (`\\*`) stays a `text_special`
token, which is never checked. markdown-it has no rule for these: it prints them
silently, as CommonMark says, which is why this small module exists.
"""

from __future__ import annotations

import re
from functools import lru_cache

from markdown_it import MarkdownIt
from markdown_it.rules_inline import StateInline
from markdown_it.rules_inline.emphasis import tokenize as emphasis_tokenize
from markdown_it.token import Token

#: Syntax that must never reach print, and what to say when it does.
SYNTAX = re.compile(r"\[@|\^\[|\]\(|[{}]")
_BRACE = ("'{text}' would print as text: braces hold a language, '[text]{{lang=fr}}'; "
          "write '\\{{' or '\\}}' for a literal brace")
MESSAGES = {
    "[@": "unclosed citation '{text}': a citation needs its closing ']' ('[@key]')",
    "^[": "unclosed inline note '{text}': an inline note needs its closing ']' ('^[text]')",
    "](": "link syntax '{text}' would print as text: a link is '[text](url)', with the closing ')'",
    "{": _BRACE,
    "}": _BRACE,
}
_RUNS = {1: "italic", 2: "bold", 3: "bold italic"}


def literal_syntax_plugin(md: MarkdownIt) -> None:
    md.inline.ruler.at("emphasis", _emphasis_with_offsets)
    md.inline.ruler2.after("emphasis", "unmatched_emphasis", _unmatched_emphasis)
    md.inline.ruler.after("footnote_inline", "unclosed_note", _unclosed_note)
    md.inline.ruler.push("literal_bracket", _literal_bracket)
    md.core.ruler.disable("text_join")


def push_error(state: StateInline, message: str, offset: int, content: str) -> Token:
    token = state.push("literal_syntax", "", 0)
    token.meta = {"message": message, "offset": offset}
    token.content = content
    return token


def excerpt(src: str, start: int, width: int = 24) -> str:
    """The source from `start`, cut at the line's end or at a word end near `width`."""
    text = src[start:].split("\n", 1)[0]
    if len(text) <= width:
        return text
    cut = text[:width]
    space = cut.rfind(" ")
    return (cut[:space] if space > 2 else cut).rstrip() + "..."


def _emphasis_with_offsets(state: StateInline, silent: bool) -> bool:
    """markdown-it's emphasis rule, with each marker token's source offset kept."""
    start, count = state.pos, len(state.tokens)
    if not emphasis_tokenize(state, silent):
        return False
    for i, token in enumerate(state.tokens[count:]):
        token.meta = {"offset": start + i}
    return True


def _unmatched_emphasis(state: StateInline) -> None:
    """Marker runs that could open or close emphasis and were left as text."""
    lists = [state.delimiters] + [m["delimiters"] for m in state.tokens_meta if m and "delimiters" in m]
    runs: list[list[Token]] = []
    for delimiters in lists:
        for delim in delimiters:
            token = state.tokens[delim.token]
            if token.type != "text" or not token.content or not (delim.open or delim.close):
                continue
            offset = (token.meta or {}).get("offset")
            if offset is None:
                continue
            last = runs[-1][-1] if runs else None
            if last is not None and last.content == token.content and last.meta["offset"] == offset - 1:
                runs[-1].append(token)
            else:
                runs.append([token])
            token.meta = {**token.meta, "can_open": delim.open}
    for run in runs:
        first = run[0]
        marks = first.content * len(run)
        kind = _RUNS[min(len(run), 3)]
        if first.meta["can_open"]:
            message = f"'{marks}' opens {kind} text that is never closed"
        else:
            message = f"'{marks}' closes {kind} text that was never opened"
        message += f"; write '\\{first.content}' for a literal '{first.content}'"
        first.type = "literal_syntax"
        first.meta = {"message": message, "offset": first.meta["offset"]}


def _unclosed_note(state: StateInline, silent: bool) -> bool:
    """`^[` that no `]` closes (the inline-note rule, just before, did not take it)."""
    if silent or not state.src.startswith("^[", state.pos):
        return False
    message = MESSAGES["^["].format(text=excerpt(state.src, state.pos))
    push_error(state, message, state.pos, "^[")
    state.pos += 2
    return True


#: What may stand right before an editorial bracket: space, an opening mark, a dash,
#: an emphasis marker.
_BEFORE_BRACKET = " \t\n([{\"'\u201c\u2018/\u2014\u2013-*_"


def _literal_bracket(state: StateInline, silent: bool) -> bool:
    """A bracket that would print: unmatched, or an inline note without its `^`."""
    char, pos = state.src[state.pos], state.pos
    if silent or char not in "[]":
        return False
    pairs = bracket_pairs(state.src)
    if char == "]":
        if pos in _closers(state.src):  # a `]` closing `\[` is the author's too
            return False
        message = "']' closes no '[': a citation is '[@key]', an inline note '^[text]'"
    elif pos not in pairs:
        message = f"'[' is never closed: '{excerpt(state.src, pos)}'"
    elif pos > 0 and state.src[pos - 1] not in _BEFORE_BRACKET:
        text = state.src[pos : pairs[pos] + 1]
        text = text if len(text) <= 30 else text[:26] + "...]"
        message = f"'{text}' right after text would print with its brackets: an inline note is written '^[...]'"
    else:
        return False
    push_error(state, message, pos, char)
    state.pos += 1
    return True


@lru_cache(maxsize=8)
def bracket_pairs(src: str, escaped: bool = False) -> dict[int, int]:
    """Every matched `[` of `src` to its `]` (backslash escapes skipped unless `escaped`
    lets them pair too), found in one pass: scanning ahead from each `[@` instead made
    `[@[@[@...` quadratic."""
    pairs, opened, pos = {}, [], 0
    while pos < len(src):
        char = src[pos]
        if char == "\\" and not (escaped and src[pos + 1 : pos + 2] in ("[", "]")):
            pos += 2
            continue
        if char == "\\":
            pos += 1
            char = src[pos]
        if char == "[":
            opened.append(pos)
        elif char == "]" and opened:
            pairs[opened.pop()] = pos
        pos += 1
    return pairs


@lru_cache(maxsize=4)
def _closers(src: str) -> frozenset[int]:
    return frozenset(bracket_pairs(src, escaped=True).values())


def literal_in_text(text: str) -> list[tuple[int, str]]:
    """(offset, message) for each piece of syntax left in a text token's `text` (of
    braces, the first only: one broken span leaves several)."""
    found, brace = [], False
    for match in SYNTAX.finditer(text):
        if match.group() in "{}":
            if brace:
                continue
            brace = True
        found.append((match.start(), MESSAGES[match.group()].format(text=excerpt(text, match.start()))))
    return found
