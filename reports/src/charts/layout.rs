//! What every chart shares: the embedded font, text styles, the plot frame (margins, axis
//! descriptions, light grid), the legend box, categorical axes (one slot per sprint, week or
//! bucket, labels thinned so they never overlap) and the "No data" panel.
//!
//! **Bounded axes.** plotters computes an axis's ticks in a loop that never ends when an end of
//! the range is infinite (a value near `f64::MAX` times the 10 % headroom is), and draws nothing
//! readable when the range is not a number or is astronomically wide. So every axis passes
//! [`Frame::build`]'s check first: both ends finite, the start below the end, and no end beyond
//! ±[`AXIS_LIMIT`]. A chart whose axes fail it says so in its plot area and the report goes on.
//! (The loaders already leave out values no team could mean, so this only guards what arrives
//! some other way.)

use std::ops::Range;
use std::sync::OnceLock;

use plotters::coord::Shift;
use plotters::coord::types::RangedCoordf64;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

use super::ChartError;
use super::palette;

/// What a drawing step returns.
pub type DrawResult<DB> = Result<(), DrawingAreaErrorKind<<DB as DrawingBackend>::ErrorType>>;

/// A plot with numeric axes.
pub(crate) type Plot<'a, DB> = ChartContext<'a, DB, Cartesian2d<RangedCoordf64, RangedCoordf64>>;

/// DejaVu Sans, subset (see reports/assets/README.md).
static FONT: &[u8] = include_bytes!("../../assets/DejaVuSans-subset.ttf");

/// The family every text style names; the embedded font is registered under it.
pub(crate) const FAMILY: &str = "sans-serif";

/// Registers the embedded font with plotters once per process.
pub(crate) fn register_font() -> Result<(), ChartError> {
    static REGISTERED: OnceLock<bool> = OnceLock::new();
    let registered = REGISTERED.get_or_init(|| {
        plotters::style::register_font(FAMILY, FontStyle::Normal, FONT).is_ok()
            && plotters::style::register_font(FAMILY, FontStyle::Bold, FONT).is_ok()
    });
    if *registered { Ok(()) } else { Err(ChartError::Font) }
}

pub(crate) fn title_font() -> TextStyle<'static> {
    (FAMILY, 20).into_font().style(FontStyle::Bold).color(&palette::BLACK)
}

pub(crate) fn label_font() -> TextStyle<'static> {
    (FAMILY, 12).into_font().color(&palette::BLACK)
}

fn axis_font() -> TextStyle<'static> {
    (FAMILY, 14).into_font().color(&palette::BLACK)
}

/// "No data" in the middle of the area.
pub(crate) fn draw_no_data<DB: DrawingBackend>(area: &DrawingArea<DB, Shift>) -> DrawResult<DB> {
    draw_message(area, "No data")
}

/// A short message in grey in the middle of the area, in place of a plot.
fn draw_message<DB: DrawingBackend>(area: &DrawingArea<DB, Shift>, message: &str) -> DrawResult<DB> {
    let (width, height) = area.dim_in_pixel();
    let style = (FAMILY, 18).into_font().color(&palette::GREY).pos(Pos::new(HPos::Center, VPos::Center));
    let middle = (i32::try_from(width / 2).unwrap_or(0), i32::try_from(height / 2).unwrap_or(0));
    area.draw_text(message, &style, middle)
}

/// The largest magnitude an axis may reach: far beyond any count, point or day a report shows,
/// and small enough that tick labels stay exact whole numbers.
pub(crate) const AXIS_LIMIT: f64 = 1e12;

/// Whether plotters can lay out an axis over `range` (see the module documentation).
pub(crate) fn is_drawable(range: &Range<f64>) -> bool {
    let within = |end: f64| end.is_finite() && end.abs() <= AXIS_LIMIT;
    within(range.start) && within(range.end) && range.start < range.end
}

/// An axis end for a message: plain when readable, in exponent form when huge.
fn axis_end(value: f64) -> String {
    if value.is_finite() && value.abs() < 1e15 { number(value) } else { format!("{value:e}") }
}

/// The frame of a plot: margins, label areas, axis descriptions with units, a light grid.
pub(crate) struct Frame<'f> {
    /// What the x axis shows, with its unit.
    pub x_desc: &'f str,
    /// What the y axis shows, with its unit.
    pub y_desc: &'f str,
    /// The x range.
    pub x: Range<f64>,
    /// The y range.
    pub y: Range<f64>,
    /// Space for the y labels, in pixels (wider for item keys).
    pub y_label_width: u32,
}

impl Frame<'_> {
    /// Builds the plot and draws its axes; `x_labels` / `y_labels` name the ticks of an axis
    /// that is not plain numbers (categories, dates). `None` when an axis cannot be drawn (see
    /// the module documentation): the area then says why instead, and the chart draws nothing
    /// more.
    pub(crate) fn build<'a, DB: DrawingBackend>(
        &self,
        area: &'a DrawingArea<DB, Shift>,
        x_labels: Option<&dyn Ticks>,
        y_labels: Option<&dyn Ticks>,
    ) -> Result<Option<Plot<'a, DB>>, DrawingAreaErrorKind<DB::ErrorType>> {
        for (name, range) in [("horizontal", &self.x), ("vertical", &self.y)] {
            if !is_drawable(range) {
                // Short enough for the narrowest chart; the report's data-quality section
                // names the values.
                let message = format!(
                    "Cannot draw: the {name} axis would run from {} to {}",
                    axis_end(range.start),
                    axis_end(range.end)
                );
                draw_message(area, &message)?;
                return Ok(None);
            }
        }
        let mut plot = ChartBuilder::on(area)
            .margin(10)
            .margin_right(20)
            .x_label_area_size(45)
            .y_label_area_size(self.y_label_width)
            .build_cartesian_2d(self.x.clone(), self.y.clone())?;
        let x_format = |value: &f64| x_labels.map_or_else(|| number(*value), |labels| labels.at(*value));
        let y_format = |value: &f64| y_labels.map_or_else(|| number(*value), |labels| labels.at(*value));
        let mut mesh = plot.configure_mesh();
        mesh.x_desc(self.x_desc)
            .y_desc(self.y_desc)
            .axis_desc_style(axis_font())
            .label_style(label_font())
            .light_line_style(TRANSPARENT)
            .bold_line_style(palette::GREY.mix(0.3))
            .x_label_formatter(&x_format)
            .y_label_formatter(&y_format);
        match x_labels {
            Some(labels) if !labels.has_grid() => mesh.disable_x_mesh().x_labels(labels.tick_count()),
            Some(labels) => mesh.x_labels(labels.tick_count()),
            None => mesh.x_labels(10),
        };
        match y_labels {
            Some(labels) if !labels.has_grid() => mesh.disable_y_mesh().y_labels(labels.tick_count()),
            Some(labels) => mesh.y_labels(labels.tick_count()),
            None => mesh.y_labels(8),
        };
        mesh.draw()?;
        Ok(Some(plot))
    }
}

/// How a legend entry shows its series.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Mark {
    /// A filled square (bars, areas).
    Box,
    /// A light square (a zone drawn with the zone opacity).
    Zone,
    /// A short line.
    Line,
    /// A dot.
    Dot,
}

/// One entry of a chart's legend.
#[derive(Debug, Clone, PartialEq)]
pub struct LegendEntry {
    /// How the series looks.
    pub mark: Mark,
    /// Its colour.
    pub color: RGBColor,
    /// What it is.
    pub label: String,
}

impl LegendEntry {
    pub(crate) fn new(mark: Mark, color: RGBColor, label: impl Into<String>) -> LegendEntry {
        LegendEntry { mark, color, label: label.into() }
    }
}

/// The opacity of a zone fill: light enough for what is drawn on it to stay readable.
pub(crate) const ZONE_OPACITY: f64 = 0.18;

const LEGEND_ROW: u32 = 20;
const SWATCH: i32 = 12;
const ENTRY_GAP: i32 = 24;

/// Lays the legend out in rows across the top of `area` (under the title, never over the
/// data), draws it, and returns the area left for the plot.
pub(crate) fn draw_legend_strip<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    entries: &[LegendEntry],
) -> Result<DrawingArea<DB, Shift>, DrawingAreaErrorKind<DB::ErrorType>> {
    if entries.is_empty() {
        return Ok(area.clone());
    }
    let (width, _) = area.dim_in_pixel();
    let width = i32::try_from(width).unwrap_or(i32::MAX);
    let font = label_font();
    let mut placed = Vec::with_capacity(entries.len());
    let (mut x, mut row) = (ENTRY_GAP, 0);
    for entry in entries {
        let (text_width, _) = area.estimate_text_size(&entry.label, &font)?;
        let entry_width = SWATCH + 6 + i32::try_from(text_width).unwrap_or(0);
        if x > ENTRY_GAP && x + entry_width > width - ENTRY_GAP {
            (x, row) = (ENTRY_GAP, row + 1);
        }
        placed.push((x, row, entry));
        x += entry_width + ENTRY_GAP;
    }
    let rows = u32::try_from(row + 1).unwrap_or(1);
    let (strip, plot) = area.split_vertically(rows * LEGEND_ROW + 4);
    let text_style = font.pos(Pos::new(HPos::Left, VPos::Center));
    for (x, row, entry) in placed {
        let y = row * LEGEND_ROW as i32 + LEGEND_ROW as i32 / 2;
        let color = entry.color;
        let square = [(x, y - 6), (x + SWATCH, y + 6)];
        match entry.mark {
            Mark::Box => strip.draw(&Rectangle::new(square, color.filled()))?,
            Mark::Zone => strip.draw(&Rectangle::new(square, color.mix(ZONE_OPACITY).filled()))?,
            Mark::Line => {
                strip.draw(&PathElement::new(vec![(x, y), (x + SWATCH, y)], color.stroke_width(3)))?
            }
            Mark::Dot => strip.draw(&Circle::new((x + SWATCH / 2, y), 4, color.filled()))?,
        }
        strip.draw_text(&entry.label, &text_style, (x + SWATCH + 6, y))?;
    }
    Ok(plot)
}

/// A bar from `y0` to `y1` centred on `x`.
pub(crate) fn bar(x: f64, width: f64, y0: f64, y1: f64, color: RGBColor) -> Rectangle<(f64, f64)> {
    Rectangle::new([(x - width / 2.0, y0), (x + width / 2.0, y1)], color.filled())
}

/// The top of a value axis: a little above the largest value, 1 when there is none. Near
/// `f64::MAX` the headroom would overflow to infinity, so the top is then the value itself (and
/// [`Frame::build`] refuses the axis as too wide).
pub(crate) fn axis_top(values: impl IntoIterator<Item = f64>) -> f64 {
    let largest = values.into_iter().filter(|value| value.is_finite()).fold(0.0, f64::max);
    let top = largest * 1.1;
    match (largest > 0.0, top.is_finite()) {
        (false, _) => 1.0,
        (true, true) => top,
        (true, false) => largest,
    }
}

/// A duration for reading: days rounded to one decimal (`9.5 days`, `1 day`).
pub(crate) fn days(value: f64) -> String {
    let rounded = (value * 10.0).round() / 10.0;
    let unit = if rounded == 1.0 { "day" } else { "days" };
    format!("{} {unit}", number(rounded))
}

/// A tick label of a numeric axis: whole numbers without decimals, others with up to two.
pub(crate) fn number(value: f64) -> String {
    if (value - value.round()).abs() < 1e-9 {
        format!("{}", value.round() as i64)
    } else {
        let text = format!("{value:.2}");
        text.trim_end_matches('0').trim_end_matches('.').to_owned()
    }
}

/// The tick labels of an axis that is not plain numbers.
pub(crate) trait Ticks {
    /// How many ticks to ask plotters for.
    fn tick_count(&self) -> usize;

    /// The label at a tick (empty for none).
    fn at(&self, value: f64) -> String;

    /// Whether the axis draws grid lines at its ticks (a continuous axis does, categories
    /// do not).
    fn has_grid(&self) -> bool;
}

/// The labels of a categorical axis: slot `i` is centred on `i`, and only every `step`-th
/// label is shown so that they fit.
pub(crate) struct Categories {
    labels: Vec<String>,
    step: usize,
}

impl Categories {
    /// At most `max_shown` labels are shown; each is cut to `max_chars` characters.
    pub(crate) fn new(labels: Vec<String>, max_shown: usize, max_chars: usize) -> Categories {
        let step = labels.len().div_ceil(max_shown.max(1)).max(1);
        let labels = labels.into_iter().map(|label| shorten(&label, max_chars)).collect();
        Categories { labels, step }
    }

    /// The range of the axis: half a slot of room on both sides.
    pub(crate) fn range(&self) -> Range<f64> {
        -0.5..(self.labels.len() as f64 - 0.5).max(0.5)
    }
}

impl Ticks for Categories {
    fn tick_count(&self) -> usize {
        // plotters puts ticks on "nice" values; asking for one per slot puts them on the slots.
        self.labels.len().clamp(1, 100)
    }

    /// The label at a tick: the slot's label when the tick is on a shown slot, else nothing.
    fn at(&self, value: f64) -> String {
        let index = value.round();
        if (value - index).abs() > 1e-6 || index < 0.0 {
            return String::new();
        }
        let index = index as usize;
        if !index.is_multiple_of(self.step) {
            return String::new();
        }
        self.labels.get(index).cloned().unwrap_or_default()
    }

    fn has_grid(&self) -> bool {
        false
    }
}

/// `text` cut to `max_chars` characters with an ellipsis.
pub(crate) fn shorten(text: &str, max_chars: usize) -> String {
    if text.chars().count() <= max_chars {
        return text.to_owned();
    }
    let kept: String = text.chars().take(max_chars.saturating_sub(1)).collect();
    format!("{kept}…")
}

/// The words all `names` start with (e.g. "SHOP Sprint "), and the names without them; no
/// prefix when a name would be left empty or there is only one name.
pub(crate) fn common_prefix(names: &[String]) -> (String, Vec<String>) {
    let Some(first) = names.first() else { return (String::new(), Vec::new()) };
    let mut prefix_len = first.len();
    for name in names {
        prefix_len = first.bytes().zip(name.bytes()).take(prefix_len).take_while(|(a, b)| a == b).count();
    }
    // Cut after the last space within the common part, so that words stay whole.
    let prefix_len =
        first.get(..prefix_len).and_then(|common| common.rfind(' ')).map_or(0, |space| space + 1);
    let stripped: Vec<String> =
        names.iter().map(|name| name.get(prefix_len..).unwrap_or(name).to_owned()).collect();
    if names.len() < 2 || prefix_len == 0 || stripped.iter().any(String::is_empty) {
        (String::new(), names.to_vec())
    } else {
        (first.get(..prefix_len).unwrap_or_default().to_owned(), stripped)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn common_prefix_keeps_words_whole() {
        let names = ["SHOP Sprint 1", "SHOP Sprint 12", "SHOP Sprint 2"].map(str::to_owned);
        assert_eq!(
            common_prefix(&names),
            ("SHOP Sprint ".to_owned(), vec!["1".into(), "12".into(), "2".into()])
        );
        let names = ["Sprint 1", "Sprint 1b"].map(str::to_owned);
        assert_eq!(common_prefix(&names).0, "Sprint ");
        assert_eq!(common_prefix(&["Alpha".to_owned(), "Alps".to_owned()]).0, "", "no word boundary");
        assert_eq!(common_prefix(&["Sprint 1".to_owned()]).0, "", "one name keeps its words");
        assert_eq!(common_prefix(&["Alpha".to_owned(), "Beta".to_owned()]).0, "");
    }

    #[test]
    fn categories_thin_their_labels() {
        let labels = Categories::new((0..10).map(|i| format!("w{i}")).collect(), 4, 10);
        let shown: Vec<String> = (0..10).map(|i| labels.at(i as f64)).collect();
        assert_eq!(shown, ["w0", "", "", "w3", "", "", "w6", "", "", "w9"]);
        assert_eq!(labels.at(0.5), "");
        assert_eq!(shorten("abcdefgh", 5), "abcd…");
        assert_eq!((number(3.0), number(2.5), number(0.126)), ("3".into(), "2.5".into(), "0.13".into()));
        assert_eq!((days(9.46), days(1.04), days(0.0)), ("9.5 days".into(), "1 day".into(), "0 days".into()));
    }
}
