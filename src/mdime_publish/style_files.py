"""Where style files come from: the workspace's `styles/` first, then the defaults.

The defaults are the project's top-level `styles/` folder, shipped inside the
package as `mdime_publish/styles` (a link to it in the source tree). A workspace
restyles a report by putting a file of the same name in its own `styles/`.
"""

from __future__ import annotations

import os
from pathlib import Path


def default_styles_dir() -> Path:
    return Path(__file__).parent / "styles"  # the package is always files on disk (package data)


def styles_dirs(workspace: Path | None) -> list[Path]:
    """The folders searched for a style file, first match wins."""
    dirs = [workspace / "styles"] if workspace is not None else []
    default = default_styles_dir()
    if not dirs or dirs[0].resolve() != default.resolve():
        dirs.append(default)
    return [d for d in dirs if d.is_dir()]


def links_out(workspace: Path) -> list[Path]:
    """Files and folders under the workspace's `styles/` (or `styles/` itself) that
    resolve outside the workspace (symbolic links): writers would otherwise inline what
    they point at. A linked folder is named once; what is inside it is not searched."""
    root = workspace.resolve()
    folder = workspace / "styles"
    if folder.is_symlink() and _outside(folder, root):
        return [folder]
    found = []
    for parent, dirs, files in os.walk(folder):  # does not follow linked folders
        for name in dirs + files:
            path = Path(parent) / name
            if path.is_symlink() and _outside(path, root):
                found.append(path)
    return sorted(found)


def _outside(link: Path, root: Path) -> bool:
    """Whether a symbolic link leads out of `root` (or loops, leading nowhere)."""
    try:
        return not link.resolve().is_relative_to(root)
    except (RuntimeError, OSError):  # a loop: "Symlink loop" (Python 3.11) or ELOOP
        return True


def style_path(name: str, workspace: Path | None) -> Path:
    """The file `name` (e.g. 'report.css', 'templates/cover.html') to use."""
    for folder in styles_dirs(workspace):
        candidate = folder / name
        if candidate.is_file():
            return candidate
    raise FileNotFoundError(f"style file '{name}' not found in {', '.join(map(str, styles_dirs(workspace)))}")
