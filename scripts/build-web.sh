#!/usr/bin/env bash
# Builds the web app into dist/ (Trunk: index.html, crates/effectifs-web, www/), installing what it needs when it is
# missing: the wasm32 target, wasm-bindgen-cli at the version of Cargo.lock, npm binaryen's wasm-opt, trunk 0.21.14
# (scripts/tools.sh). The DSFR is vendored from npm by Trunk's pre_build hook (scripts/vendor-dsfr.sh).
# Nothing is downloaded outside the package registries (the crates registry and npm only): see docs/toolchain.md.
# Usage: bash scripts/build-web.sh          (from anywhere inside the repository)
# Then:  cargo run --release -p effectifs-cli -- serve      (http://127.0.0.1:8080, local sandbox API)
# (scripts/run.sh does both, building only when dist/ is older than its sources.)
set -euo pipefail
cd "$(dirname "$0")/.."

source scripts/tools.sh
ensure_wasm_tools
ensure_trunk
# The time the build starts, kept as dist/.built's once the build succeeded: scripts/run.sh rebuilds when a source
# is newer (a source edited during the build included).
started=$(mktemp)
trap 'rm -f "$started"' EXIT
# Trunk takes wasm-bindgen and wasm-opt from PATH only at the versions pinned in Trunk.toml; --offline: it never
# tries to download them.
trunk build --release --offline
for built in dist/index.html dist/worker_loader.js dist/worker_bg.wasm dist/exemple-effectifs.xlsx dist/dsfr/dsfr.min.css; do
  [[ -s "$built" ]] || { echo "build-web.sh : $built manque dans dist/" >&2; exit 1; }
done
touch -r "$started" dist/.built
echo "Application web construite dans dist/ : cargo run --release -p effectifs-cli -- serve"
