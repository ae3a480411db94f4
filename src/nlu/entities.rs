//! Facts pulled out of a normalised message: height, weight, size, order
//! number, phone number. The catalogue item is filled in by the classifier,
//! which owns the alias automaton.
//!
//! Everything runs on [`normalize`](super::normalize)d text (lower case,
//! half-width, no whitespace; digits separated by whitespace keep a `,`), with
//! regexes compiled once. Most messages hold no entity at all, and a failed
//! regex search still costs far more than one look at each character, so one
//! pass over the text first takes a [`census`] of the few character sequences
//! the regexes need; a regex whose sequence is absent cannot match and is not
//! run. Numbers are only looked for when the text holds an ASCII digit.
//! The regex crate has no look-behind, so "not preceded by a digit" is written
//! as a consumed `(?:^|[^\d.])` in front of the capture.
//!
//! Privacy: a phone number is stored masked (`138****5678`), never in clear;
//! [`mask_private`] masks whole messages for logs and storage.
//!
//! What the dialogue policy reads only when the conversation makes it
//! meaningful (a waist, the size worn, a price question, goods received
//! damaged) lives in `readings`, beside these and sharing their helpers; a
//! budget (`500以内`), read when the bot recommends items, in `budget`; where a
//! parcel would go (`寄到上海几天到`), read for shipping questions, in `place`.

use regex::Regex;
use std::sync::LazyLock;

mod budget;
mod census;
mod mask;
mod numerals;
mod place;
mod readings;
mod sizing;

pub use budget::{asks_cheaper, budget, Budget};
use census::Census;
pub use mask::{has_address, mask_private};
pub(crate) use numerals::digit as chinese_numeral;
use numerals::{chinese_digit, parse_chinese_number};
pub use place::{destination_told, place_called, place_named, provinces, Place};
pub use readings::{
    asks_each, calls_off_order, colour_named, colours_named_at, count_after, count_before,
    coupon_named, pay_later, pieces_said, praises, price_asked, price_offered,
    recalls_earlier_purchase, reports_not_as_shown, reports_received, reports_unsuited,
    says_arrived, says_bought, shipment_delay, BEFORE_NOW,
};
pub use sizing::{
    bare_length_mm, bought, bought_misfit, bought_size, foot_length_mm, foot_owner, half_size,
    misfit_told, people_measured, person_named, sex_said, shoe_size, shoe_size_told, size_step,
    waist_cm, worn_size, Sex, ShoeSize, ShoeSystem,
};

/// Facts pulled out of one message by regex.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize)]
pub struct Entities {
    /// Height in centimetres (身高170, 1米7, 170cm).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub height_cm: Option<u32>,
    /// Weight in 斤 (120斤; 60kg is stored as 120).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub weight_jin: Option<u32>,
    /// A garment size (S…XXXL, upper case) or a numeric size (38码 → "38").
    #[serde(skip_serializing_if = "Option::is_none")]
    pub size: Option<String>,
    /// An order number the buyer quoted.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub order: Option<String>,
    /// A phone number, already masked (`138****5678`): the clear number is never kept.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub phone: Option<String>,
    /// The catalogue item id the buyer named.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub item: Option<String>,
}

/// Plausible human measurements; anything outside is some other number.
const HEIGHT_CM: std::ops::RangeInclusive<u32> = 50..=230;
const WEIGHT_JIN: std::ops::RangeInclusive<u32> = 30..=400;

fn re(pattern: &str) -> Regex {
    // The patterns are constants of this file, covered by the tests below.
    Regex::new(pattern).unwrap_or_else(|e| panic!("built-in entity regex `{pattern}`: {e}"))
}

/// Height forms with digits. Groups: 1 身高N / Ncm / N高, 2 身高N, 3-4
/// N米M, 5-6 N.M米. `N高` is a height (`他12岁 150高`), not `159高腰`.
static HEIGHT: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"(?:身高(?:是|有|大概|:)?|(?:^|[^\d.]))(\d{3})(?:cm|公分|厘米|高(?:$|[^腰帮领跟筒档]))|身高(?:是|有|大概|:)?(\d{3})|(?:^|[^\d.])([12])米(\d{1,2})|(?:^|[^\d.])([12])\.(\d{1,2})(?:米|m(?:$|[^a-z]))",
    )
});
/// `170 120斤`, `170/60kg`, `170120斤`: a height directly before a weight.
static PAIR: LazyLock<Regex> = LazyLock::new(|| {
    re(r"(?:^|[^\d.])(1[3-9]\d|2[0-2]\d)[,/、。;]?(\d{2,3}(?:\.\d)?)(斤|kg|公斤|千克)")
});
/// `120斤 165`, `130斤,162`: a height right after a weight with its unit
/// (normalising took the space out). Only 140–199, and not a price.
static WEIGHT_THEN_HEIGHT: LazyLock<Regex> = LazyLock::new(|| {
    re(r"\d(?:斤|kg|公斤|千克)[,/、。;]?(?:身高)?(1[4-9]\d)(?:cm|公分|厘米)?(?:$|[^\d.%元块])")
});
/// `170,120` without units: only with a separator and both numbers plausible.
static BARE_PAIR: LazyLock<Regex> =
    LazyLock::new(|| re(r"(?:^|[^\d.])(1[4-9]\d)[,/、](\d{2,3})(?:$|[^\d.%元块])"));
/// Groups: 1-2 N斤 / Nkg, 3-4 体重N (unit optional).
static WEIGHT: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"(?:^|[^\d.])(\d{2,3}(?:\.\d+)?)(斤|kg|公斤|千克)|体重(?:是|有|大概|:)?(\d{2,3}(?:\.\d+)?)(斤|kg|公斤|千克)?",
    )
});
/// `一米六`, `一米六五`. Group 4, `十` or `百` right after, means the last
/// digit starts the next number: normalising took the space out of `一米六
/// 九十斤`, which must not read as 1.69 m.
static CHINESE_HEIGHT: LazyLock<Regex> =
    LazyLock::new(|| re(r"([一二两])米([一二三四五六七八九])([零一二三四五六七八九])?([十百])?"));
static CHINESE_WEIGHT: LazyLock<Regex> =
    LazyLock::new(|| re(r"([零一二两三四五六七八九十百]{1,6})(斤|公斤|千克)"));
/// Letter sizes, not inside a word (`love`, `xlarge`) nor after a digit (`1.75m`, `cm`).
static LETTER_SIZE: LazyLock<Regex> =
    LazyLock::new(|| re(r"(?:^|[^a-z0-9.'])(xxxl|xxl|xl|xs|[23]xl|s|m|l)(?:$|[^a-z])"));
static NUMERIC_SIZE: LazyLock<Regex> = LazyLock::new(|| re(r"(?:^|[^\d.])(\d{2})码"));
static ORDER_AFTER_WORD: LazyLock<Regex> =
    LazyLock::new(|| re(r"(?:订单编号|订单号|订单|单号)(?:是|为|:)?(\d{6,30})"));
/// A phone number written in groups (`138-1234-5678`, `138 1234 5678` → `138,1234,5678`).
static GROUPED_PHONE: LazyLock<Regex> =
    LazyLock::new(|| re(r"(?:^|\D)(1[3-9]\d)[-,](\d{4})[-,](\d{4})(?:$|\D)"));

/// Compiles every entity regex, so the first message does not pay for it.
pub(super) fn warm_up() {
    for regex in [
        &HEIGHT,
        &PAIR,
        &BARE_PAIR,
        &WEIGHT_THEN_HEIGHT,
        &WEIGHT,
        &CHINESE_HEIGHT,
        &CHINESE_WEIGHT,
        &LETTER_SIZE,
        &NUMERIC_SIZE,
        &ORDER_AFTER_WORD,
        &GROUPED_PHONE,
    ] {
        LazyLock::force(regex);
    }
    readings::warm_up();
    sizing::warm_up();
    budget::warm_up();
    // Masking runs on every turn a session keeps (the address regex is the
    // largest here, about 15 M instructions to compile), places on shipping
    // questions.
    mask::warm_up();
    place::warm_up();
}

/// Extracts entities from normalised text; `item` is left to the classifier.
pub fn extract_entities(normalized: &str) -> Entities {
    extract_with(normalized, &Census::of(normalized))
}

/// Extraction running only the regexes `k` allows; [`Census::of`] allows
/// every one that could match, so the result is that of running them all.
fn extract_with(t: &str, k: &Census) -> Entities {
    let mut e = Entities::default();
    if k.ascii_digit {
        numeric_measurements(t, k, &mut e);
        numbers(t, k, &mut e);
        if k.digit_size_unit {
            e.size = asked_now(&NUMERIC_SIZE, t).map(|c| c[1].to_string());
        }
    }
    if k.chinese_height && e.height_cm.is_none() {
        e.height_cm = CHINESE_HEIGHT.captures(t).and_then(|c| {
            let meters = chinese_digit(&c[1])?;
            let tens = chinese_digit(&c[2])?;
            let units = match (c.get(3), c.get(4)) {
                (Some(u), None) => chinese_digit(u.as_str())?,
                _ => 0,
            };
            Some(meters * 100 + tens * 10 + units)
        });
    }
    if e.weight_jin.is_none() && k.chinese_weight {
        let weight = CHINESE_WEIGHT.captures_iter(t).find_map(|c| {
            let digits = c.get(1)?;
            let jin = weight_in_numerals(digits.as_str(), &c[2])?;
            Some((jin, digits.start()))
        });
        if let Some((jin, start)) = weight {
            e.weight_jin = Some(jin);
            // `160 九十斤`: a height in digits right before it.
            if e.height_cm.is_none() {
                e.height_cm = digit_height_before(&t[..start]);
            }
        }
    }
    if k.letter_size {
        if let Some(c) = asked_now(&LETTER_SIZE, t) {
            e.size = Some(canonical_size(&c[1]));
        }
    }
    e
}

/// The first size `re` finds in `t`, or the first after the last `那`:
/// `XL没货了啊 那L会不会小` asks about L, the size it turns to.
fn asked_now<'t>(re: &Regex, t: &'t str) -> Option<regex::Captures<'t>> {
    let first = re.captures(t)?;
    let turned = t.rfind('那').and_then(|at| re.captures_at(t, at));
    Some(turned.unwrap_or(first))
}

/// A weight in Chinese numerals and its unit, in 斤. The numerals may start
/// with the end of a height the normalised text ran into them (`一米六九十
/// 斤`, `一米七一百二十斤`), so the longest tail that is a plausible weight
/// counts.
fn weight_in_numerals(numerals: &str, unit: &str) -> Option<u32> {
    numerals.char_indices().find_map(|(at, _)| {
        let n = parse_chinese_number(&numerals[at..])?;
        let jin = if unit == "斤" { n } else { n * 2 };
        WEIGHT_JIN.contains(&jin).then_some(jin)
    })
}

/// A height of three digits at the end of `before` (`160`, `160,`), as
/// written right before a weight in Chinese numerals.
fn digit_height_before(before: &str) -> Option<u32> {
    let before = before.trim_end_matches([',', '/', '、']);
    let digits = before.bytes().rev().take_while(u8::is_ascii_digit).count();
    if digits != 3 {
        return None;
    }
    let cm: u32 = before[before.len() - 3..].parse().ok()?;
    (140..=229).contains(&cm).then_some(cm)
}

fn canonical_size(letters: &str) -> String {
    match letters {
        "2xl" => "XXL".to_string(),
        "3xl" => "XXXL".to_string(),
        other => other.to_ascii_uppercase(),
    }
}

/// Height and weight written with digits.
fn numeric_measurements(t: &str, k: &Census, e: &mut Entities) {
    let pair = if k.digit_weight_unit {
        PAIR.captures(t)
    } else {
        None
    };
    if let Some(c) = pair {
        e.height_cm = c[1].parse().ok();
        e.weight_jin = to_jin(&c[2], Some(&c[3]));
    }
    if e.height_cm.is_none() && (k.height_word || k.digit_height_unit) {
        e.height_cm = HEIGHT.captures_iter(t).find_map(|c| {
            let cm = if let Some(n) = c.get(1).or(c.get(2)) {
                n.as_str().parse().ok()?
            } else if let (Some(m), Some(rest)) = (c.get(3).or(c.get(5)), c.get(4).or(c.get(6))) {
                let m: u32 = m.as_str().parse().ok()?;
                let digits = rest.as_str();
                let rest: u32 = digits.parse().ok()?;
                // 1米7 and 1.7米 are 170; 1米75 and 1.75米 are 175.
                m * 100 + if digits.len() == 1 { rest * 10 } else { rest }
            } else {
                return None;
            };
            HEIGHT_CM.contains(&cm).then_some(cm)
        });
    }
    if e.weight_jin.is_none() && (k.digit_weight_unit || k.weight_word) {
        e.weight_jin = WEIGHT.captures_iter(t).find_map(|c| {
            let (n, unit) = match c.get(1) {
                Some(n) => (n, c.get(2)),
                None => (c.get(3)?, c.get(4)),
            };
            to_jin(n.as_str(), unit.map(|u| u.as_str()))
        });
    }
    if e.height_cm.is_none() && e.weight_jin.is_some() && k.digit_weight_unit {
        e.height_cm = (WEIGHT_THEN_HEIGHT.captures(t)).and_then(|c| c[1].parse().ok());
    }
    if e.height_cm.is_none() && e.weight_jin.is_none() && k.digit_pair_separator {
        if let Some(c) = BARE_PAIR.captures(t) {
            let weight: u32 = c[2].parse().unwrap_or(0);
            if (70..=250).contains(&weight) {
                e.height_cm = c[1].parse().ok();
                e.weight_jin = Some(weight);
            }
        }
    }
    if e.height_cm.is_none() && e.weight_jin.is_none() {
        e.height_cm = bare_height(t);
    }
}

/// A message that is a height and nothing else: `160`, `我160`, typically
/// the answer to "发一下身高体重", or a height and a question of fit
/// (`我155会不会太长`, `我170穿合适吗`). Any other bare number (a weight, a
/// price, a quantity) is too ambiguous to read without a unit; a three-digit
/// number between 140 and 199 alone, or before a question of fit, is a
/// height.
fn bare_height(t: &str) -> Option<u32> {
    let n = t
        .strip_prefix('我')
        .or_else(|| t.strip_prefix("本人"))
        .unwrap_or(t);
    let digits = n.bytes().take_while(u8::is_ascii_digit).count();
    let (n, rest) = n.split_at(digits);
    let rest = rest.trim_end_matches(['。', '~', '!', '.', '?', '哦', '呀', '啊']);
    let fits = rest.is_empty()
        || (FIT_QUESTIONS.iter().any(|q| rest.starts_with(q))
            && FIT_WORDS.iter().any(|w| rest.contains(w)));
    if digits != 3 || !fits {
        return None;
    }
    n.parse().ok().filter(|cm| (140..=199).contains(cm))
}

/// How a question of fit goes on after a bare height (`我155会不会太长`),
/// and the words one of them must hold: `159会降价吗` and `150太贵了` are
/// prices.
const FIT_QUESTIONS: &[&str] = &[
    "会不会",
    "会",
    "穿",
    "能穿",
    "合适",
    "适合",
    "个子",
    "的个子",
];
const FIT_WORDS: &[&str] = &["穿", "长", "短", "大", "小", "合适", "适合", "个子", "够"];

/// A weight in 斤. Without a unit (`体重120`) numbers under 80 are read as kg:
/// no adult buying clothes weighs 60 斤, many weigh 60 kg.
fn to_jin(number: &str, unit: Option<&str>) -> Option<u32> {
    let n: f32 = number.parse().ok()?;
    let jin = match unit {
        Some("斤") => n,
        Some(_) => n * 2.0,
        None if n < 80.0 => n * 2.0,
        None => n,
    };
    let jin = jin.round() as u32;
    WEIGHT_JIN.contains(&jin).then_some(jin)
}

/// Phone and order numbers, from the runs of digits in the text.
fn numbers(t: &str, k: &Census, e: &mut Entities) {
    for (start, run) in digit_runs(t) {
        let after = t[start + run.len()..].chars().next();
        // `+8613987654321`: the country code is no part of the number.
        let local = run.strip_prefix("86").filter(|rest| is_phone(rest));
        if e.phone.is_none() && (is_phone(run) || local.is_some()) {
            e.phone = Some(mask_phone(local.unwrap_or(run)));
        } else if e.order.is_none() && run.len() >= 10 && !is_id_number(run, after) {
            e.order = Some(run.to_string());
        }
    }
    if e.phone.is_none() && k.digit_group_separator {
        if let Some(c) = GROUPED_PHONE.captures(t) {
            e.phone = Some(format!("{}****{}", &c[1], &c[3]));
        }
    }
    // An explicit 订单号 wins over a bare long number.
    let quoted = if k.order_word {
        ORDER_AFTER_WORD.captures(t)
    } else {
        None
    };
    if let Some(c) = quoted {
        if !is_phone(&c[1]) {
            e.order = Some(c[1].to_string());
        }
    }
}

/// Maximal runs of ASCII digits, with their byte offsets.
fn digit_runs(t: &str) -> impl Iterator<Item = (usize, &str)> {
    let bytes = t.as_bytes();
    let mut i = 0;
    std::iter::from_fn(move || {
        while i < bytes.len() && !bytes[i].is_ascii_digit() {
            i += 1;
        }
        let start = i;
        while i < bytes.len() && bytes[i].is_ascii_digit() {
            i += 1;
        }
        (i > start).then(|| (start, &t[start..i]))
    })
}

/// A mainland mobile number: 11 digits, `1[3-9]…`.
fn is_phone(run: &str) -> bool {
    let b = run.as_bytes();
    b.len() == 11
        && b[0] == b'1'
        && (b'3'..=b'9').contains(&b[1])
        && b.iter().all(u8::is_ascii_digit)
}

/// `138****5678`: enough to recognise a number, not enough to call it.
fn mask_phone(run: &str) -> String {
    format!("{}****{}", &run[..3], &run[run.len() - 4..])
}

/// A resident ID number: 18 digits, or 17 digits and `x`, with a plausible
/// birth date (`YYYYMMDD` at offset 6). Order numbers of 18 digits rarely
/// carry one, so this keeps them apart well enough.
fn is_id_number(run: &str, next: Option<char>) -> bool {
    let digits = match (run.len(), next) {
        (18, _) => run,
        (17, Some('x' | 'X')) => run,
        _ => return false,
    };
    let year: u32 = digits[6..10].parse().unwrap_or(0);
    let month: u32 = digits[10..12].parse().unwrap_or(0);
    let day: u32 = digits[12..14].parse().unwrap_or(0);
    (1900..=2099).contains(&year) && (1..=12).contains(&month) && (1..=31).contains(&day)
}

#[cfg(test)]
mod tests;
