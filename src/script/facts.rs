//! Checking `[[item]]`, `[shop]` and `[[coupon]]` (`[[size_chart]]` in
//! [`charts`], `[[category]]` in [`categories`], `[[region]]` in
//! [`regions`], the items' `faq` and the shop's `[[faq]]` in [`faq`]).
//!
//! These are the facts replies quote to buyers (prices, stock, sizes, the
//! dispatch cut-off), so a fact that contradicts itself — stock for a size
//! the item does not come in, a height range upside down, a cut-off that is
//! not a time — is an error rather than something a buyer finds out.

use super::model::{self, InFile, Pack};
use super::rules::Rules;
use super::source::{hint, quoted_list, Problems, Sources};
use super::terms;
use super::{Catalog, Coupon, CouponDeal, FaqBook, Item, Location, MultiBuy, Shop};
use serde_spanned::Spanned;
use std::collections::HashMap;

mod categories;
mod charts;
mod faq;
mod regions;

pub fn check(
    pack: &Pack,
    src: &Sources,
    rules: &Rules,
    problems: &mut Problems,
) -> (Catalog, Shop) {
    let size_charts = charts::charts(pack, src, problems);
    let categories = categories::categories(pack, src, problems);
    let recipients = categories::recipients(pack, src, problems);
    // The shop first: answers (an item's or the shop's) may quote its facts.
    let mut shop = shop(pack, src, problems);
    shop.coupons = coupons(pack, src, problems);
    shop.regions = regions::regions(pack, src, problems);
    let items = items(pack, src, rules, &shop, problems);
    charts::chart_sizes(pack, src, problems);
    shop.faq = FaqBook::new(faq::of_shop(pack, src, rules, &shop, problems));
    let catalog = Catalog::new(items, size_charts, categories, recipients);
    (catalog, shop)
}

fn items(
    pack: &Pack,
    src: &Sources,
    rules: &Rules,
    shop: &Shop,
    problems: &mut Problems,
) -> Vec<Item> {
    let ids: Vec<&str> = pack
        .items
        .iter()
        .map(|i| i.value.get_ref().id.get_ref().as_str())
        .chain(pack.broken_items.iter().map(String::as_str))
        .collect();
    let chart_names: Vec<&str> = pack
        .size_charts
        .iter()
        .map(|c| c.value.get_ref().name.get_ref().as_str())
        .chain(pack.broken_charts.iter().map(String::as_str))
        .collect();
    let declared = categories::declared(pack);
    let mut out = Vec::new();
    let mut seen: HashMap<String, Location> = HashMap::new();
    for item in &pack.items {
        let before = problems.len();
        check_item(
            item,
            src,
            problems,
            &mut seen,
            &ids,
            &chart_names,
            pack.incomplete,
        );
        let faq = faq::of_item(item, pack, src, rules, shop, problems);
        let uses = categories::of_item(item, pack, &declared, src, problems);
        if problems.len() == before {
            let given = item.value.get_ref();
            let aliases: Vec<String> = given.aliases.iter().map(|a| a.get_ref().clone()).collect();
            let spoken = (std::iter::once(given.name.get_ref()).chain(&aliases))
                .map(|n| crate::nlu::normalize(n).text)
                .filter(|n| !n.is_empty())
                .collect();
            out.push(Item {
                id: given.id.get_ref().clone(),
                name: given.name.get_ref().clone(),
                aliases,
                spoken,
                price: *given.price.get_ref(),
                selling_points: given.selling_points.clone(),
                colors: given.colors.clone(),
                sizes: given.sizes.iter().map(|s| s.get_ref().clone()).collect(),
                stock: given
                    .stock
                    .iter()
                    .map(|(size, &n)| (size.get_ref().clone(), n))
                    .collect(),
                size_chart: given.size_chart.as_ref().map(|c| c.get_ref().clone()),
                size_tip: given.size_tip.clone(),
                // In the order of the sizes, which the check below made
                // the order of the lengths too.
                foot_length: (given.sizes.iter())
                    .filter_map(|size| {
                        let (_, mm) = given
                            .foot_length
                            .iter()
                            .find(|(s, _)| s.get_ref() == size.get_ref())?;
                        Some((size.get_ref().clone(), *mm.get_ref()))
                    })
                    .collect(),
                material: given.material.clone().filter(|m| !m.trim().is_empty()),
                similar: given.similar.iter().map(|s| s.get_ref().clone()).collect(),
                categories: uses.categories,
                good_for: uses.good_for,
                gift_for: uses.gift_for,
                faq: FaqBook::new(faq),
            });
        }
    }
    out
}

/// Foot lengths a buyer can use: for sizes the item has, in millimetres
/// (a foot is 150 to 350 mm; `24` is centimetres written by mistake), and
/// longer for each larger size, or "the smallest size that fits" would
/// pick the wrong one.
fn check_foot_length(
    id: &str,
    given: &model::Item,
    file: usize,
    src: &Sources,
    problems: &mut Problems,
) {
    let mut last: Option<(&str, u32)> = None;
    for size in &given.sizes {
        let Some((_, mm)) = (given.foot_length.iter()).find(|(s, _)| s.get_ref() == size.get_ref())
        else {
            continue;
        };
        let value = *mm.get_ref();
        if !(150..=350).contains(&value) {
            problems.push(
                src.of(file, mm),
                format!(
                    "item `{id}`: foot_length {value} for size `{}` is not a foot length in \
                     millimetres (150 to 350; 24.5 cm is written 245)",
                    size.get_ref()
                ),
            );
        } else if let Some((before, shorter)) = last.filter(|(_, before)| *before >= value) {
            problems.push(
                src.of(file, mm),
                format!(
                    "item `{id}`: foot_length of size `{}` ({value} mm) is not longer than \
                     that of the smaller size `{before}` ({shorter} mm)",
                    size.get_ref()
                ),
            );
        }
        last = Some((size.get_ref(), value));
    }
    for size in given.foot_length.keys() {
        if !given.sizes.iter().any(|s| s.get_ref() == size.get_ref()) {
            problems.push(
                src.of(file, size),
                format!(
                    "item `{id}`: foot_length for size `{}`, which is not in its sizes ({})",
                    size.get_ref(),
                    quoted_list(given.sizes.iter().map(|s| s.get_ref().as_str()))
                ),
            );
        }
    }
}

fn check_item(
    item: &InFile<model::Item>,
    src: &Sources,
    problems: &mut Problems,
    seen: &mut HashMap<String, Location>,
    ids: &[&str],
    chart_names: &[&str],
    incomplete: bool,
) {
    let file = item.file;
    let given = item.value.get_ref();
    let id = given.id.get_ref();
    let id_at = src.of(file, &given.id);
    if id.trim().is_empty() {
        problems.push(id_at.clone(), "empty item id");
    }
    if let Some(first) = seen.get(id) {
        problems.push(
            id_at.clone(),
            format!("duplicate item id `{id}`: it is also used at {first}"),
        );
    }
    seen.entry(id.clone()).or_insert(id_at);
    if given.name.get_ref().trim().is_empty() {
        problems.push(
            src.of(file, &given.name),
            format!("item `{id}` has an empty name"),
        );
    }
    for alias in &given.aliases {
        if alias.get_ref().trim().is_empty() {
            problems.push(src.of(file, alias), format!("empty alias of item `{id}`"));
        }
    }
    let price = *given.price.get_ref();
    if !(price.is_finite() && price > 0.0) {
        problems.push(
            src.of(file, &given.price),
            format!("item `{id}`: price must be a number of yuan above 0, got {price}"),
        );
    } else if !to_the_fen(price) {
        problems.push(
            src.of(file, &given.price),
            format!(
                "item `{id}`: price {price} is finer than a fen (0.01 yuan), which no buyer \
                 can pay: write it with at most two decimals"
            ),
        );
    }
    for size in given.stock.keys() {
        if !given.sizes.iter().any(|s| s.get_ref() == size.get_ref()) {
            problems.push(
                src.of(file, size),
                format!(
                    "item `{id}`: stock for size `{}`, which is not in its sizes ({})",
                    size.get_ref(),
                    quoted_list(given.sizes.iter().map(|s| s.get_ref().as_str()))
                ),
            );
        }
    }
    check_foot_length(id, given, file, src, problems);
    // References into other tables: with a file unreadable the target may
    // well be there, so only check them when every file was read.
    if incomplete {
        return;
    }
    if let Some(chart) = &given.size_chart {
        if !chart_names.contains(&chart.get_ref().as_str()) {
            problems.push(
                src.of(file, chart),
                format!(
                    "item `{id}`: unknown size_chart `{}` (no [[size_chart]] has this name{})",
                    chart.get_ref(),
                    hint(chart.get_ref(), chart_names.iter().copied())
                ),
            );
        }
    }
    for other in &given.similar {
        if other.get_ref() == id {
            problems.push(
                src.of(file, other),
                format!("item `{id}` lists itself as similar"),
            );
        } else if !ids.contains(&other.get_ref().as_str()) {
            problems.push(
                src.of(file, other),
                // No "did you mean" here: ids like `p-1001`, `p-1002` are
                // all alike, and the closest is as likely wrong as right.
                format!(
                    "item `{id}`: similar item `{}` does not exist (no [[item]] has this id)",
                    other.get_ref()
                ),
            );
        }
    }
}

fn shop(pack: &Pack, src: &Sources, problems: &mut Problems) -> Shop {
    let Some(first) = pack.shop.first() else {
        if !pack.incomplete && !pack.broken_shop {
            problems.push(src.whole(), "no [shop] table in any file");
        }
        return Shop::default();
    };
    let first_at = src.of(first.file, &first.value);
    for extra in &pack.shop[1..] {
        problems.push(
            src.of(extra.file, &extra.value),
            format!("[shop] is given twice: the first is at {first_at}"),
        );
    }
    let given = first.value.get_ref();
    if given.name.get_ref().trim().is_empty() {
        problems.push(src.of(first.file, &given.name), "empty shop name");
    }
    if let Some(cutoff) = &given.ship_cutoff {
        if !is_hh_mm(cutoff.get_ref()) {
            problems.push(
                src.of(first.file, cutoff),
                format!(
                    "ship_cutoff `{}` is not a time written HH:MM, such as 17:00",
                    cutoff.get_ref()
                ),
            );
        }
    }
    if let Some(hours) = &given.business_hours {
        if let Err(e) = crate::dialogue::DailyWindow::parse(hours.get_ref()) {
            problems.push(src.of(first.file, hours), format!("business_hours {e}"));
        }
    }
    if let Some(zone) = &given.time_zone {
        if let Err(e) = crate::dialogue::night::time_zone(zone.get_ref()) {
            problems.push(src.of(first.file, zone), e);
        }
    }
    Shop {
        name: given.name.get_ref().clone(),
        ship_cutoff: given.ship_cutoff.as_ref().map(|c| c.get_ref().clone()),
        couriers: given.couriers.clone(),
        free_shipping: given.free_shipping.clone(),
        delivery_time: given.delivery_time.clone(),
        gift: given.gift.clone(),
        packaging: given.packaging.clone(),
        invoices: given.invoices.clone(),
        assortment: given.assortment.clone(),
        promotion: given.promotion.clone(),
        business_hours: given.business_hours.as_ref().map(|h| h.get_ref().clone()),
        coupons: Vec::new(),
        time_zone: given
            .time_zone
            .as_ref()
            .map(|z| z.get_ref().clone())
            .unwrap_or_default(),
        low_stock: given.low_stock,
        multi_buy: given
            .multi_buy
            .as_ref()
            .and_then(|m| multi_buy(m, first.file, src, problems)),
        regions: Vec::new(),
        faq: FaqBook::default(),
    }
}

/// `multi_buy`, checked: at least two items, a rate strictly between 0 and 1.
fn multi_buy(
    given: &Spanned<model::MultiBuy>,
    file: usize,
    src: &Sources,
    problems: &mut Problems,
) -> Option<MultiBuy> {
    let m = given.get_ref();
    let problem = if m.items < 2 {
        Some(format!(
            "multi_buy items = {} must be 2 or more: a discount on one item is its price",
            m.items
        ))
    } else if !(m.rate > 0.0 && m.rate < 1.0) {
        Some(format!(
            "multi_buy rate = {} must be between 0 and 1 (0.95 is 9.5折)",
            m.rate
        ))
    } else {
        None
    };
    if let Some(problem) = problem {
        problems.push(src.of(file, given), problem);
        return None;
    }
    Some(MultiBuy {
        items: m.items,
        rate: m.rate,
        with_coupons: m.with_coupons,
    })
}

fn coupons(pack: &Pack, src: &Sources, problems: &mut Problems) -> Vec<Coupon> {
    let mut out = Vec::new();
    for coupon in &pack.coupons {
        let given = coupon.value.get_ref();
        if given.text.get_ref().trim().is_empty() {
            problems.push(
                src.of(coupon.file, &given.text),
                format!("coupon `{}` has an empty text", given.name),
            );
            continue;
        }
        let deal = match (&given.min_spend, &given.off) {
            (None, None) => None,
            (Some(min), Some(off)) if *off.get_ref() == 0 || off.get_ref() >= min.get_ref() => {
                problems.push(
                    src.of(coupon.file, off),
                    format!(
                        "coupon `{}`: off = {} must be more than 0 and less than min_spend = {}",
                        given.name,
                        off.get_ref(),
                        min.get_ref()
                    ),
                );
                None
            }
            (Some(min), Some(off)) => {
                let deal = CouponDeal {
                    min_spend: *min.get_ref(),
                    off: *off.get_ref(),
                };
                coupon_words(coupon, deal, src, problems);
                Some(deal)
            }
            (Some(one), None) | (None, Some(one)) => {
                problems.push(
                    src.of(coupon.file, one),
                    format!(
                        "coupon `{}` needs both min_spend and off (满多少减多少), or neither",
                        given.name
                    ),
                );
                None
            }
        };
        out.push(Coupon {
            name: given.name.clone(),
            text: given.text.get_ref().clone(),
            expires: given.expires.clone().filter(|e| !e.trim().is_empty()),
            deal,
        });
    }
    out
}

/// A coupon's `text` and `name` say the deal its numbers count: prices are
/// worked out with `min_spend` and `off` and quoted by the text, so a text
/// saying `满299减40` over `min_spend = 199, off = 20` tells buyers one deal
/// and charges another. Words that say no `满N减M` are not read.
fn coupon_words(
    coupon: &InFile<model::Coupon>,
    deal: CouponDeal,
    src: &Sources,
    problems: &mut Problems,
) {
    let given = coupon.value.get_ref();
    let counted = (deal.min_spend, deal.off);
    let text = (given.text.get_ref(), src.of(coupon.file, &given.text));
    let name = (&given.name, src.of(coupon.file, &coupon.value));
    for (what, (words, at)) in [("text", text), ("name", name)] {
        let said = terms::spend_offs(words);
        if said.is_empty() || said.contains(&counted) {
            continue;
        }
        let (min, off) = said[0];
        problems.push(
            at,
            format!(
                "coupon `{}`: its {what} says 满{min}减{off}, but min_spend = {} and off = {} \
                 are what prices are worked out with: change the numbers or the words so \
                 they say the same deal",
                given.name, deal.min_spend, deal.off
            ),
        );
    }
}

/// The names of one kind of table (`[[size_chart]]`, `[[category]]`,
/// `[[region]]`) seen so far: other tables refer to them, or replies say
/// them, so an empty name and one defined twice are errors.
struct Names {
    kind: &'static str,
    seen: HashMap<String, Location>,
}

impl Names {
    fn of(kind: &'static str) -> Names {
        Names {
            kind,
            seen: HashMap::new(),
        }
    }

    /// Records `name`, written at `at`.
    fn check(&mut self, name: &str, at: Location, problems: &mut Problems) {
        let kind = self.kind;
        if name.trim().is_empty() {
            problems.push(at.clone(), format!("empty {kind} name"));
        }
        if let Some(first) = self.seen.get(name) {
            problems.push(
                at.clone(),
                format!("duplicate {kind} `{name}`: it is also defined at {first}"),
            );
        }
        self.seen.entry(name.to_string()).or_insert(at);
    }
}

/// Whether `price` (yuan) is a whole number of fen: `129.99`, not `129.995`.
fn to_the_fen(price: f64) -> bool {
    let fen = price * 100.0;
    (fen - fen.round()).abs() < 1e-6
}

/// `17:00`, `09:30`: two-digit hour 00-23, colon, two-digit minute 00-59.
fn is_hh_mm(text: &str) -> bool {
    let b = text.as_bytes();
    if b.len() != 5 || b[2] != b':' {
        return false;
    }
    let digits = |i: usize| -> Option<u32> {
        let (a, c) = (b[i], b[i + 1]);
        (a.is_ascii_digit() && c.is_ascii_digit())
            .then(|| u32::from(a - b'0') * 10 + u32::from(c - b'0'))
    };
    matches!((digits(0), digits(3)), (Some(h), Some(m)) if h < 24 && m < 60)
}

#[cfg(test)]
mod tests;
