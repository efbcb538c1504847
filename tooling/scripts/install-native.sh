#!/usr/bin/env bash
# Air-gapped install of the native tfjs backend (@tensorflow/tfjs-node 4.22.0) for @hbt/models.
#
# tfjs-node's install script downloads libtensorflow 2.9.1 from an external bucket; where that host
# cannot be reached it honours TFJS_NODE_BASE_URI (a URL prefix). This script builds the archive it
# expects from a local source, serves it on 127.0.0.1 and installs the package with that prefix:
#
#   tooling/scripts/install-native.sh --archive libtensorflow-cpu-linux-x86_64-2.9.1.tar.gz
#   tooling/scripts/install-native.sh --wheel tensorflow_cpu-2.21.0-*.whl
#   tooling/scripts/install-native.sh --pip            # pip download tensorflow-cpu==2.21.0 --no-deps
#
# With --wheel/--pip the wheel's libtensorflow_cc.so.2 (it exports the TF C API) and its headers are
# repacked as lib/libtensorflow.so{,.2} + include/ (recipe in shared docs dependencies.md §3). The addon
# was written for TF 2.9.1 and runs on the 2.21 C API: every op hbt uses worked, nothing guarantees the
# rest. @tensorflow/tfjs-node is already an optional dependency of @hbt/models, pinned in pnpm-lock.yaml:
# `pnpm install` puts the package in place and only its native build fails offline. So this script never
# adds or installs a package: it rebuilds that one (`pnpm rebuild`, about 1.1 GB under node_modules, which
# git ignores) and leaves every tracked file as it was — it checks `git status --porcelain` before and
# after and fails if anything changed. `hbt ... --backend tensorflow` (or auto) then uses it. Undo with:
# rm -rf "$(node -p "require('path').dirname(require.resolve('@tensorflow/tfjs-node/package.json',{paths:['packages/models']}))")/lib/napi-v8"
set -euo pipefail

ROOT="$(cd "$(dirname "$0")/../.." && pwd)"
VERSION=4.22.0
PORT="${PORT:-8765}"
WORK="$(mktemp -d)"
SERVER_PID=""
cleanup() {
  if [ -n "$SERVER_PID" ]; then kill "$SERVER_PID" 2>/dev/null || true; fi
  rm -rf "$WORK"
}
trap cleanup EXIT

usage() { sed -n '2,22p' "$0"; exit 2; }
[ $# -ge 1 ] || usage
ARCHIVE=""
WHEEL=""
case "$1" in
  --archive) ARCHIVE="$(realpath "${2:?--archive needs a file}")" ;;
  --wheel) WHEEL="$(realpath "${2:?--wheel needs a file}")" ;;
  --pip)
    echo "downloading the tensorflow-cpu wheel with pip (local index)…"
    pip download tensorflow-cpu==2.21.0 --no-deps -d "$WORK/wheel" >/dev/null
    WHEEL="$(ls "$WORK"/wheel/tensorflow_cpu-*.whl | head -1)" ;;
  *) usage ;;
esac

SERVE="$WORK/serve"
mkdir -p "$SERVE"
NAME="libtensorflow-cpu-linux-x86_64-2.9.1.tar.gz"
if [ -n "$WHEEL" ]; then
  echo "repacking $WHEEL as $NAME…"
  mkdir -p "$WORK/unz" "$WORK/lt/lib" "$WORK/lt/include"
  python3 - "$WHEEL" "$WORK/unz" <<'PY'
import sys, zipfile
with zipfile.ZipFile(sys.argv[1]) as z:
    for n in z.namelist():
        # The C API headers include xla/tsl/… headers too, so take the whole include tree.
        if n.startswith(("tensorflow/libtensorflow_cc.so", "tensorflow/libtensorflow_framework.so", "tensorflow/include/")):
            z.extract(n, sys.argv[2])
PY
  CC="$(ls "$WORK"/unz/tensorflow/libtensorflow_cc.so.2* | head -1)"
  FW="$(ls "$WORK"/unz/tensorflow/libtensorflow_framework.so.2* | head -1)"
  cp "$CC" "$WORK/lt/lib/libtensorflow_cc.so.2"
  cp "$FW" "$WORK/lt/lib/libtensorflow_framework.so.2"
  ln -s libtensorflow_cc.so.2 "$WORK/lt/lib/libtensorflow.so.2.9.1"
  ln -s libtensorflow.so.2.9.1 "$WORK/lt/lib/libtensorflow.so.2"
  ln -s libtensorflow.so.2 "$WORK/lt/lib/libtensorflow.so"
  ln -s libtensorflow_framework.so.2 "$WORK/lt/lib/libtensorflow_framework.so"
  cp -r "$WORK/unz/tensorflow/include/." "$WORK/lt/include/"
  tar -C "$WORK/lt" -czf "$SERVE/$NAME" lib include
else
  cp "$ARCHIVE" "$SERVE/$NAME"
fi

echo "serving $NAME on 127.0.0.1:$PORT…"
python3 -m http.server "$PORT" --bind 127.0.0.1 --directory "$SERVE" >/dev/null 2>&1 &
SERVER_PID=$!
sleep 1

echo "building @tensorflow/tfjs-node@$VERSION of @hbt/models (node-gyp, against the served libtensorflow)…"
cd "$ROOT"
tracked_state() { git -C "$ROOT" status --porcelain --untracked-files=no 2>/dev/null || true; }
BEFORE="$(tracked_state)"
export TFJS_NODE_BASE_URI="http://127.0.0.1:$PORT/libtensorflow-"
export npm_config_nodedir="${npm_config_nodedir:-/usr}"  # node-gyp: use local headers, no download
resolve_pkg() {
  (cd "$ROOT/packages/models" && node -e "console.log(require('path').dirname(require.resolve('@tensorflow/tfjs-node/package.json')))" 2>/dev/null)
}
PKG_DIR="$(resolve_pkg || true)"
if [ -z "$PKG_DIR" ]; then
  # Installed without optional dependencies: put the locked package in place (the lockfile is not touched).
  pnpm install --frozen-lockfile --prefer-offline
  PKG_DIR="$(resolve_pkg)"
fi
# A build that failed offline may have left a partial libtensorflow download: clear it, then build.
rm -rf "$PKG_DIR/deps"
pnpm rebuild @tensorflow/tfjs-node --filter @hbt/models
[ -f "$PKG_DIR/lib/napi-v8/tfjs_binding.node" ] || { echo "install-native: the addon was not built (see the output above)" >&2; exit 1; }
AFTER="$(tracked_state)"
if [ "$BEFORE" != "$AFTER" ]; then
  echo "install-native: tracked files changed, which this script must never do:" >&2
  diff <(echo "$BEFORE") <(echo "$AFTER") >&2 || true
  exit 1
fi

echo "checking…"
cd "$ROOT/packages/models"
node -e "const tf=require('@tensorflow/tfjs-node'); tf.ready().then(()=>console.log('backend:', tf.getBackend()))"
