//! Velocity: committed and completed points per sprint as side-by-side bars, with the rolling
//! mean of completed points as a line (Jira's velocity chart, plus the planning figure); the
//! legend names the rolling window the engine used.
//! Sprints are shown in the report's order (by team, then sprint order); with several teams a
//! label names the team and each team gets its own line. A sprint without a figure has no bar.

use plotters::coord::Shift;
use plotters::prelude::*;

use refine_engine::velocity::SprintVelocity;

use super::layout::{self, Categories, DrawResult, Frame, LegendEntry, Mark};
use super::{Chart, palette};

/// The velocity chart.
#[derive(Debug, Clone, PartialEq)]
pub struct VelocityChart {
    title: String,
    x_desc: String,
    window: usize,
    sprints: Vec<SprintBar>,
}

/// One sprint's slot.
#[derive(Debug, Clone, PartialEq)]
struct SprintBar {
    label: String,
    team: Option<String>,
    committed: Option<f64>,
    completed: Option<f64>,
    rolling_mean: Option<f64>,
}

/// The velocity chart of the report's sprints, whose rolling means cover the last `window`
/// counted sprints (`VelocityReport::window`).
pub fn velocity(sprints: &[SprintVelocity], window: usize) -> VelocityChart {
    let several_teams = sprints.windows(2).any(|pair| pair[0].team != pair[1].team);
    let names: Vec<String> = sprints
        .iter()
        .map(|sprint| match (&sprint.team, several_teams) {
            (Some(team), true) => format!("{team}: {}", sprint.sprint),
            _ => sprint.sprint.clone(),
        })
        .collect();
    let (prefix, labels) = layout::common_prefix(&names);
    let x_desc =
        if prefix.is_empty() { "Sprint".to_owned() } else { format!("Sprint ({}…)", prefix.trim_end()) };
    let finite = |value: Option<f64>| value.filter(|value| value.is_finite());
    VelocityChart {
        title: "Velocity: committed and completed points per sprint".to_owned(),
        x_desc,
        window,
        sprints: sprints
            .iter()
            .zip(labels)
            .map(|(sprint, label)| SprintBar {
                label,
                team: sprint.team.clone(),
                committed: finite(sprint.committed_points),
                completed: finite(sprint.completed_points),
                rolling_mean: finite(sprint.rolling_mean),
            })
            .collect(),
    }
}

impl Chart for VelocityChart {
    fn name(&self) -> &'static str {
        "velocity"
    }

    fn title(&self) -> &str {
        &self.title
    }

    fn description(&self) -> String {
        let sprints = self.sprints.len();
        if sprints == 0 {
            return "No sprint to show.".to_owned();
        }
        let Some(latest) = self.sprints.iter().rev().find(|sprint| sprint.completed.is_some()) else {
            return format!("{sprints} sprints, none with completed points yet.");
        };
        let completed = latest.completed.map(layout::number).unwrap_or_default();
        let committed = latest
            .committed
            .map(|points| format!(" of {} committed", layout::number(points)))
            .unwrap_or_default();
        let mean = latest
            .rolling_mean
            .map(|mean| format!("; its rolling mean is {} points", layout::number(mean)))
            .unwrap_or_default();
        format!("{sprints} sprints; the latest with a figure completed {completed}{committed} points{mean}.")
    }

    fn how_to_read(&self) -> String {
        format!(
            "Light blue bars are the points the team committed to at the start of each sprint, dark \
             blue bars the points it completed. Dark bars that keep falling short of light ones mean \
             the team over-commits: plan with the line, the mean of the points completed in the last \
             {} sprints, not with the commitment. A line that swings a lot makes forecasts from it \
             uncertain.",
            self.window
        )
    }

    fn is_empty(&self) -> bool {
        self.sprints.is_empty()
    }

    fn legend(&self) -> Vec<LegendEntry> {
        vec![
            LegendEntry::new(Mark::Box, palette::PLANNED, "Committed"),
            LegendEntry::new(Mark::Box, palette::COMPLETED, "Completed"),
            LegendEntry::new(Mark::Line, palette::TREND, self.rolling_mean_label()),
        ]
    }

    fn draw_plot<DB: DrawingBackend>(&self, area: &DrawingArea<DB, Shift>) -> DrawResult<DB> {
        let labels =
            Categories::new(self.sprints.iter().map(|sprint| sprint.label.clone()).collect(), 16, 12);
        let top = layout::axis_top(
            self.sprints
                .iter()
                .flat_map(|sprint| [sprint.committed, sprint.completed, sprint.rolling_mean])
                .flatten(),
        );
        let frame = Frame {
            x_desc: &self.x_desc,
            y_desc: "Points",
            x: labels.range(),
            y: 0.0..top,
            y_label_width: 60,
        };
        let Some(mut plot) = frame.build(area, Some(&labels), None)? else { return Ok(()) };
        let bars = |offset: f64, value: fn(&SprintBar) -> Option<f64>, color| {
            self.sprints.iter().enumerate().filter_map(move |(index, sprint)| {
                value(sprint).map(|points| layout::bar(index as f64 + offset, 0.36, 0.0, points, color))
            })
        };
        plot.draw_series(bars(-0.19, |sprint| sprint.committed, palette::PLANNED))?;
        plot.draw_series(bars(0.19, |sprint| sprint.completed, palette::COMPLETED))?;
        self.draw_rolling_means(&mut plot)?;
        Ok(())
    }
}

impl VelocityChart {
    /// The rolling mean's legend text, naming its window.
    fn rolling_mean_label(&self) -> String {
        let sprints = if self.window == 1 { "sprint" } else { "sprints" };
        format!("Rolling mean of completed (last {} {sprints})", self.window)
    }

    /// One line per team through its sprints' rolling means, with a dot on each.
    fn draw_rolling_means<'a, DB: DrawingBackend + 'a>(
        &self,
        plot: &mut layout::Plot<'a, DB>,
    ) -> DrawResult<DB> {
        let points: Vec<(usize, &SprintBar, f64)> = self
            .sprints
            .iter()
            .enumerate()
            .filter_map(|(index, sprint)| sprint.rolling_mean.map(|mean| (index, sprint, mean)))
            .collect();
        let lines = points.chunk_by(|a, b| a.1.team == b.1.team).map(|team| {
            let path: Vec<(f64, f64)> = team.iter().map(|(index, _, mean)| (*index as f64, *mean)).collect();
            PathElement::new(path, palette::TREND.stroke_width(2))
        });
        plot.draw_series(lines)?;
        let dots = points
            .iter()
            .map(|(index, _, mean)| Circle::new((*index as f64, *mean), 3, palette::TREND.filled()));
        plot.draw_series(dots)?;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::charts::test_support::{Svg, svg_of};

    fn sprint(
        name: &str,
        committed: Option<f64>,
        completed: Option<f64>,
        mean: Option<f64>,
    ) -> SprintVelocity {
        SprintVelocity {
            sprint: name.to_owned(),
            committed_points: committed,
            completed_points: completed,
            rolling_mean: mean,
            ..SprintVelocity::default()
        }
    }

    #[test]
    fn bars_and_rolling_mean_per_sprint() {
        let sprints = [
            sprint("Team Sprint 1", Some(20.0), Some(18.0), Some(18.0)),
            sprint("Team Sprint 2", Some(22.0), Some(12.0), Some(15.0)),
            // Running sprint: committed only, no completed points or mean.
            sprint("Team Sprint 3", Some(21.0), None, None),
        ];
        let svg = Svg::parse(&svg_of(&velocity(&sprints, 7)));
        // 3 committed + 1 legend swatch; 2 completed + 1 swatch.
        assert_eq!(svg.filled("rect", palette::PLANNED), 4);
        assert_eq!(svg.filled("rect", palette::COMPLETED), 3);
        assert_eq!(svg.filled("circle", palette::TREND), 2);
        assert_eq!(svg.stroked("polyline", palette::TREND), 2, "the line and its legend swatch");
        svg.assert_texts(&[
            "Velocity: committed and completed points per sprint",
            "Points",
            "Sprint (Team Sprint…)",
        ]);
        svg.assert_texts(&["1", "2", "3", "Committed", "Completed"]);
        svg.assert_texts(&["Rolling mean of completed (last 7 sprints)"]);
    }

    #[test]
    fn the_legend_names_the_rolling_window_used() {
        let sprints = [sprint("S1", Some(10.0), Some(8.0), Some(8.0))];
        let legend_line = |window| {
            let svg = Svg::parse(&svg_of(&velocity(&sprints, window)));
            svg.texts().iter().find(|text| text.starts_with("Rolling mean")).cloned()
        };
        assert_eq!(legend_line(4).as_deref(), Some("Rolling mean of completed (last 4 sprints)"));
        assert_eq!(legend_line(1).as_deref(), Some("Rolling mean of completed (last 1 sprint)"));
    }

    #[test]
    fn no_sprints_say_no_data() {
        let svg = Svg::parse(&svg_of(&velocity(&[], 7)));
        svg.assert_texts(&["No data"]);
    }
}
