//! Story points against the effort issues really took: the TAWOS research export.
//!
//! Tawosi, Moussa and Sarro ("On the Relationship Between Story Point and Development Effort in
//! Agile Open-Source Software", ESEM 2022) published, for resolved issues of 29 open-source Jira
//! projects sampled from the TAWOS dataset (MSR 2022), one row per issue: `Project, ID,
//! Issue_Key, Type, Status, Resolution, Creation_Date, Resolution_Date, Story_Point, Timespent,
//! In_Progress_Minutes, Total_Effort_Minutes, Resolution_Time_Minutes`. It is recognised by
//! `Issue_Key` beside `Story_Point` and read into the items table:
//!
//! - key ← `Issue_Key`, project ← `Project`, type, status (and its category from the common
//!   status names or refine.toml), resolution, created ← `Creation_Date`, resolved ←
//!   `Resolution_Date`, estimate ← `Story_Point`;
//! - time_spent_hours ← `Timespent` / 60: Jira's logged time, which the dataset stores in
//!   minutes (its common values are 480, 960, 240, 120, 60: a day, two, half a day, ...);
//!   `NULL` means nothing was logged and stays missing;
//! - in_progress_hours ← `In_Progress_Minutes` / 60: the time the issue spent in an
//!   in-progress status (implementation), from its status transitions.
//!
//! Not mapped: `ID` is the TAWOS database's own key. `Total_Effort_Minutes` is development time
//! including review and testing, and `Resolution_Time_Minutes` the time from the first "In
//! Progress" to "Resolved" (TAWOS' definitions, both derived from status transitions): the
//! items table has no column for either, and refine measures cycle time from history rather
//! than from a figure an export precomputed, so adding them would widen the model for one
//! source. The rows are resolved issues in no backlog order, so no rank is given.

use super::error::LoadError;
use super::frame_builder::FrameBuilder;
use super::text_table::TextTable;
use super::text_table::has_header;
use super::{LoadOptions, Loaded};
use crate::model::{Table, items};

/// Canonical column ← the TAWOS header that fills it.
const COLUMNS: &[(&str, &str)] = &[
    (items::KEY, "Issue_Key"),
    (items::PROJECT, "Project"),
    (items::TYPE, "Type"),
    (items::RESOLUTION, "Resolution"),
    (items::CREATED, "Creation_Date"),
    (items::RESOLVED, "Resolution_Date"),
    (items::ESTIMATE, "Story_Point"),
];

/// Canonical hours column ← the TAWOS header that holds it in minutes.
const MINUTE_COLUMNS: &[(&str, &str)] =
    &[(items::TIME_SPENT_HOURS, "Timespent"), (items::IN_PROGRESS_HOURS, "In_Progress_Minutes")];

/// `Issue_Key` and `Story_Point`.
pub fn matches(headers: &[String]) -> bool {
    has_header(headers, "Issue_Key") && has_header(headers, "Story_Point")
}

/// Loads the issues into the items table.
pub fn load(text: &TextTable, options: &LoadOptions) -> Result<Loaded, LoadError> {
    let mut builder = FrameBuilder::new(Table::Items, text);
    for (target, header) in COLUMNS {
        builder.map_any(target, &[*header]);
    }
    for (target, header) in MINUTE_COLUMNS {
        if let Some(position) = text.position_of_any(&[*header]) {
            builder.map_scaled(target, position, 60.0);
        }
    }
    if let Some(position) = text.position("Status") {
        builder.status(position, None, &options.source.status);
    }
    let built = builder.finish(options.strict)?;
    let mut loaded = Loaded::default();
    loaded.add(Table::Items, built);
    Ok(loaded)
}

#[cfg(test)]
mod tests {
    use polars::prelude::DataType;

    use super::*;
    use crate::load::test_support::load_content;
    use crate::load::{Format, LoadedFile, Location};

    fn load_csv(content: &str) -> LoadedFile {
        load_content("export.csv", content, &LoadOptions::default())
    }

    const HEADER: &str = "Project,ID,Issue_Key,Type,Status,Resolution,Creation_Date,Resolution_Date,Story_Point,Timespent,In_Progress_Minutes,Total_Effort_Minutes,Resolution_Time_Minutes\n";

    #[test]
    fn maps_the_tawos_columns_and_converts_minutes_to_hours() {
        let file = load_csv(&format!(
            "{HEADER}\
             APIKIT,384741,APIKIT-77,\"Enhancement Request\",Closed,Fixed,\"2013-05-03 18:25:11\",\"2014-08-14 23:32:03\",8,NULL,0,0,674226\n\
             DM,1,DM-5,Story,\"Won't Fix\",Done,\"2016-01-04 10:00:00\",NULL,0.5,90,150,200,300\n"
        ));
        assert_eq!(file.format, Format::EffortEstimatesCsv);
        let frame = &file.loaded.tables[&Table::Items];
        let text = |name: &str| frame.column(name).unwrap().str().unwrap().iter().collect::<Vec<_>>();
        let number = |name: &str| frame.column(name).unwrap().f64().unwrap().iter().collect::<Vec<_>>();
        assert_eq!(text(items::KEY), [Some("APIKIT-77"), Some("DM-5")]);
        assert_eq!(text(items::PROJECT), [Some("APIKIT"), Some("DM")]);
        assert_eq!(text(items::TYPE)[0], Some("Enhancement Request"));
        assert_eq!(text(items::STATUS_CATEGORY), [Some("done"), Some("done")]);
        assert_eq!(text(items::RESOLUTION)[1], Some("Done"));
        assert_eq!(number(items::ESTIMATE), [Some(8.0), Some(0.5)]);
        assert_eq!(number(items::TIME_SPENT_HOURS), [None, Some(1.5)]);
        assert_eq!(number(items::IN_PROGRESS_HOURS), [Some(0.0), Some(2.5)]);
        let resolved = frame.column(items::RESOLVED).unwrap().cast(&DataType::Int64).unwrap();
        // 2014-08-14T23:32:03Z (`date -ud '2014-08-14 23:32:03' +%s` = 1408059123).
        assert_eq!(resolved.i64().unwrap().get(0), Some(1_408_059_123_000));
        assert_eq!(resolved.i64().unwrap().get(1), None);
        assert_eq!(frame.column(items::RANK).unwrap().null_count(), 2);
        let unmapped: Vec<_> =
            file.loaded.columns.iter().filter(|c| c.target.is_none()).map(|c| c.source.as_str()).collect();
        assert_eq!(unmapped, ["ID", "Total_Effort_Minutes", "Resolution_Time_Minutes"]);
    }

    #[test]
    fn a_bad_date_or_number_names_row_and_column() {
        let file = load_csv(&format!(
            "{HEADER}\
             DM,1,DM-1,Story,Done,Done,2016-01-04,2016-01-05,3,NULL,60,60,60\n\
             DM,2,DM-2,Story,Done,Done,04.01.2016,2016-01-05,3,NULL,60,60,60\n\
             DM,3,DM-3,Story,Done,Done,2016-01-04,2016-01-05,3,NULL,an hour,60,60\n"
        ));
        let loaded = &file.loaded;
        assert_eq!(loaded.tables[&Table::Items].height(), 1);
        assert_eq!(loaded.problems[0].location, Location::Row(3));
        assert_eq!(loaded.problems[0].column.as_deref(), Some("Creation_Date"));
        assert_eq!(loaded.problems[1].location, Location::Row(4));
        assert_eq!(loaded.problems[1].column.as_deref(), Some("In_Progress_Minutes"));
    }
}
