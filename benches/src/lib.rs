//! Inputs for the criterion benches: large generated files, written once and kept under
//! `target/bench-data/` so that a bench run times loading, not generating.

use std::fs::File;
use std::io::BufWriter;
use std::path::{Path, PathBuf};

use polars::prelude::*;

/// The seed every bench input is generated with.
pub const SEED: u64 = 7;

/// Sizes the benches run at: `REFINE_BENCH_SIZES` (comma-separated), default 100,000 and
/// 1,000,000.
pub fn bench_sizes() -> Vec<usize> {
    std::env::var("REFINE_BENCH_SIZES")
        .ok()
        .map(|sizes| sizes.split(',').filter_map(|size| size.trim().replace('_', "").parse().ok()).collect())
        .unwrap_or_else(|| vec![100_000, 1_000_000])
}

/// The folder the bench inputs are kept in, `target/bench-data/`, beside criterion's own. A
/// macro so that `CARGO_TARGET_TMPDIR` (set only when a bench or test is compiled) is read in
/// the bench that uses it.
#[macro_export]
macro_rules! bench_data_folder {
    () => {
        ::std::path::Path::new(env!("CARGO_TARGET_TMPDIR")).join("../bench-data")
    };
}

/// A Jira CSV export of `count` issues, generated on first use.
pub fn jira_export(data_folder: &Path, count: usize) -> PathBuf {
    cached(data_folder.join(format!("jira-export-{count}-seed{SEED}.csv")), |file| {
        refine_datasets::scale::write_jira_csv(file, count, SEED)
    })
}

/// Feedback rows per backlog item in the ranking bench.
pub const FEEDBACK_PER_ITEM: usize = 10;

/// A feedback CSV of `rows` rows about the issues of [`jira_export`]`(data_folder, issues)`,
/// generated on first use.
pub fn feedback_export(data_folder: &Path, issues: usize, rows: usize) -> PathBuf {
    cached(data_folder.join(format!("feedback-{rows}-for-{issues}-seed{SEED}.csv")), |file| {
        refine_datasets::write_feedback_csv(file, issues, rows, SEED)
    })
}

/// A Jira CSV export of three issues with `unknown` custom fields that refine does not use
/// (a real export of a big Jira instance has thousands), generated on first use.
pub fn wide_jira_export(data_folder: &Path, unknown: usize) -> PathBuf {
    cached(data_folder.join(format!("jira-wide-export-{unknown}.csv")), |mut file| {
        use std::io::Write;
        write!(file, "Summary,Issue key,Issue id,Issue Type,Status")?;
        for index in 0..unknown {
            write!(file, ",Custom field (Unused {index})")?;
        }
        for row in 1..=3 {
            write!(file, "\nTitle {row},WIDE-{row},{row},Story,To Do{}", ",".repeat(unknown))?;
        }
        writeln!(file)?;
        Ok(file.flush()?)
    })
}

/// `path`, written by `write` if it is not there yet: into a `.partial` file renamed into place,
/// so that an interrupted run leaves no half-written input behind.
fn cached(path: PathBuf, write: impl FnOnce(BufWriter<File>) -> csv::Result<()>) -> PathBuf {
    if !path.exists() {
        if let Some(folder) = path.parent() {
            std::fs::create_dir_all(folder).expect("the bench data folder can be created");
        }
        let partial = path.with_extension("partial");
        let file = File::create(&partial).expect("bench data can be written");
        write(BufWriter::new(file)).expect("generated CSV is written");
        std::fs::rename(&partial, &path).expect("bench data can be renamed into place");
    }
    path
}

/// The baseline: polars reading the file as a plain CSV (header, schema inferred, all columns).
pub fn polars_plain_read(path: &Path) -> DataFrame {
    CsvReadOptions::default()
        .with_has_header(true)
        .try_into_reader_with_file_path(Some(path.to_owned()))
        .and_then(|reader| reader.finish())
        .expect("polars reads the generated CSV")
}

/// What refine's CSV loaders start from: the file read by polars with every column as text.
pub fn polars_text_read(path: &Path) -> DataFrame {
    let header =
        std::io::BufRead::lines(std::io::BufReader::new(File::open(path).expect("bench data opens")))
            .next()
            .and_then(Result::ok)
            .unwrap_or_default();
    let width = csv::ReaderBuilder::new()
        .has_headers(false)
        .from_reader(header.as_bytes())
        .records()
        .next()
        .and_then(Result::ok)
        .map_or(0, |record| record.len());
    let schema: Schema =
        (0..width).map(|index| Field::new(index.to_string().into(), DataType::String)).collect();
    CsvReadOptions::default()
        .with_has_header(true)
        .with_schema(Some(std::sync::Arc::new(schema)))
        .try_into_reader_with_file_path(Some(path.to_owned()))
        .and_then(|reader| reader.finish())
        .expect("polars reads the generated CSV as text")
}

/// A canonical items CSV and history CSV with `history_rows` status changes (To Do → In
/// Progress → In Review → Done, one in ten moved back once; one in four items stops in progress
/// after its first change, so about 2.6 changes per item), generated on first use; returns
/// (items, history).
pub fn status_history(data_folder: &Path, history_rows: usize) -> (PathBuf, PathBuf) {
    let items_path = data_folder.join(format!("items-for-history-{history_rows}.csv"));
    let history_path = data_folder.join(format!("history-{history_rows}.csv"));
    if items_path.exists() && history_path.exists() {
        return (items_path, history_path);
    }
    std::fs::create_dir_all(data_folder).expect("the bench data folder can be created");
    let mut items = csv::Writer::from_path(&items_path).expect("bench data can be written");
    let mut history = csv::Writer::from_path(&history_path).expect("bench data can be written");
    items.write_record(["key", "status", "status_category", "created"]).expect("written");
    history.write_record(["key", "at", "field", "from", "to"]).expect("written");
    const HOUR: i64 = 3_600_000;
    let start = 1_700_000_000_000i64;
    let mut random = SplitMix(SEED);
    let iso = |millis: i64| refine_engine::model::dates::iso(millis).unwrap_or_default();
    let mut rows = 0;
    let mut item = 0;
    while rows < history_rows {
        item += 1;
        let key = format!("BIG-{item}");
        let created = start + random.below(365 * 24) as i64 * HOUR;
        let mut at = created + random.below(400) as i64 * HOUR;
        let mut steps = vec![("To Do", "In Progress"), ("In Progress", "In Review"), ("In Review", "Done")];
        if random.below(10) == 0 {
            steps.insert(1, ("In Progress", "To Do"));
            steps.insert(2, ("To Do", "In Progress"));
        }
        let done = random.below(4) != 0;
        let taken = if done { steps.len() } else { 1 };
        for (from, to) in steps.iter().take(taken) {
            history.write_record([key.as_str(), &iso(at), "status", from, to]).expect("written");
            at += (1 + random.below(120)) as i64 * HOUR;
            rows += 1;
        }
        let (status, category) = if done { ("Done", "done") } else { ("In Progress", "in_progress") };
        items.write_record([key.as_str(), status, category, &iso(created)]).expect("written");
    }
    items.flush().expect("written");
    history.flush().expect("written");
    (items_path, history_path)
}

/// A backlog of `count` canonical items for the duplicate finder: titles of 4–9 and
/// descriptions of 0–60 words drawn log-uniformly from 20,000 made-up words (a few words are
/// in many items, most in few, as in real backlogs), a third of the items done, and one item in
/// 25 a reworded copy of an earlier one (words shuffled, one replaced, the description kept in
/// part), so that the finder has real work to report. Generated in memory with [`SEED`].
pub fn backlog_with_duplicates(count: usize) -> DataFrame {
    const VOCABULARY: usize = 20_000;
    let mut random = SplitMix(SEED);
    let mut titles: Vec<String> = Vec::with_capacity(count);
    let mut descriptions: Vec<Option<String>> = Vec::with_capacity(count);
    for number in 0..count {
        let copy_of = (number > 0 && random.below(25) == 0).then(|| random.below(number as u64) as usize);
        let (title, description) = match copy_of {
            Some(original) => {
                let mut words: Vec<&str> = titles[original].split(' ').collect();
                let replaced = random.below(words.len() as u64) as usize;
                let new_word = made_up_word(random.log_uniform(VOCABULARY));
                words[replaced] = &new_word;
                let rotation = random.below(words.len() as u64) as usize;
                words.rotate_left(rotation);
                let description = descriptions[original].as_ref().map(|text| {
                    let kept = text.len() * 2 / 3;
                    text[..text.floor_char_boundary(kept)].to_owned()
                });
                (words.join(" "), description)
            }
            None => {
                let title_words = 4 + random.below(6) as usize;
                let description_words = random.below(61) as usize;
                let mut sentence = |words: usize| {
                    (0..words)
                        .map(|_| made_up_word(random.log_uniform(VOCABULARY)))
                        .collect::<Vec<_>>()
                        .join(" ")
                };
                let title = sentence(title_words);
                (title, (description_words > 0).then(|| sentence(description_words)))
            }
        };
        titles.push(title);
        descriptions.push(description);
    }
    let keys: Vec<String> = (1..=count).map(|number| format!("GEN-{number}")).collect();
    let categories: Vec<&str> =
        (0..count).map(|_| if random.below(3) == 0 { "done" } else { "todo" }).collect();
    let frame = df!(
        refine_engine::model::items::KEY => keys,
        refine_engine::model::items::TITLE => titles,
        refine_engine::model::items::DESCRIPTION => descriptions,
        refine_engine::model::items::STATUS_CATEGORY => categories,
    )
    .expect("the generated columns have one length");
    refine_engine::model::conform(refine_engine::model::Table::Items, frame).expect("generated items conform")
}

/// A pronounceable word for a number: its base-20 digits as consonant-vowel syllables.
fn made_up_word(mut number: usize) -> String {
    const SYLLABLES: [&str; 20] = [
        "ka", "lo", "mi", "ne", "su", "ta", "ri", "po", "da", "ve", "bu", "go", "zi", "he", "fa", "ju", "wo",
        "xe", "yu", "ce",
    ];
    let mut word = String::new();
    loop {
        word.push_str(SYLLABLES[number % SYLLABLES.len()]);
        number /= SYLLABLES.len();
        if number == 0 {
            return word;
        }
    }
}

/// splitmix64: a deterministic, dependency-free random stream; the state is the seed at first.
pub struct SplitMix(pub u64);

impl SplitMix {
    /// The next number of the stream.
    pub fn next_number(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// Uniform in 0..bound (bound > 0).
    pub fn below(&mut self, bound: u64) -> u64 {
        self.next_number() % bound.max(1)
    }

    /// In 0..size, log-uniform: rank r is drawn with probability ∝ 1/(r + 1), as Zipf's law.
    pub fn log_uniform(&mut self, size: usize) -> usize {
        let uniform = (self.next_number() >> 11) as f64 / (1u64 << 53) as f64;
        ((size as f64 + 1.0).powf(uniform) - 1.0).floor() as usize % size
    }
}
