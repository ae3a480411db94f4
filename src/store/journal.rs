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
//!
//! # Journal records
//!
//! A journal record holds every entry of one group commit that has the same
//! `at` (usually all of them): a MessagePack array of the entries, keyed by
//! `at` and a sequence number. One record per entry, as schema 3 wrote, cost
//! a sled insert per event, and under load each insert (a copy of the leaf it
//! lands in, a delta in the log, a split every few inserts) was a quarter of
//! the bot's time per reply; see docs/performance.md. Records of schema 1–3
//! are a single entry, a map, and are still read: [`decode_record`] tells
//! the two apart by the first byte.

use super::codec::decode;
use super::StoreError;
use serde::de::DeserializeOwned;
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
    /// How many messages the buyer had written in the conversation when it
    /// was handed over: those after it are what the buyer added while
    /// waiting (`report::handover::written_since`). Absent in items stored
    /// by an older kefu.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub buyer_messages: Option<u64>,
    #[serde(default)]
    pub done: bool,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub done_by: Option<String>,
}

/// Groups already encoded journal entries `(at, bytes)`, in commit order, into
/// records: one per run of entries with the same `at`.
pub(super) fn records<'a>(
    entries: impl IntoIterator<Item = &'a (i64, Vec<u8>)>,
) -> Vec<(i64, Vec<u8>)> {
    let mut runs: Vec<(i64, Vec<&[u8]>)> = Vec::new();
    for (at, bytes) in entries {
        match runs.last_mut() {
            Some((last, run)) if last == at => run.push(bytes),
            _ => runs.push((*at, vec![bytes])),
        }
    }
    runs.into_iter()
        .map(|(at, run)| (at, encode_record(&run)))
        .collect()
}

/// One record of entries each already encoded as MessagePack: an array
/// header, then the entries as they are (nothing is encoded twice).
pub(super) fn encode_record(entries: &[&[u8]]) -> Vec<u8> {
    let size = 5 + entries.iter().map(|e| e.len()).sum::<usize>();
    let mut record = Vec::with_capacity(size);
    // Writing to a Vec cannot fail.
    let _ = rmp::encode::write_array_len(&mut record, entries.len() as u32);
    for entry in entries {
        record.extend_from_slice(entry);
    }
    record
}

/// The entries of a journal record of any schema version: an array of
/// entries, or (schema 1–3) one entry. `T` may be a view naming only some
/// fields.
pub(super) fn decode_record<T: DeserializeOwned>(bytes: &[u8]) -> Result<Vec<T>, StoreError> {
    const WHAT: &str = "journal entry";
    match bytes.first() {
        // fixarray, array 16, array 32: a record of this schema.
        Some(0x90..=0x9f | 0xdc | 0xdd) => decode(bytes, WHAT),
        // A map (MessagePack) or `{` (JSON): one entry.
        _ => decode(bytes, WHAT).map(|entry| vec![entry]),
    }
}
