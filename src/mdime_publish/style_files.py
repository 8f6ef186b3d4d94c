"""Where style files come from: the workspace's `styles/` first, then the defaults.

The defaults are the project's top-level `styles/` folder, shipped inside the
package as `mdime_publish/styles` (a link to it in the source tree). A workspace
restyles a report by putting a file of the same name in its own `styles/`.
"""

from __future__ import annotations

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
    """Files under the workspace's `styles/` that resolve outside the workspace
    (symbolic links): writers would otherwise inline what they point at."""
    root = workspace.resolve()
    folder = workspace / "styles"
    return sorted(p for p in folder.rglob("*") if p.is_file() and not p.resolve().is_relative_to(root))


def style_path(name: str, workspace: Path | None) -> Path:
    """The file `name` (e.g. 'report.css', 'templates/cover.html') to use."""
    for folder in styles_dirs(workspace):
        candidate = folder / name
        if candidate.is_file():
            return candidate
    raise FileNotFoundError(f"style file '{name}' not found in {', '.join(map(str, styles_dirs(workspace)))}")
