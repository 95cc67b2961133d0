//! The cycle-time percentiles the flow charts draw: the 50th, 70th, 85th and 95th of the flow
//! report's cycle time (those it computed; `[flow] percentiles` may ask for others), each with
//! its colour of [`palette::PERCENTILES`] and its label (`85%: 9.5 days`).

use std::ops::Range;

use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};
use refine_engine::flow::DurationSummary;

use super::layout::{self, DrawResult, Plot};
use super::palette;

/// The percentiles drawn.
const LEVELS: [f64; 4] = [50.0, 70.0, 85.0, 95.0];

/// The percentile past which an item in progress is at risk.
pub(crate) const AT_RISK_PERCENT: f64 = 85.0;

/// One percentile line.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct PercentileLine {
    /// The percentile, 0–100.
    pub percent: f64,
    /// Its value in days.
    pub days: f64,
    /// Its colour.
    pub color: RGBColor,
}

impl PercentileLine {
    /// `85%: 9.5 days`.
    pub(crate) fn label(&self) -> String {
        format!("{}%: {}", layout::number(self.percent), layout::days(self.days))
    }

    /// `85%`, for the short label on the line.
    pub(crate) fn short_label(&self) -> String {
        format!("{}%", layout::number(self.percent))
    }
}

/// The lines of the drawn levels that the summary has a finite value for, lowest first.
pub(crate) fn lines(cycle_time: &DurationSummary) -> Vec<PercentileLine> {
    LEVELS
        .iter()
        .zip(palette::PERCENTILES)
        .filter_map(|(percent, color)| {
            let days = cycle_time.percentile(*percent).filter(|days| days.is_finite())?;
            Some(PercentileLine { percent: *percent, days, color })
        })
        .collect()
}

/// The value in days of one percentile among the lines.
pub(crate) fn days_at(lines: &[PercentileLine], percent: f64) -> Option<f64> {
    lines.iter().find(|line| line.percent == percent).map(|line| line.days)
}

/// The least vertical distance in pixels between two labels on the same side.
const LABEL_GAP: i32 = 13;

/// Draws each line across `x`, with its short label just above it: at the right end for the
/// 1st and 3rd line, at the left end for the 2nd and 4th, so that the labels of two close
/// percentiles do not overlap. A label closer than a line of text to the one below it on its
/// side is left out (the legend still names every line).
pub(crate) fn draw_lines<'a, DB: DrawingBackend + 'a>(
    plot: &mut Plot<'a, DB>,
    lines: &[PercentileLine],
    x: &Range<f64>,
) -> DrawResult<DB> {
    let paths = lines.iter().map(|line| {
        PathElement::new(vec![(x.start, line.days), (x.end, line.days)], line.color.stroke_width(2))
    });
    plot.draw_series(paths)?;
    // The pixel height of the last label drawn on each side (right, left).
    let mut last_drawn: [Option<i32>; 2] = [None, None];
    let mut labels = Vec::new();
    for (index, line) in lines.iter().enumerate() {
        let side = index % 2;
        let (anchor, at, offset) =
            if side == 0 { (HPos::Right, x.end, -4) } else { (HPos::Left, x.start, 4) };
        let pixel_y = plot.backend_coord(&(at, line.days)).1;
        if last_drawn[side].is_some_and(|below| (below - pixel_y).abs() < LABEL_GAP) {
            continue;
        }
        last_drawn[side] = Some(pixel_y);
        let style = layout::label_font().pos(Pos::new(anchor, VPos::Bottom));
        labels.push(EmptyElement::at((at, line.days)) + Text::new(line.short_label(), (offset, -3), style));
    }
    plot.draw_series(labels)?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_drawn_levels_the_summary_has() {
        // Nearest rank over 1..=10 days: p50 → rank 5, p70 → 7, p85 → ⌈8.5⌉ = 9, p95 → 10.
        let sample: Vec<f64> = (1..=10).map(f64::from).collect();
        let summary = DurationSummary::of(&sample, &[50.0, 85.0, 95.0, 99.0]);
        let lines = lines(&summary);
        let found: Vec<(f64, f64)> = lines.iter().map(|line| (line.percent, line.days)).collect();
        assert_eq!(found, [(50.0, 5.0), (85.0, 9.0), (95.0, 10.0)], "no 70th asked for, no 99th drawn");
        assert_eq!(lines[1].color, palette::ORANGE);
        assert_eq!((lines[1].label(), lines[1].short_label()), ("85%: 9 days".into(), "85%".into()));
        assert_eq!(days_at(&lines, AT_RISK_PERCENT), Some(9.0));
        assert!(super::lines(&DurationSummary::of(&[], &[50.0])).is_empty());
    }
}
