//! What happened, for people: the journal of processed events and the
//! handover queue.
//!
//! The **journal** has one entry per processed event or fired timer: when,
//! which conversation, what the buyer meant, what the bot did. Reports (the
//! shift report, first-response times, the sales funnel, unmatched phrases)
//! are computed from it, so they never depend on logs. Text in it is masked.
//!
//! The **handover queue** holds every conversation the bot gave to a person,
//! with the reason, the order and the last messages, until someone marks the
//! item done. It is what the morning shift works through.
//!
//! Both are written in the same transaction as the decision they describe, so
//! they are exactly as durable as the replies themselves.

use serde::{Deserialize, Serialize};

/// One processed event or fired timer.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct JournalEntry {
    /// Unix seconds when it was processed.
    pub at: i64,
    pub shop: String,
    pub conversation: String,
    #[serde(default)]
    pub buyer: String,
    /// `message`, `order`, `agent_message` or `timer:<kind>`.
    pub kind: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub event_id: Option<String>,
    /// For buyer messages: the intents understood, best first (empty: `other`).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub intents: Vec<String>,
    /// For buyer messages the bot did not understand: the masked text, so
    /// supervisors can see which phrases to add.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub unmatched: Option<String>,
    /// For buyer messages: when the buyer sent it (the channel's `sent_at`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sent_at: Option<String>,
    /// The reply keys of each reply the bot decided.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub replies: Vec<Vec<String>>,
    /// Why the conversation went to a person, when it did.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub transfer: Option<String>,
    /// For order events: order id, status and amount.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub order: Option<OrderNote>,
    /// The conversation's flow stage after the event.
    #[serde(default)]
    pub stage: String,
}

impl JournalEntry {
    /// An entry of `kind` for a conversation at `at`, with nothing noted yet.
    pub fn new(at: i64, shop: &str, conversation: &str, kind: &str) -> JournalEntry {
        JournalEntry {
            at,
            shop: shop.to_string(),
            conversation: conversation.to_string(),
            buyer: String::new(),
            kind: kind.to_string(),
            event_id: None,
            intents: Vec::new(),
            unmatched: None,
            sent_at: None,
            replies: Vec::new(),
            transfer: None,
            order: None,
            stage: String::new(),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct OrderNote {
    pub order: String,
    pub status: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub amount: Option<String>,
}

/// A conversation waiting for a person.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct HandoverItem {
    /// Queue position; stable, for marking done.
    #[serde(default)]
    pub id: u64,
    /// Unix seconds when it was handed over.
    pub at: i64,
    pub shop: String,
    pub conversation: String,
    pub buyer: String,
    /// `complaint`, `human`, `unknown`, … as decided by the policy.
    pub reason: String,
    /// The latest order of the conversation, if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub order: Option<String>,
    /// The last buyer messages, masked, oldest first.
    #[serde(default)]
    pub last_messages: Vec<String>,
    #[serde(default)]
    pub done: bool,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub done_by: Option<String>,
}
