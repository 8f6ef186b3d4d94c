"""A Report to its inline nodes in reading order, for checks and transforms.

Reading order is the order of the printed report: key assessments, introduction,
the at-a-glance table (printed after the introduction), the four categories,
conclusions, the author bios. `inline_lists` yields every list of inline nodes in that order, so a
transform can edit them in place; `iter_inlines` yields every node inside them.
"""

from __future__ import annotations

from collections.abc import Iterator

from mdime_publish.model import document as m


def inline_lists(report: m.Report) -> Iterator[list]:
    for part in (report.key_current, report.key_projected):
        yield part.lead_in
        for highlight in part.highlights:
            yield highlight.children
            yield from _blocks(highlight.blocks)
        yield from _blocks(part.blocks)
    yield from _blocks(report.introduction)
    for row in report.glance:
        yield row.value
    for category in report.categories:
        yield from _blocks(category.intro)
        for instrument in category.instruments:
            yield from _blocks(instrument.blocks)
    yield from _blocks(report.conclusions)
    for author in report.authors:
        yield author.bio


def _blocks(blocks: list) -> Iterator[list]:
    for block in blocks:
        if isinstance(block, (m.Paragraph, m.Heading)):
            yield block.children
        elif isinstance(block, (m.BulletList, m.OrderedList)):
            for item in block.items:
                yield from _blocks(item.blocks)
        elif isinstance(block, m.BlockQuote):
            yield from _blocks(block.blocks)
        elif isinstance(block, m.Table):
            for row in [block.header, *block.rows]:
                for cell in row:
                    yield cell.children
        elif isinstance(block, m.Findings):
            for finding in block.items:
                yield finding.lead
                for item in finding.evidence:
                    yield from _blocks(item.blocks)
                yield from _blocks(finding.blocks)


def iter_inlines(report: m.Report) -> Iterator[object]:
    """Every inline node, depth first, inline-note contents included."""
    for children in inline_lists(report):
        yield from _walk(children)


def _walk(children: list) -> Iterator[object]:
    for node in children:
        yield node
        inner = getattr(node, "children", None)
        if inner:
            yield from _walk(inner)
