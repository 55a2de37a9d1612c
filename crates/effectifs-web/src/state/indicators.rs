//! The indicators panel (D16, `docs/indicators.md`): the Tableau de bord's five figures in its own words, the
//! geometry of the month-by-month chart the page draws as SVG from the worker's month-end figures, and which
//! month of the chart the keyboard (or the pointer) is on. The figures themselves are the engine's, computed in
//! the worker ([`crate::protocol::IndicatorsView`]); nothing here counts anything.

use std::fmt::Write as _;

use super::{Action, Effect, Outcome, State, french_date, plural};
use crate::protocol::{Figures, MonthFigures};

/// One of the five figures of the Tableau de bord.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Indicator {
    /// Every effectif counted but the abandons.
    Apprenants,
    /// `APPRENTI` and `FIN_DE_FORMATION`.
    Apprentis,
    /// `INSCRIT`.
    Inscrits,
    /// `RUPTURANT`.
    Rupturants,
    /// `ABANDON`.
    Abandons,
}

impl Indicator {
    /// The five, in the Tableau de bord's order.
    pub const ALL: [Indicator; 5] = [
        Indicator::Apprenants,
        Indicator::Apprentis,
        Indicator::Inscrits,
        Indicator::Rupturants,
        Indicator::Abandons,
    ];

    /// The key of `summary.indicateurs` (`effectifs check --format json`), used as the page's `data-*` names.
    pub fn key(self) -> &'static str {
        match self {
            Indicator::Apprenants => "apprenants",
            Indicator::Apprentis => "apprentis",
            Indicator::Inscrits => "inscrits",
            Indicator::Rupturants => "rupturants",
            Indicator::Abandons => "abandons",
        }
    }

    /// The Tableau de bord's label.
    pub fn label(self) -> &'static str {
        match self {
            Indicator::Apprenants => "Apprenants",
            Indicator::Apprentis => "Apprentis",
            Indicator::Inscrits => "Inscrits sans contrat",
            Indicator::Rupturants => "Rupturants",
            Indicator::Abandons => "Abandons",
        }
    }

    /// What the figure holds when its name does not say it all, for the page's hint under it.
    pub fn hint(self) -> Option<&'static str> {
        match self {
            Indicator::Apprenants => Some("tous sauf les abandons"),
            Indicator::Apprentis => Some("y compris les fins de formation"),
            Indicator::Abandons => Some("hors apprenants"),
            Indicator::Inscrits | Indicator::Rupturants => None,
        }
    }

    /// `count` of it in words: "1 apprenant", "3 inscrits sans contrat".
    pub fn counted(self, count: u32) -> String {
        let (one, many) = match self {
            Indicator::Apprenants => ("apprenant", "apprenants"),
            Indicator::Apprentis => ("apprenti", "apprentis"),
            Indicator::Inscrits => ("inscrit sans contrat", "inscrits sans contrat"),
            Indicator::Rupturants => ("rupturant", "rupturants"),
            Indicator::Abandons => ("abandon", "abandons"),
        };
        plural(count, one, many)
    }

    /// Its value among the five.
    pub fn of(self, figures: &Figures) -> u32 {
        match self {
            Indicator::Apprenants => figures.apprenants,
            Indicator::Apprentis => figures.apprentis,
            Indicator::Inscrits => figures.inscrits,
            Indicator::Rupturants => figures.rupturants,
            Indicator::Abandons => figures.abandons,
        }
    }
}

/// The five figures in words, as a point of the chart announces them: "2 apprenants, 2 apprentis, …".
pub fn figures_sentence(figures: &Figures) -> String {
    Indicator::ALL
        .iter()
        .map(|indicator| indicator.counted(indicator.of(figures)))
        .collect::<Vec<_>>()
        .join(", ")
}

/// A month-end day (`2026-03-31`) as a month in French: "mars 2026".
pub fn month_name(iso: &str) -> String {
    const MONTHS: [&str; 12] = [
        "janvier",
        "février",
        "mars",
        "avril",
        "mai",
        "juin",
        "juillet",
        "août",
        "septembre",
        "octobre",
        "novembre",
        "décembre",
    ];
    match (iso.get(0..4), month_number(iso)) {
        (Some(year), Some(month)) => format!("{} {year}", MONTHS[month - 1]),
        _ => iso.to_owned(),
    }
}

/// The short French name of a month (`2026-03-31` → "mars", `2025-09-30` → "sept."), for the chart's axis.
fn short_month(iso: &str) -> &'static str {
    const MONTHS: [&str; 12] = [
        "janv.", "févr.", "mars", "avr.", "mai", "juin", "juil.", "août", "sept.", "oct.", "nov.", "déc.",
    ];
    month_number(iso).map_or("", |month| MONTHS[month - 1])
}

/// The month (1 to 12) of an ISO day.
fn month_number(iso: &str) -> Option<usize> {
    iso.get(5..7)
        .and_then(|month| month.parse::<usize>().ok())
        .filter(|month| (1..=12).contains(month))
}

/// What a point of the chart announces: "fin mars 2026 (31/03/2026) : 2 apprenants, …".
pub fn point_label(month: &MonthFigures) -> String {
    format!(
        "Fin {} ({}) : {}",
        month_name(&month.date),
        french_date(&month.date),
        figures_sentence(&month.figures)
    )
}

/// The chart's drawing area, in the SVG's own units (its `viewBox`): the page scales it to its width.
pub const CHART_WIDTH: f64 = 720.0;
/// See [`CHART_WIDTH`].
pub const CHART_HEIGHT: f64 = 300.0;
/// Room for the vertical axis's labels, left.
const LEFT: f64 = 48.0;
/// Room above the highest tick.
const TOP: f64 = 16.0;
/// Room on the right of the last month.
const RIGHT: f64 = 16.0;
/// Room for the months' names and years, below.
const BOTTOM: f64 = 44.0;

/// The month-by-month chart, laid out.
#[derive(Debug, Clone, PartialEq)]
pub struct Chart {
    /// The value of the top of the vertical axis (a round number at least the highest figure, at least 1).
    pub top: u32,
    /// The vertical axis's ticks: value and height.
    pub ticks: Vec<(u32, f64)>,
    /// The plot area: left, top, right, bottom.
    pub area: (f64, f64, f64, f64),
    /// One per month, in order.
    pub months: Vec<ChartMonth>,
}

/// A month of the chart.
#[derive(Debug, Clone, PartialEq)]
pub struct ChartMonth {
    /// Its horizontal position.
    pub x: f64,
    /// The month's short name under the axis ("sept."), on every month or every few when they are many.
    pub label: Option<&'static str>,
    /// The year under the month's name, on January and on the first month.
    pub year: Option<String>,
    /// The height of each indicator's point, in [`Indicator::ALL`] order.
    pub y: [f64; 5],
}

impl Chart {
    /// Lays out the months' figures.
    pub fn new(months: &[MonthFigures]) -> Chart {
        let highest = months
            .iter()
            .flat_map(|month| Indicator::ALL.map(|indicator| indicator.of(&month.figures)))
            .max()
            .unwrap_or(0);
        let step = tick_step(highest);
        let top = highest.div_ceil(step).max(1) * step;
        let (left, upper, right, bottom) = (LEFT, TOP, CHART_WIDTH - RIGHT, CHART_HEIGHT - BOTTOM);
        let height = |value: u32| bottom - (bottom - upper) * f64::from(value) / f64::from(top);
        let count = months.len();
        // Every month's name while they fit, else every third (a quarter), always with the first.
        let every = if count > 14 { 3 } else { 1 };
        let width = right - left;
        let chart_months = months
            .iter()
            .enumerate()
            .map(|(index, month)| {
                let position = u32::try_from(index).unwrap_or(u32::MAX);
                let x = if count <= 1 {
                    left + width / 2.0
                } else {
                    left + width * f64::from(position) / f64::from(u32::try_from(count - 1).unwrap_or(u32::MAX))
                };
                let january = month_number(&month.date) == Some(1);
                ChartMonth {
                    x,
                    label: (index % every == 0).then(|| short_month(&month.date)),
                    year: (index == 0 || january).then(|| month.date.get(0..4).unwrap_or_default().to_owned()),
                    y: Indicator::ALL.map(|indicator| height(indicator.of(&month.figures))),
                }
            })
            .collect();
        Chart {
            top,
            ticks: (0..=top / step)
                .map(|tick| (tick * step, height(tick * step)))
                .collect(),
            area: (left, upper, right, bottom),
            months: chart_months,
        }
    }

    /// One indicator's line through its points, as an SVG path (`M x y L x y …`); empty without months.
    pub fn path(&self, indicator: Indicator) -> String {
        let index = Indicator::ALL.iter().position(|i| *i == indicator).unwrap_or(0);
        let mut path = String::new();
        for (position, month) in self.months.iter().enumerate() {
            let command = if position == 0 { "M" } else { " L" };
            // Writing to a string cannot fail.
            let _ = write!(path, "{command}{:.1} {:.1}", month.x, month.y[index]);
        }
        path
    }
}

/// The step between the vertical axis's ticks: 1, 2 or 5 times a power of ten, for about four ticks above 0.
fn tick_step(highest: u32) -> u32 {
    let rough = highest.div_ceil(4).max(1);
    let mut power = 1u32;
    while power.saturating_mul(10) <= rough {
        power = power.saturating_mul(10);
    }
    [1, 2, 5, 10]
        .into_iter()
        .map(|factor| power.saturating_mul(factor))
        .find(|step| *step >= rough)
        .unwrap_or(power)
}

/// The panel's own state: which month of the chart is current (the keyboard's point, whose figures show).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct IndicatorsPanel {
    /// The month (index into the series) that has the keyboard's focus.
    pub focused: Option<u32>,
    /// The month under the pointer.
    pub hovered: Option<u32>,
    /// The month the chart's single tab stop is on (the keyboard moves it with the arrows; the pointer does not).
    pub current: Option<u32>,
}

impl IndicatorsPanel {
    /// The month whose figures the tooltip shows: the keyboard's, else the pointer's.
    pub fn shown(&self) -> Option<u32> {
        self.focused.or(self.hovered)
    }
}

/// A key on a point of the chart.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ChartKey {
    /// Left arrow: the month before.
    Previous,
    /// Right arrow: the month after.
    Next,
    /// Home: the first month.
    First,
    /// End: the last month.
    Last,
}

impl State {
    /// The month-end figures of the open file (none without a file).
    pub fn months(&self) -> &[MonthFigures] {
        self.file
            .as_ref()
            .map_or(&[], |file| file.summary.indicateurs.months.as_slice())
    }

    /// The month the chart's tab stop is on: the one the keyboard left it on, else the month of the evaluation
    /// day when the series holds it, else the last month before it, else the first.
    pub fn chart_stop(&self) -> Option<u32> {
        let months = self.months();
        let last = u32::try_from(months.len().checked_sub(1)?).ok()?;
        if let Some(current) = self.indicators.current.filter(|current| *current <= last) {
            return Some(current);
        }
        let today = self
            .file
            .as_ref()
            .map_or("", |file| file.summary.indicateurs.date.as_str());
        // Month ends are ISO days: the first one on or after the evaluation day is its month's.
        let at = months.iter().position(|month| month.date.as_str() >= today);
        Some(at.map_or(last, |at| u32::try_from(at).unwrap_or(last)))
    }

    /// The panel's actions.
    pub(super) fn apply_indicators(&mut self, action: &Action) -> Outcome {
        let count = u32::try_from(self.months().len()).unwrap_or(u32::MAX);
        match *action {
            Action::ChartFocus(month) => {
                let month = month.filter(|month| *month < count);
                if month.is_some() {
                    self.indicators.current = month;
                }
                if self.indicators.focused == month {
                    return Outcome::none();
                }
                self.indicators.focused = month;
                Outcome::render(Vec::new())
            }
            Action::ChartHover(month) => {
                let month = month.filter(|month| *month < count);
                if self.indicators.hovered == month {
                    return Outcome::none();
                }
                self.indicators.hovered = month;
                Outcome::render(Vec::new())
            }
            Action::ChartKey(key) => {
                let Some(stop) = self.chart_stop() else {
                    return Outcome::none();
                };
                let next = match key {
                    ChartKey::Previous => stop.saturating_sub(1),
                    ChartKey::Next => (stop + 1).min(count - 1),
                    ChartKey::First => 0,
                    ChartKey::Last => count - 1,
                };
                self.indicators.current = Some(next);
                self.indicators.focused = Some(next);
                Outcome::render(vec![Effect::FocusChartPoint(next)])
            }
            _ => Outcome::none(),
        }
    }
}
