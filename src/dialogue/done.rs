//! `好了吗`: a buyer asking whether what they asked for has been done.
//!
//! Right after the bot wrote a note on an order (`帮我备注一下不要放价格单`)
//! or the invoice details, buyers check: `好了吗`, `备注好了吗`, `弄好了没`.
//! Read on its own that says nothing the classifier knows, so it got
//! "没太明白您的意思"; and `备注好了吗` on a paid order read as a change to
//! the order, which flagged it red for the warehouse quoting "备注好了吗"
//! and handed the buyer to a person, for a note the bot had just written.
//!
//! The question is answered from the session: the last note the bot wrote
//! because the buyer asked for one ([`Noted`]) is confirmed, with the
//! invoice's details when it was the invoice. A check with nothing written
//! goes on as before; so does one about an order that has shipped or
//! closed since, whose `好了吗` is about something else.

use super::speaking::say_key_or;
use super::vars::Vars;
use super::{Action, Session};
use crate::channel::protocol::OrderStatus;
use crate::nlu::Classification;
use crate::script::Scripts;
use regex::Regex;
use serde::{Deserialize, Serialize};
use std::sync::LazyLock;

/// A note was confirmed done; falls back to `note_written`.
const NOTE_DONE_KEY: &str = "note_done";
/// The invoice was confirmed done, with `{invoice}`; falls back to
/// `invoice_noted`.
const INVOICE_DONE_KEY: &str = "invoice_done";

/// The note the bot last wrote on an order at the buyer's asking.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Noted {
    pub order: String,
    /// The invoice's details, rather than the buyer's own words.
    #[serde(default)]
    pub invoice: bool,
}

/// A whole message asking whether it is done: `好了吗`, `备注好了没`,
/// `发票弄好了吗亲`, `写上了吗`, `搞定了没有`. Whole, because `好了吗` inside
/// a longer message (`尺码选好了吗`, `发货好了吗`) asks something else.
static ASKS_DONE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(concat!(
        "^(请问|那个|亲|你好)?(我的|那个)?(发票|备注|信息|订单)?(的)?",
        "(备注|改|弄|写|记|登记|处理|安排|搞|办|开)?(好|完|上|定)了",
        "(吗|么|嘛|没|没有|没呢|呢)(亲|呀|啊)?$",
    ))
    .expect("the done-yet pattern is valid")
});

/// Whether `normalized` asks whether it is done.
pub(super) fn asks_done(normalized: &str) -> bool {
    // Every form is short and says 了: two cheap looks spare the regex
    // nearly every message.
    normalized.len() <= 48 && normalized.contains('了') && ASKS_DONE.is_match(normalized)
}

/// Confirms the last note written, when the message asks whether it is done
/// and that order is still on its way to the warehouse. Returns whether it
/// answered.
pub(super) fn confirm(
    session: &mut Session,
    actions: &mut Vec<Action>,
    scripts: &Scripts,
    c: &Classification,
    now: i64,
) -> bool {
    if session.noted.is_none() || !asks_done(&c.normalized) {
        return false;
    }
    let Some(noted) = session.noted.clone() else {
        return false;
    };
    let pending = (session.orders.get(&noted.order))
        .is_some_and(|o| matches!(o.status, OrderStatus::Created | OrderStatus::Paid));
    if !pending {
        return false;
    }
    let mut vars = Vars::for_session(session, scripts);
    vars.set("order", &noted.order);
    let (key, fallback) = if noted.invoice {
        let described = (session.invoice.as_ref()).map(|i| i.described());
        vars.set_opt("invoice", described.as_deref());
        (INVOICE_DONE_KEY, super::invoice::NOTED_KEY)
    } else {
        (NOTE_DONE_KEY, super::notes::NOTE_KEY)
    };
    let said = say_key_or(session, actions, scripts, key, &[fallback], &vars, now);
    if said {
        session.unknown_streak = 0;
    }
    said
}

#[cfg(test)]
mod tests {
    use super::asks_done;

    #[test]
    fn whole_checks_are_read_and_longer_questions_are_not() {
        for yes in [
            "好了吗",
            "好了没",
            "备注好了吗",
            "弄好了没有",
            "发票弄好了吗亲",
            "写上了吗",
            "搞定了没",
            "改好了吗",
            "请问备注上了吗",
        ] {
            assert!(asks_done(yes), "{yes}");
        }
        for no in [
            "好了",
            "好的",
            "尺码选好了吗",
            "发货了吗",
            "什么时候能好",
            "质量好吗",
            "好看吗",
            "好吗",
            "做工好不好",
        ] {
            assert!(!asks_done(no), "{no}");
        }
    }
}
