//! The page's state logic (`effectifs_web::state`): each case is a list of actions from a fresh
//! page and the expected state and effects after the last one, written as one line of text.
//! Runs natively (`cargo test -p effectifs-web`) and in headless Chromium
//! (`cargo test -p effectifs-web --target wasm32-unknown-unknown`, see scripts/test.sh).

use effectifs_send::{Config, Event, Item, SendOutcome, SendSession, Step};
use effectifs_web::protocol::{
    ChangedLine, ColumnView, ExportKind, Figures, FileInfoView, FileView, FixCounts, FixKind, FixRequest, Fixed,
    IndicatorsView, LineView, Mark, MonthFigures, PayloadItem, Request, Response, Severity, Stage, SuggestionView,
    SummaryView, Update,
};
use effectifs_web::state::{
    Action, Chart, ChartKey, Direction, Effect, FixDialog, Indicator, Outcome, Phase, Receipt, Remembered, SendPhase,
    Source, State, Target, Viewport,
};

#[cfg(target_arch = "wasm32")]
use wasm_bindgen_test::wasm_bindgen_test;
#[cfg(target_arch = "wasm32")]
wasm_bindgen_test::wasm_bindgen_test_configure!(run_in_browser);

const TODAY: &str = "2026-01-15";
/// The recipe the worker reports for the test file.
const RECIPE: &str = "{\"version\":1}";

fn mark(column: Option<u32>, severity: Severity, code: &str) -> Mark {
    Mark {
        column,
        field: None,
        severity,
        code: code.to_owned(),
        message: format!("message {code}"),
        hint: String::new(),
        suggestion: None,
    }
}

fn line(line: u32, cells: &[&str], marks: Vec<Mark>) -> LineView {
    let count = |s| u32::try_from(marks.iter().filter(|m| m.severity == s).count()).unwrap_or(0);
    LineView {
        line,
        cells: cells.iter().map(|&c| c.to_owned()).collect(),
        errors: count(Severity::Error),
        warnings: count(Severity::Warning),
        marks,
        statut: None,
        fixed: vec![],
    }
}

fn column(letter: &str, field: Option<&str>, errors: u32) -> ColumnView {
    ColumnView {
        letter: letter.to_owned(),
        header: letter.to_lowercase(),
        field: field.map(str::to_owned),
        label: None,
        matched: if field.is_some() { "exact" } else { "none" }.to_owned(),
        errors,
        warnings: 0,
        suggestions: 0,
        candidates: vec![],
    }
}

fn summary(lines: u32, invalid: u32, today: &str) -> SummaryView {
    SummaryView {
        lines,
        valid: lines - invalid,
        invalid,
        errors: invalid,
        warnings: 0,
        apprentis: 0,
        inscrits_sans_contrat: 0,
        rupturants: 0,
        abandons: 0,
        fin_de_formation: 0,
        sans_contrat: 0,
        today: today.to_owned(),
        indicateurs: IndicatorsView::default(),
    }
}

/// Four lines, three columns: row 1 has an error in column 1 and a warning in column 2, row 2 a
/// warning in column 0, row 3 an error in column 2 and an error about the whole line; then
/// `extra` valid lines.
fn file(extra: u32) -> FileView {
    let mut lines = vec![
        line(2, &["Ana", "01/09/2025", "77568013501139"], vec![]),
        line(
            3,
            &["Bob", "31/02/2025", "1"],
            vec![
                mark(Some(1), Severity::Error, "date-inexistante"),
                mark(Some(2), Severity::Warning, "w"),
            ],
        ),
        line(4, &["Cy"], vec![mark(Some(0), Severity::Warning, "w")]),
        line(
            5,
            &["Dan", "02/09/2025", "123"],
            vec![
                mark(Some(2), Severity::Error, "siret-invalide"),
                mark(None, Severity::Error, "doublon"),
            ],
        ),
    ];
    lines.extend((0..extra).map(|i| line(6 + i, &["X", "01/09/2025", "77568013501139"], vec![])));
    let count = u32::try_from(lines.len()).unwrap_or(0);
    FileView {
        file: FileInfoView {
            name: "f.xlsx".to_owned(),
            format: "xlsx".to_owned(),
            sheet: Some("Feuil1".to_owned()),
            sheets: vec!["Feuil1".to_owned()],
            encoding: None,
            delimiter: None,
            header_line: 1,
        },
        header_key: "cle".to_owned(),
        profile: "televersement".to_owned(),
        columns: vec![
            column("A", Some("nom_apprenant"), 0),
            column("B", Some("date_debut"), 1),
            column("C", None, 1),
        ],
        missing_columns: vec![],
        duplicate_columns: vec![],
        read_warnings: vec![],
        fields: vec![],
        summary: summary(count, 2, TODAY),
        fixes: FixCounts::default(),
        recipe: RECIPE.to_owned(),
        lines,
    }
}

fn source() -> Source {
    Source {
        name: "f.xlsx".to_owned(),
        bytes: vec![1, 2, 3].into(),
    }
}

fn cell(row: u32, column: u32) -> Target {
    Target {
        row,
        column: Some(column),
    }
}

/// Choose the file and get it opened.
fn open(extra: u32) -> Vec<Action> {
    vec![
        Action::ChooseFile(source()),
        Action::Worker(Response::Opened(Box::new(file(extra)))),
    ]
}

/// The small file opened, its mapping panel closed, then these actions.
fn ready(more: Vec<Action>) -> Vec<Action> {
    then(open(0), then(vec![Action::CloseMapping], more))
}

fn then(mut first: Vec<Action>, more: Vec<Action>) -> Vec<Action> {
    first.extend(more);
    first
}

/// Row 1 fixed: no more error, the summary says so.
fn fixed_row_1() -> Action {
    Action::Worker(Response::Updated(Box::new(Update {
        summary: summary(4, 1, TODAY),
        columns: vec![
            column("A", Some("nom_apprenant"), 0),
            column("B", Some("date_debut"), 0),
            column("C", None, 1),
        ],
        lines: vec![ChangedLine {
            row: 1,
            view: line(3, &["Bob", "28/02/2025", "1"], vec![]),
        }],
        fixes: FixCounts::default(),
        cells: None,
    })))
}

fn target_text(t: &Target) -> String {
    format!("{}:{}", t.row, t.column.map_or("etat".to_owned(), |c| c.to_string()))
}

fn effect_text(effect: &Effect) -> String {
    match effect {
        Effect::Send(request) => match request {
            Request::Open {
                name,
                sheet,
                profile,
                today,
                ..
            } => {
                format!("open({name},{},{profile},{today})", sheet.as_deref().unwrap_or("-"))
            }
            Request::Remap { mapping } => format!("remap({})", mapping_text(mapping)),
            Request::Edit { row, column, text } => format!("edit({row},{column},{text})"),
            Request::SetToday { today } => format!("today({today})"),
            Request::Export { kind } => format!("export({kind:?})"),
            Request::Payloads => "payloads".to_owned(),
            Request::Fix(fix) => match fix {
                FixRequest::Value { field, value } => format!("fix(value,{field},{value})"),
                FixRequest::Replace { column, from, to } => format!("fix(replace,{column},{from},{to})"),
                FixRequest::Suggestions { column, rows } => format!(
                    "fix(suggestions,{column},{})",
                    rows.as_ref().map_or("all".to_owned(), |rows| format!("{rows:?}"))
                ),
                FixRequest::Recipe { json, remembered } => {
                    format!(
                        "fix(recipe,{json},{})",
                        if *remembered { "remembered" } else { "imported" }
                    )
                }
            },
            Request::UndoFix => "undofix".to_owned(),
            Request::CheckValue { field, text } => format!("check({field},{text})"),
            Request::CountReplace { column, from } => format!("count({column},{from})"),
            Request::Suggestions { column } => format!("suggestions({column})"),
        },
        Effect::RestartWorker => "restart".to_owned(),
        Effect::Download { file_name, .. } => format!("download({file_name})"),
        Effect::LookUpMapping { key } => format!("lookup({key})"),
        Effect::SaveRecipe { key, json } => format!("save({key},{json})"),
        Effect::RecipeAutomatic { key, on } => format!("recipe-auto({key},{on})"),
        Effect::Reveal { target, marker } => format!(
            "reveal({}{})",
            target_text(target),
            if *marker { ",marque" } else { "" }
        ),
        Effect::FocusEditor => "editor".to_owned(),
        Effect::Opened { lines } => format!("opened({lines})"),
        Effect::FocusKey => "focus-key".to_owned(),
        Effect::RememberKey(remember) => format!("remember({remember})"),
        Effect::AcknowledgeNotice => "acknowledge".to_owned(),
        Effect::StartSend { items } => format!(
            "start({})",
            items.iter().map(|i| i.line.to_string()).collect::<Vec<_>>().join(",")
        ),
        Effect::ResumeSend => "resume".to_owned(),
        Effect::DropSend => "drop".to_owned(),
        Effect::FocusChartPoint(month) => format!("focus-point({month})"),
    }
}

fn mapping_text(mapping: &[Option<String>]) -> String {
    mapping
        .iter()
        .map(|m| m.as_deref().unwrap_or("-"))
        .collect::<Vec<_>>()
        .join("|")
}

/// One line saying everything a case may check.
fn describe(state: &State, render: bool, effects: &[Effect]) -> String {
    let phase = match &state.phase {
        Phase::Empty => "empty".to_owned(),
        Phase::Working { done, total, stage } => format!("working({done}/{total},{stage:?})"),
        Phase::ChooseSheet { sheets, selected } => format!("sheet({}>{selected})", sheets.join("|")),
        Phase::Ready => "ready".to_owned(),
    };
    // Long lists (the long file's rows) by their length only.
    let join = |v: &[u32]| {
        if v.len() > 12 {
            format!("{} rows", v.len())
        } else {
            v.iter().map(u32::to_string).collect::<Vec<_>>().join(",")
        }
    };
    let mut out = format!("{phase} rows=[{}] cols=[{}]", join(&state.rows), join(&state.columns));
    if let Some(cursor) = &state.cursor {
        out += &format!(" cursor={}", target_text(cursor));
    }
    if let Some(editing) = &state.editing {
        out += &format!(" editing={}:{}:{}", editing.row, editing.column, editing.text);
    }
    if !state.undo.is_empty() {
        out += &format!(" undo={}", state.undo.len());
    }
    if let Some(file) = &state.file {
        out += &format!(" invalid={}", file.summary.invalid);
        if let Some(text) = state.cell_text(1, 1) {
            out += &format!(" b3={text}");
        }
    }
    if state.mapping.open {
        out += &format!(" mapping=[{}]", mapping_text(&state.mapping.draft));
    }
    let window = state.window();
    if window.end > 0 {
        out += &format!(" window={}..{} top={}", window.start, window.end, state.viewport.top);
    }
    if let Some(error) = &state.file_error {
        out += &format!(" error={error}");
    }
    if let Some(notice) = &state.notice {
        out += &format!(" notice={notice}");
    }
    out += &format!(" today={}", state.today);
    out + &outcome_text(render, effects)
}

/// Whether the last action changed what is shown, and its effects.
fn outcome_text(render: bool, effects: &[Effect]) -> String {
    let mut out = String::new();
    if !render {
        out += " (unchanged)";
    }
    if !effects.is_empty() {
        out += &format!(" => {}", effects.iter().map(effect_text).collect::<Vec<_>>().join(" "));
    }
    out
}

/// Run the actions from a fresh page and describe the state after the last one; the mismatch, if
/// any.
fn check(name: &str, actions: Vec<Action>, expected: &str) -> Option<String> {
    check_by(describe, name, actions, expected)
}

/// [`check`] with another description of the state.
fn check_by(
    describe: fn(&State, bool, &[Effect]) -> String,
    name: &str,
    actions: Vec<Action>,
    expected: &str,
) -> Option<String> {
    let mut state = State::new(TODAY);
    let mut outcome = Outcome::default();
    for action in actions {
        outcome = state.apply(action);
    }
    let got = describe(&state, outcome.render, &outcome.effects);
    (got != expected).then(|| format!("case « {name} »\n  got:      {got}\n  expected: {expected}"))
}

const ALL: &str = "rows=[0,1,2,3] cols=[0,1,2]";

#[allow(clippy::too_many_lines)] // One table of cases.
fn cases() -> Vec<(&'static str, Vec<Action>, String)> {
    let w = |s: &str| format!("ready {ALL} {s}");
    vec![
        // Opening, progress, sheet choice, failures, cancel.
        (
            "choosing a file sends it to the worker",
            vec![Action::ChooseFile(source())],
            format!("working(0/0,Reading) rows=[] cols=[] today={TODAY} => open(f.xlsx,-,televersement,{TODAY})"),
        ),
        (
            "progress moves the bar",
            vec![
                Action::ChooseFile(source()),
                Action::Worker(Response::Progress {
                    done: 2000,
                    total: 5000,
                    stage: Stage::Validating,
                }),
            ],
            format!("working(2000/5000,Validating) rows=[] cols=[] today={TODAY}"),
        ),
        (
            "several sheets: the user picks one, the file is opened again with it",
            vec![
                Action::ChooseFile(source()),
                Action::Worker(Response::ChooseSheet {
                    sheets: vec!["A".to_owned(), "B".to_owned()],
                }),
                Action::SelectSheet("B".to_owned()),
                Action::OpenSheet,
            ],
            format!("working(0/0,Reading) rows=[] cols=[] today={TODAY} => open(f.xlsx,B,televersement,{TODAY})"),
        ),
        (
            "an unreadable file: the message, the page back to the drop zone",
            vec![
                Action::ChooseFile(source()),
                Action::Worker(Response::Failed {
                    message: "Illisible.".to_owned(),
                }),
            ],
            format!("empty rows=[] cols=[] error=Illisible. today={TODAY}"),
        ),
        (
            "an unreadable second file keeps the first one open",
            ready(vec![
                Action::ChooseProfile("api".to_owned()),
                Action::Worker(Response::Failed {
                    message: "Illisible.".to_owned(),
                }),
            ]),
            format!("ready {ALL} invalid=2 b3=31/02/2025 window=0..4 top=0 error=Illisible. today={TODAY}"),
        ),
        (
            "choosing another file clears the last message at once",
            vec![
                Action::ChooseFile(source()),
                Action::Worker(Response::Failed {
                    message: "Illisible.".to_owned(),
                }),
                Action::ReadingFile,
            ],
            format!("working(0/0,Reading) rows=[] cols=[] today={TODAY}"),
        ),
        (
            "cancel restarts the worker and drops everything",
            vec![Action::ChooseFile(source()), Action::Cancel],
            format!("empty rows=[] cols=[] notice=Lecture annulée. today={TODAY} => restart"),
        ),
        (
            "cancel does nothing when nothing runs",
            ready(vec![Action::Cancel]),
            w(&format!(
                "invalid=2 b3=31/02/2025 window=0..4 top=0 today={TODAY} (unchanged)"
            )),
        ),
        (
            "a crashed worker is restarted with a message",
            then(open(0), vec![Action::WorkerFailed("Arrêt.".to_owned())]),
            format!("empty rows=[] cols=[] error=Arrêt. today={TODAY} => restart"),
        ),
        (
            "opened: everything shown, timing, remembered mapping looked up",
            open(0),
            w(&format!(
                "invalid=2 b3=31/02/2025 mapping=[nom_apprenant|date_debut|-] window=0..4 top=0 today={TODAY} => opened(4) lookup(cle)"
            )),
        ),
        // Column mapping.
        (
            "a remembered mapping equal to the current one changes nothing",
            then(
                open(0),
                vec![Action::RememberedMapping(Some(vec![
                    Some("nom_apprenant".to_owned()),
                    Some("date_debut".to_owned()),
                    None,
                ]))],
            ),
            w(&format!(
                "invalid=2 b3=31/02/2025 mapping=[nom_apprenant|date_debut|-] window=0..4 top=0 today={TODAY} (unchanged)"
            )),
        ),
        (
            "a different remembered mapping is applied at once",
            then(
                open(0),
                vec![Action::RememberedMapping(Some(vec![
                    None,
                    Some("date_debut".to_owned()),
                    Some("siret".to_owned()),
                ]))],
            ),
            format!(
                "working(0/0,Reading) {ALL} invalid=2 b3=31/02/2025 mapping=[nom_apprenant|date_debut|-] window=0..4 top=0 notice=La correspondance des colonnes enregistrée pour ce type de fichier a été appliquée. today={TODAY} => remap(-|date_debut|siret)"
            ),
        ),
        (
            "a remembered mapping of another length is ignored",
            then(open(0), vec![Action::RememberedMapping(Some(vec![None]))]),
            w(&format!(
                "invalid=2 b3=31/02/2025 mapping=[nom_apprenant|date_debut|-] window=0..4 top=0 today={TODAY} (unchanged)"
            )),
        ),
        (
            "the user maps a column and applies: remembered, then remapped",
            ready(vec![
                Action::OpenMapping,
                Action::MapColumn {
                    column: 2,
                    field: Some("siret".to_owned()),
                },
                Action::MapColumn { column: 0, field: None },
                Action::ApplyMapping,
            ]),
            format!(
                "working(0/0,Reading) {ALL} invalid=2 b3=31/02/2025 window=0..4 top=0 today={TODAY} => remap(-|date_debut|siret)"
            ),
        ),
        (
            "the remapped file's recipe is remembered for its header row",
            ready(vec![
                Action::OpenMapping,
                Action::MapColumn { column: 0, field: None },
                Action::ApplyMapping,
                Action::Worker(Response::Opened(Box::new(file(0)))),
            ]),
            w(&format!(
                "invalid=2 b3=31/02/2025 window=0..4 top=0 today={TODAY} => save(cle,{RECIPE})"
            )),
        ),
        (
            "applying the mapping as it is only closes the panel (no revalidation, the undo history stays)",
            ready(vec![Action::OpenMapping, Action::ApplyMapping]),
            w(&format!("invalid=2 b3=31/02/2025 window=0..4 top=0 today={TODAY}")),
        ),
        // Filters.
        (
            "lines in error only",
            ready(vec![Action::FilterLines(true)]),
            format!("ready rows=[1,3] cols=[0,1,2] invalid=2 b3=31/02/2025 window=0..2 top=0 today={TODAY}"),
        ),
        (
            "columns in error only",
            then(open(0), vec![Action::CloseMapping, Action::FilterColumns(true)]),
            format!("ready rows=[0,1,2,3] cols=[1,2] invalid=2 b3=31/02/2025 window=0..4 top=0 today={TODAY}"),
        ),
        (
            "both filters, then lines filter off again",
            then(
                open(0),
                vec![
                    Action::CloseMapping,
                    Action::FilterLines(true),
                    Action::FilterColumns(true),
                    Action::FilterLines(false),
                ],
            ),
            format!("ready rows=[0,1,2,3] cols=[1,2] invalid=2 b3=31/02/2025 window=0..4 top=0 today={TODAY}"),
        ),
        (
            "a fixed line leaves the lines-in-error view",
            ready(vec![Action::FilterLines(true), fixed_row_1()]),
            format!("ready rows=[3] cols=[0,1,2] invalid=1 b3=28/02/2025 window=0..1 top=0 today={TODAY}"),
        ),
        // Next-error navigation and per-column counts.
        (
            "first error",
            ready(vec![Action::NextError]),
            w(&format!(
                "cursor=1:1 invalid=2 b3=31/02/2025 window=0..4 top=0 today={TODAY} => reveal(1:1,marque)"
            )),
        ),
        (
            "second error, in another line",
            then(
                open(0),
                vec![Action::CloseMapping, Action::NextError, Action::NextError],
            ),
            w(&format!(
                "cursor=3:2 invalid=2 b3=31/02/2025 window=0..4 top=0 today={TODAY} => reveal(3:2,marque)"
            )),
        ),
        (
            "an error about the whole line is in its status cell",
            ready(vec![Action::NextError, Action::NextError, Action::NextError]),
            w(&format!(
                "cursor=3:etat invalid=2 b3=31/02/2025 window=0..4 top=0 today={TODAY} => reveal(3:etat,marque)"
            )),
        ),
        (
            "after the last error, back to the first",
            ready(vec![
                Action::NextError,
                Action::NextError,
                Action::NextError,
                Action::NextError,
            ]),
            w(&format!(
                "cursor=1:1 invalid=2 b3=31/02/2025 window=0..4 top=0 today={TODAY} => reveal(1:1,marque)"
            )),
        ),
        (
            "next error from a cell after the errors of its line",
            ready(vec![Action::Focus(cell(1, 2)), Action::NextError]),
            w(&format!(
                "cursor=3:2 invalid=2 b3=31/02/2025 window=0..4 top=0 today={TODAY} => reveal(3:2,marque)"
            )),
        ),
        (
            "no error left: a message",
            ready(vec![
                Action::FilterLines(true),
                Action::FilterLines(false),
                fixed_row_1(),
                Action::Worker(Response::Updated(Box::new(Update {
                    summary: summary(4, 0, TODAY),
                    columns: vec![
                        column("A", Some("nom_apprenant"), 0),
                        column("B", Some("date_debut"), 0),
                        column("C", None, 0),
                    ],
                    lines: vec![ChangedLine {
                        row: 3,
                        view: line(5, &["Dan"], vec![]),
                    }],
                    fixes: FixCounts::default(),
                    cells: None,
                }))),
                Action::NextError,
            ]),
            format!(
                "ready rows=[0,1,2,3] cols=[0,1,2] invalid=0 b3=28/02/2025 window=0..4 top=0 notice=Aucune erreur dans les lignes affichées. today={TODAY}"
            ),
        ),
        (
            "a column's error count goes to its first error",
            ready(vec![Action::GoToColumn(2)]),
            w(&format!(
                "cursor=3:2 invalid=2 b3=31/02/2025 window=0..4 top=0 today={TODAY} => reveal(3:2,marque)"
            )),
        ),
        (
            "a column without error: nothing",
            then(open(0), vec![Action::CloseMapping, Action::GoToColumn(0)]),
            w(&format!(
                "invalid=2 b3=31/02/2025 window=0..4 top=0 today={TODAY} (unchanged)"
            )),
        ),
        // Keyboard cursor.
        (
            "arrows move the cursor, left of the first column is the status cell",
            then(
                open(0),
                vec![
                    Action::CloseMapping,
                    Action::Focus(cell(0, 0)),
                    Action::Move(Direction::Down),
                    Action::Move(Direction::Left),
                ],
            ),
            w(&format!(
                "cursor=1:etat invalid=2 b3=31/02/2025 window=0..4 top=0 today={TODAY} => reveal(1:etat)"
            )),
        ),
        (
            "no move past the last line",
            ready(vec![Action::Focus(cell(3, 2)), Action::Move(Direction::Down)]),
            w(&format!(
                "cursor=3:2 invalid=2 b3=31/02/2025 window=0..4 top=0 today={TODAY} (unchanged)"
            )),
        ),
        // Editing and undo.
        (
            "Enter opens the editor with the cell's text",
            ready(vec![Action::StartEdit(Some(cell(1, 1)))]),
            w(&format!(
                "cursor=1:1 editing=1:1:31/02/2025 invalid=2 b3=31/02/2025 window=0..4 top=0 today={TODAY} => editor"
            )),
        ),
        (
            "no editor on the status cell",
            then(
                open(0),
                vec![
                    Action::CloseMapping,
                    Action::StartEdit(Some(Target { row: 1, column: None })),
                ],
            ),
            w(&format!(
                "invalid=2 b3=31/02/2025 window=0..4 top=0 today={TODAY} (unchanged)"
            )),
        ),
        (
            "Escape cancels",
            ready(vec![
                Action::StartEdit(Some(cell(1, 1))),
                Action::EditText("x".to_owned()),
                Action::CancelEdit,
            ]),
            w(&format!(
                "cursor=1:1 invalid=2 b3=31/02/2025 window=0..4 top=0 today={TODAY} => reveal(1:1)"
            )),
        ),
        (
            "Enter commits: shown at once, sent, undoable",
            ready(vec![
                Action::StartEdit(Some(cell(1, 1))),
                Action::EditText("28/02/2025".to_owned()),
                Action::CommitEdit,
            ]),
            w(&format!(
                "cursor=1:1 undo=1 invalid=2 b3=28/02/2025 window=0..4 top=0 today={TODAY} => edit(1,1,28/02/2025) reveal(1:1)"
            )),
        ),
        (
            "an unchanged text is not sent",
            ready(vec![Action::StartEdit(Some(cell(1, 1))), Action::CommitEdit]),
            w(&format!(
                "cursor=1:1 invalid=2 b3=31/02/2025 window=0..4 top=0 today={TODAY} => reveal(1:1)"
            )),
        ),
        (
            "the worker's answer updates the line and the summary",
            ready(vec![
                Action::StartEdit(Some(cell(1, 1))),
                Action::EditText("28/02/2025".to_owned()),
                Action::CommitEdit,
                fixed_row_1(),
            ]),
            format!(
                "ready rows=[0,1,2,3] cols=[0,1,2] cursor=1:1 undo=1 invalid=1 b3=28/02/2025 window=0..4 top=0 today={TODAY}"
            ),
        ),
        (
            "undo sends the previous text back",
            ready(vec![
                Action::StartEdit(Some(cell(1, 1))),
                Action::EditText("28/02/2025".to_owned()),
                Action::CommitEdit,
                fixed_row_1(),
                Action::Undo,
            ]),
            format!(
                "ready rows=[0,1,2,3] cols=[0,1,2] cursor=1:1 invalid=1 b3=31/02/2025 window=0..4 top=0 today={TODAY} => edit(1,1,31/02/2025) reveal(1:1)"
            ),
        ),
        (
            "two edits are undone last first",
            ready(vec![
                Action::StartEdit(Some(cell(1, 1))),
                Action::EditText("a".to_owned()),
                Action::CommitEdit,
                Action::StartEdit(Some(cell(1, 1))),
                Action::EditText("b".to_owned()),
                Action::CommitEdit,
                Action::Undo,
            ]),
            w(&format!(
                "cursor=1:1 undo=1 invalid=2 b3=a window=0..4 top=0 today={TODAY} => edit(1,1,a) reveal(1:1)"
            )),
        ),
        (
            "undo with nothing to undo",
            ready(vec![Action::Undo]),
            w(&format!(
                "invalid=2 b3=31/02/2025 window=0..4 top=0 today={TODAY} (unchanged)"
            )),
        ),
        (
            "editing a cell past the line's last cell",
            then(
                open(0),
                vec![
                    Action::CloseMapping,
                    Action::StartEdit(Some(cell(2, 2))),
                    Action::EditText("z".to_owned()),
                    Action::CommitEdit,
                ],
            ),
            w(&format!(
                "cursor=2:2 undo=1 invalid=2 b3=31/02/2025 window=0..4 top=0 today={TODAY} => edit(2,2,z) reveal(2:2)"
            )),
        ),
        // Evaluation date and downloads.
        (
            "a new evaluation date recomputes the statuts",
            ready(vec![Action::SetToday("2027-09-01".to_owned())]),
            w("invalid=2 b3=31/02/2025 window=0..4 top=0 today=2027-09-01 => today(2027-09-01)"),
        ),
        (
            "a date chosen while the file opens is not lost: the statuts are computed again at it",
            vec![
                Action::ChooseFile(source()),
                Action::SetToday("2027-09-01".to_owned()),
                Action::Worker(Response::Opened(Box::new(file(0)))),
                Action::CloseMapping,
            ],
            w("invalid=2 b3=31/02/2025 window=0..4 top=0 today=2027-09-01"),
        ),
        (
            "…and the request for it goes with the view",
            vec![
                Action::ChooseFile(source()),
                Action::SetToday("2027-09-01".to_owned()),
                Action::Worker(Response::Opened(Box::new(file(0)))),
            ],
            format!(
                "ready {ALL} invalid=2 b3=31/02/2025 mapping=[nom_apprenant|date_debut|-] window=0..4 top=0 \
                 today=2027-09-01 => opened(4) lookup(cle) today(2027-09-01)"
            ),
        ),
        (
            "a profile chosen while the file opens is not lost: the file is checked again against it",
            vec![
                Action::ChooseFile(source()),
                Action::ChooseProfile("api".to_owned()),
                Action::Worker(Response::Opened(Box::new(file(0)))),
            ],
            format!(
                "working(0/0,Reading) {ALL} invalid=2 b3=31/02/2025 mapping=[nom_apprenant|date_debut|-] \
                 window=0..4 top=0 today={TODAY} => opened(4) lookup(cle) open(f.xlsx,Feuil1,api,{TODAY})"
            ),
        ),
        (
            "an incomplete date is ignored",
            ready(vec![Action::SetToday(String::new())]),
            w(&format!(
                "invalid=2 b3=31/02/2025 window=0..4 top=0 today={TODAY} (unchanged)"
            )),
        ),
        (
            "a download asks the worker, then offers the file",
            then(
                open(0),
                vec![
                    Action::CloseMapping,
                    Action::Download(ExportKind::Annotated),
                    Action::Worker(Response::Exported {
                        file_name: "a.xlsx".to_owned(),
                        mime: "m".to_owned(),
                        bytes: vec![1],
                    }),
                ],
            ),
            w(&format!(
                "invalid=2 b3=31/02/2025 window=0..4 top=0 today={TODAY} => download(a.xlsx)"
            )),
        ),
        (
            "the template needs no file",
            vec![Action::Download(ExportKind::Template)],
            format!("empty rows=[] cols=[] today={TODAY} => export(Template)"),
        ),
        // The virtualised table's window.
        (
            "a long file renders only the rows in view and the overscan",
            then(
                open(996),
                vec![
                    Action::CloseMapping,
                    Action::Scroll(Viewport { top: 3600, height: 672 }),
                ],
            ),
            format!(
                "ready rows=[1000 rows] cols=[0,1,2] invalid=2 b3=31/02/2025 window=92..128 top=3600 today={TODAY}"
            ),
        ),
        (
            "scrolling within the rendered block renders nothing",
            then(
                open(996),
                vec![
                    Action::CloseMapping,
                    Action::Scroll(Viewport { top: 3600, height: 672 }),
                    Action::Scroll(Viewport { top: 3700, height: 672 }),
                ],
            ),
            format!(
                "ready rows=[1000 rows] cols=[0,1,2] invalid=2 b3=31/02/2025 window=92..128 top=3700 today={TODAY} (unchanged)"
            ),
        ),
        (
            "scrolling into the next block renders it",
            then(
                open(996),
                vec![
                    Action::CloseMapping,
                    Action::Scroll(Viewport { top: 3600, height: 672 }),
                    Action::Scroll(Viewport { top: 4200, height: 672 }),
                ],
            ),
            format!(
                "ready rows=[1000 rows] cols=[0,1,2] invalid=2 b3=31/02/2025 window=108..144 top=4200 today={TODAY}"
            ),
        ),
        (
            "going to an error far below scrolls to it",
            then(
                open(996),
                vec![
                    Action::CloseMapping,
                    Action::Scroll(Viewport { top: 0, height: 672 }),
                    Action::Worker(Response::Updated(Box::new(Update {
                        summary: summary(1000, 3, TODAY),
                        columns: vec![
                            column("A", Some("nom_apprenant"), 1),
                            column("B", Some("date_debut"), 1),
                            column("C", None, 1),
                        ],
                        lines: vec![ChangedLine {
                            row: 900,
                            view: line(906, &["Z"], vec![mark(Some(0), Severity::Error, "e")]),
                        }],
                        fixes: FixCounts::default(),
                        cells: None,
                    }))),
                    Action::FilterColumns(true),
                    Action::GoToColumn(0),
                ],
            ),
            format!(
                "ready rows=[1000 rows] cols=[0,1,2] cursor=900:0 invalid=3 b3=31/02/2025 window=876..912 top=31860 \
                 today={TODAY} => reveal(900:0,marque)"
            ),
        ),
    ]
}

#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test)]
#[cfg_attr(not(target_arch = "wasm32"), test)]
fn page_state() {
    let failures: Vec<String> = cases()
        .into_iter()
        .filter_map(|(name, actions, expected)| check(name, actions, &expected))
        .collect();
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// A chosen file is refused from its size (`File.size`) before a byte of it is read: the limit itself
/// passes, one byte more (or a size the browser cannot give) does not, with the engine's message.
#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test)]
#[cfg_attr(not(target_arch = "wasm32"), test)]
fn file_size_refusals() {
    let limit = 100.0 * 1024.0 * 1024.0;
    let cases: [(f64, Option<&str>); 6] = [
        (0.0, None),
        (3_000_000.0, None),
        (limit, None),
        (
            limit + 1.0,
            Some("Le fichier est trop volumineux (100 Mo) : la limite est de 100 Mo."),
        ),
        (1.5e9, Some("Le fichier est trop volumineux (1")),
        (f64::NAN, Some("Le fichier est trop volumineux (")),
    ];
    for (size, expected) in cases {
        let got = effectifs_web::state::size_refusal(size).map(|action| match action {
            Action::FileUnreadable(message) => message,
            other => panic!("{size}: {other:?}"),
        });
        match (expected, &got) {
            (None, None) => {}
            (Some(start), Some(message)) if message.starts_with(start) => {}
            _ => panic!("{size}: expected {expected:?}, got {got:?}"),
        }
    }
    // The refusal, applied to a fresh page: the message shown, nothing asked of the worker.
    let refusal = effectifs_web::state::size_refusal(1.5e9).expect("refused");
    let mut state = State::new(TODAY);
    let outcome = state.apply(refusal);
    assert!(outcome.effects.is_empty());
    assert_eq!(state.phase, Phase::Empty);
    assert!(
        state
            .file_error
            .as_deref()
            .is_some_and(|error| error.contains("trop volumineux"))
    );
}

/// The French texts derived from the state.
#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test)]
#[cfg_attr(not(target_arch = "wasm32"), test)]
fn texts() {
    use effectifs_web::state::{french_date, group_thousands, line_status, plural};
    let cases: [(String, &str); 8] = [
        (french_date("2025-09-01"), "01/09/2025"),
        (french_date("bientôt"), "bientôt"),
        (group_thousands(100_000), "100\u{202f}000"),
        (group_thousands(999), "999"),
        (plural(1, "erreur", "erreurs"), "1 erreur"),
        (plural(12_000, "ligne", "lignes"), "12\u{202f}000 lignes"),
        (
            format!(
                "{:?}",
                line_status(&line(
                    3,
                    &[],
                    vec![mark(Some(1), Severity::Error, "e"), mark(None, Severity::Error, "f")]
                ))
            ),
            "(\"erreurs\", \"2 erreurs\")",
        ),
        (
            format!(
                "{:?}",
                line_status(&line(3, &[], vec![mark(Some(1), Severity::Warning, "e")]))
            ),
            "(\"avertissements\", \"1 avertissement\")",
        ),
    ];
    for (got, expected) in cases {
        assert_eq!(got, expected);
    }
}

// ----- Sending (issue 4) -----

const DESTINATION: &str = "http://127.0.0.1:8080/api";
const WHEN: &str = "23/11/2026 à 17:45";

/// The worker's payloads for the valid lines of `file(0)` (lines 2 and 4).
fn payloads() -> Response {
    Response::Payloads {
        items: [2, 4]
            .into_iter()
            .map(|line| PayloadItem {
                line,
                dossier: format!(r#"{{"nom_apprenant":"N{line}"}}"#),
            })
            .collect(),
    }
}

/// What the real send engine makes of lines 2 and 4 when the server gives these answers in turn (status, body):
/// the outcome the page gets at the end of a send.
fn engine(answers: &[(u16, &str)]) -> SendOutcome {
    let items = [2, 4]
        .into_iter()
        .map(|line| Item {
            line,
            dossier: serde_json::from_str(&format!(r#"{{"nom_apprenant":"N{line}"}}"#)).unwrap_or_default(),
        })
        .collect();
    let mut session = SendSession::new(
        items,
        DESTINATION,
        Config {
            max_retries: 0,
            ..Config::default()
        },
    );
    let mut answers = answers.iter();
    loop {
        match session.next_step() {
            Step::Send(_) => {
                let Some((status, body)) = answers.next() else {
                    break;
                };
                session.handle(
                    1_700_000_000_000,
                    Event::Response {
                        status: *status,
                        retry_after: None,
                        body: body.as_bytes(),
                    },
                );
            }
            Step::Wait(_) => {}
            Step::Done(_) => break,
        }
    }
    session.outcome()
}

fn finished(answers: &[(u16, &str)]) -> Action {
    Action::SendFinished(Box::new(Receipt {
        destination: DESTINATION.to_owned(),
        finished_at: WHEN.to_owned(),
        outcome: engine(answers),
    }))
}

const KEY_OK: (u16, &str) = (200, r#"{"msg":"ok"}"#);
const KEY_REFUSED: (u16, &str) = (403, r#"{"error":"Forbidden","message":"La clé API n'est pas valide"}"#);
const BATCH_ONE_REFUSED: (u16, &str) = (
    200,
    r#"{"status":"OK","message":"Queued","detail":"Some data are invalid",
        "data":[{"validation_errors":[]},{"validation_errors":[{"message":"Date invalide","path":["date_de_naissance_apprenant"]}]}]}"#,
);

/// The send part of the page's state, on one line.
fn describe_send(state: &State, render: bool, effects: &[Effect]) -> String {
    let panel = &state.send;
    let mut out = match &panel.phase {
        SendPhase::Idle => "idle".to_owned(),
        SendPhase::Preparing => "preparing".to_owned(),
        SendPhase::Sending {
            what,
            progress,
            waiting,
        } => format!(
            "sending({what}; {}/{} lignes; {}/{} lots{})",
            progress.items_sent,
            progress.items_total,
            progress.batches_accepted,
            progress.batches_total,
            waiting.as_ref().map(|w| format!("; {w}")).unwrap_or_default()
        ),
        SendPhase::Finished(receipt) => format!("finished({})", receipt.sentences().join(" | ")),
    };
    for (on, flag) in [
        (panel.open, "open"),
        (panel.remember, "remember"),
        (panel.notice_seen, "notice-seen"),
    ] {
        if on {
            out += &format!(" {flag}");
        }
    }
    if let Some(error) = &panel.error {
        out += &format!(" error={error}");
    }
    if let Some(outcomes) = &panel.outcomes {
        let mut lines: Vec<_> = outcomes.values().collect();
        lines.sort_by_key(|o| o.line);
        let shown: Vec<String> = lines
            .iter()
            .map(|o| {
                let errors: Vec<String> = o.errors.iter().map(|e| e.message.clone()).collect();
                format!(
                    "{}:{}{}",
                    o.line,
                    o.status.as_str(),
                    if errors.is_empty() {
                        String::new()
                    } else {
                        format!("[{}]", errors.join(";"))
                    }
                )
            })
            .collect();
        out += &format!(" outcomes={}", shown.join(","));
    }
    if let Some(change) = &panel.confirm {
        out += &format!(" confirm={change:?}").replace(", bytes: [1, 2, 3]", "");
    }
    if let Some(previous) = &panel.previous {
        out += &format!(
            " previous={}/{} lots",
            previous.outcome.progress.batches_accepted, previous.outcome.progress.batches_total
        );
    }
    if let Some(blocker) = state.send_blocker() {
        out += &format!(" blocked={blocker}");
    }
    if let Some(editing) = &state.editing {
        out += &format!(" editing={}:{}", editing.row, editing.column);
    }
    if let Some(notice) = &state.notice {
        out += &format!(" notice={notice}");
    }
    out + &outcome_text(render, effects)
}

/// The small file open, the panel open, a key typed and the send confirmed.
fn confirmed(more: Vec<Action>) -> Vec<Action> {
    ready(then(
        vec![Action::OpenSend, Action::ConfirmSend { has_key: true }],
        more,
    ))
}

/// … and the worker's payloads arrived: the send runs.
fn running(more: Vec<Action>) -> Vec<Action> {
    confirmed(then(vec![Action::Worker(payloads())], more))
}

#[allow(clippy::too_many_lines)] // One table of cases.
fn send_cases() -> Vec<(&'static str, Vec<Action>, String)> {
    let refused = effectifs_send::explain::key_refused(Some("La clé API n'est pas valide"));
    let done_blocked = "blocked=Ces lignes ont été envoyées (voir le reçu) : modifiez le fichier ou ouvrez-en un \
                        autre pour envoyer à nouveau.";
    let completed = format!(
        "finished(Envoi terminé. | 1 ligne acceptée, 1 refusée par le serveur, 0 non confirmée (1 lot). | Le {WHEN}, \
         vers {DESTINATION}. | Les lignes refusées par le serveur ne seront pas prises en compte : corrigez-les \
         d'après ses messages (colonne « Envoi » du tableau).)"
    );
    let stopped = format!(
        "finished(Envoi interrompu. | {refused} | 0 lot accepté sur 1 ; 0 ligne acceptée, 0 refusée par le serveur, \
         0 non confirmée. | « Reprendre l'envoi » envoie la suite : les lots déjà acceptés ne sont jamais renvoyés. \
         | Le {WHEN}, vers {DESTINATION}.)"
    );
    let stop_blocked = "blocked=Envoi interrompu : reprenez-le depuis le panneau d'envoi.";
    vec![
        (
            "« Envoyer » opens the panel on the key field; the notice is due",
            ready(vec![Action::OpenSend]),
            "idle open => focus-key".to_owned(),
        ),
        (
            "no file, no sending",
            vec![Action::OpenSend],
            "idle (unchanged)".to_owned(),
        ),
        (
            "not while the file is read again",
            ready(vec![Action::ChooseProfile("api".to_owned()), Action::OpenSend]),
            "idle blocked=Attendez la fin de la lecture du fichier. (unchanged)".to_owned(),
        ),
        (
            "not without a valid line",
            ready(vec![
                Action::Worker(Response::Updated(Box::new(Update {
                    summary: summary(4, 4, TODAY),
                    columns: file(0).columns,
                    lines: vec![],
                    fixes: FixCounts::default(),
                    cells: None,
                }))),
                Action::OpenSend,
            ]),
            "idle blocked=Aucune ligne valide à envoyer : corrigez d'abord les erreurs. (unchanged)".to_owned(),
        ),
        (
            "confirming without a key asks for it",
            ready(vec![Action::OpenSend, Action::ConfirmSend { has_key: false }]),
            "idle open error=Indiquez votre clé d'échange. => focus-key".to_owned(),
        ),
        (
            "confirming acknowledges the notice, remembers the key when asked, asks the worker for the dossiers",
            ready(vec![
                Action::OpenSend,
                Action::Remember(true),
                Action::ConfirmSend { has_key: true },
            ]),
            "preparing open remember notice-seen blocked=Envoi en cours. => acknowledge remember(true) payloads"
                .to_owned(),
        ),
        (
            "a notice acknowledged before and no key remembered: only the dossiers are asked for",
            then(
                vec![Action::SendPreferences {
                    remembered: false,
                    notice_seen: true,
                }],
                confirmed(vec![]),
            ),
            "preparing open notice-seen blocked=Envoi en cours. => payloads".to_owned(),
        ),
        (
            "unchecking « se souvenir » forgets the key",
            then(
                vec![Action::SendPreferences {
                    remembered: true,
                    notice_seen: true,
                }],
                ready(vec![Action::OpenSend, Action::Remember(false)]),
            ),
            "idle open notice-seen => remember(false)".to_owned(),
        ),
        (
            "the dossiers start the send",
            running(vec![]),
            "sending(Préparation de l'envoi; 0/2 lignes; 0/0 lots) open notice-seen blocked=Envoi en cours. \
             => start(2,4)"
                .to_owned(),
        ),
        (
            "the worker refusing the dossiers ends the preparation with its message",
            confirmed(vec![Action::Worker(Response::Refused {
                message: "Aucun fichier ouvert.".to_owned(),
            })]),
            "idle open notice-seen error=Aucun fichier ouvert.".to_owned(),
        ),
        (
            "progress, then the engine's wait sentence",
            running(vec![
                Action::SendProgress {
                    what: "Lot 1 sur 1".to_owned(),
                    progress: engine(&[KEY_OK]).progress,
                },
                Action::SendWaiting("Lot 1 : le serveur répond HTTP 503 ; nouvel essai dans 1 s (essai 2).".to_owned()),
            ]),
            "sending(Lot 1 sur 1; 0/2 lignes; 0/1 lots; Lot 1 : le serveur répond HTTP 503 ; nouvel essai dans 1 s \
             (essai 2).) open notice-seen blocked=Envoi en cours."
                .to_owned(),
        ),
        (
            "no edit while sending",
            running(vec![Action::StartEdit(Some(cell(0, 0)))]),
            "sending(Préparation de l'envoi; 0/2 lignes; 0/0 lots) open notice-seen blocked=Envoi en cours. \
             notice=Modification impossible pendant l'envoi : attendez sa fin."
                .to_owned(),
        ),
        (
            "the panel stays while sending",
            running(vec![Action::CloseSend]),
            "sending(Préparation de l'envoi; 0/2 lignes; 0/0 lots) open notice-seen blocked=Envoi en cours. \
             (unchanged)"
                .to_owned(),
        ),
        (
            "completed: the receipt, each line's outcome with the server's messages, no second send",
            running(vec![finished(&[KEY_OK, BATCH_ONE_REFUSED])]),
            format!("{completed} open notice-seen outcomes=2:accepted,4:rejected[Date invalide] {done_blocked}"),
        ),
        (
            "the receipt downloads as JSON",
            running(vec![finished(&[KEY_OK, BATCH_ONE_REFUSED]), Action::DownloadReceipt]),
            format!(
                "{completed} open notice-seen outcomes=2:accepted,4:rejected[Date invalide] {done_blocked} \
                 => download(recu-envoi.json)"
            ),
        ),
        (
            "news of a send already over is ignored",
            running(vec![
                finished(&[KEY_OK, BATCH_ONE_REFUSED]),
                Action::SendProgress {
                    what: "Lot 1 sur 1".to_owned(),
                    progress: engine(&[]).progress,
                },
            ]),
            format!(
                "{completed} open notice-seen outcomes=2:accepted,4:rejected[Date invalide] {done_blocked} (unchanged)"
            ),
        ),
        (
            "a refused key stops with the engine's French explanation",
            running(vec![finished(&[KEY_REFUSED])]),
            format!("{stopped} open notice-seen outcomes=2:not_sent,4:not_sent {stop_blocked}"),
        ),
        (
            "the panel closes before sending",
            ready(vec![Action::OpenSend, Action::CloseSend]),
            "idle".to_owned(),
        ),
        (
            "resuming after a stop runs the same send again",
            running(vec![finished(&[KEY_REFUSED]), Action::ResumeSend { has_key: true }]),
            "sending(Reprise de l'envoi; 0/2 lignes; 0/1 lots) open notice-seen outcomes=2:not_sent,4:not_sent \
             blocked=Envoi en cours. => resume"
                .to_owned(),
        ),
        (
            "resuming needs a key",
            running(vec![finished(&[KEY_REFUSED]), Action::ResumeSend { has_key: false }]),
            format!(
                "{stopped} open notice-seen error=Indiquez votre clé d'échange. outcomes=2:not_sent,4:not_sent \
                 {stop_blocked} => focus-key"
            ),
        ),
        (
            "no resume after a completed send",
            running(vec![
                finished(&[KEY_OK, BATCH_ONE_REFUSED]),
                Action::ResumeSend { has_key: true },
            ]),
            format!(
                "{completed} open notice-seen outcomes=2:accepted,4:rejected[Date invalide] {done_blocked} (unchanged)"
            ),
        ),
        (
            "a resume the engine refuses ends the send with its message",
            running(vec![
                finished(&[KEY_REFUSED]),
                Action::ResumeSend { has_key: true },
                Action::SendFailed("Reprise impossible : le fichier a changé.".to_owned()),
            ]),
            "idle open notice-seen error=Reprise impossible : le fichier a changé. => drop".to_owned(),
        ),
        (
            "an edit after a send clears the outcome (the data changed) and drops the send",
            running(vec![
                finished(&[KEY_OK, BATCH_ONE_REFUSED]),
                Action::StartEdit(Some(cell(1, 1))),
                Action::EditText("28/02/2025".to_owned()),
                Action::CommitEdit,
            ]),
            "idle notice-seen previous=1/1 lots blocked=Attendez la vérification de la dernière modification. \
             => drop edit(1,1,28/02/2025) reveal(1:1)"
                .to_owned(),
        ),
        (
            "an edit left unchanged keeps the outcome",
            running(vec![
                finished(&[KEY_OK, BATCH_ONE_REFUSED]),
                Action::StartEdit(Some(cell(1, 1))),
                Action::CommitEdit,
            ]),
            format!(
                "{completed} open notice-seen outcomes=2:accepted,4:rejected[Date invalide] {done_blocked} \
                 => reveal(1:1)"
            ),
        ),
        (
            "undoing an edit after a send clears the outcome too",
            ready(vec![
                Action::StartEdit(Some(cell(1, 1))),
                Action::EditText("28/02/2025".to_owned()),
                Action::CommitEdit,
                fixed_row_1(),
                Action::OpenSend,
                Action::ConfirmSend { has_key: true },
                Action::Worker(payloads()),
                finished(&[KEY_OK, BATCH_ONE_REFUSED]),
                Action::Undo,
            ]),
            "idle notice-seen previous=1/1 lots blocked=Attendez la vérification de la dernière modification. \
             => drop edit(1,1,31/02/2025) reveal(1:1)"
                .to_owned(),
        ),
        (
            "a new file during a send is asked about first; reading it changes nothing meanwhile",
            running(vec![Action::ReadingFile, Action::ChooseFile(source())]),
            "sending(Préparation de l'envoi; 0/2 lignes; 0/0 lots) open notice-seen \
             confirm=File(Source { name: \"f.xlsx\" }) blocked=Envoi en cours."
                .to_owned(),
        ),
        (
            "keeping the send: the new file is not opened",
            running(vec![
                Action::ReadingFile,
                Action::ChooseFile(source()),
                Action::CancelChange,
            ]),
            "sending(Préparation de l'envoi; 0/2 lignes; 0/0 lots) open notice-seen blocked=Envoi en cours.".to_owned(),
        ),
        (
            "confirming: the send is dropped, what it did comes back and stays, the file opens",
            running(vec![
                Action::ChooseFile(source()),
                Action::ConfirmChange,
                Action::SendAbandoned(Box::new(Receipt {
                    destination: DESTINATION.to_owned(),
                    finished_at: WHEN.to_owned(),
                    outcome: engine(&[KEY_OK]),
                })),
            ]),
            "idle notice-seen previous=0/1 lots".to_owned(),
        ),
        (
            "another profile during a send is asked about too",
            running(vec![Action::ChooseProfile("api".to_owned()), Action::ConfirmChange]),
            format!(
                "idle notice-seen blocked=Attendez la fin de la lecture du fichier. => drop open(f.xlsx,Feuil1,api,{TODAY})"
            ),
        ),
        (
            "a stopped send is asked about; its receipt is kept once another file opens",
            running(vec![
                finished(&[KEY_REFUSED]),
                Action::ChooseFile(source()),
                Action::ConfirmChange,
            ]),
            format!("idle notice-seen previous=0/1 lots => drop open(f.xlsx,-,televersement,{TODAY})"),
        ),
        (
            "the receipt of a completed send stays downloadable after another file",
            running(vec![
                finished(&[KEY_OK, BATCH_ONE_REFUSED]),
                Action::ChooseFile(source()),
                Action::DownloadPreviousReceipt,
            ]),
            "idle notice-seen previous=1/1 lots => download(recu-envoi-precedent.json)".to_owned(),
        ),
        (
            "another column mapping after a send clears the outcome",
            running(vec![
                finished(&[KEY_OK, BATCH_ONE_REFUSED]),
                Action::OpenMapping,
                Action::MapColumn {
                    column: 2,
                    field: Some("siret".to_owned()),
                },
                Action::ApplyMapping,
            ]),
            "idle notice-seen previous=1/1 lots blocked=Attendez la fin de la lecture du fichier. => drop \
             remap(nom_apprenant|date_debut|siret)"
                .to_owned(),
        ),
        (
            "the same column mapping after a send keeps the outcome (nothing changed)",
            running(vec![
                finished(&[KEY_OK, BATCH_ONE_REFUSED]),
                Action::OpenMapping,
                Action::ApplyMapping,
            ]),
            "finished(Envoi terminé. | 1 ligne acceptée, 1 refusée par le serveur, 0 non confirmée (1 lot). | Le \
             23/11/2026 à 17:45, vers http://127.0.0.1:8080/api. | Les lignes refusées par le serveur ne seront pas \
             prises en compte : corrigez-les d'après ses messages (colonne « Envoi » du tableau).) open notice-seen \
             outcomes=2:accepted,4:rejected[Date invalide] blocked=Ces lignes ont été envoyées (voir le reçu) : \
             modifiez le fichier ou ouvrez-en un autre pour envoyer à nouveau."
                .to_owned(),
        ),
        (
            "the receipt of a stopped send stays, with its resume button, until the data changes",
            running(vec![finished(&[KEY_REFUSED]), Action::CloseSend]),
            format!("{stopped} open notice-seen outcomes=2:not_sent,4:not_sent {stop_blocked} (unchanged)"),
        ),
    ]
}

#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test)]
#[cfg_attr(not(target_arch = "wasm32"), test)]
fn sending() {
    let failures: Vec<String> = send_cases()
        .into_iter()
        .filter_map(|(name, actions, expected)| check_by(describe_send, name, actions, &expected))
        .collect();
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// How each line's send outcome shows in the table.
#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test)]
#[cfg_attr(not(target_arch = "wasm32"), test)]
fn send_texts() {
    use effectifs_send::{LineOutcome, LineStatus};
    use effectifs_web::state::line_send_text;
    let outcome = |status| LineOutcome {
        line: 2,
        status,
        batch: 1,
        errors: vec![],
    };
    let cases = [
        (Some(outcome(LineStatus::Accepted)), false, ("acceptee", "acceptée")),
        (
            Some(outcome(LineStatus::Rejected)),
            false,
            ("refusee", "refusée par le serveur"),
        ),
        (
            Some(outcome(LineStatus::Unconfirmed)),
            false,
            ("non-confirmee", "non confirmée"),
        ),
        (
            Some(outcome(LineStatus::NotSent)),
            false,
            ("non-envoyee", "non envoyée"),
        ),
        (None, true, ("non-envoyee", "non envoyée (ligne en erreur)")),
        (None, false, ("non-envoyee", "non envoyée")),
    ];
    for (outcome, errors, expected) in cases {
        assert_eq!(line_send_text(outcome.as_ref(), errors), expected, "{outcome:?}");
    }
}

// Column-wide fixes and the recipe (D15): each case is a list of actions from a fresh page, and the fixes'
// part of the state after the last one.

/// The fixes' part of the state, in one line.
fn describe_fix(state: &State, render: bool, effects: &[Effect]) -> String {
    let fix = &state.fix;
    let mut out = format!("undo={} pending={}", state.undo.len(), state.pending_edits);
    if let Some(file) = &state.file {
        out += &format!(" cols={} invalid={}", file.columns.len(), file.summary.invalid);
        if !file.missing_columns.is_empty() {
            let missing: Vec<&str> = file.missing_columns.iter().map(|f| f.name.as_str()).collect();
            out += &format!(" missing={}", missing.join("|"));
        }
    }
    for draft in &fix.values {
        let verdict = match &draft.verdict {
            None => "?".to_owned(),
            Some(marks) if marks.is_empty() => "ok".to_owned(),
            Some(marks) => marks.iter().map(|m| m.code.clone()).collect::<Vec<_>>().join("+"),
        };
        out += &format!(" value[{}={}:{verdict}]", draft.field, draft.text);
    }
    match &fix.dialog {
        Some(FixDialog::Replace {
            column,
            from,
            to,
            count,
        }) => {
            let count = count.map_or("?".to_owned(), |n| n.to_string());
            out += &format!(" replace[{column}:{from}>{to}:{count}]");
        }
        Some(FixDialog::Suggestions { column, items }) => {
            let items = items.as_ref().map_or("?".to_owned(), |items| items.len().to_string());
            out += &format!(" suggestions[{column}:{items}]");
        }
        None => {}
    }
    if fix.counts != FixCounts::default() {
        out += &format!(" fixed={}+{}", fix.counts.recipe, fix.counts.actions);
    }
    if fix.recipe != RECIPE {
        out += &format!(" recipe={}", fix.recipe);
    }
    match &fix.remembered {
        Remembered::None => {}
        Remembered::Applying => out += " remembered=applying",
        Remembered::Applied { cells, step } => out += &format!(" remembered=applied({cells},{step})"),
        Remembered::Off => out += " remembered=off",
        Remembered::Failed(message) => out += &format!(" remembered=failed({message})"),
    }
    if let Some(error) = &fix.recipe_error {
        out += &format!(" recipe-error={error}");
    }
    if let Some(notice) = &state.notice {
        out += &format!(" notice={notice}");
    }
    out + &outcome_text(render, effects)
}

/// The worker's answer to a fix (or its undo) on the test file: `cells` changed, a fourth column added when
/// `added`, row 1 valid again, the recipe `recipe`.
fn fixed(kind: Option<FixKind>, undone: bool, cells: u32, added: bool, recipe: &str) -> Action {
    let mut columns = vec![
        column("A", Some("nom_apprenant"), 0),
        column("B", Some("date_debut"), 0),
        column("C", None, 1),
    ];
    if added {
        columns.push(column("D", Some("sexe"), 0));
    }
    Action::Worker(Response::Fixed(Box::new(Fixed {
        kind,
        undone,
        remembered: false,
        cells,
        update: Update {
            summary: summary(4, if undone { 2 } else { 1 }, TODAY),
            columns,
            lines: vec![ChangedLine {
                row: 1,
                view: line(3, &["Bob", "28/02/2025", "1"], vec![]),
            }],
            fixes: FixCounts {
                recipe: 0,
                actions: if undone { 0 } else { cells },
            },
            cells: None,
        },
        missing_columns: vec![],
        step: !undone && cells > 0,
        recipe: recipe.to_owned(),
    })))
}

/// The answer to the remembered recipe, applied on opening.
fn remembered_applied(cells: u32) -> Action {
    let Action::Worker(Response::Fixed(mut answer)) = fixed(None, false, cells, false, "{\"r\":1}") else {
        return Action::Cancel;
    };
    answer.remembered = true;
    answer.update.fixes = FixCounts {
        recipe: cells,
        actions: 0,
    };
    Action::Worker(Response::Fixed(answer))
}

fn typed(field: &str, text: &str) -> Action {
    Action::ValueText {
        field: field.to_owned(),
        text: text.to_owned(),
    }
}

fn checked(field: &str, text: &str, marks: Vec<Mark>) -> Action {
    Action::Worker(Response::ValueChecked {
        field: field.to_owned(),
        text: text.to_owned(),
        marks,
    })
}

fn suggestion(row: u32, line: u32, before: &str, after: &str) -> SuggestionView {
    SuggestionView {
        row,
        line,
        before: before.to_owned(),
        after: after.to_owned(),
    }
}

#[allow(clippy::too_many_lines)] // One table of cases.
fn fix_cases() -> Vec<(&'static str, Vec<Action>, String)> {
    let base = "undo=0 pending=0 cols=3 invalid=2";
    let sexe = || typed("sexe", "1");
    let sexe_ok = || checked("sexe", "1", vec![]);
    vec![
        // A value for every line.
        (
            "a value typed is checked by the engine",
            ready(vec![sexe()]),
            format!("{base} value[sexe=1:?] => check(sexe,1)"),
        ),
        (
            "the engine's verdict on the text typed is shown",
            ready(vec![sexe(), sexe_ok()]),
            format!("{base} value[sexe=1:ok]"),
        ),
        (
            "an error of the engine is shown with its code",
            ready(vec![
                typed("sexe", "X"),
                checked("sexe", "X", vec![mark(None, Severity::Error, "valeur-inconnue")]),
            ]),
            format!("{base} value[sexe=X:valeur-inconnue]"),
        ),
        (
            "a verdict about an older text is dropped",
            ready(vec![sexe(), typed("sexe", "12"), sexe_ok()]),
            format!("{base} value[sexe=12:?] (unchanged)"),
        ),
        (
            "another field can be given a value",
            ready(vec![Action::AddValueField("type_cfa".to_owned())]),
            format!("{base} value[type_cfa=:?]"),
        ),
        (
            "applying a value asks the worker",
            ready(vec![sexe(), sexe_ok(), Action::ApplyValue("sexe".to_owned())]),
            "undo=0 pending=1 cols=3 invalid=2 value[sexe=1:ok] => fix(value,sexe,1)".to_owned(),
        ),
        (
            "a blank value is not applied",
            ready(vec![typed("sexe", "  "), Action::ApplyValue("sexe".to_owned())]),
            format!("{base} value[sexe=  :?] (unchanged)"),
        ),
        (
            "the answer: one undo step, the added column, the counts, the recipe remembered",
            ready(vec![
                sexe(),
                sexe_ok(),
                Action::ApplyValue("sexe".to_owned()),
                fixed(Some(FixKind::Value), false, 4, true, "{\"v\":1}"),
            ]),
            "undo=1 pending=0 cols=4 invalid=1 value[sexe=1:ok] fixed=0+4 recipe={\"v\":1} \
             notice=Valeur appliquée à toutes les lignes : 4 cellules modifiées. => save(cle,{\"v\":1})"
                .to_owned(),
        ),
        (
            "undo of a fix: the worker puts the whole action back",
            ready(vec![
                Action::ApplyValue("sexe".to_owned()),
                sexe(),
                sexe_ok(),
                Action::ApplyValue("sexe".to_owned()),
                fixed(Some(FixKind::Value), false, 4, true, "{\"v\":1}"),
                Action::Undo,
            ]),
            "undo=0 pending=1 cols=4 invalid=1 value[sexe=1:ok] fixed=0+4 recipe={\"v\":1} \
             notice=Valeur appliquée à toutes les lignes : 4 cellules modifiées. => undofix"
                .to_owned(),
        ),
        (
            "the undo's answer: the column gone, the counts and the recipe back",
            ready(vec![
                sexe(),
                sexe_ok(),
                Action::ApplyValue("sexe".to_owned()),
                fixed(Some(FixKind::Value), false, 4, true, "{\"v\":1}"),
                Action::Undo,
                fixed(Some(FixKind::Value), true, 4, false, RECIPE),
            ]),
            format!(
                "{base} value[sexe=1:ok] notice=Modification annulée : 4 cellules rétablies. => save(cle,{RECIPE})"
            ),
        ),
        (
            "edits and fixes undo in the order they were made",
            ready(vec![
                Action::StartEdit(Some(cell(0, 0))),
                Action::EditText("Anne".to_owned()),
                Action::CommitEdit,
                fixed_row_1(),
                Action::OpenReplace(0),
                Action::ReplaceFrom("Bob".to_owned()),
                Action::Worker(Response::ReplaceCount {
                    column: 0,
                    from: "Bob".to_owned(),
                    count: 1,
                }),
                Action::ApplyReplace,
                fixed(Some(FixKind::Replace), false, 1, false, "{\"r\":1}"),
                Action::Undo,
                fixed(Some(FixKind::Replace), true, 1, false, RECIPE),
                Action::Undo,
            ]),
            "undo=0 pending=1 cols=3 invalid=2 notice=Modification annulée : 1 cellule rétablie. => edit(0,0,Ana) \
             reveal(0:0)"
                .to_owned(),
        ),
        // Replace in a column.
        (
            "Remplacer…: the text to find is counted by the worker",
            ready(vec![Action::OpenReplace(2), Action::ReplaceFrom("Homme".to_owned())]),
            format!("{base} replace[2:Homme>:?] => count(2,Homme)"),
        ),
        (
            "the count of the text typed is shown before applying",
            ready(vec![
                Action::OpenReplace(2),
                Action::ReplaceFrom("Homme".to_owned()),
                Action::ReplaceTo("1".to_owned()),
                Action::Worker(Response::ReplaceCount {
                    column: 2,
                    from: "Homme".to_owned(),
                    count: 3,
                }),
            ]),
            format!("{base} replace[2:Homme>1:3]"),
        ),
        (
            "a count about an older text is dropped",
            ready(vec![
                Action::OpenReplace(2),
                Action::ReplaceFrom("Homme".to_owned()),
                Action::ReplaceFrom("Hom".to_owned()),
                Action::Worker(Response::ReplaceCount {
                    column: 2,
                    from: "Homme".to_owned(),
                    count: 3,
                }),
            ]),
            format!("{base} replace[2:Hom>:?] (unchanged)"),
        ),
        (
            "nothing to replace: Remplacer does nothing",
            ready(vec![
                Action::OpenReplace(2),
                Action::ReplaceFrom("Homme".to_owned()),
                Action::Worker(Response::ReplaceCount {
                    column: 2,
                    from: "Homme".to_owned(),
                    count: 0,
                }),
                Action::ApplyReplace,
            ]),
            format!("{base} replace[2:Homme>:0] (unchanged)"),
        ),
        (
            "Remplacer applies the replacement and closes the dialog",
            ready(vec![
                Action::OpenReplace(2),
                Action::ReplaceFrom("Homme".to_owned()),
                Action::ReplaceTo("1".to_owned()),
                Action::Worker(Response::ReplaceCount {
                    column: 2,
                    from: "Homme".to_owned(),
                    count: 3,
                }),
                Action::ApplyReplace,
            ]),
            "undo=0 pending=1 cols=3 invalid=2 => fix(replace,2,Homme,1)".to_owned(),
        ),
        (
            "Escape or Annuler closes the dialog",
            ready(vec![Action::OpenReplace(2), Action::CloseDialog]),
            base.to_owned(),
        ),
        // Safe corrections.
        (
            "a column's corrections are listed first",
            ready(vec![Action::OpenSuggestions(2)]),
            format!("{base} suggestions[2:?] => suggestions(2)"),
        ),
        (
            "the list arrives",
            ready(vec![
                Action::OpenSuggestions(2),
                Action::Worker(Response::Suggestions {
                    column: 2,
                    items: vec![suggestion(3, 5, "123 ", "123")],
                }),
            ]),
            format!("{base} suggestions[2:1]"),
        ),
        (
            "Appliquer les N corrections proposées applies the column's",
            ready(vec![
                Action::OpenSuggestions(2),
                Action::Worker(Response::Suggestions {
                    column: 2,
                    items: vec![suggestion(3, 5, "123 ", "123")],
                }),
                Action::ApplySuggestions,
            ]),
            "undo=0 pending=1 cols=3 invalid=2 => fix(suggestions,2,all)".to_owned(),
        ),
        (
            "no correction: nothing to apply",
            ready(vec![
                Action::OpenSuggestions(2),
                Action::Worker(Response::Suggestions {
                    column: 2,
                    items: vec![],
                }),
                Action::ApplySuggestions,
            ]),
            format!("{base} suggestions[2:0] (unchanged)"),
        ),
        (
            "Appliquer in a cell's tooltip applies that cell's only",
            ready(vec![Action::ApplySuggestion(cell(3, 2))]),
            "undo=0 pending=1 cols=3 invalid=2 => fix(suggestions,2,[3])".to_owned(),
        ),
        (
            "a fix waits for the end of a send",
            then(
                ready(vec![]),
                vec![
                    Action::OpenSend,
                    Action::ConfirmSend { has_key: true },
                    Action::ApplySuggestion(cell(3, 2)),
                ],
            ),
            format!("{base} notice=Modification impossible pendant l'envoi : attendez sa fin."),
        ),
        // The recipe.
        (
            "Télécharger la recette",
            ready(vec![Action::DownloadRecipe]),
            format!("{base} => download(recette-effectifs.json)"),
        ),
        (
            "an imported recipe goes to the worker",
            ready(vec![Action::ImportRecipe(Ok("{\"version\":1}".to_owned()))]),
            "undo=0 pending=1 cols=3 invalid=2 => fix(recipe,{\"version\":1},imported)".to_owned(),
        ),
        (
            "a recipe file the browser cannot read: a message",
            ready(vec![Action::ImportRecipe(Err("Illisible.".to_owned()))]),
            format!("{base} recipe-error=Illisible."),
        ),
        (
            "a bad recipe: the engine's message, nothing changed",
            ready(vec![
                Action::ImportRecipe(Ok("{}".to_owned())),
                Action::Worker(Response::RecipeRefused {
                    message: "Recette : la clé « version » est obligatoire.".to_owned(),
                }),
            ]),
            format!("{base} recipe-error=Recette : la clé « version » est obligatoire."),
        ),
        (
            "the recipe remembered for the header row applies on opening",
            ready(vec![Action::RememberedRecipe {
                json: "{\"r\":1}".to_owned(),
                automatic: true,
            }]),
            "undo=0 pending=1 cols=3 invalid=2 remembered=applying => fix(recipe,{\"r\":1},remembered)".to_owned(),
        ),
        (
            "its answer: a notice with a way to switch it off, one undo step",
            ready(vec![
                Action::RememberedRecipe {
                    json: "{\"r\":1}".to_owned(),
                    automatic: true,
                },
                remembered_applied(6),
            ]),
            "undo=1 pending=0 cols=3 invalid=1 fixed=6+0 recipe={\"r\":1} remembered=applied(6,1) \
             notice=Recette appliquée : 6 cellules modifiées. => save(cle,{\"r\":1})"
                .to_owned(),
        ),
        (
            "switched off by the user: not applied",
            ready(vec![Action::RememberedRecipe {
                json: "{\"r\":1}".to_owned(),
                automatic: false,
            }]),
            format!("{base} remembered=off"),
        ),
        (
            "Ne pas appliquer cette recette: undone, switched off, still remembered",
            ready(vec![
                Action::RememberedRecipe {
                    json: "{\"r\":1}".to_owned(),
                    automatic: true,
                },
                remembered_applied(6),
                Action::RejectRememberedRecipe,
            ]),
            "undo=0 pending=1 cols=3 invalid=1 fixed=6+0 recipe={\"r\":1} remembered=off \
             notice=Recette appliquée : 6 cellules modifiées. => recipe-auto(cle,false) undofix"
                .to_owned(),
        ),
        (
            "its undo's answer does not replace the remembered recipe",
            ready(vec![
                Action::RememberedRecipe {
                    json: "{\"r\":1}".to_owned(),
                    automatic: true,
                },
                remembered_applied(6),
                Action::RejectRememberedRecipe,
                fixed(None, true, 6, false, RECIPE),
            ]),
            format!("{base} remembered=off notice=Modification annulée : 6 cellules rétablies."),
        ),
        (
            "the remembered recipe undone with the undo button: its notice goes; the recipe now is remembered",
            ready(vec![
                Action::RememberedRecipe {
                    json: "{\"r\":1}".to_owned(),
                    automatic: true,
                },
                remembered_applied(6),
                Action::Undo,
                fixed(None, true, 6, false, RECIPE),
            ]),
            format!("{base} notice=Modification annulée : 6 cellules rétablies. => save(cle,{RECIPE})"),
        ),
        (
            "switched on again",
            ready(vec![
                Action::RememberedRecipe {
                    json: "{\"r\":1}".to_owned(),
                    automatic: false,
                },
                Action::RecipeAutomatic(true),
            ]),
            format!("{base} => recipe-auto(cle,true)"),
        ),
        (
            "a remembered recipe that no longer fits: a notice, nothing changed",
            ready(vec![
                Action::RememberedRecipe {
                    json: "{\"r\":1}".to_owned(),
                    automatic: true,
                },
                Action::Worker(Response::RecipeRefused {
                    message: "Colonne « x » absente.".to_owned(),
                }),
            ]),
            format!("{base} remembered=failed(Colonne « x » absente.)"),
        ),
        (
            "another file: the fixes' state starts again",
            then(
                ready(vec![sexe(), Action::OpenReplace(2)]),
                vec![Action::ChooseFile(source())],
            ),
            "undo=0 pending=0 recipe= => open(f.xlsx,-,televersement,2026-01-15)".to_owned(),
        ),
    ]
}

#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test)]
#[cfg_attr(not(target_arch = "wasm32"), test)]
fn fixing_columns() {
    let failures: Vec<String> = fix_cases()
        .into_iter()
        .filter_map(|(name, actions, expected)| check_by(describe_fix, name, actions, &expected))
        .collect();
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

// ----- The indicators panel (D16) -----

/// The five figures `[apprenants, apprentis, inscrits, rupturants, abandons]`.
fn five([apprenants, apprentis, inscrits, rupturants, abandons]: [u32; 5]) -> Figures {
    Figures {
        apprenants,
        apprentis,
        inscrits,
        rupturants,
        abandons,
    }
}

/// `count` month ends from August 2025 (August 2025 to July 2026 for 12), apprenants growing by one a month.
fn months(count: u32) -> Vec<MonthFigures> {
    const ENDS: [&str; 12] = [
        "2025-08-31",
        "2025-09-30",
        "2025-10-31",
        "2025-11-30",
        "2025-12-31",
        "2026-01-31",
        "2026-02-28",
        "2026-03-31",
        "2026-04-30",
        "2026-05-31",
        "2026-06-30",
        "2026-07-31",
    ];
    ENDS.iter()
        .zip(0..count)
        .map(|(date, index)| MonthFigures {
            date: (*date).to_owned(),
            figures: five([index, index, 0, 0, 1]),
        })
        .collect()
}

/// The test file opened at `today`, with `count` months of indicators.
fn opened_with_months(count: u32, today: &str) -> Vec<Action> {
    let mut view = file(0);
    today.clone_into(&mut view.summary.today);
    view.summary.indicateurs = IndicatorsView {
        date: today.to_owned(),
        months: months(count),
        ..IndicatorsView::default()
    };
    vec![
        Action::ChooseFile(source()),
        Action::Worker(Response::Opened(Box::new(view))),
        Action::CloseMapping,
    ]
}

/// The answer to a new evaluation day: `count` months.
fn statuts_with_months(count: u32, today: &str) -> Action {
    let mut summary = summary(4, 2, today);
    today.clone_into(&mut summary.indicateurs.date);
    summary.indicateurs.months = months(count);
    Action::Worker(Response::Statuts {
        summary,
        statuts: vec![None; 4],
    })
}

/// The chart's part of the state, in one line.
fn describe_chart(state: &State, render: bool, effects: &[Effect]) -> String {
    let option = |value: Option<u32>| value.map_or("-".to_owned(), |v| v.to_string());
    format!(
        "months={} stop={} focused={} hovered={} shown={}{}",
        state.months().len(),
        option(state.chart_stop()),
        option(state.indicators.focused),
        option(state.indicators.hovered),
        option(state.indicators.shown()),
        outcome_text(render, effects)
    )
}

#[allow(clippy::too_many_lines)] // One table of cases.
fn chart_cases() -> Vec<(&'static str, Vec<Action>, String)> {
    let key = Action::ChartKey;
    vec![
        (
            "no file: no chart, a key does nothing",
            vec![key(ChartKey::Next)],
            "months=0 stop=- focused=- hovered=- shown=- (unchanged)".to_owned(),
        ),
        (
            "the tab stop starts on the evaluation day's month",
            opened_with_months(12, "2026-01-15"),
            "months=12 stop=5 focused=- hovered=- shown=-".to_owned(),
        ),
        (
            "an evaluation day after the series: the last month",
            opened_with_months(12, "2027-03-01"),
            "months=12 stop=11 focused=- hovered=- shown=-".to_owned(),
        ),
        (
            "an evaluation day on a month end: that month",
            opened_with_months(12, "2025-09-30"),
            "months=12 stop=1 focused=- hovered=- shown=-".to_owned(),
        ),
        (
            "right arrow: the next month, focused",
            then(opened_with_months(12, "2026-01-15"), vec![key(ChartKey::Next)]),
            "months=12 stop=6 focused=6 hovered=- shown=6 => focus-point(6)".to_owned(),
        ),
        (
            "left arrow twice",
            then(
                opened_with_months(12, "2026-01-15"),
                vec![key(ChartKey::Previous), key(ChartKey::Previous)],
            ),
            "months=12 stop=3 focused=3 hovered=- shown=3 => focus-point(3)".to_owned(),
        ),
        (
            "left arrow on the first month stays there",
            then(
                opened_with_months(12, "2026-01-15"),
                vec![key(ChartKey::First), key(ChartKey::Previous)],
            ),
            "months=12 stop=0 focused=0 hovered=- shown=0 => focus-point(0)".to_owned(),
        ),
        (
            "End, then right arrow on the last month stays there",
            then(
                opened_with_months(12, "2026-01-15"),
                vec![key(ChartKey::Last), key(ChartKey::Next)],
            ),
            "months=12 stop=11 focused=11 hovered=- shown=11 => focus-point(11)".to_owned(),
        ),
        (
            "a point focused by the pointer or Tab becomes the tab stop",
            then(opened_with_months(12, "2026-01-15"), vec![Action::ChartFocus(Some(2))]),
            "months=12 stop=2 focused=2 hovered=- shown=2".to_owned(),
        ),
        (
            "leaving the chart hides the tooltip, the tab stop stays",
            then(
                opened_with_months(12, "2026-01-15"),
                vec![Action::ChartFocus(Some(2)), Action::ChartFocus(None)],
            ),
            "months=12 stop=2 focused=- hovered=- shown=-".to_owned(),
        ),
        (
            "the same point again changes nothing",
            then(
                opened_with_months(12, "2026-01-15"),
                vec![Action::ChartFocus(Some(2)), Action::ChartFocus(Some(2))],
            ),
            "months=12 stop=2 focused=2 hovered=- shown=2 (unchanged)".to_owned(),
        ),
        (
            "a point that is not in the series is ignored",
            then(opened_with_months(12, "2026-01-15"), vec![Action::ChartFocus(Some(12))]),
            "months=12 stop=5 focused=- hovered=- shown=- (unchanged)".to_owned(),
        ),
        (
            "a new evaluation day with fewer months: the tab stop falls back within them",
            then(
                opened_with_months(12, "2026-01-15"),
                vec![key(ChartKey::Last), statuts_with_months(3, "2025-10-15")],
            ),
            "months=3 stop=2 focused=11 hovered=- shown=11".to_owned(),
        ),
        (
            "the pointer over a point shows its figures, and does not move the tab stop",
            then(opened_with_months(12, "2026-01-15"), vec![Action::ChartHover(Some(8))]),
            "months=12 stop=5 focused=- hovered=8 shown=8".to_owned(),
        ),
        (
            "the keyboard's point wins over the pointer's; the pointer leaving changes nothing else",
            then(
                opened_with_months(12, "2026-01-15"),
                vec![
                    Action::ChartHover(Some(8)),
                    key(ChartKey::Next),
                    Action::ChartHover(None),
                ],
            ),
            "months=12 stop=6 focused=6 hovered=- shown=6".to_owned(),
        ),
        (
            "another file: the chart starts again",
            then(
                opened_with_months(12, "2026-01-15"),
                then(vec![key(ChartKey::Last)], opened_with_months(12, "2026-01-15")),
            ),
            "months=12 stop=5 focused=- hovered=- shown=-".to_owned(),
        ),
    ]
}

#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test)]
#[cfg_attr(not(target_arch = "wasm32"), test)]
fn indicators_chart_state() {
    let failures: Vec<String> = chart_cases()
        .into_iter()
        .filter_map(|(name, actions, expected)| check_by(describe_chart, name, actions, &expected))
        .collect();
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// The chart's layout: the vertical axis's round top and ticks, the months' names and years, each line's path;
/// and what a point announces.
#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test)]
#[cfg_attr(not(target_arch = "wasm32"), test)]
fn indicators_chart_layout() {
    use effectifs_web::state::{figures_sentence, month_name, point_label};
    // Highest figure → the axis's top and its ticks.
    let axes: [(u32, u32, &str); 8] = [
        (0, 1, "0 1"),
        (1, 1, "0 1"),
        (3, 3, "0 1 2 3"),
        (4, 4, "0 1 2 3 4"),
        (7, 8, "0 2 4 6 8"),
        (18, 20, "0 5 10 15 20"),
        (38, 40, "0 10 20 30 40"),
        (34_841, 40_000, "0 10000 20000 30000 40000"),
    ];
    for (highest, top, ticks) in axes {
        let chart = Chart::new(&[MonthFigures {
            date: "2026-01-31".to_owned(),
            figures: five([highest, 0, 0, 0, 0]),
        }]);
        let got: Vec<String> = chart.ticks.iter().map(|(value, _)| value.to_string()).collect();
        assert_eq!((chart.top, got.join(" ")), (top, ticks.to_owned()), "highest {highest}");
        // The highest point is at the top's height or below, never above the plot.
        assert!(chart.months[0].y[0] >= chart.area.1, "highest {highest}");
    }

    let year = Chart::new(&months(12));
    let names: Vec<String> = year
        .months
        .iter()
        .map(|month| {
            format!(
                "{}{}",
                month.label.unwrap_or("·"),
                month.year.as_deref().map_or(String::new(), |y| format!("/{y}"))
            )
        })
        .collect();
    assert_eq!(
        names.join(" "),
        "août/2025 sept. oct. nov. déc. janv./2026 févr. mars avr. mai juin juil."
    );
    // Apprenants 0 to 11, top 15: the line climbs from the bottom of the plot; abandons stay at 1.
    assert_eq!(year.top, 15);
    let (left, top, right, bottom) = year.area;
    let same = |a: f64, b: f64| (a - b).abs() < 1e-9;
    assert!(same(year.months[0].x, left) && same(year.months[11].x, right));
    assert!(same(year.months[0].y[0], bottom));
    assert!(year.months[11].y[0] > top && year.months[11].y[0] < year.months[10].y[0]);
    let path = year.path(Indicator::Apprenants);
    assert!(path.starts_with(&format!("M{left:.1} {bottom:.1} L")), "{path}");
    assert_eq!(path.matches(" L").count(), 11, "{path}");
    // Three school years: a month name every third month, the year on each January.
    let three: Vec<MonthFigures> = (0..36)
        .map(|index: u32| MonthFigures {
            date: format!("{}-{:02}-28", 2024 + (index + 7) / 12, (index + 7) % 12 + 1),
            figures: five([0; 5]),
        })
        .collect();
    let chart = Chart::new(&three);
    let shown: Vec<String> = chart
        .months
        .iter()
        .filter_map(|month| {
            month.label.map(|label| {
                format!(
                    "{label}{}",
                    month.year.as_deref().map_or(String::new(), |y| format!("/{y}"))
                )
            })
        })
        .collect();
    assert_eq!(
        shown.join(" "),
        "août/2024 nov. févr. mai août nov. févr. mai août nov. févr. mai"
    );
    assert_eq!(chart.months.iter().filter(|month| month.year.is_some()).count(), 4);
    assert!(Chart::new(&[]).months.is_empty());
    assert_eq!(Chart::new(&[]).path(Indicator::Abandons), "");

    let texts: [(String, &str); 5] = [
        (month_name("2026-03-31"), "mars 2026"),
        (month_name("2025-08-31"), "août 2025"),
        (
            figures_sentence(&five([1, 2, 0, 1, 3])),
            "1 apprenant, 2 apprentis, 0 inscrit sans contrat, 1 rupturant, 3 abandons",
        ),
        (
            point_label(&MonthFigures {
                date: "2026-02-28".to_owned(),
                figures: five([2, 2, 3, 0, 1]),
            }),
            "Fin février 2026 (28/02/2026) : 2 apprenants, 2 apprentis, 3 inscrits sans contrat, 0 rupturant, 1 abandon",
        ),
        (Indicator::Inscrits.label().to_owned(), "Inscrits sans contrat"),
    ];
    for (got, expected) in texts {
        assert_eq!(got, expected);
    }
}
