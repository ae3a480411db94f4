//! Chinese numerals as buyers write them for weights and heights
//! (`一百二十斤`, `一百二斤`, `九十斤`, `一米七五`), up to 999.

/// `一`…`九`, `两`, `零` as a digit.
pub(super) fn chinese_digit(s: &str) -> Option<u32> {
    let mut chars = s.chars();
    let d = digit(chars.next()?)?;
    chars.next().is_none().then_some(d)
}

/// One Chinese numeral (`零`…`九`, `两`) as its digit.
pub(crate) fn digit(c: char) -> Option<u32> {
    Some(match c {
        '零' => 0,
        '一' => 1,
        '二' | '两' => 2,
        '三' => 3,
        '四' => 4,
        '五' => 5,
        '六' => 6,
        '七' => 7,
        '八' => 8,
        '九' => 9,
        _ => return None,
    })
}

/// Parses a number below 1000 written with 百 and 十. A trailing digit after
/// 百 means tens (`一百二` = 120, as said aloud); `零` marks a skipped place
/// (`一百零五` = 105). Anything malformed is `None`.
pub(super) fn parse_chinese_number(s: &str) -> Option<u32> {
    let mut total = 0;
    let mut pending: Option<u32> = None;
    // The place the next bare digit would fill if the text ends after it.
    let mut next_place = 1;
    let mut last_unit = 1000;
    let mut zero_seen = false;
    for c in s.chars() {
        match c {
            '百' | '十' => {
                let unit = if c == '百' { 100 } else { 10 };
                if unit >= last_unit {
                    return None;
                }
                // `十五` starts with an implied 一.
                let d = pending
                    .take()
                    .unwrap_or(if unit == 10 && total == 0 { 1 } else { 0 });
                if d == 0 {
                    return None;
                }
                total += d * unit;
                last_unit = unit;
                next_place = unit / 10;
                zero_seen = false;
            }
            '零' => {
                zero_seen = true;
                next_place = 1;
            }
            _ => {
                if pending.is_some() {
                    return None;
                }
                pending = Some(digit(c)?);
            }
        }
    }
    if let Some(d) = pending {
        total += if zero_seen { d } else { d * next_place.max(1) };
    }
    (total > 0).then_some(total)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_spoken_numbers() {
        assert_eq!(parse_chinese_number("一百二十"), Some(120));
        assert_eq!(parse_chinese_number("一百二"), Some(120));
        assert_eq!(parse_chinese_number("一百零五"), Some(105));
        assert_eq!(parse_chinese_number("九十"), Some(90));
        assert_eq!(parse_chinese_number("九十五"), Some(95));
        assert_eq!(parse_chinese_number("十五"), Some(15));
        assert_eq!(parse_chinese_number("两百"), Some(200));
        assert_eq!(parse_chinese_number("八"), Some(8));
        assert_eq!(parse_chinese_number("一百一十五"), Some(115));
    }

    #[test]
    fn refuses_malformed_numbers() {
        assert_eq!(parse_chinese_number("十百"), None);
        assert_eq!(parse_chinese_number("一二"), None);
        assert_eq!(parse_chinese_number("零"), None);
        assert_eq!(parse_chinese_number("百"), None);
        assert_eq!(chinese_digit("七五"), None);
        assert_eq!(chinese_digit("七"), Some(7));
    }
}
