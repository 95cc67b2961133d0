//! How many rows hold each pair of values of two text columns: how the flow learns which
//! category the items' statuses are in.

use std::ops::Range;

use polars::prelude::*;
use rayon::prelude::*;

use crate::model::row_tasks::row_tasks;

/// How many rows hold each pair of values of two text columns of one table (rows where either
/// is missing are left out). Counted in parallel tasks, each run of equal pairs looked up once: the
/// few distinct pairs of many rows (an items table's statuses and categories) in a fraction of
/// what a group-by costs.
pub(super) fn pair_counts(first: &[Option<&str>], second: &[Option<&str>]) -> Vec<((String, String), u64)> {
    let count_task = |rows: Range<usize>| {
        let mut counts: PlHashMap<(&str, &str), u64> = PlHashMap::default();
        let mut run: Option<((&str, &str), u64)> = None;
        for pair in first[rows.clone()].iter().zip(&second[rows]) {
            let (Some(a), Some(b)) = pair else { continue };
            let (a, b): (&str, &str) = (a, b);
            match &mut run {
                Some((same, count)) if *same == (a, b) => *count += 1,
                _ => {
                    if let Some((pair, count)) = run.replace(((a, b), 1)) {
                        *counts.entry(pair).or_default() += count;
                    }
                }
            }
        }
        if let Some((pair, count)) = run {
            *counts.entry(pair).or_default() += count;
        }
        counts
    };
    let counts = row_tasks(first.len()).map(count_task).reduce(PlHashMap::default, |mut all, part| {
        for (pair, count) in part {
            *all.entry(pair).or_default() += count;
        }
        all
    });
    counts.into_iter().map(|((a, b), count)| ((a.to_owned(), b.to_owned()), count)).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pair_counts_count_runs_and_scattered_pairs_across_tasks_and_leave_out_missing_values() {
        // 150,000 rows (three tasks): a run of 70,000 ("Open", "todo"), then pairs that
        // alternate every row, with a missing value every 1,000th row.
        let mut first = vec![Some("Open"); 70_000];
        let mut second = vec![Some("todo"); 70_000];
        for row in 0..80_000 {
            let missing = row % 1_000 == 0;
            first.push(Some(if row % 2 == 0 { "Done" } else { "Open" }));
            second.push(if missing {
                None
            } else if row % 2 == 0 {
                Some("done")
            } else {
                Some("todo")
            });
        }
        let mut counts = pair_counts(&first, &second);
        counts.sort();
        // Alternating rows: 40,000 of each, less the 80 missing (all on even rows, "Done").
        assert_eq!(
            counts,
            [
                (("Done".to_owned(), "done".to_owned()), 39_920),
                (("Open".to_owned(), "todo".to_owned()), 110_000),
            ]
        );
    }
}
