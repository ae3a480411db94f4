//! A test channel: the server side of the channel protocol, written from
//! `../shared/channel-protocol.md` independently of the bot's own code, so the
//! integration tests check the bot against the contract and not against itself.
//!
//! It keeps every event until the bot acks it and delivers the unacked ones
//! again, in order, on each new connection — exactly the at-least-once
//! behaviour a real channel has. Everything the bot sends is recorded.

#![allow(dead_code)]
// The handshake callback's signature is tungstenite's, large error type included.
#![allow(clippy::result_large_err)]

use futures_util::{SinkExt, StreamExt};
use serde_json::{json, Value};
use std::collections::HashSet;
use std::net::SocketAddr;
use std::sync::{Arc, Mutex};
use std::time::Duration;
use tokio::net::TcpListener;
use tokio::sync::{mpsc, Notify};
use tokio_tungstenite::tungstenite::Message;

/// How long a test waits for something the bot should do. Generous, because
/// CI machines are slow; a passing test never waits this long.
pub const PATIENCE: Duration = Duration::from_secs(20);

#[derive(Default)]
struct State {
    /// Events in delivery order, with whether they were acked.
    events: Vec<(Value, bool)>,
    /// Every frame received from the bot, in order.
    received: Vec<Value>,
    /// Refs whose `send` was accepted (posted).
    accepted_refs: HashSet<String>,
    /// Texts posted to buyers: (conversation, ref, text), once per ref.
    posted: Vec<(String, String, String)>,
    connections: usize,
    /// Upgrades refused (bad token or a failed handshake).
    refused: usize,
    /// When set, `send`s are answered `ok:false` with this error.
    refuse_sends: Option<String>,
    /// When set, `send`s get no `send_result` at all.
    mute_results: bool,
    /// Current connection's outgoing queue.
    live: Option<mpsc::UnboundedSender<Message>>,
}

#[derive(Clone)]
pub struct TestChannel {
    pub addr: SocketAddr,
    state: Arc<Mutex<State>>,
    changed: Arc<Notify>,
    hello: Arc<Mutex<Value>>,
    token: Option<String>,
}

impl TestChannel {
    pub async fn start() -> TestChannel {
        Self::start_with_token(None).await
    }

    /// A channel that refuses upgrades without `Authorization: Bearer <token>`.
    pub async fn start_with_token(token: Option<&str>) -> TestChannel {
        let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let channel = TestChannel {
            addr: listener.local_addr().unwrap(),
            state: Arc::default(),
            changed: Arc::default(),
            hello: Arc::new(Mutex::new(
                json!({"type":"hello","protocol":1,"channel":"test","shops":["shop-1"]}),
            )),
            token: token.map(String::from),
        };
        let server = channel.clone();
        tokio::spawn(async move {
            while let Ok((tcp, _)) = listener.accept().await {
                let server = server.clone();
                tokio::spawn(async move { server.serve(tcp).await });
            }
        });
        channel
    }

    pub fn url(&self) -> String {
        format!("ws://{}/", self.addr)
    }

    pub fn set_hello(&self, hello: Value) {
        *self.hello.lock().unwrap() = hello;
    }

    async fn serve(&self, tcp: tokio::net::TcpStream) {
        use tokio_tungstenite::tungstenite::handshake::server::{ErrorResponse, Request, Response};
        let expected = self.token.as_ref().map(|t| format!("Bearer {t}"));
        let check = |request: &Request, response: Response| -> Result<Response, ErrorResponse> {
            let given = request
                .headers()
                .get("authorization")
                .and_then(|v| v.to_str().ok());
            match &expected {
                Some(want) if given != Some(want.as_str()) => {
                    let mut refusal = ErrorResponse::new(Some("bad token".into()));
                    *refusal.status_mut() =
                        tokio_tungstenite::tungstenite::http::StatusCode::UNAUTHORIZED;
                    Err(refusal)
                }
                _ => Ok(response),
            }
        };
        let ws = match tokio_tungstenite::accept_hdr_async(tcp, check).await {
            Ok(ws) => ws,
            Err(_) => {
                self.state.lock().unwrap().refused += 1;
                self.changed.notify_waiters();
                return;
            }
        };
        let (mut sink, mut stream) = ws.split();
        let (tx, mut rx) = mpsc::unbounded_channel::<Message>();
        {
            let mut st = self.state.lock().unwrap();
            st.connections += 1;
            // A new connection replaces the old one.
            st.live = Some(tx.clone());
            let hello = self.hello.lock().unwrap().clone();
            tx.send(Message::text(hello.to_string())).unwrap();
            for (event, acked) in &st.events {
                if !acked {
                    tx.send(Message::text(event.to_string())).unwrap();
                }
            }
        }
        self.changed.notify_waiters();
        let writer = tokio::spawn(async move {
            while let Some(msg) = rx.recv().await {
                let close = matches!(msg, Message::Close(_));
                if sink.send(msg).await.is_err() || close {
                    break;
                }
            }
        });
        while let Some(Ok(msg)) = stream.next().await {
            let Message::Text(text) = msg else { continue };
            let Ok(frame) = serde_json::from_str::<Value>(text.as_str()) else {
                continue;
            };
            self.on_frame(frame, &tx);
            self.changed.notify_waiters();
        }
        writer.abort();
        self.changed.notify_waiters();
    }

    fn on_frame(&self, frame: Value, tx: &mpsc::UnboundedSender<Message>) {
        let mut st = self.state.lock().unwrap();
        st.received.push(frame.clone());
        match frame["type"].as_str() {
            Some("ack") => {
                let ids: HashSet<String> = frame["ids"]
                    .as_array()
                    .into_iter()
                    .flatten()
                    .filter_map(|v| v.as_str().map(String::from))
                    .collect();
                for (event, acked) in st.events.iter_mut() {
                    if ids.contains(event["id"].as_str().unwrap_or("")) {
                        *acked = true;
                    }
                }
            }
            Some("send") => {
                let reference = frame["ref"].as_str().unwrap_or("").to_string();
                if st.mute_results {
                    return;
                }
                let result = if let Some(error) = st.refuse_sends.clone() {
                    json!({"type":"send_result","ref":reference,"ok":false,"error":error})
                } else {
                    if st.accepted_refs.insert(reference.clone()) {
                        let conversation = frame["conversation"].as_str().unwrap_or("").to_string();
                        let text = frame["text"].as_str().unwrap_or("").to_string();
                        st.posted.push((conversation, reference.clone(), text));
                    }
                    json!({"type":"send_result","ref":reference,"ok":true})
                };
                let _ = tx.send(Message::text(result.to_string()));
            }
            _ => {}
        }
    }

    /// Queues an event (delivered now if the bot is connected, else on connect).
    pub fn push(&self, event: Value) {
        let mut st = self.state.lock().unwrap();
        if let Some(live) = &st.live {
            let _ = live.send(Message::text(event.to_string()));
        }
        st.events.push((event, false));
    }

    /// Sends a raw text frame on the live connection (for bad-frame tests).
    pub fn push_raw(&self, text: &str) {
        let st = self.state.lock().unwrap();
        if let Some(live) = &st.live {
            let _ = live.send(Message::text(text.to_string()));
        }
    }

    /// Closes the live connection from the channel side.
    pub fn drop_connection(&self) {
        let mut st = self.state.lock().unwrap();
        if let Some(live) = st.live.take() {
            let _ = live.send(Message::Close(None));
        }
    }

    pub fn set_refuse_sends(&self, error: Option<&str>) {
        self.state.lock().unwrap().refuse_sends = error.map(String::from);
    }

    pub fn set_mute_results(&self, mute: bool) {
        self.state.lock().unwrap().mute_results = mute;
    }

    pub fn refused(&self) -> usize {
        self.state.lock().unwrap().refused
    }

    pub fn connections(&self) -> usize {
        self.state.lock().unwrap().connections
    }

    /// All frames the bot sent, in order.
    pub fn received(&self) -> Vec<Value> {
        self.state.lock().unwrap().received.clone()
    }

    /// Frames of one type the bot sent.
    pub fn frames(&self, kind: &str) -> Vec<Value> {
        self.received()
            .into_iter()
            .filter(|f| f["type"] == kind)
            .collect()
    }

    /// Texts posted to a conversation (each accepted ref once), in order.
    pub fn posted(&self, conversation: &str) -> Vec<String> {
        self.state
            .lock()
            .unwrap()
            .posted
            .iter()
            .filter(|(c, _, _)| c == conversation)
            .map(|(_, _, t)| t.clone())
            .collect()
    }

    pub fn all_posted(&self) -> Vec<(String, String, String)> {
        self.state.lock().unwrap().posted.clone()
    }

    /// Whether every event pushed so far was acked.
    pub fn all_acked(&self) -> bool {
        self.state.lock().unwrap().events.iter().all(|(_, a)| *a)
    }

    pub fn acked(&self, id: &str) -> bool {
        self.state
            .lock()
            .unwrap()
            .events
            .iter()
            .any(|(e, a)| *a && e["id"] == id)
    }

    /// Waits until `cond` holds, or panics after [`PATIENCE`] with `what`.
    pub async fn wait_until(&self, what: &str, cond: impl Fn(&TestChannel) -> bool) {
        let deadline = tokio::time::Instant::now() + PATIENCE;
        loop {
            let notified = self.changed.notified();
            if cond(self) {
                return;
            }
            if tokio::time::Instant::now() >= deadline {
                panic!(
                    "timed out waiting for: {what}\nframes received: {:#?}",
                    self.received()
                );
            }
            let _ = tokio::time::timeout(Duration::from_millis(100), notified).await;
        }
    }
}

/// A buyer message event.
pub fn message(id: &str, conversation: &str, text: &str) -> Value {
    json!({"type":"message","id":id,"shop":"shop-1","conversation":conversation,
           "buyer":"tb_lily88","text":text,"sent_at":"2026-11-23T21:05:09+08:00"})
}

/// A buyer message from a product page.
pub fn message_on(id: &str, conversation: &str, text: &str, item: &str) -> Value {
    let mut m = message(id, conversation, text);
    m["item"] = json!(item);
    m
}

/// An order event.
pub fn order(
    id: &str,
    conversation: &str,
    order: &str,
    status: &str,
    item: &str,
    sku: &str,
) -> Value {
    json!({"type":"order","id":id,"shop":"shop-1","conversation":conversation,"buyer":"tb_lily88",
           "order":order,"status":status,"amount":"129.00",
           "items":[{"item":item,"sku":sku,"qty":1}],"at":"2026-11-23T21:07:30+08:00"})
}

/// A human agent's message.
pub fn agent_message(id: &str, conversation: &str, text: &str) -> Value {
    json!({"type":"agent_message","id":id,"shop":"shop-1","conversation":conversation,
           "agent":"kf-03","text":text,"sent_at":"2026-11-23T21:08:00+08:00"})
}

/// A bot running in this process against a channel URL.
pub struct RunningBot {
    pub shutdown: tokio_util::sync::CancellationToken,
    pub status: Arc<kefu::bot::Status>,
    handle: tokio::task::JoinHandle<Result<(), kefu::store::StoreError>>,
}

/// Settings for tests: quick reconnects and a short dead-connection timeout.
pub fn test_settings(url: &str, token: Option<&str>) -> kefu::bot::Settings {
    kefu::bot::Settings {
        url: url.to_string(),
        token: token.map(String::from),
        dialogue: kefu::config::DialogueConfig::default(),
        connection: kefu::config::ConnectionConfig {
            ping_interval_secs: 1,
            dead_after_secs: 3,
            backoff_base_ms: 20,
            backoff_max_secs: 1,
        },
    }
}

/// The shipped script pack.
pub fn shipped_scripts() -> Arc<kefu::script::Scripts> {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("scripts");
    Arc::new(kefu::script::load_dir(&dir).expect("the shipped scripts load"))
}

/// A copy of the shipped scripts in `root/name`: a draft, or a live
/// directory that tests may publish over without touching the repository.
pub fn shipped_copy(root: &std::path::Path, name: &str) -> std::path::PathBuf {
    let shipped = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("scripts");
    let dir = root.join(name);
    std::fs::create_dir(&dir).unwrap();
    for entry in std::fs::read_dir(shipped).unwrap() {
        let path = entry.unwrap().path();
        std::fs::copy(&path, dir.join(path.file_name().unwrap())).unwrap();
    }
    dir
}

/// Edits the `intents.toml` of a copy of the shipped scripts in `dir` so
/// that 几时 is a strong stock keyword: 几时发货 (shipping) then reads as
/// stock, an edit that breaks labelled messages.
pub fn make_jishi_a_stock_keyword(dir: &std::path::Path) {
    let intents = dir.join("intents.toml");
    let text = std::fs::read_to_string(&intents).unwrap();
    let stock = text
        .find("name = \"stock\"")
        .expect("the shipped pack has a stock intent");
    let list =
        stock + text[stock..].find("keywords = [").expect("with keywords") + "keywords = [".len();
    let edited = format!(
        "{}{{ text = \"几时\", weight = 3.0 }}, {}",
        &text[..list],
        &text[list..]
    );
    std::fs::write(&intents, edited).unwrap();
}

/// Opens the data directory, also right after a bot on it stopped in this
/// process (see `Store::open_waiting`).
pub fn open_store(data: &std::path::Path) -> kefu::store::Store {
    kefu::store::Store::open_waiting(data, std::time::Duration::from_secs(1)).expect("store opens")
}

pub fn start_bot(url: &str, data: &std::path::Path) -> RunningBot {
    start_bot_with(test_settings(url, None), data)
}

pub fn start_bot_with(settings: kefu::bot::Settings, data: &std::path::Path) -> RunningBot {
    start_bot_clocked(settings, data, afternoon_clock())
}

/// 2026-11-23 14:00 in Shanghai (a Monday): office hours, outside the
/// night shift.
pub const AFTERNOON: i64 = 1_795_363_200 + 14 * 3600;

/// A clock that starts at [`AFTERNOON`] and runs with real time: tests that
/// do not set the time get the shop's daytime behaviour whenever they run.
/// On the system clock, a test run after the shop's hours (23:00 in
/// Shanghai) heard the night's replies, which a daytime test does not
/// expect.
pub fn afternoon_clock() -> kefu::bot::Clock {
    let started = std::time::Instant::now();
    Arc::new(move || AFTERNOON + started.elapsed().as_secs() as i64)
}

/// A clock tests move by hand.
#[derive(Clone)]
pub struct ManualClock(Arc<std::sync::atomic::AtomicI64>);

impl ManualClock {
    pub fn at(now: i64) -> ManualClock {
        ManualClock(Arc::new(std::sync::atomic::AtomicI64::new(now)))
    }

    pub fn advance(&self, secs: i64) {
        self.0.fetch_add(secs, std::sync::atomic::Ordering::SeqCst);
    }

    pub fn clock(&self) -> kefu::bot::Clock {
        let now = self.0.clone();
        Arc::new(move || now.load(std::sync::atomic::Ordering::SeqCst))
    }
}

/// The usual bot for clock-driven tests: default settings on `channel`,
/// its time from `clock`.
pub fn start_bot_at(
    channel: &TestChannel,
    data: &std::path::Path,
    clock: &ManualClock,
) -> RunningBot {
    start_bot_clocked(test_settings(&channel.url(), None), data, clock.clock())
}

pub fn start_bot_clocked(
    settings: kefu::bot::Settings,
    data: &std::path::Path,
    clock: kefu::bot::Clock,
) -> RunningBot {
    let store = open_store(data);
    let bot = kefu::bot::Bot::new(store, shipped_scripts(), settings, clock);
    let status = bot.status.clone();
    let shutdown = tokio_util::sync::CancellationToken::new();
    let token = shutdown.clone();
    let handle = tokio::spawn(async move { bot.run(token).await });
    RunningBot {
        shutdown,
        status,
        handle,
    }
}

impl RunningBot {
    /// Requests a graceful shutdown and waits for it.
    pub async fn stop(self) {
        self.shutdown.cancel();
        self.handle
            .await
            .expect("bot task ends without panic")
            .expect("bot stops without a storage error");
    }
}

/// Runs the `kefu` binary from the crate root with `args`, `stdin` as its
/// standard input, and returns what it printed.
pub fn run_kefu(args: &[&str], stdin: &str) -> std::process::Output {
    use std::io::Write;
    use std::process::{Command, Stdio};
    let mut child = Command::new(env!("CARGO_BIN_EXE_kefu"))
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the kefu binary starts");
    child
        .stdin
        .take()
        .expect("stdin is piped")
        .write_all(stdin.as_bytes())
        .expect("kefu reads its input");
    child.wait_with_output().expect("kefu finishes")
}
