//! TOML syntax errors told in the words of a supervisor typing Chinese.
//!
//! The parser says what it expected at the place it gave up: `missing comma
//! between array elements` for `["中通"，"韵达"]`, where the supervisor did
//! type a comma, a full-width one, because the input method was in Chinese
//! mode. So before the parser's words are shown, [`explain`] reads the line
//! for the usual causes and names the one it finds, with its column:
//!
//! - full-width punctuation outside strings that TOML needs half-width
//!   (`，＝“”‘’［］｛｝：＃`, `、` and the full-width space), by its Chinese
//!   name too, since that is what the supervisor knows it by;
//! - `[faq]` written again where each entry needs `[[faq]]` (the parser
//!   only sees a table defined twice: `duplicate key`);
//! - a regex in double quotes, whose `\d` TOML reads as an escape.
//!
//! Anything else keeps the parser's own words.

/// Full-width characters with a half-width meaning in TOML: the character,
/// what it is in English and Chinese, and what TOML needs instead.
const FULL_WIDTH: &[(char, &str, &str, &str)] = &[
    ('，', "a full-width comma", "全角逗号", "the half-width ','"),
    (
        '、',
        "a list comma",
        "顿号",
        "the half-width ',' between list entries",
    ),
    (
        '＝',
        "a full-width equals sign",
        "全角等号",
        "the half-width '='",
    ),
    (
        '“',
        "a Chinese quotation mark",
        "中文引号",
        "the half-width '\"'",
    ),
    (
        '”',
        "a Chinese quotation mark",
        "中文引号",
        "the half-width '\"'",
    ),
    (
        '‘',
        "a Chinese single quotation mark",
        "中文单引号",
        "the half-width '''",
    ),
    (
        '’',
        "a Chinese single quotation mark",
        "中文单引号",
        "the half-width '''",
    ),
    (
        '［',
        "a full-width bracket",
        "全角方括号",
        "the half-width '['",
    ),
    (
        '］',
        "a full-width bracket",
        "全角方括号",
        "the half-width ']'",
    ),
    (
        '｛',
        "a full-width brace",
        "全角花括号",
        "the half-width '{'",
    ),
    (
        '｝',
        "a full-width brace",
        "全角花括号",
        "the half-width '}'",
    ),
    (
        '：',
        "a full-width colon",
        "全角冒号",
        "the half-width '=' between a key and its value",
    ),
    (
        '＃',
        "a full-width hash",
        "全角井号",
        "the half-width '#' to start a comment",
    ),
    (
        '\u{3000}',
        "a full-width space",
        "全角空格",
        "a half-width space, or none",
    ),
];

/// The tables a file holds many of, each entry under `[[name]]`; `faq` is
/// also an item's own (`[[item.faq]]`).
const LISTS: [&str; 9] = [
    "intent",
    "reply",
    "item",
    "category",
    "recipient",
    "size_chart",
    "coupon",
    "region",
    "faq",
];

/// A syntax error as the supervisor reads it: where (a byte offset into
/// the text) and what.
#[derive(Debug, PartialEq, Eq)]
pub struct Explained {
    pub offset: usize,
    pub message: String,
}

/// Explains the parser's `message`, given at byte `offset` of `text`.
pub fn explain(text: &str, offset: usize, message: &str) -> Explained {
    let mut offset = offset.min(text.len());
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    let line_start = text[..offset].rfind('\n').map_or(0, |i| i + 1);
    let line = line_at(text, line_start);
    // The parser may stop at the start of the line after the one at fault
    // (a value it waited for up to the line's end).
    let previous = (line_start > 0).then(|| {
        let start = text[..line_start - 1].rfind('\n').map_or(0, |i| i + 1);
        (start, line_at(text, start))
    });
    for (start, line) in std::iter::once((line_start, line)).chain(previous) {
        if let Some(explained) = full_width(start, line) {
            return explained;
        }
    }
    let plain = |message: String| Explained { offset, message };
    if message.contains("duplicate key") {
        if let Some(hint) = duplicate(line) {
            return plain(hint);
        }
    }
    if message.contains("escape") {
        if let Some(hint) = escape(line) {
            return plain(hint);
        }
    }
    plain(format!("TOML syntax error: {}", message.trim()))
}

/// The line of `text` that starts at `start`, without its line break.
fn line_at(text: &str, start: usize) -> &str {
    let rest = &text[start..];
    let line = rest.split('\n').next().unwrap_or(rest);
    line.strip_suffix('\r').unwrap_or(line)
}

/// The full-width characters of `line` (at byte `start` of the text) that
/// stand outside strings and comments: inside a string `，` is just text.
fn full_width(start: usize, line: &str) -> Option<Explained> {
    let mut found = Vec::new();
    let mut quote = None;
    let mut escaped = false;
    for (i, c) in line.char_indices() {
        match quote {
            Some('"') if escaped => escaped = false,
            Some('"') if c == '\\' => escaped = true,
            Some(q) if c == q => quote = None,
            Some(_) => {}
            None if c == '"' || c == '\'' => quote = Some(c),
            None if c == '#' => break,
            None => {
                if let Some(entry) = FULL_WIDTH.iter().find(|entry| entry.0 == c) {
                    found.push((i, entry));
                }
            }
        }
    }
    let (&(first, _), _) = found.split_first()?;
    let column = |i: usize| line[..i].chars().count() + 1;
    let said = found
        .iter()
        .enumerate()
        .map(|(n, (i, (c, what, chinese, needs)))| {
            let shown = if *c == '\u{3000}' {
                String::new()
            } else {
                format!(" '{c}'")
            };
            if n == 0 {
                format!("{what}{shown} ({chinese}): TOML needs {needs}")
            } else {
                format!("column {}:{shown} ({chinese})", column(*i))
            }
        })
        .collect::<Vec<_>>();
    let message = match said.split_first() {
        Some((first, [])) => first.clone(),
        Some((first, more)) => format!("{first}; also at {}", more.join(", ")),
        None => return None,
    };
    Some(Explained {
        offset: start + first,
        message,
    })
}

/// `[faq]` where `[[faq]]` was meant, or a table or key given twice.
fn duplicate(line: &str) -> Option<String> {
    let trimmed = line.trim();
    if let Some(header) = trimmed
        .strip_prefix('[')
        .filter(|h| !h.starts_with('['))
        .and_then(|h| h.split(']').next())
    {
        let name = header.trim();
        let last = name.rsplit('.').next().unwrap_or(name).trim();
        return Some(if LISTS.contains(&last) {
            format!(
                "did you mean [[{name}]]? each entry starts with double brackets; \
                 [{name}] can be written only once in a file"
            )
        } else {
            format!(
                "duplicate table: [{name}] is written twice in this file; keep one and put \
                 all its keys under it"
            )
        });
    }
    let key = trimmed.split('=').next()?.trim();
    (!key.is_empty() && trimmed.contains('=')).then(|| {
        format!(
            "duplicate key: `{key}` is set twice in one table; if this starts a new \
             entry, write its [[…]] line above it"
        )
    })
}

/// A regex in double quotes: TOML reads its `\d` as an escape.
fn escape(line: &str) -> Option<String> {
    let open = line.find('"')?;
    let close = line.rfind('"').filter(|&c| c > open)?;
    let inner = &line[open + 1..close];
    if !inner.contains('\\') {
        return None;
    }
    let suggestion = if inner.contains('\'') {
        String::new()
    } else {
        format!(
            ": {}'{inner}'{}",
            line[..open].trim_start(),
            &line[close + 1..]
        )
    };
    Some(format!(
        "a `\\` in double quotes starts a TOML escape (\\n, \\t…): write regex patterns in \
         single quotes ('…'), where `\\` stays as typed{suggestion}"
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn column_of(text: &str, e: &Explained) -> usize {
        let start = text[..e.offset].rfind('\n').map_or(0, |i| i + 1);
        text[start..e.offset].chars().count() + 1
    }

    #[test]
    fn a_full_width_comma_between_list_entries_is_named_with_its_column() {
        let text = "[shop]\ncouriers = [\"中通\"，\"韵达\"]\n";
        let e = explain(text, 22, "missing comma between array elements");
        assert_eq!(
            e.message,
            "a full-width comma '，' (全角逗号): TOML needs the half-width ','"
        );
        assert_eq!(column_of(text, &e), 17);
    }

    #[test]
    fn full_width_punctuation_inside_a_string_is_just_text() {
        let text = "say = \"亲，在的“好”［微笑］\"\nx = [1 2]\n";
        let e = explain(text, 30, "missing comma between array elements");
        assert_eq!(
            e.message,
            "TOML syntax error: missing comma between array elements"
        );
    }

    #[test]
    fn each_mistyped_character_is_named() {
        for (text, named) in [
            ("gift ＝ \"运费险\"\n", "'＝' (全角等号)"),
            ("gift = “运费险”\n", "'“' (中文引号)"),
            ("［shop］\n", "'［' (全角方括号)"),
            ("name：\"店\"\n", "'：' (全角冒号)"),
            ("gift\u{3000}= \"x\"\n", "(全角空格)"),
            ("a = [\"x\"、\"y\"]\n", "'、' (顿号)"),
        ] {
            let e = explain(text, 2, "whatever the parser says");
            assert!(e.message.contains(named), "{text}: {e:?}");
        }
        let e = explain("gift = “运费险”\n", 7, "string values must be quoted");
        assert!(
            e.message.ends_with("; also at column 12: '”' (中文引号)"),
            "{e:?}"
        );
    }

    #[test]
    fn the_line_before_is_read_when_the_parser_stops_at_the_next() {
        let text = "a = ［\n\nb = 1\n";
        let e = explain(text, 7, "x");
        assert!(e.message.contains("全角方括号"), "{e:?}");
        assert_eq!(e.offset, 4);
    }

    #[test]
    fn a_list_table_written_with_single_brackets_gets_double_brackets_suggested() {
        let text = "[faq]\nask = [\"a\"]\n[faq]\nask = [\"b\"]\n";
        let e = explain(text, 19, "duplicate key");
        assert!(e.message.starts_with("did you mean [[faq]]?"), "{e:?}");
        let e = explain("[item.faq]\n", 1, "duplicate key");
        assert!(e.message.starts_with("did you mean [[item.faq]]?"), "{e:?}");
        let e = explain("[shop]\n", 1, "duplicate key");
        assert!(e.message.contains("[shop] is written twice"), "{e:?}");
        let e = explain("name = \"b\"\n", 0, "duplicate key");
        assert!(e.message.contains("`name` is set twice"), "{e:?}");
    }

    #[test]
    fn a_regex_in_double_quotes_gets_single_quotes_suggested() {
        let text = "re = \"(就|只)等\\d+\"\n";
        let e = explain(text, 15, "missing escaped value");
        assert!(e.message.contains("single quotes"), "{e:?}");
        assert!(e.message.ends_with(": re = '(就|只)等\\d+'"), "{e:?}");
    }
}
