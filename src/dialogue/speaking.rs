//! How the bot's words go out, whoever decided them: never the same text
//! twice in a row, never more than `[night] max_messages_per_minute` bot
//! messages a minute (a reply over the limit waits in the session and goes
//! out merged with the others when the limit allows), nothing unasked in
//! quiet hours, and nothing at all while a person has the conversation.
//!
//! The policy (`policy.rs`), the order replies (`orders.rs`) and the timers
//! (`timer.rs`) all speak through here, so these rules hold for every path.

use super::choose::{pick, Offers, Part, Request};
use super::night::{self, after_window, shop_zone};
use super::vars::Vars;
use super::{Action, Session, Speaker, Timer, TimerKind};
use crate::script::{Location, Scripts};

/// Parts of a combined reply are joined with a line break: each part is a
/// sentence of its own, and chat windows show the break.
pub(super) const PART_SEPARATOR: &str = "\n";

/// A timer to send the replies deferred by the message limit, when there are
/// some: due as soon as the limit allows another message.
pub(super) fn defer_timer(session: &Session, scripts: &Scripts, now: i64) -> Option<Timer> {
    if session.deferred.is_empty() {
        return None;
    }
    let limit = scripts.night.max_messages_per_minute;
    let due = night::next_send_slot(session, now, limit).max(now + 1);
    Some(Timer::new(session, due, TimerKind::Deferred))
}

/// Sends the deferred replies as one message, if the bot may speak now.
pub(super) fn send_deferred(
    session: &mut Session,
    actions: &mut Vec<Action>,
    scripts: &Scripts,
    now: i64,
) {
    if !may_speak(session, now) {
        // A person has the conversation now: the deferred answers are theirs.
        session.deferred.clear();
        return;
    }
    let deferred = std::mem::take(&mut session.deferred);
    let text = deferred
        .iter()
        .map(|(t, _)| t.as_str())
        .collect::<Vec<_>>()
        .join(PART_SEPARATOR);
    let keys = deferred.into_iter().flat_map(|(_, k)| k).collect();
    say(session, actions, scripts, text, keys, Vec::new(), now);
}

/// Whether the bot may speak on its own in this conversation now.
pub(super) fn may_speak(session: &Session, now: i64) -> bool {
    !session.transferred && !session.is_silenced(now)
}

/// The earliest moment at or after `now` when the bot may speak *unasked*
/// (a nudge, a closing line): outside the quiet hours and within the
/// per-minute message limit.
pub(super) fn unprompted_slot(session: &Session, scripts: &Scripts, now: i64) -> i64 {
    let rules = &scripts.night;
    let tz = shop_zone(&scripts.shop.time_zone);
    let mut at = now;
    // Each step only moves later; two rounds settle a slot pushed by one
    // rule into the other (the limit never spans more than a minute).
    for _ in 0..2 {
        at = after_window(&rules.quiet_hours, at, &tz);
        at = at.max(night::next_send_slot(
            session,
            at,
            rules.max_messages_per_minute,
        ));
    }
    at
}

/// Sends `text` and remembers it, so the next reply can avoid repeating it.
/// Against harassment, two rules hold whatever the caller decided: never the
/// same text twice in a row, never more than the configured number of bot
/// messages in a minute. A reply over the limit is deferred, not dropped:
/// it waits in the session and goes out, merged with any others deferred
/// with it, as soon as the limit allows (see [`defer_timer`]).
pub(super) fn say(
    session: &mut Session,
    actions: &mut Vec<Action>,
    scripts: &Scripts,
    text: String,
    keys: Vec<String>,
    from: Vec<Location>,
    now: i64,
) {
    if session.last_sent.as_deref() == Some(text.as_str()) {
        return;
    }
    if night::bot_messages_last_minute(session, now) >= scripts.night.max_messages_per_minute.max(1)
    {
        if !session.deferred.iter().any(|(t, _)| *t == text) {
            session.deferred.push((text, keys));
        }
        return;
    }
    session.push_turn(Speaker::Bot, &text, now);
    session.last_sent = Some(text.clone());
    actions.push(Action::Reply {
        text,
        keys,
        from,
        faq: None,
    });
}

/// [`say`] for a reply of one part.
pub(super) fn say_part(
    session: &mut Session,
    actions: &mut Vec<Action>,
    scripts: &Scripts,
    part: Part,
    now: i64,
) {
    let (keys, from) = (vec![part.key], vec![part.from]);
    say(session, actions, scripts, part.text, keys, from, now);
}

/// Answers with one reply key alone (a situation), if any variant fills.
pub(super) fn say_key(
    session: &mut Session,
    actions: &mut Vec<Action>,
    scripts: &Scripts,
    key: &str,
    vars: &Vars,
    now: i64,
) {
    say_key_or(session, actions, scripts, key, &[], vars, now);
}

/// [`say_key`], falling back to the more general `fallbacks` in order when
/// the pack has no words for `key`; returns whether any filled.
pub(super) fn say_key_or(
    session: &mut Session,
    actions: &mut Vec<Action>,
    scripts: &Scripts,
    key: &str,
    fallbacks: &[&str],
    vars: &Vars,
    now: i64,
) -> bool {
    let req = Request {
        key,
        fallbacks,
        vars,
        offers: Offers::Any,
        combined: false,
        matched: &[],
        said: &[],
    };
    let Some(part) = pick(session, scripts, &req) else {
        return false;
    };
    say_part(session, actions, scripts, part, now);
    true
}
