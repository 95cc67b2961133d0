//! Integer ids for the keys the flow meets: the items table's keys first, in table order (the
//! first row of a repeated key wins, as the loaders keep the first of duplicated keys), then
//! the keys only the history names, in the order they are met.
//!
//! The items' keys are hashed in parallel tasks, each sorting its rows by a few bits of the hash
//! into partitions; each partition's table is then built on its own, in parallel, and is small
//! enough to stay in the cache. The tables hold only rows, 4 bytes a key; the keys stay in the
//! items' key column, where the equality checks read them. One map from key slices to ids, built on
//! one thread, took 260 ms for the 1.9M items of the 5M-row history bench (24 bytes a key, most
//! of the time spent faulting in and zeroing its 100 MB, then missing the cache).

use std::hash::BuildHasher;
use std::ops::Range;

use hashbrown::HashTable;
use polars::prelude::{IdxSize, PlHashMap, PlRandomState};
use rayon::prelude::*;

use crate::model::row_tasks::row_tasks;

/// The most partitions; fewer for small tables (about 8,192 keys each).
const MAX_PARTITION_BITS: u32 = 8;
/// Not an id: the row of a missing or repeated key.
const NO_ID: IdxSize = IdxSize::MAX;

/// Ids of keys, and each id's item row.
pub(super) struct KeyIds<'k> {
    hasher: PlRandomState,
    item_keys: &'k [Option<&'k str>],
    partition_bits: u32,
    /// Per partition, the row of the first occurrence of each of its keys.
    partitions: Vec<HashTable<IdxSize>>,
    /// Each row's id, [`NO_ID`] for rows of missing or repeated keys; `None` when there are
    /// none of those and every row's id is the row.
    row_ids: Option<Vec<IdxSize>>,
    /// Each id's row in the items table; `None` for keys only the history names.
    item_rows: Vec<Option<IdxSize>>,
    /// The keys only the history names (few: the history of deleted items).
    history_ids: PlHashMap<&'k str, IdxSize>,
}

/// What one task of the first step found: its rows' hashes by partition, in row order, and its
/// rows without a key.
struct HashedRows {
    by_partition: Vec<Vec<(u64, IdxSize)>>,
    without_key: Vec<IdxSize>,
}

impl HashedRows {
    fn of(
        item_keys: &[Option<&str>],
        rows: Range<usize>,
        hasher: &PlRandomState,
        partition_bits: u32,
    ) -> Self {
        let mut found =
            HashedRows { by_partition: vec![Vec::new(); 1 << partition_bits], without_key: Vec::new() };
        let start = rows.start;
        for (offset, key) in item_keys[rows].iter().copied().enumerate() {
            let row = (start + offset) as IdxSize;
            match key {
                Some(key) => {
                    let hash = hasher.hash_one(key);
                    found.by_partition[partition(hash, partition_bits)].push((hash, row));
                }
                None => found.without_key.push(row),
            }
        }
        found
    }
}

/// One partition's table of the first row of each of its keys, and the rows that repeat a
/// key, read from every task's rows of the partition in row order.
fn first_rows(
    hashed: &[HashedRows],
    partition: usize,
    item_keys: &[Option<&str>],
    hasher: &PlRandomState,
) -> (HashTable<IdxSize>, Vec<IdxSize>) {
    let size = hashed.iter().map(|task| task.by_partition[partition].len()).sum();
    let mut table = HashTable::with_capacity(size);
    let mut repeats = Vec::new();
    let rehash = |row: &IdxSize| hasher.hash_one(key_at(item_keys, *row).unwrap_or_default());
    for &(hash, row) in hashed.iter().flat_map(|task| &task.by_partition[partition]) {
        if table.find(hash, |first| key_at(item_keys, *first) == key_at(item_keys, row)).is_some() {
            repeats.push(row);
        } else {
            table.insert_unique(hash, row, rehash);
        }
    }
    (table, repeats)
}

impl<'k> KeyIds<'k> {
    /// The ids of the items table's keys.
    pub(super) fn of_items(item_keys: &'k [Option<&'k str>]) -> Self {
        let rows = item_keys.len();
        let hasher = PlRandomState::default();
        let partition_bits = (rows / 8192).max(1).ilog2().min(MAX_PARTITION_BITS);
        let hashed: Vec<HashedRows> =
            row_tasks(rows).map(|task| HashedRows::of(item_keys, task, &hasher, partition_bits)).collect();
        let built: Vec<(HashTable<IdxSize>, Vec<IdxSize>)> = (0..1usize << partition_bits)
            .into_par_iter()
            .map(|partition| first_rows(&hashed, partition, item_keys, &hasher))
            .collect();
        let mut not_items: Vec<IdxSize> = hashed
            .iter()
            .flat_map(|task| &task.without_key)
            .chain(built.iter().flat_map(|(_, repeats)| repeats))
            .copied()
            .collect();
        not_items.sort_unstable();
        let (row_ids, item_rows) = ids_of_rows(rows, &not_items);
        KeyIds {
            hasher,
            item_keys,
            partition_bits,
            partitions: built.into_iter().map(|(table, _)| table).collect(),
            row_ids,
            item_rows,
            history_ids: PlHashMap::default(),
        }
    }

    /// The id of `key`, if it has one.
    pub(super) fn get(&self, key: &str) -> Option<IdxSize> {
        let hash = self.hasher.hash_one(key);
        let table = &self.partitions[partition(hash, self.partition_bits)];
        match table.find(hash, |row| key_at(self.item_keys, *row) == Some(key)) {
            Some(row) => Some(self.row_ids.as_ref().map_or(*row, |ids| ids[*row as usize])),
            None => self.history_ids.get(key).copied(),
        }
    }

    /// The key of the item `id` (`None` for the keys only the history names).
    pub(super) fn item_key(&self, id: IdxSize) -> Option<&'k str> {
        self.item_rows.get(id as usize).copied().flatten().and_then(|row| key_at(self.item_keys, row))
    }

    /// The id of a key the history names, given a new one if the items table lacks it.
    pub(super) fn id_of_history_key(&mut self, key: &'k str) -> IdxSize {
        if let Some(id) = self.get(key) {
            return id;
        }
        let id = self.item_rows.len() as IdxSize;
        self.item_rows.push(None);
        self.history_ids.insert(key, id);
        id
    }

    /// How many ids there are.
    pub(super) fn len(&self) -> usize {
        self.item_rows.len()
    }

    /// Each id's row in the items table (`None` for keys only the history names).
    pub(super) fn into_item_rows(self) -> Vec<Option<IdxSize>> {
        self.item_rows
    }
}

/// The key of an items row, if it has one.
fn key_at<'k>(item_keys: &[Option<&'k str>], row: IdxSize) -> Option<&'k str> {
    item_keys.get(row as usize).copied().flatten()
}

/// The partition of a hash: bits the tables do not use (hashbrown takes a table's slot from
/// the low bits and its tag from the top seven).
fn partition(hash: u64, bits: u32) -> usize {
    ((hash >> 32) & ((1 << bits) - 1)) as usize
}

/// Each row's id and each id's row, given the rows that are no item (sorted): ids count the
/// other rows in order.
fn ids_of_rows(rows: usize, not_items: &[IdxSize]) -> (Option<Vec<IdxSize>>, Vec<Option<IdxSize>>) {
    if not_items.is_empty() {
        return (None, (0..rows as IdxSize).map(Some).collect());
    }
    let mut row_ids = vec![NO_ID; rows];
    let mut item_rows = Vec::with_capacity(rows - not_items.len());
    let mut skipped = not_items.iter().peekable();
    for (row, id) in row_ids.iter_mut().enumerate() {
        if skipped.next_if_eq(&&(row as IdxSize)).is_some() {
            continue;
        }
        *id = item_rows.len() as IdxSize;
        item_rows.push(Some(row as IdxSize));
    }
    (Some(row_ids), item_rows)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key_column<'k>(keys: &[Option<&'k str>]) -> Vec<Option<&'k str>> {
        keys.to_vec()
    }

    #[test]
    fn item_keys_get_ids_in_table_order_and_a_repeated_key_keeps_its_first_row() {
        let column = key_column(&[Some("A-1"), None, Some("A-2"), Some("A-1"), Some("A-3")]);
        let ids = KeyIds::of_items(&column);
        assert_eq!(ids.len(), 3);
        assert_eq!(
            [ids.get("A-1"), ids.get("A-2"), ids.get("A-3"), ids.get("B-1")],
            [Some(0), Some(1), Some(2), None]
        );
        assert_eq!([ids.item_key(0), ids.item_key(2), ids.item_key(3)], [Some("A-1"), Some("A-3"), None]);
        assert_eq!(ids.into_item_rows(), vec![Some(0), Some(2), Some(4)]);
    }

    #[test]
    fn history_keys_get_the_next_ids_once_and_item_keys_keep_theirs() {
        let column = key_column(&[Some("A-1"), Some("A-2")]);
        let mut ids = KeyIds::of_items(&column);
        let found = ["B-9", "A-2", "B-9", "B-7"].map(|key| ids.id_of_history_key(key));
        assert_eq!(found, [2, 1, 2, 3]);
        assert_eq!([ids.item_key(1), ids.item_key(2)], [Some("A-2"), None]);
        assert_eq!(ids.get("B-7"), Some(3));
        assert_eq!(ids.into_item_rows(), vec![Some(0), Some(1), None, None]);
    }

    #[test]
    fn many_keys_in_many_partitions_get_the_ids_of_a_plain_map() {
        // 100,000 rows: several tasks and partitions; every 7th row repeats an earlier key.
        let keys: Vec<String> =
            (0..100_000).map(|n| format!("K-{}", if n % 7 == 6 { n / 3 } else { n })).collect();
        let mut expected: std::collections::HashMap<&str, IdxSize> = Default::default();
        let mut expected_rows = Vec::new();
        for (row, key) in keys.iter().enumerate() {
            expected.entry(key.as_str()).or_insert_with(|| {
                expected_rows.push(Some(row as IdxSize));
                (expected_rows.len() - 1) as IdxSize
            });
        }
        assert!(expected.len() < 95_000, "the fixture repeats keys");
        let extra: Vec<String> = (0..5_000).map(|n| format!("H-{n}")).collect();
        let column = key_column(&keys.iter().map(|key| Some(key.as_str())).collect::<Vec<_>>());
        let mut ids = KeyIds::of_items(&column);
        assert!(expected.iter().all(|(key, id)| ids.get(key) == Some(*id)));
        for key in &extra {
            ids.id_of_history_key(key);
        }
        let first_extra = expected.len();
        assert!(extra.iter().enumerate().all(|(n, key)| ids.get(key) == Some((first_extra + n) as IdxSize)));
        expected_rows.extend([None; 5_000]);
        assert_eq!(ids.into_item_rows(), expected_rows);
    }
}
