//! The websocket client side of the channel: connecting, backing off, and
//! telling a live connection from a dead one.
//!
//! This module opens connections and says how long to wait before the next
//! attempt; the runtime ([`crate::bot`]) drives one connection at a time and
//! decides what flows over it. Keeping the two apart means the reconnect
//! policy can be tested without a bot, and the bot without a network.

use std::time::Duration;
use tokio::net::TcpStream;
use tokio_tungstenite::tungstenite::client::IntoClientRequest;
use tokio_tungstenite::tungstenite::http::{header, HeaderValue, StatusCode};
use tokio_tungstenite::tungstenite::Error as WsError;
use tokio_tungstenite::{MaybeTlsStream, WebSocketStream};

pub type Connection = WebSocketStream<MaybeTlsStream<TcpStream>>;

/// Why a connection attempt failed, in words an operator can act on.
#[derive(Debug, thiserror::Error)]
pub enum ConnectError {
    #[error("channel URL {url:?} is not a ws:// or wss:// URL")]
    BadUrl { url: String },
    #[error("channel token is not a valid header value")]
    BadToken,
    #[error("the channel refused the connection with HTTP {status}{hint}")]
    Refused { status: StatusCode, hint: &'static str },
    #[error("cannot connect to the channel: {0}")]
    Network(String),
}

/// Opens a websocket to the channel, sending the bearer token if there is one.
pub async fn connect(url: &str, token: Option<&str>) -> Result<Connection, ConnectError> {
    if !(url.starts_with("ws://") || url.starts_with("wss://")) {
        return Err(ConnectError::BadUrl { url: url.into() });
    }
    let mut request = url
        .into_client_request()
        .map_err(|_| ConnectError::BadUrl { url: url.into() })?;
    if let Some(token) = token.filter(|t| !t.is_empty()) {
        let value = HeaderValue::from_str(&format!("Bearer {token}"))
            .map_err(|_| ConnectError::BadToken)?;
        request.headers_mut().insert(header::AUTHORIZATION, value);
    }
    let config = tokio_tungstenite::tungstenite::protocol::WebSocketConfig::default()
        // Frames above the protocol's 64 KiB limit are read, then rejected by
        // the decoder with a logged reason: an oversized frame must not drop
        // the connection. Past 16 MiB the peer is broken, not chatty, and
        // tungstenite closing the connection is the right answer.
        .max_message_size(Some(16 << 20))
        .max_frame_size(Some(16 << 20));
    match tokio_tungstenite::connect_async_with_config(request, Some(config), true).await {
        Ok((ws, _response)) => Ok(ws),
        Err(WsError::Http(response)) => {
            let status = response.status();
            let hint = match status {
                StatusCode::UNAUTHORIZED | StatusCode::FORBIDDEN => {
                    " (check channel.token in the configuration)"
                }
                _ => "",
            };
            Err(ConnectError::Refused { status, hint })
        }
        Err(WsError::Url(_)) => Err(ConnectError::BadUrl { url: url.into() }),
        Err(e) => Err(ConnectError::Network(e.to_string())),
    }
}

/// Jittered exponential backoff between connection attempts.
///
/// Delays double from `base` up to `cap`; each is drawn uniformly from its
/// upper half so that many bots restarted together do not reconnect in step.
/// A refused or failing channel is never hammered: the loop always waits.
#[derive(Debug, Clone)]
pub struct Backoff {
    base: Duration,
    cap: Duration,
    attempt: u32,
}

impl Backoff {
    pub fn new(base: Duration, cap: Duration) -> Backoff {
        Backoff {
            base,
            cap: cap.max(base),
            attempt: 0,
        }
    }

    /// The delay before the next attempt.
    pub fn next_delay(&mut self) -> Duration {
        let exp = self
            .base
            .saturating_mul(1u32 << self.attempt.min(20))
            .min(self.cap);
        self.attempt = self.attempt.saturating_add(1);
        let half = exp / 2;
        half + half.mul_f64(fastrand::f64())
    }

    /// Called once a connection is established and greeted.
    pub fn reset(&mut self) {
        self.attempt = 0;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn backoff_grows_is_capped_and_resets() {
        let mut b = Backoff::new(Duration::from_millis(100), Duration::from_secs(30));
        let first = b.next_delay();
        assert!(first >= Duration::from_millis(50) && first <= Duration::from_millis(100));
        let mut last = first;
        for _ in 0..30 {
            last = b.next_delay();
            assert!(last <= Duration::from_secs(30));
        }
        assert!(last >= Duration::from_secs(15), "capped delays stay near the cap: {last:?}");
        b.reset();
        assert!(b.next_delay() <= Duration::from_millis(100));
    }

    #[tokio::test]
    async fn rejects_non_websocket_urls() {
        let err = connect("http://127.0.0.1:1/", None).await.unwrap_err();
        assert!(matches!(err, ConnectError::BadUrl { .. }));
    }
}
