//! DEEP scorecard: the four parts of backlog health (Detailed appropriately, Estimated,
//! Emergent, Prioritized), each 0–100, as horizontal bars with their value written at the end.
//! Scores are clamped to 0–100; a part without a score has no bar and reads "n/a".

use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

use super::layout::{self, Categories, DrawResult, Frame, LegendEntry, Mark};
use super::{Chart, palette};

/// One part of the scorecard.
#[derive(Debug, Clone, PartialEq)]
pub struct ScorecardPart {
    /// Its name ("Detailed appropriately").
    pub name: String,
    /// Its score 0–100; `None` when it cannot be scored.
    pub score: Option<f64>,
}

/// The DEEP scorecard chart.
#[derive(Debug, Clone, PartialEq)]
pub struct DeepScorecardChart {
    /// Bottom to top (the first part at the top).
    parts: Vec<ScorecardPart>,
}

/// The scorecard of the given parts, drawn top to bottom in the given order.
pub fn deep_scorecard(parts: &[ScorecardPart]) -> DeepScorecardChart {
    let parts = parts
        .iter()
        .rev()
        .map(|part| ScorecardPart {
            name: part.name.clone(),
            score: part.score.filter(|score| score.is_finite()).map(|score| score.clamp(0.0, 100.0)),
        })
        .collect();
    DeepScorecardChart { parts }
}

impl Chart for DeepScorecardChart {
    fn name(&self) -> &'static str {
        "deep_scorecard"
    }

    fn title(&self) -> &str {
        "DEEP scorecard: backlog health per part"
    }

    fn description(&self) -> String {
        if self.parts.is_empty() {
            return "No part of the scorecard has a score.".to_owned();
        }
        let parts: Vec<String> =
            self.parts.iter().rev().map(|part| format!("{} {}", part.name, score_text(part.score))).collect();
        format!("{}, out of 100.", parts.join(", "))
    }

    fn how_to_read(&self) -> String {
        let lowest = self
            .parts
            .iter()
            .rev()
            .filter_map(|part| Some((part, part.score?)))
            .reduce(|lowest, part| if part.1 < lowest.1 { part } else { lowest })
            .map(|(part, score)| format!(" (here {}, {})", part.name, score_text(Some(score))))
            .unwrap_or_default();
        format!(
            "Each bar scores one part of backlog health from 0 (poor) to 100 (healthy): Detailed \
             appropriately (the top items are ready to start), Estimated, Emergent (the backlog is \
             kept current) and Prioritized. Start with the shortest bar{lowest}: the health section \
             names the items behind it."
        )
    }

    fn is_empty(&self) -> bool {
        self.parts.is_empty()
    }

    fn legend(&self) -> Vec<LegendEntry> {
        vec![LegendEntry::new(Mark::Box, palette::COMPLETED, "Score (0-100)")]
    }

    fn draw_plot<DB: DrawingBackend>(&self, area: &DrawingArea<DB, Shift>) -> DrawResult<DB> {
        let labels = Categories::new(self.parts.iter().map(|part| part.name.clone()).collect(), 12, 24);
        let frame = Frame {
            x_desc: "Score (0 = poor, 100 = healthy)",
            y_desc: "Part",
            x: 0.0..110.0,
            y: labels.range(),
            y_label_width: 170,
        };
        let Some(mut plot) = frame.build(area, None, Some(&labels))? else { return Ok(()) };
        let bars = self.parts.iter().enumerate().filter_map(|(y, part)| {
            let y = y as f64;
            Some(Rectangle::new([(0.0, y - 0.3), (part.score?, y + 0.3)], palette::COMPLETED.filled()))
        });
        plot.draw_series(bars)?;
        let value_style = layout::label_font().pos(Pos::new(HPos::Left, VPos::Center));
        let values = self.parts.iter().enumerate().map(|(y, part)| {
            EmptyElement::at((part.score.unwrap_or(0.0), y as f64))
                + Text::new(score_text(part.score), (5, 0), value_style.clone())
        });
        plot.draw_series(values)?;
        Ok(())
    }
}

/// A score as written: rounded to a whole number, `n/a` without one.
fn score_text(score: Option<f64>) -> String {
    score.map_or_else(|| "n/a".to_owned(), |score| layout::number(score.round()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::charts::test_support::{Svg, svg_of};

    fn part(name: &str, score: Option<f64>) -> ScorecardPart {
        ScorecardPart { name: name.to_owned(), score }
    }

    #[test]
    fn a_bar_per_scored_part_with_its_value() {
        let parts = [
            part("Detailed appropriately", Some(72.4)),
            part("Estimated", Some(130.0)),
            part("Emergent", None),
            part("Prioritized", Some(55.0)),
        ];
        let svg = Svg::parse(&svg_of(&deep_scorecard(&parts)));
        assert_eq!(svg.filled("rect", palette::COMPLETED), 3 + 1);
        svg.assert_texts(&["Detailed appropriately", "Prioritized", "72", "100", "55", "n/a"]);
        svg.assert_texts(&[
            "DEEP scorecard: backlog health per part",
            "Score (0 = poor, 100 = healthy)",
            "Part",
        ]);
        Svg::parse(&svg_of(&deep_scorecard(&[]))).assert_texts(&["No data"]);
    }
}
