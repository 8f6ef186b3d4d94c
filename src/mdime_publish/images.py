"""Images named in a report to their bytes: read once, at the edge, inside the workspace.

An image is a file in the workspace, relative to the report's folder, in a format
every writer can embed (PNG, JPEG, GIF). Its name is read as written in the source
(`![Map](<map 1.png>)`, `карта.png`): markdown-it percent-encodes the target, which is
undone here. URLs, paths leaving the workspace, missing files and oversized files are
located errors. Pillow then opens each file far enough to know it is what its name
says, within the pixel limit, and complete (decoded once): a corrupt file, an SVG saved
as `.png` or a decompression bomb is a located error at the image, never a writer
failure or a silently missing picture. Writers then embed `Image.data`.
"""

from __future__ import annotations

import io
import warnings
from pathlib import Path
from urllib.parse import unquote, urlsplit

from mdime_publish.errors import Problem, error
from mdime_publish.model import document as m
from mdime_publish.model.walk import iter_inlines
from mdime_publish.sources import read_bytes

MEDIA_TYPES = {".png": "image/png", ".jpg": "image/jpeg", ".jpeg": "image/jpeg", ".gif": "image/gif"}
FORMATS = {"PNG": "image/png", "JPEG": "image/jpeg", "GIF": "image/gif"}  # Pillow's names
MAX_BYTES = 20 * 1024 * 1024
MAX_PIXELS = 50_000_000  # 50 megapixels: a full-page map at 600 dpi is about 35


def load_images(report: m.Report, report_dir: Path, workspace: Path) -> tuple[list[Problem], list[Path]]:
    """Fill `data` and `media_type` of every image in `report` (in place); returns the
    problems and the image files read (inputs of the report)."""
    problems, paths = [], []
    in_notes = {id(n) for note in iter_inlines(report) if isinstance(note, m.InlineNote) for n in _images(note)}
    for node in iter_inlines(report):
        if isinstance(node, m.Image):
            problem = _load(node, report_dir, workspace.resolve())
            if not problem and id(node) in in_notes:
                problem = f"image '{unquote(node.src)}' inside a note: notes hold text only (DOCX endnotes)"
            if problem:
                pos = node.pos or m.Pos(file=report.source, line=1)
                problems.append(error(pos.file, pos.line, pos.col, problem))
            else:
                paths.append((report_dir / unquote(node.src)).resolve())  # resolved without error in _load
    return problems, paths


def _images(node: object) -> list[m.Image]:
    """The images among a node's inline descendants."""
    found = []
    for child in getattr(node, "children", None) or []:
        found += [child] if isinstance(child, m.Image) else _images(child)
    return found


def _load(image: m.Image, report_dir: Path, workspace: Path) -> str:
    src = unquote(image.src)
    shown = src if len(src) <= 100 else src[:100] + "..."
    try:
        return _read(image, src, report_dir, workspace)
    except (OSError, ValueError) as exc:  # a name too long for the system, a NUL character
        return f"image '{shown}' cannot be read: {getattr(exc, 'strerror', None) or exc}"


def _read(image: m.Image, src: str, report_dir: Path, workspace: Path) -> str:
    if urlsplit(src).scheme or src.startswith("//"):
        return f"image '{src}' is not a file: images must be files inside the workspace"
    path = (report_dir / src).resolve()
    if not path.is_relative_to(workspace):
        return f"image '{src}' is outside the workspace"
    if path.suffix.lower() not in MEDIA_TYPES:
        return f"image '{src}': unsupported format, expected one of: {', '.join(MEDIA_TYPES)}"
    if not path.exists():
        return f"image file '{src}' not found"
    data, problem = read_bytes(path, src, MAX_BYTES)
    if data is None:
        return f"image '{src}': {problem.message if problem else 'cannot be read'}"
    media_type, problem_text = inspect(data, src)
    if problem_text:
        return problem_text
    image.data, image.media_type = data, media_type
    return ""


def inspect(data: bytes, src: str) -> tuple[str, str]:
    """(media type, '') for a whole image of a supported format and size, else ('', why not).
    Pillow is imported here, by the few reports that hold an image."""
    from PIL import Image as Pillow
    from PIL import UnidentifiedImageError

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", Pillow.DecompressionBombWarning)  # the size is checked below
            with Pillow.open(io.BytesIO(data)) as picture:
                kind = picture.format or ""
                if kind not in FORMATS:
                    return "", f"image '{src}' is a {kind} image; expected a PNG, JPEG or GIF file"
                width, height = picture.size
                if width * height > MAX_PIXELS:
                    return "", (f"image '{src}' is {width:,} x {height:,} pixels; at most "
                                f"{MAX_PIXELS // 1_000_000} megapixels are embedded (scale it down)")
                picture.verify()  # a PNG's chunk checksums, through to its end
            with Pillow.open(io.BytesIO(data)) as picture:
                picture.load()  # every pixel decodes (verify leaves the object unusable)
    except UnidentifiedImageError:
        what = "an SVG file" if data.lstrip()[:5] in (b"<?xml", b"<svg ", b"<svg>") else "not an image Pillow reads"
        return "", f"image '{src}' is {what}; expected a PNG, JPEG or GIF file"
    except Pillow.DecompressionBombError:  # far too large: Pillow will not even read the header
        return "", f"image '{src}' has more pixels than the limit of {MAX_PIXELS // 1_000_000} megapixels"
    except (OSError, SyntaxError, ValueError, EOFError) as exc:
        return "", f"image '{src}' is damaged or incomplete ({exc})"
    return FORMATS[kind], ""
