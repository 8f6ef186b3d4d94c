"""How deep and wide Markdown structures go, bounded: a located error past a limit, before layout.

Lists and block quotes inside each other, and emphasis, strong text and links inside
each other, may each go MAX_DEPTH levels deep: Word numbers nine list levels, and no
report needs more. Without a bound, markdown-it silently drops everything after its
own nesting limit (lost content), and a few thousand levels that it did keep would
take minutes of PDF layout. The parser's own limit (PARSER_DEPTH) is set well above
MAX_DEPTH, so what passes here is parsed in full. A table has at most MAX_COLUMNS
columns, the most a Word table holds (wider ones also take long to lay out).
"""

from __future__ import annotations

from markdown_it.token import Token

from mdime_publish.errors import Problem, error

MAX_DEPTH = 9
MAX_COLUMNS = 63
PARSER_DEPTH = 4 * MAX_DEPTH + 4  # markdown-it levels: a list adds two (list, item), its paragraph one more

_BLOCKS = {"bullet_list_open": 1, "ordered_list_open": 1, "blockquote_open": 1,
           "bullet_list_close": -1, "ordered_list_close": -1, "blockquote_close": -1}


def structure_problems(tokens: list[Token], file: str, lines: list[str]) -> list[Problem]:
    """Located errors at the first list, quote or inline markup nested past MAX_DEPTH,
    and at each table row wider than MAX_COLUMNS."""
    problems = [error(file, t.map[0] + 1 if t.map else 1, 1, f"table row of {n} columns; a table holds at "
                                                              f"most {MAX_COLUMNS} (Word's limit)")
                for t, n in _rows(tokens) if n > MAX_COLUMNS][:1]
    return problems + _nesting(tokens, file, lines)


def _rows(tokens: list[Token]) -> list[tuple[Token, int]]:
    """Each table row's opening token and its number of cells."""
    rows = []
    for token in tokens:
        if token.type == "tr_open":
            rows.append((token, 0))
        elif token.type in ("th_open", "td_open") and rows:
            rows[-1] = (rows[-1][0], rows[-1][1] + 1)
    return rows


def _nesting(tokens: list[Token], file: str, lines: list[str]) -> list[Problem]:
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
