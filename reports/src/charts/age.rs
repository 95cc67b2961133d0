//! Backlog age: a histogram of the age in days of the open items. The bin width is the
//! smallest of 1, 2, 7, 14, 30, 60, 90, 180, 365 or 730 days that needs at most 20 bins, so
//! that a young backlog is shown by day and an old one by month or year. Negative and
//! non-finite ages are left out.

use plotters::coord::Shift;
use plotters::prelude::*;

use super::layout::{self, DrawResult, Frame, LegendEntry, Mark};
use super::{Chart, palette};

const BIN_WIDTHS: [f64; 10] = [1.0, 2.0, 7.0, 14.0, 30.0, 60.0, 90.0, 180.0, 365.0, 730.0];
const MAX_BINS: f64 = 20.0;

/// The backlog age histogram.
#[derive(Debug, Clone, PartialEq)]
pub struct BacklogAgeChart {
    /// Bin width in days.
    width: f64,
    /// Items per bin, from age 0.
    counts: Vec<usize>,
    items: usize,
    median: Option<f64>,
    oldest: f64,
}

/// The age histogram of open items, from their ages in days.
pub fn backlog_age(ages_days: &[f64]) -> BacklogAgeChart {
    let ages: Vec<f64> = ages_days.iter().copied().filter(|age| age.is_finite() && *age >= 0.0).collect();
    let oldest = ages.iter().copied().fold(0.0, f64::max);
    let width =
        BIN_WIDTHS.iter().copied().find(|width| oldest / width < MAX_BINS).unwrap_or(oldest / MAX_BINS);
    let mut counts = vec![0; if ages.is_empty() { 0 } else { (oldest / width).floor() as usize + 1 }];
    for age in &ages {
        if let Some(count) = counts.get_mut((age / width).floor() as usize) {
            *count += 1;
        }
    }
    let median = refine_engine::model::stats::median(&ages);
    BacklogAgeChart { width, counts, items: ages.len(), median, oldest }
}

impl Chart for BacklogAgeChart {
    fn name(&self) -> &'static str {
        "backlog_age"
    }

    fn title(&self) -> &str {
        "Backlog age: open items by age"
    }

    fn description(&self) -> String {
        match self.median {
            Some(median) => format!(
                "{} open items; half are older than {}, the oldest {}.",
                self.items,
                layout::days(median),
                layout::days(self.oldest)
            ),
            None => "No open item has an age.".to_owned(),
        }
    }

    fn how_to_read(&self) -> String {
        "Each bar counts the open items whose age (days since they were created) falls in its \
         range. Tall bars on the right are old work nobody has done: review them and close what no \
         longer matters. A backlog that keeps getting older takes in more than the team works on."
            .to_owned()
    }

    fn is_empty(&self) -> bool {
        self.items == 0
    }

    fn legend(&self) -> Vec<LegendEntry> {
        let label = format!("{} open items, in bins of {} days", self.items, layout::number(self.width));
        vec![LegendEntry::new(Mark::Box, palette::ARRIVING, label)]
    }

    fn draw_plot<DB: DrawingBackend>(&self, area: &DrawingArea<DB, Shift>) -> DrawResult<DB> {
        let right = self.counts.len() as f64 * self.width;
        let top = layout::axis_top(self.counts.iter().map(|count| *count as f64));
        let frame = Frame {
            x_desc: "Age (days)",
            y_desc: "Open items",
            x: 0.0..right,
            y: 0.0..top,
            y_label_width: 60,
        };
        let Some(mut plot) = frame.build(area, None, None)? else { return Ok(()) };
        let gap = self.width * 0.05;
        let bars = self.counts.iter().enumerate().filter(|(_, count)| **count > 0).map(|(bin, count)| {
            let start = bin as f64 * self.width;
            Rectangle::new(
                [(start + gap, 0.0), (start + self.width - gap, *count as f64)],
                palette::ARRIVING.filled(),
            )
        });
        plot.draw_series(bars)?;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::charts::test_support::{Svg, svg_of};

    #[test]
    fn bins_of_a_week_for_a_backlog_under_twenty_weeks() {
        // Oldest 100 days: 100 / 2 = 50 bins (too many), 100 / 7 ≈ 14.3 → 7-day bins 0..=14.
        // Bins: 0 (1, 3), 1 (7), 14 (100): three bars; NaN and −1 are left out.
        let chart = backlog_age(&[1.0, 3.0, 7.0, 100.0, f64::NAN, -1.0]);
        assert_eq!((chart.width, chart.counts.len(), chart.items), (7.0, 15, 4));
        let svg = Svg::parse(&svg_of(&chart));
        assert_eq!(svg.filled("rect", palette::ARRIVING), 3 + 1);
        svg.assert_texts(&["Backlog age: open items by age", "Age (days)", "Open items"]);
        svg.assert_texts(&["4 open items, in bins of 7 days"]);
    }

    #[test]
    fn no_ages_say_no_data_and_one_new_item_is_one_bar() {
        Svg::parse(&svg_of(&backlog_age(&[]))).assert_texts(&["No data"]);
        let chart = backlog_age(&[0.0]);
        assert_eq!((chart.width, chart.counts.as_slice()), (1.0, &[1][..]));
        assert_eq!(Svg::parse(&svg_of(&chart)).filled("rect", palette::ARRIVING), 2);
    }
}
