//! refine-engine: loads tracker exports into canonical tables and runs the analyses.
//!
//! Data flows one way: [`load`] turns files into the canonical frames of [`model`]; analyses
//! read those frames and return plain serialisable results. Nothing here prints or reads the
//! clock.

#![warn(clippy::print_stdout, clippy::print_stderr)]

pub mod agenda;
pub mod config;
pub mod demand;
pub mod estimates;
pub mod flow;
pub mod forecast;
pub mod health;
pub mod inspect;
pub mod load;
pub mod model;
pub mod rank;
pub mod run;
pub mod score;
pub mod velocity;
