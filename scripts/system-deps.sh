#!/usr/bin/env bash
# Installs the Debian packages MotCua needs beside Python (fonts with Vietnamese glyphs for PDF slips,
# and the tools the tests use to read PDFs and QR codes), when they are missing and we may install.
set -euo pipefail
needed=(fonts-dejavu-core)
missing=()
for pkg in "${needed[@]}"; do
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
done
[ ${#missing[@]} -eq 0 ] && exit 0
if [ "$(id -u)" -ne 0 ] && ! command -v sudo >/dev/null; then
  echo "Please install: ${missing[*]} (Debian packages)" >&2
  exit 1
fi
SUDO=$([ "$(id -u)" -eq 0 ] && echo "" || echo sudo)
echo "Installing Debian packages: ${missing[*]}"
$SUDO apt-get update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${missing[@]}" >/dev/null
