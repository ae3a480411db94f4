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
