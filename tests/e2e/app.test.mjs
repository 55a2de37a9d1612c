// End-to-end tests of the web app (issue 3): the built dist/ in headless Chromium, served by `effectifs serve`.
// Each expectation comes from the fixtures' README (tests/data/README.md) or from `effectifs check --format json`
// on the same file, so the page is proven to show the engine's own verdicts.
// Run by scripts/test.sh; alone: PLAYWRIGHT_CORE=… node --test tests/e2e/

import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { execFileSync, spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { artefact, audit, data, dist, effectifsBinary, launchBrowser, startServe, watch } from "./harness.mjs";

const CSV = join(data, "effectifs-cp1252.csv");
const TEMPLATE = join(data, "modele-officiel.xlsx");
const EVALUATION = "2026-01-31";

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

/** The engine's report on a file, as `effectifs check --format json` gives it. */
function engineReport(file, today = EVALUATION) {
  const run = spawnSync(effectifsBinary(), ["check", file, "--format", "json", "--today", today], { encoding: "utf8" });
  assert.ok(run.status === 0 || run.status === 1, `effectifs check ${file}: ${run.stderr}`);
  return JSON.parse(run.stdout);
}

/** Opens the app in a fresh page, recording its requests. */
async function openApp() {
  const page = await browser.context.newPage();
  const seen = watch(page);
  await page.goto(`${server.base}/`);
  await page.waitForSelector("#fichier", { state: "attached" });
  return { page, seen };
}

/** Gives the page a file through the "Choisir un fichier" input; confirms the column mapping when it is asked. */
async function dropFile(page, file) {
  await page.setInputFiles("#fichier", file);
  await page.waitForSelector('#resume [data-chiffre="lignes"], #correspondance:visible, #erreur-fichier:visible', {
    timeout: 60_000,
  });
  if (!(await page.isVisible('#resume [data-chiffre="lignes"]')) && (await page.isVisible("#correspondance"))) {
    await page.click("#appliquer-correspondance");
    await page.waitForSelector('#resume [data-chiffre="lignes"]', { timeout: 60_000 });
  }
}

async function setEvaluationDate(page, date) {
  // As the date picker does: the value, then a change event. The field must keep the chosen date while the worker
  // computes the statuts: the page's render after the change (before any answer, which comes in a later task)
  // must not put the previous date back, or a second change event (typing a date digit by digit fires several)
  // would ask for the previous date again.
  const kept = await page.evaluate(async (date) => {
    const input = document.querySelector("#date-evaluation");
    input.focus();
    input.value = date;
    input.dispatchEvent(new Event("input", { bubbles: true }));
    input.dispatchEvent(new Event("change", { bubbles: true }));
    for (let turn = 0; turn < 10; turn++) await Promise.resolve();
    return input.value;
  }, date);
  assert.equal(kept, date, "the date field keeps the chosen date");
}

/** The summary's figures, by their `data-chiffre` names. */
async function figures(page) {
  return page.$$eval("#resume [data-chiffre]", (nodes) =>
    Object.fromEntries(nodes.map((node) => [node.dataset.chiffre, Number(node.textContent.replace(/\D/g, ""))])),
  );
}

async function waitForFigure(page, name, value) {
  try {
    await page.waitForFunction(
      ([name, value]) => {
        const node = document.querySelector(`#resume [data-chiffre="${name}"]`);
        return node && Number(node.textContent.replace(/\D/g, "")) === value;
      },
      [name, value],
      { timeout: 20_000 },
    );
  } catch (error) {
    // What the page shows then, to tell a slow page from a lost request (a screenshot in the artefacts too).
    await page.screenshot({ path: artefact(`attente-${name}.png`), fullPage: true }).catch(() => {});
    const state = await page
      .evaluate(() => ({
        date: document.querySelector("#date-evaluation")?.value,
        result: document.querySelector("#resultat")?.textContent,
        notices: [...document.querySelectorAll(".fr-alert, [role=alert], [role=status]")].map((n) => n.textContent),
      }))
      .catch((reason) => String(reason));
    throw new Error(
      `${name} ≠ ${value} after 20 s: figures ${JSON.stringify(await figures(page).catch(() => null))}, ` +
        `page ${JSON.stringify(state)}`,
      { cause: error },
    );
  }
}

/** The spreadsheet lines of the rows the table currently renders. */
async function renderedLines(page) {
  return page.$$eval("#tableau [data-ligne]", (rows) => rows.map((row) => Number(row.dataset.ligne)));
}

function columnOf(report, field) {
  const column = report.columns.find((column) => column.field === field);
  assert.ok(column, `column of ${field}`);
  return column.index;
}

function cell(line, column) {
  return `#tableau [data-ligne="${line}"] [data-colonne="${column}"]`;
}

/** Every request went to the page's own server, for one of the app's own files: nothing else leaves the page. */
function assertNoNetwork(requests, base) {
  const files = new Set(execFileSync("find", [dist, "-type", "f"], { encoding: "utf8" }).trim().split("\n"));
  for (const { method, url } of requests) {
    if (url.startsWith("blob:") || url.startsWith("data:")) continue;
    assert.ok(url.startsWith(`${base}/`), `request to another origin: ${method} ${url}`);
    assert.equal(method, "GET", `only the app's own files are fetched: ${method} ${url}`);
    const path = decodeURIComponent(new URL(url).pathname);
    assert.ok(path === "/" || files.has(join(dist, path)), `request for something that is not the app: ${url}`);
  }
}

test("a CFA export: summary, statuts, every invalid cell marked with the engine's message, no network", async () => {
  const report = engineReport(CSV);
  const { page, seen } = await openApp();
  await dropFile(page, CSV);
  await setEvaluationDate(page, EVALUATION);
  await waitForFigure(page, "apprentis", report.summary.statuts.APPRENTI);
  assert.deepEqual(await figures(page), {
    lignes: 12,
    valides: 8,
    invalides: 4,
    avertissements: report.summary.warnings,
    apprentis: report.summary.statuts.APPRENTI,
    inscrits_sans_contrat: report.summary.statuts.INSCRIT,
    rupturants: report.summary.statuts.RUPTURANT,
    abandons: report.summary.statuts.ABANDON,
    fin_de_formation: report.summary.statuts.FIN_DE_FORMATION,
    sans_contrat: 5,
  });
  assert.deepEqual(await renderedLines(page), [2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13]);
  // The page with an open file passes the accessibility audit (WCAG 2.1 A and AA rules of axe-core).
  assert.deepEqual(await audit(page), []);

  // Every error of the engine is a marked cell whose tooltip carries the engine's message and hint.
  const errors = report.lines.flatMap((line) => line.errors.map((error) => ({ line: line.line, ...error })));
  assert.deepEqual(
    errors.map((error) => error.line),
    [5, 8, 11, 13],
  );
  for (const error of errors) {
    const selector = cell(error.line, columnOf(report, error.field));
    assert.equal(await page.getAttribute(selector, "data-etat"), "erreur", `line ${error.line} ${error.field} marked`);
    const tooltip = await page.textContent(`${selector} [role="tooltip"]`);
    assert.ok(tooltip.includes(error.message), `tooltip of line ${error.line}: ${tooltip}`);
    assert.ok(tooltip.includes(error.hint), `hint of line ${error.line}: ${tooltip}`);
  }
  // Exactly those cells are in error: nothing else is marked red.
  const marked = await page.$$eval('#tableau [data-etat="erreur"]', (nodes) =>
    nodes.map((node) => `${node.closest("[data-ligne]").dataset.ligne}:${node.dataset.colonne}`).sort(),
  );
  assert.deepEqual(marked, errors.map((error) => `${error.line}:${columnOf(report, error.field)}`).sort());
  // Row status and statut cells.
  assert.match(await page.textContent('#tableau [data-ligne="8"] [data-etat-ligne]'), /1 erreur/);
  assert.match(await page.textContent('#tableau [data-ligne="2"] [data-etat-ligne]'), /valide/i);
  const statut8 = report.lines.find((line) => line.line === 8).statut;
  assert.ok((await page.textContent('#tableau [data-ligne="8"] [data-statut]')).includes(statut8.libelle));

  // The tooltip is reachable from the keyboard, not only on hover.
  const marker = `${cell(8, columnOf(report, "email_contact"))} [tabindex="0"], ${cell(8, columnOf(report, "email_contact"))} button`;
  await page.focus(marker);
  assert.ok(await page.isVisible(`${cell(8, columnOf(report, "email_contact"))} [role="tooltip"]`), "tooltip shown on focus");
  await page.screenshot({ path: artefact("tableau.png"), fullPage: true });

  assert.deepEqual(seen.errors, []);
  assertNoNetwork(seen.requests, server.base);
  await page.close();
});

test("filters, per-column counts and next-error navigation", async () => {
  const report = engineReport(CSV);
  const { page, seen } = await openApp();
  await dropFile(page, CSV);

  await page.click(`label[for="filtre-lignes-erreur"]`);
  await page.waitForFunction(() => document.querySelectorAll("#tableau [data-ligne]").length === 4);
  assert.deepEqual(await renderedLines(page), [5, 8, 11, 13]);

  await page.click(`label[for="filtre-colonnes-erreur"]`);
  const errorColumns = ["date_inscription_formation", "email_contact", "etablissement_formateur_siret", "contrat_date_debut"]
    .map((field) => String(columnOf(report, field)))
    .sort();
  await page.waitForFunction(
    (count) => document.querySelectorAll('#tableau [data-ligne="5"] [data-colonne]').length === count,
    errorColumns.length,
  );
  const shown = await page.$$eval('#tableau [data-ligne="5"] [data-colonne]', (nodes) =>
    nodes.map((node) => node.dataset.colonne).sort(),
  );
  assert.deepEqual(shown, errorColumns);
  await page.screenshot({ path: artefact("filtres.png"), fullPage: true });
  await page.click(`label[for="filtre-colonnes-erreur"]`);
  await page.click(`label[for="filtre-lignes-erreur"]`);

  // A per-column count jumps to the first error of that column.
  const siret = columnOf(report, "etablissement_formateur_siret");
  await page.click(`[data-aller-colonne="${siret}"]`);
  await page.waitForFunction(
    (selector) => document.activeElement?.closest(selector) !== null,
    cell(11, siret),
  );
  // "Erreur suivante" walks on from there in file order, and comes back to the first after the last.
  const visited = [];
  for (let step = 0; step < 5; step += 1) {
    await page.click("#erreur-suivante");
    await page.waitForFunction(() => document.activeElement?.closest("[data-ligne]"));
    visited.push(await page.evaluate(() => Number(document.activeElement.closest("[data-ligne]").dataset.ligne)));
  }
  assert.deepEqual(visited, [13, 5, 8, 11, 13]);
  assert.deepEqual(seen.errors, []);
  await page.close();
});

test("an inline fix turns a line valid, undo brings the error back, downloads carry the fix", async () => {
  const report = engineReport(CSV);
  const { page, seen } = await openApp();
  await dropFile(page, CSV);
  const email = cell(8, columnOf(report, "email_contact"));

  await page.dblclick(email);
  await page.fill("#edition", "lucas.martin@gmail.com");
  await page.press("#edition", "Enter");
  await waitForFigure(page, "valides", 9);
  assert.equal((await figures(page)).invalides, 3);
  assert.equal(await page.getAttribute(email, "data-etat"), null);
  assert.match(await page.textContent('#tableau [data-ligne="8"] [data-etat-ligne]'), /valide/i);
  assert.ok((await page.textContent(email)).includes("lucas.martin@gmail.com"));

  // The corrected data, checked again by the engine: the fixed line is valid there too.
  const [corrected] = await Promise.all([page.waitForEvent("download"), page.click("#telecharger-corrige")]);
  const correctedPath = artefact("donnees-corrigees.xlsx");
  await corrected.saveAs(correctedPath);
  const recheck = engineReport(correctedPath);
  assert.equal(recheck.summary.lines, 12);
  assert.equal(recheck.summary.valid, 9);
  assert.deepEqual(
    recheck.lines.filter((line) => !line.valid).map((line) => line.errors[0].field),
    ["date_inscription_formation", "etablissement_formateur_siret", "contrat_date_debut"],
  );

  await page.click("#annuler-modification");
  await waitForFigure(page, "valides", 8);
  assert.equal(await page.getAttribute(email, "data-etat"), "erreur");

  // The annotated workbook: the lines, an "Erreurs" sheet, and the engine's messages as cell comments.
  const [annotated] = await Promise.all([page.waitForEvent("download"), page.click("#telecharger-annote")]);
  const annotatedPath = artefact("classeur-annote.xlsx");
  await annotated.saveAs(annotatedPath);
  const inside = JSON.parse(
    execFileSync("python3", [
      "-c",
      `import json, re, sys, zipfile
z = zipfile.ZipFile(sys.argv[1])
workbook = z.read("xl/workbook.xml").decode()
comments = "".join(z.read(n).decode() for n in z.namelist() if re.match(r"xl/comments\\d*\\.xml$", n))
print(json.dumps({"sheets": re.findall(r'<sheet name="([^"]+)"', workbook), "comments": comments}))`,
      annotatedPath,
    ]),
  );
  assert.ok(inside.sheets.includes("Erreurs"), `sheets: ${inside.sheets}`);
  for (const line of report.lines.filter((line) => !line.valid)) {
    const message = line.errors[0].message.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
    assert.ok(inside.comments.includes(message.replace(/"/g, "&quot;")) || inside.comments.includes(message), `comment for line ${line.line}`);
  }

  // The template: the very workbook `effectifs template` writes (the official columns and one example line).
  const [template] = await Promise.all([page.waitForEvent("download"), page.click("#telecharger-modele")]);
  const templatePath = artefact("modele.xlsx");
  await template.saveAs(templatePath);
  const cliTemplate = join(mkdtempSync(join(tmpdir(), "effectifs-e2e-modele-")), "modele.xlsx");
  execFileSync(effectifsBinary(), ["template", "--out", cliTemplate]);
  assert.ok(readFileSync(templatePath).equals(readFileSync(cliTemplate)), "the same bytes as effectifs template");

  assert.deepEqual(seen.errors, []);
  assertNoNetwork(seen.requests, server.base);
  await page.close();
});

test("the official template, the example button, an unreadable file, and the page stays usable", async () => {
  const { page, seen } = await openApp();
  await page.screenshot({ path: artefact("accueil.png"), fullPage: true });

  await page.setInputFiles("#fichier", join(data, "pas-un-tableur.xlsx"));
  await page.waitForSelector("#erreur-fichier:visible");
  assert.match(await page.textContent("#erreur-fichier"), /n'est pas un tableur reconnu/);
  await page.screenshot({ path: artefact("fichier-illisible.png"), fullPage: true });

  await dropFile(page, TEMPLATE);
  const figuresTemplate = await figures(page);
  assert.equal(figuresTemplate.lignes, 1);
  assert.equal(figuresTemplate.valides, 1);
  assert.equal(figuresTemplate.avertissements, 10);
  assert.ok(!(await page.isVisible("#erreur-fichier")), "the old message is gone");

  await page.click("#exemple");
  await page.waitForFunction(() => {
    const node = document.querySelector('#resume [data-chiffre="lignes"]');
    return node && Number(node.textContent.replace(/\D/g, "")) > 1;
  });
  assert.ok((await renderedLines(page)).length > 1);
  assert.deepEqual(seen.errors, []);
  assertNoNetwork(seen.requests, server.base);
  await page.close();
});

test("a file over 100 Mo is refused from its size: never read, nothing sent to the worker, the next file opens", async () => {
  const page = await browser.context.newPage();
  const seen = watch(page);
  // Before the app runs: record the size of every blob whose bytes are read, and count the messages posted to
  // the worker (each file the page reads goes to it as one message).
  await page.addInitScript(() => {
    window.__reads = [];
    window.__posted = 0;
    for (const method of ["arrayBuffer", "text", "stream", "bytes"]) {
      const original = Blob.prototype[method];
      if (!original) continue;
      Blob.prototype[method] = function (...args) {
        window.__reads.push(this.size);
        return original.apply(this, args);
      };
    }
    for (const method of ["readAsArrayBuffer", "readAsText", "readAsBinaryString", "readAsDataURL"]) {
      const original = FileReader.prototype[method];
      FileReader.prototype[method] = function (blob, ...args) {
        window.__reads.push(blob.size);
        return original.call(this, blob, ...args);
      };
    }
    const post = Worker.prototype.postMessage;
    Worker.prototype.postMessage = function (...args) {
      window.__posted += 1;
      return post.apply(this, args);
    };
  });
  await page.goto(`${server.base}/`);
  await page.waitForSelector("#fichier", { state: "attached" });
  const limit = 100 * 1024 * 1024;
  // One byte over the limit, built in the page from one 1 Mio block (the browser holds it once, as a blob).
  await page.evaluate((limit) => {
    const block = new Uint8Array(1024 * 1024);
    const parts = Array.from({ length: limit / block.length }, () => block);
    window.__big = new File([...parts, new Uint8Array(1)], "trop-gros.xlsx");
  }, limit);
  const state = () => page.evaluate(() => ({ reads: [...window.__reads], posted: window.__posted }));
  const refused = /^Le fichier est trop volumineux \(100 Mo\) : la limite est de 100 Mo\./;

  // Dropped on the drop zone.
  const before = await state();
  const transfer = await page.evaluateHandle(() => {
    const transfer = new DataTransfer();
    transfer.items.add(window.__big);
    return transfer;
  });
  await page.dispatchEvent("#zone-depot", "dragover", { dataTransfer: transfer });
  await page.dispatchEvent("#zone-depot", "drop", { dataTransfer: transfer });
  await page.waitForSelector("#erreur-fichier:visible");
  assert.match((await page.textContent("#erreur-fichier")).trim(), refused);
  assert.deepEqual(await state(), before, "the file was neither read nor sent to the worker");
  await page.screenshot({ path: artefact("fichier-trop-gros.png"), fullPage: true });

  // A normal file opens after it, read and sent as usual (which the counters see).
  await dropFile(page, TEMPLATE);
  assert.equal((await figures(page)).lignes, 1);
  assert.ok(!(await page.isVisible("#erreur-fichier")), "the refusal is gone");
  const opened = await state();
  assert.ok(opened.reads.includes(readFileSync(TEMPLATE).length), `the template was read: ${opened.reads}`);
  assert.ok(opened.posted > before.posted, "and sent to the worker");

  // Chosen with the "Choisir un fichier" input.
  await page.evaluate(() => {
    const input = document.querySelector("#fichier");
    const transfer = new DataTransfer();
    transfer.items.add(window.__big);
    input.files = transfer.files;
    input.dispatchEvent(new Event("input", { bubbles: true }));
    input.dispatchEvent(new Event("change", { bubbles: true }));
  });
  await page.waitForSelector("#erreur-fichier:visible");
  assert.match((await page.textContent("#erreur-fichier")).trim(), refused);
  assert.deepEqual(await state(), opened, "the file was neither read nor sent to the worker");
  assert.ok(!opened.reads.some((size) => size > limit), "no read of the large file at all");

  // And the next file opens too (3 lines: not the template's 1 still shown).
  await page.setInputFiles("#fichier", join(data, "entete-ligne-3.xlsx"));
  await waitForFigure(page, "lignes", 3);
  assert.ok(!(await page.isVisible("#erreur-fichier")), "the refusal is gone");
  assert.deepEqual(seen.errors, []);
  await page.close();
});

test("a drag-and-drop of a large file: progress, then a virtualised table that scrolls to the last line", async () => {
  // 12 000 lines built from the CFA export's 12 (the duplicates are expected: same learners again and again).
  const bytes = readFileSync(CSV);
  const text = bytes.toString("latin1");
  const [header, ...rows] = text.split("\r\n").filter((line) => line !== "");
  const big = [header, ...Array.from({ length: 1000 }, () => rows).flat()].join("\r\n") + "\r\n";
  const dir = mkdtempSync(join(tmpdir(), "effectifs-e2e-big-"));
  const file = join(dir, "gros-fichier.csv");
  writeFileSync(file, Buffer.from(big, "latin1"));

  const { page, seen } = await openApp();
  // A real drop event with a DataTransfer, as a user dragging the file from the desktop.
  const handle = await page.evaluateHandle(
    ([name, base64]) => {
      const binary = atob(base64);
      const array = new Uint8Array(binary.length);
      for (let i = 0; i < binary.length; i += 1) array[i] = binary.charCodeAt(i);
      const transfer = new DataTransfer();
      transfer.items.add(new File([array], name, { type: "text/csv" }));
      return transfer;
    },
    ["gros-fichier.csv", Buffer.from(big, "latin1").toString("base64")],
  );
  await page.dispatchEvent("#zone-depot", "dragover", { dataTransfer: handle });
  await page.dispatchEvent("#zone-depot", "drop", { dataTransfer: handle });
  await page.waitForSelector('#resume [data-chiffre="lignes"], #correspondance:visible', { timeout: 120_000 });
  if (!(await page.isVisible('#resume [data-chiffre="lignes"]'))) {
    await page.click("#appliquer-correspondance");
    await page.waitForSelector('#resume [data-chiffre="lignes"]', { timeout: 120_000 });
  }
  assert.equal((await figures(page)).lignes, 12_000);
  const rendered = await renderedLines(page);
  assert.ok(rendered.length > 5 && rendered.length < 200, `only the visible rows are in the page (${rendered.length})`);
  assert.equal(rendered[0], 2);
  // Scroll to the bottom: the last spreadsheet line (12 001) is rendered.
  await page.$eval("#tableau", (table) => {
    // The scrolling box: the table itself or its nearest ancestor that scrolls.
    let scroller = table;
    while (scroller && !(scroller.scrollHeight > scroller.clientHeight && /auto|scroll/.test(getComputedStyle(scroller).overflowY))) {
      scroller = scroller.parentElement;
    }
    scroller ??= document.scrollingElement;
    scroller.scrollTop = scroller.scrollHeight;
    scroller.dispatchEvent(new Event("scroll"));
  });
  await page.waitForFunction(() => document.querySelector('#tableau [data-ligne="12001"]') !== null);
  assert.ok((await renderedLines(page)).length < 200);
  assert.ok(existsSync(dist));
  assert.deepEqual(seen.errors, []);
  await page.close();
});
