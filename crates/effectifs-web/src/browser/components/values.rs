//! "Valeurs pour toutes les lignes", in the column-mapping step (D15): one value given to a field for every
//! line, where its column is absent or the cell empty. Each required field no column feeds has its row; any
//! other field (present or not) can be added. The engine checks each value as the user types (its message and
//! hint under the field, in a live region); "Appliquer à toutes les lignes" sends it.

use std::rc::Rc;

use web_sys::{HtmlInputElement, HtmlSelectElement};
use yew::prelude::*;

use super::OnAction;
use crate::protocol::{FieldChoice, FieldRef, Mark, Severity};
use crate::state::{Action, ValueDraft};

/// The properties of [`ValuesForAll`].
#[derive(Properties, PartialEq)]
pub struct ValuesForAllProps {
    /// Required fields no column feeds (each gets a row).
    pub missing: Vec<FieldRef>,
    /// Every field, for "Autre champ".
    pub fields: Rc<Vec<FieldChoice>>,
    /// The values typed so far.
    pub drafts: Vec<ValueDraft>,
    /// The page's actions.
    pub on_action: OnAction,
}

/// The values for every line.
#[function_component]
pub fn ValuesForAll(props: &ValuesForAllProps) -> Html {
    let label_of = |name: &str| {
        props
            .fields
            .iter()
            .find(|f| f.name == name)
            .map_or_else(|| name.to_owned(), |f| f.label.clone())
    };
    // The missing fields first, then the others the user added, each once.
    let mut rows: Vec<(String, String, bool)> = props
        .missing
        .iter()
        .map(|f| (f.name.clone(), f.label.clone(), true))
        .collect();
    for draft in &props.drafts {
        if !rows.iter().any(|(name, ..)| *name == draft.field) {
            rows.push((draft.field.clone(), label_of(&draft.field), false));
        }
    }
    let other = use_node_ref();
    let add = {
        let other = other.clone();
        props.on_action.reform(move |_: MouseEvent| {
            let field = other
                .cast::<HtmlSelectElement>()
                .map(|select| select.value())
                .unwrap_or_default();
            Action::AddValueField(field)
        })
    };
    html! {
        <div id="valeurs" class="valeurs fr-mt-3w" role="group" aria-labelledby="titre-valeurs">
            <h3 id="titre-valeurs" class="fr-h6">{ "Valeurs pour toutes les lignes" }</h3>
            <p class="fr-text--sm">{ "Une valeur donnée à un champ remplit ses cellules vides, ou toute sa colonne \
                si elle est absente du fichier (par exemple l'UAI et le SIRET de votre établissement). Elle fait \
                partie de la recette de ce fichier." }</p>
            { for rows.iter().map(|(name, label, missing)| {
                let draft = props.drafts.iter().find(|d| d.field == *name);
                html! {
                    <ValueRow key={name.clone()} field={name.clone()} label={label.clone()} missing={*missing}
                        text={draft.map(|d| d.text.clone()).unwrap_or_default()}
                        verdict={draft.and_then(|d| d.verdict.clone())} on_action={props.on_action.clone()} />
                }
            }) }
            <div class="autre-champ">
                <div class="fr-select-group">
                    <label class="fr-label" for="autre-champ">{ "Autre champ" }</label>
                    <select id="autre-champ" class="fr-select" ref={other}>
                        { for props.fields.iter().map(|f| html! {
                            <option value={f.name.clone()}>{ format!("{} ({})", f.label, f.name) }</option>
                        }) }
                    </select>
                </div>
                <button id="ajouter-valeur" type="button" class="fr-btn fr-btn--secondary fr-btn--sm" onclick={add}>
                    { "Donner une valeur à ce champ" }
                </button>
            </div>
        </div>
    }
}

/// The properties of [`ValueRow`].
#[derive(Properties, PartialEq)]
pub struct ValueRowProps {
    /// The field's name.
    pub field: String,
    /// Its French label.
    pub label: String,
    /// No column feeds it (required).
    pub missing: bool,
    /// The text typed.
    pub text: String,
    /// The engine's verdict on the text, once it answered.
    pub verdict: Option<Vec<Mark>>,
    /// The page's actions.
    pub on_action: OnAction,
}

/// One field's value for every line.
#[function_component]
pub fn ValueRow(props: &ValueRowProps) -> Html {
    let ValueRowProps {
        field,
        label,
        missing,
        text,
        verdict,
        on_action,
    } = props;
    let id = format!("valeur-{field}");
    let message_id = format!("valeur-{field}-message");
    let oninput = {
        let field = field.clone();
        on_action.reform(move |event: InputEvent| Action::ValueText {
            field: field.clone(),
            text: event.target_unchecked_into::<HtmlInputElement>().value(),
        })
    };
    let onclick = {
        let field = field.clone();
        on_action.reform(move |_| Action::ApplyValue(field.clone()))
    };
    let blank = text.trim().is_empty();
    let error = verdict
        .as_ref()
        .is_some_and(|marks| marks.iter().any(|m| m.severity == Severity::Error));
    let (class, message) = match verdict {
        _ if blank => (None, Html::default()),
        None => (None, html! { <p class="fr-hint-text">{ "Vérification…" }</p> }),
        Some(marks) if marks.is_empty() => (
            Some("fr-input-group--valid"),
            html! { <p class="fr-valid-text">{ "Valeur valide." }</p> },
        ),
        Some(marks) => (
            Some(if error {
                "fr-input-group--error"
            } else {
                "fr-input-group--valid"
            }),
            html! { { for marks.iter().map(|m| html! {
                <p class={if m.severity == Severity::Error { "fr-error-text" } else { "fr-info-text" }}
                    data-code={m.code.clone()}>
                    { &m.message }
                    if !m.hint.is_empty() {
                        { " " }<span class="conseil">{ &m.hint }</span>
                    }
                </p>
            }) } },
        ),
    };
    html! {
        <div class={classes!("fr-input-group", "valeur", class)} data-valeur={field.clone()}>
            <label class="fr-label" for={id.clone()}>
                { format!("{label} ({field})") }
                <span class="fr-hint-text">
                    { if *missing { "Colonne absente du fichier : valeur pour toutes les lignes" } else { "Valeur pour les cellules vides de toutes les lignes" } }
                </span>
            </label>
            <div class="valeur-saisie">
                <input id={id} class="fr-input" type="text" value={text.clone()} {oninput}
                    aria-describedby={message_id.clone()} aria-invalid={error.then_some("true")} />
                <button id={format!("appliquer-valeur-{field}")} type="button" class="fr-btn fr-btn--sm"
                    disabled={blank || error || verdict.is_none()} {onclick}>
                    { "Appliquer à toutes les lignes" }
                </button>
            </div>
            <div id={message_id} class="fr-messages-group" aria-live="polite">{ message }</div>
        </div>
    }
}
