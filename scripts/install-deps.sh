#!/usr/bin/env bash
# Installs the Debian packages Qingshan needs, only those missing. Usage: scripts/install-deps.sh run|test|bench
set -euo pipefail
need=()
case "${1:-run}" in
  run)   packages=(ca-certificates libjs-leaflet) ;;
  test)  packages=(postgresql sqlite3 curl openssl python3-numpy python3-venv libjs-leaflet chromium fonts-noto-cjk poppler-utils) ;;
  bench) packages=(postgresql sqlite3 time python3-numpy wrk curl) ;;
  *) echo "usage: $0 run|test|bench" >&2; exit 2 ;;
esac
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || need+=("$p")
done
if [ ${#need[@]} -gt 0 ]; then
  echo "installing Debian packages: ${need[*]}"
  SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${need[@]}"
fi
