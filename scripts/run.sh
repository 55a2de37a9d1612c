#!/usr/bin/env bash
# Runs the web app on this machine in one command: builds it into dist/ (scripts/build-web.sh, which installs its
# tools when missing) when dist/ is missing or older than its sources, then serves it with the embedded sandbox API
# (`effectifs serve`, which prints the address and a demo exchange key).
# Usage: bash scripts/run.sh [serve options…]    e.g. --listen 127.0.0.1:9000; paths are relative to the repository
#        bash scripts/run.sh --dry-run           only says whether dist/ would be built, and why; builds nothing
# A shell script rather than a cargo xtask: the build is already shell (Trunk's hook, scripts/tools.sh's installs),
# and a script decides in a fraction of a second without compiling anything first.
set -euo pipefail
cd "$(dirname "$0")/.."

# scripts/build-web.sh leaves this stamp in dist/ after a complete build, with the time the build started: a source
# changed while it ran still counts as newer.
stamp=dist/.built

# The workspace crates the web app is built from: effectifs-web and, transitively, its path dependencies other than
# dev-dependencies (the engine crates). Read from the manifests, so a new dependency is watched without editing this.
web_crates() {
  cargo metadata --no-deps --offline --format-version 1 | node -e '
    const path = require("path");
    const meta = JSON.parse(require("fs").readFileSync(0, "utf8"));
    const packages = new Map(meta.packages.map((p) => [p.name, p]));
    const seen = new Set();
    const todo = ["effectifs-web"];
    while (todo.length > 0) {
      const name = todo.pop();
      if (seen.has(name) || !packages.has(name)) continue;
      seen.add(name);
      for (const dep of packages.get(name).dependencies) {
        if (dep.path && dep.kind !== "dev") todo.push(dep.name);
      }
    }
    for (const name of [...seen].sort()) {
      console.log(path.relative(meta.workspace_root, path.dirname(packages.get(name).manifest_path)));
    }'
}

# Everything the build reads: the crates, the page, its assets, Trunk's and cargo's settings, the build scripts.
mapfile -t sources < <(web_crates)
[[ ${#sources[@]} -gt 0 ]] || { echo "run.sh : crates de l'application web introuvables" >&2; exit 2; }
sources+=(index.html www Trunk.toml Cargo.toml Cargo.lock scripts/build-web.sh scripts/tools.sh scripts/vendor-dsfr.sh)

# Prints why dist/ must be built, or nothing when it is up to date.
build_reason() {
  if [[ ! -f "$stamp" ]]; then
    echo "dist/ n'est pas encore construit"
    return
  fi
  local changed
  # www/dsfr/ is vendored by the build itself (scripts/vendor-dsfr.sh): its copy is not a source.
  changed=$(find "${sources[@]}" -path www/dsfr -prune -o -type f -newer "$stamp" -print -quit)
  if [[ -n "$changed" ]]; then
    echo "$changed a changé depuis la dernière construction"
  fi
}

if [[ "${1:-}" == "--dry-run" ]]; then
  reason=$(build_reason)
  if [[ -n "$reason" ]]; then
    echo "Application web à construire : $reason."
  else
    echo "Application web à jour (dist/)."
  fi
  exit 0
fi

reason=$(build_reason)
if [[ -n "$reason" ]]; then
  echo "Construction de l'application web : $reason."
  bash scripts/build-web.sh
else
  echo "Application web à jour (dist/)."
fi
exec cargo run --release --locked --quiet -p effectifs-cli -- serve "$@"
