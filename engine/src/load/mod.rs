//! Reading inputs: detection of each file's format from its content, and one module per format,
//! each producing canonical frames.

pub mod dates;
pub mod error;
