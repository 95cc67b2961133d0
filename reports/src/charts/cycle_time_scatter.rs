//! Cycle-time scatterplot (as in ActionableAgile and JiraMetrics): one dot per finished item
//! with a cycle time, across by the day it was finished, up by its cycle time in days, with
//! horizontal lines at the 50th, 70th, 85th and 95th percentile of cycle time. Items finished
//! without ever being in progress have no cycle time and no dot.

use plotters::coord::Shift;
use plotters::prelude::*;

use refine_engine::flow::{DurationSummary, FinishedItem, FlowReport};

use super::date_axis::{self, DateAxis};
use super::layout::{self, DrawResult, Frame, LegendEntry, Mark};
use super::percentiles::{self, PercentileLine};
use super::{Chart, palette};

/// The cycle-time scatterplot.
#[derive(Debug, Clone, PartialEq)]
pub struct CycleTimeScatterChart {
    /// (day finished, cycle time in days) per item, as date-axis positions.
    points: Vec<(f64, f64)>,
    lines: Vec<PercentileLine>,
}

/// The cycle-time scatterplot of a flow report's finished items, with its cycle-time
/// percentiles.
pub fn cycle_time_scatter(flow: &FlowReport) -> CycleTimeScatterChart {
    scatter_of(flow.finished.iter(), &flow.cycle_time)
}

/// The scatterplot of finished items with the given cycle-time percentiles.
fn scatter_of<'a>(
    finished: impl IntoIterator<Item = FinishedItem<'a>>,
    cycle_time: &DurationSummary,
) -> CycleTimeScatterChart {
    let points = finished
        .into_iter()
        .filter_map(|item| {
            let days = item.cycle_time_days.filter(|days| days.is_finite())?;
            Some((date_axis::day_number(item.done?.millis()), days))
        })
        .collect();
    CycleTimeScatterChart { points, lines: percentiles::lines(cycle_time) }
}

impl CycleTimeScatterChart {
    /// The first and last day an item was finished.
    fn finish_span(&self) -> Option<(f64, f64)> {
        let days = self.points.iter().map(|(day, _)| *day);
        let first = days.clone().reduce(f64::min)?;
        Some((first, days.fold(first, f64::max)))
    }
}

impl Chart for CycleTimeScatterChart {
    fn name(&self) -> &'static str {
        "cycle_time_scatter"
    }

    fn title(&self) -> &str {
        "Cycle time: days from start to done per finished item"
    }

    fn description(&self) -> String {
        let Some((first, last)) = self.finish_span() else {
            return "No finished item has a cycle time.".to_owned();
        };
        let within = percentiles::days_at(&self.lines, 85.0)
            .map(|days| format!("; 85% finished within {}", layout::days(days)))
            .unwrap_or_default();
        format!(
            "{} finished items with a cycle time, finished from {} to {}{within}.",
            self.points.len(),
            date_axis::date_of(first),
            date_axis::date_of(last)
        )
    }

    fn how_to_read(&self) -> String {
        let promise = percentiles::days_at(&self.lines, 85.0).map_or_else(
            || {
                "The lines are percentiles: the share of items that finished within that many days."
                    .to_owned()
            },
            |days| {
                format!(
                    "The lines are percentiles: 85% of items finished within {}, so once an item \
                     is started that is a fair answer to \"when will it be done?\".",
                    layout::days(days)
                )
            },
        );
        format!(
            "Each dot is a finished item: how many days it took from start to done (up) and when \
             it was finished (across). {promise} Dots far above the top line are worth a look back; \
             dots creeping upwards over time mean work is slowing down."
        )
    }

    fn is_empty(&self) -> bool {
        self.points.is_empty()
    }

    fn legend(&self) -> Vec<LegendEntry> {
        let mut entries = vec![LegendEntry::new(Mark::Dot, palette::COMPLETED, "Finished item")];
        entries.extend(self.lines.iter().map(|line| LegendEntry::new(Mark::Line, line.color, line.label())));
        entries
    }

    fn draw_plot<DB: DrawingBackend>(&self, area: &DrawingArea<DB, Shift>) -> DrawResult<DB> {
        let Some((first, last)) = self.finish_span() else { return Ok(()) };
        let top = layout::axis_top(
            self.points.iter().map(|(_, days)| *days).chain(self.lines.iter().map(|line| line.days)),
        );
        let x = date_axis::range(first, last);
        let frame = Frame {
            x_desc: "Finished (date)",
            y_desc: "Cycle time (days)",
            x: x.clone(),
            y: 0.0..top,
            y_label_width: 60,
        };
        let Some(mut plot) = frame.build(area, Some(&DateAxis), None)? else { return Ok(()) };
        let dots = self.points.iter().map(|point| Circle::new(*point, 3, palette::COMPLETED.filled()));
        plot.draw_series(dots)?;
        percentiles::draw_lines(&mut plot, &self.lines, &x)?;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::charts::test_support::{Svg, svg_of};
    use refine_engine::flow::FinishPath;
    use refine_engine::model::dates::{DAY_MS, Timestamp};

    /// Monday 2026-01-05 00:00 UTC: day 20,458.
    const JAN_5: i64 = 20_458 * DAY_MS;

    fn finished(key: &str, done_day: i64, cycle_time_days: Option<f64>) -> FinishedItem<'_> {
        FinishedItem {
            key,
            title: None,
            started: None,
            done: Timestamp::new(JAN_5 + done_day * DAY_MS),
            path: if cycle_time_days.is_some() { FinishPath::Worked } else { FinishPath::WithoutProgress },
            cycle_time_days,
            lead_time_days: None,
        }
    }

    /// Cycle times 1 to 10 days, finished on days 0 to 9, and one item closed from to-do.
    fn chart() -> CycleTimeScatterChart {
        let mut items: Vec<FinishedItem> =
            (0..10).map(|day| finished("A-1", day, Some(day as f64 + 1.0))).collect();
        items.push(finished("A-2", 3, None));
        let cycle_times: Vec<f64> = (1..=10).map(f64::from).collect();
        scatter_of(items, &DurationSummary::of(&cycle_times, &[50.0, 70.0, 85.0, 95.0]))
    }

    #[test]
    fn a_dot_per_item_with_a_cycle_time_and_four_percentile_lines() {
        let chart = chart();
        assert_eq!(chart.points.first(), Some(&(20_458.0, 1.0)));
        assert_eq!(chart.points.len(), 10, "the item closed from to-do has no dot");
        let svg = Svg::parse(&svg_of(&chart));
        assert_eq!(svg.filled("circle", palette::COMPLETED), 10 + 1, "10 items + the legend dot");
        for color in palette::PERCENTILES {
            assert_eq!(svg.stroked("polyline", color), 2, "a line and its swatch");
        }
        // Nearest rank over 1..=10: p50 = 5, p70 = 7, p85 = 9, p95 = 10.
        svg.assert_texts(&["50%: 5 days", "70%: 7 days", "85%: 9 days", "95%: 10 days", "85%"]);
        svg.assert_texts(&["Finished (date)", "Cycle time (days)", "Finished item"]);
        assert_eq!(
            chart.description(),
            "10 finished items with a cycle time, finished from 2026-01-05 to 2026-01-14; 85% \
             finished within 9 days."
        );
        assert!(chart.how_to_read().contains("85% of items finished within 9 days"));
    }

    #[test]
    fn the_dots_sit_where_their_day_and_cycle_time_put_them() {
        // Axis: days 20,458 − 1 to 20,467 + 1 (a day of room: 3% of 9 days is less), cycle
        // time 0 to 11 (10 × 1.1). At 800 × 400 the plot spans x 70–779 (60 px of y labels
        // and a 10 px margin on the left, 20 px on the right) and y 60–344 (under the title
        // and the one-row legend, above 45 px of x labels and the margin), so the first dot
        // (day 20,458, 1 day) is 1/11 of the way across and 1/11 of the way up: (134.5, 318.2).
        let text = svg_of(&chart());
        let document = roxmltree::Document::parse(&text).unwrap_or_else(|error| panic!("{error}"));
        let dots: Vec<(f64, f64)> = document
            .descendants()
            .filter(|node| node.has_tag_name("circle") && node.attribute("fill") == Some("#0072B2"))
            .map(|node| {
                let at = |name| {
                    node.attribute(name).and_then(|value: &str| value.parse().ok()).unwrap_or(f64::NAN)
                };
                (at("cx"), at("cy"))
            })
            .collect();
        let (first, last) = (dots[1], dots[10]);
        let (left, right, top, bottom) = (70.0, 779.0, 60.0, 344.0);
        let expected_x = |day: f64| left + (right - left) * (day + 1.0) / 11.0;
        let expected_y = |days: f64| bottom - (bottom - top) * days / 11.0;
        assert!(
            (first.0 - expected_x(0.0)).abs() <= 1.5 && (first.1 - expected_y(1.0)).abs() <= 1.5,
            "{first:?}"
        );
        assert!(
            (last.0 - expected_x(9.0)).abs() <= 1.5 && (last.1 - expected_y(10.0)).abs() <= 1.5,
            "{last:?}"
        );
    }

    #[test]
    fn no_item_with_a_cycle_time_says_no_data() {
        let chart = scatter_of([finished("A-2", 3, None)], &DurationSummary::of(&[], &[85.0]));
        Svg::parse(&svg_of(&chart)).assert_texts(&["No data"]);
        assert_eq!(chart.description(), "No finished item has a cycle time.");
    }

    #[test]
    fn small_svg() {
        insta::assert_snapshot!(
            crate::charts::to_svg(&chart(), crate::charts::Size { width: 400, height: 240 })
                .unwrap_or_default()
        );
    }
}
