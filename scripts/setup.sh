# Sourced by the README's commands: make this machine ready, then return.
# Installs what is missing and nothing else: Debian packages (fonts, HarfBuzz subsetting,
# poppler; with --test also LibreOffice), the virtual environment .venv and the package.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"

DEB_BUILD=(fonts-noto-core fonts-noto-cjk fonts-dejavu-core libharfbuzz-subset0 libpango-1.0-0 libpangoft2-1.0-0)
DEB_TEST=(poppler-utils libreoffice-writer-nogui chromium)

need_debs() {
  local missing=()
  for pkg in "$@"; do
    dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
  done
  if [ ${#missing[@]} -gt 0 ]; then
    echo "setup: installing Debian packages: ${missing[*]}" >&2
    local sudo=""; [ "$(id -u)" -eq 0 ] || sudo="sudo"
    $sudo apt-get update -q >/dev/null
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -q --no-install-recommends "${missing[@]}" >/dev/null
  fi
}

need_venv() {
  local stamp=".venv/.installed-$(sha256sum pyproject.toml | cut -c1-16)$1"
  if [ ! -x .venv/bin/python ]; then
    echo "setup: creating .venv" >&2
    python3 -m venv .venv
  fi
  if [ ! -f "$stamp" ]; then
    echo "setup: installing mdime-publish into .venv" >&2
    .venv/bin/python -m pip install -q --upgrade pip >/dev/null
    .venv/bin/python -m pip install -q -e ".$2" 2>&1 | grep -v "^WARNING: Location" >&2 || true
    .venv/bin/python -c "import mdime_publish" # fail here if the install failed
    rm -f .venv/.installed-*; touch "$stamp"
  fi
}

need_debs "${DEB_BUILD[@]}"
if [ "${1:-}" = "--test" ]; then
  need_debs "${DEB_TEST[@]}"
  need_venv "-test" "[test]"
else
  need_venv "" ""
fi
