//! `kefu publish` as supervisors and deploy scripts use it: a draft put in
//! force with the replaced scripts kept, and a draft that would undo a fix
//! saved directly in the scripts directory refused until told otherwise.

mod support;

use std::process::Output;

fn kefu(args: &[&str], stdin: &str) -> Output {
    support::run_kefu(args, stdin)
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

#[test]
fn publish_puts_a_draft_in_force_and_keeps_what_it_replaced() {
    let root = tempfile::tempdir().unwrap();
    let live = support::shipped_copy(root.path(), "scripts");
    let draft = support::shipped_copy(root.path(), "scripts-draft");
    let history = root.path().join("scripts-history");
    let replies = draft.join("replies.toml");
    let old = "我是客服小棉,有什么可以帮您的呢?";
    let before = std::fs::read_to_string(&replies).unwrap();
    assert!(
        before.contains(old),
        "the shipped greeting changed; update this test"
    );
    std::fs::write(&replies, before.replace(old, "我是小棉,今天想看点什么呢?")).unwrap();
    // Always all three directories: the defaults are the repository's own.
    let publish = |extra: &[&str]| {
        let mut args = vec![
            "publish",
            "--draft",
            draft.to_str().unwrap(),
            "--scripts",
            live.to_str().unwrap(),
            "--history",
            history.to_str().unwrap(),
        ];
        args.extend_from_slice(extra);
        kefu(&args, "")
    };

    let out = publish(&["--dry-run"]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert!(
        text(&out.stdout).contains("changed replies.toml (nothing written)"),
        "{}",
        text(&out.stdout)
    );
    assert!(std::fs::read_to_string(live.join("replies.toml"))
        .unwrap()
        .contains(old));
    assert!(!history.exists());

    let out = publish(&["--by", "王敏"]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let shown = text(&out.stdout);
    assert!(shown.contains("changed replies.toml"), "{shown}");
    assert!(shown.contains("kept in"), "{shown}");
    assert!(std::fs::read_to_string(live.join("replies.toml"))
        .unwrap()
        .contains("今天想看点什么"));
    // One kept copy, beside the hidden copy of what went live (for the
    // next publish's hot-fix check), which is not a version to go back to.
    let kept: Vec<_> = std::fs::read_dir(&history)
        .unwrap()
        .filter(|e| e.as_ref().unwrap().path().is_dir())
        .filter(|e| {
            !e.as_ref()
                .unwrap()
                .file_name()
                .to_string_lossy()
                .starts_with('.')
        })
        .collect();
    assert_eq!(kept.len(), 1);
    assert!(history.join(".published/replies.toml").is_file());

    // The kept copy to go back to, and who published what.
    let out = publish(&["--list"]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let listed = text(&out.stdout);
    assert!(
        listed.contains("王敏") && listed.contains("changed replies.toml"),
        "{listed}"
    );
    let copy = kept[0].as_ref().unwrap().path();
    assert!(listed.contains(copy.to_str().unwrap()), "{listed}");
    assert_eq!(publish(&["--by", " "]).status.code(), Some(1));

    let out = publish(&[]);
    assert!(out.status.success());
    assert!(
        text(&out.stdout).contains("nothing to publish"),
        "{}",
        text(&out.stdout)
    );

    // A draft that does not load: file:line, exit 1, nothing touched.
    std::fs::write(draft.join("intents.toml"), "[[intent]\n").unwrap();
    let out = publish(&[]);
    assert_eq!(out.status.code(), Some(1), "{}", text(&out.stdout));
    assert!(
        text(&out.stderr).contains("intents.toml:1"),
        "{}",
        text(&out.stderr)
    );
    assert!(live.join("intents.toml").metadata().unwrap().len() > 100);
}

#[test]
fn publish_refuses_a_draft_that_would_undo_a_hot_fix_unless_told_to() {
    let root = tempfile::tempdir().unwrap();
    let live = support::shipped_copy(root.path(), "scripts");
    let draft = support::shipped_copy(root.path(), "scripts-draft");
    let history = root.path().join("scripts-history");
    let edit = |path: &std::path::Path, from: &str, to: &str| {
        let before = std::fs::read_to_string(path).unwrap();
        assert!(before.contains(from), "{} lacks {from}", path.display());
        std::fs::write(path, before.replacen(from, to, 1)).unwrap();
    };
    let publish = |draft: &std::path::Path, extra: &[&str]| {
        let mut args = vec![
            "publish",
            "--draft",
            draft.to_str().unwrap(),
            "--scripts",
            live.to_str().unwrap(),
            "--history",
            history.to_str().unwrap(),
        ];
        args.extend_from_slice(extra);
        kefu(&args, "")
    };
    let shop = || std::fs::read_to_string(live.join("shop.toml")).unwrap();
    edit(&draft.join("replies.toml"), "欢迎光临", "欢迎来到");
    assert!(publish(&draft, &[]).status.success());
    // A typo fixed in scripts/ itself, while the draft goes on.
    edit(&live.join("shop.toml"), "17:00", "17:30");
    edit(&draft.join("replies.toml"), "欢迎来到", "欢迎光临");

    for extra in [&["--dry-run"][..], &[]] {
        let out = publish(&draft, extra);
        assert_eq!(
            out.status.code(),
            Some(1),
            "{extra:?}: {}",
            text(&out.stdout)
        );
        let said = text(&out.stderr);
        for words in [
            "would undo a fix saved directly in",
            "shop.toml: changed in place",
            "--over-hot-fixes",
        ] {
            assert!(said.contains(words), "{extra:?}: {words} in {said}");
        }
        assert!(shop().contains("17:30"), "{extra:?}: the fix stays");
    }

    let out = publish(&draft, &["--dry-run", "--over-hot-fixes"]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert!(
        text(&out.stdout).contains("it would undo"),
        "{}",
        text(&out.stdout)
    );
    let out = publish(&draft, &["--over-hot-fixes"]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let shown = text(&out.stdout);
    assert!(
        shown.contains("this undid") && shown.contains("shop.toml"),
        "{shown}"
    );
    assert!(shop().contains("17:00"));

    // Going back to a kept copy is not checked: the copy of the first
    // publish's scripts goes live over a new fix.
    edit(&live.join("shop.toml"), "17:00", "17:15");
    let out = publish(&draft, &["--list"]);
    let listed = text(&out.stdout);
    let oldest = listed
        .lines()
        // Newest first: the last listed is the first publish's.
        .rfind(|l| l.trim_start().starts_with(history.to_str().unwrap()))
        .expect("a kept copy")
        .trim()
        .to_string();
    let out = publish(std::path::Path::new(&oldest), &[]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert!(shop().contains("17:00"));
}
