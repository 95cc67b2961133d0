//! The report's sections, built once from the analyses and rendered by both the HTML page and
//! the Markdown file: each with its key figures, charts, tables and warnings, or the reason it
//! is empty.

use rayon::prelude::*;
use refine_engine::health::review::HealthReview;
use refine_engine::rank::RankedItem;
use refine_engine::run::Skipped;
use refine_engine::run::{Analyses, Stage};

use super::reading::reading_date;
use super::readings;
use crate::charts::{self, ImageFormat, ScorecardPart, Size, WeekFlow};
use crate::tables::{
    NamedTables, agenda_tables, backlog_forecast_tables, delivery_tables, delivery_warnings,
    estimates_tables, estimates_warnings, health_tables, health_warnings, rank_tables, whole,
};

/// A chart, rendered.
#[derive(Debug, Clone, PartialEq)]
pub struct Chart {
    /// File name without extension (`velocity`).
    pub name: &'static str,
    /// The chart as SVG text.
    pub svg: String,
    /// The chart as PNG bytes, when asked for.
    pub png: Option<Vec<u8>>,
    /// A paragraph on how to read it (text from the inputs, such as keys, unescaped).
    pub how_to_read: String,
}

/// One key figure: `Velocity (last 7 sprints)` → `31.5 points`.
#[derive(Debug, Clone, PartialEq)]
pub struct Figure {
    /// What it is.
    pub label: String,
    /// Its value, with the unit.
    pub value: String,
    /// What it means, in one line: "The team delivers what it commits."
    pub reading: Option<String>,
    /// Whether the report's summary repeats it.
    pub in_summary: bool,
}

impl Figure {
    fn new(label: impl Into<String>, value: impl Into<String>) -> Self {
        Figure { label: label.into(), value: value.into(), reading: None, in_summary: false }
    }

    /// The figure with what it means.
    fn reading(mut self, reading: impl Into<Option<String>>) -> Self {
        self.reading = reading.into();
        self
    }

    /// The figure, repeated in the summary.
    fn in_summary(mut self) -> Self {
        self.in_summary = true;
        self
    }
}

/// One section of the report.
#[derive(Debug, Clone)]
pub struct Section {
    /// The HTML anchor and the prefix of its table files (`backlog`).
    pub id: &'static str,
    /// The heading.
    pub title: &'static str,
    /// The command whose tables these are (the JSON schema name `refine.<command>/1`).
    pub command: &'static str,
    /// Key figures.
    pub figures: Vec<Figure>,
    /// Charts.
    pub charts: Vec<Chart>,
    /// Tables, the main one first.
    pub tables: NamedTables,
    /// What the reader should know.
    pub warnings: Vec<String>,
    /// Why the section has nothing, when it has nothing.
    pub absent: Option<String>,
}

impl Section {
    fn new(id: &'static str, title: &'static str, command: &'static str) -> Self {
        Section {
            id,
            title,
            command,
            figures: Vec::new(),
            charts: Vec::new(),
            tables: Vec::new(),
            warnings: Vec::new(),
            absent: None,
        }
    }

    fn absent(mut self, why: Option<&Skipped>) -> Self {
        self.absent = Some(why.map_or_else(|| "not run".to_owned(), Skipped::to_string));
        self
    }
}

/// Which charts to draw.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ChartChoice {
    /// No charts.
    None,
    /// SVG.
    Svg,
    /// SVG and PNG.
    SvgAndPng,
}

/// Draws every section's charts (in parallel).
pub fn add_charts(sections: &mut [Section], analyses: &Analyses, choice: ChartChoice) {
    if choice != ChartChoice::None {
        sections.par_iter_mut().for_each(|section| draw_charts(section, analyses, choice));
    }
}

/// The sections of the report, in reading order (the summary first), without charts.
pub fn sections(analyses: &Analyses) -> Vec<Section> {
    let skipped = |stage: Stage| analyses.skipped.iter().find(|skipped| skipped.stage == stage);
    let backlog = backlog_section(analyses);
    let delivery = match (&analyses.velocity, &analyses.flow) {
        (None, None) => Section::new("delivery", "Delivery", "velocity").absent(skipped(Stage::Velocity)),
        (velocity, flow) => {
            let mut section = Section::new("delivery", "Delivery", "velocity");
            section.figures = delivery_figures(analyses);
            section.tables = whole(delivery_tables(velocity.as_ref(), flow.as_ref()));
            section.warnings = delivery_warnings(velocity.as_ref(), flow.as_ref());
            section
        }
    };
    let estimation = match &analyses.estimates {
        None => Section::new("estimation", "Estimation", "estimates").absent(skipped(Stage::Estimates)),
        Some(report) => {
            let mut section = Section::new("estimation", "Estimation", "estimates");
            let discuss = report.items.iter().filter(|item| item.discuss).count();
            section.figures.push(Figure::new("Items voted on", report.items.len().to_string()));
            section
                .figures
                .push(Figure::new("Items to discuss (spread ≥ 2 deck steps)", discuss.to_string()));
            if let Some(all) = report.correlations.first().and_then(|correlation| correlation.spearman) {
                section
                    .figures
                    .push(Figure::new("Estimate–actual Spearman correlation", format!("{all:.2}")));
            }
            section.tables = whole(estimates_tables(report));
            section.warnings = estimates_warnings(report);
            section
        }
    };
    let forecast = match &analyses.forecast {
        None => Section::new("forecast", "Forecast", "forecast").absent(skipped(Stage::Forecast)),
        Some(forecast) => {
            let mut section = Section::new("forecast", "Forecast", "forecast");
            section.figures.push(Figure::new("Drawn from", forecast.past.description()));
            for percentile in &forecast.report.percentiles {
                let when = match (&percentile.date, percentile.periods) {
                    (Some(date), Some(periods)) => {
                        format!("{} ({periods} {}s)", reading_date(date), forecast.past.period.name())
                    }
                    _ => {
                        format!("not within {} {}s", forecast.report.max_periods, forecast.past.period.name())
                    }
                };
                let days_away =
                    percentile.periods.map(|periods| periods as f64 * forecast.report.period_days);
                let mut figure = Figure::new(format!("Ranked backlog done at {}%", percentile.percent), when);
                // The date to promise carries the reading.
                if percentile.percent == 85.0 {
                    figure = figure.reading(readings::backlog_done(days_away).to_owned());
                }
                // The summary leaves out the 70% and 95% levels.
                let summarised = percentile.percent != 70.0 && percentile.percent != 95.0;
                section.figures.push(if summarised { figure.in_summary() } else { figure });
            }
            section.tables = whole(backlog_forecast_tables(&forecast.report));
            section.warnings = forecast.report.warnings.clone();
            section
        }
    };
    let health = match &analyses.health {
        None => Section::new("health", "Backlog health", "health").absent(skipped(Stage::Health)),
        Some(review) => health_section(review),
    };
    let agenda = match &analyses.agenda {
        None => Section::new("agenda", "Refinement agenda", "agenda").absent(skipped(Stage::Agenda)),
        Some(agenda) => {
            let mut section = Section::new("agenda", "Refinement agenda", "agenda");
            let scheduled: usize = agenda.sections.iter().map(|section| section.items.len()).sum();
            section.figures.push(Figure::new("Session", format!("{} minutes", agenda.session_minutes)));
            section.figures.push(Figure::new("Items on the agenda", scheduled.to_string()));
            section.figures.push(Figure::new("Left for next time", agenda.next_time.len().to_string()));
            section.tables = whole(agenda_tables(agenda));
            section.warnings = agenda.warnings.clone();
            section
        }
    };
    let mut summary = Section::new("summary", "Key figures", "report");
    summary.figures = summary_figures(analyses, &[&backlog, &health, &delivery, &forecast]);
    summary.warnings = analyses.skipped.iter().map(Skipped::to_string).collect();
    vec![summary, agenda, backlog, forecast, delivery, health, estimation, quality_section(analyses)]
}

/// What in the inputs makes the figures less complete than they look: its findings are shown
/// from the analyses (see the renderers); the section counts them.
fn quality_section(analyses: &Analyses) -> Section {
    let mut section = Section::new("quality", "Data quality", "report");
    let findings = &analyses.data_quality.findings;
    let found = findings.iter().filter(|finding| finding.count > 0).count();
    section.figures.push(
        Figure::new("Checks with findings", format!("{found} of {}", findings.len())).reading(
            (found > 0).then(|| "The figures above leave these out or guess them; see below.".to_owned()),
        ),
    );
    section
}

fn health_section(review: &HealthReview) -> Section {
    let card = &review.scorecard;
    let mut section = Section::new("health", "Backlog health", "health");
    let score =
        |value: Option<f64>| value.map_or("not scored".to_owned(), |score| format!("{score:.0} / 100"));
    let weakest = card
        .overall
        .parts
        .iter()
        .filter_map(|part| Some((part_name(part.part), part.score?)))
        .min_by(|a, b| a.1.total_cmp(&b.1));
    section.figures.push(
        Figure::new("Health score (DEEP)", score(card.overall.score))
            .reading(readings::deep(weakest))
            .in_summary(),
    );
    for part in &card.overall.parts {
        section.figures.push(Figure::new(format!("DEEP: {}", part_name(part.part)), score(part.score)));
    }
    section.figures.push(
        Figure::new(
            "Ready items (Definition of Ready)",
            format!("{} of {}", card.ready.ready_items, card.ready.checked_items),
        )
        .reading(readings::ready_near_top(card.ready.near_top_ready_items, card.ready.near_top_items))
        .in_summary(),
    );
    section.figures.push(Figure::new("Stale items", card.emergent.stale_items.to_string()));
    section.figures.push(Figure::new("Blocked items", review.dependencies.counts.blocked.to_string()));
    section.figures.push(Figure::new("Duplicate candidates", review.duplicates.candidates.len().to_string()));
    section.tables = whole(health_tables(review));
    section.warnings = health_warnings(review);
    section
}

/// `detailed` → `Detailed appropriately`.
fn part_name(part: &str) -> &str {
    match part {
        "detailed" => "Detailed appropriately",
        "estimated" => "Estimated",
        "emergent" => "Emergent",
        "prioritized" => "Prioritized",
        other => other,
    }
}

/// Draws the section's charts from the analyses behind it.
fn draw_charts(section: &mut Section, analyses: &Analyses, choice: ChartChoice) {
    let mut canvas = Canvas { choice, charts: Vec::new(), warnings: Vec::new() };
    match section.id {
        "backlog" => {
            if let Some(odi) = &analyses.prioritization.opportunities {
                canvas.draw(&charts::opportunity_landscape(odi));
            }
        }
        "health" => {
            if let Some(review) = &analyses.health {
                let card = &review.scorecard;
                let parts: Vec<ScorecardPart> = card
                    .overall
                    .parts
                    .iter()
                    .map(|part| ScorecardPart { name: part_name(part.part).to_owned(), score: part.score })
                    .collect();
                let weeks: Vec<WeekFlow> = card
                    .emergent
                    .weeks
                    .iter()
                    .map(|week| WeekFlow {
                        week_start: week.week_start.to_string(),
                        inflow: week.created,
                        outflow: week.resolved,
                    })
                    .collect();
                canvas.draw(&charts::deep_scorecard(&parts));
                canvas.draw(&charts::backlog_age(&card.emergent.ages_days));
                canvas.draw(&charts::inflow_outflow(&weeks));
            }
        }
        "delivery" => {
            if let Some(flow) = &analyses.flow {
                canvas.draw(&charts::cycle_time_scatter(flow));
                canvas.draw(&charts::aging_wip(flow));
                canvas.draw(&charts::throughput_run_chart(&flow.throughput));
            }
            if let Some(velocity) = &analyses.velocity {
                canvas.draw(&charts::velocity(&velocity.sprints, velocity.window));
            }
            if let Some(flow) = &analyses.cumulative_flow {
                canvas.draw(&charts::cumulative_flow(flow));
            }
        }
        "estimation" => {
            if let Some(report) = &analyses.estimates {
                canvas.draw(&charts::estimate_vs_actual(report));
                canvas.draw(&charts::poker_spread(report));
            }
        }
        "forecast" => {
            if let Some(forecast) = &analyses.forecast {
                canvas.draw(&charts::backlog_forecast(&forecast.report));
                canvas.draw(&charts::forecast(&forecast.report));
            }
        }
        _ => {}
    }
    section.charts = canvas.charts;
    section.warnings.extend(canvas.warnings);
}

/// The charts of one section as they are drawn, and the ones that failed.
struct Canvas {
    choice: ChartChoice,
    charts: Vec<Chart>,
    warnings: Vec<String>,
}

impl Canvas {
    /// Draws `chart` at the report's chart size as SVG (and PNG when asked), with how to read it.
    fn draw(&mut self, chart: &impl charts::Chart) {
        let size = Size::default();
        let svg = charts::render(chart, ImageFormat::Svg, size)
            .map(|bytes| String::from_utf8_lossy(&bytes).into_owned());
        let png = (self.choice == ChartChoice::SvgAndPng)
            .then(|| charts::render(chart, ImageFormat::Png, size))
            .transpose();
        match (svg, png) {
            (Ok(svg), Ok(png)) => {
                self.charts.push(Chart { name: chart.name(), svg, png, how_to_read: chart.how_to_read() })
            }
            (Err(error), _) | (_, Err(error)) => {
                self.warnings.push(format!("chart {}: {error}", chart.name()))
            }
        }
    }
}

fn backlog_section(analyses: &Analyses) -> Section {
    let prioritization = &analyses.prioritization;
    let ranked = &prioritization.ranking.items;
    let mut section = Section::new("backlog", "Ranked backlog", "rank");
    section.figures.push(Figure::new("Ranked open items", ranked.len().to_string()).in_summary());
    let not_scored = ranked.iter().filter(|item| item.score.is_none()).count();
    section.figures[0] = section.figures[0].clone().reading(readings::not_scored(not_scored));
    section.figures.push(Figure::new("Not scored (missing inputs)", not_scored.to_string()));
    section.figures.push(Figure::new("Blocker cycles", prioritization.ranking.cycles.len().to_string()));
    if let Some(top) = ranked.first() {
        section.figures.push(Figure::new("Top item", item_label(top)).in_summary());
    }
    section.tables = whole(rank_tables(prioritization));
    section.warnings = prioritization.warnings.clone();
    section
}

fn delivery_figures(analyses: &Analyses) -> Vec<Figure> {
    let mut figures = Vec::new();
    if let Some(velocity) = &analyses.velocity {
        for team in &velocity.teams {
            let name = team.team.as_deref().unwrap_or("all");
            if let Some(mean) = team.mean {
                figures.push(
                    Figure::new(
                        format!("Velocity, team {name} (mean of the last {} sprints)", team.window),
                        format!("{mean:.1} points"),
                    )
                    .reading(team.predictability_cv.map(readings::velocity_spread))
                    .in_summary(),
                );
            }
            if let Some(say_do) = team.mean_say_do {
                figures.push(
                    Figure::new(
                        format!("Say/do, team {name} (mean of the last {} sprints)", team.window),
                        format!("{:.0}%", say_do * 100.0),
                    )
                    .reading(readings::say_do(say_do).to_owned())
                    .in_summary(),
                );
            }
        }
    }
    if let Some(flow) = &analyses.flow {
        let days = |value: Option<f64>| value.map_or("–".to_owned(), |days| format!("{days:.1} days"));
        figures.push(
            Figure::new("Cycle time, median", days(flow.cycle_time.median_days))
                .reading(flow.cycle_time.median_days.map(readings::cycle_time_median))
                .in_summary(),
        );
        let p85 = flow
            .cycle_time
            .percentiles
            .iter()
            .find(|value| value.percent == 85.0)
            .and_then(|value| value.days);
        figures.push(
            Figure::new("Cycle time, 85th percentile", days(p85)).reading(p85.map(readings::cycle_time_85)),
        );
        figures.push(Figure::new("Work in progress", flow.aging.len().to_string()));
    }
    figures
}

/// The figures a reader needs first (those with `in_summary` set): the size of the
/// backlog and its top, its health, the pace, and when the backlog is done at 50% and 85%.
fn summary_figures(analyses: &Analyses, sections: &[&Section]) -> Vec<Figure> {
    let mut figures = Vec::new();
    if let Some(as_of) = analyses.as_of.and_then(refine_engine::model::dates::iso) {
        figures.push(Figure::new("As of", reading_date(&as_of)));
    }
    let all = sections.iter().flat_map(|section| &section.figures);
    figures.extend(all.filter(|figure| figure.in_summary).cloned());
    figures
}

fn item_label(item: &RankedItem) -> String {
    match &item.title {
        Some(title) => format!("{} {title}", item.key),
        None => item.key.clone(),
    }
}
