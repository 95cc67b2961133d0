//! Cumulative flow: items per status category at the end of each day as stacked areas — done
//! at the bottom, in progress above it, to do on top — so the width of the middle band is the
//! work in progress and the top edge is everything that has arrived.

use plotters::coord::Shift;
use plotters::prelude::*;

use refine_engine::flow::CumulativeFlow;

use super::layout::{self, Categories, DrawResult, Frame, LegendEntry, Mark};
use super::{Chart, palette};

/// The cumulative flow chart.
#[derive(Debug, Clone, PartialEq)]
pub struct CumulativeFlowChart {
    dates: Vec<String>,
    /// Per day: (done, in progress, to do).
    counts: Vec<[f64; 3]>,
}

/// The cumulative flow chart of daily counts.
pub fn cumulative_flow(flow: &CumulativeFlow) -> CumulativeFlowChart {
    CumulativeFlowChart {
        dates: flow.days.iter().map(|day| day.date.clone()).collect(),
        counts: flow
            .days
            .iter()
            .map(|day| [day.done as f64, day.in_progress as f64, day.todo as f64])
            .collect(),
    }
}

/// The bands bottom to top: (label, colour).
const BANDS: [(&str, RGBColor); 3] =
    [("Done", palette::COMPLETED), ("In progress", palette::IN_PROGRESS), ("To do", palette::ARRIVING)];

impl Chart for CumulativeFlowChart {
    fn name(&self) -> &'static str {
        "cumulative_flow"
    }

    fn title(&self) -> &str {
        "Cumulative flow: items per status category each day"
    }

    fn description(&self) -> String {
        let (Some(first), Some(last), Some([done, in_progress, todo])) =
            (self.dates.first(), self.dates.last(), self.counts.last())
        else {
            return "No day to show.".to_owned();
        };
        format!(
            "{} days from {first} to {last}; on the last day {} to do, {} in progress and {} done.",
            self.dates.len(),
            layout::number(*todo),
            layout::number(*in_progress),
            layout::number(*done)
        )
    }

    fn how_to_read(&self) -> String {
        "Each band counts the items in one state at the end of each day: done at the bottom \
         (blue), in progress in the middle (green), to do on top (orange). A middle band that \
         widens means work is started faster than it is finished; a done band that stays flat \
         means nothing is being finished. A thin, steady middle band is work that flows."
            .to_owned()
    }

    fn is_empty(&self) -> bool {
        self.dates.is_empty()
    }

    fn legend(&self) -> Vec<LegendEntry> {
        BANDS.iter().rev().map(|(label, color)| LegendEntry::new(Mark::Box, *color, *label)).collect()
    }

    fn draw_plot<DB: DrawingBackend>(&self, area: &DrawingArea<DB, Shift>) -> DrawResult<DB> {
        let labels = Categories::new(self.dates.clone(), 8, 10);
        let top = layout::axis_top(self.counts.iter().map(|day| day.iter().sum()));
        let frame =
            Frame { x_desc: "Day", y_desc: "Items", x: labels.range(), y: 0.0..top, y_label_width: 60 };
        let Some(mut plot) = frame.build(area, Some(&labels), None)? else { return Ok(()) };
        for (band, (_, color)) in BANDS.iter().enumerate() {
            let edge = |upto: usize| -> Vec<(f64, f64)> {
                self.counts
                    .iter()
                    .enumerate()
                    .map(|(x, day)| (x as f64, day.iter().take(upto).sum()))
                    .collect()
            };
            let mut outline = edge(band + 1);
            outline.extend(edge(band).into_iter().rev());
            plot.draw_series(std::iter::once(Polygon::new(outline, color.filled())))?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::charts::test_support::{Svg, svg_of};
    use refine_engine::flow::CumulativeFlowDay;

    fn day(date: &str, todo: usize, in_progress: usize, done: usize) -> CumulativeFlowDay {
        CumulativeFlowDay { date: date.to_owned(), todo, in_progress, done }
    }

    #[test]
    fn three_stacked_bands() {
        let flow = CumulativeFlow {
            days: vec![day("2026-01-01", 5, 1, 0), day("2026-01-02", 4, 2, 1), day("2026-01-03", 4, 1, 3)],
            warnings: Vec::new(),
        };
        let chart = cumulative_flow(&flow);
        let svg = Svg::parse(&svg_of(&chart));
        for (_, color) in BANDS {
            assert_eq!(svg.filled("polygon", color), 1);
            assert_eq!(svg.filled("rect", color), 1, "legend swatch");
        }
        svg.assert_texts(&["Cumulative flow: items per status category each day", "Day", "Items", "To do"]);
        svg.assert_texts(&["2026-01-01", "2026-01-03"]);
        Svg::parse(&svg_of(&cumulative_flow(&CumulativeFlow { days: Vec::new(), warnings: Vec::new() })))
            .assert_texts(&["No data"]);
    }
}
