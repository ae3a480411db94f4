//! `POST /api/publish`: a supervisor puts the draft scripts in force;
//! `POST /api/restore`: or a copy kept by an earlier publish.
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
//!
//! A draft that would undo a fix saved straight into the live directory
//! since the last publish is refused (409 `hot_fixes`, naming the files);
//! the try page then asks, and publishes over them with `over_hot_fixes`.
//! A restore is not checked: choosing a kept copy is choosing to go back.
//! So that the refusal is no surprise, `GET /api/draft` names the same
//! files beforehand ([`hot_fixes`], by the check publishing makes), and
//! the page warns beside the publish button.

use super::api::ApiError;
use super::auth::{Caller, Role};
use super::extract::Body;
use super::AppState;
use crate::script::publish::{self, Changes, HotFixKind, PublishError, Target};
use crate::script::watch::Fingerprint;
use axum::extract::State;
use axum::http::StatusCode;
use axum::{Extension, Json};
use serde::{Deserialize, Serialize};
use std::path::{Path, PathBuf};
use std::sync::Arc;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct PublishRequest {
    /// `fingerprint` of `GET /api/draft` (or `draft` of a trial's answer).
    draft: String,
    /// Publish even over files changed in the live directory since the last
    /// publish, after a `hot_fixes` refusal named them.
    #[serde(default)]
    over_hot_fixes: bool,
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
    /// Files changed in the live directory since the last publish that this
    /// one replaced (published over them, or a restore); their fixed
    /// versions are in `kept_in`.
    undid_hot_fixes: Vec<String>,
}

pub(super) async fn publish(
    State(app): State<AppState>,
    Extension(caller): Extension<Caller>,
    Body(request): Body<PublishRequest>,
) -> Result<Json<PublishAnswer>, ApiError> {
    supervisors_only(caller.role)?;
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
    let draft_dir = app.drafts.configured_dir()?;
    let what = if request.over_hot_fixes {
        "the draft, over hot fixes"
    } else {
        "the draft"
    };
    put_live(
        &app,
        &caller,
        draft_dir,
        Some(expected),
        request.over_hot_fixes,
        what,
    )
    .await
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RestoreRequest {
    /// One of `versions` of `GET /api/draft`: `20261205T043000Z`.
    version: String,
}

/// `POST /api/restore`: a kept copy goes live again, the way back from a
/// publish that went wrong. The scripts it replaces are kept in turn, so a
/// restore can be undone the same way.
pub(super) async fn restore(
    State(app): State<AppState>,
    Extension(caller): Extension<Caller>,
    Body(request): Body<RestoreRequest>,
) -> Result<Json<PublishAnswer>, ApiError> {
    supervisors_only(caller.role)?;
    let history = app.drafts.history.clone();
    let versions = tokio::task::spawn_blocking(move || publish::versions(&history))
        .await
        .unwrap_or_default();
    // Only a name from the list: the request never names a path.
    if !versions.contains(&request.version) {
        return Err(ApiError::new(
            StatusCode::NOT_FOUND,
            "no_such_version",
            format!(
                "no kept copy {:?} in {}; GET /api/draft lists them",
                request.version,
                app.drafts.history.display()
            ),
        ));
    }
    let from = app.drafts.history.join(&request.version);
    let what = format!("the kept copy {}", request.version);
    // A kept copy is not checked for hot fixes (the library knows it by
    // where it is): going back is what the supervisor asked for.
    put_live(&app, &caller, from, None, false, &what).await
}

/// One file of `hot_fixes` in `GET /api/draft`: changed straight in the
/// live directory since the last publish, and publishing the draft would
/// undo that.
#[derive(Serialize, Debug, Clone, PartialEq, Eq)]
pub(super) struct HotFixView {
    name: String,
    kind: HotFixKind,
    /// Whether the draft has the file at all.
    in_draft: bool,
    /// The refusal's line for the file, after its name.
    advice: String,
    /// The `diff`, `cp` or `rm` commands `advice` names.
    commands: Vec<String>,
}

/// The files changed in `live` since the last publish that publishing
/// `draft` would undo, by the same check `POST /api/publish` makes; none
/// when there is no copy of the last publish in `history` to tell them by.
/// Refused with the error that names the file that could not be read.
pub(super) fn hot_fixes(
    draft: &Path,
    live: &Path,
    history: &Path,
) -> Result<Vec<HotFixView>, PublishError> {
    let target = Target {
        draft,
        live,
        history,
        by: "",
        over_hot_fixes: false,
    };
    let Some(undone) = publish::would_undo(&target)? else {
        return Ok(Vec::new());
    };
    Ok(undone
        .fixes
        .iter()
        .map(|fix| HotFixView {
            name: fix.name.clone(),
            kind: fix.kind,
            in_draft: fix.in_draft,
            advice: undone.advice(fix),
            commands: undone.commands(fix),
        })
        .collect())
}

/// The warning of `GET /api/draft` when [`hot_fixes`] cannot tell: what
/// could not be read, and, when it is the last publish's copy, what that
/// means for publishing (refused, as the same read fails there) and the two
/// ways out.
pub(super) fn unknown_hot_fixes(e: &PublishError, live: &Path, history: &Path) -> String {
    let cannot = format!(
        "cannot tell whether publishing would undo fixes saved directly in {}: {e}",
        live.display()
    );
    let snapshot = history.join(publish::SNAPSHOT_DIR);
    match e {
        PublishError::Io { path, .. } if path.starts_with(&snapshot) => format!(
            "{cannot}; publishing is refused until that file can be read, or until {} is \
             removed (the next publish then goes ahead without this check, and leaves a \
             new copy)",
            snapshot.display()
        ),
        _ => cannot,
    }
}

fn supervisors_only(role: Role) -> Result<(), ApiError> {
    if role == Role::Supervisor {
        return Ok(());
    }
    Err(ApiError::new(
        StatusCode::FORBIDDEN,
        "forbidden",
        "publishing scripts needs the supervisors' token; the console token can check and try a draft, not publish it",
    ))
}

/// Publishes `from` over the live scripts' directory and puts the result in
/// force. `what` names `from` in the log; the record of publishes names
/// `caller`.
async fn put_live(
    app: &AppState,
    caller: &Caller,
    from: PathBuf,
    expected: Option<Fingerprint>,
    over_hot_fixes: bool,
    what: &str,
) -> Result<Json<PublishAnswer>, ApiError> {
    let live = app.agents.scripts();
    let Some(live_dir) = live.dir.clone() else {
        return Err(ApiError::new(
            StatusCode::CONFLICT,
            "built_in_scripts",
            "the bot answers with the pack built into it, not with a scripts directory, so there is nowhere to publish to; start it with scripts.dir naming a directory",
        ));
    };
    let now = app.agents.now();
    let drafts = app.drafts.clone();
    let target_dir = live_dir.clone();
    let by = caller.signature();
    let signed = by.clone();
    let outcome = tokio::task::spawn_blocking(move || {
        let _one_at_a_time = drafts.publishing.lock().unwrap_or_else(|p| p.into_inner());
        publish::publish(
            &Target {
                draft: &from,
                live: &target_dir,
                history: &drafts.history,
                by: &signed,
                over_hot_fixes,
            },
            expected.as_ref(),
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
        undid_hot_fixes = %published.undid_hot_fixes.join(","),
        by = %by,
        "a supervisor published {what}; it is in force"
    );
    Ok(Json(PublishAnswer {
        changes: published.changes,
        kept_in,
        live_dir: live_dir.display().to_string(),
        summary,
        undid_hot_fixes: published.undid_hot_fixes,
    }))
}

fn refused(e: PublishError) -> ApiError {
    let (status, code) = match &e {
        PublishError::NoDraft(_) => (StatusCode::NOT_FOUND, "no_draft"),
        PublishError::DraftChanged => (StatusCode::CONFLICT, "draft_changed"),
        PublishError::DraftInvalid(_) => (StatusCode::UNPROCESSABLE_ENTITY, "draft_invalid"),
        PublishError::Unchanged => (StatusCode::CONFLICT, "unchanged"),
        PublishError::SameDirectory(_) => (StatusCode::CONFLICT, "same_directory"),
        PublishError::HotFixes(_) => (StatusCode::CONFLICT, "hot_fixes"),
        PublishError::Io { .. } | PublishError::RolledBack { .. } => {
            tracing::error!("publishing the draft scripts failed: {e}");
            (StatusCode::INTERNAL_SERVER_ERROR, "io")
        }
    };
    ApiError::new(status, code, e.to_string())
}
