//! Questions sent as a numbered list: `想问下 1.会起球吗 2.掉色吗 3.175 140斤
//! 穿什么码 4.今天能发吗 5.有运费险吗`.
//!
//! A buyer who numbers their questions has written down everything they
//! want answered, in the order they want it, and checks the reply against
//! the list. Two things went wrong with such a message read as any other:
//! the reply held at most `max_intents_per_reply` answers (three), so the
//! fourth and fifth question went unanswered, and the answers stood best
//! score first (`3.什么时候发货` answered before `1.有没有黑色`).
//!
//! So a list widens the cap to its length (up to [`MAX_LISTED`]), and the
//! answers follow the list: each intent stands at the first item that
//! reads as it (`compose::in_order_of`). Only a message with the markers
//! `1` and `2` in order is a list, which nearly none is: everything else
//! costs one byte search.

/// At most this many questions of a list are answered: more would be a
/// wall of text, and a list that long is a person's to answer anyway.
pub(super) const MAX_LISTED: usize = 5;

/// Characters that may follow a list number: `1.`, `1、`, `1)`, `(1)`, `1:`.
const AFTER_NUMBER: &[char] = &['.', '、', ')', '）', ':', '：', '．', ',', '，'];

/// Circled numbers, `①` to `⑤`.
const CIRCLED: [char; MAX_LISTED] = ['①', '②', '③', '④', '⑤'];

/// The items of a numbered list in `typed`, in order: empty unless it holds
/// the items 1 and 2 at least, numbered in order. Text before the first
/// number (`想问下`) is no item.
pub(super) fn items(typed: &str) -> Vec<&str> {
    if !has_first_marker(typed) {
        return Vec::new();
    }
    let mut starts: Vec<(usize, usize)> = Vec::new();
    let mut next = 1;
    let chars: Vec<(usize, char)> = typed.char_indices().collect();
    for (i, &(at, ch)) in chars.iter().enumerate() {
        if next > MAX_LISTED + 1 {
            break;
        }
        let number = match ch {
            '0'..='9' => ch as usize - '0' as usize,
            '１'..='９' => ch as usize - '０' as usize,
            _ => CIRCLED.iter().position(|&c| c == ch).map_or(0, |n| n + 1),
        };
        if number != next {
            continue;
        }
        let circled = !ch.is_ascii_digit() && !('１'..='９').contains(&ch);
        // A number standing alone: not the `1` of `170` or of `1件`.
        let before_ok = i == 0 || !chars[i - 1].1.is_ascii_digit();
        let after = chars.get(i + 1).map(|&(_, c)| c);
        let marked = circled || after.is_some_and(|c| AFTER_NUMBER.contains(&c));
        if before_ok && marked {
            let body = at
                + ch.len_utf8()
                + if circled {
                    0
                } else {
                    after.map_or(0, char::len_utf8)
                };
            starts.push((at, body));
            next += 1;
        }
    }
    if starts.len() < 2 {
        return Vec::new();
    }
    (0..starts.len())
        .map(|k| {
            let end = starts.get(k + 1).map_or(typed.len(), |&(at, _)| at);
            // `(1)有黑色吗(2)…`: the next number's opening bracket.
            typed[starts[k].1..end]
                .trim()
                .trim_end_matches(['(', '（'])
                .trim_end()
        })
        .collect()
}

/// Whether `typed` holds a first item's marker (`1.`, `１、`, `①`): one
/// byte search that rules out nearly every message before the list is read
/// character by character. In UTF-8 the full-width `１` (EF BC 91) and the
/// circled `①` (E2 91 A0) both hold the byte 0x91, so the search is for it
/// and the digit.
fn has_first_marker(typed: &str) -> bool {
    let bytes = typed.as_bytes();
    let marked_after = |end: usize| {
        typed
            .get(end..)
            .and_then(|rest| rest.chars().next())
            .is_some_and(|c| AFTER_NUMBER.contains(&c))
    };
    memchr::memchr2_iter(b'1', 0x91, bytes).any(|at| match bytes[at] {
        b'1' => marked_after(at + 1),
        _ if at >= 2 && bytes[at - 2..at] == [0xEF, 0xBC] => marked_after(at + 1),
        _ => at >= 1 && bytes[at - 1] == 0xE2 && bytes.get(at + 1) == Some(&0xA0),
    })
}

#[cfg(test)]
mod tests {
    use super::items;

    #[test]
    fn numbered_items_are_split_and_other_digits_left_alone() {
        assert_eq!(
            items("想问下 1.会起球吗 2.掉色吗 3.175 140斤穿什么码"),
            ["会起球吗", "掉色吗", "175 140斤穿什么码"]
        );
        assert_eq!(items("1、有黑色吗2、多少钱"), ["有黑色吗", "多少钱"]);
        assert_eq!(items("①包邮吗②几天到"), ["包邮吗", "几天到"]);
        assert_eq!(items("(1)包邮吗 (2)几天到"), ["包邮吗", "几天到"]);
        assert_eq!(items("（1）包邮吗（2）几天到"), ["包邮吗", "几天到"]);
        assert_eq!(items("１．包邮吗 ２．几天到"), ["包邮吗", "几天到"]);
        // Not a list: one number, numbers out of order, numbers in a size.
        assert!(items("1.包邮吗").is_empty());
        assert!(items("170 120斤 穿1码还是2码").is_empty());
        assert!(items("2.包邮吗 1.几天到").is_empty());
        assert!(items("我买了1件 12.5号到的").is_empty());
    }
}
