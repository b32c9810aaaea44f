#!/usr/bin/env bash
# Installs the Debian packages MotCua needs beside Python, when they are missing and we may install:
# fonts-dejavu-core (Vietnamese glyphs for PDF slips), poppler-utils and zbar-tools (the tests render
# slips to images and decode their QR codes), chromium (the browser tests drive it with Playwright),
# redis-server (the serving test shares rate limits between gunicorn workers through it),
# softhsm2 (a PKCS#11 token the signing tests keep leaders' keys on; pdfsig of poppler-utils checks them).
set -euo pipefail
needed=(fonts-dejavu-core poppler-utils zbar-tools chromium redis-server softhsm2)
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
