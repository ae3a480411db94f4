//! Decoded sessions kept in memory, so that a busy conversation's next
//! message does not read and decode its session from sled again.
//!
//! Reading a session was an eighth of the bot's time under load, almost all
//! of it JSON decoding of the history. The cache is write-through: the store
//! puts a session here only after the transaction that wrote it landed, and
//! removes it when the session is purged, so a hit is always exactly what
//! sled holds. It is bounded by entry count; when full it simply starts over
//! (conversations are bursty: the ones active now come straight back), which
//! keeps it free of bookkeeping on the hot path.

use crate::dialogue::Session;
use std::collections::HashMap;
use std::sync::{Arc, Mutex, PoisonError};

/// Sessions held at most: a few thousand active conversations at ~3 KiB each.
const CAPACITY: usize = 4096;

/// Shared by every clone of the store.
#[derive(Clone, Default)]
pub(super) struct Recent {
    map: Arc<Mutex<HashMap<Vec<u8>, Arc<Session>>>>,
}

impl Recent {
    /// Shared, not copied: the pipeline only reads the previous session.
    pub(super) fn get(&self, key: &[u8]) -> Option<Arc<Session>> {
        let map = self.map.lock().unwrap_or_else(PoisonError::into_inner);
        map.get(key).cloned()
    }

    pub(super) fn put(&self, key: Vec<u8>, session: Arc<Session>) {
        let mut map = self.map.lock().unwrap_or_else(PoisonError::into_inner);
        if map.len() >= CAPACITY && !map.contains_key(&key) {
            map.clear();
        }
        map.insert(key, session);
    }

    pub(super) fn remove(&self, key: &[u8]) {
        let mut map = self.map.lock().unwrap_or_else(PoisonError::into_inner);
        map.remove(key);
    }
}
