//! Live script reload: supervisors edit the 话术 files while the bot runs.
//!
//! The watcher polls the script directory once a second and fingerprints its
//! `*.toml` files by name and content. Polling rather than OS notifications
//! (inotify and friends) because it behaves the same everywhere the bot is
//! deployed: editors that save by writing a temp file and renaming it,
//! network and container-mounted directories where change events never
//! arrive, and coarse file-system timestamps that make two saves in one
//! second look alike (hence content, not mtime). Reading a few dozen
//! kilobytes a second costs nothing next to that certainty.
//!
//! A change is applied only once the files have been still for one more poll,
//! so a save caught half-written is not reported as an error. The new pack is
//! validated by the very same [`super::load_dir`] as `kefu check`; when valid
//! it replaces the old one as a whole (conversations in progress keep their
//! state, only the wording and rules change), when not, the last good pack
//! stays in force and every problem is logged and recorded with file:line.

use super::lint::{lint_dir, LintOptions};
use super::{load_dir, ScriptErrors, Scripts};
use crate::bot::Bot;
use std::collections::hash_map::DefaultHasher;
use std::hash::{Hash, Hasher};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;
use tokio_util::sync::CancellationToken;

/// How often the directory is looked at.
pub const POLL_INTERVAL: Duration = Duration::from_secs(1);

/// Where a reload's outcome goes: the bot in production, a recorder in tests.
pub trait ReloadTarget: Send + Sync {
    /// A valid pack: put it in force.
    fn apply(&self, scripts: Arc<Scripts>);
    /// A refused pack: every problem as `file:line: reason`. An empty list
    /// means the files on disk are in force again.
    fn refused(&self, problems: Vec<String>);
}

impl ReloadTarget for Bot {
    fn apply(&self, scripts: Arc<Scripts>) {
        self.set_scripts(scripts);
    }

    fn refused(&self, problems: Vec<String>) {
        self.status.set_script_errors(problems);
    }
}

/// The state of the script files at one moment: a hash of every `*.toml`
/// file's name and content, or why the directory could not be read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Fingerprint {
    Files(u64),
    Unreadable(String),
}

impl Fingerprint {
    /// The hash as 16 hex digits, for a page to send back (`None` when the
    /// directory could not be read).
    pub fn hex(&self) -> Option<String> {
        match self {
            Fingerprint::Files(hash) => Some(format!("{hash:016x}")),
            Fingerprint::Unreadable(_) => None,
        }
    }

    /// The inverse of [`Fingerprint::hex`].
    pub fn from_hex(hex: &str) -> Option<Fingerprint> {
        (hex.len() == 16)
            .then(|| u64::from_str_radix(hex, 16).ok())
            .flatten()
            .map(Fingerprint::Files)
    }
}

/// Fingerprints the `*.toml` files of `dir` (not recursive, like the loader).
pub fn fingerprint(dir: &Path) -> Fingerprint {
    let entries = match std::fs::read_dir(dir) {
        Ok(entries) => entries,
        Err(e) => return Fingerprint::Unreadable(e.to_string()),
    };
    let mut paths: Vec<PathBuf> = entries
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|ext| ext == "toml"))
        .collect();
    paths.sort();
    let mut hasher = DefaultHasher::new();
    for path in &paths {
        path.hash(&mut hasher);
        // A file that vanishes or cannot be read between listing and reading
        // hashes as its error; the loader will say what is wrong with it.
        match std::fs::read(path) {
            Ok(bytes) => bytes.hash(&mut hasher),
            Err(e) => e.kind().hash(&mut hasher),
        }
    }
    Fingerprint::Files(hasher.finish())
}

/// Decides when to reload, one poll at a time. Kept apart from the timer and
/// the file system so its rules can be tested directly.
#[derive(Debug)]
pub struct Debounce {
    /// The fingerprint of the files last loaded (successfully or not).
    loaded: Fingerprint,
    /// A changed fingerprint seen on the previous poll, waiting to settle.
    pending: Option<Fingerprint>,
}

impl Debounce {
    /// Starts from the fingerprint of the files the bot was started with.
    pub fn new(loaded: Fingerprint) -> Debounce {
        Debounce {
            loaded,
            pending: None,
        }
    }

    /// Feeds one poll's fingerprint; true when the files changed and then
    /// stayed the same for a whole poll, i.e. it is time to load them.
    pub fn poll(&mut self, now: Fingerprint) -> bool {
        if now == self.loaded {
            self.pending = None;
            return false;
        }
        if self.pending.as_ref() == Some(&now) {
            self.pending = None;
            self.loaded = now;
            return true;
        }
        self.pending = Some(now);
        false
    }
}

/// Loads `dir` and reports the outcome to `target`. Returns whether the new
/// pack was applied.
pub fn reload(dir: &Path, target: &dyn ReloadTarget) -> bool {
    match load_dir(dir) {
        Ok(scripts) => {
            tracing::info!(
                dir = %dir.display(),
                intents = scripts.intents.len(),
                replies = scripts.replies.sets().len(),
                "scripts reloaded"
            );
            // Wording the marketplaces punish does not stop a reload, but
            // the supervisor who just saved should hear about it.
            for warning in lint_dir(dir, &scripts, &LintOptions::default()) {
                tracing::warn!("script lint: {warning}");
            }
            target.apply(Arc::new(scripts));
            target.refused(Vec::new());
            true
        }
        Err(errors) => {
            let problems = describe(&errors);
            tracing::error!(
                dir = %dir.display(),
                problems = problems.len(),
                "script change refused; the last good scripts stay in force"
            );
            for problem in &problems {
                tracing::error!("script problem: {problem}");
            }
            target.refused(problems);
            false
        }
    }
}

fn describe(errors: &ScriptErrors) -> Vec<String> {
    errors.0.iter().map(ToString::to_string).collect()
}

/// Watches `dir` until `shutdown`, reloading into `target` on every settled
/// change. The pack in force when this starts is taken to be the files as
/// they are now.
pub async fn watch(
    dir: PathBuf,
    target: Arc<dyn ReloadTarget>,
    interval: Duration,
    shutdown: CancellationToken,
) {
    let mut debounce = Debounce::new(fingerprint(&dir));
    let mut ticker = tokio::time::interval(interval);
    ticker.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    tracing::info!(dir = %dir.display(), "watching the scripts for changes");
    loop {
        tokio::select! {
            _ = shutdown.cancelled() => return,
            _ = ticker.tick() => {}
        }
        // Reading and compiling a pack takes milliseconds to a few tens of
        // them; keep it off the runtime's worker threads all the same.
        let poll_dir = dir.clone();
        let now = match tokio::task::spawn_blocking(move || fingerprint(&poll_dir)).await {
            Ok(f) => f,
            Err(e) => {
                tracing::warn!("script watcher poll failed: {e}");
                continue;
            }
        };
        if let Fingerprint::Unreadable(reason) = &now {
            // A directory being replaced (a deploy, a `git checkout`) is
            // briefly missing; say so once per change, and keep the pack.
            if debounce.loaded != now && debounce.pending.as_ref() != Some(&now) {
                tracing::warn!(dir = %dir.display(), "cannot read the script directory: {reason}");
            }
        }
        if debounce.poll(now) {
            let load_dir = dir.clone();
            let target = target.clone();
            if let Err(e) =
                tokio::task::spawn_blocking(move || reload(&load_dir, target.as_ref())).await
            {
                tracing::error!("script reload failed: {e}");
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::Mutex;

    fn f(n: u64) -> Fingerprint {
        Fingerprint::Files(n)
    }

    #[test]
    fn a_change_loads_once_it_has_settled() {
        let mut d = Debounce::new(f(1));
        assert!(!d.poll(f(1)), "nothing changed");
        assert!(!d.poll(f(2)), "changed: wait one poll");
        assert!(!d.poll(f(3)), "still changing: wait again");
        assert!(d.poll(f(3)), "settled: load");
        assert!(!d.poll(f(3)), "loaded: nothing more to do");
    }

    #[test]
    fn a_change_undone_before_it_settles_is_never_loaded() {
        let mut d = Debounce::new(f(1));
        assert!(!d.poll(f(2)));
        assert!(!d.poll(f(1)));
        assert!(!d.poll(f(1)));
    }

    #[test]
    fn fingerprints_follow_content_not_timestamps() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("a.toml");
        std::fs::write(&file, "x = 1").unwrap();
        std::fs::write(dir.path().join("notes.txt"), "ignored").unwrap();
        let first = fingerprint(dir.path());
        std::fs::write(dir.path().join("notes.txt"), "still ignored").unwrap();
        assert_eq!(fingerprint(dir.path()), first, "only *.toml files count");
        std::fs::write(&file, "x = 2").unwrap();
        let second = fingerprint(dir.path());
        assert_ne!(second, first, "same length, same second, new content");
        std::fs::write(&file, "x = 1").unwrap();
        assert_eq!(fingerprint(dir.path()), first);
        assert!(matches!(
            fingerprint(&dir.path().join("missing")),
            Fingerprint::Unreadable(_)
        ));
    }

    #[derive(Default)]
    struct Recorder {
        applied: Mutex<usize>,
        problems: Mutex<Vec<String>>,
    }

    impl ReloadTarget for Recorder {
        fn apply(&self, _: Arc<Scripts>) {
            *self.applied.lock().unwrap() += 1;
        }
        fn refused(&self, problems: Vec<String>) {
            *self.problems.lock().unwrap() = problems;
        }
    }

    #[test]
    fn a_broken_pack_is_refused_with_file_and_line() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(
            dir.path().join("pack.toml"),
            "[[intent]]\nname = \"greeting\"\nkeywords = [\"在吗\"]\n\n[[reply]]\nintent = \"greeting\"\ntexts = [\"亲{itme}\"]\n",
        )
        .unwrap();
        let target = Recorder::default();
        assert!(!reload(dir.path(), &target));
        assert_eq!(*target.applied.lock().unwrap(), 0);
        let problems = target.problems.lock().unwrap().clone();
        assert!(
            problems
                .iter()
                .any(|p| p.contains("pack.toml:7") && p.contains("itme")),
            "{problems:?}"
        );
    }
}
