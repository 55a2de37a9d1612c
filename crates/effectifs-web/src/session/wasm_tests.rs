//! The session compiled to WebAssembly, as the worker runs it (Node.js, `wasm-bindgen-test`): opening
//! a CSV and a workbook, editing, and building every download, so that nothing the worker calls
//! reads the clock or the file system the way only native code may.

use wasm_bindgen_test::wasm_bindgen_test;

use super::Engine;
use crate::protocol::{ExportKind, Request, Response};

const CSV: &[u8] = include_bytes!("../../../../tests/data/effectifs-cp1252.csv");
const TEMPLATE: &[u8] = include_bytes!("../../../../tests/data/modele-officiel.xlsx");

fn open(bytes: &[u8], name: &str) -> Request {
    Request::Open {
        bytes: bytes.to_vec(),
        name: name.to_owned(),
        sheet: None,
        profile: "televersement".to_owned(),
        today: "2026-11-23".to_owned(),
        mapping: None,
    }
}

/// The answer's short description (the same words as the native engine test).
fn show(response: &Response) -> String {
    match response {
        Response::Opened(view) => format!("opened {} lines, {} valid", view.lines.len(), view.summary.valid),
        Response::Updated(update) => format!("updated, {} valid", update.summary.valid),
        Response::Exported { file_name, bytes, .. } => {
            // Every download is a workbook the file layer reads back.
            let read = effectifs_sheet::read(bytes, file_name, &effectifs_sheet::ReadOptions::default());
            format!(
                "exported {file_name}: {}",
                if read.is_ok() { "lisible" } else { "illisible" }
            )
        }
        other => format!("{other:?}"),
    }
}

#[wasm_bindgen_test]
fn the_worker_session_runs_in_wasm() {
    let mut engine = Engine::new();
    let requests = [
        open(TEMPLATE, "modele-officiel.xlsx"),
        open(CSV, "effectifs-cp1252.csv"),
        Request::Edit {
            row: 3,
            column: 18,
            text: "28/02/2025".to_owned(),
        },
        Request::Export {
            kind: ExportKind::Annotated,
        },
        Request::Export {
            kind: ExportKind::Corrected,
        },
        Request::Export {
            kind: ExportKind::Template,
        },
    ];
    let answers: Vec<String> = requests
        .into_iter()
        .map(|request| {
            let answer = engine.handle(request, &mut |_| {});
            engine.idle();
            show(&answer)
        })
        .collect();
    assert_eq!(
        answers,
        [
            "opened 1 lines, 1 valid",
            "opened 12 lines, 8 valid",
            "updated, 9 valid",
            "exported effectifs-cp1252-annote.xlsx: lisible",
            "exported effectifs-cp1252-corrige.xlsx: lisible",
            "exported modele-effectifs.xlsx: lisible",
        ]
    );
}
