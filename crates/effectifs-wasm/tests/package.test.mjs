// The BUILT npm package (crates/effectifs-wasm/pkg, from scripts/build-npm.sh) as an ERP's code meets it, under
// Node.js: `require` and `import` through package.json, the reports compared byte for byte with
// `effectifs check --format json`, the errors, the panic path, the TypeScript types.
// Run: node --test crates/effectifs-wasm/tests/   (after bash scripts/build-npm.sh)

import { test, before } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdtempSync, mkdirSync, readFileSync, rmSync, symlinkSync, writeFileSync, existsSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "../../..");
const pkg = join(root, "crates/effectifs-wasm/pkg");
const data = join(root, "tests/data");
const require = createRequire(import.meta.url);
const TODAY = "2026-11-23";

/** @type {typeof import("../pkg/node/effectifs.js")} */
let effectifs;
let cli;

before(() => {
  assert.ok(existsSync(join(pkg, "package.json")), "build the package first: bash scripts/build-npm.sh");
  // `require` of the directory: package.json's `main`, the Node.js build.
  effectifs = require(pkg);
  const build = spawnSync("cargo", ["build", "--quiet", "-p", "effectifs-cli"], { cwd: root, stdio: "inherit" });
  assert.equal(build.status, 0, "cargo build -p effectifs-cli");
  const metadata = spawnSync("cargo", ["metadata", "--no-deps", "--format-version", "1"], { cwd: root, encoding: "utf8" });
  cli = join(JSON.parse(metadata.stdout).target_directory, "debug", "effectifs");
});

/** `effectifs ARGS…` (exit code, standard output and error). */
function run(...args) {
  const result = spawnSync(cli, args, { encoding: "utf8", maxBuffer: 1 << 30 });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

function check(file, options = { today: TODAY }) {
  return effectifs.checkFile(readFileSync(join(data, file)), file, options);
}

const FIXTURES = [
  "modele-officiel.xlsx",
  "effectifs-cp1252.csv",
  "effectifs.xlsx",
  "effectifs.xls",
  "effectifs.ods",
  "entete-ligne-3.xlsx",
  "lignes-vides.csv",
  "export-erp.csv",
];

test("reports are byte-identical to `effectifs check --format json`", () => {
  for (const file of FIXTURES) {
    for (const profile of ["televersement", "api"]) {
      const expected = run("check", join(data, file), "--format", "json", "--today", TODAY, "--profile", profile);
      assert.ok(expected.status === 0 || expected.status === 1, `${file}: ${expected.stderr}`);
      const report = check(file, { today: TODAY, profile });
      assert.ok(JSON.stringify(report, null, 2) + "\n" === expected.stdout, `${file} (${profile}): the reports differ`);
    }
  }
});

test("indicators: the series of `effectifs indicateurs --format json`; summary.indicateurs at several dates", () => {
  for (const file of ["effectifs-cp1252.csv", "effectifs.xlsx", "entete-ligne-3.xlsx", "lignes-vides.csv"]) {
    const expected = run("indicateurs", join(data, file), "--format", "json");
    assert.equal(expected.status, 0, `${file}: ${expected.stderr}`);
    const serie = effectifs.indicators(readFileSync(join(data, file)), file);
    assert.ok(JSON.stringify(serie, null, 2) + "\n" === expected.stdout, `${file}: the series differ`);
    for (const day of ["2025-08-31", "2025-09-01", "2025-12-01", "2026-01-31", "2026-07-31", "2026-08-01"]) {
      const report = JSON.parse(run("check", join(data, file), "--format", "json", "--today", day).stdout);
      assert.deepEqual(check(file, { today: day }).summary.indicateurs, report.summary.indicateurs, `${file} at ${day}`);
    }
  }
  const file = "effectifs-cp1252.csv";
  const bytes = readFileSync(join(data, file));
  const serie = effectifs.indicators(bytes, file, { du: "2025-12", au: "2026-01" });
  assert.deepEqual(serie.map((point) => [point.date, point.apprenants, point.rupturants]), [
    ["2025-12-31", 5, 1],
    ["2026-01-31", 5, 1],
  ]);
  assert.deepEqual(serie[0].par_formation[0], {
    rncp: "RNCP37843",
    cfd: "45022103",
    libelle: "BP BOULANGER",
    apprenants: 1,
    apprentis: 1,
    inscrits: 0,
    rupturants: 0,
    abandons: 0,
  });
  assert.throws(() => effectifs.indicators(bytes, file, { du: "2025-13" }), /Option « du » invalide \(« 2025-13 »\)/);
  assert.throws(() => effectifs.indicators(bytes, file, { du: "2020-01", au: "2025-01" }), /61 mois : 36 au plus/);
  assert.throws(() => effectifs.indicators("texte", file), /indicators : le contenu du fichier doit être un Uint8Array/);
  assert.throws(() => effectifs.checkFile(bytes, file, { du: "2025-01" }), /Option inconnue « du »/);
});

test("the official template is valid, with its ten checksum warnings", () => {
  const report = check("modele-officiel.xlsx");
  assert.deepEqual(
    { format: report.file.format, sheet: report.file.sheet, header: report.file.header_line },
    { format: "xlsx", sheet: "Modèle", header: 1 },
  );
  assert.equal(report.lines.length, 1);
  const [line] = report.lines;
  assert.equal(line.line, 2);
  assert.equal(line.valid, true);
  assert.equal(line.warnings.length, 10);
  assert.deepEqual([...new Set(line.warnings.map((warning) => warning.code))].sort(), [
    "cle-siret-incorrecte",
    "cle-uai-incorrecte",
  ]);
  assert.equal(line.dossier.nom_apprenant, "DUPUIS");
  assert.equal(Object.getPrototypeOf(line.dossier), Object.prototype, "a plain object, not a Map");
});

test("a CFA's Windows-1252 export has its four known errors", () => {
  const report = check("effectifs-cp1252.csv");
  assert.equal(report.file.encoding, "windows-1252");
  assert.equal(report.file.delimiter, ";");
  const invalid = report.lines
    .filter((line) => !line.valid)
    .map((line) => [line.line, line.errors.map((error) => `${error.field} ${error.code}`)]);
  assert.deepEqual(invalid, [
    [5, ["date_inscription_formation date-inexistante"]],
    [8, ["email_contact email-invalide"]],
    [11, ["etablissement_formateur_siret siret-invalide"]],
    [13, ["contrat_date_debut contrat-incomplet"]],
  ]);
  assert.deepEqual(report.unknown_columns, ["N° dossier", "Classe"]);
  assert.deepEqual(
    { valid: report.summary.valid, invalid: report.summary.invalid, sans_contrat: report.summary.sans_contrat },
    { valid: 8, invalid: 4, sans_contrat: 5 },
  );
  assert.match(report.lines.find((line) => line.line === 8).errors[0].message, /Email non valide/);
});

test("unreadable files throw Errors with the command's French message", () => {
  for (const file of ["pas-un-tableur.xlsx", "vide.csv"]) {
    const expected = run("check", join(data, file));
    assert.equal(expected.status, 2);
    assert.throws(
      () => check(file),
      (error) => error instanceof Error && `Erreur : ${error.message}\n` === expected.stderr,
      file,
    );
  }
  assert.throws(() => check("modele-officiel.xlsx", { sheet: "Feuil1" }), /La feuille « Feuil1 » n'existe pas/);
});

test("bad arguments throw Errors with French messages", () => {
  const bytes = readFileSync(join(data, "effectifs-cp1252.csv"));
  const cases = [
    [() => effectifs.checkFile("texte", "a.csv"), /le contenu du fichier doit être un Uint8Array ou un ArrayBuffer/],
    [() => effectifs.checkFile(bytes, 42), /le nom du fichier doit être une chaîne de caractères, pas 42/],
    [() => effectifs.checkFile(bytes, "a.csv", "api"), /Les options doivent être un objet/],
    [() => effectifs.checkFile(bytes, "a.csv", { profil: "api" }), /Option inconnue « profil »/],
    [() => effectifs.checkFile(bytes, "a.csv", { profile: "API" }), /Option « profile » invalide \(« API »\)/],
    [() => effectifs.checkFile(bytes, "a.csv", { today: "23/11/2026" }), /Option « today » invalide/],
    [() => effectifs.checkFile(bytes, "a.csv", { columns: { Nom: "nom" } }), /« nom » n'est pas un champ connu/],
    [() => effectifs.checkFile(bytes, "a.csv", { columns: { Nomm: null } }), /pas de colonne « Nomm »/],
    [() => effectifs.checkRows({ nom_apprenant: "Dupuis" }), /checkRows attend un tableau d'objets/],
    [() => effectifs.checkRows([{ nom_apprenant: { nom: "Dupuis" } }], { values: "cells" }), /ligne 1, champ « nom_apprenant » : valeur non prise en charge \(un objet\)/],
    [() => effectifs.checkRows(["Dupuis"]), /l'élément 0 du tableau \(ligne 1\) devrait être un objet/],
    [() => effectifs.checkRows([{}, null]), /l'élément 1 du tableau \(ligne 2\) devrait être un objet .*, pas null/],
    [() => effectifs.checkRows([{ siret_employeur: 77937827200016n }]), /ligne 1, champ « siret_employeur » : un BigInt ne s'écrit pas en JSON/],
    [() => effectifs.checkRows([], { values: "xml" }), /Option « values » invalide \(« xml »\)/],
    [() => effectifs.checkRows([], { name: 42 }), /Option « name » invalide \(42\)/],
    [() => effectifs.checkRows([{}], { columns: { Nom: "nom_apprenant" } }), /Options « columns » et « recipe » : elles ne s'appliquent qu'avec values: "cells"/],
    [() => effectifs.checkRows([{}], { recipe: { version: 1 } }), /Options « columns » et « recipe » : elles ne s'appliquent qu'avec values: "cells"/],
    [() => effectifs.checkFile(bytes, "a.csv", { values: "cells" }), /propres à checkRows/],
  ];
  for (const [call, message] of cases) {
    assert.throws(call, (error) => error instanceof Error && message.test(error.message), String(message));
  }
});

test("options: profile, day, ArrayBuffer bytes, column mapping", () => {
  const bytes = readFileSync(join(data, "effectifs-cp1252.csv"));
  const buffer = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength);
  const report = effectifs.checkFile(buffer, "effectifs-cp1252.csv", { profile: "api", today: "2025-10-01" });
  assert.equal(report.profile, "api");
  assert.equal(report.today, "2025-10-01");
  const now = new Date();
  const local = [now.getFullYear(), now.getMonth() + 1, now.getDate()].map((n) => String(n).padStart(2, "0")).join("-");
  assert.equal(effectifs.checkFile(bytes, "a.csv").today, local, "default day: today, local calendar day");

  const mapped = effectifs.checkFile(bytes, "a.csv", {
    today: TODAY,
    columns: { "N° dossier": "id_erp_apprenant", Classe: null },
  });
  assert.deepEqual(mapped.columns[0], { index: 0, letter: "A", header: "N° dossier", field: "id_erp_apprenant", match: "manual" });
  assert.deepEqual(mapped.unknown_columns, []);
  assert.equal(mapped.lines[0].dossier.id_erp_apprenant, "2025-0101");
});

test("a recipe gives the report of `effectifs check --recette`, byte for byte", () => {
  const recipeFile = join(data, "export-erp.recette.json");
  const recipe = JSON.parse(readFileSync(recipeFile, "utf8"));
  for (const profile of ["televersement", "api"]) {
    const expected = run("check", join(data, "export-erp.csv"), "--format", "json", "--today", TODAY, "--profile", profile,
      "--recette", recipeFile);
    assert.equal(expected.status, 1, expected.stderr);
    const report = check("export-erp.csv", { today: TODAY, profile, recipe });
    assert.ok(JSON.stringify(report, null, 2) + "\n" === expected.stdout, `export-erp.csv (${profile}): the reports differ`);
  }
  const report = check("export-erp.csv", { today: TODAY, recipe });
  assert.deepEqual(report.missing_columns, []);
  assert.deepEqual(report.lines.filter((line) => !line.valid).map((line) => line.line), [9, 14]);
  assert.deepEqual({ count: report.fixes.count, ...report.fixes.by_rule }, { count: 120, value: 100, replace: 20, suggestion: 0 });
  assert.equal(report.lines[12].errors[0].suggestion, "80090", "line 14's code postal keeps its safe correction");
  assert.equal("fixes" in check("export-erp.csv"), false, "no recipe, no `fixes`");
  assert.equal("fixes" in check("export-erp.csv", { recipe: null }), false, "a null recipe is no recipe");
  // Every mistake is the command's French message, and nothing is applied.
  const cases = [
    [{ version: 2 }, /^Recette : version 2 non prise en charge \(la seule version est 1\)\.$/],
    [{ ...recipe, columns: { Genre: "sexe_apprenant" } }, /le fichier n'a pas de colonne « Genre »/],
    [{ version: 1, values: { uai: "0755805C" } }, /« uai » n'est pas un champ connu \(values\)/],
    [{ version: 1, values: { annee_formation: 1 } }, /doit être un texte entre guillemets \(trouvé : 1\)/],
    [{ version: 1, recette: {} }, /clé inconnue « recette »/],
    ["recette.json", /La recette doit être un objet JSON/],
    [{ version: 1n }, /Option « recipe » invalide/],
  ];
  for (const [bad, message] of cases) {
    assert.throws(() => check("export-erp.csv", { today: TODAY, recipe: bad }), (error) => error instanceof Error && message.test(error.message),
      String(message));
  }
});

test("checkRows with values: \"cells\": file semantics, values as a spreadsheet holds them", () => {
  const learner = {
    nom_apprenant: "Dupuis",
    prenom_apprenant: "Gaston",
    date_de_naissance_apprenant: new Date(1998, 0, 24),
    annee_scolaire: "2025-2026",
    date_inscription_formation: "2025-09-01",
    date_entree_formation: new Date(2025, 8, 1),
    date_fin_formation: "30/06/2027",
    etablissement_responsable_uai: "0755805C",
    etablissement_responsable_siret: 77568013501139n,
    etablissement_formateur_uai: "0802004U",
    etablissement_formateur_siret: 77937827200016,
    annee_formation: 1,
    formation_presentielle: true,
    tel_apprenant: null,
    ine_apprenant: undefined,
    couleur_preferee: "bleu",
  };
  const report = effectifs.checkRows([learner, { ...learner, date_de_naissance_apprenant: new Date("n'importe quoi") }, {}], {
    profile: "api",
    today: TODAY,
    values: "cells",
  });
  assert.deepEqual(report.file, { name: "rows", format: "rows", sheet: null, encoding: null, delimiter: null, header_line: 0 });
  assert.deepEqual(report.lines.map((line) => line.line), [1, 2, 3]);
  assert.deepEqual(report.unknown_columns, ["couleur_preferee"]);
  const [first, second] = report.lines;
  assert.deepEqual(first.errors, []);
  assert.equal(first.dossier.date_de_naissance_apprenant, "1998-01-24");
  assert.equal(first.dossier.date_entree_formation, "2025-09-01");
  assert.equal(first.dossier.etablissement_responsable_siret, "77568013501139");
  assert.equal(first.dossier.etablissement_formateur_siret, "77937827200016");
  assert.equal(first.dossier.annee_formation, 1);
  assert.equal(first.dossier.formation_presentielle, true);
  // Entered on 2025-09-01 without a contract: inscrit, then abandon 90 days later.
  assert.deepEqual(first.statut.parcours, [
    { date: "2025-09-01", valeur: "INSCRIT" },
    { date: "2025-11-30", valeur: "ABANDON" },
  ]);
  assert.deepEqual(second.errors.map((error) => `${error.field} ${error.code}`), ["date_de_naissance_apprenant date-invalide"]);
  assert.equal(report.lines[2].valid, false, "an empty record is a line too");
});

// The table of tests/data/json-cases.json, as tests/json_objects.rs runs it natively: each case sets one field of a
// valid object to a JSON value; the verdict is rendered the same way on both sides.
const CASES = JSON.parse(readFileSync(join(data, "json-cases.json"), "utf8"));

/** `= <payload value>` / `absent` for a valid line, `invalide` otherwise, then `error code@field`… (as json_objects.rs). */
function render(line, field) {
  const head = line.valid ? (field in line.dossier ? `= ${JSON.stringify(line.dossier[field])}` : "absent") : "invalide";
  const parts = [head];
  for (const [list, severity] of [[line.errors, "error"], [line.warnings, "warning"]]) {
    for (const diagnostic of list) parts.push(`${severity} ${diagnostic.code}@${diagnostic.field ?? "ligne"}`);
  }
  return parts.join(" | ");
}

/** Every case's object, in the table's order, with its field (or, for `keys`, the key added to the valid object). */
function caseObjects() {
  return [
    ...CASES.fields.flatMap(({ field, cases }) =>
      cases.map(([value, expected]) => ({ field, value, expected, object: { ...CASES.base, [field]: value } })),
    ),
    ...CASES.keys.map(([field, value, expected]) => ({ field, value, expected, object: { ...CASES.base, [field]: value } })),
  ];
}

test("checkRows judges every JSON type of every field as the API does (tests/data/json-cases.json)", () => {
  const failures = [];
  for (const { field, value, expected, object } of caseObjects()) {
    const [line] = effectifs.checkRows([object], { profile: "api", today: TODAY }).lines;
    const actual = render(line, field);
    if (actual !== expected) failures.push(`${field} = ${JSON.stringify(value)}: expected \`${expected}\`, got \`${actual}\``);
  }
  assert.deepEqual(failures, []);
  assert.equal(caseObjects().length > 650, true, "the whole table was run");
});

test("checkRows reads each object's own keys, JSON types as they are, and what JSON.stringify would send", () => {
  const base = { ...CASES.base };
  const report = effectifs.checkRows(
    [
      { ...base, Nom: "Dupont Jean", statut_apprenant: 0 },
      { ...base, id_erp_apprenant: "A2", date_naissance: undefined, nom_apprenant: "Durand", NOM_APPRENANT: "X" },
      { ...base, id_erp_apprenant: "A3", date_de_naissance_apprenant: new Date(Date.UTC(1998, 0, 23, 23)), rqth_apprenant: NaN },
      { ...base, id_erp_apprenant: "A4", date_de_naissance_apprenant: new Date("n'importe quoi"), ine_apprenant: () => 1 },
    ],
    { profile: "api", today: TODAY },
  );
  assert.deepEqual(report.file, { name: "rows", format: "json", sheet: null, encoding: null, delimiter: null, header_line: 0 });
  assert.deepEqual(report.missing_columns, []);
  assert.deepEqual(report.unknown_columns, ["Nom", "NOM_APPRENANT"]);
  const [first, second, third, fourth] = report.lines;
  assert.equal(first.dossier.nom_apprenant, "DUPUIS", "Nom is not read, in this object or another");
  assert.equal(first.dossier.statut_apprenant, 0, "0 is abandon");
  assert.deepEqual(first.warnings.map((warning) => `${warning.code} ${warning.field}`), ["cle-approchante nom_apprenant"]);
  assert.equal(second.dossier.nom_apprenant, "DURAND");
  // A Date is its toJSON(): an instant in UTC, whose UTC day the platform stores.
  assert.equal(third.dossier.date_de_naissance_apprenant, "1998-01-23");
  assert.equal("rqth_apprenant" in third.dossier, false, "NaN is written null");
  // An invalid Date is written null: the required date is missing; a function is left out.
  assert.deepEqual(fourth.errors.map((error) => `${error.code} ${error.field}`), ["champ-obligatoire date_de_naissance_apprenant"]);
});

test("checkRows keeps each posted string whole, whatever the UTF-8 and UTF-16 lengths of its characters", () => {
  // Accents (2 bytes in UTF-8), € (3 bytes), characters beyond the BMP (4 bytes, 2 UTF-16 units): the strings cross
  // into WebAssembly as one text and where each ends, which must fall between the same characters. Each value comes
  // twice in a row (a value equal to the previous object's is shared, not encoded again), then again later.
  const names = ["Léa", "Zoé 🎓", "€milie", "𝔊𝔞𝔰𝔱𝔬𝔫", "Gaston", "Ève-Marie 😀 €", "Jean"];
  const objects = [...names, ...names].flatMap((prenom, index) =>
    [0, 1].map((copy) => ({
      ...CASES.base,
      id_erp_apprenant: `U${index}-${copy}`,
      prenom_apprenant: prenom,
      adresse_apprenant: `${names[(index + 3) % names.length]} ${index}`,
    })),
  );
  const report = effectifs.checkRows(objects, { profile: "api", today: TODAY });
  const read = report.lines.map(({ dossier }) => [dossier?.prenom_apprenant, dossier?.adresse_apprenant]);
  assert.deepEqual(
    read,
    objects.map((object) => [object.prenom_apprenant, object.adresse_apprenant]),
  );
});

test("checkRows reads a lone surrogate as U+FFFD, as TextEncoder does, even next to another string's", () => {
  // JSON.stringify escapes a lone surrogate; a server stores it as U+FFFD in UTF-8. A string ending with a high
  // surrogate and the next one starting with a low one must not be joined into one character on the way.
  const pairs = [
    ["Ab\uD800", "\uDC00Cd"],
    ["\uD83D", "\uDE00"],
    ["Zoé\uD83D", "\uDE00€"],
  ];
  const alone = (key, value) =>
    effectifs.checkRows([{ ...CASES.base, [key]: value }], { profile: "api", today: TODAY }).lines[0].dossier?.[key];
  const report = effectifs.checkRows(
    pairs.map(([nom, prenom], index) => ({ ...CASES.base, id_erp_apprenant: `S${index}`, nom_apprenant: nom, prenom_apprenant: prenom })),
    { profile: "api", today: TODAY },
  );
  const read = report.lines.map(({ dossier }) => [dossier?.nom_apprenant, dossier?.prenom_apprenant]);
  assert.deepEqual(read, pairs.map(([nom, prenom]) => [alone("nom_apprenant", nom), alone("prenom_apprenant", prenom)]));
  assert.deepEqual(read[0], ["AB\uFFFD", "\uFFFDCd"]);
});

/** `inner` wrapped `depth` times, in arrays if it is an array, else in objects. */
function nested(depth, inner) {
  let value = inner;
  for (let level = 0; level < depth; level++) value = Array.isArray(inner) ? [value] : { niveau: value };
  return value;
}

test("checkRows on objects is `effectifs check` on the same array as .json, byte for byte", () => {
  const dir = mkdtempSync(join(tmpdir(), "effectifs-json-"));
  try {
    // Objects whose keys JSON.stringify picks: own and enumerable ones, whatever the prototype.
    const base = { ...CASES.base };
    delete base.prenom_apprenant;
    const getter = Object.defineProperty({ ...base, id_erp_apprenant: "G1" }, "nom_apprenant", {
      get: () => "Lu par un accesseur",
      enumerable: true,
    });
    const hidden = Object.defineProperty({ ...base, id_erp_apprenant: "G2" }, "prenom_apprenant", { value: "Caché" });
    const objects = [
      ...caseObjects().map(({ object }) => object),
      { ...CASES.base, "Date de naissance": "2000-01-01", api_version: "v4", bidule: [1, 2] },
      {},
      Object.assign(Object.create({ prenom_apprenant: "Hérité", inconnue: 1 }), base, { id_erp_apprenant: "H1" }),
      Object.assign(Object.create(null), CASES.base, { id_erp_apprenant: "N1" }),
      Object.defineProperty({ ...CASES.base, id_erp_apprenant: "P1" }, "__proto__", { value: "x", enumerable: true }),
      getter,
      hidden,
      // Lone surrogates, which JSON.stringify escapes and the API's JSON.parse reads (stored as U+FFFD), in keys
      // and values.
      { ...CASES.base, id_erp_apprenant: "S1", nom_apprenant: "Ab\uD800", prenom_apprenant: "\uDC00", ["clé\uDBFF"]: 1 },
      // Objects JSON.stringify writes by their toJSON or as their primitive value, items included.
      { ...CASES.base, id_erp_apprenant: "B1", nom_apprenant: new String("Boxé"), annee_formation: new Number(2) },
      { toJSON: () => ({ ...CASES.base, id_erp_apprenant: "T1", rqth_apprenant: new Boolean(false) }) },
      // Values nested deeper than a JSON reader's usual limit (128 levels), in a field and in an unknown key.
      { ...CASES.base, id_erp_apprenant: "D1", adresse_apprenant: nested(300, []), inconnue: nested(300, {}) },
    ];
    const file = join(dir, "erp.json");
    writeFileSync(file, JSON.stringify(objects));
    for (const profile of ["api", "televersement"]) {
      const expected = run("check", file, "--format", "json", "--today", TODAY, "--profile", profile);
      assert.equal(expected.status, 1, expected.stderr);
      const report = effectifs.checkRows(objects, { name: "erp.json", today: TODAY, profile });
      assert.ok(JSON.stringify(report, null, 2) + "\n" === expected.stdout, `${profile}: the reports differ`);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

// The report's days cross as day numbers, spelled by src/tape.js when read (src/tags.rs, DAY): every era, leap days,
// either side of 1970 and of the years of four digits must read as the command writes them.
test("days of every era read as the command writes them", () => {
  const days = ["0001-01-01", "0999-12-31", "1582-10-15", "1900-02-28", "1900-03-01", "1969-12-31", "1970-01-01",
    "2000-02-29", "2024-02-29", "2100-03-01", "9999-12-31"];
  const objects = days.flatMap((day, index) => [
    { ...CASES.base, id_erp_apprenant: `J-${index}`, date_de_naissance_apprenant: day },
    { ...CASES.base, id_erp_apprenant: `K-${index}`, date_inscription_formation: day, date_entree_formation: day, contrat_date_debut: day },
  ]);
  const dir = mkdtempSync(join(tmpdir(), "effectifs-days-"));
  try {
    const file = join(dir, "jours.json");
    writeFileSync(file, JSON.stringify(objects));
    const expected = run("check", file, "--format", "json", "--today", TODAY, "--profile", "api");
    const report = effectifs.checkRows(objects, { name: "jours.json", today: TODAY, profile: "api" });
    assert.ok(JSON.stringify(report, null, 2) + "\n" === expected.stdout, "the reports differ");
    // The days are in the values read: in dossiers and in timelines.
    const read = new Set(report.lines.flatMap((line) => [
      ...Object.values(line.dossier ?? {}),
      ...(line.statut?.parcours ?? []).map((etape) => etape.date),
    ]));
    for (const day of ["0001-01-01", "1969-12-31", "2024-02-29", "9999-12-31"]) assert.ok(read.has(day), `${day} lu`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test("fields() describes the 70 fields", () => {
  const fields = effectifs.fields();
  assert.equal(fields.length, 70);
  assert.deepEqual(Object.keys(fields[0]), [
    "name",
    "label",
    "required",
    "generated",
    "type",
    "description",
    "format",
    "example",
    "template_header",
    "synonyms",
  ]);
  const byName = Object.fromEntries(fields.map((field) => [field.name, field]));
  assert.deepEqual(byName.email_contact.required, { televersement: true, api: false });
  assert.deepEqual(byName.nom_apprenant.required, { televersement: true, api: true });
  assert.equal(byName.id_erp_apprenant.generated, true);
  assert.equal(byName.contrat_date_debut.type, "date");
  assert.equal(byName.contrat_date_fin_2.template_header, "contrat_date_fin_2 **");
  assert.ok(byName.date_de_naissance_apprenant.synonyms.includes("Né(e) le"));
});

test("template() is the bytes of `effectifs template`", () => {
  const dir = mkdtempSync(join(tmpdir(), "effectifs-template-"));
  try {
    const out = join(dir, "modele.xlsx");
    assert.equal(run("template", "--out", out).status, 0);
    const template = effectifs.template();
    assert.ok(template instanceof Uint8Array);
    assert.ok(Buffer.from(template).equals(readFileSync(out)), "same bytes as the command's template");
    const report = effectifs.checkFile(template, "modele.xlsx", { today: TODAY });
    assert.equal(report.summary.valid, 1);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

// A line's dossier and statut are built when first read (src/tape.js): until then, own enumerable accessors. Each
// case gets a fresh report, does something to every line and must see exactly the command's JSON line; then the
// report's JSON is the command's (with what the case wrote, if it returns the line it expects).
const DEFERRED_CASES = [
  ["keys, in the command's order, before any read", (line, expected) => {
    assert.deepEqual(Object.keys(line), Object.keys(expected));
  }],
  ["a plain object, as a literal is: its prototype Object.prototype, its constructor Object", (line) => {
    assert.equal(Object.getPrototypeOf(line), Object.prototype);
    assert.equal(line.constructor, Object);
    assert.equal(Object.prototype.toString.call(line), "[object Object]");
    assert.deepEqual(Object.getOwnPropertySymbols(line), []);
  }],
  ["read: the values, then plain writable data properties", (line, expected) => {
    assert.deepEqual(line.dossier, expected.dossier);
    assert.deepEqual(line.statut, expected.statut);
    for (const key of ["dossier", "statut"]) {
      const descriptor = Object.getOwnPropertyDescriptor(line, key);
      assert.deepEqual(descriptor, { value: expected[key] === null ? null : descriptor.value, writable: true, enumerable: true, configurable: true });
    }
    assert.deepEqual(Object.keys(line), Object.keys(expected));
  }],
  ["read twice: the same object", (line) => {
    assert.equal(line.dossier, line.dossier);
    assert.equal(line.statut, line.statut);
  }],
  ["written before being read: the new value, the other key untouched", (line, expected) => {
    line.dossier = "remplacé";
    assert.equal(line.dossier, "remplacé");
    assert.deepEqual(line.statut, expected.statut);
    assert.deepEqual(Object.keys(line), Object.keys(expected));
    return { ...expected, dossier: "remplacé" };
  }],
  ["spread, Object.entries, structuredClone", (line, expected) => {
    assert.deepEqual(structuredClone(line), expected);
    assert.deepEqual({ ...line }, expected);
    assert.deepEqual(Object.fromEntries(Object.entries(line)), expected);
  }],
  ["frozen first: still read, the same object each time, writes refused", (line, expected) => {
    Object.freeze(line);
    assert.deepEqual(line.dossier, expected.dossier);
    assert.equal(line.dossier, line.dossier);
    assert.deepEqual(line.statut, expected.statut);
    assert.throws(() => {
      line.statut = null;
    }, TypeError);
    assert.deepEqual(line.statut, expected.statut);
  }],
  ["a key added first, then read and written: the keys keep their order", (line, expected) => {
    line.note = "vu";
    assert.deepEqual(line.dossier, expected.dossier);
    line.statut = "remplacé";
    assert.deepEqual(Object.keys(line), [...Object.keys(expected), "note"]);
    return { ...expected, statut: "remplacé", note: "vu" };
  }],
  ["not extensible first: read, written", (line, expected) => {
    Object.preventExtensions(line);
    assert.deepEqual(line.statut, expected.statut);
    line.dossier = "remplacé";
    assert.equal(line.dossier, "remplacé");
    assert.deepEqual(Object.keys(line), Object.keys(expected));
    return { ...expected, dossier: "remplacé" };
  }],
  ["sealed first: read, written, read again", (line, expected) => {
    Object.seal(line);
    assert.deepEqual(line.statut, expected.statut);
    line.dossier = "remplacé";
    assert.equal(line.dossier, "remplacé");
    assert.deepEqual(line.statut, expected.statut);
    return { ...expected, dossier: "remplacé" };
  }],
  ["read through a proxy that passes itself as the receiver, as Vue's reactive objects do", (line, expected) => {
    // A read must not look like a write to such a proxy: no trap but `get` runs.
    const { proxy, traps } = vueLike(line);
    assert.deepEqual(proxy.dossier, expected.dossier);
    assert.deepEqual(proxy.statut, expected.statut);
    assert.equal(proxy.dossier, line.dossier);
    assert.deepEqual(traps, []);
  }],
  ["read through an object inheriting from the line", (line, expected) => {
    const child = Object.create(line);
    assert.deepEqual(child.dossier, expected.dossier);
    assert.deepEqual(line.dossier, expected.dossier);
    assert.equal(line.dossier, child.dossier);
  }],
  // A proxy's line is found by its number among the lines of the live reports, then tested (src/tape.js, lineProbed).
  ["its `line` number changed first (every line numbered 1): its own values, directly and through a proxy", (line, expected) => {
    line.line = 1;
    const { proxy, traps } = vueLike(line);
    assert.deepEqual(proxy.statut, expected.statut);
    assert.equal(proxy.statut, line.statut);
    assert.deepEqual(line.dossier, expected.dossier);
    assert.deepEqual(traps, []);
    return { ...expected, line: 1 };
  }],
  // A sealed line gets its number as the mark, a frozen one none (its own arrays tell it).
  ...[["sealed", Object.seal], ["frozen", Object.freeze]].map(([state, make]) => [
    `read through a proxy made before the line was ${state}`,
    (line, expected) => {
      const { proxy, traps } = vueLike(line);
      make(line);
      assert.deepEqual(proxy.dossier, expected.dossier);
      assert.equal(proxy.dossier, line.dossier);
      assert.deepEqual(proxy.statut, expected.statut);
      assert.equal(line.line, expected.line, "its number given back");
      assert.deepEqual(traps, []);
    },
  ]),
  ["read through an object inheriting from a proxy of the line, and through a proxy of an heir", (line, expected) => {
    const child = Object.create(vueLike(line).proxy);
    assert.deepEqual(child.dossier, expected.dossier);
    const proxy = vueLike(Object.create(line)).proxy;
    assert.deepEqual(proxy.statut, expected.statut);
    assert.equal(proxy.statut, line.statut);
    assert.equal(child.dossier, line.dossier);
  }],
  ["written through a proxy before being read", (line, expected) => {
    const { proxy } = vueLike(line);
    proxy.dossier = "remplacé";
    assert.equal(line.dossier, "remplacé");
    assert.deepEqual(proxy.statut, expected.statut);
    assert.deepEqual(Object.keys(line), Object.keys(expected));
    return { ...expected, dossier: "remplacé" };
  }],
];

/** A proxy of `object` as Vue's reactive objects are (the proxy passed as the receiver), and the write traps run. */
function vueLike(object) {
  const traps = [];
  const proxy = new Proxy(object, {
    get: (target, key, receiver) => Reflect.get(target, key, receiver),
    set: (target, key, value, receiver) => traps.push("set") && Reflect.set(target, key, value, receiver),
    defineProperty: (target, key, descriptor) => traps.push("defineProperty") && Reflect.defineProperty(target, key, descriptor),
    deleteProperty: (target, key) => traps.push("deleteProperty") && Reflect.deleteProperty(target, key),
  });
  return { proxy, traps };
}

test("a line's dossier and statut behave as plain data, read whenever", () => {
  // A file with valid lines (deferred dossier and statut) and lines in error (no dossier), a CSV and a workbook.
  for (const file of ["effectifs.xlsx", "effectifs-cp1252.csv"]) {
    const expected = JSON.parse(run("check", join(data, file), "--format", "json", "--today", TODAY).stdout);
    assert.ok(expected.lines.some((line) => line.dossier !== null && line.statut !== null), `${file}: deferred values`);
    for (const [name, act] of DEFERRED_CASES) {
      const report = check(file);
      const lines = report.lines.map((line, index) => act(line, expected.lines[index]) ?? expected.lines[index]);
      assert.deepEqual(JSON.parse(JSON.stringify(report)), { ...expected, lines }, `${file}: ${name}`);
    }
  }
});

test("two reports' lines read alternately through proxies, some renumbered: each line's own values", () => {
  const file = "effectifs.xlsx";
  const expected = JSON.parse(run("check", join(data, file), "--format", "json", "--today", TODAY).stdout);
  const deferred = expected.lines.flatMap((line, index) => (line.dossier !== null && line.statut !== null ? [index] : []));
  assert.ok(deferred.length >= 3, "three deferred lines");
  const [a, b, c] = deferred;
  const reports = [check(file), check(file)];
  // The first report's lines a and b swap their numbers; the second's line c takes a's, and both are sealed (a
  // proxy's line is then told by its number, not by a property added for the time of a read).
  const [first, second] = reports;
  [first.lines[a].line, first.lines[b].line] = [expected.lines[b].line, expected.lines[a].line];
  second.lines[c].line = expected.lines[a].line;
  Object.seal(second.lines[a]);
  Object.seal(second.lines[c]);
  for (const index of deferred) {
    for (const report of [first, second]) {
      const line = report.lines[index];
      const proxy = new Proxy(line, { get: (target, key, receiver) => Reflect.get(target, key, receiver) });
      assert.deepEqual(proxy.dossier, expected.lines[index].dossier, `line ${index}`);
      assert.equal(proxy.dossier, line.dossier, `line ${index}: its own object`);
      assert.deepEqual(proxy.statut, expected.lines[index].statut);
    }
  }
  const renumbered = (changes) => ({ ...expected, lines: expected.lines.map((line, index) => (index in changes ? { ...line, line: changes[index] } : line)) });
  assert.deepEqual(JSON.parse(JSON.stringify(first)), renumbered({ [a]: expected.lines[b].line, [b]: expected.lines[a].line }));
  assert.deepEqual(JSON.parse(JSON.stringify(second)), renumbered({ [c]: expected.lines[a].line }));
});

test("a proxy of a line frozen since: told by the line's own arrays; not if another line of its number has them", () => {
  // Documented in src/tape.js (lineProbed): a frozen line takes no mark, but a proxy of it gives its arrays.
  const file = "effectifs.xlsx";
  const [first, second] = check(file).lines.flatMap((line, index) => (line.valid ? [index] : []));
  // The second line takes the first one's number (and its arrays if `share`), then both are frozen.
  const frozen = (report, share) => {
    const [a, b] = [report.lines[first], report.lines[second]];
    b.line = a.line;
    if (share) {
      b.errors = a.errors;
      b.warnings = a.warnings;
    }
    const proxies = [a, b].map((line) => new Proxy(line, {}));
    Object.freeze(a);
    Object.freeze(b);
    return proxies;
  };
  const report = check(file);
  const proxies = frozen(report, false);
  assert.equal(proxies[1].dossier, report.lines[second].dossier, "the second line's own dossier");
  assert.equal(proxies[0].dossier, report.lines[first].dossier);
  assert.notDeepEqual(report.lines[first].dossier, report.lines[second].dossier);
  const shared = check(file);
  const [, proxy] = frozen(shared, true);
  assert.equal(proxy.dossier, shared.lines[first].dossier, "the first line's dossier");
  assert.notDeepEqual(shared.lines[second].dossier, shared.lines[first].dossier);
});

test("deferred values are read from the call's own copy: after other calls, after a panic", () => {
  const file = "effectifs.xlsx";
  const expected = JSON.parse(run("check", join(data, file), "--format", "json", "--today", TODAY).stdout);
  const report = check(file);
  // Other reports read meanwhile (the reader's state is shared), then a fresh instance after a panic.
  const other = check("modele-officiel.xlsx");
  assert.equal(other.lines[0].dossier.nom_apprenant, "DUPUIS");
  const original = console.error;
  console.error = () => {};
  try {
    assert.throws(() => effectifs.__panicForTests());
  } finally {
    console.error = original;
  }
  assert.equal(check("effectifs-cp1252.csv").summary.lines, 12);
  assert.deepEqual(JSON.parse(JSON.stringify(report)), expected);
});

test("a panic is a thrown Error, logged, and the next call works", () => {
  const logged = [];
  const original = console.error;
  console.error = (message) => logged.push(String(message));
  try {
    for (let round = 0; round < 2; round++) {
      assert.throws(
        () => effectifs.__panicForTests(),
        (error) => error instanceof Error && /^Erreur interne du vérificateur effectifs/.test(error.message),
      );
      assert.equal(check("effectifs-cp1252.csv").summary.lines, 12, "a fresh instance answers");
    }
  } finally {
    console.error = original;
  }
  assert.equal(logged.length, 2);
  assert.match(logged[0], /panique volontaire pour les tests/);
});

test("package.json resolves `require` and `import` to the Node.js build, `./web` to the ES module", () => {
  const dir = mkdtempSync(join(tmpdir(), "effectifs-consumer-"));
  try {
    mkdirSync(join(dir, "node_modules"));
    symlinkSync(pkg, join(dir, "node_modules", "effectifs"), "dir");
    const csv = join(data, "effectifs-cp1252.csv");
    writeFileSync(
      join(dir, "consumer.cjs"),
      `const { checkFile } = require("effectifs");
       const report = checkFile(require("fs").readFileSync(${JSON.stringify(csv)}), "a.csv");
       console.log(require.resolve("effectifs"), report.summary.lines);`,
    );
    writeFileSync(
      join(dir, "consumer.mjs"),
      `import { checkFile, fields } from "effectifs";
       import { readFileSync } from "node:fs";
       const report = checkFile(readFileSync(${JSON.stringify(csv)}), "a.csv");
       console.log(import.meta.resolve("effectifs"), report.summary.lines, fields().length);
       console.log(import.meta.resolve("effectifs/web"));`,
    );
    const cjs = spawnSync(process.execPath, ["consumer.cjs"], { cwd: dir, encoding: "utf8" });
    assert.equal(cjs.status, 0, cjs.stderr);
    assert.match(cjs.stdout, /node\/effectifs\.js 12\n$/);
    const esm = spawnSync(process.execPath, ["consumer.mjs"], { cwd: dir, encoding: "utf8" });
    assert.equal(esm.status, 0, esm.stderr);
    assert.match(esm.stdout, /node\/effectifs\.js 12 70\n.*web\/effectifs\.js\n$/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test("the TypeScript types describe the API (tsc --strict)", () => {
  const tsc = process.env.TSC;
  assert.ok(tsc, "set TSC to a TypeScript compiler (scripts/test.sh installs one)");
  const dir = mkdtempSync(join(tmpdir(), "effectifs-types-"));
  try {
    mkdirSync(join(dir, "node_modules"));
    symlinkSync(pkg, join(dir, "node_modules", "effectifs"), "dir");
    writeFileSync(
      join(dir, "tsconfig.json"),
      JSON.stringify({
        compilerOptions: { strict: true, noEmit: true, module: "nodenext", moduleResolution: "nodenext", target: "es2022", lib: ["es2022", "dom"], types: [] },
        files: ["node.mts", "web.mts"],
      }),
    );
    const usage = (from) => `
      import { checkFile, checkRows, fields, indicators, template, type Report, type Line, type FieldInfo, type StatutValeur, type Indicateurs } from "${from}";
      const report: Report = checkFile(new Uint8Array(), "effectifs.xlsx", { profile: "api", today: "2026-11-23", sheet: "Modèle", columns: { "N° dossier": "id_erp_apprenant", Classe: null }, recipe: { version: 1, values: { type_cfa: "09" }, replace: { sexe_apprenant: [{ from: "Homme", to: "M" }] } } });
      const fixed: number | undefined = report.fixes?.count;
      const suggestion: string | undefined = report.lines[0]?.errors[0]?.suggestion;
      const rows: Report = checkRows([{ nom_apprenant: "Dupuis", date_de_naissance_apprenant: new Date() }], { profile: "televersement" });
      const cells: Report = checkRows([{ Nom: "Dupuis" }], { values: "cells", name: "erp", columns: { Nom: "nom_apprenant" } });
      const line: Line = report.lines[0];
      const statut: StatutValeur | undefined = line.statut?.en_cours;
      const apprentis: number = report.summary.statuts.APPRENTI + rows.summary.valid;
      const code: string = line.errors[0].code + (line.errors[0].hint ?? "") + report.columns[0].match;
      const dossier: Record<string, string | number | boolean> | null = line.dossier;
      const field: FieldInfo = fields()[0];
      const required: boolean = field.required.televersement && field.required.api;
      const bytes: Uint8Array = template();
      const serie: Indicateurs[] = indicators(bytes, "effectifs.xlsx", { du: "2025-08", au: null, profile: "api" });
      const formation: string | null = report.summary.indicateurs.par_formation[0].libelle ?? serie[0].par_formation[0].rncp;
      const apprenants: number = report.summary.indicateurs.apprenants + serie[0].abandons;
      // @ts-expect-error: the months are "AAAA-MM" strings.
      indicators(bytes, "a.csv", { du: 202508 });
      // @ts-expect-error: the profile is one of two names.
      checkFile(bytes, "a.csv", { profile: "API" });
      // @ts-expect-error: no such option.
      checkRows([], { profil: "api" });
      // @ts-expect-error: recipes are version 1.
      checkFile(bytes, "a.csv", { recipe: { version: 2 } });
      export { statut, apprentis, code, dossier, required, formation, apprenants, fixed, suggestion };
    `;
    writeFileSync(join(dir, "node.mts"), usage("effectifs"));
    writeFileSync(
      join(dir, "web.mts"),
      usage("effectifs/web").replace("import {", "import init, {") + "\nawait init();\n",
    );
    const result = spawnSync(tsc, ["-p", dir], { encoding: "utf8" });
    assert.equal(result.status, 0, result.stdout + result.stderr);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
