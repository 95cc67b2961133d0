//! The forecast over the ranked backlog: across, the date; up, the ranked backlog's size added
//! up in rank order. Two step lines show how much of it is done by each date at 50% and at 85%
//! confidence (each item's cut line, `ItemForecast::date_50` / `date_85`: an item counts as
//! done from the last day of the period it is done in). A grey line marks the whole backlog,
//! and vertical lines the 50% and 85% dates when all of it is done. So a reader finds an item's
//! cumulative size, reads across to a line and down to its date; the keys of the last item
//! landing at some of the 85% steps are written at the steps.
//!
//! The engine gives the items in rank order, so their cut lines never go back in time; items
//! not done within the forecast's periods have no date and the lines stay below them.

use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

use refine_engine::forecast::{ForecastReport, ItemForecast};

use super::date_axis::{self, DateAxis};
use super::layout::{self, DrawResult, Frame, LegendEntry, Mark};
use super::{Chart, palette};

/// The most item keys written along the 85% line.
const MAX_KEYS: usize = 8;
/// Longest key written.
const MAX_KEY: usize = 14;

/// The forecast over the ranked backlog.
#[derive(Debug, Clone, PartialEq)]
pub struct BacklogForecastChart {
    /// The day before the first forecast period (nothing is done yet).
    start: f64,
    /// How many items are ranked.
    items: usize,
    /// Their total size.
    total: f64,
    /// The period limit of a trial.
    max_periods: usize,
    /// At 50% and at 85% confidence.
    levels: [Level; 2],
}

/// One confidence level.
#[derive(Debug, Clone, PartialEq)]
struct Level {
    percent: f64,
    color: RGBColor,
    /// Where the done part rises, in date order.
    steps: Vec<Step>,
    /// When the whole backlog is done: (date-axis position, date).
    finish: Option<(f64, String)>,
}

/// The items done in one period at one confidence level.
#[derive(Debug, Clone, PartialEq)]
struct Step {
    day: f64,
    /// The cumulative size done by that day.
    cumulative: f64,
    /// The last item done by then.
    key: String,
}

/// The backlog forecast chart of a ranked backlog's forecast (`BacklogForecast::report`).
pub fn backlog_forecast(report: &ForecastReport) -> BacklogForecastChart {
    let start = date_axis::date_day_number(&report.next_start).map_or(0.0, |next_start| next_start - 1.0);
    let level = |percent: f64, color, date: fn(&ItemForecast) -> Option<&String>| {
        let finish = report
            .percentiles
            .iter()
            .find(|answer| answer.percent == percent)
            .and_then(|answer| answer.date.clone())
            .and_then(|date| Some((date_axis::date_day_number(&date)?, date)));
        Level { percent, color, steps: steps(&report.items, date), finish }
    };
    BacklogForecastChart {
        start,
        items: report.items.len(),
        total: report.items.last().map_or(0.0, |item| item.cumulative_size),
        max_periods: report.max_periods,
        levels: [
            level(50.0, palette::CONFIDENCE[0], |item| item.date_50.as_ref()),
            level(85.0, palette::CONFIDENCE[1], |item| item.date_85.as_ref()),
        ],
    }
}

/// The steps of one level: per date, the cumulative size and key of the last item done by it.
fn steps(items: &[ItemForecast], date: fn(&ItemForecast) -> Option<&String>) -> Vec<Step> {
    let mut steps: Vec<Step> = Vec::new();
    for item in items {
        let Some(day) = date(item).and_then(|date| date_axis::date_day_number(date)) else { continue };
        let step = Step { day, cumulative: item.cumulative_size, key: item.key.clone() };
        match steps.last_mut() {
            Some(last) if last.day == day => *last = step,
            _ => steps.push(step),
        }
    }
    steps
}

impl Level {
    /// `Done at 85% confidence (all by 2027-03-01)`.
    fn label(&self, max_periods: usize) -> String {
        let all = match &self.finish {
            Some((_, date)) => format!("all by {date}"),
            None => format!("not all within {max_periods} periods"),
        };
        format!("Done at {}% confidence ({all})", layout::number(self.percent))
    }

    /// The step line from `start` (nothing done) to `end`.
    fn path(&self, start: f64, end: f64) -> Vec<(f64, f64)> {
        let mut path = vec![(start, 0.0)];
        let mut done = 0.0;
        for step in &self.steps {
            path.push((step.day, done));
            path.push((step.day, step.cumulative));
            done = step.cumulative;
        }
        path.push((end, done));
        path
    }
}

impl Chart for BacklogForecastChart {
    fn name(&self) -> &'static str {
        "backlog_forecast"
    }

    fn title(&self) -> &str {
        "Backlog forecast: how much of the ranked backlog is done by each date"
    }

    fn description(&self) -> String {
        let answers: Vec<String> = self
            .levels
            .iter()
            .map(|level| match &level.finish {
                Some((_, date)) => format!("by {date} at {}% confidence", layout::number(level.percent)),
                None => format!(
                    "not within {} periods at {}% confidence",
                    self.max_periods,
                    layout::number(level.percent)
                ),
            })
            .collect();
        format!(
            "{} ranked items of total size {}, all done {}.",
            self.items,
            layout::number(self.total),
            answers.join(" and ")
        )
    }

    fn how_to_read(&self) -> String {
        let first = self.levels[1].steps.first().map_or_else(String::new, |step| {
            format!(
                " At 85% confidence the first items, up to {}, are done by {}.",
                step.key,
                date_axis::date_of(step.day)
            )
        });
        format!(
            "The ranked backlog is stacked up the side in rank order, and the lines show how much \
             of it is done by each date: at 50% confidence (a coin toss) and at 85% (safer to \
             promise). To see when an item lands, find its cumulative size in the ranking, read \
             across to the 85% line and down to the date; the vertical lines mark when the whole \
             backlog is done.{first}"
        )
    }

    fn is_empty(&self) -> bool {
        self.items == 0
    }

    fn legend(&self) -> Vec<LegendEntry> {
        let mut entries: Vec<LegendEntry> = self
            .levels
            .iter()
            .map(|level| LegendEntry::new(Mark::Line, level.color, level.label(self.max_periods)))
            .collect();
        let total = format!("Whole ranked backlog ({})", layout::number(self.total));
        entries.push(LegendEntry::new(Mark::Line, palette::REFERENCE, total));
        entries
    }

    fn draw_plot<DB: DrawingBackend>(&self, area: &DrawingArea<DB, Shift>) -> DrawResult<DB> {
        let last = self
            .levels
            .iter()
            .flat_map(|level| {
                level.steps.iter().map(|step| step.day).chain(level.finish.as_ref().map(|f| f.0))
            })
            .fold(self.start, f64::max);
        let x = date_axis::range(self.start, last);
        let top = layout::axis_top([self.total]);
        let frame = Frame {
            x_desc: "Date (each line's step is a period's end)",
            y_desc: "Ranked backlog, cumulative size",
            x: x.clone(),
            y: 0.0..top,
            y_label_width: 60,
        };
        let Some(mut plot) = frame.build(area, Some(&DateAxis), None)? else { return Ok(()) };
        let total = PathElement::new(
            vec![(x.start, self.total), (x.end, self.total)],
            palette::REFERENCE.stroke_width(2),
        );
        plot.draw_series(std::iter::once(total))?;
        // The dates of the vertical lines go left of them, above the x axis: the step lines
        // have risen by then, so that corner is empty.
        let date_style = layout::label_font().pos(Pos::new(HPos::Right, VPos::Bottom));
        for (row, level) in self.levels.iter().enumerate() {
            plot.draw_series(std::iter::once(PathElement::new(
                level.path(self.start, x.end),
                level.color.stroke_width(2),
            )))?;
            if let Some((day, date)) = &level.finish {
                let mark = PathElement::new(vec![(*day, 0.0), (*day, top)], level.color.stroke_width(1));
                plot.draw_series(std::iter::once(mark))?;
                let offset = -3 - 16 * i32::try_from(1 - row.min(1)).unwrap_or(0);
                let label = format!("{}%: {date}", layout::number(level.percent));
                let text = EmptyElement::at((*day, 0.0)) + Text::new(label, (-4, offset), date_style.clone());
                plot.draw_series(std::iter::once(text))?;
            }
        }
        self.draw_keys(&mut plot)
    }
}

impl BacklogForecastChart {
    /// The key of the last item done at every few steps of the 85% line (at most
    /// [`MAX_KEYS`], always the last step), left of the step's top.
    fn draw_keys<'a, DB: DrawingBackend + 'a>(&self, plot: &mut layout::Plot<'a, DB>) -> DrawResult<DB> {
        let steps = &self.levels[1].steps;
        let stride = steps.len().div_ceil(MAX_KEYS).max(1);
        let style = layout::label_font().pos(Pos::new(HPos::Right, VPos::Bottom));
        let keys = steps
            .iter()
            .enumerate()
            .filter(|(index, _)| (steps.len() - 1 - index).is_multiple_of(stride))
            .map(|(_, step)| {
                EmptyElement::at((step.day, step.cumulative))
                    + Text::new(layout::shorten(&step.key, MAX_KEY), (-3, -2), style.clone())
            });
        plot.draw_series(keys)?;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::charts::test_support::{Svg, svg_of};
    use refine_engine::forecast::PeriodPercentile;

    fn item(key: &str, cumulative_size: f64, date_50: Option<&str>, date_85: Option<&str>) -> ItemForecast {
        ItemForecast {
            key: key.to_owned(),
            size: 0.0,
            cumulative_size,
            period_50: None,
            date_50: date_50.map(str::to_owned),
            period_85: None,
            date_85: date_85.map(str::to_owned),
        }
    }

    fn answer(percent: f64, date: Option<&str>) -> PeriodPercentile {
        PeriodPercentile { percent, periods: None, date: date.map(str::to_owned) }
    }

    /// Four items of sizes 3, 5, 2 and 8 in two-week periods from 2026-01-05.
    fn report() -> ForecastReport {
        ForecastReport {
            amount: 18.0,
            amount_with_margin: 18.0,
            margin: 0.0,
            trials: 100,
            seed: 1,
            history_periods: 6,
            period_days: 14.0,
            next_start: "2026-01-05".to_owned(),
            max_periods: 10,
            not_done_trials: 0,
            percentiles: vec![answer(50.0, Some("2026-02-15")), answer(85.0, None)],
            finish_histogram: Vec::new(),
            items: vec![
                item("A-1", 3.0, Some("2026-01-18"), Some("2026-01-18")),
                item("A-2", 8.0, Some("2026-01-18"), Some("2026-02-01")),
                item("A-3", 10.0, Some("2026-02-01"), Some("2026-02-15")),
                item("A-4", 18.0, Some("2026-02-15"), None),
            ],
            warnings: Vec::new(),
        }
    }

    #[test]
    fn steps_per_period_with_the_last_item_done_by_then() {
        let chart = backlog_forecast(&report());
        // 2026-01-05 is day 20,458: the start is the day before; 01-18 is 20,471.
        assert_eq!((chart.start, chart.items, chart.total), (20_457.0, 4, 18.0));
        let steps = |level: &Level| -> Vec<(f64, f64, String)> {
            level.steps.iter().map(|step| (step.day, step.cumulative, step.key.clone())).collect()
        };
        assert_eq!(
            steps(&chart.levels[0]),
            [(20_471.0, 8.0, "A-2".into()), (20_485.0, 10.0, "A-3".into()), (20_499.0, 18.0, "A-4".into())]
        );
        assert_eq!(
            steps(&chart.levels[1]),
            [(20_471.0, 3.0, "A-1".into()), (20_485.0, 8.0, "A-2".into()), (20_499.0, 10.0, "A-3".into())]
        );
        assert_eq!(
            chart.levels[1].path(chart.start, 20_500.0),
            [
                (20_457.0, 0.0),
                (20_471.0, 0.0),
                (20_471.0, 3.0),
                (20_485.0, 3.0),
                (20_485.0, 8.0),
                (20_499.0, 8.0),
                (20_499.0, 10.0),
                (20_500.0, 10.0)
            ]
        );
        assert_eq!(chart.levels[0].finish, Some((20_499.0, "2026-02-15".to_owned())));
    }

    #[test]
    fn two_step_lines_the_total_and_the_finish_mark() {
        let chart = backlog_forecast(&report());
        let svg = Svg::parse(&svg_of(&chart));
        // Step line + vertical finish mark + swatch at 50%; at 85% no finish, so line + swatch.
        assert_eq!(svg.stroked("polyline", palette::CONFIDENCE[0]), 3);
        assert_eq!(svg.stroked("polyline", palette::CONFIDENCE[1]), 2);
        assert_eq!(svg.stroked("polyline", palette::REFERENCE), 2, "the total and its swatch");
        svg.assert_texts(&["Done at 50% confidence (all by 2026-02-15)", "Whole ranked backlog (18)"]);
        svg.assert_texts(&["Done at 85% confidence (not all within 10 periods)", "50%: 2026-02-15"]);
        svg.assert_texts(&["A-1", "A-2", "A-3"]);
        assert_eq!(
            chart.description(),
            "4 ranked items of total size 18, all done by 2026-02-15 at 50% confidence and not within \
             10 periods at 85% confidence."
        );
        assert!(chart.how_to_read().ends_with("the first items, up to A-1, are done by 2026-01-18."));
    }

    #[test]
    fn keys_are_thinned_to_eight_ending_with_the_last_step() {
        // 20 items, one a period: 20 steps, every third key shown from the last: 19, 16, …, 1.
        let mut report = report();
        report.items = (0..20)
            .map(|index| {
                let date = date_axis::date_of(20_471.0 + 14.0 * f64::from(index));
                item(&format!("K-{index}"), f64::from(index + 1), Some(&date), Some(&date))
            })
            .collect();
        let svg = Svg::parse(&svg_of(&backlog_forecast(&report)));
        let keys: Vec<&String> = svg.texts().iter().filter(|text| text.starts_with("K-")).collect();
        assert_eq!(keys, ["K-1", "K-4", "K-7", "K-10", "K-13", "K-16", "K-19"]);
    }

    #[test]
    fn no_ranked_items_say_no_data() {
        let mut report = report();
        report.items.clear();
        Svg::parse(&svg_of(&backlog_forecast(&report))).assert_texts(&["No data"]);
    }

    #[test]
    fn small_svg() {
        insta::assert_snapshot!(
            crate::charts::to_svg(
                &backlog_forecast(&report()),
                crate::charts::Size { width: 400, height: 240 }
            )
            .unwrap_or_default()
        );
    }
}
