//! The declared columns of every table (the header of an empty one) are the columns its rows
//! have: every table of the demo workspace's analyses, and of a health review against an
//! earlier export, is checked.

use refine_engine::config::Config;
use refine_engine::load::{LoadOptions, load_inputs};
use refine_engine::run::health_review;

use super::*;
use crate::demo::{demo_analyses, repository};

/// Tables no input of these tests fills: their declared columns are checked by reading the
/// one-field row type beside them.
const NEVER_FILLED: &[&str] = &["gone"];

fn check(columns: Columns, tables: &NamedTables, filled: &mut Vec<&'static str>) {
    for (name, records) in tables {
        let declared = columns.iter().find(|(table, _)| table == name).map(|(_, declared)| *declared);
        let declared = declared.unwrap_or_else(|| panic!("table {name} has no declared columns"));
        assert_eq!(records.columns, declared, "the columns of {name}");
        if !records.rows.is_empty() {
            filled.push(name);
        }
    }
}

#[test]
fn every_table_declares_the_columns_its_rows_have() {
    let config = Config::default();
    let analyses = demo_analyses();
    let mut filled = Vec::new();
    check(rank::COLUMNS, &whole(rank_tables(&analyses.prioritization)), &mut filled);
    check(
        delivery::COLUMNS,
        &whole(delivery_tables(analyses.velocity.as_ref(), analyses.flow.as_ref())),
        &mut filled,
    );
    check(estimates::COLUMNS, &whole(estimates_tables(analyses.estimates.as_ref().unwrap())), &mut filled);
    check(
        forecast::COLUMNS,
        &whole(backlog_forecast_tables(&analyses.forecast.as_ref().unwrap().report)),
        &mut filled,
    );
    check(agenda::COLUMNS, &whole(agenda_tables(analyses.agenda.as_ref().unwrap())), &mut filled);
    check(health::COLUMNS, &whole(health_tables(analyses.health.as_ref().unwrap())), &mut filled);

    let fixtures = repository().join("datasets/fixtures");
    let current = load_inputs(&[fixtures.join("health-current.csv")], &LoadOptions::default()).unwrap();
    let previous = load_inputs(&[fixtures.join("health-previous.csv")], &LoadOptions::default()).unwrap();
    let as_of = current.latest_timestamp().unwrap();
    let (_, review) = health_review(&current, &config, as_of, Some(&previous)).unwrap();
    check(health::COLUMNS, &whole(health_tables(&review)), &mut filled);

    for columns in [rank::COLUMNS, delivery::COLUMNS, estimates::COLUMNS, forecast::COLUMNS, agenda::COLUMNS]
    {
        for (name, _) in columns {
            assert!(filled.contains(name) || NEVER_FILLED.contains(name), "{name} was never filled");
        }
    }
    for (name, _) in health::COLUMNS {
        assert!(filled.contains(name), "{name} was never filled");
    }
}

#[test]
fn an_empty_table_is_headed_by_its_declared_columns() {
    let columns: Columns = &[("gone", &["key"])];
    let (_, rows) = source(columns, "gone", Vec::<rank::GoneRow>::new());
    let records = rows.to_records();
    assert_eq!(records.columns, ["key"]);
}
