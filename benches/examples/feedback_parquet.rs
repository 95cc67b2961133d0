//! Writes a folder of canonical feedback Parquet files from a feedback CSV, the CSV's rows
//! `copies` times over (each copy's ids suffixed `-1`, `-2`, ...), one file per batch: the
//! large feedback inputs of BENCHMARKS.md (10M, 30M and 100M rows from the generated 10M-row
//! CSV), read by `refine rank FOLDER ...` as one input.
//!
//! `cargo run --release -p refine-benches --example feedback_parquet -- FEEDBACK.csv COPIES OUT_FOLDER`

use std::fs::File;
use std::path::{Path, PathBuf};

use polars::prelude::*;
use refine_engine::load::{LoadOptions, load_inputs};
use refine_engine::model::feedback;

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [csv, copies, out] = args.as_slice() else {
        eprintln!("usage: feedback_parquet FEEDBACK.csv COPIES OUT_FOLDER");
        std::process::exit(2);
    };
    let copies: usize = copies.parse().expect("COPIES is a whole number");
    let out = PathBuf::from(out);
    std::fs::create_dir_all(&out).expect("the output folder can be made");
    let options = LoadOptions { feedback_in_batches: true, ..LoadOptions::default() };
    let workspace = load_inputs(&[PathBuf::from(csv)], &options).expect("the feedback CSV loads");
    let stream = workspace.feedback_streams().next().expect("the CSV is feedback");
    let mut part = 0;
    let mut rows = 0;
    for copy in 1..=copies {
        for batch in stream.batches().expect("the CSV opens") {
            let mut frame = batch.expect("the CSV reads").frame;
            let ids = frame.column(feedback::ID).expect("canonical").str().expect("text ids").clone();
            let suffixed: StringChunked = ids.apply_values(|id| format!("{id}-{copy}").into());
            frame.with_column(suffixed.into_column()).expect("same length");
            rows += frame.height();
            write_part(&out.join(format!("part-{part:05}.parquet")), &mut frame);
            part += 1;
        }
    }
    println!("{rows} rows in {part} files in {}", out.display());
}

fn write_part(path: &Path, frame: &mut DataFrame) {
    let file = File::create(path).expect("the part can be written");
    ParquetWriter::new(file).finish(frame).expect("the part is written");
}
