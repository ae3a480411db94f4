//! Hot fixes: files saved straight into the live scripts directory since the
//! last publish, which publishing an older draft would undo.
//!
//! The docs allow an urgent one-typo fix made in `scripts/` itself. A draft
//! copied before that fix holds the file as it was, and publishing it used
//! to replace the fixed file without a word (the fixed one only ended up in
//! the kept copy, where nobody looks). To tell a hot fix from a change the
//! draft brings, each publish leaves a copy of the files it put live in
//! [`SNAPSHOT_DIR`] inside the history directory: a live file that differs
//! from that copy (or was added or removed beside it) was changed in place
//! since.
//!
//! A copy of the files rather than their hashes, because the copy lets a
//! supervisor see the fix itself (`diff` of the copy and the live file),
//! and because telling whether a draft carries a fix needs the file as it
//! was before the fix (see [`carries`]). The scripts are a few hundred
//! kilobytes, so the copy costs nothing worth counting.
//!
//! With no copy (the first publish, or a history directory from a kefu
//! before this check) there is nothing to compare, and publishing goes on as
//! it always did. Any trouble keeping the copy fails the same way, open: a
//! missing copy means no check, never a refusal that is not deserved.

use super::{io, read_toml_files, sync_dir, write_synced, PublishError};
use std::collections::{BTreeMap, HashMap};
use std::fmt;
use std::fs;
use std::path::{Path, PathBuf};

/// The copy of the files the last publish put live, in the history
/// directory. Its name starts with a dot, so it is not listed among the
/// kept copies ([`super::versions`]) nor offered to restore.
pub const SNAPSHOT_DIR: &str = ".published";

/// What was done in place to one file since the last publish; in the
/// console's JSON, `changed`, `added` or `removed`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum HotFixKind {
    /// The live file differs from the one published.
    Changed,
    /// The live directory has a file the last publish did not put there.
    Added,
    /// A file the last publish put live is gone from the live directory.
    Removed,
}

/// One file whose hot fix the draft would undo.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HotFix {
    pub name: String,
    pub kind: HotFixKind,
    /// Whether the draft has the file at all.
    pub in_draft: bool,
}

/// The hot fixes a publish would undo, with the directories to name in the
/// advice (`diff scripts/replies.toml scripts-draft/replies.toml`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HotFixes {
    pub fixes: Vec<HotFix>,
    pub draft: PathBuf,
    pub live: PathBuf,
    /// The copy of the last publish ([`SNAPSHOT_DIR`]).
    pub snapshot: PathBuf,
}

impl HotFixes {
    /// The files' names: `replies.toml, shop.toml`.
    pub fn names(&self) -> Vec<String> {
        self.fixes.iter().map(|f| f.name.clone()).collect()
    }

    /// What publishing would do to `fix`'s file and what to run about it,
    /// as the refusal says it after the file's name: `changed in place, and
    /// the draft's copy does not have the change (the fix: diff …)`.
    pub fn advice(&self, fix: &HotFix) -> String {
        self.explain(fix).0
    }

    /// The commands [`Self::advice`] names for `fix`, in its order: the
    /// `diff` that shows the fix and the one that brings it into the draft,
    /// or the `cp` or `rm` that keeps it. For the console's try page, which
    /// says the rest in the supervisors' words.
    pub fn commands(&self, fix: &HotFix) -> Vec<String> {
        self.explain(fix).1
    }

    /// [`Self::advice`] and [`Self::commands`] from one place, so that the
    /// page and the refusal never name different commands.
    fn explain(&self, fix: &HotFix) -> (String, Vec<String>) {
        let name = &fix.name;
        let (live_file, draft_file) = (self.live.join(name), self.draft.join(name));
        let (live_file, draft_file) = (live_file.display(), draft_file.display());
        let draft = self.draft.display();
        let keep = format!("cp {live_file} {draft}");
        match (fix.kind, fix.in_draft) {
            (HotFixKind::Changed, true) => {
                let the_fix = format!("diff {} {live_file}", self.snapshot.join(name).display());
                let bring = format!("diff {live_file} {draft_file}");
                (
                    format!(
                        "changed in place, and the draft's copy does not have the change \
                         (the fix: {the_fix}; to bring it into the draft: {bring})"
                    ),
                    vec![the_fix, bring],
                )
            }
            (HotFixKind::Changed, false) => (
                format!(
                    "changed in place, and the draft does not have the file, so \
                     publishing would remove it (to keep it: {keep})"
                ),
                vec![keep],
            ),
            (HotFixKind::Added, true) => {
                let diff = format!("diff {live_file} {draft_file}");
                (
                    format!("added in place, and the draft's copy differs ({diff})"),
                    vec![diff],
                )
            }
            (HotFixKind::Added, false) => (
                format!(
                    "added in place, and the draft does not have it, so publishing \
                     would remove it (to keep it: {keep})"
                ),
                vec![keep],
            ),
            (HotFixKind::Removed, _) => {
                let remove = format!("rm {draft_file}");
                (
                    format!(
                        "removed in place, and the draft still has it, so publishing \
                         would put it back (to keep it removed: {remove})"
                    ),
                    vec![remove],
                )
            }
        }
    }
}

impl fmt::Display for HotFixes {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let (draft, live) = (self.draft.display(), self.live.display());
        writeln!(
            f,
            "publishing {draft} would undo {} saved directly in {live} since the last publish:",
            match self.fixes.len() {
                1 => "a fix".to_string(),
                n => format!("{n} fixes"),
            }
        )?;
        for fix in &self.fixes {
            writeln!(f, "  {}: {}", fix.name, self.advice(fix))?;
        }
        write!(
            f,
            "bring the fixes into the draft and publish again, or publish over them anyway \
             (kefu publish --over-hot-fixes, or \"over_hot_fixes\": true in POST /api/publish); \
             the files replaced are kept in the history directory either way"
        )
    }
}

/// The copy the last publish left in `history`; `None` when there is none.
pub(super) fn read_snapshot(
    history: &Path,
) -> Result<Option<BTreeMap<String, Vec<u8>>>, PublishError> {
    let dir = history.join(SNAPSHOT_DIR);
    if !dir.is_dir() {
        return Ok(None);
    }
    // Named for what it is: a file of the history directory's hidden copy
    // is not one a supervisor knows of.
    read_toml_files(&dir).map(Some).map_err(|e| match e {
        PublishError::Io { path, source, .. } => PublishError::Io {
            what: "cannot read the last publish's copy",
            path,
            source,
        },
        other => other,
    })
}

/// The files changed in place since the last publish (`live` against
/// `snapshot`) that publishing `draft` would change again, by name.
pub(super) fn undone(
    snapshot: &BTreeMap<String, Vec<u8>>,
    live: &BTreeMap<String, Vec<u8>>,
    draft: &BTreeMap<String, Vec<u8>>,
) -> Vec<HotFix> {
    let names: std::collections::BTreeSet<&String> = snapshot.keys().chain(live.keys()).collect();
    names
        .into_iter()
        .filter_map(|name| {
            let (base, now, new) = (snapshot.get(name), live.get(name), draft.get(name));
            if base == now || new == now {
                // Not changed in place, or publishing leaves it as it is.
                return None;
            }
            let kind = match (base, now) {
                (Some(_), Some(_)) => HotFixKind::Changed,
                (None, _) => HotFixKind::Added,
                (Some(_), None) => HotFixKind::Removed,
            };
            if let (Some(base), Some(now), Some(new)) = (base, now, new) {
                if carries(base, now, new) {
                    return None;
                }
            }
            Some(HotFix {
                name: name.clone(),
                kind,
                in_draft: new.is_some(),
            })
        })
        .collect()
}

/// Whether `draft` carries the change from `base` to `live`, line by line:
/// it has each line the change added at least as often as `live` has it,
/// and each line the change removed no more often than `live` has it.
///
/// So a draft copied after the fix and then edited in the same file (which
/// the docs ask for: copy again and redo your change) is not refused, while
/// one copied before it still has the old line and lacks the new one. A
/// change that adds and removes no line (lines only moved) cannot be told
/// this way, and counts as not carried: refusing wrongly costs one
/// `--over-hot-fixes`, undoing a fix unseen is what this module prevents.
fn carries(base: &[u8], live: &[u8], draft: &[u8]) -> bool {
    fn count(text: &[u8]) -> HashMap<&[u8], i64> {
        let mut lines = HashMap::new();
        for line in text.split(|&b| b == b'\n') {
            *lines.entry(line).or_insert(0) += 1;
        }
        lines
    }
    let (base, live, draft) = (count(base), count(live), count(draft));
    let mut changed = false;
    for line in base.keys().chain(live.keys()) {
        let n = |counts: &HashMap<&[u8], i64>| counts.get(line).copied().unwrap_or(0);
        let (before, after, drafted) = (n(&base), n(&live), n(&draft));
        if after > before {
            changed = true;
            if drafted < after {
                return false;
            }
        } else if after < before {
            changed = true;
            if drafted > after {
                return false;
            }
        }
    }
    changed
}

/// Whether `dir` is one of the copies kept in `history` (publishing it is
/// going back, which the hot-fix check does not stop).
pub fn is_kept_copy(history: &Path, dir: &Path) -> bool {
    let (Ok(history), Ok(dir)) = (fs::canonicalize(history), fs::canonicalize(dir)) else {
        return false;
    };
    dir.parent() == Some(history.as_path())
        && dir
            .file_name()
            .and_then(|n| n.to_str())
            .is_some_and(|n| !n.starts_with('.'))
}

/// Replaces the copy in `history` with `files`, the ones just put live.
///
/// Written whole into `.published.new` first and then renamed into place,
/// so a crash never leaves a half-written copy to compare against (which
/// would refuse publishes for fixes nobody made). A directory cannot be
/// renamed over one that has files, so the old copy is moved aside first;
/// a crash between the two renames leaves no copy, which means no check on
/// the next publish, as before this feature. If anything fails, the old
/// copy is removed for the same reason: a stale copy would take this
/// publish's own changes for hot fixes.
pub(super) fn write_snapshot(
    history: &Path,
    files: &BTreeMap<String, Vec<u8>>,
) -> Result<(), PublishError> {
    let dir = history.join(SNAPSHOT_DIR);
    let result = replace_snapshot(history, &dir, files);
    if result.is_err() {
        let _ = fs::remove_dir_all(&dir);
    }
    result
}

fn replace_snapshot(
    history: &Path,
    dir: &Path,
    files: &BTreeMap<String, Vec<u8>>,
) -> Result<(), PublishError> {
    let new = history.join(format!("{SNAPSHOT_DIR}.new"));
    let old = history.join(format!("{SNAPSHOT_DIR}.old"));
    // Left over from a publish cut short.
    for leftover in [&new, &old] {
        if leftover.exists() {
            fs::remove_dir_all(leftover).map_err(io("cannot remove", leftover))?;
        }
    }
    fs::create_dir_all(&new).map_err(io("cannot create", &new))?;
    for (name, bytes) in files {
        write_synced(&new.join(name), bytes)?;
    }
    sync_dir(&new)?;
    if dir.exists() {
        fs::rename(dir, &old).map_err(io("cannot move aside", dir))?;
    }
    fs::rename(&new, dir).map_err(io("cannot rename into place", &new))?;
    sync_dir(history)?;
    if old.exists() {
        fs::remove_dir_all(&old).map_err(io("cannot remove", &old))?;
    }
    Ok(())
}
