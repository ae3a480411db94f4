//! Patterns written for normalised messages, the way keywords are.
//!
//! A message is matched after normalisation (`src/nlu/normalize.rs`):
//! full-width ASCII becomes half-width, traditional characters simplified,
//! ASCII letters lower-case. A pattern typed in Chinese mode, `有会员吗？`,
//! `会员（卡|积分）` or `積分`, would therefore never match. Keywords go
//! through the same normalisation; [`normalize_pattern`] does it for the
//! literal characters of a pattern, leaving its regex syntax alone:
//!
//! - escapes (`\d`, `\D`, `\p{Han}`) and group flags and names (`(?i)`,
//!   `(?P<n>`) are kept as written: lower-casing `\D` would turn "not a
//!   digit" into "a digit";
//! - full-width `（` `）` `｜` become `(` `)` `|`, regex syntax: typed in
//!   Chinese mode they are meant as grouping, and a buyer's message rarely
//!   holds a literal parenthesis;
//! - every other full-width character that is regex syntax once half-width
//!   (`？＊＋．＾＄［］｛｝＼`) becomes that character escaped, a literal:
//!   `有会员吗？` means the question mark the buyer types, not "吗 optional";
//! - other full-width ASCII becomes half-width, ASCII letters lower-case,
//!   and each run of Han characters is converted as messages are.
//!
//! Lint names each pattern so read (`lint::FileLint::patterns`).

use crate::nlu::{is_han, normalize};

/// Full-width characters read as regex syntax once half-width.
const SYNTAX: [char; 3] = ['（', '）', '｜'];

/// A pattern as it runs on normalised messages: `text`, and whether that
/// differs from what was written.
#[derive(Debug, PartialEq, Eq)]
pub struct NormalizedPattern {
    pub text: String,
    pub changed: bool,
}

/// `re` with its literal characters normalised like a message.
pub fn normalize_pattern(re: &str) -> NormalizedPattern {
    let mut out = String::with_capacity(re.len());
    let mut han = String::new();
    let mut chars = re.chars().peekable();
    while let Some(c) = chars.next() {
        if is_han(c) {
            han.push(c);
            continue;
        }
        flush_han(&mut han, &mut out);
        match c {
            '\\' => {
                out.push(c);
                let Some(next) = chars.next() else { break };
                out.push(next);
                // `\p{Han}`, `\x{FF0C}`: the braces' content is a name.
                if matches!(next, 'p' | 'P' | 'x' | 'u' | 'U') && chars.peek() == Some(&'{') {
                    for c in chars.by_ref() {
                        out.push(c);
                        if c == '}' {
                            break;
                        }
                    }
                }
            }
            '(' if chars.peek() == Some(&'?') => {
                // Flags and group names, up to `)`, `:` or `>`.
                out.push(c);
                for c in chars.by_ref() {
                    out.push(c);
                    if matches!(c, ')' | ':' | '>') {
                        break;
                    }
                }
            }
            c if SYNTAX.contains(&c) => out.push(half_width(c)),
            '\u{FF01}'..='\u{FF5E}' => {
                let half = half_width(c);
                if regex_syntax::is_meta_character(half) {
                    out.push('\\');
                }
                out.push(half.to_ascii_lowercase());
            }
            c => out.push(c.to_ascii_lowercase()),
        }
    }
    flush_han(&mut han, &mut out);
    NormalizedPattern {
        changed: out != re,
        text: out,
    }
}

/// Converts a run of Han characters as messages are converted (traditional
/// to simplified, by phrase), and moves it to `out`.
fn flush_han(han: &mut String, out: &mut String) {
    if !han.is_empty() {
        out.push_str(&normalize(han).text);
        han.clear();
    }
}

fn half_width(c: char) -> char {
    char::from_u32(c as u32 - 0xFEE0).unwrap_or(c)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(re: &str) -> String {
        normalize_pattern(re).text
    }

    #[test]
    fn full_width_parentheses_and_bar_become_grouping() {
        assert_eq!(read("会员（卡｜积分）"), "会员(卡|积分)");
        assert!(regex::Regex::new(&read("会员（卡|积分）"))
            .unwrap()
            .is_match("会员卡"));
    }

    #[test]
    fn other_full_width_syntax_becomes_a_literal() {
        assert_eq!(read("有会员吗？"), "有会员吗\\?");
        let re = regex::Regex::new(&read("有会员吗？")).unwrap();
        assert!(re.is_match(&normalize("有会员吗？").text));
        assert!(!re.is_match("有会员"));
        assert_eq!(read("［微笑］"), "\\[微笑\\]");
    }

    #[test]
    fn traditional_characters_full_width_letters_and_capitals_are_read_as_messages_are() {
        assert_eq!(read("積分"), "积分");
        assert_eq!(read("ＸＬ码|XXL"), "xl码|xxl");
        assert_eq!(read("[A-Z]+码"), "[a-z]+码");
    }

    #[test]
    fn escapes_and_flags_are_kept_as_written() {
        let kept = r"(?i)\D\S\W\p{Han}\x{FF0C}(?P<Size>\d+)";
        assert_eq!(normalize_pattern(kept).text, kept);
        assert!(!normalize_pattern(kept).changed);
        assert!(!normalize_pattern("(就|只)等.{0,3}(分钟|小时)").changed);
    }
}
