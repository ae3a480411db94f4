//! Going live: a draft of the scripts replaces the scripts in force.
//!
//! Supervisors edit a copy of the scripts (the draft directory), check it
//! and try it on the console's try page, and then publish it. Publishing is
//! what they would do by hand, `cp scripts-draft/*.toml scripts/`, made
//! safe:
//!
//! - **What was tried is what goes live.** The caller may pass the draft's
//!   fingerprint as it was when tried; if the files changed since, nothing
//!   is copied ([`PublishError::DraftChanged`]).
//! - **Only a draft that loads goes live**, validated by the same
//!   [`load_dir`] as `kefu check` and the reload watcher. Lint warnings do
//!   not stop it, as they do not stop a reload.
//! - **The scripts replaced are kept**, whole, in a directory of their own
//!   under the history directory, named by the time of publishing, so going
//!   back is publishing that copy again.
//! - **Each file is replaced by a rename**, so the reload watcher (or a bot
//!   starting) never reads a file half-written; files the draft no longer
//!   has are removed, so the live directory ends up the same as the draft.
//! - **Who published what, and when, is written down**: one JSON line per
//!   publish in `published.jsonl` in the history directory ([`records`]), so a
//!   shop with several supervisors can tell whose change a buyer got.
//! - **A fix saved straight into the live directory is not undone unseen.**
//!   Each publish leaves a copy of what it put live ([`SNAPSHOT_DIR`]); a
//!   draft that would replace a file changed in place since, without that
//!   change, is refused naming the file ([`PublishError::HotFixes`]) unless
//!   the caller publishes over it ([`Target::over_hot_fixes`]). A kept copy
//!   going back is not checked: going back is the point of it.
//!
//! Copying happens here; putting the new pack in force is the caller's: the
//! console does it at once, and a running bot's watcher picks the files up
//! within two seconds in any case.

use super::watch::{fingerprint, Fingerprint};
use super::{load_dir, ScriptErrors, Scripts};
use std::collections::BTreeMap;
use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};

mod hot_fixes;
pub use hot_fixes::{is_kept_copy, HotFix, HotFixKind, HotFixes, SNAPSHOT_DIR};

/// How the draft differs from the scripts in force, by file name.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Changes {
    /// Files in both, with different content.
    pub changed: Vec<String>,
    /// Files the live directory does not have.
    pub added: Vec<String>,
    /// Files the draft does not have.
    pub removed: Vec<String>,
}

impl Changes {
    /// Between two directories' `*.toml` files, by name and content.
    fn between(draft: &BTreeMap<String, Vec<u8>>, live: &BTreeMap<String, Vec<u8>>) -> Changes {
        Changes {
            changed: draft
                .iter()
                .filter(|(name, bytes)| live.get(*name).is_some_and(|old| old != *bytes))
                .map(|(name, _)| name.clone())
                .collect(),
            added: draft
                .keys()
                .filter(|name| !live.contains_key(*name))
                .cloned()
                .collect(),
            removed: live
                .keys()
                .filter(|name| !draft.contains_key(*name))
                .cloned()
                .collect(),
        }
    }

    pub fn is_empty(&self) -> bool {
        self.changed.is_empty() && self.added.is_empty() && self.removed.is_empty()
    }

    /// `changed intents.toml, replies.toml; added extra.toml`.
    pub fn describe(&self) -> String {
        [
            ("changed", &self.changed),
            ("added", &self.added),
            ("removed", &self.removed),
        ]
        .iter()
        .filter(|(_, names)| !names.is_empty())
        .map(|(what, names)| format!("{what} {}", names.join(", ")))
        .collect::<Vec<_>>()
        .join("; ")
    }
}

/// What publishing did.
#[derive(Debug)]
pub struct Published {
    pub changes: Changes,
    /// Where the replaced scripts were kept; `None` when there were none.
    pub kept_in: Option<PathBuf>,
    /// The scripts as now loaded from the live directory.
    pub scripts: Scripts,
    /// Files changed in place since the last publish that this one replaced
    /// (published over them, or going back to a kept copy); the fixed files
    /// are in `kept_in`.
    pub undid_hot_fixes: Vec<String>,
}

#[derive(Debug, thiserror::Error)]
pub enum PublishError {
    #[error("the draft directory {0} does not exist")]
    NoDraft(PathBuf),
    #[error("the draft changed since it was checked: check it and try it again before publishing")]
    DraftChanged,
    #[error("the draft does not load, so it cannot go live:\n{0}")]
    DraftInvalid(ScriptErrors),
    #[error("the draft is the same as the scripts in force: nothing to publish")]
    Unchanged,
    #[error("the draft and the scripts in force are the same directory, {0}")]
    SameDirectory(PathBuf),
    /// The draft would undo files changed in the live directory since the
    /// last publish; nothing was copied.
    #[error("{0}")]
    HotFixes(HotFixes),
    #[error("{what} {path}: {source}")]
    Io {
        what: &'static str,
        path: PathBuf,
        source: std::io::Error,
    },
    /// Copying failed part way; the scripts replaced were put back.
    #[error(
        "{failed}; the scripts in force were put back as they were (a copy is in {})",
        kept_in.display()
    )]
    RolledBack {
        failed: Box<PublishError>,
        kept_in: PathBuf,
    },
}

fn io(what: &'static str, path: &Path) -> impl FnOnce(std::io::Error) -> PublishError {
    let path = path.to_path_buf();
    move |source| PublishError::Io { what, path, source }
}

/// Where to publish from and to, and who does it.
#[derive(Debug, Clone)]
pub struct Target<'a> {
    pub draft: &'a Path,
    pub live: &'a Path,
    /// Holds one directory per publish with the scripts it replaced, and
    /// the record of publishes ([`LOG_FILE`]).
    pub history: &'a Path,
    /// Who publishes, as the record names them (`王敏`, `主管(共用令牌)`, `kefu publish (ops)`).
    pub by: &'a str,
    /// Publish even when it undoes files changed in the live directory
    /// since the last publish (the supervisor saw the refusal and chose to).
    pub over_hot_fixes: bool,
}

/// The record of publishes in the history directory, one JSON line each.
pub const LOG_FILE: &str = "published.jsonl";

/// One publish, as [`LOG_FILE`] keeps it.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Record {
    /// When, in UTC (`2026-12-05T04:30:00Z`).
    pub at: String,
    pub by: String,
    /// The directory published: the draft, or a kept copy going back.
    pub from: String,
    pub changes: Changes,
    /// The name of the copy kept of the scripts it replaced, if any.
    pub kept_in: Option<String>,
    /// Files changed in place since the publish before that this one
    /// replaced (see [`Published::undid_hot_fixes`]). Absent from records
    /// written before there was such a check, and when empty.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub undid_hot_fixes: Vec<String>,
}

/// Publishes `target.draft` over `target.live`. `expected`: the draft's
/// fingerprint when it was tried (see [`fingerprint`]); `now`: Unix seconds,
/// which name the kept copy.
pub fn publish(
    target: &Target<'_>,
    expected: Option<&Fingerprint>,
    now: i64,
) -> Result<Published, PublishError> {
    if !target.draft.is_dir() {
        return Err(PublishError::NoDraft(target.draft.to_path_buf()));
    }
    if same_dir(target.draft, target.live) {
        return Err(PublishError::SameDirectory(target.live.to_path_buf()));
    }
    // Read, validate, and read the fingerprint again: the files published
    // are the ones validated, and the ones the supervisor tried.
    let before = fingerprint(target.draft);
    if expected.is_some_and(|e| *e != before) {
        return Err(PublishError::DraftChanged);
    }
    let draft = read_toml_files(target.draft)?;
    load_dir(target.draft).map_err(PublishError::DraftInvalid)?;
    if fingerprint(target.draft) != before {
        return Err(PublishError::DraftChanged);
    }
    let live = read_live(target.live)?;
    let changes = Changes::between(&draft, &live);
    if changes.is_empty() {
        return Err(PublishError::Unchanged);
    }
    let undone = hot_fixes_undone(target, &draft, &live)?;
    let undid_hot_fixes = undone.as_ref().map(HotFixes::names).unwrap_or_default();
    if let Some(undone) = undone {
        if !target.over_hot_fixes && !is_kept_copy(target.history, target.draft) {
            return Err(PublishError::HotFixes(undone));
        }
    }
    let kept_in = if live.is_empty() {
        None
    } else {
        Some(keep(target.history, &live, now)?)
    };
    fs::create_dir_all(target.live).map_err(io("cannot create", target.live))?;
    // Forward, the changed and added files; back, the changed and removed.
    if let Err(failed) = replace(
        target.live,
        &differing(&draft, &live),
        &changes.removed,
        "publishing",
    ) {
        // Put back what was there, and nothing of what was to be added.
        return Err(match &kept_in {
            Some(kept) => match replace(
                target.live,
                &differing(&live, &draft),
                &changes.added,
                "restoring",
            ) {
                Ok(()) => PublishError::RolledBack {
                    failed: Box::new(failed),
                    kept_in: kept.clone(),
                },
                // Putting them back failed too: say where the copy is.
                Err(_) => PublishError::Io {
                    what: "publishing failed half way, and the replaced scripts are kept in",
                    path: kept.clone(),
                    source: std::io::Error::other(failed.to_string()),
                },
            },
            None => failed,
        });
    }
    // The files are the draft's, which loaded; load them where they now are,
    // so that replies say `scripts/replies.toml:12`, not the draft's path.
    let scripts = load_dir(target.live).map_err(PublishError::DraftInvalid)?;
    // What went live, for the next publish to tell hot fixes by. Like the
    // record, not worth undoing the publish for; a copy that could not be
    // written is removed, and the next publish goes unchecked.
    if let Err(e) = hot_fixes::write_snapshot(target.history, &draft) {
        tracing::warn!(error = %e, "the publish is done, but what it put live could not be copied; the next publish will not be checked for hot fixes");
    }
    let record = Record {
        at: utc(now, "%Y-%m-%dT%H:%M:%SZ"),
        by: target.by.to_string(),
        from: target.draft.display().to_string(),
        changes: changes.clone(),
        kept_in: kept_in
            .as_deref()
            .and_then(Path::file_name)
            .map(|n| n.to_string_lossy().into_owned()),
        undid_hot_fixes: undid_hot_fixes.clone(),
    };
    // The scripts are live whatever happens to the record: a full disk
    // here is worth a warning, not undoing the publish.
    if let Err(e) = append_record(target.history, &record) {
        tracing::warn!(error = %e, "the publish is done, but it could not be recorded");
    }
    Ok(Published {
        changes,
        kept_in,
        scripts,
        undid_hot_fixes,
    })
}

/// The hot fixes publishing `target.draft` would undo, for a supervisor to
/// see before publishing (`kefu publish --dry-run`); `None` when there are
/// none, or no copy of the last publish to tell them by.
pub fn would_undo(target: &Target<'_>) -> Result<Option<HotFixes>, PublishError> {
    hot_fixes_undone(
        target,
        &read_toml_files(target.draft)?,
        &read_live(target.live)?,
    )
}

fn hot_fixes_undone(
    target: &Target<'_>,
    draft: &BTreeMap<String, Vec<u8>>,
    live: &BTreeMap<String, Vec<u8>>,
) -> Result<Option<HotFixes>, PublishError> {
    let Some(snapshot) = hot_fixes::read_snapshot(target.history)? else {
        return Ok(None);
    };
    let fixes = hot_fixes::undone(&snapshot, live, draft);
    Ok((!fixes.is_empty()).then(|| HotFixes {
        fixes,
        draft: target.draft.to_path_buf(),
        live: target.live.to_path_buf(),
        snapshot: target.history.join(SNAPSHOT_DIR),
    }))
}

/// How the draft differs from the scripts in force now, for a supervisor
/// to see before publishing.
pub fn changes(draft: &Path, live: &Path) -> Result<Changes, PublishError> {
    Ok(Changes::between(
        &read_toml_files(draft)?,
        &read_live(live)?,
    ))
}

/// The copies kept in `history` by earlier publishes, newest first (by
/// name, which is the time); none when it does not exist.
pub fn versions(history: &Path) -> Vec<String> {
    let Ok(entries) = fs::read_dir(history) else {
        return Vec::new();
    };
    let mut names: Vec<String> = entries
        .filter_map(|e| e.ok())
        .filter(|e| e.path().is_dir())
        .filter_map(|e| e.file_name().into_string().ok())
        .filter(|name| !name.starts_with('.'))
        .collect();
    // `…Z-2` was kept after `…Z` in the same second.
    names.sort_by(|a, b| stamp_order(b).cmp(&stamp_order(a)));
    names
}

/// `20261205T043000Z-2` → (`20261205T043000Z`, 2).
fn stamp_order(name: &str) -> (&str, u32) {
    match name.rsplit_once('-') {
        Some((stamp, n)) => (stamp, n.parse().unwrap_or(0)),
        None => (name, 1),
    }
}

/// The last `limit` publishes recorded in `history`, newest first. A line
/// that does not read as a record (a hand edit, a write cut short by a
/// crash) is skipped with a warning naming it.
pub fn records(history: &Path, limit: usize) -> Vec<Record> {
    let path = history.join(LOG_FILE);
    let Ok(text) = fs::read_to_string(&path) else {
        return Vec::new();
    };
    let mut records: Vec<Record> = text
        .lines()
        .enumerate()
        .filter(|(_, line)| !line.trim().is_empty())
        .filter_map(|(n, line)| match serde_json::from_str(line) {
            Ok(record) => Some(record),
            Err(e) => {
                tracing::warn!("{}:{}: not a publish record: {e}", path.display(), n + 1);
                None
            }
        })
        .collect();
    records.reverse();
    records.truncate(limit);
    records
}

fn append_record(history: &Path, record: &Record) -> Result<(), PublishError> {
    fs::create_dir_all(history).map_err(io("cannot create", history))?;
    let path = history.join(LOG_FILE);
    let mut line = serde_json::to_string(record).map_err(|e| PublishError::Io {
        what: "cannot encode the record for",
        path: path.clone(),
        source: std::io::Error::other(e),
    })?;
    line.push('\n');
    let mut file = fs::OpenOptions::new()
        .create(true)
        .append(true)
        .open(&path)
        .map_err(io("cannot open", &path))?;
    file.write_all(line.as_bytes())
        .map_err(io("cannot write", &path))?;
    file.sync_all().map_err(io("cannot write", &path))
}

/// `now` (Unix seconds) in UTC by `format`; the number itself if out of range.
fn utc(now: i64, format: &str) -> String {
    jiff::Timestamp::from_second(now)
        .map(|t| t.strftime(format).to_string())
        .unwrap_or_else(|_| now.to_string())
}

/// The live directory's files; none when it does not exist yet.
fn read_live(live: &Path) -> Result<BTreeMap<String, Vec<u8>>, PublishError> {
    if live.exists() {
        read_toml_files(live)
    } else {
        Ok(BTreeMap::new())
    }
}

fn same_dir(a: &Path, b: &Path) -> bool {
    match (fs::canonicalize(a), fs::canonicalize(b)) {
        (Ok(a), Ok(b)) => a == b,
        _ => a == b,
    }
}

/// The `*.toml` files of `dir` by file name (not recursive, like the loader).
fn read_toml_files(dir: &Path) -> Result<BTreeMap<String, Vec<u8>>, PublishError> {
    let mut files = BTreeMap::new();
    for entry in fs::read_dir(dir).map_err(io("cannot read the directory", dir))? {
        let path = entry.map_err(io("cannot read the directory", dir))?.path();
        if path.extension().is_none_or(|ext| ext != "toml") || !path.is_file() {
            continue;
        }
        let Some(name) = path.file_name().and_then(|n| n.to_str()) else {
            continue;
        };
        let bytes = fs::read(&path).map_err(io("cannot read", &path))?;
        files.insert(name.to_string(), bytes);
    }
    Ok(files)
}

/// Copies `files` into a new directory under `history` named by `now`
/// (UTC, `20261205T043000Z`, with `-2`, `-3`… if that is taken).
fn keep(
    history: &Path,
    files: &BTreeMap<String, Vec<u8>>,
    now: i64,
) -> Result<PathBuf, PublishError> {
    let stamp = utc(now, "%Y%m%dT%H%M%SZ");
    fs::create_dir_all(history).map_err(io("cannot create", history))?;
    let mut dir = history.join(&stamp);
    let mut n = 1;
    loop {
        match fs::create_dir(&dir) {
            Ok(()) => break,
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {
                n += 1;
                dir = history.join(format!("{stamp}-{n}"));
            }
            Err(e) => return Err(io("cannot create", &dir)(e)),
        }
    }
    for (name, bytes) in files {
        write_synced(&dir.join(name), bytes)?;
    }
    sync_dir(&dir)?;
    Ok(dir)
}

/// The files of `from` that `to` does not have as they are.
fn differing<'a>(
    from: &'a BTreeMap<String, Vec<u8>>,
    to: &BTreeMap<String, Vec<u8>>,
) -> Vec<(&'a String, &'a Vec<u8>)> {
    from.iter()
        .filter(|(name, bytes)| to.get(*name) != Some(*bytes))
        .collect()
}

/// Puts `files` into `dir`, each written beside its place under a name
/// ending in `.{suffix}` and renamed into it, and removes `remove`.
fn replace(
    dir: &Path,
    files: &[(&String, &Vec<u8>)],
    remove: &[String],
    suffix: &str,
) -> Result<(), PublishError> {
    for (name, bytes) in files {
        // Not `*.toml`, so neither the watcher nor the loader reads it.
        let part = dir.join(format!(".{name}.{suffix}"));
        write_synced(&part, bytes)?;
        let path = dir.join(name);
        if let Err(e) = fs::rename(&part, &path) {
            let _ = fs::remove_file(&part);
            return Err(io("cannot replace", &path)(e));
        }
    }
    for name in remove {
        let path = dir.join(name);
        match fs::remove_file(&path) {
            Ok(()) => {}
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
            Err(e) => return Err(io("cannot remove", &path)(e)),
        }
    }
    sync_dir(dir)
}

fn write_synced(path: &Path, bytes: &[u8]) -> Result<(), PublishError> {
    let mut file = fs::File::create(path).map_err(io("cannot create", path))?;
    file.write_all(bytes).map_err(io("cannot write", path))?;
    file.sync_all().map_err(io("cannot write", path))
}

/// Makes renames and removals in `dir` durable (a no-op where directories
/// cannot be opened, as on Windows).
fn sync_dir(dir: &Path) -> Result<(), PublishError> {
    #[cfg(unix)]
    {
        let handle = fs::File::open(dir).map_err(io("cannot open", dir))?;
        handle.sync_all().map_err(io("cannot sync", dir))?;
    }
    #[cfg(not(unix))]
    let _ = dir;
    Ok(())
}

#[cfg(test)]
mod tests;
