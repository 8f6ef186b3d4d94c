"""Any PDF of a report read back as a reader sees it: lines of characters per page (pdfplumber).

Works on a file path and a text block (the page margins), so the same checks run on
WeasyPrint's PDF, LibreOffice's PDF of the DOCX, or any later PDF engine. A line is the
characters whose bottoms lie within a few points of each other, superscripts (note
markers) included; the running header and the footer, outside the text block, are
left out.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import pdfplumber

#: How far (pt) a superscript's bottom sits above the line it belongs to, at most.
SUPERSCRIPT_RISE = 6.0


@dataclass(frozen=True)
class Margins:
    top: float
    right: float
    bottom: float
    left: float


@dataclass
class Line:
    chars: list[dict]
    top: float = field(init=False)
    bottom: float = field(init=False)

    def __post_init__(self) -> None:
        self.chars.sort(key=lambda c: c["x0"])
        self.top = min(c["top"] for c in self.chars)
        self.bottom = max(c["bottom"] for c in self.chars)

    @property
    def text(self) -> str:
        """The line's text, a space where the gap between two characters shows one."""
        out, previous = [], None
        for char in self.chars:
            if previous is not None and char["x0"] - previous["x1"] > 0.2 * previous["size"] and char["text"] != " " \
                    and out[-1] != " ":
                out.append(" ")
            out.append(char["text"])
            previous = char
        return "".join(out)

    @property
    def size(self) -> float:
        return max(c["size"] for c in self.chars)

    def is_marker(self, char: dict) -> bool:
        """A note marker: a digit set smaller than the line and raised above its baseline."""
        baseline = max(c["bottom"] for c in self.chars if c["size"] >= self.size - 0.1)
        return char["text"].isdigit() and char["size"] < 0.85 * self.size and char["bottom"] < baseline - 1.0

    def segments(self) -> list[list[dict]]:
        """Runs of characters separated by a wide gap (table cells, columns side by side)."""
        runs: list[list[dict]] = [[]]
        for char in self.chars:
            if runs[-1] and char["x0"] - runs[-1][-1]["x1"] > 1.5 * self.size:
                runs.append([])
            runs[-1].append(char)
        return runs

    @property
    def all_bold(self) -> bool:
        letters = [c for c in self.chars if c["text"].strip()]
        return bool(letters) and all("Bold" in c["fontname"] for c in letters)


@dataclass
class Page:
    number: int  # 1-based
    width: float
    height: float
    lines: list[Line]
    margins: Margins

    @property
    def text(self) -> str:
        return "\n".join(line.text for line in self.lines)


class PrintedPdf:
    """The pages of a PDF file, text-block lines only.

    `margins` are those of pages of the document's paper (the first page's size);
    `other_margins` those of pages of another size (LibreOffice prints the endnotes of a
    DOCX on its own A4 "Endnote" page style, margins 2 cm, no header or footer).
    """

    def __init__(self, path: Path, margins: Margins, other_margins: Margins | None = None):
        self.path = path
        self.margins = margins
        self.pages: list[Page] = []
        with pdfplumber.open(path) as pdf:
            paper = (pdf.pages[0].width, pdf.pages[0].height)
            for number, page in enumerate(pdf.pages, 1):
                margins = self.margins if (page.width, page.height) == paper else other_margins or self.margins
                inside = [c for c in page.chars
                          if c["top"] >= margins.top - 4 and c["bottom"] <= page.height - margins.bottom + 4]
                self.pages.append(Page(number, page.width, page.height, _lines(inside), margins))

    def page_holding(self, text: str, start: int = 0) -> int:
        """0-based index of the first page from `start` whose text holds `text`."""
        for index in range(start, len(self.pages)):
            if text in self.pages[index].text:
                return index
        raise AssertionError(f"no page of {self.path.name} holds {text!r}")

    def joined(self, pages: range | None = None) -> str:
        """Lines of `pages`, each ended by a newline."""
        pages = pages if pages is not None else range(len(self.pages))
        return "".join(line.text + "\n" for i in pages for line in self.pages[i].lines)


def _lines(chars: list[dict]) -> list[Line]:
    """Characters grouped into lines by their bottoms, a superscript with its line."""
    lines: list[list[dict]] = []
    for char in sorted(chars, key=lambda c: -c["bottom"]):  # bottom up: a raised marker joins the line below it
        if lines and lines[-1][0]["bottom"] - char["bottom"] <= min(SUPERSCRIPT_RISE, 0.6 * lines[-1][0]["size"]):
            lines[-1].append(char)
        else:
            lines.append([char])
    return sorted((Line(chars) for chars in lines), key=lambda line: line.top)
