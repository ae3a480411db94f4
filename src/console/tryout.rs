//! The try page's API: supervisors check a draft of the scripts and try a
//! conversation on it, or on the scripts in force, before buyers see them.
//!
//! The live scripts change the moment a valid edit is saved in the scripts
//! directory (the bot reloads them), so edits meant to be tried first are
//! made in a copy, the *draft* directory (`scripts.draft_dir`). `GET
//! /api/draft` validates it as `kefu check --lint` would; `POST /api/try`
//! plays a trial conversation on the draft or the live pack through the
//! dialogue [`Sandbox`] and returns every step as data. `POST
//! /api/publish`, for supervisors only, puts the draft in force
//! ([`crate::script::publish`]): the draft's files replace the scripts
//! directory's, the replaced ones are kept, and the bot answers with the
//! new pack from the next message.
//!
//! Nothing here is kept between requests but the compiled draft: a trial is
//! its lines, which the page sends whole each time and the sandbox replays
//! (it is deterministic from its start time, which the page also sends).
//! The draft is compiled again only when its files change, found by the
//! same content fingerprint the reload watcher uses. Trial text is the
//! supervisor's, not a buyer's, and is not logged either.

use super::api::ApiError;
use super::auth::{Caller, Role};
use super::extract::Body;
use super::AppState;
use crate::dialogue::sandbox::{Sandbox, Step};
use crate::dialogue::NightRules;
use crate::script::publish::{self, Changes};
use crate::script::watch::{fingerprint, Fingerprint};
use crate::script::{lint, Scripts};
use axum::extract::State;
use axum::http::StatusCode;
use axum::Extension;
use axum::Json;
use serde::{Deserialize, Serialize};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

/// At most this many lines in one trial.
pub const MAX_LINES: usize = 100;

/// Where the draft is, and the last compilation of it.
#[derive(Default)]
pub(super) struct Drafts {
    pub(super) dir: Option<PathBuf>,
    /// Where publishing keeps the scripts it replaces.
    pub(super) history: PathBuf,
    /// The shop's labelled messages, for `GET /api/compare`.
    pub(super) labelled: Option<PathBuf>,
    compiled: Mutex<Option<Compiled>>,
    /// Held while publishing, so that two publishes do not interleave.
    pub(super) publishing: Mutex<()>,
}

/// A compilation of the draft and what it was made from.
struct Compiled {
    files: Fingerprint,
    night: NightRules,
    checked: Arc<Checked>,
}

/// A draft as the loader and the linter saw it.
struct Checked {
    /// The files it was made from.
    files: Fingerprint,
    scripts: Option<Arc<Scripts>>,
    errors: Vec<String>,
    warnings: Vec<String>,
}

impl Drafts {
    pub(super) fn new(dir: Option<PathBuf>, history: PathBuf, labelled: Option<PathBuf>) -> Drafts {
        Drafts {
            dir,
            history,
            labelled,
            compiled: Mutex::new(None),
            publishing: Mutex::new(()),
        }
    }

    /// The draft directory, or `no_draft` when none is configured.
    pub(super) fn configured_dir(&self) -> Result<PathBuf, ApiError> {
        self.dir
            .clone()
            .ok_or_else(|| no_draft("no draft directory is configured (scripts.draft_dir)".into()))
    }

    /// The draft compiled, from the last time if its files did not change.
    /// It gets the `[night]` rules the bot runs under (`night`, from the live
    /// pack): they come from the runtime configuration, not from script
    /// files, and a trial should follow them.
    fn checked(&self, dir: &Path, night: &NightRules) -> Arc<Checked> {
        let files = fingerprint(dir);
        let mut compiled = self.compiled.lock().unwrap_or_else(|p| p.into_inner());
        if let Some(last) = compiled.as_ref() {
            if last.files == files && last.night == *night {
                return last.checked.clone();
            }
        }
        let checked = Arc::new(match crate::script::load_dir(dir) {
            Ok(mut scripts) => {
                let warnings = lint::lint_dir(dir, &scripts, &lint::LintOptions::default());
                scripts.night = night.clone();
                Checked {
                    files: files.clone(),
                    scripts: Some(Arc::new(scripts)),
                    errors: Vec::new(),
                    warnings: warnings.iter().map(ToString::to_string).collect(),
                }
            }
            Err(errors) => Checked {
                files: files.clone(),
                scripts: None,
                errors: errors.0.iter().map(ToString::to_string).collect(),
                warnings: Vec::new(),
            },
        });
        *compiled = Some(Compiled {
            files,
            night: night.clone(),
            checked: checked.clone(),
        });
        checked
    }
}

/// `GET /api/draft`.
#[derive(Serialize, Default)]
pub(super) struct DraftView {
    /// The draft directory as configured; `null` when there is none.
    dir: Option<String>,
    exists: bool,
    /// Loads without problems (warnings allowed), so it can be tried.
    ok: bool,
    /// `20 intents, 64 reply sets, 8 items (18 faq answers), 3 size charts` when ok.
    summary: Option<String>,
    /// `file:line: reason`, as `kefu check` prints them.
    errors: Vec<String>,
    warnings: Vec<String>,
    /// The files this check was made of: `POST /api/publish` takes it back,
    /// so that what goes live is what was checked and tried.
    fingerprint: Option<String>,
    /// How the draft differs from the scripts in force, by file.
    changes: Option<Changes>,
    /// The directory the bot's scripts come from; `null`: the built-in pack.
    live_dir: Option<String>,
    /// Files changed straight in the live directory since the last publish
    /// that publishing this draft would undo (publishing refuses it with
    /// `hot_fixes` unless told to go over them); empty when there are none
    /// or there is nothing to tell them by.
    hot_fixes: Vec<super::publishing::HotFixView>,
    /// Who is asking: only a supervisor can publish.
    role: Role,
    /// A supervisor is asking, and the draft loads and differs from the
    /// live scripts in a directory.
    can_publish: bool,
    /// The copies earlier publishes kept, newest first (at most
    /// [`VERSIONS_SHOWN`]): `POST /api/restore` puts one back.
    versions: Vec<String>,
    /// The last publishes, newest first (at most [`VERSIONS_SHOWN`]): who
    /// put which files live, when, and where the replaced ones are kept.
    published: Vec<publish::Record>,
    /// A supervisor's name when their token is their own.
    you: Option<String>,
    /// The labelled messages file `GET /api/compare` reads, when one is
    /// configured and exists.
    labelled: Option<String>,
}

/// How many kept copies `GET /api/draft` lists.
const VERSIONS_SHOWN: usize = 10;

pub(super) async fn draft(
    State(app): State<AppState>,
    Extension(caller): Extension<Caller>,
) -> Json<DraftView> {
    let drafts = app.drafts.clone();
    let live = app.agents.scripts();
    let role = caller.role;
    let view = tokio::task::spawn_blocking(move || {
        let mut view = draft_view(&drafts, &live, role);
        view.versions = publish::versions(&drafts.history);
        view.versions.truncate(VERSIONS_SHOWN);
        view.published = publish::records(&drafts.history, VERSIONS_SHOWN);
        view.labelled = drafts
            .labelled
            .as_ref()
            .filter(|f| f.is_file())
            .map(|f| f.display().to_string());
        view
    })
    .await
    .unwrap_or_else(|e| DraftView {
        errors: vec![format!("checking the draft failed: {e}")],
        role,
        ..DraftView::default()
    });
    Json(DraftView {
        you: caller.name,
        ..view
    })
}

fn draft_view(drafts: &Drafts, live: &Scripts, role: Role) -> DraftView {
    let live_dir = live.dir.as_ref().map(|d| d.display().to_string());
    let Some(dir) = drafts.dir.as_deref() else {
        return DraftView {
            live_dir,
            role,
            ..DraftView::default()
        };
    };
    let shown = Some(dir.display().to_string());
    if !dir.is_dir() {
        return DraftView {
            dir: shown,
            live_dir,
            role,
            ..DraftView::default()
        };
    }
    let checked = drafts.checked(dir, &live.night);
    let changes = live
        .dir
        .as_deref()
        .and_then(|live| publish::changes(dir, live).ok());
    let can_publish = role == Role::Supervisor
        && checked.scripts.is_some()
        && changes.as_ref().is_some_and(|c| !c.is_empty());
    let mut warnings = checked.warnings.clone();
    // Read again at every look, not with the compiled draft: a hot fix
    // changes the live files, which the draft's fingerprint does not cover.
    // No history directory (a console without supervisors): nothing was
    // published from here, and an empty path would look in the working one.
    let history = Some(drafts.history.as_path()).filter(|h| !h.as_os_str().is_empty());
    let hot_fixes = match (live.dir.as_deref(), history) {
        (Some(live_dir), Some(history)) => super::publishing::hot_fixes(dir, live_dir, history)
            .unwrap_or_else(|e| {
                let warning = super::publishing::unknown_hot_fixes(&e, live_dir, history);
                warnings.push(warning);
                Vec::new()
            }),
        _ => Vec::new(),
    };
    DraftView {
        dir: shown,
        exists: true,
        ok: checked.scripts.is_some(),
        summary: checked.scripts.as_deref().map(Scripts::summary),
        errors: checked.errors.clone(),
        warnings,
        fingerprint: checked.files.hex(),
        changes,
        live_dir,
        hot_fixes,
        role,
        can_publish,
        versions: Vec::new(),
        published: Vec::new(),
        you: None,
        labelled: None,
    }
}

/// Which scripts a trial runs on.
#[derive(Debug, Clone, Copy, Default, Deserialize, Serialize, PartialEq, Eq)]
#[serde(rename_all = "snake_case")]
pub(super) enum Pack {
    /// The scripts the bot answers with now.
    #[default]
    Live,
    /// The draft directory's.
    Draft,
}

/// `POST /api/try`.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct TryRequest {
    /// The trial so far: buyer messages and commands (`/item p-1001`,
    /// `/order paid`, `/wait 30`…), oldest first.
    lines: Vec<String>,
    #[serde(default)]
    pack: Pack,
    /// Unix seconds the trial began at; default now. The page sends the
    /// first answer's `at` back, so that a replay gives the same replies.
    #[serde(default)]
    at: Option<i64>,
}

#[derive(Serialize)]
pub(super) struct TryAnswer {
    pack: Pack,
    at: i64,
    /// One list per line: the timers that fell due before it, then the line.
    lines: Vec<Vec<Step>>,
    /// The pack's catalogue, for `/item`.
    items: Vec<ItemView>,
    /// For a trial on the draft: the files it ran on (as in `GET /api/draft`).
    draft: Option<String>,
}

#[derive(Serialize)]
pub(super) struct ItemView {
    id: String,
    name: String,
}

/// The latest start time accepted (2100-01-01): past it is a mistake.
const LATEST_START: i64 = 4_102_444_800;

pub(super) async fn try_lines(
    State(app): State<AppState>,
    Body(request): Body<TryRequest>,
) -> Result<Json<TryAnswer>, ApiError> {
    if request.lines.len() > MAX_LINES {
        return Err(ApiError::new(
            StatusCode::BAD_REQUEST,
            "too_many_lines",
            format!(
                "a trial has at most {MAX_LINES} lines, this one {}; start a new one",
                request.lines.len()
            ),
        ));
    }
    if let Some((n, line)) = request
        .lines
        .iter()
        .enumerate()
        .find(|(_, l)| l.chars().count() > crate::bot::MAX_TEXT_CHARS)
    {
        return Err(ApiError::new(
            StatusCode::BAD_REQUEST,
            "text_too_long",
            format!(
                "line {} has {} characters; at most {}",
                n + 1,
                line.chars().count(),
                crate::bot::MAX_TEXT_CHARS
            ),
        ));
    }
    let mut ctx = app.agents.context();
    if let Some(at) = request.at {
        if !(0..=LATEST_START).contains(&at) {
            return Err(ApiError::new(
                StatusCode::BAD_REQUEST,
                "bad_body",
                format!("at: {at} is not a time in Unix seconds between 1970 and 2100"),
            ));
        }
        ctx.now = at;
    }
    let live = app.agents.scripts();
    let mut draft_files = None;
    let scripts = match request.pack {
        Pack::Live => live,
        Pack::Draft => {
            let (draft, files) = compiled_draft(&app, &live).await?;
            draft_files = files;
            draft
        }
    };
    let at = ctx.now;
    let mut sandbox = Sandbox::new(&scripts, ctx);
    let lines = request.lines.iter().map(|l| sandbox.line(l)).collect();
    let items = scripts
        .catalog
        .items
        .iter()
        .map(|i| ItemView {
            id: i.id.clone(),
            name: i.name.clone(),
        })
        .collect();
    Ok(Json(TryAnswer {
        pack: request.pack,
        at,
        lines,
        items,
        draft: draft_files,
    }))
}

/// The draft, compiled (from the last time if its files did not change),
/// and the fingerprint of the files it was compiled from; `live` gives it
/// the runtime's `[night]` rules. Refused with `no_draft` or `draft_invalid`.
pub(super) async fn compiled_draft(
    app: &AppState,
    live: &Scripts,
) -> Result<(Arc<Scripts>, Option<String>), ApiError> {
    let drafts = app.drafts.clone();
    let night = live.night.clone();
    let dir = drafts.configured_dir()?;
    if !dir.is_dir() {
        return Err(no_draft(format!(
            "the draft directory {} does not exist: copy the scripts there first",
            dir.display()
        )));
    }
    let checked = tokio::task::spawn_blocking(move || drafts.checked(&dir, &night))
        .await
        .map_err(|e| {
            ApiError::new(
                StatusCode::INTERNAL_SERVER_ERROR,
                "internal",
                format!("checking the draft failed: {e}"),
            )
        })?;
    match &checked.scripts {
        Some(draft) => Ok((draft.clone(), checked.files.hex())),
        None => Err(ApiError::new(
            StatusCode::UNPROCESSABLE_ENTITY,
            "draft_invalid",
            format!(
                "the draft does not load ({} problem{}; GET /api/draft lists them), first: {}",
                checked.errors.len(),
                if checked.errors.len() == 1 { "" } else { "s" },
                checked.errors.first().map_or("", String::as_str)
            ),
        )),
    }
}

fn no_draft(message: String) -> ApiError {
    ApiError::new(StatusCode::NOT_FOUND, "no_draft", message)
}
