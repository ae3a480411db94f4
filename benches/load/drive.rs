//! The channel server that offers load and times replies, and the echo client.
//!
//! One bot connects; conversations are `c-0` … `c-{N-1}`. A conversation
//! has at most one message in flight, so each `send` answers exactly the
//! message its conversation is waiting on (a bot that answered twice or not
//! at all would show up as `extra` or `unanswered`, not as wrong latencies).

use futures_util::{SinkExt, StreamExt};
use std::collections::VecDeque;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};
use tokio::net::TcpListener;
use tokio::sync::mpsc;
use tokio_tungstenite::tungstenite::Message;

/// Plain pre-sale questions the default pack answers on its own (no handover).
pub const TEXTS: &[&str] = &[
    "在吗",
    "这个包邮吗",
    "什么时候发货",
    "有优惠券吗",
    "发什么快递",
    "L码还有货吗",
    "能便宜点吗",
    "亲,几天能到",
];

/// How long a message may wait for its reply before it counts as unanswered.
const REPLY_TIMEOUT: Duration = Duration::from_secs(5);

/// Offered load: a fixed rate, or as fast as conversations free up.
#[derive(Clone, Copy, Debug)]
pub enum Offer {
    Rate(u64),
    Saturate,
}

/// What one scenario measured.
#[derive(Debug, Default)]
pub struct Outcome {
    pub sent: u64,
    pub replied: u64,
    pub unanswered: u64,
    pub extra: u64,
    pub elapsed: Duration,
    /// When the client's websocket upgrade completed.
    pub connected_at: Option<Instant>,
    /// From the first message offered to the last reply.
    pub window: Option<(Instant, Instant)>,
    /// Microseconds, sorted.
    pub latencies: Vec<u32>,
}

impl Outcome {
    pub fn throughput(&self) -> f64 {
        self.replied as f64 / self.elapsed.as_secs_f64()
    }

    pub fn quantile_ms(&self, q: f64) -> f64 {
        if self.latencies.is_empty() {
            return f64::NAN;
        }
        let at = ((self.latencies.len() - 1) as f64 * q).round() as usize;
        self.latencies[at] as f64 / 1000.0
    }
}

struct State {
    /// When the in-flight message of each conversation was queued.
    busy: Vec<Option<Instant>>,
    free: VecDeque<usize>,
    latencies: Vec<u32>,
    replied: u64,
    extra: u64,
    last_reply: Option<Instant>,
    in_flight: usize,
}

/// A listening channel server; [`Server::run`] serves one connection.
pub struct Server {
    listener: TcpListener,
    pub url: String,
    /// Event ids are `{id_prefix}-{n}`: a run against a bot that already
    /// processed `e-0` … needs other ids, or the bot rightly only acks them.
    pub id_prefix: &'static str,
}

impl Server {
    pub async fn bind() -> Result<Server, String> {
        let listener = TcpListener::bind("127.0.0.1:0")
            .await
            .map_err(|e| format!("cannot listen on loopback: {e}"))?;
        let addr = listener.local_addr().map_err(|e| e.to_string())?;
        Ok(Server {
            listener,
            url: format!("ws://{addr}"),
            id_prefix: "e",
        })
    }

    /// Accepts one connection and offers load on it over `conversations`
    /// conversations. With `fresh`, each conversation gets one message (a new
    /// session each), at most `in_flight_cap` at a time: that is how the
    /// footprint run stores its sessions. `total` caps the number of messages.
    #[allow(clippy::too_many_arguments)]
    pub async fn run(
        &self,
        offer: Offer,
        conversations: usize,
        in_flight_cap: usize,
        duration: Duration,
        total: Option<u64>,
        fresh: bool,
    ) -> Result<Outcome, String> {
        let (tcp, _) = tokio::time::timeout(Duration::from_secs(30), self.listener.accept())
            .await
            .map_err(|_| "no client connected within 30 s".to_string())?
            .map_err(|e| format!("accept failed: {e}"))?;
        tcp.set_nodelay(true).map_err(|e| e.to_string())?;
        let ws = tokio_tungstenite::accept_async(tcp)
            .await
            .map_err(|e| format!("websocket upgrade failed: {e}"))?;
        let connected_at = Some(Instant::now());
        let (mut sink, mut stream) = ws.split();
        let (tx, mut rx) = mpsc::unbounded_channel::<String>();
        let writer = tokio::spawn(async move {
            while let Some(frame) = rx.recv().await {
                if sink.feed(Message::text(frame)).await.is_err() {
                    return;
                }
                // Batch what is already queued into one flush, as a busy channel would.
                while let Ok(frame) = rx.try_recv() {
                    if sink.feed(Message::text(frame)).await.is_err() {
                        return;
                    }
                }
                if sink.flush().await.is_err() {
                    return;
                }
            }
            let _ = sink.close().await;
        });
        let _ = tx.send(
            r#"{"type":"hello","protocol":1,"channel":"kefu-load","shops":["shop-1"]}"#.into(),
        );
        let state = Arc::new(Mutex::new(State {
            busy: vec![None; conversations],
            free: if fresh {
                VecDeque::new()
            } else {
                (0..conversations).collect()
            },
            latencies: Vec::new(),
            replied: 0,
            extra: 0,
            last_reply: None,
            in_flight: 0,
        }));
        let reader = {
            let state = state.clone();
            let tx = tx.clone();
            tokio::spawn(async move {
                while let Some(Ok(msg)) = stream.next().await {
                    let Message::Text(text) = msg else { continue };
                    let Ok(v) = serde_json::from_str::<serde_json::Value>(text.as_str()) else {
                        continue;
                    };
                    if v.get("type").and_then(|t| t.as_str()) != Some("send") {
                        continue;
                    }
                    let now = Instant::now();
                    if let Some(r) = v.get("ref").and_then(|r| r.as_str()) {
                        let _ = tx.send(format!(
                            r#"{{"type":"send_result","ref":{},"ok":true}}"#,
                            serde_json::Value::from(r)
                        ));
                    }
                    let conv = v
                        .get("conversation")
                        .and_then(|c| c.as_str())
                        .and_then(|c| c.strip_prefix("c-"))
                        .and_then(|c| c.parse::<usize>().ok());
                    let mut s = state.lock().unwrap_or_else(|p| p.into_inner());
                    let slot = conv.and_then(|c| Some((c, s.busy.get_mut(c)?.take()?)));
                    match slot {
                        Some((c, at)) => {
                            let us = now.duration_since(at).as_micros().min(u32::MAX as u128);
                            s.latencies.push(us as u32);
                            s.replied += 1;
                            s.in_flight -= 1;
                            s.last_reply = Some(now);
                            if !fresh {
                                s.free.push_back(c);
                            }
                        }
                        None => s.extra += 1,
                    }
                }
            })
        };

        let start = Instant::now();
        let mut sent: u64 = 0;
        let mut unanswered = 0;
        let mut next_conv = 0usize;
        let mut tick = tokio::time::interval(Duration::from_millis(1));
        tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Skip);
        let cap = total.unwrap_or(u64::MAX);
        let mut last_sweep = start;
        while start.elapsed() < duration && sent < cap {
            tick.tick().await;
            let now = Instant::now();
            let budget = match offer {
                Offer::Rate(r) => {
                    (((now - start).as_secs_f64() * r as f64) as u64).saturating_sub(sent)
                }
                Offer::Saturate => u64::MAX,
            }
            .min(cap - sent);
            let stamp = jiff::Timestamp::now().to_string();
            let mut s = state.lock().unwrap_or_else(|p| p.into_inner());
            if now - last_sweep > Duration::from_millis(200) {
                last_sweep = now;
                for c in 0..s.busy.len() {
                    if s.busy[c].is_some_and(|at| now - at > REPLY_TIMEOUT) {
                        s.busy[c] = None;
                        s.in_flight -= 1;
                        unanswered += 1;
                        if !fresh {
                            s.free.push_back(c);
                        }
                    }
                }
            }
            let mut n = 0;
            while n < budget {
                let c = if fresh {
                    // Each conversation once, `in_flight_cap` at a time.
                    if next_conv >= s.busy.len() || s.in_flight >= in_flight_cap {
                        break;
                    }
                    next_conv += 1;
                    next_conv - 1
                } else {
                    match s.free.pop_front() {
                        Some(c) => c,
                        None => break,
                    }
                };
                s.busy[c] = Some(Instant::now());
                s.in_flight += 1;
                let text = TEXTS[(sent as usize + c) % TEXTS.len()];
                let prefix = self.id_prefix;
                let _ = tx.send(format!(
                    r#"{{"type":"message","id":"{prefix}-{sent}","shop":"shop-1","conversation":"c-{c}","buyer":"b-{c}","text":"{text}","sent_at":"{stamp}"}}"#
                ));
                sent += 1;
                n += 1;
            }
        }
        // Let in-flight messages come back.
        let drain_until = Instant::now() + REPLY_TIMEOUT;
        loop {
            let pending = {
                let s = state.lock().unwrap_or_else(|p| p.into_inner());
                s.busy.iter().filter(|b| b.is_some()).count()
            };
            if pending == 0 || Instant::now() > drain_until {
                unanswered += pending as u64;
                break;
            }
            tokio::time::sleep(Duration::from_millis(5)).await;
        }
        drop(tx);
        reader.abort();
        let _ = writer.await;
        let mut s = state.lock().unwrap_or_else(|p| p.into_inner());
        let end = s.last_reply.unwrap_or_else(Instant::now);
        let mut latencies = std::mem::take(&mut s.latencies);
        latencies.sort_unstable();
        Ok(Outcome {
            sent,
            replied: s.replied,
            unanswered,
            extra: s.extra,
            elapsed: end.duration_since(start),
            connected_at,
            window: Some((start, end)),
            latencies,
        })
    }
}

/// The transport's own limit: read each `message`, write one `send` for its
/// conversation. JSON is parsed and written, nothing is decided or stored.
pub fn echo_client(url: &str) -> i32 {
    let rt = match tokio::runtime::Runtime::new() {
        Ok(rt) => rt,
        Err(e) => {
            eprintln!("cannot start the async runtime: {e}");
            return 2;
        }
    };
    rt.block_on(async {
        let (ws, _) = match tokio_tungstenite::connect_async(url).await {
            Ok(c) => c,
            Err(e) => {
                eprintln!("echo client cannot connect to {url}: {e}");
                return 2;
            }
        };
        let (mut sink, mut stream) = ws.split();
        let mut n: u64 = 0;
        while let Some(Ok(msg)) = stream.next().await {
            let Message::Text(text) = msg else { continue };
            let Ok(v) = serde_json::from_str::<serde_json::Value>(text.as_str()) else {
                continue;
            };
            if v.get("type").and_then(|t| t.as_str()) != Some("message") {
                continue;
            }
            let conv = v.get("conversation").cloned().unwrap_or_default();
            n += 1;
            let reply = serde_json::json!({
                "type": "send", "ref": format!("r-{n}"), "shop": "shop-1",
                "conversation": conv, "text": "亲,在的哦",
            });
            if sink.send(Message::text(reply.to_string())).await.is_err() {
                break;
            }
        }
        0
    })
}
