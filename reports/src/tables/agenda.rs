//! The tables of `refine agenda`: the session as one timed table (each section, then its
//! items, with why each is there and what to decide), and the items left for next time.

use refine_engine::agenda::{Agenda, AgendaItem};
use serde::Serialize;

use super::{Columns, TableSources, source};

/// One line of the timed agenda: a section or an item in it.
#[derive(Serialize)]
struct AgendaRow<'a> {
    /// `0:05–0:12`.
    time: String,
    start: u32,
    end: u32,
    minutes: u32,
    section: &'a str,
    key: Option<&'a str>,
    title: Option<&'a str>,
    why: &'a str,
    decide: Vec<&'a str>,
}

/// An item for the next session.
#[derive(Serialize)]
struct NextTimeRow<'a> {
    section: &'a str,
    key: &'a str,
    title: Option<&'a str>,
    rank: Option<usize>,
    minutes: u32,
    why: &'a str,
}

/// `65` → `1:05`.
fn clock(minutes: u32) -> String {
    format!("{}:{:02}", minutes / 60, minutes % 60)
}

/// The columns of each table, the header of an empty one (checked against the rows of the
/// demo workspace in `super::tests`).
pub(super) const COLUMNS: Columns = &[
    ("agenda", &["time", "start", "end", "minutes", "section", "key", "title", "why", "decide"]),
    ("next_time", &["section", "key", "title", "rank", "minutes", "why"]),
];

/// The tables of an agenda.
pub fn agenda_tables(agenda: &Agenda) -> TableSources<'_> {
    let mut rows = Vec::new();
    for section in &agenda.sections {
        rows.push(AgendaRow {
            time: format!("{}–{}", clock(section.start), clock(section.end)),
            start: section.start,
            end: section.end,
            minutes: section.minutes,
            section: &section.title,
            key: None,
            title: None,
            why: &section.purpose,
            decide: Vec::new(),
        });
        for scheduled in &section.items {
            let item: &AgendaItem = &scheduled.item;
            rows.push(AgendaRow {
                time: format!("{}–{}", clock(scheduled.start), clock(scheduled.end)),
                start: scheduled.start,
                end: scheduled.end,
                minutes: item.minutes,
                section: &section.title,
                key: Some(&item.key),
                title: item.title.as_deref(),
                why: &item.why,
                decide: item.decide.iter().map(String::as_str).collect(),
            });
        }
    }
    let next: Vec<NextTimeRow> = agenda
        .next_time
        .iter()
        .map(|next| NextTimeRow {
            section: next.section.title(),
            key: &next.item.key,
            title: next.item.title.as_deref(),
            rank: next.item.rank,
            minutes: next.item.minutes,
            why: &next.item.why,
        })
        .collect();
    vec![source(COLUMNS, "agenda", rows), source(COLUMNS, "next_time", next)]
}
