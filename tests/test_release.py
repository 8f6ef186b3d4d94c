"""The release gate (issue 11): what `build --release` refuses, and the release folder
as one publication set listed by its manifest."""

from __future__ import annotations

import hashlib
import json
import shutil
import subprocess
from pathlib import Path

import pytest

R = "content/testland/russia.md"
RELEASED = "FMSO-MDIME-Russia-Testland-2024-05"


def _edit(root: Path, old: str, new: str, file: str = R) -> None:
    path = root / file
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def _git(root: Path, *args: str) -> None:
    subprocess.run(["git", "-C", str(root), *args], check=True, capture_output=True,
                   env={"GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.org", "GIT_COMMITTER_NAME": "t",
                        "GIT_COMMITTER_EMAIL": "t@example.org", "PATH": "/usr/bin:/bin", "HOME": str(root)})


@pytest.fixture
def final(mini: Path) -> Path:
    _edit(mini, "status: draft", "status: final")
    return mini


@pytest.fixture
def committed(final: Path) -> Path:
    if shutil.which("git") is None:
        pytest.skip("git is not installed")
    _git(final, "init", "-q")
    _git(final, "add", "-A")
    _git(final, "commit", "-q", "-m", "sources")
    return final


def test_a_skeleton_set_to_final_is_refused(mini, run):
    assert run("new", "Chad", "russia", cwd=mini)[0] == 0
    _edit(mini, "status: draft", "status: final", "content/chad/russia.md")
    status, out, err = run("build", "--release", "--format", "html", "content/chad/russia.md", cwd=mini)
    assert status == 1
    errors = [line for line in out.splitlines() if ": error: " in line]
    assert "content/chad/russia.md:23:13: error: placeholder [[Capital of Chad]] from 'mdime new' is still here: " \
           "replace it with your text" in errors
    assert sum("placeholder [[" in line for line in errors) == 37
    assert "content/chad/russia.md:6:10: error: authors: the byline is empty" in errors
    assert not (mini / "build" / "release").exists() or not any((mini / "build" / "release").glob("FMSO-*"))


def test_unfinished_content_is_refused(final, run):
    _edit(final, "- **Officers train abroad.**", "- **Officers train abroad.**\n- **More will.**")
    status, out, _ = run("build", "--release", "--format", "html", cwd=final)
    assert status == 1
    assert out.splitlines()[0] == (f"{R}:56:1: error: no lead judgement under '## D2' has evidence or a citation: "
                                   "add evidence bullets ('  - ...') under the judgements they support")


def test_uncommitted_inputs_are_refused_and_named(committed, run):
    _edit(committed, "Diplomatic ties are close.", "Diplomatic ties are very close.")
    _edit(committed, "title = {Atlas of Testland}", "title = {An Atlas of Testland}", "bibliography/mini.bib")
    status, out, err = run("build", "--release", "--format", "html", cwd=committed)
    assert status == 1, out + err
    assert out.splitlines() == [
        f"bibliography/mini.bib: error: uncommitted changes to this input of {R}: commit them before a release, "
        "or pass --allow-dirty",
        f"{R}: error: uncommitted changes to this input of {R}: commit them before a release, or pass --allow-dirty",
    ]
    _git(committed, "commit", "-q", "-am", "edits")
    status, out, err = run("build", "--release", "--format", "html", cwd=committed)
    assert (status, out) == (0, ""), err
    manifest = json.loads((committed / "build" / "release" / "manifest.json").read_text())
    assert "uncommitted_inputs" not in manifest


def test_allow_dirty_builds_and_the_manifest_says_so(committed, run):
    (committed / "content" / "authors.yaml").write_text(
        (committed / "content" / "authors.yaml").read_text(encoding="utf-8") + "\n", encoding="utf-8")
    status, out, err = run("build", "--release", "--allow-dirty", "--format", "html", cwd=committed)
    assert (status, out) == (0, ""), err
    manifest = json.loads((committed / "build" / "release" / "manifest.json").read_text())
    assert manifest["uncommitted_inputs"] == ["content/authors.yaml"]


def test_allow_dirty_needs_release(mini, run):
    status, _, err = run("build", "--allow-dirty", cwd=mini)
    assert status == 2 and "--allow-dirty applies only to --release" in err


def test_the_manifest_lists_every_artifact_in_the_folder(final, run):
    twin = final / "content" / "testland" / "china.md"
    twin.write_text((final / R).read_text(encoding="utf-8").replace("benefactor: russia", "benefactor: china"),
                    encoding="utf-8")
    status, out, err = run("build", "--release", "--format", "html,docx", cwd=final)
    assert status == 0, out + err
    folder = final / "build" / "release"
    (folder / "notes.txt").write_text("mine", encoding="utf-8")
    status, out, err = run("build", "--release", "--format", "html", R, cwd=final)  # one report, one format
    assert status == 0, out + err
    assert out.splitlines() == ["build/release/notes.txt: warning: not a release artifact: the release folder "
                                "holds only the artifacts and manifest.json; move this file elsewhere"]
    manifest = json.loads((folder / "manifest.json").read_text())
    listed = {a["file"]: (a["report"], a["sha256"]) for a in manifest["artifacts"]}
    on_disk = sorted(p.name for p in folder.iterdir() if p.name not in {"manifest.json", "notes.txt"})
    assert sorted(listed) == on_disk == sorted(
        f"FMSO-MDIME-{b}-Testland-2024-05.{ext}" for b in ("China", "Russia") for ext in ("docx", "html"))
    for name, (report, sha) in listed.items():
        assert sha == hashlib.sha256((folder / name).read_bytes()).hexdigest()
        assert report == ("content/testland/china.md" if "China" in name else R)
    assert not (folder / ".mdime-state.json").exists()
