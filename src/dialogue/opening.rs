//! One buyer message as the first of a new conversation, through the very
//! policy the bot runs: what `kefu eval` counts as handed to a person, and
//! what lint tries a handover intent's words on.
//!
//! A keyword of `complaint` or `human` hands the conversation over wherever
//! it ranks and whatever its weight, so whether a pack hands ordinary
//! messages to a person cannot be read off the top intents: only the
//! policy knows (an aside, an answer of the shop's own, a return question
//! before any order, all keep a message with the bot). The message comes
//! from no product page, in working hours, with no earlier turns: the same
//! for every message, so that two packs are compared on the same footing.

use super::{decide, Action, Context, Decision};
use crate::channel::protocol::{BuyerMessage, Event};
use crate::nlu::Classification;
use crate::script::Scripts;

/// 2023-11-15 14:00 in Shanghai, inside any shop's working hours (the
/// clock `kefu chat` starts at): a handover then is the day's, not the
/// night's.
const AFTERNOON: i64 = 1_700_028_000;

/// What the policy made of a message opening a conversation.
#[derive(Debug, Clone)]
pub struct Opening {
    /// The transfer reason, when the conversation went to a person.
    pub handed_over: Option<String>,
    pub understood: Classification,
}

impl Opening {
    /// The keywords and patterns (as written) of the intent the
    /// conversation was handed over for, that the message matched; empty
    /// when it was not handed over, or for a reason that is no intent
    /// (goods received damaged, a second message not understood).
    pub fn handover_words(&self) -> Vec<&str> {
        (self.handed_over.as_deref())
            .and_then(|reason| self.understood.intent(reason))
            .map(|i| i.matched().collect())
            .unwrap_or_default()
    }
}

/// Decides on `text` as a buyer's first message with `scripts`.
pub fn open_with(scripts: &Scripts, text: &str) -> Opening {
    let event = Event::Message(BuyerMessage {
        id: "e-1".into(),
        shop: "shop-1".into(),
        conversation: "c-opening".into(),
        buyer: "tb_买家".into(),
        text: text.into(),
        sent_at: String::new(),
        item: None,
    });
    let ctx = Context {
        now: AFTERNOON,
        ..Context::default()
    };
    let Decision {
        actions,
        understood,
        ..
    } = decide(None, &event, scripts, &ctx);
    let handed_over = actions.into_iter().find_map(|a| match a {
        Action::Transfer { reason } => Some(reason),
        _ => None,
    });
    Opening {
        handed_over,
        // A buyer message is always classified.
        understood: understood.unwrap_or_else(|| scripts.classifier.classify(text)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_complaint_is_handed_over_and_a_question_is_not() {
        let scripts = crate::script::load_embedded();
        let complaint = open_with(&scripts, "我要投诉你们");
        assert_eq!(complaint.handed_over.as_deref(), Some("complaint"));
        assert_eq!(complaint.handover_words(), ["投诉"]);
        let question = open_with(&scripts, "有黑色的吗");
        assert_eq!(question.handed_over, None);
        assert!(question.handover_words().is_empty());
    }
}
