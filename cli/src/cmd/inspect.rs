//! `refine inspect INPUT...`: what refine makes of each file. A file that fails to load is
//! reported beside the others and makes the exit code 1.

use std::collections::BTreeMap;
use std::process::ExitCode;

use rayon::prelude::*;
use refine_engine::inspect::inspect;
use refine_engine::load::{LoadOptions, expand_inputs};
use refine_reports::inspect::{render_json, render_table};

use crate::args::{GlobalArgs, InspectArgs, InspectFormat};
use crate::inputs::read_inputs;
use crate::output::{refuse_overwriting_inputs, write_output};
use crate::settings::{input_names, load_options};

/// Runs `refine inspect`.
pub fn run(global: &GlobalArgs, args: InspectArgs) -> anyhow::Result<ExitCode> {
    // What a file holds, every column of it: not only what the analyses read.
    let options = LoadOptions { columns_read: BTreeMap::new(), ..load_options(global)?.load };
    let inputs = read_inputs(&args.inputs)?;
    let paths = expand_inputs(&inputs.paths)?;
    let results = paths.into_par_iter().map(|path| {
        let result = inputs.load_file(&path, &options);
        (inputs.named_path(&path), result)
    });
    let mut report = inspect(results.collect());
    for file in &mut report.files {
        file.error = file.error.take().map(|message| inputs.named_message(message));
    }
    let bytes = match args.format {
        InspectFormat::Table => render_table(&report).into_bytes(),
        InspectFormat::Json => render_json(&report, &input_names(&args.inputs)),
    };
    refuse_overwriting_inputs(args.output.as_deref(), &args.inputs)?;
    write_output(args.output.as_deref(), &bytes)?;
    Ok(if report.has_errors() { ExitCode::FAILURE } else { ExitCode::SUCCESS })
}
