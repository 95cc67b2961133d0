//! Charts of the report, drawn with plotters: SVG text by default, PNG bytes on request.
//!
//! Each chart is a plain struct built from an engine result by a pure function (`velocity`,
//! `forecast`, `estimate_vs_actual`, `poker_spread`, `opportunity_landscape`, `backlog_age`,
//! `inflow_outflow`, `cumulative_flow`, `deep_scorecard`, `cycle_time_scatter`, `aging_wip`,
//! `backlog_forecast`, `throughput_run_chart`); [`to_svg`] and [`to_png`] draw any of them.
//! Every chart has a title, axes with their units, a legend and the colour-blind-safe
//! Okabe–Ito colours of [`palette`]; empty input draws the title over "No data" instead of
//! failing. The same input gives the same bytes: nothing depends on the clock, the locale, a
//! hash order or the fonts installed.
//!
//! **Reading.** Every chart has a [`Chart::name`] (its file stem, unique in a report), a
//! one-sentence [`Chart::description`] of its data and a short [`Chart::how_to_read`] paragraph
//! for people who do not read charts every day. The SVG is accessible: its root has `role="img"`
//! and `aria-labelledby` naming a `<title>` (the chart's title) and a `<desc>` (its
//! description), with ids made from the name (`chart-velocity-title`), so several charts can
//! share one page (see `accessible.rs`).
//!
//! **Text.** SVG writes text as `<text>` elements (escaped by plotters) in the reader's own
//! sans-serif font. Text has to be measured for the layout, and PNG text has to be rasterised,
//! so plotters' `ab_glyph` font support draws with a font embedded in this crate: a subset of
//! DejaVu Sans (Latin, Latin-1, Latin Extended-A, common punctuation and symbols; see
//! `reports/assets/README.md`). No system font is looked up, so charts draw the same on a bare
//! machine. Characters outside the subset are boxes in PNG (SVG shows them as the browser does).

mod accessible;
mod age;
mod aging_wip;
mod backlog_forecast;
mod cumulative;
mod cycle_time_scatter;
mod date_axis;
mod deep;
mod estimates;
mod forecast;
mod inflow;
mod layout;
mod opportunity;
pub mod palette;
mod percentiles;
mod throughput;
mod velocity;

#[cfg(test)]
mod test_support;
#[cfg(test)]
mod tests;

use plotters::coord::Shift;
use plotters::prelude::*;

pub use age::{BacklogAgeChart, backlog_age};
pub use aging_wip::{AgingWipChart, aging_wip};
pub use backlog_forecast::{BacklogForecastChart, backlog_forecast};
pub use cumulative::{CumulativeFlowChart, cumulative_flow};
pub use cycle_time_scatter::{CycleTimeScatterChart, cycle_time_scatter};
pub use deep::{DeepScorecardChart, ScorecardPart, deep_scorecard};
pub use estimates::{EstimateVsActualChart, PokerSpreadChart, estimate_vs_actual, poker_spread};
pub use forecast::{ForecastChart, forecast};
pub use inflow::{InflowOutflowChart, WeekFlow, inflow_outflow};
pub use layout::{DrawResult, LegendEntry, Mark};
pub use opportunity::{OpportunityChart, opportunity_landscape};
pub use throughput::{ThroughputRunChart, throughput_run_chart};
pub use velocity::{VelocityChart, velocity};

/// The size of a chart in pixels (SVG user units).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Size {
    /// Width.
    pub width: u32,
    /// Height.
    pub height: u32,
}

impl Default for Size {
    /// 800 × 400: readable on a laptop screen and on a printed A4 page.
    fn default() -> Self {
        Size { width: 800, height: 400 }
    }
}

/// An image format a chart can be written in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ImageFormat {
    /// SVG text (the default: scalable, small, inlined in index.html).
    Svg,
    /// PNG bytes.
    Png,
}

impl ImageFormat {
    /// The file extension, without the dot.
    pub fn extension(self) -> &'static str {
        match self {
            ImageFormat::Svg => "svg",
            ImageFormat::Png => "png",
        }
    }
}

/// What can stop a chart from being drawn.
#[derive(Debug, thiserror::Error)]
pub enum ChartError {
    /// The size has a zero side, or is too large to hold in memory.
    #[error("a chart of {width} x {height} pixels cannot be drawn; use sides of 1 to 10000 pixels")]
    BadSize {
        /// Width asked for.
        width: u32,
        /// Height asked for.
        height: u32,
    },
    /// The embedded font could not be read (a build defect).
    #[error("the embedded chart font cannot be read")]
    Font,
    /// plotters failed to draw.
    #[error("the chart cannot be drawn: {0}")]
    Draw(String),
    /// The PNG encoder failed.
    #[error("the PNG cannot be encoded: {0}")]
    Png(String),
}

/// What a chart draws. The public functions of this module build the charts; [`to_svg`] and
/// [`to_png`] draw them.
pub trait Chart {
    /// The chart's name: its file stem (`velocity`, `cycle_time_scatter`), unique among the
    /// charts, and the stem of its SVG ids.
    fn name(&self) -> &'static str;

    /// The title drawn at the top.
    fn title(&self) -> &str;

    /// One sentence summing up the data (`82 finished items; 85% finished within 9.5 days.`):
    /// the SVG's `<desc>`, read out by screen readers.
    fn description(&self) -> String;

    /// How to read the chart: two to four plain sentences for someone who does not read
    /// charts every day, naming figures of the data where they help.
    fn how_to_read(&self) -> String;

    /// Whether there is nothing to plot (the chart then says "No data").
    fn is_empty(&self) -> bool;

    /// The legend: one entry per series, drawn in a strip under the title.
    fn legend(&self) -> Vec<LegendEntry>;

    /// Draws the plot, axes and legend into `area` (the space under the title).
    fn draw_plot<DB: DrawingBackend>(&self, area: &DrawingArea<DB, Shift>) -> layout::DrawResult<DB>;
}

/// Draws a chart as SVG text, labelled for screen readers (see the module documentation).
pub fn to_svg(chart: &impl Chart, size: Size) -> Result<String, ChartError> {
    check_size(size)?;
    layout::register_font()?;
    let mut svg = String::new();
    {
        let root = SVGBackend::with_string(&mut svg, (size.width, size.height)).into_drawing_area();
        draw(chart, &root)?;
    }
    accessible::label(&svg, chart.name(), chart.title(), &chart.description())
}

/// Draws a chart as PNG bytes (8-bit RGB).
pub fn to_png(chart: &impl Chart, size: Size) -> Result<Vec<u8>, ChartError> {
    check_size(size)?;
    layout::register_font()?;
    let pixels = size.width as usize * size.height as usize * 3;
    let mut buffer = vec![0u8; pixels];
    {
        let root = BitMapBackend::with_buffer(&mut buffer, (size.width, size.height)).into_drawing_area();
        draw(chart, &root)?;
    }
    let mut png = Vec::new();
    {
        let mut encoder = png::Encoder::new(&mut png, size.width, size.height);
        encoder.set_color(png::ColorType::Rgb);
        encoder.set_depth(png::BitDepth::Eight);
        let mut writer = encoder.write_header().map_err(|error| ChartError::Png(error.to_string()))?;
        writer.write_image_data(&buffer).map_err(|error| ChartError::Png(error.to_string()))?;
    }
    Ok(png)
}

/// Draws a chart in either format.
pub fn render(chart: &impl Chart, format: ImageFormat, size: Size) -> Result<Vec<u8>, ChartError> {
    match format {
        ImageFormat::Svg => to_svg(chart, size).map(String::into_bytes),
        ImageFormat::Png => to_png(chart, size),
    }
}

fn check_size(size: Size) -> Result<(), ChartError> {
    let side = 1..=10_000;
    if side.contains(&size.width) && side.contains(&size.height) {
        Ok(())
    } else {
        Err(ChartError::BadSize { width: size.width, height: size.height })
    }
}

fn draw<DB: DrawingBackend>(chart: &impl Chart, root: &DrawingArea<DB, Shift>) -> Result<(), ChartError> {
    let drawn = (|| {
        root.fill(&palette::BACKGROUND)?;
        let area = root.titled(chart.title(), layout::title_font())?;
        if chart.is_empty() {
            layout::draw_no_data(&area)?;
        } else {
            let plot_area = layout::draw_legend_strip(&area, &chart.legend())?;
            chart.draw_plot(&plot_area)?;
        }
        root.present()
    })();
    drawn.map_err(|error| ChartError::Draw(error.to_string()))
}
