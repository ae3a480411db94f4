//! `[shop] promotion` against the deals prices are worked out with.
//!
//! The promotion is what `有什么活动` quotes; `multi_buy` and the coupons'
//! numbers are what `两件多少钱` counts. A campaign changed in the words
//! alone (`任选3件8折` over `multi_buy = { items = 2, rate = 0.95 }`) has
//! the bot announce one deal and price another. The promotion is free text
//! and may say more than the numbers can, so this is a warning; a coupon's
//! own text contradicting its numbers is an error (`facts`).

use super::Warning;
use crate::script::terms::{piece_discounts, spend_offs, zhe};
use crate::script::{Location, Shop};

/// What the promotion at `at` says that the shop's numbers do not count.
pub(super) fn promotion(text: &str, at: &Location, shop: &Shop) -> Vec<Warning> {
    let mut warnings = Vec::new();
    let mut warn = |message: String| {
        warnings.push(Warning {
            at: at.clone(),
            message,
        })
    };
    let said = piece_discounts(text);
    if let Some(&(items, rate)) = said.first() {
        match shop.multi_buy {
            None => warn(format!(
                "promotion says {items}件{}折, but [shop] has no multi_buy: prices the bot works \
                 out leave it out (add multi_buy = {{ items = {items}, rate = {rate} }})",
                zhe(rate)
            )),
            Some(m)
                if !said
                    .iter()
                    .any(|&(n, r)| n == m.items && (r - m.rate).abs() < 1e-6) =>
            {
                warn(format!(
                    "promotion says {items}件{}折, but multi_buy counts {}件{}折 (items = {}, \
                     rate = {}) in the prices the bot works out: make them say the same deal",
                    zhe(rate),
                    m.items,
                    zhe(m.rate),
                    m.items,
                    m.rate
                ))
            }
            Some(_) => {}
        }
    }
    let counted: Vec<(u32, u32)> = (shop.coupons.iter())
        .filter_map(|c| c.deal.map(|d| (d.min_spend, d.off)))
        .collect();
    for (min, off) in spend_offs(text) {
        if !counted.contains(&(min, off)) {
            warn(format!(
                "promotion says 满{min}减{off}, but no [[coupon]] has min_spend = {min} and \
                 off = {off}: prices the bot works out leave it out"
            ));
        }
    }
    if let Some(m) = shop.multi_buy {
        let canonical = crate::nlu::normalize(text).text;
        let refuses = ["不与", "不可", "不能", "不"]
            .iter()
            .any(|no| canonical.contains(&format!("{no}叠加")))
            || (canonical.contains("不与") && canonical.contains("叠加"));
        let allows = !refuses && canonical.contains("叠加");
        if m.with_coupons && refuses {
            warn(
                "promotion says the discount does not stack with coupons, but multi_buy has \
                 with_coupons = true: prices the bot works out take both off"
                    .to_string(),
            );
        } else if !m.with_coupons && allows {
            warn(
                "promotion says the discount stacks with coupons, but multi_buy has no \
                 with_coupons = true: prices the bot works out take only the better of them"
                    .to_string(),
            );
        }
    }
    warnings
}
