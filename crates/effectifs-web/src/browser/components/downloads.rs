//! The downloads of an open file: the annotated workbook and the corrected data.

use yew::prelude::*;

use super::OnAction;
use crate::protocol::ExportKind;
use crate::state::Action;

/// The properties of [`Downloads`].
#[derive(Properties, PartialEq)]
pub struct DownloadsProps {
    /// A download is being prepared.
    pub exporting: bool,
    /// The page's actions.
    pub on_action: OnAction,
}

/// The download buttons.
#[function_component]
pub fn Downloads(props: &DownloadsProps) -> Html {
    let exporting = props.exporting;
    html! {
        <div class="telechargements">
            <button id="telecharger-annote" type="button" disabled={exporting}
                class="fr-btn fr-btn--secondary fr-icon-download-line fr-btn--icon-left"
                onclick={props.on_action.reform(|_| Action::Download(ExportKind::Annotated))}>
                { "Télécharger le fichier annoté (.xlsx)" }
            </button>
            <button id="telecharger-corrige" type="button" disabled={exporting}
                class="fr-btn fr-btn--secondary fr-icon-download-line fr-btn--icon-left"
                onclick={props.on_action.reform(|_| Action::Download(ExportKind::Corrected))}>
                { "Télécharger les données corrigées (.xlsx)" }
            </button>
            if exporting {
                <p class="fr-text--sm" role="status">{ "Préparation du fichier…" }</p>
            }
        </div>
    }
}
