"""Collection, incremental and release builds through `mdime build` (issue 7)."""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path

import pytest

R = Path("content/testland/russia.md")


@pytest.fixture
def two(mini: Path) -> Path:
    """The mini workspace with a second report that uses its own bibliography file."""
    source = (mini / R).read_text(encoding="utf-8")
    (mini / "bibliography" / "other.bib").write_text(
        (mini / "bibliography" / "mini.bib").read_text(encoding="utf-8"), encoding="utf-8")
    (mini / "content" / "otherland").mkdir()
    (mini / "content" / "otherland" / "china.md").write_text(
        source.replace("benefactor: russia", "benefactor: china").replace("recipient: Testland", "recipient: Otherland")
        .replace("bibliography: [mini.bib]", "bibliography: [other.bib]"), encoding="utf-8")
    return mini


def _outputs(root: Path) -> dict[str, float]:
    return {str(p.relative_to(root)): p.stat().st_mtime_ns for p in sorted((root / "build").rglob("*.html"))}


def test_second_build_does_nothing_and_says_so(two, run):
    status, out, err = run("build", "--format", "html", cwd=two)
    assert status == 0, out + err
    assert "built 2, skipped 0, failed 0" in err
    first = _outputs(two)
    assert list(first) == ["build/otherland/china.html", "build/testland/russia.html"]
    status, out, err = run("build", "--format", "html", cwd=two)
    assert status == 0
    assert "nothing to build: 2 reports up to date" in err
    assert _outputs(two) == first


@pytest.mark.parametrize("touch, rebuilt", [
    ("bibliography/other.bib", ["build/otherland/china.html"]),
    ("bibliography/mini.bib", ["build/testland/russia.html"]),
    ("content/testland/russia.md", ["build/testland/russia.html"]),
    ("content/authors.yaml", ["build/otherland/china.html", "build/testland/russia.html"]),
    ("content/series.yaml", ["build/otherland/china.html", "build/testland/russia.html"]),
    ("styles/report.css", ["build/otherland/china.html", "build/testland/russia.html"]),
])
def test_changing_an_input_rebuilds_exactly_its_reports(two, run, touch, rebuilt):
    assert run("build", "--format", "html", cwd=two)[0] == 0
    before = _outputs(two)
    path = two / touch
    path.parent.mkdir(parents=True, exist_ok=True)
    if touch == "content/series.yaml":
        path.write_text("tagline: A new tagline\n", encoding="utf-8")
    elif touch == "styles/report.css":
        path.write_text("body { color: black; }\n", encoding="utf-8")
    else:
        path.write_text(path.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    status, out, err = run("build", "--format", "html", cwd=two)
    assert status == 0, out + err
    after = _outputs(two)
    assert sorted(k for k in after if after[k] != before[k]) == rebuilt
    assert run("build", "--format", "html", "--force", cwd=two)[2].count("built 2") == 1


def _engine(pdf: Path) -> str:
    from pypdf import PdfReader

    meta = PdfReader(pdf).metadata
    return "typst" if "Typst" in f"{meta.creator} {meta.producer}" else "weasyprint"


def test_the_pdf_engine_is_a_build_option_and_a_workspace_setting(mini, run):
    pdf = mini / "build" / "testland" / "russia.pdf"
    assert run("build", "--format", "pdf", cwd=mini)[0] == 0
    assert _engine(pdf) == "weasyprint"  # the default
    status, out, err = run("build", "--format", "pdf", "--pdf-engine", "typst", cwd=mini)
    assert status == 0 and "built 1" in err, out + err  # another engine: rebuilt, not skipped
    assert _engine(pdf) == "typst"
    assert "nothing to build" in run("build", "--format", "pdf", "--pdf-engine", "typst", cwd=mini)[2]
    (mini / "content" / "series.yaml").write_text("pdf_engine: typst\n", encoding="utf-8")
    assert run("build", "--format", "pdf", "--pdf-engine", "weasyprint", cwd=mini)[0] == 0
    assert _engine(pdf) == "weasyprint"  # the option overrides the setting
    assert run("build", "--format", "pdf", cwd=mini)[0] == 0
    assert _engine(pdf) == "typst"
    (mini / "content" / "series.yaml").write_text("pdf_engine: latex\n", encoding="utf-8")
    status, out, _ = run("build", "--format", "pdf", cwd=mini)
    assert status == 1 and "content/series.yaml:1:13: error: pdf_engine:" in out
    assert run("build", "--pdf-engine", "latex", cwd=mini)[0] == 2


def test_a_failing_report_does_not_stop_the_others(two, run):
    bad = two / "content" / "otherland" / "china.md"
    bad.write_text(bad.read_text(encoding="utf-8").replace("current: medium,", "current: meduim,", 1), encoding="utf-8")
    status, out, err = run("build", "--format", "html", cwd=two)
    assert status == 1
    assert "content/otherland/china.md:8:20: error: overall.current: unknown current level 'meduim'" in out
    assert "built 1, skipped 0, failed 1" in err
    assert (two / "build" / "testland" / "russia.html").is_file()
    assert not (two / "build" / "otherland").exists()


def test_a_failed_build_keeps_the_last_good_output(mini, run):
    assert run("build", "--format", "html", cwd=mini)[0] == 0
    good = (mini / "build" / "testland" / "russia.html").read_bytes()
    (mini / R).write_text((mini / R).read_text(encoding="utf-8").replace("# Introduction", "# Intro"), encoding="utf-8")
    assert run("build", "--format", "html", cwd=mini)[0] == 1
    assert (mini / "build" / "testland" / "russia.html").read_bytes() == good
    assert [p.name for p in (mini / "build" / "testland").iterdir()] == ["russia.html"]  # no temporary files


def _make_final(root: Path) -> None:
    path = root / R
    path.write_text(path.read_text(encoding="utf-8").replace("status: draft", "status: final"), encoding="utf-8")


def test_release_refuses_drafts_and_markers(mini, run):
    status, out, _ = run("build", "--release", "--format", "html", cwd=mini)
    assert status == 1
    assert f"{R}:5:1: error: status is 'draft': a release build needs 'status: final'" in out
    _make_final(mini)
    path = mini / R
    path.write_text(path.read_text(encoding="utf-8").replace("A fourth visit is planned.", "A fourth visit TODO."),
                    encoding="utf-8")
    status, out, _ = run("build", "--release", "--format", "html", cwd=mini)
    assert status == 1
    assert f"{R}:53:20: error: 'TODO' marker left in the text; resolve it before release" in out


@pytest.mark.parametrize("engine", ["weasyprint", "typst"])
def test_release_is_byte_identical_with_a_manifest(mini, run, monkeypatch, engine):
    _make_final(mini)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1717200000")
    digests = []
    for attempt in range(2):
        status, out, err = run("build", "--release", "--force", "--pdf-engine", engine, cwd=mini)
        assert status == 0, out + err
        folder = mini / "build" / "release"
        names = sorted(p.name for p in folder.iterdir() if not p.name.startswith("."))
        assert names == ["FMSO-MDIME-Russia-Testland-2024-05.docx", "FMSO-MDIME-Russia-Testland-2024-05.html",
                         "FMSO-MDIME-Russia-Testland-2024-05.pdf", "manifest.json"]
        digests.append({n: hashlib.sha256((folder / n).read_bytes()).hexdigest() for n in names})
        os.utime(mini / R)  # same content, new time: must not matter
    assert digests[0] == digests[1]
    manifest = json.loads((mini / "build" / "release" / "manifest.json").read_text())
    listed = {a["file"]: a["sha256"] for a in manifest["artifacts"]}
    assert listed == {k: v for k, v in digests[0].items() if k != "manifest.json"}
    assert manifest["tool"] == "mdime-publish" and manifest["version"]


def test_two_reports_never_write_the_same_files(mini, run):
    twin = mini / "content" / "testland" / "russia-copy.md"
    twin.write_text((mini / R).read_text(encoding="utf-8"), encoding="utf-8")
    status, out, err = run("build", "--format", "html", cwd=mini)
    assert status == 1
    assert ("content/testland/russia.md: error: builds to the same files as content/testland/russia-copy.md "
            "(russia report on Testland); not built") in out
    assert "built 1, skipped 0, failed 1" in err
