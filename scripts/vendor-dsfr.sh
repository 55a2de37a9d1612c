#!/usr/bin/env bash
# Vendors the État's design system (npm `@gouvfr/dsfr`, pinned) into www/dsfr/ (git-ignored) for the web app:
# the CSS, the Marianne/Spectral fonts, the system icon classes and only the icon files these stylesheets use.
# The page then loads everything from its own origin: no CDN, no request elsewhere.
# Run by Trunk as a pre_build hook (Trunk.toml), so `trunk build` alone works on a fresh clone; does nothing when
# www/dsfr/ already holds the pinned version. Usage: bash scripts/vendor-dsfr.sh
# Only the npm registry is used, see docs/toolchain.md.
set -euo pipefail
cd "$(dirname "$0")/.."

dsfr_version=1.15.3
out=www/dsfr
stamp="$out/VERSION"

if [[ -f "$stamp" && "$(cat "$stamp")" == "$dsfr_version" ]]; then
  exit 0
fi

# The npm tools live next to the build output (CARGO_TARGET_DIR is honoured), as for scripts/build-npm.sh.
target_dir=$(cargo metadata --no-deps --format-version 1 |
  node -e 'process.stdout.write(JSON.parse(require("fs").readFileSync(0, "utf8")).target_directory)')
npm_tools="$target_dir/npm-tools"
src="$npm_tools/node_modules/@gouvfr/dsfr"

installed=$(node -p "require('$src/package.json').version" 2>/dev/null || true)
if [[ "$installed" != "$dsfr_version" ]]; then
  # --ignore-scripts: the package's preinstall script expects a DSFR project file we do not have, and the
  # files we need are plain assets in dist/.
  npm install --prefix "$npm_tools" --ignore-scripts --no-audit --no-fund --loglevel=error "@gouvfr/dsfr@$dsfr_version"
fi

rm -rf "$out"
mkdir -p "$out/fonts" "$out/utility/icons/icons-system"
cp "$src/dist/dsfr.min.css" "$out/"
cp "$src/dist/utility/icons/icons-system/icons-system.min.css" "$out/utility/icons/icons-system/"
cp "$src"/dist/fonts/*.woff2 "$src"/dist/fonts/*.woff "$out/fonts/"
cp "$src/dist/favicon/favicon.svg" "$out/"
cp "$src/LICENSE.md" "$out/LICENSE.md"

# Every icon the two stylesheets point at (url(icons/…) in dsfr.min.css, url(../../../icons/…) in the system
# icon classes), and nothing else: the full icon set is ten times larger.
{
  grep -o 'url(icons/[^)]*\.svg)' "$out/dsfr.min.css" | sed 's/^url(//; s/)$//'
  grep -o 'url(\(\.\./\)*icons/[^)]*\.svg)' "$out/utility/icons/icons-system/icons-system.min.css" |
    sed 's/^url(\(\.\.\/\)*//; s/)$//'
} | sort -u | while read -r icon; do
  mkdir -p "$out/$(dirname "$icon")"
  cp "$src/dist/$icon" "$out/$icon"
done

echo "$dsfr_version" >"$stamp"
echo "DSFR $dsfr_version copié dans $out ($(find "$out" -type f | wc -l) fichiers)."
