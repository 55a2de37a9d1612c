// The web app in headless Chromium: time from choosing a file to the summary on screen, for the same generated files
// as the Rust bench (20 000 and 100 000 lines, xlsx and csv), and the longest main-thread task meanwhile (the page must
// stay responsive: reading and validation run in a Web Worker). Prints figures; the target is the issue's:
// 20 000 xlsx lines in under 1 s.
// Then, per size, the scrolling of the virtualised table of the csv file (see `measureScroll`): the page's work per
// frame, against a frame's 16 ms. Then a column-wide action (D15, see `measureColumnAction`): a replacement in a
// column, from the click to the changed lines validated again and the new value on screen (issue 17's target:
// under 1 s for 100 000 lines; printed, not asserted). Then the indicators panel (D16, see `measureIndicators`) on the
// same lines spread over three school years: an edit and a new evaluation date, until the panel shows the answer
// (issue 16's target: the monthly series of 100 000 lines under 0.3 s; printed, not asserted).
//
//   trunk build --release --offline && cargo build -p effectifs-cli
//   PLAYWRIGHT_CORE=target/npm-tools/node_modules/playwright-core node bench/browser/bench.mjs [--lines N,N] [--runs N]
//
// The time is measured inside the page: from the file input's `change` event to the moment the summary shows the
// file's line count (a MutationObserver), so the test driver's own file transfer is not counted.
// The file is chosen `--delay` ms after the page loaded (default 0: at once). A user takes seconds to pick a file,
// time the page's worker spends starting (loading its Wasm, warming the engine up); `--delay 2000` measures the
// file alone, `--delay 0` the worst case of a file chosen the instant the page shows.

import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { launchBrowser, root, startServe } from "../../tests/e2e/harness.mjs";

const USAGE = `usage : node bench/browser/bench.mjs [--lines N[,N…]] [--runs N]

  --lines N,N  tailles de fichier mesurées (défaut 20000,100000)
  --runs N     mesures par fichier, chacune dans une page neuve (défaut 3) ; la médiane est affichée
  --delay MS   attente entre le chargement de la page et le choix du fichier (défaut 0)
`;
/** The target for 20 000 xlsx lines, in milliseconds. */
const TARGET_XLSX_20000 = 1000;

function options(argv) {
  const parsed = { lines: [20000, 100000], runs: 3, delay: 0 };
  for (let index = 0; index < argv.length; index++) {
    const name = argv[index];
    const text = argv[++index];
    if (text === undefined) throw new Error(`${name} attend une valeur`);
    if (name === "--lines" && /^[1-9][0-9]*(,[1-9][0-9]*)*$/.test(text)) parsed.lines = text.split(",").map(Number);
    else if (name === "--runs" && /^[1-9][0-9]*$/.test(text)) parsed.runs = Number(text);
    else if (name === "--delay" && /^[0-9]+$/.test(text)) parsed.delay = Number(text);
    else throw new Error(`option ou valeur inconnue : ${name} ${text}`);
  }
  return parsed;
}

const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
const seconds = (ms) => (ms / 1000).toFixed(3);

/** One measure in a fresh page: { ms, longestTask, lines }. */
async function measure(context, base, file, lines, delay) {
  const page = await context.newPage();
  await page.goto(`${base}/`);
  await page.waitForSelector("#fichier", { state: "attached" });
  await page.evaluate((expected) => {
    const state = { start: 0, end: 0, tasks: [] };
    window.__bench = state;
    new PerformanceObserver((list) => {
      for (const entry of list.getEntries()) {
        // Entries arrive after their task, often once the summary is already shown: they are kept and sorted out by
        // their start time at the end.
        state.tasks.push({ start: entry.startTime, duration: entry.duration });
      }
    }).observe({ type: "longtask", buffered: false });
    document.querySelector("#fichier").addEventListener("change", () => (state.start = performance.now()), {
      capture: true,
    });
    const done = () => {
      const node = document.querySelector('#resume [data-chiffre="lignes"]');
      const mapping = document.querySelector("#appliquer-correspondance");
      if (state.start && !state.end && node && Number(node.textContent.replace(/\D/g, "")) === expected) {
        state.end = performance.now();
      } else if (state.start && mapping && mapping.offsetParent !== null && !state.mapping) {
        // The mapping step, when the page asks for it, is confirmed at once: a user's click is not the engine's time.
        state.mapping = true;
        mapping.click();
      }
    };
    new MutationObserver(done).observe(document.body, { subtree: true, childList: true, characterData: true });
  }, lines);
  if (delay > 0) await page.waitForTimeout(delay);
  await page.setInputFiles("#fichier", file);
  await page.waitForFunction(() => window.__bench.end > 0, null, { timeout: 300_000, polling: 50 });
  // Let the observer deliver the last tasks (it reports each one after it ended).
  await page.waitForTimeout(200);
  const result = await page.evaluate(() => {
    const { start, end, tasks } = window.__bench;
    const during = tasks.filter((task) => task.start + task.duration >= start && task.start <= end);
    return { start, end, longestTask: Math.max(0, ...during.map((task) => task.duration)) };
  });
  await page.close();
  return { ms: result.end - result.start, longestTask: result.longestTask };
}

/**
 * Scrolling the virtualised table of an open file, in a fresh page: one row per frame (400 frames, a new block of rows
 * every few frames), then ten rows per frame (150 frames), then jumps of 5 000 lines (15). For each frame, the page's
 * work from the scroll to its rows laid out (the scroll event and Yew's render, then a forced style and layout);
 * the longest main-thread task over all. A frame is 16 ms: a smooth scroll keeps the 95th centile well under it.
 */
async function measureScroll(context, base, file) {
  const page = await context.newPage();
  await page.goto(`${base}/`);
  await page.waitForSelector("#fichier", { state: "attached" });
  await page.setInputFiles("#fichier", file);
  await page.waitForSelector("#tableau tr[data-ligne]", { timeout: 300_000 });
  await page.waitForTimeout(1000);
  const result = await page.evaluate(async () => {
    const table = document.querySelector("#tableau");
    const tasks = [];
    new PerformanceObserver((list) => tasks.push(...list.getEntries().map((e) => e.duration))).observe({ type: "longtask" });
    const frame = () => new Promise((done) => requestAnimationFrame(done));
    const runs = [];
    for (const [name, step, frames] of [["ligne par ligne", 36, 400], ["10 lignes par image", 360, 150], ["sauts de 5 000 lignes", 180000, 15]]) {
      table.scrollTop = 0;
      await frame();
      await frame();
      const works = [];
      for (let index = 1; index <= frames; index++) {
        table.scrollTop = index * step;
        await frame();
        const start = performance.now();
        await new Promise((done) => setTimeout(done, 0));
        table.querySelector("tr[data-ligne]")?.getBoundingClientRect();
        works.push(performance.now() - start);
      }
      works.sort((a, b) => a - b);
      runs.push({ name, median: works[Math.floor(frames / 2)], p95: works[Math.floor(frames * 0.95)], max: works[frames - 1] });
    }
    await frame();
    return { runs, longestTask: Math.max(0, ...tasks) };
  });
  await page.close();
  return result;
}

/** A fresh page with the file open, once `ready` shows and the mapping step is closed. */
async function openFresh(context, base, file, ready) {
  const page = await context.newPage();
  await page.goto(`${base}/`);
  await page.waitForSelector("#fichier", { state: "attached" });
  // The recipe an earlier run remembered for this header row would apply on opening: forgotten first.
  await page.evaluate(() => localStorage.clear());
  await page.setInputFiles("#fichier", file);
  await page.waitForSelector(ready, { timeout: 300_000 });
  if (await page.isVisible("#fermer-correspondance")) await page.click("#fermer-correspondance");
  return page;
}

/** The index of the table's column that feeds `field`. */
async function columnOf(page, field) {
  const column = await page.evaluate((field) => {
    const header = document.querySelector(`#tableau thead th[data-champ="${field}"]`);
    return header ? Number(header.dataset.colonne) : null;
  }, field);
  if (column === null) throw new Error(`colonne ${field} introuvable`);
  return column;
}

/**
 * A column-wide action on an open file, in a fresh page: "Remplacer…" in the `etablissement_formateur_uai`
 * column, the first line's value by another valid UAI (about a third of the generated lines hold it, 34 841 of
 * 100 000). Measured in the page, from the click on "Remplacer" to the answer on screen: the undo button counts the
 * step and the first rows show the new value (every line was validated again by then: the worker answers once).
 */
async function measureColumnAction(context, base, file) {
  const page = await openFresh(context, base, file, "#tableau tr[data-ligne]");
  const column = await columnOf(page, "etablissement_formateur_uai");
  const from = await page.evaluate((column) => {
    const cell = document.querySelector(`#tableau tr[data-ligne] td[data-colonne="${column}"]`);
    return (cell.querySelector(".texte") ?? cell).textContent.trim();
  }, column);
  const to = from === "0802004U" ? "0755805C" : "0802004U";
  await page.waitForTimeout(1000);
  await page.click(`[data-remplacer="${column}"]`);
  await page.fill("#remplacer-de", from);
  await page.fill("#remplacer-par", to);
  await page.waitForSelector("#appliquer-remplacement:not([disabled])", { timeout: 60_000 });
  await page.evaluate(
    ([column, to]) => {
      const state = { start: 0, end: 0 };
      window.__action = state;
      document.querySelector("#appliquer-remplacement").addEventListener("click", () => (state.start = performance.now()), {
        capture: true,
      });
      new MutationObserver(() => {
        const cell = document.querySelector(`#tableau tr[data-ligne] td[data-colonne="${column}"] .texte`);
        const undo = document.querySelector("#annuler-modification");
        if (state.start && !state.end && cell?.textContent === to && undo?.textContent.includes("(1)")) {
          state.end = performance.now();
        }
      }).observe(document.body, { subtree: true, childList: true, characterData: true });
    },
    [column, to],
  );
  await page.click("#appliquer-remplacement");
  await page.waitForFunction(() => window.__action.end > 0, null, { timeout: 300_000, polling: 50 });
  const ms = await page.evaluate(() => window.__action.end - window.__action.start);
  await page.close();
  return ms;
}

/** The school years the lines of the indicators' file take in turn (as `effectifs-bench --indicateurs`). */
const SCHOOL_YEARS = ["2023-2024", "2024-2025", "2025-2026"];

/**
 * The generated file spread over three school years: its lines take `SCHOOL_YEARS` in turn (the generator writes
 * 2025-2026, spelled two ways), as the Rust bench's `--indicateurs` does.
 */
function spreadOverThreeSchoolYears(csv, path) {
  const lines = readFileSync(csv, "utf8").split(/(?<=\n)/);
  const spread = lines.map((line, index) => {
    const year = SCHOOL_YEARS[index % SCHOOL_YEARS.length];
    return line.replace("2025-2026", year).replace("2025/2026", year);
  });
  writeFileSync(path, spread.join(""));
  return path;
}

/**
 * The indicators panel (D16) on a file over three school years, in a fresh page: the worker answers every change
 * with the indicators and their month-end series computed again over every line (36 month ends here). Measured in
 * the page, from the user's action to the panel showing the answer: an edit of one cell (the worker validates the
 * line again, then gathers the effectifs and computes the figures at the date and the series: an upper bound of
 * the series' time, the issue's target being under 0.3 s for 100 000 lines), and a new evaluation date (every
 * line's statut computed again and sent to the page, then the same figures).
 */
async function measureIndicators(context, base, file) {
  const page = await openFresh(context, base, file, "#indicateurs #graphique-indicateurs");
  const months = await page.$$eval("#graphique-indicateurs .point", (points) => points.length);
  const column = await columnOf(page, "email_contact");
  await page.waitForTimeout(1000);
  // Until the panel says how many lines are left out: `expected` of them.
  const watchPanel = (start) =>
    page.evaluate(
      ([start]) => {
        const state = { start: 0, end: 0 };
        window.__indicateurs = state;
        // On the document, in the capture phase: the page may render the field again meanwhile.
        document.addEventListener(
          start.event,
          (event) => {
            if (!state.start && event.target?.id === start.id) state.start = performance.now();
          },
          { capture: true },
        );
        new MutationObserver(() => {
          const panel = document.querySelector("#indicateurs");
          const done =
            start.date !== undefined
              ? panel?.dataset.date === start.date
              : document.querySelector("#indicateurs-hors")?.dataset.lignes !== start.before;
          if (state.start && !state.end && done) state.end = performance.now();
        }).observe(document.body, { subtree: true, childList: true, characterData: true, attributes: true });
      },
      [start],
    );
  const elapsed = async () => {
    await page.waitForFunction(() => window.__indicateurs.end > 0, null, { timeout: 300_000, polling: 50 });
    return page.evaluate(() => window.__indicateurs.end - window.__indicateurs.start);
  };
  // A line without error, so that the edit turns it into one: the panel then counts one line more left out.
  const line = await page.evaluate(
    () => document.querySelector('#tableau tr[data-ligne]:not(:has(td[data-etat-ligne="erreurs"]))')?.dataset.ligne,
  );
  if (line === undefined) throw new Error("aucune ligne sans erreur à l'écran");
  const cell = `#tableau tr[data-ligne="${line}"] td[data-colonne="${column}"]`;
  await page.dblclick(cell);
  await page.fill("#edition", "pas-un-courriel");
  const before = await page.evaluate(() => document.querySelector("#indicateurs-hors")?.dataset.lignes ?? "0");
  await watchPanel({ id: "edition", event: "keydown", before });
  await page.press("#edition", "Enter");
  const edit = await elapsed();
  const date = "2025-03-15";
  await watchPanel({ id: "date-evaluation", event: "change", date });
  await page.fill("#date-evaluation", date);
  const today = await elapsed();
  await page.close();
  return { months, edit, today };
}

async function main() {
  let parsed;
  try {
    parsed = options(process.argv.slice(2));
  } catch (error) {
    process.stderr.write(`erreur : ${error.message}\n\n${USAGE}`);
    return 2;
  }
  const dir = mkdtempSync(join(tmpdir(), "effectifs-bench-browser-"));
  const server = await startServe();
  const browser = await launchBrowser();
  let missed = false;
  try {
    console.log(
      `effectifs bench navigateur — application web dans Chromium sans tête, médiane de ${parsed.runs} mesures, ` +
        `fichier choisi ${parsed.delay} ms après le chargement de la page`,
    );
    for (const lines of parsed.lines) {
      const generate = spawnSync(
        "cargo",
        ["run", "--quiet", "--release", "-p", "effectifs-bench", "--", "--lines", String(lines), "--runs", "1", "--keep", dir],
        { cwd: root, encoding: "utf8" },
      );
      if (generate.status !== 0) throw new Error(`génération de ${lines} lignes :\n${generate.stderr}`);
      for (const format of ["xlsx", "csv"]) {
        const file = join(dir, `effectifs-${lines}.${format}`);
        const runs = [];
        for (let run = 0; run < parsed.runs; run++) runs.push(await measure(browser.context, server.base, file, lines, parsed.delay));
        const ms = median(runs.map((run) => run.ms));
        const longest = Math.max(...runs.map((run) => run.longestTask));
        const target = format === "xlsx" && lines === 20000 ? TARGET_XLSX_20000 : null;
        if (target !== null && ms > target) missed = true;
        console.log(
          `${format.padEnd(4)} ${String(lines).padStart(6)} lignes : ${seconds(ms)} s ` +
            `(${Math.round((lines / ms) * 1000).toLocaleString("fr-FR")} lignes/s), ` +
            `plus longue tâche du fil principal ${Math.round(longest)} ms` +
            (target !== null ? ` — cible < ${seconds(target)} s : ${ms <= target ? "atteinte" : "MANQUÉE"}` : ""),
        );
      }
      const scroll = await measureScroll(browser.context, server.base, join(dir, `effectifs-${lines}.csv`));
      console.log(
        `défilement du tableau, ${lines} lignes (travail par image : médiane / 95e centile / max) : ` +
          scroll.runs.map((r) => `${r.name} ${r.median.toFixed(1)} / ${r.p95.toFixed(1)} / ${r.max.toFixed(1)} ms`).join(" ; ") +
          ` ; plus longue tâche ${Math.round(scroll.longestTask)} ms`,
      );
      const action = await measureColumnAction(browser.context, server.base, join(dir, `effectifs-${lines}.csv`));
      console.log(
        `action sur une colonne, ${lines} lignes (remplacement, lignes changées revalidées et affichées) : ` +
          `${seconds(action)} s` + (lines === 100000 ? ` — cible < 1 s : ${action <= 1000 ? "atteinte" : "MANQUÉE"}` : ""),
      );
      const spread = spreadOverThreeSchoolYears(join(dir, `effectifs-${lines}.csv`), join(dir, `indicateurs-${lines}.csv`));
      const indicators = await measureIndicators(browser.context, server.base, spread);
      console.log(
        `indicateurs, ${lines} lignes sur trois années scolaires (série de ${indicators.months} fins de mois) : ` +
          `modification d'une cellule jusqu'au panneau à jour ${seconds(indicators.edit)} s` +
          (lines === 100000 ? ` — cible < 0,3 s pour la série : ${indicators.edit <= 300 ? "atteinte" : "MANQUÉE"}` : "") +
          ` ; nouvelle date d'évaluation (statuts de toutes les lignes et indicateurs) ${seconds(indicators.today)} s`,
      );
    }
  } finally {
    await browser.close();
    await server.stop();
    rmSync(dir, { recursive: true, force: true });
  }
  // A bench prints figures; a missed target is said, not turned into a failure.
  if (missed) console.log("cible manquée (voir ci-dessus)");
  return 0;
}

process.exitCode = await main();
