#!/usr/bin/env bash
# Installs what hbt needs on a fresh machine: pnpm 10.34.9 (via npm), a C++ compiler for the fused
# search kernel (Debian's g++ when none is there; install-system-deps.sh), the workspace dependencies
# (frozen lockfile) and the build. Idempotent: a second run is quick.
set -euo pipefail
cd "$(dirname "$0")/../.."
export TURBO_TELEMETRY_DISABLED=1 DO_NOT_TRACK=1
if ! command -v pnpm >/dev/null 2>&1 || [ "$(pnpm --version)" != "10.34.9" ]; then
  echo "installing pnpm 10.34.9 with npm…"
  npm install -g pnpm@10.34.9 >/dev/null
fi
bash tooling/scripts/install-system-deps.sh --compiler-only
pnpm install --frozen-lockfile
pnpm exec turbo run build --no-update-notifier --output-logs=errors-only
