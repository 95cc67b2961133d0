//! Tests across charts: PNG output, sizes, determinism, a snapshot of a small SVG, and every
//! chart drawn from the demo workspace's real results through the engine.
#![allow(clippy::unwrap_used)]

use std::collections::BTreeMap;
use std::path::PathBuf;

use chrono::{DateTime, Datelike, Days};
use polars::prelude::*;
use refine_engine::config::Config;
use refine_engine::load::{LoadOptions, load_inputs};
use refine_engine::model::view::{History, Items, Sprints, Votes};
use refine_engine::model::{Table, items};
use refine_engine::velocity::SprintVelocity;
use refine_engine::{estimates, flow, forecast, score, velocity};

use super::test_support::Svg;
use super::*;
use crate::demo::demo_analyses;

const DAY_MS: i64 = 86_400_000;

fn small_velocity() -> VelocityChart {
    let sprint = |name: &str, committed, completed, mean| SprintVelocity {
        sprint: name.to_owned(),
        committed_points: Some(committed),
        completed_points: Some(completed),
        rolling_mean: Some(mean),
        ..SprintVelocity::default()
    };
    super::velocity(&[sprint("S1", 10.0, 8.0, 8.0), sprint("S2", 12.0, 12.0, 10.0)], 7)
}

/// The width and height of a PNG, and its colour type.
fn png_header(bytes: &[u8]) -> (u32, u32, png::ColorType) {
    let reader = png::Decoder::new(std::io::Cursor::new(bytes)).read_info().unwrap();
    let info = reader.info();
    (info.width, info.height, info.color_type)
}

#[test]
fn png_decodes_at_the_size_asked_for_and_svg_declares_it() {
    let size = Size { width: 640, height: 320 };
    let png = to_png(&small_velocity(), size).unwrap();
    assert_eq!(png_header(&png), (640, 320, png::ColorType::Rgb));
    let svg = to_svg(&small_velocity(), size).unwrap();
    let document = roxmltree::Document::parse(&svg).unwrap();
    let root = document.root_element();
    assert_eq!((root.attribute("width"), root.attribute("height")), (Some("640"), Some("320")));
    assert_eq!(render(&small_velocity(), ImageFormat::Png, size).unwrap(), png);
    assert_eq!(render(&small_velocity(), ImageFormat::Svg, size).unwrap(), svg.into_bytes());
}

#[test]
fn a_png_of_an_empty_chart_draws_its_text_with_the_embedded_font() {
    // Text in a bitmap needs a font: this panics inside plotters if none is available.
    let png = to_png(&super::backlog_age(&[]), Size::default()).unwrap();
    assert_eq!(png_header(&png).0, 800);
}

#[test]
fn the_same_chart_gives_the_same_bytes() {
    let chart = small_velocity();
    assert_eq!(to_svg(&chart, Size::default()).unwrap(), to_svg(&chart, Size::default()).unwrap());
    assert_eq!(to_png(&chart, Size::default()).unwrap(), to_png(&chart, Size::default()).unwrap());
}

#[test]
fn sizes_out_of_range_are_errors() {
    let zero = to_svg(&small_velocity(), Size { width: 0, height: 400 });
    assert!(matches!(zero, Err(ChartError::BadSize { width: 0, height: 400 })));
    let huge = to_png(&small_velocity(), Size { width: 100_000, height: 400 });
    assert!(matches!(huge, Err(ChartError::BadSize { .. })));
}

#[test]
fn small_velocity_svg() {
    insta::assert_snapshot!(to_svg(&small_velocity(), Size { width: 400, height: 240 }).unwrap());
}

/// The engine's results over the bundled demo workspace.
struct Demo {
    velocity: velocity::VelocityReport,
    forecast: forecast::ForecastReport,
    estimates: estimates::EstimatesReport,
    odi: score::OdiReport,
    ages: Vec<f64>,
    weeks: Vec<WeekFlow>,
    flow: flow::CumulativeFlow,
}

fn demo() -> Demo {
    let folder = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../datasets/demo");
    let workspace = load_inputs(&[folder], &LoadOptions::default()).unwrap();
    let config = Config::default();
    let as_of = workspace.latest_timestamp().unwrap();
    let (items_frame, history_frame) = (workspace.table(Table::Items), workspace.table(Table::History));
    let (sprints_frame, votes_frame) = (workspace.table(Table::Sprints), workspace.table(Table::Votes));
    let (items_view, history_view) =
        (Items::decode(&items_frame).unwrap(), History::decode(&history_frame).unwrap());
    let velocity = velocity::velocity(
        &Sprints::decode(&sprints_frame).unwrap(),
        &items_view,
        &history_view,
        &config.status,
        &config.velocity,
    )
    .unwrap();
    let completed: Vec<f64> = velocity.sprints.iter().filter_map(|sprint| sprint.completed_points).collect();
    let history = forecast::History { samples: &completed, period_days: 14.0, next_start: as_of + DAY_MS };
    let forecast = forecast::forecast_amount(&history, 150.0, &config.forecast).unwrap();
    let flow_report = flow::flow(&items_view, &history_view, &config.status, as_of, &config.flow).unwrap();
    let cycle_times: BTreeMap<String, f64> = estimates::cycle_times(&flow_report).unwrap_or_default();
    let estimates = estimates::estimates(
        &items_view,
        &history_view,
        &Votes::decode(&votes_frame).unwrap(),
        Some(&cycle_times),
        &config.estimates,
    )
    .unwrap();
    let survey_frame = workspace.table(Table::Survey);
    let survey = refine_engine::model::view::Survey::decode(&survey_frame).unwrap();
    let odi = score::opportunity_scores(&survey, &config.score.opportunity);
    Demo {
        velocity,
        forecast,
        estimates,
        odi,
        ages: open_item_ages(&items_frame, as_of),
        weeks: weekly_flow(&items_frame, &flow_report),
        flow: flow::cumulative_flow(&items_view, &history_view, &config.status, as_of, 120),
    }
}

/// Created instants of the items, and whether each is done.
fn created_and_done(items_frame: &DataFrame) -> Vec<(i64, bool)> {
    let created = items_frame.column(items::CREATED).unwrap().cast(&DataType::Int64).unwrap();
    let category = items_frame.column(items::STATUS_CATEGORY).unwrap().str().unwrap().clone();
    created
        .i64()
        .unwrap()
        .iter()
        .zip(category.iter())
        .filter_map(|(created, category)| Some((created?, category == Some("done"))))
        .collect()
}

fn open_item_ages(items_frame: &DataFrame, as_of: i64) -> Vec<f64> {
    created_and_done(items_frame)
        .into_iter()
        .filter(|(_, done)| !done)
        .map(|(created, _)| (as_of - created) as f64 / DAY_MS as f64)
        .collect()
}

/// Items created per ISO week (by its Monday) beside the flow's throughput.
fn weekly_flow(items_frame: &DataFrame, flow_report: &flow::FlowReport) -> Vec<WeekFlow> {
    let mut weeks: BTreeMap<String, (usize, usize)> = BTreeMap::new();
    for (created, _) in created_and_done(items_frame) {
        let day = DateTime::from_timestamp_millis(created).unwrap().date_naive();
        let monday =
            day.checked_sub_days(Days::new(u64::from(day.weekday().num_days_from_monday()))).unwrap();
        weeks.entry(monday.to_string()).or_default().0 += 1;
    }
    for week in &flow_report.throughput {
        weeks.entry(week.week_start.to_string()).or_default().1 += week.items;
    }
    weeks
        .into_iter()
        .map(|(week_start, (inflow, outflow))| WeekFlow { week_start, inflow, outflow })
        .collect()
}

/// Draws a chart in both formats and checks that it is not the "No data" panel.
fn draws(chart: &impl Chart) -> Svg {
    let text = to_svg(chart, Size::default()).unwrap();
    assert_eq!(png_header(&to_png(chart, Size::default()).unwrap()).0, 800);
    let svg = Svg::parse(&text);
    assert!(!svg.texts().iter().any(|text| text == "No data"), "{}", chart.title());
    svg
}

#[test]
fn every_chart_draws_the_demo_workspace() {
    let demo = demo();
    // datasets/README.md: twelve two-week sprints, all with a sprint report.
    assert_eq!(demo.velocity.sprints.len(), 12);
    let velocity = draws(&super::velocity(&demo.velocity.sprints, demo.velocity.window));
    assert_eq!(velocity.filled("rect", palette::PLANNED), 12 + 1);
    assert_eq!(velocity.filled("rect", palette::COMPLETED), 12 + 1);
    assert_eq!(velocity.filled("circle", palette::TREND), 12);
    velocity.assert_texts(&["Rolling mean of completed (last 7 sprints)"]);

    let forecast = draws(&super::forecast(&demo.forecast));
    let bars = demo.forecast.finish_histogram.len();
    assert!(bars >= 2, "a spread of finish periods");
    assert_eq!(forecast.filled("rect", palette::PLANNED), bars + 1);

    let buckets = demo.estimates.buckets.iter().filter(|bucket| bucket.median.is_some()).count();
    assert!(buckets >= 4, "the demo estimates on the Fibonacci deck 1-13");
    assert_eq!(draws(&estimate_vs_actual(&demo.estimates)).filled("rect", palette::COMPLETED), buckets + 1);

    let discussed = demo.estimates.items.iter().filter(|item| item.discuss).count().min(25);
    assert!(discussed > 0);
    assert_eq!(draws(&poker_spread(&demo.estimates)).stroked("polyline", palette::PLANNED), discussed + 1);

    // 12 outcomes, each with respondents.
    assert_eq!(draws(&opportunity_landscape(&demo.odi)).filled("circle", palette::BLUE), 12 + 1);

    assert!(demo.ages.len() > 200, "open items");
    draws(&backlog_age(&demo.ages));
    assert!(demo.weeks.len() > 40, "a year of weeks");
    draws(&inflow_outflow(&demo.weeks));

    let flow = draws(&super::cumulative_flow(&demo.flow));
    assert_eq!(flow.filled("polygon", palette::COMPLETED), 1);
    let last = demo.flow.days.last().unwrap();
    // datasets/README.md: 400 issues, 161 done; all created before the as-of date.
    assert_eq!(
        (last.date.as_str(), last.todo + last.in_progress + last.done, last.done),
        ("2026-11-13", 400, 161)
    );

    let parts = ["Detailed appropriately", "Estimated", "Emergent", "Prioritized"]
        .map(|name| ScorecardPart { name: name.to_owned(), score: Some(60.0) });
    draws(&deep_scorecard(&parts));
}

/// The SVG of `chart`, or a failure when drawing takes more than ten seconds (plotters' tick
/// loop never ends on an infinite axis; a test that hung would not say which chart).
fn svg_within_ten_seconds<C: Chart + Clone + Send + 'static>(chart: &C) -> String {
    let (sender, receiver) = std::sync::mpsc::channel();
    let chart = chart.clone();
    std::thread::spawn(move || sender.send(to_svg(&chart, Size::default()).unwrap()));
    receiver.recv_timeout(std::time::Duration::from_secs(10)).expect("the chart was drawn within 10 s")
}

#[test]
fn report_with_a_sprint_of_1e308_points_ends() {
    let sprint = |name: &str, completed: f64| SprintVelocity {
        sprint: name.to_owned(),
        committed_points: Some(20.0),
        completed_points: Some(completed),
        rolling_mean: Some(completed),
        ..SprintVelocity::default()
    };
    let chart = super::velocity(&[sprint("S1", 18.0), sprint("S2", 1.7e308)], 7);
    let svg = Svg::parse(&svg_within_ten_seconds(&chart));
    // 1.7e308 × 1.1 overflows, so the axis would end at 1.7e308 itself, which is refused.
    svg.assert_texts(&["Cannot draw: the vertical axis would run from 0 to 1.7e308"]);
    svg.assert_texts(&["Velocity: committed and completed points per sprint", "Committed"]);
    assert_eq!(svg.filled("rect", palette::COMPLETED), 1, "the legend swatch, no bars");
}

#[test]
fn a_poker_vote_of_1e308_ends_with_a_chart_that_says_it_cannot_draw() {
    let mut report = estimates::EstimatesReport {
        items: Vec::new(),
        estimators: Vec::new(),
        actual_source: "cycle_time_days".to_owned(),
        buckets: vec![estimates::BucketStats {
            estimate: 3.0,
            n: 2,
            median: Some(f64::MAX),
            p15: Some(1.0),
            p85: Some(f64::MAX),
            cv: None,
        }],
        correlations: Vec::new(),
        outliers: Vec::new(),
        re_estimated: Vec::new(),
        percentile_method: "nearest rank",
        warnings: Vec::new(),
    };
    let votes = [Some(3.0), Some(1.7e308)];
    let cards = votes.map(|vote| estimates::Card::Number(vote.unwrap()));
    let item = estimates::poker::round_stats("A-1", 1, &cards, &estimates::EstimatesSettings::default());
    report.items.push(estimates::PokerStats { discuss: true, ..item });
    let spread = Svg::parse(&svg_within_ten_seconds(&super::poker_spread(&report)));
    spread.assert_texts(&["Cannot draw: the horizontal axis would run from 0 to 1.7e308"]);
    let actual = Svg::parse(&svg_within_ten_seconds(&super::estimate_vs_actual(&report)));
    actual.assert_texts(&["Cannot draw: the vertical axis would run from 0 to 1.7976931348623157e308"]);
}

#[test]
fn a_backlog_a_billion_days_old_is_drawn_in_twenty_wide_bins() {
    let svg = Svg::parse(&svg_within_ten_seconds(&super::backlog_age(&[3.0, 1e9, f64::MAX])));
    // f64::MAX days: 20 bins of 9e306 days would reach the refused axis end.
    svg.assert_texts(&["Backlog age: open items by age"]);
    assert!(svg.texts().iter().any(|text| text.starts_with("Cannot draw: the horizontal axis")));
    let svg = Svg::parse(&svg_within_ten_seconds(&super::backlog_age(&[3.0, 1e9])));
    assert!(!svg.texts().iter().any(|text| text.starts_with("Cannot draw")), "1e9 days is drawable");
}

#[test]
fn axes_that_are_not_finite_reversed_or_beyond_a_trillion_are_not_drawable() {
    use super::layout::{AXIS_LIMIT, axis_top, is_drawable};
    assert!(is_drawable(&(0.0..AXIS_LIMIT)) && is_drawable(&(-0.5..0.5)));
    assert!(!is_drawable(&(0.0..f64::INFINITY)) && !is_drawable(&(f64::NAN..1.0)));
    assert!(!is_drawable(&(1.0..1.0)) && !is_drawable(&(2.0..1.0)) && !is_drawable(&(0.0..2e12)));
    assert_eq!(
        (axis_top([10.0]), axis_top([f64::MAX]), axis_top([]), axis_top([-3.0])),
        (11.0, f64::MAX, 1.0, 1.0)
    );
}

/// What a reader gets of a chart besides its drawing, and its SVG.
struct Reading {
    name: &'static str,
    title: String,
    description: String,
    how_to_read: String,
    svg: String,
}

fn reading(chart: &impl Chart) -> Reading {
    Reading {
        name: chart.name(),
        title: chart.title().to_owned(),
        description: chart.description(),
        how_to_read: chart.how_to_read(),
        svg: to_svg(chart, Size::default()).unwrap(),
    }
}

/// Every chart of the report, drawn from the demo workspace's analyses as the report runs them.
fn every_demo_chart() -> Vec<Reading> {
    let analyses = demo_analyses();
    let demo = demo();
    let flow = analyses.flow.as_ref().unwrap();
    let backlog = &analyses.forecast.as_ref().unwrap().report;
    let parts = ["Detailed appropriately", "Estimated", "Emergent", "Prioritized"]
        .map(|name| ScorecardPart { name: name.to_owned(), score: Some(60.0) });
    vec![
        reading(&super::velocity(&demo.velocity.sprints, demo.velocity.window)),
        reading(&super::forecast(&demo.forecast)),
        reading(&estimate_vs_actual(&demo.estimates)),
        reading(&poker_spread(&demo.estimates)),
        reading(&opportunity_landscape(&demo.odi)),
        reading(&backlog_age(&demo.ages)),
        reading(&inflow_outflow(&demo.weeks)),
        reading(&super::cumulative_flow(&demo.flow)),
        reading(&deep_scorecard(&parts)),
        reading(&cycle_time_scatter(flow)),
        reading(&aging_wip(flow)),
        reading(&backlog_forecast(backlog)),
        reading(&throughput_run_chart(&flow.throughput)),
    ]
}

#[test]
fn the_flow_and_backlog_charts_draw_the_demo_analyses() {
    let analyses = demo_analyses();
    let flow = analyses.flow.as_ref().unwrap();
    let worked = flow.finished.iter().filter(|item| item.cycle_time_days.is_some()).count();
    assert_eq!(worked, flow.cycle_time.count);
    assert!(worked > 50, "the demo's finished items were worked on");
    let scatter = draws(&cycle_time_scatter(flow));
    assert_eq!(scatter.filled("circle", palette::COMPLETED), worked + 1);
    for color in palette::PERCENTILES {
        assert_eq!(scatter.stroked("polyline", color), 2);
    }

    let aging = flow.aging.iter().filter(|item| item.age_days.is_some()).count();
    assert!(aging > 0, "the demo has work in progress");
    let chart = aging_wip(flow);
    let svg = draws(&chart);
    let p85 = flow.cycle_time.percentile(85.0).unwrap();
    let at_risk = flow.aging.iter().filter(|item| item.age_days.is_some_and(|age| age > p85)).count();
    assert_eq!(svg.filled("circle", palette::AT_RISK), at_risk + 1);
    assert_eq!(svg.filled("circle", palette::WIP_ITEM), aging - at_risk + 1);

    let backlog = &analyses.forecast.as_ref().unwrap().report;
    assert!(backlog.items.len() > 200, "the ranked backlog");
    let svg = draws(&backlog_forecast(backlog));
    for color in &palette::CONFIDENCE[..2] {
        assert!(svg.stroked("polyline", *color) >= 2, "a step line and its swatch");
    }

    let weeks = flow.throughput.iter().filter(|week| week.items > 0).count();
    assert_eq!(draws(&throughput_run_chart(&flow.throughput)).filled("rect", palette::COMPLETED), weeks + 1);
}

#[test]
fn every_chart_is_named_described_and_explained_for_its_readers() {
    let readings = every_demo_chart();
    let mut names: Vec<&str> = readings.iter().map(|reading| reading.name).collect();
    names.sort_unstable();
    names.dedup();
    assert_eq!(names.len(), 13, "names are unique");
    for reading in &readings {
        let document = roxmltree::Document::parse(&reading.svg).unwrap();
        let root = document.root_element();
        let (title_id, desc_id) =
            (format!("chart-{}-title", reading.name), format!("chart-{}-desc", reading.name));
        assert_eq!(root.attribute("role"), Some("img"), "{}", reading.name);
        assert_eq!(root.attribute("aria-labelledby"), Some(format!("{title_id} {desc_id}").as_str()));
        let by_id = |id: &str| document.descendants().find(|node| node.attribute("id") == Some(id)).unwrap();
        assert_eq!(by_id(&title_id).tag_name().name(), "title");
        assert_eq!(by_id(&title_id).text(), Some(reading.title.as_str()));
        assert_eq!(by_id(&desc_id).tag_name().name(), "desc");
        assert_eq!(by_id(&desc_id).text(), Some(reading.description.as_str()));
        assert!(
            reading.description.ends_with('.') && !reading.description.contains(". "),
            "{}",
            reading.description
        );
        // Two to four sentences: a full stop ends each (numbers like 9.5 have no space after).
        let sentences = reading.how_to_read.matches(". ").count() + 1;
        assert!((2..=4).contains(&sentences), "{}: {}", reading.name, reading.how_to_read);
        assert!(reading.how_to_read.ends_with('.'));
    }
}

#[test]
fn empty_charts_say_so_in_their_description() {
    let charts = [
        reading(&super::velocity(&[], 7)).description,
        reading(&opportunity_landscape(&refine_engine::score::odi::OdiReport {
            outcomes: Vec::new(),
            warnings: Vec::new(),
        }))
        .description,
        reading(&throughput_run_chart(&[])).description,
        reading(&inflow_outflow(&[])).description,
        reading(&backlog_age(&[])).description,
        reading(&deep_scorecard(&[])).description,
    ];
    assert_eq!(
        charts,
        [
            "No sprint to show.",
            "No outcome has survey answers.",
            "No week with finished items.",
            "No week to show.",
            "No open item has an age.",
            "No part of the scorecard has a score."
        ]
    );
}
