//! The engine's integration tests, in one test binary.
//!
//! Every test binary links polars (about 300 MB in a debug build), so one binary instead of
//! one per file keeps CI's disk use and link time small. Each module is one subject; the
//! `*_real_data` ones read the shared public datasets through [`support`].

mod support;

mod agenda_demo;
mod analyses;
mod architecture;
mod data_quality_demo;
mod delivery_real_data;
mod demand_real_data;
mod demo_workspace;
mod duplicates_real_data;
mod estimates_real_data;
mod feedback_streams;
mod github_real_data;
mod health_demo;
mod health_previous_snapshot;
mod jira_real_data;
mod loader_problems;
mod mutations;
mod rank_real_data;
mod score_real_data;
mod sources_real_data;
