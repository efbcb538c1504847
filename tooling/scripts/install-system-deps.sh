#!/usr/bin/env bash
# System packages the tests need: Debian's chromium (headless check of report.html).
# Idempotent; needs root (or sudo) only when something is missing.
set -euo pipefail
if command -v chromium >/dev/null 2>&1; then
  exit 0
fi
SUDO=""
if [ "$(id -u)" != "0" ]; then SUDO="sudo"; fi
echo "installing chromium (Debian package) for the report's browser test…"
$SUDO apt-get update -qq >/dev/null
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq chromium >/dev/null
chromium --version
