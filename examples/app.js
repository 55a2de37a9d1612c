// The example page's script: the npm package's browser build, called from plain DOM code (see index.html).
// An application that installs the package writes `import init, { checkFile, fields, template } from "effectifs";`.
import init, { checkFile, fields, template } from "../crates/effectifs-wasm/pkg/web/effectifs.js";

const input = document.querySelector("#fichier");
const profile = document.querySelector("#profil");
const alert = document.querySelector("#alerte");
const summary = document.querySelector("#resume");
const table = document.querySelector("#problemes");
const body = table.querySelector("tbody");

// Fetches and compiles the .wasm once; every call after this is synchronous.
await init();
// French labels of the fields, for the "Champ" column.
const labels = Object.fromEntries(fields().map((field) => [field.name, field.label]));

async function check() {
  const file = input.files[0];
  alert.textContent = "";
  summary.textContent = "";
  body.replaceChildren();
  table.hidden = true;
  if (!file) return;
  let report;
  try {
    report = checkFile(new Uint8Array(await file.arrayBuffer()), file.name, { profile: profile.value });
  } catch (error) {
    // An unreadable file or a wrong option: the message is in French, ready to show.
    alert.textContent = error.message;
    return;
  }
  const { lines, valid, invalid, warnings } = report.summary;
  summary.textContent =
    `${lines} ligne(s) : ${valid} valide(s), ${invalid} en erreur, ${warnings} avertissement(s).` +
    (report.missing_columns.length ? ` Colonnes obligatoires absentes : ${report.missing_columns.join(", ")}.` : "");
  for (const line of report.lines) {
    const problems = [
      ...line.errors.map((problem) => ["erreur", problem]),
      ...line.warnings.map((problem) => ["avertissement", problem]),
    ];
    for (const [severity, problem] of problems) {
      const row = body.insertRow();
      row.insertCell().textContent = String(line.line);
      const field = row.insertCell();
      field.textContent = problem.field === null ? "(toute la ligne)" : labels[problem.field];
      field.title = problem.field ?? "";
      const cell = row.insertCell();
      const message = cell.appendChild(document.createElement("div"));
      message.className = severity;
      message.textContent = `${severity === "erreur" ? "Erreur" : "Avertissement"} : ${problem.message}`;
      if (problem.hint) {
        const hint = cell.appendChild(document.createElement("div"));
        hint.className = "indice";
        hint.textContent = problem.hint;
      }
    }
  }
  table.hidden = body.rows.length === 0;
}

input.addEventListener("change", check);
profile.addEventListener("change", check);
document.querySelector("#modele").addEventListener("click", () => {
  const blob = new Blob([template()], { type: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" });
  const link = Object.assign(document.createElement("a"), { href: URL.createObjectURL(blob), download: "modele-effectifs.xlsx" });
  link.click();
  URL.revokeObjectURL(link.href);
});
