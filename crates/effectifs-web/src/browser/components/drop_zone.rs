//! The drop zone: drop or choose a file, try the sample, download the blank template, choose the profile.

use web_sys::{HtmlInputElement, HtmlSelectElement};
use yew::prelude::*;

use super::OnAction;
use crate::protocol::ExportKind;
use crate::state::Action;

/// The properties of [`DropZone`].
#[derive(Properties, PartialEq)]
pub struct DropZoneProps {
    /// A file is dragged over the zone.
    pub dragging: bool,
    /// The worker is reading a file: no other can be chosen meanwhile.
    pub busy: bool,
    /// A download is being prepared.
    pub exporting: bool,
    /// The profile checked against.
    pub profile: String,
    /// A file was chosen or dropped.
    pub on_file: Callback<web_sys::File>,
    /// "Essayer avec un exemple".
    pub on_sample: Callback<()>,
    /// A file is dragged over the zone (`true`) or left it.
    pub on_dragging: Callback<bool>,
    /// The page's actions (the template, the profile).
    pub on_action: OnAction,
}

/// The drop zone.
#[function_component]
pub fn DropZone(props: &DropZoneProps) -> Html {
    let on_file = props.on_file.clone();
    let onchange = Callback::from(move |event: Event| {
        let input: HtmlInputElement = event.target_unchecked_into();
        let file = input.files().and_then(|files| files.get(0));
        // The same file can be chosen again after a change.
        input.set_value("");
        if let Some(file) = file {
            on_file.emit(file);
        }
    });
    let ondragover = props.on_dragging.reform(|event: DragEvent| {
        event.prevent_default();
        true
    });
    let ondragleave = props.on_dragging.reform(|_: DragEvent| false);
    let (on_file, on_dragging) = (props.on_file.clone(), props.on_dragging.clone());
    let ondrop = Callback::from(move |event: DragEvent| {
        event.prevent_default();
        match event
            .data_transfer()
            .and_then(|t| t.files())
            .and_then(|files| files.get(0))
        {
            Some(file) => on_file.emit(file),
            None => on_dragging.emit(false),
        }
    });
    let onprofile = props.on_action.reform(|event: Event| {
        let select: HtmlSelectElement = event.target_unchecked_into();
        Action::ChooseProfile(select.value())
    });
    let busy = props.busy;
    html! {
        <section id="zone-depot" class={classes!("zone-depot", props.dragging.then_some("survol"))}
            {ondragover} {ondragleave} {ondrop} aria-labelledby="titre-depot">
            <h2 id="titre-depot" class="fr-h4">{ "Votre fichier" }</h2>
            <p>{ "Déposez ici le fichier de vos effectifs (Excel .xlsx, .xls, .xlsb, OpenDocument .ods ou CSV), \
                  ou choisissez-le. Il est lu dans votre navigateur : rien n'est envoyé." }</p>
            <div class="actions-depot">
                // The input first: its focus ring is drawn on the label that follows it (www/app.css).
                <input id="fichier" class="fichier" type="file" disabled={busy}
                    accept=".xlsx,.xlsm,.xlsb,.xls,.ods,.csv,.tsv,.txt" {onchange} />
                <label for="fichier" class="fr-btn fr-icon-upload-line fr-btn--icon-left choisir">
                    { "Choisir un fichier" }
                </label>
                <button id="exemple" type="button" class="fr-btn fr-btn--secondary" disabled={busy}
                    onclick={props.on_sample.reform(|_| ())}>
                    { "Essayer avec un exemple" }
                </button>
                <button id="telecharger-modele" type="button"
                    class="fr-btn fr-btn--tertiary fr-icon-download-line fr-btn--icon-left"
                    disabled={props.exporting}
                    onclick={props.on_action.reform(|_| Action::Download(ExportKind::Template))}>
                    { "Télécharger le modèle vierge" }
                </button>
            </div>
            <div class="fr-select-group profil">
                <label class="fr-label" for="profil">{ "Vérifier selon" }</label>
                <select id="profil" class="fr-select" onchange={onprofile} disabled={busy}>
                    <option value="televersement" selected={props.profile == "televersement"}>
                        { "le modèle de téléversement du Tableau de bord" }
                    </option>
                    <option value="api" selected={props.profile == "api"}>
                        { "l'API seule (logiciel de gestion)" }
                    </option>
                </select>
            </div>
        </section>
    }
}
