// End-to-end test of the indicators panel (issue 16, D16): a file over three school years (the CFA export of
// tests/data/effectifs-cp1252.csv, a third of its learners moved one school year back, a third one forward) opened
// in the page at several evaluation dates. The panel's five figures and its table per formation equal
// `effectifs check --today D --format json`'s summary.indicateurs; the chart's points (their data attributes, the
// figures their aria-labels announce, their circles) and the data table beside it equal `effectifs indicateurs
// --format json`. The panel follows an edit, a column-wide fix and its undo (the CLI run on the same data with the
// same change gives the expected figures); a point reached by the keyboard shows its figures; the accessibility
// audit with the panel, the chart and its tooltip on screen finds nothing.

import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { artefact, audit, data, effectifsBinary, launchBrowser, startServe, watch } from "./harness.mjs";

const KEYS = ["apprenants", "apprentis", "inscrits", "rupturants", "abandons"];
/** The export's e-mail column (line 8's address lacks its domain's end) and its school-year column. */
const EMAIL = 8;
const ANNEE_SCOLAIRE = 11;

let server;
let browser;
let work;
/** The three-school-year file. */
let FILE;

/**
 * effectifs-cp1252.csv over three school years: of its learners (lines 2 to 13), the first of every three moves to
 * 2024-2025 (every year of its dates one less), the second to 2026-2027 (one more). Windows-1252 bytes are kept as
 * they are (read and written as latin1); only ASCII changes. The session tests of the web crate build the same file.
 */
function threeSchoolYears(text) {
  const lines = text.split("\r\n");
  return lines
    .map((line, index) => {
      if (index === 0 || (index - 1) % 3 === 2) return line;
      const shift = (index - 1) % 3 === 0 ? -1 : 1;
      let moved = line.replace(/2025-2026/g, `${2025 + shift}-${2026 + shift}`);
      const years = Array.from({ length: 11 }, (_, i) => 2020 + i);
      // Years in turn, so that no date moves twice.
      for (const year of shift < 0 ? years : years.reverse()) moved = moved.replaceAll(`/${year}`, `/${year + shift}`);
      return moved;
    })
    .join("\r\n");
}

before(async () => {
  work = mkdtempSync(join(tmpdir(), "effectifs-e2e-indicateurs-"));
  FILE = join(work, "trois-annees.csv");
  writeFileSync(FILE, threeSchoolYears(readFileSync(join(data, "effectifs-cp1252.csv"), "latin1")), "latin1");
  server = await startServe();
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  await server?.stop();
  if (work) rmSync(work, { recursive: true, force: true });
});

function cli(...args) {
  const run = spawnSync(effectifsBinary(), args, { encoding: "utf8" });
  assert.ok(run.status === 0 || run.status === 1, `effectifs ${args.join(" ")}: ${run.stderr}`);
  return JSON.parse(run.stdout);
}

/** What the engine says of a file at a day: summary.indicateurs, the lines in error, and the month-end series. */
function expected(file, day, recipe) {
  const extra = recipe ? ["--recette", recipe] : [];
  const report = cli("check", file, "--today", day, "--format", "json", ...extra);
  return {
    indicateurs: report.summary.indicateurs,
    invalid: report.summary.invalid,
    serie: cli("indicateurs", file, "--format", "json", ...extra),
  };
}

/** A copy of the file with one text replaced (the same change the page makes). */
function variant(name, from, to) {
  const text = readFileSync(FILE, "latin1");
  assert.ok(text.includes(from), `${from} is in the file`);
  const path = join(work, name);
  writeFileSync(path, text.split(from).join(to), "latin1");
  return path;
}

const number = (text) => Number(text.replace(/\D/g, ""));

/** Everything the panel shows, read from the page. */
async function panel(page) {
  return page.evaluate((KEYS) => {
    const number = (text) => Number(text.replace(/\D/g, ""));
    const root = document.querySelector("#indicateurs");
    const five = (node, read) => Object.fromEntries(KEYS.map((key) => [key, read(node, key)]));
    const cell = (node, key) => number(node.querySelector(`[data-indicateur="${key}"]`).textContent);
    const code = (td) => (td.querySelector(".absent") ? null : td.textContent.trim());
    return {
      date: root.dataset.date,
      heading: root.querySelector("h2").textContent,
      figures: five(root.querySelector(".chiffres"), cell),
      leftOut: root.querySelector("#indicateurs-hors")?.textContent ?? null,
      formations: [...root.querySelectorAll("#indicateurs-formations tbody tr")].map((row) => {
        const [rncp, cfd, libelle] = row.querySelectorAll("td, th");
        return { rncp: code(rncp), cfd: code(cfd), libelle: code(libelle), ...five(row, cell) };
      }),
      points: [...root.querySelectorAll("#graphique-indicateurs .point")].map((point) => ({
        date: point.dataset.date,
        ...five(point, (node, key) => Number(node.dataset[key])),
      })),
      // The figures each point announces, in the order of its label: apprenants, apprentis, inscrits, rupturants,
      // abandons.
      announced: [...root.querySelectorAll("#graphique-indicateurs .point")].map((point) => {
        const [, figures] = point.getAttribute("aria-label").split(" : ");
        return figures.split(", ").map(number);
      }),
      circles: [...root.querySelectorAll("#graphique-indicateurs .point")].map((point) =>
        KEYS.map((key) => Number(point.querySelector(`circle[data-indicateur="${key}"]`).dataset.valeur)),
      ),
      lines: [...root.querySelectorAll("#graphique-indicateurs path.serie")].map((path) => path.dataset.indicateur),
      table: [...root.querySelectorAll("#indicateurs-mois tbody tr")].map((row) => ({
        date: row.dataset.date,
        ...five(row, cell),
      })),
    };
  }, KEYS);
}

/** The panel equals the engine's figures: at the day, per formation, month by month. */
async function assertPanel(page, engine, context) {
  const shown = await panel(page);
  const { indicateurs, serie, invalid } = engine;
  const pick = (object) => Object.fromEntries(KEYS.map((key) => [key, object[key]]));
  assert.equal(shown.date, indicateurs.date, context);
  const [year, month, day] = indicateurs.date.split("-");
  assert.equal(shown.heading, `Ce que le Tableau de bord affichera au ${day}/${month}/${year}`, context);
  assert.deepEqual(shown.figures, pick(indicateurs), `${context}: the five figures`);
  assert.deepEqual(
    shown.formations,
    indicateurs.par_formation.map((formation) => ({
      rncp: formation.rncp,
      cfd: formation.cfd,
      libelle: formation.libelle,
      ...pick(formation),
    })),
    `${context}: per formation`,
  );
  assert.equal(
    shown.leftOut,
    invalid === 0 ? null : `${invalid} lignes en erreur ne sont pas comptées : elles ne seront pas envoyées.`,
    `${context}: the lines in error`,
  );
  const months = serie.map((point) => ({ date: point.date, ...pick(point) }));
  assert.deepEqual(shown.points, months, `${context}: the chart's points`);
  assert.deepEqual(shown.announced, serie.map((point) => KEYS.map((key) => point[key])), `${context}: announced`);
  assert.deepEqual(shown.circles, serie.map((point) => KEYS.map((key) => point[key])), `${context}: circles`);
  assert.deepEqual(shown.lines, KEYS, `${context}: one line per indicator`);
  assert.deepEqual(shown.table, months, `${context}: the data table`);
}

async function setEvaluationDate(page, date) {
  await page.fill("#date-evaluation", date);
  await page.waitForSelector(`#indicateurs[data-date="${date}"]`, { timeout: 20_000 });
}

/** Waits until the panel's figures at the day are these. */
async function waitForFigures(page, figures) {
  await page.waitForFunction(
    (figures) =>
      Object.entries(figures).every(([key, value]) => {
        const node = document.querySelector(`#indicateurs .chiffres [data-indicateur="${key}"]`);
        return node && Number(node.textContent.replace(/\D/g, "")) === value;
      }),
    figures,
    { timeout: 20_000 },
  );
}

async function waitForLinesInError(page, invalid) {
  await page.waitForFunction(
    (invalid) => document.querySelector("#indicateurs-hors")?.dataset.lignes === String(invalid),
    invalid,
    { timeout: 20_000 },
  );
}

async function openFile(page) {
  await page.goto(`${server.base}/`);
  await page.waitForSelector("#fichier", { state: "attached" });
  await page.setInputFiles("#fichier", FILE);
  await page.waitForSelector("#indicateurs", { timeout: 60_000 });
  if (await page.isVisible("#fermer-correspondance")) await page.click("#fermer-correspondance");
}

test("the panel shows the engine's figures at several dates, per formation and month by month", async () => {
  const page = await browser.context.newPage();
  const seen = watch(page);
  await openFile(page);
  // The school-year filter at its edges, a date in each school year, a date after the file's.
  for (const day of ["2025-07-31", "2025-08-01", "2024-10-15", "2026-03-15", "2026-11-30", "2028-01-01"]) {
    await setEvaluationDate(page, day);
    await assertPanel(page, expected(FILE, day), day);
  }
  const shown = await panel(page);
  assert.equal(shown.points.length, 36, "three school years, month by month");
  assert.ok(shown.formations.length === 0, "nothing counted in 2028");
  await setEvaluationDate(page, "2026-03-15");
  assert.ok((await panel(page)).formations.length >= 3, "several formations");
  await page.screenshot({ path: artefact("indicateurs.png"), fullPage: true });
  assert.deepEqual(seen.errors, []);
  await page.close();
});

test("the panel follows an edit, a column-wide fix and its undo", async () => {
  const page = await browser.context.newPage();
  const seen = watch(page);
  await openFile(page);
  const day = "2026-03-15";
  await setEvaluationDate(page, day);
  const before = expected(FILE, day);
  await assertPanel(page, before, "as read");

  // An edit: line 8's e-mail (a 2024-2025 learner, in error) fixed; it counts in its school year's months.
  const edited = expected(variant("modifie.csv", "lucas.martin@gmail;", "lucas.martin@gmail.com;"), day);
  assert.notDeepEqual(edited.serie, before.serie, "the edit changes the series");
  const email = `#tableau [data-ligne="8"] [data-colonne="${EMAIL}"]`;
  await page.dblclick(email);
  await page.fill("#edition", "lucas.martin@gmail.com");
  await page.press("#edition", "Enter");
  await waitForLinesInError(page, edited.invalid);
  await assertPanel(page, edited, "after the edit");
  // Undone: back to the file's figures.
  await page.click("#annuler-modification");
  await waitForLinesInError(page, before.invalid);
  await assertPanel(page, before, "after undoing the edit");

  // A column-wide fix: every 2024-2025 school year becomes 2025-2026 (the engine's replacement, as a recipe).
  const recipe = join(work, "recette.json");
  writeFileSync(
    recipe,
    JSON.stringify({ version: 1, replace: { annee_scolaire: [{ from: "2024-2025", to: "2025-2026" }] } }),
  );
  const fixed = expected(FILE, day, recipe);
  assert.notDeepEqual(fixed.indicateurs, before.indicateurs, "the fix changes the figures at the day");
  await page.click(`[data-remplacer="${ANNEE_SCOLAIRE}"]`);
  await page.waitForSelector("#dialogue-remplacer[open]");
  await page.fill("#remplacer-de", "2024-2025");
  await page.fill("#remplacer-par", "2025-2026");
  await page.waitForFunction(() => /4 cellules seront modifiées/.test(document.querySelector("#remplacer-compte").textContent));
  await page.click("#appliquer-remplacement");
  await waitForFigures(page, Object.fromEntries(KEYS.map((key) => [key, fixed.indicateurs[key]])));
  await assertPanel(page, fixed, "after the fix");
  // A date change after the fix.
  const later = "2026-11-30";
  await setEvaluationDate(page, later);
  await assertPanel(page, expected(FILE, later, recipe), "after the fix, another date");
  // The fix undone.
  await page.click("#annuler-modification");
  await waitForFigures(page, Object.fromEntries(KEYS.map((key) => [key, expected(FILE, later).indicateurs[key]])));
  await assertPanel(page, expected(FILE, later), "after undoing the fix");
  assert.deepEqual(seen.errors, []);
  await page.close();
});

test("the chart is one tab stop: the arrows move between months, the month in focus shows its figures", async () => {
  const page = await browser.context.newPage();
  const seen = watch(page);
  await openFile(page);
  const day = "2026-03-15";
  await setEvaluationDate(page, day);
  const { serie } = expected(FILE, day);
  const at = serie.findIndex((point) => point.date === "2026-03-31");
  assert.ok(at > 0);

  // The pointer out of the way (the chart shows the month under it too, after the keyboard's).
  await page.mouse.move(0, 0);
  // From the date field, Tab reaches the chart, on the evaluation date's month (the field's day, month and year
  // take a Tab each first).
  await page.focus("#date-evaluation");
  for (let press = 0; press < 5 && (await page.evaluate(() => document.activeElement?.id)) === "date-evaluation"; press++) {
    await page.keyboard.press("Tab");
  }
  const focused = () =>
    page.evaluate(() => ({
      id: document.activeElement?.id,
      date: document.activeElement?.dataset?.date,
      label: document.activeElement?.getAttribute("aria-label"),
      tooltip: document.querySelector("#infobulle-indicateurs")?.dataset.date ?? null,
      lines: [...document.querySelectorAll("#infobulle-indicateurs text")].map((node) => node.textContent),
      visible: (() => {
        const box = document.querySelector("#infobulle-indicateurs")?.getBoundingClientRect();
        return Boolean(box && box.width > 0 && box.height > 0);
      })(),
    }));
  const assertFocus = async (index) => {
    const point = serie[index];
    await page.waitForFunction((date) => document.querySelector("#infobulle-indicateurs")?.dataset.date === date, point.date);
    const now = await focused();
    assert.equal(now.id, `point-${index}`);
    assert.equal(now.date, point.date);
    assert.deepEqual(now.label.split(" : ")[1].split(", ").map(number), KEYS.map((key) => point[key]));
    assert.equal(now.tooltip, point.date, "the tooltip shows the month in focus");
    assert.ok(now.visible, "the tooltip is on screen");
    assert.deepEqual(
      now.lines.slice(1).map(number),
      KEYS.map((key) => point[key]),
      "the tooltip shows its figures",
    );
  };
  await assertFocus(at);
  await page.screenshot({ path: artefact("indicateurs-point.png"), fullPage: false });
  // With the panel, the chart and its tooltip on screen: no accessibility violation.
  assert.deepEqual(await audit(page), []);

  await page.keyboard.press("ArrowRight");
  await assertFocus(at + 1);
  await page.keyboard.press("ArrowLeft");
  await page.keyboard.press("ArrowLeft");
  await assertFocus(at - 1);
  await page.keyboard.press("End");
  await assertFocus(serie.length - 1);
  await page.keyboard.press("Home");
  await assertFocus(0);
  // Tab leaves the chart at once (one tab stop), to the data table's scrolling region; the tooltip goes.
  await page.keyboard.press("Tab");
  assert.equal(await page.evaluate(() => document.activeElement?.className), "donnees-mois");
  await page.waitForFunction(() => !document.querySelector("#infobulle-indicateurs"));
  // Shift+Tab comes back to the month the keyboard left.
  await page.keyboard.press("Shift+Tab");
  await assertFocus(0);
  assert.deepEqual(seen.errors, []);
  await page.close();
});
