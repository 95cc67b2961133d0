//! refine-reports: pure renderers.
