//! The handover queue: conversations waiting for a person, and marking one
//! done, which gives the conversation back to the bot.
//!
//! Items are written by the pipeline in the same transaction as the
//! decision that handed the conversation over (see [`Store::apply_all`]).
//! Marking one done is the person saying "handled": the item leaves the
//! open queue and, unless another handover of the same conversation is
//! still open, its session stops being `transferred`, so the buyer who comes
//! back next week with a new question is answered again. Both changes land
//! in one transaction and are flushed before the caller hears of them.

use super::codec::{decode, encode};
use super::{HandoverItem, Store, StoreError};
use sled::transaction::ConflictableTransactionError;
use sled::Transactional;
use std::sync::Arc;

/// What marking a handover item done did.
#[derive(Debug, Clone, PartialEq)]
pub struct HandoverDone {
    /// The item, as marked.
    pub item: HandoverItem,
    /// The conversation went back to the bot: it was waiting for a person,
    /// and no other open handover of it remains.
    pub given_back: bool,
}

impl Store {
    /// The handover queue, oldest first; done items only when asked.
    pub fn handover_items(&self, include_done: bool) -> Result<Vec<HandoverItem>, StoreError> {
        let mut items = Vec::new();
        for v in self.handover.iter().values() {
            let item: HandoverItem = decode(&v?, "handover item")?;
            if include_done || !item.done {
                items.push(item);
            }
        }
        Ok(items)
    }

    /// Marks a handover item done by `by`, and gives its conversation back to
    /// the bot when nothing else of it waits for a person. `None` when there
    /// is no such item. Durable when it returns.
    pub fn mark_handover_done(
        &self,
        id: u64,
        by: &str,
    ) -> Result<Option<HandoverDone>, StoreError> {
        let key = id.to_be_bytes();
        let Some(bytes) = self.handover.get(key)? else {
            return Ok(None);
        };
        let mut item: HandoverItem = decode(&bytes, "handover item")?;
        item.done = true;
        item.done_by = Some(by.to_string());
        let still_open = self.handover_items(false)?.into_iter().any(|other| {
            other.id != id && other.shop == item.shop && other.conversation == item.conversation
        });
        let session_key = Self::session_key(&item.shop, &item.conversation);
        let session = match self.session_shared(&item.shop, &item.conversation)? {
            Some(s) if s.transferred && !still_open => {
                let mut s = Arc::unwrap_or_clone(s);
                s.give_back();
                Some(Arc::new(s))
            }
            _ => None,
        };
        let item_bytes = encode(&item, "handover item")?;
        let session_bytes = match &session {
            Some(s) => Some(encode(s.as_ref(), "session")?),
            None => None,
        };
        (&self.handover, &self.sessions).transaction(|(handover, sessions)| {
            handover.insert(&key, item_bytes.as_slice())?;
            if let Some(bytes) = &session_bytes {
                sessions.insert(session_key.as_slice(), bytes.as_slice())?;
            }
            Ok::<_, ConflictableTransactionError<StoreError>>(())
        })?;
        // As for every commit: the cache learns of the session only once the
        // transaction landed.
        if let Some(s) = &session {
            self.recent.put(session_key, Arc::clone(s));
        }
        self.db.flush()?;
        Ok(Some(HandoverDone {
            item,
            given_back: session.is_some(),
        }))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::Commit;

    /// Commits a transferred session of `conversation` and one handover item
    /// for it per entry of `reasons`; returns the items' ids.
    fn hand_over(store: &Store, conversation: &str, reasons: &[&str]) -> Vec<u64> {
        let mut session = crate::dialogue::Session::new("s", conversation, "b", 100);
        session.transferred = true;
        session.unknown_streak = 1;
        let session = Arc::new(session);
        for (n, reason) in reasons.iter().enumerate() {
            let item = HandoverItem {
                id: 0,
                at: 100 + n as i64,
                shop: "s".into(),
                conversation: conversation.into(),
                buyer: "b".into(),
                reason: reason.to_string(),
                order: None,
                last_messages: Vec::new(),
                buyer_messages: None,
                done: false,
                done_by: None,
            };
            let id = format!("e-{conversation}-{n}");
            let commit = Commit {
                event_id: Some(&id),
                session: Some(&session),
                handover: Some(&item),
                ..Commit::default()
            };
            store.apply(&commit, 100).unwrap();
        }
        store
            .handover_items(false)
            .unwrap()
            .iter()
            .filter(|i| i.conversation == conversation)
            .map(|i| i.id)
            .collect()
    }

    #[test]
    fn marking_done_gives_the_conversation_back_durably() {
        let dir = tempfile::tempdir().unwrap();
        {
            let store = Store::open(dir.path()).unwrap();
            let ids = hand_over(&store, "c-1", &["complaint"]);
            // Read once, so the cache holds the transferred session.
            assert!(store.session("s", "c-1").unwrap().unwrap().transferred);
            let done = store.mark_handover_done(ids[0], "kf-01").unwrap().unwrap();
            assert!(done.given_back);
            assert_eq!(done.item.done_by.as_deref(), Some("kf-01"));
            let session = store.session("s", "c-1").unwrap().unwrap();
            assert!(!session.transferred, "the cache has the new session");
            assert_eq!(session.unknown_streak, 0);
            assert!(store.handover_items(false).unwrap().is_empty());
        }
        let store = crate::store::tests::reopen(dir.path());
        assert!(!store.session("s", "c-1").unwrap().unwrap().transferred);
        assert!(store.handover_items(true).unwrap()[0].done);
    }

    #[test]
    fn a_conversation_with_another_open_handover_stays_with_people() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open(dir.path()).unwrap();
        let ids = hand_over(&store, "c-1", &["order_change", "complaint"]);
        let first = store.mark_handover_done(ids[0], "kf-01").unwrap().unwrap();
        assert!(!first.given_back, "the complaint still waits");
        assert!(store.session("s", "c-1").unwrap().unwrap().transferred);
        let second = store.mark_handover_done(ids[1], "kf-02").unwrap().unwrap();
        assert!(second.given_back);
        assert!(!store.session("s", "c-1").unwrap().unwrap().transferred);
        // Done again: nothing more to give back.
        let again = store.mark_handover_done(ids[1], "kf-02").unwrap().unwrap();
        assert!(!again.given_back);
        assert_eq!(store.mark_handover_done(999, "kf-01").unwrap(), None);
    }
}
