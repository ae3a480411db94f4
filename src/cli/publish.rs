//! `kefu publish`: put the draft scripts in force from the terminal.
//!
//! The same step as the try page's 发布上线 button (`script::publish`): the
//! draft must load, its files replace the scripts directory's, and the
//! replaced ones are kept under the history directory. A running bot takes
//! the new files within two seconds through its reload watcher, so this
//! needs no connection to it. It is for supervisors working over ssh and for
//! deploy scripts; `--dry-run` says what would change and writes nothing,
//! and `--list` shows the kept copies and who published what, to go back
//! to one with `--draft scripts-history/<time>`.
//!
//! A draft that would undo a fix saved straight into the scripts directory
//! since the last publish is refused (exit 1), naming the file, unless
//! `--over-hot-fixes` is given. Going back to a kept copy is not checked:
//! the terminal cannot tell a kept copy from a draft other than by where it
//! is, so a directory right in the history directory counts as one, and a
//! copy of it made elsewhere counts as a draft.

use super::{EXIT_FAILURE, EXIT_INVALID};
use crate::config::Config;
use crate::script::publish::{self, PublishError, Target};
use std::path::PathBuf;

#[derive(Debug, Clone, clap::Args)]
pub struct PublishArgs {
    /// The draft to publish [default: scripts.draft_dir of the configuration]
    #[arg(long)]
    pub draft: Option<PathBuf>,
    /// The scripts directory it replaces [default: scripts.dir of the configuration]
    #[arg(long)]
    pub scripts: Option<PathBuf>,
    /// Where the replaced scripts are kept [default: scripts.history_dir of the configuration]
    #[arg(long)]
    pub history: Option<PathBuf>,
    /// Configuration file [default: config/kefu.toml if present, else built-in]
    #[arg(long)]
    pub config: Option<PathBuf>,
    /// Say what would change, and write nothing
    #[arg(long)]
    pub dry_run: bool,
    /// Who publishes, for the record in the history directory [default: "kefu publish (LOGIN)", LOGIN being your login name]
    #[arg(long, value_name = "NAME")]
    pub by: Option<String>,
    /// List the kept copies and the last publishes, and write nothing
    #[arg(long, conflicts_with = "dry_run")]
    pub list: bool,
    /// Publish even though it undoes fixes saved directly in the scripts directory since the last publish (without it, such a draft is refused, naming the files; the files replaced are kept in the history directory either way)
    #[arg(long, conflicts_with = "list")]
    pub over_hot_fixes: bool,
}

/// How many publishes `--list` shows.
const LISTED: usize = 20;

pub fn run(args: &PublishArgs) -> i32 {
    let config = match Config::load(args.config.as_deref()) {
        Ok(c) => c,
        Err(e) => {
            eprintln!("{e}");
            return EXIT_INVALID;
        }
    };
    let missing = config.scripts.configured_dir().err();
    let live = args.scripts.clone().unwrap_or(config.scripts.live_dir());
    let draft = args.draft.clone().unwrap_or(config.scripts.draft_dir);
    let history = args.history.clone().unwrap_or(config.scripts.history_dir);
    if args.list {
        return list(&history);
    }
    // Named and missing, it is a typo: publishing would create it, and the
    // bot would not read it.
    if let (None, Some(e)) = (&args.scripts, missing) {
        eprintln!("{e}");
        return EXIT_INVALID;
    }
    if draft.as_os_str().is_empty() {
        eprintln!("no draft directory: scripts.draft_dir is \"\"; pass --draft DIR");
        return EXIT_INVALID;
    }
    if !draft.is_dir() {
        eprintln!(
            "{}; copy the scripts there, edit and try them first",
            PublishError::NoDraft(draft)
        );
        return EXIT_INVALID;
    }
    let now = jiff::Timestamp::now().as_second();
    let by = match &args.by {
        Some(name) if !name.trim().is_empty() => name.trim().to_string(),
        Some(_) => {
            eprintln!("--by: the name is empty");
            return EXIT_INVALID;
        }
        None => format!("kefu publish ({})", login_name()),
    };
    let target = Target {
        draft: &draft,
        live: &live,
        history: &history,
        by: &by,
        over_hot_fixes: args.over_hot_fixes,
    };
    if args.dry_run {
        return dry_run(&target);
    }
    match publish::publish(&target, None, now) {
        Ok(published) => {
            println!(
                "{} → {}: {}",
                draft.display(),
                live.display(),
                published.changes.describe()
            );
            if let Some(kept) = &published.kept_in {
                println!("the replaced scripts are kept in {}", kept.display());
            }
            if !published.undid_hot_fixes.is_empty() {
                println!(
                    "this undid what was saved directly in {} since the last publish, in {} (the fixed files are in the kept copy)",
                    live.display(),
                    published.undid_hot_fixes.join(", ")
                );
            }
            println!(
                "published: {}; a running bot answers with them within two seconds",
                published.scripts.summary()
            );
            0
        }
        Err(PublishError::Unchanged) => {
            println!(
                "{} is the same as {}: nothing to publish",
                draft.display(),
                live.display()
            );
            0
        }
        Err(
            e @ (PublishError::DraftInvalid(_)
            | PublishError::NoDraft(_)
            | PublishError::HotFixes(_)),
        ) => {
            eprintln!("{e}");
            EXIT_INVALID
        }
        Err(e) => {
            eprintln!("{e}");
            EXIT_FAILURE
        }
    }
}

/// What publishing `target` would do, writing nothing: exit 1 where
/// publishing would be refused (a draft that does not load, or that would
/// undo hot fixes without `--over-hot-fixes`).
fn dry_run(target: &Target<'_>) -> i32 {
    let (draft, live) = (target.draft, target.live);
    if let Err(errors) = crate::script::load_dir(draft) {
        eprintln!("{}", PublishError::DraftInvalid(errors));
        return EXIT_INVALID;
    }
    let undone = match publish::would_undo(target) {
        Ok(undone) => undone,
        Err(e) => {
            eprintln!("{e}");
            return EXIT_FAILURE;
        }
    };
    match publish::changes(draft, live) {
        Ok(changes) if changes.is_empty() => {
            println!(
                "{} is the same as {}: nothing to publish",
                draft.display(),
                live.display()
            );
            0
        }
        Ok(changes) => {
            println!(
                "would publish {} → {}: {} (nothing written)",
                draft.display(),
                live.display(),
                changes.describe()
            );
            let Some(undone) = undone else { return 0 };
            if target.over_hot_fixes || publish::is_kept_copy(target.history, draft) {
                println!(
                    "it would undo what was saved directly in {} since the last publish, in {}",
                    live.display(),
                    undone.names().join(", ")
                );
                0
            } else {
                eprintln!("{}", PublishError::HotFixes(undone));
                EXIT_INVALID
            }
        }
        Err(e) => {
            eprintln!("{e}");
            EXIT_FAILURE
        }
    }
}

/// The operating system's name for whoever runs the command.
fn login_name() -> String {
    ["USER", "LOGNAME", "USERNAME"]
        .iter()
        .find_map(|v| std::env::var(v).ok().filter(|n| !n.is_empty()))
        .unwrap_or_else(|| "unknown".to_string())
}

fn list(history: &std::path::Path) -> i32 {
    let versions = publish::versions(history);
    if versions.is_empty() {
        println!("no kept copies in {}", history.display());
    } else {
        println!(
            "kept copies in {} (newest first; publish one again with --draft DIR):",
            history.display()
        );
        for v in &versions {
            println!("  {}", history.join(v).display());
        }
    }
    let records = publish::records(history, LISTED);
    if !records.is_empty() {
        println!("last publishes (newest first):");
        for r in records {
            let kept = r
                .kept_in
                .map(|k| format!(", replaced scripts kept in {k}"))
                .unwrap_or_default();
            println!(
                "  {} {} from {}: {}{kept}",
                r.at,
                r.by,
                r.from,
                r.changes.describe()
            );
        }
    }
    0
}
