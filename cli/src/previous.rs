//! A previous ranking, read to say how each item moved since: `refine rank --previous` and
//! `refine report --previous`.

use std::collections::BTreeMap;
use std::path::Path;

use anyhow::{Context, bail};

/// A previous ranking: refine's own JSON (`ranking` records) or CSV (`key`/`rank`, or Jira's
/// `Issue key`/`Rank`), as `refine rank` writes them.
pub fn read_previous_ranking(path: &Path) -> anyhow::Result<BTreeMap<String, usize>> {
    let text = std::fs::read_to_string(path)
        .with_context(|| format!("reading the previous ranking {}", path.display()))?;
    let context = || {
        format!("{}: not a ranking written by refine rank (JSON or CSV with key and rank)", path.display())
    };
    if text.trim_start().starts_with('{') {
        let document: serde_json::Value = serde_json::from_str(&text).with_context(context)?;
        let records = document.get("ranking").and_then(serde_json::Value::as_array).with_context(context)?;
        return records
            .iter()
            .map(|record| {
                let key = record.get("key").and_then(serde_json::Value::as_str);
                let rank = record.get("rank").and_then(serde_json::Value::as_u64);
                match (key, rank) {
                    (Some(key), Some(rank)) => Ok((key.to_owned(), usize::try_from(rank)?)),
                    _ => bail!("{}: a ranking record without key and rank: {record}", path.display()),
                }
            })
            .collect();
    }
    let mut reader = csv::Reader::from_reader(text.as_bytes());
    let headers = reader.headers().with_context(context)?.clone();
    let position = |names: &[&str]| {
        headers.iter().position(|header| names.iter().any(|name| header.eq_ignore_ascii_case(name)))
    };
    let (Some(key_at), Some(rank_at)) = (position(&["key", "Issue key"]), position(&["rank"])) else {
        bail!(context());
    };
    let mut previous = BTreeMap::new();
    for (index, record) in reader.records().enumerate() {
        let record = record.with_context(context)?;
        let row = index + 2;
        let key = record.get(key_at).unwrap_or_default().trim_start_matches('\'');
        let rank = record.get(rank_at).unwrap_or_default();
        let rank: usize = rank.parse().with_context(|| {
            format!("{}: row {row}, column rank: expected a whole number, found {rank:?}", path.display())
        })?;
        previous.insert(key.to_owned(), rank);
    }
    Ok(previous)
}
