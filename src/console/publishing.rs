//! `POST /api/publish`: a supervisor puts the draft scripts in force.
//!
//! Only the supervisors' token may do this: agents share the console
//! token, and what the bot says to every buyer is not theirs to change.
//! The request names the draft it means by the fingerprint `GET /api/draft`
//! (or a trial on the draft) gave, so a draft edited after it was tried is
//! refused rather than published unseen. The copying, the kept copy and
//! putting things back on failure are [`crate::script::publish`]'s; this
//! puts the new pack in force at once, rather than when the reload watcher
//! next looks, so the supervisor's next trial on the live scripts and the
//! next buyer both get it.

use super::api::ApiError;
use super::auth::Role;
use super::extract::Body;
use super::AppState;
use crate::script::publish::{self, Changes, PublishError, Target};
use crate::script::watch::Fingerprint;
use axum::extract::State;
use axum::http::StatusCode;
use axum::{Extension, Json};
use serde::{Deserialize, Serialize};
use std::sync::Arc;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct PublishRequest {
    /// `fingerprint` of `GET /api/draft` (or `draft` of a trial's answer).
    draft: String,
}

#[derive(Serialize)]
pub(super) struct PublishAnswer {
    changes: Changes,
    /// Where the scripts that were in force are kept.
    kept_in: Option<String>,
    /// The directory now holding the draft's files.
    live_dir: String,
    /// The pack now in force, as `kefu check` sums it up.
    summary: String,
}

pub(super) async fn publish(
    State(app): State<AppState>,
    Extension(role): Extension<Role>,
    Body(request): Body<PublishRequest>,
) -> Result<Json<PublishAnswer>, ApiError> {
    if role != Role::Supervisor {
        return Err(ApiError::new(
            StatusCode::FORBIDDEN,
            "forbidden",
            "publishing scripts needs the supervisors' token; the console token can check and try a draft, not publish it",
        ));
    }
    let Some(expected) = Fingerprint::from_hex(&request.draft) else {
        return Err(ApiError::new(
            StatusCode::BAD_REQUEST,
            "bad_body",
            format!(
                "draft: {:?} is not a fingerprint; send the one GET /api/draft gives",
                request.draft
            ),
        ));
    };
    let drafts = app.drafts.clone();
    let Some(draft_dir) = drafts.dir.clone() else {
        return Err(ApiError::new(
            StatusCode::NOT_FOUND,
            "no_draft",
            "no draft directory is configured (scripts.draft_dir)",
        ));
    };
    let live = app.agents.scripts();
    let Some(live_dir) = live.dir.clone() else {
        return Err(ApiError::new(
            StatusCode::CONFLICT,
            "built_in_scripts",
            "the bot answers with the pack built into it, not with a scripts directory, so there is nowhere to publish to; start it with scripts.dir naming a directory",
        ));
    };
    let now = app.agents.now();
    let target_dir = live_dir.clone();
    let outcome = tokio::task::spawn_blocking(move || {
        let _one_at_a_time = drafts.publishing.lock().unwrap_or_else(|p| p.into_inner());
        publish::publish(
            &Target {
                draft: &draft_dir,
                live: &target_dir,
                history: &drafts.history,
            },
            Some(&expected),
            now,
        )
    })
    .await
    .map_err(|e| {
        ApiError::new(
            StatusCode::INTERNAL_SERVER_ERROR,
            "internal",
            format!("publishing failed: {e}"),
        )
    })?;
    let published = outcome.map_err(refused)?;
    let mut scripts = published.scripts;
    // The night rules are runtime configuration, not script files.
    scripts.night = live.night.clone();
    let summary = scripts.summary();
    app.agents.put_in_force(Arc::new(scripts));
    let kept_in = published.kept_in.map(|d| d.display().to_string());
    tracing::info!(
        dir = %live_dir.display(),
        files = %published.changes.describe(),
        kept_in = kept_in.as_deref().unwrap_or("-"),
        "a supervisor published the draft scripts; they are in force"
    );
    Ok(Json(PublishAnswer {
        changes: published.changes,
        kept_in,
        live_dir: live_dir.display().to_string(),
        summary,
    }))
}

fn refused(e: PublishError) -> ApiError {
    let (status, code) = match &e {
        PublishError::NoDraft(_) => (StatusCode::NOT_FOUND, "no_draft"),
        PublishError::DraftChanged => (StatusCode::CONFLICT, "draft_changed"),
        PublishError::DraftInvalid(_) => (StatusCode::UNPROCESSABLE_ENTITY, "draft_invalid"),
        PublishError::Unchanged => (StatusCode::CONFLICT, "unchanged"),
        PublishError::SameDirectory(_) => (StatusCode::CONFLICT, "same_directory"),
        PublishError::Io { .. } | PublishError::RolledBack { .. } => {
            tracing::error!("publishing the draft scripts failed: {e}");
            (StatusCode::INTERNAL_SERVER_ERROR, "io")
        }
    };
    ApiError::new(status, code, e.to_string())
}
