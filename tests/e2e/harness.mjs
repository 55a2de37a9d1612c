// Shared set-up of the end-to-end tests: the built web app (dist/) served by our own `effectifs serve` on a free
// port (with its embedded sandbox API), headless Chromium driven by playwright-core, request recording, artefacts.
// scripts/test.sh builds dist/ and the `effectifs` binary first and passes PLAYWRIGHT_CORE and EFFECTIFS_BIN.

import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

export const root = resolve(dirname(fileURLToPath(import.meta.url)), "../..");
export const data = join(root, "tests/data");
export const dist = process.env.EFFECTIFS_DIST ? resolve(process.env.EFFECTIFS_DIST) : join(root, "dist");
/** Screenshots and downloads kept after the run, for people to look at. */
export const artefacts = join(root, "target/e2e-artefacts");

export function effectifsBinary() {
  const binary = process.env.EFFECTIFS_BIN ?? join(root, "target/debug/effectifs");
  assert.ok(existsSync(binary), `the effectifs binary is missing (${binary}): cargo build -p effectifs-cli`);
  return binary;
}

/**
 * Starts `effectifs serve` on a free port with a fresh sandbox database; resolves once the server answers.
 * Returns { base, key, db, stop }. Never reuses a server left from an earlier run: the port is new each time.
 */
export async function startServe(extraArgs = []) {
  assert.ok(existsSync(join(dist, "index.html")), "build the web app first: trunk build --release --offline");
  const work = mkdtempSync(join(tmpdir(), "effectifs-e2e-"));
  const db = join(work, "sandbox.sqlite");
  const child = spawn(
    effectifsBinary(),
    ["serve", "--dir", dist, "--listen", "127.0.0.1:0", "--db", db, ...extraArgs],
    { stdio: ["ignore", "pipe", "pipe"] },
  );
  let output = "";
  child.stderr.on("data", (chunk) => (output += chunk));
  const banner = await new Promise((done, fail) => {
    const timer = setTimeout(() => fail(new Error(`effectifs serve did not start:\n${output}`)), 20_000);
    child.stdout.on("data", (chunk) => {
      output += chunk;
      if (/Arrêt : Ctrl\+C/.test(output)) {
        clearTimeout(timer);
        done(output);
      }
    });
    child.on("exit", (code) => fail(new Error(`effectifs serve exited (${code}):\n${output}`)));
  });
  const base = /http:\/\/(127\.0\.0\.1:\d+)\//.exec(banner)?.[0]?.replace(/\/$/, "");
  assert.ok(base, `no address in the banner:\n${banner}`);
  const key = /Clé d'échange de démonstration : (\S+)/.exec(banner)?.[1];
  const alive = await fetch(`${base}/`);
  assert.equal(alive.status, 200, "our own server answers");
  assert.match(await alive.text(), /effectifs/i, "and serves the web app");
  const stop = async () => {
    child.kill("SIGTERM");
    await new Promise((done) => (child.exitCode !== null ? done() : child.on("exit", done)));
    rmSync(work, { recursive: true, force: true });
  };
  return { base, key, db, stop };
}

/** Headless Chromium from /usr/bin/chromium with the flags of docs/toolchain.md#browser-tests. */
export async function launchBrowser() {
  assert.ok(process.env.PLAYWRIGHT_CORE, "set PLAYWRIGHT_CORE to an installed playwright-core (scripts/test.sh does)");
  const { chromium } = createRequire(import.meta.url)(resolve(process.env.PLAYWRIGHT_CORE));
  const profile = mkdtempSync(join(tmpdir(), "effectifs-chromium-"));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: "/usr/bin/chromium",
    headless: true,
    acceptDownloads: true,
    viewport: { width: 1440, height: 900 },
    locale: "fr-FR",
    args: [
      "--no-sandbox",
      "--disable-gpu",
      "--disable-quic",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
    ],
  });
  const close = async () => {
    await context.close();
    rmSync(profile, { recursive: true, force: true });
  };
  return { context, close };
}

/** Records every request the page (and its workers) make, and every uncaught page error. */
export function watch(page) {
  const requests = [];
  const errors = [];
  page.on("request", (request) => requests.push({ method: request.method(), url: request.url() }));
  page.on("pageerror", (error) => errors.push(error.message));
  page.on("console", (message) => {
    if (message.type() === "error") errors.push(message.text());
  });
  return { requests, errors };
}

export function artefact(name) {
  mkdirSync(artefacts, { recursive: true });
  return join(artefacts, name);
}

/**
 * The axe-core audit (WCAG 2.1 A and AA rules) of the page as it is now: its violations, each as
 * "rule: target, target…". AXE_CORE points at an installed npm `axe-core` (scripts/test.sh installs it next to
 * playwright-core); its script is evaluated in the page from that file, so the page fetches nothing.
 */
export async function audit(page) {
  const axe = process.env.AXE_CORE ?? join(dirname(resolve(process.env.PLAYWRIGHT_CORE ?? ".")), "axe-core");
  assert.ok(existsSync(join(axe, "axe.min.js")), `axe-core is missing (${axe}): set AXE_CORE, see scripts/test.sh`);
  // Evaluated rather than added as a <script>: the page's Content-Security-Policy allows only its own scripts.
  await page.evaluate(readFileSync(join(axe, "axe.min.js"), "utf8"));
  const violations = await page.evaluate(async () => {
    const result = await window.axe.run(document, {
      runOnly: { type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"] },
    });
    return result.violations.map(
      (violation) => `${violation.id}: ${violation.nodes.map((node) => node.target.join(" ")).join(", ")}`,
    );
  });
  return violations;
}
