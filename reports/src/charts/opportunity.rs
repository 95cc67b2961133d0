//! Opportunity landscape (Ulwick): importance (x) against satisfaction (y), both 0–10, one dot
//! per outcome, over the ODI zones. With O = I + max(I − S, 0):
//! - over-served where S > I: above the diagonal;
//! - under-served where O ≥ 10: below the line S = 2I − 10 (from (5, 0) to (10, 10));
//! - the lines O = 12 (S = 2I − 12) and O = 15 (S = 2I − 15) mark the high and extreme bands;
//! - between the two zones, appropriately served.
//!
//! Outcomes without respondents have no figures and no dot.

use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

use refine_engine::score::odi::OdiReport;

use super::layout::{self, DrawResult, Frame, LegendEntry, Mark, ZONE_OPACITY};
use super::{Chart, palette};

/// Longest outcome name written beside its dot.
const MAX_NAME: usize = 30;

/// The opportunity landscape.
#[derive(Debug, Clone, PartialEq)]
pub struct OpportunityChart {
    /// (outcome, importance, satisfaction).
    outcomes: Vec<(String, f64, f64)>,
}

/// The opportunity landscape of a survey's outcomes.
pub fn opportunity_landscape(report: &OdiReport) -> OpportunityChart {
    OpportunityChart {
        outcomes: report
            .outcomes
            .iter()
            .filter_map(|outcome| {
                let figures = outcome.figures()?;
                let finite = figures.importance.is_finite() && figures.satisfaction.is_finite();
                finite.then(|| (outcome.outcome.clone(), figures.importance, figures.satisfaction))
            })
            .collect(),
    }
}

impl Chart for OpportunityChart {
    fn name(&self) -> &'static str {
        "opportunity_landscape"
    }

    fn title(&self) -> &str {
        "Opportunity landscape: importance vs satisfaction per outcome"
    }

    fn description(&self) -> String {
        if self.outcomes.is_empty() {
            return "No outcome has survey answers.".to_owned();
        }
        let opportunity =
            |importance: f64, satisfaction: f64| importance + (importance - satisfaction).max(0.0);
        let under = self.outcomes.iter().filter(|(_, i, s)| opportunity(*i, *s) >= 10.0).count();
        let over = self.outcomes.iter().filter(|(_, i, s)| s > i).count();
        format!(
            "{} outcomes; {under} under-served (opportunity 10 or more), {over} over-served.",
            self.outcomes.len()
        )
    }

    fn how_to_read(&self) -> String {
        "Each dot is a customer outcome: further right matters more to customers, higher up they \
         are more satisfied with today's solutions. Dots in the orange zone at the bottom right are \
         under-served, the best opportunities; the lines mark high (12) and extreme (15) \
         opportunity. Dots in the blue zone at the top left are over-served: little to gain there."
            .to_owned()
    }

    fn is_empty(&self) -> bool {
        self.outcomes.is_empty()
    }

    fn legend(&self) -> Vec<LegendEntry> {
        vec![
            LegendEntry::new(Mark::Zone, palette::SKY_BLUE, "Over-served (S > I)"),
            LegendEntry::new(Mark::Zone, palette::ORANGE, "Under-served (O ≥ 10)"),
            LegendEntry::new(Mark::Line, palette::VERMILLION, "O = 12 (high)"),
            LegendEntry::new(Mark::Line, palette::REDDISH_PURPLE, "O = 15 (extreme)"),
            LegendEntry::new(Mark::Dot, palette::BLUE, "Outcome"),
        ]
    }

    fn draw_plot<DB: DrawingBackend>(&self, area: &DrawingArea<DB, Shift>) -> DrawResult<DB> {
        let frame = Frame {
            x_desc: "Importance (0-10: 10 × share rating 4 or 5)",
            y_desc: "Satisfaction (0-10)",
            x: 0.0..10.0,
            y: 0.0..10.0,
            y_label_width: 50,
        };
        let Some(mut plot) = frame.build(area, None, None)? else { return Ok(()) };
        let zone =
            |points: Vec<(f64, f64)>, color: RGBColor| Polygon::new(points, color.mix(ZONE_OPACITY).filled());
        plot.draw_series(std::iter::once(zone(
            vec![(0.0, 0.0), (0.0, 10.0), (10.0, 10.0)],
            palette::SKY_BLUE,
        )))?;
        plot.draw_series(std::iter::once(zone(
            vec![(5.0, 0.0), (10.0, 0.0), (10.0, 10.0)],
            palette::ORANGE,
        )))?;
        let lines = [
            (vec![(6.0, 0.0), (10.0, 8.0)], palette::VERMILLION),
            (vec![(7.5, 0.0), (10.0, 5.0)], palette::REDDISH_PURPLE),
        ];
        for (points, color) in lines {
            plot.draw_series(std::iter::once(PathElement::new(points, color.stroke_width(2))))?;
        }
        let dots = self.outcomes.iter().map(|(_, importance, satisfaction)| {
            Circle::new((*importance, *satisfaction), 5, palette::BLUE.filled())
        });
        plot.draw_series(dots)?;
        let name_style = layout::label_font().pos(Pos::new(HPos::Left, VPos::Center));
        let names = self.outcomes.iter().map(|(name, importance, satisfaction)| {
            EmptyElement::at((*importance, *satisfaction))
                + Text::new(layout::shorten(name, MAX_NAME), (7, 0), name_style.clone())
        });
        plot.draw_series(names)?;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::charts::test_support::{Svg, svg_of};
    use refine_engine::score::odi::OutcomeScore;

    fn outcome(name: &str, importance: Option<f64>, satisfaction: Option<f64>) -> OutcomeScore {
        OutcomeScore {
            outcome: name.to_owned(),
            respondents: 10,
            answers_left_out: 0,
            importance,
            satisfaction,
            opportunity: importance.zip(satisfaction).map(|(i, s)| i + (i - s).max(0.0)),
            band: None,
            overserved: false,
        }
    }

    #[test]
    fn one_dot_per_outcome_with_figures_and_names_escaped() {
        let report = OdiReport {
            outcomes: vec![
                outcome("<script>alert(1)</script>", Some(8.0), Some(2.0)),
                outcome("Fast checkout & pay", Some(4.0), Some(7.0)),
                outcome("No answers", None, None),
            ],
            warnings: Vec::new(),
        };
        let text = svg_of(&opportunity_landscape(&report));
        assert!(!text.contains("<script>"), "a name is text, never markup");
        assert!(text.contains("&lt;script&gt;alert(1)&lt;/script&gt;"));
        let svg = Svg::parse(&text);
        assert_eq!(svg.filled("circle", palette::BLUE), 2 + 1);
        assert_eq!(svg.filled("polygon", palette::SKY_BLUE), 1);
        assert_eq!(svg.filled("rect", palette::SKY_BLUE), 1, "the zone's legend swatch");
        assert_eq!(svg.filled("polygon", palette::ORANGE), 1);
        assert_eq!(svg.stroked("polyline", palette::VERMILLION), 2, "O = 12 and its swatch");
        svg.assert_texts(&["<script>alert(1)</script>", "Fast checkout & pay", "Satisfaction (0-10)"]);
        svg.assert_texts(&["Importance (0-10: 10 × share rating 4 or 5)", "Under-served (O ≥ 10)"]);
        assert!(!svg.texts().iter().any(|text| text == "No answers"));
    }
}
