//! Monte Carlo forecasts by bootstrap of past periods (sprint velocities in points, or weekly
//! throughput in items): when will an amount of work or each item of a ranked backlog be done,
//! how much will be done by a date, and how likely a date is.
//!
//! Formula (design.md, "Delivery"): each of `trials` trials (10,000 by default) draws past
//! periods with replacement and adds them up until the work is done; the answer at p% is the
//! nearest-rank p-th percentile of the trials' period counts (the value at rank ⌈p/100 · n⌉ of
//! the sorted counts, as `stats` computes it). Work sizes are multiplied by 1 + margin (margin
//! of safety, default 20%) before the trials run. "How much by a date" reads the amounts done in
//! the whole periods that end by that date: at c% confidence "at least this much" is the
//! (100 − c)-th percentile of the amounts, divided by 1 + margin so it is in estimate units. The
//! probability of a date is the share of trials done within its periods. For a ranked backlog
//! an item is done when a trial's cumulative amount reaches the cumulative size up to it (the
//! cut line at 50% and 85%). Coverage = ready points / mean velocity, in periods.
//!
//! Periods are numbered from `next_start`: period k ends at `next_start + k · period length`,
//! and its date is the last day it covers (`next_start + k · length − 1 ms`, UTC); 0 periods
//! (nothing to do) reads as the day before `next_start`. A date asked about counts in full: the
//! periods that end by the end of its UTC day.
//!
//! Edge cases: an empty history, or one with no positive sample, is an error (the work would
//! never finish); NaN, infinite and negative samples are left out with a warning; fewer than
//! `min_history` periods give a warning; one period gives a fixed velocity (every trial the
//! same); zero variance gives the exact answer at every percentile. A trial that has not
//! finished within `max_periods` periods stops there; a percentile such trials decide is
//! "not done within N periods" (`None`) and a warning says how many trials did not finish.
//! Trials are deterministic for a seed whatever the thread count (see `simulate`).

pub mod plan;
mod simulate;

use chrono::{DateTime, Days};
use serde::{Deserialize, Serialize};

use crate::model::dates::{DAY_MS, iso_day};
use crate::model::stats;

/// Settings of the forecast (`[forecast]` in refine.toml).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct ForecastSettings {
    /// Number of trials.
    pub trials: usize,
    /// Seed of the random draws: the same seed gives the same forecast.
    pub seed: u64,
    /// Margin of safety on sizes: 0.2 forecasts 120% of the estimates.
    pub margin: f64,
    /// Confidence levels reported, in percent (0 < p ≤ 100).
    pub percentiles: Vec<f64>,
    /// A trial that has not finished after this many periods stops ("not done").
    pub max_periods: usize,
    /// Fewer past periods than this gives a warning.
    pub min_history: usize,
}

impl Default for ForecastSettings {
    fn default() -> Self {
        ForecastSettings {
            trials: 10_000,
            seed: 42,
            margin: 0.20,
            percentiles: vec![50.0, 70.0, 85.0, 95.0],
            max_periods: 1_000,
            min_history: 5,
        }
    }
}

/// The most trials and periods accepted, so that no setting can ask for unbounded work.
const MAX_TRIALS: usize = 10_000_000;
const MAX_PERIODS: usize = 100_000;

/// What can stop a forecast.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum ForecastError {
    /// No past periods to draw from.
    #[error("the forecast needs a history of past periods, and the history is empty")]
    EmptyHistory,
    /// Every past period did nothing: the work would never finish.
    #[error(
        "every one of the {periods} past periods completed 0 (or no valid amount): the work would never finish; forecast from a history with completed work"
    )]
    NoProgress {
        /// Past periods given.
        periods: usize,
    },
    /// A setting or an argument out of range.
    #[error("forecast setting {name} = {value} is out of range: {expected}")]
    BadSetting {
        /// The setting or argument.
        name: &'static str,
        /// Its value.
        value: f64,
        /// What it must be.
        expected: &'static str,
    },
    /// A backlog item whose size is negative or not a number.
    #[error("backlog item {key} has size {size}: expected a size of 0 or more")]
    BadSize {
        /// The item.
        key: String,
        /// Its size.
        size: f64,
    },
    /// A date so far ahead that it spans more periods than `max_periods`.
    #[error(
        "the date is {periods} periods ahead, more than max_periods = {max_periods}; raise max_periods or ask about a nearer date"
    )]
    DateTooFar {
        /// Periods up to the date.
        periods: usize,
        /// The limit.
        max_periods: usize,
    },
}

/// The past periods to draw from and where the forecast periods fall in time.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct History<'a> {
    /// Amount completed in each past period (points per sprint, or items per week).
    pub samples: &'a [f64],
    /// Length of a period in days (14 for two-week sprints, 7 for weeks).
    pub period_days: f64,
    /// Start of the first forecast period, UTC milliseconds.
    pub next_start: i64,
}

/// A backlog item, in rank order.
#[derive(Debug, Clone, PartialEq)]
pub struct BacklogItem {
    /// Item key.
    pub key: String,
    /// Its size (points or items; 1 per item for a throughput forecast).
    pub size: f64,
}

/// When the work is done at one confidence level.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PeriodPercentile {
    /// Confidence in percent.
    pub percent: f64,
    /// Periods needed; `None` when not done within `max_periods`.
    pub periods: Option<usize>,
    /// The last day of that period (`2026-03-01`).
    pub date: Option<String>,
}

/// How many trials finished in one period count: one bar of the finish histogram.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct FinishCount {
    /// Periods the trials needed.
    pub periods: usize,
    /// The last day of that period.
    pub date: String,
    /// Trials that finished in exactly this many periods.
    pub trials: usize,
}

/// When one backlog item is done (the cut line).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ItemForecast {
    /// Item key.
    pub key: String,
    /// Its size, before the margin.
    pub size: f64,
    /// Cumulative size up to and including it, before the margin.
    pub cumulative_size: f64,
    /// Period in which it is done at 50% confidence.
    pub period_50: Option<usize>,
    /// Last day of that period.
    pub date_50: Option<String>,
    /// Period in which it is done at 85% confidence.
    pub period_85: Option<usize>,
    /// Last day of that period.
    pub date_85: Option<String>,
}

/// "When will it be done": for an amount of work or a ranked backlog.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ForecastReport {
    /// The work asked about, before the margin.
    pub amount: f64,
    /// The work the trials ran to: amount × (1 + margin).
    pub amount_with_margin: f64,
    /// Margin of safety used.
    pub margin: f64,
    /// Trials run.
    pub trials: usize,
    /// Seed used.
    pub seed: u64,
    /// Past periods drawn from (valid samples).
    pub history_periods: usize,
    /// Period length in days.
    pub period_days: f64,
    /// First day of the first forecast period.
    pub next_start: String,
    /// Period limit of a trial.
    pub max_periods: usize,
    /// Trials not done within `max_periods`.
    pub not_done_trials: usize,
    /// When the work is done at each confidence level.
    pub percentiles: Vec<PeriodPercentile>,
    /// The trials' finishing periods: one entry per period count that some trial finished in,
    /// ascending (trials not done within `max_periods` are `not_done_trials`, not listed).
    pub finish_histogram: Vec<FinishCount>,
    /// For a ranked backlog, when each item is done (empty for a plain amount).
    pub items: Vec<ItemForecast>,
    /// What the user should know.
    pub warnings: Vec<String>,
}

/// The amount done by a date at one confidence level.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct AmountPercentile {
    /// Confidence in percent: at least `amount` is done with this probability.
    pub percent: f64,
    /// The amount, in estimate units (divided by 1 + margin).
    pub amount: f64,
}

/// "How much by a date".
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct AmountReport {
    /// The date asked about.
    pub date: String,
    /// Whole periods that end by then.
    pub periods: usize,
    /// Margin of safety used.
    pub margin: f64,
    /// Trials run.
    pub trials: usize,
    /// Seed used.
    pub seed: u64,
    /// The amount done at each confidence level.
    pub percentiles: Vec<AmountPercentile>,
    /// What the user should know.
    pub warnings: Vec<String>,
}

/// "How likely is this date".
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ProbabilityReport {
    /// The work asked about, before the margin.
    pub amount: f64,
    /// The work the trials ran to.
    pub amount_with_margin: f64,
    /// The date asked about.
    pub date: String,
    /// Whole periods that end by then.
    pub periods: usize,
    /// Share of trials done within those periods, 0 to 1.
    pub probability: f64,
    /// Trials run.
    pub trials: usize,
    /// Seed used.
    pub seed: u64,
    /// What the user should know.
    pub warnings: Vec<String>,
}

/// The checked inputs every question starts from.
struct Prepared {
    samples: Vec<f64>,
    period_ms: i64,
    next_start: i64,
    warnings: Vec<String>,
}

fn bad(name: &'static str, value: f64, expected: &'static str) -> ForecastError {
    ForecastError::BadSetting { name, value, expected }
}

impl ForecastSettings {
    /// Checks the settings: trials and periods within bounds, a margin of 0 or more,
    /// percentiles above 0 and at most 100.
    pub fn validate(&self) -> Result<(), ForecastError> {
        check_settings(self)
    }
}

fn check_settings(settings: &ForecastSettings) -> Result<(), ForecastError> {
    if !(1..=MAX_TRIALS).contains(&settings.trials) {
        return Err(bad("trials", settings.trials as f64, "1 to 10,000,000"));
    }
    if !(1..=MAX_PERIODS).contains(&settings.max_periods) {
        return Err(bad("max_periods", settings.max_periods as f64, "1 to 100,000"));
    }
    if !(settings.margin.is_finite() && settings.margin >= 0.0) {
        return Err(bad("margin", settings.margin, "a number of 0 or more (0.2 = 20%)"));
    }
    if let Some(percent) = settings.percentiles.iter().find(|p| !(p.is_finite() && **p > 0.0 && **p <= 100.0))
    {
        return Err(bad("percentiles", *percent, "each above 0 and at most 100"));
    }
    Ok(())
}

fn prepare(history: &History<'_>, settings: &ForecastSettings) -> Result<Prepared, ForecastError> {
    check_settings(settings)?;
    let days = history.period_days;
    // At least a minute and at most ten years, so that dates stay representable.
    if !(days.is_finite() && days * 1440.0 >= 1.0 && days <= 3653.0) {
        return Err(bad("period_days", days, "a length in days above 0 and at most 3,653"));
    }
    if history.samples.is_empty() {
        return Err(ForecastError::EmptyHistory);
    }
    let samples: Vec<f64> = history.samples.iter().copied().filter(|s| s.is_finite() && *s >= 0.0).collect();
    let mut warnings = Vec::new();
    let left_out = history.samples.len() - samples.len();
    if left_out > 0 {
        warnings.push(format!("{left_out} past period(s) with a negative or missing amount were left out"));
    }
    if !samples.iter().any(|s| *s > 0.0) {
        return Err(ForecastError::NoProgress { periods: history.samples.len() });
    }
    if samples.len() < settings.min_history {
        warnings.push(format!(
            "only {} past period(s) in the history (fewer than {}): the forecast is rough",
            samples.len(),
            settings.min_history
        ));
    }
    Ok(Prepared {
        samples,
        period_ms: (days * DAY_MS as f64).round() as i64,
        next_start: history.next_start,
        warnings,
    })
}

impl Prepared {
    /// The last day of forecast period `periods` (see the module doc).
    fn period_date(&self, periods: usize) -> String {
        let end = (periods as i64).saturating_mul(self.period_ms).saturating_add(self.next_start);
        iso_day(end.saturating_sub(1))
    }

    /// Whole periods that end by the end of `date`'s UTC day.
    fn periods_by(&self, date: i64) -> usize {
        let day_end = DateTime::from_timestamp_millis(date)
            .and_then(|time| time.date_naive().checked_add_days(Days::new(1)))
            .and_then(|day| day.and_hms_opt(0, 0, 0))
            .map_or(date, |midnight| midnight.and_utc().timestamp_millis());
        let span = day_end.saturating_sub(self.next_start);
        if span <= 0 { 0 } else { usize::try_from(span / self.period_ms).unwrap_or(usize::MAX) }
    }

    fn not_done_warning(&mut self, not_done: usize, trials: usize, max_periods: usize) {
        if not_done > 0 {
            self.warnings
                .push(format!("{not_done} of {trials} trials were not done within {max_periods} periods"));
        }
    }
}

fn check_amount(name: &'static str, amount: f64) -> Result<(), ForecastError> {
    if amount.is_finite() && amount >= 0.0 {
        Ok(())
    } else {
        Err(bad(name, amount, "an amount of 0 or more"))
    }
}

/// When will `amount` (points or items) be done: periods and dates at each confidence level.
pub fn forecast_amount(
    history: &History<'_>,
    amount: f64,
    settings: &ForecastSettings,
) -> Result<ForecastReport, ForecastError> {
    check_amount("amount", amount)?;
    forecast(history, amount, &[], settings)
}

/// When will each item of a ranked backlog be done (the cut line at 50% and 85%), and the whole
/// backlog at each confidence level. `items` are in rank order.
pub fn forecast_backlog(
    history: &History<'_>,
    items: &[BacklogItem],
    settings: &ForecastSettings,
) -> Result<ForecastReport, ForecastError> {
    if let Some(item) = items.iter().find(|item| !(item.size.is_finite() && item.size >= 0.0)) {
        return Err(ForecastError::BadSize { key: item.key.clone(), size: item.size });
    }
    let total = items.iter().map(|item| item.size).sum();
    forecast(history, total, items, settings)
}

fn forecast(
    history: &History<'_>,
    amount: f64,
    items: &[BacklogItem],
    settings: &ForecastSettings,
) -> Result<ForecastReport, ForecastError> {
    let mut prepared = prepare(history, settings)?;
    let scale = 1.0 + settings.margin;
    let target = amount * scale;
    let trials = simulate::cumulative_trials(
        &prepared.samples,
        target,
        settings.trials,
        settings.seed,
        settings.max_periods,
    );
    // A trial that never got there sorts after every finished one.
    let not_done_rank = (settings.max_periods + 1) as f64;
    let mut periods: Vec<f64> = trials
        .iter()
        .map(|cumulative| simulate::periods_to_reach(cumulative, target).map_or(not_done_rank, |p| p as f64))
        .collect();
    periods.sort_by(f64::total_cmp);
    let not_done = periods.iter().filter(|p| **p >= not_done_rank).count();
    let percentiles = settings
        .percentiles
        .iter()
        .map(|percent| {
            let periods = stats::nearest_rank_of_sorted(&periods, *percent)
                .filter(|p| *p < not_done_rank)
                .map(|p| p as usize);
            PeriodPercentile { percent: *percent, periods, date: periods.map(|p| prepared.period_date(p)) }
        })
        .collect();
    let finish_histogram = finish_histogram(&prepared, &periods, not_done_rank);
    let items = cut_line(&prepared, &trials, items, scale);
    prepared.not_done_warning(not_done, settings.trials, settings.max_periods);
    Ok(ForecastReport {
        amount,
        amount_with_margin: target,
        margin: settings.margin,
        trials: settings.trials,
        seed: settings.seed,
        history_periods: prepared.samples.len(),
        period_days: history.period_days,
        next_start: iso_day(prepared.next_start),
        max_periods: settings.max_periods,
        not_done_trials: not_done,
        percentiles,
        finish_histogram,
        items,
        warnings: prepared.warnings,
    })
}

/// Counts the finished trials per period count, from the sorted period counts (a run of equal
/// counts is one bar); counts at `not_done_rank` (not done) are left out.
fn finish_histogram(prepared: &Prepared, sorted_periods: &[f64], not_done_rank: f64) -> Vec<FinishCount> {
    sorted_periods
        .chunk_by(|a, b| a == b)
        .filter(|run| run.first().is_some_and(|periods| *periods < not_done_rank))
        .map(|run| {
            let periods = run.first().map_or(0, |periods| *periods as usize);
            FinishCount { periods, date: prepared.period_date(periods), trials: run.len() }
        })
        .collect()
}

/// Each item's period at 50% and 85%, from the trials' cumulative amounts.
fn cut_line(
    prepared: &Prepared,
    trials: &[Vec<f64>],
    items: &[BacklogItem],
    scale: f64,
) -> Vec<ItemForecast> {
    if items.is_empty() {
        return Vec::new();
    }
    let rank_amounts =
        |percent| simulate::rank_amount_by_period(trials, stats::nearest_rank(trials.len(), percent));
    let (at_50, at_85) = (rank_amounts(50.0), rank_amounts(85.0));
    let mut cumulative_size = 0.0;
    items
        .iter()
        .map(|item| {
            cumulative_size += item.size;
            let threshold = cumulative_size * scale;
            let period_50 = simulate::period_from_rank_amounts(&at_50, threshold);
            let period_85 = simulate::period_from_rank_amounts(&at_85, threshold);
            ItemForecast {
                key: item.key.clone(),
                size: item.size,
                cumulative_size,
                period_50,
                date_50: period_50.map(|p| prepared.period_date(p)),
                period_85,
                date_85: period_85.map(|p| prepared.period_date(p)),
            }
        })
        .collect()
}

/// How much will be done by `date` (UTC ms; its whole day counts): at each confidence level c,
/// the amount done at least with probability c.
pub fn amount_by(
    history: &History<'_>,
    date: i64,
    settings: &ForecastSettings,
) -> Result<AmountReport, ForecastError> {
    let mut prepared = prepare(history, settings)?;
    let periods = prepared.periods_by(date);
    if periods > settings.max_periods {
        return Err(ForecastError::DateTooFar { periods, max_periods: settings.max_periods });
    }
    if periods == 0 {
        prepared
            .warnings
            .push(format!("no whole period ends by {}: nothing is forecast to be done", iso_day(date)));
    }
    let mut amounts = simulate::amounts_after(&prepared.samples, periods, settings.trials, settings.seed);
    amounts.sort_by(f64::total_cmp);
    let scale = 1.0 + settings.margin;
    let percentiles = settings
        .percentiles
        .iter()
        .map(|percent| AmountPercentile {
            percent: *percent,
            // "At least this much with c%": the (100 − c)-th percentile; c = 100 is the minimum.
            amount: stats::nearest_rank_of_sorted(&amounts, 100.0 - percent).unwrap_or(0.0) / scale,
        })
        .collect();
    Ok(AmountReport {
        date: iso_day(date),
        periods,
        margin: settings.margin,
        trials: settings.trials,
        seed: settings.seed,
        percentiles,
        warnings: prepared.warnings,
    })
}

/// The probability that `amount` is done by `date` (UTC ms; its whole day counts).
pub fn probability_by(
    history: &History<'_>,
    amount: f64,
    date: i64,
    settings: &ForecastSettings,
) -> Result<ProbabilityReport, ForecastError> {
    check_amount("amount", amount)?;
    let mut prepared = prepare(history, settings)?;
    let periods = prepared.periods_by(date);
    let target = amount * (1.0 + settings.margin);
    // Trials need not run past the date: a trial not done by then counts as not done.
    let horizon = periods.min(settings.max_periods);
    let trials =
        simulate::cumulative_trials(&prepared.samples, target, settings.trials, settings.seed, horizon);
    let done =
        trials.iter().filter(|cumulative| simulate::periods_to_reach(cumulative, target).is_some()).count();
    if periods > settings.max_periods {
        prepared.warnings.push(format!(
            "the date is {periods} periods ahead; trials ran {} periods, so the probability is a lower bound",
            settings.max_periods
        ));
    }
    Ok(ProbabilityReport {
        amount,
        amount_with_margin: target,
        date: iso_day(date),
        periods,
        probability: done as f64 / settings.trials as f64,
        trials: settings.trials,
        seed: settings.seed,
        warnings: prepared.warnings,
    })
}

/// Coverage: periods of ready work at the mean past amount per period (ready points / mean
/// velocity). `None` when there is no valid history or its mean is 0, or `ready` is not a
/// number of 0 or more.
pub fn coverage(ready: f64, samples: &[f64]) -> Option<f64> {
    let mean = stats::mean(samples)?;
    (ready.is_finite() && ready >= 0.0 && mean > 0.0).then(|| ready / mean)
}

#[cfg(test)]
mod tests;
