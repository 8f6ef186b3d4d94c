"""Bytes to files, atomically: a failed or killed build never leaves half a file.

Each file is written to a temporary file in the target folder, flushed to disk and
renamed over the target, so readers see the old file or the new one, never a mix,
and the last good output survives any failure before the rename. The writer holds
a lock on its temporary file; a process killed mid-write (SIGKILL) leaves the file
unlocked, and the next build removes it (`remove_stale_temp_files`) without
touching the temporary files of a build running beside it.
"""

from __future__ import annotations

import fcntl
import glob
import os
import tempfile
from pathlib import Path


def write_atomic(path: Path, data: bytes | str) -> os.stat_result:
    """Write `data` to `path` atomically; returns the written file's status (its inode,
    size and time identify it until something replaces it)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    payload = data.encode("utf-8") if isinstance(data, str) else data
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            fcntl.flock(handle, fcntl.LOCK_EX)  # released when closed, or when the process dies
            handle.write(payload)
            handle.flush()
            os.fsync(handle.fileno())
            os.chmod(tmp, 0o644)
            written = os.fstat(handle.fileno())
            os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return written


def remove_stale_temp_files(path: Path) -> None:
    """Delete the temporary files of `path` that no live writer holds."""
    for tmp in path.parent.glob(f".{glob.escape(path.name)}.*.tmp"):
        try:
            with tmp.open("rb") as handle:
                fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
                tmp.unlink()
        except (BlockingIOError, FileNotFoundError):
            pass  # a build beside this one is writing it, or has just renamed it
