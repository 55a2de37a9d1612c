//! What the Tableau de bord will show once the valid lines are sent (`#indicateurs`, D16): its five figures at
//! the evaluation date in its own words, the same per formation, and month by month as a chart the page draws
//! (inline SVG, DSFR colours from the stylesheet's variables, a dash pattern per line so that colour is not the
//! only cue) with an accessible table of the same figures beside it. Every figure is the engine's, computed in
//! the worker ([`IndicatorsView`]); the chart's layout is [`Chart`]'s. The chart is one tab stop: the arrows,
//! Home and End move between months, and the month in focus shows its figures (and announces them).
//! `data-indicateur`, `data-date` and the points' `data-*` figures are the page's contract with its tests.

use yew::prelude::*;

use super::OnAction;
use crate::protocol::{Figures, FormationFigures, IndicatorsView, MonthFigures};
use crate::state::{
    Action, CHART_HEIGHT, CHART_WIDTH, Chart, ChartKey, Indicator, IndicatorsPanel, french_date, group_thousands,
    month_name, point_label,
};

/// The properties of [`Indicators`].
#[derive(Properties, PartialEq)]
pub struct IndicatorsProps {
    /// The engine's figures.
    pub indicators: IndicatorsView,
    /// Lines in error (not counted).
    pub invalid: u32,
    /// The chart's focus.
    pub panel: IndicatorsPanel,
    /// The month of the chart's tab stop.
    pub stop: Option<u32>,
    /// The page's actions.
    pub on_action: OnAction,
}

/// The panel.
#[function_component]
pub fn Indicators(props: &IndicatorsProps) -> Html {
    let view = &props.indicators;
    let date = french_date(&view.date);
    let left_out = match props.invalid {
        0 => None,
        1 => Some("1 ligne en erreur n'est pas comptée : elle ne sera pas envoyée.".to_owned()),
        n => Some(format!(
            "{} lignes en erreur ne sont pas comptées : elles ne seront pas envoyées.",
            group_thousands(n)
        )),
    };
    html! {
        <section id="indicateurs" class="indicateurs" aria-labelledby="titre-indicateurs" data-date={view.date.clone()}>
            <h2 id="titre-indicateurs" class="fr-h4">{ format!("Ce que le Tableau de bord affichera au {date}") }</h2>
            <p class="fr-text--sm">
                { "Une fois les lignes valides envoyées, comptées comme le Tableau de bord de l'apprentissage : un \
                   effectif par apprenant, année scolaire et CFA formateur, dans les années scolaires de la date, \
                   au dernier statut connu à cette date." }
            </p>
            if let Some(sentence) = left_out {
                <p id="indicateurs-hors" class="fr-text--sm hors" data-lignes={props.invalid.to_string()}>{ sentence }</p>
            }
            <div class="chiffres">{ for Indicator::ALL.iter().map(|indicator| figure(*indicator, &view.figures)) }</div>
            { formations(&date, &view.formations) }
            <h3 id="titre-evolution" class="fr-h5">{ "Mois par mois" }</h3>
            if view.months.is_empty() {
                <p class="fr-text--sm">{ "Aucune ligne valide : pas d'évolution à montrer." }</p>
            } else {
                <p class="fr-text--sm aide">
                    { "Les cinq chiffres à la fin de chaque mois des années scolaires du fichier. Sur le graphique, \
                       les flèches gauche et droite passent d'un mois à l'autre." }
                    if view.truncated {
                        { " Les années scolaires du fichier couvrent plus de 36 mois : les 36 derniers sont montrés." }
                    }
                </p>
                <div class="evolution">
                    <div class="graphique">
                        { chart(&view.months, &props.panel, props.stop, &props.on_action) }
                        { legend() }
                    </div>
                    { months_table(&view.months) }
                </div>
            }
        </section>
    }
}

/// One of the five figures.
fn figure(indicator: Indicator, figures: &Figures) -> Html {
    html! {
        <div class={classes!("chiffre", format!("indicateur-{}", indicator.key()))}>
            <span class="valeur" data-indicateur={indicator.key()}>{ group_thousands(indicator.of(figures)) }</span>
            <span class="libelle">{ indicator.label() }</span>
            if let Some(hint) = indicator.hint() {
                <span class="precision">{ hint }</span>
            }
        </div>
    }
}

/// A code, or "non renseigné".
fn code(code: Option<&str>) -> Html {
    match code {
        Some(code) => html! { { code.to_owned() } },
        None => html! { <span class="absent">{ "non renseigné" }</span> },
    }
}

/// The five figures as a table row's cells.
fn figure_cells(figures: &Figures) -> Html {
    html! {
        { for Indicator::ALL.iter().map(|indicator| html! {
            <td class="nombre" data-indicateur={indicator.key()}>{ group_thousands(indicator.of(figures)) }</td>
        }) }
    }
}

/// The five indicators' column headers.
fn figure_headers() -> Html {
    html! { { for Indicator::ALL.iter().map(|indicator| html! { <th scope="col">{ indicator.label() }</th> }) } }
}

/// The table per formation.
fn formations(date: &str, formations: &[FormationFigures]) -> Html {
    if formations.is_empty() {
        return html! { <p id="indicateurs-formations" class="fr-text--sm">{ format!("Aucun effectif compté au {date}.") }</p> };
    }
    html! {
        <div class="fr-table tableau-indicateurs">
            <table id="indicateurs-formations">
                <caption>{ format!("Par formation au {date}") }</caption>
                <thead>
                    <tr>
                        <th scope="col">{ "RNCP" }</th>
                        <th scope="col">{ "CFD" }</th>
                        <th scope="col">{ "Libellé" }</th>
                        { figure_headers() }
                    </tr>
                </thead>
                <tbody>
                    { for formations.iter().map(|formation| html! {
                        <tr data-rncp={formation.rncp.clone().unwrap_or_default()}
                            data-cfd={formation.cfd.clone().unwrap_or_default()}>
                            <td>{ code(formation.rncp.as_deref()) }</td>
                            <td>{ code(formation.cfd.as_deref()) }</td>
                            <th scope="row">{ code(formation.libelle.as_deref()) }</th>
                            { figure_cells(&formation.figures) }
                        </tr>
                    }) }
                </tbody>
            </table>
        </div>
    }
}

/// The month-end figures as a table, beside the chart: the same values.
fn months_table(months: &[MonthFigures]) -> Html {
    html! {
        <div class="donnees-mois" tabindex="0" role="region" aria-labelledby="legende-indicateurs-mois">
            <table id="indicateurs-mois" class="tableau-mois">
                <caption id="legende-indicateurs-mois">{ "Les indicateurs en fin de mois (données du graphique)" }</caption>
                <thead>
                    <tr>
                        <th scope="col">{ "Fin de mois" }</th>
                        { figure_headers() }
                    </tr>
                </thead>
                <tbody>
                    { for months.iter().map(|month| html! {
                        <tr data-date={month.date.clone()}>
                            <th scope="row">{ french_date(&month.date) }</th>
                            { figure_cells(&month.figures) }
                        </tr>
                    }) }
                </tbody>
            </table>
        </div>
    }
}

/// The legend: each line's colour and dash pattern, and its name.
fn legend() -> Html {
    html! {
        <ul class="legende" aria-label="Légende du graphique">
            { for Indicator::ALL.iter().map(|indicator| html! {
                <li>
                    <svg class="echantillon" viewBox="0 0 32 10" width="32" height="10" aria-hidden="true" focusable="false">
                        <line x1="0" y1="5" x2="32" y2="5" class={classes!("serie", format!("serie-{}", indicator.key()))} />
                    </svg>
                    { indicator.label() }
                </li>
            }) }
        </ul>
    }
}

/// Where the chart's values sit: a number in the SVG's units.
fn at(value: f64) -> String {
    format!("{value:.1}")
}

/// The chart.
fn chart(months: &[MonthFigures], panel: &IndicatorsPanel, stop: Option<u32>, on_action: &OnAction) -> Html {
    let chart = Chart::new(months);
    let (left, top, right, bottom) = chart.area;
    let span = match (months.first(), months.last()) {
        (Some(first), Some(last)) => format!("de {} à {}", month_name(&first.date), month_name(&last.date)),
        _ => String::new(),
    };
    // Half the distance between two months: each point's zone, for the pointer.
    let half = chart
        .months
        .get(1)
        .zip(chart.months.first())
        .map_or((right - left) / 2.0, |(second, first)| (second.x - first.x) / 2.0);
    let points = chart.months.iter().zip(months).enumerate().map(|(index, (point, month))| {
        let index = u32::try_from(index).unwrap_or(u32::MAX);
        let onkeydown = on_action.reform(move |event: KeyboardEvent| {
            let key = match event.key().as_str() {
                "ArrowLeft" => ChartKey::Previous,
                "ArrowRight" => ChartKey::Next,
                "Home" => ChartKey::First,
                "End" => ChartKey::Last,
                _ => return Action::ChartFocus(Some(index)),
            };
            event.prevent_default();
            Action::ChartKey(key)
        });
        let figures = &month.figures;
        html! {
            <g id={format!("point-{index}")} class="point" tabindex={if stop == Some(index) { "0" } else { "-1" }}
                role="img" aria-label={point_label(month)} data-date={month.date.clone()}
                data-apprenants={figures.apprenants.to_string()} data-apprentis={figures.apprentis.to_string()}
                data-inscrits={figures.inscrits.to_string()} data-rupturants={figures.rupturants.to_string()}
                data-abandons={figures.abandons.to_string()}
                onfocus={on_action.reform(move |_| Action::ChartFocus(Some(index)))}
                onblur={on_action.reform(|_| Action::ChartFocus(None))}
                onmouseenter={on_action.reform(move |_| Action::ChartHover(Some(index)))}
                onmouseleave={on_action.reform(|_| Action::ChartHover(None))}
                {onkeydown}>
                <rect class="zone" x={at(point.x - half)} y={at(top)} width={at(2.0 * half)} height={at(bottom - top)} />
                { for Indicator::ALL.iter().zip(point.y).map(|(indicator, y)| html! {
                    <circle class={classes!("serie", format!("serie-{}", indicator.key()))} cx={at(point.x)} cy={at(y)}
                        r="3.5" data-indicateur={indicator.key()} data-valeur={indicator.of(figures).to_string()} />
                }) }
            </g>
        }
    });
    let tooltip = panel
        .shown()
        .and_then(|index| Some((chart.months.get(index as usize)?, months.get(index as usize)?)))
        .map(|(point, month)| tooltip(point.x, top, right, month));
    html! {
        <svg id="graphique-indicateurs" class="graphique-svg" viewBox={format!("0 0 {CHART_WIDTH} {CHART_HEIGHT}")}
            role="group" aria-labelledby="titre-graphique-indicateurs">
            <title id="titre-graphique-indicateurs">{ format!("Les indicateurs en fin de mois, {span}") }</title>
            <g class="axes" aria-hidden="true">
                { for chart.ticks.iter().map(|(value, y)| html! {
                    <>
                        <line class="grille" x1={at(left)} x2={at(right)} y1={at(*y)} y2={at(*y)} />
                        <text class="graduation" x={at(left - 8.0)} y={at(y + 4.0)} text-anchor="end">
                            { group_thousands(*value) }
                        </text>
                    </>
                }) }
                { for chart.months.iter().map(|point| html! {
                    <>
                        if let Some(label) = point.label {
                            <line class="repere" x1={at(point.x)} x2={at(point.x)} y1={at(bottom)} y2={at(bottom + 4.0)} />
                            <text class="mois" x={at(point.x)} y={at(bottom + 18.0)} text-anchor="middle">{ label }</text>
                        }
                        if let Some(year) = &point.year {
                            <text class="annee" x={at(point.x)} y={at(bottom + 34.0)} text-anchor="middle">{ year.clone() }</text>
                        }
                    </>
                }) }
            </g>
            <g class="lignes" aria-hidden="true">
                { for Indicator::ALL.iter().map(|indicator| html! {
                    <path class={classes!("serie", format!("serie-{}", indicator.key()))} d={chart.path(*indicator)}
                        data-indicateur={indicator.key()} />
                }) }
            </g>
            { for points }
            { tooltip.unwrap_or_default() }
        </svg>
    }
}

/// The figures of the month in focus, drawn beside its point (on its left in the right half of the chart).
fn tooltip(x: f64, top: f64, right: f64, month: &MonthFigures) -> Html {
    const WIDTH: f64 = 230.0;
    const LINE: f64 = 17.0;
    let height = LINE * 6.0 + 12.0;
    let left = if x + 12.0 + WIDTH > right {
        x - 12.0 - WIDTH
    } else {
        x + 12.0
    };
    html! {
        <g id="infobulle-indicateurs" class="bulle-graphique" aria-hidden="true" data-date={month.date.clone()}>
            <rect x={at(left)} y={at(top)} width={at(WIDTH)} height={at(height)} rx="4" />
            <text x={at(left + 10.0)} y={at(top + LINE + 2.0)} class="titre">
                { format!("Fin {} ({})", month_name(&month.date), french_date(&month.date)) }
            </text>
            { for Indicator::ALL.iter().zip(1u32..).map(|(indicator, line)| html! {
                <text x={at(left + 10.0)} y={at(top + LINE * f64::from(line + 1) + 2.0)}
                    data-indicateur={indicator.key()}>
                    { format!("{} : {}", indicator.label(), group_thousands(indicator.of(&month.figures))) }
                </text>
            }) }
        </g>
    }
}
