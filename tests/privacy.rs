//! Buyers' private data stays private: phone numbers, addresses and ID
//! numbers never appear in clear in the logs (even at debug level), in what
//! the store keeps (sessions, journal, handover queue, and the raw files),
//! or in the entities `kefu classify` prints.

mod support;

use std::path::Path;
use std::process::{Command, Stdio};
use std::time::Duration;
use support::*;

/// Messages as buyers write them, each with private data.
const MESSAGES: &[&str] = &[
    "我的手机号是13812345678,快递放门口就行",
    "收货地址:浙江省杭州市西湖区文三路100号3单元502室",
    "身份证号11010519491231002X,能开发票吗",
    "电话 139-8765-4321 地址 上海市浦东新区张江路88号",
    "我170 120斤穿什么码,寄到广东省深圳市南山区科技园路1号",
    "我要投诉!快递一直不到,打我电话13812345678",
];

/// Pieces of the private data above that must never be seen in clear. The
/// masked forms keep a phone's first three and last four digits
/// (`138****5678`), so the middle digits are what gives a number away.
///
/// Each digit piece is seven digits or more, or holds its separator, not
/// to turn up by chance (a timestamp has six digits after the second): the logs are full of other numbers, and a bare `8765` was
/// found in a timestamp (`20:35:04.876505Z`), failing a clean run.
const SECRETS: &[&str] = &[
    "13812345678",
    "1234567",
    "139-8765",
    "8765-4321",
    // The same number with its hyphens dropped (normalised text).
    "1398765",
    "19491231",
    "11010519",
    "文三路",
    "3单元502",
    "张江路",
    "科技园路",
];

fn leaks(text: &str) -> Vec<&'static str> {
    SECRETS
        .iter()
        .copied()
        .filter(|s| text.contains(s))
        .collect()
}

fn bytes_leak(bytes: &[u8]) -> Vec<&'static str> {
    SECRETS
        .iter()
        .copied()
        .filter(|s| bytes.windows(s.len()).any(|w| w == s.as_bytes()))
        .collect()
}

/// Every byte of every file under `dir`.
fn raw_files(dir: &Path, out: &mut Vec<(String, Vec<u8>)>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            raw_files(&path, out);
        } else {
            out.push((path.display().to_string(), std::fs::read(&path).unwrap()));
        }
    }
}

#[tokio::test]
async fn private_data_is_masked_in_logs_store_and_classify() {
    let channel = TestChannel::start().await;
    let data = tempfile::tempdir().unwrap();
    let logs = tempfile::tempdir().unwrap();
    let stderr_path = logs.path().join("stderr.log");
    let mut bot = Command::new(env!("CARGO_BIN_EXE_kefu"))
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .args([
            "serve",
            "--channel",
            &channel.url(),
            "--scripts",
            "scripts",
            "--data",
        ])
        .arg(data.path())
        .env("KEFU_LOG", "debug")
        .stdout(Stdio::null())
        .stderr(std::fs::File::create(&stderr_path).unwrap())
        .spawn()
        .unwrap();

    for (i, text) in MESSAGES.iter().enumerate() {
        channel.push(message_on(
            &format!("e-{i}"),
            &format!("c-{i}"),
            text,
            "p-1001",
        ));
    }
    channel
        .wait_until("every message handled", |c| {
            c.all_acked() && !c.all_posted().is_empty()
        })
        .await;

    // SIGTERM: the graceful path, which flushes the store and logs on the way out.
    let pid = bot.id().to_string();
    let killed = Command::new("kill").args(["-TERM", &pid]).status().unwrap();
    assert!(killed.success());
    let deadline = std::time::Instant::now() + PATIENCE;
    let status = loop {
        if let Some(status) = bot.try_wait().unwrap() {
            break status;
        }
        if std::time::Instant::now() > deadline {
            let _ = bot.kill();
            panic!("the bot did not stop on SIGTERM");
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    };
    assert!(status.success(), "{status:?}");

    let stderr = std::fs::read_to_string(&stderr_path).unwrap();
    assert!(stderr.contains("DEBUG"), "debug logging was on: {stderr}");
    assert_eq!(leaks(&stderr), Vec::<&str>::new(), "in the logs:\n{stderr}");

    let store = open_store(data.path());
    let mut kept = String::new();
    for session in store.sessions() {
        kept += &format!("{:?}\n", session.unwrap());
    }
    for entry in store.journal(0, i64::MAX) {
        kept += &format!("{:?}\n", entry.unwrap());
    }
    let handover = store.handover_items(true).unwrap();
    assert!(!handover.is_empty(), "the complaint went to a person");
    kept += &format!("{handover:?}\n");
    assert!(
        kept.contains("138****5678"),
        "masked numbers are kept: {kept}"
    );
    assert_eq!(leaks(&kept), Vec::<&str>::new(), "in the store:\n{kept}");
    drop(store);

    let mut files = Vec::new();
    raw_files(data.path(), &mut files);
    for (name, bytes) in files {
        assert_eq!(
            bytes_leak(&bytes),
            Vec::<&str>::new(),
            "in the raw file {name}"
        );
    }
}

#[test]
fn classify_prints_no_private_entity_in_clear() {
    let out = support::run_kefu(&["classify", "--scripts", "scripts"], &MESSAGES.join("\n"));
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let stdout = String::from_utf8(out.stdout).unwrap();
    let mut phones = 0;
    for line in stdout.lines() {
        let value: serde_json::Value = serde_json::from_str(line).unwrap();
        let entities = value["entities"].to_string();
        assert_eq!(leaks(&entities), Vec::<&str>::new(), "entities of {line}");
        phones += usize::from(value["entities"]["phone"].is_string());
    }
    assert!(
        phones >= 2,
        "phone numbers are recognised, masked: {stdout}"
    );
}
