"""Report to one standalone HTML page (the web edition and the PDF's source).

One Jinja2 environment (autoescape, StrictUndefined) loads `templates/*.html.j2`
from the style folders, a workspace's own first. Templates receive the model and
a few values decided here (legend rows, confidence marks, byline separators, the
draft stamp); they hold loops and markup only. Inline nodes go through
`inline_html`; blocks through the macros of `blocks.html.j2`, picked by node type.
The stylesheet is inlined, so the page makes no request of its own.

Styles and templates come from whoever supplies a workspace's `styles/`, so they are
data: templates render in Jinja's sandbox (no Python internals, bounded ranges and
repeats), the stylesheet cannot end its `<style>` element, and the page carries a
Content-Security-Policy that allows no script and no load from anywhere (images and
fonts come inline as `data:`).
"""

from __future__ import annotations

import html
import re
import traceback
from collections.abc import Sequence
from functools import lru_cache
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, StrictUndefined, TemplateError, TemplateSyntaxError, select_autoescape
from jinja2.sandbox import SandboxedEnvironment, SecurityError
from markupsafe import Markup

from mdime_publish.errors import ReportError, error
from mdime_publish.model.document import Author, Block, BuildContext, Heading, Report
from mdime_publish.paths import display
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

# What the built page may load or run: nothing but its own inline style and data: images and fonts.
CONTENT_SECURITY_POLICY = ("default-src 'none'; style-src 'unsafe-inline'; img-src data:; font-src data:; "
                           "base-uri 'none'; form-action 'none'")

# The largest string or list a template may build with `*`, and exponent with `**`.
MAX_REPEAT = 100_000
MAX_EXPONENT = 64


def render_html(report: Report, ctx: BuildContext, workspace: Path | None, *, print_edition: bool = False) -> str:
    """The whole report as one HTML page, stylesheet inlined; `print_edition` for the
    PDF (URLs' break points as characters, see `inline_html`)."""
    env = environment(tuple(d / "templates" for d in styles_dirs(workspace)), print_edition)
    rows = legend(report)
    marks, confidence_notes = confidence_marks(report, rows)
    return render_page(
        env, "report.html.j2", workspace,
        report=report,
        ctx=ctx,
        css=stylesheet("report.css", workspace),
        legend=rows,
        marks=marks,
        confidence_notes=confidence_notes,
        byline=byline(report.authors),
        stamp=ctx.draft_stamp(report),
    )


def stylesheet(name: str, workspace: Path | None) -> Markup:
    """A style file's text, safe inside `<style>`: '</' becomes '<\\/' (the same in a CSS
    string, and invalid elsewhere in CSS), so no `</style>` can end the element."""
    return Markup(style_path(name, workspace).read_text("utf-8").replace("</", "<\\/"))


def render_page(env: Environment, name: str, workspace: Path | None, **values: Any) -> str:
    """Template `name` rendered; a template error, or anything the sandbox refuses,
    becomes a located ReportError naming the template file."""
    try:
        return with_policy(env.get_template(name).render(**values))
    except TemplateSyntaxError as exc:
        where, line, message = exc.filename or name, exc.lineno, exc.message
    except (TemplateError, OverflowError) as exc:
        where, line = _template_frame(exc, name)
        message = f"refused by the template sandbox: {exc}" if isinstance(exc, SecurityError) else str(exc)
    raise ReportError([error(display(Path(where)), line, 0, f"template: {message}")])


def _template_frame(exc: Exception, name: str) -> tuple[str, int]:
    """The template file and line where `exc` was raised (Jinja maps its frames to
    template lines), or the page template when no frame is a template's."""
    frames = [f for f in traceback.extract_tb(exc.__traceback__) if f.filename.endswith(".j2")]
    return (frames[-1].filename, frames[-1].lineno or 0) if frames else (name, 0)


def with_policy(page: str, policy: str = CONTENT_SECURITY_POLICY) -> str:
    """The page with a Content-Security-Policy meta element before anything a template
    wrote: first in the head when the page opens with doctype, html and head tags (as
    ours do), else right after the doctype, where browsers start the head for it."""
    meta = policy_meta(policy)
    start = _HEAD.match(page) or _DOCTYPE.match(page)
    at = start.end() if start else 0
    return page[:at] + "\n" + meta + "\n" + page[at:].lstrip("\n")


def policy_meta(policy: str) -> str:
    return f'<meta http-equiv="Content-Security-Policy" content="{html.escape(policy, quote=False)}">'


_DOCTYPE = re.compile(r"\s*<!doctype\b[^>]*>", re.IGNORECASE)
_HEAD = re.compile(r"\s*(<!doctype\b[^>]*>\s*)?(<html\b[^>]*>\s*)?<head\b[^>]*>", re.IGNORECASE)


class Sandbox(SandboxedEnvironment):
    """Jinja's sandbox, with `*` and `**` bounded so a template cannot fill memory."""

    intercepted_binops = frozenset({"*", "**"})

    def call_binop(self, context, operator: str, left: Any, right: Any) -> Any:
        if operator == "**" and isinstance(right, int) and abs(right) > MAX_EXPONENT:
            raise SecurityError(f"exponent {right} is larger than {MAX_EXPONENT}")
        if operator == "*" and isinstance(left, (str, list, tuple)) != isinstance(right, (str, list, tuple)):
            sequence, count = (left, right) if isinstance(left, (str, list, tuple)) else (right, left)
            if isinstance(count, int) and len(sequence) * count > MAX_REPEAT:
                raise SecurityError(f"repeating makes more than {MAX_REPEAT:,} items")
        return super().call_binop(context, operator, left, right)


@lru_cache(maxsize=8)
def environment(template_dirs: tuple[Path, ...], print_edition: bool = False) -> Environment:
    env = Sandbox(
        loader=FileSystemLoader([str(d) for d in template_dirs]),
        autoescape=select_autoescape(default=True, default_for_string=True),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.globals["inlines"] = lambda nodes: inlines_html(nodes, print_edition)
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
