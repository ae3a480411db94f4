//! `kefu check [DIR] [--lint]`: validate a script pack before it goes live.
//!
//! Validation is the same `script::load_dir` the running bot uses when it
//! reloads edited scripts, so a pack `check` accepts is a pack the bot takes.
//! `--lint` adds wording warnings (see `script::lint`); they fail the command
//! only with `--deny-warnings`, for CI gates.
//!
//! Each problem is one `file:line:column: reason` line, which editors and
//! CI logs link to the place, followed by that line of the file with a
//! caret under the column, as compilers show it: in a line of Chinese a
//! column is hard to count by eye, and a full-width comma looks like a
//! half-width one.

use super::EXIT_INVALID;
use crate::script::{self, lint, Location};
use std::collections::HashMap;
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
            let mut files = Files::default();
            for warning in &warnings {
                println!("warning: {warning}");
                print!("{}", files.excerpt(&warning.at));
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
            let mut files = Files::default();
            for error in &errors.0 {
                println!("{error}");
                print!("{}", files.excerpt(&error.at));
            }
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

/// The script files read again for their lines, each once.
#[derive(Default)]
struct Files(HashMap<String, Option<String>>);

impl Files {
    /// The line `at` points into and a caret under its column, each line
    /// indented with `  | `; nothing for a place without a column, or a
    /// file that cannot be read (it was just read, so that is rare, and
    /// the problem's own line says what it has to say).
    fn excerpt(&mut self, at: &Location) -> String {
        if at.line == 0 || at.column == 0 {
            return String::new();
        }
        let text = self
            .0
            .entry(at.file.clone())
            .or_insert_with(|| std::fs::read_to_string(&at.file).ok());
        let Some(line) = text.as_deref().and_then(|t| {
            let t = t.strip_prefix('\u{feff}').unwrap_or(t);
            t.split('\n').nth(at.line - 1)
        }) else {
            return String::new();
        };
        let line = line.strip_suffix('\r').unwrap_or(line);
        format!("  | {line}\n  | {}^\n", pad(line, at.column))
    }
}

/// The blank that puts a caret under character `column` (1-based) of
/// `line` in a terminal: a tab where the line has one, two spaces for a
/// character a terminal shows two cells wide (Chinese, full-width forms).
fn pad(line: &str, column: usize) -> String {
    let mut pad = String::new();
    for c in line.chars().take(column.saturating_sub(1)) {
        match c {
            '\t' => pad.push('\t'),
            c if is_wide(c) => pad.push_str("  "),
            _ => pad.push(' '),
        }
    }
    pad
}

/// Characters terminals show two cells wide: the East Asian wide and
/// full-width blocks a script file holds (Han, kana, Hangul, CJK and
/// full-width punctuation) and emoji.
fn is_wide(c: char) -> bool {
    matches!(c,
        '\u{1100}'..='\u{115F}'
        | '\u{2E80}'..='\u{303E}'
        | '\u{3041}'..='\u{33FF}'
        | '\u{3400}'..='\u{4DBF}'
        | '\u{4E00}'..='\u{9FFF}'
        | '\u{A000}'..='\u{A4CF}'
        | '\u{AC00}'..='\u{D7A3}'
        | '\u{F900}'..='\u{FAFF}'
        | '\u{FE30}'..='\u{FE4F}'
        | '\u{FF00}'..='\u{FF60}'
        | '\u{FFE0}'..='\u{FFE6}'
        | '\u{1F300}'..='\u{1F64F}'
        | '\u{1F900}'..='\u{1F9FF}'
        | '\u{20000}'..='\u{3FFFD}')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_caret_sits_under_the_column_in_terminal_cells() {
        // `，` is the 17th character, after 16 of which 2 are wide.
        let line = "couriers = [\"中通\"，\"韵达\"]";
        assert_eq!(pad(line, 17).len(), 18);
        assert_eq!(pad("\tx = 1", 2), "\t");
        assert_eq!(pad("x", 1), "");
        // A column past the line's end (a line break) stops at its end.
        assert_eq!(pad("ab", 9), "  ");
    }

    #[test]
    fn an_excerpt_shows_the_line_with_a_caret() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("shop.toml");
        std::fs::write(&path, "[shop]\r\nname = \"店\"，\r\n").unwrap();
        let at = |line, column| Location {
            file: path.display().to_string(),
            line,
            column,
        };
        let mut files = Files::default();
        assert_eq!(
            files.excerpt(&at(2, 11)),
            "  | name = \"店\"，\n  |            ^\n"
        );
        assert_eq!(files.excerpt(&at(2, 0)), "");
        assert_eq!(files.excerpt(&at(9, 1)), "", "no such line");
        let gone = Location {
            file: dir.path().join("gone.toml").display().to_string(),
            line: 1,
            column: 1,
        };
        assert_eq!(files.excerpt(&gone), "");
    }
}
