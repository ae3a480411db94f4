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

use regex::Regex;
use std::sync::LazyLock;

mod census;
mod mask;
mod numerals;

use census::Census;
pub use mask::{has_address, mask_private};
use numerals::{chinese_digit, parse_chinese_number};

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

/// Height forms with digits. Groups: 1 身高N / Ncm, 2-3 N米M, 4-5 N.M米.
static HEIGHT: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"(?:身高(?:是|有|大概|:)?|(?:^|[^\d.]))(\d{3})(?:cm|公分|厘米)|身高(?:是|有|大概|:)?(\d{3})|(?:^|[^\d.])([12])米(\d{1,2})|(?:^|[^\d.])([12])\.(\d{1,2})(?:米|m(?:$|[^a-z]))",
    )
});
/// `170 120斤`, `170/60kg`, `170120斤`: a height directly before a weight.
static PAIR: LazyLock<Regex> = LazyLock::new(|| {
    re(r"(?:^|[^\d.])(1[3-9]\d|2[0-2]\d)[,/、。;]?(\d{2,3}(?:\.\d)?)(斤|kg|公斤|千克)")
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
static CHINESE_HEIGHT: LazyLock<Regex> =
    LazyLock::new(|| re(r"([一二两])米([一二三四五六七八九])([零一二三四五六七八九])?"));
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

/// A waist measurement. Groups: 1 腰围N (cm, or inches up to 45), 2 Ncm腰,
/// 3-4 N尺M (市尺: 2尺1 is 2.1 尺, 70 cm), 5 `码` right after, which makes
/// it `尺码` and no measurement.
static WAIST: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"腰围?(?:是|有|大概|:)?(\d{2,3})(?:cm|厘米|公分)?|(\d{2,3})(?:cm|厘米|公分)的?腰|([一二两三1-3])尺([一二三四五六七八九\d])?(码)?",
    )
});

/// The buyer's waist in centimetres (`腰围70`, `70cm的腰`, `两尺一`, `2尺2`,
/// `腰围28`, read as inches), from normalised text; `None` when the message
/// gives none. Not part of [`extract_entities`]: only the size answer needs
/// it, and it costs the classifier nothing there.
pub fn waist_cm(normalized: &str) -> Option<u32> {
    if !normalized.contains('尺') && !normalized.contains('腰') {
        return None;
    }
    let plausible = |cm: u32| (50..=130).contains(&cm).then_some(cm);
    WAIST.captures_iter(normalized).find_map(|c| {
        if let Some(n) = c.get(1).or(c.get(2)) {
            let n: u32 = n.as_str().parse().ok()?;
            // `腰围28` is the inch size buyers know from jeans labels.
            return plausible(if n <= 45 {
                (n as f32 * 2.54).round() as u32
            } else {
                n
            });
        }
        if c.get(5).is_some() {
            return None;
        }
        let digit = |s: &str| s.parse().ok().or_else(|| chinese_digit(s));
        let whole: u32 = digit(&c[3])?;
        let tenths: u32 = c.get(4).map_or(Some(0), |d| digit(d.as_str()))?;
        // One 市尺 is a third of a metre.
        plausible(((whole * 10 + tenths) as f32 * 10.0 / 3.0).round() as u32)
    })
}

/// A size worn (`平时穿38`, `我穿的是36`, `一般穿40号`, `平时穿l码`): two
/// digits or a letter size after `穿`, not part of a longer number or word
/// nor a measure (`穿50公斤`), and not a question about that size (`能穿xl吗`,
/// `穿m码合适吗`, `穿l大吗`), which asks whether it fits rather than says
/// what the buyer wears.
static WORN_SIZE: LazyLock<Regex> = LazyLock::new(|| {
    re(concat!(
        r"(?:^|[^能可以])穿(?:的是|的|了)?(\d{2}|xxxl|xxl|[23]xl|xl|xs|s|m|l)(?:码|号)?",
        r"(?:$|[^\da-z.码号斤kgc公厘米合可行能会够大小偏吗嘛么])"
    ))
});

/// The size a buyer says they wear (`我平时穿38` → `38`, `平时穿l码` →
/// `L`), from normalised text. For shoes and jeans buyers leave the `码`
/// out, so a number is read here that is not a size entity. Like
/// [`waist_cm`], not part of [`extract_entities`]: the policy reads it, and
/// keeps it only if the item in talk comes in that size; a size it keeps is
/// the one to recommend, over what the chart says.
pub fn worn_size(normalized: &str) -> Option<String> {
    if !normalized.contains('穿') {
        return None;
    }
    WORN_SIZE
        .captures(normalized)
        .map(|c| canonical_size(&c[1]))
}

/// A size up or down (`大一码`, `小一号`, `有没有大一点的`, `拍大两码`),
/// not a fit the shop describes (`偏大一码`).
static SIZE_STEP: LazyLock<Regex> =
    LazyLock::new(|| re(r"(?:^|[^偏])(大|小)(一|1|两|2)个?(?:码|号|点)"));

/// Asking whether to go up or down (`要不要大一码`, `拍大一码会不会太大`)
/// rather than asking for it.
const ASKS_WHETHER: &[&str] = &[
    "要不要",
    "需不需要",
    "用不用",
    "会不会",
    "是不是",
    "合适",
    "好不好",
    "行不行",
    "可以吗",
];

/// How many sizes up (positive) or down (negative) from the one in talk the
/// buyer asks for (`那拍大一码吧` → 1, `有小一号的吗` → -1); `None` when the
/// message asks for no step, or asks whether to take one (`要大一码吗`),
/// which is a question for the size advice. Like [`worn_size`], read by the
/// policy only when a size is in talk.
pub fn size_step(normalized: &str) -> Option<i8> {
    let c = SIZE_STEP.captures(normalized)?;
    let asks_whether = ASKS_WHETHER.iter().any(|w| normalized.contains(w))
        || (normalized.contains('吗') && !normalized.contains('有'));
    if asks_whether {
        return None;
    }
    let n = if matches!(&c[2], "两" | "2") { 2 } else { 1 };
    Some(if &c[1] == "大" { n } else { -n })
}

/// A number of pieces (`两件`, `3条`, `俩`), up to 99, before the question
/// about them (`两件一共`, `3条能用券吗`).
static QUANTITY: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"(\d{1,2}|[一二两三四五六七八九十]|俩)(?:件|条|双|个|套|份)?(?:一共|总共|合计|加起来|的话|到手|优惠|多少|能|可以|够)",
    )
});

/// A coupon named by `券` or by its threshold (`满199`).
static COUPON: LazyLock<Regex> = LazyLock::new(|| re(r"券|满\d"));

/// Words that ask whether a coupon applies (`能用吗`, `够满199吗`).
const ASKS_COUPON: &[&str] = &[
    "能用",
    "可以用",
    "能不能用",
    "可不可以用",
    "用得上",
    "用得了",
    "够",
];

/// Words that ask what something comes to in the end.
const ASKS_TOTAL: &[&str] = &[
    "一共",
    "总共",
    "合计",
    "加起来",
    "算下来",
    "总价",
    "到手价",
    "到手多少",
    "优惠完",
    "优惠后",
    "券后",
    "用券后",
    "用完券",
];

/// What the buyer asks the price of: `Some(pieces)` for a question about
/// what they would pay in the end (`两件一共多少钱` → 2, `到手价多少` → 1,
/// `3条优惠完多少` → 3) or whether a coupon applies to it (`满199减20
/// 我买两件能用吗` → 2, `这个能用券吗` → 1); `None` for any other message,
/// a plain `多少钱` included, which the item's price answers. Like
/// [`worn_size`], read by the policy only when an item is in talk.
pub fn price_asked(normalized: &str) -> Option<u32> {
    let pieces = QUANTITY.captures(normalized).and_then(|c| match &c[1] {
        "俩" => Some(2),
        "十" => Some(10),
        n => n.parse().ok().or_else(|| chinese_digit(n)),
    });
    let total = ASKS_TOTAL.iter().any(|w| normalized.contains(w))
        || (pieces.is_some_and(|n| n > 1) && normalized.contains("多少"))
        || (ASKS_COUPON.iter().any(|w| normalized.contains(w)) && COUPON.is_match(normalized));
    total.then_some(pieces.unwrap_or(1)).filter(|n| *n > 0)
}

/// A colour by its common name: a base colour and `色` or `的` (`白色`,
/// `米白色`, `黑的`), not `明白的`.
static COLOUR: LazyLock<Regex> = LazyLock::new(|| {
    re(r"(?:^|[^明坦])(藏青|酒红|军绿|卡其|[白黑红蓝绿黄紫粉灰棕咖米杏驼橙青银金])(?:色|的)")
});

/// The base colour the buyer names by its common name (`有白色的吗` → `白`,
/// `藏青色好看吗` → `藏青`), if any. The policy compares it with the item's
/// own colours: `蓝` is answered with the jeans' 深蓝色 and 浅蓝色, and a
/// colour the item does not come in with the colours it does. Like
/// [`worn_size`], read by the policy only when it matters.
pub fn colour_named(normalized: &str) -> Option<&str> {
    if !normalized.contains('色') && !normalized.contains('的') {
        return None;
    }
    COLOUR
        .captures(normalized)
        .and_then(|c| c.get(1))
        .map(|m| m.as_str())
}

/// Compiles every entity regex, so the first message does not pay for it.
pub(super) fn warm_up() {
    for regex in [
        &HEIGHT,
        &PAIR,
        &BARE_PAIR,
        &WEIGHT,
        &CHINESE_HEIGHT,
        &CHINESE_WEIGHT,
        &COUPON,
        &LETTER_SIZE,
        &NUMERIC_SIZE,
        &ORDER_AFTER_WORD,
        &GROUPED_PHONE,
        &WAIST,
        &WORN_SIZE,
        &SIZE_STEP,
        &QUANTITY,
        &COLOUR,
    ] {
        LazyLock::force(regex);
    }
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
            e.size = NUMERIC_SIZE.captures(t).map(|c| c[1].to_string());
        }
    }
    if k.chinese_height && e.height_cm.is_none() {
        e.height_cm = CHINESE_HEIGHT.captures(t).and_then(|c| {
            let meters = chinese_digit(&c[1])?;
            let tens = chinese_digit(&c[2])?;
            let units = c.get(3).map_or(Some(0), |u| chinese_digit(u.as_str()))?;
            Some(meters * 100 + tens * 10 + units)
        });
    }
    if e.weight_jin.is_none() && k.chinese_weight {
        e.weight_jin = CHINESE_WEIGHT.captures_iter(t).find_map(|c| {
            let n = parse_chinese_number(&c[1])?;
            let jin = if &c[2] == "斤" { n } else { n * 2 };
            WEIGHT_JIN.contains(&jin).then_some(jin)
        });
    }
    if k.letter_size {
        if let Some(c) = LETTER_SIZE.captures(t) {
            e.size = Some(canonical_size(&c[1]));
        }
    }
    e
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
/// the answer to "发一下身高体重". Any other bare number (a weight, a price,
/// a quantity) is too ambiguous to read without a unit; a three-digit number
/// between 140 and 199 alone is a height.
fn bare_height(t: &str) -> Option<u32> {
    let n = t
        .strip_prefix('我')
        .or_else(|| t.strip_prefix("本人"))
        .unwrap_or(t);
    let n = n.trim_end_matches(['。', '~', '!', '.', '哦', '呀', '啊']);
    if n.len() != 3 || !n.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    n.parse().ok().filter(|cm| (140..=199).contains(cm))
}

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
        if e.phone.is_none() && is_phone(run) {
            e.phone = Some(mask_phone(run));
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
