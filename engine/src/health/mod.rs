//! The backlog health review (`refine health`, design.md "Health"): dependency findings and the
//! comparison with a previous snapshot. (Temporary module file: the lead merges it with the
//! DEEP scorecard, Definition of Ready and duplicate modules.)

pub(crate) mod backlog;
pub mod dependencies;
pub mod snapshot;
