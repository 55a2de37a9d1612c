// End-to-end test of fixing whole columns and of the recipe (issue 17, D15): a software's export
// (tests/data/export-erp.csv: five required columns not exported, `Homme`/`Femme`) made sendable in the page —
// a value for every line of each missing column, then `Homme` → `M` and `Femme` → `F` in the sex column — with
// the engine's figures (the same file checked by `effectifs check` with the recipe of tests/data); "Envoyer"
// stores the valid lines in the sandbox; the recipe downloaded, then imported on a fresh page, gives the same
// result; undo puts a whole action back; the recipe remembered for the header row applies to the next file, with
// a way to switch it off. The accessibility audit runs with the new parts on screen.

import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { artefact, audit, data, effectifsBinary, launchBrowser, startServe, watch } from "./harness.mjs";

const EXPORT = join(data, "export-erp.csv");
const RECIPE = join(data, "export-erp.recette.json");
/** The values a CFA gives its export's missing columns (those of the recipe of tests/data). */
const VALUES = JSON.parse(readFileSync(RECIPE, "utf8")).values;
/** The export's sex column. */
const SEXE = 3;

let server;
let browser;

before(async () => {
  server = await startServe();
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  await server?.stop();
});

/** The engine's report on the export with a recipe, as `effectifs check --recette … --format json` gives it. */
function engineReport(recipe) {
  const run = spawnSync(effectifsBinary(), ["check", EXPORT, "--recette", recipe, "--format", "json"], {
    encoding: "utf8",
  });
  assert.ok(run.status === 0 || run.status === 1, `effectifs check --recette: ${run.stderr}`);
  return JSON.parse(run.stdout);
}

/** What the sandbox stored, one dossier per line. */
function stored() {
  const run = spawnSync(effectifsBinary(), ["sandbox", "--db", server.db, "--list"], { encoding: "utf8" });
  assert.equal(run.status, 0, run.stderr);
  return run.stdout
    .split("\n")
    .filter((line) => line.trim() !== "")
    .map((line) => JSON.parse(line));
}

async function figure(page, name) {
  return Number((await page.textContent(`#resume [data-chiffre="${name}"]`)).replace(/\D/g, ""));
}

async function waitForFigure(page, name, value) {
  await page.waitForFunction(
    ([name, value]) => {
      const node = document.querySelector(`#resume [data-chiffre="${name}"]`);
      return node && Number(node.textContent.replace(/\D/g, "")) === value;
    },
    [name, value],
    { timeout: 20_000 },
  );
}

async function openExport(page) {
  await page.goto(`${server.base}/`);
  await page.waitForSelector("#fichier", { state: "attached" });
  await page.setInputFiles("#fichier", EXPORT);
  await page.waitForSelector('#resume [data-chiffre="lignes"]', { timeout: 60_000 });
}

/** Undo steps the page offers. */
async function undoSteps(page) {
  return Number((/\((\d+)\)/.exec(await page.textContent("#annuler-modification")) ?? [0, 0])[1]);
}

test("an ERP export: values for every line, a replacement, every line that should be valid is valid, sent", async () => {
  const report = engineReport(RECIPE);
  const page = await browser.context.newPage();
  const seen = watch(page);
  await openExport(page);
  assert.equal(await figure(page, "valides"), 0);
  // The mapping step is open: the missing columns, each with its value for every line.
  await page.waitForSelector("#correspondance");
  for (const field of Object.keys(VALUES).filter((field) => field.startsWith("etablissement_"))) {
    assert.ok(await page.isVisible(`[data-champ-manquant="${field}"]`), `${field} is reported missing`);
  }

  // The engine checks a value as it is typed: its message, then "Valeur valide.".
  await page.fill("#valeur-etablissement_responsable_uai", "0755805");
  await page.waitForSelector('[data-valeur="etablissement_responsable_uai"] .fr-error-text');
  assert.match(await page.textContent("#valeur-etablissement_responsable_uai-message"), /UAI/);
  assert.ok(await page.isDisabled("#appliquer-valeur-etablissement_responsable_uai"));
  await page.screenshot({ path: artefact("valeur-verifiee.png"), fullPage: true });

  let steps = 0;
  for (const [field, value] of Object.entries(VALUES)) {
    await page.fill(`#valeur-${field}`, value);
    await page.waitForSelector(`[data-valeur="${field}"] .fr-valid-text`);
    await page.click(`#appliquer-valeur-${field}`);
    steps += 1;
    await page.waitForFunction((steps) => document.querySelector("#annuler-modification").textContent.includes(`(${steps})`), steps);
    await page.waitForFunction((field) => !document.querySelector(`[data-champ-manquant="${field}"]`), field);
  }
  assert.match(await page.textContent("#message"), /Valeur appliquée à toutes les lignes : 20 cellules modifiées/);

  // With the values panel on screen: no accessibility violation.
  assert.deepEqual(await audit(page), []);
  await page.click("#fermer-correspondance");

  // "Remplacer…" from the sex column's header: the count first, then the replacement.
  for (const [from, to, count] of [
    ["Homme", "M", 10],
    ["Femme", "F", 10],
  ]) {
    await page.click(`[data-remplacer="${SEXE}"]`);
    await page.waitForSelector("#dialogue-remplacer[open]");
    await page.fill("#remplacer-de", from);
    await page.fill("#remplacer-par", to);
    await page.waitForFunction(
      (count) => document.querySelector("#remplacer-compte").textContent.includes(`${count} cellules seront modifiées`),
      count,
    );
    if (from === "Homme") {
      await page.screenshot({ path: artefact("remplacer.png"), fullPage: true });
      assert.deepEqual(await audit(page), [], "the dialog passes the audit");
    }
    await page.click("#appliquer-remplacement");
    steps += 1;
    await page.waitForFunction((steps) => document.querySelector("#annuler-modification").textContent.includes(`(${steps})`), steps);
  }

  // Every line that should be valid is valid: the engine's figures for the same file with the recipe.
  await waitForFigure(page, "valides", report.summary.valid);
  assert.equal(report.summary.valid, 18);
  assert.equal(await figure(page, "invalides"), report.summary.invalid);
  assert.match(await page.textContent("#corrections"), /actions sur les colonnes ont modifié 120 cellules/);
  // A fixed cell is told apart from the file's own value, not by colour alone.
  const fixed = '#tableau [data-ligne="2"] td[data-colonne="3"]';
  assert.equal(await page.getAttribute(fixed, "data-corrige"), "remplacement");
  assert.match(await page.textContent(`${fixed} .fr-sr-only`), /Corrigé \(remplacement\) ; dans le fichier : « Femme »/);
  await page.screenshot({ path: artefact("colonnes-corrigees.png"), fullPage: true });

  // The recipe, downloaded: the values and the replacements (never a line of the file).
  const [download] = await Promise.all([page.waitForEvent("download"), page.click("#telecharger-recette")]);
  const recipePath = artefact("recette.json");
  await download.saveAs(recipePath);
  const recipe = JSON.parse(readFileSync(recipePath, "utf8"));
  assert.equal(recipe.version, 1);
  assert.deepEqual(recipe.values, VALUES);
  assert.deepEqual(recipe.replace, { sexe_apprenant: [{ from: "Homme", to: "M" }, { from: "Femme", to: "F" }] });
  assert.ok(!readFileSync(recipePath, "utf8").includes("MARTIN"), "no data in the recipe");
  // The engine agrees with the page on the downloaded recipe.
  assert.equal(engineReport(recipePath).summary.valid, 18);

  // "Envoyer": the valid lines reach the sandbox, with the fixed values.
  await page.click("#envoyer");
  await page.fill("#cle-echange", server.key);
  await page.click("#confirmer-envoi");
  await page.waitForFunction(() => /18 lignes acceptées/.test(document.querySelector("#recu")?.textContent ?? ""), null, {
    timeout: 60_000,
  });
  const dossiers = stored();
  assert.equal(dossiers.length, 18);
  assert.ok(dossiers.every((dossier) => dossier.etablissement_formateur_uai === "0802004U"));
  assert.ok(dossiers.every((dossier) => ["M", "F"].includes(dossier.sexe_apprenant)));
  assert.deepEqual(seen.errors, []);
  await page.close();
});

test("the recipe imported on a fresh page gives the same result; undo puts a whole action back", async () => {
  const report = engineReport(RECIPE);
  const context = (await launchBrowser());
  try {
    const page = await context.context.newPage();
    const seen = watch(page);
    await openExport(page);
    // A bad recipe: the engine's French message, nothing changed.
    await page.setInputFiles("#importer-recette", {
      name: "mauvaise.json",
      mimeType: "application/json",
      buffer: Buffer.from('{ "version": 2 }'),
    });
    await page.waitForSelector("#erreur-recette p");
    assert.match(await page.textContent("#erreur-recette"), /version 2 non prise en charge/);
    assert.equal(await figure(page, "valides"), 0);
    assert.equal(await undoSteps(page), 0);

    await page.setInputFiles("#importer-recette", RECIPE);
    await waitForFigure(page, "valides", report.summary.valid);
    assert.equal(await figure(page, "invalides"), report.summary.invalid);
    assert.match(await page.textContent("#corrections"), /La recette a modifié 120 cellules/);
    assert.equal(await page.getAttribute('#tableau [data-ligne="2"] td[data-colonne="3"]', "data-corrige"), "remplacement");
    assert.equal(await undoSteps(page), 1, "the whole recipe is one step");

    // Undo: everything the recipe changed is put back at once.
    await page.click("#annuler-modification");
    await waitForFigure(page, "valides", 0);
    assert.equal(await page.locator("#corrections").count(), 0);
    assert.equal(await page.textContent('#tableau [data-ligne="2"] td[data-colonne="3"] .texte'), "Femme");
    assert.equal(await page.getAttribute('#tableau [data-ligne="2"] td[data-colonne="3"]', "data-corrige"), null);

    // The recipe again, then the same export once more: the remembered recipe applies on arrival, with a notice
    // and a way to switch it off.
    await page.setInputFiles("#importer-recette", RECIPE);
    await waitForFigure(page, "valides", report.summary.valid);
    await page.setInputFiles("#fichier", EXPORT);
    await page.waitForSelector("#avis-recette", { timeout: 60_000 });
    await waitForFigure(page, "valides", report.summary.valid);
    assert.match(await page.textContent("#avis-recette"), /a été appliquée : 120 cellules modifiées/);
    assert.deepEqual(await audit(page), [], "the recipe's notice passes the audit");
    await page.click("#refuser-recette");
    await waitForFigure(page, "valides", 0);
    assert.equal(await page.isChecked("#recette-automatique"), false);
    // Switched off: the next opening leaves the file as it is, and the recipe is still remembered.
    await page.setInputFiles("#fichier", EXPORT);
    await page.waitForSelector('#resume [data-chiffre="lignes"]', { timeout: 60_000 });
    await page.waitForTimeout(500);
    assert.equal(await figure(page, "valides"), 0);
    assert.equal(await page.locator("#avis-recette").count(), 0);
    const remembered = await page.evaluate(() =>
      Object.entries(localStorage).filter(([key]) => key.startsWith("effectifs.correspondance.")),
    );
    assert.equal(remembered.length, 1);
    assert.equal(JSON.parse(remembered[0][1]).values.etablissement_formateur_uai, "0802004U");
    assert.deepEqual(seen.errors, []);
    await page.close();
  } finally {
    await context.close();
  }
});
