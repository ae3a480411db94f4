//! A buyer changing their mind about an order placed and not paid.
//!
//! The payment nudge is right for a buyer who hesitates over the order
//! they placed (`我再考虑考虑`); it is wrong for one who has moved on. Two
//! cases were answered badly:
//!
//! - **Another item** (`等等 我想想还是要中长款` on an order for the short
//!   coat): the hesitation line pushed payment of the order she no longer
//!   wants, which ends in a return. She hears the item she wants now, its
//!   price, and that she can cancel and order it instead (`order_switch`).
//! - **Cancelling over the price** (`算了不要了 太贵`): the cancel help came
//!   first and the objection got the short line, so the buyer left without
//!   hearing the coupon that answers her. The objection is answered in full,
//!   the cancel help dropped: a buyer who still does not want it says so
//!   again and is told how.

use super::{Session, Speaker};
use crate::channel::protocol::OrderStatus;
use crate::nlu::{has, Classification};
use crate::script::Scripts;

/// The situation that answers a switch to another item.
pub(super) const SWITCH_KEY: &str = "order_switch";

/// The intent a switch is answered under: its set is the fallback.
const ORDER_CHANGE: &str = "order_change";

/// Words of wanting another thing than the one ordered. A hesitation
/// (`我再考虑考虑 可能买卫裤`) naming another item says it as well.
const SWITCHING: &[&str] = &[
    "还是要",
    "还是买",
    "还是拍",
    "换成",
    "改成",
    "换个",
    "改买",
    "改拍",
    "想换",
    "可能买",
    "不要这",
];

/// Price objections, which a cancel beside them is the consequence of.
const PRICE_OBJECTIONS: &[&str] = &["too_expensive", "bargain", "cheaper_elsewhere"];

/// Rewrites the intents answered for a buyer with an unpaid order who
/// changes their mind (see the module doc).
pub(super) fn reconsider(
    intents: &mut Vec<&str>,
    session: &Session,
    scripts: &Scripts,
    c: &Classification,
) {
    if !(session.orders.values()).any(|o| o.status == OrderStatus::Created) {
        return;
    }
    if switched_from(session, c).is_some() && scripts.replies.of(SWITCH_KEY).next().is_some() {
        *intents = vec![ORDER_CHANGE];
        return;
    }
    if intents.contains(&ORDER_CHANGE) && intents.iter().any(|i| PRICE_OBJECTIONS.contains(i)) {
        intents.retain(|i| *i != ORDER_CHANGE);
    }
}

/// Whether the buyer's last word moved away from `order`'s item: it wants
/// or weighs another (`还是要中长款`) and the item in talk is not one the
/// order holds. A payment nudge for the order would push what she no
/// longer wants; a later message back on the ordered item lifts it.
pub(super) fn moved_on(session: &Session, order: &str) -> bool {
    let Some(info) = session.orders.get(order) else {
        return false;
    };
    let in_talk = session.slots.item.as_deref();
    let elsewhere = in_talk.is_some_and(|item| info.lines.iter().all(|(id, _)| id != item));
    let last = (session.history.iter().rev()).find(|t| t.who == Speaker::Buyer);
    let weighs = ["考虑", "想想"];
    elsewhere && last.is_some_and(|t| SWITCHING.iter().chain(&weighs).any(|w| has(&t.text, w)))
}

/// The unpaid order's item the buyer moves away from, when the message
/// names another item and wants it (or hesitates): `(order id, item id)`.
pub(super) fn switched_from(session: &Session, c: &Classification) -> Option<(String, String)> {
    let named = c.entities.item.as_deref()?;
    let (order, info) =
        (session.orders.iter().rev()).find(|(_, o)| o.status == OrderStatus::Created)?;
    let ordered = info.lines.first().map(|(item, _)| item.as_str())?;
    let elsewhere = info.lines.iter().all(|(item, _)| item != named);
    let wants = c.has("hesitation") || SWITCHING.iter().any(|w| has(&c.normalized, w));
    (elsewhere && wants).then(|| (order.clone(), ordered.to_string()))
}
