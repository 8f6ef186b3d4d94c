"""Shared fixtures: a small valid workspace copied per test, and in-process CLI runs."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from mdime_publish.cli import main

FIXTURES = Path(__file__).parent / "fixtures"
PROJECT = Path(__file__).parent.parent


@pytest.fixture
def mini(tmp_path: Path) -> Path:
    """A copy of tests/fixtures/mini, a valid one-report workspace."""
    root = tmp_path / "ws"
    shutil.copytree(FIXTURES / "mini", root)
    return root


@pytest.fixture
def run(capsys, monkeypatch):
    """Run `mdime ARGS` in process from a folder; returns (status, stdout, stderr)."""

    def _run(*args: str, cwd: Path | None = None) -> tuple[int, str, str]:
        if cwd is not None:
            monkeypatch.chdir(cwd)
        status = main([str(a) for a in args])
        out, err = capsys.readouterr()
        return status, out, err

    return _run
