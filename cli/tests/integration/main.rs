//! The command-line tests, in one test binary: each test binary links polars (about 300 MB
//! in a debug build), so one binary keeps CI's disk use and link time small.

mod support;

mod browser;
mod cli;
mod hostile;
mod output_safety;
mod readme;
mod report;
mod values;
