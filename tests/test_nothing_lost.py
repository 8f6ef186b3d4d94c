"""Nothing lost (issue 8, item 4): a build that fails, is killed or races another
leaves every output either the last good file or a new whole one, and no litter."""

from __future__ import annotations

import fcntl
import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import docx
import pytest
import tinyhtml5
from pypdf import PdfReader

from mdime_publish.output import write_atomic

PROJECT = Path(__file__).parent.parent
MDIME = [sys.executable, "-m", "mdime_publish.cli"]
REPORT = Path("content/testland/russia.md")


def _outputs(root: Path) -> dict[str, bytes]:
    """Every file under build/ (hidden ones included) by relative path."""
    return {str(p.relative_to(root / "build")): p.read_bytes()
            for p in sorted((root / "build").rglob("*")) if p.is_file()}


def _temp_files(root: Path) -> list[str]:
    return sorted(str(p.relative_to(root)) for p in (root / "build").rglob(".*.tmp"))


def _assert_whole(path: Path) -> None:
    """The file opens in the library a reader would use."""
    if path.suffix == ".pdf":
        assert len(PdfReader(path).pages) > 1, path
    elif path.suffix == ".docx":
        assert docx.Document(str(path)).paragraphs, path
    elif path.suffix == ".html":
        assert tinyhtml5.parse(path.read_bytes()).find(".//{http://www.w3.org/1999/xhtml}h1") is not None, path
    elif path.suffix == ".json":
        assert json.loads(path.read_text("utf-8")), path


@pytest.fixture
def example(tmp_path: Path) -> Path:
    """A copy of the project's example workspace (the two Mali reports)."""
    root = tmp_path / "example"
    for folder in ("content", "bibliography", "styles"):
        shutil.copytree(PROJECT / folder, root / folder)
    return root


def _mdime(*args: str, cwd: Path, **popen) -> subprocess.Popen:
    return subprocess.Popen([*MDIME, *args], cwd=cwd, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            text=True, **popen)


# -- failures in process ---------------------------------------------------------------


def test_a_build_refused_for_bad_input_keeps_the_last_good_files(mini, run):
    assert run("build", "--format", "html,docx", cwd=mini)[0] == 0
    before = _outputs(mini)
    source = mini / REPORT
    source.write_text(source.read_text("utf-8").replace("status: draft", "status: drfat"), encoding="utf-8")
    status, out, err = run("build", "--format", "html,docx", "--force", cwd=mini)
    assert status == 1
    assert "content/testland/russia.md:5:9: error: status: unknown status 'drfat'" in out
    assert "content/testland/russia.md: not built" in err
    assert _outputs(mini) == before
    assert _temp_files(mini) == []


def test_a_writer_that_raises_keeps_its_last_good_file(mini, run, monkeypatch):
    assert run("build", "--format", "html,docx", cwd=mini)[0] == 0
    before = _outputs(mini)

    def crash(*args, **kwargs):
        raise RuntimeError("writer crashed")

    monkeypatch.setattr("mdime_publish.writers.docx.render_docx", crash)
    status, out, err = run("build", "--format", "html,docx", "--force", cwd=mini)
    assert status == 1
    assert out == "content/testland/russia.md: error: the docx writer failed: RuntimeError: writer crashed\n"
    assert "built 0, skipped 0, failed 1" in err
    assert _outputs(mini)["testland/russia.docx"] == before["testland/russia.docx"]
    assert _outputs(mini)[".mdime-state.json"] == before[".mdime-state.json"]  # the failure is not recorded
    assert _temp_files(mini) == []


def test_a_write_that_fails_before_the_rename_keeps_the_old_file_and_no_temp_file(tmp_path, monkeypatch):
    target = tmp_path / "report.pdf"
    target.write_bytes(b"old")

    def fail(*args):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", fail)
    with pytest.raises(OSError, match="No space left"):
        write_atomic(target, b"new")
    assert target.read_bytes() == b"old"
    assert [p.name for p in tmp_path.iterdir()] == ["report.pdf"]


# -- killed and concurrent builds ------------------------------------------------------


def test_a_killed_build_leaves_whole_files_and_the_next_build_clears_its_temp_files(example):
    first = _mdime("build", "--format", "pdf", cwd=example)
    assert first.wait(timeout=60) == 0, first.communicate()
    before = _outputs(example)
    assert sorted(before) == [".mdime-state.json", "mali/china.pdf", "mali/russia.pdf"]

    killed = _mdime("build", "--format", "pdf", "--force", cwd=example, start_new_session=True)
    time.sleep(0.8)  # loading done, PDF layout under way in the worker processes
    os.killpg(killed.pid, signal.SIGKILL)  # the build and its workers, as a crash or the OOM killer would
    assert killed.wait(timeout=10) == -signal.SIGKILL  # it was still running
    for name, data in _outputs(example).items():
        if not name.endswith(".tmp") and data != before[name]:
            _assert_whole(example / "build" / name)  # finished before the kill

    # A writer killed between creating its temporary file and renaming it leaves the
    # file behind, unlocked; one held by a live writer (this test) must survive.
    folder = example / "build" / "mali"
    stale = folder / ".russia.pdf.k1ll3d.tmp"
    stale.write_bytes(b"%PDF-1.7 half a file")
    live = folder / ".china.pdf.wr1t1ng.tmp"
    with live.open("wb") as held:
        fcntl.flock(held, fcntl.LOCK_EX)
        again = _mdime("build", "--format", "pdf", cwd=example)
        out, err = again.communicate(timeout=60)
        assert again.returncode == 0, out + err
        assert not stale.exists()
        assert live.exists()
    live.unlink()
    assert _temp_files(example) == []
    for name in ("mali/china.pdf", "mali/russia.pdf"):
        _assert_whole(example / "build" / name)


def test_two_builds_at_once_both_succeed_and_leave_whole_files(example):
    builds = [_mdime("build", "--force", cwd=example) for _ in range(2)]
    for build in builds:
        out, err = build.communicate(timeout=120)
        assert build.returncode == 0, out + err
        assert "built 2, skipped 0, failed 0" in err
    editions = [f"mali/{b}.{f}" for b in ("china", "russia") for f in ("docx", "html", "pdf")]
    outputs = _outputs(example)
    assert sorted(outputs) == [".mdime-state.json", *editions]
    for name in outputs:
        _assert_whole(example / "build" / name)
    state = json.loads(outputs[".mdime-state.json"])
    assert sorted(state["outputs"]) == [str(example / "build" / name) for name in editions]
    again = _mdime("build", cwd=example)  # each file is recorded as built by the build that wrote it last
    assert "nothing to build: 2 reports up to date" in again.communicate(timeout=60)[1]
