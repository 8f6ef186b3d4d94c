"""Images named in a report to their bytes: read once, at the edge, inside the workspace.

An image is a file in the workspace, relative to the report's folder, in a format
every writer can embed (PNG, JPEG, GIF). URLs, paths leaving the workspace, missing
files and oversized files are located errors; writers then embed `Image.data`.
"""

from __future__ import annotations

from pathlib import Path
from urllib.parse import urlsplit

from mdime_publish.errors import Problem, error
from mdime_publish.model import document as m
from mdime_publish.model.walk import iter_inlines

MEDIA_TYPES = {".png": "image/png", ".jpg": "image/jpeg", ".jpeg": "image/jpeg", ".gif": "image/gif"}
MAX_BYTES = 20 * 1024 * 1024


def load_images(report: m.Report, report_dir: Path, workspace: Path) -> tuple[list[Problem], list[Path]]:
    """Fill `data` and `media_type` of every image in `report` (in place); returns the
    problems and the image files read (inputs of the report)."""
    problems, paths = [], []
    for node in iter_inlines(report):
        if isinstance(node, m.Image):
            problem = _load(node, report_dir, workspace.resolve())
            if problem:
                pos = node.pos or m.Pos(file=report.source, line=1)
                problems.append(error(pos.file, pos.line, pos.col, problem))
            else:
                paths.append((report_dir / node.src).resolve())
    return problems, paths


def _load(image: m.Image, report_dir: Path, workspace: Path) -> str:
    src = image.src
    if urlsplit(src).scheme or src.startswith("//"):
        return f"image '{src}' is not a file: images must be files inside the workspace"
    path = (report_dir / src).resolve()
    if not path.is_relative_to(workspace):
        return f"image '{src}' is outside the workspace"
    media_type = MEDIA_TYPES.get(path.suffix.lower())
    if media_type is None:
        return f"image '{src}': unsupported format, expected one of: {', '.join(MEDIA_TYPES)}"
    if not path.is_file():
        return f"image file '{src}' not found"
    if path.stat().st_size > MAX_BYTES:
        return f"image '{src}' is larger than {MAX_BYTES // (1024 * 1024)} MB"
    image.data, image.media_type = path.read_bytes(), media_type
    return ""
