//! Inflow vs outflow: items created and items finished per week, side by side. A backlog
//! whose inflow keeps above its outflow grows (the "Emergent" part of DEEP).

use plotters::coord::Shift;
use plotters::prelude::*;
use serde::Serialize;

use super::layout::{self, Categories, DrawResult, Frame, LegendEntry, Mark};
use super::{Chart, palette};

/// One week's arrivals and departures.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct WeekFlow {
    /// The Monday that starts the week, `YYYY-MM-DD`.
    pub week_start: String,
    /// Items created in the week.
    pub inflow: usize,
    /// Items finished in the week.
    pub outflow: usize,
}

/// The inflow-vs-outflow chart.
#[derive(Debug, Clone, PartialEq)]
pub struct InflowOutflowChart {
    weeks: Vec<WeekFlow>,
}

/// The inflow-vs-outflow chart of consecutive weeks, oldest first.
pub fn inflow_outflow(weeks: &[WeekFlow]) -> InflowOutflowChart {
    InflowOutflowChart { weeks: weeks.to_vec() }
}

impl Chart for InflowOutflowChart {
    fn name(&self) -> &'static str {
        "inflow_outflow"
    }

    fn title(&self) -> &str {
        "Inflow vs outflow: items created and finished per week"
    }

    fn description(&self) -> String {
        let (Some(first), Some(last)) = (self.weeks.first(), self.weeks.last()) else {
            return "No week to show.".to_owned();
        };
        let created: usize = self.weeks.iter().map(|week| week.inflow).sum();
        let finished: usize = self.weeks.iter().map(|week| week.outflow).sum();
        format!(
            "{} weeks from {} to {}: {created} items created, {finished} finished.",
            self.weeks.len(),
            first.week_start,
            last.week_start
        )
    }

    fn how_to_read(&self) -> String {
        "Orange bars count the items created each week, blue bars the items finished. Week after \
         week of orange above blue means the backlog grows faster than the team finishes work: \
         decline or prune requests. Blue above orange shrinks it."
            .to_owned()
    }

    fn is_empty(&self) -> bool {
        self.weeks.is_empty()
    }

    fn legend(&self) -> Vec<LegendEntry> {
        vec![
            LegendEntry::new(Mark::Box, palette::ARRIVING, "Inflow (created)"),
            LegendEntry::new(Mark::Box, palette::COMPLETED, "Outflow (finished)"),
        ]
    }

    fn draw_plot<DB: DrawingBackend>(&self, area: &DrawingArea<DB, Shift>) -> DrawResult<DB> {
        let labels = Categories::new(self.weeks.iter().map(|week| week.week_start.clone()).collect(), 8, 10);
        let top =
            layout::axis_top(self.weeks.iter().flat_map(|week| [week.inflow as f64, week.outflow as f64]));
        let frame = Frame {
            x_desc: "Week starting (Monday)",
            y_desc: "Items",
            x: labels.range(),
            y: 0.0..top,
            y_label_width: 60,
        };
        let Some(mut plot) = frame.build(area, Some(&labels), None)? else { return Ok(()) };
        let bars = |offset: f64, count: fn(&WeekFlow) -> usize, color| {
            self.weeks.iter().enumerate().filter(move |(_, week)| count(week) > 0).map(
                move |(index, week)| layout::bar(index as f64 + offset, 0.38, 0.0, count(week) as f64, color),
            )
        };
        plot.draw_series(bars(-0.2, |week| week.inflow, palette::ARRIVING))?;
        plot.draw_series(bars(0.2, |week| week.outflow, palette::COMPLETED))?;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::charts::test_support::{Svg, svg_of};

    fn week(start: &str, inflow: usize, outflow: usize) -> WeekFlow {
        WeekFlow { week_start: start.to_owned(), inflow, outflow }
    }

    #[test]
    fn two_bars_per_week_without_empty_ones() {
        let weeks = [week("2026-01-05", 4, 1), week("2026-01-12", 0, 3), week("2026-01-19", 2, 2)];
        let svg = Svg::parse(&svg_of(&inflow_outflow(&weeks)));
        assert_eq!(svg.filled("rect", palette::ARRIVING), 2 + 1);
        assert_eq!(svg.filled("rect", palette::COMPLETED), 3 + 1);
        svg.assert_texts(&[
            "Week starting (Monday)",
            "Items",
            "2026-01-05",
            "2026-01-19",
            "Outflow (finished)",
        ]);
        Svg::parse(&svg_of(&inflow_outflow(&[]))).assert_texts(&["No data"]);
    }
}
