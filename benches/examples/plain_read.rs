//! Reads CSV files with polars' defaults, as the benches' `polars_plain_read` does, keeps every
//! frame until the end and prints each file's rows: the baseline of the whole-CLI timings in
//! BENCHMARKS.md, run as its own process like `refine` is.
//!
//! `cargo run --release -p refine-benches --example plain_read -- FILE...`

use std::path::Path;

use refine_benches::polars_plain_read;

/// The allocator of the `refine` binary, so that both processes allocate alike.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() {
    let paths: Vec<_> = std::env::args_os().skip(1).collect();
    if paths.is_empty() {
        eprintln!("usage: plain_read FILE...");
        std::process::exit(2);
    }
    let frames: Vec<_> = paths.iter().map(|path| polars_plain_read(Path::new(path))).collect();
    for (path, frame) in paths.iter().zip(&frames) {
        println!("{}: {} rows", path.to_string_lossy(), frame.height());
    }
}
