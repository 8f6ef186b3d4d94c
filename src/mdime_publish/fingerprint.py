"""What each output was built from, so a build with nothing changed does no work.

The record is `.mdime-state.json` in the output folder. For each output file it
holds the report source, the options (a plain dict: paper, build date, release, and
whatever option a later engine adds), the package version and a digest of its code,
every input file with its SHA-256 (the source, authors.yaml, the series settings,
bibliography files, images, every style file; a folder whose listing matters, such
as `styles/`, by the names in it; a missing file as missing), and the file's size,
time and inode as this build wrote it. `State.current` compares all of that using
the standard library only, before the parser, validator or writers are imported.

Builds record under a lock on the output folder, re-reading the record first, and
only outputs that are still the very file they wrote (same inode, size and time):
two builds with different options writing the same file leave it recorded with the
options it was really built with, or not at all, never as current when it is not.
A damaged or foreign state file (not JSON, `null`, a folder) is ignored with a
warning: every report is rebuilt and the file replaced (a folder is left alone).
"""

from __future__ import annotations

import fcntl
import hashlib
import json
import os
from collections.abc import Iterator
from contextlib import contextmanager
from functools import lru_cache
from pathlib import Path

from mdime_publish import __version__
from mdime_publish.output import write_atomic
from mdime_publish.paths import display
from mdime_publish.style_files import styles_dirs

STATE_FILE = ".mdime-state.json"
FORMAT = 2  # the record's layout; another value is a foreign file
MISSING = "missing"


def shared_inputs(workspace: Path) -> list[Path]:
    """What every report of a workspace depends on: the series settings, the style
    folders (their listings: an added override counts) and every style file."""
    folders = styles_dirs(workspace)
    if workspace / "styles" not in folders:
        folders.insert(0, workspace / "styles")  # adding one later changes the listing
    files = sorted(p for d in folders if d.is_dir() for p in d.rglob("*") if p.is_file())
    return [workspace / "content" / "series.yaml", *folders, *files]


class Digests:
    """SHA-256 of input paths, each path hashed once per build: a file by its bytes,
    a folder by the names of the files under it, a missing path as missing."""

    def __init__(self) -> None:
        self._known: dict[str, str] = {}

    def of(self, path: Path | str) -> str:
        key = str(path)
        if key not in self._known:
            self._known[key] = _digest(Path(key))
        return self._known[key]

    def all(self, paths: list[Path]) -> dict[str, str]:
        return {str(p): self.of(p) for p in paths}


def _digest(path: Path) -> str:
    try:
        if path.is_dir():
            names = sorted(str(p.relative_to(path)) for p in path.rglob("*") if p.is_file())
            return "dir:" + hashlib.sha256("\0".join(names).encode()).hexdigest()
        return hashlib.sha256(path.read_bytes()).hexdigest()
    except OSError:
        return MISSING


@lru_cache(maxsize=1)
def code_digest() -> str:
    """The package's own source, so a changed builder rebuilds everything."""
    package = Path(__file__).parent
    h = hashlib.sha256()
    for path in sorted(package.rglob("*")):
        if path.suffix in {".py", ".yaml"} and path.is_file():
            h.update(str(path.relative_to(package)).encode() + b"\0" + path.read_bytes())
    return h.hexdigest()


def stamp(stat: os.stat_result) -> list[int]:
    """What identifies one written file: a rewrite or replacement changes it."""
    return [stat.st_size, stat.st_mtime_ns, stat.st_ino]


class State:
    """The record of one output folder (see the module docstring)."""

    def __init__(self, folder: Path):
        self.folder = folder
        self.path = folder / STATE_FILE
        self.problem = ""  # why an existing state file was ignored
        self.outputs = self._read()
        self._pending: dict[str, dict] = {}

    def _read(self) -> dict[str, dict]:
        try:
            text = self.path.read_text("utf-8")
        except FileNotFoundError:
            return {}
        except IsADirectoryError:
            self.problem = "is a folder, not a build-state file: ignored, every report is rebuilt " \
                           "and nothing is recorded until it is removed"
            return {}
        except (OSError, UnicodeDecodeError) as exc:
            self.problem = f"cannot be read ({getattr(exc, 'strerror', None) or exc}): ignored, every report is rebuilt"
            return {}
        try:
            data = json.loads(text)
        except ValueError:
            data = None
            kind = "not JSON"
        else:
            kind = "not a build state of this mdime version"
        outputs = data.get("outputs") if isinstance(data, dict) and data.get("mdime_state") == FORMAT else None
        if not isinstance(outputs, dict) or not all(isinstance(v, dict) for v in outputs.values()):
            self.problem = f"is {kind}: ignored, every report is rebuilt and the file replaced"
            return {}
        return outputs

    def warning(self) -> str:
        """The warning line for an ignored state file, or ''."""
        return f"{display(self.path)}: warning: build-state file {self.problem}" if self.problem else ""

    def current(self, source: Path, formats: list[str], options: dict, digests: Digests) -> list[Path] | None:
        """The outputs of `source` in `formats` when every one is recorded as built
        from today's inputs with these options by this code, and is still the file
        that build wrote; otherwise None."""
        found = {}
        for output, entry in self.outputs.items():
            if entry.get("source") == str(source) and entry.get("format") in formats:
                found[entry["format"]] = (Path(output), entry)
        if len(found) != len(formats):
            return None
        for output, entry in found.values():
            if (entry.get("options") != options or entry.get("version") != __version__
                    or entry.get("code") != code_digest() or not _same_file(output, entry.get("stamp"))):
                return None
            inputs = entry.get("inputs")
            if not isinstance(inputs, dict) or not inputs or any(digests.of(p) != d for p, d in inputs.items()):
                return None
        return [found[f][0] for f in formats]

    def built(self, source: Path, fmt: str, output: Path, written: os.stat_result, options: dict,
              inputs: dict[str, str]) -> None:
        """Note an output this build wrote; `save` records it if it is still that file."""
        self._pending[str(output)] = {"source": str(source), "format": fmt, "options": options,
                                      "version": __version__, "code": code_digest(), "inputs": inputs,
                                      "stamp": stamp(written)}

    def save(self) -> None:
        """Record the outputs noted, merged into the file as it is now, under the lock."""
        if not self._pending or self.path.is_dir():
            return
        with _locked(self.folder):
            latest = State(self.folder).outputs
            for output, entry in self._pending.items():
                if _same_file(Path(output), entry["stamp"]):
                    latest[output] = entry
            write_atomic(self.path, json.dumps({"mdime_state": FORMAT, "outputs": latest}, indent=1,
                                               sort_keys=True) + "\n")


def _same_file(path: Path, recorded: object) -> bool:
    try:
        return stamp(path.stat()) == recorded
    except OSError:
        return False


@contextmanager
def _locked(folder: Path) -> Iterator[None]:
    """An exclusive lock on the output folder itself (no lock file left behind)."""
    fd = os.open(folder, os.O_RDONLY | os.O_DIRECTORY)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        yield
    finally:
        os.close(fd)
