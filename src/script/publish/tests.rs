use super::*;

/// A copy of the shipped scripts in `root/name`.
fn copy_of_shipped(root: &Path, name: &str) -> PathBuf {
    let shipped = Path::new(env!("CARGO_MANIFEST_DIR")).join("scripts");
    let dir = root.join(name);
    fs::create_dir(&dir).unwrap();
    for entry in fs::read_dir(shipped).unwrap() {
        let path = entry.unwrap().path();
        fs::copy(&path, dir.join(path.file_name().unwrap())).unwrap();
    }
    dir
}

fn edit(path: &Path, from: &str, to: &str) {
    let text = fs::read_to_string(path).unwrap();
    assert!(text.contains(from), "{} has {from}", path.display());
    fs::write(path, text.replacen(from, to, 1)).unwrap();
}

struct Dirs {
    _root: tempfile::TempDir,
    draft: PathBuf,
    live: PathBuf,
    history: PathBuf,
}

impl Dirs {
    fn new() -> Dirs {
        let root = tempfile::tempdir().unwrap();
        let draft = copy_of_shipped(root.path(), "scripts-draft");
        let live = copy_of_shipped(root.path(), "scripts");
        let history = root.path().join("scripts-history");
        Dirs {
            _root: root,
            draft,
            live,
            history,
        }
    }

    fn target(&self) -> Target<'_> {
        Target {
            draft: &self.draft,
            live: &self.live,
            history: &self.history,
            by: "王敏",
        }
    }

    fn live_text(&self, name: &str) -> String {
        fs::read_to_string(self.live.join(name)).unwrap()
    }
}

/// 2026-12-05 04:30:00 UTC.
const NOW: i64 = 1_796_445_000;

#[test]
fn a_valid_draft_goes_live_and_the_replaced_scripts_are_kept() {
    let dirs = Dirs::new();
    let old_replies = dirs.live_text("replies.toml");
    edit(
        &dirs.draft.join("replies.toml"),
        "我是客服小棉",
        "我是客服小暖",
    );
    let tried = fingerprint(&dirs.draft);
    let preview = changes(&dirs.draft, &dirs.live).unwrap();

    let published = publish(&dirs.target(), Some(&tried), NOW).unwrap();

    assert_eq!(
        published.changes, preview,
        "what was shown is what went live"
    );
    assert_eq!(published.changes.changed, ["replies.toml"]);
    assert!(published.changes.added.is_empty() && published.changes.removed.is_empty());
    assert_eq!(published.changes.describe(), "changed replies.toml");
    assert!(dirs.live_text("replies.toml").contains("我是客服小暖"));
    let kept = published.kept_in.as_deref().unwrap();
    assert_eq!(kept, dirs.history.join("20261205T043000Z"));
    assert_eq!(
        fs::read_to_string(kept.join("replies.toml")).unwrap(),
        old_replies
    );
    // The whole pack is kept, so going back is publishing that copy.
    assert!(load_dir(kept).is_ok());
    // Loaded from where the files now are, so replies point there.
    assert_eq!(published.scripts.dir.as_deref(), Some(dirs.live.as_path()));
    // No part-written file is left behind.
    let leftovers: Vec<_> = fs::read_dir(&dirs.live)
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .filter(|n| n.ends_with(".publishing"))
        .collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");
}

#[test]
fn a_draft_that_does_not_load_changes_nothing() {
    let dirs = Dirs::new();
    let before = dirs.live_text("replies.toml");
    fs::write(dirs.draft.join("replies.toml"), "[[reply]\nintent = ").unwrap();

    let err = publish(&dirs.target(), None, NOW).unwrap_err();

    let PublishError::DraftInvalid(errors) = &err else {
        panic!("{err}");
    };
    assert!(errors.to_string().contains("replies.toml:1"), "{errors}");
    assert_eq!(dirs.live_text("replies.toml"), before);
    assert!(!dirs.history.exists(), "nothing kept when nothing changed");
}

#[test]
fn a_draft_changed_since_it_was_tried_is_not_published() {
    let dirs = Dirs::new();
    let before = dirs.live_text("replies.toml");
    let tried = fingerprint(&dirs.draft);
    edit(
        &dirs.draft.join("replies.toml"),
        "我是客服小棉",
        "我是客服小暖",
    );

    let err = publish(&dirs.target(), Some(&tried), NOW).unwrap_err();

    assert!(matches!(err, PublishError::DraftChanged), "{err}");
    assert_eq!(dirs.live_text("replies.toml"), before);
}

#[test]
fn a_draft_like_the_live_scripts_is_nothing_to_publish() {
    let dirs = Dirs::new();
    let err = publish(&dirs.target(), None, NOW).unwrap_err();
    assert!(matches!(err, PublishError::Unchanged), "{err}");
    assert!(!dirs.history.exists());
}

#[test]
fn files_the_draft_adds_or_drops_are_added_and_removed() {
    let dirs = Dirs::new();
    // The shop file's facts move into a new file; the old one goes.
    fs::rename(dirs.draft.join("shop.toml"), dirs.draft.join("store.toml")).unwrap();

    let published = publish(&dirs.target(), None, NOW).unwrap();

    assert_eq!(published.changes.added, ["store.toml"]);
    assert_eq!(published.changes.removed, ["shop.toml"]);
    assert_eq!(
        published.changes.describe(),
        "added store.toml; removed shop.toml"
    );
    assert!(dirs.live.join("store.toml").is_file());
    assert!(!dirs.live.join("shop.toml").exists());
    let kept = published.kept_in.unwrap();
    assert!(kept.join("shop.toml").is_file());
}

#[test]
fn two_publishes_in_one_second_keep_two_copies() {
    let dirs = Dirs::new();
    let replies = dirs.draft.join("replies.toml");
    edit(&replies, "我是客服小棉", "我是客服小暖");
    let first = publish(&dirs.target(), None, NOW).unwrap();
    edit(&replies, "我是客服小暖", "我是客服小棉");
    let second = publish(&dirs.target(), None, NOW).unwrap();

    let (first, second) = (first.kept_in.unwrap(), second.kept_in.unwrap());
    assert_ne!(first, second);
    assert_eq!(second, dirs.history.join("20261205T043000Z-2"));
    assert_eq!(
        versions(&dirs.history),
        ["20261205T043000Z-2", "20261205T043000Z"],
        "newest first"
    );
    assert!(fs::read_to_string(second.join("replies.toml"))
        .unwrap()
        .contains("我是客服小暖"));
}

#[test]
fn a_missing_draft_or_the_live_directory_itself_is_refused() {
    let dirs = Dirs::new();
    let missing = dirs.live.with_file_name("no-such-draft");
    let err = publish(
        &Target {
            draft: &missing,
            ..dirs.target()
        },
        None,
        NOW,
    )
    .unwrap_err();
    assert!(matches!(err, PublishError::NoDraft(_)), "{err}");
    assert!(err.to_string().contains("no-such-draft"), "{err}");

    let err = publish(
        &Target {
            draft: &dirs.live,
            ..dirs.target()
        },
        None,
        NOW,
    )
    .unwrap_err();
    assert!(matches!(err, PublishError::SameDirectory(_)), "{err}");
}

#[test]
fn a_copy_failing_half_way_puts_the_old_scripts_back() {
    let dirs = Dirs::new();
    let (replies, shop) = (dirs.live_text("replies.toml"), dirs.live_text("shop.toml"));
    edit(
        &dirs.draft.join("replies.toml"),
        "我是客服小棉",
        "我是客服小暖",
    );
    edit(&dirs.draft.join("shop.toml"), "\n", "\n# 改过\n");
    // replies.toml goes first and gets through; shop.toml then cannot be
    // written, because a directory stands where its new copy would go.
    fs::create_dir(dirs.live.join(".shop.toml.publishing")).unwrap();

    let err = publish(&dirs.target(), None, NOW).unwrap_err();

    let PublishError::RolledBack { failed, kept_in } = &err else {
        panic!("{err}");
    };
    assert!(
        failed.to_string().contains(".shop.toml.publishing"),
        "{err}"
    );
    assert!(err.to_string().contains("put back"), "{err}");
    assert_eq!(dirs.live_text("replies.toml"), replies);
    assert_eq!(dirs.live_text("shop.toml"), shop);
    assert_eq!(
        fs::read_to_string(kept_in.join("replies.toml")).unwrap(),
        replies
    );
}

#[test]
fn each_publish_is_recorded_with_who_and_what_newest_first() {
    let dirs = Dirs::new();
    edit(&dirs.draft.join("replies.toml"), "欢迎光临", "欢迎来到");
    publish(&dirs.target(), None, NOW).unwrap();
    edit(&dirs.draft.join("shop.toml"), "17:00", "16:00");
    let second = Target {
        by: "李强",
        ..dirs.target()
    };
    publish(&second, None, NOW + 60).unwrap();
    // A line cut short by a crash is skipped, not fatal.
    let log = dirs.history.join(LOG_FILE);
    let mut text = fs::read_to_string(&log).unwrap();
    text.push_str("{\"at\":\"2026-12-0\n");
    fs::write(&log, text).unwrap();

    let kept = records(&dirs.history, 10);
    assert_eq!(kept.len(), 2, "{kept:?}");
    assert_eq!(kept[0].by, "李强");
    assert_eq!(kept[0].at, "2026-12-05T04:31:00Z");
    assert_eq!(kept[0].changes.changed, ["shop.toml"]);
    assert_eq!(kept[0].kept_in.as_deref(), Some("20261205T043100Z"));
    assert_eq!(kept[1].by, "王敏");
    assert_eq!(kept[1].changes.changed, ["replies.toml"]);
    assert!(kept[1].from.ends_with("scripts-draft"), "{kept:?}");
    assert_eq!(records(&dirs.history, 1).len(), 1);
    // Not a kept copy.
    assert!(!versions(&dirs.history)
        .iter()
        .any(|v| v.contains("published")));
}

#[test]
fn a_refused_publish_records_nothing() {
    let dirs = Dirs::new();
    let err = publish(&dirs.target(), None, NOW).unwrap_err();
    assert!(matches!(err, PublishError::Unchanged), "{err}");
    assert!(records(&dirs.history, 10).is_empty());
}
