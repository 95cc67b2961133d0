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

/// A Jira CSV export of `count` issues, generated on first use.
pub fn jira_export(data_folder: &Path, count: usize) -> PathBuf {
    let path = data_folder.join(format!("jira-export-{count}-seed{SEED}.csv"));
    if !path.exists() {
        std::fs::create_dir_all(data_folder).expect("the bench data folder can be created");
        let partial = path.with_extension("partial");
        let file = File::create(&partial).expect("bench data can be written");
        refine_datasets::scale::write_jira_csv(BufWriter::new(file), count, SEED)
            .expect("generated CSV is written");
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
