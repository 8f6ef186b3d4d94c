"""What is worked out once per machine, not on every run: compiled modules (also where
Python may not write beside the sources) and the default series settings (issue 16)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from ruamel.yaml import YAML

import mdime_publish
from mdime_publish import series

SCRIPT = "import mdime_publish.cli as cli, sys; print(cli.__cached__); print(sys.pycache_prefix)"


def _run(cache: Path) -> tuple[str, str]:
    env = {**os.environ, "PYTHONDONTWRITEBYTECODE": "1", "XDG_CACHE_HOME": str(cache)}
    done = subprocess.run([sys.executable, "-c", SCRIPT], env=env, capture_output=True, text=True, check=True)
    cached, prefix = done.stdout.splitlines()
    return cached, prefix


def test_without_bytecode_beside_the_sources_it_goes_to_the_user_cache(tmp_path):
    beside = Path(mdime_publish.__file__).parent / "__pycache__"
    cached, prefix = _run(tmp_path)
    if beside.is_dir():  # compiled at install time: Python reads those, nothing to do
        assert (cached, prefix) == (str(beside / f"cli.{sys.implementation.cache_tag}.pyc"), "None")
        return
    assert prefix == str(tmp_path / "mdime-publish" / "bytecode")
    compiled = Path(cached)
    assert compiled.is_relative_to(prefix) and compiled.is_file()
    written = compiled.stat().st_mtime_ns
    assert _run(tmp_path)[0] == cached
    assert compiled.stat().st_mtime_ns == written  # loaded, not compiled and written again
    assert not beside.exists()  # the source tree stays clean


def test_the_default_series_settings_are_parsed_once_and_a_damaged_copy_is_ignored(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    parsed = YAML(typ="safe").load(series.default_series_text())
    assert series.default_series_data() == parsed
    [kept] = (tmp_path / "mdime-publish").glob("series-*.json")
    kept.write_text('{"title_template": "from the cache"}')
    assert series.default_series_data() == {"title_template": "from the cache"}  # read, not parsed again
    for damaged in ("{not json", "null", "[1]"):
        kept.write_text(damaged)
        assert series.default_series_data() == parsed
