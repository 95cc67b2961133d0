//! The colours of every chart: the Okabe–Ito palette (Okabe & Ito, "Color Universal Design",
//! 2008), which stays distinguishable under the common colour-vision deficiencies and in grey
//! print. Each series has one named role here so that the same meaning keeps the same colour
//! across charts (completed work is always blue, planned work always sky blue).

use plotters::style::RGBColor;

/// Okabe–Ito black.
pub const BLACK: RGBColor = RGBColor(0x00, 0x00, 0x00);
/// Okabe–Ito orange.
pub const ORANGE: RGBColor = RGBColor(0xE6, 0x9F, 0x00);
/// Okabe–Ito sky blue.
pub const SKY_BLUE: RGBColor = RGBColor(0x56, 0xB4, 0xE9);
/// Okabe–Ito bluish green.
pub const BLUISH_GREEN: RGBColor = RGBColor(0x00, 0x9E, 0x73);
/// Okabe–Ito yellow.
pub const YELLOW: RGBColor = RGBColor(0xF0, 0xE4, 0x42);
/// Okabe–Ito blue.
pub const BLUE: RGBColor = RGBColor(0x00, 0x72, 0xB2);
/// Okabe–Ito vermillion.
pub const VERMILLION: RGBColor = RGBColor(0xD5, 0x5E, 0x00);
/// Okabe–Ito reddish purple.
pub const REDDISH_PURPLE: RGBColor = RGBColor(0xCC, 0x79, 0xA7);
/// Neutral grey for reference lines and zones (not a series colour).
pub const GREY: RGBColor = RGBColor(0x99, 0x99, 0x99);
/// The page behind the chart.
pub const BACKGROUND: RGBColor = RGBColor(0xFF, 0xFF, 0xFF);

/// Work planned or committed.
pub const PLANNED: RGBColor = SKY_BLUE;
/// Work completed.
pub const COMPLETED: RGBColor = BLUE;
/// A rolling average or other trend line.
pub const TREND: RGBColor = VERMILLION;
/// Work arriving (inflow, to do).
pub const ARRIVING: RGBColor = ORANGE;
/// Work in progress.
pub const IN_PROGRESS: RGBColor = BLUISH_GREEN;
/// The 50%, 85% and 95% confidence lines of a forecast.
pub const CONFIDENCE: [RGBColor; 3] = [BLUISH_GREEN, ORANGE, REDDISH_PURPLE];
/// The 50th, 70th, 85th and 95th percentile lines and bands of cycle time (the confidence
/// colours, with sky blue for the 70th).
pub const PERCENTILES: [RGBColor; 4] = [BLUISH_GREEN, SKY_BLUE, ORANGE, REDDISH_PURPLE];
/// An item in progress drawn over the percentile bands (black stays readable on every band).
pub const WIP_ITEM: RGBColor = BLACK;
/// An item in progress older than the 85th percentile cycle time.
pub const AT_RISK: RGBColor = VERMILLION;
/// A reference level (a total, a target) that is not a series.
pub const REFERENCE: RGBColor = GREY;

/// `#RRGGBB` of a colour, as the SVG backend writes it.
pub fn hex(color: RGBColor) -> String {
    format!("#{:02X}{:02X}{:02X}", color.0, color.1, color.2)
}
