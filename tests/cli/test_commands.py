"""`mdime new`, `mdime schema` and `mdime check` on the examples, run in process."""

from __future__ import annotations

import json

from conftest import PROJECT


def test_examples_pass_check(run):
    status, out, err = run("check", cwd=PROJECT)
    assert status == 0, out + err
    assert out == ""
    assert "checked 2 reports: 0 errors, 0 warnings" in err


def test_new_writes_a_skeleton_whose_placeholders_check_recognises(mini, run):
    status, _, err = run("new", "Burkina Faso", "China", cwd=mini)
    assert status == 0, err
    path = mini / "content" / "burkina-faso" / "china.md"
    text = path.read_text(encoding="utf-8")
    assert "recipient: Burkina Faso" in text and "## E3" in text
    assert "ids from content/authors.yaml: doe, roe" in text
    assert "bibliography: [burkina-faso-china.bib]" in text
    assert (mini / "bibliography" / "burkina-faso-china.bib").is_file()
    status, out, err = run("check", path, cwd=mini)
    lines = out.splitlines()
    assert status == 0, err
    assert lines[0] == "content/burkina-faso/china.md:6:10: warning: authors: the byline is empty"
    assert lines[1] == ("content/burkina-faso/china.md:23:13: warning: placeholder [[Capital of Burkina Faso]] "
                        "from 'mdime new' is still here: replace it with your text")
    assert len(lines) == 1 + 2 + 2 + 1 + 4 + 12 * 2 + 4  # byline, glance, key, intro, categories, findings, conclusions
    assert all(": warning: placeholder [[" in line for line in lines[1:])


def test_new_refuses_to_overwrite(mini, run):
    path = mini / "content" / "testland" / "russia.md"
    before = path.read_bytes()
    status, _, err = run("new", "Testland", "russia", cwd=mini)
    assert status == 1
    assert "file exists" in err
    assert path.read_bytes() == before


def test_new_suggests_a_benefactor(mini, run):
    status, _, err = run("new", "Chad", "rusia", cwd=mini)
    assert status == 2
    assert "unknown benefactor 'rusia', expected one of: russia, china; did you mean 'russia'?" in err


def test_schema_lists_instruments_and_levels(run, tmp_path):
    status, out, _ = run("schema", cwd=tmp_path)
    assert status == 0
    schema = json.loads(out)
    assert set(schema["required"]) >= {"benefactor", "recipient", "date", "authors", "overall", "ratings", "glance"}
    defs = schema["$defs"]
    assert list(defs["Ratings"]["properties"]) == ["D1", "D2", "D3", "I1", "I2", "I3", "M1", "M2", "M3", "E1", "E2", "E3"]
    assert defs["Rating"]["properties"]["current"]["enum"] == ["very-high", "high", "medium", "low", "very-low", "unobserved"]
    assert defs["Ratings"]["additionalProperties"] is False


def test_usage_errors_exit_2(run, mini):
    assert run("check", "no/such/file.md", cwd=mini)[0] == 2
    assert run("build", "--format", "pdf,odt", cwd=mini)[0] == 2
    assert run("frobnicate", cwd=mini)[0] == 2


def test_strict_prints_warnings_as_errors(mini, run):
    bib = mini / "bibliography" / "mini.bib"
    bib.write_text(bib.read_text(encoding="utf-8") + "\n@online{unused, title = {Never cited}}\n", encoding="utf-8")
    status, out, err = run("check", cwd=mini)
    assert (status, out) == (0, "bibliography/mini.bib:20:1: warning: bibliography entry 'unused' is never cited "
                                "in content/testland/russia.md\n")
    status, out, err = run("check", "--strict", cwd=mini)
    assert status == 1
    assert out.startswith("bibliography/mini.bib:20:1: error: bibliography entry 'unused'")
    assert "1 error, 0 warnings" in err


def test_glance_comment_and_misplaced_file_warn(mini, run):
    path = mini / "content" / "testland" / "russia.md"
    text = path.read_text(encoding="utf-8").replace("Testville [@atlas]", "Testville [@atlas] #1 city")
    (mini / "content" / "testland" / "china.md").write_text(text, encoding="utf-8")
    path.unlink()
    status, out, _ = run("check", cwd=mini)
    assert status == 0
    assert out.splitlines() == [
        "content/testland/china.md:2:13: warning: the front matter makes this the russia report on Testland, "
        "built as testland/russia, but the file is testland/china.md",
        "content/testland/china.md:23:12: warning: glance 'Capital': '#1 city' is a YAML comment and is dropped; "
        "quote the whole value if '#' belongs to it",
    ]
