//! The dialogs of the column-wide fixes (D15), opened from a column's header: "Remplacer…" (the number of
//! cells it will change shown before applying) and the column's safe corrections (the list shown before they
//! are applied). Native modal `<dialog>`s: the browser keeps the focus inside, Escape closes them, and the
//! focus goes back where it was.

use web_sys::{HtmlDialogElement, HtmlInputElement};
use yew::prelude::*;

use super::OnAction;
use crate::protocol::{ColumnView, SuggestionView};
use crate::state::{Action, group_thousands, plural};

/// Shows the dialog behind `node` as a modal once it is in the page, and closes it when it goes (the
/// browser then gives the focus back to the element that had it).
#[hook]
fn use_modal(node: NodeRef) {
    use_effect_with((), move |()| {
        let dialog = node.cast::<HtmlDialogElement>();
        if let Some(dialog) = &dialog
            && !dialog.open()
        {
            let _ = dialog.show_modal();
        }
        move || {
            if let Some(dialog) = dialog {
                dialog.close();
            }
        }
    });
}

/// "Colonne B « sexe »".
fn column_name(column: &ColumnView) -> String {
    format!("colonne {} « {} »", column.letter, column.header)
}

/// The properties of [`ReplaceDialog`].
#[derive(Properties, PartialEq)]
pub struct ReplaceDialogProps {
    /// The column.
    pub column: ColumnView,
    /// "Texte à remplacer".
    pub from: String,
    /// "Remplacer par".
    pub to: String,
    /// The cells the replacement would change, once counted.
    pub count: Option<u32>,
    /// The page's actions.
    pub on_action: OnAction,
}

/// "Remplacer…" in a column.
#[function_component]
pub fn ReplaceDialog(props: &ReplaceDialogProps) -> Html {
    let node = use_node_ref();
    use_modal(node.clone());
    let ReplaceDialogProps {
        column,
        from,
        to,
        count,
        on_action,
    } = props;
    let value = |event: InputEvent| event.target_unchecked_into::<HtmlInputElement>().value();
    let onfrom = on_action.reform(move |event| Action::ReplaceFrom(value(event)));
    let onto = on_action.reform(move |event| Action::ReplaceTo(value(event)));
    let onsubmit = on_action.reform(|event: SubmitEvent| {
        event.prevent_default();
        Action::ApplyReplace
    });
    let counted = match count {
        _ if from.trim().is_empty() => String::new(),
        None => "Comptage des cellules…".to_owned(),
        Some(0) => "Aucune cellule de cette colonne ne contient ce texte.".to_owned(),
        Some(1) => "1 cellule sera modifiée.".to_owned(),
        Some(n) => format!("{} cellules seront modifiées.", group_thousands(*n)),
    };
    html! {
        <dialog id="dialogue-remplacer" class="dialogue" ref={node} aria-labelledby="titre-remplacer"
            onclose={on_action.reform(|_| Action::CloseDialog)}>
            <form {onsubmit}>
                <h2 id="titre-remplacer" class="fr-h5">{ format!("Remplacer dans la {}", column_name(column)) }</h2>
                <p class="fr-text--sm">{ "Chaque cellule de la colonne dont le texte (sans les espaces autour) est \
                    exactement celui-ci prend le nouveau texte. Le remplacement fait partie de la recette de ce \
                    fichier ; « Annuler la dernière modification » le défait." }</p>
                <div class="fr-input-group">
                    <label class="fr-label" for="remplacer-de">{ "Texte à remplacer" }</label>
                    <input id="remplacer-de" class="fr-input" type="text" value={from.clone()} oninput={onfrom}
                        aria-describedby="remplacer-compte" />
                </div>
                <div class="fr-input-group">
                    <label class="fr-label" for="remplacer-par">
                        { "Remplacer par" }
                        <span class="fr-hint-text">{ "Laissez vide pour vider ces cellules." }</span>
                    </label>
                    <input id="remplacer-par" class="fr-input" type="text" value={to.clone()} oninput={onto} />
                </div>
                <p id="remplacer-compte" class="fr-text--sm" aria-live="polite">{ counted }</p>
                <ul class="fr-btns-group fr-btns-group--inline-sm">
                    <li>
                        <button id="appliquer-remplacement" type="submit" class="fr-btn"
                            disabled={!matches!(count, Some(n) if *n > 0) || from.trim().is_empty()}>
                            { "Remplacer" }
                        </button>
                    </li>
                    <li>
                        <button id="annuler-remplacement" type="button" class="fr-btn fr-btn--secondary"
                            onclick={on_action.reform(|_| Action::CloseDialog)}>{ "Annuler" }</button>
                    </li>
                </ul>
            </form>
        </dialog>
    }
}

/// The properties of [`SuggestionsDialog`].
#[derive(Properties, PartialEq)]
pub struct SuggestionsDialogProps {
    /// The column.
    pub column: ColumnView,
    /// The corrections, once listed.
    pub items: Option<Vec<SuggestionView>>,
    /// The page's actions.
    pub on_action: OnAction,
}

/// A column's safe corrections.
#[function_component]
pub fn SuggestionsDialog(props: &SuggestionsDialogProps) -> Html {
    let node = use_node_ref();
    use_modal(node.clone());
    let SuggestionsDialogProps {
        column,
        items,
        on_action,
    } = props;
    let count = items
        .as_ref()
        .map_or(0, |items| u32::try_from(items.len()).unwrap_or(u32::MAX));
    let list = match items {
        None => html! { <p aria-live="polite">{ "Recherche des corrections…" }</p> },
        Some(items) if items.is_empty() => {
            html! { <p aria-live="polite">{ "Aucune correction sûre dans cette colonne." }</p> }
        }
        Some(items) => html! {
            <div class="liste-corrections">
                <table>
                    <caption class="fr-sr-only">{ format!("Corrections proposées, {}", column_name(column)) }</caption>
                    <thead><tr>
                        <th scope="col">{ "Ligne" }</th>
                        <th scope="col">{ "Valeur du fichier" }</th>
                        <th scope="col">{ "Correction" }</th>
                    </tr></thead>
                    <tbody>{ for items.iter().map(|item| html! {
                        <tr data-ligne={item.line.to_string()}>
                            <th scope="row">{ item.line }</th>
                            <td>{ format!("« {} »", item.before) }</td>
                            <td>{ format!("« {} »", item.after) }</td>
                        </tr>
                    }) }</tbody>
                </table>
            </div>
        },
    };
    let apply = if count == 1 {
        "Appliquer la correction proposée".to_owned()
    } else {
        format!("Appliquer les {} corrections proposées", group_thousands(count))
    };
    html! {
        <dialog id="dialogue-corrections" class="dialogue" ref={node} aria-labelledby="titre-corrections"
            onclose={on_action.reform(|_| Action::CloseDialog)}>
            <h2 id="titre-corrections" class="fr-h5">{ format!("Corrections proposées, {}", column_name(column)) }</h2>
            <p class="fr-text--sm">{ "Le moteur ne propose une correction que lorsque la valeur n'a qu'un sens \
                possible (espaces ou points dans un numéro, lettre en minuscule…). Rien n'est corrigé sans votre \
                accord ; « Annuler la dernière modification » défait l'ensemble." }</p>
            if count > 0 {
                <p class="fr-text--sm" aria-live="polite">
                    { format!("{} :", plural(count, "correction proposée", "corrections proposées")) }
                </p>
            }
            { list }
            <ul class="fr-btns-group fr-btns-group--inline-sm">
                <li>
                    <button id="appliquer-corrections" type="button" class="fr-btn" disabled={count == 0}
                        onclick={on_action.reform(|_| Action::ApplySuggestions)}>{ apply }</button>
                </li>
                <li>
                    <button id="annuler-corrections" type="button" class="fr-btn fr-btn--secondary"
                        onclick={on_action.reform(|_| Action::CloseDialog)}>{ "Annuler" }</button>
                </li>
            </ul>
        </dialog>
    }
}
