//! `kefu eval FILE.jsonl` and `kefu mine FILE`: measure and improve a script
//! pack on labelled chats.

use super::{EXIT_FAILURE, EXIT_INVALID};
use crate::script::Scripts;
use crate::tuning::{eval, mine};
use std::path::{Path, PathBuf};

/// Scores `scripts` on the labelled `file`; with `against` (a pack and
/// where it was read from), also lists what the two packs read differently.
pub fn run_eval(
    scripts: &Scripts,
    file: &Path,
    json: bool,
    misses: usize,
    against: Option<&(Scripts, PathBuf)>,
) -> i32 {
    let data = match eval::read_labelled(file) {
        Ok(d) => d,
        Err(e) => {
            eprintln!("{e}");
            return EXIT_INVALID;
        }
    };
    // A label may be an intent of either pack: a draft may drop one.
    let intents = scripts.intents.iter().map(String::as_str);
    let theirs = against.into_iter().flat_map(|(o, _)| o.intents.iter());
    if let Err(e) = eval::check_labels(&data, file, intents.chain(theirs.map(String::as_str))) {
        eprintln!("{e}");
        return EXIT_INVALID;
    }
    let report = eval::evaluate_pack(scripts, &data);
    let comparison = against.map(|(other, dir)| {
        let c = eval::compare_packs(other, scripts, &data);
        (c, dir.display().to_string())
    });
    if json {
        let value = match &comparison {
            None => serde_json::to_value(&report),
            Some((c, dir)) => serde_json::to_value(&report).map(|mut v| {
                v["against"] = serde_json::json!({ "dir": dir, "comparison": c });
                v
            }),
        };
        match value.and_then(|v| serde_json::to_string_pretty(&v)) {
            Ok(s) => println!("{s}"),
            Err(e) => {
                eprintln!("cannot encode the report: {e}");
                return EXIT_FAILURE;
            }
        }
    } else {
        print!("{}", eval::render_table(&report, misses));
        if let Some((c, dir)) = &comparison {
            print!("\n{}", eval::render_comparison(c, dir));
        }
    }
    0
}

/// Reads plain lines, or JSONL objects with `text` (and `labels`).
pub fn run_mine(scripts: &Scripts, file: &Path, min_count: usize, limit: usize, json: bool) -> i32 {
    let text = match std::fs::read_to_string(file) {
        Ok(t) => t,
        Err(e) => {
            eprintln!("{}: {e}", file.display());
            return EXIT_INVALID;
        }
    };
    let mut rows: Vec<(String, Option<String>)> = Vec::new();
    for (i, line) in text.lines().enumerate() {
        let line = line.trim();
        if line.is_empty() {
            continue;
        }
        if line.starts_with('{') {
            match serde_json::from_str::<eval::Labelled>(line) {
                Ok(l) => rows.push((l.text, l.labels.into_iter().next())),
                Err(e) => {
                    eprintln!("{}:{}: {e}", file.display(), i + 1);
                    return EXIT_INVALID;
                }
            }
        } else {
            rows.push((line.to_string(), None));
        }
    }
    let samples: Vec<mine::Sample> = rows
        .iter()
        .map(|(t, l)| mine::Sample {
            text: t,
            label: l.as_deref(),
        })
        .collect();
    let candidates = mine::mine(&scripts.classifier, &samples, min_count, limit);
    if json {
        println!(
            "{}",
            serde_json::to_string_pretty(&candidates).unwrap_or_default()
        );
    } else {
        println!("{:>5}  {:<10} {:<16} example", "count", "ngram", "label");
        for c in &candidates {
            println!(
                "{:>5}  {:<10} {:<16} {}",
                c.count,
                c.ngram,
                c.label.as_deref().unwrap_or("-"),
                c.example
            );
        }
    }
    0
}
