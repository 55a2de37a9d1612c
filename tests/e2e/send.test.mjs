// End-to-end test of sending from the web app (issue 4): `effectifs serve` with its embedded sandbox API, a file
// dropped in the page, the valid lines sent with the demo exchange key, the receipt read, and the sandbox's store
// checked: every valid line stored exactly once, nothing else. A wrong key gets the French explanation of the 403.

import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { join } from "node:path";
import { artefact, data, effectifsBinary, launchBrowser, startServe, watch } from "./harness.mjs";

const CSV = join(data, "effectifs-cp1252.csv");
const VALID_LINES = [2, 3, 4, 6, 7, 9, 10, 12];

let server;
let browser;

before(async () => {
  server = await startServe();
  assert.ok(server.key, "effectifs serve prints its demo key");
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  await server?.stop();
});

/** What the sandbox stored, one dossier per line, as received. */
function stored() {
  const run = spawnSync(effectifsBinary(), ["sandbox", "--db", server.db, "--list"], { encoding: "utf8" });
  assert.equal(run.status, 0, run.stderr);
  return run.stdout
    .split("\n")
    .filter((line) => line.trim() !== "")
    .map((line) => JSON.parse(line));
}

async function openWithFile(page) {
  await page.goto(`${server.base}/`);
  await page.setInputFiles("#fichier", CSV);
  await page.waitForSelector('#resume [data-chiffre="lignes"], #correspondance:visible', { timeout: 60_000 });
  if (!(await page.isVisible('#resume [data-chiffre="lignes"]'))) {
    await page.click("#appliquer-correspondance");
    await page.waitForSelector('#resume [data-chiffre="lignes"]');
  }
}

test("a wrong key is refused with the French explanation, and nothing is stored", async () => {
  const page = await browser.context.newPage();
  const seen = watch(page);
  await openWithFile(page);
  await page.click("#envoyer");
  await page.fill("#cle-echange", "cle-inconnue-0000");
  await page.click("#confirmer-envoi");
  await page.waitForSelector("#recu", { timeout: 60_000 });
  assert.match(await page.textContent("#recu"), /clé d'échange est refusée/);
  assert.deepEqual(stored(), []);
  // The key never shows in the page's text, nor in any URL.
  assert.ok(!(await page.textContent("body")).includes("cle-inconnue-0000"));
  assert.ok(seen.requests.every((request) => !request.url.includes("cle-inconnue")));
  await page.close();
});

test("the valid lines reach the API once, with a receipt and a per-line outcome", async () => {
  const page = await browser.context.newPage();
  const seen = watch(page);
  await openWithFile(page);
  assert.match(await page.textContent("#envoyer"), /Envoyer les 8 lignes valides/);
  await page.click("#envoyer");
  await page.fill("#cle-echange", server.key);
  assert.equal(await page.getAttribute("#cle-echange", "type"), "password");
  await page.screenshot({ path: artefact("envoi-cle.png"), fullPage: true });
  await page.click("#confirmer-envoi");
  await page.waitForSelector("#recu", { timeout: 60_000 });
  const receipt = await page.textContent("#recu");
  assert.match(receipt, /8 lignes? (acceptées?|envoyées?)/);
  await page.screenshot({ path: artefact("envoi-recu.png"), fullPage: true });

  // The per-line server outcome in the table.
  for (const line of VALID_LINES) {
    assert.match(await page.textContent(`#tableau [data-ligne="${line}"] [data-envoi]`), /accept|envoy/i);
  }

  // The store: exactly the valid lines, once each.
  const dossiers = stored();
  assert.equal(dossiers.length, VALID_LINES.length);
  const names = dossiers.map((dossier) => dossier.nom_apprenant).sort();
  assert.deepEqual(names, ["Deschênes", "DUPRÉ", "Faure", "Garçon", "LEFÈVRE", "Moreau", "Noël", "PETIT"].sort());

  // Only the key check and the batch went out, both to the page's own /api.
  const posts = seen.requests.filter((request) => request.method === "POST");
  assert.deepEqual(
    posts.map((request) => new URL(request.url).pathname),
    ["/api/v3/dossiers-apprenants/test", "/api/v3/dossiers-apprenants"],
  );
  assert.deepEqual(seen.errors, []);
  await page.close();
});
