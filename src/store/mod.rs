//! Durable state in sled: the only module that touches the disk.
//!
//! Trees and what they hold:
//!
//! | tree       | key                         | value                              |
//! |------------|-----------------------------|------------------------------------|
//! | `meta`     | `schema_version`            | u32, big-endian                    |
//! | `sessions` | `shop 0x1f conversation`    | [`Session`] as JSON                |
//! | `seen`     | event id                    | Unix seconds processed, i64 BE     |
//! | `outbox`   | u64 BE, in decision order   | [`Outbound`] frame as JSON         |
//!
//! One event's effects (its session, the frames it decided, the mark that
//! its id is processed) are written in one sled transaction, so they land
//! together or not at all. Transactions become durable only when flushed;
//! the runtime commits a batch of events and then flushes once (group
//! commit), and acks nothing before that flush returns.
//!
//! Values are JSON: a few hundred bytes per session, easy to inspect with
//! `kefu` tooling, and tolerant of fields added later (`#[serde(default)]`).

use crate::channel::protocol::Outbound;
use crate::dialogue::Session;
use sled::transaction::{ConflictableTransactionError, TransactionError};
use sled::Transactional;
use std::path::{Path, PathBuf};

/// Bumped whenever a stored encoding changes incompatibly.
pub const SCHEMA_VERSION: u32 = 1;

const SCHEMA_KEY: &[u8] = b"schema_version";

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("cannot open the data directory {dir}: {source} (is another kefu running on it? if the files are damaged, move the directory away and start again: the channel redelivers unacked events)")]
    Open { dir: PathBuf, source: sled::Error },
    #[error("the data directory {dir} was written with schema version {found}, this kefu reads version {expected}; use a kefu of the matching version, or move the directory away to start afresh")]
    Schema {
        dir: PathBuf,
        found: u32,
        expected: u32,
    },
    #[error("storage error: {0}")]
    Sled(#[from] sled::Error),
    #[error("stored {what} is unreadable: {reason}")]
    Corrupt { what: String, reason: String },
}

impl From<TransactionError<StoreError>> for StoreError {
    fn from(e: TransactionError<StoreError>) -> Self {
        match e {
            TransactionError::Abort(e) => e,
            TransactionError::Storage(e) => StoreError::Sled(e),
        }
    }
}

/// An outgoing frame waiting in the outbox, with its position.
#[derive(Debug, Clone, PartialEq)]
pub struct OutboxEntry {
    pub key: u64,
    pub frame: Outbound,
}

/// Handle to the database. Cheap to clone.
#[derive(Clone)]
pub struct Store {
    db: sled::Db,
    meta: sled::Tree,
    sessions: sled::Tree,
    seen: sled::Tree,
    outbox: sled::Tree,
}

impl Store {
    /// Opens (or creates) the store in `dir` and checks its schema version.
    pub fn open(dir: &Path) -> Result<Store, StoreError> {
        let db = sled::Config::new()
            .path(dir)
            // Durability comes from explicit group-commit flushes, not a timer.
            .flush_every_ms(None)
            .open()
            .map_err(|source| StoreError::Open {
                dir: dir.to_path_buf(),
                source,
            })?;
        let store = Store {
            meta: db.open_tree("meta")?,
            sessions: db.open_tree("sessions")?,
            seen: db.open_tree("seen")?,
            outbox: db.open_tree("outbox")?,
            db,
        };
        match store.meta.get(SCHEMA_KEY)? {
            None => {
                store
                    .meta
                    .insert(SCHEMA_KEY, &SCHEMA_VERSION.to_be_bytes())?;
                store.db.flush()?;
            }
            Some(v) => {
                let found = <[u8; 4]>::try_from(v.as_ref())
                    .map(u32::from_be_bytes)
                    .unwrap_or(0);
                if found != SCHEMA_VERSION {
                    return Err(StoreError::Schema {
                        dir: dir.to_path_buf(),
                        found,
                        expected: SCHEMA_VERSION,
                    });
                }
            }
        }
        Ok(store)
    }

    fn session_key(shop: &str, conversation: &str) -> Vec<u8> {
        let mut key = Vec::with_capacity(shop.len() + conversation.len() + 1);
        key.extend_from_slice(shop.as_bytes());
        key.push(0x1f);
        key.extend_from_slice(conversation.as_bytes());
        key
    }

    pub fn session(&self, shop: &str, conversation: &str) -> Result<Option<Session>, StoreError> {
        match self.sessions.get(Self::session_key(shop, conversation))? {
            None => Ok(None),
            Some(bytes) => decode(&bytes, "session").map(Some),
        }
    }

    /// Every stored session, in key order.
    pub fn sessions(&self) -> impl Iterator<Item = Result<Session, StoreError>> + '_ {
        self.sessions.iter().values().map(|v| decode(&v?, "session"))
    }

    pub fn session_count(&self) -> usize {
        self.sessions.len()
    }

    /// Whether an event id was already processed.
    pub fn is_seen(&self, event_id: &str) -> Result<bool, StoreError> {
        Ok(self.seen.contains_key(event_id)?)
    }

    /// Stores one event's effects atomically: the new session (if any), the
    /// frames it decided (appended to the outbox in order), and its id as
    /// processed. Returns the frames with their outbox keys. Not durable until
    /// [`Store::flush`].
    pub fn commit(
        &self,
        event_id: &str,
        now: i64,
        session: Option<&Session>,
        frames: &[Outbound],
    ) -> Result<Vec<OutboxEntry>, StoreError> {
        let session_bytes = session
            .map(|s| serde_json::to_vec(s).map(|b| (Self::session_key(&s.shop, &s.conversation), b)))
            .transpose()
            .map_err(|e| StoreError::Corrupt {
                what: "session".into(),
                reason: e.to_string(),
            })?;
        let frame_bytes: Vec<Vec<u8>> = frames
            .iter()
            .map(|f| f.to_json().into_bytes())
            .collect();
        let entries = (&self.sessions, &self.seen, &self.outbox).transaction(
            |(sessions, seen, outbox)| {
                if let Some((key, bytes)) = &session_bytes {
                    sessions.insert(key.as_slice(), bytes.as_slice())?;
                }
                let mut entries = Vec::with_capacity(frames.len());
                for (frame, bytes) in frames.iter().zip(&frame_bytes) {
                    let key = outbox.generate_id()?;
                    outbox.insert(&key.to_be_bytes(), bytes.as_slice())?;
                    entries.push(OutboxEntry {
                        key,
                        frame: frame.clone(),
                    });
                }
                seen.insert(event_id.as_bytes(), &now.to_be_bytes())?;
                Ok::<_, ConflictableTransactionError<StoreError>>(entries)
            },
        )?;
        Ok(entries)
    }

    /// Makes everything written so far durable.
    pub async fn flush(&self) -> Result<(), StoreError> {
        self.db.flush_async().await?;
        Ok(())
    }

    /// Blocking flush, for shutdown paths outside the runtime.
    pub fn flush_blocking(&self) -> Result<(), StoreError> {
        self.db.flush()?;
        Ok(())
    }

    /// Frames not yet delivered, in decision order.
    pub fn outbox(&self) -> Result<Vec<OutboxEntry>, StoreError> {
        self.outbox
            .iter()
            .map(|kv| {
                let (k, v) = kv?;
                let key = <[u8; 8]>::try_from(k.as_ref())
                    .map(u64::from_be_bytes)
                    .map_err(|_| StoreError::Corrupt {
                        what: "outbox key".into(),
                        reason: format!("{} bytes, expected 8", k.len()),
                    })?;
                Ok(OutboxEntry {
                    key,
                    frame: decode(&v, "outbox frame")?,
                })
            })
            .collect()
    }

    /// Forgets a delivered frame. Losing this write in a crash only means the
    /// frame is sent again with the same `ref`, which the channel ignores.
    pub fn remove_outbox(&self, key: u64) -> Result<(), StoreError> {
        self.outbox.remove(key.to_be_bytes())?;
        Ok(())
    }

    /// Bytes the database occupies on disk.
    pub fn size_on_disk(&self) -> Result<u64, StoreError> {
        Ok(self.db.size_on_disk()?)
    }
}

fn decode<T: serde::de::DeserializeOwned>(bytes: &[u8], what: &str) -> Result<T, StoreError> {
    serde_json::from_slice(bytes).map_err(|e| StoreError::Corrupt {
        what: what.to_string(),
        reason: e.to_string(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn send(text: &str) -> Outbound {
        Outbound::Send {
            reference: format!("r-{text}"),
            shop: "s".into(),
            conversation: "c".into(),
            text: text.into(),
        }
    }

    #[test]
    fn commit_is_visible_and_survives_reopen() {
        let dir = tempfile::tempdir().unwrap();
        {
            let store = Store::open(dir.path()).unwrap();
            let session = Session::new("s", "c", "b", 100);
            let entries = store
                .commit("e-1", 100, Some(&session), &[send("a"), send("b")])
                .unwrap();
            assert!(entries[0].key < entries[1].key);
            assert!(store.is_seen("e-1").unwrap());
            assert!(!store.is_seen("e-2").unwrap());
            store.flush_blocking().unwrap();
        }
        let store = Store::open(dir.path()).unwrap();
        assert_eq!(store.session("s", "c").unwrap().unwrap().buyer, "b");
        let outbox = store.outbox().unwrap();
        assert_eq!(
            outbox.iter().map(|e| e.frame.clone()).collect::<Vec<_>>(),
            vec![send("a"), send("b")]
        );
        store.remove_outbox(outbox[0].key).unwrap();
        assert_eq!(store.outbox().unwrap().len(), 1);
        assert!(store.is_seen("e-1").unwrap());
    }

    #[test]
    fn refuses_another_schema_version() {
        let dir = tempfile::tempdir().unwrap();
        {
            let store = Store::open(dir.path()).unwrap();
            store.meta.insert(SCHEMA_KEY, &99u32.to_be_bytes()).unwrap();
            store.flush_blocking().unwrap();
        }
        let err = Store::open(dir.path()).err().expect("schema mismatch refused");
        assert!(err.to_string().contains("schema version 99"), "{err}");
    }
}
