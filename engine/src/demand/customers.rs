//! The customers behind the demand, folded row by row: each named customer once with the
//! largest valid weight on any of their rows, and the distinct (item, customer) pairs of the
//! rows that count for an item.
//!
//! Memory grows with the distinct customers and the distinct (item, customer) pairs, not with
//! the rows. Two partials of two shards of the feedback merge into the partial of the whole:
//! the largest of two weights is the largest of all, and a set of pairs is a set whatever the
//! order it was filled in. Customers are numbered in name order only when finished, so that
//! reach is summed in one order however the feedback was split.

use polars::prelude::{PlHashMap, PlHashSet};

/// The customers of the feedback folded so far.
#[derive(Debug, Clone, Default)]
pub(super) struct CustomersPartial {
    /// Name (trimmed) → its number, in the order met.
    ids: PlHashMap<Box<str>, u32>,
    /// The largest valid weight of each numbered customer.
    weight: Vec<Option<f64>>,
    /// (item, customer) of the rows that count for an item.
    pairs: PlHashSet<(u32, u32)>,
    /// Rows whose weight was NaN, infinite or negative.
    invalid_weights: u64,
}

/// Each item's distinct customers and their summed weight.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub(super) struct ItemCustomers {
    /// Distinct named customers.
    pub customers: u64,
    /// Σ of their weights, in name order (a customer without a valid weight adds 0).
    pub reach: f64,
}

impl CustomersPartial {
    /// Folds one row: its customer (blank is anonymous, and only counts as a request), its
    /// weight, and the item it counts for, if any.
    pub fn fold(&mut self, customer: Option<&str>, weight: Option<f64>, item: Option<u32>) {
        let Some(name) = customer.map(str::trim).filter(|name| !name.is_empty()) else { return };
        let id = self.id(name);
        if let Some(item) = item {
            self.pairs.insert((item, id));
        }
        match weight {
            Some(value) if value.is_finite() && value >= 0.0 => {
                keep_largest(&mut self.weight[id as usize], value)
            }
            Some(_) => self.invalid_weights += 1,
            None => {}
        }
    }

    /// The number of `name`, given it if it is new.
    fn id(&mut self, name: &str) -> u32 {
        if let Some(&id) = self.ids.get(name) {
            return id;
        }
        let id = self.weight.len() as u32;
        self.ids.insert(name.into(), id);
        self.weight.push(None);
        id
    }

    /// The customers of both.
    pub fn merge(mut self, other: CustomersPartial) -> CustomersPartial {
        let mut renumbered = vec![0u32; other.weight.len()];
        for (name, other_id) in other.ids {
            let id = match self.ids.get(&name) {
                Some(&id) => id,
                None => {
                    let id = self.weight.len() as u32;
                    self.ids.insert(name, id);
                    self.weight.push(None);
                    id
                }
            };
            renumbered[other_id as usize] = id;
            if let Some(value) = other.weight[other_id as usize] {
                keep_largest(&mut self.weight[id as usize], value);
            }
        }
        self.pairs.extend(other.pairs.into_iter().map(|(item, id)| (item, renumbered[id as usize])));
        self.invalid_weights += other.invalid_weights;
        self
    }

    /// Each of `items` items' customers and reach, and the rows whose weight was invalid.
    pub fn finish(self, items: usize) -> (Vec<ItemCustomers>, u64) {
        let CustomersPartial { ids, weight, pairs, invalid_weights } = self;
        let mut names: Vec<(Box<str>, u32)> = ids.into_iter().collect();
        names.sort_unstable();
        let mut rank = vec![0u32; names.len()];
        for (position, (_, id)) in names.iter().enumerate() {
            rank[*id as usize] = position as u32;
        }
        let mut ranked_weight = vec![None; names.len()];
        for (id, value) in weight.into_iter().enumerate() {
            ranked_weight[rank[id] as usize] = value;
        }
        // (item, customer in name order): each item's reach is summed in name order.
        let mut pairs: Vec<(u32, u32)> =
            pairs.into_iter().map(|(item, id)| (item, rank[id as usize])).collect();
        pairs.sort_unstable();
        let mut per_item = vec![ItemCustomers::default(); items];
        for (item, customer) in pairs {
            let entry = &mut per_item[item as usize];
            entry.customers += 1;
            entry.reach += ranked_weight[customer as usize].unwrap_or(0.0);
        }
        (per_item, invalid_weights)
    }
}

/// Puts `value` in `slot` if it is larger than what the slot holds (a customer's weight is the
/// largest on any of their rows).
fn keep_largest(slot: &mut Option<f64>, value: f64) {
    *slot = Some(slot.map_or(value, |known| known.max(value)));
}

#[cfg(test)]
mod tests {
    use super::*;

    /// (customer, weight, item) of eight rows: Acme, Beta, Gamma and Zeta, an anonymous row
    /// (row 2), two invalid weights (NaN, −1), and rows 1 and 4 counting for no item.
    const ROWS: [(&str, Option<f64>, Option<u32>); 8] = [
        (" Acme ", Some(10.0), Some(7)),
        ("Beta", Some(f64::NAN), None),
        ("", Some(1.0), Some(8)),
        ("Acme", Some(30.0), Some(8)),
        ("Zeta", None, None),
        ("Beta", Some(-1.0), Some(7)),
        ("Acme", Some(20.0), Some(7)),
        ("Gamma", Some(5.0), Some(9)),
    ];

    fn folded(rows: &[(&str, Option<f64>, Option<u32>)]) -> CustomersPartial {
        let mut partial = CustomersPartial::default();
        for &(name, weight, item) in rows {
            partial.fold(Some(name), weight, item);
        }
        partial
    }

    #[test]
    fn each_customer_counts_once_per_item_with_their_largest_weight_in_any_split() {
        // Item 7: Acme (30, its largest weight, on a row of item 8) and Beta (no valid weight);
        // item 8: Acme; item 9: Gamma (5). Zeta asked for nothing that counts.
        let expected = [
            ItemCustomers { customers: 2, reach: 30.0 },
            ItemCustomers { customers: 1, reach: 30.0 },
            ItemCustomers { customers: 1, reach: 5.0 },
        ];
        let (whole, invalid) = folded(&ROWS).finish(10);
        assert_eq!((&whole[7..], invalid), (&expected[..], 2));
        assert!(whole[..7].iter().all(|item| *item == ItemCustomers::default()));
        for cut in 0..=ROWS.len() {
            let (first, second) = ROWS.split_at(cut);
            for merged in [folded(first).merge(folded(second)), folded(second).merge(folded(first))] {
                let (items, invalid) = merged.finish(10);
                assert_eq!((&items[7..], invalid), (&expected[..], 2), "cut at {cut}");
            }
        }
    }
}
