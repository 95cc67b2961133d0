//! Throughput run chart: items finished per ISO week as bars, with the median week as the run
//! chart's centre line, labelled in the legend (a label on the line would cover bars). Weeks with nothing finished are bars of zero (the flow report lists
//! every week from the first finished item to the as-of date).

use plotters::coord::Shift;
use plotters::prelude::*;

use refine_engine::flow::ThroughputWeek;
use refine_engine::model::stats;

use super::layout::{self, Categories, DrawResult, Frame, LegendEntry, Mark};
use super::{Chart, palette};

/// The throughput run chart.
#[derive(Debug, Clone, PartialEq)]
pub struct ThroughputRunChart {
    /// (Monday of the week, items finished), oldest first.
    weeks: Vec<(String, usize)>,
    /// The median of the weekly counts (the mean of the two middle weeks for an even count).
    median: Option<f64>,
}

/// The run chart of a flow report's weekly throughput (`FlowReport::throughput`).
pub fn throughput_run_chart(weeks: &[ThroughputWeek]) -> ThroughputRunChart {
    let counts: Vec<f64> = weeks.iter().map(|week| week.items as f64).collect();
    ThroughputRunChart {
        weeks: weeks.iter().map(|week| (week.week_start.to_string(), week.items)).collect(),
        median: stats::median(&counts),
    }
}

impl ThroughputRunChart {
    /// `Median: 3 items per week`.
    fn median_label(&self) -> String {
        let median = self.median.map(layout::number).unwrap_or_default();
        format!("Median: {median} items per week")
    }
}

impl Chart for ThroughputRunChart {
    fn name(&self) -> &'static str {
        "throughput_run_chart"
    }

    fn title(&self) -> &str {
        "Throughput: items finished per week"
    }

    fn description(&self) -> String {
        let (Some((first, _)), Some((last, _)), Some(median)) =
            (self.weeks.first(), self.weeks.last(), self.median)
        else {
            return "No week with finished items.".to_owned();
        };
        let finished: usize = self.weeks.iter().map(|(_, items)| items).sum();
        format!(
            "{} weeks from {first} to {last}: {finished} items finished, a median of {} a week.",
            self.weeks.len(),
            layout::number(median)
        )
    }

    fn how_to_read(&self) -> String {
        let median = self.median.map(|median| format!(" ({})", layout::number(median))).unwrap_or_default();
        format!(
            "Each bar is the number of items finished in one week. The line is the median week{median}: \
             about half the weeks are above it and half below. Six or more weeks in a row on the same \
             side of the line, or a long run of rising or falling bars, is a real change of pace \
             rather than noise."
        )
    }

    fn is_empty(&self) -> bool {
        self.weeks.is_empty()
    }

    fn legend(&self) -> Vec<LegendEntry> {
        vec![
            LegendEntry::new(Mark::Box, palette::COMPLETED, "Items finished in the week"),
            LegendEntry::new(Mark::Line, palette::TREND, self.median_label()),
        ]
    }

    fn draw_plot<DB: DrawingBackend>(&self, area: &DrawingArea<DB, Shift>) -> DrawResult<DB> {
        let labels = Categories::new(self.weeks.iter().map(|(week, _)| week.clone()).collect(), 8, 10);
        let top = layout::axis_top(self.weeks.iter().map(|(_, items)| *items as f64));
        let x = labels.range();
        let frame = Frame {
            x_desc: "Week starting (Monday)",
            y_desc: "Items finished",
            x: x.clone(),
            y: 0.0..top,
            y_label_width: 60,
        };
        let Some(mut plot) = frame.build(area, Some(&labels), None)? else { return Ok(()) };
        let bars =
            self.weeks.iter().enumerate().filter(|(_, (_, items))| *items > 0).map(|(index, (_, items))| {
                layout::bar(index as f64, 0.7, 0.0, *items as f64, palette::COMPLETED)
            });
        plot.draw_series(bars)?;
        if let Some(median) = self.median {
            let line =
                PathElement::new(vec![(x.start, median), (x.end, median)], palette::TREND.stroke_width(2));
            plot.draw_series(std::iter::once(line))?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::charts::test_support::{Svg, svg_of};
    use refine_engine::model::dates::{iso_week_label, millis_date};

    fn weeks(counts: &[usize]) -> Vec<ThroughputWeek> {
        // Mondays from 2026-01-05 (day 20,458 since the epoch).
        counts
            .iter()
            .enumerate()
            .map(|(index, items)| {
                let monday = millis_date((20_458 + 7 * index as i64) * 86_400_000).unwrap_or_default();
                ThroughputWeek {
                    week: iso_week_label(monday),
                    week_start: monday,
                    items: *items,
                    worked_items: 0,
                }
            })
            .collect()
    }

    #[test]
    fn a_bar_per_week_with_items_and_the_median_line() {
        // Sorted 0, 1, 3, 4, 6: the median is 3.
        let chart = throughput_run_chart(&weeks(&[4, 0, 3, 6, 1]));
        assert_eq!(chart.median, Some(3.0));
        let svg = Svg::parse(&svg_of(&chart));
        assert_eq!(svg.filled("rect", palette::COMPLETED), 4 + 1, "no bar for the empty week");
        assert_eq!(svg.stroked("polyline", palette::TREND), 2, "the centre line and its swatch");
        svg.assert_texts(&["Throughput: items finished per week", "Median: 3 items per week"]);
        svg.assert_texts(&["Week starting (Monday)", "Items finished", "2026-01-05"]);
        assert_eq!(
            chart.description(),
            "5 weeks from 2026-01-05 to 2026-02-02: 14 items finished, a median of 3 a week."
        );
        assert!(chart.how_to_read().contains("The line is the median week (3)"));
    }

    #[test]
    fn an_even_count_of_weeks_has_the_mean_of_the_middle_two_as_median() {
        // Sorted 1, 2, 5, 8: (2 + 5) / 2 = 3.5.
        assert_eq!(throughput_run_chart(&weeks(&[8, 1, 5, 2])).median, Some(3.5));
    }

    #[test]
    fn the_centre_line_sits_at_the_median() {
        // Counts 2 and 4: median 3, the y axis runs 0 to 4.4 (4 × 1.1), so the line is 3/4.4 of
        // the way up the plot; the plot's top and bottom are where the y grid ends.
        let text = svg_of(&throughput_run_chart(&weeks(&[2, 4])));
        let document = roxmltree::Document::parse(&text).unwrap_or_else(|error| panic!("{error}"));
        let number = |node: roxmltree::Node, name: &str| -> f64 {
            node.attribute(name).and_then(|value| value.parse().ok()).unwrap_or(f64::NAN)
        };
        let line = document
            .descendants()
            .find(|node| {
                node.has_tag_name("polyline")
                    && node.attribute("stroke") == Some("#D55E00")
                    && node.attribute("stroke-width") == Some("2")
            })
            .and_then(|node| node.attribute("points").map(str::to_owned))
            .unwrap_or_default();
        let y: f64 = line.split([',', ' ']).nth(1).and_then(|value| value.parse().ok()).unwrap_or(f64::NAN);
        let bars: Vec<(f64, f64)> = document
            .descendants()
            .filter(|node| node.has_tag_name("rect") && node.attribute("fill") == Some("#0072B2"))
            .skip(1)
            .map(|node| (number(node, "y"), number(node, "height")))
            .collect();
        // Both bars stand on the x axis: bottom = y + height; the bar of 4 is 4/4.4 of the plot.
        let bottom = bars[0].0 + bars[0].1;
        let plot_height = bars[1].1 * 4.4 / 4.0;
        assert!((y - (bottom - plot_height * 3.0 / 4.4)).abs() <= 1.0, "line at {y}, bars {bars:?}");
        assert!((bars[0].1 - plot_height * 2.0 / 4.4).abs() <= 1.0);
    }

    #[test]
    fn no_weeks_say_no_data() {
        let chart = throughput_run_chart(&[]);
        Svg::parse(&svg_of(&chart)).assert_texts(&["No data"]);
        assert_eq!(chart.description(), "No week with finished items.");
    }

    #[test]
    fn small_svg() {
        insta::assert_snapshot!(
            crate::charts::to_svg(
                &throughput_run_chart(&weeks(&[4, 0, 3, 6, 1])),
                crate::charts::Size { width: 400, height: 240 }
            )
            .unwrap_or_default()
        );
    }
}
