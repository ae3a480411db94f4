//! The outbox: frames decided but not yet confirmed by the channel.
//!
//! Since schema version 2 the frames a transaction decides are stored as
//! ONE record, not one record per frame: key = a u64 BE record id (in
//! decision order), value = a JSON array with one slot per frame, `null` for
//! a frame already settled. Under load one transaction carries the frames of
//! a whole group of events, and their `send_result`s come back together, so
//! the outbox costs one insert and one removal per group instead of one of
//! each per frame (sled's per-operation work, not the bytes written, is what
//! bounds the bot's throughput).
//!
//! A frame's [`OutboxEntry::key`] is `record << 16 | slot`: the runtime
//! treats it as opaque, and it orders frames in decision order. Settling
//! some frames of a record rewrites the record with those slots `null`;
//! settling the last removes it. Settled frames are thus never resent after
//! a reconnect, and (as before) after a crash only those settled since the
//! last flush are, with their `ref`, which the channel deduplicates.
//!
//! The store keeps the unsettled slots of the records it wrote or read in
//! memory ([`Pending`]), so settling does not read and decode the record.

use super::codec::decode_json;
use super::{OutboxEntry, Store, StoreError};
use crate::channel::protocol::Outbound;
use std::collections::{BTreeMap, HashMap};
use std::sync::{Arc, Mutex, PoisonError};

/// Bits of an entry key that number the slot within its record.
const SLOT_BITS: u32 = 16;

/// At most this many frames share one record (the slot must fit its bits).
pub(super) const MAX_SLOTS: usize = 1 << SLOT_BITS;

/// The entry key of a record's slot.
pub(super) fn entry_key(record: u64, slot: usize) -> u64 {
    (record << SLOT_BITS) | slot as u64
}

fn split_key(key: u64) -> (u64, usize) {
    (key >> SLOT_BITS, (key & (MAX_SLOTS as u64 - 1)) as usize)
}

/// Encodes a record's slots: `[frame,null,…]`, each frame as its wire JSON.
pub(super) fn encode_record<'a>(slots: impl IntoIterator<Item = Option<&'a [u8]>>) -> Vec<u8> {
    let mut out = Vec::with_capacity(256);
    out.push(b'[');
    for (i, slot) in slots.into_iter().enumerate() {
        if i > 0 {
            out.push(b',');
        }
        out.extend_from_slice(slot.unwrap_or(b"null"));
    }
    out.push(b']');
    out
}

fn decode_record(bytes: &[u8]) -> Result<Vec<Option<Outbound>>, StoreError> {
    decode_json(bytes, "outbox record")
}

fn record_id(key: &[u8]) -> Result<u64, StoreError> {
    <[u8; 8]>::try_from(key)
        .map(u64::from_be_bytes)
        .map_err(|_| StoreError::Corrupt {
            what: "outbox key".into(),
            reason: format!("{} bytes, expected 8", key.len()),
        })
}

/// A record's slots: each frame's wire JSON, `None` once settled.
type Slots = Vec<Option<Vec<u8>>>;

/// Unsettled slots (their encoded frames) of the records known in memory,
/// shared by every clone of the store. A record missing here is read from
/// disk when it is settled.
#[derive(Clone, Default)]
pub(super) struct Pending {
    records: Arc<Mutex<HashMap<u64, Slots>>>,
}

impl Pending {
    /// A record just written (its transaction has landed).
    pub(super) fn put(&self, record: u64, slots: Slots) {
        let mut records = self.records.lock().unwrap_or_else(PoisonError::into_inner);
        records.insert(record, slots);
    }
}

impl Store {
    /// Frames not yet delivered, in decision order.
    pub fn outbox(&self) -> Result<Vec<OutboxEntry>, StoreError> {
        let mut entries = Vec::new();
        for kv in self.outbox.iter() {
            let (k, v) = kv?;
            let record = record_id(&k)?;
            let frames = decode_record(&v)?;
            let mut slots = Vec::with_capacity(frames.len());
            for (slot, frame) in frames.into_iter().enumerate() {
                slots.push(frame.as_ref().map(|f| f.to_json().into_bytes()));
                if let Some(frame) = frame {
                    entries.push(OutboxEntry {
                        key: entry_key(record, slot),
                        frame,
                    });
                }
            }
            self.pending.put(record, slots);
        }
        Ok(entries)
    }

    /// Forgets delivered frames, in one atomic batch: a record whose frames
    /// are all settled is removed, one with frames left is rewritten without
    /// the settled ones. Losing this write in a crash only means the frames
    /// are sent again with the same `ref`, which the channel ignores. Keys
    /// not in the outbox (settled already) are ignored.
    pub fn remove_outbox_all(&self, keys: &[u64]) -> Result<(), StoreError> {
        let mut by_record: BTreeMap<u64, Vec<usize>> = BTreeMap::new();
        for &key in keys {
            let (record, slot) = split_key(key);
            by_record.entry(record).or_default().push(slot);
        }
        let mut records = self
            .pending
            .records
            .lock()
            .unwrap_or_else(PoisonError::into_inner);
        let mut batch = sled::Batch::default();
        // The new state of each touched record; applied to memory only once
        // the batch has been applied to the tree.
        let mut updated: Vec<(u64, Option<Slots>)> = Vec::new();
        for (record, slots) in by_record {
            let mut left = match records.get(&record) {
                Some(left) => left.clone(),
                None => match self.outbox.get(record.to_be_bytes())? {
                    Some(bytes) => decode_record(&bytes)?
                        .into_iter()
                        .map(|f| f.map(|f| f.to_json().into_bytes()))
                        .collect(),
                    None => continue,
                },
            };
            for slot in slots {
                if let Some(s) = left.get_mut(slot) {
                    *s = None;
                }
            }
            let key = record.to_be_bytes();
            if left.iter().all(Option::is_none) {
                batch.remove(&key);
                updated.push((record, None));
            } else {
                batch.insert(&key, encode_record(left.iter().map(|s| s.as_deref())));
                updated.push((record, Some(left)));
            }
        }
        self.outbox.apply_batch(batch)?;
        for (record, left) in updated {
            match left {
                Some(left) => records.insert(record, left),
                None => records.remove(&record),
            };
        }
        Ok(())
    }

    /// Forgets one delivered frame (see [`Store::remove_outbox_all`]).
    pub fn remove_outbox(&self, key: u64) -> Result<(), StoreError> {
        self.remove_outbox_all(&[key])
    }

    /// Schema 1 → 2: each single-frame record becomes a one-slot record
    /// under the same key, so order and ids are kept. Idempotent (a record
    /// that is already an array is left alone), so a crash midway is
    /// finished by the next open.
    pub(super) fn migrate_outbox_v1(&self) -> Result<usize, StoreError> {
        let mut batch = sled::Batch::default();
        let mut migrated = 0;
        for kv in self.outbox.iter() {
            let (k, v) = kv?;
            if v.first() == Some(&b'[') {
                continue;
            }
            // Checked, so a damaged record is reported rather than wrapped.
            let frame: Outbound = decode_json(&v, "outbox frame (schema 1)")?;
            batch.insert(k, encode_record([Some(frame.to_json().as_bytes())]));
            migrated += 1;
        }
        self.outbox.apply_batch(batch)?;
        Ok(migrated)
    }
}

#[cfg(test)]
mod tests {
    use super::super::tests::reopen;
    use super::super::{Commit, SCHEMA_KEY, SCHEMA_VERSION};
    use super::*;
    use crate::dialogue::Session;

    fn send(conversation: &str, text: &str) -> Outbound {
        Outbound::Send {
            reference: format!("r-{conversation}-{text}"),
            shop: "s".into(),
            conversation: conversation.into(),
            text: text.into(),
        }
    }

    fn texts(store: &Store) -> Vec<String> {
        store
            .outbox()
            .unwrap()
            .into_iter()
            .map(|e| match e.frame {
                Outbound::Send { text, .. } => text,
                other => format!("{other:?}"),
            })
            .collect()
    }

    #[test]
    fn a_group_shares_one_record_and_settles_frame_by_frame() {
        let dir = tempfile::tempdir().unwrap();
        let store = reopen(dir.path());
        let (a, b) = (
            Session::new("s", "a", "x", 1),
            Session::new("s", "b", "y", 1),
        );
        let (fa, fb) = ([send("a", "1"), send("a", "2")], [send("b", "3")]);
        let (a, b) = (Arc::new(a), Arc::new(b));
        let commits = [
            Commit {
                event_id: Some("e-1"),
                session: Some(&a),
                frames: &fa,
                ..Commit::default()
            },
            Commit {
                event_id: Some("e-2"),
                session: Some(&b),
                frames: &fb,
                ..Commit::default()
            },
        ];
        let entries: Vec<_> = store.apply_all(&commits, 1).unwrap().concat();
        assert_eq!(store.outbox.len(), 1, "one record for the transaction");
        assert!(entries.windows(2).all(|w| w[0].key < w[1].key));
        assert_eq!(texts(&store), ["1", "2", "3"]);

        store
            .remove_outbox_all(&[entries[0].key, entries[2].key])
            .unwrap();
        assert_eq!(texts(&store), ["2"]);
        // Settling twice, or a key never written, changes nothing.
        store
            .remove_outbox_all(&[entries[0].key, 12345 << 16])
            .unwrap();
        assert_eq!(texts(&store), ["2"]);
        store.flush_blocking().unwrap();
        drop(store);

        // After a restart (nothing in memory) the record is read from disk,
        // keeps its keys, and leaves once its last frame is settled.
        let store = reopen(dir.path());
        let left = store.outbox().unwrap();
        assert_eq!(left.len(), 1);
        assert_eq!(left[0].key, entries[1].key);
        let fresh = open_fresh_handle(&store);
        fresh.remove_outbox(entries[1].key).unwrap();
        assert!(store.outbox().unwrap().is_empty());
        assert_eq!(store.outbox.len(), 0, "the empty record is removed");
    }

    /// A handle on the same database with nothing cached, as after a restart.
    fn open_fresh_handle(store: &Store) -> Store {
        Store {
            pending: Pending::default(),
            ..store.clone()
        }
    }

    #[test]
    fn a_version_1_outbox_is_migrated_on_open() {
        let dir = tempfile::tempdir().unwrap();
        {
            // Written the way schema 1 did: one frame per record.
            let db = sled::open(dir.path()).unwrap();
            let meta = db.open_tree("meta").unwrap();
            meta.insert(SCHEMA_KEY, &1u32.to_be_bytes()).unwrap();
            let outbox = db.open_tree("outbox").unwrap();
            for (key, text) in [(7u64, "old-1"), (9, "old-2")] {
                outbox
                    .insert(key.to_be_bytes(), send("c", text).to_json().as_bytes())
                    .unwrap();
            }
            let sessions = db.open_tree("sessions").unwrap();
            let session = Session::new("s", "c", "b", 5);
            sessions
                .insert(b"s\x1fc", serde_json::to_vec(&session).unwrap())
                .unwrap();
            db.flush().unwrap();
        }
        let store = reopen(dir.path());
        assert_eq!(texts(&store), ["old-1", "old-2"]);
        assert_eq!(store.session("s", "c").unwrap().unwrap().buyer, "b");
        let version = store.meta.get(SCHEMA_KEY).unwrap().unwrap();
        assert_eq!(version.as_ref(), SCHEMA_VERSION.to_be_bytes());
        // New frames come after the migrated ones; settling works on both.
        let more = [send("c", "new")];
        let commit = Commit {
            event_id: Some("e-9"),
            frames: &more,
            ..Commit::default()
        };
        store.apply(&commit, 6).unwrap();
        let entries = store.outbox().unwrap();
        assert_eq!(texts(&store), ["old-1", "old-2", "new"]);
        store.remove_outbox(entries[0].key).unwrap();
        assert_eq!(texts(&store), ["old-2", "new"]);
        store.flush_blocking().unwrap();
        drop(store);
        // Opening again does not migrate twice.
        let store = reopen(dir.path());
        assert_eq!(texts(&store), ["old-2", "new"]);
    }
}
