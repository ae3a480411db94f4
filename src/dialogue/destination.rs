//! Where the parcel goes: delivery time and shipping fee for the buyer's
//! province (`寄到上海几天到`, `新疆包邮吗`, `我在广州` after `几天能到`).
//!
//! The shop-wide answer (`江浙沪一般次日到,其他地区2-4天,偏远地区会慢一些`)
//! makes the buyer work out which one they are; an agent who hears the
//! place answers for it. The shop writes its `[[region]]`s (provinces with a
//! delivery time and whether shipping is free), and a shipping question
//! that names a place, or says nothing but a place right after a shipping
//! question, is answered with that region's words in the `shipping_place`
//! situation. The place is kept in the session: `我在新疆` said once
//! answers a later `包邮吗` too, where the pack's `shipping_place` sets
//! name that question in their `when`.
//!
//! A province in no region, a group across regions (`江浙沪` where Shanghai
//! is apart) and a pack without regions get the intent's own answer.

use super::vars::Vars;
use super::Session;
use crate::nlu::{place_called, place_named, Classification};
use crate::script::{Region, Scripts};

/// The situation of a shipping question answered for the buyer's place.
pub(super) const KEY: &str = "shipping_place";
const INTENT: &str = "shipping";

/// At most this many characters in a message that only names a place: a
/// longer one says something of its own.
const MAX_CHARS: usize = 12;

/// Reads the place a shipping question names into the session; a short
/// message that names only a place right after a shipping question
/// (`我在上海`, `那新疆呢`) asks it again, for there.
pub(super) fn read<'s>(
    intents: &mut Vec<&'s str>,
    session: &mut Session,
    scripts: &'s Scripts,
    c: &Classification,
) {
    if scripts.shop.regions.is_empty() {
        return;
    }
    let asks = intents.contains(&INTENT);
    let follows = intents.is_empty()
        && session.topic.iter().any(|t| t == INTENT)
        && c.normalized.chars().count() <= MAX_CHARS;
    if !asks && !follows {
        return;
    }
    let Some(place) = place_named(&c.normalized) else {
        return;
    };
    session.slots.place = Some(place.said.to_string());
    if follows {
        if let Some(name) = scripts.intent(INTENT) {
            intents.push(name);
        }
    }
}

/// The key and variables for a shipping question when the buyer's place is
/// known and lies in one of the shop's regions: when the pack has a
/// `shipping_place` set for what it asks (`matched`: `包邮`, `几天到`), or
/// when this message names the place and asks nothing the intent's own
/// sets answer in particular (`今天能发吗` is answered by the dispatch
/// cut-off, wherever the buyer is). `None`: the intent's own answer.
pub(super) fn answer(
    session: &Session,
    scripts: &Scripts,
    c: &Classification,
    matched: &[&str],
    vars: &mut Vars,
) -> Option<&'static str> {
    let place = place_called(session.slots.place.as_deref()?)?;
    let region = scripts.shop.region_for(&place)?;
    let has_set = |key| {
        (scripts.replies.for_matched(key, session.stage, matched))
            .next()
            .is_some()
    };
    let named_now = || place_named(&c.normalized).is_some();
    let for_place = has_set(KEY) || named_now() && !has_set(INTENT);
    if !for_place {
        return None;
    }
    set_vars(vars, place.said, region);
    Some(KEY)
}

/// `{place}`, `{place_delivery}`, `{place_shipping}`.
fn set_vars(vars: &mut Vars, place: &str, region: &Region) {
    vars.set("place", place);
    vars.set_opt("place_delivery", region.delivery.as_deref());
    vars.set_opt("place_shipping", region.shipping.as_deref());
}
