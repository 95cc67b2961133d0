//! Where each feedback row goes before any text is matched: left out by the window, linked to
//! an item by its key, linked to a key the backlog lacks, or to be matched by its text.
//!
//! Ten million rows are classified in parallel tasks of consecutive rows (each key is a lookup
//! in a table of a million keys that misses the cache: one core took four seconds), and the
//! tasks' results are put together in row order, so the outcome is the same for any thread
//! count.

use std::collections::BTreeMap;
use std::ops::Range;

use rayon::prelude::*;

use super::{Backlog, DistinctTexts, FeedbackRows, Origin};
use crate::model::row_tasks::{ROWS_PER_TASK, cells, row_tasks};

/// The feedback rows sorted out, in row order.
pub(super) struct Classified<'a> {
    /// Per row, the item its key links it to (text matches are added later).
    pub assigned: Vec<Option<(u32, Origin)>>,
    /// The other rows.
    pub unassigned: Unassigned<'a>,
}

/// What became of the rows that no key links to an item.
#[derive(Default)]
pub(super) struct Unassigned<'a> {
    /// Rows left out by `since` (undated ones included).
    pub outside_window: u64,
    /// Rows without a date, left out because `since` was set.
    pub undated: u64,
    /// Rows per key that names no backlog item.
    pub unknown_keys: BTreeMap<&'a str, u64>,
    /// The rows without a key, to be matched by text (a polars frame has fewer than 2^32 rows).
    pub to_match: Vec<u32>,
    /// Their texts, each distinct text once (a row's match depends only on its text).
    pub distinct: DistinctTexts<'a>,
}

impl<'a> Classified<'a> {
    /// Classifies every row of `rows`; with `since`, rows created before it (or undated) are
    /// left out.
    pub fn of(backlog: &Backlog, rows: &'a FeedbackRows, since: Option<i64>) -> Classified<'a> {
        let mut assigned = vec![None; rows.len()];
        let parts: Vec<Unassigned<'a>> = assigned
            .par_chunks_mut(ROWS_PER_TASK)
            .zip(row_tasks(rows.len()))
            .map(|(assigned, task)| Unassigned::of_task(backlog, rows, since, task, assigned))
            .collect();
        let mut unassigned = Unassigned::default();
        for part in parts {
            unassigned.append(part);
        }
        Classified { assigned, unassigned }
    }
}

impl<'a> Unassigned<'a> {
    /// One task's rows: their links are written to `assigned` (the task's part of the whole
    /// list), the rest is returned.
    fn of_task(
        backlog: &Backlog,
        rows: &'a FeedbackRows,
        since: Option<i64>,
        task: Range<usize>,
        assigned: &mut [Option<(u32, Origin)>],
    ) -> Unassigned<'a> {
        let mut part = Unassigned::default();
        let cells = cells(&rows.key, task.clone())
            .zip(cells(&rows.created, task.clone()))
            .zip(cells(&rows.text, task.clone()));
        for ((row, slot), ((key, created), text)) in task.zip(assigned).zip(cells) {
            if let Some(since) = since {
                match created {
                    Some(created) if created >= since => {}
                    Some(_) => {
                        part.outside_window += 1;
                        continue;
                    }
                    None => {
                        part.outside_window += 1;
                        part.undated += 1;
                        continue;
                    }
                }
            }
            match key.map(str::trim).filter(|key| !key.is_empty()) {
                Some(key) => match backlog.position(key) {
                    Some(item) => *slot = Some((item as u32, Origin::Linked)),
                    None => *part.unknown_keys.entry(key).or_default() += 1,
                },
                None => {
                    part.to_match.push(row as u32);
                    part.distinct.push(text);
                }
            }
        }
        part
    }

    /// Adds the next rows' part after these.
    fn append(&mut self, part: Unassigned<'a>) {
        self.outside_window += part.outside_window;
        self.undated += part.undated;
        for (key, count) in part.unknown_keys {
            *self.unknown_keys.entry(key).or_default() += count;
        }
        self.to_match.extend(part.to_match);
        self.distinct.append(part.distinct);
    }
}
