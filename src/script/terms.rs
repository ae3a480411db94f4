//! Deals as the shop's wording states them: `满199减20`, `任选2件9.5折`.
//!
//! The bot counts a deal by its numbers (a coupon's `min_spend` and `off`,
//! `[shop] multi_buy`) and quotes it by its words (the coupon's `text`,
//! `[shop] promotion`). When a campaign changes and only the words are
//! edited, buyers are told one deal and quoted prices worked out with
//! another. These read the numbers back out of the words so the checks can
//! compare them; text is read as messages are (`满１９９減２０` too).

use crate::nlu::normalize;
use regex::Regex;
use std::sync::LazyLock;

/// `满199减20`, `满199元减20元`, `每满300减30`.
static SPEND_OFF: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"满(\d+)元?减(\d+)").expect("a valid regex"));

/// `2件9.5折`, `任选两件享95折`, `3件打八折`, `两件八五折`.
static PIECES_OFF: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(\d+|[两二三四五六七八九十])件[享打可即就能立]{0,3}(\d+(?:\.\d+)?|[一二三四五六七八九][一二三四五六七八九]?)折")
        .expect("a valid regex")
});

/// Every `满N减M` the text says, as `(N, M)` in yuan.
pub fn spend_offs(text: &str) -> Vec<(u32, u32)> {
    let text = normalize(text).text;
    (SPEND_OFF.captures_iter(&text))
        .filter_map(|c| Some((c[1].parse().ok()?, c[2].parse().ok()?)))
        .collect()
}

/// Every `N件X折` the text says, as `(N, rate)`: `2件9.5折` is `(2, 0.95)`.
pub fn piece_discounts(text: &str) -> Vec<(u32, f64)> {
    let text = normalize(text).text;
    (PIECES_OFF.captures_iter(&text))
        .filter_map(|c| Some((pieces(&c[1])?, rate(&c[2])?)))
        .collect()
}

/// `2`, `两`, `十`.
fn pieces(said: &str) -> Option<u32> {
    said.parse()
        .ok()
        .or_else(|| chinese_digits(said)?.parse().ok())
        .or((said == "十").then_some(10))
}

/// A discount as 折 say it: `9.5` and `95` are 0.95, `8` and `八` 0.8,
/// `八五` 0.85.
fn rate(said: &str) -> Option<f64> {
    let digits = chinese_digits(said).unwrap_or_else(|| said.to_string());
    let value: f64 = digits.parse().ok()?;
    let rate = if digits.contains('.') || digits.len() == 1 {
        value / 10.0
    } else {
        value / 100.0
    };
    (rate > 0.0 && rate < 1.0).then_some(rate)
}

/// `八五` → `85`; `None` unless every character is a Chinese digit 一–九
/// (or 两, 二).
fn chinese_digits(said: &str) -> Option<String> {
    said.chars()
        .map(|ch| {
            let digit = crate::nlu::chinese_numeral(ch).filter(|d| *d > 0)?;
            char::from_digit(digit, 10)
        })
        .collect()
}

/// How a rate reads in 折: 0.95 is `9.5`, 0.8 is `8`.
pub fn zhe(rate: f64) -> String {
    format!("{}", (rate * 100.0).round() / 10.0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spend_offs_are_read_in_the_ways_shops_write_them() {
        assert_eq!(spend_offs("满199减20的店铺券"), [(199, 20)]);
        assert_eq!(spend_offs("满199元减20元"), [(199, 20)]);
        assert_eq!(
            spend_offs("全店满１９９減２０,满399减50"),
            [(199, 20), (399, 50)]
        );
        assert_eq!(spend_offs("店铺券"), []);
    }

    #[test]
    fn piece_discounts_are_read_in_the_ways_shops_write_them() {
        assert_eq!(
            piece_discounts("全店任选2件享9.5折,可与店铺券叠加"),
            [(2, 0.95)]
        );
        assert_eq!(piece_discounts("任选3件8折"), [(3, 0.8)]);
        assert_eq!(piece_discounts("两件95折"), [(2, 0.95)]);
        assert_eq!(piece_discounts("三件打八五折"), [(3, 0.85)]);
        assert_eq!(piece_discounts("第二件半价"), []);
        assert_eq!(zhe(0.95), "9.5");
        assert_eq!(zhe(0.8), "8");
    }
}
