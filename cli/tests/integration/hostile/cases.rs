//! The hostile-input corpus, generated: every case is a few small files (written into a
//! temporary folder, under `exports/` unless said otherwise) and the command lines to run on
//! them, by default every command (see [`every_command`]).
//!
//! Most cases start from [`Case::on_base`], a small healthy workspace (items with history,
//! sprints, poker votes, feedback, a survey) in which every analysis has something to compute,
//! and spoil one value or one file, so that the hostile value travels through the analyses and
//! into every renderer, not only through a loader. The cases cover each defect class of issue
//! 17 (the item is named in `about`) and each class of the README's "Bad input" section.

use std::path::Path;

use super::EXPORTS;
use super::runner::{Pipes, Run};

/// One hostile input and what to run on it.
pub struct Case {
    /// A short name, unique, used in messages and in `KNOWN_FAILURES`.
    pub name: &'static str,
    /// What it is about: the issue-17 item or README class.
    pub about: &'static str,
    /// Files by path relative to the case's folder, with their bytes; the runs must leave them
    /// as they are.
    pub files: Vec<(String, Vec<u8>)>,
    /// What the folder needs besides plain files (an empty folder, a symbolic link, a mode).
    pub setup: Option<fn(&Path)>,
    /// The command lines, run in order in the case's folder.
    pub runs: Vec<Run>,
    /// What this case must show besides the checks every case gets.
    pub expectations: Vec<Expectation>,
}

/// A mode a written file must have.
#[derive(Debug, Clone, Copy)]
pub enum FileMode {
    /// What the umask gives a new file (0644 under umask 022).
    Umask,
    /// This mode exactly (the mode of the file it replaced).
    Exactly(u32),
}

/// What a case must show besides the checks every case gets. Paths are relative to the
/// case's folder; commands are subcommand names (`rank`).
#[derive(Debug)]
pub enum Expectation {
    /// `inspect --format json` lists a problem in this file at this location (and column).
    Problem { file: &'static str, unit: &'static str, number: u64, column: Option<&'static str> },
    /// `inspect --format json` loads this file.
    Loads(&'static str),
    /// `inspect --format json` loads this file, or refuses it with an error using one of these
    /// words (case-insensitive).
    LoadsOrRefusedMentioning(&'static str, &'static [&'static str]),
    /// `inspect --format json` refuses this file with an error using one of these words.
    RefusedMentioning(&'static str, &'static [&'static str]),
    /// Every run of the command exits with one of these codes.
    Exit(&'static str, &'static [i32]),
    /// Every run of the command says all these words on stderr.
    ErrorMentions(&'static str, &'static [&'static str]),
    /// This written file starts with this text.
    StartsWith(&'static str, &'static str),
    /// This written file has this mode.
    Mode(&'static str, FileMode),
    /// This path is still a symbolic link.
    Symlink(&'static str),
    /// This path is gone after the runs.
    Absent(&'static str),
    /// Every run of the command writes at most this many bytes on stdout.
    StdoutAtMost(&'static str, usize),
    /// The least CPU time of the runs naming `large` is at most `at_most` times the least of
    /// the runs naming `small`.
    CpuGrowth { small: &'static str, large: &'static str, at_most: f64 },
    /// At least one run of the command got SIGTERM while it was writing.
    Interrupted(&'static str),
}

impl Case {
    /// A case with no files yet, on which every command runs over the `exports` folder.
    fn new(name: &'static str, about: &'static str) -> Case {
        Case {
            name,
            about,
            files: Vec::new(),
            setup: None,
            runs: every_command(EXPORTS),
            expectations: Vec::new(),
        }
    }

    /// A case on the small healthy workspace.
    fn on_base(name: &'static str, about: &'static str) -> Case {
        let mut case = Case::new(name, about);
        for (file, bytes) in base_workspace() {
            case = case.file(file, bytes);
        }
        case
    }

    /// Adds `exports/<name>`, or replaces it.
    fn file(self, name: &str, bytes: impl Into<Vec<u8>>) -> Case {
        self.at(&format!("{EXPORTS}/{name}"), bytes)
    }

    /// Adds the file at `path` (relative to the case's folder), or replaces it.
    fn at(mut self, path: &str, bytes: impl Into<Vec<u8>>) -> Case {
        self.files.retain(|(existing, _)| existing != path);
        self.files.push((path.to_owned(), bytes.into()));
        self
    }

    /// Removes `exports/<name>`.
    fn without(mut self, name: &str) -> Case {
        let path = format!("{EXPORTS}/{name}");
        self.files.retain(|(existing, _)| *existing != path);
        self
    }

    fn runs(mut self, runs: Vec<Run>) -> Case {
        self.runs = runs;
        self
    }

    fn also(mut self, run: Run) -> Case {
        self.runs.push(run);
        self
    }

    fn setup(mut self, setup: fn(&Path)) -> Case {
        self.setup = Some(setup);
        self
    }

    fn expect(mut self, expectation: Expectation) -> Case {
        self.expectations.push(expectation);
        self
    }

    /// Expects a problem at a CSV row (header = 1) and column of `exports/<file>`.
    fn problem_at_row(self, file: &str, row: u64, column: &'static str) -> Case {
        let file: &'static str = Box::leak(format!("{EXPORTS}/{file}").into_boxed_str());
        self.expect(Expectation::Problem { file, unit: "row", number: row, column: Some(column) })
    }

    /// Expects `exports/<file>` to load.
    fn loads(self, file: &str) -> Case {
        let file: &'static str = Box::leak(format!("{EXPORTS}/{file}").into_boxed_str());
        self.expect(Expectation::Loads(file))
    }
}

/// Every command on `input`, writing into the case's folder: both `inspect` forms (the JSON one
/// feeds the location checks), each analysis with `-o` (CSV), `rank` to stdout as a table and
/// `agenda` as Markdown, and the whole report.
pub fn every_command(input: &str) -> Vec<Run> {
    vec![
        Run::new(&["inspect", input]),
        Run::new(&["inspect", "--format", "json", input]),
        Run::new(&["rank", input]),
        Run::new(&["rank", input, "-o", "out-rank.csv"]),
        Run::new(&["velocity", input, "-o", "out-velocity.csv"]),
        Run::new(&["estimates", input, "-o", "out-estimates.csv"]),
        Run::new(&["forecast", input, "-o", "out-forecast.csv"]),
        Run::new(&["health", input, "-o", "out-health.csv"]),
        Run::new(&["agenda", input, "--format", "md"]),
        Run::new(&["agenda", input, "-o", "out-agenda.csv"]),
        Run::new(&["report", input, "-o", "report"]),
    ]
}

/// A run with other exit codes allowed.
fn run_with_codes(args: &[&str], codes: &'static [i32]) -> Run {
    Run { codes, ..Run::new(args) }
}

/// A run with a closed stdout or stderr.
fn run_with_pipes(args: &[&str], pipes: Pipes) -> Run {
    Run { pipes, ..Run::new(args) }
}

// The healthy base workspace. Rows count as a spreadsheet shows them: header 1, then 2...

const ITEMS_HEADER: &str =
    "key,title,type,status,priority,created,updated,resolved,estimate,labels,description\n";
const ITEMS: &str = "\
B-1,Pay with a saved card,Story,To Do,High,2026-01-05T09:00:00Z,2026-03-01T09:00:00Z,,3,checkout,\"Given a \
saved card, when the shopper pays, then no card form is shown. Acceptance criteria: no form\"
B-2,Export invoices as PDF,Story,To Do,Medium,2026-01-10T09:00:00Z,2026-03-02T09:00:00Z,,5,invoices,\
    Invoices as PDF with the VAT lines
B-3,Search by order number,Task,In Progress,Low,2026-01-12T09:00:00Z,2026-03-03T09:00:00Z,,2,,
B-4,Fix the tax rounding,Bug,Done,High,2026-01-02T09:00:00Z,2026-02-10T09:00:00Z,2026-02-10T09:00:00Z,1,,
B-5,Dark mode,Story,Done,Low,2026-01-03T09:00:00Z,2026-02-20T09:00:00Z,2026-02-20T09:00:00Z,8,ui,
B-6,Bulk edit labels,Story,To Do,Medium,2026-02-01T09:00:00Z,2026-03-04T09:00:00Z,,13,,
";
/// The first row after the base items.
const FIRST_EXTRA_ITEM_ROW: u64 = 8;

const SPRINTS_HEADER: &str =
    "board,sprint_id,sprint,start,end,committed_points,completed_points,committed_issues,completed_issues\n";
const SPRINTS: &str = "\
web,1,Sprint 1,2026-01-05,2026-01-16,20,18,6,5
web,2,Sprint 2,2026-01-19,2026-01-30,22,20,7,6
web,3,Sprint 3,2026-02-02,2026-02-13,21,15,6,4
web,4,Sprint 4,2026-02-16,2026-02-27,19,19,5,5
web,5,Sprint 5,2026-03-02,2026-03-13,24,21,7,6
web,6,Sprint 6,2026-03-16,2026-03-27,20,17,6,5
";
const FIRST_EXTRA_SPRINT_ROW: u64 = 8;

const VOTES_HEADER: &str = "key,round,estimator,value,voted_at\n";
const VOTES: &str = "\
B-1,1,ann,3,2026-01-20T10:00:00Z
B-1,1,bob,13,2026-01-20T10:00:04Z
B-2,1,ann,5,2026-01-20T10:05:00Z
B-2,1,cy,?,2026-01-20T10:05:03Z
";
const FIRST_EXTRA_VOTE_ROW: u64 = 6;

const HISTORY: &str = "\
key,at,field,from,to
B-4,2026-02-01T09:00:00Z,status,To Do,In Progress
B-4,2026-02-10T09:00:00Z,status,In Progress,Done
B-5,2026-02-05T09:00:00Z,status,To Do,In Progress
B-5,2026-02-20T09:00:00Z,status,In Progress,Done
B-3,2026-03-03T09:00:00Z,status,To Do,In Progress
";

const FEEDBACK_HEADER: &str = "id,key,text,customer,segment,weight,created,votes,rating,source\n";
const FEEDBACK: &str = "\
F-1,B-2,We need invoices as PDF for the accountants,Acme,enterprise,120000,2026-02-01,4,,sales
F-2,,Please add a dark mode to the app,Initech,smb,1200,2026-02-03T09:30:00Z,12,4,app-store
";

const SURVEY: &str = "respondent,imp_B-1,sat_B-1,imp_B-2,sat_B-2\nr01,5,2,4,4\nr02,4,1,5,3\nr03,5,2,3,3\n";

/// The base workspace's files, by name under `exports/`.
fn base_workspace() -> Vec<(&'static str, Vec<u8>)> {
    vec![
        ("items.csv", format!("{ITEMS_HEADER}{ITEMS}").into_bytes()),
        ("history.csv", HISTORY.as_bytes().to_vec()),
        ("sprints.csv", format!("{SPRINTS_HEADER}{SPRINTS}").into_bytes()),
        ("votes.csv", format!("{VOTES_HEADER}{VOTES}").into_bytes()),
        ("feedback.csv", format!("{FEEDBACK_HEADER}{FEEDBACK}").into_bytes()),
        ("survey.csv", SURVEY.as_bytes().to_vec()),
    ]
}

/// The base items with `extra` rows (bytes, each ending in a line break) after them.
fn items_with(extra: &[u8]) -> Vec<u8> {
    [ITEMS_HEADER.as_bytes(), ITEMS.as_bytes(), extra].concat()
}

fn sprints_with(extra: &[u8]) -> Vec<u8> {
    [SPRINTS_HEADER.as_bytes(), SPRINTS.as_bytes(), extra].concat()
}

fn votes_with(extra: &[u8]) -> Vec<u8> {
    [VOTES_HEADER.as_bytes(), VOTES.as_bytes(), extra].concat()
}

fn feedback_with(extra: &[u8]) -> Vec<u8> {
    [FEEDBACK_HEADER.as_bytes(), FEEDBACK.as_bytes(), extra].concat()
}

/// An open item row with this title and estimate.
fn item_row(key: &str, title: &str, estimate: &str) -> String {
    format!("{key},{title},Story,To Do,Medium,2026-03-01T09:00:00Z,2026-03-05T09:00:00Z,,{estimate},,\n")
}

/// `count` healthy item rows with 150-character descriptions (about 220 bytes each), to push
/// what follows past the first 64 KB of a file.
fn padding_items(count: usize) -> String {
    (0..count)
        .map(|index| {
            let description = "The shopper sees the order lines and taxes and delivery dates on one \
                page. "
                .repeat(2);
            format!(
                "P-{index},Padding item {index},Task,To Do,Low,2026-01-20T09:00:00Z,2026-03-01T09:00:00Z,,2,\
                    ,{description}\n"
            )
        })
        .collect()
}

/// Settings for cases whose every forecast trial runs to `max_periods` (1000): 10,000 such
/// trials take 15-20 s in a debug build, which is slow, not hung, and would make the timeout
/// a matter of machine load.
const FEW_TRIALS: &str = "[forecast]\ntrials = 300\n";

/// Bytes that look random (a fixed linear congruential sequence): the same on every run.
fn noise(length: usize, seed: u64) -> Vec<u8> {
    let mut state = seed;
    (0..length)
        .map(|_| {
            state = state.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
            (state >> 56) as u8
        })
        .collect()
}

/// `text` as UTF-16 with its byte order mark, little- or big-endian.
fn utf16(text: &str, little_endian: bool) -> Vec<u8> {
    let mut bytes = if little_endian { vec![0xFF, 0xFE] } else { vec![0xFE, 0xFF] };
    for unit in text.encode_utf16() {
        bytes.extend(if little_endian { unit.to_le_bytes() } else { unit.to_be_bytes() });
    }
    bytes
}

/// A Jira CSV export with `unknown` custom fields beside the known columns, three rows.
fn jira_csv_with_unknown_columns(unknown: usize) -> Vec<u8> {
    let mut text = String::from("Summary,Issue key,Issue Type,Status,Created");
    for index in 0..unknown {
        text.push_str(&format!(",Custom field (Extra {index})"));
    }
    text.push('\n');
    for row in 0..3 {
        text.push_str(&format!("Row {row},J-{row},Story,To Do,04/Nov/25 11:28 AM"));
        text.push_str(&",v".repeat(unknown));
        text.push('\n');
    }
    text.into_bytes()
}

const GITHUB_ISSUE_43: &str = "{\"number\": 43, \"title\": \"Dark mode\", \"state\": \"open\", \"labels\": \
    [{\"name\": \"enhancement\"}], \"reactions\": {\"+1\": 3}, \"created_at\": \"2026-01-04T10:00:00Z\", \
    \"updated_at\": \"2026-02-01T10:00:00Z\"}";
const GITHUB_ISSUE_44: &str = "{\"number\": 44, \"title\": \"Crash on start\", \"state\": \"closed\", \
    \"labels\": [], \"reactions\": {\"+1\": 0}, \"created_at\": \"2026-01-05T10:00:00Z\", \"updated_at\": \
    \"2026-01-09T10:00:00Z\", \"closed_at\": \"2026-01-09T10:00:00Z\"}";

fn jira_issue(key: &str, summary: &str) -> String {
    format!(
        "{{\"key\": \"{key}\", \"fields\": {{\"summary\": \"{summary}\", \"issuetype\": {{\"name\": \
            \"Story\"}}, \"status\": {{\"name\": \"To Do\", \"statusCategory\": {{\"key\": \"new\"}}}}, \
            \"created\": \"2026-01-04T11:10:07.232+0000\", \"updated\": \"2026-02-04T11:10:07.232+0000\"}}}}"
    )
}

/// Sets a folder's or file's modification time to 2020-01-01: something left by a run long
/// gone.
fn make_old(path: &Path) {
    let old = std::time::UNIX_EPOCH + std::time::Duration::from_secs(1_577_836_800);
    std::fs::File::open(path).unwrap().set_modified(old).unwrap();
}

/// The whole corpus.
pub fn all() -> Vec<Case> {
    let mut cases = readme_bad_input();
    cases.extend(issue_items_1_to_3());
    cases.extend(issue_items_4_to_6());
    cases.extend(issue_items_7_to_13());
    cases.extend(escaping());
    cases.extend(layouts_and_shapes());
    cases.extend(values_and_relations());
    cases
}

/// The classes of the README's "Bad input" section.
fn readme_bad_input() -> Vec<Case> {
    let one_megabyte = "x".repeat(1 << 20);
    vec![
        Case::new("empty-file", "README: an empty file")
            .file("items.csv", "")
            .expect(Expectation::RefusedMentioning("exports/items.csv", &["empty"])),
        Case::new("whitespace-only-file", "README: an empty file").file("items.csv", " \n\n  \r\n\t\n"),
        Case::new("binary-noise", "README: a binary file").file("items.csv", noise(4096, 7)),
        Case::new("truncated-json", "README: truncated JSON")
            .file("issues.json", "[{\"key\":\"A-1\",\"estimate\":3},\n{\"key\":\"A-2\",\"est"),
        Case::new("unknown-layout", "README: an unknown layout")
            .file("fruit.csv", "name,colour\napple,red\npear,green\n")
            .expect(Expectation::RefusedMentioning("exports/fruit.csv", &["unknown format"])),
        Case::on_base("dates-in-no-known-form", "README: a date in no known form")
            .file(
                "items.csv",
                items_with(
                    b"D-1,Yesterday,Story,To Do,Low,yesterday,,,1,,\n\
                      D-2,Feb 30,Story,To Do,Low,2026-02-30,,,1,,\n\
                      D-3,Month 13,Story,To Do,Low,2026-13-01,,,1,,\n\
                      D-4,Zeros,Story,To Do,Low,0000-00-00,,,1,,\n\
                      D-5,Hour 25,Story,To Do,Low,2026-01-01T25:61:00Z,,,1,,\n\
                      D-6,Epoch seconds,Story,To Do,Low,1767225600,,,1,,\n",
                ),
            )
            .problem_at_row("items.csv", FIRST_EXTRA_ITEM_ROW, "created")
            .problem_at_row("items.csv", FIRST_EXTRA_ITEM_ROW + 3, "created"),
        Case::on_base("text-where-a-number-belongs", "README: text where a number belongs")
            .file(
                "items.csv",
                items_with(
                    b"N-1,Big,Story,To Do,Low,2026-03-01,,,big,,\n\
                      N-2,Points,Story,To Do,Low,2026-03-01,,,3 pts,,\n\
                      N-3,Comma,Story,To Do,Low,2026-03-01,,,\"1,5\",,\n\
                      N-4,Half,Story,To Do,Low,2026-03-01,,,\xc2\xbd,,\n\
                      N-5,Hex,Story,To Do,Low,2026-03-01,,,0x10,,\n\
                      N-6,Arabic,Story,To Do,Low,2026-03-01,,,\xd9\xa1\xd9\xa2,,\n",
                ),
            )
            .problem_at_row("items.csv", FIRST_EXTRA_ITEM_ROW, "estimate")
            .problem_at_row("items.csv", FIRST_EXTRA_ITEM_ROW + 2, "estimate"),
        Case::on_base("ragged-rows", "README: a row with more fields than the header")
            .file(
                "items.csv",
                items_with(
                    b"R-1,Too many,Story,To Do,Low,2026-03-01,,,1,,,extra,more\nR-2,Too few,Story\n\
                      R-3,Fine,Story,To Do,Low,2026-03-01,,,1,,\n",
                ),
            )
            .expect(Expectation::Problem {
                file: "exports/items.csv",
                unit: "row",
                number: FIRST_EXTRA_ITEM_ROW,
                column: None,
            }),
        Case::on_base("invalid-utf8", "README: invalid UTF-8")
            .file(
                "items.csv",
                items_with(
                    b"U-1,Bad \xff\xfe bytes,Story,To Do,Low,2026-03-01,,,1,,\n\
                      U-2,Cut \xe2\x82,Story,To Do,Low,2026-03-01,,,1,,\n\
                      U-3,Fine,Story,To Do,Low,2026-03-01,,,1,,\n",
                ),
            )
            .problem_at_row("items.csv", FIRST_EXTRA_ITEM_ROW, "title")
            .problem_at_row("items.csv", FIRST_EXTRA_ITEM_ROW + 1, "title"),
        Case::on_base("one-megabyte-fields", "README: 1 MB fields")
            .file(
                "items.csv",
                items_with(
                    format!(
                        "M-1,{one_megabyte},Story,To Do,Low,2026-03-01,,,1,,\nM-2,Huge estimate,Story,To Do,\
                            Low,2026-03-01,,,{one_megabyte},,\n"
                    )
                    .as_bytes(),
                ),
            )
            .problem_at_row("items.csv", FIRST_EXTRA_ITEM_ROW + 1, "estimate")
            .expect(Expectation::StdoutAtMost("inspect", 64 * 1024))
            .expect(Expectation::StdoutAtMost("rank", 64 * 1024)),
    ]
}

/// Issue 17 items 1 (absurd numbers), 2 (unclosed quotes) and 3 (control bytes, binary
/// detection).
fn issue_items_1_to_3() -> Vec<Case> {
    let utf16_text = format!("{ITEMS_HEADER}{ITEMS}");
    let early = "Sprint \u{FFFD}\x1a 7";
    vec![
        Case::on_base("sprint-completed-points-of-1.7e308", "item 1: a chart value near f64::MAX")
            .file("sprints.csv", sprints_with(b"web,7,Sprint 7,2026-03-30,2026-04-10,20,1.7e308,6,5\n")),
        Case::new("one-sprint-of-1.7e308", "item 1: the issue's reproduction").file(
            "one.csv",
            "sprint,start,end,committed_points,completed_points\nS1,2026-01-01,2026-01-14,20,1.7e308\n",
        ),
        Case::on_base("poker-vote-of-1.7e308", "item 1: one poker vote near f64::MAX")
            .file("votes.csv", votes_with(b"B-6,1,dan,1.7e308,2026-01-20T10:06:00Z\n"))
            .problem_at_row("votes.csv", FIRST_EXTRA_VOTE_ROW, "value"),
        Case::on_base("estimate-of-1e308", "item 1: an estimate near f64::MAX")
            .file("items.csv", items_with(item_row("E-1", "Huge", "1e308").as_bytes()))
            .at("refine.toml", FEW_TRIALS)
            .problem_at_row("items.csv", FIRST_EXTRA_ITEM_ROW, "estimate"),
        Case::on_base("committed-points-of-minus-1e308", "item 1: a sprint value near -f64::MAX")
            .file("sprints.csv", sprints_with(b"web,7,Sprint 7,2026-03-30,2026-04-10,-1e308,10,6,5\n")),
        Case::on_base("numbers-beyond-f64", "item 1: 400 digits, NaN and infinity as numbers")
            .file(
                "items.csv",
                items_with(
                    format!(
                        "{}{}{}",
                        item_row("E-1", "Four hundred digits", &format!("1{}", "0".repeat(400))),
                        item_row("E-2", "Not a number", "NaN"),
                        item_row("E-3", "Infinite", "inf")
                    )
                    .as_bytes(),
                ),
            )
            .problem_at_row("items.csv", FIRST_EXTRA_ITEM_ROW, "estimate")
            .problem_at_row("items.csv", FIRST_EXTRA_ITEM_ROW + 1, "estimate")
            .problem_at_row("items.csv", FIRST_EXTRA_ITEM_ROW + 2, "estimate"),
        Case::on_base("sprints-completing-1e-300", "item 1: a velocity so small nothing finishes")
            .file(
                "sprints.csv",
                format!(
                    "{SPRINTS_HEADER}web,1,S1,2026-01-05,2026-01-16,20,1e-300,6,5\nweb,2,S2,2026-01-19,\
                    2026-01-30,20,1e-300,6,5\n"
                ),
            )
            .at("refine.toml", FEW_TRIALS),
        Case::on_base("sprints-completing-nothing", "item 1: a velocity of zero").file(
            "sprints.csv",
            format!(
                "{SPRINTS_HEADER}web,1,S1,2026-01-05,2026-01-16,20,0,6,0\nweb,2,S2,2026-01-19,\
                2026-01-30,20,0,6,0\n"
            ),
        ),
        Case::new("unclosed-quote-swallows-rows", "item 2: a stray quote swallowing the rows after it")
            .file(
                "q.csv",
                "key,title,status,estimate\nQ-1,ok,To Do,1\nQ-2,\"never closed,To Do,2\nQ-3,fine,To Do,3\n\
                 Q-4,\"other\",To Do,5\nQ-5,last,To Do,8\n",
            )
            .also(run_with_codes(&["--strict", "rank", "exports/q.csv", "--format", "csv"], &[1]))
            .expect(Expectation::Problem { file: "exports/q.csv", unit: "row", number: 3, column: None }),
        Case::on_base("unclosed-quote-in-the-last-row", "item 2: a quote open at the end of the file")
            .file("items.csv", items_with(b"Q-1,\"never closed,Story,To Do,Low,2026-03-01,,,1,,\n")),
        Case::on_base("quotes-inside-an-unquoted-field", "item 2: quotes in the middle of a field").file(
            "items.csv",
            items_with(b"Q-1,say \"hi\" now,Story,To Do,Low,2026-03-01,,,1,,\"a \"\"b\"\" c\"\n"),
        ),
        Case::on_base("nul-in-a-title-early", "item 3: a 0x00 in a cell inside the first 64 KB")
            .file("items.csv", items_with(item_row("C-1", "Null\x00byte", "2").as_bytes()))
            .loads("items.csv")
            .problem_at_row("items.csv", FIRST_EXTRA_ITEM_ROW, "title"),
        Case::on_base("sub-in-a-sprint-name-early", "item 3: Atlassian's sprint name with U+FFFD and 0x1A")
            .file(
                "sprints.csv",
                sprints_with(format!("web,7,{early},2026-03-30,2026-04-10,20,18,6,5\n").as_bytes()),
            )
            .loads("sprints.csv")
            .problem_at_row("sprints.csv", FIRST_EXTRA_SPRINT_ROW, "sprint"),
        Case::on_base("nul-in-a-title-after-64-kb", "item 3: a 0x00 in a cell after the first 64 KB")
            .file(
                "items.csv",
                items_with(
                    format!("{}{}", padding_items(330), item_row("C-1", "Null\x00byte", "2")).as_bytes(),
                ),
            )
            .loads("items.csv")
            .problem_at_row("items.csv", FIRST_EXTRA_ITEM_ROW + 330, "title"),
        Case::on_base("sub-in-a-sprint-name-after-64-kb", "item 3: a 0x1A in a sprint name after 64 KB")
            .file("sprints.csv", {
                let mut rows: String = (10..1200)
                    .map(|index| {
                        format!("web,{index},Padding sprint {index},2025-01-05,2025-01-16,20,18,6,5\n")
                    })
                    .collect();
                rows.push_str(&format!("web,7,{early},2026-03-30,2026-04-10,20,18,6,5\n"));
                sprints_with(rows.as_bytes())
            })
            .loads("sprints.csv")
            .problem_at_row("sprints.csv", FIRST_EXTRA_SPRINT_ROW + 1190, "sprint"),
        Case::on_base("terminal-escapes-in-titles", "item 3: ESC, BEL and backspace in cells")
            .file(
                "items.csv",
                items_with(
                    format!(
                        "{}{}",
                        item_row("C-1", "\x1b[31mred\x1b[0m \x1b]0;owned\x07", "2"),
                        item_row("C-2", "back\x08\x08\x08space", "3")
                    )
                    .as_bytes(),
                ),
            )
            .problem_at_row("items.csv", FIRST_EXTRA_ITEM_ROW, "title"),
        Case::on_base("c1-controls-in-titles", "item 3: C1 control characters (CSI, NEL) in cells").file(
            "items.csv",
            items_with(item_row("C-1", "csi \u{9b}31m and nel \u{85} here", "2").as_bytes()),
        ),
        Case::new("utf16-le-with-bom", "items 3 and 7: UTF-16 called binary")
            .file("items.csv", utf16(&utf16_text, true))
            .expect(Expectation::LoadsOrRefusedMentioning("exports/items.csv", &["UTF-16"])),
        Case::new("utf16-be-with-bom", "items 3 and 7: UTF-16 called binary")
            .file("items.csv", utf16(&utf16_text, false))
            .expect(Expectation::LoadsOrRefusedMentioning("exports/items.csv", &["UTF-16"])),
        Case::on_base("utf8-bom", "item 3: a UTF-8 byte order mark")
            .file("items.csv", [b"\xef\xbb\xbf".as_slice(), &items_with(b"")].concat())
            .loads("items.csv"),
        Case::new("png-magic", "item 3: a PNG image")
            .file("chart.csv", [b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR".as_slice(), &noise(200, 1)].concat())
            .expect(Expectation::RefusedMentioning("exports/chart.csv", &["PNG"])),
        Case::new("zip-magic-of-an-xlsx", "item 3: an Excel workbook (ZIP)")
            .file(
                "backlog.xlsx",
                [
                    b"PK\x03\x04\x14\x00\x06\x00\x08\x00\x00\x00!\x00".as_slice(),
                    b"[Content_Types].xml",
                    &noise(300, 2),
                ]
                .concat(),
            )
            .expect(Expectation::RefusedMentioning("exports/backlog.xlsx", &["ZIP", "xlsx", "Excel"])),
        Case::new("pdf-magic", "item 3: a PDF")
            .file(
                "backlog.pdf",
                [
                    b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog >>\nendobj\nstream\n"
                        .as_slice(),
                    &noise(300, 3),
                ]
                .concat(),
            )
            .expect(Expectation::RefusedMentioning("exports/backlog.pdf", &["PDF"])),
        Case::new("gzip-magic", "item 3: a compressed export")
            .file("items.csv.gz", [b"\x1f\x8b\x08\x00\x00\x00\x00\x00".as_slice(), &noise(300, 4)].concat()),
        Case::new("parquet-magic-with-garbage", "item 3: Parquet magic around garbage")
            .file("items.parquet", [b"PAR1".as_slice(), &noise(64, 5), b"\x10\x00\x00\x00PAR1"].concat()),
        Case::new("parquet-footer-claiming-4-gb", "item 3: a Parquet footer length beyond the file")
            .file("items.parquet", [b"PAR1".as_slice(), &noise(16, 6), b"\xff\xff\xff\xffPAR1"].concat()),
    ]
}

/// Issue 17 items 4 (`-o` onto an input), 5 (closed pipes) and 6 (temporary files).
fn issue_items_4_to_6() -> Vec<Case> {
    let demo = crate::support::demo();
    let mut interrupted =
        Case::new("interrupted-report-leaves-no-temporary-folder", "item 6: SIGTERM while writing")
            .runs(
                (0..3)
                    .map(|_| Run {
                        interrupt: true,
                        codes: &[0, 1, 130, 143],
                        ..Run::new(&["report", EXPORTS, "-o", "report"])
                    })
                    .collect(),
            )
            .expect(Expectation::Interrupted("report"));
    for name in ["backlog.csv", "history.csv", "sprints.csv", "votes.csv", "feedback.csv", "survey.csv"] {
        interrupted =
            interrupted.file(name, std::fs::read(demo.join(name)).expect("the demo workspace is there"));
    }
    vec![
        Case::on_base("output-onto-an-input", "item 4: -o names an input")
            .runs(vec![
                Run::new(&["inspect", "--format", "json", EXPORTS]),
                Run::new(&["rank", "exports/items.csv", "-o", "exports/items.csv"]),
                Run::new(&["rank", EXPORTS, "-o", "exports/feedback.csv"]),
                Run::new(&["health", EXPORTS, "-o", "exports/items.csv"]),
                Run::new(&["velocity", "exports/sprints.csv", "-o", "exports/sprints.csv"]),
                Run::new(&["estimates", EXPORTS, "-o", "exports/votes.csv"]),
                Run::new(&["report", EXPORTS, "-o", "exports/items.csv"]),
            ])
            .expect(Expectation::Exit("rank", &[1]))
            .expect(Expectation::Exit("velocity", &[1])),
        Case::on_base("closed-stdout", "item 5: stdout closed (refine ... | true)").runs(vec![
            run_with_pipes(&["inspect", EXPORTS], Pipes::StdoutClosed),
            run_with_pipes(&["rank", EXPORTS], Pipes::StdoutClosed),
            run_with_pipes(&["rank", EXPORTS, "--format", "csv"], Pipes::StdoutClosed),
            run_with_pipes(&["velocity", EXPORTS, "--format", "json"], Pipes::StdoutClosed),
            run_with_pipes(&["report", EXPORTS, "-o", "report"], Pipes::StdoutClosed),
            run_with_pipes(&["config", "init", "-o", "-"], Pipes::StdoutClosed),
        ]),
        Case::on_base("closed-stderr", "item 5: stderr closed (refine ... 2>&1 >/dev/null | true)").runs(
            vec![
                run_with_pipes(&["rank", "nope.csv"], Pipes::StderrClosed),
                run_with_pipes(&["velocity", EXPORTS], Pipes::StderrClosed),
                run_with_pipes(&["forecast", "exports/items.csv"], Pipes::StderrClosed),
                run_with_pipes(&["report", EXPORTS, "-o", "report"], Pipes::StderrClosed),
                run_with_pipes(&["--strict", "rank", "exports/missing.csv"], Pipes::StderrClosed),
            ],
        ),
        interrupted,
        Case::on_base("stale-temporary-folder-is-swept", "item 6: a temporary folder of a run long gone")
            .setup(|folder| {
                let stale = folder.join(".refine-report-stale0");
                std::fs::create_dir_all(&stale).unwrap();
                std::fs::write(stale.join("index.html"), "half a report").unwrap();
                make_old(&stale.join("index.html"));
                make_old(&stale);
            })
            .expect(Expectation::Absent(".refine-report-stale0")),
    ]
}

/// Issue 17 items 7 (problems not reported or without a location) to 13.
fn issue_items_7_to_13() -> Vec<Case> {
    let narrow = jira_csv_with_unknown_columns(1_000);
    let wide = jira_csv_with_unknown_columns(16_000);
    let research = "Project,Resolution,Time.Spent,Sub.Tasks,Story.Points,Sprint,SubTask.Time\n\
                    APSTUD,Fixed,3600,0,3,Sprint 1,0\nAPSTUD,Fixed,7200,2,5,Sprint 1,1800\n\
                    APSTUD,Won't Fix,0,0,1,Sprint 2,0\nMESOS,Fixed,14400,1,8,Sprint 2,3600\n";
    let research_mapping = "[mappings.research]\ntable = \"items\"\n[mappings.research.columns]\n\
                            project = \"Project\"\nresolution = \"Resolution\"\ntime_spent_hours = \
                            \"Time.Spent\"\n\
                            estimate = \"Story.Points\"\nsprints = \"Sprint\"\n";
    vec![
        Case::new("github-number-as-a-string", "item 7: \"number\":\"42\" made the file unknown; it is #42")
            .file(
                "issues.json",
                format!(
                    "[{}, {GITHUB_ISSUE_43}, {GITHUB_ISSUE_44}]",
                    "{\"number\": \"42\", \"title\": \"Export to PDF\", \"state\": \"open\", \"labels\": \
                        [], \"created_at\": \"2026-01-03T10:00:00Z\"}"
                ),
            )
            .loads("issues.json"),
        Case::new("github-number-as-a-string-later", "item 7: a bad record after good ones")
            .file(
                "issues.json",
                format!(
                    "[{GITHUB_ISSUE_43}, {GITHUB_ISSUE_44}, {}]",
                    "{\"number\": \"forty-two\", \"title\": \"Export to PDF\", \"state\": \"open\", \
                        \"created_at\": \"2026-01-03T10:00:00Z\"}"
                ),
            )
            .expect(Expectation::Problem {
                file: "exports/issues.json",
                unit: "record",
                number: 3,
                column: Some("number"),
            }),
        Case::new("jira-fields-null", "item 7: \"fields\": null empties every title")
            .file(
                "search.json",
                format!(
                    "{{\"issues\": [{}, {{\"key\": \"J-2\", \"fields\": null}}, {}]}}",
                    jira_issue("J-1", "One"),
                    jira_issue("J-3", "Three")
                ),
            )
            .loads("search.json")
            .expect(Expectation::Problem {
                file: "exports/search.json",
                unit: "record",
                number: 2,
                column: None,
            }),
        Case::on_base("duplicate-keys", "item 7: the same key on two rows")
            .file("items.csv", items_with(item_row("B-2", "Another B-2", "3").as_bytes()))
            .problem_at_row("items.csv", FIRST_EXTRA_ITEM_ROW, "key"),
        Case::on_base("negative-estimates", "item 7: a negative estimate")
            .file("items.csv", items_with(item_row("E-1", "Negative", "-5").as_bytes()))
            .problem_at_row("items.csv", FIRST_EXTRA_ITEM_ROW, "estimate"),
        Case::on_base("negative-sprint-points", "item 7: negative completed points")
            .file("sprints.csv", sprints_with(b"web,7,Sprint 7,2026-03-30,2026-04-10,20,-3,6,5\n"))
            .problem_at_row("sprints.csv", FIRST_EXTRA_SPRINT_ROW, "completed_points"),
        Case::on_base("negative-poker-vote", "item 7: a negative card")
            .file("votes.csv", votes_with(b"B-6,1,dan,-3,2026-01-20T10:06:00Z\n"))
            .problem_at_row("votes.csv", FIRST_EXTRA_VOTE_ROW, "value"),
        Case::new("empty-folder", "item 7: an empty folder exits 0 with empty output")
            .setup(|folder| std::fs::create_dir_all(folder.join(EXPORTS)).unwrap())
            .runs(
                every_command(EXPORTS)
                    .into_iter()
                    .filter(|run| run.command() != "inspect" || run.args.len() == 2)
                    .collect(),
            )
            .expect(Expectation::Exit("rank", &[1]))
            .expect(Expectation::Exit("report", &[1]))
            .expect(Expectation::ErrorMentions("report", &["exports"])),
        Case::new("more-unknown-than-known-columns", "item 7: a canonical CSV refused without saying why")
            .file(
                "items.csv",
                "key,title,Sprint goal,Team mood,Coffee,Room,Notes,Colour\nA-1,Login,ship,ok,2,blue,,red\n\
                 A-2,Logout,ship,ok,1,red,,blue\n",
            )
            .expect(Expectation::LoadsOrRefusedMentioning(
                "exports/items.csv",
                &["unknown column", "canonical column", "not known", "not recognised"],
            )),
        Case::on_base("date-in-year-0001", "item 8: a date far from the data")
            .file(
                "items.csv",
                items_with(b"F-1,Far past,Story,To Do,Low,0001-01-01T00:00:00Z,2026-03-01T09:00:00Z,,1,,\n"),
            )
            .problem_at_row("items.csv", FIRST_EXTRA_ITEM_ROW, "created"),
        Case::on_base("date-in-year-9999", "item 8: a date far from the data")
            .file(
                "items.csv",
                items_with(
                    b"F-1,Far future,Bug,Done,Low,2026-02-01T09:00:00Z,2026-03-01T09:00:00Z,\
                        9999-12-31T00:00:00Z,1,,\n",
                ),
            )
            .problem_at_row("items.csv", FIRST_EXTRA_ITEM_ROW, "resolved"),
        Case::new("many-unknown-columns-cost-linear-time", "item 9: time quadratic in unknown columns")
            .file("narrow.csv", narrow)
            .file("wide.csv", wide)
            .runs(vec![
                Run::new(&["inspect", "--format", "json", "exports/narrow.csv"]),
                Run::new(&["inspect", "exports/narrow.csv"]),
                Run::new(&["inspect", "exports/narrow.csv"]),
                Run::new(&["inspect", "exports/wide.csv"]),
            ])
            // 16 times the columns: linear work grows at most 16 times (less, with the start-up
            // both runs pay), quadratic work up to 256 times (over 50 in a debug build today).
            // The least CPU time of each is the one least disturbed by other processes.
            .expect(Expectation::CpuGrowth {
                small: "exports/narrow.csv",
                large: "exports/wide.csv",
                at_most: 32.0,
            }),
        Case::on_base("output-file-modes", "item 10: outputs get mode 0600 whatever the umask")
            .setup(|folder| {
                use std::os::unix::fs::PermissionsExt;
                let kept = folder.join("out-kept.csv");
                std::fs::write(&kept, "an earlier ranking\n").unwrap();
                std::fs::set_permissions(&kept, std::fs::Permissions::from_mode(0o664)).unwrap();
            })
            .runs(vec![
                Run::new(&["rank", EXPORTS, "-o", "out-new.csv"]),
                Run::new(&["rank", EXPORTS, "-o", "out-kept.csv"]),
                Run::new(&["config", "init", "-o", "out-refine.toml"]),
                Run::new(&["report", EXPORTS, "-o", "report"]),
            ])
            .expect(Expectation::Mode("out-new.csv", FileMode::Umask))
            .expect(Expectation::Mode("out-kept.csv", FileMode::Exactly(0o664)))
            .expect(Expectation::Mode("out-refine.toml", FileMode::Umask))
            .expect(Expectation::Mode("report/index.html", FileMode::Umask)),
        Case::on_base("empty-tables-keep-their-header", "item 11: an empty table written as an empty file")
            .runs(vec![
                Run::new(&["rank", EXPORTS, "--top", "0", "--format", "csv", "-o", "out-top0.csv"]),
                Run::new(&["report", EXPORTS, "-o", "report"]),
            ])
            .expect(Expectation::StartsWith("out-top0.csv", "rank,"))
            .expect(Expectation::StartsWith("report/tables/rank-gone.csv", "key")),
        Case::on_base("sprint-report-on-stdin", "item 11: /dev/stdin and - as inputs")
            .runs(vec![
                Run {
                    stdin: Some("exports/sprints.csv".to_owned()),
                    ..Run::new(&["velocity", "/dev/stdin"])
                },
                Run { stdin: Some("exports/sprints.csv".to_owned()), ..Run::new(&["velocity", "-"]) },
            ])
            .expect(Expectation::Exit("velocity", &[0])),
        Case::on_base("report-to-dash", "item 11: report -o - makes a folder named -")
            .runs(vec![run_with_codes(&["report", EXPORTS, "-o", "-"], &[1, 2])]),
        Case::on_base("output-through-a-symlink", "item 11: -o on a symbolic link replaces the link")
            .setup(|folder| {
                std::fs::write(folder.join("out-target.csv"), "an earlier ranking\n").unwrap();
                std::os::unix::fs::symlink("out-target.csv", folder.join("out-link.csv")).unwrap();
            })
            .runs(vec![Run::new(&["rank", EXPORTS, "-o", "out-link.csv"])])
            .expect(Expectation::Symlink("out-link.csv")),
        Case::on_base("config-window-zero", "item 11: window = 0 silently becomes 1")
            .at("refine.toml", "[velocity]\nwindow = 0\n")
            .expect(Expectation::Exit("rank", &[1]))
            .expect(Expectation::Exit("velocity", &[1]))
            .expect(Expectation::ErrorMentions("velocity", &["refine.toml", "window"])),
        Case::on_base("config-negative-forecast-margin", "item 11: a bad [forecast] value found late")
            .at("refine.toml", "[forecast]\nmargin = -1.0\n")
            .expect(Expectation::Exit("rank", &[1]))
            .expect(Expectation::ErrorMentions("forecast", &["refine.toml", "margin"])),
        Case::on_base("config-flow-percentile-150", "item 11: a bad [flow] value found late")
            .at("refine.toml", "[flow]\npercentiles = [50.0, 150.0]\n")
            .expect(Expectation::Exit("health", &[1]))
            .expect(Expectation::ErrorMentions("velocity", &["refine.toml", "percentiles"])),
        Case::new("keyless-research-csv", "item 12: story points against hours with no key column")
            .file("research.csv", research)
            .at("refine.toml", research_mapping)
            .loads("research.csv")
            .expect(Expectation::Exit("rank", &[0])),
        Case::new("sprint-report-without-dates", "item 13: velocity demands --as-of without dates")
            .file(
                "sprints.csv",
                "sprint_id,sprint,committed_points,completed_points,committed_issues,completed_issues\n\
                 1,Sprint 1,20,18,6,5\n2,Sprint 2,22,20,7,6\n3,Sprint 3,21,15,6,4\n4,Sprint 4,19,19,5,5\n",
            )
            .loads("sprints.csv")
            .expect(Expectation::Exit("velocity", &[0])),
    ]
}

/// Text that must reach every output escaped: formulas, markup, Markdown syntax.
fn escaping() -> Vec<Case> {
    let formulas = [
        "\"=HYPERLINK(\"\"http://evil.example\"\",\"\"click\"\")\"",
        "\"+cmd|' /C calc'!A0\"",
        "@SUM(1+1)",
        "-2+3",
        "\"\t=1+1\"",
        "\"\r=1+1\"",
    ];
    let formula_items: String = formulas
        .iter()
        .enumerate()
        .map(|(index, formula)| {
            format!(
                "X-{index},{formula},Story,To Do,{formula},2026-03-01T09:00:00Z,,,2,{formula},{formula}\n"
            )
        })
        .collect();
    vec![
        Case::on_base(
            "formulas-in-every-text-column",
            "CSV injection: formulas in titles, labels, \
            priorities",
        )
        .file("items.csv", items_with(formula_items.as_bytes()))
        .file(
            "votes.csv",
            votes_with(b"X-0,1,=cmd(),3,2026-01-20T10:06:00Z\nX-1,1,@ann,5,2026-01-20T10:06:00Z\n"),
        )
        .file("sprints.csv", sprints_with(b"=web,7,=HYPERLINK(\"\"x\"\"),2026-03-30,2026-04-10,20,18,6,5\n"))
        .file(
            "feedback.csv",
            feedback_with(b"F-3,X-0,=HYPERLINK(\"\"http://evil\"\"),@Acme,+smb,5,2026-02-05,1,,-sales\n"),
        ),
        Case::on_base("formula-looking-keys", "CSV injection: keys that are formulas")
            .file(
                "items.csv",
                items_with(
                    format!(
                        "{}{}{}",
                        item_row("=1+1", "Key is a formula", "2"),
                        item_row("-X-1", "Key starts with a minus", "3"),
                        item_row("@x", "Key starts with an at", "5")
                    )
                    .as_bytes(),
                ),
            )
            .file("history.csv", format!("{HISTORY}=1+1,2026-03-02T09:00:00Z,status,To Do,In Progress\n")),
        Case::on_base("html-and-script-in-text", "escaping: markup in titles, labels, descriptions")
            .file(
                "items.csv",
                items_with(
                    b"H-1,<script>alert('refine')</script>,Story,To Do,High,2026-03-01T09:00:00Z,,,3,\
                        <b>refine</b>,\
                      \"<img src=x onerror=alert(1)> Given a user, when they pay, then it works\"\n\
                      H-2,<img src=x onerror=alert(2)>,Bug,To Do,Low,2026-03-01T09:00:00Z,,,5,,\n",
                ),
            )
            .file(
                "sprints.csv",
                sprints_with(
                    b"<b>refine</b>,7,<script>alert(7)</script>,2026-03-30,\
                2026-04-10,20,18,6,5\n",
                ),
            ),
        Case::on_base("markdown-syntax-in-text", "escaping: pipes, backslashes, backticks, line breaks")
            .file(
                "items.csv",
                items_with(
                    b"K-1,a | pipe and \\| an escaped one,Story,To Do,High,2026-03-01T09:00:00Z,,,3,x|y,\n\
                      K-2,trailing backslash \\,Story,To Do,High,2026-03-01T09:00:00Z,,,3,,\n\
                      K-3,\"two\nlines | and a pipe\",Story,To Do,High,2026-03-01T09:00:00Z,,,3,,\n\
                      K-4,`code` **bold** [link](http://x) # heading,Story,To Do,High,2026-03-01T09:00:00Z,,\
                      ,3,,\n",
                ),
            ),
        Case::on_base("unicode-bidi-and-zero-width", "escaping: right-to-left overrides, zero-width, emoji")
            .file(
                "items.csv",
                items_with(
                    item_row("Z-1", "\u{202e}gnp.exe \u{200b}\u{200d}\u{feff} \u{1f600} \u{fdd0}", "3")
                        .as_bytes(),
                ),
            ),
    ]
}

/// Odd layouts and shapes of otherwise readable files.
fn layouts_and_shapes() -> Vec<Case> {
    let deep_array = format!("{}{}", "[".repeat(100_000), "]".repeat(100_000));
    let deep_body = format!(
        "[{{\"number\": 1, \"title\": \"Deep\", \"state\": \"open\", \"created_at\": \
            \"2026-01-03T10:00:00Z\", \"body\": {}1{}}}]",
        "{\"a\":".repeat(5_000),
        "}".repeat(5_000)
    );
    let very_long_line = format!("key,title\nL-1,{}\n", ",".repeat(200_000));
    let header_only = |header: &str| header.as_bytes().to_vec();
    vec![
        Case::new("deeply-nested-json-array", "deeply nested JSON").file("deep.json", deep_array),
        Case::new("deeply-nested-json-in-a-field", "deeply nested JSON in a GitHub body")
            .file("issues.json", deep_body),
        Case::on_base("very-long-line", "a 200,000-field line").file("long.csv", very_long_line),
        Case::on_base("very-long-title-without-line-breaks", "a 300 KB line")
            .file("items.csv", items_with(item_row("L-1", &"word ".repeat(60_000), "3").as_bytes())),
        Case::new("json-scalars-and-empty-containers", "JSON that holds no records")
            .file("null.json", "null")
            .file("number.json", "42")
            .file("string.json", "\"issues\"")
            .file("object.json", "{}")
            .file("array.json", "[]")
            .file("issues-null.json", "{\"issues\": null}"),
        Case::new("json-lines-with-broken-lines", "JSON Lines with a blank and a broken line").file(
            "issues.jsonl",
            format!(
                "{}\n\n{{\"key\": \"J-9\", \"fields\": \n{}\n",
                jira_issue("J-1", "One"),
                jira_issue("J-2", "Two")
            ),
        ),
        Case::new("duplicate-fields-in-json", "one JSON object naming a field twice").file(
            "issues.json",
            "[{\"number\": 1, \"number\": 2, \"title\": \"Twice\", \"title\": \"Again\", \"state\": \
                \"open\", \"created_at\": \"2026-01-03T10:00:00Z\"}]",
        ),
        Case::new(
            "github-fields-of-the-wrong-type",
            "GitHub labels null, reactions as text, title a \
            number",
        )
        .file(
            "issues.json",
            format!(
                "[{GITHUB_ISSUE_43}, {}]",
                "{\"number\": 45, \"title\": 12345, \"state\": \"open\", \"labels\": null, \"reactions\": \
                    \"many\", \"created_at\": \"2026-01-03T10:00:00Z\", \"assignees\": [null]}"
            ),
        ),
        Case::new("jira-json-with-odd-changelog", "Jira changelog with nulls and an unknown field").file(
            "search.json",
            format!(
                "{{\"issues\": [{}], \"names\": null}}",
                jira_issue("J-1", "One").replacen(
                    "}}}}",
                    "}}, \"changelog\": {\"histories\": [null, {\"created\": \"not a date\", \"items\": \
                        null}, {\"created\": \"2026-01-05T10:00:00.000+0000\", \"items\": [{\"field\": \
                        \"status\", \"fromString\": null, \"toString\": \"Done\"}]}]}}",
                    1
                )
            ),
        ),
        Case::new("semicolon-separated-csv", "a European Excel CSV")
            .file("items.csv", "key;title;estimate\nA-1;Login;3\nA-2;Logout;5\n"),
        Case::new("tab-separated-csv", "a TSV").file("items.csv", "key\ttitle\testimate\nA-1\tLogin\t3\n"),
        Case::on_base("old-mac-line-endings", "CR-only line endings")
            .file("items.csv", format!("{ITEMS_HEADER}{ITEMS}").replace('\n', "\r")),
        Case::on_base("mixed-line-endings", "CRLF, LF and CR in one file").file(
            "items.csv",
            items_with(
                b"M-1,Crlf,Story,To Do,Low,2026-03-01,,,1,,\r\nM-2,Cr,Story,To Do,Low,2026-03-01,,,1,\
                ,\rM-3,Lf,Story,To Do,Low,2026-03-01,,,1,,\n",
            ),
        ),
        Case::new("header-only-files", "a header and no rows, in every layout")
            .file("items.csv", header_only(ITEMS_HEADER))
            .file("sprints.csv", header_only(SPRINTS_HEADER))
            .file("votes.csv", header_only(VOTES_HEADER))
            .file("jira.csv", header_only("Summary,Issue key,Issue Type,Status,Created\n")),
        Case::new("header-only-without-a-line-break", "a header and no line break")
            .file("items.csv", "key,title,estimate"),
        Case::on_base("duplicate-header-columns", "the same column twice")
            .file("items.csv", "key,title,estimate,estimate,title\nA-1,Login,3,5,Other\n"),
        Case::on_base("empty-header-names", "blank column names")
            .file("items.csv", "key,,title,,\nA-1,x,Login,y,z\n"),
        Case::on_base("ten-thousand-empty-rows", "rows with nothing in them")
            .file("items.csv", items_with(",,,,,,,,,,\n".repeat(10_000).as_bytes())),
        Case::on_base("input-folder-with-a-subfolder-and-a-dangling-link", "odd entries in an input folder")
            .setup(|folder| {
                std::fs::create_dir_all(folder.join("exports/nested")).unwrap();
                std::fs::write(folder.join("exports/nested/more.csv"), "key,title\nN-1,Nested\n").unwrap();
                std::os::unix::fs::symlink("nowhere.csv", folder.join("exports/dangling.csv")).unwrap();
                std::os::unix::fs::symlink(".", folder.join("exports/loop")).unwrap();
            }),
        Case::on_base("a-file-named-like-an-option", "a file whose name starts with a dash")
            .file("-rf.csv", "key,title\n-1,Dash\n"),
        Case::new("dev-null-as-input", "a character device as input").runs(every_command("/dev/null")),
        Case::on_base("output-into-a-missing-folder", "-o into a folder that does not exist").runs(vec![
            Run::new(&["rank", EXPORTS, "-o", "missing/out.csv"]),
            Run::new(&["report", EXPORTS, "-o", "missing/deeper/report"]),
            Run::new(&["rank", EXPORTS, "-o", "exports"]),
        ]),
    ]
}

/// Values and relations that are legal one by one and hostile together.
fn values_and_relations() -> Vec<Case> {
    vec![
        Case::on_base(
            "blocker-cycles-and-self-links",
            "links: an item blocking itself, a cycle, a missing \
            key",
        )
        .file(
            "links.csv",
            "from,to,kind\nB-1,B-1,blocks\nB-2,B-3,blocks\nB-3,B-6,blocks\nB-6,B-2,\
                blocks\nB-1,NOPE-1,blocks\n",
        ),
        Case::on_base("resolved-before-created", "negative cycle and lead times").file(
            "items.csv",
            items_with(
                b"T-1,Time travel,Bug,Done,Low,2026-03-01T09:00:00Z,2026-01-01T09:00:00Z,\
                2026-01-01T09:00:00Z,2,,\n",
            ),
        ),
        Case::on_base("keys-with-separators-and-line-breaks", "keys holding ; , and a line break").file(
            "items.csv",
            items_with(
                format!(
                    "{}\"K;1\",Semicolon,Story,To Do,Low,2026-03-01,,,1,,\n\"K,2\",Comma,Story,To Do,Low,\
                        2026-03-01,,,1,,\n\
                     \"K\n3\",Line break,Story,To Do,Low,2026-03-01,,,1,,\n",
                    item_row(&"K".repeat(10_000), "Ten-thousand-character key", "1")
                )
                .as_bytes(),
            ),
        ),
        Case::on_base("survey-answers-out-of-range", "importance 0, 6, -1 and huge").file(
            "survey.csv",
            "respondent,imp_B-1,sat_B-1,imp_B-2,sat_B-2\nr01,0,6,-1,99999999999\nr02,5,2,1e308,3\nr03,,,,\n",
        ),
        Case::on_base("feedback-weights-absurd", "feedback weights negative, huge and NaN").file(
            "feedback.csv",
            feedback_with(
                b"F-3,B-1,Huge,Acme,smb,1e308,2026-02-05,1,,x\nF-4,B-1,\
                Negative,Initech,smb,-5,2026-02-05,-3,-1,x\nF-5,B-2,NaN,Hooli,smb,NaN,2026-02-05,1,9,x\n",
            ),
        ),
        Case::on_base("sprints-ending-before-they-start", "sprint dates backwards, repeated and empty").file(
            "sprints.csv",
            sprints_with(
                b"web,7,Sprint 7,2026-04-10,2026-03-30,20,18,6,5\nweb,7,Sprint 7,2026-04-10,2026-03-30,20,\
                    18,6,5\n\
                  web,8,Sprint 8,2026-04-13,2026-04-13,20,18,6,5\n",
            ),
        ),
        Case::on_base("poker-cards-of-every-kind", "poker votes: coffee, question marks, huge, blank").file(
            "votes.csv",
            votes_with(
                "B-6,1,ann,\u{2615},2026-01-20T10:06:00Z\nB-6,1,bob,??,2026-01-20T10:06:00Z\n\
                 B-6,1,,100000,2026-01-20T10:06:00Z\nB-6,0,cy,0.5,2026-01-20T10:06:00Z\nB-6,-1,dan,,not a \
                 date\n"
                    .as_bytes(),
            ),
        ),
        Case::on_base("only-done-items", "nothing open to rank, forecast or refine")
            .file(
                "items.csv",
                format!(
                    "{ITEMS_HEADER}B-4,Fix the tax rounding,Bug,Done,High,2026-01-02T09:00:00Z,\
                        2026-02-10T09:00:00Z,2026-02-10T09:00:00Z,1,,\n"
                ),
            )
            .without("feedback.csv"),
    ]
}
