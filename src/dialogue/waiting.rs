//! The human queue, as the bot takes part in it: handing a conversation
//! over, and what the buyer hears while waiting.
//!
//! Once a conversation is handed to a person the bot answers nothing there
//! on its own: whatever it said could contradict the person about to
//! answer. But a buyer handed over at 23:30 who writes "人呢" at midnight
//! and hears nothing thinks nobody saw the question. So a buyer who writes
//! again while still waiting is told once more that the question is in the
//! queue, and outside business hours when people are back; at most once in
//! `[night] waiting_reminder_secs`, and never once a person has written in
//! the conversation (it is theirs then). Marking the handover done gives the
//! conversation back to the bot ([`Session::give_back`]), and so does a
//! long enough quiet after a person answered ([`give_back_if_quiet`]).
//!
//! One exception to the silence: outside business hours, a buyer waiting
//! for the morning shift who asks what the catalogue or the shop's answers
//! tell (stock, a size, delivery) is answered ([`answers_while_waiting`]).

use super::choose::{pick, Offers, Request};
use super::faq::faq_for;
use super::night::{follow_up, shop_zone, DailyWindow};
use super::policy::{RECEIVED_PROBLEM, TO_HUMAN};
use super::received::EXCHANGE;
use super::session::Waiting;
use super::speaking::say_part;
use super::vars::Vars;
use super::{Action, Session};
use crate::nlu::Classification;
use crate::script::Scripts;

/// The reason of a complaint handed over (an intent of [`TO_HUMAN`]).
const COMPLAINT: &str = "complaint";

/// The reason of a parcel late or lost handed over (an intent of
/// [`AFTER_SALE`](super::policy::AFTER_SALE)).
const LOGISTICS: &str = "logistics";

/// Tells the buyer a person takes over, and asks the runtime to transfer.
/// In business hours an intent whose only answer is a person ([`TO_HUMAN`]:
/// a complaint, asking for one) is answered by its own set in the pack,
/// which for such an intent can only be words for handing over (an apology
/// for a complaint reads better than the generic "马上为您转接"); anything
/// else by `handover`, since the other reasons' intents (a refund, an order
/// change) have sets that answer the question in other stages. Outside
/// business hours the buyer is told when people are back (`handover_later`,
/// with `{follow_up}`): "马上转接" would be untrue then. Goods received
/// wrong or damaged have their own pair (`handover_problem`,
/// `handover_problem_later`): the buyer is asked for photos, which the
/// person will need, while waiting. A complaint after hours has its own
/// line too (`handover_complaint_later`): the apology the day's line opens
/// with, and when people are back. Goods received that do not suit
/// (`衣服小了`) have theirs too (`handover_exchange`,
/// `handover_exchange_later`): what a return or exchange takes. A parcel
/// late or stuck has its pair too (`handover_logistics`,
/// `handover_logistics_later`): an apology for the wait, and that a person
/// checks with the courier.
pub(super) fn hand_over(
    session: &mut Session,
    actions: &mut Vec<Action>,
    scripts: &Scripts,
    reason: &str,
    now: i64,
) {
    let lines = handover_lines(reason);
    hand_over_saying(session, actions, scripts, reason, lines, &[], now);
}

/// [`hand_over`] with the buyer told by the given pair of keys (in business
/// hours, after hours), `matched` choosing among their sets by `when`: an
/// order change written on the order says so (`handover_change`).
pub(super) fn hand_over_saying(
    session: &mut Session,
    actions: &mut Vec<Action>,
    scripts: &Scripts,
    reason: &str,
    lines: (&str, &'static str),
    matched: &[&str],
    now: i64,
) {
    tell(session, actions, scripts, lines, matched, now);
    actions.push(Action::Transfer {
        reason: reason.to_string(),
    });
    session.transferred = true;
    session.waiting = Some(Waiting {
        told_at: now,
        answered: false,
        acknowledged: false,
    });
}

/// The pair of keys a handover for `reason` is told by.
fn handover_lines(reason: &str) -> (&str, &'static str) {
    if reason == RECEIVED_PROBLEM {
        ("handover_problem", "handover_problem_later")
    } else if reason == EXCHANGE {
        ("handover_exchange", "handover_exchange_later")
    } else if reason == COMPLAINT {
        // An apology first, in the night as in the day.
        (COMPLAINT, "handover_complaint_later")
    } else if reason == LOGISTICS {
        ("handover_logistics", "handover_logistics_later")
    } else {
        let own = TO_HUMAN.iter().find(|own| **own == reason).copied();
        (own.unwrap_or("handover"), "handover_later")
    }
}

/// A buyer message in a conversation waiting for a person: says again that
/// it is in the queue (`handover_waiting`, or `handover_waiting_later` with
/// `{follow_up}` outside business hours), when a reminder is due.
///
/// Outside business hours the buyer's first message after the handover is
/// acknowledged whenever it comes (`handover_received_later`): it is most
/// often what the handover line asked for (the photos, the order number,
/// what happened), and silence until the morning reads as nobody having
/// seen it. Once per handover, not after a question answered (`answered`),
/// and not where reminders are switched off; the reminders go on from it.
fn remind(
    session: &mut Session,
    actions: &mut Vec<Action>,
    scripts: &Scripts,
    now: i64,
    answered: bool,
) {
    let every = scripts.night.waiting_reminder_secs;
    let after_hours = people_back_at(scripts, now).is_some();
    let (due, first) = match session.waiting {
        // A conversation handed over before reminders existed: nothing is
        // known of what the buyer was told, so nothing is added.
        None => (false, false),
        Some(w) if w.answered => (false, false),
        Some(w) => {
            let first = after_hours && every > 0 && !w.acknowledged && !answered;
            (
                first || (every > 0 && now.saturating_sub(w.told_at) >= every),
                first,
            )
        }
    };
    if !session.transferred || session.is_silenced(now) || !due {
        return;
    }
    let night = if first {
        RECEIVED_LATER
    } else {
        "handover_waiting_later"
    };
    let before = actions.len();
    tell(
        session,
        actions,
        scripts,
        ("handover_waiting", night),
        &[],
        now,
    );
    if actions.len() > before {
        if let Some(w) = &mut session.waiting {
            w.told_at = now;
            w.acknowledged |= after_hours;
        }
    }
}

/// The situation acknowledging the buyer's first words after a handover
/// outside business hours.
const RECEIVED_LATER: &str = "handover_received_later";

/// A buyer message in a conversation the bot may not speak in on its own:
/// at night a question of facts is answered by `answer` (the policy's
/// reply to the message) if that only answers (see
/// [`answers_while_waiting`]); then the reminder, when one is due.
pub(super) fn while_waiting(
    session: &mut Session,
    actions: &mut Vec<Action>,
    c: &Classification,
    scripts: &Scripts,
    now: i64,
    answer: impl FnOnce(&mut Session, &mut Vec<Action>),
) {
    let before = actions.len();
    if answers_while_waiting(session, c, scripts, now) {
        // Answered as if it were not waiting; kept only if it hands
        // nothing over again and writes no note.
        let mut answering = session.clone();
        let mut said = Vec::new();
        answer(&mut answering, &mut said);
        if !said.is_empty() && said.iter().all(|a| matches!(a, Action::Reply { .. })) {
            answering.transferred = true;
            *session = answering;
            actions.append(&mut said);
        }
    }
    // A question answered is acknowledgement enough.
    let answered = actions.len() > before;
    remind(session, actions, scripts, now, answered);
}

/// What the bot answers while a buyer waits for the morning shift: facts
/// of the catalogue and the shop, which no person would answer otherwise.
const FACTS: &[&str] = &[
    "stock",
    "size_advice",
    "product_info",
    "shipping",
    "authenticity",
    "promotion",
];

/// Whether a message in a conversation waiting for a person is answered by
/// the bot all the same: outside business hours, before any person wrote,
/// a question mostly of the catalogue's or the shop's facts (its strongest
/// intent one of [`FACTS`], or one of the shop's own answers: `几点有人`),
/// with nothing in it for a person ([`FOR_A_PERSON`]). Handed over at 23:30, a buyer who
/// then asked `卫衣M码黑色有货吗` heard only that a person comes at 09:00,
/// and `偏大半码的话42够吗` nothing; a stock figure or a size chart
/// contradicts no person. In business hours a person answers soon, and the
/// bot keeps out. The caller keeps the answer only if it hands nothing
/// over again and writes no note.
fn answers_while_waiting(
    session: &Session,
    c: &Classification,
    scripts: &Scripts,
    now: i64,
) -> bool {
    let waiting = session.transferred && session.waiting.is_some_and(|w| !w.answered);
    let after_hours = people_back_at(scripts, now).is_some();
    if !waiting || !after_hours || session.is_silenced(now) {
        return false;
    }
    // What the message is mostly about, with nothing a person must see to.
    let intents = c.intents();
    let mostly_facts = intents.first().is_some_and(|i| FACTS.contains(&i.name));
    let for_a_person = (intents.iter()).any(|i| FOR_A_PERSON.contains(&i.name));
    (mostly_facts || faq_for(session, scripts, c).is_some()) && !for_a_person
}

/// Intents whose questions are a person's, while one is awaited: the
/// order, money, a complaint, asking for a person.
const FOR_A_PERSON: &[&str] = &[
    "complaint",
    "human",
    "return_refund",
    "logistics",
    "order_change",
    "payment",
    "invoice",
];

/// Gives back a conversation a person has answered in, when nobody has
/// written in it for `[night] give_back_after_secs`, before the buyer's new
/// message is read. The person's talk with the buyer is over by then (a
/// marketplace workbench closes a reception after minutes of quiet, and
/// shifts end), and the buyer coming back the next night with a new
/// question would otherwise hear nothing at all: nobody marks done what
/// was settled in the chat. A handover no person has answered yet stays,
/// however long ago: the buyer still waits for that answer, and the
/// reminders say so. The handover item stays in the queue until someone
/// marks it done.
pub(super) fn give_back_if_quiet(session: &mut Session, scripts: &Scripts, now: i64) {
    let after = scripts.night.give_back_after_secs;
    let answered = session.transferred && session.waiting.is_some_and(|w| w.answered);
    let quiet = session
        .history
        .back()
        .is_some_and(|last| now.saturating_sub(last.at) >= after);
    if answered && after > 0 && quiet {
        session.give_back();
    }
}

/// A person wrote in the conversation: while it waits in the queue, the bot
/// stays out of it from now on.
pub(super) fn person_answered(session: &mut Session) {
    if let Some(w) = &mut session.waiting {
        w.answered = true;
    }
}

/// Says the in-hours or the after-hours line of a pair (falling back from
/// the reminders to the handover lines, and from after-hours to in-hours).
fn tell(
    session: &mut Session,
    actions: &mut Vec<Action>,
    scripts: &Scripts,
    (in_hours, after_hours): (&str, &'static str),
    matched: &[&str],
    now: i64,
) {
    let mut vars = Vars::for_session(session, scripts);
    let later = people_back_at(scripts, now);
    // After hours: the after-hours line, its fallback, then the in-hours
    // pair, so that a pack with only `handover` still says something.
    let (key, fallbacks) = match later {
        Some(when) => {
            vars.set("follow_up", &when);
            // The after-hours line's own fallbacks (`handover_received_later`
            // → `handover_waiting_later` → `handover_later`), then the pair.
            let mut rest = Vec::new();
            let mut key = after_hours;
            while fallback_of(key) != "handover" {
                key = fallback_of(key);
                rest.push(key);
            }
            rest.extend([in_hours, fallback_of(in_hours)]);
            (after_hours, rest)
        }
        None => (in_hours, vec![fallback_of(in_hours)]),
    };
    let req = Request {
        key,
        fallbacks: &fallbacks,
        vars: &vars,
        offers: Offers::Any,
        combined: false,
        matched,
        said: &[],
    };
    if let Some(part) = pick(session, scripts, &req) {
        say_part(session, actions, scripts, part, now);
    }
}

/// Outside the shop's business hours, when people are back (`明天09:00`);
/// `None` in business hours, or when the shop states none it can read.
fn people_back_at(scripts: &Scripts, now: i64) -> Option<String> {
    let hours = DailyWindow::parse(scripts.shop.business_hours.as_deref()?).ok()?;
    follow_up(&hours, now, &shop_zone(&scripts.shop.time_zone))
}

/// The set a pack without `key` says instead: a reason's own set falls
/// back to `handover` like the rest.
fn fallback_of(key: &str) -> &'static str {
    match key {
        RECEIVED_LATER => "handover_waiting_later",
        "handover_waiting_later"
        | "handover_problem_later"
        | "handover_exchange_later"
        | "handover_change_later"
        | "handover_logistics_later"
        | "handover_complaint_later" => "handover_later",
        _ => "handover",
    }
}
