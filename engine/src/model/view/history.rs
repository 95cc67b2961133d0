//! The history table decoded once: one vector per canonical column, row `i` of each the frame's
//! row `i`, texts borrowed from the frame; and the changes of one field grouped per item.

use polars::prelude::DataFrame;

use super::FrameError;
use super::decode::Columns;
use crate::model::{Table, history};

/// Every field change of the items, each canonical column of the history frame decoded.
#[derive(Debug, Clone, Default)]
#[allow(missing_docs)] // each field is the canonical column of the same name (crate::model::history)
pub struct History<'a> {
    pub key: Vec<Option<&'a str>>,
    /// UTC milliseconds.
    pub at: Vec<Option<i64>>,
    pub field: Vec<Option<&'a str>>,
    pub from: Vec<Option<&'a str>>,
    pub to: Vec<Option<&'a str>>,
}

/// One change of a field: when, the value before, the value after.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Change<'a> {
    /// When (UTC milliseconds).
    pub at: i64,
    /// The value before.
    pub from: Option<&'a str>,
    /// The value after.
    pub to: Option<&'a str>,
}

/// One item's changes of a field, in time order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ItemChanges<'a> {
    /// The item key.
    pub key: &'a str,
    /// Its changes, oldest first (changes at the same instant in table order).
    pub changes: Vec<Change<'a>>,
}

impl<'a> History<'a> {
    /// Decodes the canonical history frame.
    pub fn decode(frame: &'a DataFrame) -> Result<History<'a>, FrameError> {
        let columns = Columns { frame, table: Table::History };
        Ok(History {
            key: columns.texts(history::KEY)?,
            at: columns.timestamps(history::AT)?,
            field: columns.texts(history::FIELD)?,
            from: columns.texts(history::FROM)?,
            to: columns.texts(history::TO)?,
        })
    }

    /// Number of rows.
    pub fn len(&self) -> usize {
        self.key.len()
    }

    /// Whether the table has no row.
    pub fn is_empty(&self) -> bool {
        self.key.is_empty()
    }

    /// The time of row `row`, if it has one.
    pub fn at(&self, row: usize) -> Option<i64> {
        self.at.get(row).copied().flatten()
    }

    /// The changes of `field` with a key and a time at or before `as_of` (all when `None`),
    /// grouped per key in key order, each key's changes in time order (changes at the same
    /// instant keep the table's order).
    pub fn changes_of(&self, field: &str, as_of: Option<i64>) -> Vec<ItemChanges<'a>> {
        let mut rows: Vec<(&'a str, i64, usize)> = (0..self.len())
            .filter(|row| self.field[*row] == Some(field))
            .filter_map(|row| Some((self.key[row]?, self.at[row]?, row)))
            .filter(|(_, at, _)| as_of.is_none_or(|as_of| *at <= as_of))
            .collect();
        rows.sort_by(|a, b| (a.0, a.1).cmp(&(b.0, b.1)));
        let mut grouped: Vec<ItemChanges<'a>> = Vec::new();
        for (key, at, row) in rows {
            let change = Change { at, from: self.from[row], to: self.to[row] };
            match grouped.last_mut() {
                Some(item) if item.key == key => item.changes.push(change),
                _ => grouped.push(ItemChanges { key, changes: vec![change] }),
            }
        }
        grouped
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::test_frame::{TestRow, frame};
    use crate::model::test_values::history_row as change;

    #[test]
    fn changes_of_a_field_are_grouped_by_key_in_time_order_up_to_as_of() {
        let rows = [
            change("B", "2024-01-03", "status", "Open", "Done"),
            change("A", "2024-01-02", "status", "In Progress", "Done"),
            change("A", "2024-01-01", "status", "Open", "In Progress"),
            change("A", "2024-01-02", "status", "Done", "Reopened"),
            change("A", "2024-01-01", "sprint", "", "Sprint 1"),
            TestRow::new().text(history::KEY, "C").text(history::FIELD, "status"),
        ];
        let history_frame = frame(Table::History, &rows);
        let history = History::decode(&history_frame).unwrap();
        assert_eq!(history.len(), 6);
        let at = |day: &str| crate::model::dates::parse_timestamp(day).unwrap();
        let changes = history.changes_of("status", None);
        type Summary<'a> = Vec<(&'a str, Vec<(i64, Option<&'a str>)>)>;
        let summary: Summary<'_> = changes
            .iter()
            .map(|item| (item.key, item.changes.iter().map(|change| (change.at, change.to)).collect()))
            .collect();
        assert_eq!(
            summary,
            [
                (
                    "A",
                    vec![
                        (at("2024-01-01"), Some("In Progress")),
                        (at("2024-01-02"), Some("Done")),
                        (at("2024-01-02"), Some("Reopened")),
                    ]
                ),
                ("B", vec![(at("2024-01-03"), Some("Done"))]),
            ],
            "C has no time and is left out"
        );
        let by_then = history.changes_of("status", Some(at("2024-01-01")));
        assert_eq!(by_then.len(), 1);
        assert_eq!(by_then[0].changes[0].from, Some("Open"));
    }
}
