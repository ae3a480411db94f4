//! The JSON API (documented in `docs/console.md`): reads come from the
//! store, verdicts go to the bot's core through [`Agents::command`] and are
//! answered once durable.

use super::extract::{Body, PathParams, QueryParams};
use super::view::{self, ConversationView};
use super::AppState;
use crate::bot::{Command, CommandError, Outcome};
use crate::store::StoreError;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::sse::{Event, KeepAlive, Sse};
use axum::response::{IntoResponse, Response};
use axum::Json;
use futures_util::stream::Stream;
use serde::Deserialize;
use serde_json::json;
use std::convert::Infallible;
use std::time::Duration;

/// An API error: a status, a message for people, a code for programs.
pub struct ApiError {
    status: StatusCode,
    code: &'static str,
    message: String,
}

impl ApiError {
    pub(super) fn new(status: StatusCode, code: &'static str, message: impl Into<String>) -> Self {
        ApiError {
            status,
            code,
            message: message.into(),
        }
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        (
            self.status,
            Json(json!({ "error": self.message, "code": self.code })),
        )
            .into_response()
    }
}

impl From<StoreError> for ApiError {
    fn from(e: StoreError) -> Self {
        tracing::error!("console: {e}");
        ApiError {
            status: StatusCode::INTERNAL_SERVER_ERROR,
            code: "storage",
            message: e.to_string(),
        }
    }
}

impl From<CommandError> for ApiError {
    fn from(e: CommandError) -> Self {
        let (status, code) = match &e {
            CommandError::NotPending(_) => (StatusCode::CONFLICT, "not_pending"),
            CommandError::NoHandoverItem(_) => (StatusCode::NOT_FOUND, "no_such_item"),
            CommandError::NoOption { .. } => (StatusCode::BAD_REQUEST, "no_such_option"),
            CommandError::EmptyText => (StatusCode::BAD_REQUEST, "empty_text"),
            CommandError::TextTooLong(_) => (StatusCode::BAD_REQUEST, "text_too_long"),
            CommandError::NoAgent => (StatusCode::BAD_REQUEST, "no_agent"),
            CommandError::Unavailable => (StatusCode::SERVICE_UNAVAILABLE, "unavailable"),
            CommandError::Storage(_) => (StatusCode::INTERNAL_SERVER_ERROR, "storage"),
        };
        ApiError {
            status,
            code,
            message: e.to_string(),
        }
    }
}

type ApiResult<T> = Result<Json<T>, ApiError>;

pub(super) async fn state(State(app): State<AppState>) -> ApiResult<view::State> {
    Ok(Json(view::state(&app.agents)?))
}

pub(super) async fn suggestions(
    State(app): State<AppState>,
) -> ApiResult<Vec<crate::store::Suggestion>> {
    Ok(Json(app.agents.store().pending_suggestions()?))
}

pub(super) async fn conversation(
    State(app): State<AppState>,
    PathParams((shop, conversation)): PathParams<(String, String)>,
) -> ApiResult<ConversationView> {
    let store = app.agents.store();
    let session = store.session(&shop, &conversation)?;
    let pending = store.pending_for(&shop, &conversation)?;
    if session.is_none() && pending.is_empty() {
        return Err(ApiError {
            status: StatusCode::NOT_FOUND,
            code: "no_such_conversation",
            message: format!("no conversation {conversation:?} in shop {shop:?}"),
        });
    }
    Ok(Json(ConversationView::new(
        session,
        pending,
        &shop,
        &conversation,
    )))
}

pub(super) async fn handover(State(app): State<AppState>) -> ApiResult<Vec<view::HandoverView>> {
    Ok(Json(view::open_handover(app.agents.store())?))
}

#[derive(Deserialize)]
pub(super) struct Range {
    #[serde(default)]
    from: Option<i64>,
    #[serde(default)]
    to: Option<i64>,
}

/// Decision records, for supervisors: by default the last 24 hours.
pub(super) async fn decisions(
    State(app): State<AppState>,
    QueryParams(range): QueryParams<Range>,
) -> ApiResult<Vec<crate::store::DecisionRecord>> {
    let to = range.to.unwrap_or(app.agents.now() + 1);
    let from = range.from.unwrap_or(to - 24 * 3600);
    let records = app
        .agents
        .store()
        .decisions(from, to)
        .collect::<Result<Vec<_>, _>>()?;
    Ok(Json(records))
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct Verdict {
    /// Missing is the same mistake as empty: `no_agent`, not a body error.
    #[serde(default)]
    agent: String,
    /// For approve: which option (0 = the bot's best).
    #[serde(default)]
    option: usize,
    /// For edit: the text to send.
    #[serde(default)]
    text: String,
}

async fn run(app: &AppState, command: Command) -> Result<Json<serde_json::Value>, ApiError> {
    let outcome = app.agents.command(command).await?;
    Ok(Json(match outcome {
        Outcome::Sent { reference } => json!({ "ok": true, "sent": true, "ref": reference }),
        Outcome::Rejected => json!({ "ok": true, "sent": false }),
        Outcome::Done { given_back } => json!({ "ok": true, "given_back": given_back }),
    }))
}

pub(super) async fn approve(
    State(app): State<AppState>,
    PathParams(id): PathParams<u64>,
    Body(v): Body<Verdict>,
) -> Result<Json<serde_json::Value>, ApiError> {
    let command = Command::Approve {
        id,
        agent: v.agent,
        option: v.option,
    };
    run(&app, command).await
}

pub(super) async fn edit(
    State(app): State<AppState>,
    PathParams(id): PathParams<u64>,
    Body(v): Body<Verdict>,
) -> Result<Json<serde_json::Value>, ApiError> {
    let command = Command::Edit {
        id,
        agent: v.agent,
        text: v.text,
    };
    run(&app, command).await
}

pub(super) async fn reject(
    State(app): State<AppState>,
    PathParams(id): PathParams<u64>,
    Body(v): Body<Verdict>,
) -> Result<Json<serde_json::Value>, ApiError> {
    run(&app, Command::Reject { id, agent: v.agent }).await
}

pub(super) async fn handover_done(
    State(app): State<AppState>,
    PathParams(id): PathParams<u64>,
    Body(v): Body<Verdict>,
) -> Result<Json<serde_json::Value>, ApiError> {
    run(&app, Command::HandoverDone { id, agent: v.agent }).await
}

/// Any other address under `/api`: an error in the API's own form.
pub(super) async fn no_such_route() -> ApiError {
    ApiError::new(
        StatusCode::NOT_FOUND,
        "no_such_route",
        "no such API request (docs/console.md lists them)",
    )
}

/// A known address with the wrong method (`GET` of a verdict, say).
pub(super) async fn wrong_method() -> ApiError {
    ApiError::new(
        StatusCode::METHOD_NOT_ALLOWED,
        "wrong_method",
        "this API request takes another method (docs/console.md lists them)",
    )
}

/// Server-sent events: `changed` (data: a counter) whenever the bot
/// committed something or the connection or mode changed; fetch
/// `/api/state` then. Coalesced: a burst is one event.
pub(super) async fn events(
    State(app): State<AppState>,
) -> Sse<impl Stream<Item = Result<Event, Infallible>>> {
    let changes = app.agents.status().subscribe();
    let stopping = app.stopping.clone();
    let stream = futures_util::stream::unfold(
        (changes, stopping, true),
        |(mut changes, mut stopping, first)| async move {
            if !first {
                tokio::select! {
                    r = changes.changed() => r.ok()?,
                    _ = stopping.wait_for(|s| *s) => return None,
                }
                // Let a burst of commits settle into one event.
                tokio::time::sleep(Duration::from_millis(100)).await;
            }
            let n = *changes.borrow_and_update();
            let event = Event::default().event("changed").data(n.to_string());
            Some((Ok(event), (changes, stopping, false)))
        },
    );
    Sse::new(stream).keep_alive(KeepAlive::default())
}
