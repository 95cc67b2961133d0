//! A sparse per-item score accumulator for inverted-index searches: scores and shared-term
//! counts live in dense vectors indexed by item, and the items a query touched are listed so
//! that clearing costs what the query touched, not the size of the index. The feedback matcher
//! (demand) and the duplicate finder (health) share it.

/// Scores of the items one query has touched so far.
pub(crate) struct ItemScores {
    /// Summed contributions, by item.
    pub score: Vec<f64>,
    /// Terms shared with the query, by item (0 = untouched).
    pub shared: Vec<u32>,
    /// The items with a contribution, in the order they were first touched.
    pub touched: Vec<u32>,
    /// One bit per item, set when touched: 1/32 of `shared`'s size, so a walk of a long
    /// posting list that asks "is this item a candidate?" stays in cache.
    touched_bits: Vec<u64>,
}

impl ItemScores {
    /// An accumulator for `item_count` items, all untouched.
    pub fn new(item_count: usize) -> ItemScores {
        ItemScores {
            score: vec![0.0; item_count],
            shared: vec![0; item_count],
            touched: Vec::new(),
            touched_bits: vec![0; item_count.div_ceil(64)],
        }
    }

    /// Adds one shared term's `contribution` to `item`.
    pub fn add(&mut self, item: u32, contribution: f64) {
        let slot = item as usize;
        if !self.is_touched(item) {
            self.touched.push(item);
            self.touched_bits[slot / 64] |= 1 << (slot % 64);
        }
        self.score[slot] += contribution;
        self.shared[slot] += 1;
    }

    /// Whether `item` has a contribution.
    pub fn is_touched(&self, item: u32) -> bool {
        let slot = item as usize;
        self.touched_bits[slot / 64] & (1 << (slot % 64)) != 0
    }

    /// Untouches every item, for the next query.
    pub fn clear(&mut self) {
        for &item in &self.touched {
            self.score[item as usize] = 0.0;
            self.shared[item as usize] = 0;
            self.touched_bits[item as usize / 64] = 0;
        }
        self.touched.clear();
    }
}
