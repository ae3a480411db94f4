//! The websocket client side of the channel: connecting, backing off, and
//! telling a live connection from a dead one.
//!
//! This module opens connections and says how long to wait before the next
//! attempt; the runtime ([`crate::bot`]) drives one connection at a time and
//! decides what flows over it. Keeping the two apart means the reconnect
//! policy can be tested without a bot, and the bot without a network.
//!
//! `wss://` channels are verified with rustls against the Mozilla roots, plus
//! the private CA of `channel.ca_file` when one is configured ([`Tls`]). The
//! crypto provider (ring) is chosen explicitly when the TLS configuration is
//! built, so nothing depends on a process-wide default being installed.

use rustls::pki_types::pem::PemObject;
use rustls::pki_types::CertificateDer;
use std::path::{Path, PathBuf};
use std::sync::{Arc, OnceLock};
use std::time::Duration;
use tokio::net::TcpStream;
use tokio_tungstenite::tungstenite::client::IntoClientRequest;
use tokio_tungstenite::tungstenite::http::{header, HeaderValue, StatusCode};
use tokio_tungstenite::tungstenite::Error as WsError;
use tokio_tungstenite::{Connector, MaybeTlsStream, WebSocketStream};

pub type Connection = WebSocketStream<MaybeTlsStream<TcpStream>>;

/// Why a connection attempt failed, in words an operator can act on.
#[derive(Debug, thiserror::Error)]
pub enum ConnectError {
    #[error("channel URL {url:?} is not a ws:// or wss:// URL")]
    BadUrl { url: String },
    #[error("channel token is not a valid header value")]
    BadToken,
    #[error("the channel refused the connection with HTTP {status}{hint}")]
    Refused {
        status: StatusCode,
        hint: &'static str,
    },
    #[error("TLS with the channel failed: {reason}{hint}")]
    Tls { reason: String, hint: &'static str },
    #[error("cannot connect to the channel: {0}")]
    Network(String),
}

/// Why the TLS settings could not be built.
#[derive(Debug, thiserror::Error)]
pub enum TlsError {
    #[error("channel.ca_file {path}: cannot read it: {reason}")]
    Read { path: PathBuf, reason: String },
    #[error("channel.ca_file {path}: no PEM certificate (-----BEGIN CERTIFICATE-----) in it")]
    NoCertificate { path: PathBuf },
    #[error(
        "channel.ca_file {path}: certificate {index} is not a usable CA certificate: {reason}"
    )]
    BadCertificate {
        path: PathBuf,
        index: usize,
        reason: String,
    },
    #[error("TLS configuration: {0}")]
    Config(String),
}

/// Which certificate authorities a `wss://` channel may present. Cheap to
/// clone; built once at startup.
#[derive(Debug, Clone)]
pub struct Tls {
    config: Arc<rustls::ClientConfig>,
}

impl Tls {
    /// The public web's roots (Mozilla's list, built in), as browsers trust.
    pub fn public_roots() -> Result<Tls, TlsError> {
        Tls::build(webpki_roots_store())
    }

    /// The public roots plus every certificate of a PEM file: for channels
    /// behind a private (company) CA.
    pub fn with_ca_file(path: &Path) -> Result<Tls, TlsError> {
        let bytes = std::fs::read(path).map_err(|e| TlsError::Read {
            path: path.to_path_buf(),
            reason: e.to_string(),
        })?;
        let mut roots = webpki_roots_store();
        let mut found = 0;
        for (index, cert) in CertificateDer::pem_slice_iter(&bytes).enumerate() {
            let bad = |reason: String| TlsError::BadCertificate {
                path: path.to_path_buf(),
                index: index + 1,
                reason,
            };
            let cert = cert.map_err(|e| bad(format!("{e:?}")))?;
            roots.add(cert).map_err(|e| bad(e.to_string()))?;
            found += 1;
        }
        if found == 0 {
            return Err(TlsError::NoCertificate {
                path: path.to_path_buf(),
            });
        }
        Tls::build(roots)
    }

    fn build(roots: rustls::RootCertStore) -> Result<Tls, TlsError> {
        let provider = Arc::new(rustls::crypto::ring::default_provider());
        let config = rustls::ClientConfig::builder_with_provider(provider)
            .with_safe_default_protocol_versions()
            .map_err(|e| TlsError::Config(e.to_string()))?
            .with_root_certificates(roots)
            .with_no_client_auth();
        Ok(Tls {
            config: Arc::new(config),
        })
    }
}

fn webpki_roots_store() -> rustls::RootCertStore {
    rustls::RootCertStore {
        roots: webpki_roots::TLS_SERVER_ROOTS.to_vec(),
    }
}

/// The trust `connect` uses: set once at startup from `channel.ca_file`
/// ([`set_default_tls`]), else the public roots.
static DEFAULT_TLS: OnceLock<Tls> = OnceLock::new();

/// Makes `tls` the trust of every later [`connect`]. Only the first call
/// counts (the configuration is read once per process); returns whether this
/// one did.
pub fn set_default_tls(tls: Tls) -> bool {
    DEFAULT_TLS.set(tls).is_ok()
}

fn default_tls() -> Result<Tls, ConnectError> {
    if let Some(tls) = DEFAULT_TLS.get() {
        return Ok(tls.clone());
    }
    let tls = Tls::public_roots().map_err(|e| ConnectError::Tls {
        reason: e.to_string(),
        hint: "",
    })?;
    Ok(DEFAULT_TLS.get_or_init(|| tls).clone())
}

/// Opens a websocket to the channel, sending the bearer token if there is one.
/// `wss://` is verified with the process's trust ([`set_default_tls`]).
pub async fn connect(url: &str, token: Option<&str>) -> Result<Connection, ConnectError> {
    let tls = default_tls()?;
    connect_with(url, token, &tls).await
}

/// [`connect`] with explicit trust for `wss://`.
pub async fn connect_with(
    url: &str,
    token: Option<&str>,
    tls: &Tls,
) -> Result<Connection, ConnectError> {
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
    let connector = Connector::Rustls(tls.config.clone());
    match tokio_tungstenite::connect_async_tls_with_config(
        request,
        Some(config),
        true,
        Some(connector),
    )
    .await
    {
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
        Err(WsError::Tls(e)) => Err(ConnectError::Tls {
            reason: e.to_string(),
            hint: "",
        }),
        Err(WsError::Io(e)) => Err(io_error(e)),
        Err(e) => Err(ConnectError::Network(e.to_string())),
    }
}

/// tokio-rustls reports handshake failures as I/O errors wrapping a rustls
/// error; those get a TLS error with a hint, the rest stay network errors.
fn io_error(e: std::io::Error) -> ConnectError {
    let Some(tls) = e
        .get_ref()
        .and_then(|inner| inner.downcast_ref::<rustls::Error>())
    else {
        return ConnectError::Network(e.to_string());
    };
    let hint = match tls {
        rustls::Error::InvalidCertificate(rustls::CertificateError::UnknownIssuer) => {
            " (the channel's certificate is not signed by a trusted authority; for a private \
             CA, set channel.ca_file to its PEM certificate)"
        }
        rustls::Error::InvalidCertificate(
            rustls::CertificateError::NotValidForName
            | rustls::CertificateError::NotValidForNameContext { .. },
        ) => " (the certificate is for another host name than the one in channel.url)",
        rustls::Error::InvalidCertificate(
            rustls::CertificateError::Expired | rustls::CertificateError::ExpiredContext { .. },
        ) => " (the channel's certificate has expired)",
        _ => "",
    };
    ConnectError::Tls {
        reason: tls.to_string(),
        hint,
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
        assert!(
            last >= Duration::from_secs(15),
            "capped delays stay near the cap: {last:?}"
        );
        b.reset();
        assert!(b.next_delay() <= Duration::from_millis(100));
    }

    #[tokio::test]
    async fn rejects_non_websocket_urls() {
        let err = connect("http://127.0.0.1:1/", None).await.unwrap_err();
        assert!(matches!(err, ConnectError::BadUrl { .. }));
    }
}
