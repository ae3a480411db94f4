//! Template variables: the facts a reply may quote, as known in one conversation.
//!
//! Every value comes from the session (what the buyer said), the catalogue or
//! the shop policies; nothing is invented. A variable without a value is simply
//! absent, and a reply variant that needs it is skipped by the caller. The
//! meaning of each name is the table in `docs/scripts.md`.

use super::night::{local, shop_zone};
use super::Session;
use crate::channel::protocol::OrderStatus;
use crate::script::{Item, Scripts, Shop};
use jiff::civil::Date;
use jiff::Zoned;
use std::borrow::Cow;
use std::collections::BTreeMap;

pub(super) use crate::script::LIST_SEPARATOR;

/// The variables for one reply part.
///
/// The shop's own facts are read from the shop when a template asks for
/// them, not copied in: every reply builds its variables, and most of its
/// templates name one or two of them.
#[derive(Debug, Clone, Default)]
pub(super) struct Vars<'s> {
    shop: Option<&'s Shop>,
    /// Values set for this reply, over the shop's; `None`: absent here,
    /// even where the shop has one (an order's note that must not quote
    /// the cut-off).
    values: BTreeMap<&'static str, Option<String>>,
}

impl<'s> Vars<'s> {
    /// What the conversation and the shop know right now.
    pub(super) fn for_session(session: &Session, scripts: &'s Scripts) -> Vars<'s> {
        let shop = &scripts.shop;
        let mut vars = Vars {
            shop: Some(shop),
            values: BTreeMap::new(),
        };
        vars.set("buyer", &session.buyer);
        // The session is stamped with the time of the event being decided,
        // which is when "paid now" would be.
        let zone = shop_zone(&shop.time_zone);
        let now = local(session.updated_at, &zone);
        let leaves = |paid: &Zoned| ships_on(shop, paid).and_then(|day| day_word(day, &now));
        vars.set_opt("ship_day", leaves(&now));
        vars.set_opt(
            "order_ship_day",
            paid_at(session).and_then(|at| leaves(&local(at, &zone))),
        );

        let slots = &session.slots;
        if let Some(item) = session.item(&scripts.catalog) {
            vars.set_item(item);
        }
        vars.set_opt("size", slots.size.as_deref());
        vars.set_opt("color", slots.color.as_deref());
        vars.set_opt("worn_size", slots.worn_size.as_deref());
        if let Some(h) = slots.height_cm {
            vars.set("height", &h.to_string());
        }
        if let Some(w) = slots.weight_jin {
            vars.set("weight", &w.to_string());
        }
        if let Some(w) = slots.waist_cm {
            vars.set("waist", &w.to_string());
        }
        // Whose measurements they are, where any is known (the size
        // answers that name them): the buyer, unless said otherwise.
        if slots.height_cm.is_some()
            || slots.weight_jin.is_some()
            || slots.waist_cm.is_some()
            || slots.foot_mm.is_some()
        {
            vars.set("wearer", slots.wearer.as_deref().unwrap_or("您"));
        }
        vars
    }

    /// `{similar}` and `{similar_price}`: another item to offer.
    pub(super) fn set_similar(&mut self, other: &Item) {
        self.set("similar", &other.name);
        self.set("similar_price", &other.price_text());
    }

    /// The item's own facts. `sizes` lists only the sizes in stock: replies
    /// say "{sizes}都有现货", and a sold-out size must never be promised.
    pub(super) fn set_item(&mut self, item: &Item) {
        self.set("item", &item.name);
        self.set("price", &item.price_text());
        let in_stock: Vec<&str> = item.sizes_in_stock().collect();
        self.set("sizes", &in_stock.join(LIST_SEPARATOR));
        self.set("colors", &item.colors.join(LIST_SEPARATOR));
        self.set("selling_points", &item.selling_points.join(LIST_SEPARATOR));
        self.set_opt("size_tip", item.size_tip.as_deref());
        self.set_opt("material", item.material.as_deref());
        // The largest coupon one piece reaches: `满399减50` for a 499 coat,
        // where the shop's first coupon (`满199减20`) is the smaller deal a
        // buyer who asks for a discount would be told of.
        let reached = (self
            .shop
            .map(|shop| shop.coupons.iter())
            .into_iter()
            .flatten())
        .filter_map(|c| c.deal.map(|deal| (c, deal)))
        .filter(|(_, deal)| f64::from(deal.min_spend) <= item.price)
        .max_by_key(|(_, deal)| deal.off);
        if let Some((coupon, _)) = reached {
            self.set("coupon", &coupon.text);
        }
    }

    /// Sets a value; an empty one counts as absent, so a template never
    /// renders a sentence with a hole in it.
    pub(super) fn set(&mut self, name: &'static str, value: &str) {
        let value = (!value.trim().is_empty()).then(|| value.to_string());
        self.values.insert(name, value);
    }

    pub(super) fn set_opt(&mut self, name: &'static str, value: Option<&str>) {
        self.set(name, value.unwrap_or(""));
    }

    pub(super) fn get(&self, name: &str) -> Option<String> {
        match self.values.get(name) {
            Some(set) => set.clone(),
            None => self.shop?.fact(name).map(Cow::into_owned),
        }
    }
}

/// Whether `now` is before the shop's dispatch cut-off (`HH:MM`) on the
/// shop's clock, so that an order paid now ships today; `None` when the
/// shop names no cut-off.
pub(super) fn before_cutoff(shop: &Shop, now: i64) -> Option<bool> {
    cutoff_ahead(shop, &local(now, &shop_zone(&shop.time_zone)))
}

/// [`before_cutoff`] at a time already on the shop's clock.
fn cutoff_ahead(shop: &Shop, at: &Zoned) -> Option<bool> {
    let cutoff = shop.ship_cutoff.as_deref()?;
    Some(format!("{:02}:{:02}", at.hour(), at.minute()).as_str() < cutoff)
}

/// The shop's day an order paid at `paid` leaves: that day before the
/// cut-off, the next from it on; `None` when the shop names no cut-off.
fn ships_on(shop: &Shop, paid: &Zoned) -> Option<Date> {
    if cutoff_ahead(shop, paid)? {
        Some(paid.date())
    } else {
        paid.date().tomorrow().ok()
    }
}

/// `day` as a buyer hears it on the shop's day `now`: `今天` or `明天`;
/// `None` for any other day. Buyers who ask "今天能发吗" at 18:30 want to
/// hear "明天", not the rule to work it out from; and a paid order whose day
/// is past should be on its way, which a person checks (`{order_ship_day}`
/// is then not set).
fn day_word(day: Date, now: &Zoned) -> Option<&'static str> {
    let today = now.date();
    if day == today {
        Some("今天")
    } else if Some(day) == today.tomorrow().ok() {
        Some("明天")
    } else {
        None
    }
}

/// When the buyer's latest paid, not yet shipped order was paid.
fn paid_at(session: &Session) -> Option<i64> {
    (session.orders.values())
        .filter(|o| o.status == OrderStatus::Paid)
        .filter_map(|o| o.paid_at)
        .max()
}

/// An order amount as buyers read it: `"129.00"` → `129`, `"99.90"` → `99.9`;
/// anything that is not a plain number is quoted as the channel sent it.
pub(super) fn amount_text(raw: &str) -> String {
    let raw = raw.trim();
    let plain = !raw.is_empty() && raw.chars().all(|c| c.is_ascii_digit() || c == '.');
    if !plain || raw.parse::<f64>().is_err() || !raw.contains('.') {
        return raw.to_string();
    }
    raw.trim_end_matches('0').trim_end_matches('.').to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn amounts_read_naturally() {
        assert_eq!(amount_text("129.00"), "129");
        assert_eq!(amount_text(" 99.90 "), "99.9");
        assert_eq!(amount_text("100"), "100");
        assert_eq!(amount_text("¥129"), "¥129");
    }

    #[test]
    fn empty_values_are_absent() {
        let mut v = Vars::default();
        v.set("shop", "  ");
        assert_eq!(v.get("shop"), None);
        v.set("shop", "暖阳");
        assert_eq!(v.get("shop").as_deref(), Some("暖阳"));
        v.set_opt("shop", None);
        assert_eq!(v.get("shop"), None);
    }

    #[test]
    fn the_shops_facts_are_read_and_a_reply_may_leave_one_out() {
        let scripts = crate::script::load_embedded();
        let session = Session::new("s", "c", "b", 1_700_028_000);
        let mut v = Vars::for_session(&session, &scripts);
        assert_eq!(v.get("ship_cutoff").as_deref(), Some("17:00"));
        assert_eq!(v.get("couriers").as_deref(), Some("中通、韵达、圆通"));
        assert_eq!(v.get("buyer").as_deref(), Some("b"));
        assert_eq!(v.get("no_such_fact"), None);
        // An order's note that must not quote the cut-off takes it out.
        v.set("ship_cutoff", "");
        assert_eq!(v.get("ship_cutoff"), None);
        v.set("ship_cutoff", "18:00");
        assert_eq!(v.get("ship_cutoff").as_deref(), Some("18:00"));
    }
}
