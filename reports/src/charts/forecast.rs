//! Forecast: the share of Monte Carlo trials finishing in each period (a histogram of the
//! finish period), with vertical lines at the 50%, 85% and 95% answers. Periods without a
//! finishing trial between the first and the last are shown as empty slots, so the x axis is
//! even; trials not done within `max_periods` have no bar (the title says how many).

use plotters::coord::Shift;
use plotters::prelude::*;

use refine_engine::forecast::ForecastReport;

use super::layout::{self, Categories, DrawResult, Frame, LegendEntry, Mark};
use super::{Chart, palette};

/// The confidence levels drawn as lines.
const LINES: [f64; 3] = [50.0, 85.0, 95.0];

/// The forecast histogram.
#[derive(Debug, Clone, PartialEq)]
pub struct ForecastChart {
    title: String,
    x_desc: String,
    trials: usize,
    /// The first period of the axis.
    first_period: usize,
    /// Share of trials (%) per period from `first_period` on.
    shares: Vec<f64>,
    /// (percent, period, date) of each line.
    lines: Vec<(f64, usize, String)>,
}

/// The histogram of a forecast's finish periods.
pub fn forecast(report: &ForecastReport) -> ForecastChart {
    let first_period = report.finish_histogram.first().map_or(0, |bar| bar.periods);
    let last_period = report.finish_histogram.last().map_or(0, |bar| bar.periods);
    let slots =
        if report.finish_histogram.is_empty() { 0 } else { last_period + 1 - first_period.min(last_period) };
    let mut shares = vec![0.0; slots];
    let trials = report.trials.max(1) as f64;
    for bar in &report.finish_histogram {
        if let Some(share) = shares.get_mut(bar.periods.saturating_sub(first_period)) {
            *share = 100.0 * bar.trials as f64 / trials;
        }
    }
    let lines = LINES
        .iter()
        .filter_map(|wanted| {
            let percentile = report.percentiles.iter().find(|p| p.percent == *wanted)?;
            Some((*wanted, percentile.periods?, percentile.date.clone()?))
        })
        .collect();
    let not_done = if report.not_done_trials > 0 {
        format!("; {} not done within {} periods", report.not_done_trials, report.max_periods)
    } else {
        String::new()
    };
    ForecastChart {
        title: format!(
            "Forecast: when {} (+{}% margin) is done, {} trials{not_done}",
            layout::number(report.amount),
            layout::number(report.margin * 100.0),
            report.trials
        ),
        x_desc: format!(
            "Periods to finish ({} days each, from {})",
            layout::number(report.period_days),
            report.next_start
        ),
        trials: report.trials,
        first_period,
        shares,
        lines,
    }
}

impl Chart for ForecastChart {
    fn name(&self) -> &'static str {
        "forecast"
    }

    fn title(&self) -> &str {
        &self.title
    }

    fn description(&self) -> String {
        if self.lines.is_empty() {
            return format!("{} simulated futures; none of the confidence levels is reached.", self.trials);
        }
        let answers: Vec<String> = self
            .lines
            .iter()
            .map(|(percent, periods, date)| {
                format!("{}% done within {periods} periods (by {date})", layout::number(*percent))
            })
            .collect();
        format!("{} simulated futures; {}.", self.trials, answers.join(", "))
    }

    fn how_to_read(&self) -> String {
        let promise = self
            .lines
            .iter()
            .find(|(percent, _, _)| *percent == 85.0)
            .map(|(_, _, date)| format!(" ({date})"))
            .unwrap_or_default();
        format!(
            "Each bar is the share of {} simulated futures, drawn from the team's past pace, that \
             finish the work in that many periods. The coloured lines mark the 50%, 85% and 95% \
             answers: promise the 85% date{promise}, as the 50% date is a coin toss. Bars spread \
             wide mean the pace is unpredictable.",
            self.trials
        )
    }

    fn is_empty(&self) -> bool {
        self.shares.is_empty()
    }

    fn legend(&self) -> Vec<LegendEntry> {
        let mut entries =
            vec![LegendEntry::new(Mark::Box, palette::PLANNED, "Trials finishing in the period")];
        entries.extend(self.lines.iter().zip(palette::CONFIDENCE).map(
            |((percent, periods, date), color)| {
                LegendEntry::new(
                    Mark::Line,
                    color,
                    format!("{}%: {periods} periods, by {date}", layout::number(*percent)),
                )
            },
        ));
        entries
    }

    fn draw_plot<DB: DrawingBackend>(&self, area: &DrawingArea<DB, Shift>) -> DrawResult<DB> {
        let names = (0..self.shares.len()).map(|index| (self.first_period + index).to_string()).collect();
        let labels = Categories::new(names, 20, 6);
        let top = layout::axis_top(self.shares.iter().copied());
        let frame = Frame {
            x_desc: &self.x_desc,
            y_desc: "Trials (%)",
            x: labels.range(),
            y: 0.0..top,
            y_label_width: 60,
        };
        let Some(mut plot) = frame.build(area, Some(&labels), None)? else { return Ok(()) };
        let bars = self
            .shares
            .iter()
            .enumerate()
            .filter(|(_, share)| **share > 0.0)
            .map(|(index, share)| layout::bar(index as f64, 0.8, 0.0, *share, palette::PLANNED));
        plot.draw_series(bars)?;
        // Lines a little apart, so that two confidence levels in the same period both show.
        let offsets = [-0.1, 0.0, 0.1];
        for (((_, periods, _), color), offset) in self.lines.iter().zip(palette::CONFIDENCE).zip(offsets) {
            let x = periods.saturating_sub(self.first_period) as f64 + offset;
            let line = PathElement::new(vec![(x, 0.0), (x, top)], color.stroke_width(2));
            plot.draw_series(std::iter::once(line))?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]

    use super::*;
    use crate::charts::test_support::{Svg, svg_of};
    use refine_engine::forecast::{ForecastSettings, History, forecast_amount};

    /// Monday 2026-01-05 00:00 UTC.
    const NEXT_START: i64 = 1_767_571_200_000;

    #[test]
    fn bars_per_finish_period_and_three_confidence_lines() {
        // 5 or 15 points a sprint, 20 to do: done in 2 (¾), 3 (⅛) or 4 sprints (⅛);
        // p50 → 2, p85 → 3, p95 → 4 (engine/src/forecast/tests.rs).
        let history = History { samples: &[5.0, 15.0], period_days: 14.0, next_start: NEXT_START };
        let settings = ForecastSettings { margin: 0.0, ..ForecastSettings::default() };
        let report = forecast_amount(&history, 20.0, &settings).unwrap();
        let svg = Svg::parse(&svg_of(&forecast(&report)));
        assert_eq!(svg.filled("rect", palette::PLANNED), 3 + 1, "3 periods + the legend swatch");
        for color in palette::CONFIDENCE {
            assert_eq!(svg.stroked("polyline", color), 2, "a line and its swatch");
        }
        svg.assert_texts(&["Trials (%)", "Periods to finish (14 days each, from 2026-01-05)"]);
        svg.assert_texts(&["50%: 2 periods, by 2026-02-01", "95%: 4 periods, by 2026-03-01", "2", "3", "4"]);
        svg.assert_texts(&["Forecast: when 20 (+0% margin) is done, 10000 trials"]);
    }

    #[test]
    fn a_forecast_where_no_trial_finishes_says_no_data() {
        let history = History { samples: &[0.5], period_days: 7.0, next_start: NEXT_START };
        let settings = ForecastSettings { max_periods: 3, trials: 10, ..ForecastSettings::default() };
        let report = forecast_amount(&history, 10.0, &settings).unwrap();
        let svg = Svg::parse(&svg_of(&forecast(&report)));
        svg.assert_texts(&["No data"]);
    }
}
