//! The engine's floors, checked from its `crate::` paths (ARCHITECTURE.md draws them):
//!
//! ```text
//! run        the orchestrator: wires analyses together (and `inspect`)
//! config     refine.toml, assembled from each analysis's settings
//! analyses   demand, score, rank, flow, velocity, estimates, forecast, health, agenda
//! load       tracker exports → canonical frames
//! model      the ground floor: canonical tables, typed views, dates, keys, text, stats
//! ```
//!
//! A file may use its own floor and the floors below it, with two limits: an analysis uses
//! another analysis only through the public names of its root module (its results and
//! settings, never a helper of a submodule), and the analyses' uses of each other form no
//! circle. Test code (`tests.rs` files and what follows `#[cfg(test)]`) is not checked.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

const ANALYSES: &[&str] =
    &["demand", "score", "rank", "flow", "velocity", "estimates", "forecast", "health", "agenda"];

/// The floors, bottom first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Floor {
    Model,
    Load,
    Analysis,
    Config,
    Run,
}

fn floor(module: &str) -> Option<Floor> {
    match module {
        "model" => Some(Floor::Model),
        "load" => Some(Floor::Load),
        _ if ANALYSES.contains(&module) => Some(Floor::Analysis),
        "config" => Some(Floor::Config),
        "run" | "inspect" => Some(Floor::Run),
        _ => None,
    }
}

/// One source file: its top module (the first folder or file under `src/`), and its code
/// without comments and without test code.
struct Source {
    path: String,
    module: String,
    code: String,
}

/// Every `crate::` path of `code`, as its segments (a `crate::{a::B, c::D}` group gives each).
fn crate_paths(code: &str) -> Vec<Vec<String>> {
    let mut paths = Vec::new();
    let mut rest = code;
    while let Some(at) = rest.find("crate::") {
        let preceded_by_word =
            rest[..at].chars().next_back().is_some_and(|c| c.is_alphanumeric() || c == '_' || c == '$');
        rest = &rest[at + "crate::".len()..];
        if preceded_by_word {
            continue;
        }
        expand(rest, Vec::new(), &mut paths);
    }
    paths
}

/// The paths starting at `text` (just after `prefix::`), braces expanded.
fn expand(text: &str, prefix: Vec<String>, paths: &mut Vec<Vec<String>>) {
    let text = text.trim_start();
    if let Some(group) = text.strip_prefix('{') {
        let mut depth = 1;
        let mut start = 0;
        for (index, character) in group.char_indices() {
            match character {
                '{' => depth += 1,
                '}' | ',' if depth == 1 => {
                    expand(&group[start..index], prefix.clone(), paths);
                    start = index + 1;
                    if character == '}' {
                        return;
                    }
                }
                '}' => depth -= 1,
                _ => {}
            }
        }
        return;
    }
    let name: String = text.chars().take_while(|c| c.is_alphanumeric() || *c == '_').collect();
    if name.is_empty() || name == "self" {
        if !prefix.is_empty() {
            paths.push(prefix);
        }
        return;
    }
    let mut path = prefix;
    path.push(name.clone());
    match text[name.len()..].strip_prefix("::") {
        Some(after) => expand(after, path, paths),
        None => paths.push(path),
    }
}

/// `text` without `//` comments (doc comments included) and without test code.
fn code_of(text: &str) -> String {
    let mut code = String::new();
    for line in text.lines() {
        if line.trim_start().starts_with("#[cfg(test)]") {
            break;
        }
        let line = match line.find("//") {
            Some(at) if !line[..at].contains('"') => &line[..at],
            _ => line,
        };
        code.push_str(line);
        code.push('\n');
    }
    code
}

fn sources(src: &Path) -> Vec<Source> {
    let mut files = Vec::new();
    collect(src, &mut files);
    files
        .into_iter()
        .filter(|path| path.file_name().is_some_and(|name| name != "tests.rs"))
        .filter_map(|path| {
            let relative = path.strip_prefix(src).ok()?.to_string_lossy().replace('\\', "/");
            let module = relative.split('/').next()?.trim_end_matches(".rs").to_owned();
            let code = code_of(&std::fs::read_to_string(&path).ok()?);
            Some(Source { path: relative, module, code })
        })
        .collect()
}

fn collect(folder: &Path, files: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(folder) else { return };
    let mut entries: Vec<PathBuf> = entries.flatten().map(|entry| entry.path()).collect();
    entries.sort();
    for path in entries {
        if path.is_dir() {
            if path.file_name().is_some_and(|name| name != "tests") {
                collect(&path, files);
            }
        } else if path.extension().is_some_and(|extension| extension == "rs") {
            files.push(path);
        }
    }
}

/// The public names of an analysis's root module (`src/<analysis>/mod.rs` or `.rs`).
fn root_names(src: &Path, analysis: &str) -> BTreeSet<String> {
    let text = std::fs::read_to_string(src.join(analysis).join("mod.rs"))
        .or_else(|_| std::fs::read_to_string(src.join(format!("{analysis}.rs"))))
        .unwrap_or_default();
    let code = code_of(&text);
    let mut names = BTreeSet::new();
    for line in code.lines().map(str::trim_start) {
        let Some(declaration) = line.strip_prefix("pub ") else { continue };
        let words: Vec<&str> = declaration.split(|c: char| !(c.is_alphanumeric() || c == '_')).collect();
        match words.first().copied() {
            Some("fn" | "struct" | "enum" | "type" | "const" | "trait" | "static" | "mod") => {
                if let Some(name) = words.get(1) {
                    names.insert((*name).to_owned());
                }
            }
            Some("use") => {
                for path in crate_paths(&format!(
                    "crate::{}",
                    declaration
                        .trim_start_matches("use ")
                        .trim_start_matches("self::")
                        .trim_start_matches("super::")
                        .trim_start_matches("crate::")
                )) {
                    if let Some(last) = path.last() {
                        names.insert(last.clone());
                    }
                }
            }
            _ => {}
        }
    }
    names
}

/// Every break of the floors' rules in `sources` (`src` is where the files are).
fn violations(src: &Path, sources: &[Source]) -> Vec<String> {
    let mut found = Vec::new();
    let mut analysis_uses: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    let mut roots: BTreeMap<&str, BTreeSet<String>> = BTreeMap::new();
    for source in sources {
        let Some(from) = floor(&source.module) else { continue };
        for path in crate_paths(&source.code) {
            let target = &path[0];
            if *target == source.module {
                continue;
            }
            let Some(to) = floor(target) else {
                found.push(format!("{}: uses crate::{}, which is on no floor", source.path, path.join("::")));
                continue;
            };
            if to > from {
                found.push(format!(
                    "{}: {:?} uses crate::{} of the {:?} floor above it",
                    source.path,
                    from,
                    path.join("::"),
                    to
                ));
            } else if from == Floor::Analysis && to == Floor::Analysis {
                analysis_uses.entry(source.module.clone()).or_default().insert(target.clone());
                let public = roots
                    .entry(ANALYSES.iter().find(|name| *name == target).unwrap())
                    .or_insert_with(|| root_names(src, target));
                let through_root =
                    path.len() == 2 && public.contains(&path[1]) && !is_submodule(src, target, &path[1]);
                if !through_root {
                    found.push(format!(
                        "{}: uses crate::{}, not a public name of the {} analysis's root module",
                        source.path,
                        path.join("::"),
                        target
                    ));
                }
            }
        }
    }
    if let Some(circle) = circle(&analysis_uses) {
        found.push(format!("the analyses use each other in a circle: {}", circle.join(" → ")));
    }
    found
}

fn is_submodule(src: &Path, analysis: &str, name: &str) -> bool {
    let folder = src.join(analysis);
    folder.join(format!("{name}.rs")).exists() || folder.join(name).is_dir()
}

/// A circle in `uses`, as the modules along it (the first repeated at the end).
fn circle(uses: &BTreeMap<String, BTreeSet<String>>) -> Option<Vec<String>> {
    fn visit(
        node: &str,
        uses: &BTreeMap<String, BTreeSet<String>>,
        stack: &mut Vec<String>,
        done: &mut BTreeSet<String>,
    ) -> Option<Vec<String>> {
        if let Some(at) = stack.iter().position(|on| on == node) {
            let mut circle = stack[at..].to_vec();
            circle.push(node.to_owned());
            return Some(circle);
        }
        if done.contains(node) {
            return None;
        }
        stack.push(node.to_owned());
        for next in uses.get(node).into_iter().flatten() {
            if let Some(circle) = visit(next, uses, stack, done) {
                return Some(circle);
            }
        }
        stack.pop();
        done.insert(node.to_owned());
        None
    }
    let mut done = BTreeSet::new();
    uses.keys().find_map(|node| visit(node, uses, &mut Vec::new(), &mut done))
}

#[test]
fn every_floor_uses_only_the_floors_below_it() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let sources = sources(&src);
    assert!(sources.len() > 50, "the engine's sources were not found in {}", src.display());
    let found = violations(&src, &sources);
    assert!(found.is_empty(), "{} uses break the floors:\n{}", found.len(), found.join("\n"));
}

#[test]
fn every_top_module_is_on_a_floor() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let modules: BTreeSet<String> =
        sources(&src).into_iter().map(|source| source.module).filter(|module| module != "lib").collect();
    let homeless: Vec<&String> = modules.iter().filter(|module| floor(module).is_none()).collect();
    assert!(homeless.is_empty(), "modules on no floor: {homeless:?}");
}

mod the_checker {
    //! The checker on made-up sources, so that it is known to find what it looks for.

    use super::*;

    fn source(path: &str, code: &str) -> Source {
        let module = path.split('/').next().unwrap().trim_end_matches(".rs").to_owned();
        Source { path: path.to_owned(), module, code: code_of(code) }
    }

    fn check(files: &[(&str, &str)]) -> Vec<String> {
        let sources: Vec<Source> = files.iter().map(|(path, code)| source(path, code)).collect();
        violations(Path::new("/nonexistent"), &sources)
    }

    #[test]
    fn paths_are_read_from_groups_and_nested_groups() {
        let paths =
            crate_paths("use crate::model::{Table, view::{Items, Links}};\nlet x = crate::stats::mean(1);");
        let joined: Vec<String> = paths.iter().map(|path| path.join("::")).collect();
        assert_eq!(joined, ["model::Table", "model::view::Items", "model::view::Links", "stats::mean"]);
        assert!(crate_paths("use refine_crate::x;").is_empty());
    }

    #[test]
    fn the_ground_floor_using_a_loader_or_an_analysis_is_found() {
        let found = check(&[("model/dates.rs", "use crate::load::Workspace;\nuse crate::flow::Flows;")]);
        assert_eq!(found.len(), 2, "{found:?}");
        assert!(found[0].contains("model/dates.rs") && found[0].contains("crate::load::Workspace"));
    }

    #[test]
    fn a_loader_using_config_or_an_analysis_is_found() {
        let found = check(&[("load/jira_csv.rs", "use crate::config::Config;\nuse crate::model::Table;")]);
        assert_eq!(found.len(), 1, "{found:?}");
        assert!(found[0].contains("crate::config::Config"));
    }

    #[test]
    fn an_analysis_using_a_helper_of_another_is_found_and_test_code_is_not_read() {
        let found = check(&[(
            "health/duplicates.rs",
            "use crate::demand::text_match::tokens;\n#[cfg(test)]\nmod tests { use crate::flow::test_frames; }",
        )]);
        assert_eq!(found.len(), 1, "{found:?}");
        assert!(found[0].contains("crate::demand::text_match::tokens"));
    }

    #[test]
    fn analyses_using_each_other_in_a_circle_are_found() {
        let found = check(&[
            ("forecast/mod.rs", "use crate::velocity::VelocityReport;"),
            ("velocity/mod.rs", "use crate::forecast::ForecastReport;"),
        ]);
        assert!(
            found.iter().any(|line| line.contains("circle: forecast → velocity → forecast")),
            "{found:?}"
        );
    }

    #[test]
    fn comments_do_not_count() {
        assert!(
            check(&[("model/mod.rs", "//! See [`crate::load::Workspace`].\nfn f() {} // crate::flow")])
                .is_empty()
        );
    }
}
