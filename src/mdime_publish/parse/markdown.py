"""Report source text to front matter and a flat list of located body parts.

The one configured MarkdownIt (CommonMark, tables, inline notes `^[...]`, front
matter, citations, `[text]{lang=fr}` for a passage in another language; raw HTML
off, so markup in the source stays text) parses the
file; top-level headings and blocks come back in order, each with its source line,
as model nodes. Structure (which heading goes where) is `validate.body`'s concern.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import lru_cache, partial

from markdown_it import MarkdownIt
from markdown_it.common.normalize_url import validateLink
from markdown_it.token import Token
from markdown_it.tree import SyntaxTreeNode
from mdit_py_plugins.attrs import attrs_plugin
from mdit_py_plugins.footnote import footnote_plugin
from mdit_py_plugins.front_matter import front_matter_plugin

from mdime_publish.errors import Problem, error
from mdime_publish.model import document as m
from mdime_publish.model.languages import entry_language
from mdime_publish.parse.citations import KEY, citations_plugin
from mdime_publish.parse.literal_syntax import literal_in_text, literal_syntax_plugin
from mdime_publish.parse.limits import PARSER_DEPTH, structure_problems


@lru_cache(maxsize=1)
def markdown() -> MarkdownIt:
    md = (
        MarkdownIt("commonmark", {"html": False, "maxNesting": PARSER_DEPTH})
        .use(front_matter_plugin)
        .use(footnote_plugin)
        .use(citations_plugin)
        .use(attrs_plugin, after=("span_close",), spans=True, allowed=["lang"])
        .use(literal_syntax_plugin)  # last: its bracket rule sees only brackets no other rule took
        .enable("table")
    )
    # Every target becomes a node, so an image such as `file:///etc/passwd` is a
    # located error (images.py) rather than silent text; `Converter` keeps only
    # the text of a link whose target markdown-it would refuse (javascript:, file:).
    md.validateLink = lambda url: True
    # An autolink (`<https://…/a%20b>`) prints as written: markdown-it would decode its
    # text (`a b`), and a printed URL must be the one a reader can type.
    md.normalizeLinkText = lambda url: url
    return md


@dataclass
class SourceHeading:
    level: int
    text: str  # plain text of the heading
    children: list  # its inline nodes
    line: int
    col: int = 1


@dataclass
class SourceBlock:
    block: object  # a model Block
    line: int


@dataclass
class ParsedSource:
    front_matter: str | None
    front_matter_line: int  # file line of the YAML's first line
    parts: list[SourceHeading | SourceBlock]
    problems: list[Problem] = field(default_factory=list)
    last_line: int = 1
    # Problems that are errors only if the key is a citation key ('[key]', '@key' in
    # text), made on demand: most bracketed words are not keys.
    bare_keys: list[tuple[str, Callable[[], Problem]]] = field(default_factory=list)


def parse_source(text: str, file: str) -> ParsedSource:
    env: dict = {}
    tokens = markdown().parse(text, env)
    conv = Converter(file, text.splitlines(), env)
    front, front_line = None, 1
    body = []
    for token in tokens:
        if token.type == "front_matter":
            front, front_line = token.content, (token.map[0] + 2 if token.map else 2)
        elif token.type.startswith("footnote_block"):
            break  # inline-note contents, read through the footnote tokens
        else:
            body.append(token)
    conv.read_notes(tokens)
    parts: list[SourceHeading | SourceBlock] = []
    for node in SyntaxTreeNode(body).children:
        line = node.map[0] + 1 if node.map else 1
        if node.type == "heading":
            inline = node.children[0] if node.children else None
            children = conv.inlines(inline) if inline else []
            parts.append(SourceHeading(int(node.tag[1]), plain_text(children), children, line))
        else:
            parts.extend(SourceBlock(b, line) for b in conv.blocks([node]))
    problems = conv.problems + structure_problems(tokens, file, conv.lines)
    return ParsedSource(front, front_line, parts, problems, len(text.splitlines()) or 1, conv.bare_keys)


def parse_inline(text: str, file: str, line: int, col: int, lines: list[str]) -> tuple[list, list[Problem]]:
    """Inline Markdown of a YAML value (glance rows, bios) to inline nodes."""
    children, conv = _inline(text, file, line, col, lines)
    return children, conv.problems


def inline_bare_keys(text: str, file: str, line: int, col: int, lines: list[str]) -> list[tuple[str, Callable]]:
    """`ParsedSource.bare_keys` for the inline Markdown of a YAML value."""
    return _inline(text, file, line, col, lines)[1].bare_keys


def _inline(text: str, file: str, line: int, col: int, lines: list[str]) -> tuple[list, Converter]:
    env: dict = {}
    tokens = markdown().parseInline(text, env)
    conv = Converter(file, lines, env, base=(line, col))
    children = conv.inlines(SyntaxTreeNode(tokens).children[0]) if tokens else []
    return children, conv


def plain_text(children: list) -> str:
    """The text of inline nodes without markup (for headings and messages)."""
    out = []
    for node in children:
        if isinstance(node, (m.Text, m.Code)):
            out.append(node.text)
        elif hasattr(node, "children") and not isinstance(node, m.InlineNote):
            out.append(plain_text(node.children))
    return "".join(out)


class Converter:
    """markdown-it syntax-tree nodes to model blocks and inlines."""

    def __init__(self, file: str, lines: list[str], env: dict, base: tuple[int, int] | None = None):
        self.file, self.lines, self.env, self.base = file, lines, env, base
        self.notes: dict[int, list[Token]] = {}
        self.problems: list[Problem] = []
        self.bare_keys: list[tuple[str, Callable[[], Problem]]] = []
        self.literals = 0

    def read_notes(self, tokens: list[Token]) -> None:
        """Collect the inline tokens of each note from the footnote block."""
        current = None
        for token in tokens:
            if token.type == "footnote_open":
                current = token.meta["id"]
                self.notes[current] = []
            elif token.type == "footnote_close":
                current = None
            elif current is not None and token.type == "inline":
                if self.notes[current]:
                    self.notes[current].append(Token("softbreak", "", 0))
                self.notes[current].extend(t for t in token.children or [] if t.type != "footnote_anchor")

    # -- blocks -----------------------------------------------------------------

    def blocks(self, nodes: list[SyntaxTreeNode]) -> list:
        out = []
        for node in nodes:
            block = self.block(node)
            if block is not None:
                out.append(block)
        return out

    def block(self, node: SyntaxTreeNode):
        kind = node.type
        if kind == "paragraph":
            return m.Paragraph(children=self.inlines(node.children[0]), pos=self.position(node))
        if kind == "heading":
            return m.Heading(level=int(node.tag[1]), children=self.inlines(node.children[0]), pos=self.position(node))
        if kind == "bullet_list":
            return m.BulletList(items=[self.item(i) for i in node.children])
        if kind == "ordered_list":
            start = int(node.attrs.get("start", 1))
            return m.OrderedList(start=start, items=[self.item(i) for i in node.children])
        if kind == "blockquote":
            return m.BlockQuote(blocks=self.blocks(node.children))
        if kind in {"fence", "code_block"}:
            return m.CodeBlock(text=node.content.rstrip("\n"))
        if kind == "hr":
            return m.ThematicBreak()
        if kind == "table":
            return self.table(node)
        return None

    def item(self, node: SyntaxTreeNode) -> m.ListItem:
        line = node.map[0] + 1 if node.map else 0
        return m.ListItem(blocks=self.blocks(node.children), line=line)

    def table(self, node: SyntaxTreeNode) -> m.Table:
        rows = []
        for section in node.children:
            for tr in section.children:
                line = tr.map[0] + 1 if tr.map and not self.base else 0
                text, start = self.lines[line - 1] if 0 < line <= len(self.lines) else "", 0
                row = []
                for td in tr.children:
                    cell = self.cell(td)
                    content = td.children[0].token.content if td.children and td.children[0].token else ""
                    found = text.find(content, start) if content else -1
                    if line and found >= 0:
                        cell.pos = m.Pos(file=self.file, line=line, col=found + 1)
                        start = found + len(content)
                    row.append(cell)
                rows.append(row)
        return m.Table(header=rows[0] if rows else [], rows=rows[1:])

    def cell(self, node: SyntaxTreeNode) -> m.TableCell:
        style = str(node.attrs.get("style", ""))
        align = style.removeprefix("text-align:") if style.startswith("text-align:") else ""
        children = self.inlines(node.children[0]) if node.children else []
        return m.TableCell(children=children, align=align)

    def position(self, node: SyntaxTreeNode) -> m.Pos | None:
        """Where a paragraph's or heading's text starts (after list markers and
        indentation: its first inline line is a suffix of the file's line)."""
        if self.base or not node.map:
            return None
        line = node.map[0] + 1
        inline = node.children[0].token if node.children else None
        first = (inline.content if inline else "").split("\n", 1)[0].rstrip()
        text = (self.lines[line - 1] if line <= len(self.lines) else "").rstrip()
        col = len(text) - len(first) + 1 if first and text.endswith(first) else len(text) - len(text.lstrip()) + 1
        return m.Pos(file=self.file, line=line, col=col)

    # -- inlines ----------------------------------------------------------------

    def inlines(self, inline: SyntaxTreeNode) -> list:
        tokens = inline.token.children if inline.token else []
        line = inline.token.map[0] + 1 if inline.token and inline.token.map and not self.base else None
        return self.from_tokens(tokens or [], line, inline.token.content if inline.token else "")

    def from_tokens(self, tokens: list[Token], line: int | None, src: str) -> list:
        stack: list[tuple[str, list, dict]] = [("root", [], {})]
        cursor = 0  # how far the text tokens have been found in `src`
        for token in tokens:
            out = stack[-1][1]
            kind = token.type
            if kind == "text":
                cursor = self.check_text(token.content, line, src, cursor)
                _append_text(out, token.content)
            elif kind == "text_special":
                _append_text(out, token.content)
            elif kind == "literal_syntax":
                self.literal(token.meta["message"], token.content, line, src, token.meta["offset"])
                cursor = token.meta["offset"] + len(token.content)
                _append_text(out, token.content)
            elif kind == "softbreak":
                _append_text(out, " ")
            elif kind == "hardbreak":
                out.append(m.LineBreak())
            elif kind == "code_inline":
                out.append(m.Code(text=token.content))
            elif kind in {"strong_open", "em_open", "link_open", "span_open"}:
                stack.append((kind, [], dict(token.attrs)))
            elif kind == "span_close":
                _, children, attrs = stack.pop()
                written = str(attrs.get("lang", ""))
                lang = entry_language(written)
                if not lang:
                    line_no, col = self.locate("{", line, src, max(src.find("]{"), 0) + 1)
                    self.problems.append(error(self.file, line_no, col, (
                        f"lang: '{written}' is not a language, expected a tag such as fr, ru, zh-Hant "
                        "or a name such as french" if written else
                        "[text]{...} marks the language of a passage only: write [text]{lang=fr}")))
                stack[-1][1].extend(with_language(children, lang))
            elif kind in {"strong_close", "em_close", "link_close"}:
                opened, children, attrs = stack.pop()
                if opened == "link_open" and not validateLink(str(attrs.get("href", ""))):
                    for child in children:  # an unsafe target: the link's text only
                        if isinstance(child, m.Text):
                            _append_text(stack[-1][1], child.text)
                        else:
                            stack[-1][1].append(child)
                    continue
                node = {
                    "strong_open": lambda: m.Strong(children=children),
                    "em_open": lambda: m.Emph(children=children),
                    "link_open": lambda: m.Link(url=str(attrs.get("href", "")), children=children),
                }[opened]()
                stack[-1][1].append(node)
            elif kind == "image":
                alt = plain_text(self.from_tokens(token.children or [], line, src))
                target = str(token.attrs.get("src", ""))
                start = max(src.rfind("![", 0, max(src.find("](" + target), 0)), 0)
                line_no, col = self.locate("![", line, src, start)
                out.append(m.Image(src=target, alt=alt, title=str(token.attrs.get("title") or ""),
                                   pos=m.Pos(file=self.file, line=line_no, col=col)))
            elif kind == "citation":
                out.append(m.Cite(items=[self.cite_item(i, line, src) for i in token.meta["items"]]))
            elif kind == "citation_error":
                line_no, col = self.locate(token.content, line, src, token.meta["offset"])
                self.problems.append(error(self.file, line_no, col, token.meta["message"]))
            elif kind == "footnote_ref":
                note = self.env["footnotes"]["list"][token.meta["id"]]
                note_tokens = self.notes.get(token.meta["id"]) or note.get("tokens", [])
                line_no, col = self.locate("^[", line, src, max(src.find("^["), 0))
                children = self.from_tokens(note_tokens, line_no, note.get("content", ""))
                out.append(m.InlineNote(children=children, pos=m.Pos(file=self.file, line=line_no, col=col)))
        return stack[0][1]

    def check_text(self, text: str, line: int | None, src: str, cursor: int) -> int:
        """Report syntax left in printed `text` and note citation keys written
        without their brackets or '@'; returns where `text` ends in `src`."""
        literals, bare = literal_in_text(text), list(_BARE_KEY.finditer(text))
        if not (literals or bare):
            return cursor  # nothing to locate; the next search starts here
        found = src.find(text, cursor)
        start = found if found >= 0 else cursor
        for offset, message in literals:
            self.literal(message, text[offset : offset + 2], line, src, start + offset)
        for match in bare:
            key = (match["bracketed"] or match["at"]).rstrip(".:")
            self.bare_keys.append((key, partial(self.bare_key, key, match.group().rstrip(".:"), line, src,
                                                start + match.start())))
        return start + len(text) if found >= 0 else cursor

    def literal(self, message: str, needle: str, line: int | None, src: str, offset: int) -> None:
        """A located error for syntax that would print; the first LITERAL_LIMIT of a source
        only, so a pasted file of stray brackets is reported quickly."""
        self.literals += 1
        if self.literals <= LITERAL_LIMIT:
            line_no, col = self.locate(needle, line, src, offset)
            self.problems.append(error(self.file, line_no, col, message))

    def bare_key(self, key: str, written: str, line: int | None, src: str, offset: int) -> Problem:
        line_no, col = self.locate(written, line, src, offset)
        needs = "'@' before its key" if written.startswith("[") else "brackets"
        return error(self.file, line_no, col, f"'{written}' would print as text: a citation needs {needs} ('[@{key}]')")

    def cite_item(self, item: dict, line: int | None, src: str) -> m.CiteItem:
        line_no, col = self.locate("@" + item["key"], line, src, item["offset"])
        return m.CiteItem(key=item["key"], locator=item["locator"], pos=m.Pos(file=self.file, line=line_no, col=col))

    def locate(self, needle: str, line: int | None, src: str, offset: int) -> tuple[int, int]:
        """File line and column of `offset` in the inline source `src` (the text
        there is `needle`). A block's inline source lines are suffixes of the file's
        lines (list markers and indentation cut off), which gives the column."""
        if line is None and self.base is not None:
            line = self.base[0]
        line = (line or 1) + src.count("\n", 0, offset)
        text = (self.lines[line - 1] if 0 < line <= len(self.lines) else "").rstrip()
        start = src.rfind("\n", 0, offset) + 1
        end = src.find("\n", offset)
        piece = src[start : end if end >= 0 else len(src)].rstrip()
        if self.base is None and piece and text.endswith(piece):
            return line, len(text) - len(piece) + (offset - start) + 1
        col = text.find(needle)
        if col < 0:
            return line, self.base[1] if self.base else 1
        return line, col + 1


LITERAL_LIMIT = 50  # syntax-that-would-print errors reported per source

#: A citation key in brackets without '@', or after '@' without brackets.
_BARE_KEY = re.compile(rf"\[(?P<bracketed>{KEY})(?=\s*[,;\]])|(?<![\w@\[])@(?P<at>{KEY})")


def with_language(nodes: list, lang: str) -> list:
    """`nodes` with every run not already marked in language `lang`."""
    for node in nodes:
        if isinstance(node, m.Text) and not node.lang:
            node.lang = lang
        elif getattr(node, "children", None):
            with_language(node.children, lang)
    return nodes


def _append_text(out: list, text: str) -> None:
    if out and isinstance(out[-1], m.Text) and not out[-1].lang:
        out[-1] = m.Text(text=out[-1].text + text)
    elif text:
        out.append(m.Text(text=text))
