"""Report to one standalone HTML page (the web edition and the PDF's source).

One Jinja2 environment (autoescape, StrictUndefined) loads `templates/*.html.j2`
from the style folders, a workspace's own first. Templates receive the model and
a few values decided here (legend rows, confidence marks, byline separators, the
draft stamp); they hold loops and markup only. Inline nodes go through
`inline_html`; blocks through the macros of `blocks.html.j2`, picked by node type.
The stylesheet is inlined, so the page makes no request of its own.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape
from markupsafe import Markup

from mdime_publish.model.document import Author, Block, BuildContext, Heading, Report
from mdime_publish.style_files import style_path, styles_dirs
from mdime_publish.writers.inline_html import inlines_html
from mdime_publish.writers.legend import confidence_marks, legend

# Block node type -> macro of blocks.html.j2 that renders it.
BLOCK_MACROS = {
    "paragraph": "paragraph",
    "heading": "heading",
    "bullet-list": "bullet_list",
    "ordered-list": "ordered_list",
    "block-quote": "block_quote",
    "code-block": "code_block",
    "table": "table",
    "rule": "rule",
    "findings": "findings",
}

def render_html(report: Report, ctx: BuildContext, workspace: Path | None) -> str:
    """The whole report as one HTML page, stylesheet inlined."""
    env = environment(tuple(d / "templates" for d in styles_dirs(workspace)))
    rows = legend(report)
    marks, confidence_notes = confidence_marks(report, rows)
    return env.get_template("report.html.j2").render(
        report=report,
        ctx=ctx,
        css=Markup(style_path("report.css", workspace).read_text("utf-8")),
        legend=rows,
        marks=marks,
        confidence_notes=confidence_notes,
        byline=byline(report.authors),
        stamp=ctx.draft_stamp(report),
    )


@lru_cache(maxsize=8)
def environment(template_dirs: tuple[Path, ...]) -> Environment:
    env = Environment(
        loader=FileSystemLoader([str(d) for d in template_dirs]),
        autoescape=select_autoescape(default=True, default_for_string=True),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.globals["inlines"] = inlines_html
    env.globals["blocks"] = lambda blocks, shift=0: render_blocks(env, blocks, shift)
    env.globals["heading_level"] = heading_level
    return env


def render_blocks(env: Environment, blocks: Sequence[Block], shift: int = 0) -> Markup:
    """Blocks as HTML; `shift` moves their headings below the part they sit in."""
    macros = env.get_template("blocks.html.j2").module
    html = []
    for block in blocks:
        try:
            macro = getattr(macros, BLOCK_MACROS[block.type])
        except KeyError:
            raise ValueError(f"block node '{block.type}' has no HTML macro") from None
        html.append(macro(block, shift))
    return Markup("\n".join(html))


def heading_level(block: Heading, shift: int) -> int:
    """The h1..h6 of a heading written in the body (h1, h2 belong to the report)."""
    return max(3, min(block.level + shift, 6))


def byline(authors: Sequence[Author]) -> list[tuple[str, Author]]:
    """Authors with the text that goes before each: '', ', ', ', and ' (or ' and ')."""
    if len(authors) == 2:
        return [("", authors[0]), (" and ", authors[1])]
    return [("" if i == 0 else ", and " if i == len(authors) - 1 else ", ", a) for i, a in enumerate(authors)]
