//! The tables of the backlog forecast (`refine forecast` without `--points`/`--items`): when
//! all of the ranked backlog is done at each confidence level, and each item's cut line.

use refine_engine::forecast::ForecastReport;

use super::NamedTables;
use crate::records::Records;

/// The tables of a backlog forecast.
pub fn backlog_forecast_tables(report: &ForecastReport) -> NamedTables {
    vec![
        ("forecast", Records::from_serialize(&report.percentiles)),
        ("items", Records::from_serialize(&report.items)),
    ]
}
