"""Where things are: the workspace around a path, its reports, paths as messages show them.

Standard library only, so `mdime build` can find its reports and decide that nothing
changed without importing the parser, validator or writers.
"""

from __future__ import annotations

import os
from pathlib import Path


class WorkspaceError(Exception):
    """No workspace could be found; the message says where we looked."""


def find_workspace(start: Path) -> Path:
    """The first folder at or above `start` with a `content/` subfolder."""
    start = start.resolve()
    for folder in [start, *start.parents] if start.is_dir() else list(start.parents):
        if (folder / "content").is_dir():
            return folder
    raise WorkspaceError(
        f"{start}: no workspace found: no folder at or above it has a 'content/' subfolder "
        "(run inside a workspace or pass --root DIR)"
    )


def report_paths(workspace: Path) -> list[Path]:
    """Every report of the workspace: content/<recipient>/<benefactor>.md."""
    return sorted((workspace / "content").glob("*/*.md"))


def resolved(path: Path) -> Path | None:
    """The path with every symbolic link followed; None when the links loop."""
    try:
        return path.resolve()
    except (RuntimeError, OSError):  # "Symlink loop" (Python 3.11), or ELOOP
        return None


def display(path: Path, workspace: Path | None = None) -> str:
    """A path as messages show it: relative to the current folder when possible;
    a symbolic link by its own name, not its target's."""
    for base in (Path.cwd(), workspace):
        if base is not None:
            for form in (Path(os.path.abspath(path)), resolved(path) or path):
                try:
                    return str(form.relative_to(base.resolve()))
                except ValueError:
                    pass
    return str(path)


def cache_dir() -> Path:
    """mdime's folder in the user's cache (XDG_CACHE_HOME, else ~/.cache); it may not exist."""
    base = os.environ.get("XDG_CACHE_HOME")
    if not base:
        try:
            base = str(Path.home() / ".cache")
        except RuntimeError:  # no home folder known
            import tempfile

            base = tempfile.gettempdir()
    return Path(base) / "mdime-publish"
