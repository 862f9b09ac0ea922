#!/usr/bin/env bash
# Install the Debian packages cpfkit's tests and reports need, only those missing.
#   postgresql       — the PostgreSQL server the integration tests start on a throwaway cluster
#   chromium         — the headless browser the end-to-end tests drive (never a downloaded browser)
#   libpango…, fonts — WeasyPrint's PDF rendering
#   poppler-utils    — pdftotext/pdftoppm, to read rendered PDFs back in tests
#   gcc              — compiles the IATI walker (src/cpfkit/formats/iati/_walk.pyx) when cpfkit is installed
set -euo pipefail

need=()
have_pkg() { dpkg-query -W -f='${Status}' "$1" 2>/dev/null | grep -q "install ok installed"; }
for pkg in postgresql chromium libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-dejavu-core poppler-utils gcc; do
  have_pkg "$pkg" || need+=("$pkg")
done
[ ${#need[@]} -eq 0 ] && exit 0

if ! command -v apt-get >/dev/null 2>&1; then
  echo "system-deps: missing ${need[*]} and no apt-get here; install them with your package manager" >&2
  exit 1
fi
SUDO=""
if [ "$(id -u)" -ne 0 ]; then
  if command -v sudo >/dev/null 2>&1; then SUDO="sudo"; else
    echo "system-deps: missing ${need[*]}; run as root or install them: apt-get install -y ${need[*]}" >&2
    exit 1
  fi
fi
echo "system-deps: installing ${need[*]}"
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
