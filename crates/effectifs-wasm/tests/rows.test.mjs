// src/rows.js on its own (it needs no build): the encoding of checkRows' objects before they cross into
// WebAssembly. Decoded back here, it must give what `JSON.stringify` writes of each object, whatever the object
// (getters, inherited keys, `toJSON`, keys that change from one object to the next…); and it takes little memory.
// Run: node --test crates/effectifs-wasm/tests/

import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";

import { encodeRows } from "../src/rows.js";

/** The tags of `src/rows.js`, read from its source (tests/tags.test.mjs checks them against src/tags.rs). */
const TAGS = Object.fromEntries(
  [...readFileSync(new URL("../src/rows.js", import.meta.url), "utf8").matchAll(/^const ([A-Z]+) = (\d+);$/gm)].map(
    ([, name, value]) => [name, Number(value)],
  ),
);

/**
 * The objects of an encoding, as src/rows.rs reads them: arrays and objects as values are `"[tableau]"` and
 * `"[objet]"` (only their kind crosses). Entries are `[key, value]` pairs, so that a `__proto__` key is one.
 */
function decode([ops, numbers, text, ends, keys]) {
  const objects = [];
  const last = [];
  let at = 0;
  let number = 0;
  let string = 0;
  while (at < ops.length) {
    const count = ops[at++];
    const entries = [];
    for (let entry = 0; entry < count; entry++) {
      const op = ops[at++];
      const key = op >>> 4;
      const value = {
        [TAGS.NULL]: () => null,
        [TAGS.FALSE]: () => false,
        [TAGS.TRUE]: () => true,
        [TAGS.NUMBER]: () => numbers[number++],
        [TAGS.STRING]: () => (last[key] = text.slice(string === 0 ? 0 : ends[string - 1], ends[string++])),
        [TAGS.REPEAT]: () => last[key],
        [TAGS.ARRAY]: () => "[tableau]",
        [TAGS.OBJECT]: () => "[objet]",
      }[op & 15]();
      entries.push([keys[key], value]);
    }
    objects.push(entries);
  }
  assert.equal(number, numbers.length, "every number is read");
  assert.equal(string, ends.length, "every string is read");
  return objects;
}

/** What `JSON.stringify` sends of each object, in the same form as `decode`. */
function posted(rows) {
  return JSON.parse(JSON.stringify(rows)).map((object) =>
    Object.entries(object).map(([key, value]) => [
      key,
      Array.isArray(value) ? "[tableau]" : value !== null && typeof value === "object" ? "[objet]" : value,
    ]),
  );
}

test("each object is encoded as JSON.stringify writes it", () => {
  const inherited = Object.create({ herite: "non envoyé", nom_apprenant: "masqué" });
  inherited.nom_apprenant = "Propre";
  Object.defineProperty(inherited, "cache", { value: "non énumérable", enumerable: false });
  const withProto = JSON.parse('{"__proto__": "une clé comme une autre", "nom_apprenant": "Proto"}');
  class Apprenant {
    constructor() {
      this.nom_apprenant = "Instance";
    }
    get prenom_apprenant() {
      return "du prototype, non envoyé";
    }
  }
  const rows = [
    { nom_apprenant: "Dupont", prenom_apprenant: "Léa", annee_formation: 1, rqth_apprenant: false, tel_apprenant: null },
    // The same keys, some values equal to the object before's (written once), one left out, one now `null`.
    { nom_apprenant: "Dupont", prenom_apprenant: "Jean", annee_formation: 2, rqth_apprenant: true, tel_apprenant: "06" },
    { nom_apprenant: "Dupont", prenom_apprenant: undefined, annee_formation: 2, rqth_apprenant: null, tel_apprenant: "06" },
    // Other keys, other orders: a value equal to one given earlier under the same key, now elsewhere.
    { tel_apprenant: "06", nom_apprenant: "Martin", autre: "Dupont" },
    { nom_apprenant: "Dupont", tel_apprenant: "06" },
    {},
    // JSON.stringify's view: toJSON, NaN and infinities, -0, functions, symbols, symbol keys, nested values.
    {
      date_de_naissance_apprenant: new Date(Date.UTC(1998, 0, 23, 23)),
      jamais: new Date("n'importe quoi"),
      propre: { toJSON: (key) => `toJSON(${key})` },
      nan: NaN,
      infini: -Infinity,
      moins_zero: -0,
      fonction: () => 1,
      symbole: Symbol("s"),
      [Symbol("clé")]: "non envoyé",
      tableau: [1, 2],
      objet: { a: 1 },
      vide: "",
    },
    // Objects JSON.stringify writes as their primitive value, as the value or from a toJSON; an object only
    // claiming the tag is not one; an array's item is given to its toJSON too (with its index as the key).
    {
      nom_apprenant: new String("Dupont"),
      annee_formation: new Number(2),
      rqth_apprenant: new Boolean(false),
      prenom_apprenant: { toJSON: () => new String("Léa") },
      code_postal_apprenant: Object.assign(new Number(75002), { valueOf: () => 69001 }),
      adresse_apprenant: Object.assign(new String("1 rue X"), { toString: () => "2 rue Y" }),
      faux: { [Symbol.toStringTag]: "String", length: 0 },
      symbole_objet: Object(Symbol("s")),
    },
    { toJSON: (key) => ({ nom_apprenant: `par toJSON(${key})` }) },
    // Keys that are numbers come first, in numeric order, as in Object.keys.
    { b: "deux", 10: "dix", 2: "deux", a: "un" },
    inherited,
    Object.assign(Object.create(null), { nom_apprenant: "Sans prototype" }),
    withProto,
    new Apprenant(),
    // Strings cut by UTF-16 units: accents, astral characters, lone surrogates side by side.
    { nom_apprenant: "Zoé 🎓", prenom_apprenant: "Ab\uD800", adresse_apprenant: "\uDC00Cd", ville: "\uDE00" },
  ];
  assert.deepEqual(decode(encodeRows(rows)), posted(rows));
});

test("an item JSON.stringify writes as no object is refused, as the command refuses the file", () => {
  for (const [item, found] of [
    [new Date(Date.UTC(2024, 8, 1)), "« 2024-09-01T00:00:00.000Z »"],
    [new String("Dupont"), "« Dupont »"],
    [new Number(3), "une valeur de type number"],
    [{ toJSON: () => [] }, "un tableau"],
    [{ toJSON: () => undefined }, "une valeur de type undefined"],
  ]) {
    assert.throws(
      () => encodeRows([{ nom_apprenant: "Dupont" }, item]),
      { message: `checkRows : l'élément 1 du tableau (ligne 2) devrait être un objet { nom_apprenant: …, … }, pas ${found}.` },
    );
  }
});

test("a BigInt is refused as by JSON.stringify, or written by its toJSON when it has one", () => {
  for (const value of [12n, Object(12n), { toJSON: () => 12n }]) {
    assert.throws(() => JSON.stringify({ annee_formation: value }), TypeError);
    assert.throws(() => encodeRows([{ annee_formation: value }]), { message: /champ « annee_formation » : un BigInt/ });
  }
  // A common way to make JSON.stringify write them (a BigInt a toJSON gives is not given to another).
  BigInt.prototype.toJSON = function () {
    return Number(this);
  };
  try {
    const rows = [{ annee_formation: 2n, code_postal_apprenant: Object(75002n) }];
    assert.deepEqual(decode(encodeRows(rows)), posted(rows));
  } finally {
    delete BigInt.prototype.toJSON;
  }
});

test("getters are called once, in key order, and a key a getter deletes is left out", () => {
  const calls = [];
  const row = {
    get premier() {
      calls.push("premier");
      delete this.deuxieme;
      this.ajoute = "après coup";
      return "un";
    },
    deuxieme: "supprimé",
    get troisieme() {
      calls.push("troisieme");
      return "trois";
    },
  };
  assert.deepEqual(decode(encodeRows([row])), [
    [
      ["premier", "un"],
      ["troisieme", "trois"],
    ],
  ]);
  assert.deepEqual(calls, ["premier", "troisieme"]);
  // A toJSON read by a getter is read once, as by JSON.stringify.
  let reads = 0;
  const date = {
    get toJSON() {
      reads++;
      return () => "2024-09-01";
    },
  };
  assert.deepEqual(decode(encodeRows([{ date_entree_formation: date }])), [[["date_entree_formation", "2024-09-01"]]]);
  assert.equal(reads, 1);
});

test("an object with thousands of keys does not make room for as many in every other object", () => {
  const odd = Object.fromEntries(Array.from({ length: 2000 }, (_, index) => [`cle_${index}`, index]));
  const rows = [odd, ...Array.from({ length: 5000 }, (_, index) => ({ nom_apprenant: `N${index}` }))];
  const [ops, numbers, text] = encodeRows(rows);
  // Every entry is there: a count per object, then one op per value.
  assert.equal(ops.length, 1 + 2000 + 5000 * (1 + 1));
  assert.equal(numbers.length, 2000);
  assert.ok(text.endsWith("N4999"));
  // In room made for objects of 80 keys at most, not 5 000 more objects of 2 000 keys (40 MB).
  assert.ok(ops.buffer.byteLength <= 4 * (1 + 2000 + 5000 * (1 + 80)), `${ops.buffer.byteLength} octets`);
});

test("objects alike are encoded in a single allocation, with no room to spare", () => {
  const rows = Array.from({ length: 3000 }, (_, index) => ({ nom_apprenant: `N${index}`, annee_formation: 1 }));
  const [ops] = encodeRows(rows);
  assert.equal(ops.length, 3000 * (1 + 1 + 1));
  assert.equal(ops.buffer.byteLength, 4 * ops.length);
});

test("objects encoded while another call encodes (a getter, a toJSON): each call gets its own objects", () => {
  const inner = [{ nom_apprenant: "Intérieur", code_postal_apprenant: 75002 }, { autre_cle: "x" }];
  const seen = [];
  const rows = [
    { nom_apprenant: "Dupont", annee_formation: 1 },
    {
      get nom_apprenant() {
        seen.push(decode(encodeRows(inner)));
        return "Martin";
      },
      annee_formation: 2,
      date_de_naissance_apprenant: {
        toJSON() {
          seen.push(decode(encodeRows([{ nom_apprenant: "Dupont", cle_a_part: true }])));
          return "2001-02-03";
        },
      },
    },
    { nom_apprenant: "Dupont", prenom_apprenant: "Léa" },
  ];
  const outer = decode(encodeRows(rows));
  const during = seen.splice(0);
  assert.deepEqual(during, [posted(inner), [[["nom_apprenant", "Dupont"], ["cle_a_part", true]]]]);
  assert.deepEqual(outer, posted(rows));
  // The calls after them start from nothing: keys, numbers, strings.
  const later = [{ cle_seule: "y", nom_apprenant: "Dupont" }];
  const encoded = encodeRows(later);
  assert.deepEqual(encoded[4], ["cle_seule", "nom_apprenant"]);
  assert.deepEqual(decode(encoded), posted(later));
});
