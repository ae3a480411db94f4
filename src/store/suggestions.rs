//! Assist mode's durable state: suggestions waiting for an agent, and every
//! decision agents made on them.
//!
//! | tree          | key                      | value                      |
//! |---------------|--------------------------|----------------------------|
//! | `suggestions` | u64 BE id                | pending [`Suggestion`]     |
//! | `decisions`   | at i64 BE ++ u64 BE seq  | [`DecisionRecord`]         |
//!
//! A suggestion is written in the same transaction as the decision that made
//! it, so a restart finds exactly the suggestions the buyer is waiting on. An
//! agent's verdict removes the suggestion and appends its record in the same
//! transaction as the reply it sends; the transaction first checks that the
//! suggestion is still pending, so approving twice (a double click, two
//! agents) sends once. The decision records are what supervisors read to see
//! where the scripts fall short: which suggestions were edited, and into what.

use super::{decode, encode, Commit, Store, StoreError, TimerKey};
use serde::{Deserialize, Serialize};
use sled::transaction::{ConflictableTransactionError, TransactionalTree};

/// A reply the bot proposes, waiting for an agent.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Suggestion {
    /// Unique and increasing: newer suggestions have larger ids.
    pub id: u64,
    pub shop: String,
    pub conversation: String,
    #[serde(default)]
    pub buyer: String,
    /// Unix seconds when it was made: the buyer has waited since.
    pub created_at: i64,
    /// What it answers: `message`, `order` or `timer:<kind>`.
    pub trigger: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub event_id: Option<String>,
    /// The buyer's message it answers, masked.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub buyer_text: Option<String>,
    /// The `ref` the reply goes out with, whichever option is chosen: the
    /// channel deduplicates on it, so even a replayed approval posts once.
    pub reference: String,
    /// The bot's best reply first, then up to two alternatives.
    pub options: Vec<SuggestedReply>,
    /// A holding reply was sent while it waited.
    #[serde(default)]
    pub held: bool,
}

impl Suggestion {
    /// The bot's best reply (every suggestion has at least one option).
    pub fn best_text(&self) -> &str {
        self.options.first().map_or("", |o| o.text.as_str())
    }
}

/// One proposed text, with why the bot proposes it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SuggestedReply {
    pub text: String,
    /// The reply keys (intents or situations) its parts answer.
    #[serde(default)]
    pub keys: Vec<String>,
    /// The intents understood in the buyer's message that it answers.
    #[serde(default)]
    pub intents: Vec<String>,
    /// The keywords and patterns that made the classifier see those intents.
    #[serde(default)]
    pub keywords: Vec<String>,
    /// How it differs from the best reply (`另一种说法`, `只回答…`).
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub note: String,
    /// Where each part's reply set is written (`scripts/replies.toml:41`):
    /// what a supervisor edits when agents keep changing this reply.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub from: Vec<String>,
    /// The shop's own answer (`[[item.faq]]`, `[[faq]]`) one part gives:
    /// `from` names only the `item_faq` set framing it, while its words
    /// are written in the catalogue. Absent in suggestions of older
    /// versions, and where no entry spoke.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub faq: Option<FaqOrigin>,
}

/// Where the words of a shop's own answer in a suggested reply come from:
/// the entry a supervisor edits when agents keep changing that answer.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub struct FaqOrigin {
    /// Where the entry's matching words are written
    /// (`scripts/catalog.toml:512`); absent for an entry made in code.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub at: Option<String>,
    /// The item whose `[[item.faq]]` entry it is; absent for the shop's
    /// `[[faq]]`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub item: Option<String>,
    /// That item's name, as the catalogue had it when suggested.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub item_name: Option<String>,
    /// The entry's words the buyer's message held (`磨脚`).
    #[serde(default)]
    pub ask: String,
    /// The reply key of the part: `item_faq`, or `item_faq_again` when the
    /// buyer asked again right after the answer.
    #[serde(default)]
    pub key: String,
}

impl FaqOrigin {
    /// What the suggestions of one entry have in common, for grouping
    /// verdicts: where it is written, or (for an entry made in code) whose
    /// it is and the words asked.
    pub fn entry(&self) -> String {
        match (&self.at, &self.item) {
            (Some(at), _) => at.clone(),
            (None, Some(item)) => format!("{item} 「{}」", self.ask),
            (None, None) => format!("「{}」", self.ask),
        }
    }
}

/// What became of a suggestion.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Verdict {
    /// Sent as suggested (possibly one of the alternatives).
    Approved,
    /// Sent in the agent's words.
    Edited,
    /// Discarded by an agent.
    Rejected,
    /// A person wrote in the conversation directly; the suggestion was moot.
    Superseded,
}

/// One decision on a suggestion, kept for supervisors.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DecisionRecord {
    /// Unix seconds of the decision.
    pub at: i64,
    pub suggestion: u64,
    pub shop: String,
    pub conversation: String,
    /// The agent (as they named themselves in the console), or `workbench`
    /// for a message typed in the shop's own tool.
    pub by: String,
    pub verdict: Verdict,
    /// The bot's best reply, as suggested.
    pub original: String,
    /// The reply keys behind the original.
    #[serde(default)]
    pub keys: Vec<String>,
    /// Where the original's reply sets are written (see
    /// [`SuggestedReply::from`]); empty in records of older versions.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub from: Vec<String>,
    /// The shop's own answer the original gives (see
    /// [`SuggestedReply::faq`]); absent in records of older versions.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub faq: Option<FaqOrigin>,
    /// Which option was sent, for approvals.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub option: Option<usize>,
    /// What was sent, masked; none for rejections and supersessions.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub final_text: Option<String>,
    /// The ref it was sent with.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reference: Option<String>,
    /// How long the suggestion waited for the decision.
    pub waited_secs: i64,
}

/// A pending suggestion decided now: it leaves the pending tree and its
/// record is appended, atomically with the rest of the commit.
#[derive(Debug, Clone, PartialEq)]
pub struct Settlement {
    pub id: u64,
    pub record: DecisionRecord,
}

/// A commit's suggestion writes, encoded before its transaction starts.
pub(super) struct Prepared {
    upserts: Vec<([u8; 8], Vec<u8>)>,
    settled: Vec<([u8; 8], i64, Vec<u8>)>,
}

impl Prepared {
    pub(super) fn new(commit: &Commit) -> Result<Prepared, StoreError> {
        let upserts = commit
            .suggestions
            .iter()
            .map(|s| Ok((s.id.to_be_bytes(), encode(s, "suggestion")?)))
            .collect::<Result<_, StoreError>>()?;
        let settled = commit
            .settled
            .iter()
            .map(|s| {
                let bytes = encode(&s.record, "decision record")?;
                Ok((s.id.to_be_bytes(), s.record.at, bytes))
            })
            .collect::<Result<_, StoreError>>()?;
        Ok(Prepared { upserts, settled })
    }

    /// Writes inside the commit's transaction. A settlement of a suggestion
    /// that is no longer pending aborts the whole commit: its reply must not
    /// go out twice.
    pub(super) fn write(
        &self,
        suggestions: &TransactionalTree,
        decisions: &TransactionalTree,
    ) -> Result<(), ConflictableTransactionError<StoreError>> {
        for (key, bytes) in &self.upserts {
            suggestions.insert(key, bytes.as_slice())?;
        }
        for (key, at, bytes) in &self.settled {
            if suggestions.remove(key)?.is_none() {
                return Err(ConflictableTransactionError::Abort(StoreError::NotPending(
                    u64::from_be_bytes(*key),
                )));
            }
            let record_key = TimerKey::new(*at, decisions.generate_id()?);
            decisions.insert(&record_key.0, bytes.as_slice())?;
        }
        Ok(())
    }
}

impl Store {
    /// A fresh suggestion id, larger than every one handed out before.
    pub fn next_suggestion_id(&self) -> Result<u64, StoreError> {
        Ok(self.db.generate_id()?)
    }

    /// One pending suggestion.
    pub fn suggestion(&self, id: u64) -> Result<Option<Suggestion>, StoreError> {
        self.suggestions
            .get(id.to_be_bytes())?
            .map(|v| decode(&v, "suggestion"))
            .transpose()
    }

    /// Every pending suggestion, oldest first.
    pub fn pending_suggestions(&self) -> Result<Vec<Suggestion>, StoreError> {
        self.suggestions
            .iter()
            .values()
            .map(|v| decode(&v?, "suggestion"))
            .collect()
    }

    /// The pending suggestions of one conversation, oldest first.
    pub fn pending_for(
        &self,
        shop: &str,
        conversation: &str,
    ) -> Result<Vec<Suggestion>, StoreError> {
        let mut all = self.pending_suggestions()?;
        all.retain(|s| s.shop == shop && s.conversation == conversation);
        Ok(all)
    }

    /// Decision records with `from <= at < to`, oldest first.
    pub fn decisions(
        &self,
        from: i64,
        to: i64,
    ) -> impl Iterator<Item = Result<DecisionRecord, StoreError>> + '_ {
        let start = TimerKey::new(from, 0);
        let end = TimerKey::new(to, 0);
        self.decisions
            .range(start.0..end.0)
            .values()
            .map(|v| decode(&v?, "decision record"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::channel::protocol::Outbound;

    fn suggestion(store: &Store, conversation: &str) -> Suggestion {
        Suggestion {
            id: store.next_suggestion_id().unwrap(),
            shop: "s".into(),
            conversation: conversation.into(),
            buyer: "b".into(),
            created_at: 100,
            trigger: "message".into(),
            event_id: Some("e-1".into()),
            buyer_text: Some("包邮吗".into()),
            reference: format!("r-{conversation}-1"),
            options: vec![SuggestedReply {
                text: "亲,包邮的哦".into(),
                keys: vec!["shipping_fee".into()],
                intents: vec!["shipping_fee".into()],
                keywords: vec!["包邮".into()],
                note: String::new(),
                from: vec!["scripts/replies.toml:385".into()],
                faq: None,
            }],
            held: false,
        }
    }

    fn settlement(s: &Suggestion, verdict: Verdict, at: i64) -> Settlement {
        Settlement {
            id: s.id,
            record: DecisionRecord {
                at,
                suggestion: s.id,
                shop: s.shop.clone(),
                conversation: s.conversation.clone(),
                by: "kf-01".into(),
                verdict,
                original: s.best_text().into(),
                keys: s.options[0].keys.clone(),
                from: s.options[0].from.clone(),
                faq: s.options[0].faq.clone(),
                option: Some(0),
                final_text: Some(s.best_text().into()),
                reference: Some(s.reference.clone()),
                waited_secs: at - s.created_at,
            },
        }
    }

    #[test]
    fn pending_suggestions_survive_reopen_and_settle_once() {
        let dir = tempfile::tempdir().unwrap();
        let (a, b) = {
            let store = Store::open(dir.path()).unwrap();
            let a = suggestion(&store, "c-1");
            let b = suggestion(&store, "c-2");
            assert!(a.id < b.id);
            let both = [a.clone(), b.clone()];
            store
                .apply(
                    &Commit {
                        suggestions: &both,
                        ..Commit::default()
                    },
                    100,
                )
                .unwrap();
            store.flush_blocking().unwrap();
            (a, b)
        };
        let store = crate::store::tests::reopen(dir.path());
        assert_eq!(
            store.pending_suggestions().unwrap(),
            vec![a.clone(), b.clone()]
        );
        assert_eq!(store.pending_for("s", "c-2").unwrap(), vec![b.clone()]);

        let send = Outbound::Send {
            reference: a.reference.clone(),
            shop: "s".into(),
            conversation: "c-1".into(),
            text: a.best_text().into(),
        };
        let settled = [settlement(&a, Verdict::Approved, 130)];
        let frames = [send];
        let commit = Commit {
            frames: &frames,
            settled: &settled,
            ..Commit::default()
        };
        assert_eq!(store.apply(&commit, 130).unwrap().len(), 1);
        // The second approval finds nothing pending and writes nothing at all.
        let err = store.apply(&commit, 131).unwrap_err();
        assert!(
            matches!(err, StoreError::NotPending(id) if id == a.id),
            "{err}"
        );
        assert_eq!(store.outbox().unwrap().len(), 1, "sent once");
        assert_eq!(store.suggestion(a.id).unwrap(), None);
        let records: Vec<_> = store.decisions(0, 1000).map(Result::unwrap).collect();
        assert_eq!(records.len(), 1);
        assert_eq!(records[0].verdict, Verdict::Approved);
        assert_eq!(records[0].waited_secs, 30);
    }

    /// A suggestion as versions before the shop's answers were named stored
    /// it: JSON (schema 2) or MessagePack, without `faq`.
    const OLD_SUGGESTION: &str = r#"{"id":7,"shop":"s","conversation":"c-1","buyer":"b",
        "created_at":100,"trigger":"message","reference":"r-c-1-1",
        "options":[{"text":"亲,鞋面比较软,一般不磨脚哦~","keys":["item_faq"],
                    "intents":["product_info"],"keywords":["磨脚吗"],
                    "from":["scripts/replies.toml:1215"]}]}"#;

    #[test]
    fn suggestions_stored_before_the_shops_answers_were_named_still_load() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open(dir.path()).unwrap();
        let json: serde_json::Value = serde_json::from_str(OLD_SUGGESTION).unwrap();
        let packed = encode(&json, "suggestion").unwrap();
        for (id, bytes) in [(7u64, OLD_SUGGESTION.as_bytes().to_vec()), (8, packed)] {
            store.suggestions.insert(id.to_be_bytes(), bytes).unwrap();
            let old = store.suggestion(id).unwrap().expect("pending");
            assert_eq!(old.options[0].faq, None);
            assert_eq!(old.options[0].from, ["scripts/replies.toml:1215"]);
        }
        // And what this version writes keeps the entry, left out when none.
        let mut s = suggestion(&store, "c-2");
        let plain = encode(&s, "suggestion").unwrap();
        assert!(!String::from_utf8_lossy(&plain).contains("faq"));
        s.options[0].faq = Some(FaqOrigin {
            at: Some("scripts/catalog.toml:512".into()),
            item: Some("p-1009".into()),
            item_name: Some("复古厚底老爹鞋".into()),
            ask: "磨脚".into(),
            key: "item_faq".into(),
        });
        let back: Suggestion = decode(&encode(&s, "suggestion").unwrap(), "suggestion").unwrap();
        assert_eq!(back, s);
        let record: DecisionRecord = decode(
            r#"{"at":130,"suggestion":7,"shop":"s","conversation":"c-1","by":"kf-01",
                "verdict":"edited","original":"亲","keys":["item_faq"],"waited_secs":30}"#
                .as_bytes(),
            "decision record",
        )
        .unwrap();
        assert_eq!(record.faq, None);
    }
}
