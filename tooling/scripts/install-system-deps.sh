#!/usr/bin/env bash
# System packages hbt uses, installed from Debian when missing:
#   - a C++ compiler (g++) for @hbt/topk-kernel, the fused exact-search kernel (optional: without one,
#     exact search falls back to tfjs, and a note says so);
#   - chromium for the report's headless browser test (skipped with --compiler-only, as setup.sh does).
# Idempotent; needs root (or sudo) only when something is missing.
set -euo pipefail
want=()
if ! command -v "${CXX:-g++}" >/dev/null 2>&1 && ! command -v c++ >/dev/null 2>&1; then want+=(g++); fi
if [ "${1:-}" != "--compiler-only" ] && ! command -v chromium >/dev/null 2>&1; then want+=(chromium); fi
[ ${#want[@]} -eq 0 ] && exit 0
SUDO=""
if [ "$(id -u)" != "0" ]; then SUDO="sudo"; fi
if ! command -v apt-get >/dev/null 2>&1 || { [ -n "$SUDO" ] && ! command -v sudo >/dev/null 2>&1; }; then
  if [ "${want[*]}" = "g++" ]; then
    echo "no C++ compiler and no apt: the fused search kernel will not be built; exact search uses tfjs (slower)"
    exit 0
  fi
  echo "cannot install ${want[*]}: needs apt-get as root (or sudo)" >&2
  exit 1
fi
echo "installing ${want[*]} (Debian packages): g++ for the fused search kernel, chromium for the report's browser test…"
$SUDO apt-get update -qq >/dev/null
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${want[@]}" >/dev/null
if command -v chromium >/dev/null 2>&1; then chromium --version; fi
