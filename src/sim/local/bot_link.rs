//! The bot's websocket endpoint (`/channel`) of the local channel.
//!
//! This file only moves frames: the bearer-token check, the write loop, the
//! liveness pings. What a frame means is decided by [`Hub`](super::hub::Hub).

use std::time::Duration;

use axum::extract::ws::{CloseFrame, Message, WebSocket, WebSocketUpgrade};
use axum::extract::State;
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use tokio::time::{interval, Instant, MissedTickBehavior};

use super::AppState;

/// How often the channel pings the bot.
const PING_EVERY: Duration = Duration::from_secs(10);
/// A connection silent for this long (no frame, no pong) is dead (protocol rule).
const DEAD_AFTER: Duration = Duration::from_secs(30);

pub(super) async fn socket(
    State(app): State<AppState>,
    headers: HeaderMap,
    upgrade: WebSocketUpgrade,
) -> Response {
    if let Some(token) = &app.token {
        let expected = format!("Bearer {token}");
        let presented = headers
            .get(header::AUTHORIZATION)
            .and_then(|v| v.to_str().ok());
        if presented != Some(expected.as_str()) {
            tracing::warn!(
                "local channel: refused a bot connection without the right bearer token"
            );
            return (
                StatusCode::UNAUTHORIZED,
                "kefu-local: missing or wrong `Authorization: Bearer` token\n",
            )
                .into_response();
        }
    }
    upgrade
        .max_message_size(1 << 20)
        .on_upgrade(move |socket| session(app, socket))
}

async fn session(app: AppState, mut socket: WebSocket) {
    let hub = app.hub.clone();
    let mut stopping = app.stopping.clone();
    let (link, mut frames) = hub.attach_bot();
    tracing::info!(link, "local channel: bot connected");
    let mut ping = interval(PING_EVERY);
    ping.set_missed_tick_behavior(MissedTickBehavior::Delay);
    ping.tick().await; // the first tick is immediate; the hello is traffic enough
    let mut last_heard = Instant::now();

    loop {
        tokio::select! {
            frame = frames.recv() => match frame {
                Some(text) => {
                    if socket.send(Message::Text(text.into())).await.is_err() {
                        break;
                    }
                }
                None => {
                    // The hub dropped our sender: a newer bot connection took over.
                    close(&mut socket, "replaced by a newer bot connection").await;
                    tracing::info!(link, "local channel: bot connection replaced");
                    return;
                }
            },
            incoming = socket.recv() => {
                let Some(Ok(message)) = incoming else { break };
                last_heard = Instant::now();
                match message {
                    Message::Text(text) => {
                        if let Some(reply) = hub.handle_bot_frame(text.as_str()) {
                            if socket.send(Message::Text(reply.into())).await.is_err() {
                                break;
                            }
                        }
                    }
                    Message::Binary(bytes) => tracing::warn!(
                        "local channel: ignoring a {}-byte binary frame from the bot (the protocol uses text frames)",
                        bytes.len()
                    ),
                    Message::Close(_) => break,
                    // Pongs only refresh `last_heard`; pings are answered by axum.
                    Message::Ping(_) | Message::Pong(_) => {}
                }
            }
            _ = ping.tick() => {
                if last_heard.elapsed() >= DEAD_AFTER {
                    tracing::warn!(link, "local channel: no traffic from the bot for {DEAD_AFTER:?}; dropping it");
                    break;
                }
                if socket.send(Message::Ping(Vec::new().into())).await.is_err() {
                    break;
                }
            }
            _ = super::stopped(&mut stopping) => {
                close(&mut socket, "local channel shutting down").await;
                break;
            }
        }
    }
    hub.detach_bot(link);
    tracing::info!(link, "local channel: bot disconnected");
}

async fn close(socket: &mut WebSocket, reason: &'static str) {
    let frame = CloseFrame {
        code: axum::extract::ws::close_code::NORMAL,
        reason: reason.into(),
    };
    let _ = socket.send(Message::Close(Some(frame))).await;
}
