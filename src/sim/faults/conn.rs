//! One bot connection to the fault-injecting channel: the upgrade (maybe
//! refused), `hello`, delivery of unacked events, the bot's frames, and the
//! faults that end or disturb the connection.

// The handshake callback's signature is tungstenite's, large error type included.
#![allow(clippy::result_large_err)]

use super::ledger::RefOutcome;
use super::{Inner, State};
use futures_util::{FutureExt, SinkExt, StreamExt};
use serde_json::{json, Value};
use std::sync::Arc;
use std::time::{Duration, Instant};
use tokio::net::TcpStream;
use tokio_tungstenite::tungstenite::handshake::server::{ErrorResponse, Request, Response};
use tokio_tungstenite::tungstenite::http::StatusCode;
use tokio_tungstenite::tungstenite::Message;

/// Frames written before one flush: delivery comes in bursts, as from a gateway.
const BURST: usize = 16;

/// How a connection ends when its time comes.
enum Ending {
    /// TCP closed without a close frame.
    Drop,
    /// A close frame, then gone.
    Close,
    /// Silence: no frames out, nothing read, so no pong for the bot's pings.
    Stall,
}

pub(super) async fn serve(inner: Arc<Inner>, tcp: TcpStream) {
    let refuse = {
        let mut st = inner.lock();
        let refusing = st.refuse_until.is_some_and(|until| Instant::now() < until);
        if refusing {
            st.ledger.faults.refused_upgrades += 1;
        }
        refusing
    };
    let expected = inner.token.as_ref().map(|t| format!("Bearer {t}"));
    let check = |request: &Request, response: Response| -> Result<Response, ErrorResponse> {
        let given = request
            .headers()
            .get("authorization")
            .and_then(|v| v.to_str().ok());
        let bad_token = expected.as_deref().is_some_and(|want| given != Some(want));
        if refuse || bad_token {
            let mut refusal = ErrorResponse::new(Some("refused".into()));
            *refusal.status_mut() = StatusCode::UNAUTHORIZED;
            return Err(refusal);
        }
        Ok(response)
    };
    let Ok(ws) = tokio_tungstenite::accept_hdr_async(tcp, check).await else {
        return;
    };
    let (mut sink, mut stream) = ws.split();
    let hello = json!({"type":"hello","protocol":1,"channel":"kefu-sim","shops":[super::SHOP]});
    if sink.send(Message::text(hello.to_string())).await.is_err() {
        return;
    }
    let (lifetime, total) = {
        let mut st = inner.lock();
        st.ledger.connections += 1;
        st.open_connections += 1;
        let mean = inner.faults.fresh_events_per_connection.max(1);
        (st.rng.u32(1..=2 * mean), st.events.len())
    };
    let mut conn = Conn {
        inner: &inner,
        delivered: vec![false; total],
        cursor: 0,
        fresh: 0,
        lifetime,
    };
    let mut counted_open = true;
    let ending = loop {
        // Read everything the bot has sent before writing more, as a real
        // channel does: frames left unread would all be lost at the next
        // fault, which is harsher than any network.
        let mut gone = false;
        while let Some(frame) = stream.next().now_or_never() {
            match frame {
                Some(Ok(Message::Text(text))) => {
                    if let Some(reply) = conn.on_bot_frame(text.as_str()) {
                        if sink.feed(Message::text(reply)).await.is_err() {
                            gone = true;
                            break;
                        }
                    }
                }
                Some(Ok(Message::Close(_))) | None | Some(Err(_)) => {
                    gone = true;
                    break;
                }
                Some(Ok(_)) => {}
            }
        }
        if gone {
            break None;
        }
        let outgoing = conn.next_burst();
        let idle = outgoing.is_empty();
        if let Some(ending) = conn.ending_due() {
            break Some(ending);
        }
        let mut written = Ok(());
        for text in outgoing {
            written = sink.feed(Message::text(text)).await;
            if written.is_err() {
                break;
            }
        }
        if written.and(sink.flush().await).is_err() {
            break None;
        }
        let pause = conn.pause(idle);
        tokio::select! {
            biased;
            _ = inner.stop.cancelled() => break None,
            frame = stream.next() => match frame {
                Some(Ok(Message::Text(text))) => {
                    if let Some(reply) = conn.on_bot_frame(text.as_str()) {
                        if sink.send(Message::text(reply)).await.is_err() {
                            break None;
                        }
                    }
                }
                Some(Ok(Message::Close(_))) | None | Some(Err(_)) => break None,
                Some(Ok(_)) => {}
            },
            _ = tokio::time::sleep(pause) => {}
        }
    };
    match ending {
        Some(Ending::Stall) => {
            inner.lock().open_connections -= 1;
            counted_open = false;
            // Neither read nor write: the bot's pings go unanswered.
            tokio::select! {
                _ = inner.stop.cancelled() => {}
                _ = tokio::time::sleep(inner.faults.stall_for) => {}
            }
        }
        Some(Ending::Close) => {
            let _ = sink.send(Message::Close(None)).await;
        }
        Some(Ending::Drop) | None => {}
    }
    if counted_open {
        inner.lock().open_connections -= 1;
    }
    // Dropping both halves closes the TCP connection.
}

struct Conn<'a> {
    inner: &'a Inner,
    /// Events delivered on this connection, by position.
    delivered: Vec<bool>,
    /// Every event before this was delivered here or acked.
    cursor: usize,
    /// Events delivered for the first time (on any connection) by this one.
    fresh: u32,
    /// First deliveries after which this connection ends (when faults are on).
    lifetime: u32,
}

impl Conn<'_> {
    /// The next frames to write: unacked events in per-conversation order,
    /// plus any redeliveries the faults call for.
    fn next_burst(&mut self) -> Vec<String> {
        let inner = self.inner;
        let faults_on = inner.faults_on();
        let mut st = inner.lock();
        inner.release(&mut st);
        let mut out = Vec::new();
        while out.len() < BURST {
            let Some(index) = self.pick(&mut st, faults_on) else {
                break;
            };
            self.delivered[index] = true;
            if !st.events[index].delivered_ever {
                st.events[index].delivered_ever = true;
                self.fresh += 1;
            }
            out.push(st.events[index].text.clone());
            if faults_on {
                self.redeliveries(&mut st, &mut out);
                if st.rng.u8(..100) < inner.faults.delay_percent {
                    // End the burst here; `pause` sleeps before the next one.
                    st.ledger.faults.delays += 1;
                    break;
                }
            }
        }
        out
    }

    /// The next event to deliver: the earliest pending event of one of the
    /// first few conversations with pending events (reordering across
    /// conversations), or of the first one when faults are off.
    fn pick(&mut self, st: &mut State, faults_on: bool) -> Option<usize> {
        while self.cursor < st.released
            && (self.delivered[self.cursor] || st.events[self.cursor].acked)
        {
            self.cursor += 1;
        }
        let window = if faults_on {
            self.inner.faults.reorder_window.max(1)
        } else {
            1
        };
        // First pending event of each conversation, earliest conversations first.
        let mut candidates: Vec<usize> = Vec::with_capacity(window);
        let mut blocked: Vec<usize> = Vec::new();
        for i in self.cursor..st.released {
            if candidates.len() == window {
                break;
            }
            let slot = &st.events[i];
            if self.delivered[i] || slot.acked || blocked.contains(&slot.conversation) {
                continue;
            }
            blocked.push(slot.conversation);
            candidates.push(i);
        }
        if candidates.is_empty() {
            return None;
        }
        let choice = st.rng.usize(..candidates.len());
        if choice > 0 {
            st.ledger.faults.reorders += 1;
        }
        Some(candidates[choice])
    }

    fn redeliveries(&mut self, st: &mut State, out: &mut Vec<String>) {
        let faults = &self.inner.faults;
        if st.released > 0 && st.rng.u8(..100) < faults.redeliver_acked_percent {
            let i = st.rng.usize(..st.released);
            if st.events[i].acked {
                st.ledger.faults.redelivered_acked += 1;
                out.push(st.events[i].text.clone());
            }
        }
        if self.cursor < st.released && st.rng.u8(..100) < faults.redeliver_unacked_percent {
            // An event this connection already delivered, not acked yet: a
            // copy after the original never breaks a conversation's order.
            let i = st.rng.usize(self.cursor..st.released);
            if self.delivered[i] && !st.events[i].acked {
                st.ledger.faults.redelivered_unacked += 1;
                out.push(st.events[i].text.clone());
            }
        }
    }

    /// Whether this connection's time is up, and how it ends.
    fn ending_due(&mut self) -> Option<Ending> {
        let inner = self.inner;
        if !inner.faults_on() || self.fresh < self.lifetime {
            return None;
        }
        let faults = &inner.faults;
        let mut st = inner.lock();
        let roll = st.rng.u8(..100);
        let ending = if roll < faults.stall_percent {
            st.ledger.faults.stalls += 1;
            Ending::Stall
        } else if roll < faults.stall_percent.saturating_add(faults.drop_percent) {
            st.ledger.faults.drops += 1;
            Ending::Drop
        } else {
            st.ledger.faults.closes += 1;
            Ending::Close
        };
        if st.rng.u8(..100) < faults.refuse_percent {
            let mut until = Instant::now() + faults.refuse_for;
            if matches!(ending, Ending::Stall) {
                until += faults.stall_for;
            }
            st.refuse_until = Some(until);
        }
        Some(ending)
    }

    /// How long to wait for the bot before writing again.
    fn pause(&mut self, idle: bool) -> Duration {
        if idle {
            // Nothing to deliver: look again soon (events are released over time).
            return Duration::from_millis(5);
        }
        let inner = self.inner;
        if inner.faults_on() {
            let mut st = inner.lock();
            if st.rng.u8(..100) < inner.faults.delay_percent {
                let max = inner.faults.max_delay.as_millis().max(1) as u64;
                return Duration::from_millis(st.rng.u64(1..=max));
            }
        }
        Duration::ZERO
    }

    /// Handles one frame from the bot; returns the reply to write, if any.
    fn on_bot_frame(&mut self, text: &str) -> Option<String> {
        let frame: Value = serde_json::from_str(text).ok()?;
        let inner = self.inner;
        let mut st = inner.lock();
        st.last_bot_frame = Instant::now();
        match frame["type"].as_str()? {
            "ack" => {
                st.ledger.ack_frames += 1;
                for id in frame["ids"].as_array().into_iter().flatten() {
                    let index = id.as_str().and_then(|id| st.by_id.get(id).copied());
                    match index {
                        Some(i) if !st.events[i].acked => {
                            st.events[i].acked = true;
                            st.acked += 1;
                        }
                        Some(_) => {}
                        None => st.ledger.unknown_acked_ids += 1,
                    }
                }
                None
            }
            "send" => {
                let reference = frame["ref"].as_str().unwrap_or("");
                let conversation = frame["conversation"].as_str().unwrap_or("");
                let text = frame["text"].as_str().unwrap_or("");
                let refuse =
                    inner.faults_on() && st.rng.u8(..100) < inner.faults.refuse_send_percent;
                let result = match st.ledger.on_send(reference, conversation, text, refuse) {
                    RefOutcome::Posted => json!({"type":"send_result","ref":reference,"ok":true}),
                    RefOutcome::Refused => json!({"type":"send_result","ref":reference,
                        "ok":false,"error":"conversation closed"}),
                };
                Some(result.to_string())
            }
            "transfer" => {
                let conversation = frame["conversation"].as_str().unwrap_or("").to_string();
                *st.ledger.transfers.entry(conversation).or_default() += 1;
                None
            }
            "remark" => {
                st.ledger.remarks += 1;
                None
            }
            _ => None,
        }
    }
}
