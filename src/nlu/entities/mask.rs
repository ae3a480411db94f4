//! Masking private data before a message is logged or stored.
//!
//! Works on raw text as the buyer typed it (it may hold spaces and full-width
//! digits, which `\d` matches), and errs on the side of masking: a log line
//! with one word too many hidden is better than one with an address in it.
//!
//! - mobile numbers (`13812345678`, `138-1234-5678`, `+86 138 1234 5678`)
//!   → `138****5678`, and in Chinese numerals (`一五八一二三四五六七八`)
//!   the same way;
//! - landlines with their area code (`010-64781234`, `057188886666`) →
//!   `010****1234`;
//! - resident ID numbers (18 characters with a plausible birth date) → `[身份证号]`;
//! - addresses: two or more consecutive address parts (province, city,
//!   district, road, estate, building/unit/room numbers) → `[地址]`, with
//!   the numbers that run on from them (`天府大道北段1700号`); or one named
//!   part followed by a building's numbers (`朝阳区望京SOHO T3 1508`). A
//!   single part (`江浙沪地区`, `28号发货`) is not an address.

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

/// The named address parts: province, city, district, road, estate.
fn named_parts() -> Vec<String> {
    // The first character of an address part: a Han character other than
    // those verbs.
    let head = format!(r"[\p{{Han}}&&[^{VERB_HEADS}]]");
    vec![
        format!(r"{head}\p{{Han}}{{1,2}}省"),
        format!(r"{head}\p{{Han}}{{1,5}}?自治区"),
        r"(?:北京|上海|天津|重庆|成都)".to_string(),
        format!(r"{head}\p{{Han}}{{1,3}}?(?:市|州|盟)"),
        format!(r"{head}\p{{Han}}{{0,3}}?(?:区|县|旗|镇|乡)"),
        format!(r"{head}[\p{{Han}}\d]{{0,7}}?(?:路|街|大道|巷|弄|胡同|村)"),
        format!(r"{head}\p{{Han}}{{0,7}}?(?:小区|花园|公寓|大厦|广场|苑|院)"),
    ]
}

/// What a building, unit or room number ends with.
const NUMBERED: &str = "(?:号楼|号院|号|栋|幢|单元|楼|层|室|座)";

static ADDRESS: LazyLock<Regex> = LazyLock::new(|| {
    let mut parts = named_parts();
    parts.push(format!(r"[\d\-#一二三四五六七八九十零]{{1,6}}{NUMBERED}"));
    let part = parts.join("|");
    // Two parts or more, possibly separated by spaces or commas.
    re(&format!(r"(?:{part})(?:[\s,]*(?:{part}))+"))
});

/// One named address part (see [`named_parts`]), which a building's numbers
/// after it make an address (see [`TAIL`]).
static NAMED_PART: LazyLock<Regex> =
    LazyLock::new(|| re(&format!("(?:{})", named_parts().join("|"))));

/// The numbers an address runs on with, right after its parts: a few
/// words and a number (`北段1700号`, `望京SOHO T3`), then more numbers after
/// a space (` 1508室`, ` T3 1508`). Anchored: it is tried where an address
/// part ends.
static TAIL: LazyLock<Regex> = LazyLock::new(|| {
    re(&format!(
        r"^[\p{{Han}}A-Za-z]{{0,10}}?[ \x{{3000}}]?[A-Za-z]*\d[\dA-Za-z\-#]*{NUMBERED}?(?:[ \x{{3000}}][A-Za-z]{{0,4}}\d[\dA-Za-z\-#]*{NUMBERED}?)*"
    ))
});

/// Words after which numbers are something else than the address's: the
/// buyer's phone, an order, their measurements, what they buy.
const NOT_ADDRESS_WORDS: &[&str] = &[
    "电话", "手机", "联系", "微信", "订单", "单号", "身高", "体重", "尺码", "收件",
];

/// How far the numbers of an address run on from `at` in `text` (see
/// [`TAIL`]), in bytes; 0 when they do not. `strong`: only numbers that
/// can be nothing but a building's: with a letter (`T3`), a unit word
/// (`1700号`, `1508室`) or a second group after a space.
fn tail_len(text: &str, at: usize, strong: bool) -> usize {
    let Some(m) = TAIL.find(&text[at..]) else {
        return 0;
    };
    let mut tail = m.as_str();
    // A phone masked already (`文三路100号 138****5678`) is not the
    // building's: the tail ends before its group.
    if text[at + tail.len()..].starts_with('*') {
        match tail.rfind([' ', '\u{3000}']) {
            Some(space) => tail = &tail[..space],
            None => return 0,
        }
    }
    let words_end = tail.find(|c: char| c.is_ascii_digit()).unwrap_or(0);
    let words = &tail[..words_end];
    if NOT_ADDRESS_WORDS.iter().any(|w| words.contains(w))
        || text[at + tail.len()..].starts_with(['斤', '码', '件', '条', '岁', '元', '块'])
    {
        return 0;
    }
    let numbered = tail.ends_with(|c: char| "号楼层室座栋幢".contains(c)) || tail.ends_with("单元");
    let lettered = tail.contains(|c: char| c.is_ascii_alphabetic());
    let grouped = tail.trim_end().contains([' ', '\u{3000}']);
    if strong && !(numbered || lettered || grouped) {
        return 0;
    }
    tail.len()
}

/// Whether `text` has a number that may be a building's, as [`tail_len`]
/// wants one for a single address part: a run of digits after a letter
/// (`T3`), before `#` or a unit word (`1508室`), or before a space and
/// another number (`5 1201`). A price (`129元`), a size (`28码`), an hour
/// (`17:00`), a count (`2件`) or a height (`我在上海 身高165`) is not, which
/// spares the address search most messages and replies that name a city.
fn has_building_number(text: &str) -> bool {
    let mut before = None;
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        if c.is_ascii_digit() && !before.is_some_and(|b: char| b.is_ascii_digit()) {
            let lettered = before.is_some_and(|b| b.is_ascii_alphabetic());
            while chars.peek().is_some_and(char::is_ascii_digit) {
                chars.next();
            }
            let unit = chars
                .peek()
                .is_some_and(|a| "#号楼层室座栋幢单".contains(*a));
            // `5 1201`: a number, a space, another.
            let grouped = chars.peek().is_some_and(|a| *a == ' ' || *a == '\u{3000}')
                && chars
                    .clone()
                    .nth(1)
                    .is_some_and(|n| n.is_ascii_alphanumeric());
            if lettered || unit || grouped {
                return true;
            }
            before = Some('0');
            continue;
        }
        before = Some(c);
    }
    false
}

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
    LazyLock::force(&NAMED_PART);
    LazyLock::force(&TAIL);
    LazyLock::force(&CHINESE_NUMBER);
}

/// Chinese numerals for digits, as a phone number is read out.
const CHINESE_DIGITS: &str = "零〇一二三四五六七八九幺";

/// Whether `c` is one of [`CHINESE_DIGITS`]: a few comparisons, as every
/// character of every turn is looked at.
fn is_chinese_digit(c: char) -> bool {
    matches!(
        c,
        '零' | '〇' | '一' | '二' | '三' | '四' | '五' | '六' | '七' | '八' | '九' | '幺'
    )
}

/// A run of numerals as long as a phone number's (see [`CHINESE_DIGITS`]):
/// no word of Chinese is.
static CHINESE_NUMBER: LazyLock<Regex> = LazyLock::new(|| re(&format!("[{CHINESE_DIGITS}]{{7,}}")));

/// Masks phone numbers, ID numbers and addresses for logs and storage.
pub fn mask_private(text: &str) -> String {
    let (digits, numerals) = text.chars().fold((0, 0), |(d, n), c| {
        let digit = c.is_ascii_digit() || ('０'..='９').contains(&c);
        (d + usize::from(digit), n + usize::from(is_chinese_digit(c)))
    });
    // The shortest number masked: a landline with a three-digit area code.
    let text: Cow<str> = if digits >= 10 {
        DIGITS.replace_all(text, |c: &Captures| mask_number(&c[0]))
    } else {
        Cow::Borrowed(text)
    };
    let text = if numerals >= 7 {
        Cow::Owned(
            CHINESE_NUMBER
                .replace_all(&text, |c: &Captures| mask_numerals(&c[0]))
                .into_owned(),
        )
    } else {
        text
    };
    if text.contains(is_address_marker) {
        mask_addresses(&text)
    } else {
        text.into_owned()
    }
}

/// Whether `text` holds an address, as masked.
pub fn has_address(text: &str) -> bool {
    // Two parts or more need no spans worked out; one part needs a
    // building's number, which few messages have.
    text.contains(is_address_marker)
        && (ADDRESS.is_match(text) || !one_part_addresses(text, &[]).is_empty())
}

/// Where `text` holds addresses, as byte ranges in text order: two parts
/// or more and the numbers they run on with, or one named part with a
/// building's numbers.
fn address_spans(text: &str) -> Vec<(usize, usize)> {
    let mut spans: Vec<(usize, usize)> = ADDRESS
        .find_iter(text)
        .map(|m| (m.start(), m.end() + tail_len(text, m.end(), false)))
        .collect();
    let one_part = one_part_addresses(text, &spans);
    spans.extend(one_part);
    spans.sort_unstable();
    spans
}

/// Where `text` holds one named address part with a building's numbers
/// after it, outside the addresses already found (`found`), as byte
/// ranges.
fn one_part_addresses(text: &str, found: &[(usize, usize)]) -> Vec<(usize, usize)> {
    // Only with a building's number: without one, no search (prices, sizes
    // and hours are not).
    if !has_building_number(text) {
        return Vec::new();
    }
    NAMED_PART
        .find_iter(text)
        .filter(|m| !found.iter().any(|&(s, e)| m.start() < e && s < m.end()))
        .filter_map(|m| {
            let tail = tail_len(text, m.end(), true);
            (tail > 0).then(|| (m.start(), m.end() + tail))
        })
        .collect()
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
    for (start, end) in address_spans(text) {
        let mut start = start.max(copied);
        if let Some(c) = text[copied..start].chars().last() {
            let at = start - c.len_utf8();
            let opens = !text[..at].chars().last().is_some_and(is_han);
            if opens && VERB_HEADS.contains(c) {
                start = at;
            }
        }
        out.push_str(&text[copied..start]);
        out.push_str("[地址]");
        copied = end.max(copied);
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

/// A phone number in Chinese numerals masked as the digits would be
/// (`一五八****五六七八`); any other run of seven or more, which can only be
/// a number read out, keeps its last four.
fn mask_numerals(run: &str) -> String {
    let chars: Vec<char> = run.chars().collect();
    keep_ends(&chars, if chars.len() == 11 { 3 } else { 0 })
}

/// `chars` with its first `head` and its last four kept and `****` between:
/// enough to recognise a number, not enough to call it.
fn keep_ends(chars: &[char], head: usize) -> String {
    let first: String = chars[..head].iter().collect();
    let last: String = chars[chars.len() - 4..].iter().collect();
    format!("{first}****{last}")
}

/// The masked form of a phone or ID number, or `None` when `run` is neither.
fn mask_group(run: &str) -> Option<String> {
    let chars: Vec<char> = run.chars().filter(|c| !SEPARATORS.contains(c)).collect();
    let plain: String = chars.iter().map(|&c| to_ascii_digit(c)).collect();
    // `+86 138 1234 5678`: the country code stays, the number is masked.
    if plain.len() == 13 && plain.starts_with("86") && super::is_phone(&plain[2..]) {
        let code: String = chars[..2].iter().collect();
        return Some(format!("{code} {}", keep_ends(&chars[2..], 3)));
    }
    if super::is_phone(&plain) {
        return Some(keep_ends(&chars, 3));
    }
    // A landline with its area code: 0 and two or three digits (`010`,
    // `0571`), then seven or eight.
    let landline = plain.starts_with('0') && !plain.starts_with("00");
    if landline && (10..=12).contains(&plain.len()) && plain.bytes().all(|b| b.is_ascii_digit()) {
        let area = if plain[1..].starts_with(['1', '2']) {
            3
        } else {
            4
        };
        return Some(keep_ends(&chars, area));
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
    fn masks_phone_numbers_in_other_forms() {
        // Found in order notes: these were shown in full.
        assert_eq!(
            mask_private("电话改为 +86-139-8765-4321 收件人李四"),
            "电话改为 +86 139****4321 收件人李四"
        );
        assert_eq!(
            mask_private("电话 +86 139 8765 4321"),
            "电话 +86 139****4321"
        );
        assert_eq!(mask_private("电话+8613987654321"), "电话+86 139****4321");
        assert_eq!(
            mask_private("手机一五八一二三四五六七八"),
            "手机一五八****五六七八"
        );
        assert_eq!(
            mask_private("座机零一零六四七八一二三四"),
            "座机零一零****一二三四"
        );
        assert_eq!(mask_private("电话010-64781234"), "电话010****1234");
        assert_eq!(mask_private("打0571 8888 6666"), "打0571****6666");
        // Counting in words is no number read out.
        assert_eq!(mask_private("一二三四五"), "一二三四五");
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
    fn masks_addresses_without_province_or_city() {
        assert_eq!(
            mask_private("帮我改下地址 朝阳区望京SOHO T3 1508 王小明收"),
            "帮我改下地址 [地址] 王小明收"
        );
        assert_eq!(
            mask_private("改地址 北京朝阳望京SOHO塔3 1508室"),
            "改地址 [地址]"
        );
        // The numbers an address runs on with are part of it.
        assert_eq!(
            mask_private("我的地址是 四川省成都市武侯区天府大道北段1700号,谢谢"),
            "我的地址是 [地址],谢谢"
        );
        // Not the phone, nor measurements, after it.
        assert_eq!(
            mask_private("北京市朝阳区建国路88号电话13812345678"),
            "[地址]电话138****5678"
        );
        for text in [
            "海淀区身高170",
            "上海发货吗 我165",
            "朝阳区170斤",
            "西湖区买2件",
        ] {
            assert_eq!(mask_private(text), text);
            assert!(!has_address(text), "{text}");
        }
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
