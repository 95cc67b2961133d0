//! The demo workspace: generation is deterministic, the committed files are what the generator
//! writes now, and the files agree with each other (read back from their bytes, as a user's
//! tool would).

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use refine_datasets::{DEMO_FILES, DEMO_SEED, Workspace};

fn demo_files() -> BTreeMap<&'static str, Vec<u8>> {
    Workspace::generate(DEMO_SEED).files().unwrap().into_iter().collect()
}

/// Rows of a CSV file as header-name → cell maps (for repeated headers, the first cell),
/// plus the raw records for repeated columns.
struct Table {
    header: Vec<String>,
    records: Vec<csv::StringRecord>,
}

impl Table {
    fn parse(bytes: &[u8]) -> Table {
        let mut reader = csv::Reader::from_reader(bytes);
        let header = reader.headers().unwrap().iter().map(str::to_owned).collect();
        let records = reader.records().map(Result::unwrap).collect();
        Table { header, records }
    }

    fn cell<'a>(&self, record: &'a csv::StringRecord, name: &str) -> &'a str {
        let position =
            self.header.iter().position(|header| header == name).unwrap_or_else(|| panic!("{name}"));
        &record[position]
    }

    fn cells<'a>(&self, record: &'a csv::StringRecord, name: &str) -> Vec<&'a str> {
        self.header
            .iter()
            .enumerate()
            .filter(|(_, header)| *header == name)
            .map(|(position, _)| &record[position])
            .filter(|cell| !cell.is_empty())
            .collect()
    }
}

#[test]
fn generating_twice_gives_identical_bytes() {
    assert_eq!(demo_files(), demo_files());
    let other: BTreeMap<_, _> = Workspace::generate(DEMO_SEED + 1).files().unwrap().into_iter().collect();
    assert_ne!(demo_files()["backlog.csv"], other["backlog.csv"]);
}

#[test]
fn committed_demo_files_are_what_the_generator_writes() {
    let folder = Path::new(env!("CARGO_MANIFEST_DIR")).join("demo");
    for (name, bytes) in demo_files() {
        let committed = std::fs::read(folder.join(name)).unwrap_or_default();
        assert!(
            committed == bytes,
            "datasets/demo/{name} is not what the generator writes now; \
             run `cargo run -p refine-datasets --bin generate-demo` and commit the result"
        );
    }
}

#[test]
fn the_demo_stays_small() {
    let total: usize = demo_files().values().map(Vec::len).sum();
    assert!(total < 1_500_000, "{total} bytes");
    assert_eq!(demo_files().len(), DEMO_FILES.len());
}

#[test]
fn backlog_has_the_planted_features() {
    let files = demo_files();
    let backlog = Table::parse(&files["backlog.csv"]);
    assert_eq!(backlog.records.len(), 400);
    let keys: BTreeSet<&str> = backlog.records.iter().map(|row| backlog.cell(row, "Issue key")).collect();
    assert_eq!(keys.len(), 400);
    let ranks: Vec<&str> =
        backlog.records.iter().map(|row| backlog.cell(row, "Custom field (Rank)")).collect();
    assert!(ranks.windows(2).all(|pair| pair[0] < pair[1]), "rows are in rank order");

    let count =
        |test: &dyn Fn(&csv::StringRecord) -> bool| backlog.records.iter().filter(|row| test(row)).count();
    assert_eq!(count(&|row| backlog.cell(row, "Issue Type") == "Epic"), 12);
    let statuses: BTreeSet<&str> = backlog.records.iter().map(|row| backlog.cell(row, "Status")).collect();
    assert_eq!(
        statuses,
        BTreeSet::from(["Done", "In Progress", "In Review", "Selected for Development", "To Do"])
    );
    assert_eq!(count(&|row| !backlog.cells(row, "Outward issue link (Duplicate)").is_empty()), 5);
    assert!(count(&|row| !backlog.cells(row, "Inward issue link (Blocks)").is_empty()) >= 10);
    assert!(count(&|row| backlog.cell(row, "Custom field (Story Points)").is_empty()) >= 60);
    assert!(count(&|row| ["20.0", "40.0"].contains(&backlog.cell(row, "Custom field (Story Points)"))) >= 5);
    assert!(count(&|row| backlog.cells(row, "Sprint").len() >= 2) >= 3, "carry-over items");
    assert!(count(&|row| backlog.cell(row, "Description").is_empty()) >= 30);
    assert!(count(&|row| backlog.cell(row, "Description").contains("Acceptance criteria")) >= 30);
    for title in ["Show \"Only 3 left\" badge when stock < 5", "Sort by price, then by rating"] {
        assert_eq!(count(&|row| backlog.cell(row, "Summary") == title), 1, "{title}");
    }
    // Parents are the Issue ids of epics.
    let epic_ids: BTreeSet<&str> = backlog
        .records
        .iter()
        .filter(|row| backlog.cell(row, "Issue Type") == "Epic")
        .map(|row| backlog.cell(row, "Issue id"))
        .collect();
    assert!(
        backlog
            .records
            .iter()
            .map(|row| backlog.cell(row, "Parent"))
            .all(|parent| parent.is_empty() || epic_ids.contains(parent))
    );
    assert!(count(&|row| !backlog.cell(row, "Parent").is_empty()) > 200);
}

#[test]
fn history_agrees_with_the_backlog() {
    let files = demo_files();
    let backlog = Table::parse(&files["backlog.csv"]);
    let history = Table::parse(&files["history.csv"]);
    let status: BTreeMap<&str, &str> = backlog
        .records
        .iter()
        .map(|row| (backlog.cell(row, "Issue key"), backlog.cell(row, "Status")))
        .collect();
    let mut last_status = BTreeMap::new();
    let mut previous_at = String::new();
    for row in &history.records {
        let key = history.cell(row, "key");
        assert!(status.contains_key(key), "{key} is not in the backlog");
        let at = history.cell(row, "at");
        assert!(at >= previous_at.as_str() && at <= "2026-11-13T18:00:00Z", "{at}");
        previous_at = at.to_owned();
        if history.cell(row, "field") == "status" {
            last_status.insert(key, history.cell(row, "to"));
        }
    }
    for (key, last) in &last_status {
        assert_eq!(status[key], *last, "{key}");
    }
    let fields: BTreeSet<&str> = history.records.iter().map(|row| history.cell(row, "field")).collect();
    assert_eq!(fields, BTreeSet::from(["estimate", "sprint", "status"]));
}

#[test]
fn completed_points_per_sprint_match_the_done_items() {
    let files = demo_files();
    let backlog = Table::parse(&files["backlog.csv"]);
    let sprints = Table::parse(&files["sprints.csv"]);
    assert_eq!(sprints.records.len(), 12);
    for sprint in &sprints.records {
        let name = sprints.cell(sprint, "sprint");
        let (start, end) = (sprints.cell(sprint, "start"), sprints.cell(sprint, "end"));
        let (mut points, mut issues) = (0.0, 0);
        for row in &backlog.records {
            let resolved = iso_date(backlog.cell(row, "Resolved"));
            if backlog.cells(row, "Sprint").contains(&name)
                && resolved.as_deref().is_some_and(|date| date >= start && date <= end)
            {
                points += backlog.cell(row, "Custom field (Story Points)").parse::<f64>().unwrap_or(0.0);
                issues += 1;
            }
        }
        assert_eq!(sprints.cell(sprint, "completed_points"), format!("{points}"), "{name}");
        assert_eq!(sprints.cell(sprint, "completed_issues"), issues.to_string(), "{name}");
        let committed: f64 = sprints.cell(sprint, "committed_points").parse().unwrap();
        let say_do = points / committed;
        assert!((0.4..=1.5).contains(&say_do), "{name}: say/do {say_do}");
    }
}

/// `04/Jan/26 11:10 AM` → `2026-01-04`.
fn iso_date(jira: &str) -> Option<String> {
    let (date, _) = jira.split_once(' ')?;
    let mut parts = date.split('/');
    let (day, month, year) = (parts.next()?, parts.next()?, parts.next()?);
    let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
    let month = months.iter().position(|name| *name == month)? + 1;
    Some(format!("20{year}-{month:02}-{day}"))
}

#[test]
fn votes_feedback_and_survey_refer_to_backlog_items() {
    let files = demo_files();
    let backlog = Table::parse(&files["backlog.csv"]);
    let keys: BTreeSet<&str> = backlog.records.iter().map(|row| backlog.cell(row, "Issue key")).collect();

    let votes = Table::parse(&files["votes.csv"]);
    let voted: BTreeSet<&str> = votes.records.iter().map(|row| votes.cell(row, "key")).collect();
    assert_eq!(voted.len(), 80);
    assert!(voted.is_subset(&keys));
    let values: BTreeSet<&str> = votes.records.iter().map(|row| votes.cell(row, "value")).collect();
    assert!(values.contains("?") && values.contains("☕"));
    assert!(votes.records.iter().any(|row| votes.cell(row, "round") == "2"));

    let feedback = Table::parse(&files["feedback.csv"]);
    assert_eq!(feedback.records.len(), 2_000);
    let linked = feedback.records.iter().filter(|row| !feedback.cell(row, "key").is_empty()).count();
    assert!((700..=900).contains(&linked), "{linked} linked rows");
    let mut customers: BTreeMap<&str, BTreeSet<(&str, &str)>> = BTreeMap::new();
    for row in &feedback.records {
        let key = feedback.cell(row, "key");
        assert!(key.is_empty() || keys.contains(key), "{key}");
        let customer = feedback.cell(row, "customer");
        if !customer.is_empty() {
            customers
                .entry(customer)
                .or_default()
                .insert((feedback.cell(row, "segment"), feedback.cell(row, "arr")));
        }
    }
    assert!((140..=150).contains(&customers.len()), "{} customers", customers.len());
    assert!(customers.values().all(|segment_and_arr| segment_and_arr.len() == 1), "one ARR per customer");

    let survey = Table::parse(&files["survey.csv"]);
    assert_eq!(survey.records.len(), 120);
    let outcomes: Vec<&str> = survey.header.iter().filter_map(|header| header.strip_prefix("imp_")).collect();
    assert_eq!(outcomes.len(), 12);
    assert!(outcomes.iter().all(|outcome| keys.contains(outcome)));
}
