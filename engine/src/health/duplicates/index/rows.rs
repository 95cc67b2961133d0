//! Sparse rows of (id, weight) entries stored end to end in flat arrays (compressed sparse
//! rows): a million items' vectors or a vocabulary's posting lists are three allocations, not
//! one per row, and ids and weights sit in arrays of their own (12 bytes an entry, no padding).

/// Rows of (id, weight) entries, row after row.
#[derive(Debug, Clone, PartialEq)]
pub(super) struct Rows {
    /// Row `r` is entries `bounds[r]..bounds[r + 1]`; starts with 0.
    bounds: Vec<usize>,
    ids: Vec<u32>,
    weights: Vec<f64>,
}

/// One row: its ids and their weights, position by position.
#[derive(Debug, Clone, Copy)]
pub(super) struct Row<'a> {
    /// The entries' ids.
    pub ids: &'a [u32],
    /// The entries' weights.
    pub weights: &'a [f64],
}

impl Rows {
    /// No rows.
    pub fn new() -> Rows {
        Rows { bounds: vec![0], ids: Vec::new(), weights: Vec::new() }
    }

    /// Appends an entry to the row being written (the one the next [`Rows::end_row`] closes).
    pub fn push(&mut self, id: u32, weight: f64) {
        self.ids.push(id);
        self.weights.push(weight);
    }

    /// Closes the row being written: the entries pushed since the last call are its entries.
    pub fn end_row(&mut self) {
        self.bounds.push(self.ids.len());
    }

    /// All rows of `parts`, one part after the other, in one allocation per array.
    pub fn concatenated(parts: Vec<Rows>) -> Rows {
        let entries = parts.iter().map(|part| part.ids.len()).sum();
        let rows = parts.iter().map(Rows::len).sum::<usize>();
        let mut all = Rows {
            bounds: Vec::with_capacity(rows + 1),
            ids: Vec::with_capacity(entries),
            weights: Vec::with_capacity(entries),
        };
        all.bounds.push(0);
        for part in parts {
            let offset = all.ids.len();
            all.bounds.extend(part.bounds[1..].iter().map(|bound| bound + offset));
            all.ids.extend_from_slice(&part.ids);
            all.weights.extend_from_slice(&part.weights);
        }
        all
    }

    /// Rewrites each row in place: `rewrite(row, entries)` gets the row's entries and may change,
    /// reorder or drop them, but not add any.
    pub fn rewrite_rows(&mut self, mut rewrite: impl FnMut(usize, &mut Vec<(u32, f64)>)) {
        let mut entries: Vec<(u32, f64)> = Vec::new();
        let (mut start, mut written) = (0, 0);
        for row in 0..self.len() {
            let end = self.bounds[row + 1];
            entries.clear();
            entries
                .extend(self.ids[start..end].iter().copied().zip(self.weights[start..end].iter().copied()));
            rewrite(row, &mut entries);
            assert!(entries.len() <= end - start, "a rewritten row has no more entries than before");
            for &(id, weight) in &entries {
                self.ids[written] = id;
                self.weights[written] = weight;
                written += 1;
            }
            self.bounds[row + 1] = written;
            start = end;
        }
        self.ids.truncate(written);
        self.weights.truncate(written);
    }

    /// How many rows.
    pub fn len(&self) -> usize {
        self.bounds.len() - 1
    }

    /// Row `row`.
    pub fn row(&self, row: usize) -> Row<'_> {
        let range = self.bounds[row]..self.bounds[row + 1];
        Row { ids: &self.ids[range.clone()], weights: &self.weights[range] }
    }

    /// Every row, in order.
    pub fn iter(&self) -> impl Iterator<Item = Row<'_>> {
        (0..self.len()).map(|row| self.row(row))
    }

    /// The rows as columns: row `id` of the result lists, in row order, (row, weight) of every
    /// entry with that id among the parts `part` picks from each row. Ids must be below
    /// `columns`.
    pub fn transposed<'a>(&'a self, columns: usize, part: impl Fn(usize, Row<'a>) -> Row<'a>) -> Rows {
        let mut bounds = vec![0; columns + 1];
        for (row, entries) in self.iter().enumerate() {
            for &id in part(row, entries).ids {
                bounds[id as usize + 1] += 1;
            }
        }
        for column in 1..=columns {
            bounds[column] += bounds[column - 1];
        }
        let mut next = bounds[..columns].to_vec();
        let total = bounds[columns];
        let (mut ids, mut weights) = (vec![0; total], vec![0.0; total]);
        for (row, entries) in self.iter().enumerate() {
            let entries = part(row, entries);
            for (&id, &weight) in entries.ids.iter().zip(entries.weights) {
                let slot = &mut next[id as usize];
                ids[*slot] = row as u32;
                weights[*slot] = weight;
                *slot += 1;
            }
        }
        Rows { bounds, ids, weights }
    }
}

impl<'a> Row<'a> {
    /// Whether the row has no entries.
    pub fn is_empty(&self) -> bool {
        self.ids.is_empty()
    }

    /// (id, weight) of each entry, in order.
    pub fn iter(&self) -> impl Iterator<Item = (u32, f64)> + 'a {
        self.ids.iter().copied().zip(self.weights.iter().copied())
    }

    /// The first `at` entries and the rest.
    pub fn split_at(&self, at: usize) -> (Row<'a>, Row<'a>) {
        let (ids_head, ids_tail) = self.ids.split_at(at);
        let (weights_head, weights_tail) = self.weights.split_at(at);
        (Row { ids: ids_head, weights: weights_head }, Row { ids: ids_tail, weights: weights_tail })
    }

    /// Σ of products over the ids two rows sorted by id share, in id order, and their count.
    #[cfg(test)]
    pub fn dot(&self, other: Row<'_>) -> (f64, u32) {
        let mut sum = 0.0;
        let mut shared = 0;
        self.for_each_shared(other, |_, weight, other_weight| {
            sum += weight * other_weight;
            shared += 1;
        });
        (sum, shared)
    }

    /// Calls `visit(id, weight here, weight in other)` for each id both rows (sorted by id)
    /// have, in id order.
    pub fn for_each_shared(&self, other: Row<'_>, mut visit: impl FnMut(u32, f64, f64)) {
        let (mut i, mut j) = (0, 0);
        while let (Some(&id), Some(&other_id)) = (self.ids.get(i), other.ids.get(j)) {
            match id.cmp(&other_id) {
                std::cmp::Ordering::Less => i += 1,
                std::cmp::Ordering::Greater => j += 1,
                std::cmp::Ordering::Equal => {
                    visit(id, self.weights[i], other.weights[j]);
                    i += 1;
                    j += 1;
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rows(entries: &[&[(u32, f64)]]) -> Rows {
        let mut rows = Rows::new();
        for row in entries {
            for &(id, weight) in *row {
                rows.push(id, weight);
            }
            rows.end_row();
        }
        rows
    }

    fn entries(row: Row<'_>) -> Vec<(u32, f64)> {
        row.iter().collect()
    }

    #[test]
    fn rows_keep_their_entries_and_empty_rows() {
        let written = rows(&[&[(3, 0.5), (7, 1.5)], &[], &[(1, 2.0)]]);
        assert_eq!(written.len(), 3);
        assert_eq!(entries(written.row(0)), [(3, 0.5), (7, 1.5)]);
        assert!(written.row(1).is_empty());
        let all = Rows::concatenated(vec![written, Rows::new(), rows(&[&[(9, 4.0)]])]);
        assert_eq!(all.len(), 4);
        assert_eq!(entries(all.row(2)), [(1, 2.0)]);
        assert_eq!(entries(all.row(3)), [(9, 4.0)]);
        assert_eq!(Rows::new().len(), 0);
    }

    #[test]
    fn rewriting_changes_reorders_and_drops_entries_in_place() {
        let mut written = rows(&[&[(3, 0.5), (7, 1.5)], &[(4, 1.0)], &[(1, 2.0), (2, 3.0)]]);
        written.rewrite_rows(|row, entries| match row {
            0 => entries.reverse(),
            1 => entries.clear(),
            _ => entries.iter_mut().for_each(|(id, weight)| (*id, *weight) = (*id + 10, *weight * 2.0)),
        });
        assert_eq!(written, rows(&[&[(7, 1.5), (3, 0.5)], &[], &[(11, 4.0), (12, 6.0)]]));
    }

    #[test]
    fn transposing_lists_each_id_s_rows_in_row_order() {
        let written = rows(&[&[(0, 0.1), (2, 0.2)], &[(2, 0.3)], &[(0, 0.4), (1, 0.5), (2, 0.6)]]);
        let columns = written.transposed(4, |_, row| row);
        assert_eq!(columns.len(), 4);
        assert_eq!(entries(columns.row(0)), [(0, 0.1), (2, 0.4)]);
        assert_eq!(entries(columns.row(1)), [(2, 0.5)]);
        assert_eq!(entries(columns.row(2)), [(0, 0.2), (1, 0.3), (2, 0.6)]);
        assert!(columns.row(3).is_empty());
        // Only each row's first entry.
        let firsts = written.transposed(3, |_, row| row.split_at(1).0);
        assert_eq!(entries(firsts.row(0)), [(0, 0.1), (2, 0.4)]);
        assert_eq!(entries(firsts.row(2)), [(1, 0.3)]);
    }

    #[test]
    fn the_dot_product_sums_over_shared_ids() {
        let written = rows(&[&[(1, 0.5), (4, 2.0), (6, 1.0)], &[(0, 3.0), (4, 0.25), (6, 4.0)]]);
        // 2.0 × 0.25 + 1.0 × 4.0, two shared ids.
        assert_eq!(written.row(0).dot(written.row(1)), (4.5, 2));
        let (head, tail) = written.row(0).split_at(1);
        assert_eq!((entries(head), entries(tail)), (vec![(1, 0.5)], vec![(4, 2.0), (6, 1.0)]));
        assert_eq!(head.dot(written.row(1)), (0.0, 0));
    }
}
