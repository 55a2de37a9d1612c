#!/usr/bin/env bash
# Runs every check of the project, installing what it needs when it is missing.
# Usage: bash scripts/test.sh          (from anywhere inside the repository)
set -euo pipefail
cd "$(dirname "$0")/.."

step() { printf '\n==> %s\n' "$*"; }

step "Toolchain"
if ! command -v cargo >/dev/null 2>&1; then
  echo "cargo est introuvable : installez Rust (rustup) puis relancez." >&2
  exit 2
fi
rustup component list --installed 2>/dev/null | grep -q '^rustfmt' || rustup component add rustfmt
rustup component list --installed 2>/dev/null | grep -q '^clippy' || rustup component add clippy
rustup target list --installed | grep -q '^wasm32-unknown-unknown$' || rustup target add wasm32-unknown-unknown
cargo --version

step "Format"
cargo fmt --all -- --check

step "Clippy (native)"
cargo clippy --workspace --all-targets --locked -- -D warnings

step "Fuzz targets: format and clippy (their own workspace; fuzzing itself needs nightly, see README)"
(cd fuzz && cargo fmt --all -- --check && cargo clippy --all-targets --locked -- -D warnings)

step "Clippy (wasm32: the crates the browser reuses)"
cargo clippy -p effectifs-core -p effectifs-sheet -p effectifs-api --target wasm32-unknown-unknown --locked -- -D warnings

step "Docs"
RUSTDOCFLAGS="-D warnings" cargo doc --workspace --no-deps --locked --quiet

step "Tests"
cargo test --workspace --locked

# --- Sending (crates/effectifs-send): the send engine is shared with the web app, so it must keep
# compiling for the browser. Its native lints and tests run in the workspace steps above.
step "Clippy (wasm32: the send engine)"
cargo clippy -p effectifs-send --target wasm32-unknown-unknown --locked -- -D warnings
# --- end of the sending block ---

# --- npm package (crates/effectifs-wasm): lints and docs for wasm32, the package build (installs wasm-bindgen-cli
# and wasm-opt when missing), wasm-bindgen tests in Node.js and headless Chromium, then the built package's own
# tests under Node.js (byte-identical reports with `effectifs check --format json`, TypeScript types, the example
# page in headless Chromium).
step "npm package: clippy and docs (wasm32)"
cargo clippy -p effectifs-wasm --target wasm32-unknown-unknown --all-targets --locked -- -D warnings
RUSTDOCFLAGS="-D warnings" cargo doc -p effectifs-wasm --target wasm32-unknown-unknown --no-deps --locked --quiet

step "npm package: build"
bash scripts/build-npm.sh

step "npm package: wasm-bindgen tests (Node.js and headless Chromium)"
if ! command -v chromium >/dev/null 2>&1 || ! command -v chromedriver >/dev/null 2>&1; then
  as_root=""
  [[ "$(id -u)" == 0 ]] || as_root="sudo"
  $as_root apt-get update -qq
  $as_root apt-get install -y -qq chromium chromium-driver
fi
CHROMEDRIVER="$(command -v chromedriver)" CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUNNER=wasm-bindgen-test-runner \
  cargo test -p effectifs-wasm --target wasm32-unknown-unknown --locked

step "npm package: node --test (the built package, its types, the example page in Chromium)"
typescript_version=5.9.3
playwright_core_version=1.65.1
npm_tools="$(cargo metadata --no-deps --format-version 1 |
  node -e 'process.stdout.write(JSON.parse(require("fs").readFileSync(0, "utf8")).target_directory)')/npm-tools"
if [[ "$("$npm_tools/node_modules/.bin/tsc" --version 2>/dev/null || true)" != "Version $typescript_version" ]]; then
  npm install --prefix "$npm_tools" --no-audit --no-fund --loglevel=error "typescript@$typescript_version"
fi
# playwright-core drives /usr/bin/chromium; never `playwright`, which downloads browsers
# (docs/toolchain.md#browser-tests).
if [[ "$(node -p "require('$npm_tools/node_modules/playwright-core/package.json').version" 2>/dev/null || true)" \
  != "$playwright_core_version" ]]; then
  npm install --prefix "$npm_tools" --no-audit --no-fund --loglevel=error "playwright-core@$playwright_core_version"
fi
TSC="$npm_tools/node_modules/.bin/tsc" PLAYWRIGHT_CORE="$npm_tools/node_modules/playwright-core" \
  node --test crates/effectifs-wasm/tests/
# --- end of the npm package block ---

# --- Web app (crates/effectifs-web, index.html, Trunk.toml, www/): lints for wasm32, the Trunk build of dist/ by
# scripts/build-web.sh (installs trunk 0.21.14, wasm-bindgen-cli and npm's wasm-opt when missing; cargo profile
# wasm-release, see Trunk.toml; the DSFR is vendored by Trunk's pre_build hook, scripts/vendor-dsfr.sh), the
# wasm-bindgen tests in headless Chromium, then the end-to-end tests of the built dist/ with playwright-core.
step "Web app: clippy (wasm32)"
cargo clippy -p effectifs-web --target wasm32-unknown-unknown --all-targets --locked -- -D warnings

step "Web app: build (trunk build --release --offline)"
bash scripts/build-web.sh
for built in dist/app-*_bg.wasm dist/worker_bg.wasm; do
  [[ -s "$built" ]] || { echo "trunk build : $built manque ou est vide" >&2; exit 1; }
done

step "Web app: wasm-bindgen tests in headless Chromium (the page's state, the worker's session)"
CHROMEDRIVER="$(command -v chromedriver)" CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUNNER=wasm-bindgen-test-runner \
  cargo test -p effectifs-web --target wasm32-unknown-unknown --lib --test state --locked

step "Web app: end-to-end tests in headless Chromium (dist/ served by effectifs serve, with its sandbox API)"
# The `effectifs` binary the tests start: the debug build `cargo test` made above. Screenshots and downloads are
# kept in target/e2e-artefacts/.
cargo build -p effectifs-cli --locked --quiet
# axe-core: the accessibility audit of the e2e tests (injected into the page from this file, tests/e2e/harness.mjs).
axe_core_version=4.14.1
if [[ "$(node -p "require('$npm_tools/node_modules/axe-core/package.json').version" 2>/dev/null || true)" \
  != "$axe_core_version" ]]; then
  npm install --prefix "$npm_tools" --no-audit --no-fund --loglevel=error "axe-core@$axe_core_version"
fi
EFFECTIFS_BIN="$(cargo metadata --no-deps --format-version 1 |
  node -e 'process.stdout.write(JSON.parse(require("fs").readFileSync(0, "utf8")).target_directory)')/debug/effectifs" \
  PLAYWRIGHT_CORE="$npm_tools/node_modules/playwright-core" node --test --test-concurrency=1 tests/e2e/
# --- end of the web app block ---
