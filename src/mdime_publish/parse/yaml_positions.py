"""YAML text to plain data plus the position of every key and value.

ruamel.yaml's round-trip loader keeps line and column on each mapping and sequence;
`Located` wraps the loaded tree so validators can turn a pydantic error location
(`('ratings', 'E2', 'current')`) back into `file:line:col`.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.error import MarkedYAMLError
from ruamel.yaml.events import AliasEvent, CollectionEndEvent, CollectionStartEvent, ScalarEvent

from mdime_publish.errors import Problem, error
from mdime_publish.parse.text import control_character


@dataclass
class Located:
    """A loaded YAML document and where it sits in its file."""

    data: Any  # ruamel CommentedMap/CommentedSeq tree
    file: str
    first_line: int  # file line of the YAML text's first line (1-based)

    def plain(self) -> Any:
        return _plain(self.data)

    def position(self, loc: tuple[Any, ...], *, key: bool = False) -> tuple[int, int]:
        """File line and column of the value at `loc` (of its key when `key`).

        Walks as far as the path exists; a missing item points at its parent's key.
        """
        node: Any = self.data
        line, col = 0, 0
        for i, part in enumerate(loc):
            last = i == len(loc) - 1
            if isinstance(node, CommentedMap) and part in node:
                k_line, k_col, v_line, v_col = node.lc.data[part]
                line, col = (k_line, k_col) if (key and last) else (v_line, v_col)
                node = node[part]
            elif isinstance(node, CommentedSeq) and isinstance(part, int) and part < len(node):
                line, col = node.lc.data[part]
                node = node[part]
            else:
                break
        return self.first_line + line, col + 1

    def comment_after(self, loc: tuple[Any, ...]) -> str:
        """The `# ...` comment on the line of the value at `loc`, or ''."""
        node: Any = self.data
        for part in loc[:-1]:
            node = node.get(part) if isinstance(node, CommentedMap) else None
        if not isinstance(node, CommentedMap):
            return ""
        tokens = node.ca.items.get(loc[-1]) or []
        token = tokens[2] if len(tokens) > 2 else None
        return token.value.split("\n")[0].strip() if token is not None else ""

def load_yaml(text: str, file: str, first_line: int = 1) -> tuple[Located | None, list[Problem]]:
    """Load `text`; a syntax error becomes one located Problem."""
    yaml = YAML(typ="rt", pure=True)
    try:
        data = yaml.load(text)
    except MarkedYAMLError as exc:
        line, col, what = plain_words(exc, text.splitlines(), first_line)
        return None, [error(file, line, col, f"malformed YAML: {what}")]
    except Exception as exc:  # ruamel raises a few unmarked errors (e.g. duplicate keys)
        return None, [error(file, first_line, 1, f"malformed YAML: {exc}".splitlines()[0])]
    problem = _event_problem(yaml, text, file, first_line) if _ANCHOR_OR_ESCAPE.search(text) else None
    return (None, [problem]) if problem else (Located(data, file, first_line), [])


# The most nodes that aliases (`*name`) may add to a document once expanded: loading
# shares aliased nodes, but turning them into plain data copies them, so a few lines
# of nested aliases ("billion laughs") would otherwise grow without bound.
MAX_ALIAS_NODES = 10_000
# What `_event_problem` looks for can only be where this matches: an anchor (`&name`,
# which any alias needs), or a backslash in a double-quoted scalar (the backslash
# comes before the scalar's closing quote, since an escaped quote has one too).
_ANCHOR_OR_ESCAPE = re.compile(r'(?:^|[\s\[{,])&[^\s\[\]{},]|"[^"]*\\', re.MULTILINE)


def _event_problem(yaml: YAML, text: str, file: str, first_line: int) -> Problem | None:
    """A located error at the alias that makes the expanded document too large, or
    that refers to a node containing it (which would expand forever), or at a value
    whose escapes (`"\\x01"`) make a control character no output format can hold."""
    sizes: dict[str, int] = {}  # anchor -> values in its node, expanded
    open_nodes: list[list] = []  # [anchor, values so far] of each collection being read
    added = 0
    for event in yaml.parse(text):
        if isinstance(event, CollectionStartEvent):
            open_nodes.append([event.anchor, 1])
            continue
        if isinstance(event, CollectionEndEvent):
            anchor, size = open_nodes.pop()
        elif isinstance(event, ScalarEvent):
            anchor, size = event.anchor, 1
            found = control_character(event.value, file) if event.style == '"' else None  # only "..." has escapes
            if found:
                mark = event.start_mark
                return error(file, first_line + mark.line, mark.column + 1,
                             found.message.replace("; delete it", " (written as an escape); delete it"))
        elif isinstance(event, AliasEvent):
            where = (first_line + event.start_mark.line, event.start_mark.column + 1)
            if event.anchor not in sizes:
                return error(file, *where, f"alias '*{event.anchor}' refers to a node that contains it")
            anchor, size = None, sizes[event.anchor]
            added += size
            if added > MAX_ALIAS_NODES:
                return error(file, *where, f"aliases expand to more than {MAX_ALIAS_NODES:,} values; "
                                           "write the values out instead of nesting aliases")
        else:
            continue
        if anchor:
            sizes[anchor] = size
        if open_nodes:
            open_nodes[-1][1] += size
    return None


def plain_words(exc: MarkedYAMLError, lines: list[str], first_line: int) -> tuple[int, int, str]:
    """File line, column and a plain explanation of a YAML syntax error, at the line
    of the mistake (the parser often notices it a line later)."""
    mark = exc.problem_mark or exc.context_mark
    at, col = (mark.line, mark.column) if mark else (0, 0)
    problem, context = exc.problem or "", exc.context or ""
    opened = exc.context_mark
    text = lines[at] if at < len(lines) else ""
    indent = len(text) - len(text.lstrip(" "))
    above_at = next((i for i in range(min(at, len(lines)) - 1, -1, -1) if lines[i].strip()), -1)
    above = lines[above_at] if above_at >= 0 else ""
    above_indent = len(above) - len(above.lstrip(" "))
    below = next((t for t in lines[at + 1 :] if t.strip()), "")
    line = first_line + at
    if "cannot start any token" in problem and "'\\t'" in problem:
        return line, col + 1, "a tab cannot indent YAML; indent with spaces"
    if problem.startswith("expected <block end>"):
        if indent < above_indent:
            return line, 1, (f"line {line} is indented less than the block it belongs to "
                             f"({_spaces(indent)}, the lines above have {above_indent})")
        if below and len(below) - len(below.lstrip(" ")) == indent and not above.rstrip().endswith(":"):
            where = first_line + above_at  # the first line of the block is the odd one out
            return where, 1, (f"line {where} is indented less than the lines of its block after it "
                              f"({_spaces(above_indent)}, they have {indent})")
        return line, 1, f"line {line} is indented more than the line above ({_spaces(indent)}, not {above_indent})"
    if "flow mapping" in context or "flow sequence" in context:
        close = "}" if "mapping" in context else "]"
        where = first_line + opened.line
        return where, opened.column + 1, f"the '{ {'}': '{', ']': '['}[close] }' on line {where} is never closed: end it with '{close}'"
    if "simple key" in context and opened is not None:
        key_line = lines[opened.line] if opened.line < len(lines) else ""
        where = first_line + opened.line
        if re.search(r"^\s*[^\s:]+:\S", key_line):
            return where, opened.column + 1, f"line {where} needs a space after the colon: 'key: value'"
        return where, opened.column + 1, f"line {where} is not 'key: value': the ':' after the key is missing"
    if problem.startswith("mapping values are not allowed"):
        if indent > above_indent and re.match(r"\s*[^\s#][^:]*:\s+\S", above):
            return line, 1, f"line {line} is indented more than the line above ({_spaces(indent)}, not {above_indent})"
        return line, col + 1, "the value contains ': ' (a colon and a space): put the whole value in quotes"
    if "quoted scalar" in context and "end of stream" in problem and opened is not None:
        where = first_line + opened.line
        return where, opened.column + 1, f"the quote opened on line {where} is never closed"
    if "unknown escape character" in problem:
        char = problem.split("'")[1] if "'" in problem else ""
        return line, col, f"'\\{char}' cannot be written inside double quotes: write '\\\\{char}', or use single quotes"
    if problem.startswith("found undefined alias"):
        return line, col + 1, "a value that starts with '*' is read as a YAML alias: put the whole value in quotes"
    if "cannot start any token" in problem:
        return line, col + 1, f"a value cannot start with {problem.split()[2]}: put the whole value in quotes"
    if problem.startswith("found duplicate key"):
        key = problem.split('"')[1] if '"' in problem else ""
        return line, col + 1, f"key '{key}' is given twice; keep one"
    return line, col + 1, problem or context or "invalid YAML"


def _spaces(n: int) -> str:
    return f"{n} space{'s' * (n != 1)}"


def _plain(node: Any) -> Any:
    if isinstance(node, dict):
        return {str(k): _plain(v) for k, v in node.items()}
    if isinstance(node, list):
        return [_plain(v) for v in node]
    if isinstance(node, (dt.date, dt.datetime)):
        return node.isoformat()[:10]
    return node
