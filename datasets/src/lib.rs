//! refine-datasets: a deterministic generator of refine's demo workspace — one product team's
//! year on an e-commerce platform (`SHOP`: checkout, payments, search, catalogue, accounts, the
//! mobile app, …) — and of large Jira CSV exports and feedback files for benchmarks.
//!
//! Everything depends only on the seed: one ChaCha8 stream per file ([`random::stream`]), a
//! fixed calendar ([`calendar::ANCHOR`], no clock), and ordered collections. [`Workspace`]
//! builds the six demo files; [`write_jira_csv`] streams any number of issues to any writer,
//! [`write_feedback_csv`] any number of feedback rows about them.
//!
//! How the backlog is made: [`backlog`] creates the items from [`vocabulary`] phrases with
//! [`text`] templates, [`simulation`] plays the Kanban months and the twelve sprints,
//! [`links`] adds Duplicate, Blocks and Relates links, [`details`] writes descriptions and the
//! remaining fields; [`sprints`], [`history`], [`votes`], [`feedback`] and [`survey`] derive
//! and write the other files.

pub mod backlog;
pub mod calendar;
pub mod details;
pub mod feedback;
pub mod history;
pub mod jira_csv;
pub mod kind;
pub mod links;
pub mod random;
pub mod rank;
pub mod scale;
pub mod scale_feedback;
pub mod simulation;
pub mod sprints;
pub mod survey;
pub mod team;
pub mod text;
pub mod vocabulary;
pub mod votes;

use std::path::Path;

use backlog::Item;
use feedback::{Customer, Feedback};
use random::{Stream, stream};
pub use scale::write_jira_csv;
pub use scale_feedback::write_feedback_csv;
use simulation::Sprint;
use sprints::SprintReport;
use survey::Survey;
use votes::Vote;

/// The seed of the committed demo workspace.
pub const DEMO_SEED: u64 = 20_261_113;

/// The demo files, in the order they are written.
pub const DEMO_FILES: [&str; 6] =
    ["backlog.csv", "history.csv", "sprints.csv", "votes.csv", "feedback.csv", "survey.csv"];

/// One generated demo workspace.
#[derive(Debug, Clone)]
pub struct Workspace {
    /// Backlog items in key order.
    pub items: Vec<Item>,
    /// The sprints.
    pub sprints: Vec<Sprint>,
    /// The sprint report.
    pub reports: Vec<SprintReport>,
    /// Planning-poker votes.
    pub votes: Vec<Vote>,
    /// Customers giving feedback.
    pub customers: Vec<Customer>,
    /// Customer feedback.
    pub feedback: Vec<Feedback>,
    /// The ODI survey.
    pub survey: Survey,
}

impl Workspace {
    /// Generates the workspace of a seed.
    pub fn generate(seed: u64) -> Workspace {
        let mut random = stream(seed, Stream::Backlog);
        let mut items = backlog::create_items(&mut random);
        let sprints = simulation::plan_sprints(&mut random);
        simulation::simulate(&mut random, &mut items, &sprints);
        links::link_duplicates(&mut random, &mut items);
        links::link_blockers(&mut random, &mut items);
        links::link_related(&mut random, &mut items);
        simulation::settle_epics(&mut random, &mut items);
        details::finish_items(&mut random, &mut items);
        let reports = sprints::sprint_reports(&sprints, &items);
        let votes = votes::poker_votes(&mut stream(seed, Stream::Votes), &items, &sprints);
        let (customers, feedback) = feedback::generate_feedback(&mut stream(seed, Stream::Feedback), &items);
        let survey = survey::generate_survey(&mut stream(seed, Stream::Survey), &items);
        Workspace { items, sprints, reports, votes, customers, feedback, survey }
    }

    /// The bytes of each file of [`DEMO_FILES`], in that order.
    pub fn files(&self) -> csv::Result<Vec<(&'static str, Vec<u8>)>> {
        let mut files = Vec::with_capacity(DEMO_FILES.len());
        for name in DEMO_FILES {
            let mut bytes = Vec::new();
            match name {
                "backlog.csv" => jira_csv::write_backlog(&mut bytes, &self.items, &self.sprints)?,
                "history.csv" => history::write_history(&mut bytes, &self.items, &self.sprints)?,
                "sprints.csv" => sprints::write_sprints(&mut bytes, &self.reports)?,
                "votes.csv" => votes::write_votes(&mut bytes, &self.votes)?,
                "feedback.csv" => feedback::write_feedback(&mut bytes, &self.customers, &self.feedback)?,
                _ => survey::write_survey(&mut bytes, &self.survey)?,
            }
            files.push((name, bytes));
        }
        Ok(files)
    }

    /// Writes every demo file into `folder` (created if missing).
    pub fn write_to(&self, folder: &Path) -> std::io::Result<()> {
        std::fs::create_dir_all(folder)?;
        for (name, bytes) in self.files()? {
            std::fs::write(folder.join(name), bytes)?;
        }
        Ok(())
    }
}
