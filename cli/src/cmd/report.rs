//! `refine report [INPUT...] [-o DIR]`: every analysis at once, independent ones in parallel,
//! into one folder: index.html, report.md, a CSV and a JSON file per table, the charts, and
//! the manifest refine-report.json. With no INPUT it runs on the bundled demo workspace.

use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Instant;

use anyhow::{Context, bail};
use refine_engine::model::dates::iso;
use refine_engine::run::{PrioritizeOptions, Stage, analyse};
use refine_reports::report::sections::{ChartChoice, add_charts, sections};
use refine_reports::report::{MANIFEST, ReportContext, ReportOptions, render_report};

use crate::args::{GlobalArgs, ReportArgs, ReportFormat};
use crate::folder::{StagedFolder, refuse_replacing_inputs};
use crate::inputs::read_inputs;
use crate::output::{print_error_line, print_line};
use crate::previous::read_previous_ranking;
use crate::progress::{Progress, peak_memory, timing_lines};
use crate::settings::{given_as_of, input_names, load_options};

/// The demo workspace as the user would name it, and where it is in this source tree.
const DEMO_NAME: &str = "datasets/demo";
const DEMO_PATH: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../datasets/demo");

/// Stages outside the engine's analyses: loading, the tables (every section's rows as cells),
/// charts, rendering (each file written into a temporary folder as it is rendered), writing
/// (the folder renamed into place).
const OWN_STAGES: usize = 5;

/// Runs `refine report`.
pub fn run(global: &GlobalArgs, args: ReportArgs) -> anyhow::Result<ExitCode> {
    let clock = Instant::now();
    if args.output == Path::new("-") {
        bail!(
            "-o -: a report is a folder of files (index.html, report.md, tables, charts) and cannot \
             go to stdout; give a folder with -o DIR, or use a command's --format for one document"
        );
    }
    let mut options = load_options(global)?;
    options.load.feedback_in_batches = true;
    let (inputs, names) = inputs(&args.inputs)?;
    refuse_replacing_inputs(&args.output, &inputs)?;
    let inputs = read_inputs(&inputs)?;
    let previous = args.previous.as_deref().map(read_previous_ranking).transpose()?;
    let progress = Progress::new(Stage::ALL.len() + OWN_STAGES);

    let workspace = progress.stage("load", || inputs.load(&options.load))?;
    let given_as_of = given_as_of(&args.as_of, &workspace)?;
    let prioritize = PrioritizeOptions { previous, ..PrioritizeOptions::default() };
    let analyses = analyse(&workspace, &options.config, given_as_of, &prioritize, &progress)
        .map_err(|error| inputs.named_error(error))?;
    inputs.note_streamed_problems(&analyses.prioritization.streamed_files);
    let report_options = report_options(&args);
    let context =
        ReportContext { as_of: analyses.as_of.and_then(iso), inputs: names, max_rows: args.max_rows };
    let mut sections = progress.stage("tables", || sections(&analyses));
    let charts = match (args.no_charts, args.png) {
        (true, _) => ChartChoice::None,
        (false, false) => ChartChoice::Svg,
        (false, true) => ChartChoice::SvgAndPng,
    };
    progress.stage("charts", || add_charts(&mut sections, &analyses, charts));
    // Rendering writes each file into the temporary folder as it goes; writing renames the
    // folder into place.
    let folder = progress.stage("render", || {
        let folder = StagedFolder::new(&args.output)?;
        render_report(&analyses, &sections, &context, &report_options, &folder)?;
        anyhow::Ok(folder)
    })?;
    progress.stage("write", || folder.commit())?;

    let timings = progress.finish_all();
    if args.timings {
        for line in timing_lines(&timings, clock.elapsed(), peak_memory()) {
            print_error_line(&line);
        }
    }
    let main_file = if report_options.html { "index.html" } else { MANIFEST };
    print_line(&args.output.join(main_file).display().to_string());
    Ok(ExitCode::SUCCESS)
}

/// The inputs to load and their names in the report: the given ones, or the demo workspace.
fn inputs(given: &[PathBuf]) -> anyhow::Result<(Vec<PathBuf>, Vec<String>)> {
    if !given.is_empty() {
        return Ok((given.to_vec(), input_names(given)));
    }
    let demo = [Path::new(DEMO_NAME), Path::new(DEMO_PATH)]
        .into_iter()
        .find(|path| path.is_dir())
        .with_context(|| format!("no INPUT given and the bundled demo workspace is not at {DEMO_PATH}"))?;
    Ok((vec![demo.to_path_buf()], vec![DEMO_NAME.to_owned()]))
}

fn report_options(args: &ReportArgs) -> ReportOptions {
    let wanted = |format| args.format.is_empty() || args.format.contains(&format);
    ReportOptions {
        html: wanted(ReportFormat::Html),
        markdown: wanted(ReportFormat::Md),
        csv: wanted(ReportFormat::Csv),
        json: wanted(ReportFormat::Json),
    }
}
