//! The transport: keeps one websocket to the channel alive, forever.
//!
//! Connect, forward every text frame to the core as [`Input::Frame`], write
//! whatever the core queues, ping, and drop the connection when it goes
//! silent; then back off and connect again. The link understands no frame:
//! `hello`, events and results are all the core's business. Keeping transport
//! and meaning apart is what lets the core also take inputs that do not come
//! from the socket (timers, agents' decisions).

use super::core::Input;
use super::Bot;
use crate::channel::client::{self, Backoff, Connection};
use futures_util::{SinkExt, StreamExt};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::Duration;
use tokio::sync::mpsc;
use tokio::time::Instant;
use tokio_tungstenite::tungstenite::Message;
use tokio_util::sync::CancellationToken;

/// Runs until `shutdown`; then stops reading and lets the writer finish
/// whatever the core still sends (its last acks and the close frame).
pub async fn run(bot: &Bot, inputs: mpsc::Sender<Input>, shutdown: CancellationToken) {
    let settings = &bot.settings;
    let mut backoff = Backoff::new(
        Duration::from_millis(settings.connection.backoff_base_ms),
        Duration::from_secs(settings.connection.backoff_max_secs),
    );
    let mut link_id = 0u64;
    while !shutdown.is_cancelled() {
        let attempt = tokio::select! {
            _ = shutdown.cancelled() => break,
            r = client::connect(&settings.url, settings.token.as_deref()) => r,
        };
        match attempt {
            Err(e) => tracing::warn!(url = %settings.url, "{e}"),
            Ok(ws) => {
                link_id += 1;
                let greeted = Arc::new(AtomicBool::new(false));
                let reason = serve(bot, ws, link_id, greeted.clone(), &inputs, &shutdown).await;
                if greeted.load(Ordering::Relaxed) {
                    // A connection the channel greeted was a good one: start
                    // the backoff afresh. One that never got a hello was not,
                    // and a channel that accepts and drops is not hammered.
                    backoff.reset();
                }
                match reason {
                    None => break,
                    Some(reason) => tracing::warn!("channel connection lost: {reason}"),
                }
            }
        }
        let delay = backoff.next_delay();
        tracing::info!("reconnecting in {:.1}s", delay.as_secs_f64());
        tokio::select! {
            _ = shutdown.cancelled() => break,
            _ = tokio::time::sleep(delay) => {}
        }
    }
}

/// Serves one connection. Returns why it ended, or `None` on shutdown.
async fn serve(
    bot: &Bot,
    ws: Connection,
    link: u64,
    greeted: Arc<AtomicBool>,
    inputs: &mpsc::Sender<Input>,
    shutdown: &CancellationToken,
) -> Option<String> {
    let (mut sink, mut stream) = ws.split();
    let (writer_tx, mut writer_rx) = mpsc::unbounded_channel::<Message>();
    let mut writer = tokio::spawn(async move {
        while let Some(first) = writer_rx.recv().await {
            let mut close = matches!(first, Message::Close(_));
            let mut result = sink.feed(first).await;
            // Write everything already queued before one flush.
            while result.is_ok() && !close {
                match writer_rx.try_recv() {
                    Ok(next) => {
                        close = matches!(next, Message::Close(_));
                        result = sink.feed(next).await;
                    }
                    Err(_) => break,
                }
            }
            if let Err(e) = result.and(sink.flush().await) {
                return format!("write failed: {e}");
            }
            if close {
                return "closed by the bot".to_string();
            }
        }
        "writer stopped".to_string()
    });
    let up = Input::Up {
        link,
        writer: writer_tx.clone(),
        greeted,
    };
    if inputs.send(up).await.is_err() {
        writer.abort();
        return None;
    }

    let conn = &bot.settings.connection;
    let dead_after = Duration::from_secs(conn.dead_after_secs);
    let mut ping = tokio::time::interval(Duration::from_secs(conn.ping_interval_secs));
    ping.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    ping.tick().await;
    let mut last_traffic = Instant::now();
    let reason = loop {
        tokio::select! {
            biased;
            _ = shutdown.cancelled() => break None,
            written = &mut writer => {
                break Some(written.unwrap_or_else(|e| format!("writer failed: {e}")));
            }
            frame = stream.next() => {
                last_traffic = Instant::now();
                match frame {
                    Some(Ok(Message::Text(text))) => {
                        let input = Input::Frame { text: text.as_str().to_owned() };
                        if inputs.send(input).await.is_err() {
                            break None;
                        }
                    }
                    Some(Ok(Message::Binary(bytes))) => {
                        tracing::warn!(bytes = bytes.len(), "binary frame from the channel ignored");
                    }
                    Some(Ok(Message::Close(frame))) => {
                        break Some(match frame {
                            Some(f) => format!("closed by the channel ({} {})", f.code, f.reason),
                            None => "closed by the channel".into(),
                        });
                    }
                    // Pings are answered by tungstenite itself; pongs are traffic.
                    Some(Ok(_)) => {}
                    Some(Err(e)) => break Some(format!("read failed: {e}")),
                    None => break Some("connection ended".into()),
                }
            }
            _ = ping.tick() => {
                if last_traffic.elapsed() >= dead_after {
                    break Some(format!("no traffic and no pong for {}s", dead_after.as_secs()));
                }
                let _ = writer_tx.send(Message::Ping(Vec::new().into()));
            }
        }
    };
    // Reading has stopped. On shutdown the core still acks what it has read
    // and sends the close frame through the writer: wait for that. Otherwise
    // tell the core the connection is gone.
    drop(writer_tx);
    if reason.is_none() {
        let _ = tokio::time::timeout(Duration::from_secs(5), &mut writer).await;
    } else {
        let _ = inputs.send(Input::Down { link }).await;
    }
    writer.abort();
    reason
}
