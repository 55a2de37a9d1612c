// The example page (examples/index.html) in headless Chromium: the package's browser build (ES module, `await init()`)
// loaded by a plain page from a local static server, a file chosen in the file input, the lines in error shown.
// Needs playwright-core (never `playwright`, which downloads browsers) and /usr/bin/chromium: scripts/test.sh
// installs both and passes PLAYWRIGHT_CORE (the package's directory).

import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { createServer } from "node:http";
import { existsSync, readFileSync, statSync } from "node:fs";
import { dirname, extname, join, normalize, resolve, sep } from "node:path";
import { fileURLToPath } from "node:url";
// Chromium with the project's flags (tests/e2e/harness.mjs), shared with the web app's end-to-end tests.
import { launchBrowser } from "../../../tests/e2e/harness.mjs";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "../../..");
const data = join(root, "tests/data");
const TYPES = { ".html": "text/html", ".js": "text/javascript", ".wasm": "application/wasm", ".json": "application/json" };

let server;
let base;
let browser;

before(async () => {
  assert.ok(existsSync(join(root, "crates/effectifs-wasm/pkg/web/effectifs.js")), "build the package first: bash scripts/build-npm.sh");
  assert.ok(process.env.PLAYWRIGHT_CORE, "set PLAYWRIGHT_CORE to an installed playwright-core (scripts/test.sh does)");
  // Our own server on a free port, serving the repository read-only (never a stale server from an earlier run).
  server = createServer((request, response) => {
    const path = normalize(join(root, decodeURIComponent(new URL(request.url, "http://x").pathname)));
    const file = path.endsWith(sep) ? join(path, "index.html") : path;
    if (!file.startsWith(root + sep) || !existsSync(file) || !statSync(file).isFile()) {
      response.writeHead(404).end();
      return;
    }
    response.writeHead(200, { "content-type": TYPES[extname(file)] ?? "application/octet-stream" });
    response.end(readFileSync(file));
  });
  await new Promise((done) => server.listen(0, "127.0.0.1", done));
  base = `http://127.0.0.1:${server.address().port}`;
  const alive = await fetch(`${base}/examples/index.html`);
  assert.equal(alive.status, 200, "the test's own server answers");
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  await new Promise((done) => (server ? server.close(done) : done()));
});

test("the example page checks a chosen file and lists its problems", async () => {
  const page = await browser.context.newPage();
  const failures = [];
  page.on("pageerror", (error) => failures.push(error.message));
  await page.goto(`${base}/examples/`);
  await page.setInputFiles("#fichier", join(data, "effectifs-cp1252.csv"));
  await page.waitForSelector("#problemes:not([hidden])");
  assert.equal(await page.textContent("#resume"), "12 ligne(s) : 8 valide(s), 4 en erreur, 5 avertissement(s).");
  const errors = await page.$$eval("#problemes tbody tr", (rows) =>
    rows
      .filter((row) => row.querySelector(".erreur"))
      .map((row) => `${row.cells[0].textContent} ${row.cells[1].title} ${row.cells[1].textContent}`),
  );
  assert.deepEqual(errors, [
    "5 date_inscription_formation Date d'inscription",
    "8 email_contact Courriel",
    "11 etablissement_formateur_siret SIRET du CFA formateur",
    "13 contrat_date_debut Début du contrat",
  ]);

  // An unreadable file: the French message, no table.
  await page.setInputFiles("#fichier", join(data, "pas-un-tableur.xlsx"));
  await page.waitForFunction(() => document.querySelector("#alerte").textContent !== "");
  assert.match(await page.textContent("#alerte"), /^pas-un-tableur\.xlsx : Ce fichier n'est pas un tableur reconnu/);
  assert.equal(await page.isHidden("#problemes"), true);

  // The template download: an .xlsx workbook.
  const [download] = await Promise.all([page.waitForEvent("download"), page.click("#modele")]);
  assert.equal(download.suggestedFilename(), "modele-effectifs.xlsx");
  const bytes = readFileSync(await download.path());
  assert.equal(bytes.subarray(0, 2).toString(), "PK");
  assert.deepEqual(failures, []);
});
