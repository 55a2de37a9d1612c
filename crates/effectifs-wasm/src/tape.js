// Builds the plain JavaScript value a "tape" describes (written by `src/tape.rs`, which explains why). The shapes
// below are those of tape.rs; the tags a copy of `src/tags.rs` (a snippet cannot import another file), checked by
// tests/tags.test.mjs.

const NULL = 0;
const FALSE = 1;
const TRUE = 2;
const NUMBER = 3;
const STRING = 4;
const ARRAY = 5;
const OBJECT = 6;
const SHAPE = 7;
const DEFERRED = 8;
const DAY = 10;
const LATER_STRING = 11;

/** An entry of the tape is `payload << 4 | tag` (see `op` in tape.rs): its tag. */
const TAG = 15;

// The tape being read. Module state rather than closures: the functions below are the same for every call, so
// V8 optimises them once. `fromTape` is never re-entered (it calls no user code); a deferred value read later
// saves and restores the state around its own reading (`Source.read`).
let ops = new Uint32Array(0);
let numbers = new Float64Array(0);
let text = "";
let ends = new Uint32Array(0);
/** The strings of `text` sliced so far, by index: each is sliced when first needed (most are deferred values'). */
/** @type {string[]} */
let strings = [];
/** The days spelled so far, by day number: a report's dates repeat (school years, contracts, timelines). */
/** @type {Map<number, string>} */
let days = new Map();
/** The strings of deferred dossiers (`LATER_STRING`): their text, decoded when one is first needed. */
/** @type {Later | null} */
let laterText = null;
let at = 0;
/** The copy of the tape the deferred values of the current call are read from, made at the first one. */
let source = null;

/**
 * @param {Uint32Array} tape the tape (a view into the instance's memory: read during this call only)
 * @param {Float64Array} values the numbers the tape refers to (idem)
 * @param {string} distinct the distinct strings, one after the other
 * @param {Uint32Array} stringEnds where each string of `distinct` ends, in UTF-16 code units (idem)
 * @param {Uint8Array} laterBytes the strings of deferred dossiers, one after the other, in UTF-8 (idem)
 * @param {Uint32Array} laterEnds where each of them ends, in UTF-16 code units once decoded (idem)
 * @returns {unknown} the value
 */
export function fromTape(tape, values, distinct, stringEnds, laterBytes, laterEnds) {
  ops = tape;
  numbers = values;
  text = distinct;
  ends = stringEnds;
  strings = new Array(stringEnds.length);
  days = new Map();
  laterText = new Later(laterBytes, laterEnds);
  at = 0;
  source = null;
  try {
    return value();
  } finally {
    // Let the instance's memory and the strings go.
    ops = new Uint32Array(0);
    numbers = new Float64Array(0);
    text = "";
    ends = new Uint32Array(0);
    strings = [];
    days = new Map();
    laterText = null;
    source = null;
  }
}

/** The string of index `index`. */
function string(index) {
  let found = strings[index];
  if (found === undefined) {
    found = text.slice(index === 0 ? 0 : ends[index - 1], ends[index]);
    strings[index] = found;
  }
  return found;
}

/**
 * The strings of deferred dossiers: most of a report's text (identifiers, names, e-mails), most never read. Their
 * UTF-8 bytes are decoded at the first one needed, not during the call.
 */
class Later {
  /**
   * @param {Uint8Array} bytes
   * @param {Uint32Array} ends
   */
  constructor(bytes, ends) {
    this.bytes = bytes;
    this.ends = ends;
    /** @type {string | null} */
    this.text = null;
    /** @type {string[]} */
    this.strings = new Array(ends.length);
  }

  /** A copy that does not read the instance's memory (the strings already sliced are shared). */
  copy() {
    const copied = new Later(this.text === null ? this.bytes.slice() : new Uint8Array(0), this.ends.slice());
    copied.text = this.text;
    copied.strings = this.strings;
    return copied;
  }

  /** The string of index `index`. */
  string(index) {
    let found = this.strings[index];
    if (found === undefined) {
      // `ignoreBOM`: a value may start with U+FEFF, which must stay.
      this.text ??= new TextDecoder("utf-8", { ignoreBOM: true }).decode(this.bytes);
      found = this.text.slice(index === 0 ? 0 : this.ends[index - 1], this.ends[index]);
      this.strings[index] = found;
    }
    return found;
  }
}

/** `AAAA-MM-JJ` of a day of years 0 to 9999, given as days since 1970-01-01. */
function day(number) {
  let found = days.get(number);
  if (found === undefined) {
    found = new Date(number * 86400000).toISOString().slice(0, 10);
    days.set(number, found);
  }
  return found;
}

function value() {
  const op = ops[at++];
  switch (op & TAG) {
    case NULL:
      return null;
    case FALSE:
      return false;
    case TRUE:
      return true;
    case NUMBER:
      return numbers[op >>> 4];
    case STRING:
      return string(op >>> 4);
    case LATER_STRING:
      return laterText.string(op >>> 4);
    case ARRAY: {
      const count = op >>> 4;
      const array = new Array(count);
      for (let index = 0; index < count; index++) {
        // Strings are most values: taken here, without a call.
        const item = ops[at];
        if ((item & TAG) === STRING) {
          array[index] = string(item >>> 4);
          at++;
        } else {
          array[index] = value();
        }
      }
      return array;
    }
    case OBJECT: {
      const count = op >>> 4;
      const object = {};
      for (let index = 0; index < count; index++) {
        const key = string(ops[at++]);
        let item;
        // Strings are most values: taken here, without a call.
        const entry = ops[at];
        const tag = entry & TAG;
        if (tag === LATER_STRING) {
          item = laterText.string(entry >>> 4);
          at++;
        } else if (tag === STRING) {
          item = string(entry >>> 4);
          at++;
        } else {
          item = value();
        }
        if (key === "__proto__") {
          // An own property, as JSON.parse makes it, not the object's prototype.
          Object.defineProperty(object, key, { value: item, enumerable: true, writable: true, configurable: true });
        } else {
          object[key] = item;
        }
      }
      return object;
    }
    case SHAPE: {
      const build = SHAPES[op >>> 4];
      if (build === undefined) break;
      return build();
    }
    case DAY:
      // A signed payload.
      return day(op >> 4);
    case DEFERRED:
      // Outside a shape's builder (see `later`), a deferred value is built now.
      return value();
    default:
  }
  throw new Error(`effectifs : bande de résultat illisible (position ${at - 1})`);
}

// One object literal per shape of tape.rs (same order, same keys): V8 builds each from a template with its
// final layout. The values are read in key order (a literal evaluates its entries in order).
const SHAPES = [
  function line() {
    const line = value();
    const valid = value();
    const errors = value();
    const warnings = value();
    const dossier = later();
    const statut = later();
    if (typeof dossier === "number" || typeof statut === "number") {
      return deferredLine(line, valid, errors, warnings, dossier, statut);
    }
    return { line, valid, errors, warnings, dossier, statut };
  },
  () => ({ en_cours: value(), libelle: value(), parcours: value() }),
  () => ({ date: value(), valeur: value() }),
  () => ({ field: value(), code: value(), message: value() }),
  () => ({ field: value(), code: value(), message: value(), hint: value() }),
  () => ({ field: value(), code: value(), message: value(), suggestion: value() }),
  () => ({ field: value(), code: value(), message: value(), hint: value(), suggestion: value() }),
];

/**
 * The value at `at` if it is not deferred (a deferred `null` is just `null`), else where it starts in the copy of
 * the tape (a number: the deferred values are objects). The first deferred value of a call copies the tape: the
 * instance's memory is only read during the call.
 */
function later() {
  const op = ops[at];
  if ((op & TAG) !== DEFERRED) return value();
  const length = op >>> 4;
  const start = at + 1;
  if (ops[start] === NULL) {
    at = start + 1;
    return null;
  }
  source ??= new Source(ops.slice(), numbers.slice(), text, ends.slice(), strings, days, laterText.copy());
  at = start + length;
  return start;
}

/** A copy of a call's tape, for its deferred values. */
class Source {
  constructor(tape, values, distinct, stringEnds, sliced, spelled, laterStrings) {
    this.ops = tape;
    this.numbers = values;
    this.text = distinct;
    this.ends = stringEnds;
    this.strings = sliced;
    this.days = spelled;
    this.laterText = laterStrings;
  }

  /** Builds the value starting at `start`. */
  read(start) {
    const saved = [ops, numbers, text, ends, strings, days, laterText, at, source];
    ops = this.ops;
    numbers = this.numbers;
    text = this.text;
    ends = this.ends;
    strings = this.strings;
    days = this.days;
    laterText = this.laterText;
    at = start;
    source = this;
    try {
      return value();
    } finally {
      [ops, numbers, text, ends, strings, days, laterText, at, source] = saved;
    }
  }
}

/** The deferred values of a line: where each starts in `source` until built (then -1), and the value. */
class Pending {
  constructor(owner, tape, dossierAt, statutAt) {
    /** The line itself (accessors may be called with a proxy of it, or an object inheriting from it). */
    this.line = owner;
    this.source = tape;
    this.dossierAt = dossierAt;
    this.statutAt = statutAt;
    this.dossier = undefined;
    this.statut = undefined;
    // Not extensible: proxy libraries leave such objects as they are (Vue would wrap it in a reactive proxy).
    Object.preventExtensions(this);
  }
}

/** The field of `Pending` holding where each key's value starts. */
const AT = { dossier: "dossierAt", statut: "statutAt" };

/**
 * Where a line keeps its pending values: a non-enumerable symbol-keyed property, which `JSON.stringify`,
 * `structuredClone`, spreading, `Object.keys` and `for…in` leave out, and which a `Proxy` of the line (Vue's
 * reactive objects, for one) still reaches: the accessors find it from `this`, which is then the proxy. (A
 * `WeakMap` or a private field would not: neither sees through a proxy.)
 */
const PENDING = Symbol("effectifs.pending");

/**
 * A line whose dossier and statut are built when first read (each alone). Until then each is an own, enumerable
 * accessor, which replaces itself with a plain data property (same place among the keys) at the first read or
 * write: `JSON.stringify`, `structuredClone`, `postMessage`, spreading and `Object.entries` read it like any
 * property. The accessors are the same functions for every line, so that V8 gives all the lines one layout.
 */
function deferredLine(line, valid, errors, warnings, dossier, statut) {
  const object = { line, valid, errors, warnings };
  const dossierAt = typeof dossier === "number" ? dossier : -1;
  const statutAt = typeof statut === "number" ? statut : -1;
  // Before the two keys, which must stay the last ones added (see `settle`).
  Object.defineProperty(object, PENDING, { value: new Pending(object, source, dossierAt, statutAt), configurable: true });
  if (dossierAt >= 0) Object.defineProperty(object, "dossier", ACCESSORS.dossier);
  else object.dossier = dossier;
  if (statutAt >= 0) Object.defineProperty(object, "statut", ACCESSORS.statut);
  else object.statut = statut;
  return object;
}

const ACCESSORS = { dossier: accessor("dossier"), statut: accessor("statut") };

/** @param {"dossier" | "statut"} key */
function accessor(key) {
  return {
    get() {
      const pending = pendingOf(this);
      if (pending === undefined) return undefined;
      const start = pending[AT[key]];
      if (start >= 0) known(pending, key, pending.source.read(start));
      const item = pending[key];
      // On the line itself, not on a proxy of it (no proxy trap runs for a read) nor on an object inheriting from
      // it. A sealed or frozen line keeps its accessor (and `pending` the value, for the next reads).
      settle(pending.line, key, item);
      return item;
    },
    set(replacement) {
      const pending = pendingOf(this);
      // On the object written to, as for a data property: a proxy of the line, an object inheriting from it.
      if (settle(this, key, replacement)) {
        // The line's own value now (not an inheriting object's, which leaves the line's accessor as it is).
        if (pending !== undefined && Object.prototype.hasOwnProperty.call(this, PENDING)) {
          known(pending, key, replacement);
        }
        return;
      }
      // A sealed line keeps its accessor, which takes the value as its data property would; a frozen line refuses
      // it, as a read-only property does in strict mode (modules, classes).
      if (pending === undefined || Object.isFrozen(this)) {
        throw new TypeError(`effectifs : la ligne est figée, « ${key} » ne peut pas être remplacé`);
      }
      known(pending, key, replacement);
    },
    enumerable: true,
    configurable: true,
  };
}

/** Records the value of `key` (built or written); the copy of the tape goes once both values are known. */
function known(pending, key, item) {
  pending[key] = item;
  pending[AT[key]] = -1;
  if (pending.dossierAt < 0 && pending.statutAt < 0) pending.source = null;
}

/** The pending values of the line holding the accessor (`object`, a proxy of it, or an object inheriting from it). */
function pendingOf(object) {
  const pending = object === null || object === undefined ? undefined : object[PENDING];
  return pending instanceof Pending ? pending : undefined;
}

/** Makes `key` a plain data property of `object`, in its place; false if `object` is sealed or frozen. */
function settle(object, key, item) {
  const data = { value: item, enumerable: true, writable: true, configurable: true };
  // Turning an accessor into a data property in place makes V8 store the object as a dictionary (slower to read,
  // bigger); deleting the last keys added and adding them again keeps its layout. `dossier` and `statut` are the
  // last keys of a line as built; anything else (keys added since, a proxy, an object inheriting from the line, a
  // line that cannot grow) takes the general way.
  if (!Object.isExtensible(object) || !endsWithDeferredKeys(object)) return Reflect.defineProperty(object, key, data);
  const statut = Reflect.getOwnPropertyDescriptor(object, "statut");
  if (!Reflect.deleteProperty(object, "statut")) return Reflect.defineProperty(object, key, data);
  if (key === "dossier") {
    Reflect.deleteProperty(object, "dossier");
    Reflect.defineProperty(object, "dossier", data);
    Reflect.defineProperty(object, "statut", statut);
  } else {
    Reflect.defineProperty(object, "statut", data);
  }
  return true;
}

/**
 * Whether the object's own keys end with `dossier` then `statut` (symbols aside) and `dossier` can be deleted (a
 * `statut` that cannot makes `settle` take the general way).
 */
function endsWithDeferredKeys(object) {
  const keys = Object.keys(object);
  return (
    keys.length >= 2 &&
    keys[keys.length - 2] === "dossier" &&
    keys[keys.length - 1] === "statut" &&
    Reflect.getOwnPropertyDescriptor(object, "dossier").configurable === true
  );
}
