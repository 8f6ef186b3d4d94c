"""Hostile and odd inputs (issue 13): environment, output paths, names, special files,
series settings and the dataset export end in a usage error or a located error with
its limit; never a traceback, a hang or a spreadsheet formula."""

from __future__ import annotations

import csv
import io
import json
import os
import subprocess
import sys
from contextlib import contextmanager
from pathlib import Path

import pytest

REPORT = Path("content/testland/russia.md")


def _edit(root: Path, relative: str, old: str, new: str) -> None:
    path = root / relative
    text = path.read_text("utf-8")
    assert old in text
    path.write_text(text.replace(old, new), encoding="utf-8")


# -- environment and output paths -----------------------------------------------------------


@pytest.mark.parametrize("value, says", [
    ("abc", "is not a whole number of seconds"),
    ("-1", "is not a whole number of seconds"),
    ("1.5e9", "is not a whole number of seconds"),
    ("0", "is out of range: expected 315532800 (1980-01-01) to 4354819199 (2107-12-31)"),
    ("99999999999", "is out of range"),
])
@pytest.mark.parametrize("formats", ["html", "docx"])
def test_a_bad_source_date_epoch_is_a_usage_error_naming_the_variable(mini, run, monkeypatch, value, says, formats):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", value)
    status, out, err = run("build", "--format", formats, cwd=mini)
    assert status == 2, out + err
    assert err.startswith("mdime: error: SOURCE_DATE_EPOCH=")
    assert says in err
    assert not (mini / "build").exists()


def test_source_date_epoch_at_the_ends_of_its_range_builds(mini, run, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "315532800")
    status, out, err = run("build", "--format", "docx", cwd=mini)
    assert status == 0, out + err


@pytest.mark.parametrize("command, made, says", [
    (["build", "--out", "taken"], "file", "--out taken: is a file; expected a folder to write into"),
    (["compare", "--out", "taken"], "file", "--out taken: is a file; expected a folder to write into"),
    (["diff", "HEAD", "--out", "taken"], "file", "--out taken: is a file; expected a folder to write into"),
    (["dataset", "--out", "taken.csv"], "folder", "--out taken.csv: is a folder; expected a file name"),
    (["schema", "--out", "taken.json"], "folder", "--out taken.json: is a folder; expected a file name"),
])
def test_out_given_a_file_for_a_folder_or_the_reverse_is_a_usage_error(mini, run, command, made, says):
    target = mini / command[-1]
    if made == "file":
        target.write_text("keep me\n", encoding="utf-8")
    else:
        target.mkdir()
    status, out, err = run(*command, cwd=mini)
    assert (status, err) == (2, f"mdime: error: {says}\n")
    assert target.is_dir() or target.read_text("utf-8") == "keep me\n"


@contextmanager
def _read_only(folder: Path):
    """`folder` read-only for this process: by its mode, or (as root, whom modes do not
    stop) by the immutable attribute."""
    folder.mkdir(parents=True, exist_ok=True)
    if os.geteuid() != 0:
        folder.chmod(0o555)
        try:
            yield
        finally:
            folder.chmod(0o755)
        return
    if subprocess.run(["chattr", "+i", str(folder)], capture_output=True).returncode != 0:
        pytest.skip("running as root on a file system without chattr +i")
    try:
        yield
    finally:
        subprocess.run(["chattr", "-i", str(folder)], check=True)


@pytest.mark.parametrize("command", [["build", "--format", "html"], ["build", "--out", "out"], ["compare", "--out", "out"]])
def test_a_read_only_output_folder_is_a_clear_error(mini, run, command):
    folder = mini / ("out" if "--out" in command else "build")
    with _read_only(folder):
        status, out, err = run(*command, cwd=mini)
    assert status == 2, out + err
    assert err.startswith("mdime: error: ") and "the folder is read-only" in err, err
    assert "Traceback" not in err


def test_new_with_an_over_long_name_is_a_usage_error(mini, run):
    status, out, err = run("new", "A" * 300, "russia", "--root", mini)
    assert status == 2
    assert err == ("mdime: error: recipient name is 300 characters long; at most 100 fit in a title, "
                   "a file name and the DOCX properties\n")
    assert sorted(p.name for p in (mini / "content").iterdir()) == ["authors.yaml", "testland"]


# -- lengths a format can hold ----------------------------------------------------------------


@pytest.mark.parametrize("old, new, where, message", [
    ("recipient: Testland", "recipient: " + "Q" * 101, "3:12",
     "recipient: 101 characters long; at most 100 fit in a title, a file name and the DOCX properties"),
    ("status: draft", "status: draft\ntitle: " + "T" * 256, "6:8",
     "title: 256 characters long; at most 255 fit in the DOCX title property"),
])
def test_a_name_longer_than_a_format_holds_is_caught_by_check(mini, run, old, new, where, message):
    _edit(mini, str(REPORT), old, new)
    status, out, err = run("check", cwd=mini)
    assert (status, out) == (1, f"{REPORT}:{where}: error: {message}\n")


def test_a_byline_longer_than_a_docx_property_is_caught_by_check(mini, run):
    _edit(mini, "content/authors.yaml", "name: Jane Doe", "name: Jane " + "Doe" * 90)
    status, out, err = run("check", cwd=mini)
    assert status == 1
    assert out.startswith(f"{REPORT}:")
    assert "the author 'Jane DoeDoe" in out and "is 288 characters long; a DOCX author property holds at most 255" in out
    status, out, err = run("build", "--format", "docx", cwd=mini)
    assert status == 1 and "writer failed" not in out


# -- special files and sizes ------------------------------------------------------------------


@pytest.mark.parametrize("where", [str(REPORT), "content/authors.yaml", "content/series.yaml", "bibliography/mini.bib"])
def test_a_fifo_among_the_inputs_is_refused_without_being_opened(mini, where):
    path = mini / where
    path.unlink(missing_ok=True)
    os.mkfifo(path)
    done = subprocess.run([sys.executable, "-m", "mdime_publish.cli", "check"], cwd=mini, capture_output=True,
                          text=True, timeout=60)
    assert done.returncode == 1, done.stderr
    assert f"{where}: error: not a regular file but a named pipe (FIFO); only files are read" in done.stdout


def test_a_report_that_is_a_folder_is_refused(mini, run):
    (mini / "content" / "testland" / "china.md").mkdir()
    status, out, err = run("check", cwd=mini)
    assert status == 1
    assert "content/testland/china.md: error: not a regular file but a folder; only files are read" in out


def test_a_source_larger_than_the_limit_is_refused_before_it_is_read(mini, run):
    from mdime_publish.sources import MAX_SOURCE_BYTES

    with (mini / REPORT).open("a", encoding="utf-8") as handle:
        handle.truncate(MAX_SOURCE_BYTES + 1)
    status, out, err = run("check", cwd=mini)
    assert (status, out) == (1, f"{REPORT}: error: file is 16.0 MB; at most 16 MB is read\n")


# -- series settings --------------------------------------------------------------------------


@pytest.mark.parametrize("setting, where, message", [
    ('title_template: "Influence in {recipent}"', "1:17",
     "title_template: unknown placeholder '{recipent}', expected one of: {benefactor}, {adjective}, "
     "{possessive}, {recipient}; did you mean 'recipient'?"),
    ('title_template: "Influence in {0}"', "1:17", "title_template: unknown placeholder '{0}'"),
    ('glance_title: "{recipient.__class__.__init__.__globals__}"', "1:15",
     "glance_title: unknown placeholder '{recipient.__class__.__init__.__globals__}'"),
    ('title_template: "{recipient:>999999999}"', "1:17",
     "title_template: placeholder '{recipient:>999999999}' has a format; write '{recipient}' only"),
    ('labels: {key_assessments: K, conclusions: C, endnotes: E, authors: A, current_line: "{level!r}", '
     'projected_line: "{level}", confidence_line: "{level}", draft_stamp: "{date}", draft_revision: "{revision}"}',
     "1:85", "labels.current_line: placeholder '{level!r}' has a format; write '{level}' only"),
    ('overview: "Unbalanced { brace"', "1:11", "overview: expected '}' before end of string; write '{{' and '}}' for a literal brace"),
    ("current_levels:\n  - {id: very-high, label: Very High, fill: 'red; background: url(http://x)'}", "2:45",
     "current_levels.0.fill: 'red; background: url(http://x)' is not a colour; expected '#' and six hex digits"),
    ("current_levels:\n  - {id: very-high, label: Very High, ink: '#12345'}", "2:44",
     "current_levels.0.ink: '#12345' is not a colour"),
    ("current_levels: []", "1:17", "current_levels: List should have at least 1 item"),
    ("confidence_levels: []", "1:20", "confidence_levels: List should have at least 1 item"),
    ("benefactors: {}", "1:14", "benefactors: Dictionary should have at least 1 item"),
    ("projected_levels:\n  - {id: up, label: Up}\n  - {id: up, label: Upper}", "2:3",
     "projected_levels: id 'up' is used more than once; each must be distinct"),
    ("categories:\n  - {code: D, name: D, instruments: [{code: D1, name: a, short: a}, {code: D1, name: b, short: b}]}",
     "2:3", "categories: instrument code 'D1' is used more than once"),
    ("benefactors: {russia: {name: " + "R" * 101 + ", adjective: R, possessive: R}}", "1:30",
     "benefactors.russia.name: String should have at most 100 characters"),
])
def test_series_settings_are_validated_with_located_errors(mini, run, setting, where, message):
    (mini / "content" / "series.yaml").write_text(setting + "\n", encoding="utf-8")
    status, out, err = run("check", cwd=mini)
    assert status == 1, out + err
    assert out.startswith(f"content/series.yaml:{where}: error: {message}"), out
    assert "Traceback" not in err


def test_escaped_braces_in_a_series_text_stay_literal(mini, run):
    (mini / "content" / "series.yaml").write_text('title_template: "{{Draft}} {adjective} Influence in {recipient}"\n',
                                                  encoding="utf-8")
    status, out, err = run("build", "--format", "html", cwd=mini)
    assert status == 0, out + err
    assert "{Draft} Russian Influence in Testland" in (mini / "build/testland/russia.html").read_text("utf-8")


# -- dataset export ---------------------------------------------------------------------------


@pytest.mark.parametrize("recipient", ["=SUM(A1:A9)", "+1+cmd", "-2+3", "@SUM(A1)", "\tTab"])
def test_csv_cells_a_spreadsheet_would_run_are_neutralised(mini, run, recipient):
    _edit(mini, str(REPORT), "recipient: Testland", "recipient: " + json.dumps(recipient))
    status, out, err = run("dataset", cwd=mini)
    rows = list(csv.DictReader(io.StringIO(out, newline="")))
    assert len(rows) == 13, out + err
    assert {row["recipient"] for row in rows} == {"'" + recipient}
    status, out, err = run("dataset", "--out", "ratings.json", cwd=mini)
    assert f'"recipient": {json.dumps(recipient)}' in (mini / "ratings.json").read_text("utf-8")


def test_a_cell_starting_with_a_carriage_return_is_neutralised():
    from mdime_publish.dataset import inert

    assert [inert(v) for v in ["\rCR", "Mali", "", "a=b"]] == ["'\rCR", "Mali", "", "a=b"]


# -- YAML aliases -------------------------------------------------------------------------------

LAUGHS = 'lol0: &l0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]\n' + "".join(
    f"lol{i}: &l{i} [{', '.join([f'*l{i - 1}'] * 9)}]\n" for i in range(1, 10))


@pytest.mark.parametrize("where, text, line, col", [
    ("content/series.yaml", LAUGHS, 5, 12),
    ("content/authors.yaml", LAUGHS, 5, 12),
    (str(REPORT), None, 10, 12),
    ("content/series.yaml", "publisher: &p [a, *p]\n", 1, 19),
])
def test_yaml_aliases_that_grow_without_bound_are_refused_before_they_grow(mini, where, text, line, col):
    path = mini / where
    if text is None:  # in the front matter, after 'status: draft'
        _edit(mini, where, "status: draft\n", "status: draft\n" + LAUGHS)
    else:
        path.write_text(text, encoding="utf-8")
    done = subprocess.run([sys.executable, "-m", "mdime_publish.cli", "check"], cwd=mini, capture_output=True,
                          text=True, timeout=60)
    assert done.returncode == 1, done.stderr[-2000:]
    what = ("refers to a node that contains it" if "*p" in (text or "")
            else "aliases expand to more than 10,000 values; write the values out instead of nesting aliases")
    assert f"{where}:{line}:{col}: error: " in done.stdout and what in done.stdout, done.stdout
    assert "Traceback" not in done.stderr


def test_a_few_aliases_still_work(mini, run):
    _edit(mini, str(REPORT), "overall: {current: medium, projected: increasing}",
          "overall: &same {current: medium, projected: increasing}")
    _edit(mini, str(REPORT), "D1: {current: medium, projected: increasing}", "D1: *same")
    status, out, err = run("check", cwd=mini)
    assert status == 0, out + err


def test_the_preview_survives_an_alias_bomb_in_the_series_settings(mini):
    from mdime_publish.serve import build_page

    (mini / "content" / "series.yaml").write_text(LAUGHS, encoding="utf-8")
    body, problems, *_ = build_page(mini.resolve(), (mini / REPORT).resolve())
    assert body is None
    assert [str(p) for p in problems] == ["content/series.yaml:5:12: error: aliases expand to more than 10,000 values; "
                                          "write the values out instead of nesting aliases"]


# -- nesting depth ----------------------------------------------------------------------------


def _lists(depth: int) -> str:
    return "".join("  " * i + f"- level {i + 1}\n" for i in range(depth))


def _emphasis(depth: int) -> str:
    markers = (["*", "_"] * depth)[:depth]
    return ("".join(f"{m}w{i} " for i, m in enumerate(markers)) + "x"
            + "".join(f" w{i}{m}" for i, m in reversed(list(enumerate(markers)))))


def _append(root: Path, markdown: str) -> int:
    path = root / REPORT
    text = path.read_text("utf-8")
    path.write_text(text + "\n" + markdown + "\n", encoding="utf-8")
    return text.count("\n") + 2


@pytest.mark.parametrize("markdown, offset, col, message", [
    (_lists(10), 9, 19, "lists and block quotes nested 10 levels deep; at most 9"),
    ("> " * 30 + "deep", 0, 1, "lists and block quotes nested 10 levels deep; at most 9"),
    ("".join("> " * i + "\n" for i in range(1, 12)), 9, 1, "lists and block quotes nested 10 levels deep; at most 9"),
    (_lists(5) + "\n" + "".join("          " + "> " * i + "q\n" for i in range(1, 7)), 10, 11,
     "lists and block quotes nested 10 levels deep; at most 9"),
    (_emphasis(10), 0, 1, "emphasis, strong text and links nested 10 levels deep; at most 9"),
    ("- " * 2000 + "x", 0, 1, "lists and block quotes nested 10 levels deep; at most 9"),
])
def test_nesting_past_the_limit_is_a_located_error_not_lost_content(mini, run, markdown, offset, col, message):
    line = _append(mini, markdown + "\n\nAFTER-THE-DEEP-PART")
    status, out, err = run("check", cwd=mini)
    assert (status, out) == (1, f"{REPORT}:{line + offset}:{col}: error: {message}\n")


def test_nesting_up_to_the_limit_keeps_every_level_in_every_format(mini, run):
    _append(mini, _lists(9) + "\n" + _emphasis(9) + "\n\nAFTER-THE-DEEP-PART")
    status, out, err = run("build", "--format", "html,docx", cwd=mini)
    assert status == 0, out + err
    html = (mini / "build/testland/russia.html").read_text("utf-8")
    assert "level 9" in html and "AFTER-THE-DEEP-PART" in html and "<em>w8 x w8</em>" in html
    import docx

    document = docx.Document(str(mini / "build/testland/russia.docx"))
    levels = [p._p.pPr.numPr.ilvl.val for p in document.paragraphs if p.text.startswith("level ")]
    assert levels == list(range(9))
    assert any("AFTER-THE-DEEP-PART" in p.text for p in document.paragraphs)


@pytest.mark.parametrize("where, old, new, at", [
    (str(REPORT), "recipient: Testland", 'recipient: "Test\\x01land"', "3:12"),
    (str(REPORT), "recipient: Testland", 'recipient: "Test\\0land"', "3:12"),
    ("content/authors.yaml", "name: Jane Doe", 'name: "Jane\\u0008 Doe"', None),
])
def test_a_control_character_written_as_a_yaml_escape_is_caught_by_check(mini, run, where, old, new, at):
    _edit(mini, where, old, new)
    status, out, err = run("check", cwd=mini)
    assert status == 1
    line = next(i for i, t in enumerate((mini / where).read_text("utf-8").splitlines(), 1) if new in t)
    at = at or f"{line}:{(mini / where).read_text('utf-8').splitlines()[line - 1].index(new[6:]) + 1}"
    assert f"{where}:{at}: error: control character U+00" in out, out
    status, out, err = run("build", "--format", "docx", cwd=mini)
    assert status == 1 and "writer failed" not in out


# -- names the system refuses -------------------------------------------------------------------


@pytest.mark.parametrize("target, message", [
    ("a%00.png", "image 'a\\x00.png' cannot be read: embedded null byte"),
    ("a" * 5000 + ".png", "image '" + "a" * 100 + "...' cannot be read: File name too long"),
])
def test_an_image_name_the_system_refuses_is_a_located_error(mini, run, target, message):
    line = _append(mini, f"![x]({target})")
    status, out, err = run("check", cwd=mini)
    assert (status, out) == (1, f"{REPORT}:{line}:1: error: {message}\n")


def test_a_bibliography_name_too_long_for_the_system_is_an_error(mini, run):
    _edit(mini, str(REPORT), "bibliography: [mini.bib]", f"bibliography: [{'b' * 3000}.bib]")
    status, out, err = run("check", cwd=mini)
    assert status == 1
    assert out.startswith(f"bibliography/{'b' * 3000}.bib: error: cannot read file: File name too long\n"), out[-300:]


def test_a_report_that_is_a_symbolic_link_loop_is_an_error(mini, run):
    (mini / "content" / "testland" / "loop.md").symlink_to("loop.md")
    for command in (["check"], ["build", "--format", "html"]):
        status, out, err = run(*command, cwd=mini)
        assert status == 1, out + err
        assert "content/testland/loop.md: error: file is a symbolic link that loops back to itself\n" in out
    assert (mini / "build" / "testland" / "russia.html").is_file()


@pytest.mark.parametrize("date", ["1975-05", "0000-01", "2108-01"])
def test_a_report_date_a_docx_cannot_hold_is_caught_by_check(mini, run, date):
    _edit(mini, str(REPORT), "date: 2024-05", f"date: {date}")
    status, out, err = run("check", cwd=mini)
    assert (status, out) == (1, f"{REPORT}:4:7: error: date: date '{date}' is out of range: a release build dates "
                                "its files by the report, and a DOCX (ZIP) holds years 1980 to 2107\n")


def _table(columns: int) -> str:
    row = "|" + "|".join(f"c{i}" for i in range(columns)) + "|\n"
    return row + "|" + "|".join(["---"] * columns) + "|\n" + row


def test_a_table_wider_than_word_holds_is_a_located_error(mini, run):
    line = _append(mini, _table(64))
    status, out, err = run("check", cwd=mini)
    assert (status, out) == (1, f"{REPORT}:{line}:1: error: table row of 64 columns; a table holds at most 63 "
                                "(Word's limit)\n")


def test_a_table_as_wide_as_word_holds_builds(mini, run):
    import docx

    _append(mini, _table(63))
    status, out, err = run("build", "--format", "docx", cwd=mini)
    assert status == 0, out + err
    tables = docx.Document(str(mini / "build/testland/russia.docx")).tables
    assert max(len(t.columns) for t in tables) == 63


@pytest.mark.parametrize("name", ["Foo: Bar #1", "[Brackets]", "null", "Yes", "1960", "São Tomé & Príncipe",
                                  "Côte d'Ivoire"])
def test_new_writes_a_skeleton_that_checks_whatever_the_name(mini, run, name):
    status, out, err = run("new", name, "china", cwd=mini)
    assert status == 0, err
    written = Path(err.splitlines()[0].removeprefix("wrote "))
    status, out, err = run("check", written, cwd=mini)
    assert status == 0, out + err
    from ruamel.yaml import YAML

    front = YAML(typ="safe").load((mini / written).read_text("utf-8").split("---")[1])
    assert front["recipient"] == name and front["glance"]["Capital"] == f"[[Capital of {name}]]"


@pytest.mark.parametrize("name", ["A\nB", "", "   ", "Tab\there"])
def test_new_with_a_control_character_or_empty_name_is_a_usage_error(mini, run, name):
    status, out, err = run("new", name, "china", "--root", mini)
    assert status == 2 and err.startswith("mdime: error: recipient name "), err
