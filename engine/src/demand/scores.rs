//! A sparse per-item score accumulator for inverted-index searches: scores and shared-term
//! counts live in dense vectors indexed by item, and the items a query touched are listed so
//! that clearing costs what the query touched, not the size of the index. The feedback matcher
//! ([`super::text_match`]) and the duplicate finder ([`crate::health::duplicates`]) share it.

/// Scores of the items one query has touched so far.
pub(crate) struct ItemScores {
    /// Summed contributions, by item.
    pub score: Vec<f64>,
    /// Terms shared with the query, by item (0 = untouched).
    pub shared: Vec<u32>,
    /// The items with a contribution, in the order they were first touched.
    pub touched: Vec<u32>,
}

impl ItemScores {
    /// An accumulator for `item_count` items, all untouched.
    pub fn new(item_count: usize) -> ItemScores {
        ItemScores { score: vec![0.0; item_count], shared: vec![0; item_count], touched: Vec::new() }
    }

    /// Adds one shared term's `contribution` to `item`.
    pub fn add(&mut self, item: u32, contribution: f64) {
        let slot = item as usize;
        if self.shared[slot] == 0 {
            self.touched.push(item);
        }
        self.score[slot] += contribution;
        self.shared[slot] += 1;
    }

    /// Untouches every item, for the next query.
    pub fn clear(&mut self) {
        for &item in &self.touched {
            self.score[item as usize] = 0.0;
            self.shared[item as usize] = 0;
        }
        self.touched.clear();
    }
}
