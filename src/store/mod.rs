//! Durable state in sled: the only module that touches the disk.
//!
//! Trees and what they hold:
//!
//! | tree       | key                         | value                              |
//! |------------|-----------------------------|------------------------------------|
//! | `meta`     | `schema_version`            | u32, big-endian                    |
//! | `sessions` | `shop 0x1f conversation`    | [`Session`]                        |
//! | `seen`     | event id                    | Unix seconds processed, i64 BE     |
//! | `outbox`   | u64 BE, in decision order   | JSON array of [`Outbound`] frames (see `store/outbox.rs`) |
//! | `timers`   | due i64 BE ++ u64 BE seq    | [`Timer`]                          |
//! | `journal`  | at i64 BE ++ u64 BE seq     | [`JournalEntry`]s of one commit (see `store/journal.rs`) |
//! | `handover` | u64 BE seq                  | [`HandoverItem`]                   |
//! | `suggestions`, `decisions` | see `store/suggestions.rs` | assist mode |
//!
//! Old conversations are purged by [`retention`] (`[storage] retention_days`).
//!
//! One event's effects (its session, the frames it decided, the mark that
//! its id is processed) are written in one sled transaction, so they land
//! together or not at all. Transactions become durable only when flushed;
//! the runtime commits a batch of events and then flushes once (group
//! commit), and acks nothing before that flush returns.
//!
//! Values are MessagePack with named fields (`store/codec.rs`: a session
//! with its 20-turn history is ~2 KiB), tolerant of fields added later
//! (`#[serde(default)]`) like the JSON of schema 1 and 2, which is still
//! read; outbox frames are the wire's JSON. Under load the bot is bound by
//! sled's work per operation more than by bytes, which is why an outbox
//! record holds a whole transaction's frames.

mod cache;
mod codec;
mod handover;
mod journal;
mod outbox;
pub mod retention;
mod suggestions;

pub use handover::HandoverDone;
pub use journal::{HandoverItem, JournalEntry, OrderNote};
pub use retention::PurgeReport;
pub use suggestions::{DecisionRecord, FaqOrigin, Settlement, SuggestedReply, Suggestion, Verdict};

use crate::channel::protocol::Outbound;
use crate::dialogue::{Session, Timer};
use codec::{decode, encode, encode_sized};
use sled::transaction::{ConflictableTransactionError, TransactionError};
use sled::Transactional;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{Duration, Instant};

/// Bumped whenever a stored encoding changes incompatibly. 2: an outbox
/// record holds all the frames of one transaction (version 1 data is
/// migrated on open, see [`Store::open`]). 3: records are MessagePack (see
/// `store/codec.rs`); the JSON records of versions 1 and 2 are still read,
/// so only the mark changes on open, but a kefu reading version 2 could not
/// read what this one writes. 4: a journal record holds the entries of one
/// commit (see `store/journal.rs`); older single-entry records are
/// still read.
pub const SCHEMA_VERSION: u32 = 4;

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
    #[error("suggestion {0} is no longer pending (already decided)")]
    NotPending(u64),
}

impl StoreError {
    /// Whether opening failed because the directory's lock is held: by
    /// another kefu, or by a handle of this process that is still letting go
    /// of it (see [`Store::open_waiting`]).
    fn is_directory_locked(&self) -> bool {
        matches!(
            self,
            StoreError::Open { source: sled::Error::Io(e), .. }
                if e.to_string().contains("could not acquire lock")
        )
    }
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

/// A stored timer's key: due time first, so the tree is ordered by due date.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct TimerKey([u8; 16]);

impl TimerKey {
    fn new(due: i64, seq: u64) -> TimerKey {
        let mut key = [0u8; 16];
        // Flip the sign bit so negative times (never expected) still sort first.
        key[..8].copy_from_slice(&((due as u64) ^ (1 << 63)).to_be_bytes());
        key[8..].copy_from_slice(&seq.to_be_bytes());
        TimerKey(key)
    }

    pub fn due(&self) -> i64 {
        let mut due = [0u8; 8];
        due.copy_from_slice(&self.0[..8]);
        (u64::from_be_bytes(due) ^ (1 << 63)) as i64
    }
}

/// Everything one event (or one fired timer) changes, written atomically.
#[derive(Debug, Default)]
pub struct Commit<'a> {
    /// The event to mark as processed.
    pub event_id: Option<&'a str>,
    /// The new session, already shared: the cache keeps this very `Arc`
    /// once the commit lands, so nothing is copied (a deep copy of the
    /// 20-turn history per event was 7% of the bot's time under load).
    pub session: Option<&'a Arc<Session>>,
    /// Frames to append to the outbox, in order.
    pub frames: &'a [Outbound],
    /// Timers to store.
    pub timers: &'a [Timer],
    /// The timer this commit is the firing of: removed with its effects.
    pub fired: Option<TimerKey>,
    /// What happened, for reports.
    pub journal: Option<&'a JournalEntry>,
    /// A conversation handed to a person.
    pub handover: Option<&'a HandoverItem>,
    /// Assist mode: suggestions to store (new, or updated while pending).
    pub suggestions: &'a [Suggestion],
    /// Assist mode: pending suggestions decided now; the commit fails whole
    /// with [`StoreError::NotPending`] if one was decided already.
    pub settled: &'a [Settlement],
}

/// Handle to the database. Cheap to clone.
#[derive(Clone)]
pub struct Store {
    db: sled::Db,
    meta: sled::Tree,
    sessions: sled::Tree,
    seen: sled::Tree,
    outbox: sled::Tree,
    timers: sled::Tree,
    journal: sled::Tree,
    handover: sled::Tree,
    suggestions: sled::Tree,
    decisions: sled::Tree,
    /// Sessions read or written lately, decoded (see [`cache`]).
    recent: cache::Recent,
    /// Unsettled outbox slots (see `store/outbox.rs`).
    pending: outbox::Pending,
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
            timers: db.open_tree("timers")?,
            journal: db.open_tree("journal")?,
            handover: db.open_tree("handover")?,
            suggestions: db.open_tree("suggestions")?,
            decisions: db.open_tree("decisions")?,
            recent: cache::Recent::default(),
            pending: outbox::Pending::default(),
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
                if (1..SCHEMA_VERSION).contains(&found) {
                    // Version 1's outbox is rewritten; everything else is
                    // read as it is (JSON records stay readable, see
                    // [`codec`]). The version moves on only once the
                    // migrated records are durable.
                    let frames = if found == 1 {
                        store.migrate_outbox_v1()?
                    } else {
                        0
                    };
                    store.db.flush()?;
                    store
                        .meta
                        .insert(SCHEMA_KEY, &SCHEMA_VERSION.to_be_bytes())?;
                    store.db.flush()?;
                    tracing::info!(
                        from = found,
                        frames,
                        "data directory migrated to schema version {SCHEMA_VERSION}"
                    );
                } else if found != SCHEMA_VERSION {
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

    /// [`Store::open`], trying again for up to `wait` while the directory
    /// is locked. sled's background threads hold the lock a moment after the
    /// last handle of a database is dropped, so a directory closed in this
    /// process just now may not open at once; any other error is returned
    /// straight away.
    pub fn open_waiting(dir: &Path, wait: Duration) -> Result<Store, StoreError> {
        let deadline = Instant::now() + wait;
        loop {
            match Store::open(dir) {
                Err(e) if e.is_directory_locked() && Instant::now() < deadline => {
                    std::thread::sleep(Duration::from_millis(20));
                }
                opened => return opened,
            }
        }
    }

    fn session_key(shop: &str, conversation: &str) -> Vec<u8> {
        let mut key = Vec::with_capacity(shop.len() + conversation.len() + 1);
        key.extend_from_slice(shop.as_bytes());
        key.push(0x1f);
        key.extend_from_slice(conversation.as_bytes());
        key
    }

    pub fn session(&self, shop: &str, conversation: &str) -> Result<Option<Session>, StoreError> {
        Ok(self
            .session_shared(shop, conversation)?
            .map(|s| Session::clone(&s)))
    }

    /// The session, shared with the cache rather than copied: for readers
    /// that do not change it (the pipeline decides on it and writes a new one).
    pub fn session_shared(
        &self,
        shop: &str,
        conversation: &str,
    ) -> Result<Option<Arc<Session>>, StoreError> {
        let key = Self::session_key(shop, conversation);
        let miss = match self.recent.get(&key) {
            Ok(session) => return Ok(Some(session)),
            Err(miss) => miss,
        };
        let Some(session) = self.read_session(&key)? else {
            return Ok(None);
        };
        let session = Arc::new(session);
        self.recent.fill(key, session.clone(), miss);
        Ok(Some(session))
    }

    /// The stored session, for the one writer (the pipeline) about to decide
    /// on it and commit the result: taken out of the cache rather than
    /// shared, so that changing it copies nothing (the 20-turn history was
    /// copied on every event). Its commit puts the new session back; if no
    /// commit follows, the next read decodes it from sled again.
    pub fn take_session(
        &self,
        shop: &str,
        conversation: &str,
    ) -> Result<Option<Session>, StoreError> {
        let key = Self::session_key(shop, conversation);
        if let Some(session) = self.recent.take(&key) {
            // A copy only if a reader holds it at this moment.
            return Ok(Some(Arc::unwrap_or_clone(session)));
        }
        self.read_session(&key)
    }

    /// The session under `key` as sled holds it, decoded (no cache).
    fn read_session(&self, key: &[u8]) -> Result<Option<Session>, StoreError> {
        self.sessions
            .get(key)?
            .map(|bytes| decode::<Session>(&bytes, "session"))
            .transpose()
    }

    /// Every stored session, in key order.
    pub fn sessions(&self) -> impl Iterator<Item = Result<Session, StoreError>> + '_ {
        self.sessions
            .iter()
            .values()
            .map(|v| decode(&v?, "session"))
    }

    pub fn session_count(&self) -> usize {
        self.sessions.len()
    }

    /// Whether an event id was already processed.
    pub fn is_seen(&self, event_id: &str) -> Result<bool, StoreError> {
        Ok(self.seen.contains_key(event_id)?)
    }

    /// Stores one event's effects atomically: the new session (if any), the
    /// frames it decided (appended to the outbox in order), its timers, and its
    /// id as processed. Returns the frames with their outbox keys. Not durable
    /// until [`Store::flush`].
    pub fn commit(
        &self,
        event_id: &str,
        now: i64,
        session: Option<&Session>,
        frames: &[Outbound],
    ) -> Result<Vec<OutboxEntry>, StoreError> {
        let session = session.map(|s| Arc::new(s.clone()));
        self.apply(
            &Commit {
                event_id: Some(event_id),
                session: session.as_ref(),
                frames,
                ..Commit::default()
            },
            now,
        )
    }

    /// Writes one [`Commit`] in a single transaction.
    pub fn apply(&self, commit: &Commit, now: i64) -> Result<Vec<OutboxEntry>, StoreError> {
        let mut all = self.apply_all(std::slice::from_ref(commit), now)?;
        Ok(all.pop().unwrap_or_default())
    }

    /// Writes several commits in ONE transaction, in order: all of them land
    /// or none does. A batch of events in different conversations costs one
    /// transaction instead of one each (sled's per-transaction work, taking
    /// every tree's lock and sealing a log batch, was a fifth of the bot's
    /// time under load). Returns each commit's outbox entries.
    pub fn apply_all(
        &self,
        commits: &[Commit],
        now: i64,
    ) -> Result<Vec<Vec<OutboxEntry>>, StoreError> {
        let mut encoded = commits
            .iter()
            .map(Encoded::new)
            .collect::<Result<Vec<_>, _>>()?;
        // All the frames of the transaction go in one outbox record (more
        // only past MAX_SLOTS), in decision order.
        let records: Vec<Vec<u8>> = {
            let flat: Vec<&[u8]> = encoded
                .iter()
                .flat_map(|e| e.frames.iter().map(Vec::as_slice))
                .collect();
            flat.chunks(outbox::MAX_SLOTS)
                .map(|chunk| outbox::encode_record(chunk.iter().copied().map(Some)))
                .collect()
        };
        // The journal entries too: one record per run with the same `at`.
        let journal_records = journal::records(encoded.iter().filter_map(|e| e.journal.as_ref()));
        let trees = (
            &self.sessions,
            &self.seen,
            &self.outbox,
            &self.timers,
            &self.journal,
            &self.handover,
            &self.suggestions,
            &self.decisions,
        );
        let (entries, record_ids) = trees.transaction(
            |(sessions, seen, outbox, timers, journal, handover_tree, suggestions, decisions)| {
                for (at, bytes) in &journal_records {
                    let key = TimerKey::new(*at, journal.generate_id()?);
                    journal.insert(&key.0, bytes.as_slice())?;
                }
                let mut record_ids = Vec::with_capacity(records.len());
                for bytes in &records {
                    let id = outbox.generate_id()?;
                    outbox.insert(&id.to_be_bytes(), bytes.as_slice())?;
                    record_ids.push(id);
                }
                let mut position = 0;
                let mut all = Vec::with_capacity(commits.len());
                for (commit, e) in commits.iter().zip(&encoded) {
                    e.assist.write(suggestions, decisions)?;
                    if let Some((key, bytes)) = &e.session {
                        sessions.insert(key.as_slice(), bytes.as_slice())?;
                    }
                    let mut entries = Vec::with_capacity(commit.frames.len());
                    for frame in commit.frames {
                        let record = record_ids[position / outbox::MAX_SLOTS];
                        entries.push(OutboxEntry {
                            key: outbox::entry_key(record, position % outbox::MAX_SLOTS),
                            frame: frame.clone(),
                        });
                        position += 1;
                    }
                    for (due, bytes) in &e.timers {
                        let key = TimerKey::new(*due, timers.generate_id()?);
                        timers.insert(&key.0, bytes.as_slice())?;
                    }
                    if let Some(fired) = commit.fired {
                        timers.remove(&fired.0)?;
                    }
                    if let Some(id) = commit.event_id {
                        seen.insert(id.as_bytes(), &now.to_be_bytes())?;
                    }
                    if let Some(item) = commit.handover {
                        let mut item = item.clone();
                        item.id = handover_tree.generate_id()?;
                        let bytes = encode(&item, "handover item")
                            .map_err(ConflictableTransactionError::Abort)?;
                        handover_tree.insert(&item.id.to_be_bytes(), bytes)?;
                    }
                    all.push(entries);
                }
                Ok::<_, ConflictableTransactionError<StoreError>>((all, record_ids))
            },
        )?;
        let mut frames = encoded
            .iter_mut()
            .flat_map(|e| std::mem::take(&mut e.frames))
            .map(Some);
        for record in record_ids {
            let slots: Vec<_> = frames.by_ref().take(outbox::MAX_SLOTS).collect();
            self.pending.put(record, slots);
        }
        // Only now that the transaction has landed may readers see the sessions.
        for commit in commits {
            let Some(session) = commit.session else {
                continue;
            };
            let session = Arc::clone(session);
            let key = Self::session_key(&session.shop, &session.conversation);
            self.recent.put(key, session);
        }
        Ok(entries)
    }

    /// Timers due at or before `now`, earliest first, at most `limit`.
    pub fn due_timers(&self, now: i64, limit: usize) -> Result<Vec<(TimerKey, Timer)>, StoreError> {
        let end = TimerKey::new(now, u64::MAX);
        self.timers
            .range(..=end.0)
            .take(limit)
            .map(|kv| {
                let (k, v) = kv?;
                let key = <[u8; 16]>::try_from(k.as_ref())
                    .map(TimerKey)
                    .map_err(|_| StoreError::Corrupt {
                        what: "timer key".into(),
                        reason: format!("{} bytes, expected 16", k.len()),
                    })?;
                Ok((key, decode(&v, "timer")?))
            })
            .collect()
    }

    /// Journal entries with `from <= at < to`, oldest first.
    pub fn journal(
        &self,
        from: i64,
        to: i64,
    ) -> impl Iterator<Item = Result<JournalEntry, StoreError>> + '_ {
        let start = TimerKey::new(from, 0);
        let end = TimerKey::new(to, 0);
        // Every entry of a record has the record's `at`.
        self.journal.range(start.0..end.0).values().flat_map(|v| {
            match v
                .map_err(StoreError::from)
                .and_then(|v| journal::decode_record(&v))
            {
                Ok(entries) => entries.into_iter().map(Ok).collect(),
                Err(e) => vec![Err(e)],
            }
        })
    }

    /// How many timers are waiting.
    pub fn timer_count(&self) -> usize {
        self.timers.len()
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

    /// Bytes the database occupies on disk.
    pub fn size_on_disk(&self) -> Result<u64, StoreError> {
        Ok(self.db.size_on_disk()?)
    }
}

/// A commit's values encoded before its transaction starts, so that a retried
/// transaction does not encode them again.
struct Encoded {
    session: Option<(Vec<u8>, Vec<u8>)>,
    frames: Vec<Vec<u8>>,
    timers: Vec<(i64, Vec<u8>)>,
    journal: Option<(i64, Vec<u8>)>,
    assist: suggestions::Prepared,
}

impl Encoded {
    fn new(commit: &Commit) -> Result<Encoded, StoreError> {
        let session = commit
            .session
            .map(|s| {
                // The history is most of a session: its texts plus field names.
                let size = 512 + s.history.iter().map(|t| t.text.len() + 24).sum::<usize>();
                encode_sized(&**s, "session", size)
                    .map(|b| (Store::session_key(&s.shop, &s.conversation), b))
            })
            .transpose()?;
        let frames = commit
            .frames
            .iter()
            .map(|f| f.to_json().into_bytes())
            .collect();
        let timers = commit
            .timers
            .iter()
            .map(|t| encode(t, "timer").map(|b| (t.due, b)))
            .collect::<Result<_, _>>()?;
        let journal = commit
            .journal
            .map(|j| encode(j, "journal entry").map(|b| (j.at, b)))
            .transpose()?;
        Ok(Encoded {
            session,
            frames,
            timers,
            journal,
            assist: suggestions::Prepared::new(commit)?,
        })
    }
}

#[cfg(test)]
mod tests;
