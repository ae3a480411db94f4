//! `kefu check [DIR]`: validate a script pack before it goes live.

use super::EXIT_INVALID;
use crate::script;
use std::path::Path;

/// Prints every problem with file:line; exit 0 when the pack is clean.
pub fn run(dir: &Path) -> i32 {
    match script::load_dir(dir) {
        Ok(scripts) => {
            println!(
                "{}: ok — {} intents, {} reply sets, {} items, {} size charts",
                dir.display(),
                scripts.intents.len(),
                scripts.replies.sets.len(),
                scripts.catalog.items.len(),
                scripts.catalog.size_charts.len()
            );
            0
        }
        Err(errors) => {
            println!("{errors}");
            println!(
                "{}: {} problem{}",
                dir.display(),
                errors.0.len(),
                if errors.0.len() == 1 { "" } else { "s" }
            );
            EXIT_INVALID
        }
    }
}
