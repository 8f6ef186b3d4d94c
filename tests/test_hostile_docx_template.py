"""A workspace's reference.docx (issue 13, item 6): size limits refuse a zip bomb
before it is inflated, and a template python-docx cannot use and open back is refused
when it is loaded, with its name, instead of producing a broken DOCX."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import docx
import pytest

DEFAULT = Path(__file__).parent.parent / "styles" / "reference.docx"
TEMPLATE = Path("styles/reference.docx")


def _template(mini: Path, change) -> None:
    """A workspace reference.docx: the default's parts, each passed through `change(name, data)`,
    which returns the (name, data) pairs to write instead."""
    out = io.BytesIO()
    with zipfile.ZipFile(DEFAULT) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            for name, data in change(info.filename, source.read(info)):
                target.writestr(name, data)
    (mini / "styles").mkdir(exist_ok=True)
    (mini / TEMPLATE).write_bytes(out.getvalue())


def _bomb(name, data):
    yield name, data
    if name == "word/styles.xml":
        yield "word/padding.bin", b"\0" * (40 * 1024 * 1024)


def _many(name, data):
    yield name, data
    if name == "word/styles.xml":
        yield from ((f"customXml/item{i}.xml", b"<x/>") for i in range(1000))


def _untyped_styles(name, data):
    ct = b'<Override PartName="/word/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.' \
         b'wordprocessingml.styles+xml"/>'
    yield name, data.replace(ct, b"") if name == "[Content_Types].xml" else data


def _no_body(name, data):
    if name == "word/document.xml":
        data = data[:data.index(b"<w:body>")] + data[data.index(b"</w:body>") + 9:]
    yield name, data


@pytest.mark.parametrize("change, why", [
    (_bomb, "part 'word/padding.bin' expands to 40 MB; at most 32 MB"),
    (_many, "1,009 parts; at most 1,000"),
    (_untyped_styles, "python-docx cannot open it and save it back (AttributeError: 'Part' object has no attribute"),
    (_no_body, "word/document.xml has no body"),
])
def test_a_hostile_or_unusable_reference_docx_is_refused_when_loaded(mini, run, change, why):
    _template(mini, change)
    status, out, err = run("build", "--format", "docx", cwd=mini)
    assert status == 1, out + err
    assert f"{TEMPLATE}: error: DOCX template refused: {why}" in out, out
    assert "writer failed" not in out
    assert not (mini / "build" / "testland" / "russia.docx").exists()


def test_a_file_that_is_not_a_zip_is_refused_by_name(mini, run):
    (mini / "styles").mkdir()
    (mini / TEMPLATE).write_text("a text file named .docx\n", encoding="utf-8")
    status, out, err = run("build", "--format", "docx", cwd=mini)
    assert status == 1
    assert f"{TEMPLATE}: error: DOCX template refused: not a Word document (not a zip file)" in out


def test_a_good_workspace_template_still_builds_a_docx_that_opens(mini, run):
    _template(mini, lambda name, data: [(name, data)])
    status, out, err = run("build", "--format", "docx", cwd=mini)
    assert status == 0, out + err
    assert docx.Document(str(mini / "build" / "testland" / "russia.docx")).core_properties.title
