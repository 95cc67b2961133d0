//! Random mutations of real exports through every loader: no panic, no hang (issue 17).
//!
//! Each seed is a real public export from the shared datasets, cut to its first ~200 KB at a
//! record boundary (so that an unmutated seed still loads and each case is fast). proptest then
//! flips bytes, truncates, inserts quotes, control bytes, absurd numbers and far dates,
//! duplicates and deletes lines, and [`refine_engine::load::load_file`] must return (a loaded
//! file or an error, either is fine) within [`DEADLINE`], in a thread of its own so that a
//! panic or a hang is caught and named with the seed. The runs are seeded (the same cases in
//! every CI run); `REFINE_MUTATION_CASES=N` runs N cases per seed instead of [`CASES`].

use std::path::Path;
use std::sync::mpsc;
use std::time::Duration;

use proptest::prelude::*;
use proptest::test_runner::{Config, RngAlgorithm, TestCaseError, TestRng, TestRunner};
use refine_engine::load::{LoadOptions, load_file};

use crate::support::shared_data;

/// The seeds: a Jira CSV export, a Jira REST search response, GitHub issues JSON, a sprint
/// report and app-store reviews, each read by a different loader.
const SEEDS: [&str; 5] = [
    "jira/duraspace-export.csv",
    "jira/duraspace-search.json",
    "github/hf-datasets-issues.json",
    "sprints/apache-sprints.csv",
    "feedback/uber-play-reviews.csv",
];

/// How much of each seed is kept.
const SEED_BYTES: usize = 200_000;

/// Cases per seed: with five seeds, about 15 s of a debug build on a loaded machine (300 per
/// seed, 1,500 loads, found nothing either).
const CASES: u32 = 100;

/// How long one load may take: a 200 KB file loads in well under a second in a debug build.
const DEADLINE: Duration = Duration::from_secs(20);

/// One change to a file's bytes; a position is a fraction of the length in 32-bit fixed point
/// (`u32::MAX` is the end), so a mutation fits any file.
#[derive(Debug, Clone)]
enum Mutation {
    /// XOR the byte at this position with a mask.
    FlipByte(u32, u8),
    /// Keep only the bytes before this position.
    Truncate(u32),
    /// Insert these bytes at this position.
    Insert(u32, &'static [u8]),
    /// Repeat the line that holds this position.
    DuplicateLine(u32),
    /// Remove up to this many bytes from this position.
    Delete(u32, usize),
}

/// What gets inserted: quotes and brackets that unbalance a record, control bytes, absurd
/// numbers and far dates, a delimiter, line breaks.
const INSERTIONS: [&[u8]; 16] = [
    b"\"",
    b"\"\"\"",
    b"\x00",
    b"\x1a",
    b"\x1b[31m",
    b"\xff\xfe",
    b"\r",
    b"\n\n",
    b",",
    b"{",
    b"]",
    b"1.7e308",
    b"-1",
    b"NaN",
    b"0001-01-01",
    b"9999-12-31T23:59:59Z",
];

fn mutation() -> impl Strategy<Value = Mutation> {
    prop_oneof![
        (any::<u32>(), 1..=255u8).prop_map(|(at, mask)| Mutation::FlipByte(at, mask)),
        any::<u32>().prop_map(Mutation::Truncate),
        (any::<u32>(), prop::sample::select(INSERTIONS.as_slice()))
            .prop_map(|(at, bytes)| Mutation::Insert(at, bytes)),
        any::<u32>().prop_map(Mutation::DuplicateLine),
        (any::<u32>(), 1..2_000usize).prop_map(|(at, length)| Mutation::Delete(at, length)),
    ]
}

/// The offset `position` (a fraction of `length`, see [`Mutation`]) points at, below `length`.
fn offset(position: u32, length: usize) -> usize {
    ((length as u64 * u64::from(position)) >> 32) as usize
}

/// `bytes` with `mutation` applied.
fn apply(mut bytes: Vec<u8>, mutation: &Mutation) -> Vec<u8> {
    if bytes.is_empty() {
        return bytes;
    }
    match mutation {
        Mutation::FlipByte(at, mask) => {
            let at = offset(*at, bytes.len());
            bytes[at] ^= mask;
        }
        Mutation::Truncate(at) => bytes.truncate(offset(*at, bytes.len())),
        Mutation::Insert(at, inserted) => {
            let at = offset(*at, bytes.len() + 1);
            bytes.splice(at..at, inserted.iter().copied());
        }
        Mutation::DuplicateLine(at) => {
            let at = offset(*at, bytes.len());
            let start =
                bytes[..at].iter().rposition(|&byte| byte == b'\n').map_or(0, |line_break| line_break + 1);
            let end = bytes[at..]
                .iter()
                .position(|&byte| byte == b'\n')
                .map_or(bytes.len(), |offset| at + offset + 1);
            let line = bytes[start..end].to_vec();
            bytes.splice(end..end, line);
        }
        Mutation::Delete(at, length) => {
            let at = offset(*at, bytes.len());
            let end = (at + length).min(bytes.len());
            bytes.drain(at..end);
        }
    }
    bytes
}

/// The first ~[`SEED_BYTES`] of a CSV, cut after a whole record (a quoted field may hold line
/// breaks, so the cut is found by reading records, not lines).
fn cut_csv(bytes: &[u8]) -> Vec<u8> {
    let mut reader = csv::ReaderBuilder::new().has_headers(false).flexible(true).from_reader(bytes);
    let mut record = csv::ByteRecord::new();
    let mut cut = 0;
    while let Ok(true) = reader.read_byte_record(&mut record) {
        let end = reader.position().byte() as usize;
        if end > SEED_BYTES && cut > 0 {
            break;
        }
        cut = end;
    }
    bytes[..cut].to_vec()
}

/// The first ~[`SEED_BYTES`] of a JSON export: the leading records of its array (or of its
/// `issues` array), re-serialised, so that the seed is still valid JSON.
fn cut_json(bytes: &[u8]) -> Vec<u8> {
    let mut document: serde_json::Value = serde_json::from_slice(bytes).expect("the seed is JSON");
    let records = match &mut document {
        serde_json::Value::Array(records) => records,
        serde_json::Value::Object(fields) => match fields.get_mut("issues") {
            Some(serde_json::Value::Array(records)) => records,
            _ => panic!("a JSON seed is an array or has an `issues` array"),
        },
        _ => panic!("a JSON seed is an array or an object"),
    };
    let mut size = 0;
    let kept = records
        .iter()
        .take_while(|record| {
            size += record.to_string().len();
            size <= SEED_BYTES
        })
        .count()
        .max(1);
    records.truncate(kept);
    serde_json::to_vec(&document).unwrap()
}

/// Loads `bytes` as the file `name` in a thread of its own: `Err` says what went wrong when
/// the loader panicked or took longer than [`DEADLINE`].
fn load_within_deadline(folder: &Path, name: &str, bytes: Vec<u8>) -> Result<(), String> {
    let path = folder.join(name);
    std::fs::write(&path, &bytes).unwrap();
    let (sender, receiver) = mpsc::channel();
    let loader = std::thread::spawn(move || {
        let loaded = load_file(&path, &LoadOptions::default());
        let _ = sender.send(loaded.is_ok());
    });
    match receiver.recv_timeout(DEADLINE) {
        Ok(_) => {
            let _ = loader.join();
            Ok(())
        }
        // A hung thread cannot be stopped; it is left to end with the test process.
        Err(mpsc::RecvTimeoutError::Timeout) => Err(format!("load_file did not return within {DEADLINE:?}")),
        Err(mpsc::RecvTimeoutError::Disconnected) => {
            let message = match loader.join() {
                Err(panic) => panic
                    .downcast_ref::<String>()
                    .cloned()
                    .or_else(|| panic.downcast_ref::<&str>().map(|text| (*text).to_owned()))
                    .unwrap_or_default(),
                Ok(()) => String::new(),
            };
            Err(format!("load_file panicked: {message}"))
        }
    }
}

/// Every loader survives random damage to real exports: no panic, no hang.
#[test]
fn mutated_real_exports_load_or_fail_without_a_panic_or_a_hang() {
    let cases =
        std::env::var("REFINE_MUTATION_CASES").ok().and_then(|cases| cases.parse().ok()).unwrap_or(CASES);
    let folder = tempfile::tempdir().unwrap();
    for seed in SEEDS {
        let Some(path) = shared_data(seed) else { continue };
        let whole = std::fs::read(&path).unwrap();
        let bytes = if seed.ends_with(".json") { cut_json(&whole) } else { cut_csv(&whole) };
        let name = seed.replace('/', "-");
        // The unmutated seed loads: otherwise every mutation would only test one error path.
        assert_eq!(load_within_deadline(folder.path(), &name, bytes.clone()), Ok(()), "{seed}");
        assert!(
            load_file(&folder.path().join(&name), &LoadOptions::default()).is_ok(),
            "the cut seed {seed} does not load"
        );

        let config = Config {
            cases,
            failure_persistence: None,
            // A hang costs DEADLINE per shrinking step: shrink for a minute at most.
            max_shrink_time: 60_000,
            ..Config::default()
        };
        let mut runner = TestRunner::new_with_rng(config, TestRng::deterministic_rng(RngAlgorithm::ChaCha));
        let result = runner.run(&prop::collection::vec(mutation(), 1..=4), |mutations| {
            let mutated = mutations.iter().fold(bytes.clone(), apply);
            load_within_deadline(folder.path(), &name, mutated).map_err(TestCaseError::fail)
        });
        if let Err(failure) = result {
            panic!("{seed} (first {} bytes), mutated: {failure}", bytes.len());
        }
    }
}

#[test]
fn mutations_change_the_bytes_as_described() {
    let index = |fraction: f64| (fraction * f64::from(u32::MAX)) as u32 + 1;
    let text = b"a,b\n1,2\n3,4\n".to_vec();
    assert_eq!(apply(text.clone(), &Mutation::Truncate(index(0.5))), b"a,b\n1,".to_vec());
    assert_eq!(apply(text.clone(), &Mutation::DuplicateLine(index(0.5))), b"a,b\n1,2\n1,2\n3,4\n".to_vec());
    assert_eq!(apply(text.clone(), &Mutation::Insert(index(0.0), b"\"")), b"\"a,b\n1,2\n3,4\n".to_vec());
    assert_eq!(apply(text.clone(), &Mutation::Delete(index(0.0), 4)), b"1,2\n3,4\n".to_vec());
    assert_eq!(apply(text, &Mutation::FlipByte(index(0.0), 0x20)), b"A,b\n1,2\n3,4\n".to_vec());
    let csv = b"h\n\"quoted\nline\"\nnext\n";
    assert_eq!(cut_csv(csv), csv.to_vec(), "a short CSV is kept whole");
}
