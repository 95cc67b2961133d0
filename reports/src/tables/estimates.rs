//! The tables of `refine estimates`: poker statistics per item, estimator bias, estimate against
//! actual per bucket, correlations, outliers and re-estimated items.

use refine_engine::estimates::EstimatesReport;

use super::{Columns, TableSources, source};

/// The columns of each table, the header of an empty one (checked against the rows of the
/// demo workspace in `super::tests`).
pub(super) const COLUMNS: Columns = &[
    (
        "poker",
        &[
            "key",
            "round",
            "votes",
            "n",
            "unknown",
            "coffee",
            "unreadable",
            "snapped",
            "unknown_share",
            "coffee_share",
            "min",
            "max",
            "mean",
            "median",
            "std",
            "cv",
            "spread",
            "consensus",
            "suggested",
            "confidence",
            "discuss",
            "spike",
        ],
    ),
    ("estimators", &["estimator", "n", "median_log2_ratio", "ratio"]),
    ("buckets", &["estimate", "n", "median", "p15", "p85", "cv"]),
    ("correlations", &["scope", "n", "spearman", "pearson"]),
    ("outliers", &["key", "estimate", "actual", "bucket_median", "bound", "direction"]),
    ("re_estimated", &["key", "count", "changes"]),
];

/// The tables of the estimates analysis.
pub fn estimates_tables(report: &EstimatesReport) -> TableSources<'_> {
    vec![
        source(COLUMNS, "poker", &report.items),
        source(COLUMNS, "estimators", &report.estimators),
        source(COLUMNS, "buckets", &report.buckets),
        source(COLUMNS, "correlations", &report.correlations),
        source(COLUMNS, "outliers", &report.outliers),
        source(COLUMNS, "re_estimated", &report.re_estimated),
    ]
}

/// The analysis' warnings and what the actuals are.
pub fn estimates_warnings(report: &EstimatesReport) -> Vec<String> {
    let mut warnings = report.warnings.clone();
    warnings.push(format!("actual = {}", report.actual_source));
    warnings
}
