"""A report's inputs to one digest, and the record of what each output was built from.

A report's outputs are rebuilt only when the digest of everything they depend on
changes: its source, authors.yaml, the bibliography files it uses, the series
settings, every style file (the workspace's and the defaults), the builder's own
code and version, and the build options. The record is `.mdime-state.json` in the
output folder, written atomically after each successful build.
"""

from __future__ import annotations

import hashlib
import json
from functools import lru_cache
from pathlib import Path

from mdime_publish import __version__
from mdime_publish.output import write_atomic
from mdime_publish.style_files import styles_dirs

STATE_FILE = ".mdime-state.json"


def digest(inputs: list[Path], shared: str, options: str) -> str:
    """SHA-256 over one report's own inputs, its workspace's shared digest and options."""
    h = hashlib.sha256(f"{__version__}\0{_code_digest()}\0{shared}\0{options}\0".encode())
    _add_files(h, inputs)
    return h.hexdigest()


def workspace_digest(workspace: Path) -> str:
    """SHA-256 over what every report of the workspace depends on: the series
    settings and every style file (computed once per build, not per report)."""
    h = hashlib.sha256()
    styles = sorted(p for d in styles_dirs(workspace) for p in d.rglob("*") if p.is_file())
    _add_files(h, [workspace / "content" / "series.yaml", *styles])
    return h.hexdigest()


def _add_files(h, paths: list[Path]) -> None:
    for path in paths:
        h.update(str(path).encode() + b"\0")
        h.update(path.read_bytes() if path.is_file() else b"\0missing\0")


@lru_cache(maxsize=1)
def _code_digest() -> str:
    """The package's own source, so a changed builder rebuilds everything."""
    package = Path(__file__).parent
    h = hashlib.sha256()
    for path in sorted(package.rglob("*")):
        if path.is_file() and path.suffix in {".py", ".yaml"}:
            h.update(path.read_bytes())
    return h.hexdigest()


class State:
    """output path -> digest it was built from, kept in OUT/.mdime-state.json."""

    def __init__(self, out: Path):
        self.path = out / STATE_FILE
        try:
            self.built: dict[str, str] = json.loads(self.path.read_text("utf-8"))
        except (OSError, ValueError):
            self.built = {}

    def is_current(self, outputs: list[Path], value: str) -> bool:
        return all(p.is_file() and self.built.get(str(p)) == value for p in outputs)

    def record(self, outputs: list[Path], value: str) -> None:
        self.built.update({str(p): value for p in outputs})

    def save(self) -> None:
        write_atomic(self.path, json.dumps(self.built, indent=1, sort_keys=True) + "\n")
