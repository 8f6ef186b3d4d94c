"""A build with nothing changed does no work; any changed input rebuilds exactly its
reports; the build state survives damage and concurrent builds (issues 16 and 13)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from PIL import Image

from mdime_publish import fingerprint
from mdime_publish.cli import main

R = Path("content/testland/russia.md")
HEAVY = ("pydantic", "ruamel", "markdown_it", "bibtexparser", "weasyprint", "docx", "jinja2", "mdime_publish.pipeline")


@pytest.fixture
def two(mini: Path) -> Path:
    """The mini workspace with a second report that uses every file in bibliography/."""
    text = (mini / R).read_text("utf-8")
    for old, new in (("benefactor: russia", "benefactor: china"), ("recipient: Testland", "recipient: Otherland"),
                     ("bibliography: [mini.bib]\n", "")):
        text = text.replace(old, new)
    china = mini / "content" / "otherland" / "china.md"
    china.parent.mkdir()
    china.write_text(text, encoding="utf-8")
    return mini


def _stamps(root: Path) -> dict[str, int]:
    return {str(p.relative_to(root)): p.stat().st_mtime_ns for p in sorted((root / "build").rglob("*.html"))}


def _rebuilt(root: Path, run, *args: str) -> list[str]:
    """The outputs a second build rewrote after something changed."""
    before = _stamps(root)
    status, out, err = run("build", "--format", "html", *args, cwd=root)
    assert status == 0, out + err
    after = _stamps(root)
    return sorted(k for k in after if after[k] != before.get(k))


BOTH = ["build/otherland/china.html", "build/testland/russia.html"]


def test_nothing_changed_imports_no_parser_validator_or_writer_and_touches_nothing(two):
    command = [sys.executable, "-X", "importtime", "-m", "mdime_publish.cli", "build", "--format", "html,docx"]
    first = subprocess.run(command, cwd=two, capture_output=True, text=True)
    assert first.returncode == 0, first.stdout + first.stderr
    imported = {line.split("|")[-1].strip() for line in first.stderr.splitlines() if line.startswith("import time")}
    assert {"pydantic", "docx"} <= imported  # the measure sees a real build's imports
    before = {p: p.stat().st_mtime_ns for p in (two / "build").rglob("*")}
    again = subprocess.run(command, cwd=two, capture_output=True, text=True)
    assert again.returncode == 0
    assert "nothing to build: 2 reports up to date (--force rebuilds)" in again.stderr
    imported = {line.split("|")[-1].strip() for line in again.stderr.splitlines() if line.startswith("import time")}
    assert not {m for m in imported if m.split(".")[0] in HEAVY or m in HEAVY}
    assert {p: p.stat().st_mtime_ns for p in (two / "build").rglob("*")} == before


@pytest.mark.parametrize("change, rebuilt", [
    ("a new bibliography file", ["build/otherland/china.html"]),  # china uses every .bib; russia names its own
    ("an image", ["build/testland/russia.html"]),
    ("a new style override", BOTH),
    ("the package version", BOTH),
    ("the package code", BOTH),
])
def test_a_changed_input_rebuilds_exactly_its_reports(two, run, monkeypatch, change, rebuilt):
    report = two / R
    Image.new("RGB", (4, 4), "red").save(two / "content" / "testland" / "map.png")
    report.write_text(report.read_text("utf-8").replace("Diplomatic ties are close.",
                                                        "Diplomatic ties are close. ![Map](map.png)"), encoding="utf-8")
    assert run("build", "--format", "html", cwd=two)[0] == 0
    if change == "a new bibliography file":
        (two / "bibliography" / "more.bib").write_text("@book{more, title={More}, author={A. Author}, year={2020}}\n")
    elif change == "an image":
        Image.new("RGB", (4, 4), "blue").save(two / "content" / "testland" / "map.png")
    elif change == "a new style override":
        default = Path(fingerprint.__file__).parent / "styles" / "templates" / "cover.html.j2"
        (two / "styles" / "templates").mkdir(parents=True)
        (two / "styles" / "templates" / "cover.html.j2").write_text(default.read_text("utf-8") + "\n")
    elif change == "the package version":
        monkeypatch.setattr(fingerprint, "__version__", "99.0")
    else:
        monkeypatch.setattr(fingerprint, "code_digest", lambda: "changed")
    assert _rebuilt(two, run) == rebuilt


def test_options_are_part_of_what_is_current(two, run, monkeypatch):
    assert run("build", "--format", "html", cwd=two)[0] == 0
    assert _rebuilt(two, run, "--paper", "a4") == BOTH
    assert "size: a4" in (two / "build" / "testland" / "russia.html").read_text("utf-8")
    assert _rebuilt(two, run, "--paper", "a4") == []
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1717200000")  # the build date printed changes
    assert _rebuilt(two, run, "--paper", "a4") == BOTH
    assert "2024-06-01" in (two / "build" / "testland" / "russia.html").read_text("utf-8")
    assert run("build", "--format", "html,docx", cwd=two)[2].count("built 2") == 1  # a format never built


def test_any_option_folds_in(tmp_path):
    """Options are a plain dict: one added later (say --pdf-engine) is compared like paper."""
    (tmp_path / "out").mkdir()
    source, output = tmp_path / "r.md", tmp_path / "out" / "r.pdf"
    source.write_text("text")
    output.write_bytes(b"%PDF")
    options = {"paper": "letter", "pdf_engine": "weasyprint"}
    state = fingerprint.State(tmp_path / "out")
    digests = fingerprint.Digests()
    state.built(source, "pdf", output, output.stat(), options, digests.all([source]))
    state.save()
    state = fingerprint.State(tmp_path / "out")
    assert state.current(source, ["pdf"], options, digests) == [output]
    assert state.current(source, ["pdf"], {**options, "pdf_engine": "typst"}, digests) is None
    assert state.current(source, ["pdf", "docx"], options, digests) is None


# -- a damaged or foreign state file -----------------------------------------------------


@pytest.mark.parametrize("content, kind", [
    ("{not json", "is not JSON"),
    ("null", "is not a build state of this mdime version"),
    ("[1, 2]", "is not a build state of this mdime version"),
    ('{"/elsewhere/russia.html": "0f00"}', "is not a build state of this mdime version"),  # an older layout
    ('{"mdime_state": 2, "outputs": {"x": 1}}', "is not a build state of this mdime version"),
    (b"\xff\xfe\x00", "cannot be read"),
])
def test_a_damaged_state_file_is_ignored_with_a_warning_and_rebuilt(mini, run, content, kind):
    assert run("build", "--format", "html", cwd=mini)[0] == 0
    state = mini / "build" / ".mdime-state.json"
    state.write_bytes(content if isinstance(content, bytes) else content.encode())
    status, out, err = run("build", "--format", "html", cwd=mini)
    assert status == 0, out + err
    assert out.startswith(f"build/.mdime-state.json: warning: build-state file {kind}")
    assert "built 1, skipped 0, failed 0" in err
    assert json.loads(state.read_text("utf-8"))["mdime_state"] == fingerprint.FORMAT
    status, out, err = run("build", "--format", "html", cwd=mini)
    assert (status, out) == (0, "")
    assert "nothing to build" in err


def test_a_folder_in_place_of_the_state_file_is_left_alone(mini, run):
    folder = mini / "build" / ".mdime-state.json"
    (folder / "keep").mkdir(parents=True)
    for _ in range(2):
        status, out, err = run("build", "--format", "html", cwd=mini)
        assert status == 0, out + err
        assert out == ("build/.mdime-state.json: warning: build-state file is a folder, not a build-state file: "
                       "ignored, every report is rebuilt and nothing is recorded until it is removed\n")
        assert "built 1, skipped 0, failed 0" in err
    assert (folder / "keep").is_dir()
    assert (mini / "build" / "testland" / "russia.html").is_file()


# -- concurrent builds with different options -------------------------------------------


@pytest.mark.parametrize("first, second", [("a4", "letter"), ("letter", "a4")])
def test_a_file_overwritten_by_a_concurrent_build_is_recorded_with_the_options_it_was_built_with(
        mini, run, monkeypatch, first, second):
    """Build 1 renders, then build 2 (other paper) runs start to finish before build 1
    records: the file on disk is build 2's, and so is the record."""
    from mdime_publish import builder

    render_job = builder.render_job
    nested: list[int] = []

    def render_then_race(job):
        result = render_job(job)
        if not nested:
            nested.append(-1)  # the nested build renders through here too
            nested[0] = main(["build", "--format", "html", "--force", "--paper", second])
        return result

    monkeypatch.setattr(builder, "render_job", render_then_race)
    status, out, err = run("build", "--format", "html", "--paper", first, cwd=mini)
    assert (status, nested) == (0, [0]), out + err
    monkeypatch.setattr(builder, "render_job", render_job)
    html = (mini / "build" / "testland" / "russia.html").read_text("utf-8")
    assert f"size: {second};" in html
    assert "nothing to build" in run("build", "--format", "html", "--paper", second, cwd=mini)[2]
    assert "built 1" in run("build", "--format", "html", "--paper", first, cwd=mini)[2]
    assert f"size: {first};" in (mini / "build" / "testland" / "russia.html").read_text("utf-8")


def test_concurrent_builds_of_different_formats_both_record(mini):
    builds = [subprocess.Popen([sys.executable, "-m", "mdime_publish.cli", "build", "--format", fmt], cwd=mini,
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True) for fmt in ("html", "docx")]
    for build in builds:
        out, err = build.communicate(timeout=120)
        assert build.returncode == 0, out + err
    state = json.loads((mini / "build" / ".mdime-state.json").read_text("utf-8"))
    assert sorted(e["format"] for e in state["outputs"].values()) == ["docx", "html"]
    again = subprocess.run([sys.executable, "-m", "mdime_publish.cli", "build", "--format", "html,docx"], cwd=mini,
                           capture_output=True, text=True)
    assert "nothing to build: 1 report up to date" in again.stderr
