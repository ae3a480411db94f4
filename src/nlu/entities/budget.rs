//! What a buyer wants to spend: `500以内`, `300左右`, `预算一千`,
//! `100到200元`, and whether they ask for something cheaper than what they
//! look at (`有没有便宜点的`).
//!
//! Read by the policy when it recommends items, not on every message: a
//! number with `以内` means money only where the buyer is choosing goods
//! (`3天以内能到吗` puts a unit between the two and is not read at all).

use regex::Regex;
use serde::{Deserialize, Serialize};
use std::sync::LazyLock;

use super::numerals::{chinese_digit, parse_chinese_number};
use super::re;
use crate::nlu::has;

/// A price range in yuan.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Budget {
    /// At most this much: `500以内`, `不超过500`, `预算500`.
    Within(u32),
    /// About this much: `300左右`, `200上下`.
    Around(u32),
    /// At least this much: `200以上`.
    Above(u32),
    /// From the first to the second: `100到200元`.
    Between(u32, u32),
}

impl Budget {
    /// Whether an item at `price` is in range. `Around` reaches a quarter
    /// above the figure and 30% below: a buyer who says 300左右 looks at
    /// 259 and 299, not at 59.
    pub fn allows(&self, price: f64) -> bool {
        let (low, high) = match *self {
            Budget::Within(n) => (0.0, f64::from(n)),
            Budget::Around(n) => (f64::from(n) * 0.7, f64::from(n) * 1.25),
            Budget::Above(n) => (f64::from(n), f64::INFINITY),
            Budget::Between(a, b) => (f64::from(a), f64::from(b)),
        };
        (low..=high).contains(&price)
    }

    /// The range as a reply says it: `500元以内`.
    pub fn text(&self) -> String {
        match *self {
            Budget::Within(n) => format!("{n}元以内"),
            Budget::Around(n) => format!("{n}元左右"),
            Budget::Above(n) => format!("{n}元以上"),
            Budget::Between(a, b) => format!("{a}到{b}元"),
        }
    }
}

/// An amount: digits, or Chinese numerals up to 9999 (`五百`, `一千五`).
const AMOUNT: &str = r"(\d{2,5}|[一二两三四五六七八九十百千零]{1,6})";

static BETWEEN: LazyLock<Regex> = LazyLock::new(|| {
    re(&format!(
        r"{AMOUNT}(?:元|块)?(?:到|至|-|~){AMOUNT}(?:元|块)|预算(?:是|大概|大约|在)?{AMOUNT}(?:到|至|-|~){AMOUNT}"
    ))
});
static AROUND: LazyLock<Regex> = LazyLock::new(|| {
    re(&format!(
        r"{AMOUNT}(?:元|块钱|块)?(?:左右|上下|的价位|价位)"
    ))
});
static WITHIN: LazyLock<Regex> = LazyLock::new(|| {
    re(&format!(
        r"{AMOUNT}(?:元|块钱|块)?(?:以内|之内|以下|内的|封顶)|(?:不超过|不要超过|别超过|最多|顶多|不高于|预算(?:是|大概|大约|在|有|就|只有)?){AMOUNT}"
    ))
});
static ABOVE: LazyLock<Regex> = LazyLock::new(|| re(&format!(r"{AMOUNT}(?:元|块钱|块)?以上")));

/// `便宜点的`, `实惠一些的`, `更便宜的`: asking for another, cheaper item
/// (not `能便宜点吗`, which bargains over this one).
static CHEAPER: LazyLock<Regex> =
    LazyLock::new(|| re(r"(?:^|[^么])(?:更|再)?(?:便宜|实惠|划算)(?:一)?(?:点|些)?的"));

/// The buyer's budget, if the message states one. Amounts under 10 yuan
/// are not a budget for clothes (`3以内`).
pub fn budget(normalized: &str) -> Option<Budget> {
    // Every shape needs an amount: most messages have none to look at.
    if !normalized
        .chars()
        .any(|ch| ch.is_ascii_digit() || "一二两三四五六七八九十百千".contains(ch))
    {
        return None;
    }
    let amount = |caps: &regex::Captures<'_>, from: usize| {
        (from..caps.len())
            .find_map(|i| caps.get(i))
            .and_then(|m| amount(m.as_str()))
            .filter(|n| *n >= 10)
    };
    if let Some(caps) = BETWEEN.captures(normalized) {
        let first = amount(&caps, 1)?;
        // The second amount is the group after the first one that matched.
        let at = (1..caps.len()).find(|i| caps.get(*i).is_some())?;
        let second = amount(&caps, at + 1)?;
        return (first < second).then_some(Budget::Between(first, second));
    }
    if let Some(caps) = AROUND.captures(normalized) {
        return amount(&caps, 1).map(Budget::Around);
    }
    if let Some(caps) = WITHIN.captures(normalized) {
        return amount(&caps, 1).map(Budget::Within);
    }
    ABOVE
        .captures(normalized)
        .and_then(|caps| amount(&caps, 1))
        .map(Budget::Above)
}

/// Whether the buyer asks for something cheaper than what is in talk.
pub fn asks_cheaper(normalized: &str) -> bool {
    ["便宜", "实惠", "划算"].iter().any(|w| has(normalized, w)) && CHEAPER.is_match(normalized)
}

/// `500`, `五百`, `一千`, `一千五` (1500), `两千三百`.
fn amount(text: &str) -> Option<u32> {
    if let Ok(n) = text.parse() {
        return Some(n);
    }
    match text.split_once('千') {
        None => parse_chinese_number(text),
        Some((thousands, rest)) => {
            let thousands = chinese_digit(thousands)? * 1000;
            let rest = match rest {
                "" => 0,
                // `一千五` is said for 1500, as `一百二` is for 120.
                r if chinese_digit(r).is_some() => chinese_digit(r)? * 100,
                r => parse_chinese_number(r.trim_start_matches('零'))?,
            };
            Some(thousands + rest)
        }
    }
}

/// Compiles the regexes, so the first recommendation does not pay for it.
pub(super) fn warm_up() {
    for regex in [&BETWEEN, &AROUND, &WITHIN, &ABOVE, &CHEAPER] {
        LazyLock::force(regex);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::nlu::normalize;

    fn read(text: &str) -> Option<Budget> {
        budget(&normalize(text).text)
    }

    #[test]
    fn budgets_are_read_in_the_ways_buyers_say_them() {
        assert_eq!(read("预算500以内"), Some(Budget::Within(500)));
        assert_eq!(read("有没有200以内的外套"), Some(Budget::Within(200)));
        assert_eq!(read("五百块以内的"), Some(Budget::Within(500)));
        assert_eq!(read("不超过300"), Some(Budget::Within(300)));
        assert_eq!(read("预算一千"), Some(Budget::Within(1000)));
        assert_eq!(read("给我推荐一下500左右的男鞋"), Some(Budget::Around(500)));
        assert_eq!(read("三百左右吧"), Some(Budget::Around(300)));
        assert_eq!(read("一千五上下"), Some(Budget::Around(1500)));
        assert_eq!(read("200以上的"), Some(Budget::Above(200)));
        assert_eq!(read("100到200元的"), Some(Budget::Between(100, 200)));
        assert_eq!(read("预算300-500"), Some(Budget::Between(300, 500)));
    }

    #[test]
    fn numbers_that_are_not_money_are_no_budget() {
        for text in [
            "3天以内能到吗",
            "100斤以内穿什么码",
            "身高160到165cm",
            "5以内",
            "我要两件",
            "多少钱",
        ] {
            assert_eq!(read(text), None, "{text}");
        }
    }

    #[test]
    fn a_range_says_what_it_allows() {
        assert!(Budget::Within(500).allows(499.0));
        assert!(!Budget::Within(500).allows(699.0));
        assert!(Budget::Around(300).allows(259.0));
        assert!(Budget::Around(300).allows(299.0));
        assert!(!Budget::Around(300).allows(129.0));
        assert!(Budget::Above(200).allows(259.0));
        assert!(!Budget::Between(100, 200).allows(59.0));
        assert_eq!(Budget::Around(300).text(), "300元左右");
    }

    #[test]
    fn asking_for_a_cheaper_one_is_not_bargaining() {
        let asks = |t: &str| asks_cheaper(&normalize(t).text);
        assert!(asks("有没有便宜点的"));
        assert!(asks("有更便宜的吗"));
        assert!(asks("想要实惠一点的"));
        assert!(!asks("能便宜点吗"));
        assert!(!asks("怎么这么便宜的"));
    }
}
