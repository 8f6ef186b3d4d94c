"""How deep Markdown nests, bounded: a located error past MAX_DEPTH, before layout.

Lists and block quotes inside each other, and emphasis, strong text and links inside
each other, may each go MAX_DEPTH levels deep: Word numbers nine list levels, and no
report needs more. Without a bound, markdown-it silently drops everything after its
own nesting limit (lost content), and a few thousand levels that it did keep would
take minutes of PDF layout. The parser's own limit (PARSER_DEPTH) is set well above
MAX_DEPTH, so what passes here is parsed in full.
"""

from __future__ import annotations

from markdown_it.token import Token

from mdime_publish.errors import Problem, error

MAX_DEPTH = 9
PARSER_DEPTH = 4 * MAX_DEPTH + 4  # markdown-it levels: a list adds two (list, item), its paragraph one more

_BLOCKS = {"bullet_list_open": 1, "ordered_list_open": 1, "blockquote_open": 1,
           "bullet_list_close": -1, "ordered_list_close": -1, "blockquote_close": -1}


def nesting_problems(tokens: list[Token], file: str, lines: list[str]) -> list[Problem]:
    """One located error at the first list, quote or inline markup nested past MAX_DEPTH."""
    depth, line = 0, 1
    for token in tokens:
        line = token.map[0] + 1 if token.map else line
        depth += _BLOCKS.get(token.type, 0)
        if depth > MAX_DEPTH:
            text = lines[line - 1] if 0 < line <= len(lines) else ""
            col = len(text) - len(text.lstrip()) + 1
            return [error(file, line, col, f"lists and block quotes nested {depth} levels deep; at most {MAX_DEPTH}")]
        inline = 0
        for child in token.children or []:
            inline += child.nesting
            if inline > MAX_DEPTH:
                return [error(file, line, 1, f"emphasis, strong text and links nested {inline} levels deep; "
                                             f"at most {MAX_DEPTH}")]
    return []
