//! `history.csv`: the canonical change history `key,at,field,from,to` — status transitions
//! (status names as in `backlog.csv`), sprint moves (sprint names; empty = the backlog) and
//! story-point estimates (empty `from` = first estimate) — with ISO 8601 UTC times, ordered by
//! time, then key.

use std::io::Write;

use crate::backlog::{Change, Item};
use crate::calendar::push_iso;
use crate::simulation::Sprint;

/// Header of `history.csv`.
pub const HEADER: [&str; 5] = ["key", "at", "field", "from", "to"];

/// Writes `history.csv` from the items' changes.
pub fn write_history<W: Write>(writer: W, items: &[Item], sprints: &[Sprint]) -> csv::Result<()> {
    let mut rows: Vec<(&Change, usize, &Item)> = items
        .iter()
        .flat_map(|item| item.changes.iter().enumerate().map(move |(order, change)| (change, order, item)))
        .collect();
    rows.sort_by_key(|(change, order, item)| (change.at(), item.number, *order));

    let sprint_name = |sprint: Option<usize>| sprint.map_or("", |index| sprints[index].name.as_str());
    let mut csv = csv::Writer::from_writer(writer);
    csv.write_record(HEADER)?;
    let (mut key, mut at, mut from, mut to) = (String::new(), String::new(), String::new(), String::new());
    for (change, _, item) in rows {
        key.clear();
        key.push_str(&item.key());
        at.clear();
        push_iso(&mut at, change.at());
        from.clear();
        to.clear();
        let field = match change {
            Change::Status { from: before, to: after, .. } => {
                from.push_str(before.name());
                to.push_str(after.name());
                "status"
            }
            Change::Sprint { from: before, to: after, .. } => {
                from.push_str(sprint_name(*before));
                to.push_str(sprint_name(*after));
                "sprint"
            }
            Change::Estimate { from: before, to: after, .. } => {
                if let Some(points) = before {
                    from.push_str(&points.to_string());
                }
                to.push_str(&after.to_string());
                "estimate"
            }
        };
        csv.write_record([key.as_str(), at.as_str(), field, from.as_str(), to.as_str()])?;
    }
    csv.flush()?;
    Ok(())
}
