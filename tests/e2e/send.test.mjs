// End-to-end test of sending from the web app (issue 4): `effectifs serve` with its embedded sandbox API, a file
// dropped in the page, the valid lines sent with the demo exchange key, the receipt read, and the sandbox's store
// checked: every valid line stored exactly once, nothing else. A wrong key gets the French explanation of the 403.
// An upstream whose answers are not the API's (issue 15) leaves the lines "non confirmées", to be sent again.

import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { createServer } from "node:http";
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
function stored(db = server.db) {
  const run = spawnSync(effectifsBinary(), ["sandbox", "--db", db, "--list"], { encoding: "utf8" });
  assert.equal(run.status, 0, run.stderr);
  return run.stdout
    .split("\n")
    .filter((line) => line.trim() !== "")
    .map((line) => JSON.parse(line));
}

async function openWithFile(page, base = server.base) {
  await page.goto(`${base}/`);
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

  // The receipt as a file: the engine's outcome, line by line, and never the key.
  const [download] = await Promise.all([page.waitForEvent("download"), page.click("#telecharger-recu")]);
  const saved = readFileSync(await download.path(), "utf8");
  assert.ok(!saved.includes(server.key));
  const json = JSON.parse(saved);
  assert.equal(json.completed, true);
  assert.equal(json.destination, `${server.base}/api`);
  assert.deepEqual(
    json.lines.map((line) => [line.line, line.status]),
    VALID_LINES.map((line) => [line, "accepted"]),
  );

  // The per-line server outcome in the table.
  for (const line of VALID_LINES) {
    assert.match(await page.textContent(`#tableau [data-ligne="${line}"] [data-envoi]`), /accept|envoy/i);
  }

  // The store: exactly the valid lines, once each.
  const dossiers = stored();
  assert.equal(dossiers.length, VALID_LINES.length);
  const names = dossiers.map((dossier) => dossier.nom_apprenant).sort();
  // Sent as the normalised dossier (D11): `nom_apprenant` upper-cased as the API does (reference, field 1).
  assert.deepEqual(names, ["DESCHÊNES", "DUPRÉ", "FAURE", "GARÇON", "LEFÈVRE", "MOREAU", "NOËL", "PETIT"].sort());

  // Only the key check and the batch went out, both to the page's own /api.
  const posts = seen.requests.filter((request) => request.method === "POST");
  assert.deepEqual(
    posts.map((request) => new URL(request.url).pathname),
    ["/api/v3/dossiers-apprenants/test", "/api/v3/dossiers-apprenants"],
  );
  assert.deepEqual(seen.errors, []);
  await page.close();
});

test("after a refused key, resuming with the right key sends every valid line once; the key is kept only on request", async () => {
  // A server of its own: its store starts empty, and its origin has nothing remembered yet.
  const own = await startServe();
  try {
    const page = await browser.context.newPage();
    const seen = watch(page);
    await openWithFile(page, own.base);
    await page.click("#envoyer");
    // The one-time notice of what sending with the key implies (docs/api.md#what-source-erp-implies).
    assert.match(await page.textContent("#avis-envoi"), /provenant d'un outil/);
    await page.screenshot({ path: artefact("envoi-avis.png"), fullPage: true });
    await page.fill("#cle-echange", "cle-inconnue-1111");
    await page.click("#confirmer-envoi");
    await page.waitForSelector("#reprendre-envoi", { timeout: 60_000 });
    assert.match(await page.textContent("#recu"), /clé d'échange est refusée/);
    assert.deepEqual(stored(own.db), []);
    // Not remembered: nothing of the key in the browser's storage.
    assert.ok(!(await page.evaluate(() => JSON.stringify(localStorage))).includes("cle-inconnue"));

    await page.fill("#cle-echange", own.key);
    await page.click(`label[for="se-souvenir"]`);
    await page.click("#reprendre-envoi");
    await page.waitForFunction(() => /8 lignes acceptées/.test(document.querySelector("#recu")?.textContent ?? ""), null, {
      timeout: 60_000,
    });
    assert.equal(stored(own.db).length, 8);
    assert.ok(!(await page.textContent("body")).includes(own.key));
    assert.ok(seen.requests.every((request) => !request.url.includes(own.key) && !request.url.includes("cle-inconnue")));
    assert.equal(await page.evaluate(() => localStorage.getItem("effectifs.envoi.cle")), own.key);
    assert.equal(await page.locator("#tableau [data-envoi]").count() > 0, true);

    // An edit after the send: the per-line outcome goes (the data changed).
    await page.dblclick('#tableau [data-ligne="2"] td[data-colonne="1"]');
    await page.fill("#edition", "LEFEVRE");
    await page.press("#edition", "Enter");
    await page.waitForFunction(() => document.querySelectorAll("#tableau [data-envoi]").length === 0);
    // Chromium logs the refused key's 403 itself; nothing else may fail.
    assert.deepEqual(seen.errors.filter((error) => !/status of 403/.test(error)), []);
    await page.close();

    // Another visit: the key is there, the notice is not; unchecking forgets the key.
    const again = await browser.context.newPage();
    await openWithFile(again, own.base);
    await again.click("#envoyer");
    assert.equal(await again.inputValue("#cle-echange"), own.key);
    assert.equal(await again.isChecked("#se-souvenir"), true);
    assert.equal(await again.locator("#avis-envoi").count(), 0);
    await again.click(`label[for="se-souvenir"]`);
    assert.equal(await again.isChecked("#se-souvenir"), false);
    assert.equal(await again.evaluate(() => localStorage.getItem("effectifs.envoi.cle")), null);
    await again.close();
    // Exactly once: nothing was sent again.
    assert.equal(stored(own.db).length, 8);
  } finally {
    await own.stop();
  }
});

/** A stand-in for a wrong upstream on 127.0.0.1: it takes the key check, then answers 200 without the API's answer. */
async function notTheApi() {
  const seen = [];
  const server = createServer((request, response) => {
    request.resume();
    request.on("end", () => {
      seen.push(`${request.method} ${request.url}`);
      const body = request.url.endsWith("/test") ? { msg: "ok" } : { status: "OK", message: "Queued" };
      response.writeHead(200, { "content-type": "application/json" });
      response.end(JSON.stringify(body));
    });
  });
  await new Promise((done) => server.listen(0, "127.0.0.1", done));
  const close = () => new Promise((done) => server.close(done));
  return { base: `http://127.0.0.1:${server.address().port}/api`, seen, close };
}

test("a relay answer that is not the API's is not an acceptance: the lines stay to be sent", async () => {
  const upstream = await notTheApi();
  const own = await startServe(["--upstream", upstream.base]);
  try {
    const page = await browser.context.newPage();
    const seen = watch(page);
    await openWithFile(page, own.base);
    await page.click("#envoyer");
    await page.fill("#cle-echange", "cle-de-test-2222");
    await page.click("#confirmer-envoi");
    await page.waitForSelector("#reprendre-envoi", { timeout: 60_000 });
    const receipt = await page.textContent("#recu");
    assert.match(receipt, /envoi interrompu/i);
    assert.match(receipt, /lot 1 non confirmé/);
    assert.match(receipt, /0 ligne acceptée/);
    assert.match(receipt, /8 non confirmées/);
    await page.screenshot({ path: artefact("envoi-non-confirme.png"), fullPage: true });
    for (const line of VALID_LINES) {
      assert.match(await page.textContent(`#tableau [data-ligne="${line}"] [data-envoi]`), /non confirmée/);
    }
    const [download] = await Promise.all([page.waitForEvent("download"), page.click("#telecharger-recu")]);
    const json = JSON.parse(readFileSync(await download.path(), "utf8"));
    assert.equal(json.completed, false);
    assert.equal(json.stop.reason, "unconfirmed");
    assert.deepEqual(
      json.lines.map((line) => [line.line, line.status]),
      VALID_LINES.map((line) => [line, "unconfirmed"]),
    );
    // The relay passed the key check and the one batch, nothing else; the page saw JSON only.
    assert.deepEqual(upstream.seen, ["POST /api/v3/dossiers-apprenants/test", "POST /api/v3/dossiers-apprenants"]);
    assert.deepEqual(seen.errors, []);
    await page.close();
  } finally {
    await own.stop();
    await upstream.close();
  }
});
