"""Parts run on rather than strand fewer than four lines on a page (writers/page_fit.py)."""

from __future__ import annotations

from weasyprint import HTML

from mdime_publish.writers.page_fit import MIN_LINES, laid_out, page_fixes, short_pages, text_lines

STYLE = """<style>@page { size: 4in 3in; margin: 0.3in; }
body { font: 10pt/14pt serif; margin: 0; } p { margin: 0; } h2 { margin: 0; font-size: 10pt; }
.part { break-before: page; }</style>"""


def page(parts: dict[str, int]) -> HTML:
    """Parts of `lines` one-line paragraphs each, as the report template writes them."""
    body = "".join(
        f'<section class="part" aria-labelledby="{name}"><h2 id="{name}">{name}</h2>'
        + "<p>line</p>" * lines + "</section>"
        for name, lines in parts.items()
    )
    return HTML(string=f"<html><head>{STYLE}</head><body><p>cover</p>{body}<p style='break-before: page'>back</p></body></html>")


def lines_per_page(document) -> list[int]:
    return [text_lines(p._page_box) for p in document.pages]


def test_a_part_ending_just_past_a_page_lets_the_next_part_run_on():
    html = page({"a": 14, "b": 8})  # 'a' fills a page and strands its last lines
    first = html.render()
    assert short_pages(first) and [e.get("id") for e, _ in page_fixes(first)] == [None]
    assert [e.get("aria-labelledby") for e, _ in page_fixes(first)] == ["b"]
    assert all(n >= MIN_LINES for n in lines_per_page(laid_out(html))[1:-1])


def test_a_short_part_runs_on_after_the_page_before():
    html = page({"a": 8, "b": 1, "c": 8})  # 'b' alone would be a page of two lines
    assert short_pages(html.render())
    assert all(n >= MIN_LINES for n in lines_per_page(laid_out(html))[1:-1])


def test_pages_of_four_lines_or_more_are_left_alone():
    html = page({"a": 5, "b": 5})
    assert short_pages(html.render()) == []


def test_a_tail_too_short_takes_lines_from_the_page_before():
    html = page({"a": 25, "b": 5})  # 'a' fills two pages but for its last two lines
    first = html.render()
    assert short_pages(first)
    assert all(n >= MIN_LINES for n in lines_per_page(laid_out(html))[1:-1])
