//! Broken and unusual files, as they arrive from real editors and real
//! mistakes: empty, huge, not UTF-8, with a byte-order mark, with Windows
//! line endings, with duplicate keys. Each must give a clear error naming
//! the file (and line, where there is one), or just work — never a panic.

use kefu::config::Config;
use kefu::script::{load_dir, load_sources, ScriptErrors};
use std::path::Path;

const SHOP: &str = "[shop]\nname = \"测试店\"\n";
const INTENT: &str = "[[intent]]\nname = \"greeting\"\nkeywords = [\"在吗\"]\n";
const REPLY: &str = "[[reply]]\nintent = \"greeting\"\ntexts = [\"亲,在的~\"]\n";

fn pack() -> String {
    format!("{SHOP}\n{INTENT}\n{REPLY}")
}

/// A directory holding `files` (name, bytes).
fn dir_with(files: &[(&str, &[u8])]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    for (name, bytes) in files {
        std::fs::write(dir.path().join(name), bytes).unwrap();
    }
    dir
}

fn errors_of(dir: &Path) -> Vec<String> {
    match load_dir(dir) {
        Ok(_) => Vec::new(),
        Err(ScriptErrors(errors)) => errors.iter().map(ToString::to_string).collect(),
    }
}

/// Loads `text` as `pack.toml` and checks an error names the line holding byte `at`.
fn assert_reported_at(text: &str, at: usize) {
    let line = 1 + text[..at].matches('\n').count();
    let dir = dir_with(&[("pack.toml", text.as_bytes())]);
    let errors = errors_of(dir.path());
    assert!(
        errors
            .iter()
            .any(|e| e.contains(&format!("pack.toml:{line}:"))),
        "{errors:?}"
    );
}

fn config_file(bytes: &[u8]) -> (tempfile::TempDir, std::path::PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("kefu.toml");
    std::fs::write(&path, bytes).unwrap();
    (dir, path)
}

// ---------------------------------------------------------------- scripts --

#[test]
fn the_sample_pack_loads() {
    let dir = dir_with(&[("pack.toml", pack().as_bytes())]);
    assert_eq!(errors_of(dir.path()), Vec::<String>::new());
}

#[test]
fn an_empty_script_file_is_harmless_but_an_empty_pack_is_not() {
    let dir = dir_with(&[("pack.toml", pack().as_bytes()), ("empty.toml", b"")]);
    assert_eq!(errors_of(dir.path()), Vec::<String>::new());

    let dir = dir_with(&[("empty.toml", b"")]);
    let errors = errors_of(dir.path());
    assert!(
        errors.iter().any(|e| e.contains("no [[intent]]")),
        "{errors:?}"
    );

    let dir = tempfile::tempdir().unwrap();
    let errors = errors_of(dir.path());
    assert!(errors.iter().any(|e| e.contains("no *.toml")), "{errors:?}");
}

#[test]
fn invalid_utf8_names_the_file_and_line() {
    let mut bytes = pack().into_bytes();
    bytes.extend_from_slice(b"\n# \xff\xfe broken\n");
    let bad_line = 1 + pack().matches('\n').count() + 1;
    let dir = dir_with(&[("pack.toml", &bytes)]);
    let errors = errors_of(dir.path());
    assert_eq!(errors.len(), 1, "{errors:?}");
    assert!(
        errors[0].contains(&format!("pack.toml:{bad_line}:")),
        "{errors:?}"
    );
    assert!(errors[0].contains("UTF-8"), "{errors:?}");

    // GBK, the other encoding Chinese editors save in.
    let gbk = b"[shop]\nname = \"\xb2\xe2\xca\xd4\"\n";
    let dir = dir_with(&[
        ("shop.toml", gbk),
        ("pack.toml", format!("{INTENT}{REPLY}").as_bytes()),
    ]);
    let errors = errors_of(dir.path());
    assert!(
        errors
            .iter()
            .any(|e| e.contains("shop.toml:2:") && e.contains("UTF-8")),
        "{errors:?}"
    );
}

#[test]
fn a_byte_order_mark_is_ignored_and_lines_still_count() {
    let text = format!("\u{feff}{}", pack());
    let dir = dir_with(&[("pack.toml", text.as_bytes())]);
    assert_eq!(errors_of(dir.path()), Vec::<String>::new());

    let broken = format!(
        "\u{feff}{SHOP}\n{INTENT}\n[[reply]]\nintent = \"greeting\"\ntexts = [\"亲{{itme}}\"]\n"
    );
    assert_reported_at(&broken, broken.find("itme").unwrap());
}

#[test]
fn windows_line_endings_load_and_report_the_right_line() {
    let crlf = pack().replace('\n', "\r\n");
    let dir = dir_with(&[("pack.toml", crlf.as_bytes())]);
    assert_eq!(errors_of(dir.path()), Vec::<String>::new());
    let scripts = load_dir(dir.path()).unwrap();
    let text = scripts.replies.sets()[0].texts[0].source().to_string();
    assert!(!text.contains('\r'), "{text:?}");

    let broken = format!(
        "{SHOP}\n{INTENT}\n[[intent]]\nname = \"greeting\"\nkeywords = [\"你好\"]\n{REPLY}"
    )
    .replace('\n', "\r\n");
    assert_reported_at(&broken, broken.rfind("name = \"greeting\"").unwrap());
}

#[test]
fn duplicate_keys_and_tables_are_errors_with_lines() {
    let twice = format!("{SHOP}name = \"又一个\"\n\n{INTENT}\n{REPLY}");
    let dir = dir_with(&[("pack.toml", twice.as_bytes())]);
    let errors = errors_of(dir.path());
    assert!(
        errors
            .iter()
            .any(|e| e.starts_with(&format!("{}:3:", dir.path().join("pack.toml").display()))),
        "{errors:?}"
    );
    assert!(errors.iter().any(|e| e.contains("duplicate")), "{errors:?}");

    let two_shops = format!("{SHOP}\n{SHOP}\n{INTENT}\n{REPLY}");
    let dir = dir_with(&[("pack.toml", two_shops.as_bytes())]);
    assert!(!errors_of(dir.path()).is_empty());

    // The same table in two files is a merge question, answered by validation.
    let dir = dir_with(&[("a.toml", pack().as_bytes()), ("b.toml", SHOP.as_bytes())]);
    let errors = errors_of(dir.path());
    assert!(errors.iter().any(|e| e.contains("b.toml")), "{errors:?}");
}

#[test]
fn huge_files_load_or_fail_cleanly() {
    // Two megabytes of comments around a valid pack: fine.
    let padding = "# 这是一行很长的注释,用来把文件撑大。\n".repeat(40_000);
    let big = format!("{padding}{}{padding}", pack());
    assert!(big.len() > 2_000_000);
    assert!(load_sources(&[("big.toml".into(), big)]).is_ok());

    // A binary blob renamed to .toml: one syntax error, not a flood.
    let blob: String = (0..2_000_000u32)
        .map(|i| char::from(b'!' + (i % 90) as u8))
        .collect();
    let errors = load_sources(&[("blob.toml".into(), blob), ("pack.toml".into(), pack())])
        .unwrap_err()
        .0;
    assert_eq!(errors.len(), 1, "{errors:?}");
    assert!(
        errors[0].to_string().starts_with("blob.toml:1:"),
        "{}",
        errors[0]
    );

    // A very long reply and thousands of keywords still compile.
    let long = "亲".repeat(100_000);
    let keywords: Vec<String> = (0..5_000).map(|i| format!("\"词{i}\"")).collect();
    let text = format!(
        "{SHOP}[[intent]]\nname = \"greeting\"\nkeywords = [{}]\n[[reply]]\nintent = \"greeting\"\ntexts = [\"{long}\"]\n",
        keywords.join(",")
    );
    let scripts = load_sources(&[("many.toml".into(), text)]).unwrap();
    assert!(scripts.classifier.classify("词4999").has("greeting"));
}

// ----------------------------------------------------------------- config --

#[test]
fn config_empty_file_is_the_default() {
    let (_d, path) = config_file(b"");
    let config = Config::load(Some(&path)).unwrap();
    assert!(config.channel.url.is_empty());
}

#[test]
fn config_bom_and_crlf_are_accepted() {
    let (_d, path) = config_file(
        "\u{feff}mode = \"auto\"\r\n[channel]\r\nurl = \"ws://127.0.0.1:1/\"\r\n".as_bytes(),
    );
    let config = Config::load(Some(&path)).unwrap();
    assert_eq!(config.channel.url, "ws://127.0.0.1:1/");

    let (_d, path) =
        config_file("\u{feff}mode = \"auto\"\r\n[channel]\r\ntokne = \"x\"\r\n".as_bytes());
    let err = Config::load(Some(&path)).unwrap_err().to_string();
    assert!(
        err.contains("kefu.toml:3:") && err.contains("tokne"),
        "{err}"
    );
}

#[test]
fn config_invalid_utf8_is_a_clear_error() {
    let (_d, path) = config_file(b"mode = \"auto\"\n# \xd6\xd0\xce\xc4\n");
    let err = Config::load(Some(&path)).unwrap_err().to_string();
    assert!(
        err.contains("kefu.toml:2:") && err.contains("UTF-8"),
        "{err}"
    );
}

#[test]
fn config_duplicate_keys_name_the_line() {
    let (_d, path) = config_file(b"mode = \"auto\"\n[channel]\nurl = \"\"\nurl = \"ws://x/\"\n");
    let err = Config::load(Some(&path)).unwrap_err().to_string();
    assert!(err.contains("kefu.toml:4:"), "{err}");
    let (_d, path) = config_file(b"[channel]\n[storage]\n[channel]\n");
    let err = Config::load(Some(&path)).unwrap_err().to_string();
    assert!(err.contains("kefu.toml:3:"), "{err}");
}

#[test]
fn config_huge_or_garbage_files_fail_cleanly() {
    let mut huge = "# padding\n".repeat(300_000).into_bytes();
    huge.extend_from_slice(b"mode = \"auto\"\n");
    let (_d, path) = config_file(&huge);
    assert!(Config::load(Some(&path)).is_ok());

    let garbage: Vec<u8> = (0..1_000_000u32).map(|i| b'!' + (i % 90) as u8).collect();
    let (_d, path) = config_file(&garbage);
    let err = Config::load(Some(&path)).unwrap_err().to_string();
    assert!(err.contains("kefu.toml:1:"), "{err}");

    let (_d, path) = config_file(b"[connection]\nping_interval_secs = -1\n");
    let err = Config::load(Some(&path)).unwrap_err().to_string();
    assert!(err.contains("kefu.toml:2:"), "{err}");

    let (_d, path) = config_file(b"[connection]\nping_interval_secs = 99999999999999999999\n");
    assert!(Config::load(Some(&path)).is_err());
}

#[test]
fn config_missing_or_directory_paths_are_clear_errors() {
    let dir = tempfile::tempdir().unwrap();
    let err = Config::load(Some(&dir.path().join("nope.toml")))
        .unwrap_err()
        .to_string();
    assert!(err.contains("nope.toml"), "{err}");
    let err = Config::load(Some(dir.path())).unwrap_err().to_string();
    assert!(err.contains(&dir.path().display().to_string()), "{err}");
}
