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

step "Clippy (wasm32: the crates the browser reuses)"
cargo clippy -p effectifs-core -p effectifs-sheet -p effectifs-api --target wasm32-unknown-unknown --locked -- -D warnings

step "Docs"
RUSTDOCFLAGS="-D warnings" cargo doc --workspace --no-deps --locked --quiet

step "Tests"
cargo test --workspace --locked
