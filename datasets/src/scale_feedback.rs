//! Large feedback CSVs for benchmarks: `rows` pieces of customer feedback about the issues of
//! the benchmark Jira export of the same issue count and seed ([`crate::scale`]), in the layout
//! of the demo's `feedback.csv` (`id,key,text,customer,segment,arr,created,votes,rating,source`).
//!
//! Rows are drawn like the demo's ([`crate::feedback::draw_row`]): the same sources, texts
//! worded after the target item's own title phrase (so text matching can find them), noise,
//! votes and ratings. What changes with size: one customer per hundred rows (at least 150, the
//! demo's shares of enterprise, mid-market and small customers, names repeating with a branch
//! number), triage linked most rows to a key (70% of support, sales and survey rows, against the
//! demo's 52%), and feedback spans the last year before the anchor date. Demand is concentrated
//! as in the demo: one story or bug in twelve is hot (weight 20–60), the others weigh 1–3.
//!
//! Weighted picks over a million items use cumulative weights and a binary search, and each row
//! is written as soon as it is drawn, so ten million rows need memory for the items only.

use std::io::Write;

use chrono::Duration;
use rand::RngExt;

use crate::calendar::anchor_end;
use crate::feedback::{
    Customer, HEADER, Segment, Source, Target, company_name, customers_ask_for, draw_demand_weights,
    draw_row, draw_source, write_row,
};
use crate::random::{Random, Stream, stream};
use crate::scale::{ScaleItem, scale_items};

/// Share of support, sales and survey rows linked to a key.
pub const LINKED_SHARE: f64 = 0.7;

/// Feedback rows per customer.
const ROWS_PER_CUSTOMER: usize = 100;

/// Writes a feedback CSV of `rows` rows about the `issues` issues of the benchmark export drawn
/// from `seed`.
pub fn write_feedback_csv<W: Write>(writer: W, issues: usize, rows: usize, seed: u64) -> csv::Result<()> {
    let items = scale_items(issues, seed);
    let mut random = stream(seed, Stream::ScaleFeedback);
    let customers = customers(&mut random, (rows / ROWS_PER_CUSTOMER).max(150));
    let activity = Cumulative::new(
        customers.iter().enumerate().map(|(index, customer)| (index, customer.segment.activity(index))),
    );
    let demand = Cumulative::new(demand_weights(&mut random, &items));
    let mut csv = csv::Writer::from_writer(writer);
    csv.write_record(HEADER)?;
    let first = anchor_end() - Duration::days(365);
    for position in 0..rows {
        let Some(target) = demand.pick(&mut random) else { break };
        let source = draw_source(&mut random);
        let customer = (source != Source::AppStore).then(|| activity.pick(&mut random)).flatten();
        let item = &items[target];
        let target =
            Target { number: item.number, kind: item.kind, voice: &item.voice, created: item.created };
        let mut row = draw_row(&mut random, source, customer, target, LINKED_SHARE, first);
        row.id = 1001 + position as u32;
        write_row(&mut csv, &customers, &row)?;
    }
    csv.flush()?;
    Ok(())
}

/// `count` customers with the demo's segment shares and ARR ranges.
fn customers(random: &mut Random, count: usize) -> Vec<Customer> {
    (0..count)
        .map(|position| {
            let segment = Segment::of_position(position, count);
            Customer { name: company_name(position), segment, arr: segment.draw_arr(random) }
        })
        .collect()
}

/// Stories and bugs (the items customers ask for), each with how much feedback it attracts.
fn demand_weights(random: &mut Random, items: &[ScaleItem]) -> Vec<(usize, u32)> {
    let asked_for = items.iter().enumerate().filter(|(_, item)| customers_ask_for(item.kind, &item.voice));
    draw_demand_weights(random, asked_for.map(|(index, _)| index))
}

/// Weighted choice among many values: running totals, searched by binary search.
struct Cumulative {
    values: Vec<usize>,
    /// Total weight up to and including each value.
    totals: Vec<u64>,
}

impl Cumulative {
    fn new(choices: impl IntoIterator<Item = (usize, u32)>) -> Cumulative {
        let mut total = 0u64;
        let (values, totals) = choices
            .into_iter()
            .filter(|(_, weight)| *weight > 0)
            .map(|(value, weight)| {
                total += u64::from(weight);
                (value, total)
            })
            .unzip();
        Cumulative { values, totals }
    }

    /// A value in proportion to its weight; none when there is nothing to choose from.
    fn pick(&self, random: &mut Random) -> Option<usize> {
        let total = *self.totals.last()?;
        let ticket = random.random_range(0..total);
        let position = self.totals.partition_point(|&running| running <= ticket);
        self.values.get(position).copied()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::Voice;

    fn generate(issues: usize, rows: usize) -> Vec<u8> {
        let mut bytes = Vec::new();
        write_feedback_csv(&mut bytes, issues, rows, 3).unwrap();
        bytes
    }

    #[test]
    fn rows_are_deterministic_and_linked_to_stories_and_bugs_of_the_export() {
        let bytes = generate(2_000, 5_000);
        assert_eq!(bytes, generate(2_000, 5_000));
        let mut export = Vec::new();
        crate::write_jira_csv(&mut export, 2_000, 3).unwrap();
        let mut reader = csv::Reader::from_reader(export.as_slice());
        let kinds: std::collections::BTreeMap<String, String> = reader
            .records()
            .map(|record| {
                let record = record.unwrap();
                (record[1].to_owned(), record[3].to_owned())
            })
            .collect();
        let mut reader = csv::Reader::from_reader(bytes.as_slice());
        assert_eq!(reader.headers().unwrap(), HEADER.as_slice());
        let records: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
        assert_eq!(records.len(), 5_000);
        assert_eq!(&records[0][0], "1001");
        let linked: Vec<&str> =
            records.iter().map(|record| &record[1]).filter(|key| !key.is_empty()).collect();
        // 78% of rows are support, sales or survey, 70% of those linked: about 55%.
        assert!((2_500..3_000).contains(&linked.len()), "{}", linked.len());
        assert!(linked.iter().all(|key| matches!(kinds[*key].as_str(), "Story" | "Bug")));
        let customers: std::collections::BTreeSet<&str> = records.iter().map(|record| &record[3]).collect();
        // 150 customers at least, and the anonymous app-store reviews.
        assert!(customers.len() > 140 && customers.contains(""), "{}", customers.len());
    }

    #[test]
    fn unlinked_requests_repeat_the_words_of_their_item() {
        let items = scale_items(300, 3);
        let bytes = generate(300, 400);
        let mut reader = csv::Reader::from_reader(bytes.as_slice());
        for record in reader.records().map(Result::unwrap) {
            let Some(number) = record[1].strip_prefix("SHOP-") else { continue };
            let item = &items[number.parse::<usize>().unwrap() - 1];
            let phrase = match item.voice {
                Voice::Want(phrase) | Voice::Symptom(phrase) | Voice::Title(phrase) => phrase,
            };
            // The longest word: never one of the pronouns a retold phrase changes.
            let word = phrase.split(' ').max_by_key(|word| word.len()).unwrap();
            assert!(record[2].contains(word), "{} / {phrase}", &record[2]);
        }
    }

    #[test]
    fn many_customers_get_branch_numbers() {
        assert_eq!(company_name(0), "Northwind Traders");
        assert_eq!(company_name(540), "Northwind Traders 2");
        let mut random = stream(1, Stream::ScaleFeedback);
        let list = customers(&mut random, 1_500);
        assert_eq!(list.iter().filter(|customer| customer.segment == Segment::Enterprise).count(), 200);
    }
}
