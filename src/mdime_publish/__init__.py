"""mdime-publish: M-DIME country reports from Markdown, YAML and BibTeX to PDF, DOCX and HTML."""

import os
import sys

from mdime_publish.paths import cache_dir

__version__ = "0.1.0"  # the one place the version is set (pyproject.toml reads it)


def _bytecode_cache() -> str | None:
    """Where compiled modules go when Python may not write them beside the sources
    (PYTHONDONTWRITEBYTECODE) and ours are not compiled there (an editable install):
    a folder in the user's cache, so every run after the first loads them compiled."""
    if not sys.dont_write_bytecode or sys.pycache_prefix or os.path.isdir(os.path.join(__path__[0], "__pycache__")):
        return None
    return str(cache_dir() / "bytecode")


if (_prefix := _bytecode_cache()) is not None:
    sys.pycache_prefix, sys.dont_write_bytecode = _prefix, False
