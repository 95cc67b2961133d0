//! refine-reports: pure renderers. Each takes an engine result and writes one output format
//! into a writer the caller gives (a file being written aside, stdout), table files row by row;
//! where the file goes and when it is renamed into place is the caller's job.

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
