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
//! scripts, before buyers see them, and publish it.
//!
//! Security: it binds to loopback by default, and every request needs the
//! console token, compared in constant time: as `Authorization: Bearer`, or
//! as the `kefu_console` cookie the page gets when opened once with
//! `?token=`. Supervisors have a token of their own, which also allows
//! publishing scripts; agents share theirs, so it must not. The cookie is `HttpOnly` and `SameSite=Strict`, and state-
//! changing requests must be JSON, so another site can neither read the
//! console nor post to it. Bodies are capped. The console logs no message
//! text; texts it shows were masked when stored.

mod api;
mod auth;
mod extract;
mod labelled;
mod publishing;
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
    /// The supervisors' tokens: what `token` allows, and publishing the
    /// draft. None: no one can publish from the console.
    pub supervisors: Vec<SupervisorToken>,
    /// Where supervisors keep the scripts they are trying before they go
    /// live (`scripts.draft_dir`); `None`: the try page runs the live ones only.
    pub draft_dir: Option<PathBuf>,
    /// Where publishing keeps the scripts it replaces (`scripts.history_dir`).
    pub history_dir: PathBuf,
    /// The shop's labelled buyer messages (`scripts.labelled_file`), to
    /// compare the draft with the live scripts on; `None`: none.
    pub labelled_file: Option<PathBuf>,
}

/// A token that opens the supervisors' side of the console.
#[derive(Debug, Clone)]
pub struct SupervisorToken {
    /// Whose it is (`王敏`); `None` for the one token all supervisors share.
    pub name: Option<String>,
    pub token: String,
}

#[derive(Clone)]
struct AppState {
    agents: Agents,
    token: Arc<str>,
    supervisors: Arc<[SupervisorToken]>,
    stopping: watch::Receiver<bool>,
    drafts: Arc<tryout::Drafts>,
}

/// A running console. [`Console::shutdown`] stops it and waits.
pub struct Console {
    addr: SocketAddr,
    token: String,
    /// The shared supervisors' token, for its login link.
    supervisor_token: Option<String>,
    server: crate::web::Server,
}

impl Console {
    /// Binds and serves in the background.
    pub async fn start(agents: Agents, settings: ConsoleSettings) -> std::io::Result<Console> {
        let invalid = |m: &str| std::io::Error::new(std::io::ErrorKind::InvalidInput, m);
        if settings.token.is_empty() {
            return Err(invalid("the console token is empty"));
        }
        let mut seen = vec![settings.token.as_str()];
        for s in &settings.supervisors {
            let whose = s.name.as_deref().unwrap_or("the shared one");
            if s.token.is_empty() {
                return Err(invalid(&format!("a supervisors' token is empty ({whose})")));
            }
            if seen.contains(&s.token.as_str()) {
                return Err(invalid(&format!(
                    "a supervisors' token ({whose}) is the same as the agents' console token or another supervisor's: every token must be its own, or the wrong people could publish scripts"
                )));
            }
            seen.push(&s.token);
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
            supervisors: settings.supervisors.clone().into(),
            stopping,
            drafts: Arc::new(tryout::Drafts::new(
                settings.draft_dir,
                settings.history_dir,
                settings.labelled_file,
            )),
        };
        let app = router(state);
        let server = crate::web::Server::spawn("console", listener, app, stop);
        tracing::info!(%addr, "console listening");
        Ok(Console {
            addr,
            token: settings.token,
            supervisor_token: settings
                .supervisors
                .into_iter()
                .find(|s| s.name.is_none())
                .map(|s| s.token),
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

    /// The try page with the shared supervisors' token, if there is one.
    pub fn supervisor_login_url(&self) -> Option<String> {
        let token = self.supervisor_token.as_ref()?;
        Some(format!("http://{}/try?token={token}", self.addr))
    }

    /// Stops serving (open event streams end) and waits a few seconds at most.
    pub async fn shutdown(self) {
        self.server.shutdown().await;
    }
}

/// Starts the console for `kefu serve`: the tokens from the configuration
/// (`*_env` first) or fresh random ones, and the login links printed once
/// on stdout, where the operator sees them (never in the logs).
pub async fn start_for_serve(
    config: &crate::config::ConsoleConfig,
    scripts: &crate::config::ScriptsConfig,
    agents: Agents,
) -> Result<Console, String> {
    let configured = config.resolved_token();
    let configured_supervisor = config.resolved_supervisor_token();
    let named = config.resolved_supervisors()?;
    let own_token = configured.is_some();
    // A shared token is made up only when no supervisor has one: a shop that
    // names its supervisors wants every publish to carry a name.
    let own_supervisor = configured_supervisor.is_some() || !named.is_empty();
    let token = match configured {
        Some(t) => t,
        None => generate_token()?,
    };
    let shared = match configured_supervisor {
        Some(t) => Some(t),
        None if named.is_empty() => Some(generate_token()?),
        None => None,
    };
    let named_list = named
        .iter()
        .map(|(name, _)| name.as_str())
        .collect::<Vec<_>>()
        .join("、");
    let mut supervisors: Vec<SupervisorToken> = named
        .into_iter()
        .map(|(name, token)| SupervisorToken {
            name: Some(name),
            token,
        })
        .collect();
    supervisors.extend(shared.map(|token| SupervisorToken { name: None, token }));
    let draft_dir = (!scripts.draft_dir.as_os_str().is_empty()).then(|| scripts.draft_dir.clone());
    let settings = ConsoleSettings {
        bind: config.bind,
        token,
        supervisors,
        draft_dir,
        history_dir: scripts.history_dir.clone(),
        labelled_file: (!scripts.labelled_file.as_os_str().is_empty())
            .then(|| scripts.labelled_file.clone()),
    };
    let console = Console::start(agents, settings)
        .await
        .map_err(|e| format!("{e} (set console.bind in the configuration to another address)"))?;
    // Not println!: a closed stdout (a supervisor that stopped reading) must
    // not bring the bot down.
    use std::io::Write;
    let mut out = std::io::stdout().lock();
    let url = console.url();
    let agents_line = if own_token {
        format!("{url} (log in once with {url}?token=<console token>)")
    } else {
        console.login_url()
    };
    let supervisors_line = if !named_list.is_empty() {
        format!("{url}try (log in once with {url}try?token=<your supervisor token>; supervisors with a token: {named_list})")
    } else if own_supervisor {
        format!("{url}try (log in once with {url}try?token=<supervisor token>)")
    } else {
        console.supervisor_login_url().unwrap_or_default()
    };
    let _ = writeln!(out, "kefu: agents' console: {agents_line}")
        .and_then(|()| {
            writeln!(
                out,
                "kefu: supervisors' try page (can publish scripts): {supervisors_line}"
            )
        })
        .and_then(|()| {
            if !(own_token && own_supervisor) {
                writeln!(
                    out,
                    "kefu: (a token in these links was made for this run; set console.token and console.supervisor_token, or their _env, to keep them)"
                )
            } else {
                Ok(())
            }
        });
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
        .route("/publish", post(publishing::publish))
        .route("/restore", post(publishing::restore))
        .route("/compare", get(labelled::compare))
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
