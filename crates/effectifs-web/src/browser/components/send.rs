//! Sending the valid lines (`#envoi`): the "Envoyer" button (or why it cannot be used now), then the panel
//! that asks for the exchange key, shows the send's progress and its receipt. The key is a property from the
//! page, which keeps it apart from the state; the panel gives every keystroke back through `on_key`.

use web_sys::HtmlInputElement;
use yew::prelude::*;

use super::{OnAction, checked};
use crate::state::{Action, Change, SendPanel, SendPhase, group_thousands, plural};

/// The properties of [`SendSection`].
#[derive(Properties, PartialEq)]
pub struct SendSectionProps {
    /// The panel's state.
    pub panel: SendPanel,
    /// Valid lines in the file.
    pub valid: u32,
    /// Why "Envoyer" cannot be used now (French), if it cannot.
    pub blocker: Option<&'static str>,
    /// The exchange key field's text.
    pub exchange_key: String,
    /// The key field changed.
    pub on_key: Callback<String>,
    /// The page's actions.
    pub on_action: OnAction,
}

/// The send section.
#[function_component]
pub fn SendSection(props: &SendSectionProps) -> Html {
    let SendSectionProps {
        panel,
        valid,
        blocker,
        on_action,
        ..
    } = props;
    let label = match valid {
        0 => "Envoyer les lignes valides".to_owned(),
        1 => "Envoyer la ligne valide".to_owned(),
        n => format!("Envoyer les {} lignes valides", group_thousands(*n)),
    };
    html! {
        <section id="envoi" class="envoi fr-mt-4w fr-mb-4w" aria-labelledby="titre-envoi">
            <h2 id="titre-envoi" class="fr-h4">{ "Envoi au Tableau de bord de l'apprentissage" }</h2>
            <p class="fr-text--sm">{ "Les lignes valides sont envoyées à l'API du Tableau de bord avec la clé d'échange de \
                votre organisme. Les lignes en erreur ne sont pas envoyées." }</p>
            <button id="envoyer" type="button" class="fr-btn"
                disabled={blocker.is_some() || panel.open}
                aria-describedby={blocker.map(|_| "envoyer-raison")}
                onclick={on_action.reform(|_| Action::OpenSend)}>
                { label }
            </button>
            if let Some(reason) = blocker {
                <p id="envoyer-raison" class="fr-hint-text fr-mt-1w">{ *reason }</p>
            }
            if let Some(change) = &panel.confirm {
                { view_confirm(change, !matches!(panel.phase, SendPhase::Finished(_)), on_action) }
            }
            if panel.open {
                { view_panel(props) }
            }
            if panel.previous.is_some() {
                <button id="telecharger-recu-precedent" type="button"
                    class="fr-btn fr-btn--tertiary fr-icon-download-line fr-btn--icon-left fr-mt-2w"
                    onclick={on_action.reform(|_| Action::DownloadPreviousReceipt)}>
                    { "Télécharger le reçu de l'envoi précédent" }
                </button>
            }
        </section>
    }
}

fn view_panel(props: &SendSectionProps) -> Html {
    let SendSectionProps {
        panel,
        valid,
        exchange_key: key,
        on_key,
        on_action,
        ..
    } = props;
    let valid = *valid;
    let asks_key = matches!(&panel.phase, SendPhase::Idle)
        || matches!(&panel.phase, SendPhase::Finished(receipt) if receipt.stopped());
    let oninput = on_key.reform(|event: InputEvent| event.target_unchecked_into::<HtmlInputElement>().value());
    let onremember = on_action.reform(|event: Event| Action::Remember(checked(&event)));
    let has_key = !key.trim().is_empty();
    html! {
        <div id="panneau-envoi" class="panneau-envoi fr-p-3w fr-mt-2w" role="group" aria-labelledby="titre-panneau-envoi"
            style="border:1px solid var(--border-default-grey)">
            <h3 id="titre-panneau-envoi" class="fr-h5">{ "Envoyer avec votre clé d'échange" }</h3>
            if !panel.notice_seen {
                <div id="avis-envoi" class="fr-alert fr-alert--warning fr-alert--sm fr-mb-2w">
                    <h4 class="fr-alert__title">{ "À savoir avant le premier envoi" }</h4>
                    <p>{ "Les données envoyées avec la clé d'échange sont enregistrées par le Tableau de bord comme \
                          provenant d'un outil (un logiciel de gestion, « ERP »), et non d'un fichier téléversé : \
                          les champs transmis sont alors verrouillés et ne pourront plus être modifiés dans \
                          l'interface du Tableau de bord, et votre organisme y apparaît comme transmettant par un \
                          logiciel. En confirmant l'envoi, vous indiquez en avoir pris connaissance ; ce message \
                          ne sera plus affiché sur cet appareil." }</p>
                </div>
            }
            if asks_key {
                <div class="fr-input-group">
                    <label class="fr-label" for="cle-echange">
                        { "Clé d'échange" }
                        <span class="fr-hint-text">{ "Générée dans les paramètres de votre espace sur le Tableau \
                            de bord de l'apprentissage. Elle reste dans cette page et n'est envoyée qu'au serveur." }</span>
                    </label>
                    <input id="cle-echange" class="fr-input" type="password" autocomplete="off" spellcheck="false"
                        value={key.clone()} {oninput}
                        aria-invalid={panel.error.is_some().then_some("true")}
                        aria-describedby={panel.error.is_some().then_some("erreur-envoi")} />
                </div>
                <div class="fr-checkbox-group fr-mb-2w">
                    <input type="checkbox" id="se-souvenir" checked={panel.remember} onchange={onremember} />
                    <label class="fr-label" for="se-souvenir">
                        { "Se souvenir de la clé sur cet appareil" }
                        <span class="fr-hint-text">{ "La clé est alors enregistrée dans ce navigateur ; \
                            décochez pour l'oublier." }</span>
                    </label>
                </div>
            }
            if let Some(error) = &panel.error {
                <p id="erreur-envoi" class="fr-error-text" role="alert">{ error }</p>
            }
            { view_progress(&panel.phase) }
            if let SendPhase::Finished(receipt) = &panel.phase {
                <div id="recu" aria-live="polite"
                    class={classes!("fr-alert", "fr-mb-2w", if receipt.stopped() { "fr-alert--error" } else { "fr-alert--success" })}>
                    <h4 class="fr-alert__title">{ if receipt.stopped() { "Reçu : envoi interrompu" } else { "Reçu d'envoi" } }</h4>
                    { for receipt.sentences().into_iter().skip(1).map(|sentence| html! { <p>{ sentence }</p> }) }
                </div>
            }
            <ul class="fr-btns-group fr-btns-group--inline-sm fr-btns-group--icon-left">
                if matches!(panel.phase, SendPhase::Idle) {
                    <li>
                        <button id="confirmer-envoi" type="button" class="fr-btn"
                            onclick={on_action.reform(move |_| Action::ConfirmSend { has_key })}>
                            { format!("Confirmer l'envoi de {}", plural(valid, "ligne", "lignes")) }
                        </button>
                    </li>
                    <li>
                        <button id="fermer-envoi" type="button" class="fr-btn fr-btn--secondary"
                            onclick={on_action.reform(|_| Action::CloseSend)}>{ "Fermer" }</button>
                    </li>
                }
                if let SendPhase::Finished(receipt) = &panel.phase {
                    if receipt.stopped() {
                        <li>
                            <button id="reprendre-envoi" type="button" class="fr-btn"
                                onclick={on_action.reform(move |_| Action::ResumeSend { has_key })}>
                                { "Reprendre l'envoi" }
                            </button>
                        </li>
                    }
                    <li>
                        <button id="telecharger-recu" type="button"
                            class="fr-btn fr-btn--secondary fr-icon-download-line fr-btn--icon-left"
                            onclick={on_action.reform(|_| Action::DownloadReceipt)}>
                            { "Télécharger le reçu" }
                        </button>
                    </li>
                }
            </ul>
        </div>
    }
}

/// The question asked when another file or profile is chosen during a send.
fn view_confirm(change: &Change, running: bool, on_action: &OnAction) -> Html {
    html! {
        <div id="confirmer-changement" role="alertdialog" aria-labelledby="titre-changement"
            aria-describedby="texte-changement" class="fr-alert fr-alert--warning fr-mb-2w">
            <h3 id="titre-changement" class="fr-alert__title">
                { if running { "Un envoi est en cours" } else { "Un envoi est interrompu" } }
            </h3>
            <p id="texte-changement">{ change.question(running) }</p>
            <ul class="fr-btns-group fr-btns-group--inline-sm fr-mt-1w">
                <li>
                    <button id="changer-quand-meme" type="button" class="fr-btn fr-btn--secondary"
                        onclick={on_action.reform(|_| Action::ConfirmChange)}>
                        { if matches!(change, Change::File(_)) { "Ouvrir quand même" } else { "Changer quand même" } }
                    </button>
                </li>
                <li>
                    <button id="garder-envoi" type="button" class="fr-btn"
                        onclick={on_action.reform(|_| Action::CancelChange)}>
                        { "Garder l'envoi" }
                    </button>
                </li>
            </ul>
        </div>
    }
}

fn view_progress(phase: &SendPhase) -> Html {
    let (what, progress, waiting) = match phase {
        SendPhase::Preparing => ("Préparation des lignes à envoyer…", None, None),
        SendPhase::Sending {
            what,
            progress,
            waiting,
        } => (what.as_str(), Some(progress), waiting.as_deref()),
        _ => return html! {},
    };
    let count = |n: usize| u32::try_from(n).unwrap_or(u32::MAX);
    let figures = progress.map(|p| {
        format!(
            "{} / {} lignes envoyées · {} sur {}",
            group_thousands(count(p.items_sent)),
            group_thousands(count(p.items_total)),
            plural(count(p.batches_accepted), "lot accepté", "lots acceptés"),
            group_thousands(count(p.batches_total)),
        )
    });
    let (value, max) = progress.map_or((None, "1".to_owned()), |p| {
        (Some(p.items_sent.to_string()), p.items_total.max(1).to_string())
    });
    html! {
        <div id="progression-envoi" class="progression-envoi fr-mb-2w" aria-live="polite">
            <progress {max} {value} aria-label="Progression de l'envoi" style="width:100%"></progress>
            <p class="fr-mb-0">{ what }{ figures.map(|f| format!(" — {f}")).unwrap_or_default() }</p>
            if let Some(waiting) = waiting {
                <p id="attente-envoi" class="fr-text--sm fr-mb-0">{ waiting }</p>
            }
        </div>
    }
}
