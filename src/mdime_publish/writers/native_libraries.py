"""WeasyPrint's native libraries found without searching the system on every run.

WeasyPrint loads GObject, Pango, HarfBuzz and fontconfig through cffi when it is
imported, trying several names for each; every name that is not directly loadable
goes to `ctypes.util.find_library`, which on Linux runs `ldconfig`, `gcc` and `ld`
as subprocesses (dozens of them, about 0.2 s). While WeasyPrint is imported,
`cached_find_library` answers those calls from the answers the real function gave
before, kept in the user's cache folder, and asks the real function (and records
its answer) for any name it has not seen. The cache is dropped whenever the
system's library cache (/etc/ld.so.cache) or LD_LIBRARY_PATH changes; an unreadable
or unwritable cache just means the normal search. WeasyPrint itself is left as it
is; it has no such option of its own (WEASYPRINT_DLL_DIRECTORIES is for Windows).
"""

from __future__ import annotations

import ctypes.util
import json
import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager

from mdime_publish.output import write_atomic
from mdime_publish.paths import cache_dir

CACHE_FILE = "find_library.json"
LOADER_CACHE = "/etc/ld.so.cache"


@contextmanager
def cached_find_library() -> Iterator[None]:
    """Within the block, `ctypes.util.find_library` answers from the cache first."""
    path = cache_dir() / CACHE_FILE
    key = _loader_key()
    known = _read(path, key)
    asked: dict[str, str | None] = {}
    real = ctypes.util.find_library

    def find_library(name: str) -> str | None:
        if name in known:
            return known[name]
        asked[name] = real(name)
        return asked[name]

    ctypes.util.find_library = find_library
    try:
        yield
    finally:
        ctypes.util.find_library = real
        if asked:
            try:
                write_atomic(path, json.dumps({"key": key, "found": {**known, **asked}}, indent=1) + "\n")
            except OSError:
                pass  # a read-only cache folder: the next run searches again


def _loader_key() -> str:
    """What the answers depend on: the system's library cache and search path."""
    try:
        stat = os.stat(LOADER_CACHE)
        loader = f"{stat.st_size}:{stat.st_mtime_ns}"
    except OSError:
        loader = "none"
    return f"{sys.platform}|{loader}|{os.environ.get('LD_LIBRARY_PATH', '')}"


def _read(path, key: str) -> dict[str, str | None]:
    try:
        data = json.loads(path.read_text("utf-8"))
        found = data["found"] if data["key"] == key else {}
    except (OSError, ValueError, TypeError, KeyError):
        return {}
    if not isinstance(found, dict):
        return {}
    return {k: v for k, v in found.items() if isinstance(k, str) and (v is None or isinstance(v, str))}
