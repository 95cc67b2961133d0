//! The bundled demo workspace's analyses, as `refine report` runs them: what the report's
//! tests check rendered text against.

use std::path::PathBuf;

use refine_engine::config::Config;
use refine_engine::load::{LoadOptions, load_inputs};
use refine_engine::run::{Analyses, PrioritizeOptions, Unobserved, analyse};

/// The repository's root folder.
pub(crate) fn repository() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("..")
}

/// Every analysis of datasets/demo with the default settings, as of its latest date.
pub(crate) fn demo_analyses() -> Analyses {
    let demo = load_inputs(&[repository().join("datasets/demo")], &LoadOptions::default()).unwrap();
    analyse(&demo, &Config::default(), demo.latest_timestamp(), &PrioritizeOptions::default(), &Unobserved)
        .unwrap()
}
