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

// The encoding under way. Module state rather than locals of `encodeRows`: each object is encoded by `encodeRow`, a
// function of its own that V8 optimises once, early in the first call, for every later call. Encoded by a loop of
// `encodeRows` itself, the objects were run by code optimised in the middle of that loop (on-stack replacement),
// which the next calls could not enter: V8 compiled `encodeRows` again in each of the first calls and ran their
// objects unoptimised meanwhile. A getter or `toJSON` of the objects may call `checkRows` again: `encodeRows` then
// saves the state of the encoding under way and takes it up again (see `state`).

/** Per object its entry count, then one `key << 4 | tag` per entry; `at` entries written so far. */
let ops = new Uint32Array(0);
let at = 0;
/** The numbers, `numberCount` of them so far. */
let numbers = new Float64Array(0);
let numberCount = 0;
/**
 * The strings, appended one by one: V8 chains them without copying and flattens the chain once, when it is encoded
 * into WebAssembly memory (about twice as fast as an array joined at the end). `ends`: where each ends.
 */
let text = "";
let ends = new Uint32Array(0);
let stringCount = 0;
/** The keys by number, in first-seen order, and the number of each. */
/** @type {string[]} */
let keys = [];
/** @type {Map<string, number>} */
let keyIds = new Map();
/**
 * By key number, the string given last under it: an export repeats most values from one object to the next (school
 * year, establishments, formation, dates), each written once.
 * @type {(string | undefined)[]}
 */
let lastStrings = [];
/**
 * By position in the object, the key met there last and its number (-1 until a value is written under it: a key
 * whose values are all left out, `undefined`, is not one). Objects built alike have the same keys in the same order,
 * compared by identity (the same strings), so most entries need no key lookup.
 * @type {string[]}
 */
let slotNames = [];
/** @type {number[]} */
let slotKeys = [];

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
  const outer = encoding ? state() : null;
  encoding = true;
  // Typed arrays: pushing a million values onto plain arrays costs more than the checks. `ops` is sized for the
  // objects still to come when the current one does not fit (see `room`), the others grow by doubling.
  [ops, at, numbers, numberCount, text, ends, stringCount] =
    [new Uint32Array(0), 0, new Float64Array(1024), 0, "", new Uint32Array(rows.length * 16 + 16), 0];
  // The key tables are emptied after each call, not made anew: new arrays would start with another kind of elements
  // than the one the optimised `encodeRow` saw last (V8 keeps small integers apart until the first other value), and
  // V8 would throw that code away at each call's first new key. A call made while another is encoding gets tables of
  // its own.
  if (outer !== null) [keys, keyIds, lastStrings, slotNames, slotKeys] = [[], new Map(), [], [], []];
  try {
    for (let index = 0; index < rows.length; index++) encodeRow(rows[index], index, rows.length - index);
    return [ops.subarray(0, at), numbers.subarray(0, numberCount), text, ends.subarray(0, stringCount), keys.slice()];
  } finally {
    if (outer === null) {
      // Nothing of the objects kept between calls.
      [ops, numbers, text, ends] = [EMPTY_OPS, EMPTY_NUMBERS, "", EMPTY_OPS];
      keys.length = 0;
      keyIds.clear();
      lastStrings.length = 0;
      slotNames.length = 0;
      slotKeys.length = 0;
      encoding = false;
    } else {
      // The encoding this call interrupted.
      [ops, at, numbers, numberCount, text, ends, stringCount, keys, keyIds, lastStrings, slotNames, slotKeys] = outer;
    }
  }
}

const EMPTY_OPS = new Uint32Array(0);
const EMPTY_NUMBERS = new Float64Array(0);

/** Whether `encodeRows` is running (a getter or `toJSON` of the objects may call `checkRows` again). */
let encoding = false;

/** The state of the encoding under way, to take it up again after a call made meanwhile. */
function state() {
  return [ops, at, numbers, numberCount, text, ends, stringCount, keys, keyIds, lastStrings, slotNames, slotKeys];
}

/**
 * Encodes the object `row`, of index `index`, `left - 1` objects before the end. The state it changes is read into
 * locals first and written back at the end (a module variable is read from memory, and checked, at each use).
 */
function encodeRow(row, index, left) {
  if (typeof row === "object" && row !== null) row = posted(row, index);
  if (row === null || typeof row !== "object" || Array.isArray(row)) {
    throw new Error(
      `checkRows : l'élément ${index} du tableau (ligne ${index + 1}) devrait être un objet ` +
        `{ nom_apprenant: …, … }, pas ${describe(row)}.`,
    );
  }
  let opsNow = at === ops.length ? (ops = room(ops, at, row, left)) : ops;
  let atNow = at;
  let textNow = text;
  let stringsNow = stringCount;
  let numbersNow = numberCount;
  const countAt = atNow++;
  let count = 0;
  let slot = 0;
  const names = slotNames;
  const numbered = slotKeys;
  const last = lastStrings;
  // `for…in` and `row[name]` rather than `Object.keys(row)`: V8 reads each value by its place in the object
  // (about five times faster than a lookup by name). It lists the own keys first, in `Object.keys`' order, then
  // the inherited ones, skipped: the keys `JSON.stringify` writes, each value read (a getter called) once.
  for (const name in row) {
    if (!hasOwn.call(row, name)) continue;
    let value = row[name];
    // What `JSON.stringify` writes: a `Date` (any object with a `toJSON`) as its `toJSON()`, a `String`, `Number` or
    // `Boolean` object as its value.
    if ((typeof value === "object" && value !== null) || typeof value === "bigint") value = posted(value, name);
    let key;
    if (names[slot] === name) {
      key = numbered[slot];
    } else {
      names[slot] = name;
      key = numbered[slot] = -1;
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
        last.push(undefined);
      }
      numbered[slot] = key;
    }
    slot++;
    let tag;
    if (type === "string") {
      if (value === last[key]) {
        tag = REPEAT;
      } else {
        last[key] = value;
        textNow += value;
        if (stringsNow === ends.length) ends = grow(ends);
        ends[stringsNow++] = textNow.length;
        tag = STRING;
      }
    } else if (type === "number") {
      // `NaN` and `±Infinity` are written `null`, `-0` is written `0` (adding `0` makes it `0`, nothing else).
      if (Number.isFinite(value)) {
        if (numbersNow === numbers.length) numbers = grow(numbers);
        numbers[numbersNow++] = value + 0;
        tag = NUMBER;
      } else {
        tag = NULL;
      }
    } else if (type === "boolean") {
      tag = value ? TRUE : FALSE;
    } else {
      tag = value === null ? NULL : Array.isArray(value) ? ARRAY : OBJECT;
    }
    if (atNow === opsNow.length) opsNow = ops = room(opsNow, countAt, row, left);
    opsNow[atNow++] = (key << 4) | tag;
    count++;
  }
  opsNow[countAt] = count;
  // Written back (a getter that throws ends the call: `encodeRows` clears the state).
  at = atNow;
  text = textNow;
  stringCount = stringsNow;
  numberCount = numbersNow;
}

/**
 * What `JSON.stringify` writes in place of the object or `BigInt` `value` under `key` (SerializeJSONProperty; an
 * item of the array has its index as its key, a string made only for a `toJSON`): its `toJSON(key)` if it has one
 * (read once), then a `String`, `Number`, `Boolean` or `BigInt` object as its primitive value (`new String("Dupont")`
 * is written `"Dupont"`), whether the object was the value or what `toJSON` returned. An object of another kind is
 * returned as it is; most objects, without `toJSON` and with `Object.prototype` as their prototype, without a look
 * at their tag (a `String` object given `Object.prototype` as its prototype is taken for an object: not worth a
 * look at every object's tag).
 * @param {object | bigint} value
 * @param {string | number} key
 */
function posted(value, key) {
  const toJSON = value.toJSON;
  if (typeof toJSON === "function") value = toJSON.call(value, typeof key === "number" ? `${key}` : key);
  else if (getPrototypeOf(value) === objectPrototype) return value;
  return typeof value === "object" && value !== null ? unboxed(value) : value;
}

/**
 * A `String`, `Number`, `Boolean` or `BigInt` object as the primitive value `JSON.stringify` writes of it (the
 * string and number by `ToString` and `ToNumber`, as it does), any other object as it is. The tag first (cheap,
 * and "[object Object]" for every plain object or class instance), then the internal slot `JSON.stringify` looks
 * for: an object that only claims the tag (`Symbol.toStringTag`) is not unwrapped.
 */
function unboxed(value) {
  switch (objectTag.call(value)) {
    case "[object String]":
      return holds(String.prototype.valueOf, value) ? `${value}` : value;
    case "[object Number]":
      return holds(Number.prototype.valueOf, value) ? +value : value;
    case "[object Boolean]":
      return holds(Boolean.prototype.valueOf, value) ? Boolean.prototype.valueOf.call(value) : value;
    case "[object BigInt]":
      return holds(BigInt.prototype.valueOf, value) ? BigInt.prototype.valueOf.call(value) : value;
    default:
      return value;
  }
}

const objectTag = Object.prototype.toString;
const getPrototypeOf = Object.getPrototypeOf;
const objectPrototype = Object.prototype;

/** Whether `value` has the internal slot that the built-in `valueOf` reads (it throws otherwise). */
function holds(valueOf, value) {
  try {
    valueOf.call(value);
    return true;
  } catch {
    return false;
  }
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
