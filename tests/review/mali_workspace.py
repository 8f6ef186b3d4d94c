"""A copy of this repository's workspace (the full Mali reports), per test: imported as a fixture."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

PROJECT = Path(__file__).parent.parent.parent


@pytest.fixture
def workspace(tmp_path: Path) -> Path:
    root = tmp_path / "ws"
    for folder in ("content", "bibliography"):
        shutil.copytree(PROJECT / folder, root / folder)
    return root
