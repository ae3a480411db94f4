//! Things the bot does later: durable timers and what happens when they fire.
//!
//! A decision may ask for timers ([`Decision::timers`]); the runtime stores
//! them in the same transaction as the decision, and when one falls due it
//! calls [`on_timer`] with the conversation's *current* session. A timer is
//! never cancelled in storage: when it fires, the policy looks at the session
//! and does nothing if the reason for it has gone (the order was paid, the
//! conversation handed over). That keeps cancellation free of bookkeeping and
//! of races.

use super::policy::is_last_word;
use super::speaking::{may_speak, say_key, unprompted_slot};
use super::vars::Vars;
use super::{Context, Decision, Session};
use crate::channel::protocol::OrderStatus;
use crate::script::Scripts;
use serde::{Deserialize, Serialize};

/// A stored request to act later in one conversation.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Timer {
    pub shop: String,
    pub conversation: String,
    /// Unix seconds when it falls due.
    pub due: i64,
    pub kind: TimerKind,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum TimerKind {
    /// Some time after payment: the closing line inviting the buyer to
    /// bookmark the shop (收藏店铺), unless the shop already had the last word.
    Closing { order: String },
    /// An order created and not paid (拍下未付款): a payment nudge (催付),
    /// the `sent`-th for this order; see `orders::nudge`.
    PaymentNudge {
        order: String,
        #[serde(default)]
        sent: u32,
    },
    /// Assist mode: a buyer message's suggestion still waits for an agent;
    /// one short holding line tells the buyer someone is there. The runtime
    /// fires it only while that suggestion is pending.
    Holding { suggestion: u64 },
    /// Replies held back by the per-minute message limit
    /// (`Session::deferred`) go out now, as one message.
    Deferred,
}

impl TimerKind {
    /// The kind's name, as its serialised form tags it (`payment_nudge`):
    /// the journal records a fired timer as `timer:<name>`.
    pub fn name(&self) -> &'static str {
        match self {
            TimerKind::Closing { .. } => "closing",
            TimerKind::PaymentNudge { .. } => "payment_nudge",
            TimerKind::Holding { .. } => "holding",
            TimerKind::Deferred => "deferred",
        }
    }
}

impl Timer {
    pub fn new(session: &Session, due: i64, kind: TimerKind) -> Timer {
        Timer {
            shop: session.shop.clone(),
            conversation: session.conversation.clone(),
            due,
            kind,
        }
    }
}

/// Decides what a due timer does. `session` is `None` only if the
/// conversation was purged meanwhile; then nothing happens. The session is
/// taken, not borrowed: the decided one is that session, changed, and needs
/// no copy.
pub fn on_timer(
    session: Option<Session>,
    timer: &Timer,
    scripts: &Scripts,
    ctx: &Context,
) -> Option<Decision> {
    let mut session = session?;
    let mut actions = Vec::new();
    let mut timers = Vec::new();
    match &timer.kind {
        TimerKind::Closing { order } => {
            let still_paid = session
                .orders
                .get(order)
                .is_some_and(|o| matches!(o.status, OrderStatus::Paid | OrderStatus::Shipped));
            // The shop already had the last word (a closing after the buyer's
            // thanks): saying it again would be the bot talking to itself.
            let closed_already =
                session.closing_sent.contains(order) || is_last_word(&session, scripts);
            let wanted = still_paid && !closed_already && may_speak(&session, ctx.now);
            // Unasked, so never in quiet hours nor over the message limit:
            // put off until allowed.
            let slot = unprompted_slot(&session, scripts, ctx.now);
            if wanted && slot > ctx.now {
                timers.push(Timer::new(&session, slot, timer.kind.clone()));
            } else if wanted {
                let vars = Vars::for_session(&session, scripts);
                say_key(
                    &mut session,
                    &mut actions,
                    scripts,
                    "closing",
                    &vars,
                    ctx.now,
                );
                session.closing_sent.push(order.clone());
                session.updated_at = ctx.now;
            }
        }
        TimerKind::PaymentNudge { order, sent } => {
            let (s, a, t) = (&mut session, &mut actions, &mut timers);
            super::orders::nudge(s, a, t, scripts, ctx, order, *sent);
        }
        TimerKind::Holding { .. } => super::suggest::hold(&mut session, &mut actions, scripts, ctx),
        TimerKind::Deferred => {
            super::speaking::send_deferred(&mut session, &mut actions, scripts, ctx.now);
            // Still over the limit (another timer spoke first): try again.
            timers.extend(super::speaking::defer_timer(&session, scripts, ctx.now));
        }
    }
    Some(Decision {
        session,
        actions,
        understood: None,
        timers,
    })
}

#[cfg(test)]
mod tests {
    use super::TimerKind;

    #[test]
    fn a_kind_is_named_as_its_serialised_form_tags_it() {
        // The journal's `timer:<name>` lines were once read off the JSON tag;
        // the two must not drift apart.
        for kind in [
            TimerKind::Closing { order: "o".into() },
            TimerKind::PaymentNudge {
                order: "o".into(),
                sent: 1,
            },
            TimerKind::Holding { suggestion: 1 },
            TimerKind::Deferred,
        ] {
            let tagged = serde_json::to_value(&kind).unwrap();
            assert_eq!(tagged["kind"], kind.name(), "{kind:?}");
        }
    }
}
