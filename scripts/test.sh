#!/usr/bin/env bash
# Run the test suite, setting up first (Debian packages, .venv, test dependencies).
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/setup.sh" --test
exec .venv/bin/python -m pytest "$@"
