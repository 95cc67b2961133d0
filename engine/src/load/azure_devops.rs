//! Azure DevOps (Azure Boards) query results exported as CSV ("Export to CSV" on a query's
//! results): one quoted row per work item, one column per field of the query, headed by the
//! field's display name: `ID`, `Work Item Type`, `Title`, `State`, `Assigned To`, `Area Path`,
//! `Iteration Path`, `Tags`, `Story Points` (Agile), `Effort` (Scrum), `Size` (CMMI),
//! `Business Value`, `Time Criticality`, `Priority`, `Created Date`, `Changed Date`,
//! `Activated Date`, `Resolved Date`, `Closed Date`, `Parent`, `Description`,
//! `Acceptance Criteria`, `Value Area`, .... A tree query ("Tree of work items") writes its
//! titles as `Title 1`, `Title 2`, ... with each row's title under its depth in the tree.
//! A file is recognised by `ID`, a title column, and `Work Item Type` or a path column.
//!
//! Mapping: key = ID as written; type = Work Item Type; status = State, its category from
//! refine.toml's `[status]` or the common names (New, Active, Resolved, Closed, Removed, and the
//! Scrum process' Approved, Committed, Done are all known); estimate = Story Points, else Effort,
//! else Size (the first the file has values in); business value, time criticality, priority;
//! sprints = [the last segment of Iteration Path] and components = [the last segment of Area
//! Path], unless the path is the project's root; project = Team Project, else the first segment
//! of Area Path; labels = Tags split at `;`; assignee = Assigned To without the `<e-mail>` part;
//! created = Created Date, updated = Changed Date, resolved = Closed Date, else Resolved Date;
//! description and acceptance criteria (a non-empty Acceptance Criteria field counts); url =
//! `_links.html.href` (the REST field, as tools that flatten it to CSV name it) or `URL`, when
//! the file has one; parent =
//! Parent, or in a tree query the nearest row above one level up; parents are also `parent` links.
//!
//! History: Activated Date → status `Active`, Resolved Date → `Resolved`, Closed Date →
//! `Closed`, when the query has those columns.
//!
//! Dates are written in the exporting user's format; the US form `1/12/2024 3:45:07 PM` (the
//! default) and ISO 8601 are read.

use super::derived::{self, LinkColumn, StatusDate, present};
use super::error::LoadError;
use super::frame_builder::FrameBuilder;
use super::text_table::TextTable;
use super::text_table::has_header;
use super::{LoadOptions, Loaded};
use crate::model::{LinkKind, Table, items};

/// The milestone dates Azure DevOps stamps, in workflow order, with the state each stands for.
const MILESTONES: [(&str, &str); 3] =
    [("Activated Date", "Active"), ("Resolved Date", "Resolved"), ("Closed Date", "Closed")];

/// Estimate fields of the Agile, Scrum and CMMI processes, in the order they are preferred.
const ESTIMATE_COLUMNS: [&str; 3] = ["Story Points", "Effort", "Size"];

/// Whether the header row is an Azure DevOps query export (see the module documentation).
pub fn matches(headers: &[String]) -> bool {
    let has = |name: &str| has_header(headers, name);
    has("ID")
        && (has("Title") || has("Title 1"))
        && (has("Work Item Type") || has("Iteration Path") || has("Area Path"))
}

/// Loads an Azure DevOps query export into items, history and links.
pub fn load(text: &TextTable, options: &LoadOptions) -> Result<Loaded, LoadError> {
    let prepared = prepare(text);
    let text = &prepared.text;
    let key = text.position("ID").ok_or_else(|| LoadError::MissingColumn {
        path: text.path.clone(),
        format: "Azure DevOps query CSV".to_owned(),
        column: "ID".to_owned(),
        found: crate::model::wording::list_for_message(&text.headers),
    })?;

    let mut builder = FrameBuilder::new(Table::Items, text);
    builder.map(items::KEY, key);
    for (target, header) in [
        (items::TYPE, "Work Item Type"),
        (items::ASSIGNEE, "Assigned To"),
        (items::BUSINESS_VALUE, "Business Value"),
        (items::TIME_CRITICALITY, "Time Criticality"),
        (items::PRIORITY, "Priority"),
        (items::CREATED, "Created Date"),
        (items::UPDATED, "Changed Date"),
    ] {
        builder.map_any(target, &[header]);
    }
    // The work item's page, when the query or a tool that flattened the REST JSON added it.
    builder.map_any(items::URL, &["_links.html.href", "URL"]);
    for (target, position) in [
        (items::TITLE, prepared.title),
        (items::PARENT, prepared.parent),
        (items::PROJECT, prepared.project),
        (items::ESTIMATE, estimate_column(text)),
    ] {
        if let Some(position) = position {
            builder.map(target, position);
        }
    }
    for (target, header, separator) in [
        (items::LABELS, "Tags", Some(';')),
        (items::SPRINTS, "Iteration Path", None),
        (items::COMPONENTS, "Area Path", None),
    ] {
        builder.list(target, text.position(header).into_iter().collect(), separator);
    }
    if let Some(status) = text.position("State") {
        builder.status(status, None, &options.source.status);
    }
    if let Some(description) = text.position("Description") {
        builder.description(description, text.position("Acceptance Criteria"));
    }
    let closed_or_resolved: Vec<usize> =
        ["Closed Date", "Resolved Date"].iter().filter_map(|header| text.position(header)).collect();
    if !closed_or_resolved.is_empty() {
        let resolved = derived::first_timestamp(text, items::RESOLVED, &closed_or_resolved);
        builder.put(items::RESOLVED, resolved, closed_or_resolved);
    }
    builder.source_order_rank();

    let mut loaded = Loaded::default();
    loaded.add(Table::Items, builder.finish(options.strict)?);
    let milestones: Vec<StatusDate> = MILESTONES
        .iter()
        .filter_map(|&(header, status)| Some(StatusDate { position: text.position(header)?, status }))
        .collect();
    if let Some(built) = derived::status_history(text, key, &milestones, options.strict)? {
        loaded.add(Table::History, built);
    }
    if let Some(parent) = prepared.parent {
        let parents = [LinkColumn { position: parent, kind: LinkKind::Parent, row_is_from: false }];
        if let Some(built) = derived::links(text, key, &parents, None, options.strict)? {
            loaded.add(Table::Links, built);
        }
    }
    Ok(loaded)
}

/// The export ready to map: a copy of the table with paths cut to their last segment and e-mail
/// addresses removed, and the columns computed from several fields added.
struct Prepared {
    text: TextTable,
    /// `Title`, or the computed title of a tree query.
    title: Option<usize>,
    /// `Parent`, or the computed parent of a tree query.
    parent: Option<usize>,
    /// `Team Project`, or the computed root of the area path.
    project: Option<usize>,
}

fn prepare(text: &TextTable) -> Prepared {
    let mut text = text.clone();
    let mut project = text.position("Team Project");
    if project.is_none()
        && let Some(area) = text.position("Area Path")
    {
        let roots = text.column(area).iter().map(|path| Some(path_root(present(path)?).to_owned())).collect();
        project = Some(derived::add_column(&mut text, "Area Path", roots));
    }
    for header in ["Area Path", "Iteration Path"] {
        if let Some(position) = text.position(header) {
            derived::rewrite_column(&mut text, position, |path| path_leaf(path).map(str::to_owned));
        }
    }
    if let Some(position) = text.position("Assigned To") {
        derived::rewrite_column(&mut text, position, |person| Some(without_email(person).to_owned()));
    }
    let (mut title, mut parent) = (text.position("Title"), text.position("Parent"));
    let levels = tree_levels(&text);
    if title.is_none() && !levels.is_empty() {
        let (titles, parents) = tree_titles_and_parents(&text, &levels);
        title = Some(derived::add_column(&mut text, "Title 1", titles));
        if parent.is_none() {
            parent = Some(derived::add_column(&mut text, "Title 1", parents));
        }
    }
    Prepared { text, title, parent, project }
}

/// The first path segment: `Fabrikam` of `Fabrikam\Web\Checkout`.
fn path_root(path: &str) -> &str {
    path.split('\\').next().unwrap_or(path).trim()
}

/// The last path segment, `None` for a root path (an item in the project's root iteration is in
/// no sprint).
fn path_leaf(path: &str) -> Option<&str> {
    path.rsplit_once('\\').map(|(_, leaf)| leaf.trim()).filter(|leaf| !leaf.is_empty())
}

/// `Jamal Hartnett <fabrikamfiber4@hotmail.com>` → `Jamal Hartnett`.
fn without_email(person: &str) -> &str {
    match person.split_once(" <") {
        Some((name, rest)) if rest.ends_with('>') && !name.trim().is_empty() => name.trim(),
        _ => person,
    }
}

/// Positions of a tree query's `Title 1`, `Title 2`, ... columns, by depth.
fn tree_levels(text: &TextTable) -> Vec<usize> {
    (1..).map_while(|depth| text.position(&format!("Title {depth}"))).collect()
}

/// Each row's title (the cell at its depth) and parent (the ID of the nearest row above that is
/// one level up).
fn tree_titles_and_parents(text: &TextTable, levels: &[usize]) -> (Vec<Option<String>>, Vec<Option<String>>) {
    let Some(key) = text.position("ID") else { return (Vec::new(), Vec::new()) };
    let ids = text.column(key);
    let columns: Vec<_> = levels.iter().map(|&position| text.column(position)).collect();
    let mut latest_at_depth: Vec<Option<String>> = vec![None; levels.len()];
    let mut titles = Vec::with_capacity(text.height());
    let mut parents = Vec::with_capacity(text.height());
    for row in 0..text.height() {
        let found =
            columns.iter().enumerate().find_map(|(depth, column)| Some((depth, present(column.get(row))?)));
        let Some((depth, title)) = found else {
            titles.push(None);
            parents.push(None);
            continue;
        };
        titles.push(Some(title.to_owned()));
        parents.push(depth.checked_sub(1).and_then(|up| latest_at_depth[up].clone()));
        latest_at_depth[depth] = present(ids.get(row)).map(str::to_owned);
        for deeper in latest_at_depth.iter_mut().skip(depth + 1) {
            *deeper = None;
        }
    }
    (titles, parents)
}

/// The estimate column: the first of Story Points, Effort and Size that has a value.
fn estimate_column(text: &TextTable) -> Option<usize> {
    ESTIMATE_COLUMNS
        .iter()
        .filter_map(|header| text.position(header))
        .find(|&position| text.column(position).iter().any(|cell| present(cell).is_some()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::load::test_support::{boolean, instant, list, load_content, number, row_of, text, texts};
    use crate::load::{Format, Location, load_file};
    use crate::model::{history, links};
    use std::path::Path;

    #[test]
    fn the_fixture_query_export_is_detected_and_mapped() {
        let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../datasets/fixtures/azure-devops-query.csv");
        let file = load_file(&path, &LoadOptions::default()).unwrap();
        assert_eq!(file.format, Format::AzureDevOpsCsv);
        let loaded = &file.loaded;
        assert_eq!((loaded.records, loaded.problem_count), (6, 0));
        let frame = &loaded.tables[&Table::Items];
        assert_eq!(frame.height(), 6);

        let epic = row_of(frame, "412");
        assert_eq!(text(frame, items::TYPE, epic).as_deref(), Some("Epic"));
        assert_eq!(text(frame, items::STATUS_CATEGORY, epic).as_deref(), Some("in_progress"));
        assert_eq!(text(frame, items::ASSIGNEE, epic).as_deref(), Some("Jamal Hartnett"));
        assert_eq!(text(frame, items::PROJECT, epic).as_deref(), Some("Fabrikam"));
        assert_eq!(list(frame, items::COMPONENTS, epic), ["Web"]);
        assert!(list(frame, items::SPRINTS, epic).is_empty());
        assert_eq!(number(frame, items::BUSINESS_VALUE, epic), Some(20.0));
        assert_eq!(number(frame, items::TIME_CRITICALITY, epic), Some(8.0));
        assert_eq!(text(frame, items::PRIORITY, epic).as_deref(), Some("2"));
        assert_eq!(number(frame, items::ESTIMATE, epic), None);
        assert_eq!(instant(frame, items::CREATED, epic).as_deref(), Some("2024-01-08T09:12:44Z"));
        assert_eq!(instant(frame, items::UPDATED, epic).as_deref(), Some("2024-02-01T16:03:10Z"));

        let story = row_of(frame, "415");
        assert_eq!(text(frame, items::STATUS_CATEGORY, story).as_deref(), Some("done"));
        assert_eq!(list(frame, items::SPRINTS, story), ["Sprint 12"]);
        assert_eq!(list(frame, items::COMPONENTS, story), ["Returns"]);
        assert_eq!(list(frame, items::LABELS, story), ["returns", "printing"]);
        assert_eq!(number(frame, items::ESTIMATE, story), Some(5.0));
        assert_eq!(text(frame, items::PARENT, story).as_deref(), Some("412"));
        assert_eq!(instant(frame, items::RESOLVED, story).as_deref(), Some("2024-01-26T15:45:07Z"));
        assert_eq!(boolean(frame, items::HAS_ACCEPTANCE_CRITERIA, story), Some(true));

        // Resolved but not closed: resolved at the Resolved Date; criteria as Given/When/Then.
        let bug = row_of(frame, "420");
        assert_eq!(text(frame, items::STATUS_CATEGORY, bug).as_deref(), Some("done"));
        assert_eq!(instant(frame, items::RESOLVED, bug).as_deref(), Some("2024-01-31T11:00:00Z"));
        assert_eq!(boolean(frame, items::HAS_ACCEPTANCE_CRITERIA, bug), Some(true));
        assert_eq!(list(frame, items::LABELS, bug), ["bug", "returns"]);

        let new = row_of(frame, "421");
        assert_eq!(text(frame, items::STATUS_CATEGORY, new).as_deref(), Some("todo"));
        assert!(list(frame, items::COMPONENTS, new).is_empty());
        assert_eq!(text(frame, items::ASSIGNEE, new), None);
        assert_eq!(boolean(frame, items::HAS_ACCEPTANCE_CRITERIA, new), Some(false));
        let removed = row_of(frame, "423");
        assert_eq!(text(frame, items::STATUS_CATEGORY, removed).as_deref(), Some("done"));

        let history = &loaded.tables[&Table::History];
        let changes: Vec<String> = (0..history.height())
            .map(|row| {
                let key = text(history, history::KEY, row).unwrap();
                let from = text(history, history::FROM, row).unwrap_or_default();
                format!("{key}: {from} -> {}", text(history, history::TO, row).unwrap())
            })
            .collect();
        assert_eq!(
            changes,
            [
                "412:  -> Active",
                "415:  -> Active",
                "415: Active -> Resolved",
                "415: Resolved -> Closed",
                "416:  -> Active",
                "420:  -> Active",
                "420: Active -> Resolved",
                "423:  -> Closed",
            ]
        );
        assert_eq!(instant(history, history::AT, 3).as_deref(), Some("2024-01-26T15:45:07Z"));

        let links = &loaded.tables[&Table::Links];
        assert_eq!(
            texts(links, links::FROM),
            [Some("412".into()), Some("412".into()), Some("415".into()), Some("415".into())]
        );
        assert_eq!(
            texts(links, links::TO),
            [Some("415".into()), Some("416".into()), Some("420".into()), Some("423".into())]
        );
    }

    #[test]
    fn a_tree_query_gives_titles_and_parents_from_its_levels() {
        let csv = "\"ID\",\"Work Item Type\",\"Title 1\",\"Title 2\",\"Title 3\",\"State\",\"Effort\"\r\n\
\"1\",\"Epic\",\"Checkout\",\"\",\"\",\"In Progress\",\"\"\r\n\
\"2\",\"Feature\",\"\",\"Guest checkout\",\"\",\"New\",\"\"\r\n\
\"3\",\"Product Backlog Item\",\"\",\"\",\"Pay without an account\",\"Committed\",\"5\"\r\n\
\"4\",\"Feature\",\"\",\"Saved carts\",\"\",\"New\",\"\"\r\n\
\"5\",\"Epic\",\"Search\",\"\",\"\",\"New\",\"\"\r\n\
\"6\",\"Feature\",\"\",\"Facets\",\"\",\"Done\",\"\"\r\n";
        let file = load_content("query.csv", csv, &LoadOptions::default());
        assert_eq!(file.format, Format::AzureDevOpsCsv);
        let frame = &file.loaded.tables[&Table::Items];
        let titles = texts(frame, items::TITLE);
        assert_eq!(titles[2].as_deref(), Some("Pay without an account"));
        assert_eq!(
            texts(frame, items::PARENT),
            [None, Some("1".into()), Some("2".into()), Some("1".into()), None, Some("5".into())]
        );
        assert_eq!(number(frame, items::ESTIMATE, 2), Some(5.0));
        assert_eq!(text(frame, items::STATUS_CATEGORY, 2).as_deref(), Some("in_progress"));
        assert_eq!(file.loaded.tables[&Table::Links].height(), 4);
    }

    #[test]
    fn a_work_item_address_column_is_the_url_and_states_are_guessed_by_name() {
        let csv = "ID,Work Item Type,Title,State,_links.html.href\n\
7,Bug,a,Active,https://dev.azure.com/acme/shop/_workitems/edit/7\n\
8,Bug,b,Waiting,\n";
        let file = load_content("query.csv", csv, &LoadOptions::default());
        assert_eq!(file.format, Format::AzureDevOpsCsv);
        let frame = &file.loaded.tables[&Table::Items];
        assert_eq!(
            texts(frame, items::URL),
            [Some("https://dev.azure.com/acme/shop/_workitems/edit/7".into()), None]
        );
        // The CSV has no state category: Active is known by name (a guess), Waiting is not known.
        assert_eq!(boolean(frame, items::STATUS_CATEGORY_GUESSED, 0), Some(true));
        assert_eq!(text(frame, items::STATUS_CATEGORY, 1), None);
    }

    #[test]
    fn a_day_first_date_is_a_problem_naming_row_and_column() {
        let csv = "\"ID\",\"Work Item Type\",\"Title\",\"State\",\"Created Date\"\n\
\"7\",\"Bug\",\"a\",\"New\",\"1/12/2024 3:45:07 PM\"\n\
\"8\",\"Bug\",\"b\",\"New\",\"31/01/2024 10:00:00\"\n";
        let file = load_content("query.csv", csv, &LoadOptions::default());
        let loaded = &file.loaded;
        assert_eq!(loaded.tables[&Table::Items].height(), 1);
        assert_eq!(loaded.problems[0].location, Location::Row(3));
        assert_eq!(loaded.problems[0].column.as_deref(), Some("Created Date"));
        assert_eq!(
            instant(&loaded.tables[&Table::Items], items::CREATED, 0).as_deref(),
            Some("2024-01-12T15:45:07Z")
        );
    }

    #[test]
    fn paths_people_and_detection() {
        assert_eq!(path_leaf(r"Fabrikam\Release 1\Sprint 12"), Some("Sprint 12"));
        assert_eq!(path_leaf("Fabrikam"), None);
        assert_eq!(path_root(r"Fabrikam\Web"), "Fabrikam");
        assert_eq!(without_email("Jamal Hartnett <jamal@fabrikam.com>"), "Jamal Hartnett");
        assert_eq!(without_email("Jamal Hartnett"), "Jamal Hartnett");
        let headers = |names: &[&str]| names.iter().map(|name| (*name).to_owned()).collect::<Vec<_>>();
        assert!(matches(&headers(&["ID", "Work Item Type", "Title", "State"])));
        assert!(matches(&headers(&["ID", "Work Item Type", "Title 1", "Title 2"])));
        assert!(!matches(&headers(&["ID", "Team", "Title", "Status", "Cycle Name"])));
    }
}
