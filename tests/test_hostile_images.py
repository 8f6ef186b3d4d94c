"""Images (issue 13, item 3): `check` opens every image far enough to know it is a
whole image of a supported type and size; names with spaces or non-ASCII letters
work; no build drops an image silently or prints its bytes."""

from __future__ import annotations

import io
import logging
import zipfile
from pathlib import Path

import pdfplumber
import pytest
from PIL import Image

REPORT = Path("content/testland/russia.md")


def _append(root: Path, markdown: str) -> int:
    path = root / REPORT
    text = path.read_text("utf-8")
    path.write_text(text + "\n" + markdown + "\n", encoding="utf-8")
    return text.count("\n") + 2


def _picture(kind: str = "PNG", size: tuple[int, int] = (40, 30), mode: str = "RGB") -> bytes:
    out = io.BytesIO()
    Image.new(mode, size, "navy" if mode == "RGB" else 1).save(out, kind)
    return out.getvalue()


SVG = b'<?xml version="1.0"?>\n<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"/>\n'


@pytest.mark.parametrize("name, data, message", [
    ("map.png", SVG, "image 'map.png' is an SVG file; expected a PNG, JPEG or GIF file"),
    ("map.png", b"not an image at all", "image 'map.png' is not an image Pillow reads; expected a PNG, JPEG or GIF file"),
    ("map.png", _picture()[:-40], "image 'map.png' is damaged or incomplete"),
    ("map.jpg", _picture("JPEG")[:200], "image 'map.jpg' is damaged or incomplete"),
    ("map.gif", _picture("BMP"), "image 'map.gif' is a BMP image; expected a PNG, JPEG or GIF file"),
    ("map.png", _picture(size=(10_000, 10_000), mode="1"),
     "image 'map.png' is 10,000 x 10,000 pixels; at most 50 megapixels are embedded (scale it down)"),
    ("map.png", _picture(size=(20_000, 20_000), mode="1"), "image 'map.png' has more pixels than the limit"),
])
@pytest.mark.parametrize("command", ["check", "build"])
def test_an_image_that_is_not_a_whole_supported_picture_is_a_located_error(mini, run, name, data, message, command):
    (mini / REPORT).parent.joinpath(name).write_bytes(data)
    line = _append(mini, f"![A map]({name})")
    status, out, err = run(command, cwd=mini)
    assert status == 1, out + err
    assert out.startswith(f"{REPORT}:{line}:1: error: {message}"), out
    assert len(out.splitlines()) == 1 and "base64" not in out
    assert not (mini / "build").exists()


def test_an_image_named_with_spaces_or_non_ascii_letters_is_embedded_everywhere(mini, run):
    folder = (mini / REPORT).parent
    (folder / "map 1.png").write_bytes(_picture())
    (folder / "карта.png").write_bytes(_picture("PNG", (30, 20)))
    (folder / "photo.png").write_bytes(_picture("JPEG"))  # a JPEG under a .png name: embedded as what it is
    _append(mini, "![Map one](<map 1.png>) and ![Карта](карта.png) and ![Photo](photo.png)")
    status, out, err = run("build", cwd=mini)
    assert status == 0, out + err
    html = (mini / "build/testland/russia.html").read_text("utf-8")
    assert html.count('<img src="data:image/png;base64,') == 2 and html.count('<img src="data:image/jpeg;base64,') == 1
    with zipfile.ZipFile(mini / "build/testland/russia.docx") as docx:
        assert len([n for n in docx.namelist() if n.startswith("word/media/")]) == 3
    with pdfplumber.open(mini / "build/testland/russia.pdf") as pdf:
        assert sum(len(page.images) for page in pdf.pages) == 3


def test_an_image_inside_a_note_is_caught_by_check_not_by_the_docx_writer(mini, run):
    (mini / REPORT).parent.joinpath("map.png").write_bytes(_picture())
    line = _append(mini, "A claim.^[See the map ![Map](map.png) here.]")
    status, out, err = run("check", cwd=mini)
    assert (status, out) == (1, f"{REPORT}:{line}:23: error: image 'map.png' inside a note: notes hold text only "
                                "(DOCX endnotes)\n")


def test_a_pdf_message_never_prints_an_embedded_files_bytes():
    from weasyprint.logger import LOGGER

    from mdime_publish.writers.pdf import weasyprint_problems

    with weasyprint_problems("r.md") as problems:
        LOGGER.error("Failed to load image at %r: broken", "data:image/png;base64," + "QUJD" * 5000)
    assert [str(p) for p in problems] == ["r.md: error: PDF: Failed to load image at 'data:image/png;base64,...': broken"]
    logging.getLogger("weasyprint").handlers.clear()
