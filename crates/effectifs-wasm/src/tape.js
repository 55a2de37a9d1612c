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
const DOSSIER = 12;
const AGAIN = 13;
const INT = 15;

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
/** The fields' names (`DOSSIER`): the string index of each, by field index, and the names once sliced. */
/** @type {Fields} */
let fields = { indices: new Uint32Array(0), names: null };
let at = 0;
/** The copy of the tape the deferred values of the current call are read from, made at the first one. */
let source = null;

/** @typedef {{ indices: Uint32Array, names: string[] | null }} Fields */

/** The tape being read (the state above but `at` and `source`): what a `Source` keeps and swaps in to read. */
function current() {
  return [ops, numbers, text, ends, strings, days, laterText, fields];
}

/** Reads the tape `state` (made by `current`) from now on. */
function use(state) {
  [ops, numbers, text, ends, strings, days, laterText, fields] = state;
}

/** No tape: what the state holds between calls, so that the instance's memory and the strings can go. */
const NONE = Object.freeze([
  new Uint32Array(0),
  new Float64Array(0),
  "",
  new Uint32Array(0),
  [],
  new Map(),
  null,
  { indices: new Uint32Array(0), names: null },
]);

/**
 * @param {Uint32Array} tape the tape (a view into the instance's memory: read during this call only)
 * @param {Float64Array} values the numbers the tape refers to (idem)
 * @param {string} distinct the distinct strings, one after the other
 * @param {Uint32Array} stringEnds where each string of `distinct` ends, in UTF-16 code units (idem)
 * @param {Uint8Array} laterBytes the strings of deferred dossiers, one after the other, in UTF-8 (idem)
 * @param {Uint32Array} laterEnds where each of them ends, in UTF-16 code units once decoded (idem)
 * @param {Uint32Array} names the string index of each field's name, by field index, if a dossier is written (idem)
 * @returns {unknown} the value
 */
export function fromTape(tape, values, distinct, stringEnds, laterBytes, laterEnds, names) {
  use([
    tape,
    values,
    distinct,
    stringEnds,
    new Array(stringEnds.length),
    new Map(),
    new Later(laterBytes, laterEnds),
    { indices: names, names: null },
  ]);
  at = 0;
  source = null;
  try {
    return value();
  } finally {
    use(NONE);
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
    /** The strings sliced so far, by index: made with the first one (a call's 150 000 slots, 1.2 MB, most never
     * filled when no dossier is read). */
    /** @type {string[] | null} */
    this.strings = null;
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
    this.strings ??= new Array(this.ends.length);
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
    case INT:
      return op >>> 4;
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
    case DOSSIER:
      return dossier(op >>> 4);
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
    case AGAIN: {
      // The value written earlier under the same key (a statut equal to the line before's): built from there.
      // (A tape that cannot be read throws: `fromTape` and `Source.read` put the state back.)
      const back = at;
      at = op >>> 4;
      const item = value();
      at = back;
      return item;
    }
    default:
  }
  throw new Error(`effectifs : bande de résultat illisible (position ${at - 1})`);
}

/**
 * A dossier of `count` values: four words of bits (field `i` is bit `i % 32` of word `i / 32`), then the values in
 * field order, named by the fields' names (`fields`).
 */
function dossier(count) {
  const names = (fields.names ??= Array.from(fields.indices, string));
  const words = at;
  at += 4;
  const object = {};
  let word = 0;
  let bits = ops[words];
  for (let index = 0; index < count; index++) {
    while (bits === 0) bits = ops[words + ++word];
    const lowest = bits & -bits;
    bits ^= lowest;
    const key = names[word * 32 + 31 - Math.clz32(lowest)];
    // Strings are most values: taken here, without a call.
    const entry = ops[at];
    const tag = entry & TAG;
    if (tag === LATER_STRING) {
      object[key] = laterText.string(entry >>> 4);
      at++;
    } else if (tag === STRING) {
      object[key] = string(entry >>> 4);
      at++;
    } else {
      object[key] = value();
    }
  }
  return object;
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
  // The strings and names already sliced are shared.
  source ??= new Source([
    ops.slice(),
    numbers.slice(),
    text,
    ends.slice(),
    strings,
    days,
    laterText.copy(),
    { indices: fields.indices.slice(), names: fields.names },
  ]);
  at = start + length;
  return start;
}

/**
 * A copy of a call's tape, for its deferred values; the call's deferred lines (a proxy's line is looked for among
 * them: see `lineOf`), and the class and accessors the call gives them (see `deferredClass`).
 */
class Source {
  /** @param {unknown[]} state the copy of the call's tape (see `current`) */
  constructor(state) {
    /** The copy of the tape, until every deferred value of the call is known. */
    this.state = state;
    /** The call's deferred lines; once all their values are known, only those that keep an accessor (`kept`). */
    this.lines = [];
    /** The lines whose accessor stays (sealed, frozen: see `settle`), of which a proxy may still be read. */
    this.kept = [];
    /** The index in `lines` of each `line` number, made when a proxy is first met (see `lineProbed`). */
    this.byNumber = null;
    /** How many deferred values of the call are not known yet (neither built nor written). */
    this.unknown = 0;
    /** The class giving the call's lines their private fields and the functions reading them (see
     * `deferredClass`), and the lines' accessors. */
    this.privates = deferredClass();
    this.accessors = { dossier: accessor(this, "dossier"), statut: accessor(this, "statut") };
  }

  /** Builds the value starting at `start`. */
  read(start) {
    const [saved, savedAt, savedSource] = [current(), at, source];
    use(this.state);
    at = start;
    source = this;
    try {
      return value();
    } finally {
      use(saved);
      [at, source] = [savedAt, savedSource];
    }
  }

  /** Counts a value known: after the last one, the copy of the tape goes, and the lines that lost their accessors. */
  known() {
    if (--this.unknown > 0) return;
    this.state = null;
    this.lines = this.kept;
    this.byNumber = null;
  }

  /** A line of the call whose `line` number was `number` when the call's first proxy was met (see `lineProbed`). */
  numbered(number) {
    if (this.byNumber === null) {
      this.byNumber = new Map();
      for (let index = this.lines.length - 1; index >= 0; index--) this.byNumber.set(this.lines[index].line, index);
    }
    const index = this.byNumber.get(number);
    return index === undefined ? undefined : this.lines[index];
  }
}

/**
 * A deferred value of a line once known (built, or written): the value, and whether the line is in its Source's
 * `kept` (it keeps its accessor). Made at the first read or write: nothing per line before.
 */
class Known {
  constructor(value, kept) {
    this.value = value;
    this.kept = kept;
  }
}

/** A class whose constructor returns the object given: a class extending it adds its private fields to that object. */
class Returned {
  constructor(object) {
    return object;
  }
}

/**
 * The class that gives a call's deferred lines the state of their dossier and statut: two private fields, added to
 * the line as a class adds them to its instances (see `Returned`). Each holds where the value starts in the call's
 * Source (a number) until it is known, then a `Known`; -1 for a value that was not deferred. Nothing sees them but
 * this class: `Object.keys`, `Reflect.ownKeys`, `for…in`, spreading, `JSON.stringify` and `structuredClone` leave
 * them out, freezing does not touch them. Adding them costs about two property stores, and no object: a `Pending`
 * object per line held both positions before (20 000 more objects per call for the garbage collector to move).
 *
 * One class per call, so private names of its own per call: a call's lines then get a layout of their own in V8
 * before their accessors, which are the call's own (they hold its Source: see `accessor`). Accessors shared by every
 * call would need a list of every call's Source to find a proxy's line, held weakly: a `WeakRef` keeps its target
 * until the end of the current job, so a loop of calls would keep every report (measured: the garbage collector's
 * extra work then cost about as much as the shared layout saved). V8 stores an object as a dictionary when it gets
 * accessors other than those objects of the same layout got before, as long as one of those is alive: hence the
 * private names before them.
 *
 * A new layout per call makes V8 throw away the optimised code that saw the layout of the call before, so the code
 * that meets it is kept to a minimum: the fields take their values from `pending` (initialisers, no store after
 * them), and the class has no static methods (the class's functions, new with each call, would change the layout
 * of the class itself): the functions that read and write the fields are made in a static block and handed out.
 * Together with `deferredLine` keeping the call's layout out of its own stores, this took the bench's measured calls
 * (the 2nd to 6th of a process) from about 1 160 to 1 100 million instructions each, and later calls from 1 052 to
 * 1 018 million (valgrind); before, V8 compiled the line's functions again at every call.
 * @returns {{ Deferred: new (object: object) => object, has: (object: unknown) => boolean,
 *   state: (line: object, key: string) => unknown, setState: (line: object, key: string, state: unknown) => void }}
 */
function deferredClass() {
  let privates;
  class Deferred extends Returned {
    #dossier = pending.dossier;
    #statut = pending.statut;

    static {
      privates = {
        Deferred,
        /** Whether `object` is a line of the call itself (not a proxy, not an heir). */
        has: (object) => typeof object === "object" && object !== null && #dossier in object,
        /** The state of the line's `key` (a line of the call: see `has`). */
        state: (line, key) => (key === "dossier" ? line.#dossier : line.#statut),
        /** Sets the state of the line's `key`. */
        setState: (line, key, state) => {
          if (key === "dossier") line.#dossier = state;
          else line.#statut = state;
        },
      };
    }
  }
  return privates;
}

/** The states the next `Deferred` line starts with (see `deferredClass`). */
const pending = { dossier: -1, statut: -1 };

/**
 * The object of a line, made by `new`: a plain object (its prototype is `Object.prototype`, as a literal's), which
 * V8 gives room for the properties added after the constructor's (the class's private fields, the values that
 * replace the accessors), as for any object a constructor makes. An object literal has room for its own properties
 * only: the two private fields then took a second block of memory per line.
 */
function PlainLine(line, valid, errors, warnings) {
  this.line = line;
  this.valid = valid;
  this.errors = errors;
  this.warnings = warnings;
}
PlainLine.prototype = Object.prototype;

/**
 * A line whose dossier and statut are built when first read (each alone). Until then each is an own, enumerable
 * accessor, which replaces itself with a plain data property (same place among the keys) at the first read or
 * write: `JSON.stringify`, `structuredClone`, `postMessage`, spreading and `Object.entries` read it like any
 * property. The accessors are the same functions for every line of the call, so that V8 gives the call's lines one
 * layout.
 */
function deferredLine(line, valid, errors, warnings, dossier, statut) {
  const object = new PlainLine(line, valid, errors, warnings);
  const dossierAt = typeof dossier === "number" ? dossier : -1;
  const statutAt = typeof statut === "number" ? statut : -1;
  // Before the two keys, which must stay the last ones added (see `settle`).
  pending.dossier = dossierAt;
  pending.statut = statutAt;
  new source.privates.Deferred(object);
  source.lines.push(object);
  // From here on the line has the call's own layout: defined, not stored, so that no optimised code sees it.
  Object.defineProperty(object, "dossier", dossierAt >= 0 ? source.accessors.dossier : plain(dossier));
  Object.defineProperty(object, "statut", statutAt >= 0 ? source.accessors.statut : plain(statut));
  if (dossierAt >= 0) source.unknown++;
  if (statutAt >= 0) source.unknown++;
  return object;
}

/**
 * The accessor of `key` for the lines of the call whose Source is `tape`. Its Source stays as long as a line holds
 * it; a line read (or written) holds it no more.
 * @param {"dossier" | "statut"} key
 */
function accessor(tape, key) {
  return {
    get() {
      const line = lineOf(tape, this);
      if (line === undefined) return undefined;
      let state = tape.privates.state(line, key);
      if (typeof state === "number") {
        // Not deferred on that line (the accessor taken from another line and called on it): nothing to build.
        if (state < 0) return undefined;
        state = known(tape, line, key, tape.read(state));
      }
      const item = state.value;
      // On the line itself, not on a proxy of it (no proxy trap runs for a read) nor on an object inheriting from
      // it. A sealed or frozen line keeps its accessor (and its `Known` the value, for the next reads).
      if (!settle(line, key, item)) keep(tape, line, key);
      return item;
    },
    set(replacement) {
      // On the object written to, as for a data property: a proxy of the line, an object inheriting from it.
      if (settle(this, key, replacement)) {
        // Known if the line lost its accessor: written on the line or through a proxy of it, not on an heir.
        const line = lineOf(tape, this);
        if (line !== undefined && !holdsAccessor(tape, line, key)) {
          known(tape, line, key, replacement);
        }
        return;
      }
      // A sealed line keeps its accessor, which takes the value as its data property would; a frozen line refuses
      // it, as a read-only property does in strict mode (modules, classes).
      const line = lineOf(tape, this);
      if (line === undefined || Object.isFrozen(this)) {
        throw new TypeError(`effectifs : la ligne est figée, « ${key} » ne peut pas être remplacé`);
      }
      known(tape, line, key, replacement);
      keep(tape, line, key);
    },
    enumerable: true,
    configurable: true,
  };
}

/**
 * Records the value of the line's `key` (built or written) and returns its `Known`; the call's copy of the tape goes
 * once all its values are known.
 */
function known(tape, line, key, item) {
  const state = tape.privates.state(line, key);
  const value = new Known(item, typeof state === "object" && state.kept);
  tape.privates.setState(line, key, value);
  if (typeof state === "number" && state >= 0) tape.known();
  return value;
}

/**
 * Lists a line whose accessor of `key` stays (sealed, frozen; its value known): a proxy may be of it once the call's
 * values are all known. A line is listed once, whichever key comes first.
 */
function keep(tape, line, key) {
  const state = tape.privates.state(line, key);
  if (state.kept) return;
  state.kept = true;
  const other = tape.privates.state(line, key === "dossier" ? "statut" : "dossier");
  if (typeof other === "object" && other.kept) return;
  tape.kept.push(line);
}

/** Whether `line`'s own `key` is still its accessor. */
function holdsAccessor(tape, line, key) {
  const descriptor = Reflect.getOwnPropertyDescriptor(line, key);
  return descriptor !== undefined && descriptor.get === tape.accessors[key].get;
}

/**
 * The line of the call whose accessor runs with `object` as `this`: nearly always `object` itself (found by its
 * private field), else an object it inherits from, else the line a proxy shows (see `lineProbed`); undefined if
 * none. Whatever a line's `line` number became, the line itself and its heirs are found by identity.
 */
function lineOf(tape, object) {
  if (tape.privates.has(object)) return object;
  if (object === null || (typeof object !== "object" && typeof object !== "function")) return undefined;
  for (let ancestor = Reflect.getPrototypeOf(object); ancestor !== null; ancestor = Reflect.getPrototypeOf(ancestor)) {
    if (tape.privates.has(ancestor)) return ancestor;
  }
  return lineProbed(tape, object);
}

/** A symbol-keyed property given to a line for the time of one read through a proxy (see `seenThrough`). */
const PROBE = Symbol("effectifs.probe");

/**
 * The line a proxy shows (Vue's reactive objects; or an object inheriting from a proxy): its target cannot be
 * reached, nor the target's private fields, so the line is looked for by its `line` number (read through `object`,
 * as any read) among the call's lines, and each candidate is tested (see `seenThrough`). First the line that had
 * that number when the call's first proxy was met; then, for a line whose number changed or is shared, every line
 * of that number now. A candidate that cannot be told seen or not is taken if no other is seen, the first met. So
 * the line found is wrong only for a line frozen after the proxy was made (Vue's `reactive()` leaves a frozen
 * object as it is), when another frozen line of the same report has the same `line` number (one of them was
 * renumbered) and either was given the same `errors` and `warnings` arrays, or comes first in the report while
 * `object` does not give the arrays as they are (a proxy of an object inheriting from the line, wrapping them: a
 * proxy must give a frozen target's own values as they are).
 */
function lineProbed(tape, object) {
  const number = object.line;
  let untested;
  const first = tape.numbered(number);
  if (first !== undefined) {
    const seen = seenThrough(object, first);
    if (seen === true) return first;
    if (seen === undefined) untested = first;
  }
  for (const line of tape.lines) {
    if (line.line !== number) continue;
    const seen = seenThrough(object, line);
    if (seen === true) return line;
    if (seen === undefined) untested ??= line;
  }
  return untested;
}

/**
 * Whether `object` shows `line` (a proxy of it, of an object inheriting from it…): `line` gets a mark for the time
 * of one read through `object`, a symbol-keyed property, or, if it cannot grow (sealed, not extensible), its `line`
 * number; no proxy trap but `get` runs. A frozen line takes no mark, but a proxy must give a frozen target's values
 * as they are, and each line has arrays of its own: seen if `object` gives its `errors` and `warnings` arrays.
 * Undefined if that cannot be told.
 */
function seenThrough(object, line) {
  const mark = {};
  if (Reflect.defineProperty(line, PROBE, { value: mark, configurable: true })) {
    try {
      return object[PROBE] === mark;
    } finally {
      Reflect.deleteProperty(line, PROBE);
    }
  }
  const number = Reflect.getOwnPropertyDescriptor(line, "line");
  if (number !== undefined && number.writable === true && Reflect.set(line, "line", mark)) {
    try {
      return object.line === mark;
    } finally {
      line.line = number.value;
    }
  }
  const { errors, warnings } = line;
  if (typeof errors === "object" && errors !== null && object.errors === errors && object.warnings === warnings) {
    return true;
  }
  return undefined;
}

/** Makes `key` a plain data property of `object`, in its place; false if `object` is sealed or frozen. */
function settle(object, key, item) {
  const data = plain(item);
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

/** The descriptor of a plain data property holding `item`, as an assignment makes it. */
function plain(item) {
  return { value: item, enumerable: true, writable: true, configurable: true };
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
