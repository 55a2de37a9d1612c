//! What the page shows while the worker works on a file: the progress of a reading (with "Annuler"), and the
//! choice of a sheet when a workbook holds several lists of learners.

use web_sys::HtmlSelectElement;
use yew::prelude::*;

use super::OnAction;
use crate::protocol::Stage;
use crate::state::{Action, group_thousands};

/// The properties of [`Progress`].
#[derive(Properties, PartialEq)]
pub struct ProgressProps {
    /// Lines validated so far.
    pub done: u32,
    /// Lines in the file (0 while reading).
    pub total: u32,
    /// What the worker is doing.
    pub stage: Stage,
    /// The page's actions ("Annuler").
    pub on_action: OnAction,
}

/// The progress of a reading.
#[function_component]
pub fn Progress(props: &ProgressProps) -> Html {
    let ProgressProps {
        done,
        total,
        stage,
        on_action,
    } = props;
    let text = match stage {
        Stage::Reading => "Lecture du fichier…".to_owned(),
        Stage::Validating => format!("{} / {} lignes", group_thousands(*done), group_thousands(*total)),
    };
    let value = (*stage == Stage::Validating && *total > 0).then(|| done.to_string());
    html! {
        <section class="zone-progression" aria-labelledby="titre-progression">
            <h2 id="titre-progression" class="fr-h5">{ "Vérification en cours" }</h2>
            <progress id="progression" max={(*total).max(1).to_string()} value={value}
                aria-describedby="progression-texte">{ &text }</progress>
            <p id="progression-texte" aria-live="polite">{ &text }</p>
            <button id="annuler" type="button" class="fr-btn fr-btn--secondary"
                onclick={on_action.reform(|_| Action::Cancel)}>{ "Annuler" }</button>
        </section>
    }
}

/// The properties of [`SheetChoice`].
#[derive(Properties, PartialEq)]
pub struct SheetChoiceProps {
    /// The candidate sheets.
    pub sheets: Vec<String>,
    /// The one selected in the list.
    pub selected: String,
    /// The page's actions.
    pub on_action: OnAction,
}

/// The choice of a sheet.
#[function_component]
pub fn SheetChoice(props: &SheetChoiceProps) -> Html {
    let onchange = props.on_action.reform(|event: Event| {
        let select: HtmlSelectElement = event.target_unchecked_into();
        Action::SelectSheet(select.value())
    });
    html! {
        <section class="choix-feuille" aria-labelledby="titre-feuille">
            <h2 id="titre-feuille" class="fr-h5">{ "Quelle feuille vérifier ?" }</h2>
            <p>{ "Ce classeur contient plusieurs feuilles qui ressemblent à une liste d'effectifs." }</p>
            <div class="fr-select-group">
                <label class="fr-label" for="choix-feuille">{ "Feuille" }</label>
                <select id="choix-feuille" class="fr-select" {onchange}>
                    { for props.sheets.iter().map(|s| html! {
                        <option value={s.clone()} selected={*s == props.selected}>{ s }</option>
                    }) }
                </select>
            </div>
            <button id="ouvrir-feuille" type="button" class="fr-btn"
                onclick={props.on_action.reform(|_| Action::OpenSheet)}>{ "Vérifier cette feuille" }</button>
        </section>
    }
}
