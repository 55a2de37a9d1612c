// Encodes `checkRows`' objects for `src/rows.rs` in one pass, as `JSON.stringify` would post them (D14): reading
// them from Rust one value at a time would cross into JavaScript about fifty times per object.

// The tags of a value: a copy of `src/tags.rs` (a snippet cannot import another file), checked by tests/tags.test.mjs.
const NULL = 0;
const FALSE = 1;
const TRUE = 2;
const NUMBER = 3;
const STRING = 4;
const ARRAY = 5;
const OBJECT = 6;
const REPEAT = 9;

/** The most keys an object is expected to have, when room is made for the objects still to come. */
const MOST_KEYS = 80;

/** Whether an object has a key of its own (`for…in` also lists the keys it inherits). */
const hasOwn = Object.prototype.hasOwnProperty;

/** A short French description of a value, for error messages. */
function describe(value) {
  if (value === null) return "null";
  if (Array.isArray(value)) return "un tableau";
  if (typeof value === "string") return `« ${value} »`;
  if (typeof value === "object") return "un objet";
  return `une valeur de type ${typeof value}`;
}

/**
 * @param {unknown} rows the argument of `checkRows`
 * @returns {[Uint32Array, Float64Array, string, Uint32Array, string[]]} `[ops, numbers, text, ends, keys]`: per
 *   object its entry count then one `key << 4 | tag` per entry (a `NUMBER` is the next of the numbers, a `STRING`
 *   the next of the strings, a `REPEAT` the string given last under the same key); the numbers; the strings one
 *   after the other and where each ends (UTF-16 units); the keys by number, in first-seen order
 */
export function encodeRows(rows) {
  if (!Array.isArray(rows)) {
    throw new Error(`checkRows attend un tableau d'objets (un objet par apprenant), pas ${describe(rows)}.`);
  }
  // Typed arrays: pushing a million values onto plain arrays costs more than the checks. `ops` is sized for the
  // objects still to come when the current one does not fit (see `room`), the others grow by doubling.
  let ops = new Uint32Array(0);
  let at = 0;
  let numbers = new Float64Array(1024);
  let numberCount = 0;
  // The strings, appended one by one: V8 chains them without copying and flattens the chain once, when it is
  // encoded into WebAssembly memory (about twice as fast as an array joined at the end).
  let text = "";
  let ends = new Uint32Array(rows.length * 16 + 16);
  let stringCount = 0;
  const keyIds = new Map();
  const keys = [];
  // By key number, the string given last under it: an export repeats most values from one object to the next
  // (school year, establishments, formation, dates), each written once.
  const lastStrings = [];
  // By position in the object, the key met there last and its number (-1 until a value is written under it: a key
  // whose values are all left out, `undefined`, is not one). Objects built alike have the same keys in the same
  // order, compared by identity (the same strings), so most entries need no key lookup.
  const slotNames = [];
  const slotKeys = [];
  for (let index = 0; index < rows.length; index++) {
    const row = rows[index];
    if (row === null || typeof row !== "object" || Array.isArray(row)) {
      throw new Error(
        `checkRows : l'élément ${index} du tableau (ligne ${index + 1}) devrait être un objet ` +
          `{ nom_apprenant: …, … }, pas ${describe(row)}.`,
      );
    }
    if (at === ops.length) ops = room(ops, at, row, rows.length - index);
    const countAt = at++;
    let count = 0;
    let slot = 0;
    // `for…in` and `row[name]` rather than `Object.keys(row)`: V8 reads each value by its place in the object
    // (about five times faster than a lookup by name). It lists the own keys first, in `Object.keys`' order, then
    // the inherited ones, skipped: the keys `JSON.stringify` writes, each value read (a getter called) once.
    for (const name in row) {
      if (!hasOwn.call(row, name)) continue;
      let value = row[name];
      // What `JSON.stringify` writes: a `Date` (or any object with `toJSON`) as its `toJSON()`.
      if (typeof value === "object" && value !== null && typeof value.toJSON === "function") value = value.toJSON(name);
      let key;
      if (slotNames[slot] === name) {
        key = slotKeys[slot];
      } else {
        slotNames[slot] = name;
        key = slotKeys[slot] = -1;
      }
      const type = typeof value;
      if (type === "undefined" || type === "function" || type === "symbol") {
        slot++;
        continue;
      }
      if (type === "bigint") {
        throw new Error(
          `checkRows : ligne ${index + 1}, champ « ${name} » : un BigInt ne s'écrit pas en JSON (JSON.stringify ` +
            `échoue) ; donnez un nombre ou un texte.`,
        );
      }
      if (key < 0) {
        key = keyIds.get(name);
        if (key === undefined) {
          key = keys.length;
          keyIds.set(name, key);
          keys.push(name);
          lastStrings.push(undefined);
        }
        slotKeys[slot] = key;
      }
      slot++;
      let tag;
      if (type === "string") {
        if (value === lastStrings[key]) {
          tag = REPEAT;
        } else {
          lastStrings[key] = value;
          text += value;
          if (stringCount === ends.length) ends = grow(ends);
          ends[stringCount++] = text.length;
          tag = STRING;
        }
      } else if (type === "number") {
        // `NaN` and `±Infinity` are written `null`, `-0` is written `0` (adding `0` makes it `0`, nothing else).
        if (Number.isFinite(value)) {
          if (numberCount === numbers.length) numbers = grow(numbers);
          numbers[numberCount++] = value + 0;
          tag = NUMBER;
        } else {
          tag = NULL;
        }
      } else if (type === "boolean") {
        tag = value ? TRUE : FALSE;
      } else {
        tag = value === null ? NULL : Array.isArray(value) ? ARRAY : OBJECT;
      }
      if (at === ops.length) ops = room(ops, countAt, row, rows.length - index);
      ops[at++] = (key << 4) | tag;
      count++;
    }
    ops[countAt] = count;
  }
  return [ops.subarray(0, at), numbers.subarray(0, numberCount), text, ends.subarray(0, stringCount), keys];
}

/**
 * `ops` with room for the object `row`, written from `start` on, and for the `left - 1` objects after it if they
 * are like it: one allocation for the objects of an export, which all have about the same keys, instead of copies
 * of a growing array. The others are counted with 80 keys at most (the contract's 70 fields and a few others): an
 * odd object with thousands of keys does not make every other one count as large.
 */
function room(ops, start, row, left) {
  const size = Object.keys(row).length;
  return grow(ops, start + 1 + size + (left - 1) * (1 + Math.min(size, MOST_KEYS)));
}

/** A copy of `array` with room for at least `needed` values, and at least twice its length. */
function grow(array, needed = 0) {
  const bigger = new array.constructor(Math.max(array.length * 2, needed));
  bigger.set(array);
  return bigger;
}
