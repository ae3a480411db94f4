//! The agents' console: a web page and a JSON HTTP API over [`Agents`].
//!
//! In assist mode the bot suggests and agents decide; this is where they do
//! it. `kefu serve` starts it next to the bot. The page (`assets/`, compiled
//! into the binary, no build step) lists conversations with waiting
//! suggestions first, oldest wait first, and is driven from the keyboard;
//! the same actions are a small JSON API (`docs/console.md`) so other tools
//! can drive approvals. Live updates come as server-sent events: one
//! `changed` event whenever the bot commits something, and the page fetches
//! the state again.
//!
//! Supervisors have a page of their own, `/try` (`tryout.rs`): check a
//! draft of the scripts and play a conversation on it, or on the live
//! scripts, before buyers see them.
//!
//! Security: it binds to loopback by default, and every request needs the
//! console token, compared in constant time: as `Authorization: Bearer`, or
//! as the `kefu_console` cookie the page gets when opened once with
//! `?token=`. The cookie is `HttpOnly` and `SameSite=Strict`, and state-
//! changing requests must be JSON, so another site can neither read the
//! console nor post to it. Bodies are capped. The console logs no message
//! text; texts it shows were masked when stored.

mod api;
mod auth;
mod extract;
mod tryout;
mod view;

use crate::bot::Agents;
use axum::routing::{get, post};
use axum::Router;
use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::Arc;
use tokio::sync::watch;

pub use auth::generate_token;

/// Largest request body accepted (an edited reply is at most a few KiB).
const MAX_BODY_BYTES: usize = 16 * 1024;

/// How to run the console.
#[derive(Debug, Clone)]
pub struct ConsoleSettings {
    /// Where to listen; port 0 picks a free one (see [`Console::addr`]).
    pub bind: SocketAddr,
    /// The token every request must carry; must not be empty.
    pub token: String,
    /// Where supervisors keep the scripts they are trying before they go
    /// live (`scripts.draft_dir`); `None`: the try page runs the live ones only.
    pub draft_dir: Option<PathBuf>,
}

#[derive(Clone)]
struct AppState {
    agents: Agents,
    token: Arc<str>,
    stopping: watch::Receiver<bool>,
    drafts: Arc<tryout::Drafts>,
}

/// A running console. [`Console::shutdown`] stops it and waits.
pub struct Console {
    addr: SocketAddr,
    token: String,
    server: crate::web::Server,
}

impl Console {
    /// Binds and serves in the background.
    pub async fn start(agents: Agents, settings: ConsoleSettings) -> std::io::Result<Console> {
        if settings.token.is_empty() {
            return Err(std::io::Error::new(
                std::io::ErrorKind::InvalidInput,
                "the console token is empty",
            ));
        }
        let listener = tokio::net::TcpListener::bind(settings.bind)
            .await
            .map_err(|e| {
                std::io::Error::new(
                    e.kind(),
                    format!("console cannot listen on {}: {e}", settings.bind),
                )
            })?;
        let addr = listener.local_addr()?;
        let (stop, stopping) = watch::channel(false);
        let state = AppState {
            agents,
            token: settings.token.as_str().into(),
            stopping,
            drafts: Arc::new(tryout::Drafts::new(settings.draft_dir)),
        };
        let app = router(state);
        let server = crate::web::Server::spawn("console", listener, app, stop);
        tracing::info!(%addr, "console listening");
        Ok(Console {
            addr,
            token: settings.token,
            server,
        })
    }

    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// The page, `http://HOST:PORT/`.
    pub fn url(&self) -> String {
        format!("http://{}/", self.addr)
    }

    /// The page with the token: opening it once logs the browser in.
    pub fn login_url(&self) -> String {
        format!("http://{}/?token={}", self.addr, self.token)
    }

    /// Stops serving (open event streams end) and waits a few seconds at most.
    pub async fn shutdown(self) {
        self.server.shutdown().await;
    }
}

/// Starts the console for `kefu serve`: the token from the configuration
/// (`token_env` first) or a fresh random one, and the login link printed
/// once on stdout, where the operator sees it (never in the logs).
pub async fn start_for_serve(
    config: &crate::config::ConsoleConfig,
    draft_dir: Option<PathBuf>,
    agents: Agents,
) -> Result<Console, String> {
    let configured = std::env::var(&config.token_env)
        .ok()
        .filter(|t| !config.token_env.is_empty() && !t.is_empty())
        .or_else(|| (!config.token.is_empty()).then(|| config.token.clone()));
    let generated = configured.is_none();
    let token = match configured {
        Some(t) => t,
        None => generate_token()?,
    };
    let settings = ConsoleSettings {
        bind: config.bind,
        token,
        draft_dir,
    };
    let console = Console::start(agents, settings)
        .await
        .map_err(|e| format!("{e} (set console.bind in the configuration to another address)"))?;
    // Not println!: a closed stdout (a supervisor that stopped reading) must
    // not bring the bot down.
    use std::io::Write;
    let mut out = std::io::stdout().lock();
    let _ = if generated {
        writeln!(out, "kefu: agents' console: {}", console.login_url()).and_then(|()| {
            writeln!(
                out,
                "kefu: (the token in that link was made for this run; set console.token or console.token_env to keep one)"
            )
        })
    } else {
        writeln!(
            out,
            "kefu: agents' console: {} (log in once with {}?token=<console token>)",
            console.url(),
            console.url()
        )
    };
    Ok(console)
}

fn router(state: AppState) -> Router {
    let api = Router::new()
        .route("/state", get(api::state))
        .route("/suggestions", get(api::suggestions))
        .route("/suggestions/{id}/approve", post(api::approve))
        .route("/suggestions/{id}/edit", post(api::edit))
        .route("/suggestions/{id}/reject", post(api::reject))
        .route(
            "/conversations/{shop}/{conversation}",
            get(api::conversation),
        )
        .route("/handover", get(api::handover))
        .route("/handover/{id}/done", post(api::handover_done))
        .route("/decisions", get(api::decisions))
        .route("/events", get(api::events))
        .route("/draft", get(tryout::draft))
        .route("/try", post(tryout::try_lines))
        .fallback(api::no_such_route)
        .method_not_allowed_fallback(api::wrong_method);
    Router::new()
        .route("/", get(auth::page))
        .route("/console.js", get(auth::script))
        .route("/common.js", get(auth::common_script))
        .route("/console.css", get(auth::style))
        .route("/try", get(auth::try_page))
        .route("/try.js", get(auth::try_script))
        .nest("/api", api)
        .layer(axum::middleware::from_fn_with_state(
            state.clone(),
            auth::require_token,
        ))
        .layer(axum::extract::DefaultBodyLimit::max(MAX_BODY_BYTES))
        .with_state(state)
}
