//! Estimation charts: the actual effort per estimate bucket (median bar, p15–p85 range, p85
//! dot), and the poker spread of the items to discuss (lowest to highest vote with the median).

use plotters::coord::Shift;
use plotters::prelude::*;

use refine_engine::estimates::EstimatesReport;

use super::layout::{self, Categories, DrawResult, Frame, LegendEntry, Mark};
use super::{Chart, palette};

/// The most items the poker spread shows (the widest spreads); more would not fit 400 pixels.
const MAX_POKER_ITEMS: usize = 25;

/// Actual effort per estimate bucket.
#[derive(Debug, Clone, PartialEq)]
pub struct EstimateVsActualChart {
    y_desc: String,
    buckets: Vec<Bucket>,
}

#[derive(Debug, Clone, PartialEq)]
struct Bucket {
    label: String,
    estimate: f64,
    median: f64,
    p15: Option<f64>,
    p85: Option<f64>,
}

/// The estimate-vs-actual chart of an estimates report (buckets with a median actual).
pub fn estimate_vs_actual(report: &EstimatesReport) -> EstimateVsActualChart {
    let y_desc = match report.actual_source.as_str() {
        "cycle_time_days" => "Cycle time (days)",
        "time_spent_hours" => "Time spent (hours)",
        "in_progress_hours" => "Time in progress (hours)",
        _ => "Actual",
    };
    let finite = |value: Option<f64>| value.filter(|value| value.is_finite());
    let buckets = report
        .buckets
        .iter()
        .filter_map(|bucket| {
            Some(Bucket {
                label: format!("{} (n={})", layout::number(bucket.estimate), bucket.n),
                estimate: bucket.estimate,
                median: finite(bucket.median)?,
                p15: finite(bucket.p15),
                p85: finite(bucket.p85),
            })
        })
        .collect();
    EstimateVsActualChart { y_desc: y_desc.to_owned(), buckets }
}

impl Chart for EstimateVsActualChart {
    fn name(&self) -> &'static str {
        "estimate_vs_actual"
    }

    fn title(&self) -> &str {
        "Estimate vs actual: actual effort per estimate"
    }

    fn description(&self) -> String {
        let (Some(first), Some(last)) = (self.buckets.first(), self.buckets.last()) else {
            return "No estimate has finished items to compare with.".to_owned();
        };
        format!(
            "{} estimate sizes; the median {} is {} at estimate {} and {} at estimate {}.",
            self.buckets.len(),
            self.y_desc.to_lowercase(),
            layout::number(first.median),
            layout::number(first.estimate),
            layout::number(last.median),
            layout::number(last.estimate)
        )
    }

    fn how_to_read(&self) -> String {
        "Each bar is the median actual effort of the finished items estimated at that size; the \
         line runs from the 15th to the 85th percentile and the dot marks the 85th. Bars that rise \
         with the estimate mean estimates track effort; flat bars or ranges that overlap a lot mean \
         the sizes say little about how long work takes. When a promise must hold, read the dot."
            .to_owned()
    }

    fn is_empty(&self) -> bool {
        self.buckets.is_empty()
    }

    fn legend(&self) -> Vec<LegendEntry> {
        vec![
            LegendEntry::new(Mark::Box, palette::COMPLETED, "Median actual"),
            LegendEntry::new(Mark::Line, palette::TREND, "15th to 85th percentile"),
            LegendEntry::new(Mark::Dot, palette::TREND, "85th percentile"),
        ]
    }

    fn draw_plot<DB: DrawingBackend>(&self, area: &DrawingArea<DB, Shift>) -> DrawResult<DB> {
        let labels =
            Categories::new(self.buckets.iter().map(|bucket| bucket.label.clone()).collect(), 14, 12);
        let top = layout::axis_top(
            self.buckets.iter().flat_map(|bucket| [Some(bucket.median), bucket.p85]).flatten(),
        );
        let frame = Frame {
            x_desc: "Estimate (points, with the number of items)",
            y_desc: &self.y_desc,
            x: labels.range(),
            y: 0.0..top,
            y_label_width: 60,
        };
        let Some(mut plot) = frame.build(area, Some(&labels), None)? else { return Ok(()) };
        let bars = self
            .buckets
            .iter()
            .enumerate()
            .map(|(x, bucket)| layout::bar(x as f64, 0.6, 0.0, bucket.median, palette::COMPLETED));
        plot.draw_series(bars)?;
        let ranges = self.buckets.iter().enumerate().filter_map(|(x, bucket)| {
            let (low, high) = (bucket.p15?, bucket.p85?);
            Some(PathElement::new(vec![(x as f64, low), (x as f64, high)], palette::TREND.stroke_width(2)))
        });
        plot.draw_series(ranges)?;
        let dots =
            self.buckets.iter().enumerate().filter_map(|(x, bucket)| {
                Some(Circle::new((x as f64, bucket.p85?), 4, palette::TREND.filled()))
            });
        plot.draw_series(dots)?;
        Ok(())
    }
}

/// The spread of the poker votes of the items to discuss.
#[derive(Debug, Clone, PartialEq)]
pub struct PokerSpreadChart {
    title: String,
    /// Bottom to top: the widest spread at the top.
    items: Vec<PokerItem>,
}

#[derive(Debug, Clone, PartialEq)]
struct PokerItem {
    key: String,
    min: f64,
    max: f64,
    median: Option<f64>,
}

/// The poker spread of the report's items flagged `discuss` (at most the 25 widest spreads,
/// ties by key).
pub fn poker_spread(report: &EstimatesReport) -> PokerSpreadChart {
    let mut discussed: Vec<(usize, PokerItem)> = report
        .items
        .iter()
        .filter(|item| item.discuss)
        .filter_map(|item| {
            let (min, max) = (item.min.filter(|v| v.is_finite())?, item.max.filter(|v| v.is_finite())?);
            let median = item.median.filter(|v| v.is_finite());
            Some((item.spread.unwrap_or(0), PokerItem { key: item.key.clone(), min, max, median }))
        })
        .collect();
    let total = discussed.len();
    discussed.sort_by(|a, b| b.0.cmp(&a.0).then_with(|| a.1.key.cmp(&b.1.key)));
    discussed.truncate(MAX_POKER_ITEMS);
    let shown = if total > MAX_POKER_ITEMS {
        format!(" ({MAX_POKER_ITEMS} widest of {total})")
    } else {
        String::new()
    };
    PokerSpreadChart {
        title: format!("Poker spread of the items to discuss{shown}"),
        items: discussed.into_iter().rev().map(|(_, item)| item).collect(),
    }
}

impl Chart for PokerSpreadChart {
    fn name(&self) -> &'static str {
        "poker_spread"
    }

    fn title(&self) -> &str {
        &self.title
    }

    fn description(&self) -> String {
        let Some(widest) = self.items.last() else {
            return "No item needs a discussion of its estimate.".to_owned();
        };
        format!(
            "{} items to discuss; the widest spread, {}, has votes from {} to {} points.",
            self.items.len(),
            widest.key,
            layout::number(widest.min),
            layout::number(widest.max)
        )
    }

    fn how_to_read(&self) -> String {
        "Each line runs from the lowest to the highest vote an item got in its last planning-poker \
         round, widest at the top; the dot is the median vote. A long line means the team \
         understands the item differently: before voting again, ask the lowest and the highest \
         voter to explain."
            .to_owned()
    }

    fn is_empty(&self) -> bool {
        self.items.is_empty()
    }

    fn legend(&self) -> Vec<LegendEntry> {
        vec![
            LegendEntry::new(Mark::Line, palette::PLANNED, "Lowest to highest vote"),
            LegendEntry::new(Mark::Dot, palette::TREND, "Median vote"),
        ]
    }

    fn draw_plot<DB: DrawingBackend>(&self, area: &DrawingArea<DB, Shift>) -> DrawResult<DB> {
        let labels =
            Categories::new(self.items.iter().map(|item| item.key.clone()).collect(), MAX_POKER_ITEMS, 16);
        let right = layout::axis_top(self.items.iter().map(|item| item.max));
        let frame = Frame {
            x_desc: "Vote (points, last round)",
            y_desc: "Item",
            x: 0.0..right,
            y: labels.range(),
            y_label_width: 110,
        };
        let Some(mut plot) = frame.build(area, None, Some(&labels))? else { return Ok(()) };
        let ranges = self.items.iter().enumerate().map(|(y, item)| {
            PathElement::new(
                vec![(item.min, y as f64), (item.max, y as f64)],
                palette::PLANNED.stroke_width(4),
            )
        });
        plot.draw_series(ranges)?;
        let medians =
            self.items.iter().enumerate().filter_map(|(y, item)| {
                Some(Circle::new((item.median?, y as f64), 4, palette::TREND.filled()))
            });
        plot.draw_series(medians)?;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::charts::test_support::{Svg, svg_of};
    use refine_engine::estimates::{BucketStats, PokerStats};

    fn report(buckets: Vec<BucketStats>, items: Vec<PokerStats>) -> EstimatesReport {
        EstimatesReport {
            items,
            estimators: Vec::new(),
            actual_source: "cycle_time_days".to_owned(),
            buckets,
            correlations: Vec::new(),
            outliers: Vec::new(),
            re_estimated: Vec::new(),
            percentile_method: "nearest rank",
            warnings: Vec::new(),
        }
    }

    fn bucket(estimate: f64, n: usize, median: Option<f64>, p15: f64, p85: f64) -> BucketStats {
        BucketStats { estimate, n, median, p15: Some(p15), p85: Some(p85), cv: None }
    }

    fn poker(key: &str, min: f64, max: f64, median: f64, spread: usize, discuss: bool) -> PokerStats {
        PokerStats {
            key: key.to_owned(),
            round: 1,
            votes: 4,
            n: 4,
            unknown: 0,
            coffee: 0,
            unreadable: 0,
            snapped: 0,
            unknown_share: None,
            coffee_share: None,
            min: Some(min),
            max: Some(max),
            mean: None,
            median: Some(median),
            std: None,
            cv: None,
            spread: Some(spread),
            consensus: false,
            suggested: None,
            confidence: None,
            discuss,
            spike: false,
        }
    }

    #[test]
    fn a_median_bar_range_and_p85_dot_per_bucket() {
        let buckets = vec![
            bucket(1.0, 4, Some(1.5), 1.0, 2.0),
            bucket(3.0, 6, Some(3.0), 2.0, 5.5),
            bucket(5.0, 2, Some(6.0), 4.0, 9.0),
            // No median: no slot.
            bucket(8.0, 0, None, 0.0, 0.0),
        ];
        let svg = Svg::parse(&svg_of(&estimate_vs_actual(&report(buckets, Vec::new()))));
        assert_eq!(svg.filled("rect", palette::COMPLETED), 3 + 1);
        assert_eq!(svg.filled("circle", palette::TREND), 3 + 1);
        assert_eq!(svg.stroked("polyline", palette::TREND), 3 + 1);
        svg.assert_texts(&["Estimate vs actual: actual effort per estimate", "Cycle time (days)"]);
        svg.assert_texts(&["Estimate (points, with the number of items)", "1 (n=4)", "5 (n=2)"]);
    }

    #[test]
    fn poker_spread_shows_only_the_items_to_discuss() {
        let items = vec![
            poker("A-1", 3.0, 13.0, 5.0, 3, true),
            poker("A-2", 5.0, 8.0, 5.0, 1, false),
            poker("A-3", 1.0, 5.0, 2.0, 3, true),
        ];
        let svg = Svg::parse(&svg_of(&poker_spread(&report(Vec::new(), items))));
        assert_eq!(svg.stroked("polyline", palette::PLANNED), 2 + 1);
        assert_eq!(svg.filled("circle", palette::TREND), 2 + 1);
        svg.assert_texts(&[
            "Poker spread of the items to discuss",
            "A-1",
            "A-3",
            "Vote (points, last round)",
            "Item",
        ]);
        assert!(!svg.texts().iter().any(|text| text == "A-2"));
    }

    #[test]
    fn no_buckets_and_no_items_to_discuss_say_no_data() {
        let empty = report(Vec::new(), vec![poker("A-2", 5.0, 8.0, 5.0, 1, false)]);
        Svg::parse(&svg_of(&estimate_vs_actual(&empty))).assert_texts(&["No data"]);
        Svg::parse(&svg_of(&poker_spread(&empty))).assert_texts(&["No data"]);
    }
}
