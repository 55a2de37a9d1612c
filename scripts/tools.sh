# Shared by the build scripts (sourced, not run): installs the pinned WebAssembly tools when they are missing,
# from the crates registry and npm only, never a prebuilt download (docs/toolchain.md).
#   ensure_wasm_tools   the wasm32 target, wasm-bindgen-cli at the version of Cargo.lock, npm binaryen's wasm-opt
#                       (put on PATH)
#   ensure_trunk        trunk 0.21.14 (the newest that builds with this rustc), a debug build: a third of the
#                       install time, and it builds the app just as well
# Both are no-ops when the tool is already there at the pinned version.

# The target directory (CARGO_TARGET_DIR is honoured): build output, and the npm tools next to it.
target_dir=$(cargo metadata --no-deps --format-version 1 |
  node -e 'process.stdout.write(JSON.parse(require("fs").readFileSync(0, "utf8")).target_directory)')
npm_tools="$target_dir/npm-tools"
# wasm-bindgen's CLI must be exactly the version of the `wasm-bindgen` crate in Cargo.lock.
wasm_bindgen_version=$(awk '/^name = "wasm-bindgen"$/ { getline; gsub(/[^0-9.]/, ""); print; exit }' Cargo.lock)
binaryen_version=132
trunk_version=0.21.14

ensure_wasm_tools() {
  rustup target list --installed | grep -q '^wasm32-unknown-unknown$' || rustup target add wasm32-unknown-unknown
  if [[ "$(wasm-bindgen --version 2>/dev/null || true)" != "wasm-bindgen $wasm_bindgen_version" ]]; then
    # Without --locked: the CLI's own lockfile wants a crate version this registry lacks
    # (docs/toolchain.md#wasm-bindgen).
    cargo install wasm-bindgen-cli --version "$wasm_bindgen_version"
  fi
  # Debian's binaryen (108) cannot read what current rustc emits: use npm's, at a pinned version.
  if ! wasm-opt --version 2>/dev/null | grep -q "version $binaryen_version\b"; then
    if ! "$npm_tools/node_modules/.bin/wasm-opt" --version 2>/dev/null | grep -q "version $binaryen_version\b"; then
      npm install --prefix "$npm_tools" --no-audit --no-fund --loglevel=error "binaryen@$binaryen_version"
    fi
    export PATH="$npm_tools/node_modules/.bin:$PATH"
  fi
}

ensure_trunk() {
  if [[ "$(trunk --version 2>/dev/null || true)" != "trunk $trunk_version" ]]; then
    cargo install trunk --version "$trunk_version" --locked --debug
  fi
}
