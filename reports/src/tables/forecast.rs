//! The tables of the backlog forecast (`refine forecast` without `--points`/`--items`): when
//! all of the ranked backlog is done at each confidence level, and each item's cut line.

use refine_engine::forecast::ForecastReport;

use super::{Columns, TableSources, source};

/// The columns of each table, the header of an empty one (checked against the rows of the
/// demo workspace in `super::tests`).
pub(super) const COLUMNS: Columns = &[
    ("forecast", &["percent", "periods", "date"]),
    ("items", &["key", "size", "cumulative_size", "period_50", "date_50", "period_85", "date_85"]),
];

/// The tables of a backlog forecast.
pub fn backlog_forecast_tables(report: &ForecastReport) -> TableSources<'_> {
    vec![source(COLUMNS, "forecast", &report.percentiles), source(COLUMNS, "items", &report.items)]
}
