//! What drove a score: the two or three parts of an item's score that weighed most, as the
//! report shows them beside the score ("demand: 41 customers", "effort: 3 points"). Scoring
//! computes them, the ranking carries them to each ranked item.

/// One part of an item's score.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ScoreDriver {
    /// The component or input as the model names it (`demand`, `effort`, `reach`, ...).
    pub component: &'static str,
    /// The item's raw value of it (customers plus votes, the estimate, the confidence 0–1, ...).
    pub value: f64,
    /// Its share of the score, 0–1, for the composite (weight × normalised value ÷ score);
    /// `None` for the models whose score is a product or ratio of their inputs.
    pub share: Option<f64>,
}

/// Drivers kept per item: enough to say why, few enough to read on one line.
pub const DRIVERS_SHOWN: usize = 3;
