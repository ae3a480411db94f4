//! The store's own tests: commits, group commits, the session cache,
//! timers and the schema check.

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
    let store = reopen(dir.path());
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
fn several_commits_land_in_one_transaction_in_order() {
    let dir = tempfile::tempdir().unwrap();
    let mut a = Session::new("s", "a", "b1", 100);
    a.push_turn(crate::dialogue::Speaker::Buyer, "在吗", 100);
    let b = Session::new("s", "b", "b2", 100);
    {
        let store = Store::open(dir.path()).unwrap();
        let first = [send("1"), send("2")];
        let second = [send("3")];
        let (shared_a, shared_b) = (Arc::new(a.clone()), Arc::new(b.clone()));
        let commits = [
            Commit {
                event_id: Some("e-1"),
                session: Some(&shared_a),
                frames: &first,
                ..Commit::default()
            },
            Commit {
                event_id: Some("e-2"),
                session: Some(&shared_b),
                frames: &second,
                ..Commit::default()
            },
        ];
        let entries = store.apply_all(&commits, 100).unwrap();
        assert_eq!(entries.iter().map(Vec::len).collect::<Vec<_>>(), [2, 1]);
        assert!(entries[0][1].key < entries[1][0].key, "decision order kept");
        // Served from memory now, and equal to what was written.
        assert_eq!(store.session("s", "a").unwrap().as_ref(), Some(&a));
        store.flush_blocking().unwrap();
    }
    // A fresh store (empty cache) decodes the same sessions from disk.
    let store = reopen(dir.path());
    assert_eq!(store.session("s", "a").unwrap(), Some(a));
    assert_eq!(store.session("s", "b").unwrap(), Some(b));
    assert!(store.is_seen("e-1").unwrap() && store.is_seen("e-2").unwrap());
    assert_eq!(store.outbox().unwrap().len(), 3);
}

#[test]
fn a_shared_session_is_cached_as_is_not_copied() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(dir.path()).unwrap();
    let session = Arc::new(Session::new("s", "c", "b", 100));
    let commit = Commit {
        event_id: Some("e-1"),
        session: Some(&session),
        ..Commit::default()
    };
    store.apply(&commit, 100).unwrap();
    let cached = store.session_shared("s", "c").unwrap().unwrap();
    assert!(
        Arc::ptr_eq(&cached, &session),
        "the cache holds the same Arc"
    );
    store.flush_blocking().unwrap();
    drop(store);
    let store = reopen(dir.path());
    assert_eq!(store.session("s", "c").unwrap().as_ref(), Some(&*session));
}

#[test]
fn the_writer_takes_the_session_without_a_copy_and_its_commit_puts_it_back() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(dir.path()).unwrap();
    assert_eq!(store.take_session("s", "c").unwrap(), None);
    let first = Session::new("s", "c", "b", 100);
    store.commit("e-1", 100, Some(&first), &[]).unwrap();
    let mut taken = store.take_session("s", "c").unwrap().expect("stored");
    assert_eq!(taken, first);
    // Taken out of the cache, still readable from sled meanwhile.
    assert_eq!(store.session("s", "c").unwrap().as_ref(), Some(&first));
    taken.updated_at = 200;
    let taken = Arc::new(taken);
    let commit = Commit {
        event_id: Some("e-2"),
        session: Some(&taken),
        ..Commit::default()
    };
    store.apply(&commit, 200).unwrap();
    let read = store.session_shared("s", "c").unwrap().unwrap();
    assert!(
        Arc::ptr_eq(&read, &taken),
        "the commit put the new one back"
    );
    // Taking it again, with a reader holding it, copies it.
    let again = store.take_session("s", "c").unwrap().unwrap();
    assert_eq!(again.updated_at, 200);
    drop(taken);
    assert_eq!(Arc::strong_count(&read), 1, "the cache let go of it");
}

/// Opens a store, also one whose previous handle was just dropped (see
/// [`Store::open_waiting`]). Shared with the other store modules' tests.
pub(super) fn reopen(dir: &Path) -> Store {
    try_reopen(dir).expect("store reopens")
}

/// [`Store::open_waiting`] for up to a second, for the tests that expect an
/// error.
pub(super) fn try_reopen(dir: &Path) -> Result<Store, StoreError> {
    Store::open_waiting(dir, std::time::Duration::from_secs(1))
}

#[test]
fn a_directory_held_open_stays_locked_after_the_wait() {
    let dir = tempfile::tempdir().unwrap();
    let _held = Store::open(dir.path()).unwrap();
    let err = Store::open_waiting(dir.path(), std::time::Duration::from_millis(100))
        .err()
        .expect("a second handle is refused");
    assert!(err.is_directory_locked(), "{err}");
    assert!(err.to_string().contains("another kefu running"), "{err}");
}

#[test]
fn a_purged_session_is_not_served_from_memory() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(dir.path()).unwrap();
    let old = Session::new("s", "old", "b", 100);
    store.commit("e-1", 100, Some(&old), &[]).unwrap();
    assert!(store.session("s", "old").unwrap().is_some());
    let report = store.purge_before(1_000, usize::MAX).unwrap();
    assert_eq!(report.sessions, 1);
    assert_eq!(store.session("s", "old").unwrap(), None);
}

#[test]
fn timers_come_due_in_order_and_leave_with_their_firing() {
    use crate::dialogue::{Timer, TimerKind};
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(dir.path()).unwrap();
    let session = Session::new("s", "c", "b", 0);
    let timer = |due: i64, order: &str| {
        Timer::new(
            &session,
            due,
            TimerKind::Closing {
                order: order.into(),
            },
        )
    };
    let timers = [
        timer(300, "late"),
        timer(100, "early"),
        timer(200, "middle"),
    ];
    store
        .apply(
            &Commit {
                event_id: Some("e-1"),
                timers: &timers,
                ..Commit::default()
            },
            0,
        )
        .unwrap();
    assert!(store.due_timers(99, 10).unwrap().is_empty());
    let due = store.due_timers(200, 10).unwrap();
    let orders: Vec<_> = due
        .iter()
        .map(|(_, t)| match &t.kind {
            TimerKind::Closing { order } => order.as_str(),
            other => panic!("unexpected timer {other:?}"),
        })
        .collect();
    assert_eq!(orders, ["early", "middle"]);
    assert_eq!(due[0].0.due(), 100);
    store
        .apply(
            &Commit {
                fired: Some(due[0].0),
                frames: &[send("x")],
                ..Commit::default()
            },
            150,
        )
        .unwrap();
    assert_eq!(store.due_timers(1000, 10).unwrap().len(), 2);
    assert_eq!(store.outbox().unwrap().len(), 1);
}

#[test]
fn refuses_another_schema_version() {
    let dir = tempfile::tempdir().unwrap();
    {
        let store = Store::open(dir.path()).unwrap();
        store.meta.insert(SCHEMA_KEY, &99u32.to_be_bytes()).unwrap();
        store.flush_blocking().unwrap();
    }
    let err = try_reopen(dir.path())
        .err()
        .expect("schema mismatch refused");
    assert!(err.to_string().contains("schema version 99"), "{err}");
}

/// One commit per entry, each writing only that journal entry.
pub(super) fn journal_only(entries: &[JournalEntry]) -> Vec<Commit<'_>> {
    entries
        .iter()
        .map(|entry| Commit {
            journal: Some(entry),
            ..Commit::default()
        })
        .collect()
}

#[test]
fn a_group_commit_writes_one_journal_record_and_reads_back_every_entry() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(dir.path()).unwrap();
    // Schema 3 wrote one MessagePack entry per record; it is still read.
    let old = JournalEntry::new(5, "s", "old", "message");
    store
        .journal
        .insert(
            TimerKey::new(5, 0).0,
            encode(&old, "journal entry").unwrap(),
        )
        .unwrap();
    let entries: Vec<JournalEntry> = ["a", "b", "c"]
        .iter()
        .zip([6, 6, 7])
        .map(|(c, at)| JournalEntry {
            intents: vec![format!("intent-{c}")],
            ..JournalEntry::new(at, "s", c, "message")
        })
        .collect();
    store.apply_all(&journal_only(&entries), 7).unwrap();
    assert_eq!(
        store.journal.len(),
        3,
        "the old record, one for 6, one for 7"
    );
    let read: Vec<JournalEntry> = store.journal(0, 10).map(Result::unwrap).collect();
    assert_eq!(read, [vec![old], entries.clone()].concat());
    let at_6: Vec<JournalEntry> = store.journal(6, 7).map(Result::unwrap).collect();
    assert_eq!(at_6, entries[..2]);
}

#[test]
fn a_version_3_directory_keeps_its_journal_lines_and_moves_to_version_4() {
    let dir = tempfile::tempdir().unwrap();
    let old = JournalEntry::new(5, "s", "c", "message");
    {
        // Written the way schema 3 did: one MessagePack entry per record.
        let db = sled::open(dir.path()).unwrap();
        db.open_tree("meta")
            .unwrap()
            .insert(SCHEMA_KEY, &3u32.to_be_bytes())
            .unwrap();
        db.open_tree("journal")
            .unwrap()
            .insert(
                TimerKey::new(5, 0).0,
                encode(&old, "journal entry").unwrap(),
            )
            .unwrap();
        db.flush().unwrap();
    }
    let store = reopen(dir.path());
    let version = store.meta.get(SCHEMA_KEY).unwrap().unwrap();
    assert_eq!(version.as_ref(), 4u32.to_be_bytes());
    let new = JournalEntry::new(6, "s", "c", "message");
    store
        .apply(
            &Commit {
                journal: Some(&new),
                ..Commit::default()
            },
            6,
        )
        .unwrap();
    let read: Vec<JournalEntry> = store.journal(0, 10).map(Result::unwrap).collect();
    assert_eq!(read, [old, new]);
}

#[test]
fn a_damaged_journal_record_is_an_error_naming_it() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(dir.path()).unwrap();
    store
        .journal
        .insert(TimerKey::new(5, 0).0, &[0x93, 0xc1][..])
        .unwrap();
    let read: Vec<_> = store.journal(0, 10).collect();
    assert_eq!(read.len(), 1);
    let err = read.into_iter().next().unwrap().unwrap_err();
    assert!(err.to_string().contains("journal entry"), "{err}");
}

#[test]
fn a_version_2_directory_keeps_its_json_records_readable_and_moves_to_messagepack() {
    let dir = tempfile::tempdir().unwrap();
    let mut session = Session::new("s", "c", "b", 5);
    session.push_turn(crate::dialogue::Speaker::Buyer, "在吗？有优惠吗", 6);
    let entry = JournalEntry::new(6, "s", "c", "buyer");
    {
        // Written the way schema 2 did: JSON records.
        let db = sled::open(dir.path()).unwrap();
        let meta = db.open_tree("meta").unwrap();
        meta.insert(SCHEMA_KEY, &2u32.to_be_bytes()).unwrap();
        db.open_tree("sessions")
            .unwrap()
            .insert(b"s\x1fc", serde_json::to_vec(&session).unwrap())
            .unwrap();
        let key = TimerKey::new(6, 0);
        db.open_tree("journal")
            .unwrap()
            .insert(key.0, serde_json::to_vec(&entry).unwrap())
            .unwrap();
        db.flush().unwrap();
    }
    let store = reopen(dir.path());
    let version = store.meta.get(SCHEMA_KEY).unwrap().unwrap();
    assert_eq!(version.as_ref(), SCHEMA_VERSION.to_be_bytes());
    assert_eq!(store.session("s", "c").unwrap().unwrap(), session);
    let journal: Vec<_> = store.journal(0, 10).map(Result::unwrap).collect();
    assert_eq!(journal, [entry]);

    // The next commit writes the session as MessagePack, readable after a reopen.
    session.push_turn(crate::dialogue::Speaker::Bot, "在的亲", 7);
    store.commit("e-7", 7, Some(&session), &[]).unwrap();
    let raw = store.sessions.get(b"s\x1fc").unwrap().unwrap();
    assert_ne!(raw.first(), Some(&b'{'), "rewritten as MessagePack");
    store.flush_blocking().unwrap();
    drop(store);
    let store = reopen(dir.path());
    assert_eq!(store.session("s", "c").unwrap().unwrap(), session);
}
