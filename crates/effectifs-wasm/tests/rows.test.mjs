// src/rows.js on its own (it needs no build): the encoding of checkRows' objects before they cross into
// WebAssembly, here how much memory it takes for them.
// Run: node --test crates/effectifs-wasm/tests/

import { test } from "node:test";
import assert from "node:assert/strict";

import { encodeRows } from "../src/rows.js";

test("an object with thousands of keys does not make room for as many in every other object", () => {
  const odd = Object.fromEntries(Array.from({ length: 2000 }, (_, index) => [`cle_${index}`, index]));
  const rows = [odd, ...Array.from({ length: 5000 }, (_, index) => ({ nom_apprenant: `N${index}` }))];
  const [ops, numbers, text] = encodeRows(rows);
  // Every entry is there: a count per object, then key, tag and payload per value.
  assert.equal(ops.length, 1 + 2000 * 3 + 5000 * (1 + 3));
  assert.equal(numbers.length, 2000);
  assert.ok(text.endsWith("N4999"));
  // In room made for objects of 80 keys at most, not 5 000 more objects of 2 000 keys (120 MB).
  assert.ok(ops.buffer.byteLength <= 4 * (1 + 2000 * 3 + 5000 * (1 + 80 * 3)), `${ops.buffer.byteLength} octets`);
});

test("objects alike are encoded in a single allocation, with no room to spare", () => {
  const rows = Array.from({ length: 3000 }, (_, index) => ({ nom_apprenant: `N${index}`, annee_formation: 1 }));
  const [ops] = encodeRows(rows);
  assert.equal(ops.length, 3000 * (1 + 3 + 3));
  assert.equal(ops.buffer.byteLength, 4 * ops.length);
});
