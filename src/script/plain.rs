//! A value of the wrong kind, said without Rust's type names.
//!
//! Deserializing says `invalid type: string "129元", expected f64`: true,
//! but `f64` and `a sequence` mean nothing to a shop's staff. [`wrong_type`]
//! reads the key and the value as written and says what to write instead:
//! `` `price` must be a number, without 元 or quotes: price = 129 ``.

use std::ops::Range;

/// The plain words for a deserializing `message` about the value at `span`
/// of `text`, or `None` when it is not about a value's type.
pub fn wrong_type(message: &str, text: &str, span: Range<usize>) -> Option<String> {
    let rest = message.trim().strip_prefix("invalid type: ")?;
    let (found, expected) = rest.split_once(", expected ")?;
    let raw = text.get(span.clone())?.trim();
    let key = key_before(text, span.start);
    let name = key.map_or("this value".to_string(), |k| format!("`{k}`"));
    let write = |value: &str| key.map_or(String::new(), |k| format!(": {k} = {value}"));
    let is_string = found.starts_with("string");
    let message = match expected {
        "f64" | "f32" => {
            let what = if is_string {
                "a number, without 元 or quotes"
            } else {
                "a number"
            };
            format!(
                "{name} must be {what}{}",
                number_in(raw).map_or(String::new(), |n| write(&n))
            )
        }
        "u8" | "u16" | "u32" | "u64" | "usize" | "i8" | "i16" | "i32" | "i64" | "isize" => {
            let what = if is_string {
                "a whole number, without quotes or units"
            } else {
                "a whole number"
            };
            let whole = number_in(raw).and_then(|n| n.parse::<f64>().ok().map(|f| f.trunc()));
            format!(
                "{name} must be {what}{}",
                whole.map_or(String::new(), |n| write(&n.to_string()))
            )
        }
        "a sequence" => {
            format!("a list is needed, in [ ]{}", write(&format!("[{raw}]")))
        }
        "a string" | "a borrowed string" | "a string or a table" => {
            if found == "sequence" {
                format!("{name} takes one value, not a list")
            } else {
                let inner = raw.trim_matches(['"', '\'']);
                format!(
                    "{name} must be text in quotes{}",
                    write(&format!("\"{inner}\""))
                )
            }
        }
        "a boolean" => format!("{name} must be true or false, without quotes"),
        _ => return None,
    };
    Some(message)
}

/// The key a value at byte `at` of `text` is given to: the last name
/// before the last `=` of its line (`price = `, `{ re = `).
fn key_before(text: &str, at: usize) -> Option<&str> {
    let line_start = text[..at].rfind('\n').map_or(0, |i| i + 1);
    let before = &text[line_start..at];
    let (left, right) = before.rsplit_once('=')?;
    // A value inside a list (`sizes = ["S", 1]`) is not the key's whole value.
    if right.contains('[') {
        return None;
    }
    let key = left
        .rsplit(|c: char| c.is_whitespace() || c == '{' || c == ',')
        .find(|s| !s.is_empty())?;
    let key = key.trim_matches(['"', '\'']);
    (!key.is_empty()).then_some(key)
}

/// The number written in `raw` (`"129元"` → `129`), if any.
fn number_in(raw: &str) -> Option<String> {
    let start = raw.find(|c: char| c.is_ascii_digit())?;
    let number: String = raw[start..]
        .chars()
        .take_while(|c| c.is_ascii_digit() || *c == '.')
        .collect();
    Some(number.trim_end_matches('.').to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn plain(message: &str, text: &str, value: &str) -> Option<String> {
        let start = text.find(value).unwrap();
        wrong_type(message, text, start..start + value.len())
    }

    #[test]
    fn a_price_in_quotes_is_told_to_be_a_number() {
        let text = "price = \"129元\"\n";
        assert_eq!(
            plain(
                r#"invalid type: string "129元", expected f64"#,
                text,
                "\"129元\""
            )
            .as_deref(),
            Some("`price` must be a number, without 元 or quotes: price = 129")
        );
    }

    #[test]
    fn a_count_in_quotes_is_told_to_be_a_whole_number() {
        let text = "M = \"30\"\n";
        assert_eq!(
            plain(r#"invalid type: string "30", expected u32"#, text, "\"30\"").as_deref(),
            Some("`M` must be a whole number, without quotes or units: M = 30")
        );
    }

    #[test]
    fn one_string_where_a_list_is_needed_is_shown_in_brackets() {
        let text = "[[faq]]\nask = \"有会员吗\"\n";
        assert_eq!(
            plain(
                r#"invalid type: string "有会员吗", expected a sequence"#,
                text,
                "\"有会员吗\""
            )
            .as_deref(),
            Some("a list is needed, in [ ]: ask = [\"有会员吗\"]")
        );
    }

    #[test]
    fn text_without_quotes_and_lists_for_one_value_are_named() {
        let text = "name = 123\n";
        assert_eq!(
            plain(
                "invalid type: integer `123`, expected a string",
                text,
                "123"
            )
            .as_deref(),
            Some("`name` must be text in quotes: name = \"123\"")
        );
        let text = "name = [\"a\"]\n";
        assert_eq!(
            plain("invalid type: sequence, expected a string", text, "[\"a\"]").as_deref(),
            Some("`name` takes one value, not a list")
        );
        let text = "patterns = [{ re = 5 }]\n";
        assert_eq!(
            plain("invalid type: integer `5`, expected a string", text, "5").as_deref(),
            Some("`re` must be text in quotes: re = \"5\"")
        );
        let text = "sizes = [\"S\", 1]\n";
        assert_eq!(
            plain("invalid type: integer `1`, expected a string", text, "1").as_deref(),
            Some("this value must be text in quotes")
        );
    }

    #[test]
    fn other_messages_are_left_alone() {
        assert_eq!(plain("unknown field `x`", "x = 1", "1"), None);
    }
}
