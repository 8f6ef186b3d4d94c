"""`mdime diff`: rating and note changes since a revision, and the redline DOCX read back."""

from __future__ import annotations

import subprocess
import zipfile
from pathlib import Path

from lxml import etree
from mali_workspace import workspace  # noqa: F401 (a fixture)

REPORT = "content/mali/russia.md"
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def earlier_edition(text: str) -> str:
    """The report as it was: D1 rated Low, 'consistent' for 'steady', one citation
    fewer and one paragraph more."""
    for old, new in (("D1: {current: medium", "D1: {current: low"),
                     ("signaled steady backing", "signaled consistent backing"),
                     ("[@mod-2022-08; @mod-2022-03; @mod-2021-08]", "[@mod-2022-08; @mod-2022-03]"),
                     ("Washington has taken note", "A paragraph the new edition dropped.\n\nWashington has taken note")):
        assert old in text
        text = text.replace(old, new, 1)
    return text


def document(path: Path, part: str = "word/document.xml"):
    with zipfile.ZipFile(path) as package:
        return etree.fromstring(package.read(part))


def changes(root, tag: str) -> list[str]:
    text = "t" if tag == "ins" else "delText"
    return ["".join(t.text or "" for t in change.iter(W + text)) for change in root.iter(W + tag)
            if change.getparent().tag != W + "rPr"]  # not the paragraph mark's


def paragraph_of(root, needle: str):
    return next(p for p in root.iter(W + "p") if needle in "".join(t.text or "" for t in p.iter()))


def check_diff(root: Path, out: str, err: str) -> None:
    line = next(n for n, text in enumerate((root / REPORT).read_text().splitlines(), 1) if text.startswith("  D1:"))
    assert f"{REPORT}:{line}:3: rating: D1 current: Low -> Medium" in out.splitlines()
    added = [x for x in out.splitlines() if "note added" in x]
    assert len(added) == 1 and "[@mod-2021-08]" in added[0]
    assert "1 removed" in err
    redline = document(root / "build/mali/russia.redline.docx")
    # the word-level change sits inside its paragraph, deletion before insertion
    p = paragraph_of(redline, "backing for the regime")
    assert changes(p, "del") == ["consistent"] and changes(p, "ins")[0] == "steady"
    assert "Deputy Defense Minister" in "".join(t.text or "" for t in p.iter(W + "t") if t.getparent().getparent().tag != W + "ins")
    # the dropped paragraph comes back deleted, paragraph mark included
    gone = paragraph_of(redline, "A paragraph the new edition dropped.")
    assert changes(gone, "del") == ["A paragraph the new edition dropped."]
    assert gone.find(f"{W}pPr/{W}rPr/{W}del") is not None
    # the legend cell and the rating line show Low -> Medium; the cell's old shading is kept
    assert changes(redline, "del").count("Low") == 2 and changes(redline, "ins").count("Medium") == 2
    assert len(list(redline.iter(W + "tcPrChange"))) == 1
    # one endnote more, inserted whole, paragraph mark included
    notes = document(root / "build/mali/russia.redline.docx", "word/endnotes.xml")
    added = [p for p in notes.iter(W + "p") if p.find(f"{W}pPr/{W}rPr/{W}ins") is not None]
    assert len(added) == 1 and "Фомин" in "".join(changes(added[0], "ins"))


def test_diff_against_an_earlier_file(workspace, run, tmp_path):
    old = tmp_path / "old.md"
    old.write_text(earlier_edition((workspace / REPORT).read_text("utf-8")), "utf-8")
    status, out, err = run("diff", old, workspace / REPORT)
    assert status == 0, err
    check_diff(workspace, out, err)


def test_diff_against_a_git_revision(workspace, run):
    git = ["git", "-C", str(workspace), "-c", "user.name=t", "-c", "user.email=t@example.org"]
    source = workspace / REPORT
    today = source.read_text("utf-8")
    source.write_text(earlier_edition(today), "utf-8")
    subprocess.run([*git, "init", "-q"], check=True)
    subprocess.run([*git, "add", "."], check=True)
    subprocess.run([*git, "commit", "-qm", "earlier"], check=True)
    source.write_text(today, "utf-8")
    status, out, err = run("diff", "HEAD", "--root", workspace)
    assert status == 0, err
    check_diff(workspace, out, err)


def test_an_unknown_revision_is_a_usage_error(workspace, run):
    status, _, err = run("diff", "no-such-rev", workspace / REPORT)
    assert status == 2 and "neither a git revision" in err and "Traceback" not in err


def test_an_earlier_file_compares_with_one_report_only(workspace, run, tmp_path):
    old = tmp_path / "old.md"
    old.write_text((workspace / REPORT).read_text("utf-8"), "utf-8")
    status, _, err = run("diff", old, "--root", workspace)
    assert status == 2 and "name the one report" in err
