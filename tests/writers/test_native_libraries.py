"""WeasyPrint's libraries are found from a cache, falling back to the system's search (issue 16)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

# Counts the subprocesses started while the PDF writer (and so WeasyPrint) is imported.
SCRIPT = """
import subprocess
started = []
init = subprocess.Popen.__init__
def counting(self, *args, **kwargs):
    started.append(1)
    init(self, *args, **kwargs)
subprocess.Popen.__init__ = counting
from mdime_publish.writers.pdf import HTML
assert HTML(string="<p>x</p>").write_pdf().startswith(b"%PDF")
print(len(started))
"""


def _searches(cache: Path) -> int:
    env = {**os.environ, "XDG_CACHE_HOME": str(cache)}
    done = subprocess.run([sys.executable, "-c", SCRIPT], env=env, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    return int(done.stdout)


def test_the_second_import_runs_no_library_search(tmp_path):
    assert _searches(tmp_path) > 0  # ldconfig, gcc, ld for names that are not loadable as they are
    cached = json.loads((tmp_path / "mdime-publish" / "find_library.json").read_text())
    assert any(cached["found"].values()) and None in cached["found"].values()
    assert _searches(tmp_path) == 0


def test_a_stale_or_damaged_cache_falls_back_to_the_search(tmp_path):
    assert _searches(tmp_path) > 0
    path = tmp_path / "mdime-publish" / "find_library.json"
    data = json.loads(path.read_text())
    path.write_text(json.dumps({**data, "key": "another system"}))  # libraries installed or removed since
    assert _searches(tmp_path) > 0
    assert json.loads(path.read_text())["key"] == data["key"]
    path.write_text("{damaged")
    assert _searches(tmp_path) > 0
    assert _searches(tmp_path) == 0
