//! Decoded sessions kept in memory, so that a busy conversation's next
//! message does not read and decode its session from sled again.
//!
//! Reading a session was an eighth of the bot's time under load, almost all
//! of it decoding the history (JSON then; MessagePack now, still not free).
//! The cache is write-through: the store puts a session here only after the
//! transaction that wrote it landed, and removes it when the session is
//! purged, so a hit is always exactly what sled holds. A reader that missed fills in what it decoded only if the
//! cache did not change meanwhile (an older copy must never replace a newer
//! commit), and the pipeline *takes* the session out while it decides, so
//! that it holds the only reference and changing it copies nothing. It is
//! bounded by entry count; when full it simply starts over (conversations
//! are bursty: the ones active now come straight back), which keeps it free
//! of bookkeeping on the hot path.

use crate::dialogue::Session;
use std::collections::HashMap;
use std::sync::{Arc, Mutex, PoisonError};

/// Sessions held at most: a few thousand active conversations at ~3 KiB each.
const CAPACITY: usize = 4096;

/// Shared by every clone of the store.
#[derive(Clone, Default)]
pub(super) struct Recent {
    inner: Arc<Mutex<Inner>>,
}

#[derive(Default)]
struct Inner {
    map: HashMap<Vec<u8>, Arc<Session>>,
    /// Counts every put, take and removal. A reader that missed and decoded
    /// the session from sled may only fill it in if nothing changed since
    /// it missed: otherwise a commit (or a purge) that landed while it was
    /// reading would be undone by the older copy it read.
    changes: u64,
}

/// A cache miss: when it happened, for [`Recent::fill`].
pub(super) struct Miss {
    changes: u64,
}

impl Recent {
    /// Shared, not copied: readers only read it.
    pub(super) fn get(&self, key: &[u8]) -> Result<Arc<Session>, Miss> {
        let inner = self.lock();
        match inner.map.get(key) {
            Some(session) => Ok(session.clone()),
            None => Err(Miss {
                changes: inner.changes,
            }),
        }
    }

    /// Keeps a session a reader decoded after `miss`, unless the cache
    /// changed since (see [`Inner::changes`]).
    pub(super) fn fill(&self, key: Vec<u8>, session: Arc<Session>, miss: Miss) {
        let mut inner = self.lock();
        if inner.changes == miss.changes && !inner.map.contains_key(&key) {
            inner.insert(key, session);
        }
    }

    /// The session a commit just wrote.
    pub(super) fn put(&self, key: Vec<u8>, session: Arc<Session>) {
        let mut inner = self.lock();
        inner.changes += 1;
        inner.insert(key, session);
    }

    /// Takes the session out, for the one writer about to change it: it then
    /// holds the only reference, and changing it needs no copy. Its commit
    /// puts the new session back.
    pub(super) fn take(&self, key: &[u8]) -> Option<Arc<Session>> {
        let mut inner = self.lock();
        inner.changes += 1;
        inner.map.remove(key)
    }

    pub(super) fn remove(&self, key: &[u8]) {
        let mut inner = self.lock();
        inner.changes += 1;
        inner.map.remove(key);
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Inner> {
        self.inner.lock().unwrap_or_else(PoisonError::into_inner)
    }
}

impl Inner {
    fn insert(&mut self, key: Vec<u8>, session: Arc<Session>) {
        if self.map.len() >= CAPACITY && !self.map.contains_key(&key) {
            self.map.clear();
        }
        self.map.insert(key, session);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn session(conversation: &str, now: i64) -> Arc<Session> {
        Arc::new(Session::new("s", conversation, "b", now))
    }

    #[test]
    fn a_reader_that_missed_never_puts_back_an_older_session() {
        let cache = Recent::default();
        let key = b"s\x1fc".to_vec();
        // A reader misses and goes to sled, which still holds version 1 …
        let miss = cache.get(&key).expect_err("empty cache misses");
        // … while the writer's commit of version 2 lands and is put here.
        cache.put(key.clone(), session("c", 2));
        cache.fill(key.clone(), session("c", 1), miss);
        let held = cache.get(&key).ok().expect("version 2 is held");
        assert_eq!(held.updated_at, 2, "the older copy must not replace it");
    }

    #[test]
    fn a_taken_session_is_not_refilled_by_a_reader_from_before() {
        let cache = Recent::default();
        let key = b"s\x1fc".to_vec();
        cache.put(key.clone(), session("c", 1));
        cache.remove(&key);
        let miss = cache.get(&key).expect_err("removed");
        cache.put(key.clone(), session("c", 2));
        let taken = cache.take(&key).expect("the writer takes it");
        assert_eq!(Arc::strong_count(&taken), 1, "nobody else holds it");
        cache.fill(key.clone(), session("c", 1), miss);
        assert!(cache.get(&key).is_err(), "no stale refill after a take");
        // A reader that misses now (nothing changes until it fills) may fill.
        let miss = cache.get(&key).err().unwrap();
        cache.fill(key.clone(), session("c", 2), miss);
        assert_eq!(cache.get(&key).ok().unwrap().updated_at, 2);
    }
}
