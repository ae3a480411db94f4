//! `GET /api/compare`: the draft and the live scripts on the shop's own
//! labelled buyer messages, before the draft goes live.
//!
//! A trial shows what the draft says to one conversation; a change of
//! keywords can quietly change how a hundred other messages are read. So a
//! shop that keeps labelled messages (`scripts.labelled_file`, the JSONL
//! `kefu eval` reads) gets on the try page what `kefu eval --scripts
//! scripts-draft --against scripts` prints: both packs' accuracy and every
//! message whose top intent the draft changes, broken ones first, and both
//! packs' handover rates with the messages the draft newly hands over. The
//! messages were buyers' words, so they are shown masked, as everywhere in
//! the console.

use super::api::ApiError;
use super::tryout::compiled_draft;
use super::AppState;
use crate::tuning::eval::{self, Comparison};
use axum::extract::State;
use axum::http::StatusCode;
use axum::Json;
use serde::Serialize;

/// At most this many changed messages are listed (all are counted).
const MAX_LISTED: usize = 100;

#[derive(Serialize)]
pub(super) struct CompareAnswer {
    /// The labelled file, as configured.
    file: String,
    /// The fingerprint of the draft files compared.
    draft: Option<String>,
    comparison: Comparison,
}

pub(super) async fn compare(State(app): State<AppState>) -> Result<Json<CompareAnswer>, ApiError> {
    let Some(file) = app.drafts.labelled.clone() else {
        return Err(ApiError::new(
            StatusCode::NOT_FOUND,
            "no_labelled",
            "no labelled messages are configured (scripts.labelled_file)",
        ));
    };
    if !file.is_file() {
        return Err(ApiError::new(
            StatusCode::NOT_FOUND,
            "no_labelled",
            format!(
                "the labelled messages file {} does not exist",
                file.display()
            ),
        ));
    }
    let live = app.agents.scripts();
    let (draft, files) = compiled_draft(&app, &live).await?;
    let read_from = file.clone();
    let outcome = tokio::task::spawn_blocking(move || {
        let data = eval::read_labelled(&read_from)?;
        Ok::<_, String>(eval::compare_packs(&live, &draft, &data))
    })
    .await
    .map_err(|e| {
        ApiError::new(
            StatusCode::INTERNAL_SERVER_ERROR,
            "internal",
            format!("comparing failed: {e}"),
        )
    })?;
    let mut comparison = outcome
        .map_err(|e| ApiError::new(StatusCode::UNPROCESSABLE_ENTITY, "labelled_invalid", e))?;
    comparison.changes.truncate(MAX_LISTED);
    for change in &mut comparison.changes {
        change.text = crate::nlu::mask_private(&change.text);
    }
    if let Some(handover) = &mut comparison.handover {
        handover.newly.truncate(MAX_LISTED);
        for new in &mut handover.newly {
            new.text = crate::nlu::mask_private(&new.text);
        }
    }
    Ok(Json(CompareAnswer {
        file: file.display().to_string(),
        draft: files,
        comparison,
    }))
}
