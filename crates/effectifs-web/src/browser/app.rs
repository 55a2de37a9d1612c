//! The page: drop zone, progress, sheet choice, column mapping, summary, downloads, sending and the table.
//! It owns the [`State`] and the worker [`Bridge`]; every event becomes an [`Action`] for
//! [`State::apply`], and the page carries out the [`Effect`]s it returns. It also holds the exchange key,
//! apart from the state, and the running send ([`crate::send`]).

use std::cell::RefCell;
use std::rc::Rc;

use wasm_bindgen::JsCast;
use web_sys::{HtmlElement, HtmlInputElement, HtmlSelectElement};
use yew::prelude::*;

use super::bridge::Bridge;
use super::{services, table};
use crate::protocol::{ColumnView, ExportKind, FieldChoice, FileView, Presence, Stage};
use crate::send::{self, Sending, Update};
use crate::state::{Action, Effect, Phase, Receipt, SendPhase, Source, State, Target, group_thousands, plural};

/// The sample file shipped with the site (`www/exemple-effectifs.xlsx`).
const SAMPLE: &str = "exemple-effectifs.xlsx";

/// The page's messages.
pub enum Msg {
    /// One action for the state.
    Act(Action),
    /// Several, in order (e.g. the edit box's last text, then the commit).
    Batch(Vec<Action>),
    /// A file was chosen or dropped.
    File(web_sys::File),
    /// "Essayer avec un exemple".
    Sample,
    /// The browser has read a chosen file (or failed to): the action, for the reading of this
    /// number (a cancelled reading's result is dropped).
    Read(u32, Action),
    /// A file is dragged over the drop zone (or left it).
    Dragging(bool),
    /// The exchange key field changed (the key stays with the page, never in the state).
    Key(String),
    /// News of the send of this number (an older, dropped send's news is ignored).
    SendUpdate(u32, Update),
}

/// The page component.
pub struct App {
    state: State,
    bridge: Option<Bridge>,
    table_ref: NodeRef,
    /// Sends a message to this page; created once, so the table's blocks see the same callback.
    dispatch: Callback<Msg>,
    dragging: bool,
    /// Scroll the table to the state's viewport after the next render.
    scroll_pending: bool,
    /// Focus this cell (its marker when `true`) after the next render.
    focus_pending: Option<(Target, bool)>,
    /// Focus (and select) this input after the next render: the edit box or the key field.
    focus_input: Option<&'static str>,
    /// When the user chose the file being opened (`performance.now()`).
    open_started: Option<f64>,
    /// A file was opened: record its timing after the render.
    timing_pending: Option<u32>,
    /// Number of the current reading of a chosen file; "Annuler" moves it on.
    reading: u32,
    /// The exchange key, in memory only (and in localStorage when the user asks to be remembered).
    key: String,
    /// The current send, kept after a stop so that it can be resumed.
    sending: Option<Rc<RefCell<Sending>>>,
    /// Number of the current send's run; dropping or restarting a send moves it on.
    send_run: u32,
}

impl App {
    fn start_worker(ctx: &Context<Self>) -> Result<Bridge, String> {
        let on_response = ctx.link().callback(|response| Msg::Act(Action::Worker(response)));
        let on_failure = ctx.link().callback(|message| Msg::Act(Action::WorkerFailed(message)));
        Bridge::start(
            move |response| on_response.emit(response),
            move |message| on_failure.emit(message),
        )
    }

    fn act(&mut self, ctx: &Context<Self>, action: Action) -> bool {
        let outcome = self.state.apply(action);
        let mut render = outcome.render;
        for effect in outcome.effects {
            render |= self.carry_out(ctx, effect);
        }
        render
    }

    fn carry_out(&mut self, ctx: &Context<Self>, effect: Effect) -> bool {
        match effect {
            Effect::Send(request) => {
                let sent = match &self.bridge {
                    Some(bridge) => bridge.send(&request),
                    None => Err("Le traitement des fichiers n'est pas disponible : rechargez la page.".to_owned()),
                };
                if let Err(message) = sent {
                    self.state.file_error = Some(message);
                    return true;
                }
                false
            }
            Effect::RestartWorker => {
                // Dropping the bridge terminates the worker, wherever it is in its work.
                self.bridge = None;
                match Self::start_worker(ctx) {
                    Ok(bridge) => self.bridge = Some(bridge),
                    Err(message) => self.state.file_error = Some(message),
                }
                true
            }
            Effect::Download { file_name, mime, bytes } => {
                if services::download(&file_name, &mime, &bytes).is_err() {
                    self.state.notice = Some("Le téléchargement n'a pas pu démarrer dans ce navigateur.".to_owned());
                    return true;
                }
                false
            }
            Effect::LookUpMapping { key } => {
                let remembered = services::load_mapping(&key);
                ctx.link().send_message(Msg::Act(Action::RememberedMapping(remembered)));
                false
            }
            Effect::SaveMapping { key, mapping } => {
                services::save_mapping(&key, &mapping);
                false
            }
            Effect::Reveal { target, marker } => {
                self.scroll_pending = true;
                self.focus_pending = Some((target, marker));
                true
            }
            Effect::FocusEditor => {
                self.focus_input = Some("edition");
                true
            }
            Effect::Opened { lines } => {
                self.timing_pending = Some(lines);
                self.scroll_pending = true;
                true
            }
            Effect::FocusKey => {
                self.focus_input = Some("cle-echange");
                true
            }
            Effect::RememberKey(remember) => {
                let key = self.key.trim();
                if !remember {
                    services::store_key(None);
                } else if !key.is_empty() {
                    services::store_key(Some(key));
                }
                false
            }
            Effect::AcknowledgeNotice => {
                services::acknowledge_notice();
                false
            }
            Effect::StartSend { items } => {
                self.drop_send();
                let sending = Sending::new(send::items(items), send::default_base());
                self.run_send(ctx, Rc::new(RefCell::new(sending)));
                false
            }
            Effect::ResumeSend => {
                let resumed = self.sending.as_ref().map(|sending| sending.borrow().resumed());
                match resumed {
                    Some(Ok(sending)) => self.run_send(ctx, Rc::new(RefCell::new(sending))),
                    Some(Err(message)) => ctx.link().send_message(Msg::Act(Action::SendFailed(message))),
                    None => ctx.link().send_message(Msg::Act(Action::SendFailed(
                        "Reprise impossible : l'envoi précédent n'est plus connu de cette page. Envoyez à nouveau."
                            .to_owned(),
                    ))),
                }
                false
            }
            Effect::DropSend => {
                self.drop_send();
                false
            }
        }
    }

    /// Stop the current send, if any: its news will be ignored.
    fn drop_send(&mut self) {
        if let Some(sending) = self.sending.take() {
            sending.borrow_mut().cancel();
        }
        self.send_run = self.send_run.wrapping_add(1);
    }

    /// Run a send with the key held by the page; its news comes back as [`Msg::SendUpdate`].
    fn run_send(&mut self, ctx: &Context<Self>, sending: Rc<RefCell<Sending>>) {
        if let Some(previous) = self.sending.replace(Rc::clone(&sending))
            && !Rc::ptr_eq(&previous, &sending)
        {
            previous.borrow_mut().cancel();
        }
        self.send_run = self.send_run.wrapping_add(1);
        let run = self.send_run;
        let link = ctx.link().clone();
        // A pasted key often ends with a space or a line break: it is not part of the key.
        let key = self.key.trim().to_owned();
        wasm_bindgen_futures::spawn_local(async move {
            send::run(sending, key, move |update| {
                link.send_message(Msg::SendUpdate(run, update));
            })
            .await;
        });
    }

    /// The action for a piece of news of the running send.
    fn send_action(&self, update: Update) -> Action {
        match update {
            Update::Sending { what, progress } => Action::SendProgress { what, progress },
            Update::Waiting(message) => Action::SendWaiting(message),
            Update::Finished(outcome) => Action::SendFinished(Box::new(Receipt {
                destination: self
                    .sending
                    .as_ref()
                    .map_or_else(send::default_base, |sending| sending.borrow().base().to_owned()),
                finished_at: services::now_french(),
                outcome,
            })),
        }
    }

    fn choose(&mut self, ctx: &Context<Self>, file: &web_sys::File) {
        self.open_started = Some(services::now_ms());
        self.act(ctx, Action::ReadingFile);
        let name = file.name();
        let file = file.clone();
        let link = ctx.link().clone();
        let reading = self.reading;
        wasm_bindgen_futures::spawn_local(async move {
            let action = match services::read_file(&file).await {
                Ok(bytes) => Action::ChooseFile(Source {
                    name,
                    bytes: bytes.into(),
                }),
                Err(_) => Action::FileUnreadable(format!(
                    "Le navigateur n'a pas pu lire le fichier « {name} » (a-t-il été déplacé ou supprimé ?)."
                )),
            };
            link.send_message(Msg::Read(reading, action));
        });
    }

    fn sample(&mut self, ctx: &Context<Self>) {
        self.open_started = Some(services::now_ms());
        self.act(ctx, Action::ReadingFile);
        let link = ctx.link().clone();
        let reading = self.reading;
        wasm_bindgen_futures::spawn_local(async move {
            let action = match services::fetch_bytes(SAMPLE).await {
                Ok(bytes) => Action::ChooseFile(Source {
                    name: SAMPLE.to_owned(),
                    bytes: bytes.into(),
                }),
                Err(_) => Action::FileUnreadable("Le fichier d'exemple n'a pas pu être chargé.".to_owned()),
            };
            link.send_message(Msg::Read(reading, action));
        });
    }

    fn view_drop_zone(&self, ctx: &Context<Self>) -> Html {
        let link = ctx.link();
        let onchange = link.batch_callback(|event: Event| {
            let input: HtmlInputElement = event.target_unchecked_into();
            let file = input.files().and_then(|files| files.get(0));
            // The same file can be chosen again after a change.
            input.set_value("");
            file.map(Msg::File)
        });
        let ondragover = link.callback(|event: DragEvent| {
            event.prevent_default();
            Msg::Dragging(true)
        });
        let ondragleave = link.callback(|_: DragEvent| Msg::Dragging(false));
        let ondrop = link.callback(|event: DragEvent| {
            event.prevent_default();
            match event
                .data_transfer()
                .and_then(|t| t.files())
                .and_then(|files| files.get(0))
            {
                Some(file) => Msg::File(file),
                None => Msg::Dragging(false),
            }
        });
        let onprofile = link.callback(|event: Event| {
            let select: HtmlSelectElement = event.target_unchecked_into();
            Msg::Act(Action::ChooseProfile(select.value()))
        });
        let busy = matches!(self.state.phase, Phase::Working { .. });
        html! {
            <section id="zone-depot" class={classes!("zone-depot", self.dragging.then_some("survol"))}
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
                        onclick={link.callback(|_| Msg::Sample)}>
                        { "Essayer avec un exemple" }
                    </button>
                    <button id="telecharger-modele" type="button"
                        class="fr-btn fr-btn--tertiary fr-icon-download-line fr-btn--icon-left"
                        disabled={self.state.exporting.is_some()}
                        onclick={link.callback(|_| Msg::Act(Action::Download(ExportKind::Template)))}>
                        { "Télécharger le modèle vierge" }
                    </button>
                </div>
                <div class="fr-select-group profil">
                    <label class="fr-label" for="profil">{ "Vérifier selon" }</label>
                    <select id="profil" class="fr-select" onchange={onprofile} disabled={busy}>
                        <option value="televersement" selected={self.state.profile == "televersement"}>
                            { "le modèle de téléversement du Tableau de bord" }
                        </option>
                        <option value="api" selected={self.state.profile == "api"}>
                            { "l'API seule (logiciel de gestion)" }
                        </option>
                    </select>
                </div>
            </section>
        }
    }

    fn view_messages(&self) -> Html {
        html! {
            <>
                <div id="erreur-fichier" role="alert" class={classes!(self.state.file_error.is_some().then_some("fr-alert fr-alert--error fr-alert--sm"))}>
                    if let Some(message) = &self.state.file_error {
                        <p>{ message }</p>
                    }
                </div>
                <div id="message" role="status" class={classes!(self.state.notice.is_some().then_some("fr-alert fr-alert--info fr-alert--sm"))}>
                    if let Some(message) = &self.state.notice {
                        <p>{ message }</p>
                    }
                </div>
            </>
        }
    }

    fn view_phase(&self, ctx: &Context<Self>) -> Html {
        let link = ctx.link();
        match &self.state.phase {
            Phase::Working { done, total, stage } => {
                let text = match stage {
                    Stage::Reading => "Lecture du fichier…".to_owned(),
                    Stage::Validating => {
                        format!("{} / {} lignes", group_thousands(*done), group_thousands(*total))
                    }
                };
                let value = (*stage == Stage::Validating && *total > 0).then(|| done.to_string());
                html! {
                    <section class="zone-progression" aria-labelledby="titre-progression">
                        <h2 id="titre-progression" class="fr-h5">{ "Vérification en cours" }</h2>
                        <progress id="progression" max={total.max(&1).to_string()} value={value}
                            aria-describedby="progression-texte">{ &text }</progress>
                        <p id="progression-texte" aria-live="polite">{ &text }</p>
                        <button id="annuler" type="button" class="fr-btn fr-btn--secondary"
                            onclick={link.callback(|_| Msg::Act(Action::Cancel))}>{ "Annuler" }</button>
                    </section>
                }
            }
            Phase::ChooseSheet { sheets, selected } => {
                let onchange = link.callback(|event: Event| {
                    let select: HtmlSelectElement = event.target_unchecked_into();
                    Msg::Act(Action::SelectSheet(select.value()))
                });
                html! {
                    <section class="choix-feuille" aria-labelledby="titre-feuille">
                        <h2 id="titre-feuille" class="fr-h5">{ "Quelle feuille vérifier ?" }</h2>
                        <p>{ "Ce classeur contient plusieurs feuilles qui ressemblent à une liste d'effectifs." }</p>
                        <div class="fr-select-group">
                            <label class="fr-label" for="choix-feuille">{ "Feuille" }</label>
                            <select id="choix-feuille" class="fr-select" {onchange}>
                                { for sheets.iter().map(|s| html! {
                                    <option value={s.clone()} selected={s == selected}>{ s }</option>
                                }) }
                            </select>
                        </div>
                        <button id="ouvrir-feuille" type="button" class="fr-btn"
                            onclick={link.callback(|_| Msg::Act(Action::OpenSheet))}>{ "Vérifier cette feuille" }</button>
                    </section>
                }
            }
            Phase::Empty | Phase::Ready => html! {},
        }
    }

    fn view_file(&self, ctx: &Context<Self>, file: &FileView) -> Html {
        let link = ctx.link();
        let state = &self.state;
        let exporting = state.exporting.is_some();
        let undo_label = if state.undo.is_empty() {
            "Annuler la dernière modification".to_owned()
        } else {
            format!("Annuler la dernière modification ({})", state.undo.len())
        };
        html! {
            <>
                if !file.read_warnings.is_empty() {
                    <div class="fr-alert fr-alert--info fr-alert--sm lecture">
                        <ul>{ for file.read_warnings.iter().map(|w| html! { <li>{ w }</li> }) }</ul>
                    </div>
                }
                { self.view_mapping(ctx, file) }
                { Self::view_summary(ctx, file, &self.state.today) }
                <div class="telechargements">
                    <button id="telecharger-annote" type="button" disabled={exporting}
                        class="fr-btn fr-btn--secondary fr-icon-download-line fr-btn--icon-left"
                        onclick={link.callback(|_| Msg::Act(Action::Download(ExportKind::Annotated)))}>
                        { "Télécharger le fichier annoté (.xlsx)" }
                    </button>
                    <button id="telecharger-corrige" type="button" disabled={exporting}
                        class="fr-btn fr-btn--secondary fr-icon-download-line fr-btn--icon-left"
                        onclick={link.callback(|_| Msg::Act(Action::Download(ExportKind::Corrected)))}>
                        { "Télécharger les données corrigées (.xlsx)" }
                    </button>
                    if exporting {
                        <p class="fr-text--sm" role="status">{ "Préparation du fichier…" }</p>
                    }
                </div>
                { self.view_send(ctx, file) }
                <div class="outils" role="group" aria-label="Affichage du tableau">
                    <div class="fr-checkbox-group fr-checkbox-group--sm">
                        <input type="checkbox" id="filtre-lignes-erreur" checked={state.filters.lines_in_error}
                            onchange={link.callback(|e: Event| Msg::Act(Action::FilterLines(checked(&e))))} />
                        <label class="fr-label" for="filtre-lignes-erreur">{ "Lignes en erreur seulement" }</label>
                    </div>
                    <div class="fr-checkbox-group fr-checkbox-group--sm">
                        <input type="checkbox" id="filtre-colonnes-erreur" checked={state.filters.columns_in_error}
                            onchange={link.callback(|e: Event| Msg::Act(Action::FilterColumns(checked(&e))))} />
                        <label class="fr-label" for="filtre-colonnes-erreur">{ "Colonnes en erreur seulement" }</label>
                    </div>
                    <button id="erreur-suivante" type="button" class="fr-btn fr-btn--sm fr-btn--tertiary"
                        onclick={link.callback(|_| Msg::Act(Action::NextError))}>{ "Erreur suivante" }</button>
                    <button id="annuler-modification" type="button" class="fr-btn fr-btn--sm fr-btn--tertiary"
                        disabled={state.undo.is_empty()}
                        onclick={link.callback(|_| Msg::Act(Action::Undo))}>{ undo_label }</button>
                    <p class="fr-text--xs aide">
                        { "Flèches pour se déplacer, Entrée ou double-clic pour corriger une cellule, Échap pour annuler." }
                    </p>
                </div>
                { table::view(state, ctx, &self.table_ref, &self.dispatch) }
            </>
        }
    }

    fn view_send(&self, ctx: &Context<Self>, file: &FileView) -> Html {
        let link = ctx.link();
        let panel = &self.state.send;
        let valid = file.summary.valid;
        let label = match valid {
            0 => "Envoyer les lignes valides".to_owned(),
            1 => "Envoyer la ligne valide".to_owned(),
            n => format!("Envoyer les {} lignes valides", group_thousands(n)),
        };
        let blocker = self.state.send_blocker();
        html! {
            <section id="envoi" class="envoi fr-mt-4w fr-mb-4w" aria-labelledby="titre-envoi">
                <h2 id="titre-envoi" class="fr-h4">{ "Envoi au Tableau de bord de l'apprentissage" }</h2>
                <p class="fr-text--sm">{ "Les lignes valides sont envoyées à l'API du Tableau de bord avec la clé d'échange de \
                    votre organisme. Les lignes en erreur ne sont pas envoyées." }</p>
                <button id="envoyer" type="button" class="fr-btn"
                    disabled={blocker.is_some() || panel.open}
                    aria-describedby={blocker.map(|_| "envoyer-raison")}
                    onclick={link.callback(|_| Msg::Act(Action::OpenSend))}>
                    { label }
                </button>
                if let Some(reason) = blocker {
                    <p id="envoyer-raison" class="fr-hint-text fr-mt-1w">{ reason }</p>
                }
                if panel.open {
                    { self.view_send_panel(ctx, valid) }
                }
            </section>
        }
    }

    fn view_send_panel(&self, ctx: &Context<Self>, valid: u32) -> Html {
        let link = ctx.link();
        let panel = &self.state.send;
        let asks_key = matches!(&panel.phase, SendPhase::Idle)
            || matches!(&panel.phase, SendPhase::Finished(receipt) if receipt.stopped());
        let oninput =
            link.callback(|event: InputEvent| Msg::Key(event.target_unchecked_into::<HtmlInputElement>().value()));
        let onremember = link.callback(|event: Event| Msg::Act(Action::Remember(checked(&event))));
        let has_key = !self.key.trim().is_empty();
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
                            value={self.key.clone()} {oninput}
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
                { Self::view_send_progress(&panel.phase) }
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
                                onclick={link.callback(move |_| Msg::Act(Action::ConfirmSend { has_key }))}>
                                { format!("Confirmer l'envoi de {}", plural(valid, "ligne", "lignes")) }
                            </button>
                        </li>
                        <li>
                            <button id="fermer-envoi" type="button" class="fr-btn fr-btn--secondary"
                                onclick={link.callback(|_| Msg::Act(Action::CloseSend))}>{ "Fermer" }</button>
                        </li>
                    }
                    if let SendPhase::Finished(receipt) = &panel.phase {
                        if receipt.stopped() {
                            <li>
                                <button id="reprendre-envoi" type="button" class="fr-btn"
                                    onclick={link.callback(move |_| Msg::Act(Action::ResumeSend { has_key }))}>
                                    { "Reprendre l'envoi" }
                                </button>
                            </li>
                        }
                        <li>
                            <button id="telecharger-recu" type="button"
                                class="fr-btn fr-btn--secondary fr-icon-download-line fr-btn--icon-left"
                                onclick={link.callback(|_| Msg::Act(Action::DownloadReceipt))}>
                                { "Télécharger le reçu" }
                            </button>
                        </li>
                    }
                </ul>
            </div>
        }
    }

    fn view_send_progress(phase: &SendPhase) -> Html {
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

    /// The summary; `today` is the evaluation date the user chose, which the field shows (not the
    /// one of the statuts on screen, which lags until the worker answers: Yew puts a field's bound
    /// value back at each render, so the field would jump back to the previous date meanwhile).
    fn view_summary(ctx: &Context<Self>, file: &FileView, today: &str) -> Html {
        let s = &file.summary;
        // The figures, by their `data-chiffre` names (the page's contract with its tests).
        let results = [
            ("lignes", s.lines, "lignes", ""),
            ("valides", s.valid, "valides", "ok"),
            ("invalides", s.invalid, "en erreur", "ko"),
            ("avertissements", s.warnings, "avertissements", "attention"),
        ];
        let statuts = [
            ("apprentis", s.apprentis, "apprentis", ""),
            (
                "inscrits_sans_contrat",
                s.inscrits_sans_contrat,
                "inscrits sans contrat",
                "",
            ),
            ("rupturants", s.rupturants, "rupturants", ""),
            ("abandons", s.abandons, "abandons", ""),
            ("fin_de_formation", s.fin_de_formation, "fins de formation", ""),
            ("sans_contrat", s.sans_contrat, "lignes sans contrat", "attention"),
        ];
        let figure = |&(key, value, label, class): &(&'static str, u32, &str, &'static str)| {
            html! {
                <div class={classes!("chiffre", class)}>
                    <span class="valeur" data-chiffre={key}>{ value }</span>
                    <span class="libelle">{ label.to_owned() }</span>
                </div>
            }
        };
        let ondate = ctx.link().callback(|event: Event| {
            let input: HtmlInputElement = event.target_unchecked_into();
            Msg::Act(Action::SetToday(input.value()))
        });
        let mut details = vec![file.file.format.to_uppercase()];
        if let Some(sheet) = &file.file.sheet {
            details.push(format!("feuille « {sheet} »"));
        }
        if let Some(encoding) = &file.file.encoding {
            details.push(format!("encodage {encoding}"));
        }
        details.push(format!("en-tête en ligne {}", file.file.header_line));
        html! {
            <section id="resume" class="resume" aria-labelledby="titre-resume">
                <h2 id="titre-resume" class="fr-h4">{ format!("Résumé de « {} »", file.file.name) }</h2>
                <p class="fr-text--sm details">{ details.join(" · ") }</p>
                <p id="resultat" aria-live="polite" class="resultat">
                    { format!("{} : {} valides, {} en erreur.",
                        plural(s.lines, "ligne", "lignes"), group_thousands(s.valid), group_thousands(s.invalid)) }
                </p>
                <div class="chiffres">{ for results.iter().map(figure) }</div>
                <div class="statuts">
                    <div class="fr-input-group date">
                        <label class="fr-label" for="date-evaluation">
                            { "Statuts au" }
                            <span class="fr-hint-text">{ "Date d'évaluation des statuts (aujourd'hui par défaut)" }</span>
                        </label>
                        <input id="date-evaluation" class="fr-input" type="date" value={today.to_owned()} onchange={ondate} />
                    </div>
                    <div class="chiffres">{ for statuts.iter().map(figure) }</div>
                </div>
            </section>
        }
    }

    fn view_mapping(&self, ctx: &Context<Self>, file: &FileView) -> Html {
        let link = ctx.link();
        if !self.state.mapping.open {
            return html! {
                <p class="modifier-correspondance">
                    <button id="modifier-correspondance" type="button" class="fr-btn fr-btn--sm fr-btn--tertiary"
                        onclick={link.callback(|_| Msg::Act(Action::OpenMapping))}>
                        { "Modifier la correspondance des colonnes" }
                    </button>
                </p>
            };
        }
        let draft = &self.state.mapping.draft;
        let rows = file.columns.iter().enumerate().map(|(index, column)| {
            html! {
                <MappingRow index={u32::try_from(index).unwrap_or(u32::MAX)} column={column.clone()}
                    chosen={draft.get(index).cloned().flatten()} fields={Rc::clone(&self.state.fields)}
                    dispatch={self.dispatch.clone()} />
            }
        });
        let unmatched: Vec<String> = file
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
                if !file.missing_columns.is_empty() {
                    <div class="fr-alert fr-alert--warning fr-alert--sm manquantes">
                        <p>{ "Colonnes obligatoires absentes :" }</p>
                        <ul>{ for file.missing_columns.iter().map(|f| html! {
                            <li data-champ-manquant={f.name.clone()}>{ format!("{} ({})", f.label, f.name) }</li>
                        }) }</ul>
                    </div>
                }
                if !file.duplicate_columns.is_empty() {
                    <div class="fr-alert fr-alert--info fr-alert--sm">
                        <p>{ "Champs alimentés par plusieurs colonnes (la dernière est utilisée) :" }</p>
                        <ul>{ for file.duplicate_columns.iter().map(|f| html! {
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
                <ul class="fr-btns-group fr-btns-group--inline-sm">
                    <li>
                        <button id="appliquer-correspondance" type="button" class="fr-btn"
                            onclick={link.callback(|_| Msg::Act(Action::ApplyMapping))}>{ "Appliquer la correspondance" }</button>
                    </li>
                    <li>
                        <button id="fermer-correspondance" type="button" class="fr-btn fr-btn--secondary"
                            onclick={link.callback(|_| Msg::Act(Action::CloseMapping))}>{ "Fermer" }</button>
                    </li>
                </ul>
            </section>
        }
    }
}

/// The properties of a row of the column-mapping panel.
#[derive(Properties, PartialEq)]
struct MappingRowProps {
    /// Column index.
    index: u32,
    /// The column.
    column: ColumnView,
    /// The field chosen in the panel, `None` = ignored.
    chosen: Option<String>,
    /// The fields offered (shared: compared by pointer).
    fields: Rc<Vec<FieldChoice>>,
    /// The page's messages.
    dispatch: Callback<Msg>,
}

/// A row of the column-mapping panel: a component, so that its list of every field (64 columns ×
/// 60 options for a full file) is built and compared again only when its column or choice changes,
/// not at each render of the page (each block of rows while the table scrolls).
#[function_component]
fn MappingRow(props: &MappingRowProps) -> Html {
    let MappingRowProps {
        index,
        column,
        chosen,
        fields,
        dispatch,
    } = props;
    let index = *index;
    let onchange = dispatch.reform(move |event: Event| {
        let select: HtmlSelectElement = event.target_unchecked_into();
        let value = select.value();
        Msg::Act(Action::MapColumn {
            column: index,
            field: (!value.is_empty()).then_some(value),
        })
    });
    let how = match column.matched.as_str() {
        "exact" => "nom exact",
        "normalized" => "nom reconnu",
        "label" => "libellé reconnu",
        "manual" => "choisi par vous",
        _ => "non reconnue",
    };
    let id = format!("correspondance-{index}");
    html! {
        <tr>
            <th scope="row"><span class="lettre">{ &column.letter }</span>{ " " }{ &column.header }</th>
            <td class={classes!((column.field.is_none()).then_some("non-reconnue"))}>{ how }</td>
            <td>
                <label class="fr-sr-only" for={id.clone()}>
                    { format!("Champ de la colonne {} « {} »", column.letter, column.header) }
                </label>
                <select id={id} class="fr-select" data-colonne={index.to_string()} {onchange}>
                    <option value="" selected={chosen.is_none()}>{ "Ignorer cette colonne" }</option>
                    { for fields.iter().map(|f| {
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

fn checked(event: &Event) -> bool {
    event.target_unchecked_into::<HtmlInputElement>().checked()
}

/// Focus the first element matching a selector; whether there was one.
fn focus_selector(selector: &str) -> bool {
    let element = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.query_selector(selector).ok().flatten())
        .and_then(|e| e.dyn_into::<HtmlElement>().ok());
    element.is_some_and(|element| element.focus().is_ok())
}

impl Component for App {
    type Message = Msg;
    type Properties = ();

    fn create(ctx: &Context<Self>) -> Self {
        let mut state = State::new(&services::today_iso());
        let key = services::load_key().unwrap_or_default();
        state.apply(Action::SendPreferences {
            remembered: !key.is_empty(),
            notice_seen: services::notice_seen(),
        });
        let bridge = match Self::start_worker(ctx) {
            Ok(bridge) => Some(bridge),
            Err(message) => {
                state.file_error = Some(message);
                None
            }
        };
        App {
            state,
            bridge,
            table_ref: NodeRef::default(),
            dispatch: ctx.link().callback(|msg: Msg| msg),
            dragging: false,
            scroll_pending: false,
            focus_pending: None,
            focus_input: None,
            open_started: None,
            timing_pending: None,
            reading: 0,
            key,
            sending: None,
            send_run: 0,
        }
    }

    fn update(&mut self, ctx: &Context<Self>, msg: Self::Message) -> bool {
        match msg {
            Msg::Act(action) => {
                if action == Action::Cancel {
                    self.reading = self.reading.wrapping_add(1);
                }
                self.act(ctx, action)
            }
            Msg::Read(reading, action) => reading == self.reading && self.act(ctx, action),
            Msg::Batch(actions) => {
                let mut render = false;
                for action in actions {
                    render |= self.act(ctx, action);
                }
                render
            }
            Msg::File(file) => {
                self.dragging = false;
                self.choose(ctx, &file);
                true
            }
            Msg::Sample => {
                self.sample(ctx);
                true
            }
            Msg::Dragging(dragging) => {
                let changed = self.dragging != dragging;
                self.dragging = dragging;
                changed
            }
            Msg::Key(key) => {
                // The field shows what was typed; a remembered key follows it while remembering is on.
                self.key = key;
                if self.state.send.remember {
                    let key = self.key.trim();
                    services::store_key((!key.is_empty()).then_some(key));
                }
                true
            }
            Msg::SendUpdate(run, update) => {
                if run != self.send_run {
                    return false;
                }
                let action = self.send_action(update);
                self.act(ctx, action)
            }
        }
    }

    fn view(&self, ctx: &Context<Self>) -> Html {
        html! {
            <>
                { self.view_drop_zone(ctx) }
                { self.view_messages() }
                { self.view_phase(ctx) }
                if let Some(file) = &self.state.file {
                    { self.view_file(ctx, file) }
                }
            </>
        }
    }

    fn rendered(&mut self, ctx: &Context<Self>, _first_render: bool) {
        if let Some(table) = self.table_ref.cast::<web_sys::Element>() {
            if self.scroll_pending {
                table.set_scroll_top(i32::try_from(self.state.viewport.top).unwrap_or(i32::MAX));
            }
            // The viewport's height is known only once the table is in the page (and after resizes).
            let viewport = table::viewport_of(&table);
            if viewport.height != self.state.viewport.height {
                ctx.link().send_message(Msg::Act(Action::Scroll(viewport)));
            }
        }
        self.scroll_pending = false;
        if let Some((target, marker)) = self.focus_pending.take() {
            let cell = match target.column {
                Some(column) => format!(
                    "#tableau tr[data-rang=\"{}\"] td[data-colonne=\"{column}\"]",
                    target.row
                ),
                None => format!("#tableau tr[data-rang=\"{}\"] td[data-etat-ligne]", target.row),
            };
            // The marker shows the tooltip; a cell without one gets the focus itself.
            if !(marker && focus_selector(&format!("{cell} .marque"))) {
                focus_selector(&cell);
            }
        }
        if let Some(id) = self.focus_input.take()
            && let Some(input) = web_sys::window()
                .and_then(|w| w.document())
                .and_then(|d| d.get_element_by_id(id))
                .and_then(|e| e.dyn_into::<HtmlInputElement>().ok())
        {
            let _ = input.focus();
            input.select();
        }
        if let Some(lines) = self.timing_pending.take()
            && let Some(start) = self.open_started.take()
        {
            services::record_timing(start, services::now_ms(), lines);
        }
    }
}
