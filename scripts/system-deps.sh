#!/usr/bin/env bash
# Installs the Debian/Ubuntu packages the portal needs, only those missing.
#   scripts/system-deps.sh run    – WeasyPrint's libraries, gettext, Python venv support
#   scripts/system-deps.sh test   – the above plus Chromium (Playwright drives it) and libatomic1
# Without root or sudo it stops and prints the exact command to run.
set -euo pipefail

want=(libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 gettext)
# Debian's own python3 needs python3-venv for `python3 -m venv`; other Pythons ship ensurepip.
python3 -c "import ensurepip" 2>/dev/null || want+=(python3-venv)
if [ "${1:-run}" = "test" ]; then
  want+=(chromium libatomic1 poppler-utils zbar-tools)
fi

missing=()
for pkg in "${want[@]}"; do
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
done
[ ${#missing[@]} -eq 0 ] && exit 0

if ! command -v apt-get >/dev/null 2>&1; then
  echo "These system packages are missing: ${missing[*]} (this setup expects Debian or Ubuntu)." >&2
  exit 1
fi
if [ "$(id -u)" -eq 0 ]; then
  sudo=""
elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
  sudo="sudo"
else
  echo "Missing system packages. Run this once, then run make again:" >&2
  echo "  sudo apt-get update && sudo apt-get install -y ${missing[*]}" >&2
  exit 1
fi
echo "Installing system packages: ${missing[*]}"
$sudo apt-get update -qq
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
