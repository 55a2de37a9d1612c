#!/usr/bin/env bash
# Builds the npm package `effectifs` into crates/effectifs-wasm/pkg/ (git-ignored), installing the tools it needs
# when they are missing: the wasm32 target, wasm-bindgen-cli at the version of Cargo.lock, wasm-opt (npm binaryen).
# Usage: bash scripts/build-npm.sh          (from anywhere inside the repository)
#
# Layout of the package:
#   package.json, README.md
#   web/   ES module for browsers and bundlers (wasm-bindgen --target web: `await init()` first)
#   node/  CommonJS build for Node.js (wasm-bindgen --target nodejs: loads synchronously)
# Nothing is downloaded outside the package registries (the crates registry and npm only): see docs/toolchain.md.
set -euo pipefail
cd "$(dirname "$0")/.."

step() { printf '\n==> %s\n' "$*"; }

crate=crates/effectifs-wasm
pkg="$crate/pkg"
# Tools: the wasm32 target, wasm-bindgen-cli, wasm-opt (scripts/tools.sh: installed only when missing).
source scripts/tools.sh

step "Tools"
ensure_wasm_tools
wasm-bindgen --version
wasm-opt --version

step "Build (wasm32, profile wasm-release)"
cargo build --locked -p effectifs-wasm --target wasm32-unknown-unknown --profile wasm-release
wasm="$target_dir/wasm32-unknown-unknown/wasm-release/effectifs_wasm.wasm"

step "Bindings and optimisation"
rm -rf "$pkg"
wasm-bindgen --target web --out-dir "$pkg/web" --out-name effectifs "$wasm"
wasm-bindgen --target nodejs --out-dir "$pkg/node" --out-name effectifs "$wasm"
# -O3: speed first. npm's wasm-opt is itself WebAssembly and takes about a minute here, so the module
# is optimised once when both targets got the same bytes (they do: only the JavaScript glue differs).
wasm-opt -O3 "$pkg/web/effectifs_bg.wasm" -o "$pkg/web/effectifs_bg.wasm.opt"
if cmp -s "$pkg/web/effectifs_bg.wasm" "$pkg/node/effectifs_bg.wasm"; then
  cp "$pkg/web/effectifs_bg.wasm.opt" "$pkg/node/effectifs_bg.wasm"
else
  wasm-opt -O3 "$pkg/node/effectifs_bg.wasm" -o "$pkg/node/effectifs_bg.wasm"
fi
mv "$pkg/web/effectifs_bg.wasm.opt" "$pkg/web/effectifs_bg.wasm"
# Each build says how Node.js tools must read its `.js` files.
printf '{ "type": "module" }\n' >"$pkg/web/package.json"
printf '{ "type": "commonjs" }\n' >"$pkg/node/package.json"
# The Node.js glue `require`s our JavaScript snippet (src/tape.js, an ES module): make its copy in the
# CommonJS build CommonJS too, so that every Node.js version loads it (not only those that can
# `require` an ES module).
for snippet in "$pkg"/node/snippets/*/src/*.js; do
  sed -i -E 's/^export function ([A-Za-z0-9_]+)/exports.\1 = function \1/' "$snippet"
  if grep -q '^export ' "$snippet"; then
    echo "build-npm.sh : $snippet exporte autre chose que des fonctions, à convertir ici." >&2
    exit 1
  fi
done

step "package.json and README"
cp "$crate/README.md" "$pkg/README.md"
version=$(cargo metadata --locked --no-deps --format-version 1 |
  node -e 'const m = JSON.parse(require("fs").readFileSync(0, "utf8"));
           process.stdout.write(m.packages.find((p) => p.name === "effectifs-wasm").version);')
node - "$pkg/package.json" "$version" <<'JS'
const [file, version] = process.argv.slice(2);
const web = { types: "./web/effectifs.d.ts", default: "./web/effectifs.js" };
const node = { types: "./node/effectifs.d.ts", default: "./node/effectifs.js" };
const manifest = {
  name: "effectifs",
  version,
  description:
    "Vérifie les effectifs d'un CFA (fichier Excel/CSV ou objets) selon le contrat du Tableau de bord de l'apprentissage, dans le navigateur ou Node.js.",
  license: "MIT OR Apache-2.0",
  keywords: ["apprentissage", "cfa", "effectifs", "tableau-de-bord", "validation", "wasm"],
  // `require("effectifs")` or a path to this directory: the Node.js build.
  main: "./node/effectifs.js",
  types: "./node/effectifs.d.ts",
  // Older bundlers: the ES module build.
  module: "./web/effectifs.js",
  browser: "./web/effectifs.js",
  exports: {
    ".": { node: node, browser: web, import: web, require: node, default: web },
    "./web": web,
    "./node": node,
    "./effectifs_bg.wasm": "./web/effectifs_bg.wasm",
    "./package.json": "./package.json",
  },
  files: ["web/", "node/", "README.md"],
  engines: { node: ">=18" },
};
require("fs").writeFileSync(file, JSON.stringify(manifest, null, 2) + "\n");
JS

step "Package"
du -b "$pkg"/web/effectifs_bg.wasm "$pkg"/node/effectifs_bg.wasm
echo "npm package in $pkg (version $version)"
