//! The virtualised table: only the rows in view (plus an overscan, rounded out to blocks of
//! [`BLOCK`] rows) are in the DOM, between two spacer rows that give the scroll container the full
//! height, so 100 000 lines scroll smoothly. Each block is a component whose properties are shared
//! `Rc`s: a block still in view is neither rendered nor touched again while scrolling.
//! Each marked cell carries an icon, a colour and a focusable marker whose tooltip holds the
//! engine's message and hint (shown on focus and on hover, never colour alone).
//! Once a send has run, an "Envoi" column gives each line's server outcome.

use std::collections::HashMap;
use std::rc::Rc;

use effectifs_send::{LineOutcome, LineStatus};

use wasm_bindgen::JsCast;
use yew::prelude::*;

use super::app::{App, Msg};
use crate::protocol::{ColumnView, LineView, Mark, Severity, StatutView};
use crate::state::{
    Action, BLOCK, Direction, Editing, HEAD_HEIGHT, ROW_HEIGHT, State, Target, cell_marks, french_date, line_marks,
    line_send_text, line_status, plural,
};

/// The table (`#tableau`), for the open file.
pub fn view(state: &State, ctx: &Context<App>, table_ref: &NodeRef, dispatch: &Callback<Msg>) -> Html {
    let Some(file) = &state.file else {
        return html! {};
    };
    let link = ctx.link();
    let onscroll = {
        let table_ref = table_ref.clone();
        link.batch_callback(move |_: Event| {
            table_ref
                .cast::<web_sys::Element>()
                .map(|el| Msg::Act(Action::Scroll(viewport_of(&el))))
        })
    };
    let window = state.window();
    let before = u32::try_from(window.start)
        .unwrap_or(u32::MAX)
        .saturating_mul(ROW_HEIGHT);
    let after = u32::try_from(state.rows.len() - window.end)
        .unwrap_or(u32::MAX)
        .saturating_mul(ROW_HEIGHT);
    let first_focusable = state.cursor.is_none().then(|| {
        state.rows.first().map(|&row| Target {
            row,
            column: state.columns.first().copied(),
        })
    });
    let focusable = state.cursor.or(first_focusable.flatten());
    let blocks = (window.start..window.end).step_by(BLOCK).map(|start| {
        let end = (start + BLOCK).min(window.end);
        let rows: Vec<(u32, Rc<LineView>)> = state.rows[start..end]
            .iter()
            .map(|&row| (row, Rc::clone(&state.lines[row as usize])))
            .collect();
        let in_block = |row: u32| rows.iter().any(|(r, _)| *r == row);
        let focusable = focusable.filter(|t| in_block(t.row));
        let editing = state.editing.clone().filter(|e| in_block(e.row));
        html! {
            <Block key={start} {rows} columns={Rc::clone(&state.columns)} names={Rc::clone(&state.column_names)}
                {focusable} {editing} sent={state.send.outcomes.clone()} dispatch={dispatch.clone()} />
        }
    });
    let shown = state.rows.len();
    let total = state.lines.len();
    let sent = state.send.outcomes.is_some();
    // One handler of each kind for the whole table (events bubble up from the cells), rather than
    // callbacks on every cell.
    let onkeydown = link.batch_callback(|event: KeyboardEvent| {
        if event.key() == "Escape" {
            // Escape closes a tooltip (WCAG 1.4.13): the focus goes back from the marker to its cell.
            hide_tooltip(&event);
            return None;
        }
        let target = target_of(&event)?;
        let action = match event.key().as_str() {
            "Enter" | "F2" => Action::StartEdit(Some(target)),
            "ArrowUp" => Action::Move(Direction::Up),
            "ArrowDown" => Action::Move(Direction::Down),
            "ArrowLeft" => Action::Move(Direction::Left),
            "ArrowRight" => Action::Move(Direction::Right),
            _ => return None,
        };
        event.prevent_default();
        Some(Msg::Act(action))
    });
    let ondblclick = link
        .batch_callback(|event: MouseEvent| target_of(&event).map(|target| Msg::Act(Action::StartEdit(Some(target)))));
    let onfocusin = Callback::from(|event: FocusEvent| place_tooltip(&event));
    let onmouseover = Callback::from(|event: MouseEvent| place_tooltip(&event));
    let focus =
        link.batch_callback(|event: FocusEvent| target_of(&event).map(|target| Msg::Act(Action::Focus(target))));
    let onfocusin = Callback::from(move |event: FocusEvent| {
        onfocusin.emit(event.clone());
        focus.emit(event);
    });
    html! {
        // No taller than its rows: a short file leaves no empty box (at most 70 % of the window).
        <div id="tableau" class="tableau" ref={table_ref.clone()} {onscroll} role="region"
            style={format!("height:min(70vh,{}px)", (u32::try_from(shown).unwrap_or(u32::MAX).saturating_mul(ROW_HEIGHT)).saturating_add(HEAD_HEIGHT + 20))}
            aria-label={format!("Lignes du fichier : {shown} affichées sur {total}")} tabindex="-1">
            // Fixed layout: the width is the sum of the header cells' widths (www/app.css).
            <table {onkeydown} {ondblclick} {onfocusin} {onmouseover} aria-rowcount={(total + 1).to_string()}
                style={format!("width:{}rem", 25 + 12 * state.columns.len() + if sent { 15 } else { 0 })}>
                <caption class="fr-sr-only">{ "Lignes du fichier, une par ligne du tableur" }</caption>
                <thead>
                    <tr>
                        <th scope="col" class="col-ligne">{ "Ligne" }</th>
                        <th scope="col" class="col-etat">{ "État" }</th>
                        <th scope="col" class="col-statut">{ "Statut" }</th>
                        if sent {
                            <th scope="col" class="col-envoi" style="width:15rem">{ "Envoi" }</th>
                        }
                        { for state.columns.iter().map(|&c| view_header(ctx, c, &file.columns[c as usize])) }
                    </tr>
                </thead>
                <tbody aria-hidden="true"><tr class="espace" style={format!("height:{before}px")}></tr></tbody>
                // The blocks in a list of their own, keyed by their first row: `{ for … }` alone would
                // splice them among the table's other (unkeyed) children, which Yew then matches by
                // position, so a scroll by one block replaced every block (all 40 rows re-created).
                <>{ for blocks }</>
                <tbody aria-hidden="true"><tr class="espace" style={format!("height:{after}px")}></tr></tbody>
            </table>
        </div>
    }
}

/// Move the focus from a tooltip's marker to its cell, which hides the tooltip.
fn hide_tooltip(event: &KeyboardEvent) {
    let cell = event
        .target()
        .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
        .filter(|e| e.class_list().contains("marque"))
        .and_then(|e| e.closest("td").ok().flatten())
        .and_then(|cell| cell.dyn_into::<web_sys::HtmlElement>().ok());
    if let Some(cell) = cell {
        let _ = cell.focus();
    }
}

/// A tooltip opens downwards, or upwards when its cell is in the lower half of the table's view,
/// so that none is cut off. Decided when its marker is hovered or focused (a DOM attribute the
/// rendering never sets, so blocks stay the same while scrolling).
fn place_tooltip(event: &Event) {
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
    /// The page's messages.
    pub dispatch: Callback<Msg>,
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
            && self.dispatch == other.dispatch
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

/// The scroll container's viewport.
pub fn viewport_of(el: &web_sys::Element) -> crate::state::Viewport {
    crate::state::Viewport {
        top: u32::try_from(el.scroll_top()).unwrap_or(0),
        height: u32::try_from(el.client_height()).unwrap_or(0),
    }
}

fn view_header(ctx: &Context<App>, index: u32, column: &ColumnView) -> Html {
    let field = match (&column.label, &column.field) {
        (Some(label), _) => label.clone(),
        (None, Some(field)) => field.clone(),
        (None, None) => "colonne ignorée".to_owned(),
    };
    let count = (column.errors > 0).then(|| {
        let onclick = ctx.link().callback(move |_| Msg::Act(Action::GoToColumn(index)));
        let text = plural(column.errors, "erreur", "erreurs");
        html! {
            <button type="button" class="compte-erreurs" data-aller-colonne={index.to_string()} {onclick}
                title={format!("Aller à la première erreur de la colonne {}", column.letter)}>
                <span class="fr-icon-error-fill fr-icon--sm" aria-hidden="true"></span>
                { text }
            </button>
        }
    });
    html! {
        <th scope="col" data-colonne={index.to_string()} class={classes!(column.field.is_none().then_some("ignoree"))}>
            <span class="entete"><span class="lettre">{ &column.letter }</span>{ " " }{ &column.header }</span>
            <span class="champ">{ field }</span>
            { for count }
        </th>
    }
}

/// The cell an event happened in (from the `data-rang` of its row and the `data-colonne` of its
/// cell; the row-status cell has no column). `None` outside the cells, and in the edit box, which
/// handles its own keys.
fn target_of(event: &Event) -> Option<Target> {
    let element: web_sys::Element = event.target()?.dyn_into().ok()?;
    if element.id() == "edition" {
        return None;
    }
    let cell = element.closest("td").ok()??;
    let row = cell.closest("tr").ok()??.get_attribute("data-rang")?.parse().ok()?;
    let column = match cell.get_attribute("data-colonne") {
        Some(column) => Some(column.parse().ok()?),
        None if cell.has_attribute("data-etat-ligne") => None,
        None => return None,
    };
    Some(Target { row, column })
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
    let content = if let Some(editing) = editing {
        let dispatch = props.dispatch.clone();
        let onkeydown = Callback::from(move |event: KeyboardEvent| {
            // The table's own keys (arrows, Enter) must not act while typing.
            event.stop_propagation();
            let value = event
                .target_dyn_into::<web_sys::HtmlInputElement>()
                .map(|input| input.value())
                .unwrap_or_default();
            let msg = match event.key().as_str() {
                "Enter" => Msg::Batch(vec![Action::EditText(value), Action::CommitEdit]),
                "Escape" => Msg::Act(Action::CancelEdit),
                _ => return,
            };
            event.prevent_default();
            dispatch.emit(msg);
        });
        let oninput = props.dispatch.reform(|event: InputEvent| {
            let value = event
                .target_dyn_into::<web_sys::HtmlInputElement>()
                .map(|input| input.value())
                .unwrap_or_default();
            Msg::Act(Action::EditText(value))
        });
        html! {
            <input id="edition" class="edition" type="text" value={editing.text.clone()} {onkeydown} {oninput}
                aria-label={format!("Nouvelle valeur, colonne {name}, ligne {} (Entrée pour valider, Échap pour annuler)",
                    line.line)} />
        }
    } else if marks.is_empty() {
        // A plain cell is its text only (the cell itself clips it, www/app.css): half the elements
        // to create while scrolling.
        html! { text }
    } else {
        html! {
            <>
                { marker(&format!("infobulle-{row}-{column}"), &marks, Some(name)) }
                <span class="texte">{ text }</span>
            </>
        }
    };
    html! {
        <td data-colonne={column.to_string()} data-etat={etat} class={classes!("cellule", etat)}
            tabindex={tabindex(focusable == Some(target))}>
            { content }
        </td>
    }
}
