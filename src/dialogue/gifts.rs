//! Shopping for someone else: `送妈妈什么好`, `给男朋友买个礼物`,
//! `这个送妈妈合适吗`.
//!
//! Whom the buyer shops for (see `script::gifts`) is part of the wish
//! `recommend` picks items by. This module holds what that changes around
//! it: a question about the item in talk (`送妈妈合适吗` on the sweater's
//! page) is answered for that item when it suits them, and otherwise with
//! what does; and giving (`送我爸`, `礼物`) is not asking for the shop's
//! free gift, which the rules' `送`-words would read it as.

use super::recommend::Reading;
use super::Session;
use crate::nlu::Classification;
use crate::script::{Gift, Item, Scripts};

/// The intent of asking about the shop's campaigns and free gifts.
const PROMOTION: &str = "promotion";

/// Drops the promotion a message matched only by words of giving (`送`,
/// `礼物`) when it gives to someone (`送我爸 有毛衣吗`, `想给男朋友买个
/// 礼物`): "下单就送运费险" would answer a question not asked. A campaign
/// word beside them (`送妈妈 有满减吗`, `买一送一`) still asks.
pub(super) fn drop_freebie(intents: &mut Vec<&str>, c: &Classification, scripts: &Scripts) {
    let giving = |label: &str| {
        (label.contains('送') || label.contains('礼')) && !label.contains(['买', '满'])
    };
    if !intents.contains(&PROMOTION) {
        return;
    }
    let only_giving = c.intent(PROMOTION).is_some_and(|i| i.matched().all(giving));
    if only_giving && scripts.catalog.recipient_in(&c.normalized).is_some() {
        intents.retain(|i| *i != PROMOTION);
    }
}

/// Whether `item` will do as a present for `recipient` (a `[[recipient]]`
/// name): it says so (`gift_for`), says nothing (the shop did not tell),
/// or no item does.
pub(super) fn suits(scripts: &Scripts, item: &Item, recipient: Option<&str>) -> bool {
    recipient.is_none_or(|name| {
        item.gift_for.is_empty()
            || item.gift_for.iter().any(|r| r == name)
            || scripts.catalog.gifts_for(name).next().is_none()
    })
}

/// [`suits`], for whom a message names.
pub(super) fn suits_gift(scripts: &Scripts, item: &Item, gift: Option<Gift<'_>>) -> bool {
    suits(scripts, item, gift.map(|g| g.recipient.name.as_str()))
}

/// The item the buyer asks about as a present, when the message says
/// nothing but whom it is for and does not ask for one (`送妈妈合适吗`,
/// not `有适合送长辈的吗`): the item named, or the item in talk.
pub(super) fn item_asked<'s>(
    session: &Session,
    scripts: &'s Scripts,
    c: &Classification,
    reading: &Reading<'_>,
    asks_for_one: bool,
) -> Option<&'s Item> {
    if !reading.only_gift() || asks_for_one {
        return None;
    }
    (c.entities.item.as_deref())
        .and_then(|id| scripts.catalog.item(id))
        .or_else(|| session.item(&scripts.catalog))
}
