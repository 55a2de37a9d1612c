// The types of the values `effectifs` returns and accepts (written by hand, appended by wasm-bindgen to the generated
// declarations). The report is the JSON report of `effectifs check --format json`, key for key.

/** The validation profile: the official upload page's contract (default) or exactly the API's. */
export type Profile = "televersement" | "api";

/** A statut of the national status algorithm. */
export type StatutValeur = "INSCRIT" | "APPRENTI" | "RUPTURANT" | "ABANDON" | "FIN_DE_FORMATION";

/** Options shared by `checkFile` and `checkRows`. Every option may be left out. */
export interface CheckOptions {
  /** `"televersement"` (default) or `"api"`. */
  profile?: Profile;
  /** The evaluation day of the statuts, `"AAAA-MM-JJ"` (default: today, local calendar day). */
  today?: string;
  /**
   * Column mapping overrides, applied before validation: `{ "<header as in the file>": "<field name>" | null }`.
   * A field name makes the column feed that field whatever its header says; `null` ignores the column.
   * Both show as `match: "manual"` in `report.columns`. A header the file does not have is an error.
   * For `checkRows`, only with `values: "cells"`.
   */
  columns?: Record<string, string | null>;
  /**
   * A recipe (`docs/recipe.md`), applied after `columns` and before validation: the object of a recipe file, the
   * same one `effectifs check --recette` reads. A recipe that cannot be used (unknown key, field or header,
   * version other than 1, wrong type) throws an `Error` with a French message; nothing is half-applied.
   */
  recipe?: Recipe | null;
}

/** A recipe ("recette"), version 1: how to fix every export of one software, without its data. */
export interface Recipe {
  version: 1;
  /** Header as written in the file → the field it feeds, or `null` to ignore the column. */
  columns?: Record<string, string | null>;
  /** Field → the value of every line where its column is absent or its cell blank. */
  values?: Record<string, string>;
  /** Field → replacements tried in order: a cell whose text, trimmed, is `from` becomes `to`. */
  replace?: Record<string, Array<{ from: string; to: string }>>;
}

/** The cells a recipe changed, in a report (`report.fixes`, only when a recipe was given). */
export interface Fixes {
  /** The number of changed cells. */
  count: number;
  /** The number of changed cells per rule. */
  by_rule: { value: number; replace: number; suggestion: number };
  /** Each changed cell, by line then column. */
  cells: Fix[];
}

/** One changed cell. */
export interface Fix {
  /** The spreadsheet line. */
  line: number;
  /** The column's position, as in `report.columns`. */
  index: number;
  /** The column letter. */
  letter: string;
  /** The field the column feeds, or null. */
  field: string | null;
  /** A value for every line, a replacement, or a safe correction applied. */
  rule: "value" | "replace" | "suggestion";
  /** The cell as it was (`""` for a cell the file did not have). */
  before: string;
  /** The cell as checked. */
  after: string;
}

/** Options of `checkRows`. Every option may be left out. */
export interface CheckRowsOptions extends CheckOptions {
  /**
   * How the objects are read: `"json"` (default), each object as the API receives it (its own exact keys, JSON
   * types, as `JSON.stringify` would post it); `"cells"`, as a spreadsheet's cells (keys matched as headers over
   * the whole call, `""` empty, `"oui"` true, a missing `id_erp_apprenant` generated).
   */
  values?: "json" | "cells";
  /** The name shown in `report.file.name` (default `"rows"`). */
  name?: string;
}

/** Options of `checkFile`. Every option may be left out. */
export interface CheckFileOptions extends CheckOptions {
  /** Workbooks: the sheet to read, by name (default: the first sheet holding a header row). */
  sheet?: string | null;
}

/** Options of `indicators`: those of `checkFile`, and the months of the series. */
export interface IndicatorsOptions extends CheckFileOptions {
  /** The first month, `"AAAA-MM"` (default: the start of the file's earliest school year). */
  du?: string | null;
  /** The last month, `"AAAA-MM"` (default: the end of the file's latest school year). At most 36 months. */
  au?: string | null;
}

/** What was found out about the file. */
export interface FileDescription {
  /** The file name given (for `checkRows`, its `name` option, default `"rows"`). */
  name: string;
  /**
   * The format actually read, from the content; for `checkRows`, `"json"` (objects as the API receives them) or
   * `"rows"` (`values: "cells"`).
   */
  format: "xlsx" | "xlsm" | "xlsb" | "xls" | "ods" | "csv" | "json" | "rows";
  /** Workbooks: the sheet read. */
  sheet: string | null;
  /** CSV: the detected encoding (`"UTF-8"`, `"UTF-8 (BOM)"`, `"windows-1252"`, `"UTF-16LE"`, `"UTF-16BE"`). */
  encoding: string | null;
  /** CSV: the detected delimiter (`";"`, `","`, tab or `"|"`). */
  delimiter: string | null;
  /** The spreadsheet row number of the header row (first row = 1; 0 for `checkRows`). */
  header_line: number;
}

/** One column of the file. */
export interface Column {
  /** Position, from 0. */
  index: number;
  /** The column letter as in Excel (`"A"`, `"B"`, … `"AA"`). */
  letter: string;
  /** The header as written. */
  header: string;
  /** The field the column feeds, or null when it is ignored. */
  field: string | null;
  /**
   * How the field was recognised: the field name itself (`exact`), the name with different case, accents or
   * separators (`normalized`), a French label or synonym (`label`), the `columns` option or a recipe's (`manual`),
   * not at all (`none`), or not in the file: added by a recipe's value for every line (`recipe`, header = the
   * field's name).
   */
  match: "exact" | "normalized" | "label" | "manual" | "none" | "recipe";
}

/** A finding of the file reader about the file rather than one line's values. */
export interface ReadWarning {
  /** The spreadsheet line concerned, when it is one line. */
  line: number | null;
  /**
   * The stable code (`"en-tete-repetee"`: a header repeated mid-file, that line left out; `"cellules-fusionnees"`;
   * `"feuille-endommagee"`: a damaged sheet skipped while another was read, its content neither checked nor sent).
   */
  code: string;
  /** The French message. */
  message: string;
}

/** One problem on a line. */
export interface Diagnostic {
  /** The field, or null for the whole line. */
  field: string | null;
  /** The stable code (`"date-inexistante"`, `"siret-invalide"`, `"contrat-incomplet"`…): never renamed. */
  code: string;
  /** The French message. */
  message: string;
  /** How to fix it, when a hint helps. */
  hint?: string;
  /**
   * The corrected cell text, only where the engine knows the one meaning of the wrong value (spaces or dots inside
   * a SIRET, UAI, code postal; surrounding spaces; full-width digits; `Homme` for `M`…). Never a guess.
   */
  suggestion?: string;
}

/** One step of the statut timeline. */
export interface Etape {
  /** `"AAAA-MM-JJ"`. */
  date: string;
  /** The statut from that day. */
  valeur: StatutValeur;
}

/** The computed statut of a learner. */
export interface Statut {
  /** The statut at the evaluation day. */
  en_cours: StatutValeur;
  /** Its French label (`"Apprenti"`, `"Inscrit sans contrat"`…). */
  libelle: string;
  /** The timeline. */
  parcours: Etape[];
}

/** One line of the file (one learner). */
export interface Line {
  /** The spreadsheet row number (header included, first row = 1); record `i` of `checkRows` is line `i + 1`. */
  line: number;
  /** Whether the line can be sent (no error). */
  valid: boolean;
  /** Errors: the platform would reject the line. */
  errors: Diagnostic[];
  /** Warnings: the line would be accepted, but something deserves a look. */
  warnings: Diagnostic[];
  /**
   * The v3 dossier exactly as it would be sent (dates `AAAA-MM-JJ`), or null when the line is invalid. Built when
   * first read (an accessor until then, then a plain data property: see the package README).
   */
  dossier: Record<string, string | number | boolean> | null;
  /** The statut, or null when the formation dates cannot be read. Built when first read, as the dossier. */
  statut: Statut | null;
}

/** Figures over the whole file. */
export interface Summary {
  /** Non-blank lines. */
  lines: number;
  /** Lines without error. */
  valid: number;
  /** Lines with errors. */
  invalid: number;
  /** Errors, all lines together. */
  errors: number;
  /** Warnings, all lines together. */
  warnings: number;
  /** Lines without any contract start date. */
  sans_contrat: number;
  /**
   * What the Tableau de bord will count at the evaluation day once the valid lines are sent, by statut (every statut
   * present, 0 included): the valid lines only, as `indicateurs` counts them (lines in error are `invalid`).
   */
  statuts: Record<StatutValeur, number>;
  /** The Tableau de bord's indicators at the evaluation day. */
  indicateurs: Indicateurs;
}

/** The five figures of the Tableau de bord's indicators. */
export interface IndicateursFigures {
  /** Every effectif counted but the abandons. */
  apprenants: number;
  /** `APPRENTI` and `FIN_DE_FORMATION` (an apprentice whose training has ended is still counted as one). */
  apprentis: number;
  /** `INSCRIT`: inscrits sans contrat. */
  inscrits: number;
  /** `RUPTURANT`. */
  rupturants: number;
  /** `ABANDON` (not among the apprenants). */
  abandons: number;
}

/**
 * The Tableau de bord's indicators at one date, computed as it computes them: valid lines only, one effectif per
 * learner, school year and CFA formateur (the last line wins), the school years of the date, each effectif under the
 * last step of its statut timeline on or before the date. `summary.indicateurs`, and each point of `indicators()`.
 */
export interface Indicateurs extends IndicateursFigures {
  /** The date, `"AAAA-MM-JJ"`. */
  date: string;
  /** The formations with an effectif counted at that date, by RNCP then CFD (absent codes last). */
  par_formation: FormationIndicateurs[];
}

/** The indicators of one formation (`formation_rncp` + `formation_cfd`). */
export interface FormationIndicateurs {
  /** `formation_rncp`, or null. */
  rncp: string | null;
  /** `formation_cfd`, or null. */
  cfd: string | null;
  /** The last `libelle_court_formation` given for the formation, or null. */
  libelle: string | null;
  apprenants: number;
  apprentis: number;
  inscrits: number;
  rupturants: number;
  abandons: number;
}

/** The report of `checkFile` and `checkRows`: the JSON report of `effectifs check --format json`. */
export interface Report {
  file: FileDescription;
  /** The profile checked against. */
  profile: Profile;
  /** The evaluation day of the statuts, `"AAAA-MM-JJ"`. */
  today: string;
  /** The columns of the file, in file order. */
  columns: Column[];
  /** Required fields (of the profile) that no column provides. */
  missing_columns: string[];
  /** Headers no field matched (and that the `columns` option or the recipe did not ignore). */
  unknown_columns: string[];
  /** Fields provided by several columns (the last one is used). */
  duplicate_columns: string[];
  /** What the file reader changed or left out (a repeated header line, merged cells), so nothing is lost silently. */
  read_warnings: ReadWarning[];
  /** The cells the `recipe` option changed (present only when a recipe was given). */
  fixes?: Fixes;
  /** One entry per non-blank line, in file order. */
  lines: Line[];
  summary: Summary;
}

/** One field of the contract, as `fields()` describes it. */
export interface FieldInfo {
  /** The contract's name (`"nom_apprenant"`). */
  name: string;
  /** A short French label (`"Nom"`). */
  label: string;
  /** Whether a line without a value is invalid, per profile. */
  required: { televersement: boolean; api: boolean };
  /** Left empty, the value is generated from the learner's identity (`id_erp_apprenant`). */
  generated: boolean;
  /** The kind of value. */
  type: "texte" | "date" | "booleen" | "entier" | "code";
  /** What the field means, in French. */
  description: string;
  /** The accepted format, in French. */
  format: string;
  /** An example value (may be empty). */
  example: string;
  /** The header of the official template (with its `*`/`**` marks), or null when the template has no such column. */
  template_header: string | null;
  /** The other headers recognised for this field. */
  synonyms: string[];
}
