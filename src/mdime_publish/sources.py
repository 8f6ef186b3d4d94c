"""The workspace on disk to texts and settings: the only module that reads sources.

A workspace is the folder holding `content/`; it is found by walking up from a
report path (or named with --root). Files are read as UTF-8; a byte that is not
UTF-8 becomes a located problem. Paths named inside sources (bibliography files)
must stay inside the workspace. The source revision comes from git, when there is one.
"""

from __future__ import annotations

import stat
import subprocess
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, ValidationError

from mdime_publish.errors import Problem, ReportError, error, suggest
from mdime_publish.parse.text import decode
from mdime_publish.parse.yaml_positions import Located, load_yaml
from mdime_publish.paths import WorkspaceError, display, find_workspace, report_paths, resolved  # noqa: F401
from mdime_publish.series import Series, default_series_data


# The largest source file read (a report, authors.yaml, series.yaml, a .bib file): a
# long report is about 200 KB, so this leaves room while bounding time and memory.
MAX_SOURCE_BYTES = 16 * 1024 * 1024

_KINDS = {stat.S_IFIFO: "a named pipe (FIFO)", stat.S_IFCHR: "a character device", stat.S_IFBLK: "a block device",
          stat.S_IFSOCK: "a socket", stat.S_IFDIR: "a folder"}


def not_readable(path: Path, shown: str, limit: int = MAX_SOURCE_BYTES, missing_ok: bool = False) -> Problem | None:
    """Why `path` is not read, judged without opening it: missing (unless `missing_ok`),
    a name the system refuses, not a regular file (a FIFO or device would block or
    never end), or larger than `limit` bytes."""
    try:
        info = path.stat()
    except FileNotFoundError:
        return None if missing_ok else error(shown, 0, 0, "file not found")
    except OSError as exc:
        return error(shown, 0, 0, f"cannot read file: {exc.strerror}")
    except ValueError:  # a NUL character in the name
        return error(shown, 0, 0, "cannot read file: its name holds a NUL character")
    if not stat.S_ISREG(info.st_mode):
        kind = _KINDS.get(stat.S_IFMT(info.st_mode), "not a regular file")
        return error(shown, 0, 0, f"not a regular file but {kind}; only files are read")
    if info.st_size > limit:
        return error(shown, 0, 0, f"file is {info.st_size / 2**20:.1f} MB; at most {limit // 2**20} MB is read")
    return None


def present(path: Path) -> bool:
    """Whether something is at `path` (a name the system refuses counts: reading it says why)."""
    try:
        return path.exists()
    except (OSError, ValueError):
        return True


def read_bytes(path: Path, shown: str, limit: int = MAX_SOURCE_BYTES) -> tuple[bytes | None, Problem | None]:
    """The bytes of a regular file of at most `limit` bytes, or why not."""
    problem = not_readable(path, shown, limit)
    if problem:
        return None, problem
    try:
        with path.open("rb") as handle:
            data = handle.read(limit + 1)
    except OSError as exc:
        return None, error(shown, 0, 0, f"cannot read file: {exc.strerror}")
    if len(data) > limit:  # grew since it was looked at
        return None, error(shown, 0, 0, f"file is larger than {limit // 2**20} MB")
    return data, None


def read_text(path: Path, shown: str, workspace: Path) -> tuple[str | None, list[Problem]]:
    """The file's text, or a located problem (missing, not a regular file, too large,
    not UTF-8, a link out of `workspace`)."""
    real = resolved(path)
    if real is None:
        return None, [error(shown, 0, 0, "file is a symbolic link that loops back to itself")]
    if not real.is_relative_to(workspace.resolve()):
        return None, [error(shown, 0, 0, f"file is outside the workspace (a link to '{real}')")]
    data, problem = read_bytes(path, shown)
    if data is None:
        return None, [problem] if problem else []
    return decode(data, shown)


# -- series settings ----------------------------------------------------------------


def load_series(workspace: Path) -> Series:
    """The default series settings with the workspace's `content/series.yaml` on top."""
    data: dict[str, Any] = default_series_data()
    override = workspace / "content" / "series.yaml"
    if override.exists():  # a FIFO or folder is refused by read_text
        shown = display(override, workspace)
        text, problems = read_text(override, shown, workspace)
        doc, more = load_yaml(text or "", shown) if text is not None else (None, [])
        problems += more
        if doc is not None:
            extra = doc.plain() or {}
            if not isinstance(extra, dict):
                problems.append(error(shown, 1, 1, "series settings must be a mapping of keys to values"))
            else:
                for key in extra:
                    if key not in data:
                        line, col = doc.position((key,), key=True)
                        problems.append(error(shown, line, col, f"unknown series setting '{key}'{suggest(key, data)}"))
                data.update(extra)
        if problems:
            raise ReportError(problems)
        try:
            return Series.model_validate(data)
        except ValidationError as exc:
            raise ReportError([_located(doc, e, shown) for e in exc.errors()]) from None
    return Series.model_validate(data)


def _located(doc: Located | None, err: Any, shown: str) -> Problem:
    loc = tuple(err["loc"])
    line, col = doc.position(loc) if doc else (1, 1)
    return error(shown, line, col, f"{'.'.join(map(str, loc))}: {err['msg'].removeprefix('Value error, ')}")


# -- authors --------------------------------------------------------------------------


class AuthorEntry(BaseModel):
    model_config = ConfigDict(extra="forbid")
    name: str
    honorific: str = ""
    bio: str = ""


@dataclass
class AuthorsFile:
    shown: str
    entries: dict[str, AuthorEntry] = field(default_factory=dict)
    positions: dict[str, tuple[int, int]] = field(default_factory=dict)  # bio value position
    invalid: set[str] = field(default_factory=set)  # ids whose entries have errors
    lines: list[str] = field(default_factory=list)


def load_authors(workspace: Path) -> tuple[AuthorsFile, list[Problem]]:
    path = workspace / "content" / "authors.yaml"
    shown = display(path, workspace)
    result = AuthorsFile(shown)
    if not path.exists():
        return result, []
    text, problems = read_text(path, shown, workspace)
    if text is None:
        return result, problems
    doc, problems = load_yaml(text, shown)
    if doc is None:
        return result, problems
    data = doc.plain() or {}
    if not isinstance(data, dict):
        return result, [error(shown, 1, 1, "authors.yaml must map author ids to {name, honorific, bio}")]
    result.lines = text.splitlines()
    for author_id, value in data.items():
        try:
            result.entries[author_id] = AuthorEntry.model_validate(value)
            result.positions[author_id] = doc.position((author_id, "bio"))
        except ValidationError as exc:
            result.invalid.add(author_id)
            for e in exc.errors():
                loc = (author_id, *e["loc"])
                line, col = doc.position(loc, key=e["type"] == "extra_forbidden")
                what = "unknown key" if e["type"] == "extra_forbidden" else e["msg"].lower()
                problems.append(error(shown, line, col, f"{'.'.join(map(str, loc))}: {what}"))
    return result, problems


def bibliography_paths(workspace: Path, named: list[str] | None) -> tuple[list[Path], list[str]]:
    """The .bib files a report uses, and the names that leave the workspace
    (by `..`, an absolute path or a symbolic link)."""
    folder = workspace / "bibliography"
    paths, refused = [], []
    for name in named if named is not None else sorted(p.name for p in folder.glob("*.bib")):
        path = (folder / name).resolve()
        if not path.is_relative_to(workspace.resolve()):
            refused.append(name)
        else:
            paths.append(path)
    return paths, refused


def source_revision(workspace: Path) -> str:
    """The git commit of the workspace ('abc1234', '+' when sources are modified), or ''."""
    try:
        head = subprocess.run(["git", "-C", str(workspace), "rev-parse", "--short", "HEAD"],
                              capture_output=True, text=True, timeout=5)
        if head.returncode != 0:
            return ""
        dirty = subprocess.run(["git", "-C", str(workspace), "status", "--porcelain", "--", "content", "bibliography"],
                               capture_output=True, text=True, timeout=5)
        return head.stdout.strip() + ("+" if dirty.stdout.strip() else "")
    except (OSError, subprocess.SubprocessError):
        return ""
