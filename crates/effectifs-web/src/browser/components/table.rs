//! The virtualised table (`#tableau`) and its tools. Only the rows in view (plus an overscan, rounded out to
//! blocks of [`crate::state::BLOCK`] rows) are in the DOM, between two spacer rows that give the scroll
//! container the full height, so 100 000 lines scroll smoothly. Each block is a component ([`rows::Block`])
//! whose properties are shared `Rc`s: a block still in view is neither rendered nor touched again while
//! scrolling. Once a send has run, an "Envoi" column gives each line's server outcome.

use std::collections::HashMap;
use std::rc::Rc;

use effectifs_send::LineOutcome;
use wasm_bindgen::JsCast;
use yew::prelude::*;

use super::rows::{Block, place_tooltip};
use super::{OnAction, checked, maybe};
use crate::protocol::ColumnView;
use crate::state::{Action, Direction, Filters, HEAD_HEIGHT, ROW_HEIGHT, TableWindow, Target, Viewport, plural};

/// The properties of [`Table`].
#[derive(Properties, PartialEq)]
pub struct TableProps {
    /// The rows to render now.
    pub window: TableWindow,
    /// Every column of the file (headers, fields, counts).
    pub headers: Vec<ColumnView>,
    /// The columns shown (shared with the blocks).
    pub columns: Rc<Vec<u32>>,
    /// Per column, "A « header »" (shared with the blocks).
    pub names: Rc<Vec<String>>,
    /// Each line's send outcome by spreadsheet line, once a send has run.
    pub sent: Option<Rc<HashMap<u32, LineOutcome>>>,
    /// The scroll container, for the page (it scrolls it and reads its viewport after a render).
    pub node_ref: NodeRef,
    /// The page's actions. Created once by the page: the blocks compare it.
    pub on_action: OnAction,
    /// Enter in the edit box, with its text.
    pub on_commit: Callback<String>,
}

/// The table.
#[function_component]
pub fn Table(props: &TableProps) -> Html {
    let TableProps {
        window,
        headers,
        columns,
        names,
        sent,
        node_ref,
        on_action,
        on_commit,
    } = props;
    let onscroll = {
        let node_ref = node_ref.clone();
        maybe(on_action, move |_: Event| {
            node_ref
                .cast::<web_sys::Element>()
                .map(|el| Action::Scroll(viewport_of(&el)))
        })
    };
    let blocks = window.blocks.iter().map(|block| {
        html! {
            <Block key={block.start} rows={block.rows.clone()} columns={Rc::clone(columns)} names={Rc::clone(names)}
                focusable={block.focusable} editing={block.editing.clone()} sent={sent.clone()}
                on_action={on_action.clone()} on_commit={on_commit.clone()} />
        }
    });
    let (shown, total) = (window.shown, window.total);
    // One handler of each kind for the whole table (events bubble up from the cells), rather than
    // callbacks on every cell.
    let onkeydown = maybe(on_action, |event: KeyboardEvent| {
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
        Some(action)
    });
    let ondblclick = maybe(on_action, |event: MouseEvent| {
        target_of(&event).map(|target| Action::StartEdit(Some(target)))
    });
    let onmouseover = Callback::from(|event: MouseEvent| place_tooltip(&event));
    let focus = maybe(on_action, |event: FocusEvent| target_of(&event).map(Action::Focus));
    let onfocusin = Callback::from(move |event: FocusEvent| {
        place_tooltip(&event);
        focus.emit(event);
    });
    let sent = sent.is_some();
    html! {
        // No taller than its rows: a short file leaves no empty box (at most 70 % of the window).
        <div id="tableau" class="tableau" ref={node_ref.clone()} {onscroll} role="region"
            style={format!("height:min(70vh,{}px)", (u32::try_from(shown).unwrap_or(u32::MAX).saturating_mul(ROW_HEIGHT)).saturating_add(HEAD_HEIGHT + 20))}
            aria-label={format!("Lignes du fichier : {shown} affichées sur {total}")} tabindex="-1">
            // Fixed layout: the width is the sum of the header cells' widths (www/app.css).
            <table {onkeydown} {ondblclick} {onfocusin} {onmouseover} aria-rowcount={(total + 1).to_string()}
                style={format!("width:{}rem", 25 + 12 * columns.len() + if sent { 15 } else { 0 })}>
                <caption class="fr-sr-only">{ "Lignes du fichier, une par ligne du tableur" }</caption>
                <thead>
                    <tr>
                        <th scope="col" class="col-ligne">{ "Ligne" }</th>
                        <th scope="col" class="col-etat">{ "État" }</th>
                        <th scope="col" class="col-statut">{ "Statut" }</th>
                        if sent {
                            <th scope="col" class="col-envoi" style="width:15rem">{ "Envoi" }</th>
                        }
                        { for columns.iter().map(|&c| view_header(on_action, c, &headers[c as usize])) }
                    </tr>
                </thead>
                <tbody aria-hidden="true"><tr class="espace" style={format!("height:{}px", window.before)}></tr></tbody>
                // The blocks in a list of their own, keyed by their first row: `{ for … }` alone would
                // splice them among the table's other (unkeyed) children, which Yew then matches by
                // position, so a scroll by one block replaced every block (all 40 rows re-created).
                <>{ for blocks }</>
                <tbody aria-hidden="true"><tr class="espace" style={format!("height:{}px", window.after)}></tr></tbody>
            </table>
        </div>
    }
}

/// The scroll container's viewport.
pub fn viewport_of(el: &web_sys::Element) -> Viewport {
    Viewport {
        top: u32::try_from(el.scroll_top()).unwrap_or(0),
        height: u32::try_from(el.client_height()).unwrap_or(0),
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

/// A column's header: its letter and header, the field it feeds, its error count (a button to its first
/// error), and the column-wide actions (D15): "Remplacer…", and its safe corrections when there are some.
fn view_header(on_action: &OnAction, index: u32, column: &ColumnView) -> Html {
    let field = match (&column.label, &column.field) {
        (Some(label), _) => label.clone(),
        (None, Some(field)) => field.clone(),
        (None, None) => "colonne ignorée".to_owned(),
    };
    let name = format!("colonne {} « {} »", column.letter, column.header);
    let count = (column.errors > 0).then(|| {
        let onclick = on_action.reform(move |_| Action::GoToColumn(index));
        let text = plural(column.errors, "erreur", "erreurs");
        html! {
            <button type="button" class="compte-erreurs" data-aller-colonne={index.to_string()} {onclick}
                title={format!("Aller à la première erreur de la colonne {}", column.letter)}>
                <span class="fr-icon-error-fill fr-icon--sm" aria-hidden="true"></span>
                { text }
            </button>
        }
    });
    let corrections = (column.suggestions > 0).then(|| {
        let text = plural(column.suggestions, "correction", "corrections");
        html! {
            <button type="button" class="action-colonne corrections" data-corrections={index.to_string()}
                aria-label={format!("{text} proposées : les voir avant de les appliquer, {name}")}
                onclick={on_action.reform(move |_| Action::OpenSuggestions(index))}>
                { text }
            </button>
        }
    });
    html! {
        <th scope="col" data-colonne={index.to_string()} data-champ={column.field.clone()}
            class={classes!(column.field.is_none().then_some("ignoree"))}>
            <span class="entete"><span class="lettre">{ &column.letter }</span>{ " " }{ &column.header }</span>
            <span class="champ">{ field }</span>
            <span class="compte">{ for count }</span>
            <span class="actions">
                <button type="button" class="action-colonne" data-remplacer={index.to_string()}
                    aria-label={format!("Remplacer… dans la {name}")}
                    onclick={on_action.reform(move |_| Action::OpenReplace(index))}>
                    { "Remplacer…" }
                </button>
                { for corrections }
            </span>
        </th>
    }
}

/// The cell an event happened in (from the `data-rang` of its row and the `data-colonne` of its
/// cell; the row-status cell has no column). `None` outside the cells, and in the edit box, which
/// handles its own keys.
fn target_of(event: &Event) -> Option<Target> {
    let element: web_sys::Element = event.target()?.dyn_into().ok()?;
    // The edit box and the buttons of a tooltip handle their own keys.
    if element.id() == "edition" || element.class_list().contains("appliquer") {
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

/// The properties of [`TableTools`].
#[derive(Properties, PartialEq)]
pub struct TableToolsProps {
    /// The table's filters.
    pub filters: Filters,
    /// Edits that can be undone.
    pub undo: usize,
    /// The page's actions.
    pub on_action: OnAction,
}

/// The table's tools: filters, "Erreur suivante", undo, and the keys' help.
#[function_component]
pub fn TableTools(props: &TableToolsProps) -> Html {
    let TableToolsProps {
        filters,
        undo,
        on_action,
    } = props;
    let undo_label = if *undo == 0 {
        "Annuler la dernière modification".to_owned()
    } else {
        format!("Annuler la dernière modification ({undo})")
    };
    html! {
        <div class="outils" role="group" aria-label="Affichage du tableau">
            <div class="fr-checkbox-group fr-checkbox-group--sm">
                <input type="checkbox" id="filtre-lignes-erreur" checked={filters.lines_in_error}
                    onchange={on_action.reform(|e: Event| Action::FilterLines(checked(&e)))} />
                <label class="fr-label" for="filtre-lignes-erreur">{ "Lignes en erreur seulement" }</label>
            </div>
            <div class="fr-checkbox-group fr-checkbox-group--sm">
                <input type="checkbox" id="filtre-colonnes-erreur" checked={filters.columns_in_error}
                    onchange={on_action.reform(|e: Event| Action::FilterColumns(checked(&e)))} />
                <label class="fr-label" for="filtre-colonnes-erreur">{ "Colonnes en erreur seulement" }</label>
            </div>
            <button id="erreur-suivante" type="button" class="fr-btn fr-btn--sm fr-btn--tertiary"
                onclick={on_action.reform(|_| Action::NextError)}>{ "Erreur suivante" }</button>
            <button id="annuler-modification" type="button" class="fr-btn fr-btn--sm fr-btn--tertiary"
                disabled={*undo == 0}
                onclick={on_action.reform(|_| Action::Undo)}>{ undo_label }</button>
            <p class="fr-text--xs aide">
                { "Flèches pour se déplacer, Entrée ou double-clic pour corriger une cellule, Échap pour annuler." }
            </p>
        </div>
    }
}
