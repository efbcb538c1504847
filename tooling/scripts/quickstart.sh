#!/usr/bin/env bash
# One command from a fresh clone to a report:
#   1. installs pnpm, the dependencies and the build (tooling/scripts/setup.sh);
#   2. fetches the datasets into the cache (~/.cache/hbt, or $HBT_CACHE) — from $HBT_DATA_MIRROR or
#      ../shared/data when present, else over HTTPS from their canonical sources;
#   3. makes the native tfjs backend work if it does not yet (tooling/scripts/install-native.sh --pip,
#      offline from a tensorflow-cpu wheel); if that fails, the run falls back to wasm (much slower);
#   4. runs the default experiment (apps/mlqa-to-xquad) through turbo and prints where the report is.
# Set HBT_NATIVE=0 to skip step 3. Any extra arguments go to turbo (e.g. --force).
set -euo pipefail
cd "$(dirname "$0")/../.."
export TURBO_TELEMETRY_DISABLED=1 DO_NOT_TRACK=1

bash tooling/scripts/setup.sh

if [ -z "${HBT_DATA_MIRROR:-}" ] && [ -d ../shared/data ]; then
  export HBT_DATA_MIRROR="$(cd ../shared/data && pwd)"
fi
node apps/cli/dist/bin.js data fetch xquad-r mlqa-r mintaka mbert-vocab tatoeba

native_ok() { (cd packages/models && node -e "require('@tensorflow/tfjs-node')" >/dev/null 2>&1); }
if [ "${HBT_NATIVE:-1}" != "0" ] && ! native_ok; then
  echo "setting up the native tfjs backend (one-off, a few minutes)…"
  bash tooling/scripts/install-native.sh --pip || echo "native backend unavailable: the experiment runs on wasm (slower)"
fi

SECONDS=0
pnpm exec turbo run report --filter=@hbt-exp/mlqa-to-xquad --no-update-notifier "$@"
echo
echo "default experiment done in ${SECONDS}s"
echo "report: $(pwd)/apps/mlqa-to-xquad/artifacts/report/report.html (also report.md, summary.json)"
