//! refine-reports: pure renderers. Each takes an engine result and returns the bytes of one
//! output format; writing them to a file or stdout is the caller's job.

#![warn(clippy::print_stdout, clippy::print_stderr)]

pub mod charts;
pub mod control_characters;
pub mod envelope;
pub mod escape;
pub mod format;
pub mod inspect;
pub mod records;
pub mod reference;
pub mod report;
pub mod tables;

#[cfg(test)]
mod demo;
