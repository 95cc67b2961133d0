//! `refine inspect INPUT...`: what refine makes of each file. A file that fails to load is
//! reported beside the others and makes the exit code 1.

use std::collections::BTreeMap;
use std::process::ExitCode;

use rayon::prelude::*;
use refine_engine::inspect::inspect;
use refine_engine::load::{LoadOptions, expand_inputs, load_file};
use refine_reports::inspect::{render_json, render_table};

use crate::args::{GlobalArgs, InspectArgs, InspectFormat};
use crate::output::write_output;
use crate::settings::{input_names, load_options};

/// Runs `refine inspect`.
pub fn run(global: &GlobalArgs, args: InspectArgs) -> anyhow::Result<ExitCode> {
    // What a file holds, every column of it: not only what the analyses read.
    let options = LoadOptions { columns_read: BTreeMap::new(), ..load_options(global)? };
    let paths = expand_inputs(&args.inputs)?;
    let results = paths.into_par_iter().map(|path| {
        let result = load_file(&path, &options);
        (path, result)
    });
    let report = inspect(results.collect());
    let bytes = match args.format {
        InspectFormat::Table => render_table(&report).into_bytes(),
        InspectFormat::Json => render_json(&report, &input_names(&args.inputs)),
    };
    write_output(args.output.as_deref(), &bytes)?;
    Ok(if report.has_errors() { ExitCode::FAILURE } else { ExitCode::SUCCESS })
}
