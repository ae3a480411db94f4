//! `kefu check [DIR] [--lint]`: validate a script pack before it goes live.
//!
//! Validation is the same `script::load_dir` the running bot uses when it
//! reloads edited scripts, so a pack `check` accepts is a pack the bot takes.
//! `--lint` adds wording warnings (see `script::lint`); they fail the command
//! only with `--deny-warnings`, for CI gates.

use super::EXIT_INVALID;
use crate::script::{self, lint};
use std::path::Path;

/// What `check` does beyond validation.
#[derive(Debug, Clone, Default)]
pub struct CheckOptions {
    /// Lint the wording too, with these options.
    pub lint: Option<lint::LintOptions>,
    /// Warnings make the command fail (exit 1).
    pub deny_warnings: bool,
}

/// Validates the pack in `dir`.
pub fn run(dir: &Path) -> i32 {
    run_with(dir, &CheckOptions::default())
}

/// Prints every problem with file:line; exit 0 when the pack is clean
/// (warnings allowed unless `deny_warnings`).
pub fn run_with(dir: &Path, options: &CheckOptions) -> i32 {
    match script::load_dir(dir) {
        Ok(scripts) => {
            println!("{}: ok — {}", dir.display(), scripts.summary());
            let Some(lint_options) = &options.lint else {
                return 0;
            };
            let warnings = lint::lint_dir(dir, &scripts, lint_options);
            for warning in &warnings {
                println!("warning: {warning}");
            }
            println!(
                "{}: {} lint warning{}",
                dir.display(),
                warnings.len(),
                if warnings.len() == 1 { "" } else { "s" }
            );
            if options.deny_warnings && !warnings.is_empty() {
                EXIT_INVALID
            } else {
                0
            }
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
