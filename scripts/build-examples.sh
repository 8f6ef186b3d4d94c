#!/usr/bin/env bash
# Build the example reports in content/ into build/ (PDF, DOCX, HTML), setting up first.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/setup.sh"
.venv/bin/mdime check
exec .venv/bin/mdime build "$@"
