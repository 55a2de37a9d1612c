//! The page: it owns the [`State`] and the worker [`Bridge`], and lays out the page's parts
//! ([`super::components`]), giving each its slice of the state and callbacks. Every event becomes an
//! [`Action`] for [`State::apply`], and the page carries out the [`Effect`]s it returns (worker requests,
//! downloads, storage, focus and scroll after a render). It also holds the exchange key, apart from the
//! state, and the running send ([`crate::send`]).

use std::cell::RefCell;
use std::rc::Rc;

use wasm_bindgen::JsCast;
use web_sys::{HtmlElement, HtmlInputElement};
use yew::prelude::*;

use super::bridge::Bridge;
use super::components::dialogs::{ReplaceDialog, SuggestionsDialog};
use super::components::downloads::Downloads;
use super::components::drop_zone::DropZone;
use super::components::indicators::Indicators;
use super::components::mapping::Mapping;
use super::components::messages::{Messages, ReadWarnings};
use super::components::progress::{Progress, SheetChoice};
use super::components::recipe::RecipePanel;
use super::components::send::SendSection;
use super::components::summary::Summary;
use super::components::table::{Table, TableTools, viewport_of};
use super::services::{self, RememberedEntry};
use crate::protocol::FileView;
use crate::send::{self, Sending, Update};
use crate::state::{self, Action, Effect, FixDialog, Phase, Receipt, Source, State, Target};

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
    /// A recipe file was chosen ("Importer une recette").
    ImportRecipe(web_sys::File),
}

/// The page component.
pub struct App {
    state: State,
    bridge: Option<Bridge>,
    table_ref: NodeRef,
    /// The callbacks the parts get, created once: a part (a block of the table) whose properties did not
    /// change is not rendered again.
    callbacks: Callbacks,
    dragging: bool,
    /// Scroll the table to the state's viewport after the next render.
    scroll_pending: bool,
    /// Focus this cell (its marker when `true`) after the next render.
    focus_pending: Option<(Target, bool)>,
    /// Focus (and select) this input after the next render: the edit box or the key field.
    focus_input: Option<&'static str>,
    /// Focus this month's point of the indicators chart after the next render.
    focus_point: Option<u32>,
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
                let action = match services::load_remembered(&key) {
                    None => Action::RememberedMapping(None),
                    Some(RememberedEntry::Mapping(mapping)) => Action::RememberedMapping(Some(mapping)),
                    Some(RememberedEntry::Recipe { json, automatic }) => Action::RememberedRecipe { json, automatic },
                };
                ctx.link().send_message(Msg::Act(action));
                false
            }
            Effect::SaveRecipe { key, json } => {
                services::save_recipe(&key, &json);
                false
            }
            Effect::RecipeAutomatic { key, on } => {
                services::set_recipe_automatic(&key, on);
                false
            }
            Effect::Reveal { target, marker } => {
                self.scroll_pending = true;
                self.focus_pending = Some((target, marker));
                true
            }
            Effect::FocusEditor | Effect::FocusKey | Effect::FocusChartPoint(_) => {
                self.focus_after_render(&effect);
                true
            }
            Effect::Opened { lines } => {
                self.timing_pending = Some(lines);
                self.scroll_pending = true;
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
                self.keep_receipt(ctx);
                self.drop_send();
                false
            }
        }
    }

    /// What a send about to be dropped had done stays with the page: its receipt can still be downloaded.
    fn keep_receipt(&self, ctx: &Context<Self>) {
        if let Some(sending) = &self.sending {
            let sending = sending.borrow();
            if sending.progress().batches_accepted > 0 {
                let receipt = Receipt {
                    destination: sending.base().to_owned(),
                    finished_at: services::now_french(),
                    outcome: sending.outcome(),
                };
                ctx.link()
                    .send_message(Msg::Act(Action::SendAbandoned(Box::new(receipt))));
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
        // From its size first: a file over the limit is refused without reading a byte of it.
        if let Some(refusal) = state::size_refusal(file.size()) {
            self.act(ctx, refusal);
            return;
        }
        self.open_started = Some(services::now_perf_ms());
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
        self.open_started = Some(services::now_perf_ms());
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

    /// Reads a chosen recipe file as text, for the worker (which reads the recipe itself).
    fn import_recipe(ctx: &Context<Self>, file: &web_sys::File) {
        let name = file.name();
        if state::size_refusal(file.size()).is_some() {
            let text = Err(format!(
                "Le fichier « {name} » n'est pas une recette : une recette est un petit fichier texte JSON."
            ));
            ctx.link().send_message(Msg::Act(Action::ImportRecipe(text)));
            return;
        }
        let file = file.clone();
        let link = ctx.link().clone();
        wasm_bindgen_futures::spawn_local(async move {
            let text = match services::read_file(&file).await {
                Ok(bytes) => String::from_utf8(bytes).map_err(|_| {
                    format!(
                        "Le fichier « {name} » n'est pas une recette : une recette est un fichier texte JSON (UTF-8)."
                    )
                }),
                Err(_) => Err(format!(
                    "Le navigateur n'a pas pu lire le fichier « {name} » (a-t-il été déplacé ou supprimé ?)."
                )),
            };
            link.send_message(Msg::Act(Action::ImportRecipe(text)));
        });
    }

    fn view_phase(&self) -> Html {
        let on_action = self.callbacks.action.clone();
        match &self.state.phase {
            Phase::Working { done, total, stage } => html! {
                <Progress done={*done} total={*total} stage={*stage} {on_action} />
            },
            Phase::ChooseSheet { sheets, selected } => html! {
                <SheetChoice sheets={sheets.clone()} selected={selected.clone()} {on_action} />
            },
            Phase::Empty | Phase::Ready => html! {},
        }
    }

    /// The parts of an open file, in the page's order. A panel about the file's figures (indicators…)
    /// belongs after the summary; one about fixing the data, beside the mapping step.
    fn view_file(&self, file: &FileView) -> Html {
        let state = &self.state;
        let on_action = &self.callbacks.action;
        html! {
            <>
                <ReadWarnings warnings={file.read_warnings.clone()} />
                <Mapping open={state.mapping.open} columns={file.columns.clone()}
                    missing={file.missing_columns.clone()} duplicates={file.duplicate_columns.clone()}
                    draft={state.mapping.draft.clone()} fields={Rc::clone(&state.fields)}
                    values={state.fix.values.clone()} on_action={on_action.clone()} />
                <RecipePanel remembered={state.fix.remembered.clone()} error={state.fix.recipe_error.clone()}
                    on_import={self.callbacks.import.clone()} on_action={on_action.clone()} />
                <Summary info={file.file.clone()} summary={file.summary.clone()} today={state.today.clone()}
                    fixes={state.fix.counts} on_action={on_action.clone()} />
                <Indicators indicators={file.summary.indicateurs.clone()} invalid={file.summary.invalid}
                    panel={state.indicators.clone()} stop={state.chart_stop()} on_action={on_action.clone()} />
                <Downloads exporting={state.exporting.is_some()} on_action={on_action.clone()} />
                <SendSection panel={state.send.clone()} valid={file.summary.valid} blocker={state.send_blocker()}
                    exchange_key={self.key.clone()} on_key={self.callbacks.key.clone()} on_action={on_action.clone()} />
                <TableTools filters={state.filters} undo={state.undo.len()} on_action={on_action.clone()} />
                <Table window={state.table_window()} headers={file.columns.clone()}
                    columns={Rc::clone(&state.columns)} names={Rc::clone(&state.column_names)}
                    sent={state.send.outcomes.clone()} node_ref={self.table_ref.clone()}
                    on_action={on_action.clone()} on_commit={self.callbacks.commit.clone()} />
                { self.view_dialog(file) }
            </>
        }
    }

    /// The dialog a column's header opened, if any.
    fn view_dialog(&self, file: &FileView) -> Html {
        let on_action = self.callbacks.action.clone();
        let column_of = |index: u32| file.columns.get(index as usize).cloned();
        match &self.state.fix.dialog {
            Some(FixDialog::Replace {
                column,
                from,
                to,
                count,
            }) => match column_of(*column) {
                Some(view) => html! {
                    <ReplaceDialog key={format!("remplacer-{column}")} column={view} from={from.clone()}
                        to={to.clone()} count={*count} {on_action} />
                },
                None => Html::default(),
            },
            Some(FixDialog::Suggestions { column, items }) => match column_of(*column) {
                Some(view) => html! {
                    <SuggestionsDialog key={format!("corrections-{column}")} column={view} items={items.clone()}
                        {on_action} />
                },
                None => Html::default(),
            },
            None => Html::default(),
        }
    }
}

/// The page's callbacks, created once.
struct Callbacks {
    /// One action for the state.
    action: Callback<Action>,
    /// The edit box's last text, then the commit.
    commit: Callback<String>,
    /// A file was chosen or dropped.
    file: Callback<web_sys::File>,
    /// "Essayer avec un exemple".
    sample: Callback<()>,
    /// A file is dragged over the drop zone (or left it).
    dragging: Callback<bool>,
    /// The exchange key field changed.
    key: Callback<String>,
    /// A recipe file was chosen.
    import: Callback<web_sys::File>,
}

impl Callbacks {
    fn new(ctx: &Context<App>) -> Callbacks {
        let link = ctx.link();
        Callbacks {
            action: link.callback(Msg::Act),
            commit: link.callback(|text| Msg::Batch(vec![Action::EditText(text), Action::CommitEdit])),
            file: link.callback(Msg::File),
            sample: link.callback(|()| Msg::Sample),
            dragging: link.callback(Msg::Dragging),
            key: link.callback(Msg::Key),
            import: link.callback(Msg::ImportRecipe),
        }
    }
}

impl App {
    /// What to focus once the page is rendered again.
    fn focus_after_render(&mut self, effect: &Effect) {
        match effect {
            Effect::FocusEditor => self.focus_input = Some("edition"),
            Effect::FocusKey => self.focus_input = Some("cle-echange"),
            Effect::FocusChartPoint(month) => self.focus_point = Some(*month),
            _ => {}
        }
    }
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
            callbacks: Callbacks::new(ctx),
            dragging: false,
            scroll_pending: false,
            focus_pending: None,
            focus_input: None,
            focus_point: None,
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
            Msg::ImportRecipe(file) => {
                Self::import_recipe(ctx, &file);
                false
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

    fn view(&self, _ctx: &Context<Self>) -> Html {
        let state = &self.state;
        let callbacks = &self.callbacks;
        html! {
            <>
                <DropZone dragging={self.dragging} busy={matches!(state.phase, Phase::Working { .. })}
                    exporting={state.exporting.is_some()} profile={state.profile.clone()}
                    on_file={callbacks.file.clone()} on_sample={callbacks.sample.clone()}
                    on_dragging={callbacks.dragging.clone()} on_action={callbacks.action.clone()} />
                <Messages file_error={state.file_error.clone()} notice={state.notice.clone()} />
                { self.view_phase() }
                if let Some(file) = &state.file {
                    { self.view_file(file) }
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
            let viewport = viewport_of(&table);
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
        // A point of the chart is an SVG element, not an HTML one.
        if let Some(point) = self.focus_point.take()
            && let Some(element) = web_sys::window()
                .and_then(|w| w.document())
                .and_then(|d| d.get_element_by_id(&format!("point-{point}")))
                .and_then(|e| e.dyn_into::<web_sys::SvgElement>().ok())
        {
            let _ = element.focus();
        }
        if let Some(lines) = self.timing_pending.take()
            && let Some(start) = self.open_started.take()
        {
            services::record_timing(start, services::now_perf_ms(), lines);
        }
    }
}
