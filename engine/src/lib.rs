//! refine-engine: loads tracker exports into canonical tables and runs the analyses.
//!
//! Data flows one way, up through floors (ARCHITECTURE.md draws them; an architecture test
//! keeps them): [`model`] is the ground floor (canonical tables, their typed views, dates, keys,
//! text, statistics); [`load`] turns files into canonical frames; the analyses ([`demand`],
//! [`score`], [`rank`], [`flow`], [`velocity`], [`estimates`], [`forecast`], [`health`],
//! [`agenda`]) read the views and return plain serialisable results; [`config`] assembles
//! `refine.toml` from their settings; [`run`] wires them together for each command. Nothing here
//! prints or reads the clock.

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
