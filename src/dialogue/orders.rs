//! Order events and what follows them: the pre-sale flow (拍下 → 付款 → 发货),
//! the payment nudge (催付) and large orders checked by a person.
//!
//! An order `created` schedules a nudge; when it falls due the order is
//! looked up in the *current* session, so paying or closing the order
//! cancels it without any bookkeeping. A nudge quotes only facts the shop
//! file gives (the dispatch cut-off while it still holds today, a coupon's
//! expiry, stock running low under the shop's threshold), never invented
//! urgency. An order above the configured amount is confirmed, flagged on
//! the order and put in the handover queue for a person to check before it
//! ships, while the bot goes on answering the buyer. A buyer's change to a
//! paid order is written on the order for the warehouse and handed over;
//! a note the buyer asks for is written by the bot itself (see `notes`).

use super::choose::matched_for;
use super::speaking::{may_speak, say_key, unprompted_slot};
use super::vars::{amount_text, before_cutoff, Vars};
use super::waiting::{hand_over, hand_over_saying};
use super::{Action, Context, Decision, OrderInfo, Session, Speaker, Timer, TimerKind};
use crate::channel::protocol::{OrderEvent, OrderStatus};
use crate::nlu::{has_address, Classification};
use crate::script::{Item, Scripts, Stage};

/// The reason an order above `large_order_amount` is in the handover queue
/// (checked by a person, not handed over).
pub const LARGE_ORDER: &str = "large_order";

/// A change to an order (address, phone, size, colour), as intent and as
/// transfer reason. Before payment the buyer can cancel and order again,
/// which the scripts say; after payment see [`change_after_payment`].
const ORDER_CHANGE: &str = "order_change";

/// The flag colour of the remark an order change writes: red, the colour
/// shops use for "check before shipping".
pub(super) const REMARK_FLAG: &str = "red";

/// At most this many characters of the buyer's words in a remark.
const REMARK_QUOTE_CHARS: usize = 60;

/// A buyer changing an order in a way only a person can carry out. A paid
/// order: if it has not shipped, the warehouse must hear of it before it
/// packs (the seeds' 修改备注), so the order also gets a remark; once
/// shipped, changing the address means the courier, which is a person's job
/// as well. An unpaid order the buyer can cancel and order again, which the
/// scripts say; but a buyer who sends the new address or phone number
/// expects it to be used, and a person can put it on the order in the
/// seller's backend, so that one is remarked and handed over too (the remark
/// still reaches the warehouse if the buyer pays first). Returns whether the
/// conversation was handed over. The remark quotes the buyer as the session
/// keeps the words, masked: whoever makes the change reads the real address
/// in the chat.
pub(super) fn change_order(
    session: &mut Session,
    actions: &mut Vec<Action>,
    scripts: &Scripts,
    c: &Classification,
    now: i64,
) -> bool {
    // Only with an order, and only for a message that says nothing else or
    // asks for a change, is the address looked for: not on every message.
    if session.orders.is_empty() {
        return false;
    }
    let asks = c.has(ORDER_CHANGE);
    if (asks && answered_by_the_shop(session, scripts, c)) || (!asks && !c.intents().is_empty()) {
        return false;
    }
    if adds_another_item(session, c) {
        return false;
    }
    let details = gives_delivery_details(c);
    if !asks && !details {
        return false;
    }
    let remark = match (
        latest_order(session, OrderStatus::Paid),
        latest_order(session, OrderStatus::Created),
    ) {
        (Some(order), _) => Some((order, "买家付款后要求修改订单")),
        (None, Some(order)) if details => Some((order, "买家要求修改收货信息")),
        _ => None,
    };
    let remarked = remark.is_some();
    if let Some((order, what)) = remark {
        actions.push(Action::Remark {
            text: change_remark(session, what),
            order,
            flag: Some(REMARK_FLAG.to_string()),
        });
    } else if !session
        .orders
        .values()
        .any(|o| o.status == OrderStatus::Shipped)
    {
        // Before payment the pack's answer says how to change the order;
        // the words are kept for the order, should it be paid as it is.
        if let Some(order) = latest_order(session, OrderStatus::Created).filter(|_| asks) {
            let note = change_remark(session, "买家付款前要求修改订单");
            session.change_before_payment = Some((order, note));
        }
        return false;
    }
    session.unknown_streak = 0;
    if remarked {
        // The buyer hears that the change is on the order, not only that a
        // person comes; asked without the new details (`能改地址吗`), the
        // words asked choose a set asking for them.
        let matched = if details {
            Vec::new()
        } else {
            matched_for(Some(c), ORDER_CHANGE)
        };
        let lines = ("handover_change", "handover_change_later");
        hand_over_saying(
            session,
            actions,
            scripts,
            ORDER_CHANGE,
            lines,
            &matched,
            now,
        );
    } else {
        hand_over(session, actions, scripts, ORDER_CHANGE, now);
    }
    true
}

/// Whether the message asks to change the order more than it asks where
/// the parcel is: the order change scores at least as high as logistics.
pub(super) fn asks_change_first(c: &Classification) -> bool {
    let score = |name: &str| c.intent(name).map(|i| i.score);
    match (score(ORDER_CHANGE), score("logistics")) {
        (Some(change), Some(logistics)) => change >= logistics,
        _ => false,
    }
}

/// Words of adding to an order (`再加一条`), which are also how a buyer
/// starts buying one more thing.
const ADDING: &[&str] = &["再加", "加一件"];

/// Whether the order change asked is only adding an item no order holds
/// (`我还想再加一条卫裤 黑色M 有货吗` after paying for a hoodie): that is a
/// new purchase, answered as one (its stock), not a change to the paid
/// order. Before, the hoodie's order got a red-flag note and the buyer a
/// person.
fn adds_another_item(session: &Session, c: &Classification) -> bool {
    let Some(named) = c.entities.item.as_deref() else {
        return false;
    };
    let ordered = (session.orders.values()).any(|o| o.lines.iter().any(|(id, _)| id == named));
    let only_adding =
        (c.intent(ORDER_CHANGE)).is_some_and(|i| i.matched().all(|k| ADDING.contains(&k)));
    only_adding && !ordered
}

/// Whether the message gives an address or a phone number: where a parcel
/// goes. Sent with nothing else (`杭州市西湖区文三路100号 138…`), it is the
/// buyer's delivery details, which only mean something next to an order.
pub(super) fn gives_delivery_details(c: &Classification) -> bool {
    c.entities.phone.is_some() || has_address(&c.normalized)
}

/// Whether the shop wrote words for everything the buyer said about the
/// order: each keyword and pattern that matched `order_change` is named by
/// the `when` of a reply set usable in the conversation's stage. Not every
/// sentence about an order is a change: "地址没问题吧" asks the shop to
/// confirm, and answering it by flagging the order for the warehouse and
/// calling a person would be wrong. The pack says which wordings those are,
/// so the rule stays in the scripts. *Every* match must be named, not one as
/// elsewhere, because the cost is uneven: "地址对吗?改成…" carries a change
/// beside the confirmation, and a change missed is a parcel sent wrong.
fn answered_by_the_shop(session: &Session, scripts: &Scripts, c: &Classification) -> bool {
    let matched = matched_for(Some(c), ORDER_CHANGE);
    let sets: Vec<_> = scripts
        .replies
        .for_matched(ORDER_CHANGE, session.stage, &matched)
        .collect();
    !sets.is_empty()
        && matched
            .iter()
            .all(|m| sets.iter().any(|s| s.when.iter().any(|w| w == m)))
}

/// The latest order of the conversation in `status`: `Paid` is paid and
/// not yet shipped, `Created` not yet paid.
pub(super) fn latest_order(session: &Session, status: OrderStatus) -> Option<String> {
    session
        .orders
        .iter()
        .rev()
        .find(|(_, o)| o.status == status)
        .map(|(id, _)| id.clone())
}

/// The remark for an order change: `what` happened, then the buyer's words
/// as the session keeps them (phone numbers and addresses masked).
pub(super) fn change_remark(session: &Session, what: &str) -> String {
    let words = session.last_buyer_text().unwrap_or_default();
    let mut quote: String = words.chars().take(REMARK_QUOTE_CHARS).collect();
    if words.chars().count() > REMARK_QUOTE_CHARS {
        quote.push('…');
    }
    format!("{what}:「{quote}」,详见聊天记录,发货前请核对")
}

/// A refund asked for a paid order not shipped yet (`不想要了 申请退款了
/// 麻烦同意一下`, `拍错了 不要了 退款吧`): a red-flag remark on the order, so
/// the warehouse holds it while a person handles the refund. Before, it was
/// handed over with nothing on the order, and could ship in the meantime,
/// where `取消订单` got the remark.
pub(super) fn hold_for_refund(session: &Session, actions: &mut Vec<Action>) {
    if let Some(order) = latest_order(session, OrderStatus::Paid) {
        actions.push(Action::Remark {
            text: change_remark(session, "买家付款后申请退款,请暂停发货"),
            order,
            flag: Some(REMARK_FLAG.to_string()),
        });
    }
}

/// Orders move forward only; a lower rank arriving later is a stale redelivery.
fn rank(status: OrderStatus) -> u8 {
    match status {
        OrderStatus::Created => 0,
        OrderStatus::Paid => 1,
        OrderStatus::Shipped => 2,
        OrderStatus::Closed => 3,
    }
}

/// The stage the buyer's orders put the conversation in: an unpaid order
/// wants paying first, then a paid or shipped one; all closed is closed.
fn stage_of_orders(session: &Session) -> Option<Stage> {
    let statuses = || session.orders.values().map(|o| o.status);
    if statuses().any(|s| s == OrderStatus::Created) {
        Some(Stage::OrderedUnpaid)
    } else if statuses().any(|s| matches!(s, OrderStatus::Paid | OrderStatus::Shipped)) {
        Some(Stage::Paid)
    } else if statuses().next().is_some() {
        Some(Stage::Closed)
    } else {
        None
    }
}

/// An order amount in yuan, when the channel sent a plain number.
fn amount_yuan(info: &OrderInfo) -> Option<f64> {
    info.amount
        .as_deref()
        .map(|a| a.trim().trim_start_matches(['¥', '￥']))
        .and_then(|a| a.parse::<f64>().ok())
        .filter(|a| a.is_finite())
}

/// The reply to a payment of an order a change was asked for before it.
const PAID_NOTED_KEY: &str = "order_paid_noted";

/// An order placed with the note the buyer asked for before it was seen.
const CREATED_NOTED_KEY: &str = "order_created_noted";

/// The reply to a payment above `large_order_amount`.
const PAID_LARGE_KEY: &str = "order_paid_large";

pub(super) fn on_order(
    mut session: Session,
    ev: &OrderEvent,
    scripts: &Scripts,
    ctx: &Context,
) -> Decision {
    if session.buyer.is_empty() {
        session.buyer = ev.buyer.clone();
    }
    let lines: Vec<(String, Option<String>)> = ev
        .items
        .iter()
        .map(|l| (l.item.clone(), l.sku.clone()))
        .collect();
    let previous = session.orders.get(&ev.order).cloned();
    let unchanged = |s: Session| Decision {
        session: s,
        actions: Vec::new(),
        understood: None,
        timers: Vec::new(),
    };
    if let Some(prev) = &previous {
        if rank(ev.status) < rank(prev.status) {
            return unchanged(session);
        }
        if ev.status == prev.status {
            // A redelivery, or a detail filled in (a price changed before
            // payment): keep the news, but the buyer has heard this already.
            let info = merged(prev, ev, lines);
            if info != *prev {
                session.orders.insert(ev.order.clone(), info);
                session.updated_at = ctx.now;
            }
            return unchanged(session);
        }
    }
    let mut info = match &previous {
        Some(prev) => merged(prev, ev, lines),
        None => OrderInfo {
            status: ev.status,
            amount: ev.amount.clone(),
            lines,
            paid_at: None,
        },
    };
    if ev.status == OrderStatus::Paid {
        info.paid_at = Some(ctx.now);
    }
    session.orders.insert(ev.order.clone(), info.clone());
    session.updated_at = ctx.now;
    if let Some(stage) = stage_of_orders(&session) {
        session.stage = stage;
    }
    // What was bought is the best knowledge of the buyer's item and size.
    let ordered = order_item(&info, scripts);
    if let Some((item, size, color)) = &ordered {
        session.slots.item = Some(item.id.clone());
        if size.is_some() {
            session.slots.size.clone_from(size);
        }
        if color.is_some() {
            session.slots.color.clone_from(color);
        }
    }

    let key = match ev.status {
        OrderStatus::Created => "order_created",
        OrderStatus::Paid => "order_paid",
        OrderStatus::Shipped => "order_shipped",
        OrderStatus::Closed => return unchanged(session),
    };
    let rules = &scripts.night;
    let is_large = |o: &OrderInfo| amount_yuan(o).is_some_and(|a| a > rules.large_order_amount);
    let large = matches!(ev.status, OrderStatus::Created | OrderStatus::Paid) && is_large(&info);
    // Checked once: the payment of an order checked when placed is not
    // another item for the queue.
    let check = large && !previous.as_ref().is_some_and(is_large);
    let mut actions = Vec::new();
    // A change asked before payment goes on the order once it is paid as
    // it was, and the buyer hears so; another order paid (ordered again as
    // wanted) drops it.
    let mut key = key;
    if ev.status == OrderStatus::Paid {
        if let Some((order, note)) = session.change_before_payment.take() {
            if order == ev.order {
                super::notes::write_flagged(&mut session, &mut actions, &order, note);
                if scripts.replies.of(PAID_NOTED_KEY).next().is_some() {
                    key = PAID_NOTED_KEY;
                }
            }
        }
    }
    // An invoice the buyer sent the 抬头 of before ordering, and a note
    // asked for before the order was seen: on the order, and said so.
    if matches!(ev.status, OrderStatus::Created | OrderStatus::Paid) {
        super::invoice::note_on_order(&mut session, &mut actions, &ev.order);
        if super::notes::write_kept(&mut session, &mut actions, &ev.order) {
            let noted = match ev.status {
                OrderStatus::Created => CREATED_NOTED_KEY,
                _ => PAID_NOTED_KEY,
            };
            if scripts.replies.of(noted).next().is_some() {
                key = noted;
            }
        }
    }
    // A large order is worth a person's look before it ships: a red flag
    // on the order and an item in the handover queue. The conversation
    // stays with the bot. Before, it was handed over, and the shop's best
    // buyer heard "转接人工" for nothing she asked, then no answers.
    if check {
        actions.push(Action::Remark {
            order: ev.order.clone(),
            text: format!(
                "大额订单{}元,发货前请人工核对",
                amount_text(info.amount.as_deref().unwrap_or_default())
            ),
            flag: Some(REMARK_FLAG.to_string()),
        });
        actions.push(Action::Check {
            reason: LARGE_ORDER.to_string(),
        });
    }
    if large
        && ev.status == OrderStatus::Paid
        && scripts.replies.of(PAID_LARGE_KEY).next().is_some()
    {
        key = PAID_LARGE_KEY;
    }
    if may_speak(&session, ctx.now) {
        let mut vars = Vars::for_session(&session, scripts);
        order_vars(&mut vars, &ev.order, &info, ordered.as_ref());
        say_key(&mut session, &mut actions, scripts, key, &vars, ctx.now);
    }
    let mut timers = Vec::new();
    match ev.status {
        OrderStatus::Created if rules.max_nudges > 0 && !session.transferred => {
            let due = ctx.now.saturating_add(rules.nudge_delay_secs.max(0));
            let kind = TimerKind::PaymentNudge {
                order: ev.order.clone(),
                sent: 0,
            };
            timers.push(Timer::new(&session, due, kind));
        }
        OrderStatus::Paid => {
            let due = ctx.now.saturating_add(ctx.closing_delay_secs.max(0));
            let kind = TimerKind::Closing {
                order: ev.order.clone(),
            };
            timers.push(Timer::new(&session, due, kind));
        }
        _ => {}
    }
    Decision {
        session,
        actions,
        understood: None,
        timers,
    }
}

/// The variables of a reply about one order.
fn order_vars(
    vars: &mut Vars,
    order: &str,
    info: &OrderInfo,
    ordered: Option<&(&Item, Option<String>, Option<String>)>,
) {
    vars.set("order", order);
    vars.set_opt("amount", info.amount.as_deref().map(amount_text).as_deref());
    if let Some((item, size, color)) = ordered {
        vars.set_item(item);
        vars.set_opt("size", size.as_deref());
        vars.set_opt("color", color.as_deref());
    }
}

/// Whether the buyer's last word put paying off: when they will pay (the
/// bot said "好的不着急", and a nudge half an hour later would go back on
/// it) or that they call the order off (`算了不要了 帮我取消吧`: a nudge
/// would not have listened). Read off the latest buyer turn, so a later
/// message (another question) lifts it. The pack's `payment` and
/// `order_change` rules and `when` hold the same wording, for the reply.
fn put_off_paying(session: &Session) -> bool {
    (session.history.iter().rev())
        .find(|t| t.who == Speaker::Buyer)
        .is_some_and(|t| crate::nlu::pay_later(&t.text) || crate::nlu::calls_off_order(&t.text))
}

/// A due payment nudge (催付) for `order`, the `sent`-th before this one.
/// Nothing happens when the order was paid or closed meanwhile, the
/// conversation is with a person, the nudges are used up, or the buyer
/// last put paying off. Inside quiet hours or over the message
/// limit it is put off, not dropped.
pub(super) fn nudge(
    session: &mut Session,
    actions: &mut Vec<Action>,
    timers: &mut Vec<Timer>,
    scripts: &Scripts,
    ctx: &Context,
    order: &str,
    sent: u32,
) {
    let rules = &scripts.night;
    let Some(info) = session.orders.get(order).cloned() else {
        return;
    };
    if info.status != OrderStatus::Created
        || sent >= rules.max_nudges
        || !may_speak(session, ctx.now)
        || put_off_paying(session)
        || super::mind::moved_on(session, order)
    {
        return;
    }
    let slot = unprompted_slot(session, scripts, ctx.now);
    if slot > ctx.now {
        let kind = TimerKind::PaymentNudge {
            order: order.to_string(),
            sent,
        };
        timers.push(Timer::new(session, slot, kind));
        return;
    }
    let ordered = order_item(&info, scripts);
    let mut vars = Vars::for_session(session, scripts);
    order_vars(&mut vars, order, &info, ordered.as_ref());
    nudge_facts(&mut vars, scripts, &info, ordered.as_ref(), ctx.now);
    let before = actions.len();
    say_key(session, actions, scripts, "payment_nudge", &vars, ctx.now);
    if actions.len() == before {
        // No variant can be said here (every one quotes a missing fact, or
        // repeats the last message): a nudge is not worth a filler line.
        return;
    }
    session.updated_at = ctx.now;
    if sent + 1 < rules.max_nudges {
        let due = ctx.now.saturating_add(rules.nudge_delay_secs.max(60));
        let kind = TimerKind::PaymentNudge {
            order: order.to_string(),
            sent: sent + 1,
        };
        timers.push(Timer::new(session, due, kind));
    }
}

/// The facts a nudge may quote, and only while they are true: the cut-off
/// while it is still ahead today, a coupon's expiry as the shop wrote it
/// (for an order the coupon applies to), and the stock left when it is
/// under the shop's low-stock threshold.
fn nudge_facts(
    vars: &mut Vars,
    scripts: &Scripts,
    info: &OrderInfo,
    ordered: Option<&(&Item, Option<String>, Option<String>)>,
    now: i64,
) {
    let shop = &scripts.shop;
    if before_cutoff(shop, now) != Some(true) {
        vars.set("ship_cutoff", "");
    }
    let coupon = shop.coupons.first();
    let expires = coupon.and_then(|c| c.expires.as_deref());
    vars.set_opt("coupon_expires", expires);
    // "记得用上满199减20的券" on a 59-yuan order tells the buyer to use
    // what the order cannot: said only of an order that reaches it, or
    // whose amount is not known.
    let below = coupon
        .and_then(|c| c.deal.as_ref())
        .zip(amount_yuan(info))
        .is_some_and(|(deal, amount)| amount < f64::from(deal.min_spend));
    // Nor of an order reaching a larger one (`满399减50` on a 699 coat):
    // that is the coupon for it, and the expiring one the worse deal.
    let off = coupon.and_then(|c| c.deal.as_ref()).map_or(0, |d| d.off);
    let larger = amount_yuan(info).is_some_and(|amount| {
        (shop.coupons.iter().filter_map(|c| c.deal.as_ref()))
            .any(|d| d.off > off && f64::from(d.min_spend) <= amount)
    });
    if expires.is_none() || below || larger {
        // "Use the coupon before it expires" needs the expiry; without it the
        // coupon is not news for a buyer who already ordered.
        vars.set("coupon", "");
    } else if let Some(coupon) = coupon {
        // The expiry is this coupon's, whichever the item reaches.
        vars.set("coupon", &coupon.text);
    }
    let left = ordered.and_then(|(item, size, _)| {
        let threshold = shop.low_stock?;
        let n = item.stock_of(size.as_deref()?);
        (n > 0 && n <= threshold).then_some(n)
    });
    vars.set_opt("stock_left", left.map(|n| n.to_string()).as_deref());
}

/// A later event about a known order: new facts win, missing ones are kept.
fn merged(prev: &OrderInfo, ev: &OrderEvent, lines: Vec<(String, Option<String>)>) -> OrderInfo {
    OrderInfo {
        status: ev.status,
        amount: ev.amount.clone().or_else(|| prev.amount.clone()),
        lines: if lines.is_empty() {
            prev.lines.clone()
        } else {
            lines
        },
        paid_at: prev.paid_at,
    }
}

/// The first order line's catalogue item, with the size and colour read from
/// its SKU (`L`, `黑色 L`, `黑色/XL`).
fn order_item<'s>(
    info: &OrderInfo,
    scripts: &'s Scripts,
) -> Option<(&'s Item, Option<String>, Option<String>)> {
    let (id, sku) = info.lines.first()?;
    let item = scripts.catalog.item(id)?;
    let Some(sku) = sku.as_deref() else {
        return Some((item, None, None));
    };
    let size = item
        .sizes
        .iter()
        .find(|s| {
            sku.trim() == s.as_str()
                || sku
                    .split(|ch: char| !ch.is_ascii_alphanumeric())
                    .any(|token| token.eq_ignore_ascii_case(s))
        })
        .cloned();
    let color = item
        .colors
        .iter()
        .find(|c| sku.contains(c.as_str()))
        .cloned();
    Some((item, size, color))
}
