//! `kefu check --lint` as supervisors and CI use it: warnings with file:line,
//! exit 0 unless `--deny-warnings`.

mod support;

use std::process::Output;

fn kefu(args: &[&str]) -> Output {
    support::run_kefu(args, "")
}

const PACK: &str = r#"[shop]
name = "测试店"

[[intent]]
name = "greeting"
keywords = ["在吗", "最好的"]

[[reply]]
intent = "greeting"
texts = [
  "亲,在的~",
  "亲,我们家是全网最低价哦,明天一定到~",
]
"#;

#[test]
fn lint_warns_with_file_and_line_and_fails_only_when_asked() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("pack.toml"), PACK).unwrap();
    let path = dir.path().to_str().unwrap();

    let plain = kefu(&["check", path]);
    assert!(plain.status.success());
    assert!(!String::from_utf8_lossy(&plain.stdout).contains("warning"));

    let linted = kefu(&["check", path, "--lint"]);
    let report = String::from_utf8_lossy(&linted.stdout);
    assert!(linted.status.success(), "{report}");
    assert!(
        report.contains("pack.toml:12:") && report.contains("`最`"),
        "{report}"
    );
    assert!(report.contains("delivery date"), "{report}");
    assert!(
        !report.contains("pack.toml:6:"),
        "keywords are not linted: {report}"
    );

    let denied = kefu(&["check", path, "--deny-warnings"]);
    assert_eq!(
        denied.status.code(),
        Some(1),
        "{}",
        String::from_utf8_lossy(&denied.stdout)
    );

    let short = kefu(&["check", path, "--lint", "--max-reply-chars", "5"]);
    assert!(String::from_utf8_lossy(&short.stdout).contains("chat bubble"));
}

#[test]
fn the_shipped_pack_passes_the_ci_gate() {
    let out = kefu(&["check", "scripts", "--deny-warnings"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stdout)
    );
}

#[test]
fn a_full_width_comma_is_named_at_its_column_before_any_echo() {
    // shop.toml does not parse: the faq answer quoting its hours is not
    // reported as quoting a fact the shop does not state, and the syntax
    // error comes first although faq.toml sorts before shop.toml.
    let dir = tempfile::tempdir().unwrap();
    let write = |name: &str, text: &str| std::fs::write(dir.path().join(name), text).unwrap();
    write(
        "faq.toml",
        "[[faq]]\nask = [\"几点上班\"]\nsay = \"人工{business_hours}在线\"\nintent = \"greeting\"\n",
    );
    write(
        "intents.toml",
        "[[intent]]\nname = \"greeting\"\nkeywords = [\"在吗\"]\n\n[[reply]]\nintent = \"greeting\"\ntexts = [\"在的\"]\nstage = \"unpaid\"\n",
    );
    write(
        "shop.toml",
        "[shop]\nname = \"店\"\nbusiness_hours = \"09:00-18:00\"\ncouriers = [\"中通\"，\"韵达\"]\n",
    );
    let out = kefu(&["check", dir.path().to_str().unwrap()]);
    let report = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(1), "{report}");
    let lines: Vec<&str> = report.lines().collect();
    assert!(
        lines[0].ends_with(
            "shop.toml:4:17: a full-width comma '，' (全角逗号): TOML needs the half-width ','"
        ),
        "{report}"
    );
    assert!(!report.contains("does not state"), "{report}");
    assert!(
        report.contains("did you mean `ordered_unpaid`?"),
        "{report}"
    );
}
