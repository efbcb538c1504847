#!/usr/bin/env bash
# The test command: set up (if needed), build, run every test. Ends with "N passed, N failed".
set -euo pipefail
cd "$(dirname "$0")/../.."
export HBT_DATA_MIRROR="${HBT_DATA_MIRROR:-$(cd .. && pwd)/shared/data}"
bash tooling/scripts/setup.sh
bash tooling/scripts/install-system-deps.sh
pnpm test:ci
