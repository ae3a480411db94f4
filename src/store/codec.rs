//! How records are encoded in sled: MessagePack with field names.
//!
//! Every record the store writes (sessions, timers, journal entries, handover
//! items, suggestions) is MessagePack with its fields named, a map as in
//! JSON. The outbox is the exception: its frames are the wire's JSON, sent
//! as they are stored (see [`outbox`](super::outbox)).
//!
//! Why not JSON, as schema 2 had: a session carries a 20-turn history of
//! Chinese text, and JSON's encoder examines every byte of every string for
//! characters to escape. Under load that was a tenth of the bot's time, the
//! largest single cost outside sled. MessagePack writes a length and copies
//! the bytes, and drops the quotes, colons and commas, so records are also
//! smaller for sled to copy, checksum and write.
//!
//! Why field names rather than the compact positional form: a map keeps what
//! JSON gave us. A field added later is read as its `#[serde(default)]` from
//! older records, a field skipped when empty (`skip_serializing_if`) is
//! simply absent, and a record can be decoded into a smaller view that names
//! only the fields it needs (retention reads only a session's names and
//! `updated_at`). The positional form breaks on all three.
//!
//! Records written by schema 1 and 2 are JSON and are still read: a JSON
//! record starts with `{`, which MessagePack never writes first for a map,
//! so [`decode`] tells them apart by their first byte. They are rewritten as
//! MessagePack when next changed; nothing has to be migrated on open.

use super::StoreError;
use serde::de::DeserializeOwned;
use serde::Serialize;

/// Encodes a record; `what` names it in the error.
pub(super) fn encode<T: Serialize + ?Sized>(value: &T, what: &str) -> Result<Vec<u8>, StoreError> {
    // Most records are a few hundred bytes.
    encode_sized(value, what, 256)
}

/// Encodes a record expected to take about `capacity` bytes, so that the
/// buffer is not grown (and copied) several times on the way: a session with
/// its history takes a few KiB.
pub(super) fn encode_sized<T: Serialize + ?Sized>(
    value: &T,
    what: &str,
    capacity: usize,
) -> Result<Vec<u8>, StoreError> {
    let mut bytes = Vec::with_capacity(capacity);
    rmp_serde::encode::write_named(&mut bytes, value).map_err(|e| StoreError::Corrupt {
        what: what.into(),
        reason: format!("cannot encode: {e}"),
    })?;
    Ok(bytes)
}

/// Decodes a record written by any schema version (see the module doc).
pub(super) fn decode<T: DeserializeOwned>(bytes: &[u8], what: &str) -> Result<T, StoreError> {
    if bytes.first() == Some(&b'{') {
        decode_json(bytes, what)
    } else {
        rmp_serde::from_slice(bytes).map_err(|e| StoreError::Corrupt {
            what: what.to_string(),
            reason: format!("MessagePack: {e}"),
        })
    }
}

/// Decodes a record that is JSON in every schema version: the outbox's
/// frames, kept in the wire's encoding.
pub(super) fn decode_json<T: DeserializeOwned>(bytes: &[u8], what: &str) -> Result<T, StoreError> {
    serde_json::from_slice(bytes).map_err(|e| StoreError::Corrupt {
        what: what.to_string(),
        reason: format!("JSON: {e}"),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::dialogue::{Session, Speaker, Timer, TimerKind};
    use crate::store::JournalEntry;

    fn busy_session() -> Session {
        let mut s = Session::new("shop", "conv-1", "买家小王", 100);
        for i in 0..25 {
            let who = if i % 2 == 0 {
                Speaker::Buyer
            } else {
                Speaker::Bot
            };
            s.push_turn(
                who,
                &format!("第{i}句：这件\"外套\"有货吗？\n换行\\斜杠"),
                100 + i,
            );
        }
        s.slots.size = Some("XL".into());
        s.slots.height_cm = Some(175);
        s.last_variant.insert("greeting".into(), 2);
        s.deferred
            .push(("price".into(), vec!["亲，这是最低价了".into()]));
        s.silenced_until = Some(-5);
        s.last_sent = Some("好的亲".into());
        s
    }

    #[test]
    fn a_session_round_trips_and_is_smaller_than_json() {
        let session = busy_session();
        let bytes = encode(&session, "session").unwrap();
        assert_ne!(bytes[0], b'{');
        let back: Session = decode(&bytes, "session").unwrap();
        assert_eq!(back, session);
        let json = serde_json::to_vec(&session).unwrap();
        assert!(
            bytes.len() < json.len(),
            "{} vs {}",
            bytes.len(),
            json.len()
        );
    }

    #[test]
    fn records_written_as_json_by_older_schemas_are_still_read() {
        let session = busy_session();
        let json = serde_json::to_vec(&session).unwrap();
        let back: Session = decode(&json, "session").unwrap();
        assert_eq!(back, session);
    }

    #[test]
    fn a_tagged_timer_and_a_sparse_journal_entry_round_trip() {
        let timer = Timer {
            due: 1_700_000_000,
            shop: "shop".into(),
            conversation: "c".into(),
            kind: TimerKind::PaymentNudge {
                order: "o-1".into(),
                sent: 2,
            },
        };
        let back: Timer = decode(&encode(&timer, "timer").unwrap(), "timer").unwrap();
        assert_eq!(back, timer);
        let entry = JournalEntry::new(5, "shop", "c", "buyer");
        let back: JournalEntry =
            decode(&encode(&entry, "journal entry").unwrap(), "journal entry").unwrap();
        assert_eq!(back, entry);
    }

    #[test]
    fn a_smaller_view_reads_only_the_fields_it_names() {
        #[derive(serde::Deserialize)]
        struct Age {
            updated_at: i64,
        }
        let session = busy_session();
        let age: Age = decode(&encode(&session, "session").unwrap(), "session").unwrap();
        assert_eq!(age.updated_at, session.updated_at);
    }

    #[test]
    fn damaged_bytes_are_an_error_naming_the_record() {
        let mut bytes = encode(&busy_session(), "session").unwrap();
        bytes.truncate(bytes.len() / 2);
        let err = decode::<Session>(&bytes, "session")
            .unwrap_err()
            .to_string();
        assert!(
            err.contains("session") && err.contains("MessagePack"),
            "{err}"
        );
        let err = decode::<Session>(b"{\"shop\":", "session")
            .unwrap_err()
            .to_string();
        assert!(err.contains("JSON"), "{err}");
    }
}
