//! Masking private data before a message is logged or stored.
//!
//! Works on raw text as the buyer typed it (it may hold spaces and full-width
//! digits, which `\d` matches), and errs on the side of masking: a log line
//! with one word too many hidden is better than one with an address in it.
//!
//! - phone numbers (`13812345678`, `138-1234-5678`, `138 1234 5678`) → `138****5678`;
//! - resident ID numbers (18 characters with a plausible birth date) → `[身份证号]`;
//! - addresses: two or more consecutive address parts (province, city,
//!   district, road, estate, building/unit/room numbers) → `[地址]`. A single
//!   part (`江浙沪地区`, `28号发货`) is not an address.

use regex::{Captures, Regex};
use std::borrow::Cow;
use std::sync::LazyLock;

use super::re;
use crate::nlu::normalize::is_han;

/// A digit run, possibly grouped by spaces or hyphens.
/// Whole runs are taken so that a phone number is never cut out of a longer number.
static DIGITS: LazyLock<Regex> = LazyLock::new(|| re(r"\d(?:[\d\- \x{3000}]*\d)?[xX]?"));

/// Common verbs and pronouns that stand right before an address: an
/// address part never starts with one (see `head`), so `寄到杭州市…` masks
/// `杭州市…` and keeps `寄到`, and `改成上海市…` keeps `改成` (the warehouse
/// reading a remark needs to see that it is a change). 成 is also the first
/// character of 成都, which the list of cities below names.
const VERB_HEADS: &str = "是在到寄发送往收的了我你他她址为就住改换成";

static ADDRESS: LazyLock<Regex> = LazyLock::new(|| {
    // The first character of an address part: a Han character other than
    // those verbs.
    let head = format!(r"[\p{{Han}}&&[^{VERB_HEADS}]]");
    let part = [
        format!(r"{head}\p{{Han}}{{1,2}}省"),
        format!(r"{head}\p{{Han}}{{1,5}}?自治区"),
        r"(?:北京|上海|天津|重庆|成都)".to_string(),
        format!(r"{head}\p{{Han}}{{1,3}}?(?:市|州|盟)"),
        format!(r"{head}\p{{Han}}{{0,3}}?(?:区|县|旗|镇|乡)"),
        format!(r"{head}[\p{{Han}}\d]{{0,7}}?(?:路|街|大道|巷|弄|胡同|村)"),
        format!(r"{head}\p{{Han}}{{0,7}}?(?:小区|花园|公寓|大厦|广场|苑|院)"),
        r"[\d\-#一二三四五六七八九十零]{1,6}(?:号楼|号院|号|栋|幢|单元|楼|层|室|座)".to_string(),
    ]
    .join("|");
    // Two parts or more, possibly separated by spaces or commas.
    re(&format!(r"(?:{part})(?:[\s,]*(?:{part}))+"))
});

/// Whether `c` is a marker without which no address regex can match: a
/// cheap pre-check. Every turn passes here, the bot's replies too, so it is
/// a `match` (a few comparisons a character), not a search of a list.
fn is_address_marker(c: char) -> bool {
    matches!(
        c,
        '省' | '市'
            | '区'
            | '县'
            | '路'
            | '街'
            | '号'
            | '栋'
            | '幢'
            | '单'
            | '室'
            | '村'
            | '镇'
            | '乡'
            | '巷'
            | '弄'
            | '苑'
            | '院'
            | '州'
            | '楼'
            | '京'
            | '海'
            | '津'
            | '庆'
    )
}

/// Compiles the masking regexes, so the first turn does not pay for it.
pub(super) fn warm_up() {
    LazyLock::force(&DIGITS);
    LazyLock::force(&ADDRESS);
}

/// Masks phone numbers, ID numbers and addresses for logs and storage.
pub fn mask_private(text: &str) -> String {
    let digits = (text.chars())
        .filter(|c| c.is_ascii_digit() || ('０'..='９').contains(c))
        .count();
    let text: Cow<str> = if digits >= 11 {
        DIGITS.replace_all(text, |c: &Captures| mask_number(&c[0]))
    } else {
        Cow::Borrowed(text)
    };
    if text.contains(is_address_marker) {
        mask_addresses(&text)
    } else {
        text.into_owned()
    }
}

/// Whether `text` holds an address (two address parts or more, as masked).
pub fn has_address(text: &str) -> bool {
    text.contains(is_address_marker) && ADDRESS.is_match(text)
}

/// Replaces every address in `text` with `[地址]`.
///
/// The address parts keep a verb before an address out of the match, so an address
/// whose first character is one of those (`成华区…`, `发展路…`) is matched
/// from its second. When that character opens the text or follows
/// punctuation, it cannot be a verb of this sentence: it goes into the mask
/// with the rest, rather than being left standing (`成[地址]`).
fn mask_addresses(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut copied = 0;
    for m in ADDRESS.find_iter(text) {
        let mut start = m.start();
        if let Some(c) = text[copied..start].chars().last() {
            let at = start - c.len_utf8();
            let opens = !text[..at].chars().last().is_some_and(is_han);
            if opens && VERB_HEADS.contains(c) {
                start = at;
            }
        }
        out.push_str(&text[copied..start]);
        out.push_str("[地址]");
        copied = m.end();
    }
    out.push_str(&text[copied..]);
    out
}

fn mask_number(run: &str) -> String {
    if let Some(masked) = mask_group(run) {
        return masked;
    }
    // Not private as a whole: a group of it may still be (`2 13812345678`).
    if run.contains(SEPARATORS) {
        let mut out = String::with_capacity(run.len());
        let mut rest = run;
        while let Some(at) = rest.find(SEPARATORS) {
            let (group, tail) = rest.split_at(at);
            out.push_str(&mask_group(group).unwrap_or_else(|| group.to_string()));
            let sep = tail.chars().next().map_or(0, char::len_utf8);
            out.push_str(&tail[..sep]);
            rest = &tail[sep..];
        }
        out.push_str(&mask_group(rest).unwrap_or_else(|| rest.to_string()));
        return out;
    }
    run.to_string()
}

const SEPARATORS: [char; 3] = ['-', ' ', '\u{3000}'];

/// The masked form of a phone or ID number, or `None` when `run` is neither.
fn mask_group(run: &str) -> Option<String> {
    let chars: Vec<char> = run.chars().filter(|c| !SEPARATORS.contains(c)).collect();
    let plain: String = chars.iter().map(|&c| to_ascii_digit(c)).collect();
    if super::is_phone(&plain) {
        let head: String = chars[..3].iter().collect();
        let tail: String = chars[7..].iter().collect();
        return Some(format!("{head}****{tail}"));
    }
    // ID numbers are written in one piece.
    if run.contains(SEPARATORS) {
        return None;
    }
    let body = plain.trim_end_matches(['x', 'X']);
    let next = (body.len() < plain.len()).then_some('x');
    (body.bytes().all(|b| b.is_ascii_digit()) && super::is_id_number(body, next))
        .then(|| "[身份证号]".to_string())
}

fn to_ascii_digit(c: char) -> char {
    match c {
        '０'..='９' => char::from_u32(c as u32 - '０' as u32 + '0' as u32).unwrap_or(c),
        _ => c,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn masks_phone_numbers() {
        assert_eq!(mask_private("电话13812345678谢谢"), "电话138****5678谢谢");
        assert_eq!(mask_private("打138-1234-5678"), "打138****5678");
        assert_eq!(mask_private("打138 1234 5678 好吗"), "打138****5678 好吗");
        assert_eq!(mask_private("１３８１２３４５６７８"), "１３８****５６７８");
    }

    #[test]
    fn leaves_other_numbers_alone() {
        // An order number that merely contains a phone-like run is not a phone.
        assert_eq!(
            mask_private("订单2419513812345678901"),
            "订单2419513812345678901"
        );
        assert_eq!(mask_private("身高170体重120"), "身高170体重120");
        assert_eq!(mask_private("12345678901"), "12345678901");
    }

    #[test]
    fn masks_id_numbers() {
        assert_eq!(mask_private("身份证110105199003071234"), "身份证[身份证号]");
        assert_eq!(mask_private("11010519900307123X"), "[身份证号]");
        // 18 digits without a birth date: an order number, kept.
        assert_eq!(mask_private("241951234567890123"), "241951234567890123");
    }

    #[test]
    fn masks_addresses() {
        assert_eq!(
            mask_private("寄到浙江省杭州市西湖区文三路100号3栋2单元301室,谢谢"),
            "寄到[地址],谢谢"
        );
        assert_eq!(mask_private("地址是北京市朝阳区建国路88号"), "地址是[地址]");
        assert_eq!(mask_private("我住阳光小区5栋"), "我住[地址]");
        assert_eq!(
            mask_private("地址写错了,改成上海市浦东新区张江路88号"),
            "地址写错了,改成[地址]"
        );
        assert_eq!(mask_private("换成成都市武侯区科华路5号"), "换成[地址]");
        assert_eq!(mask_private("成都市武侯区科华路5号"), "[地址]");
        // A district that starts with one of those verbs, with no verb before it.
        assert_eq!(mask_private("成华区建设路5号"), "[地址]");
        assert_eq!(
            mask_private("地址:成华区建设路5号,电话138"),
            "地址:[地址],电话138"
        );
        assert_eq!(mask_private("新地址 发展路8号3栋"), "新地址 [地址]");
        // After a Han character it may be a verb, and stays.
        assert_eq!(mask_private("改成华阳镇建设路5号"), "改成[地址]");
    }

    #[test]
    fn has_address_agrees_with_masking() {
        for text in ["杭州市西湖区文三路100号", "上海浦东新区张江路100号3栋"] {
            assert!(has_address(text), "{text}");
        }
        for text in ["江浙沪地区几天到", "28号发货吗", "地址对的"] {
            assert!(!has_address(text), "{text}");
        }
    }

    #[test]
    fn single_address_words_are_not_addresses() {
        for text in [
            "江浙沪地区包邮吗",
            "28号发货吗",
            "上海发货吗",
            "l号有货吗",
            "地区限制吗",
        ] {
            assert_eq!(mask_private(text), text);
        }
    }
}
