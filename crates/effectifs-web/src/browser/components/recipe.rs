//! The recipe (D15, `#recette`): the column mapping, the values for every line and the replacements of the
//! open file, without its data. Remembered in this browser for the file's header row and applied to the next
//! file with the same header (a notice says so, with a way to switch it off); downloaded as a small JSON file
//! ("Télécharger la recette") and imported (`#importer-recette`) — the same file the CLI (`--recette`) and the
//! npm package (`recipe`) accept.

use web_sys::HtmlInputElement;
use yew::prelude::*;

use super::{OnAction, checked};
use crate::state::{Action, Remembered, plural};

/// The properties of [`RecipePanel`].
#[derive(Properties, PartialEq)]
pub struct RecipePanelProps {
    /// What became of the recipe remembered for this header row.
    pub remembered: Remembered,
    /// A French message about a recipe file that could not be imported.
    pub error: Option<String>,
    /// A recipe file was chosen.
    pub on_import: Callback<web_sys::File>,
    /// The page's actions.
    pub on_action: OnAction,
}

/// The recipe's panel.
#[function_component]
pub fn RecipePanel(props: &RecipePanelProps) -> Html {
    let RecipePanelProps {
        remembered,
        error,
        on_import,
        on_action,
    } = props;
    let on_import = on_import.clone();
    let onchange = Callback::from(move |event: Event| {
        let input: HtmlInputElement = event.target_unchecked_into();
        let file = input.files().and_then(|files| files.get(0));
        // The same file can be chosen again.
        input.set_value("");
        if let Some(file) = file {
            on_import.emit(file);
        }
    });
    let automatic = !matches!(remembered, Remembered::Off);
    let notice = match remembered {
        Remembered::Applied { cells, .. } => html! {
            <div id="avis-recette" class="fr-alert fr-alert--info fr-alert--sm fr-mb-2w">
                <p>
                    { format!("La recette enregistrée dans ce navigateur pour des fichiers ayant ces en-têtes a été \
                        appliquée : {}.", plural(*cells, "cellule modifiée", "cellules modifiées")) }
                </p>
                <button id="refuser-recette" type="button" class="fr-btn fr-btn--sm fr-btn--secondary fr-mt-1w"
                    onclick={on_action.reform(|_| Action::RejectRememberedRecipe)}>
                    { "Ne pas appliquer cette recette" }
                </button>
            </div>
        },
        Remembered::Failed(message) => html! {
            <div id="avis-recette" class="fr-alert fr-alert--warning fr-alert--sm fr-mb-2w">
                <p>{ format!("La recette enregistrée pour ces en-têtes n'a pas pu être appliquée : {message}") }</p>
            </div>
        },
        _ => Html::default(),
    };
    html! {
        <section id="recette" class="recette fr-mb-3w" aria-labelledby="titre-recette">
            <h2 id="titre-recette" class="fr-h5">{ "Recette de ce fichier" }</h2>
            { notice }
            <p class="fr-text--sm">{ "La recette retient la correspondance des colonnes, les valeurs pour toutes les \
                lignes et les remplacements — jamais vos données. Elle est enregistrée dans ce navigateur pour les \
                fichiers ayant les mêmes en-têtes, et peut être téléchargée pour un collègue, la ligne de commande \
                ou le paquet npm." }</p>
            <div class="fr-checkbox-group fr-checkbox-group--sm fr-mb-2w">
                <input type="checkbox" id="recette-automatique" checked={automatic}
                    onchange={on_action.reform(|event: Event| Action::RecipeAutomatic(checked(&event)))} />
                <label class="fr-label" for="recette-automatique">
                    { "Appliquer la recette enregistrée aux prochains fichiers ayant ces en-têtes" }
                </label>
            </div>
            <div class="actions-recette">
                <button id="telecharger-recette" type="button"
                    class="fr-btn fr-btn--secondary fr-btn--sm fr-icon-download-line fr-btn--icon-left"
                    onclick={on_action.reform(|_| Action::DownloadRecipe)}>
                    { "Télécharger la recette" }
                </button>
                // The input first: its focus ring is drawn on the label that follows it (www/app.css).
                <input id="importer-recette" class="fichier" type="file" accept=".json,application/json" {onchange} />
                <label for="importer-recette"
                    class="fr-btn fr-btn--secondary fr-btn--sm fr-icon-upload-line fr-btn--icon-left choisir">
                    { "Importer une recette" }
                </label>
            </div>
            <div id="erreur-recette" role="alert"
                class={classes!(error.is_some().then_some("fr-alert fr-alert--error fr-alert--sm fr-mt-2w"))}>
                if let Some(message) = error {
                    <p>{ message }</p>
                }
            </div>
        </section>
    }
}
