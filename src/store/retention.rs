//! Retention: forgetting old conversations, so the disk stays bounded and
//! buyers' data is not kept longer than the shop needs it.
//!
//! With `[storage] retention_days = N` (0 keeps everything), a conversation
//! that has not changed for N days is purged together with what belongs to
//! it: its session, its journal lines older than N days, its timers. Seen
//! event ids older than N days go too (an event acked that long ago is not
//! coming back; if a channel did redeliver one, it would be taken as new).
//! Done handover items older than N days go; **open ones stay**, and so do
//! their conversations' sessions and journal lines: a person still has to
//! work on them, and the bot must keep knowing it handed them over. The
//! outbox is never touched: what was decided is still delivered.
//!
//! The runtime calls [`Store::purge_if_due`] from its once-a-second tick. It
//! purges at most once an hour and removes about [`PURGE_BUDGET`] records
//! per call, continuing on the next tick, so a large backlog never stalls
//! the bot for long. Every removal is idempotent: a crash in the middle only
//! leaves work for the next run.

use super::{decode, encode, journal, JournalEntry, Store, StoreError, TimerKey};
use serde::Deserialize;
use std::collections::HashSet;

/// About this many records are removed per call; the rest waits a tick. A
/// journal record counts as its lines and goes whole, so the last one may
/// take a call past the budget by the lines of one group commit.
pub const PURGE_BUDGET: usize = 5_000;

/// A finished purge is not repeated for this long (seconds).
pub const PURGE_INTERVAL_SECS: i64 = 3600;

const SECS_PER_DAY: i64 = 86_400;
const RETENTION_KEY: &[u8] = b"retention_days";
const LAST_PURGE_KEY: &[u8] = b"last_purge";

/// What one purge call removed.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PurgeReport {
    pub sessions: usize,
    pub journal: usize,
    pub seen: usize,
    pub timers: usize,
    pub handover: usize,
    /// Conversations older than the cutoff kept because their handover is open.
    pub kept_open: usize,
    /// False when the budget ran out; the next call continues.
    pub complete: bool,
}

impl PurgeReport {
    pub fn removed(&self) -> usize {
        self.sessions + self.journal + self.seen + self.timers + self.handover
    }
}

/// The fields retention needs, read without decoding whole records.
#[derive(Deserialize)]
struct Owner {
    shop: String,
    conversation: String,
}

#[derive(Deserialize)]
struct SessionAge {
    shop: String,
    conversation: String,
    updated_at: i64,
}

#[derive(Deserialize)]
struct HandoverState {
    shop: String,
    conversation: String,
    at: i64,
    #[serde(default)]
    done: bool,
}

impl Store {
    /// Sets how many days conversations are kept (0: forever). Stored, so
    /// tools reading the directory see the policy in force.
    pub fn set_retention_days(&self, days: u32) -> Result<(), StoreError> {
        self.meta.insert(RETENTION_KEY, &days.to_be_bytes())?;
        Ok(())
    }

    /// The retention in force; 0 (keep forever) when never set.
    pub fn retention_days(&self) -> Result<u32, StoreError> {
        Ok(self
            .meta
            .get(RETENTION_KEY)?
            .and_then(|v| <[u8; 4]>::try_from(v.as_ref()).ok())
            .map_or(0, u32::from_be_bytes))
    }

    /// Purges by the retention in force if the last complete purge is an
    /// hour old. Returns what was removed, or `None` when nothing was due.
    pub fn purge_if_due(&self, now: i64) -> Result<Option<PurgeReport>, StoreError> {
        let days = self.retention_days()?;
        if days == 0 {
            return Ok(None);
        }
        let last = self
            .meta
            .get(LAST_PURGE_KEY)?
            .and_then(|v| <[u8; 8]>::try_from(v.as_ref()).ok())
            .map(i64::from_be_bytes);
        if last.is_some_and(|last| now.saturating_sub(last) < PURGE_INTERVAL_SECS) {
            return Ok(None);
        }
        let cutoff = now.saturating_sub(i64::from(days) * SECS_PER_DAY);
        let report = self.purge_before(cutoff, PURGE_BUDGET)?;
        if report.complete {
            self.meta.insert(LAST_PURGE_KEY, &now.to_be_bytes())?;
        }
        if report.removed() > 0 {
            tracing::info!(
                days,
                sessions = report.sessions,
                journal = report.journal,
                seen = report.seen,
                timers = report.timers,
                handover = report.handover,
                kept_open = report.kept_open,
                complete = report.complete,
                "retention: purged old conversations"
            );
        }
        Ok(Some(report))
    }

    /// [`Store::purge_if_due`] for the runtime's tick: a purge that fails is
    /// logged and tried again an hour later. Retention is housekeeping; it
    /// must never stop the bot from answering.
    pub fn retention_tick(&self, now: i64) {
        if let Err(e) = self.purge_if_due(now) {
            tracing::warn!("retention: purge failed, retrying in an hour: {e}");
            let _ = self.meta.insert(LAST_PURGE_KEY, &now.to_be_bytes());
        }
    }

    /// Removes what is older than `cutoff` (Unix seconds), about `budget`
    /// records (see [`PURGE_BUDGET`]). Not durable until the next flush;
    /// idempotent.
    pub fn purge_before(&self, cutoff: i64, budget: usize) -> Result<PurgeReport, StoreError> {
        let mut report = PurgeReport::default();
        let mut left = budget;
        let key = |shop: &str, conversation: &str| Store::session_key(shop, conversation);

        // Open handovers keep their conversations; done old ones go.
        let mut open: HashSet<Vec<u8>> = HashSet::new();
        let mut old_done = Vec::new();
        for kv in self.handover.iter() {
            let (k, v) = kv?;
            let item: HandoverState = decode(&v, "handover item")?;
            if !item.done {
                open.insert(key(&item.shop, &item.conversation));
            } else if item.at < cutoff {
                old_done.push(k);
            }
        }
        for k in old_done {
            if left == 0 {
                return Ok(report);
            }
            self.handover.remove(k)?;
            report.handover += 1;
            left -= 1;
        }

        for kv in self.sessions.iter() {
            let (k, v) = kv?;
            let age: SessionAge = decode(&v, "session")?;
            if age.updated_at >= cutoff {
                continue;
            }
            if open.contains(&key(&age.shop, &age.conversation)) {
                report.kept_open += 1;
                continue;
            }
            if left == 0 {
                return Ok(report);
            }
            self.sessions.remove(&k)?;
            self.recent.remove(&k);
            report.sessions += 1;
            left -= 1;
        }

        // A timer outlives its session only when the session was purged.
        for kv in self.timers.iter() {
            let (k, v) = kv?;
            let owner: Owner = decode(&v, "timer")?;
            if self
                .sessions
                .contains_key(key(&owner.shop, &owner.conversation))?
            {
                continue;
            }
            if left == 0 {
                return Ok(report);
            }
            self.timers.remove(k)?;
            report.timers += 1;
            left -= 1;
        }

        let end = TimerKey::new(cutoff, 0);
        for kv in self.journal.range(..end.0) {
            let (k, v) = kv?;
            // A record holds the entries of one commit, of any conversations.
            let owners: Vec<Owner> = journal::decode_record(&v)?;
            let gone = owners
                .iter()
                .filter(|o| !open.contains(&key(&o.shop, &o.conversation)))
                .count();
            if gone == 0 {
                continue;
            }
            // A record goes whole: the budget may be overrun by one record.
            if left == 0 {
                return Ok(report);
            }
            if gone == owners.len() {
                self.journal.remove(k)?;
            } else {
                // Some entries stay: the record is written again without the others.
                let kept = journal::decode_record::<JournalEntry>(&v)?
                    .into_iter()
                    .filter(|e| open.contains(&key(&e.shop, &e.conversation)))
                    .map(|e| encode(&e, "journal entry"))
                    .collect::<Result<Vec<_>, _>>()?;
                let kept: Vec<&[u8]> = kept.iter().map(Vec::as_slice).collect();
                self.journal.insert(k, journal::encode_record(&kept))?;
            }
            report.journal += gone;
            left = left.saturating_sub(gone);
        }

        for kv in self.seen.iter() {
            let (k, v) = kv?;
            let at = <[u8; 8]>::try_from(v.as_ref()).map_or(i64::MIN, i64::from_be_bytes);
            if at >= cutoff {
                continue;
            }
            if left == 0 {
                return Ok(report);
            }
            self.seen.remove(k)?;
            report.seen += 1;
            left -= 1;
        }
        report.complete = true;
        Ok(report)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::dialogue::{Session, Timer, TimerKind};
    use crate::store::{Commit, HandoverItem, JournalEntry};

    const DAY: i64 = SECS_PER_DAY;

    fn journal(conversation: &str, at: i64) -> JournalEntry {
        JournalEntry {
            buyer: "b".into(),
            stage: "greeting".into(),
            ..JournalEntry::new(at, "s", conversation, "message")
        }
    }

    /// One event in `conversation` at `at`, with a closing timer far ahead
    /// and, when `handover` is given, a handover item.
    fn event(store: &Store, id: &str, conversation: &str, at: i64, handover: bool) {
        let session = Session::new("s", conversation, "b", at);
        let timers = [Timer::new(
            &session,
            at + 400 * DAY,
            TimerKind::Closing { order: "o".into() },
        )];
        let entry = journal(conversation, at);
        let item = HandoverItem {
            id: 0,
            at,
            shop: "s".into(),
            conversation: conversation.into(),
            buyer: "b".into(),
            reason: "complaint".into(),
            order: None,
            last_messages: Vec::new(),
            buyer_messages: None,
            done: false,
            done_by: None,
        };
        let session = std::sync::Arc::new(session);
        let commit = Commit {
            event_id: Some(id),
            session: Some(&session),
            timers: &timers,
            journal: Some(&entry),
            handover: handover.then_some(&item),
            ..Commit::default()
        };
        store.apply(&commit, at).unwrap();
    }

    /// Old plain, old with an open handover, old with a done handover, recent.
    fn populated() -> (tempfile::TempDir, Store) {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open(dir.path()).unwrap();
        event(&store, "e-old", "c-old", 0, false);
        event(&store, "e-open", "c-open", DAY, true);
        event(&store, "e-done", "c-done", 2 * DAY, true);
        event(&store, "e-new", "c-new", 90 * DAY, false);
        let done = store
            .handover_items(false)
            .unwrap()
            .into_iter()
            .find(|i| i.conversation == "c-done")
            .unwrap();
        assert!(store
            .mark_handover_done(done.id, "kf-01")
            .unwrap()
            .is_some());
        (dir, store)
    }

    fn conversations(store: &Store) -> Vec<String> {
        store.sessions().map(|s| s.unwrap().conversation).collect()
    }

    fn assert_purged(store: &Store) {
        assert_eq!(conversations(store), ["c-new", "c-open"]);
        for (id, kept) in [
            ("e-old", false),
            ("e-open", false),
            ("e-done", false),
            ("e-new", true),
        ] {
            assert_eq!(store.is_seen(id).unwrap(), kept, "seen {id}");
        }
        let lines: Vec<String> = store
            .journal(i64::MIN, i64::MAX)
            .map(|j| j.unwrap().conversation)
            .collect();
        assert_eq!(
            lines,
            ["c-open", "c-new"],
            "journal lines of open handovers stay"
        );
        assert_eq!(store.timer_count(), 2, "timers of purged conversations go");
        let items: Vec<(String, bool)> = store
            .handover_items(true)
            .unwrap()
            .into_iter()
            .map(|i| (i.conversation, i.done))
            .collect();
        assert_eq!(items, [("c-open".to_string(), false)]);
    }

    #[test]
    fn purges_old_conversations_and_keeps_open_handovers() {
        let (_dir, store) = populated();
        let report = store.purge_before(60 * DAY, usize::MAX).unwrap();
        assert!(report.complete);
        assert_eq!(
            (
                report.sessions,
                report.timers,
                report.journal,
                report.seen,
                report.handover
            ),
            (2, 2, 2, 3, 1)
        );
        assert_eq!(report.kept_open, 1);
        assert_purged(&store);
        let again = store.purge_before(60 * DAY, usize::MAX).unwrap();
        assert_eq!(again.removed(), 0, "a purge is idempotent");
    }

    #[test]
    fn a_small_budget_gets_there_in_several_calls() {
        let (_dir, store) = populated();
        let mut calls = 0;
        loop {
            calls += 1;
            let report = store.purge_before(60 * DAY, 1).unwrap();
            assert!(report.removed() <= 1);
            if report.complete {
                break;
            }
            assert!(calls < 50, "purge never completes");
        }
        assert!(calls > 5);
        assert_purged(&store);
    }

    #[test]
    fn a_journal_record_shared_with_an_open_handover_keeps_only_its_entry() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open(dir.path()).unwrap();
        event(&store, "e-open", "c-open", 0, true);
        // One group commit of three conversations: one journal record.
        let entries = ["c-a", "c-open", "c-b"].map(|c| journal(c, DAY));
        let commits = crate::store::tests::journal_only(&entries);
        store.apply_all(&commits, DAY).unwrap();
        assert_eq!(store.journal.len(), 2, "one record per commit");

        let report = store.purge_before(60 * DAY, usize::MAX).unwrap();
        assert_eq!(report.journal, 2, "c-a and c-b go");
        let lines: Vec<(String, i64)> = store
            .journal(i64::MIN, i64::MAX)
            .map(|j| j.map(|j| (j.conversation, j.at)).unwrap())
            .collect();
        assert_eq!(lines, [("c-open".into(), 0), ("c-open".into(), DAY)]);
        assert_eq!(store.purge_before(60 * DAY, usize::MAX).unwrap().journal, 0);
    }

    #[test]
    fn purge_runs_only_when_enabled_and_at_most_hourly() {
        let (_dir, store) = populated();
        let now = 100 * DAY;
        assert_eq!(store.retention_days().unwrap(), 0);
        assert_eq!(store.purge_if_due(now).unwrap(), None, "0 keeps everything");
        store.set_retention_days(30).unwrap();
        let first = store.purge_if_due(now).unwrap().expect("due");
        assert!(first.complete && first.sessions == 2);
        assert_purged(&store);
        assert_eq!(
            store.purge_if_due(now + 60).unwrap(),
            None,
            "not again within the hour"
        );
        let later = store.purge_if_due(now + PURGE_INTERVAL_SECS).unwrap();
        assert!(later.is_some_and(|r| r.removed() == 0));
    }

    #[test]
    fn disk_use_stays_bounded_when_old_conversations_are_purged() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open(dir.path()).unwrap();
        let mut sizes = Vec::new();
        for round in 0..10i64 {
            let at = round * 10 * DAY;
            for c in 0..400 {
                event(
                    &store,
                    &format!("e-{round}-{c}"),
                    &format!("c-{round}-{c}"),
                    at,
                    false,
                );
            }
            store.purge_before(at - 5 * DAY, usize::MAX).unwrap();
            store.flush_blocking().unwrap();
            sizes.push(store.size_on_disk().unwrap());
        }
        assert_eq!(store.session_count(), 400, "only the latest round is kept");
        // Freed space is reused: five more rounds, once the file has reached
        // its working size, add less than the first two rounds took (without
        // the purge they would add five rounds' worth). sled reclaims space
        // in the background and grows its file a segment at a time, so when
        // the plateau is reached varies by a round or two, and by a segment:
        // the bound leaves room for both.
        let growth = sizes[9].saturating_sub(sizes[4]);
        assert!(growth < sizes[1], "disk keeps growing: {sizes:?}");
    }
}
