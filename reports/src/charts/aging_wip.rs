//! Aging work in progress (as in ActionableAgile): each item in progress is a dot in the column
//! of its status, as high as its age (days since it was first in progress), over horizontal
//! bands of how long finished items took: up to the 50th, 70th, 85th and 95th percentile of
//! cycle time. A dot above the 85th percentile line is older than 85% of the finished items
//! were when they were done: it is at risk, drawn in vermillion and named by its key.
//!
//! **Column order.** The engine knows which statuses are "in progress" but not their order in
//! the workflow: `[status]` in refine.toml maps names to categories without an order, and the
//! cumulative flow counts categories, not statuses. So the columns are in the order of the
//! status names (ignoring case), and items without a status come last as "(no status)". Within
//! a column the dots are spread side by side, oldest first, so that equal ages stay visible;
//! the keys of at-risk items alternate right and left of their dots, so that the keys of two
//! neighbours of about the same age do not overlap.
//! Items whose start the history does not give have no age and no dot; the description counts
//! them.

use std::collections::BTreeMap;

use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

use refine_engine::flow::{AgingItem, DurationSummary, FlowReport};

use super::layout::{self, Categories, DrawResult, Frame, LegendEntry, Mark, ZONE_OPACITY};
use super::percentiles::{self, AT_RISK_PERCENT, PercentileLine};
use super::{Chart, palette};

/// The column of items without a status.
const NO_STATUS: &str = "(no status)";
/// Longest key written beside an at-risk dot.
const MAX_KEY: usize = 14;
/// The width of a column the dots spread over.
const SPREAD: f64 = 0.8;

/// The aging work-in-progress chart.
#[derive(Debug, Clone, PartialEq)]
pub struct AgingWipChart {
    /// The status columns, left to right.
    statuses: Vec<String>,
    /// The items with an age, oldest first within each column.
    items: Vec<AgingDot>,
    /// Items in progress without a known start.
    unknown_ages: usize,
    lines: Vec<PercentileLine>,
}

/// One item in progress.
#[derive(Debug, Clone, PartialEq)]
struct AgingDot {
    key: String,
    /// Its place across: the column's index plus its offset within the column.
    x: f64,
    age_days: f64,
}

/// The aging chart of a flow report's work in progress, over its cycle-time percentiles.
pub fn aging_wip(flow: &FlowReport) -> AgingWipChart {
    aging_of(flow.aging.iter(), &flow.cycle_time)
}

/// The aging chart of the given items in progress (oldest first) and cycle-time percentiles.
fn aging_of<'a>(
    items: impl IntoIterator<Item = AgingItem<'a>>,
    cycle_time: &DurationSummary,
) -> AgingWipChart {
    let mut unknown_ages = 0;
    // Status column (sorted: items without a status last, then by the name in lower case,
    // then as written) → its items' (key, age), in the given order.
    let mut columns: BTreeMap<(bool, String, String), Vec<(String, f64)>> = BTreeMap::new();
    for item in items {
        let Some(age) = item.age_days.filter(|age| age.is_finite()) else {
            unknown_ages += 1;
            continue;
        };
        let status = item.status.map(str::trim).filter(|status| !status.is_empty());
        let sort_key = (
            status.is_none(),
            status.unwrap_or(NO_STATUS).to_lowercase(),
            status.unwrap_or(NO_STATUS).to_owned(),
        );
        columns.entry(sort_key).or_default().push((item.key.to_owned(), age));
    }
    let mut dots = Vec::new();
    for (column, column_items) in columns.values().enumerate() {
        let step = if column_items.len() > 1 { SPREAD / (column_items.len() - 1) as f64 } else { 0.0 };
        let first = if column_items.len() > 1 { -SPREAD / 2.0 } else { 0.0 };
        dots.extend(column_items.iter().enumerate().map(|(index, (key, age))| AgingDot {
            key: key.clone(),
            x: column as f64 + first + step * index as f64,
            age_days: *age,
        }));
    }
    AgingWipChart {
        statuses: columns.into_keys().map(|(_, _, status)| status).collect(),
        items: dots,
        unknown_ages,
        lines: percentiles::lines(cycle_time),
    }
}

impl AgingWipChart {
    /// The age past which an item is at risk: the 85th percentile of cycle time.
    fn risk_days(&self) -> Option<f64> {
        percentiles::days_at(&self.lines, AT_RISK_PERCENT)
    }

    /// Whether an item is older than the risk age.
    fn at_risk(&self, dot: &AgingDot) -> bool {
        self.risk_days().is_some_and(|days| dot.age_days > days)
    }
}

impl Chart for AgingWipChart {
    fn name(&self) -> &'static str {
        "aging_wip"
    }

    fn title(&self) -> &str {
        "Aging work in progress: age of each item in progress"
    }

    fn description(&self) -> String {
        let unknown = match self.unknown_ages {
            0 => String::new(),
            count => format!(" ({count} more without a known start)"),
        };
        let Some(oldest) =
            self.items.iter().reduce(|oldest, dot| if dot.age_days > oldest.age_days { dot } else { oldest })
        else {
            return format!("No item in progress has a known age{unknown}.");
        };
        let risk = self.risk_days().map_or_else(String::new, |days| {
            let at_risk = self.items.iter().filter(|dot| self.at_risk(dot)).count();
            format!("; {at_risk} older than the 85th percentile cycle time of {}", layout::days(days))
        });
        format!(
            "{} items in progress in {} statuses{unknown}{risk}; the oldest, {}, started {} ago.",
            self.items.len(),
            self.statuses.len(),
            oldest.key,
            layout::days(oldest.age_days)
        )
    }

    fn how_to_read(&self) -> String {
        let risk = self.risk_days().map_or_else(
            || "Without finished items there are no bands yet to compare with.".to_owned(),
            |days| {
                format!(
                    "An item above the 85% line ({}) is already older than 85% of finished items \
                     were at the end: it is at risk, so swarm on it, split it or unblock it.",
                    layout::days(days)
                )
            },
        );
        format!(
            "Each dot is an item in progress, in the column of its status, as high as the days \
             since it started. The coloured bands show how long finished items took. {risk} \
             Columns are in the order of the status names."
        )
    }

    fn is_empty(&self) -> bool {
        self.items.is_empty()
    }

    fn legend(&self) -> Vec<LegendEntry> {
        let mut entries: Vec<LegendEntry> =
            self.lines.iter().map(|line| LegendEntry::new(Mark::Zone, line.color, line.label())).collect();
        entries.push(LegendEntry::new(Mark::Dot, palette::WIP_ITEM, "Item in progress"));
        if self.risk_days().is_some() {
            entries.push(LegendEntry::new(Mark::Dot, palette::AT_RISK, "Older than 85% of finished items"));
        }
        entries
    }

    fn draw_plot<DB: DrawingBackend>(&self, area: &DrawingArea<DB, Shift>) -> DrawResult<DB> {
        let labels = Categories::new(self.statuses.clone(), 12, 16);
        let top = layout::axis_top(
            self.items.iter().map(|dot| dot.age_days).chain(self.lines.iter().map(|line| line.days)),
        );
        let x = labels.range();
        let frame = Frame {
            x_desc: "Status",
            y_desc: "Age (days since started)",
            x: x.clone(),
            y: 0.0..top,
            y_label_width: 60,
        };
        let Some(mut plot) = frame.build(area, Some(&labels), None)? else { return Ok(()) };
        let bands = self.lines.iter().scan(0.0, |below, line| {
            let band = Rectangle::new(
                [(x.start, *below), (x.end, line.days)],
                line.color.mix(ZONE_OPACITY).filled(),
            );
            *below = line.days;
            Some(band)
        });
        plot.draw_series(bands)?;
        percentiles::draw_lines(&mut plot, &self.lines, &x)?;
        let dots = self.items.iter().map(|dot| {
            let color = if self.at_risk(dot) { palette::AT_RISK } else { palette::WIP_ITEM };
            Circle::new((dot.x, dot.age_days), 4, color.filled())
        });
        plot.draw_series(dots)?;
        let right = layout::label_font().pos(Pos::new(HPos::Left, VPos::Center));
        let left = layout::label_font().pos(Pos::new(HPos::Right, VPos::Center));
        let keys = self.items.iter().filter(|dot| self.at_risk(dot)).enumerate().map(|(index, dot)| {
            let (style, offset) = if index % 2 == 0 { (&right, 6) } else { (&left, -6) };
            EmptyElement::at((dot.x, dot.age_days))
                + Text::new(layout::shorten(&dot.key, MAX_KEY), (offset, 0), style.clone())
        });
        plot.draw_series(keys)?;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::charts::test_support::{Svg, svg_of};

    fn item<'a>(key: &'a str, status: Option<&'a str>, age_days: Option<f64>) -> AgingItem<'a> {
        AgingItem { key, title: None, status, started: None, age_days }
    }

    /// Cycle times 1 to 10 days: p50 = 5, p70 = 7, p85 = 9, p95 = 10 (nearest rank).
    fn cycle_time() -> DurationSummary {
        let sample: Vec<f64> = (1..=10).map(f64::from).collect();
        DurationSummary::of(&sample, &[50.0, 70.0, 85.0, 95.0])
    }

    fn chart() -> AgingWipChart {
        let items = [
            item("A-1", Some("Review"), Some(12.0)),
            item("A-2", Some("In Progress"), Some(9.5)),
            item("A-3", Some("in progress"), Some(3.0)),
            item("A-4", Some("Review"), Some(2.0)),
            item("A-5", None, Some(1.0)),
            item("A-6", Some("Review"), None),
        ];
        aging_of(items, &cycle_time())
    }

    #[test]
    fn columns_by_status_name_ignoring_case_and_no_status_last() {
        let chart = chart();
        assert_eq!(chart.statuses, ["In Progress", "in progress", "Review", NO_STATUS]);
        let placed: Vec<(&str, f64, f64)> = chart
            .items
            .iter()
            .map(|dot| (dot.key.as_str(), (dot.x * 1e6).round() / 1e6, dot.age_days))
            .collect();
        // Two items in Review spread over 0.8 around column 2; one item a column sits on it.
        assert_eq!(
            placed,
            [("A-2", 0.0, 9.5), ("A-3", 1.0, 3.0), ("A-1", 1.6, 12.0), ("A-4", 2.4, 2.0), ("A-5", 3.0, 1.0)]
        );
        assert_eq!(chart.unknown_ages, 1);
    }

    #[test]
    fn items_above_the_85th_percentile_are_at_risk_and_named() {
        let chart = chart();
        let text = svg_of(&chart);
        let svg = Svg::parse(&text);
        // A-1 (12 days) and A-2 (9.5) are older than p85 = 9 days; 3 others are not.
        assert_eq!(svg.filled("circle", palette::AT_RISK), 2 + 1);
        assert_eq!(svg.filled("circle", palette::WIP_ITEM), 3 + 1);
        svg.assert_texts(&["A-1", "A-2", "50%: 5 days", "85%: 9 days", "Older than 85% of finished items"]);
        assert!(!svg.texts().iter().any(|text| text == "A-3"), "only at-risk items are named");
        // Four bands, each a zone-opacity rectangle in its line's colour; the legend swatches
        // are rectangles of the same colour and opacity.
        for color in palette::PERCENTILES {
            let hex = palette::hex(color);
            let zones = text.matches(&format!("opacity=\"0.18\" fill=\"{hex}\"")).count();
            assert_eq!(zones, 2, "{hex}: band and swatch");
        }
        assert_eq!(
            chart.description(),
            "5 items in progress in 4 statuses (1 more without a known start); 2 older than the 85th \
             percentile cycle time of 9 days; the oldest, A-1, started 12 days ago."
        );
        assert!(chart.how_to_read().contains("above the 85% line (9 days)"));
    }

    #[test]
    fn the_bands_stack_from_zero_to_each_percentile() {
        // The y axis runs 0 to 13.2 (12 × 1.1). The 50% band spans 0–5 days and the 95% band
        // 9–10 days: heights in the ratio 5 : 1, the 95% band's bottom 9/13.2 of the way up.
        let text = svg_of(&chart());
        let document = roxmltree::Document::parse(&text).unwrap_or_else(|error| panic!("{error}"));
        let band = |color| {
            let hex = palette::hex(color);
            document
                .descendants()
                .filter(|node| node.has_tag_name("rect") && node.attribute("fill") == Some(hex.as_str()))
                .map(|node| {
                    let at =
                        |name| node.attribute(name).and_then(|value: &str| value.parse().ok()).unwrap_or(0.0);
                    (at("y"), at("height"))
                })
                .max_by(|a: &(f64, f64), b| a.1.total_cmp(&b.1).then(b.0.total_cmp(&a.0)))
                .unwrap_or_default()
        };
        let (low, high) = (band(palette::BLUISH_GREEN), band(palette::REDDISH_PURPLE));
        let pixels_per_day = low.1 / 5.0;
        assert!((high.1 - pixels_per_day).abs() <= 1.0, "{low:?} {high:?}");
        let axis_bottom = low.0 + low.1;
        assert!((high.0 + high.1 - (axis_bottom - 9.0 * pixels_per_day)).abs() <= 1.0);
    }

    #[test]
    fn keys_from_the_inputs_are_text_in_the_drawing_and_the_description() {
        let chart = aging_of([item("<b>A&1</b>", Some("<i>Doing</i>"), Some(20.0))], &cycle_time());
        let text = svg_of(&chart);
        assert!(!text.contains("<b>") && !text.contains("<i>"), "never markup");
        assert!(text.contains("&lt;b&gt;A&amp;1&lt;/b&gt;"));
        let svg = Svg::parse(&text);
        svg.assert_texts(&["<b>A&1</b>", "<i>Doing</i>"]);
        let document = roxmltree::Document::parse(&text).unwrap_or_else(|error| panic!("{error}"));
        let desc = document.descendants().find(|node| node.has_tag_name("desc")).and_then(|node| node.text());
        assert_eq!(desc, Some(chart.description().as_str()));
        assert!(chart.description().contains("the oldest, <b>A&1</b>, started 20 days ago"));
    }

    #[test]
    fn no_finished_items_draw_the_dots_without_bands_and_no_age_says_no_data() {
        let chart = aging_of([item("A-1", Some("Doing"), Some(4.0))], &DurationSummary::of(&[], &[85.0]));
        let svg = Svg::parse(&svg_of(&chart));
        assert_eq!(svg.filled("circle", palette::WIP_ITEM), 1 + 1);
        assert!(chart.how_to_read().contains("no bands yet"));
        let empty = aging_of([item("A-1", Some("Doing"), None)], &cycle_time());
        Svg::parse(&svg_of(&empty)).assert_texts(&["No data"]);
        assert_eq!(
            empty.description(),
            "No item in progress has a known age (1 more without a known start)."
        );
    }

    #[test]
    fn small_svg() {
        insta::assert_snapshot!(
            crate::charts::to_svg(&chart(), crate::charts::Size { width: 400, height: 240 })
                .unwrap_or_default()
        );
    }
}
