//! The pre-sale flow and the reply policy, as pure decisions.
//!
//! [`decide`] is a function of (session, event, scripts, context): no socket,
//! no disk, no system clock. That is what makes the bot crash-safe: an event
//! whose effects were not committed is decided again after a restart, and the
//! decision is the same. It is also what makes the policy easy to test.
//!
//! A decision holds the new session and what the bot wants done (replies, a
//! transfer to a person, order remarks). Whether a reply is sent at once
//! (auto mode) or shown to an agent first (assist mode) is the runtime's
//! business, not the policy's.

mod answering;
mod apart;
mod asides;
mod availability;
mod choose;
mod clauses;
mod compare;
mod compose;
mod destination;
mod done;
mod faq;
mod follow_up;
mod gifts;
mod invoice;
mod listed;
mod manners;
mod mind;
mod naming;
pub mod night;
mod notes;
mod opening;
mod orders;
mod picks;
mod policy;
mod quote;
mod received;
mod recommend;
pub mod sandbox;
mod session;
mod sizes;
mod slots;
mod speaking;
mod stock;
mod suggest;
#[cfg(test)]
mod tests;
mod timer;
mod unanswered;
mod variants;
mod vars;
mod waiting;
mod which_intents;

pub use done::Noted;
pub use invoice::Invoice;
pub use night::{DailyWindow, NightRules};
pub use opening::{open_with, Opening};
pub use policy::{decide, decide_owned};
pub use which_intents::answered_intents;
// What the policy hands to a person: the script checks need not ask for words.
pub(crate) use policy::{AFTER_SALE, TO_HUMAN};
pub use session::{OrderInfo, Session, Slots, Speaker, Turn, Waiting, Wish, HISTORY_LEN};
pub use suggest::{alternatives, intents_of, Alternative, HOLDING_KEY};
pub use timer::{on_timer, Timer, TimerKind};

use crate::nlu::Classification;
use crate::script::Location;

/// What the runtime knows that the policy needs. No system clock: the
/// runtime passes the time in, tests pass whatever time they like.
#[derive(Debug, Clone)]
pub struct Context {
    /// Now, in Unix seconds.
    pub now: i64,
    /// How long a human agent's message silences the bot in that conversation.
    pub agent_silence_secs: i64,
    /// At most this many intents are answered in one combined reply.
    pub max_intents_per_reply: usize,
    /// An intent scoring less than this share of the best one is not
    /// answered beside it (0: every intent that scored).
    pub min_share_of_best: f32,
    /// How long after payment the closing line (收藏店铺) follows.
    pub closing_delay_secs: i64,
}

impl Default for Context {
    fn default() -> Self {
        Context {
            now: 0,
            agent_silence_secs: 600,
            max_intents_per_reply: 3,
            min_share_of_best: 0.4,
            closing_delay_secs: 2 * 3600,
        }
    }
}

/// One thing the bot wants done.
#[derive(Debug, Clone, PartialEq)]
pub enum Action {
    /// Post `text` to the buyer.
    Reply {
        text: String,
        /// The reply keys (intents or situations) it answers, in order.
        keys: Vec<String>,
        /// Where each part's reply set is written (`replies.toml:132`), for
        /// supervisors trying scripts out (`kefu chat`); empty for a reply
        /// that went out late under the rate limit, or a built-in line.
        from: Vec<Location>,
        /// The shop's own answer one part gave, if any: `from` names only
        /// the `item_faq` set that frames it (`{faq}`), which is not what a
        /// supervisor edits.
        faq: Option<FaqSource>,
    },
    /// Hand the conversation to the human queue.
    Transfer { reason: String },
    /// Ask a person to look at something (a large order before it ships)
    /// without taking the conversation from the bot: an item in the
    /// handover queue, for `reason`, and no transfer. The buyer keeps
    /// being answered.
    Check { reason: String },
    /// Write a note on an order.
    Remark {
        order: String,
        text: String,
        flag: Option<String>,
    },
}

/// The `[[item.faq]]` or `[[faq]]` entry that answered a buyer's question.
#[derive(Debug, Clone, PartialEq)]
pub struct FaqSource {
    /// The reply key of the part it gave (`item_faq`, `item_faq_again`).
    pub key: String,
    /// The entry's words the message held, normalised as it was matched.
    pub ask: String,
    /// Where those words are written (`scripts/faq.toml:27`); `None` for
    /// an entry made in code.
    pub at: Option<Location>,
    /// The item whose own entry (`[[item.faq]]`) it is; `None` for the
    /// shop's (`[[faq]]`).
    pub item: Option<String>,
    /// The answer as the policy gave it (`{faq}`): assist mode's other
    /// phrasings of the reply say the same answer.
    pub say: String,
}

impl std::fmt::Display for FaqSource {
    /// `scripts/faq.toml:27 ask "有实体店吗"`.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        if let Some(at) = &self.at {
            write!(f, "{at} ")?;
        }
        write!(f, "ask \"{}\"", self.ask)
    }
}

/// The outcome of one event.
#[derive(Debug, Clone)]
pub struct Decision {
    pub session: Session,
    pub actions: Vec<Action>,
    /// For buyer messages: what the message was understood as.
    pub understood: Option<Classification>,
    /// Things to do later in this conversation.
    pub timers: Vec<Timer>,
}
