//! Text helpers shared by the loaders and the analyses.

pub(crate) mod column;
pub(crate) mod prefix;
pub mod tokens;
