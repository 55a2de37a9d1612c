//! The column-mapping step (`#correspondance`): which field each column of the file feeds, the required
//! fields no column feeds, the fields fed twice; or, once closed, the button that opens it again.

use std::rc::Rc;

use web_sys::HtmlSelectElement;
use yew::prelude::*;

use super::OnAction;
use super::values::ValuesForAll;
use crate::protocol::{ColumnView, FieldChoice, FieldRef, Presence};
use crate::state::{Action, ValueDraft, plural};

/// The properties of [`Mapping`].
#[derive(Properties, PartialEq)]
pub struct MappingProps {
    /// Whether the panel is open.
    pub open: bool,
    /// The file's columns.
    pub columns: Vec<ColumnView>,
    /// Required fields no column feeds.
    pub missing: Vec<FieldRef>,
    /// Fields fed by more than one column.
    pub duplicates: Vec<FieldRef>,
    /// Per column, the field chosen in the panel (`None` = ignored).
    pub draft: Vec<Option<String>>,
    /// The fields offered (shared with the rows: compared by pointer).
    pub fields: Rc<Vec<FieldChoice>>,
    /// The values for every line typed so far.
    pub values: Vec<ValueDraft>,
    /// The page's actions.
    pub on_action: OnAction,
}

/// The column-mapping step.
#[function_component]
pub fn Mapping(props: &MappingProps) -> Html {
    let on_action = &props.on_action;
    if !props.open {
        return html! {
            <p class="modifier-correspondance">
                <button id="modifier-correspondance" type="button" class="fr-btn fr-btn--sm fr-btn--tertiary"
                    onclick={on_action.reform(|_| Action::OpenMapping)}>
                    { "Modifier la correspondance des colonnes" }
                </button>
            </p>
        };
    }
    let rows = props.columns.iter().enumerate().map(|(index, column)| {
        html! {
            <MappingRow index={u32::try_from(index).unwrap_or(u32::MAX)} column={column.clone()}
                chosen={props.draft.get(index).cloned().flatten()} fields={Rc::clone(&props.fields)}
                on_action={on_action.clone()} />
        }
    });
    let unmatched: Vec<String> = props
        .columns
        .iter()
        .filter(|c| c.field.is_none())
        .map(|c| format!("{} « {} »", c.letter, c.header))
        .collect();
    html! {
        <section id="correspondance" class="correspondance" aria-labelledby="titre-correspondance">
            <h2 id="titre-correspondance" class="fr-h4">{ "Correspondance des colonnes" }</h2>
            <p>{ "Vérifiez à quel champ correspond chaque colonne de votre fichier. \
                  Votre choix est retenu pour les fichiers ayant les mêmes en-têtes (seulement les en-têtes, jamais vos données)." }</p>
            if !props.missing.is_empty() {
                <div class="fr-alert fr-alert--warning fr-alert--sm manquantes">
                    <p>{ "Colonnes obligatoires absentes :" }</p>
                    <ul>{ for props.missing.iter().map(|f| html! {
                        <li data-champ-manquant={f.name.clone()}>{ format!("{} ({})", f.label, f.name) }</li>
                    }) }</ul>
                </div>
            }
            if !props.duplicates.is_empty() {
                <div class="fr-alert fr-alert--info fr-alert--sm">
                    <p>{ "Champs alimentés par plusieurs colonnes (la dernière est utilisée) :" }</p>
                    <ul>{ for props.duplicates.iter().map(|f| html! {
                        <li>{ format!("{} ({})", f.label, f.name) }</li>
                    }) }</ul>
                </div>
            }
            if !unmatched.is_empty() {
                <p class="non-reconnues">
                    { format!("{} : ", plural(u32::try_from(unmatched.len()).unwrap_or(u32::MAX),
                        "colonne non reconnue, ignorée", "colonnes non reconnues, ignorées")) }
                    { unmatched.join(", ") }
                </p>
            }
            <div class="tableau-correspondance">
                <table>
                    <caption class="fr-sr-only">{ "Correspondance des colonnes" }</caption>
                    <thead><tr>
                        <th scope="col">{ "Colonne du fichier" }</th>
                        <th scope="col">{ "Reconnaissance" }</th>
                        <th scope="col">{ "Champ" }</th>
                    </tr></thead>
                    <tbody>{ for rows }</tbody>
                </table>
            </div>
            <ValuesForAll missing={props.missing.clone()} fields={Rc::clone(&props.fields)}
                drafts={props.values.clone()} on_action={on_action.clone()} />
            <ul class="fr-btns-group fr-btns-group--inline-sm fr-mt-3w">
                <li>
                    <button id="appliquer-correspondance" type="button" class="fr-btn"
                        onclick={on_action.reform(|_| Action::ApplyMapping)}>{ "Appliquer la correspondance" }</button>
                </li>
                <li>
                    <button id="fermer-correspondance" type="button" class="fr-btn fr-btn--secondary"
                        onclick={on_action.reform(|_| Action::CloseMapping)}>{ "Fermer" }</button>
                </li>
            </ul>
        </section>
    }
}

/// The properties of a row of the column-mapping panel.
#[derive(Properties, PartialEq)]
pub struct MappingRowProps {
    /// Column index.
    pub index: u32,
    /// The column.
    pub column: ColumnView,
    /// The field chosen in the panel, `None` = ignored.
    pub chosen: Option<String>,
    /// The fields offered (shared: compared by pointer).
    pub fields: Rc<Vec<FieldChoice>>,
    /// The page's actions.
    pub on_action: OnAction,
}

/// A row of the column-mapping panel: a component, so that its list of every field (64 columns ×
/// 60 options for a full file) is built and compared again only when its column or choice changes,
/// not at each render of the page (each block of rows while the table scrolls).
#[function_component]
pub fn MappingRow(props: &MappingRowProps) -> Html {
    let MappingRowProps {
        index,
        column,
        chosen,
        fields,
        on_action,
    } = props;
    let index = *index;
    let onchange = on_action.reform(move |event: Event| {
        let select: HtmlSelectElement = event.target_unchecked_into();
        let value = select.value();
        Action::MapColumn {
            column: index,
            field: (!value.is_empty()).then_some(value),
        }
    });
    let how = match column.matched.as_str() {
        _ if !column.candidates.is_empty() && column.field.is_none() => "plusieurs champs possibles : à choisir",
        "exact" => "nom exact",
        "normalized" => "nom reconnu",
        "label" => "libellé reconnu",
        "manual" => "choisi par vous",
        "recipe" => "ajoutée (valeur pour toutes les lignes)",
        _ => "non reconnue",
    };
    let is_candidate = |name: &str| column.candidates.iter().any(|c| c.name == name);
    let id = format!("correspondance-{index}");
    html! {
        <tr>
            <th scope="row"><span class="lettre">{ &column.letter }</span>{ " " }{ &column.header }</th>
            <td class={classes!((column.field.is_none()).then_some("non-reconnue"))}>
                { how }
                if !column.candidates.is_empty() && column.field.is_none() {
                    <span class="fr-hint-text candidats">
                        { column.candidates.iter().map(|c| format!("{} ({})", c.label, c.name)).collect::<Vec<_>>().join(" ou ") }
                    </span>
                }
            </td>
            <td>
                <label class="fr-sr-only" for={id.clone()}>
                    { format!("Champ de la colonne {} « {} »", column.letter, column.header) }
                </label>
                <select id={id} class="fr-select" data-colonne={index.to_string()} {onchange}>
                    <option value="" selected={chosen.is_none()}>{ "Ignorer cette colonne" }</option>
                    if !column.candidates.is_empty() {
                        <optgroup label="Champs possibles pour cet en-tête">
                            { for column.candidates.iter().map(|c| html! {
                                <option value={c.name.clone()} data-candidat="" selected={chosen.as_deref() == Some(c.name.as_str())}>
                                    { format!("{} ({})", c.label, c.name) }
                                </option>
                            }) }
                        </optgroup>
                    }
                    { for fields.iter().filter(|f| !is_candidate(&f.name)).map(|f| {
                        let required = if f.required { " — obligatoire" } else if f.presence == Presence::Generated { " — calculé si absent" } else { "" };
                        html! {
                            <option value={f.name.clone()} selected={chosen.as_deref() == Some(f.name.as_str())}>
                                { format!("{} ({}){required}", f.label, f.name) }
                            </option>
                        }
                    }) }
                </select>
            </td>
        </tr>
    }
}
