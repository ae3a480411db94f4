//! The part of the reply each answered intent gets.
//!
//! Which intents a message's reply answers is decided before (see
//! `which_intents`, and `faq` for the shop's own answer to a question about
//! the item in talk or the shop). [`answer`] writes one part for one of
//! them: it picks the reply key the situation calls for (a size from the
//! chart, a size sold out or not made, the closing after payment…) and the
//! variables that key quotes. [`compose`](super::compose) puts the parts
//! together.

use super::choose::{matched_for, pick, Offers, Part, Request};
use super::compare;
use super::destination;
use super::faq::{said_last, FAQ_AGAIN_KEY, FAQ_KEY};
use super::invoice;
use super::mind;
use super::picks;
use super::policy::OBJECTIONS;
use super::quote;
use super::recommend;
use super::sizes::{self, measured_for_chart};
use super::stock;
use super::variants;
use super::vars::{Vars, LIST_SEPARATOR};
use super::Session;
use crate::nlu::Classification;
use crate::script::{format_price, Faq, Scripts, Stage};

/// The situations of a question about what some pieces come to: after the
/// deals that apply, or the plain sum when none does.
const PRICE_TOTAL_KEY: &str = "price_total";
const PRICE_SUM_KEY: &str = "price_sum";
const PRICE_SHORT_KEY: &str = "price_short";
const PRICE_EACH_KEY: &str = "price_each";

/// The situations of a price offered in a haggle: the shop's deals reach
/// it, or come nearest it.
const BARGAIN_MET_KEY: &str = "bargain_met";
const BARGAIN_DEALS_KEY: &str = "bargain_deals";

/// The situation of measurements above everything the size chart covers.
const SIZE_BEYOND_KEY: &str = "size_beyond";

/// A size answer for a buyer smaller than the chart's smallest size (a
/// child): it is the smallest, and too big.
const SIZE_BELOW_KEY: &str = "size_below";

/// Each of several items' own price (`分别多少钱`).
const PRICES_KEY: &str = "price_items";

/// The size the buyer bought here before, which fitted.
const SIZE_BOUGHT_KEY: &str = "size_bought_before";

/// The size next to one bought before that did not fit.
const SIZE_AFTER_MISFIT_KEY: &str = "size_after_misfit";

/// A size for each of several people measured in one message.
const SIZE_EACH_KEY: &str = "size_each";

/// The size for the buyer's foot length (shoes).
const SIZE_FROM_FOOT_KEY: &str = "size_from_foot";

/// A foot longer than the largest size fits (shoes).
const SIZE_FOOT_BEYOND_KEY: &str = "size_foot_beyond";

/// A foot clearly shorter than the smallest size fits (shoes).
const SIZE_FOOT_BELOW_KEY: &str = "size_foot_below";

/// A size answer one size up from the chart's, for a buyer who wants room.
const SIZE_ROOMY_KEY: &str = "size_roomy";

/// A size answer one size up from the chart's, which is sold out.
const SIZE_NEXT_UP_KEY: &str = "size_next_up";

/// One intent's part of the reply; `faq`: the shop's answer to the
/// message's question about the item, which gives its intent's part;
/// `only`: answer the question these labels ask (see [`questions`](super::compose::questions)), not
/// whatever matched for the intent.
pub(super) fn answer(
    session: &mut Session,
    scripts: &Scripts,
    c: &Classification,
    intent: &str,
    faq: Option<&Faq>,
    combined: bool,
    only: Option<&[&str]>,
) -> Option<Part> {
    let matched = match only {
        Some(labels) => labels.to_vec(),
        None => matched_for(Some(c), intent),
    };
    let mut vars = Vars::for_session(session, scripts);
    let item = session.item(&scripts.catalog);
    let mut key = intent;
    let mut fallback = None;
    // A situation more general than `key` and less than the intent, said
    // when the pack has no words for `key` (`size_result` for `size_beyond`).
    let mut general = None;
    let mut offers = Offers::Any;
    // Variables holding what this message named (see `Request::said`).
    let mut said: Vec<&str> = Vec::new();
    let faq = faq.filter(|faq| faq.intent == intent);
    if intent == "size_advice" {
        // The size above the one in talk, when the item has it: "喜欢宽松可以
        // 拍{size_up}码" must not send the buyer to a size sold out or not
        // made (XXL is the coat's largest). Only size answers quote it.
        let size_up = item
            .zip(session.slots.size.as_deref())
            .and_then(|(item, size)| {
                item.size_next_to(size, 1)
                    .filter(|up| item.stock_of(up) > 0)
            });
        vars.set_opt("size_up", size_up.as_deref());
    }
    if let Some(faq) = faq {
        vars.set("faq", &faq.say);
    }
    // The basket's names stand for the item's: several items read as one.
    let priced = (intent == "product_info")
        .then(|| {
            let named = crate::nlu::coupon_named(&c.normalized);
            quote::of_basket(&session.slots.basket, scripts, named)
        })
        .flatten()
        .map(|(quote, names)| {
            vars.set("item", &names);
            quote
        });
    let offered = match intent {
        "bargain" => quote::offered(item, scripts, c),
        _ => None,
    };
    // What the chart makes of the buyer, read once for a size answer.
    let fit = (intent == "size_advice")
        .then(|| sizes::fit_in_talk(session, scripts))
        .flatten();
    // A size bought before that did not fit, when the size next to it is
    // the one in talk.
    let misfit = (intent == "size_advice")
        .then(|| sizes::after_misfit(session, scripts, c))
        .flatten()
        .filter(|(_, next)| session.slots.size.as_ref() == Some(next))
        .map(|(bought, _)| bought);
    // Two people's measurements (`男生180 150斤 女生160 95斤`): a size each.
    let each_size = (fit.is_some())
        .then(|| item.and_then(|i| sizes::for_each(i, scripts, &c.normalized)))
        .flatten();
    let each_price = (intent == "product_info")
        .then(|| quote::each_price(scripts, c))
        .flatten();
    // `一白一黑 都要L`: whether each one is there, when that is the whole
    // reply (beside a price, the count is the question).
    let several = (intent == "stock" && !combined)
        .then(|| variants::picked(item, scripts, c))
        .flatten();
    // A size asked right after two items were recommended.
    let for_picks = (intent == "size_advice" && item.is_none())
        .then(|| sizes::for_picks(session, scripts))
        .flatten();
    // `美码9` on shoes, not known as men's or women's: the size both ways.
    let either = (intent == "size_advice")
        .then(|| sizes::either_kind(session, scripts))
        .flatten();
    match intent {
        // Through the pack's `item_faq` set, so the shop may frame it; the
        // intent's own set if the pack has none.
        _ if faq.is_some() => {
            let again = faq.is_some_and(|faq| said_last(session, faq));
            key = if again { FAQ_AGAIN_KEY } else { FAQ_KEY };
            fallback = Some(intent);
        }
        // Two items side by side (see `compare`).
        "product_info" if session.slots.compared.len() == 2 && compare::asks_or_chooses(c) => {
            let item = |i: usize| scripts.catalog.item(&session.slots.compared[i]);
            if let (Some(first), Some(second)) = (item(0), item(1)) {
                let needs = compare::needs_said(scripts, &c.normalized);
                let (situation, [first, second], met) = compare::answer(&needs, first, second);
                compare::set_vars(&mut vars, first, second);
                vars.set("need", &met.join(LIST_SEPARATOR));
                if situation != compare::KEY {
                    general = Some(compare::KEY);
                }
                key = situation;
                fallback = Some(intent);
            }
        }
        // `上次买的M码有点大 这次拍S吗`: the size next to it (in the slot,
        // see `sizes::fill`), said with the one that did not fit.
        "size_advice" if misfit.is_some() => {
            vars.set_opt("bought_size", misfit.as_deref());
            key = SIZE_AFTER_MISFIT_KEY;
            general = Some("size_result");
            fallback = Some(intent);
        }
        "size_advice" if each_size.is_some() => {
            vars.set_opt("each_size", each_size.as_deref());
            key = SIZE_EACH_KEY;
            general = Some("size_result");
            fallback = Some(intent);
        }
        // The size the buyer wears and their height and weight: both are
        // said (`平时穿28 最近胖了10斤 现在120斤 165`), the chart's size
        // recommended; asking for the height and weight again read as not
        // listening.
        "size_advice"
            if session.slots.worn_size.is_some() && measured_for_chart(session, scripts, c) =>
        {
            key = "size_worn_chart";
            general = Some("size_result");
            fallback = Some(intent);
        }
        // The size the buyer wears, on an item with a chart (the shoes' tip
        // below already speaks of it): the buyer knows it better than a
        // guess from height and weight.
        "size_advice"
            if session.slots.worn_size.is_some()
                && item.is_some_and(|i| scripts.catalog.chart_for(i).is_some()) =>
        {
            key = "size_worn";
            // `我上次买过一件M的`: the size bought before, said as such.
            if crate::nlu::bought_size(&c.normalized).is_some() {
                general = Some(key);
                key = SIZE_BOUGHT_KEY;
            }
            fallback = Some(intent);
        }
        // The slot was just filled from the chart when the chart knows.
        // Above the chart's largest size, that size is no promise: the
        // buyer hears it is the largest, where the pack says so.
        "size_advice" if fit.is_some() => {
            key = "size_result";
            let (chart, beyond, below) = fit
                .as_ref()
                .map_or(("", false, false), |f| (f.size, f.beyond, f.below));
            if beyond {
                general = Some(key);
                key = SIZE_BEYOND_KEY;
            } else if below {
                general = Some(key);
                key = SIZE_BELOW_KEY;
            } else if let Some(asked) = sizes::asked_against_chart(session, scripts, c, chart) {
                // `那L呢 会不会太大`: the size asked, against the chart's.
                vars.set("chart_size", chart);
                general = Some(key);
                key = asked;
            } else if sizes::picked_above_chart(session, scripts, chart) {
                // The size above the chart's (see `sizes::settle`): said
                // with the chart's, and why.
                let sold_out = item.is_some_and(|i| i.stock_of(chart) == 0);
                vars.set("chart_size", chart);
                general = Some(key);
                key = if sold_out {
                    SIZE_NEXT_UP_KEY
                } else {
                    SIZE_ROOMY_KEY
                };
            }
            fallback = Some(intent);
        }
        // Shoes sized by foot length, for the foot the buyer measured
        // (the size is in the slot, see `sizes::settle`); a size worn said
        // since is the newer word, answered with the tip.
        "size_advice"
            if session.slots.worn_size.is_none()
                && item.is_some_and(|i| {
                    scripts.catalog.chart_for(i).is_none()
                        && sizes::foot_size(&session.slots, i).is_some()
                }) =>
        {
            let foot = session.slots.foot_mm.map(sizes::foot_text);
            vars.set_opt("foot", foot.as_deref());
            general = Some("size_from_tip");
            key = SIZE_FROM_FOOT_KEY;
            // `我平时穿37.5`, `美码9`: said as the buyer said it, not a length.
            if let Some(said) = sizes::said_as(&session.slots, &mut vars) {
                (key, general) = said;
            }
            // `脚长21cm` on shoes from 36 (made for 23cm): the smallest size
            // is no fit to promise, but may do with an insole.
            if let Some((_, fits)) = item.and_then(|i| sizes::foot_below(&session.slots, i)) {
                vars.set("foot_min", &sizes::foot_text(fits));
                general = Some(SIZE_BELOW_KEY);
                key = SIZE_FOOT_BELOW_KEY;
            }
            fallback = Some(intent);
        }
        // A foot longer than the largest size fits: that size, and that it
        // would be small, not the tip asking for the length again.
        "size_advice"
            if session.slots.worn_size.is_none()
                && session.slots.foot_mm.is_some()
                && item.is_some_and(|i| {
                    scripts.catalog.chart_for(i).is_none()
                        && !i.foot_length.is_empty()
                        && sizes::foot_size(&session.slots, i).is_none()
                }) =>
        {
            let largest = item.and_then(|i| i.foot_length.last());
            let foot = session.slots.foot_mm.map(sizes::foot_text);
            vars.set_opt("foot", foot.as_deref());
            vars.set_opt("size", largest.map(|(size, _)| size.as_str()));
            vars.set_opt(
                "foot_max",
                largest.map(|&(_, mm)| sizes::foot_text(mm)).as_deref(),
            );
            general = Some("size_beyond");
            key = SIZE_FOOT_BEYOND_KEY;
            fallback = Some(intent);
        }
        "size_advice" if either.is_some() => {
            if let Some(either) = &either {
                (key, general) = either.say(&mut vars);
            }
            fallback = Some(intent);
        }
        // No chart for it (shoes), but the shop said how its sizes run.
        "size_advice"
            if item.is_some_and(|i| {
                i.size_tip.is_some() && scripts.catalog.chart_for(i).is_none()
            }) =>
        {
            key = "size_from_tip";
            fallback = Some(intent);
        }
        // Measurements right after two items were recommended are for
        // them: each one's size (see `sizes::for_picks`).
        "size_advice" if for_picks.is_some() => {
            if let Some(answer) = &for_picks {
                let said = answer.say(&mut vars, session.slots.foot_mm);
                (key, general) = sizes::picks_said_as(&session.slots, &mut vars, said);
            }
            fallback = Some(intent);
        }
        // Asking for the height and weight the buyer already gave reads as
        // not listening; what is missing is the item to look them up for.
        "size_advice"
            if item.is_none()
                && session.slots.height_cm.is_some()
                && session.slots.weight_jin.is_some() =>
        {
            key = "size_need_item";
            fallback = Some(intent);
        }
        // "两件一共多少钱", "到手价多少": what it comes to after the deals.
        // `卫衣和牛仔裤分别多少钱`: each its own price.
        // `那就短款吧` after two were recommended (see `picks`).
        "product_info" if picks::chose_shown(session, scripts, c) => {
            (key, general) = picks::say_chosen(&mut vars, session, scripts);
            fallback = Some(intent);
        }
        "product_info" if each_price.is_some() => {
            vars.set_opt("prices", each_price.as_deref());
            key = PRICES_KEY;
            fallback = Some(intent);
        }
        "product_info" if priced.is_some() => {
            if let Some(quote) = &priced {
                vars.set("pieces", &quote.pieces.to_string());
                vars.set("subtotal", &format_price(quote.subtotal));
                vars.set("total", &format_price(quote.total));
                vars.set("deals", &quote.deals.join(LIST_SEPARATOR));
                // "一共387元" beside a deal that takes it lower would mislead.
                key = if quote.deals.is_empty() {
                    PRICE_SUM_KEY
                } else {
                    PRICE_TOTAL_KEY
                };
                // A coupon within reach is named, where the pack says how.
                if let Some((short, coupon)) = &quote.short {
                    vars.set("short_of", &format_price(*short));
                    vars.set("next_coupon", coupon);
                    general = Some(key);
                    key = PRICE_SHORT_KEY;
                } else if quote.pieces > 1
                    && !quote.deals.is_empty()
                    && crate::nlu::asks_each(&c.normalized)
                {
                    // `算下来一件多少钱`: what one comes to after the deals.
                    vars.set("each", &format_price(quote.each()));
                    general = Some(key);
                    key = PRICE_EACH_KEY;
                }
            }
            fallback = Some(intent);
        }
        // A question about the item with no item in talk (no product page,
        // none named): an agent asks which one before quoting anything, or
        // before asking for measurements that may not apply (shoes).
        "product_info" | "size_advice" if item.is_none() => {
            key = "which_item";
            fallback = Some(intent);
        }
        // `有M码吗`, `有黑色吗` with no item in talk: the size or colour is
        // said, the item is what is missing ("想要哪个颜色和尺码" asked
        // back what the buyer just gave).
        "stock"
            if item.is_none()
                && (c.entities.size.is_some()
                    || crate::nlu::colour_named(&c.normalized).is_some()) =>
        {
            key = "which_item";
            fallback = Some(intent);
        }
        "stock" if several.is_some() => {
            if let Some(several) = &several {
                (key, general) = stock::several(session, several, &mut vars);
            }
            fallback = Some(intent);
        }
        "stock" => {
            if let Some(situation) = stock::one(session, scripts, c, &mut vars, &mut said) {
                (key, general) = situation;
                fallback = Some(intent);
            }
        }
        // What the buyer said they want picks the items (see `recommend`).
        // Otherwise "有没有别的款" asks for another item than the one in
        // talk: the shop's `similar` list names it, for the sets that quote it.
        "recommend" => {
            if let Some(found) = recommend::for_message(session, scripts, c) {
                key = found.key();
                found.set_vars(&mut vars, &session.slots.wish, scripts);
                // The size said, when known, says more than whom it is for.
                let special = (found.sized(session, scripts, &mut vars))
                    .or_else(|| found.gift_key(session, scripts));
                if let Some(special) = special {
                    general = Some(key);
                    key = special;
                }
                fallback = Some(intent);
            } else if let Some(other) = item.and_then(|i| scripts.catalog.similar_in_stock(i, None))
            {
                vars.set_similar(other);
            }
        }
        // For where the parcel goes, when the buyer said it.
        "shipping" => {
            if let Some(place_key) = destination::answer(session, scripts, c, &matched, &mut vars) {
                key = place_key;
                fallback = Some(intent);
            }
        }
        // Another item than the unpaid order's (see `mind`).
        "order_change" => {
            let ordered =
                mind::switched_from(session, c).and_then(|(_, item)| scripts.catalog.item(&item));
            if let Some(ordered) = ordered {
                vars.set("other", &ordered.name);
                key = mind::SWITCH_KEY;
                fallback = Some(intent);
            }
        }
        // What the buyer gave of the invoice's 抬头 and 税号 (see `invoice`).
        "invoice" => {
            if let Some((situation, more_general, described)) = invoice::situation(session, c) {
                vars.set("invoice", &described);
                key = situation;
                general = general.or(more_general);
                fallback = Some(intent);
            }
        }
        "thanks_bye" => {
            if matches!(session.stage, Stage::Paid | Stage::Closed) {
                key = "closing";
                fallback = Some(intent);
            } else if picks::agrees_to_size(session, scripts, c) {
                key = picks::ACK_SIZE_KEY;
                fallback = Some(intent);
            }
        }
        // `650呢` on the 699 coat: the deals may already take it there.
        "bargain" if offered.is_some() => {
            if let Some((offer, quote)) = &offered {
                vars.set("offer", &offer.to_string());
                vars.set("pieces", &quote.pieces.to_string());
                vars.set("total", &format_price(quote.total));
                vars.set("deals", &quote.deals.join(LIST_SEPARATOR));
                key = if quote.total <= f64::from(*offer) {
                    BARGAIN_MET_KEY
                } else {
                    BARGAIN_DEALS_KEY
                };
            }
            offers = Offers::Never;
            fallback = Some(intent);
        }
        _ if OBJECTIONS.contains(&intent) => {
            offers = if session.coupon_offered {
                Offers::Never
            } else {
                Offers::Prefer
            };
        }
        _ => {}
    }
    let fallbacks: Vec<&str> = general.into_iter().chain(fallback).collect();
    let req = Request {
        key,
        fallbacks: &fallbacks,
        vars: &vars,
        offers,
        combined,
        matched: &matched,
        said: &said,
    };
    pick(session, scripts, &req)
}
