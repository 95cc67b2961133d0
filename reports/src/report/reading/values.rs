//! A cell's value as text for reading, by the kind of its column (see [`super::columns`]).

use super::columns::{Kind, kind};
use super::dates::Moment;
use super::numbers::{decimal, percent, share, signed, signed_whole, whole};
use crate::control_characters::replace_control_characters;
use crate::records::Cell;

/// What a cell without a value, an empty text or an empty list reads as.
pub(super) const NOTHING: &str = "–";

/// What true reads as.
const YES: &str = "✓";

/// What false reads as (the same dash as nothing: only a true flag stands out).
const NO: &str = "–";

/// `cell` for reading as a value of `kind`; empty when it has no value.
pub(super) fn read(kind: Kind, cell: &Cell) -> String {
    match cell {
        Cell::Null => String::new(),
        Cell::Boolean(flag) => (if *flag { YES } else { NO }).to_owned(),
        Cell::Integer(integer) => read_integer(kind, *integer),
        Cell::Number(number) => read_number(kind, *number),
        Cell::Text(text) => read_text(kind, text),
        Cell::List(values) => {
            let separator = if kind == Kind::Sentences { "; " } else { ", " };
            let texts: Vec<String> =
                values.iter().map(|value| read(kind, value)).filter(|text| !text.is_empty()).collect();
            texts.join(separator)
        }
        Cell::Object(fields) => read_object(fields),
    }
}

fn read_integer(kind: Kind, integer: i64) -> String {
    match kind {
        Kind::Identifier => integer.to_string(),
        Kind::Change => signed_whole(integer),
        Kind::Share => share(integer as f64),
        Kind::Percent => percent(integer as f64),
        _ => whole(integer),
    }
}

fn read_number(kind: Kind, number: f64) -> String {
    match kind {
        Kind::Identifier => number.to_string(),
        Kind::Count => decimal(number, 0, false),
        Kind::Score => decimal(number, 2, false),
        Kind::Amount => decimal(number, 1, true),
        Kind::Days => decimal(number, 1, false),
        Kind::Share => share(number),
        Kind::Percent => percent(number),
        Kind::Change => signed(number),
        // A number where text is expected: as a statistic, trailing zeros dropped.
        Kind::Text | Kind::Sentences | Kind::Words | Kind::Date => decimal(number, 2, true),
    }
}

fn read_text(kind: Kind, text: &str) -> String {
    let text = match kind {
        Kind::Words => text.replace('_', " "),
        Kind::Date => Moment::parse(text).map_or_else(|| text.to_owned(), |moment| moment.day_text()),
        _ => text.to_owned(),
    };
    // One line: line breaks and tabs read as spaces, stray control characters as U+FFFD.
    replace_control_characters(&text).replace(['\r', '\n', '\t'], " ")
}

/// A nested record: a change (`from`, `to`, and when: `at`) as `5 → 8 on 14 Jan 2026`, any
/// other as its fields, `name value` joined with `, ` (each field read as the column of its
/// name would be).
fn read_object(fields: &[(String, Cell)]) -> String {
    let field = |name: &str| fields.iter().find(|(field, _)| field == name).map(|(_, cell)| cell);
    let is_change = fields.iter().all(|(name, _)| matches!(name.as_str(), "from" | "to" | "at"));
    if let (true, Some(from), Some(to)) = (is_change, field("from"), field("to")) {
        let change =
            format!("{} → {}", or_nothing(read(Kind::Amount, from)), or_nothing(read(Kind::Amount, to)));
        return match field("at").map(|at| read(Kind::Date, at)).filter(|at| !at.is_empty()) {
            Some(at) => format!("{change} on {at}"),
            None => change,
        };
    }
    fields
        .iter()
        .map(|(name, cell)| {
            let value = or_nothing(read(kind(name), cell));
            format!("{} {value}", name.replace('_', " "))
        })
        .collect::<Vec<_>>()
        .join(", ")
}

/// `text`, or [`NOTHING`] when it is empty.
pub(super) fn or_nothing(text: String) -> String {
    if text.is_empty() { NOTHING.to_owned() } else { text }
}
