//! The sending part of the page's state (issue 4): the "Envoyer" panel, the send's progress, its receipt and
//! each line's outcome for the table. The send itself runs in `crate::send` (browser only, the engine of
//! `effectifs-send` driven with `fetch`); here is only what the page shows and asks for. The exchange key is
//! never part of this state: the page keeps it apart, so no state dump or test output can show it.

use std::collections::HashMap;
use std::rc::Rc;

use effectifs_send::{LineOutcome, LineStatus, Progress, SendOutcome};
use serde::Serialize;

use super::{Action, Effect, Outcome, Phase, Source, State, group_thousands, plural};
use crate::protocol::{PayloadItem, Request};

/// Where the send stands.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SendPhase {
    /// No send for the current data.
    Idle,
    /// The worker is preparing the valid lines' dossiers.
    Preparing,
    /// Requests are going out.
    Sending {
        /// "Vérification de la clé d'échange", "Lot 2 sur 3".
        what: String,
        /// The engine's figures.
        progress: Progress,
        /// The engine's last "wait and try again" sentence, until the next request leaves.
        waiting: Option<String>,
    },
    /// Over, completed or stopped: the receipt.
    Finished(Rc<Receipt>),
}

/// The receipt of a send (also what "Télécharger le reçu" saves, as JSON). Never holds the key.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Receipt {
    /// Where the dossiers went (the API base).
    pub destination: String,
    /// When the send ended, as the page shows it ("23/11/2026 à 17:45").
    pub finished_at: String,
    /// The engine's outcome: figures, batches, every line.
    #[serde(flatten)]
    pub outcome: SendOutcome,
}

impl Receipt {
    /// Whether the send stopped before every batch was accepted (then it can be resumed).
    pub fn stopped(&self) -> bool {
        !self.outcome.completed
    }

    /// The receipt's sentences, in order, as `#recu` shows them.
    pub fn sentences(&self) -> Vec<String> {
        let p = &self.outcome.progress;
        let count = |n: usize| u32::try_from(n).unwrap_or(u32::MAX);
        let figures = format!(
            "{}, {}, {}",
            plural(count(p.items_accepted), "ligne acceptée", "lignes acceptées"),
            plural(
                count(p.items_rejected),
                "refusée par le serveur",
                "refusées par le serveur"
            ),
            plural(count(p.items_unconfirmed), "non confirmée", "non confirmées"),
        );
        let when = format!("Le {}, vers {}.", self.finished_at, self.destination);
        if self.outcome.completed {
            let mut out = vec![
                "Envoi terminé.".to_owned(),
                format!("{figures} ({}).", plural(count(p.batches_total), "lot", "lots")),
                when,
            ];
            if p.items_rejected > 0 {
                out.push(
                    "Les lignes refusées par le serveur ne seront pas prises en compte : corrigez-les d'après \
                     ses messages (colonne « Envoi » du tableau)."
                        .to_owned(),
                );
            }
            out
        } else {
            let stop = self
                .outcome
                .stop
                .as_ref()
                .map_or_else(|| "L'envoi s'est arrêté.".to_owned(), |stop| stop.message.clone());
            vec![
                "Envoi interrompu.".to_owned(),
                stop,
                format!(
                    "{} sur {} ; {figures}.",
                    plural(count(p.batches_accepted), "lot accepté", "lots acceptés"),
                    group_thousands(count(p.batches_total)),
                ),
                "« Reprendre l'envoi » envoie la suite : les lots déjà acceptés ne sont jamais renvoyés.".to_owned(),
                when,
            ]
        }
    }
}

/// New data chosen while a send is under way or stopped, waiting for the user's answer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Change {
    /// Another file.
    File(Source),
    /// Another profile.
    Profile(String),
}

impl Change {
    /// The question, in French.
    pub fn question(&self, running: bool) -> String {
        let what = match self {
            Change::File(source) => format!("Ouvrir « {} »", source.name),
            Change::Profile(profile) => format!("Vérifier avec le profil « {profile} »"),
        };
        let send = if running {
            "arrêtera l'envoi en cours"
        } else {
            "abandonnera l'envoi interrompu (il ne pourra plus être repris d'ici)"
        };
        format!(
            "{what} {send}. Les lots déjà acceptés restent enregistrés par le Tableau de bord, et le reçu de cet envoi \
             reste téléchargeable."
        )
    }
}

/// The "Envoyer" panel and the send.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SendPanel {
    /// Whether the panel is shown.
    pub open: bool,
    /// "Se souvenir de la clé sur cet appareil".
    pub remember: bool,
    /// The user has acknowledged once the notice of what sending with the key implies.
    pub notice_seen: bool,
    /// Where the send stands.
    pub phase: SendPhase,
    /// A French message about the panel (no key given, resume impossible).
    pub error: Option<String>,
    /// Each line's outcome by spreadsheet line, once a send has run on the current data (shared with the
    /// table's blocks: a new outcome is a new `Rc`).
    pub outcomes: Option<Rc<HashMap<u32, LineOutcome>>>,
    /// Another file or profile chosen during a send, until the user confirms or cancels.
    pub confirm: Option<Change>,
    /// The receipt of the last send whose data was replaced: what it sent is never lost.
    pub previous: Option<Rc<Receipt>>,
}

impl Default for SendPanel {
    fn default() -> Self {
        SendPanel {
            open: false,
            remember: false,
            notice_seen: false,
            phase: SendPhase::Idle,
            error: None,
            outcomes: None,
            confirm: None,
            previous: None,
        }
    }
}

/// How a line's outcome is shown in the table: `data-envoi` value and French text.
pub fn line_send_text(outcome: Option<&LineOutcome>, line_has_errors: bool) -> (&'static str, &'static str) {
    match outcome.map(|o| o.status) {
        Some(LineStatus::Accepted) => ("acceptee", "acceptée"),
        Some(LineStatus::Rejected) => ("refusee", "refusée par le serveur"),
        Some(LineStatus::Unconfirmed) => ("non-confirmee", "non confirmée"),
        None if line_has_errors => ("non-envoyee", "non envoyée (ligne en erreur)"),
        Some(LineStatus::NotSent) | None => ("non-envoyee", "non envoyée"),
    }
}

const NO_KEY: &str = "Indiquez votre clé d'échange.";

impl State {
    /// Why "Envoyer" cannot be used now (French), or `None` when it can.
    pub fn send_blocker(&self) -> Option<&'static str> {
        let file = self.file.as_ref()?;
        if matches!(self.phase, Phase::Working { .. }) {
            return Some("Attendez la fin de la lecture du fichier.");
        }
        if self.pending_edits > 0 {
            return Some("Attendez la vérification de la dernière modification.");
        }
        match &self.send.phase {
            SendPhase::Preparing | SendPhase::Sending { .. } => return Some("Envoi en cours."),
            SendPhase::Finished(receipt) if receipt.stopped() => {
                return Some("Envoi interrompu : reprenez-le depuis le panneau d'envoi.");
            }
            SendPhase::Finished(_) => {
                return Some(
                    "Ces lignes ont été envoyées (voir le reçu) : modifiez le fichier ou ouvrez-en un autre pour \
                     envoyer à nouveau.",
                );
            }
            SendPhase::Idle => {}
        }
        if file.summary.valid == 0 {
            return Some("Aucune ligne valide à envoyer : corrigez d'abord les erreurs.");
        }
        None
    }

    /// Whether a send is under way (edits wait for its end).
    pub fn sending(&self) -> bool {
        matches!(self.send.phase, SendPhase::Preparing | SendPhase::Sending { .. })
    }

    /// The sending actions (the page's other actions are handled before).
    pub(super) fn apply_send(&mut self, action: Action) -> Outcome {
        match action {
            Action::SendPreferences {
                remembered,
                notice_seen,
            } => {
                self.send.remember = remembered;
                self.send.notice_seen = notice_seen;
                Outcome::render(Vec::new())
            }
            Action::OpenSend => self.open_send(),
            Action::CloseSend => self.close_send(),
            Action::Remember(on) => self.set_remember(on),
            Action::ConfirmSend { has_key } => self.confirm_send(has_key),
            Action::ResumeSend { has_key } => self.resume_send(has_key),
            Action::SendProgress { what, progress } => self.send_progress(what, progress),
            Action::SendWaiting(message) => self.send_waiting(message),
            Action::SendFinished(receipt) => self.send_finished(*receipt),
            Action::SendFailed(message) => self.send_failed(message),
            Action::DownloadReceipt => self.download_receipt(),
            Action::ConfirmChange => self.confirm_change(),
            Action::CancelChange => {
                let asked = self.send.confirm.take().is_some();
                Outcome {
                    render: asked,
                    effects: Vec::new(),
                }
            }
            Action::SendAbandoned(receipt) => {
                self.send.previous = Some(Rc::new(*receipt));
                Outcome::render(Vec::new())
            }
            Action::DownloadPreviousReceipt => match &self.send.previous {
                Some(receipt) => receipt_download(receipt, "recu-envoi-precedent.json"),
                None => Outcome::none(),
            },
            _ => Outcome::none(),
        }
    }

    fn open_send(&mut self) -> Outcome {
        if self.file.is_none() || (self.send_blocker().is_some() && !self.send_stopped()) {
            return Outcome::none();
        }
        self.send.open = true;
        self.send.error = None;
        Outcome::render(vec![Effect::FocusKey])
    }

    fn send_stopped(&self) -> bool {
        matches!(&self.send.phase, SendPhase::Finished(receipt) if receipt.stopped())
    }

    /// The panel closes before a send only: once sending, it holds the progress, then the receipt (and the
    /// resume button), until the data changes.
    fn close_send(&mut self) -> Outcome {
        if self.send.phase != SendPhase::Idle || !self.send.open {
            return Outcome::none();
        }
        self.send.open = false;
        self.send.error = None;
        Outcome::render(Vec::new())
    }

    fn set_remember(&mut self, remember: bool) -> Outcome {
        self.send.remember = remember;
        Outcome::render(vec![Effect::RememberKey(remember)])
    }

    fn confirm_send(&mut self, has_key: bool) -> Outcome {
        if !self.send.open || self.send_blocker().is_some() {
            return Outcome::none();
        }
        if !has_key {
            self.send.error = Some(NO_KEY.to_owned());
            return Outcome::render(vec![Effect::FocusKey]);
        }
        self.send.error = None;
        self.send.phase = SendPhase::Preparing;
        let mut effects = self.key_effects();
        effects.push(Effect::Send(Request::Payloads));
        Outcome::render(effects)
    }

    /// On confirming: the notice is acknowledged (it was shown above the button), the key remembered if asked.
    fn key_effects(&mut self) -> Vec<Effect> {
        let mut effects = Vec::new();
        if !self.send.notice_seen {
            self.send.notice_seen = true;
            effects.push(Effect::AcknowledgeNotice);
        }
        if self.send.remember {
            effects.push(Effect::RememberKey(true));
        }
        effects
    }

    pub(super) fn on_payloads(&mut self, items: Vec<PayloadItem>) -> Outcome {
        if self.send.phase != SendPhase::Preparing {
            return Outcome::none();
        }
        if items.is_empty() {
            self.send.phase = SendPhase::Idle;
            self.send.error = Some("Aucune ligne valide à envoyer.".to_owned());
            return Outcome::render(Vec::new());
        }
        self.send.phase = SendPhase::Sending {
            what: "Préparation de l'envoi".to_owned(),
            progress: Progress {
                batches_total: 0,
                batches_accepted: 0,
                items_total: items.len(),
                items_sent: 0,
                items_accepted: 0,
                items_rejected: 0,
                items_unconfirmed: 0,
                current_batch: None,
            },
            waiting: None,
        };
        Outcome::render(vec![Effect::StartSend { items }])
    }

    fn send_progress(&mut self, now: String, figures: Progress) -> Outcome {
        match &mut self.send.phase {
            SendPhase::Sending {
                what,
                progress,
                waiting,
            } => {
                *what = now;
                *progress = figures;
                *waiting = None;
                Outcome::render(Vec::new())
            }
            _ => Outcome::none(),
        }
    }

    fn send_waiting(&mut self, message: String) -> Outcome {
        match &mut self.send.phase {
            SendPhase::Sending { waiting, .. } => {
                *waiting = Some(message);
                Outcome::render(Vec::new())
            }
            _ => Outcome::none(),
        }
    }

    fn send_finished(&mut self, receipt: Receipt) -> Outcome {
        if !matches!(self.send.phase, SendPhase::Sending { .. }) {
            return Outcome::none();
        }
        let outcomes = receipt
            .outcome
            .lines
            .iter()
            .map(|line| (line.line, line.clone()))
            .collect();
        self.send.outcomes = Some(Rc::new(outcomes));
        self.send.phase = SendPhase::Finished(Rc::new(receipt));
        self.send.open = true;
        Outcome::render(Vec::new())
    }

    fn resume_send(&mut self, has_key: bool) -> Outcome {
        let SendPhase::Finished(receipt) = &self.send.phase else {
            return Outcome::none();
        };
        if !receipt.stopped() {
            return Outcome::none();
        }
        if !has_key {
            self.send.error = Some(NO_KEY.to_owned());
            return Outcome::render(vec![Effect::FocusKey]);
        }
        let progress = receipt.outcome.progress;
        self.send.error = None;
        self.send.phase = SendPhase::Sending {
            what: "Reprise de l'envoi".to_owned(),
            progress,
            waiting: None,
        };
        let mut effects = self.key_effects();
        effects.push(Effect::ResumeSend);
        Outcome::render(effects)
    }

    fn send_failed(&mut self, message: String) -> Outcome {
        if !self.sending() {
            return Outcome::none();
        }
        self.send.phase = SendPhase::Idle;
        self.send.outcomes = None;
        self.send.error = Some(message);
        Outcome::render(vec![Effect::DropSend])
    }

    fn download_receipt(&self) -> Outcome {
        let SendPhase::Finished(receipt) = &self.send.phase else {
            return Outcome::none();
        };
        receipt_download(receipt, "recu-envoi.json")
    }

    /// Another file or profile while a send runs, or is stopped and resumable: it waits for the user's answer
    /// (the file being read waits too). `None` when the action goes ahead.
    pub(super) fn ask_before_change(&mut self, action: &Action) -> Option<Outcome> {
        if !(self.sending() || self.send_stopped()) {
            return None;
        }
        let change = match action {
            // The chosen file is being read: the page keeps showing the send until the answer.
            Action::ReadingFile => return Some(Outcome::none()),
            Action::ChooseFile(source) => Change::File(source.clone()),
            Action::ChooseProfile(profile) if *profile != self.profile && self.file.is_some() => {
                Change::Profile(profile.clone())
            }
            _ => return None,
        };
        self.send.confirm = Some(change);
        self.send.open = true;
        Some(Outcome::render(Vec::new()))
    }

    fn confirm_change(&mut self) -> Outcome {
        let Some(change) = self.send.confirm.take() else {
            return Outcome::none();
        };
        // The send goes first (its receipt is kept), so the change is no longer asked about.
        let dropped = self.forget_send();
        let action = match change {
            Change::File(source) => {
                let mut outcome = self.apply(Action::ReadingFile);
                let chosen = self.apply(Action::ChooseFile(source));
                outcome.effects.extend(chosen.effects);
                outcome.render |= chosen.render;
                outcome
            }
            Change::Profile(profile) => self.apply(Action::ChooseProfile(profile)),
        };
        let mut outcome = action;
        if let Some(effect) = dropped {
            outcome.effects.insert(0, effect);
        }
        outcome.render = true;
        outcome
    }

    /// The data changed (an edit, another file, another mapping): a send's outcome no longer describes it.
    /// A running send is dropped; returns the effect that stops it, if one ran.
    pub(super) fn forget_send(&mut self) -> Option<Effect> {
        let had = self.send.phase != SendPhase::Idle || self.send.outcomes.is_some();
        // What a finished send did stays downloadable (a running one's comes back as `SendAbandoned`).
        if let SendPhase::Finished(receipt) = &self.send.phase {
            self.send.previous = Some(Rc::clone(receipt));
        }
        self.send.confirm = None;
        self.send.phase = SendPhase::Idle;
        self.send.outcomes = None;
        self.send.error = None;
        self.send.open = false;
        had.then_some(Effect::DropSend)
    }
}

/// The download of a receipt as JSON.
fn receipt_download(receipt: &Receipt, file_name: &str) -> Outcome {
    match serde_json::to_vec_pretty(receipt) {
        Ok(bytes) => Outcome::render(vec![Effect::Download {
            file_name: file_name.to_owned(),
            mime: "application/json".to_owned(),
            bytes,
        }]),
        Err(_) => Outcome::none(),
    }
}
