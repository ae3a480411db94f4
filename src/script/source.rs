//! Where things are in script files, and the list of problems found there.
//!
//! TOML hands out byte spans; supervisors read `file:line:column`, as
//! editors and compilers print them. [`Sources`] turns one into the other.
//! [`Problems`] collects every error of a load so that the supervisor sees
//! the whole batch at once, in file and line order.

use super::{Location, ScriptError, ScriptErrors};
use serde_spanned::Spanned;
use std::ops::Range;

/// The files of one load: their names, their text, and where their lines
/// start.
///
/// The text is kept so that a column can be counted in characters: a byte
/// offset into a line of Chinese is three times the column an editor shows.
/// A pack is a few hundred kilobytes, read once a load.
#[derive(Debug, Default)]
pub struct Sources {
    /// What the pack is called in errors that concern no single file: the
    /// directory, or a placeholder for packs from memory.
    pub label: String,
    names: Vec<String>,
    texts: Vec<String>,
    line_starts: Vec<Vec<usize>>,
}

impl Sources {
    pub fn new(label: impl Into<String>) -> Sources {
        Sources {
            label: label.into(),
            ..Sources::default()
        }
    }

    /// Registers a file and returns its index. `text` is the text the spans
    /// refer to (after the BOM is stripped); `\r\n` endings count as one line
    /// break because only `\n` is counted.
    pub fn add(&mut self, name: impl Into<String>, text: &str) -> usize {
        let mut starts = vec![0];
        starts.extend(text.match_indices('\n').map(|(i, _)| i + 1));
        self.names.push(name.into());
        self.texts.push(text.to_string());
        self.line_starts.push(starts);
        self.names.len() - 1
    }

    /// The 1-based line and column of byte `offset` of `file`. The column
    /// counts characters, as editors do, so a Chinese character is one and
    /// a tab is one; an offset inside a character counts as that character.
    pub fn at(&self, file: usize, offset: usize) -> Location {
        let text = &self.texts[file];
        let mut offset = offset.min(text.len());
        while !text.is_char_boundary(offset) {
            offset -= 1;
        }
        let starts = &self.line_starts[file];
        let line = starts.partition_point(|&start| start <= offset).max(1);
        let start = starts[line - 1].min(offset);
        Location {
            file: self.names[file].clone(),
            line,
            column: text[start..offset].chars().count() + 1,
        }
    }

    /// Where `span` of `file` starts: for a value, its first character (the
    /// opening quote of a string), which is where an editor puts the cursor
    /// for a mistake in the value as a whole.
    pub fn at_span(&self, file: usize, span: Range<usize>) -> Location {
        self.at(file, span.start)
    }

    pub fn of<T>(&self, file: usize, value: &Spanned<T>) -> Location {
        self.at_span(file, value.span())
    }

    /// Where byte `offset` of the string `value` is, the string being
    /// written at `span` of `file` (alone, or as a string of the inline
    /// table at `span`: `{ re = '…', weight = 2 }`): the character at fault
    /// inside a pattern, say. Only when the file holds `value` as it is,
    /// in a literal string or a basic one without escapes; an escape (`\\`
    /// written for `\`) shifts every position after it, so then the start of
    /// the value is the honest answer.
    pub fn inside(&self, file: usize, span: Range<usize>, value: &str, offset: usize) -> Location {
        match self.value_start(file, span.clone(), value) {
            Some(start) if offset <= value.len() => self.at(file, start + offset),
            _ => self.at_span(file, span),
        }
    }

    /// The byte where `value`'s characters start in the file, if `span`
    /// holds it written as it is.
    fn value_start(&self, file: usize, span: Range<usize>, value: &str) -> Option<usize> {
        let raw = self.texts[file].get(span.clone())?;
        for quote in ["'''", "\"\"\"", "'", "\""] {
            let Some(inner) = raw
                .strip_prefix(quote)
                .and_then(|rest| rest.strip_suffix(quote))
            else {
                continue;
            };
            // A multi-line string drops a line break right after its
            // opening quotes.
            let mut skip = 0;
            if quote.len() == 3 {
                skip = ["\r\n", "\n"]
                    .iter()
                    .find(|nl| inner.starts_with(*nl))
                    .map_or(0, |nl| nl.len());
            }
            return (&inner[skip..] == value).then_some(span.start + quote.len() + skip);
        }
        if raw.starts_with('{') {
            for quote in ['\'', '"'] {
                let written = format!("{quote}{value}{quote}");
                if let Some(i) = raw.find(&written) {
                    return Some(span.start + i + 1);
                }
            }
        }
        None
    }

    /// For problems of the pack as a whole (no intents, no shop): line 0
    /// says "no particular line".
    pub fn whole(&self) -> Location {
        Location {
            file: self.label.clone(),
            line: 0,
            column: 0,
        }
    }
}

/// Every problem of one load.
#[derive(Debug, Default)]
pub struct Problems {
    list: Vec<ScriptError>,
    /// Syntax errors, listed before everything else: while a file does not
    /// parse, what the other files say about it may be its echo, and the
    /// try page quotes only the first problem.
    syntax: Vec<ScriptError>,
}

impl Problems {
    /// A file that does not parse.
    pub fn push_syntax(&mut self, at: Location, message: impl Into<String>) {
        self.syntax.push(ScriptError {
            at,
            message: message.into(),
        });
    }

    pub fn push(&mut self, at: Location, message: impl Into<String>) {
        self.list.push(ScriptError {
            at,
            message: message.into(),
        });
    }

    /// How many problems so far; comparing counts tells whether a check
    /// found anything.
    pub fn len(&self) -> usize {
        self.list.len() + self.syntax.len()
    }

    /// `Err` with every problem, sorted by file and line, or `Ok(())`.
    pub fn finish(self) -> Result<(), ScriptErrors> {
        if self.len() == 0 {
            Ok(())
        } else {
            Err(self.into_errors())
        }
    }

    /// Every problem: syntax errors first, then the rest, each sorted by
    /// file and line (stable, so problems on one line keep the order they
    /// were found in).
    pub fn into_errors(mut self) -> ScriptErrors {
        let by_place = |a: &ScriptError, b: &ScriptError| {
            (&a.at.file, a.at.line).cmp(&(&b.at.file, b.at.line))
        };
        self.syntax.sort_by(by_place);
        self.list.sort_by(by_place);
        self.syntax.append(&mut self.list);
        ScriptErrors(self.syntax)
    }
}

/// A load that fails on one problem before anything else can be checked.
pub fn one_error(at: Location, message: impl Into<String>) -> ScriptErrors {
    ScriptErrors(vec![ScriptError {
        at,
        message: message.into(),
    }])
}

/// A weight as the matcher will use it: positive and finite even as `f32`.
pub fn check_weight(weight: f64) -> Result<f32, String> {
    let narrow = weight as f32;
    if weight > 0.0 && narrow.is_finite() && narrow > 0.0 {
        Ok(narrow)
    } else {
        Err(format!("weight must be a positive number, got {weight}"))
    }
}

/// `a`, `b`, `c` — for lists of valid choices in messages.
pub fn quoted_list<'a>(items: impl IntoIterator<Item = &'a str>) -> String {
    items
        .into_iter()
        .map(|s| format!("`{s}`"))
        .collect::<Vec<_>>()
        .join(", ")
}

/// `did you mean `x`?` with the known name closest to a misspelt `name`, or
/// `None` when none is close: a typo (`itme`, `shiping`, `consultng`) is
/// usually a letter or two off, and the full list is long to read.
pub fn did_you_mean<'a>(name: &str, known: impl IntoIterator<Item = &'a str>) -> Option<String> {
    closest(name, known).map(|k| format!("did you mean `{k}`?"))
}

/// `; did you mean `x`?`, to close an error's own words in parentheses, or
/// nothing when no known name is close.
pub fn hint<'a>(name: &str, known: impl IntoIterator<Item = &'a str>) -> String {
    did_you_mean(name, known)
        .map(|h| format!("; {h}"))
        .unwrap_or_default()
}

/// The error for a name that is not one of `known`: `{what} `name`: did you
/// mean `x`?` when one is close, else `{what} `name` (listing)`, the full
/// list being worth reading only when no single name is the likely one.
pub fn unknown<'a>(
    what: &str,
    name: &str,
    known: impl IntoIterator<Item = &'a str>,
    listing: impl FnOnce() -> String,
) -> String {
    match did_you_mean(name, known) {
        Some(hint) => format!("{what} `{name}`: {hint}"),
        None => format!("{what} `{name}` ({})", listing()),
    }
}

/// The known name closest to `name`, if any is close. A known name that
/// holds `name` whole comes first (`unpaid` is `ordered_unpaid` cut short,
/// not `paid` misspelt, though `paid` is the nearer spelling); otherwise a
/// Jaro-Winkler similarity of at least 0.8, what clap uses for misspelt
/// subcommands.
pub fn closest<'a>(name: &str, known: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    let known: Vec<&str> = known.into_iter().filter(|k| *k != name).collect();
    let best = |candidates: &mut dyn Iterator<Item = &'a str>, floor: f64| {
        candidates
            .map(|k| (strsim::jaro_winkler(name, k), k))
            .filter(|(score, _)| *score >= floor)
            .max_by(|a, b| a.0.total_cmp(&b.0))
            .map(|(_, k)| k)
    };
    // Three characters at least: `id` or `a` is in too many names to mean
    // one of them.
    let holding = (name.chars().count() >= 3)
        .then(|| best(&mut known.iter().copied().filter(|k| k.contains(name)), 0.0))
        .flatten();
    holding.or_else(|| best(&mut known.iter().copied(), 0.8))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_near_name_is_suggested_and_a_far_one_is_not() {
        let known = ["item", "size", "sizes", "shipping", "consulting"];
        let near = |name| did_you_mean(name, known);
        assert_eq!(near("itme").as_deref(), Some("did you mean `item`?"));
        assert_eq!(near("shiping").as_deref(), Some("did you mean `shipping`?"));
        assert_eq!(
            near("consultng").as_deref(),
            Some("did you mean `consulting`?")
        );
        assert_eq!(near("sise").as_deref(), Some("did you mean `size`?"));
        assert_eq!(near("库存"), None);
        assert_eq!(near("sult").as_deref(), Some("did you mean `consulting`?"));
        let stages = ["greeting", "consulting", "ordered_unpaid", "paid", "closed"];
        assert_eq!(closest("unpaid", stages), Some("ordered_unpaid"));
        assert_eq!(closest("piad", stages), Some("paid"));
        assert_eq!(near("refund"), None);
    }

    #[test]
    fn offsets_map_to_one_based_lines() {
        let mut s = Sources::new("dir");
        let f = s.add("a.toml", "x = 1\r\ny = 2\n\nz = 3");
        assert_eq!(s.at(f, 0).line, 1);
        assert_eq!(s.at(f, 6).line, 1); // the \n of a CRLF still belongs to line 1
        assert_eq!(s.at(f, 7).line, 2);
        assert_eq!(s.at(f, 15).line, 4);
        assert_eq!(s.at(f, 999).line, 4);
        assert_eq!(s.at(f, 7).to_string(), "a.toml:2:1");
        assert_eq!(s.at(f, 9).to_string(), "a.toml:2:3");
    }

    #[test]
    fn weights_must_be_positive_and_finite() {
        assert_eq!(check_weight(0.5), Ok(0.5));
        assert!(check_weight(0.0).is_err());
        assert!(check_weight(-1.0).is_err());
        assert!(check_weight(f64::NAN).is_err());
        assert!(check_weight(f64::INFINITY).is_err());
        assert!(check_weight(1e300).is_err()); // overflows f32
    }

    #[test]
    fn problems_come_out_sorted_by_file_then_line() {
        let mut p = Problems::default();
        let loc = |file: &str, line| Location {
            file: file.into(),
            line,
            column: 0,
        };
        p.push(loc("b.toml", 1), "third");
        p.push(loc("a.toml", 9), "second");
        p.push(loc("a.toml", 2), "first");
        let errors = p.finish().unwrap_err().0;
        let order: Vec<_> = errors.iter().map(|e| e.message.as_str()).collect();
        assert_eq!(order, ["first", "second", "third"]);
    }

    #[test]
    fn syntax_errors_come_before_the_rest() {
        let mut p = Problems::default();
        let loc = |file: &str| Location {
            file: file.into(),
            line: 3,
            column: 0,
        };
        p.push(loc("faq.toml"), "an echo");
        p.push_syntax(loc("shop.toml"), "the cause");
        let errors = p.finish().unwrap_err().0;
        let order: Vec<_> = errors.iter().map(|e| e.message.as_str()).collect();
        assert_eq!(order, ["the cause", "an echo"]);
    }

    #[test]
    fn columns_count_characters() {
        let mut s = Sources::new("dir");
        let text = "a = 1\n中通，x";
        let f = s.add("a.toml", text);
        let at = s.at(f, text.find('，').unwrap());
        assert_eq!(at.to_string(), "a.toml:2:3");
        // Inside a character: that character's column, no panic.
        let at = s.at(f, text.find('，').unwrap() + 1);
        assert_eq!(at.to_string(), "a.toml:2:3");
    }

    /// The string `value` as a file writes it on line 2 (`re = …`), and the
    /// location of its byte `offset`.
    fn inside(written: &str, value: &str, offset: usize) -> String {
        let mut s = Sources::new("dir");
        let text = format!("[x]\nre = {written}\n");
        let f = s.add("a.toml", &text);
        let start = text.find(written).unwrap();
        let span = start..start + written.len();
        s.inside(f, span, value, offset).to_string()
    }

    #[test]
    fn a_place_inside_a_string_is_found_when_the_file_writes_it_as_it_is() {
        // `等` is byte 3 of `就等`: after `re = '` and `就`, column 8.
        assert_eq!(inside("'就等'", "就等", 3), "a.toml:2:8");
        assert_eq!(inside("\"就等\"", "就等", 3), "a.toml:2:8");
        assert_eq!(inside("'''就等'''", "就等", 3), "a.toml:2:10");
        // A multi-line string's first line break is not part of it.
        assert_eq!(inside("'''\n就等'''", "就等", 3), "a.toml:3:2");
        assert_eq!(
            inside("{ re = '就等', weight = 2 }", "就等", 3),
            "a.toml:2:15"
        );
        // An escape shifts what follows: the start of the value instead.
        assert_eq!(inside("\"\\\\d等\"", "\\d等", 2), "a.toml:2:6");
        // An offset past the value is not trusted either.
        assert_eq!(inside("'就等'", "就等", 99), "a.toml:2:6");
    }
}
