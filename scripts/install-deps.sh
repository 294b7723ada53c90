#!/usr/bin/env bash
# Installs the Debian packages the kiosk software builds and tests against, and nothing already present.
# Runs apt-get through sudo when not root. The Swift toolchain itself must already be on PATH.
set -euo pipefail

# What every build needs (C libraries, a CJK font) and what the tests drive for real (cupsd and its PDF
# filters, zbarimg for QR codes, poppler for PDF checks).
packages=(
    pkg-config libsqlite3-dev libevdev-dev libcups2-dev libpango1.0-dev libcairo2-dev libqrencode-dev
    fonts-wqy-microhei cups cups-client cups-filters zbar-tools poppler-utils curl python3
)
packages+=("$@")

command -v swift >/dev/null 2>&1 || { echo "install-deps: no 'swift' on PATH; install the Swift 6 toolchain first" >&2; exit 1; }

missing=()
for package in "${packages[@]}"; do
    status=$(dpkg-query -W -f='${Status}' "$package" 2>/dev/null || true)
    [ "$status" = "install ok installed" ] || missing+=("$package")
done
[ ${#missing[@]} -eq 0 ] && exit 0

echo "install-deps: installing ${missing[*]}"
sudo=""
[ "$(id -u)" -eq 0 ] || sudo="sudo"
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -q
$sudo apt-get install -y -q --no-install-recommends "${missing[@]}"
# Debian's cups package starts the system scheduler; the tests never use it, they start their own.
