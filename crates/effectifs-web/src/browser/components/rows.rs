//! The table's rows, in blocks: each line's number, state, statut, send outcome and cells. Each marked cell
//! carries an icon, a colour and a focusable marker whose tooltip holds the engine's message and hint (shown
//! on focus and on hover, never colour alone). A cell being edited holds the edit box.

use std::collections::HashMap;
use std::rc::Rc;

use effectifs_send::{LineOutcome, LineStatus};
use wasm_bindgen::JsCast;
use yew::prelude::*;

use super::OnAction;
use crate::protocol::{FixKind, FixedCell, LineView, Mark, Severity, StatutView};
use crate::state::{Action, Editing, Target, cell_marks, french_date, line_marks, line_send_text, line_status};

/// The properties of a block of rows.
#[derive(Properties)]
pub struct BlockProps {
    /// The rows: index into the file's lines, and the line.
    pub rows: Vec<(u32, Rc<LineView>)>,
    /// The columns shown.
    pub columns: Rc<Vec<u32>>,
    /// Per column, "A « header »".
    pub names: Rc<Vec<String>>,
    /// The cell that takes the Tab key, when in this block.
    pub focusable: Option<Target>,
    /// The cell being edited, when in this block.
    pub editing: Option<Editing>,
    /// Each line's send outcome by spreadsheet line, once a send has run.
    pub sent: Option<Rc<HashMap<u32, LineOutcome>>>,
    /// The page's actions.
    pub on_action: OnAction,
    /// Enter in the edit box, with its text.
    pub on_commit: Callback<String>,
}

impl PartialEq for BlockProps {
    fn eq(&self, other: &Self) -> bool {
        // The same `Rc`s are the same lines: no comparison of their content.
        self.rows.len() == other.rows.len()
            && self
                .rows
                .iter()
                .zip(&other.rows)
                .all(|(a, b)| a.0 == b.0 && Rc::ptr_eq(&a.1, &b.1))
            && Rc::ptr_eq(&self.columns, &other.columns)
            && Rc::ptr_eq(&self.names, &other.names)
            && self.focusable == other.focusable
            && self.editing == other.editing
            && match (&self.sent, &other.sent) {
                (Some(a), Some(b)) => Rc::ptr_eq(a, b),
                (None, None) => true,
                _ => false,
            }
            && self.on_action == other.on_action
            && self.on_commit == other.on_commit
    }
}

/// A block of rows of the table.
#[function_component]
pub fn Block(props: &BlockProps) -> Html {
    html! {
        <tbody class="bloc">
            { for props.rows.iter().map(|(row, line)| view_row(props, *row, line)) }
        </tbody>
    }
}

/// A tooltip opens downwards, or upwards when its cell is in the lower half of the table's view,
/// so that none is cut off. Decided when its marker is hovered or focused (a DOM attribute the
/// rendering never sets, so blocks stay the same while scrolling).
pub fn place_tooltip(event: &Event) {
    let Some(marker) = event
        .target()
        .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
        .and_then(|e| e.closest(".marque").ok().flatten())
    else {
        return;
    };
    let Some(cell) = marker.closest("td").ok().flatten() else {
        return;
    };
    let Some(container) = cell.closest("#tableau").ok().flatten() else {
        return;
    };
    let cell_box = cell.get_bounding_client_rect();
    let view = container.get_bounding_client_rect();
    let lower_half = cell_box.top() - view.top() > view.height() / 2.0;
    let _ = if lower_half {
        cell.set_attribute("data-haut", "")
    } else {
        cell.remove_attribute("data-haut")
    };
}

fn view_row(props: &BlockProps, row: u32, line: &LineView) -> Html {
    let focusable = props.focusable;
    let (kind, text) = line_status(line);
    let status_target = Target { row, column: None };
    let status_marks: Vec<&Mark> = line_marks(line, &props.columns).collect();
    let status_cell = html! {
        <td data-etat-ligne={kind} class={classes!("col-etat", kind)}
            tabindex={tabindex(focusable == Some(status_target))}>
            <span class={status_icon(kind)} aria-hidden="true"></span>
            { " " }{ text }
            { marker(&format!("infobulle-{row}-etat"), &status_marks, None) }
        </td>
    };
    html! {
        <tr key={row} class={classes!("ligne", (line.errors > 0).then_some("en-erreur"))}
            data-ligne={line.line.to_string()} data-rang={row.to_string()}>
            <th scope="row" class="col-ligne">{ line.line }</th>
            { status_cell }
            { view_statut(row, line.statut.as_ref()) }
            if let Some(sent) = &props.sent {
                { view_sent(row, line, sent.get(&line.line)) }
            }
            { for props.columns.iter().map(|&c| view_cell(props, row, line, c)) }
        </tr>
    }
}
fn status_icon(kind: &str) -> &'static str {
    match kind {
        "erreurs" => "fr-icon-error-fill fr-icon--sm",
        "avertissements" => "fr-icon-warning-fill fr-icon--sm",
        _ => "fr-icon-success-fill fr-icon--sm",
    }
}

fn tabindex(focusable: bool) -> &'static str {
    if focusable { "0" } else { "-1" }
}

fn view_statut(row: u32, statut: Option<&StatutView>) -> Html {
    let Some(statut) = statut else {
        return html! {
            <td data-statut="" class="col-statut">
                <span aria-hidden="true">{ "—" }</span>
                <span class="fr-sr-only">{ "Statut non calculable (dates de formation illisibles)" }</span>
            </td>
        };
    };
    let id = format!("infobulle-{row}-statut");
    html! {
        <td data-statut={statut.current.code()} class="col-statut">
            <button type="button" class="marque marque-statut" aria-describedby={id.clone()}>
                { statut.current.label() }
            </button>
            <span role="tooltip" id={id} class="infobulle">
                <strong>{ "Parcours" }</strong>
                <ul>
                    { for statut.timeline.iter().map(|step| html! {
                        <li>{ format!("à partir du {} : {}", french_date(&step.date), step.kind.label()) }</li>
                    }) }
                </ul>
            </span>
        </td>
    }
}

/// The "Envoi" cell: the server's outcome for the line, with its messages in a tooltip for a refused line.
fn view_sent(row: u32, line: &LineView, outcome: Option<&LineOutcome>) -> Html {
    let (code, text) = line_send_text(outcome, line.errors > 0);
    let reasons: Vec<Mark> = outcome
        .filter(|o| o.status == LineStatus::Rejected)
        .map(|o| {
            o.errors
                .iter()
                .map(|error| Mark {
                    column: None,
                    field: error.field.clone(),
                    severity: Severity::Error,
                    code: "serveur".to_owned(),
                    message: match &error.field {
                        Some(field) => format!("{field} : {}", error.message),
                        None => error.message.clone(),
                    },
                    hint: String::new(),
                    suggestion: None,
                })
                .collect()
        })
        .unwrap_or_default();
    let reasons: Vec<&Mark> = reasons.iter().collect();
    html! {
        <td data-envoi={code} class={classes!("col-envoi", code)} style="position:relative">
            { marker(&format!("infobulle-{row}-envoi"), &reasons, None) }
            { text }
        </td>
    }
}

/// A cell's (or a line's) focusable marker and its tooltip; nothing when there is no mark.
fn marker(id: &str, marks: &[&Mark], column: Option<&str>) -> Html {
    marker_with(id, marks, column, None)
}

/// [`marker`], with "Appliquer : « … »" after each mark that carries a safe correction (D15) when `apply`
/// is given: its click hands the correction to the page.
fn marker_with(id: &str, marks: &[&Mark], column: Option<&str>, apply: Option<&Callback<MouseEvent>>) -> Html {
    if marks.is_empty() {
        return html! {};
    }
    let error = marks.iter().any(|m| m.severity == Severity::Error);
    let (icon, word) = if error {
        ("fr-icon-error-fill fr-icon--sm", "Erreur")
    } else {
        ("fr-icon-warning-fill fr-icon--sm", "Avertissement")
    };
    let about = column.map_or(String::new(), |name| format!(" (colonne {name})"));
    html! {
        <>
            <button type="button" class={classes!("marque", if error { "marque-erreur" } else { "marque-avertissement" })}
                aria-describedby={id.to_owned()}>
                <span class={icon} aria-hidden="true"></span>
                <span class="fr-sr-only">{ format!("{word}{about} : détail") }</span>
            </button>
            <span role="tooltip" id={id.to_owned()} class="infobulle">
                { for marks.iter().map(|m| html! {
                    <span class={classes!("message", if m.severity == Severity::Error { "erreur" } else { "avertissement" })}
                        data-code={m.code.clone()}>
                        <strong>{ if m.severity == Severity::Error { "Erreur : " } else { "Avertissement : " } }</strong>
                        { &m.message }
                        if !m.hint.is_empty() {
                            <span class="conseil">{ &m.hint }</span>
                        }
                        if let (Some(suggestion), Some(apply)) = (&m.suggestion, apply) {
                            <button type="button" class="appliquer fr-btn fr-btn--sm fr-btn--secondary"
                                data-appliquer={suggestion.clone()} onclick={apply.clone()}>
                                { format!("Appliquer : « {suggestion} »") }
                            </button>
                        }
                    </span>
                }) }
            </span>
        </>
    }
}

fn view_cell(props: &BlockProps, row: u32, line: &LineView, column: u32) -> Html {
    let focusable = props.focusable;
    let name = props.names.get(column as usize).map_or("", String::as_str);
    let target = Target {
        row,
        column: Some(column),
    };
    let text = line.cells.get(column as usize).unwrap_or("");
    let marks: Vec<&Mark> = cell_marks(line, column).collect();
    let etat = if marks.iter().any(|m| m.severity == Severity::Error) {
        Some("erreur")
    } else if marks.is_empty() {
        None
    } else {
        Some("avertissement")
    };
    let editing = props.editing.as_ref().filter(|e| e.row == row && e.column == column);
    let fixed = line.fixed.iter().find(|f| f.column == column);
    let content = if let Some(editing) = editing {
        let (on_commit, on_action) = (props.on_commit.clone(), props.on_action.clone());
        let onkeydown = Callback::from(move |event: KeyboardEvent| {
            // The table's own keys (arrows, Enter) must not act while typing.
            event.stop_propagation();
            let value = event
                .target_dyn_into::<web_sys::HtmlInputElement>()
                .map(|input| input.value())
                .unwrap_or_default();
            let commit = match event.key().as_str() {
                "Enter" => true,
                "Escape" => false,
                _ => return,
            };
            event.prevent_default();
            if commit {
                on_commit.emit(value);
            } else {
                on_action.emit(Action::CancelEdit);
            }
        });
        let oninput = props.on_action.reform(|event: InputEvent| {
            let value = event
                .target_dyn_into::<web_sys::HtmlInputElement>()
                .map(|input| input.value())
                .unwrap_or_default();
            Action::EditText(value)
        });
        html! {
            <input id="edition" class="edition" type="text" value={editing.text.clone()} {onkeydown} {oninput}
                aria-label={format!("Nouvelle valeur, colonne {name}, ligne {} (Entrée pour valider, Échap pour annuler)",
                    line.line)} />
        }
    } else if marks.is_empty() && fixed.is_none() {
        // A plain cell is its text only (the cell itself clips it, www/app.css): half the elements
        // to create while scrolling.
        html! { text }
    } else {
        let apply = marks.iter().any(|m| m.suggestion.is_some()).then(|| {
            props
                .on_action
                .reform(move |_: MouseEvent| Action::ApplySuggestion(target))
        });
        html! {
            <>
                { marker_with(&format!("infobulle-{row}-{column}"), &marks, Some(name), apply.as_ref()) }
                if let Some(fixed) = fixed {
                    { fixed_marker(fixed) }
                }
                <span class="texte">{ text }</span>
            </>
        }
    };
    html! {
        <td data-colonne={column.to_string()} data-etat={etat} data-corrige={fixed.map(|f| fix_code(f.kind))}
            class={classes!("cellule", etat, fixed.map(|_| "corrige"))}
            tabindex={tabindex(focusable == Some(target))}>
            { content }
        </td>
    }
}

/// The stable name of a kind of fix (`data-corrige`).
fn fix_code(kind: FixKind) -> &'static str {
    match kind {
        FixKind::Value => "valeur",
        FixKind::Replace => "remplacement",
        FixKind::Suggestion => "correction",
    }
}

/// The French name of a kind of fix.
fn fix_label(kind: FixKind) -> &'static str {
    match kind {
        FixKind::Value => "valeur pour toutes les lignes",
        FixKind::Replace => "remplacement",
        FixKind::Suggestion => "correction proposée",
    }
}

/// The mark of a cell that holds a fix's value rather than the file's: an icon, and for screen readers what
/// was fixed and the file's own value (never colour alone).
fn fixed_marker(fixed: &FixedCell) -> Html {
    let before = if fixed.before.is_empty() {
        "vide".to_owned()
    } else {
        format!("« {} »", fixed.before)
    };
    let text = format!("Corrigé ({}) ; dans le fichier : {before}", fix_label(fixed.kind));
    html! {
        <span class="marque-corrige" title={text.clone()}>
            <span aria-hidden="true">{ "✎" }</span>
            <span class="fr-sr-only">{ format!("{text}. Valeur : ") }</span>
        </span>
    }
}
