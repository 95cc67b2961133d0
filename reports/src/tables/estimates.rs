//! The tables of `refine estimates`: poker statistics per item, estimator bias, estimate against
//! actual per bucket, correlations, outliers and re-estimated items.

use refine_engine::estimates::EstimatesReport;

use super::NamedTables;
use crate::records::Records;

/// The tables of the estimates analysis.
pub fn estimates_tables(report: &EstimatesReport) -> NamedTables {
    vec![
        ("poker", Records::from_serialize(&report.items)),
        ("estimators", Records::from_serialize(&report.estimators)),
        ("buckets", Records::from_serialize(&report.buckets)),
        ("correlations", Records::from_serialize(&report.correlations)),
        ("outliers", Records::from_serialize(&report.outliers)),
        ("re_estimated", Records::from_serialize(&report.re_estimated)),
    ]
}

/// The analysis' warnings and what the actuals are.
pub fn estimates_warnings(report: &EstimatesReport) -> Vec<String> {
    let mut warnings = report.warnings.clone();
    warnings.push(format!("actual = {}", report.actual_source));
    warnings
}
