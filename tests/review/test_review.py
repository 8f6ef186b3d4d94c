"""`mdime review` on a real edition: built from the full Mali report, commented and changed
as an editor would (python-docx and lxml, and once through a LibreOffice save), read back."""

from __future__ import annotations

import hashlib
import json
import shutil
import subprocess
import zipfile
from pathlib import Path

import docx
import pytest
from mali_workspace import workspace  # noqa: F401 (a fixture)
from word_edits import Editor

from mdime_publish.cli import main

REPORT = "content/mali/russia.md"
BIB = "bibliography/mali-russia.bib"


@pytest.fixture(autouse=True)
def edition(workspace: Path) -> Path:
    """The workspace with its DOCX edition built."""
    assert main(["build", str(workspace / REPORT), "--format", "docx"]) == 0
    return workspace / "build/mali/russia.docx"


def where(root: Path, file: str, needle: str, after: str = "") -> str:
    """'FILE:LINE:COL' of the first `needle` on a line holding `after` too."""
    for number, line in enumerate((root / file).read_text("utf-8").splitlines(), start=1):
        if needle in line and after in line:
            return f"{file}:{number}:{line.index(needle) + 1}"
    raise AssertionError(needle)


def edit(root: Path, name: str = "edited.docx", note_comment: bool = True) -> Path:
    """The editor's work; LibreOffice 7 cannot open a comment inside an endnote, so the
    LibreOffice round trip changes that endnote instead (`note_comment=False`)."""
    editor = Editor(root / "build/mali/russia.docx")
    editor.comment("Wagner Group contractors", "Is 'main' too strong?")  # a key assessment
    editor.comment("Relations between Moscow and Bamako", "Source for 1960?")  # the introduction
    editor.comment("held talks", "Which meetings exactly?")  # an evidence line
    editor.comment("currently holds", "Say 'retains'?", author="Reviewer")  # the conclusions
    editor.replace("steady", "sustained")
    editor.insert_after("Russia has long been", " by far")
    editor.replace("Colonel Sadio Camara", "Col. Sadio Camara")  # a glance value: front matter
    if note_comment:
        editor.comment("Ministry of Defense of the Russian Federation", "Link is dead", within="генерал-полковник")
    else:
        editor.replace("Ministry of Defense of the Russian Federation", "Russian MoD", within="генерал-полковник")
    path = root / name
    editor.save(path)
    return path


def review(run, root: Path, path: Path, *args: str) -> tuple[int, list[str], str]:
    status, out, err = run("review", path, "--root", root, *args)
    return status, out.splitlines(), err


def expected(root: Path, note_comment: bool = True) -> list[str]:
    bib_line = next(n for n, line in enumerate((root / BIB).read_text().splitlines(), 1) if "mod-2021-08" in line)
    russia_has_long = where(root, REPORT, "Russia has long been")
    line, col = russia_has_long.rsplit(":", 2)[1:]
    return [
        f"{where(root, REPORT, 'Colonel Sadio Camara', 'Minister of Defense')}: change: Editor: "
        "'Colonel Sadio Camara' -> 'Col. Sadio Camara'",
        f"{where(root, REPORT, 'Wagner Group contractors')}: comment: Editor: Is 'main' too strong?",
        f"{REPORT}:{line}:{int(col) + len('Russia has long been')}: change: Editor: '' -> ' by far'",
        f"{where(root, REPORT, 'Relations between Moscow and Bamako')}: comment: Editor: Source for 1960?",
        f"{where(root, REPORT, 'held talks')}: comment: Editor: Which meetings exactly?",
        f"{where(root, REPORT, 'steady backing')}: change: Editor: 'steady' -> 'sustained'",
        f"{where(root, REPORT, 'currently holds')}: comment: Reviewer: Say 'retains'?",
        f"{BIB}:{bib_line}:1: "
        + ("comment: Editor: Link is dead" if note_comment else
           "change: Editor: 'Ministry of Defense of the Russian Federation' -> 'Russian MoD'")
        + " (endnote 33, cited at "
        f"{where(root, REPORT, '@mod-2021-08')})",
    ]


def test_the_edition_carries_hidden_anchors_and_the_sources_digests(workspace):
    path = workspace / "build/mali/russia.docx"
    with zipfile.ZipFile(path) as package:
        custom = package.read("docProps/custom.xml").decode()
        body = package.read("word/document.xml").decode()
    digest = hashlib.sha256((workspace / REPORT).read_bytes()).hexdigest()
    assert f"{digest} {REPORT}" in custom
    names = [n for n in body.split('w:name="')[1:]]
    assert names and all(n.startswith("_mdime") for n in names)  # '_': hidden in Word
    text = "\n".join(p.text for p in docx.Document(str(path)).paragraphs)
    assert "_mdime" not in text and "mdime-source" not in text


def test_review_locates_each_comment_and_change_in_source_order(workspace, run):
    status, lines, err = review(run, workspace, edit(workspace))
    assert status == 0, err
    assert lines == expected(workspace)
    assert "4 comments" not in err and "5 comments, 3 changes" in err


def test_review_survives_a_libreoffice_save(workspace, run, tmp_path):
    soffice = shutil.which("soffice")
    if soffice is None:
        pytest.skip("LibreOffice is not installed")
    edited = edit(workspace, note_comment=False)
    out = tmp_path / "lo"
    subprocess.run([soffice, f"-env:UserInstallation=file://{tmp_path}/profile", "--headless",
                    "--convert-to", "docx", "--outdir", str(out), str(edited)], check=True, capture_output=True,
                   timeout=180)
    status, lines, err = review(run, workspace, out / "edited.docx")
    assert status == 0, err
    assert lines == expected(workspace, note_comment=False)


def test_json_output_carries_texts_and_positions(workspace, run):
    status, out, _ = run("review", edit(workspace), "--root", workspace, "--format", "json")
    items = json.loads(out)
    change = next(i for i in items if i["old"] == "steady")
    assert (change["kind"], change["new"], change["author"]) == ("change", "sustained", "Editor")
    assert f"{REPORT}:{change['line']}:{change['col']}" == where(workspace, REPORT, "steady backing")
    comment = next(i for i in items if i["text"] == "Which meetings exactly?")
    assert comment["quote"] == "held talks" and comment["located"] == "build"


def test_apply_changes_the_source_where_safe_and_lists_the_rest(workspace, run):
    source = workspace / REPORT
    before = source.read_text("utf-8")
    status, lines, err = review(run, workspace, edit(workspace), "--apply")
    assert status == 0, err
    after = source.read_text("utf-8")
    assert after == before.replace("signaled steady backing", "signaled sustained backing").replace(
        "Russia has long been Mali's", "Russia has long been by far Mali's")
    assert sum(line.endswith("(applied)") for line in lines) == 2
    assert "applied 2, 6 to do by hand" in err  # comments and the front-matter change
    # the edition is now older than its source: a second --apply refuses and changes nothing
    status, lines, err = review(run, workspace, workspace / "edited.docx", "--apply")
    assert status == 1 and "changed since this DOCX was built" in err
    assert source.read_text("utf-8") == after


def test_changes_across_markup_or_generated_text_are_left_to_do(workspace, run):
    editor = Editor(workspace / "build/mali/russia.docx")
    editor.replace("Shared Informal", "Shared informal", within="Wagner Group contractors")  # the highlight's label, from the series
    editor.replace("Wagner Group contractors", "Wagner contractors")  # plain: applied
    editor.save(workspace / "label.docx")
    before = (workspace / REPORT).read_text("utf-8")
    status, lines, _ = review(run, workspace, workspace / "label.docx", "--apply")
    assert status == 0
    label = next(line for line in lines if "Shared informal" in line)
    assert not label.endswith("(applied)") and label.startswith(where(workspace, REPORT, "**M2** Wagner"))
    assert (workspace / REPORT).read_text("utf-8") == before.replace("Wagner Group contractors", "Wagner contractors")


def test_a_changed_source_is_said_and_items_found_by_their_text(workspace, run):
    path = edit(workspace)
    source = workspace / REPORT
    built_at = where(workspace, REPORT, "***Overall, Russia")  # the conclusions paragraph, as built
    text = source.read_text("utf-8").replace("# Introduction\n", "# Introduction\n\nA new paragraph.\n")
    conclusions = text.index("***Overall, Russia currently holds")
    text = text[:conclusions] + "Rewritten entirely." + text[text.index("\n", conclusions):]
    source.write_text(text, "utf-8")
    status, lines, err = review(run, workspace, path)
    assert status == 0
    assert f"{REPORT}: warning: changed since this DOCX was built" in err
    assert f"{where(workspace, REPORT, 'held talks')}: comment: Editor: Which meetings exactly?" in lines
    assert f"{built_at}: comment: Reviewer: Say 'retains'? (source changed since the build, text not found: " \
           "position from the build)" in lines
    assert "1 item could not be re-located" in err


def test_a_docx_that_is_not_an_edition_is_a_clear_error(run, tmp_path):
    plain = tmp_path / "plain.docx"
    document = docx.Document()
    document.add_paragraph("Hello")
    document.save(str(plain))
    status, out, err = run("review", plain, "--root", tmp_path)
    assert status == 1 and "not an mdime edition" in err and "Traceback" not in err
    (tmp_path / "text.docx").write_text("not a zip")
    status, _, err = run("review", tmp_path / "text.docx", "--root", tmp_path)
    assert status == 1 and "not a DOCX file" in err


def test_items_on_generated_text_point_at_what_it_is_made_from(workspace, run):
    editor = Editor(workspace / "build/mali/russia.docx")
    editor.comment("Defense-Related Diplomacy", "Rename?", within="D1 - ")  # from '## D1'
    editor.comment("Medium", "Really?", within="current M-DIME influence")  # from 'overall:'
    editor.replace("Low", "Medium", within="Current Influence: Low")  # a rating line, from 'ratings: D2'
    editor.comment("Research Project, run by", "Dated")  # the overview, from the series settings
    editor.save(workspace / "generated.docx")
    status, lines, _ = review(run, workspace, workspace / "generated.docx")
    assert lines[:3] == [
        f"{where(workspace, REPORT, 'overall:')}: comment: Editor: Really? (in front matter)",
        f"{where(workspace, REPORT, 'D2:')}: change: Editor: 'Low' -> 'Medium' (in front matter)",
        f"{where(workspace, REPORT, '## D1')}: comment: Editor: Rename? (in heading)",
    ]
    assert lines[3] == f"{REPORT}: comment: Editor: Dated (in generated text)"


def test_a_source_path_outside_the_workspace_is_never_read_or_written(workspace, run, tmp_path):
    outside = tmp_path / "outside.md"
    outside.write_text((workspace / REPORT).read_text("utf-8"), "utf-8")
    path = edit(workspace)
    digest = hashlib.sha256(outside.read_bytes()).hexdigest()
    hostile = workspace / "hostile.docx"
    with zipfile.ZipFile(path) as source, zipfile.ZipFile(hostile, "w") as target:
        for info in source.infolist():
            data = source.read(info)
            if info.filename == "docProps/custom.xml":
                data = data.decode().replace(f" {REPORT}<", " ../outside.md<").replace(
                    data.decode().split("<vt:lpwstr>")[2].split(" ")[0], digest).encode()
            target.writestr(info, data)
    before = outside.read_text("utf-8")
    status, lines, err = review(run, workspace, hostile, "--apply")
    assert "../outside.md: warning: source file not found" in err
    assert outside.read_text("utf-8") == before and not any(line.endswith("(applied)") for line in lines)


def test_moves_and_new_paragraphs_are_located_and_left_to_do(workspace, run):
    editor = Editor(workspace / "build/mali/russia.docx")
    editor.move("steady ", "a sequence that signaled ")
    editor.add_paragraph_after("the first Russian ministerial visit", "A new evidence line.")
    editor.save(workspace / "moved.docx")
    before = (workspace / REPORT).read_text("utf-8")
    status, lines, _ = review(run, workspace, workspace / "moved.docx", "--apply")
    assert status == 0 and (workspace / REPORT).read_text("utf-8") == before
    lavrov = where(workspace, REPORT, "Lavrov's 2023 stop")
    line = lavrov.split(":")[1]
    end = len((workspace / REPORT).read_text("utf-8").splitlines()[int(line) - 1]) + 1
    assert f"{REPORT}:{line}:{end}: change: Editor: '' -> 'A new evidence line.'" in lines
    assert f"{where(workspace, REPORT, 'steady backing')}: change: Editor: moved away 'steady '" in lines
    assert any(line.endswith(": change: Editor: moved here 'steady '") for line in lines)


def test_a_table_cell_is_located_at_its_cell(workspace, run):
    source = workspace / REPORT
    source.write_text(source.read_text("utf-8").rstrip() + "\n\n| Year | Deliveries |\n| --- | ---: |\n"
                      "| 2021 | four Mi-171 helicopters |\n", "utf-8")
    assert main(["build", str(source), "--format", "docx"]) == 0
    editor = Editor(workspace / "build/mali/russia.docx")
    editor.replace("four", "five", within="helicopters")
    editor.save(workspace / "table.docx")
    cell = where(workspace, REPORT, "four Mi-171")
    status, lines, _ = review(run, workspace, workspace / "table.docx", "--apply")
    assert lines == [f"{cell}: change: Editor: 'four' -> 'five' (applied)"]
    assert "| 2021 | five Mi-171 helicopters |" in source.read_text("utf-8")
