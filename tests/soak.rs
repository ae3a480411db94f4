//! Soak test: generated buyer traffic through the fault-injecting channel,
//! the real `kefu` binary killed with SIGKILL at random moments and
//! restarted, and afterwards an exact account of every event.
//!
//! The same traffic is also run without faults into a second data directory;
//! that run is the oracle. The checks:
//!
//! - every event was acked, and processed exactly once (one journal line each);
//! - every buyer message was **answered** (its processing decided a reply),
//!   **handed over** (it caused a transfer), or was rightly left alone: its
//!   conversation was already with a person (transferred earlier, open item in
//!   the handover queue, or an agent had written there), or it was a thanks
//!   after the shop already had the last word. Nothing else is allowed;
//! - every event's outcome (reply keys, transfer, stage) equals the oracle's;
//! - the refs the channel received are exactly the oracle's, each with the
//!   oracle's text and one text only: no reply lost, none duplicated, none
//!   changed; the bot's outbox is empty at the end;
//! - every conversation's stored session (stage, orders, hand-over flag,
//!   counters) equals the oracle's.
//!
//! Size: `KEFU_SOAK_MESSAGES` buyer messages (default 1000, over
//! `KEFU_SOAK_CONVERSATIONS`, default one per 20 messages) and `KEFU_SOAK_KILLS`
//! kills (default 5). The full size is documented in docs/soak.md.

use kefu::sim::faults::{self, FaultChannel, FaultChannelConfig, Faults, GeneratedEvent, Ledger};
use kefu::store::{JournalEntry, Store};
use std::collections::{BTreeMap, HashMap};
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

fn env_usize(name: &str, default: usize) -> usize {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

/// Dialogue timings that make the policy independent of the wall clock for
/// the length of a run: agent silence and the closing timer outlast it, no
/// payment nudges, and no per-minute cap on the bot's messages (generated
/// buyers type far faster than people; with the cap, whether a message is
/// answered would depend on how fast the run goes).
const SOAK_CONFIG: &str = r#"
[storage]
retention_days = 30

[dialogue]
agent_silence_secs = 1000000000
closing_delay_secs = 1000000000

[night]
max_nudges = 0
nudge_delay_secs = 1000000000
max_messages_per_minute = 1000000

[connection]
ping_interval_secs = 1
dead_after_secs = 3
backoff_base_ms = 20
backoff_max_secs = 1
"#;

/// The bot as a separate process, as in production.
struct BotProcess {
    child: Child,
}

impl BotProcess {
    fn spawn(url: &str, data: &Path, work: &Path) -> BotProcess {
        let log = std::fs::OpenOptions::new()
            .create(true)
            .append(true)
            .open(work.join("bot.log"))
            .expect("bot log opens");
        let child = Command::new(env!("CARGO_BIN_EXE_kefu"))
            .arg("serve")
            .arg("--config")
            .arg(work.join("kefu.toml"))
            .args(["--channel", url])
            .arg("--data")
            .arg(data)
            .arg("--scripts")
            .arg(Path::new(env!("CARGO_MANIFEST_DIR")).join("scripts"))
            .current_dir(work)
            .env("KEFU_LOG", "warn")
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(log)
            .spawn()
            .expect("the kefu binary starts");
        BotProcess { child }
    }

    /// SIGKILL: no shutdown path runs, nothing is flushed.
    fn kill(mut self) {
        self.child.kill().expect("SIGKILL delivered");
        self.child.wait().expect("killed bot reaped");
    }

    /// SIGTERM, then wait for the graceful shutdown.
    fn terminate(mut self) {
        let pid = self.child.id().to_string();
        let _ = Command::new("kill").args(["-TERM", &pid]).status();
        let deadline = Instant::now() + Duration::from_secs(30);
        while Instant::now() < deadline {
            if let Ok(Some(status)) = self.child.try_wait() {
                assert!(status.success(), "kefu exited with {status} on SIGTERM");
                return;
            }
            std::thread::sleep(Duration::from_millis(50));
        }
        let _ = self.child.kill();
        panic!("kefu did not stop within 30s of SIGTERM");
    }
}

struct RunResult {
    ledger: Ledger,
    kills: usize,
    seconds: f64,
}

/// Serves `events` to a bot process on `data` until every event is acked and
/// the bot's replies have settled; with faults, kills the bot at `kills`
/// random moments.
async fn run(
    events: &[GeneratedEvent],
    data: &Path,
    work: &Path,
    faults_on: bool,
    kills: usize,
    seed: u64,
) -> RunResult {
    let started = Instant::now();
    let channel = FaultChannel::start(
        FaultChannelConfig {
            bind: "127.0.0.1:0".parse().unwrap(),
            token: None,
            faults: Faults {
                fresh_events_per_connection: 120,
                ..Faults::default()
            },
            faults_on,
            rate: faults_on.then_some(150.0),
            seed,
        },
        events,
    )
    .await
    .expect("the fault channel starts");
    let url = channel.url();
    // Kill moments: when this many events are acked, plus a random delay.
    let mut rng = fastrand::Rng::with_seed(seed ^ 0x5eed);
    let mut moments: Vec<usize> = (0..kills)
        .map(|_| rng.usize(events.len() / 20..events.len() * 19 / 20))
        .collect();
    moments.sort_unstable();
    let mut bot = BotProcess::spawn(&url, data, work);
    let mut killed = 0;
    let deadline = Instant::now() + Duration::from_secs(20 * 60);
    loop {
        let progress = channel.progress();
        if killed < moments.len() && progress.acked >= moments[killed] {
            tokio::time::sleep(Duration::from_millis(rng.u64(0..150))).await;
            bot.kill();
            killed += 1;
            tokio::time::sleep(Duration::from_millis(rng.u64(0..300))).await;
            bot = BotProcess::spawn(&url, data, work);
            continue;
        }
        if progress.all_acked() && killed == moments.len() {
            break;
        }
        assert!(
            Instant::now() < deadline,
            "soak run stuck: {progress:?}, first unacked: {:?}; bot log in {}",
            channel.unacked().first(),
            work.display()
        );
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    channel.set_faults(false);
    let settled = channel
        .settled(Duration::from_secs(4), Duration::from_secs(120))
        .await;
    assert!(
        settled,
        "the bot's replies did not settle after the last ack"
    );
    bot.terminate();
    channel.shutdown();
    RunResult {
        ledger: channel.ledger(),
        kills: killed,
        seconds: started.elapsed().as_secs_f64(),
    }
}

/// Journal lines by event id.
fn journal_by_event(store: &Store) -> HashMap<String, Vec<JournalEntry>> {
    let mut by_event: HashMap<String, Vec<JournalEntry>> = HashMap::new();
    for entry in store.journal(i64::MIN, i64::MAX) {
        let entry = entry.expect("journal line reads");
        if let Some(id) = entry.event_id.clone() {
            by_event.entry(id).or_default().push(entry);
        }
    }
    by_event
}

/// What is compared between the faulty run and the oracle, per session.
fn sessions(store: &Store) -> BTreeMap<String, String> {
    store
        .sessions()
        .map(|s| {
            let s = s.expect("session reads");
            let orders: Vec<String> = s
                .orders
                .iter()
                .map(|(id, o)| format!("{id}:{:?}", o.status))
                .collect();
            let summary = format!(
                "stage={} transferred={} orders={orders:?} replies={} buyer_messages={} slots={:?}",
                s.stage.name(),
                s.transferred,
                s.replies_decided,
                s.buyer_messages,
                s.slots
            );
            (s.conversation, summary)
        })
        .collect()
}

fn dir_size(dir: &Path) -> u64 {
    std::fs::read_dir(dir)
        .map(|entries| {
            entries
                .flatten()
                .map(|e| match e.metadata() {
                    Ok(m) if m.is_dir() => dir_size(&e.path()),
                    Ok(m) => m.len(),
                    Err(_) => 0,
                })
                .sum()
        })
        .unwrap_or(0)
}

/// How a buyer message was dealt with.
#[derive(Debug, Default)]
struct Tally {
    answered: usize,
    handed_over: usize,
    already_with_person: usize,
    after_agent: usize,
    last_word: usize,
}

/// Thanks, or only emoticon codes (`[微笑]`), which the policy takes as
/// manners: after the shop's last word neither gets another reply.
fn thanks_like(entry: &JournalEntry, event: &GeneratedEvent) -> bool {
    let text = event.frame["text"].as_str().unwrap_or("");
    let emoticons = !text.is_empty()
        && text
            .split_inclusive(']')
            .all(|code| code.starts_with('[') && code.ends_with(']'));
    entry.intents == ["thanks_bye"] || (entry.intents.is_empty() && emoticons)
}

/// Classifies every buyer message by the journal; panics on one that was
/// neither answered, handed over nor rightly left alone.
fn account_for_messages(
    events: &[GeneratedEvent],
    journal: &HashMap<String, Vec<JournalEntry>>,
    open_handovers: &[String],
) -> Tally {
    let mut tally = Tally::default();
    let mut transferred: HashMap<&str, bool> = HashMap::new();
    let mut agent_wrote: HashMap<&str, bool> = HashMap::new();
    let mut last_reply: HashMap<&str, Vec<String>> = HashMap::new();
    for event in events {
        let c = event.conversation.as_str();
        let entry = &journal[&event.id][0];
        match event.kind {
            "agent_message" => {
                agent_wrote.insert(c, true);
            }
            "message" => {
                if entry.transfer.is_some() {
                    tally.handed_over += 1;
                } else if !entry.replies.is_empty() {
                    tally.answered += 1;
                } else if transferred.get(c) == Some(&true) {
                    assert!(
                        open_handovers.iter().any(|o| o == c),
                        "{} in {c}: left alone as handed over, but no open handover item",
                        event.id
                    );
                    tally.already_with_person += 1;
                } else if agent_wrote.get(c) == Some(&true) {
                    tally.after_agent += 1;
                } else if thanks_like(entry, event)
                    && last_reply
                        .get(c)
                        .is_some_and(|keys| keys == &["thanks_bye"] || keys == &["closing"])
                {
                    tally.last_word += 1;
                } else {
                    panic!(
                        "buyer message {} in {c} ({}) was neither answered nor handed over: {entry:?}",
                        event.id, event.frame["text"]
                    );
                }
            }
            _ => {}
        }
        if entry.transfer.is_some() {
            transferred.insert(c, true);
        }
        if let Some(keys) = entry.replies.last() {
            last_reply.insert(c, keys.clone());
        }
    }
    tally
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn soak_with_faults_and_kills_matches_a_fault_free_run() {
    let messages = env_usize("KEFU_SOAK_MESSAGES", 1000);
    let conversations = env_usize("KEFU_SOAK_CONVERSATIONS", (messages / 20).max(1));
    let kills = env_usize("KEFU_SOAK_KILLS", 5);
    let seed = env_usize("KEFU_SOAK_SEED", 20261123) as u64;
    let events = faults::generate(faults::TrafficSpec {
        messages,
        conversations,
        seed,
    });
    let work = tempfile::tempdir().unwrap();
    std::fs::write(work.path().join("kefu.toml"), SOAK_CONFIG).unwrap();
    let faulty_dir = work.path().join("faulty");
    let clean_dir = work.path().join("clean");

    let faulty = run(&events, &faulty_dir, work.path(), true, kills, seed).await;
    let clean = run(&events, &clean_dir, work.path(), false, 0, seed).await;
    let disk = dir_size(&faulty_dir);
    eprintln!(
        "soak: faulty run {:.1}s with {} kills, fault-free run {:.1}s",
        faulty.seconds, faulty.kills, clean.seconds
    );

    // The channel's view: no ref with two texts, nothing acked that was not sent.
    for (name, ledger) in [("faulty", &faulty.ledger), ("fault-free", &clean.ledger)] {
        assert!(
            ledger.refs_with_two_texts().is_empty(),
            "{name} run: refs sent with two different texts: {:?}",
            ledger.refs_with_two_texts()
        );
        assert_eq!(
            ledger.unknown_acked_ids, 0,
            "{name} run acked ids it was never sent"
        );
    }

    let store = Store::open(&faulty_dir).expect("faulty run's store opens");
    let oracle = Store::open(&clean_dir).expect("fault-free run's store opens");
    assert!(
        store.outbox().unwrap().is_empty(),
        "replies left undelivered in the outbox"
    );

    // Every event processed exactly once, with the oracle's outcome.
    let journal = journal_by_event(&store);
    let oracle_journal = journal_by_event(&oracle);
    for event in &events {
        let lines = journal.get(&event.id).map_or(0, Vec::len);
        assert_eq!(lines, 1, "event {} processed {lines} times", event.id);
        let (got, want) = (&journal[&event.id][0], &oracle_journal[&event.id][0]);
        assert_eq!(
            (&got.replies, &got.transfer, &got.stage),
            (&want.replies, &want.transfer, &want.stage),
            "event {} decided differently than without faults",
            event.id
        );
    }

    // The refs decided are exactly the oracle's: none lost, none extra, same texts.
    let mut duplicates = 0;
    let mut lost = 0;
    for (reference, record) in &faulty.ledger.refs {
        match clean.ledger.refs.get(reference) {
            Some(want) => assert_eq!(record.texts, want.texts, "{reference} has another text"),
            None => duplicates += 1,
        }
    }
    for reference in clean.ledger.refs.keys() {
        if !faulty.ledger.refs.contains_key(reference) {
            lost += 1;
        }
    }
    let decided: usize = oracle_journal
        .values()
        .map(|lines| lines[0].replies.len())
        .sum();
    assert_eq!(
        clean.ledger.refs.len(),
        decided,
        "the oracle sent every reply it decided"
    );
    assert_eq!(
        (duplicates, lost),
        (0, 0),
        "replies duplicated / lost under faults"
    );

    // Handed over: the bot's durable handover queue matches the oracle's.
    let open: Vec<String> = store
        .handover_items(false)
        .unwrap()
        .into_iter()
        .map(|i| i.conversation)
        .collect();
    let oracle_open: Vec<String> = oracle
        .handover_items(false)
        .unwrap()
        .into_iter()
        .map(|i| i.conversation)
        .collect();
    // Across conversations the queue's order follows arrival order, which
    // the faults reorder; the set is what must match.
    let sorted = |v: &[String]| v.iter().cloned().collect::<std::collections::BTreeSet<_>>();
    assert_eq!(
        sorted(&open),
        sorted(&oracle_open),
        "the same conversations were handed over"
    );
    // Transfer frames: exactly the oracle's. A transfer has no result frame;
    // the runtime keeps it in the outbox until a later send's result proves
    // the channel read it, so a dropped connection cannot swallow one.
    let spurious: Vec<&String> = faulty
        .ledger
        .transfers
        .keys()
        .filter(|c| !clean.ledger.transfers.contains_key(*c))
        .collect();
    assert!(
        spurious.is_empty(),
        "transfers the fault-free run did not make: {spurious:?}"
    );
    let lost_transfers = clean.ledger.transfers.len() - faulty.ledger.transfers.len();
    assert_eq!(lost_transfers, 0, "transfers lost in dropped connections");
    let tally = account_for_messages(&events, &journal, &open);
    assert_eq!(
        sessions(&store),
        sessions(&oracle),
        "stored sessions differ from the fault-free run"
    );
    assert!(
        tally.answered > messages / 2,
        "most messages get a reply: {tally:?}"
    );

    let f = &faulty.ledger.faults;
    println!(
        "soak: {messages} buyer messages, {} events, {conversations} conversations; {} kills; \
         duplicates {duplicates}, lost {lost}; {tally:?}; {} refs ({} refused by the channel, {} retries deduplicated); \
         transfer frames lost in dropped connections {lost_transfers} of {}; faults: {} drops, {} closes, {} stalls, {} refused upgrades, {} redelivered acked, {} redelivered unacked, {} reorders, {} delays; \
         {} connections; faulty run {:.1}s, fault-free run {:.1}s; data dir {:.1} MiB",
        events.len(),
        faulty.kills,
        faulty.ledger.refs.len(),
        f.refused_sends,
        faulty.ledger.resends(),
        clean.ledger.transfers.len(),
        f.drops,
        f.closes,
        f.stalls,
        f.refused_upgrades,
        f.redelivered_acked,
        f.redelivered_unacked,
        f.reorders,
        f.delays,
        faulty.ledger.connections,
        faulty.seconds,
        clean.seconds,
        disk as f64 / (1 << 20) as f64,
    );
    assert_eq!(faulty.kills, kills);
    assert!(
        f.drops + f.closes + f.stalls > 0,
        "faults were injected: {f:?}"
    );

    // Disk stays bounded: retention empties everything but open handovers.
    let kept = store.purge_before(i64::MAX, usize::MAX).unwrap();
    assert!(kept.complete);
    assert_eq!(store.session_count(), kept.kept_open);
    assert!(store
        .journal(i64::MIN, i64::MAX)
        .all(|j| open.contains(&j.unwrap().conversation)));
    let per_message = disk / messages as u64;
    assert!(
        per_message < 64 * 1024,
        "data dir grew {per_message} bytes per message ({disk} in all)"
    );
}
