//! Linear's CSV export (Settings › Import / Export › Export CSV, or a view's "Export as CSV"):
//! one row per issue under a fixed header, `ID, Team, Title, Description, Status, Estimate,
//! Priority, Project ID, Project, Creator, Assignee, Labels, Cycle Number, Cycle Name,
//! Cycle Start, Cycle End, Created, Updated, Started, Triaged, Completed, Canceled, Archived,
//! Due Date, Parent issue, Initiatives, Project Milestone ID, Project Milestone, SLA Status`,
//! later exports adding `Roadmaps`, `UUID`, `Time in status (minutes)`, `Related to`,
//! `Blocked by`, `Duplicate of` (older ones spell the key `Id` and have `Blocks`, `Blocked By`).
//! A file is recognised by `ID`, `Team`, `Title`, `Status` and the cycle columns.
//!
//! Mapping: key = ID; project = Team (it owns the key prefix and the cycles, like a Jira
//! project); components = [Project] (Linear projects are deliverables that cut across teams);
//! fix versions = [Project Milestone]; labels = Labels split at `,`; sprints = [Cycle Name, or
//! `Cycle <Cycle Number>` for unnamed cycles]; parent = Parent issue (also a `parent` link);
//! `Related to`, `Blocks`, `Blocked by` and `Duplicate of` become links; priority = Priority
//! (`No priority` is no priority); resolved = Completed, else Canceled; resolution = the status
//! of a canceled issue (`Canceled`, `Duplicate`).
//!
//! url = URL (the page, `https://linear.app/<workspace>/issue/<ID>`) when the export has
//! that column.
//!
//! Status category: refine.toml's `[status]` or the common names (Linear's defaults Backlog,
//! Triage, Todo, In Progress, In Review, Done, Canceled, Duplicate are all known); a team's own
//! status names fall back to the dates Linear stamps when an issue enters a started, completed or
//! canceled state.
//!
//! History: the same dates give status changes, Started → `In Progress`, Completed → `Done`,
//! Canceled → `Canceled`, so cycle time works for Linear teams.
//!
//! Values as Linear writes them: dates are ISO 8601 (`2024-05-14T08:53:33.000Z`) or, in some
//! exports, JavaScript's `Date.toString()` (`Tue May 14 2024 08:53:33 GMT+0000 (GMT)`), which is
//! read too; text that a spreadsheet would take for a formula is prefixed with `'`, which is
//! removed from titles and descriptions.

use super::derived::{self, LinkColumn, StatusDate, present};
use super::error::LoadError;
use super::frame_builder::FrameBuilder;
use super::text_table::TextTable;
use super::text_table::has_header;
use super::{LoadOptions, Loaded};
use crate::model::{LinkKind, StatusCategory, Table, items};

/// The milestone dates Linear stamps, in workflow order, with the status each stands for.
const MILESTONES: [(&str, &str); 3] =
    [("Started", "In Progress"), ("Completed", "Done"), ("Canceled", "Canceled")];

/// Columns that name linked issues: header, kind, whether the row's issue is the link's `from`.
const LINK_COLUMNS: [(&str, LinkKind, bool); 5] = [
    ("Related to", LinkKind::Relates, true),
    ("Blocks", LinkKind::Blocks, true),
    ("Blocked by", LinkKind::Blocks, false),
    ("Duplicate of", LinkKind::Duplicates, true),
    ("Parent issue", LinkKind::Parent, false),
];

/// Date columns refine reads, which may hold JavaScript date strings.
const DATE_COLUMNS: [&str; 5] = ["Created", "Updated", "Started", "Completed", "Canceled"];

/// Whether the header row is Linear's (see the module documentation).
pub fn matches(headers: &[String]) -> bool {
    let has = |name: &str| has_header(headers, name);
    (has("ID") || has("Id"))
        && ["Team", "Title", "Status"].iter().all(|name| has(name))
        && (has("Cycle Number") || has("Cycle Name"))
}

/// Loads a Linear export into items, history and links.
pub fn load(text: &TextTable, options: &LoadOptions) -> Result<Loaded, LoadError> {
    let prepared = prepare(text);
    let text = &prepared.text;
    let key = text.position_of_any(&["ID", "Id"]).ok_or_else(|| LoadError::MissingColumn {
        path: text.path.clone(),
        format: "Linear CSV export".to_owned(),
        column: "ID".to_owned(),
        found: crate::model::wording::list_for_message(&text.headers),
    })?;
    let milestones: Vec<StatusDate> = MILESTONES
        .iter()
        .filter_map(|&(header, status)| Some(StatusDate { position: text.position(header)?, status }))
        .collect();

    let mut builder = FrameBuilder::new(Table::Items, text);
    builder.map(items::KEY, key);
    for (target, header) in [
        (items::TITLE, "Title"),
        (items::ESTIMATE, "Estimate"),
        (items::PRIORITY, "Priority"),
        (items::PROJECT, "Team"),
        (items::ASSIGNEE, "Assignee"),
        (items::PARENT, "Parent issue"),
        (items::CREATED, "Created"),
        (items::UPDATED, "Updated"),
        (items::URL, "URL"),
    ] {
        builder.map_any(target, &[header]);
    }
    for (target, header, separator) in [
        (items::LABELS, "Labels", Some(',')),
        (items::COMPONENTS, "Project", None),
        (items::FIX_VERSIONS, "Project Milestone", None),
    ] {
        builder.list(target, text.position(header).into_iter().collect(), separator);
    }
    if let Some(description) = text.position("Description") {
        builder.description(description, None);
    }
    if let Some(status) = text.position("Status") {
        builder.map(items::STATUS, status);
        let mut sources = vec![status];
        sources.extend(milestones.iter().map(|milestone| milestone.position));
        let (categories, guessed) = status_categories(text, status, options);
        builder.put(items::STATUS_CATEGORY, categories, sources);
        // How the category was found, not a mapping of its own: no source column listed.
        builder.put(items::STATUS_CATEGORY_GUESSED, guessed, Vec::new());
    }
    if let Some(cycle) = prepared.cycle {
        builder.list(items::SPRINTS, vec![cycle], None);
    }
    let completed_or_canceled: Vec<usize> =
        ["Completed", "Canceled"].iter().filter_map(|header| text.position(header)).collect();
    if !completed_or_canceled.is_empty() {
        let resolved = derived::first_timestamp(text, items::RESOLVED, &completed_or_canceled);
        builder.put(items::RESOLVED, resolved, completed_or_canceled);
    }
    if let Some(resolution) = prepared.resolution {
        builder.map(items::RESOLUTION, resolution);
    }
    builder.source_order_rank();

    let mut loaded = Loaded::default();
    loaded.add(Table::Items, builder.finish(options.strict)?);
    if let Some(built) = derived::status_history(text, key, &milestones, options.strict)? {
        loaded.add(Table::History, built);
    }
    let link_columns: Vec<LinkColumn> = LINK_COLUMNS
        .iter()
        .filter_map(|&(header, kind, row_is_from)| {
            Some(LinkColumn { position: text.position(header)?, kind, row_is_from })
        })
        .collect();
    if let Some(built) = derived::links(text, key, &link_columns, Some(','), options.strict)? {
        loaded.add(Table::Links, built);
    }
    Ok(loaded)
}

/// The export ready to map: a copy of the table with Linear's quirks undone (JavaScript dates
/// rewritten as ISO 8601, the formula guard removed from text, `No priority` emptied) and the
/// computed columns added.
struct Prepared {
    text: TextTable,
    /// The cycle column (see [`cycle_cells`]).
    cycle: Option<usize>,
    /// The resolution column (see [`canceled_cells`]).
    resolution: Option<usize>,
}

fn prepare(text: &TextTable) -> Prepared {
    let mut text = text.clone();
    for header in DATE_COLUMNS {
        if let Some(position) = text.position(header) {
            derived::rewrite_column(&mut text, position, |cell| {
                Some(javascript_date_to_iso(cell).unwrap_or_else(|| cell.to_owned()))
            });
        }
    }
    for header in ["Title", "Description"] {
        if let Some(position) = text.position(header) {
            derived::rewrite_column(&mut text, position, |cell| Some(without_formula_guard(cell).to_owned()));
        }
    }
    if let Some(position) = text.position("Priority") {
        derived::rewrite_column(&mut text, position, |cell| {
            (!cell.eq_ignore_ascii_case("No priority")).then(|| cell.to_owned())
        });
    }
    let cycle = cycle_cells(&text).map(|(header, cells)| derived::add_column(&mut text, header, cells));
    let resolution = canceled_cells(&text).map(|cells| derived::add_column(&mut text, "Canceled", cells));
    Prepared { text, cycle, resolution }
}

/// `Tue May 14 2024 08:53:33 GMT+0000 (GMT)` (JavaScript's `Date.toString()`) as
/// `2024-05-14T08:53:33+0000`; `None` for any other text.
fn javascript_date_to_iso(text: &str) -> Option<String> {
    const MONTHS: [&str; 12] =
        ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"];
    let mut words = text.split_whitespace();
    let _weekday = words.next()?;
    let month_name = words.next()?.to_ascii_lowercase();
    let month = MONTHS.iter().position(|name| *name == month_name)? + 1;
    let day: u32 = words.next()?.parse().ok()?;
    let year: u32 = words.next()?.parse().ok()?;
    let time = words.next()?;
    let offset = words.next()?.strip_prefix("GMT")?;
    Some(format!("{year:04}-{month:02}-{day:02}T{time}{offset}"))
}

/// Linear writes `'` before text starting with `+ - = @` so spreadsheets do not run it.
fn without_formula_guard(text: &str) -> &str {
    match text.strip_prefix('\'') {
        Some(rest) if rest.starts_with(['+', '-', '=', '@']) => rest,
        _ => text,
    }
}

/// Each issue's status category: configured or common status names first, then the milestone
/// dates Linear stamped (canceled or completed → done, started → in progress, else to do); and
/// whether it is a guess (everything but a configured status: Linear's CSV has no category).
fn status_categories(
    text: &TextTable,
    status: usize,
    options: &LoadOptions,
) -> (polars::prelude::Column, polars::prelude::Column) {
    use crate::model::status::CategorySource;
    use polars::prelude::*;
    let statuses = text.column(status);
    let date = |header: &str| text.position(header).map(|position| text.column(position));
    let (started, completed, canceled) = (date("Started"), date("Completed"), date("Canceled"));
    let stamped = |column: Option<&StringChunked>, row: usize| {
        column.is_some_and(|column| present(column.get(row)).is_some())
    };
    let decided: Vec<Option<(StatusCategory, bool)>> = (0..text.height())
        .map(|row| {
            let status = present(statuses.get(row))?;
            let decided = options.source.status.decide(status, None);
            let by_dates = || {
                if stamped(completed, row) || stamped(canceled, row) {
                    StatusCategory::Done
                } else if stamped(started, row) {
                    StatusCategory::InProgress
                } else {
                    StatusCategory::Todo
                }
            };
            let category = decided.map_or_else(by_dates, |(category, _)| category);
            let guessed = decided.is_none_or(|(_, source)| source != CategorySource::Configured);
            Some((category, guessed))
        })
        .collect();
    let categories: StringChunked =
        decided.iter().map(|decided| decided.map(|(category, _)| category.name())).collect();
    let guessed: BooleanChunked = decided.iter().map(|decided| decided.map(|(_, guessed)| guessed)).collect();
    (categories.into_column(), guessed.into_column())
}

/// The cycle of each issue: its name, or `Cycle <number>` when unnamed; with the header it
/// comes from.
fn cycle_cells(text: &TextTable) -> Option<(&'static str, Vec<Option<String>>)> {
    let name = text.position("Cycle Name").map(|position| text.column(position));
    let number = text.position("Cycle Number").map(|position| text.column(position));
    let header = match (name, number) {
        (Some(_), _) => "Cycle Name",
        (None, Some(_)) => "Cycle Number",
        (None, None) => return None,
    };
    let cycles = (0..text.height())
        .map(|row| {
            let named = name.and_then(|column| present(column.get(row))).map(str::to_owned);
            named.or_else(|| Some(format!("Cycle {}", present(number?.get(row))?)))
        })
        .collect();
    Some((header, cycles))
}

/// The status of each canceled issue (Linear's canceled-type statuses, Canceled and Duplicate,
/// are the reasons), none for the others.
fn canceled_cells(text: &TextTable) -> Option<Vec<Option<String>>> {
    let canceled = text.column(text.position("Canceled")?);
    let statuses = text.column(text.position("Status")?);
    let cells = (0..text.height())
        .map(|row| present(canceled.get(row)).and(present(statuses.get(row))).map(str::to_owned))
        .collect();
    Some(cells)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::load::test_support::{
        boolean, instant, integer, list, load_content, number, row_of, text, texts,
    };
    use crate::load::{Format, Location, load_file};
    use crate::model::{history, links};
    use std::path::Path;

    #[test]
    fn the_fixture_export_is_detected_and_mapped() {
        let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../datasets/fixtures/linear-export.csv");
        let file = load_file(&path, &LoadOptions::default()).unwrap();
        assert_eq!(file.format, Format::LinearCsv);
        let loaded = &file.loaded;
        assert_eq!((loaded.records, loaded.problem_count), (7, 0));
        let frame = &loaded.tables[&Table::Items];
        assert_eq!(frame.height(), 7);

        let row = row_of(frame, "ENG-101");
        assert_eq!(text(frame, items::STATUS, row).as_deref(), Some("In Progress"));
        assert_eq!(text(frame, items::STATUS_CATEGORY, row).as_deref(), Some("in_progress"));
        assert_eq!(number(frame, items::ESTIMATE, row), Some(3.0));
        assert_eq!(text(frame, items::PRIORITY, row).as_deref(), Some("High"));
        assert_eq!(text(frame, items::PROJECT, row).as_deref(), Some("Engineering"));
        assert_eq!(list(frame, items::COMPONENTS, row), ["Payments v2"]);
        assert_eq!(list(frame, items::FIX_VERSIONS, row), ["Beta"]);
        assert_eq!(list(frame, items::LABELS, row), ["Bug", "Payments"]);
        assert_eq!(list(frame, items::SPRINTS, row), ["Cycle 14"]);
        assert_eq!(text(frame, items::PARENT, row).as_deref(), Some("ENG-100"));
        assert_eq!(text(frame, items::ASSIGNEE, row).as_deref(), Some("bob@acme.io"));
        assert_eq!(boolean(frame, items::HAS_ACCEPTANCE_CRITERIA, row), Some(true));
        assert_eq!(instant(frame, items::CREATED, row).as_deref(), Some("2024-05-02T09:15:00Z"));
        assert_eq!(instant(frame, items::RESOLVED, row), None);
        assert_eq!(integer(frame, items::RANK, row), Some(1));

        let done = row_of(frame, "ENG-99");
        assert_eq!(text(frame, items::PRIORITY, done), None);
        assert_eq!(list(frame, items::SPRINTS, done), ["Sprint 13"]);
        assert_eq!(text(frame, items::STATUS_CATEGORY, done).as_deref(), Some("done"));
        assert_eq!(instant(frame, items::RESOLVED, done).as_deref(), Some("2024-05-09T16:20:00Z"));
        assert_eq!(text(frame, items::RESOLUTION, done), None);

        let canceled = row_of(frame, "ENG-98");
        assert_eq!(text(frame, items::RESOLUTION, canceled).as_deref(), Some("Canceled"));
        assert_eq!(instant(frame, items::RESOLVED, canceled).as_deref(), Some("2024-04-20T12:00:00Z"));
        let duplicate = row_of(frame, "ENG-97");
        assert_eq!(text(frame, items::RESOLUTION, duplicate).as_deref(), Some("Duplicate"));
        assert_eq!(text(frame, items::STATUS_CATEGORY, duplicate).as_deref(), Some("done"));

        // A status of the team's own: categorised by its Started date; the formula guard is gone.
        let custom = row_of(frame, "ENG-96");
        assert_eq!(text(frame, items::STATUS_CATEGORY, custom).as_deref(), Some("in_progress"));
        assert_eq!(text(frame, items::TITLE, custom).as_deref(), Some("-1 day offset in the payouts report"));
        let backlog = row_of(frame, "ENG-95");
        assert_eq!(text(frame, items::STATUS_CATEGORY, backlog).as_deref(), Some("todo"));
        assert!(list(frame, items::LABELS, backlog).is_empty());
        assert!(list(frame, items::SPRINTS, backlog).is_empty());
        assert_eq!(integer(frame, items::RANK, backlog), Some(7));

        let history = &loaded.tables[&Table::History];
        let changes: Vec<_> = (0..history.height())
            .map(|row| {
                let to = text(history, history::TO, row).unwrap();
                (text(history, history::KEY, row).unwrap(), text(history, history::FROM, row), to)
            })
            .collect();
        assert_eq!(
            changes,
            [
                ("ENG-101".into(), None, "In Progress".into()),
                ("ENG-99".into(), None, "In Progress".into()),
                ("ENG-99".into(), Some("In Progress".into()), "Done".into()),
                ("ENG-98".into(), None, "Canceled".into()),
                ("ENG-97".into(), None, "Canceled".into()),
                ("ENG-96".into(), None, "In Progress".into()),
            ]
        );
        assert_eq!(instant(history, history::AT, 0).as_deref(), Some("2024-05-14T08:53:33Z"));

        let links = &loaded.tables[&Table::Links];
        let pairs: Vec<String> = (0..links.height())
            .map(|row| {
                let (from, to) =
                    (text(links, links::FROM, row).unwrap(), text(links, links::TO, row).unwrap());
                format!("{from} {} {to}", text(links, links::KIND, row).unwrap())
            })
            .collect();
        assert_eq!(
            pairs,
            [
                "ENG-99 relates ENG-101",
                "ENG-99 relates ENG-100",
                "ENG-99 blocks ENG-101",
                "ENG-97 duplicates ENG-101",
                "ENG-100 parent ENG-101",
            ]
        );
        let unmapped: Vec<&str> = loaded
            .columns
            .iter()
            .filter(|column| column.target.is_none())
            .map(|c| c.source.as_str())
            .collect();
        assert!(unmapped.contains(&"Creator") && unmapped.contains(&"Due Date"), "{unmapped:?}");
    }

    #[test]
    fn javascript_dates_older_headers_and_bad_dates() {
        let csv = "Id,Team,Title,Description,Status,Estimate,Priority,Project,Creator,Assignee,Labels,\
Cycle Number,Cycle Name,Cycle Start,Cycle End,Created,Updated,Started,Completed,Canceled,Archived,Blocks,Blocked By\n\
IN-10,Nordic-app,License,Add licence,Done,,High,,p@x.io,p@x.io,Improvement,,,,,\
Tue May 14 2024 08:53:33 GMT+0000 (GMT),Thu May 23 2024 16:06:19 GMT+0000 (GMT),,\
Thu May 23 2024 16:06:19 GMT+0200 (Central European Summer Time),,,IN-11,\n\
IN-11,Nordic-app,Design tokens,,In Progress,2,Medium,,p@x.io,,,,,,,2024-05-14T09:01:00Z,,yesterday,,,,,\n";
        let file = load_content("export.csv", csv, &LoadOptions::default());
        assert_eq!(file.format, Format::LinearCsv);
        let loaded = &file.loaded;
        let frame = &loaded.tables[&Table::Items];
        assert_eq!(frame.height(), 2);
        assert_eq!(instant(frame, items::CREATED, 0).as_deref(), Some("2024-05-14T08:53:33Z"));
        assert_eq!(instant(frame, items::RESOLVED, 0).as_deref(), Some("2024-05-23T14:06:19Z"));
        // The bad Started date is reported once, under its column; the item itself is kept.
        assert_eq!(loaded.problem_count, 1);
        assert_eq!(loaded.problems[0].location, Location::Row(3));
        assert_eq!(loaded.problems[0].column.as_deref(), Some("Started"));
        let history = &loaded.tables[&Table::History];
        assert_eq!(texts(history, history::KEY), [Some("IN-10".into())]);
        assert_eq!(texts(&loaded.tables[&Table::Links], links::TO), [Some("IN-11".into())]);
    }

    #[test]
    fn configured_statuses_win_over_the_dates() {
        let status = toml::from_str("\"Ready for QA\" = \"done\"\n").unwrap();
        let source = crate::load::settings::SourceSettings { status, ..Default::default() };
        let csv = "ID,Team,Title,Status,Cycle Number,Started,URL\n\
                   A-1,Core,x,Ready for QA,,2024-01-01,https://linear.app/acme/issue/A-1\n\
                   A-2,Core,y,Sketching,,2024-01-01,\n\
                   A-3,Core,z,Todo,,,\n";
        let file = load_content("export.csv", csv, &LoadOptions { source, ..LoadOptions::default() });
        let frame = &file.loaded.tables[&Table::Items];
        assert_eq!(text(frame, items::STATUS_CATEGORY, 0).as_deref(), Some("done"));
        // Configured: stated. From the start date or a common name: guessed.
        assert_eq!(text(frame, items::STATUS_CATEGORY, 1).as_deref(), Some("in_progress"));
        assert_eq!(text(frame, items::STATUS_CATEGORY, 2).as_deref(), Some("todo"));
        let guessed: Vec<_> = (0..3).map(|row| boolean(frame, items::STATUS_CATEGORY_GUESSED, row)).collect();
        assert_eq!(guessed, [Some(false), Some(true), Some(true)]);
        assert_eq!(text(frame, items::URL, 0).as_deref(), Some("https://linear.app/acme/issue/A-1"));
        assert_eq!(text(frame, items::URL, 1), None);
    }

    #[test]
    fn javascript_dates_and_formula_guards() {
        assert_eq!(
            javascript_date_to_iso("Tue May 14 2024 08:53:33 GMT+0000 (GMT)").as_deref(),
            Some("2024-05-14T08:53:33+0000")
        );
        assert_eq!(
            javascript_date_to_iso("Wed Jan 17 2024 14:32:10 GMT-0500 (Eastern Standard Time)").as_deref(),
            Some("2024-01-17T14:32:10-0500")
        );
        assert_eq!(javascript_date_to_iso("2024-05-14T08:53:33.000Z"), None);
        assert_eq!(without_formula_guard("'=SUM(A1)"), "=SUM(A1)");
        assert_eq!(without_formula_guard("'quoted'"), "'quoted'");
    }
}
