//! Whether every intent is answered.
//!
//! The rules find an intent and the policy looks up its reply sets; with
//! none (a new intent whose `[[reply]]` is not written yet) the buyer heard
//! nothing at all, and nothing told the supervisor. So an intent without any
//! set is an error at its `[[intent]]` line. Whether its sets cover every
//! stage, and have a variant that needs no item in talk, is lint's
//! (`lint::coverage`): such a pack answers, only not everywhere.
//!
//! Some intents the policy does not answer but hands to a person
//! (`dialogue::policy`): those need no words of their own there, and
//! [`answered`] says where that is, for this check and for lint alike.

use super::rules::Rules;
use super::{Replies, ScriptError, ScriptErrors, Stage};
use crate::dialogue::{AFTER_SALE, TO_HUMAN};

/// The after-sale intent a buyer may ask before buying (`能退吗` on a
/// product page): the policy answers it then, with an item in talk or the
/// shop's own answer.
const PRESALE_RETURN: &str = "return_refund";

/// How the policy treats an intent in a stage.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Answered {
    /// Handed to a person: the pack's words for it are optional there.
    HandedOver,
    /// Answered with the intent's reply sets; `with_item`: only ever while
    /// an item is in talk, so variants needing one are fine.
    ByReplies { with_item: bool },
}

/// How the policy treats `intent` in `stage`, as `dialogue::policy` decides:
/// a complaint or a request for a person is handed over wherever it ranks;
/// an after-sale matter too, except before payment when the pack has words
/// for an unpaid order (a set bound to `ordered_unpaid`), and a return
/// question before any order, which is a pre-sale one.
pub fn answered(intent: &str, stage: Stage, replies: &Replies) -> Answered {
    if TO_HUMAN.contains(&intent) {
        return Answered::HandedOver;
    }
    if !AFTER_SALE.contains(&intent) {
        return Answered::ByReplies { with_item: false };
    }
    let unpaid_words =
        || (replies.of(intent)).any(|set| set.stages.contains(&Stage::OrderedUnpaid));
    match stage {
        Stage::OrderedUnpaid if unpaid_words() => Answered::ByReplies { with_item: false },
        Stage::Greeting | Stage::Consulting | Stage::Objection if intent == PRESALE_RETURN => {
            Answered::ByReplies { with_item: true }
        }
        _ => Answered::HandedOver,
    }
}

/// Every intent the policy answers somewhere has at least one reply set;
/// each one that has none is an error at its `[[intent]]`.
pub fn check(rules: &Rules, replies: &Replies) -> Result<(), ScriptErrors> {
    let mut errors = Vec::new();
    for name in rules.intents.iter().map(|rule| rule.name.as_str()) {
        if replies.of(name).next().is_some() {
            continue;
        }
        let handed_over = |stage| answered(name, stage, replies) == Answered::HandedOver;
        if Stage::ALL.into_iter().all(handed_over) {
            continue;
        }
        errors.push(ScriptError {
            at: rules.table_of(name).cloned().unwrap_or_default(),
            message: format!(
                "intent `{name}` has no [[reply]] set: a buyer whose message it matches would \
                 get no answer; write one (intent = \"{name}\", with a variant that needs \
                 nothing special) or remove the intent"
            ),
        });
    }
    if errors.is_empty() {
        Ok(())
    } else {
        Err(ScriptErrors(errors))
    }
}

#[cfg(test)]
mod tests;
