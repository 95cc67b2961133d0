//! `feedback.csv`: 2,000 pieces of customer feedback `id,key,text,customer,segment,arr,created,
//! votes,rating,source` from the merchants that run their shops on the platform.
//!
//! About 150 customers in three segments, each with one annual recurring revenue (ARR) that
//! fits its segment and is repeated on every row of that customer. About 40% of rows were
//! linked to a backlog key by whoever triaged them; the rest are free text — requests and bug
//! reports worded after backlog titles (so text matching can find them) and plain noise
//! (praise, billing questions). App-store reviews are anonymous: no customer, segment or ARR.
//! Demand is concentrated: a few items collect most of the requests.

use std::io::Write;

use chrono::Duration;

use crate::backlog::{Item, PROJECT_KEY};
use crate::calendar::{Moment, anchor_end, at, iso};
use crate::kind::Kind;
use crate::random::{Random, chance, index, lognormal, pick, uniform, weighted};
use crate::text::{Voice, push_feedback_request};

/// Header of `feedback.csv`.
pub const HEADER: [&str; 10] =
    ["id", "key", "text", "customer", "segment", "arr", "created", "votes", "rating", "source"];

/// Number of feedback rows.
pub const ROWS: usize = 2_000;

/// Customer segment.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Segment {
    /// Large retailers.
    Enterprise,
    /// Regional chains.
    MidMarket,
    /// Small shops.
    Smb,
}

impl Segment {
    /// The segment as written in the files.
    pub fn name(self) -> &'static str {
        match self {
            Segment::Enterprise => "enterprise",
            Segment::MidMarket => "mid-market",
            Segment::Smb => "smb",
        }
    }

    /// The segment of the customer at `position` among `count` (demo: 20 enterprise, 50
    /// mid-market and 80 small of 150; larger lists keep those shares).
    pub fn of_position(position: usize, count: usize) -> Segment {
        let scaled = position * 150 / count.max(1);
        match scaled {
            0..20 => Segment::Enterprise,
            20..70 => Segment::MidMarket,
            _ => Segment::Smb,
        }
    }

    /// An annual recurring revenue that fits the segment, in whole hundreds of euros.
    pub fn draw_arr(self, random: &mut Random) -> u32 {
        let (median, low, high) = match self {
            Segment::Enterprise => (380_000.0, 150_000.0, 2_400_000.0),
            Segment::MidMarket => (60_000.0, 25_000.0, 149_000.0),
            Segment::Smb => (9_000.0, 1_200.0, 24_000.0),
        };
        (lognormal(random, median, 0.5).clamp(low, high) / 100.0).round() as u32 * 100
    }

    /// How often a customer of the segment writes, relative to the others (`index` is the
    /// customer's position: half the small shops write twice as often as the other half).
    pub fn activity(self, index: usize) -> u32 {
        match self {
            Segment::Enterprise => 6,
            Segment::MidMarket => 3,
            Segment::Smb => 1 + index as u32 % 2,
        }
    }
}

/// A company name from the name lists: `name` below their product is "First Second"; larger
/// numbers repeat the pairs with a branch number ("Northwind Traders 2").
pub fn company_name(name: usize) -> String {
    let pairs = NAME_FIRST.len() * NAME_SECOND.len();
    let pair = name % pairs;
    let base = format!("{} {}", NAME_FIRST[pair / NAME_SECOND.len()], NAME_SECOND[pair % NAME_SECOND.len()]);
    match name / pairs {
        0 => base,
        branch => format!("{base} {}", branch + 1),
    }
}

/// A merchant using the platform.
#[derive(Debug, Clone, PartialEq)]
pub struct Customer {
    /// Company name.
    pub name: String,
    /// Segment.
    pub segment: Segment,
    /// Annual recurring revenue in euros.
    pub arr: u32,
}

/// Where feedback came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Source {
    /// A support ticket.
    Support,
    /// A note from a sales or account manager.
    Sales,
    /// An app-store review (anonymous).
    AppStore,
    /// A free-text survey answer.
    Survey,
}

impl Source {
    /// The source as written in the files.
    pub fn name(self) -> &'static str {
        match self {
            Source::Support => "support",
            Source::Sales => "sales",
            Source::AppStore => "app-store",
            Source::Survey => "survey",
        }
    }
}

/// One row of feedback.
#[derive(Debug, Clone, PartialEq)]
pub struct Feedback {
    /// Feedback id.
    pub id: u32,
    /// Linked backlog key.
    pub key: Option<String>,
    /// What the customer said.
    pub text: String,
    /// Who said it (none for app-store reviews).
    pub customer: Option<usize>,
    /// When.
    pub created: Moment,
    /// Other users who +1'd it.
    pub votes: u32,
    /// Star rating 1–5 (reviews and surveys).
    pub rating: Option<u8>,
    /// Where it came from.
    pub source: Source,
}

const NAME_FIRST: &[&str] = &[
    "Northwind",
    "Contoso",
    "Fabrikam",
    "Blue Harbor",
    "Alpine",
    "Red Fox",
    "Silverline",
    "Greenleaf",
    "Oakridge",
    "Brightwater",
    "Maple & Pine",
    "Coastal",
    "Urban",
    "Nordic",
    "Sunrise",
    "Willow",
    "Granite",
    "Copperfield",
    "Riverside",
    "Harborview",
    "Evergreen",
    "Bluebell",
    "Summit",
    "Lakeside",
    "Golden Gate",
    "Ironwood",
    "Meadow",
    "Starling",
    "Cedar",
    "Tidewater",
];
const NAME_SECOND: &[&str] = &[
    "Traders",
    "Retail",
    "Outfitters",
    "Home",
    "Goods",
    "Supply",
    "Living",
    "Fashion",
    "Sports",
    "Books",
    "Garden",
    "Kitchen",
    "Market",
    "Pet Supplies",
    "Electronics",
    "Cycles",
    "Beauty",
    "Toys",
];

/// Rows of plain noise: praise, questions and complaints no backlog item is about.
const NOISE: &[&str] = &[
    "Great product overall, the new dashboard is much faster.",
    "How do I change the billing e-mail on our invoices?",
    "Can you send us a copy of your SOC 2 report?",
    "The onboarding call was really helpful, thank you!",
    "Our account manager changed again, who is our contact now?",
    "Invoice for last month shows the wrong VAT number.",
    "Thanks for the quick fix yesterday.",
    "We are happy with the platform, no complaints.",
    "Is there a discount for annual billing?",
    "Please call me back about our contract renewal.",
    "The status page did not show the outage this morning.",
    "Where can I find the API rate limits?",
    "We are moving our second brand to you next quarter.",
    "Training videos are out of date.",
];

/// App-store reviews that are not about a backlog item.
const STORE_NOISE: &[&str] = &[
    "Love the app, easy to use!",
    "Great deals and fast delivery.",
    "Too many notifications.",
    "Works fine.",
    "Best shopping app I have used",
    "Can't log in since yesterday",
    "ok",
    "Delivery was late but support was friendly.",
    "Why do I need an account to see my order?",
    "Crashes sometimes",
];

/// Share of support, sales and survey rows the demo's triage linked to a key.
const DEMO_LINKED_SHARE: f64 = 0.52;

/// The backlog item a row of feedback is about.
#[derive(Debug, Clone, Copy)]
pub struct Target<'a> {
    /// Issue number (the key is `SHOP-<number>`).
    pub number: u32,
    /// Issue type.
    pub kind: Kind,
    /// What the item is about, in a customer's words.
    pub voice: &'a Voice,
    /// When the item was created: feedback about it comes later.
    pub created: Moment,
}

/// Where a row comes from: support 40%, sales 20%, app store 22%, survey 18%.
pub fn draw_source(random: &mut Random) -> Source {
    weighted(
        random,
        &[(Source::Support, 40), (Source::Sales, 20), (Source::AppStore, 22), (Source::Survey, 18)],
    )
}

/// One row about `target` from `customer` (none for app-store reviews): linked to the key with
/// probability `linked_share` (app-store reviews never are), else worded after the item (60%)
/// or plain noise; created between the later of `first` and the item's creation and the anchor
/// date. The id is left 0 for the caller to number.
pub fn draw_row(
    random: &mut Random,
    source: Source,
    customer: Option<usize>,
    target: Target<'_>,
    linked_share: f64,
    first: Moment,
) -> Feedback {
    let mut text = String::new();
    let mut key = None;
    if source == Source::AppStore {
        if target.kind == Kind::Bug && chance(random, 0.4) {
            push_feedback_request(&mut text, random, target.voice);
        } else {
            text.push_str(pick(random, STORE_NOISE));
        }
    } else if chance(random, linked_share) {
        key = Some(format!("{PROJECT_KEY}-{}", target.number));
        push_feedback_request(&mut text, random, target.voice);
    } else if chance(random, 0.6) {
        push_feedback_request(&mut text, random, target.voice);
    } else {
        text.push_str(pick(random, NOISE));
    }
    let earliest = target.created.max(first);
    let span = (anchor_end() - earliest).num_minutes().max(1);
    let created = earliest + Duration::minutes(index(random, span as usize) as i64);
    let votes = if chance(random, 0.25) { 1 + lognormal(random, 2.0, 0.9) as u32 } else { 0 };
    let rating = match source {
        Source::AppStore => Some(weighted(random, &[(5u8, 40), (4, 18), (3, 10), (2, 10), (1, 22)])),
        Source::Survey => Some(weighted(random, &[(5u8, 20), (4, 35), (3, 25), (2, 12), (1, 8)])),
        _ => None,
    };
    Feedback { id: 0, key, text, customer, created, votes, rating, source }
}

/// The customers and their feedback.
pub fn generate_feedback(random: &mut Random, items: &[Item]) -> (Vec<Customer>, Vec<Feedback>) {
    let customers = customers(random);
    let activity: Vec<(usize, u32)> = customers
        .iter()
        .enumerate()
        .map(|(index, customer)| (index, customer.segment.activity(index)))
        .collect();
    let demand = demand_weights(random, items);
    let first = at(chrono::NaiveDate::from_ymd_opt(2026, 1, 5).unwrap_or_default(), 8, 0);
    let mut rows: Vec<Feedback> = (0..ROWS)
        .map(|_| {
            let source = draw_source(random);
            let customer = (source != Source::AppStore).then(|| weighted(random, &activity));
            let item = &items[weighted(random, &demand)];
            let target =
                Target { number: item.number, kind: item.kind, voice: &item.voice, created: item.created };
            draw_row(random, source, customer, target, DEMO_LINKED_SHARE, first)
        })
        .collect();
    rows.sort_by_key(|row| row.created);
    for (position, row) in rows.iter_mut().enumerate() {
        row.id = 1001 + position as u32;
    }
    (customers, rows)
}

/// 20 enterprise, 50 mid-market and 80 small customers with distinct names and ARR by segment.
fn customers(random: &mut Random) -> Vec<Customer> {
    let names = crate::random::sample_indices(random, NAME_FIRST.len() * NAME_SECOND.len(), 150);
    names
        .into_iter()
        .enumerate()
        .map(|(position, name)| {
            let segment = Segment::of_position(position, 150);
            let arr = segment.draw_arr(random);
            Customer { name: company_name(name), segment, arr }
        })
        .collect()
}

/// How much feedback each story and bug attracts: a couple of dozen hot items, a long tail.
fn demand_weights(random: &mut Random, items: &[Item]) -> Vec<(usize, u32)> {
    let asked_for = items
        .iter()
        .enumerate()
        .filter(|(_, item)| customers_ask_for(item.kind, &item.voice) || item.reserved);
    draw_demand_weights(random, asked_for.map(|(index, _)| index))
}

/// Whether customers ask for an item: stories and bugs worded in their voice (not by title).
pub fn customers_ask_for(kind: Kind, voice: &Voice) -> bool {
    matches!(kind, Kind::Story | Kind::Bug) && !matches!(voice, Voice::Title(_))
}

/// Each item index with how much feedback it attracts, drawn in order: one in twelve or so is
/// hot (weight 20–60), the others weigh 1–3 by index.
pub fn draw_demand_weights(random: &mut Random, indices: impl Iterator<Item = usize>) -> Vec<(usize, u32)> {
    indices
        .map(|index| {
            (
                index,
                if chance(random, 0.08) { uniform(random, 20.0, 60.0) as u32 } else { 1 + index as u32 % 3 },
            )
        })
        .collect()
}

/// Writes one row of `feedback.csv`.
pub fn write_row<W: Write>(
    csv: &mut csv::Writer<W>,
    customers: &[Customer],
    row: &Feedback,
) -> csv::Result<()> {
    let customer = row.customer.map(|index| &customers[index]);
    csv.write_record([
        row.id.to_string().as_str(),
        row.key.as_deref().unwrap_or(""),
        &row.text,
        customer.map_or("", |customer| customer.name.as_str()),
        customer.map_or("", |customer| customer.segment.name()),
        &customer.map(|customer| customer.arr.to_string()).unwrap_or_default(),
        &iso(row.created),
        &row.votes.to_string(),
        &row.rating.map(|rating| rating.to_string()).unwrap_or_default(),
        row.source.name(),
    ])
}

/// Writes `feedback.csv`.
pub fn write_feedback<W: Write>(writer: W, customers: &[Customer], rows: &[Feedback]) -> csv::Result<()> {
    let mut csv = csv::Writer::from_writer(writer);
    csv.write_record(HEADER)?;
    for row in rows {
        write_row(&mut csv, customers, row)?;
    }
    csv.flush()?;
    Ok(())
}
