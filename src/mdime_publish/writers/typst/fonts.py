"""The fonts Typst may use: the families the theme names, nothing else.

Typst is given neither the system's fonts nor its own bundled ones, only a private
folder of links to the files of the theme's families (found among the installed
fonts), so a missing family is a clear error and never a silent substitute.
Typst reads font folders, not lists of files, hence the folder of links; it is made
once per process and kept for the compiler that uses it.
"""

from __future__ import annotations

import atexit
import shutil
import tempfile
from functools import lru_cache
from pathlib import Path


@lru_cache(maxsize=4)
def font_folder(families: tuple[str, ...]) -> tuple[Path, tuple[str, ...]]:
    """A folder of links to every installed file of `families`, and the families
    not installed."""
    import typst

    installed = typst.Fonts(include_system_fonts=True, include_embedded_fonts=False).fonts()
    wanted = set(families)
    files = sorted({font.path for font in installed if font.family in wanted and font.path})
    found = {font.family for font in installed if font.family in wanted}
    folder = Path(tempfile.mkdtemp(prefix="mdime-fonts-"))
    atexit.register(shutil.rmtree, folder, True)
    for index, path in enumerate(files):
        (folder / f"{index:03d}-{Path(path).name}").symlink_to(path)
    return folder, tuple(f for f in families if f not in found)
