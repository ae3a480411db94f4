//! What some pieces of an item come to after the shop's deals: "两件一共多少钱",
//! "到手价多少".
//!
//! Agents work this out for buyers all day, and a buyer who has to do it
//! themselves may not bother to buy. The deals counted are the ones the shop
//! file gives as numbers (`multi_buy`, a coupon's `min_spend` and `off`);
//! anything else on the page is not, so every answer ends with the checkout
//! page having the last word. Coupons are checked against the price after
//! the multi-buy discount when the two stack, as the big marketplaces apply
//! them (so the discount can cost the buyer a coupon the full price reached);
//! when they do not, the cheaper of the two is quoted.

use super::policy::OBJECTIONS;
use super::slots::mentioned_color;
use super::{compare, naming, Session, Slots};
use crate::nlu::{count_after, count_before, Classification};
use crate::script::{format_price, Coupon, Item, Scripts, Shop};
use regex::Regex;
use std::sync::LazyLock;

/// "两件一共多少钱", "两件优惠完多少", "卫衣和牛仔裤一起多少钱": what the
/// pieces come to after the deals is the answer, which the item's question
/// (`product_info`, see `answering`) gives first from the [`basket`]; the
/// offers or a haggle's answer beside it would say the same thing worse.
/// A size sold out or a colour not made, named in the question (`白色L和
/// 黑色L各一件 一共多少钱` on a hoodie without white and out of L), is said
/// before the sum: a total for what cannot be bought sends the buyer to a
/// checkout where she finds out. Returns whether it ordered the answers,
/// which then stay in this order.
pub(super) fn answer_first(
    intents: &mut Vec<&str>,
    session: &Session,
    scripts: &Scripts,
    c: &Classification,
) -> bool {
    if scripts.intent("product_info").is_none() || session.slots.basket.is_empty() {
        return false;
    }
    intents.retain(|i| !["product_info", "promotion"].contains(i) && !OBJECTIONS.contains(i));
    // `再加一条牛仔裤一共多少`, `再加一件多少钱` before any order adds to
    // what the buyer is about to buy: no order to change, and "下单时填
    // 好…" beside the sum answered nothing.
    let pieces: u32 = session.slots.basket.iter().map(|(_, n)| n).sum();
    if pieces > 1 && session.orders.is_empty() {
        intents.retain(|i| *i != "order_change");
    }
    intents.insert(0, "product_info");
    if cannot_be_had(session, scripts, c) && scripts.intent("stock").is_some() {
        intents.retain(|i| *i != "stock");
        intents.insert(0, "stock");
    }
    true
}

/// Whether a price question of the item in talk alone names a size of it
/// sold out or not made, or a colour it does not come in in any shade.
fn cannot_be_had(session: &Session, scripts: &Scripts, c: &Classification) -> bool {
    let [(id, _)] = session.slots.basket.as_slice() else {
        return false;
    };
    let Some(item) = (session.slots.item.as_ref())
        .filter(|talk| *talk == id)
        .and_then(|id| scripts.catalog.item(id))
    else {
        return false;
    };
    let size_out = (c.entities.size.as_deref()).is_some_and(|size| item.stock_of(size) == 0);
    let colour_not_made = crate::nlu::colour_named(&c.normalized).is_some_and(|base| {
        mentioned_color(item, &c.normalized, &c.normalized).is_none()
            && !item.colors.iter().any(|colour| colour.contains(base))
    });
    size_out || colour_not_made
}

/// Words asking each item's own price (`卫衣和牛仔裤分别多少钱`).
const EACH: &[&str] = &["分别", "各多少", "各自", "各是多少", "单价"];

/// Each named item's price (`加绒连帽卫衣129元、高腰直筒牛仔裤159元`),
/// when a price question asks it of each of two items or more (`分别多少
/// 钱`): not a sum (see [`basket`]), and not one of them. Before, the last
/// item named was quoted alone.
pub(super) fn each_price(scripts: &Scripts, c: &Classification) -> Option<String> {
    let text = c.normalized.as_str();
    if !EACH.iter().any(|w| text.contains(w)) {
        return None;
    }
    let named = naming::named(scripts, text);
    if named.len() < 2 {
        return None;
    }
    let priced: Vec<String> = (named.iter())
        .filter_map(|id| scripts.catalog.item(id))
        .map(|item| format!("{}{}元", item.name, item.price_text()))
        .collect();
    Some(priced.join(crate::script::LIST_SEPARATOR))
}

/// Words joining the things a price question adds up (`卫衣和牛仔裤多少钱`,
/// `一起多少`): without them `卫衣多少钱 有牛仔裤吗` asks two things.
const JOINING: &[&str] = &["一起", "和", "跟", "加", "+", "搭"];

/// Words asking what all the pieces come to together.
const ALL_OF_THEM: &[&str] = &["一共", "总共", "合计", "加起来", "总价", "一起"];

/// Words adding one thing to the item in talk (`再加一件毛衣`, `再来一条
/// 牛仔裤`), said right before its name and count.
const ADDING: &[&str] = &["加", "再来", "再买", "还要"];

/// More pieces added by their count alone: `再加一件`, `再来两条`.
static MORE_PIECES: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?:再加|再来|再买|再拿|多拿)((?:\d{1,2}|[一二两三四五六七八九十]|俩)(?:件|条|双|套|个))(?:的话)?(?:呢|多少|一共|总共|$)")
        .unwrap_or_else(|e| panic!("built-in adding pattern: {e}"))
});

/// `那三件呢`, `4件的话呢` right after a price: the same question for as
/// many pieces.
static MORE_OF_THE_SAME: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(?:那|那么|那要|要是)?((?:\d{1,2}|[一二两三四五六七八九十]|俩)(?:件|条|双|个|套))(?:呢|的话呢?|的话多少钱?|多少钱?)$")
        .unwrap_or_else(|e| panic!("built-in follow-up pattern: {e}"))
});

/// What a price question counts, by item id with each one's count: the
/// pieces of the item in talk it asks about (`两件一共多少钱` → 2,
/// `到手价多少` → 1), or several items (`卫衣和牛仔裤一起多少钱`, `t恤一件
/// 卫裤一条 能用券吗`, `羽绒服加一件毛衣 到手多少`). The multi-buy deal is
/// for any pieces, and a buyer putting an outfit together wants the sum,
/// where quoting one of the items (or two of it) answered a question nobody
/// asked. Read against the slots `before` the message: one item added to
/// the item in talk (`再加一件毛衣多少钱`) or to the pieces just priced
/// (`那再加一条卫裤呢`), and the last question's item for another count
/// (`那三件呢`). A kind's word (`羽绒服`) is the item in talk or on the
/// page when that one answers to it; a comparison (`两款差多少`) and `分别
/// 多少` (each its own price) are not sums. Empty for any other message.
pub(super) fn basket(
    session: &Session,
    scripts: &Scripts,
    c: &Classification,
    before: &Slots,
) -> Vec<(String, u32)> {
    let text = c.normalized.as_str();
    if let ([(id, _)], Some(again)) = (&before.basket[..], MORE_OF_THE_SAME.captures(text)) {
        if let Some(count) = count_after(&again[1]) {
            return vec![(id.clone(), count)];
        }
    }
    let adds_more = !before.basket.is_empty() && ADDING.iter().any(|w| text.contains(w));
    let priced = crate::nlu::price_asked(text);
    let asked = priced.is_some()
        || (text.contains("多少") && JOINING.iter().any(|w| text.contains(w)))
        || (adds_more && text.ends_with('呢'));
    if !asked || text.contains("分别") || compare::asks(c) {
        return Vec::new();
    }
    let spans = naming::name_spans(scripts, text);
    let in_talk_before = before.item.as_deref().or(session.page.as_deref());
    // `再加一件多少钱` naming nothing: more of the item in talk, on top of
    // the pieces of it just priced, or of the one the buyer has in mind.
    let more = MORE_PIECES.captures(text).and_then(|m| count_after(&m[1]));
    if let (true, Some(more), Some(id)) = (spans.is_empty(), more, in_talk_before) {
        let had = match &before.basket[..] {
            [(known, n)] if known == id => *n,
            _ => 1,
        };
        return vec![(id.to_string(), had + more)];
    }
    let in_talk: Vec<&Item> = [before.item.as_deref(), session.page.as_deref()]
        .into_iter()
        .flatten()
        .filter_map(|id| scripts.catalog.item(id))
        .collect();
    // `t恤一件 卫裤一条`: when the first name has its count after it and
    // none before, so do the others, and the count before a name is the
    // previous one's (in `两件卫衣一条牛仔裤`, the one after 卫衣 is the jeans').
    let counts_after = spans.first().is_some_and(|&(start, end, _)| {
        count_before(&text[..start]).is_none() && count_after(&text[end..]).is_some()
    });
    let mut lines: Vec<(String, u32)> = Vec::new();
    for &(start, end, id) in &spans {
        let name = &text[start..end];
        let id = (in_talk.iter())
            .find(|item| item.spoken.iter().any(|n| n == name))
            .map_or(id, |item| item.id.as_str());
        let count = match counts_after {
            true => count_after(&text[end..]),
            false => count_before(&text[..start]),
        };
        add(&mut lines, id, count.unwrap_or(1));
    }
    if let ([(id, count)], Some(in_talk)) = (&lines[..], in_talk_before) {
        let start = spans.first().map_or(0, |s| s.0);
        let said = text[..start].trim_end_matches(|ch: char| {
            ch.is_ascii_digit() || "一二两三四五六七八九十俩件条双套个".contains(ch)
        });
        if ADDING.iter().any(|w| said.ends_with(w)) {
            let (id, count) = (id.clone(), *count);
            if before.basket.is_empty() {
                lines.insert(0, (in_talk.to_string(), 1));
                lines.dedup_by(|a, b| a.0 == b.0);
            } else {
                lines = before.basket.clone();
                lines.iter_mut().for_each(|line| line.1 = line.1.max(1));
                match lines.iter_mut().find(|(known, _)| *known == id) {
                    Some(line) => line.1 += count,
                    None => lines.push((id, count)),
                }
            }
        }
    }
    // `一共多少钱` right after several pieces were priced or picked (`两件多
    // 少钱`, `一白一黑 都要L`), naming nothing and counting nothing: those
    // pieces, where one of the item in talk answered a question about none.
    // A price per piece (`到手价多少`) is still one's.
    let several_before = before.basket.iter().map(|(_, n)| n).sum::<u32>() > 1;
    if spans.is_empty()
        && several_before
        && ALL_OF_THEM.iter().any(|w| text.contains(w))
        && crate::nlu::pieces_said(text).is_none()
    {
        return before.basket.clone();
    }
    if lines.len() < 2 {
        // One item: the item in talk, as many pieces as the question counts.
        lines = (session.slots.item.clone())
            .zip(priced)
            .into_iter()
            .collect();
    }
    lines
}

/// Adds `count` pieces of `id` to `lines`; an item named twice (`卫衣多少钱
/// 两件卫衣一共`) counts the larger.
fn add(lines: &mut Vec<(String, u32)>, id: &str, count: u32) {
    match lines.iter_mut().find(|(known, _)| known == id) {
        Some(line) => line.1 = line.1.max(count),
        None => lines.push((id.to_string(), count)),
    }
}

/// What the items of a [`basket`] come to, with how they read in a reply:
/// the item's name for one, the names and how many in all for several
/// (`纯棉圆领短袖T恤+休闲束脚卫裤,共`, `加绒连帽卫衣×2+高腰直筒牛仔裤,共`, which
/// the pack's price lines follow with `3件…`); `None` when it is empty or an
/// item is no longer in the catalogue.
pub(super) fn of_basket(
    basket: &[(String, u32)],
    scripts: &Scripts,
    named: Option<u32>,
) -> Option<(Quote, String)> {
    let items = (basket.iter())
        .map(|(id, count)| Some((scripts.catalog.item(id)?, *count)))
        .collect::<Option<Vec<_>>>()?;
    let subtotal = items
        .iter()
        .map(|(item, n)| item.price * f64::from(*n))
        .sum();
    let pieces = items.iter().map(|(_, n)| n).sum();
    let names = match &items[..] {
        [] => return None,
        [(item, _)] => item.name.clone(),
        several => {
            let each = several.iter().map(|(item, n)| match n {
                1 => item.name.clone(),
                n => format!("{}×{n}", item.name),
            });
            format!("{},共", each.collect::<Vec<_>>().join("+"))
        }
    };
    Some((Quote::of_sum(subtotal, pieces, &scripts.shop, named), names))
}

/// The price of `pieces` pieces at `price` each, after the deals.
#[derive(Debug, Clone, PartialEq)]
pub(super) struct Quote {
    pub pieces: u32,
    /// Before any deal.
    pub subtotal: f64,
    /// After the deals applied.
    pub total: f64,
    /// How the deals applied read in a reply: `任选2件享9.5折`, the coupon's text.
    pub deals: Vec<String>,
    /// When no coupon is reached: how much more would reach the nearest one,
    /// and its text. Agents say it ("再凑9元就能用…"): it answers "能用券吗"
    /// and it is how a second piece gets sold.
    pub short: Option<(f64, String)>,
}

impl Quote {
    /// Works out what `pieces` pieces at `price` come to in `shop`. Where
    /// the deals stack, the multi-buy discount and then the best coupon the
    /// discounted amount still reaches; where they do not, the cheaper of the
    /// discount and the best coupon alone (the discount on a tie).
    /// `named`: the spend of a coupon the buyer asked about (`满399`),
    /// which `short` then measures against while it is not reached.
    pub(super) fn of(price: f64, pieces: u32, shop: &Shop, named: Option<u32>) -> Quote {
        Quote::of_sum(price * f64::from(pieces), pieces, shop, named)
    }

    /// As [`Quote::of`], for `pieces` pieces of any items coming to
    /// `subtotal` before the deals: the shop's deals count pieces and money,
    /// not which items they are.
    pub(super) fn of_sum(subtotal: f64, pieces: u32, shop: &Shop, named: Option<u32>) -> Quote {
        let subtotal = cents(subtotal);
        let discount = shop.multi_buy.filter(|m| pieces >= m.items);
        let discounted = discount.map_or(subtotal, |m| cents(subtotal * m.rate));
        // The checkout applies the discount by itself, and where the deals
        // stack checks coupons against what is left; where they do not,
        // against the full sum.
        let stacks = discount.is_some_and(|m| m.with_coupons);
        let coupon_base = if stacks { discounted } else { subtotal };
        let reached = best_coupon(&shop.coupons, coupon_base);
        let (discount, coupon) = match (discount, reached) {
            (Some(_), Some(c)) if !stacks && subtotal - deal_of(c) < discounted => (None, Some(c)),
            (Some(d), Some(_)) if !stacks => (Some(d), None),
            pair => pair,
        };
        let total = cents(discount.map_or(subtotal, |_| discounted) - coupon.map_or(0.0, deal_of));
        let mut deals: Vec<String> = discount
            .map(|m| format!("任选{}件享{}折", m.items, format_price(m.rate * 10.0)))
            .into_iter()
            .collect();
        deals.extend(coupon.map(|c| c.text.clone()));
        // The coupon asked about, if the shop has it and it is not reached,
        // even when a smaller one is: "3件能用满399的吗" wants to hear how
        // far 399 is.
        let asked = named.and_then(|spend| {
            (shop.coupons.iter())
                .find(|c| c.deal.is_some_and(|d| d.min_spend == spend))
                .filter(|_| coupon_base < f64::from(spend))
                .map(|c| (f64::from(spend), c))
        });
        let short = asked
            .or_else(|| nearest_coupon(&shop.coupons, coupon_base).filter(|_| reached.is_none()))
            .map(|(min_spend, c)| (cents(min_spend - coupon_base), c.text.clone()));
        Quote {
            pieces,
            subtotal,
            total,
            deals,
            short,
        }
    }

    /// What one piece comes to after the deals, to the cent.
    pub(super) fn each(&self) -> f64 {
        cents(self.total / f64::from(self.pieces.max(1)))
    }
}

/// The coupon that takes most off `amount`, among those it reaches.
fn best_coupon(coupons: &[Coupon], amount: f64) -> Option<&Coupon> {
    coupons
        .iter()
        .filter(|c| c.deal.is_some_and(|d| amount >= d.min_spend as f64))
        .max_by_key(|c| c.deal.map_or(0, |d| d.off))
}

/// The coupon `amount` is nearest to reaching, among those it does not,
/// with the amount it needs.
fn nearest_coupon(coupons: &[Coupon], amount: f64) -> Option<(f64, &Coupon)> {
    coupons
        .iter()
        .filter_map(|c| Some((c.deal?.min_spend, c)))
        .filter(|(min_spend, _)| amount < *min_spend as f64)
        .min_by_key(|(min_spend, _)| *min_spend)
        .map(|(min_spend, c)| (min_spend as f64, c))
}

fn deal_of(coupon: &Coupon) -> f64 {
    coupon.deal.map_or(0.0, |d| d.off as f64)
}

/// Rounded to the fen, as a checkout shows it.
fn cents(yuan: f64) -> f64 {
    (yuan * 100.0).round() / 100.0
}

/// A price the buyer offers for the item in talk (`650呢`, `两件能不能给个
/// 230`), below what the pieces cost, and what the shop's deals take them
/// to: an agent says "用上券到手649,比您说的还低" rather than "价格是统一的"
/// to a buyer the deals already satisfy. `None` without an item or an
/// offer, for an offer not below the price or far below it, and when no
/// deal applies (then there is nothing new to say).
pub(super) fn offered(
    item: Option<&Item>,
    scripts: &Scripts,
    c: &Classification,
) -> Option<(u32, Quote)> {
    let item = item?;
    let offer = crate::nlu::price_offered(&c.normalized)?;
    let pieces = crate::nlu::pieces_said(&c.normalized).unwrap_or(1);
    let quote = Quote::of(item.price, pieces, &scripts.shop, None);
    // Far below it is not an offer for these pieces (a size, a budget for
    // something else): a third of the price at least. Below one piece's
    // price for several (`两双 能不能260` of the 299 shoes) it may be a
    // price a piece, which this does not guess at.
    let offer_f = f64::from(offer);
    let per_piece = pieces > 1 && offer_f < item.price;
    let plausible = offer_f < quote.subtotal && offer_f * 3.0 >= quote.subtotal && !per_piece;
    (plausible && !quote.deals.is_empty()).then_some((offer, quote))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::script::{CouponDeal, MultiBuy};

    fn shop(with_coupons: bool) -> Shop {
        let coupon = |min_spend, off| Coupon {
            name: format!("满{min_spend}减{off}"),
            text: format!("满{min_spend}减{off}的店铺券"),
            expires: None,
            deal: Some(CouponDeal { min_spend, off }),
        };
        Shop {
            coupons: vec![coupon(199, 20), coupon(399, 50)],
            multi_buy: Some(MultiBuy {
                items: 2,
                rate: 0.95,
                with_coupons,
            }),
            ..Shop::default()
        }
    }

    #[test]
    fn one_piece_below_every_coupon_is_its_price() {
        let q = Quote::of(99.0, 1, &shop(true), None);
        assert_eq!((q.subtotal, q.total), (99.0, 99.0));
        assert!(q.deals.is_empty());
    }

    #[test]
    fn the_multi_buy_discount_comes_first_and_the_coupon_is_checked_after_it() {
        // 2 × 129 = 258, 9.5折 245.1, which still reaches 199: 225.1.
        let q = Quote::of(129.0, 2, &shop(true), None);
        assert_eq!((q.subtotal, q.total), (258.0, 225.1));
        assert_eq!(q.deals, ["任选2件享9.5折", "满199减20的店铺券"]);
        // 2 × 99 = 198, 188.1 after the discount: no coupon reached.
        let q = Quote::of(99.0, 2, &shop(true), None);
        assert_eq!(q.total, 188.1);
        assert_eq!(q.deals, ["任选2件享9.5折"]);
        // The bigger coupon when both are reached: 3 × 159 = 477, 453.15, -50.
        let q = Quote::of(159.0, 3, &shop(true), None);
        assert_eq!(q.total, 403.15);
        assert_eq!(q.deals[1], "满399减50的店铺券");
    }

    #[test]
    fn where_the_deals_stack_the_discount_applies_even_if_it_loses_a_coupon() {
        // 2 × 100 = 200 reaches 满199, but the 9.5折 applies by itself first:
        // 190, below 199. The checkout shows 190, not the 180 the coupon
        // alone would give.
        let q = Quote::of(100.0, 2, &shop(true), None);
        assert_eq!(q.total, 190.0);
        assert_eq!(q.deals, ["任选2件享9.5折"]);
    }

    #[test]
    fn a_coupon_within_reach_is_named_with_what_it_still_needs() {
        // 190 after the discount: 9 more reaches 满199.
        let q = Quote::of(100.0, 2, &shop(true), None);
        assert_eq!(q.short, Some((9.0, "满199减20的店铺券".to_string())));
        // One piece at 59: 140 more.
        let q = Quote::of(59.0, 1, &shop(true), None);
        assert_eq!(q.short, Some((140.0, "满199减20的店铺券".to_string())));
        // Without stacking the full sum counts: 198 is 1 short.
        let q = Quote::of(99.0, 2, &shop(false), None);
        assert_eq!(q.short.map(|s| s.0), Some(1.0));
        // A coupon reached is not followed by the next one, and a shop
        // without numbers has nothing to reach.
        assert_eq!(Quote::of(129.0, 2, &shop(true), None).short, None);
        assert_eq!(Quote::of(59.0, 3, &Shop::default(), None).short, None);
    }

    #[test]
    fn the_coupon_asked_about_is_measured_even_past_a_smaller_one() {
        // 3 × 79 at 9.5折 is 225.15: 满199 is used, 满399 is 173.85 away.
        let q = Quote::of(79.0, 3, &shop(true), Some(399));
        assert_eq!(q.total, 205.15);
        assert_eq!(q.short, Some((173.85, "满399减50的店铺券".to_string())));
        // Asked about one it reaches, nothing is short.
        assert_eq!(Quote::of(79.0, 6, &shop(true), Some(399)).short, None);
        // A threshold the shop has no coupon for: the nearest, as before.
        let q = Quote::of(59.0, 3, &shop(true), Some(299));
        assert_eq!(q.short.map(|s| s.1), Some("满199减20的店铺券".to_string()));
    }

    #[test]
    fn without_stacking_the_cheaper_deal_is_quoted() {
        // 2 × 499 = 998: 9.5折 saves 49.9, the 399 coupon 50.
        let q = Quote::of(499.0, 2, &shop(false), None);
        assert_eq!(q.total, 948.0);
        assert_eq!(q.deals, ["满399减50的店铺券"]);
        // 2 × 129 = 258: 9.5折 saves 12.9, the 199 coupon 20.
        let q = Quote::of(129.0, 2, &shop(false), None);
        assert_eq!(q.total, 238.0);
        // 2 × 99 = 198: no coupon reached, the discount it is.
        let q = Quote::of(99.0, 2, &shop(false), None);
        assert_eq!(q.total, 188.1);
    }

    #[test]
    fn a_shop_without_numbers_quotes_the_plain_sum() {
        let q = Quote::of(59.0, 3, &Shop::default(), None);
        assert_eq!((q.subtotal, q.total), (177.0, 177.0));
        assert!(q.deals.is_empty());
    }
}
