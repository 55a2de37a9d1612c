//! The summary of an open file (`#resume`): what was read, the result line, the figures, and the statuts at
//! the evaluation date the user chooses (valid lines only, counted as the Tableau de bord counts them: D13). The figures carry `data-chiffre` names, the page's contract with its
//! tests.

use web_sys::HtmlInputElement;
use yew::prelude::*;

use super::OnAction;
use crate::protocol::{FileInfoView, FixCounts, SummaryView};
use crate::state::{Action, counts_sentence, group_thousands, plural};

/// The properties of [`Summary`].
#[derive(Properties, PartialEq)]
pub struct SummaryProps {
    /// What was found out about the file.
    pub info: FileInfoView,
    /// The figures.
    pub summary: SummaryView,
    /// The evaluation date the user chose (see [`StatutsProps::today`]).
    pub today: String,
    /// Cells changed by recipes and column actions (D15).
    pub fixes: FixCounts,
    /// The page's actions.
    pub on_action: OnAction,
}

/// One figure: its `data-chiffre` name, value, label and class.
type Figure = (&'static str, u32, &'static str, &'static str);

fn figure(&(key, value, label, class): &Figure) -> Html {
    html! {
        <div class={classes!("chiffre", class)}>
            <span class="valeur" data-chiffre={key}>{ value }</span>
            <span class="libelle">{ label }</span>
        </div>
    }
}

/// The summary.
#[function_component]
pub fn Summary(props: &SummaryProps) -> Html {
    let (info, s) = (&props.info, &props.summary);
    let results: [Figure; 4] = [
        ("lignes", s.lines, "lignes", ""),
        ("valides", s.valid, "valides", "ok"),
        ("invalides", s.invalid, "en erreur", "ko"),
        ("avertissements", s.warnings, "avertissements", "attention"),
    ];
    let mut details = vec![info.format.to_uppercase()];
    if let Some(sheet) = &info.sheet {
        details.push(format!("feuille « {sheet} »"));
    }
    if let Some(encoding) = &info.encoding {
        details.push(format!("encodage {encoding}"));
    }
    details.push(format!("en-tête en ligne {}", info.header_line));
    html! {
        <section id="resume" class="resume" aria-labelledby="titre-resume">
            <h2 id="titre-resume" class="fr-h4">{ format!("Résumé de « {} »", info.name) }</h2>
            <p class="fr-text--sm details">{ details.join(" · ") }</p>
            <p id="resultat" aria-live="polite" class="resultat">
                { format!("{} : {} valides, {} en erreur.",
                    plural(s.lines, "ligne", "lignes"), group_thousands(s.valid), group_thousands(s.invalid)) }
            </p>
            <div class="chiffres">{ for results.iter().map(figure) }</div>
            if let Some(sentence) = counts_sentence(props.fixes) {
                <p id="corrections" class="fr-text--sm corrections" data-recette={props.fixes.recipe.to_string()}
                    data-actions={props.fixes.actions.to_string()}>
                    <span aria-hidden="true">{ "✎ " }</span>{ sentence }
                </p>
            }
            <Statuts summary={s.clone()} today={props.today.clone()} on_action={props.on_action.clone()} />
        </section>
    }
}

/// The properties of [`Statuts`].
#[derive(Properties, PartialEq)]
pub struct StatutsProps {
    /// The figures (the statuts' counts).
    pub summary: SummaryView,
    /// The evaluation date the user chose, which the field shows (not the one of the statuts on screen, which
    /// lags until the worker answers: Yew puts a field's bound value back at each render, so the field would
    /// jump back to the previous date meanwhile).
    pub today: String,
    /// The page's actions.
    pub on_action: OnAction,
}

/// The statuts at the evaluation date, and the date's field.
#[function_component]
pub fn Statuts(props: &StatutsProps) -> Html {
    let s = &props.summary;
    let statuts: [Figure; 6] = [
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
    let ondate = props.on_action.reform(|event: Event| {
        let input: HtmlInputElement = event.target_unchecked_into();
        Action::SetToday(input.value())
    });
    html! {
        <div class="statuts">
            <div class="fr-input-group date">
                <label class="fr-label" for="date-evaluation">
                    { "Statuts au" }
                    <span class="fr-hint-text">{ "Date d'évaluation des statuts et des indicateurs (aujourd'hui par défaut)" }</span>
                </label>
                <input id="date-evaluation" class="fr-input" type="date" value={props.today.clone()} onchange={ondate} />
            </div>
            <div class="chiffres">{ for statuts.iter().map(figure) }</div>
            <p class="fr-text--sm aide">
                { "Statuts des lignes valides à cette date, comptés comme le Tableau de bord les comptera : un \
                   effectif par apprenant, dans les années scolaires de la date. Les lignes en erreur ne seront pas \
                   envoyées et ne sont pas comptées ici." }
            </p>
        </div>
    }
}
