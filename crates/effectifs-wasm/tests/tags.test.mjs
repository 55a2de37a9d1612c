// The value tags are declared once in Rust (src/tags.rs); the two JavaScript snippets that read or write them
// (src/rows.js, objects in; src/tape.js, the report out) hold a copy each, since a snippet cannot import another
// file. This test reads the three sources and checks that every copy equals the Rust list, so that a tag changed
// on one side only fails here instead of corrupting values silently.
// Run: node --test crates/effectifs-wasm/tests/   (needs no build)

import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const src = join(resolve(dirname(fileURLToPath(import.meta.url)), ".."), "src");

/**
 * The `NAME = number` declarations of a source, matched by `pattern` (name, value), as a Map in file order; in a
 * JavaScript file, those of its block of tags only (the first lines of `const` after the comment naming
 * `src/tags.rs`).
 */
function declarations(file, pattern) {
  let text = readFileSync(join(src, file), "utf8");
  if (file.endsWith(".js")) {
    const start = text.indexOf("`src/tags.rs`");
    assert.ok(start >= 0, `${file} : pas de commentaire nommant src/tags.rs avant ses étiquettes`);
    const lines = text.slice(start).split("\n");
    const first = lines.findIndex((line) => line.startsWith("const "));
    const end = lines.findIndex((line, index) => index > first && !line.startsWith("const "));
    text = lines.slice(first, end).join("\n");
  }
  const found = new Map();
  for (const [, name, value] of text.matchAll(pattern)) {
    assert.ok(!found.has(name), `${file} : ${name} déclaré deux fois`);
    found.set(name, Number(value));
  }
  return found;
}

const rust = declarations("tags.rs", /^pub const ([A-Z_]+): u32 = (\d+);$/gm);
const javascript = /^const ([A-Z_]+) = (\d+);$/gm;

test("src/tags.rs declares the tags, each a distinct number", () => {
  assert.ok(rust.size >= 9, `tags.rs : ${rust.size} étiquettes lues`);
  assert.equal(new Set(rust.values()).size, rust.size, "deux étiquettes ont le même numéro");
});

/** The tags of src/tags.rs but those used only the other way (their comment starts `In only` or `Out only`). */
function oneWay(skipped) {
  const only = new Set(
    [...readFileSync(join(src, "tags.rs"), "utf8").matchAll(/^\/\/\/ (In|Out) only\b[^]*?^pub const ([A-Z_]+)/gm)]
      .filter(([, way]) => way === skipped)
      .map(([, , name]) => name),
  );
  return Object.fromEntries([...rust].filter(([name]) => !only.has(name)));
}

test("src/tape.js holds every tag of src/tags.rs going out, with the same numbers", () => {
  // The report goes out with the values' tags, SHAPE, DEFERRED and DAY; not REPEAT, which only comes in.
  assert.deepEqual(Object.fromEntries(declarations("tape.js", javascript)), oneWay("In"));
  assert.ok("SHAPE" in oneWay("In") && "DAY" in oneWay("In") && !("REPEAT" in oneWay("In")));
});

test("src/rows.js holds every tag of src/tags.rs coming in, with the same numbers", () => {
  // Objects come in with the values' tags and REPEAT: no shape, nothing deferred, no day (JSON has none).
  assert.deepEqual(Object.fromEntries(declarations("rows.js", javascript)), oneWay("Out"));
  assert.ok("REPEAT" in oneWay("Out") && !("SHAPE" in oneWay("Out")) && !("DAY" in oneWay("Out")));
});
