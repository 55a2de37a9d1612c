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

/** The most keys an object is expected to have, when room is made for the objects still to come. */
const MOST_KEYS = 80;

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
 * @returns {[Uint32Array, Float64Array, string, Uint32Array, Uint32Array]} `[ops, numbers, text, ends, keys]`: per
 *   object its entry count then `key, tag[, payload]` per entry; the numbers; the strings one after the other
 *   (a value equal to the previous object's under the same key is not written again: its entry names the same
 *   string) and where each ends (UTF-16 units); the string index of each key, in first-seen order
 */
export function encodeRows(rows) {
  if (!Array.isArray(rows)) {
    throw new Error(`checkRows attend un tableau d'objets (un objet par apprenant), pas ${describe(rows)}.`);
  }
  // Typed arrays: pushing a million values onto plain arrays costs more than the checks. `ops` is sized for the
  // objects still to come when the current one does not fit (see below), the others grow by doubling.
  let ops = new Uint32Array(0);
  let at = 0;
  let numbers = new Float64Array(1024);
  let numberCount = 0;
  // The strings, appended one by one: V8 chains them without copying and flattens the chain once, when it is
  // encoded into WebAssembly memory (about twice as fast as an array joined at the end).
  let text = "";
  let ends = new Uint32Array(rows.length * 32 + 16);
  let stringCount = 0;
  const keyIds = new Map();
  const keys = [];
  const string = (value) => {
    text += value;
    if (stringCount === ends.length) ends = grow(ends);
    ends[stringCount] = text.length;
    return stringCount++;
  };
  const keyOf = (name) => {
    let key = keyIds.get(name);
    if (key === undefined) {
      key = keys.length;
      keyIds.set(name, key);
      keys.push(string(name));
    }
    return key;
  };
  // The key numbers of the previous object's keys: objects built alike have the same keys in the same order,
  // compared by identity first (the same strings), so most objects need no key lookup at all.
  let lastNames = [];
  let lastKeys = [];
  // The string values of the previous object, by entry, and their string numbers: an export repeats most values
  // from one object to the next (school year, establishments, formation, dates), each written once.
  let lastValues = [];
  let lastStrings = [];
  for (let index = 0; index < rows.length; index++) {
    const row = rows[index];
    if (row === null || typeof row !== "object" || Array.isArray(row)) {
      throw new Error(
        `checkRows : l'élément ${index} du tableau (ligne ${index + 1}) devrait être un objet ` +
          `{ nom_apprenant: …, … }, pas ${describe(row)}.`,
      );
    }
    const names = Object.keys(row);
    let same = names.length === lastNames.length;
    for (let k = 0; same && k < names.length; k++) same = names[k] === lastNames[k];
    if (!same) {
      lastNames = names;
      // Numbered when first written: a key whose values are all left out (`undefined`) is not one.
      lastKeys = names.map(() => -1);
      lastValues = new Array(names.length);
      lastStrings = new Array(names.length);
    }
    // Room for this object (at most 1 + 3 per key) and for the rest if they are like it: one allocation for the
    // objects of an export, which all have about the same keys, instead of copies of a growing array. The rest are
    // counted with 80 keys at most (the contract's 70 fields and a few others): an odd object with thousands of keys
    // does not make every other one count as large.
    const size = 1 + names.length * 3;
    if (at + size > ops.length) {
      ops = grow(ops, at + size + (rows.length - index - 1) * (1 + Math.min(names.length, MOST_KEYS) * 3));
    }
    const countAt = at++;
    let count = 0;
    for (let entry = 0; entry < names.length; entry++) {
      const name = names[entry];
      let value = row[name];
      // What `JSON.stringify` writes: a `Date` (or any object with `toJSON`) as its `toJSON()`.
      if (typeof value === "object" && value !== null && typeof value.toJSON === "function") value = value.toJSON(name);
      const type = typeof value;
      if (type === "undefined" || type === "function" || type === "symbol") continue;
      let key = lastKeys[entry];
      if (key < 0) key = lastKeys[entry] = keyOf(name);
      switch (type) {
        case "string":
          ops[at++] = key;
          ops[at++] = STRING;
          if (value !== lastValues[entry]) {
            lastValues[entry] = value;
            lastStrings[entry] = string(value);
          }
          ops[at++] = lastStrings[entry];
          break;
        case "number":
          ops[at++] = key;
          // `NaN` and `±Infinity` are written `null`.
          if (Number.isFinite(value)) {
            if (numberCount === numbers.length) numbers = grow(numbers);
            ops[at++] = NUMBER;
            ops[at++] = numberCount;
            numbers[numberCount++] = value;
          } else {
            ops[at++] = NULL;
          }
          break;
        case "boolean":
          ops[at++] = key;
          ops[at++] = value ? TRUE : FALSE;
          break;
        case "object":
          ops[at++] = key;
          ops[at++] = value === null ? NULL : Array.isArray(value) ? ARRAY : OBJECT;
          break;
        case "bigint":
          throw new Error(
            `checkRows : ligne ${index + 1}, champ « ${name} » : un BigInt ne s'écrit pas en JSON (JSON.stringify ` +
              `échoue) ; donnez un nombre ou un texte.`,
          );
      }
      count++;
    }
    ops[countAt] = count;
  }
  return [
    ops.subarray(0, at),
    numbers.subarray(0, numberCount),
    text,
    ends.subarray(0, stringCount),
    Uint32Array.from(keys),
  ];
}

/** A copy of `array` with room for at least `needed` values, and at least twice its length. */
function grow(array, needed = 0) {
  const bigger = new array.constructor(Math.max(array.length * 2, needed));
  bigger.set(array);
  return bigger;
}
