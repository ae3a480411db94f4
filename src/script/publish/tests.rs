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
            over_hot_fixes: false,
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

/// Publishes a greeting change, so the next publish has a copy to compare
/// the live files with; then `scripts/` gets a hot fix of a typo in
/// `shop.toml`, after the draft was copied.
fn published_then_hot_fixed(dirs: &Dirs) {
    edit(
        &dirs.draft.join("replies.toml"),
        "我是客服小棉",
        "我是客服小暖",
    );
    publish(&dirs.target(), None, NOW).unwrap();
    edit(&dirs.live.join("shop.toml"), "17:00", "17:30");
    // The supervisor goes on with the draft copied before the fix.
    edit(&dirs.draft.join("replies.toml"), "欢迎光临", "欢迎来到");
}

#[test]
fn a_draft_that_would_undo_a_hot_fix_is_refused_naming_the_file() {
    let dirs = Dirs::new();
    published_then_hot_fixed(&dirs);
    let before = fs::read_dir(&dirs.history).unwrap().count();

    let err = publish(&dirs.target(), None, NOW + 60).unwrap_err();

    let PublishError::HotFixes(undone) = &err else {
        panic!("{err}");
    };
    assert_eq!(undone.names(), ["shop.toml"]);
    assert_eq!(undone.fixes[0].kind, HotFixKind::Changed);
    let text = err.to_string();
    let (live, draft) = (dirs.live.join("shop.toml"), dirs.draft.join("shop.toml"));
    for said in [
        "would undo a fix saved directly in".to_string(),
        "shop.toml: changed in place".to_string(),
        format!("diff {} {}", live.display(), draft.display()),
        "--over-hot-fixes".to_string(),
        "\"over_hot_fixes\": true".to_string(),
    ] {
        assert!(text.contains(&said), "{said} in {text}");
    }
    assert!(
        !text.contains("replies.toml"),
        "the draft's own change: {text}"
    );
    assert_eq!(
        undone.commands(&undone.fixes[0]),
        [
            format!(
                "diff {} {}",
                dirs.history.join(SNAPSHOT_DIR).join("shop.toml").display(),
                live.display()
            ),
            format!("diff {} {}", live.display(), draft.display()),
        ]
    );
    // Nothing copied, kept or recorded.
    assert!(dirs.live_text("shop.toml").contains("17:30"));
    assert!(dirs.live_text("replies.toml").contains("我是客服小暖"));
    assert_eq!(fs::read_dir(&dirs.history).unwrap().count(), before);
    assert_eq!(records(&dirs.history, 10).len(), 1);
    // The dry run sees the same.
    assert_eq!(
        would_undo(&dirs.target()).unwrap().unwrap().names(),
        ["shop.toml"]
    );
}

#[test]
fn files_added_or_removed_in_place_count_as_hot_fixes() {
    let dirs = Dirs::new();
    edit(&dirs.draft.join("replies.toml"), "欢迎光临", "欢迎来到");
    publish(&dirs.target(), None, NOW).unwrap();
    // In place: a new file, and one taken away.
    fs::copy(dirs.live.join("shop.toml"), dirs.live.join("extra.toml")).unwrap();
    fs::remove_file(dirs.live.join("faq.toml")).unwrap();
    edit(&dirs.draft.join("replies.toml"), "欢迎来到", "欢迎光临");

    let err = publish(&dirs.target(), None, NOW + 60).unwrap_err();

    let PublishError::HotFixes(undone) = &err else {
        panic!("{err}");
    };
    assert_eq!(undone.names(), ["extra.toml", "faq.toml"]);
    assert_eq!(
        undone.fixes.iter().map(|f| f.kind).collect::<Vec<_>>(),
        [HotFixKind::Added, HotFixKind::Removed]
    );
    let text = err.to_string();
    assert!(text.contains("publishing would remove it"), "{text}");
    assert!(text.contains("publishing would put it back"), "{text}");
    // The commands the console lists are the ones the refusal names.
    let keep = format!(
        "cp {} {}",
        dirs.live.join("extra.toml").display(),
        dirs.draft.display()
    );
    let remove = format!("rm {}", dirs.draft.join("faq.toml").display());
    let commands: Vec<Vec<String>> = undone.fixes.iter().map(|f| undone.commands(f)).collect();
    assert_eq!(commands, [vec![keep.clone()], vec![remove.clone()]]);
    for (fix, command) in undone.fixes.iter().zip([keep, remove]) {
        let advice = undone.advice(fix);
        assert!(advice.contains(&command), "{command} in {advice}");
        assert!(
            text.contains(&format!("  {}: {advice}\n", fix.name)),
            "{text}"
        );
    }
}

#[test]
fn a_draft_that_carries_the_hot_fix_publishes() {
    let dirs = Dirs::new();
    published_then_hot_fixed(&dirs);
    // Brought into the draft as it is in scripts/.
    fs::copy(dirs.live.join("shop.toml"), dirs.draft.join("shop.toml")).unwrap();

    let published = publish(&dirs.target(), None, NOW + 60).unwrap();

    assert_eq!(published.changes.changed, ["replies.toml"]);
    assert!(published.undid_hot_fixes.is_empty());
    assert!(dirs.live_text("shop.toml").contains("17:30"));
    assert!(dirs.live_text("replies.toml").contains("欢迎来到"));
}

#[test]
fn a_draft_copied_after_the_hot_fix_and_edited_in_the_same_file_publishes() {
    let dirs = Dirs::new();
    published_then_hot_fixed(&dirs);
    // Copied again after the fix, as the docs ask, and edited in that file.
    fs::copy(dirs.live.join("shop.toml"), dirs.draft.join("shop.toml")).unwrap();
    edit(&dirs.draft.join("shop.toml"), "\n", "\n# 营业时间改过\n");

    let published = publish(&dirs.target(), None, NOW + 60).unwrap();

    assert!(published.changes.changed.contains(&"shop.toml".to_string()));
    assert!(published.undid_hot_fixes.is_empty());
    assert!(dirs.live_text("shop.toml").contains("17:30"));

    // But one that changed the fixed line itself lacks the fix.
    edit(&dirs.live.join("shop.toml"), "17:30", "18:00");
    edit(&dirs.draft.join("shop.toml"), "17:30", "17:45");
    let err = publish(&dirs.target(), None, NOW + 120).unwrap_err();
    assert!(matches!(err, PublishError::HotFixes(_)), "{err}");
}

#[test]
fn publishing_over_hot_fixes_publishes_and_records_what_it_undid() {
    let dirs = Dirs::new();
    published_then_hot_fixed(&dirs);
    let over = Target {
        over_hot_fixes: true,
        ..dirs.target()
    };

    let published = publish(&over, None, NOW + 60).unwrap();

    assert_eq!(published.undid_hot_fixes, ["shop.toml"]);
    assert!(dirs.live_text("shop.toml").contains("17:00"));
    // The fixed file is in the kept copy.
    let kept = published.kept_in.unwrap();
    assert!(fs::read_to_string(kept.join("shop.toml"))
        .unwrap()
        .contains("17:30"));
    let last = &records(&dirs.history, 1)[0];
    assert_eq!(last.undid_hot_fixes, ["shop.toml"]);
    // The copy of what went live is this publish's now: nothing to refuse.
    edit(&dirs.draft.join("replies.toml"), "欢迎来到", "欢迎光临");
    let next = publish(&dirs.target(), None, NOW + 120).unwrap();
    assert!(next.undid_hot_fixes.is_empty());
}

#[test]
fn without_a_copy_of_the_last_publish_a_draft_publishes_as_before() {
    let dirs = Dirs::new();
    // A history from a kefu that kept no copy: an earlier publish, then a
    // fix in place.
    edit(&dirs.draft.join("replies.toml"), "欢迎光临", "欢迎来到");
    publish(&dirs.target(), None, NOW).unwrap();
    fs::remove_dir_all(dirs.history.join(SNAPSHOT_DIR)).unwrap();
    edit(&dirs.live.join("shop.toml"), "17:00", "17:30");
    edit(&dirs.draft.join("replies.toml"), "欢迎来到", "欢迎光临");

    let published = publish(&dirs.target(), None, NOW + 60).unwrap();

    assert!(published.undid_hot_fixes.is_empty());
    assert!(dirs.live_text("shop.toml").contains("17:00"));
    // And from now on there is one, which is not listed as a kept copy.
    assert!(dirs.history.join(SNAPSHOT_DIR).join("shop.toml").is_file());
    assert!(!versions(&dirs.history).iter().any(|v| v.starts_with('.')));
}

#[test]
fn going_back_to_a_kept_copy_is_not_stopped_by_hot_fixes() {
    let dirs = Dirs::new();
    published_then_hot_fixed(&dirs);
    let kept = dirs.history.join(&versions(&dirs.history)[0]);
    assert!(is_kept_copy(&dirs.history, &kept));
    assert!(!is_kept_copy(&dirs.history, &dirs.draft));
    assert!(!is_kept_copy(
        &dirs.history,
        &dirs.history.join(SNAPSHOT_DIR)
    ));

    let back = Target {
        draft: &kept,
        ..dirs.target()
    };
    let published = publish(&back, None, NOW + 60).unwrap();

    // Going back is explicit, but the record still says what it undid.
    assert_eq!(published.undid_hot_fixes, ["shop.toml"]);
    assert!(dirs.live_text("shop.toml").contains("17:00"));
    assert!(dirs.live_text("replies.toml").contains("我是客服小棉"));
    assert_eq!(records(&dirs.history, 1)[0].undid_hot_fixes, ["shop.toml"]);
}
