//! The command line as supervisors use it: check, classify, chat, eval,
//! and the errors of report and handover (`kefu publish` is in
//! `cli_publish.rs`).

mod support;

use std::process::Output;

fn kefu(args: &[&str], stdin: &str) -> Output {
    support::run_kefu(args, stdin)
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

#[test]
fn check_passes_on_the_shipped_pack() {
    let out = kefu(&["check", "scripts"], "");
    assert!(out.status.success(), "{}", text(&out.stdout));
    assert!(text(&out.stdout).contains("20 intents"));
    assert!(
        text(&out.stdout).contains("faq answers"),
        "{}",
        text(&out.stdout)
    );
    // The shop's own answers and its delivery regions are counted too.
    assert!(
        text(&out.stdout).contains("24 shop answers, 3 regions"),
        "{}",
        text(&out.stdout)
    );
}

#[test]
fn check_lists_every_problem_with_file_and_line() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("pack.toml"),
        r#"[shop]
name = "测试店"

[[intent]]
name = "greeting"
keywords = ["在吗"]
patterns = ['(unclosed']

[[reply]]
intent = "greting"
texts = ["亲,在的~"]

[[reply]]
intent = "greeting"
texts = ["亲,{itme}有货哦"]
"#,
    )
    .unwrap();
    let out = kefu(&["check", dir.path().to_str().unwrap()], "");
    assert_eq!(out.status.code(), Some(1));
    let report = text(&out.stdout);
    // Each at its line and column, the line shown with a caret under it.
    assert!(
        report.contains("pack.toml:7:14: invalid regex `(unclosed`: unclosed group"),
        "invalid regex at the group left open:\n{report}"
    );
    assert!(
        report.contains("  | patterns = ['(unclosed']\n  |              ^\n"),
        "{report}"
    );
    assert!(
        report.contains("pack.toml:10:10: reply for unknown intent or situation `greting`"),
        "unknown intent at its value:\n{report}"
    );
    assert!(
        report.contains("pack.toml:15:13: reply `greeting`: unknown template variable {itme}"),
        "unknown variable at its brace:\n{report}"
    );
    assert!(
        report.contains("  | texts = [\"亲,{itme}有货哦\"]\n  |              ^\n"),
        "two cells for each Chinese character before the caret:\n{report}"
    );
}

#[test]
fn classify_writes_one_json_object_per_line() {
    let out = kefu(
        &["classify"],
        "在吗?這款有Ｌ碼嗎[微笑]\n\n我170 120斤穿什么码\n",
    );
    assert!(out.status.success());
    let lines: Vec<serde_json::Value> = text(&out.stdout)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(lines.len(), 3, "one object per input line, empty ones too");
    assert_eq!(lines[0]["text"], "在吗?這款有Ｌ碼嗎[微笑]");
    let names: Vec<&str> = lines[0]["intents"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["name"].as_str().unwrap())
        .collect();
    assert!(names.contains(&"greeting"), "{names:?}");
    assert!(
        names.contains(&"stock") || names.contains(&"size_advice"),
        "{names:?}"
    );
    assert_eq!(lines[0]["entities"]["size"], "L");
    assert_eq!(lines[1]["intent"], "other");
    assert_eq!(lines[2]["intent"], "size_advice");
    assert_eq!(lines[2]["entities"]["height_cm"], 170);
    assert_eq!(lines[2]["entities"]["weight_jin"], 120);
    assert!(!lines[2]["intents"][0]["matched"]
        .as_array()
        .unwrap()
        .is_empty());
}

#[test]
fn chat_shows_the_reply_and_why() {
    let out = kefu(
        &["chat"],
        "/item p-1001\n在吗\n能便宜点吗\n/order created 129\n/state\n/quit\n",
    );
    assert!(out.status.success());
    let transcript = text(&out.stdout);
    assert!(transcript.contains("客服>"), "{transcript}");
    assert!(transcript.contains("greeting"), "{transcript}");
    assert!(transcript.contains("bargain"), "{transcript}");
    assert!(transcript.contains("stage: ordered_unpaid"), "{transcript}");
    // Each reply says where its set is written, so a supervisor knows what to edit.
    let greeting = transcript
        .lines()
        .find(|l| l.contains("(greeting)"))
        .expect("the greeting's line");
    let (_, from) = greeting.split_once("← ").expect("where the set is written");
    let (file, line) = from.trim().rsplit_once(':').expect("file:line");
    assert!(file.ends_with("replies.toml"), "{greeting}");
    let line: usize = line.parse().expect("a line number");
    let written = std::fs::read_to_string(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("scripts/replies.toml"),
    )
    .unwrap();
    let set: Vec<&str> = written.lines().skip(line - 1).take(2).collect();
    assert_eq!(set, ["[[reply]]", "intent = \"greeting\""], "{greeting}");
}

#[test]
fn chat_names_the_shops_answer_that_spoke() {
    let out = kefu(&["chat"], "/item p-1001\n有实体店吗\n/quit\n");
    assert!(out.status.success());
    let transcript = text(&out.stdout);
    // `from` alone is the item_faq set's `{faq}`: the entry is what to edit.
    let line = transcript
        .lines()
        .find(|l| l.contains("(item_faq"))
        .expect("the answer's trace");
    let faq = std::fs::read_to_string(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("scripts/faq.toml"),
    )
    .unwrap();
    let at = 1 + faq
        .lines()
        .position(|l| l.contains("\"有实体店吗\", \"有没有实体店\""))
        .unwrap();
    assert!(
        line.contains(&format!(
            "(item_faq: scripts/faq.toml:{at} ask \"有实体店吗\")  ← scripts/replies.toml:"
        )),
        "{transcript}"
    );
}

#[test]
fn chat_stops_quietly_when_its_reader_has_seen_enough() {
    // `kefu chat < transcript.txt | head`: the reader closes the pipe while
    // the sandbox still has lines to answer.
    use std::io::{Read, Write};
    use std::process::{Command, Stdio};
    let mut child = Command::new(env!("CARGO_BIN_EXE_kefu"))
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .arg("chat")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the kefu binary starts");
    let mut stdin = child.stdin.take().unwrap();
    let feeder = std::thread::spawn(move || {
        // Far more output than a pipe buffers; kefu may be gone before all is written.
        let _ = stdin.write_all("在吗\n这个包邮吗\n能便宜点吗\n".repeat(2000).as_bytes());
    });
    let mut first = [0u8; 64];
    let mut stdout = child.stdout.take().unwrap();
    stdout.read_exact(&mut first).expect("the first reply");
    drop(stdout);
    let mut stderr = String::new();
    child
        .stderr
        .take()
        .unwrap()
        .read_to_string(&mut stderr)
        .unwrap();
    let status = child.wait().unwrap();
    feeder.join().unwrap();
    assert!(!stderr.contains("panicked"), "{stderr}");
    // Ended by SIGPIPE (13), as `cat` would be, or by its own check of the
    // write's error.
    #[cfg(unix)]
    let by_sigpipe = std::os::unix::process::ExitStatusExt::signal(&status) == Some(13);
    #[cfg(not(unix))]
    let by_sigpipe = false;
    assert!(status.success() || by_sigpipe, "{status:?}: {stderr}");
    assert!(stderr.is_empty(), "nothing to report: {stderr}");
}

#[test]
fn check_stops_quietly_when_its_reader_has_seen_enough() {
    // Two lines of output, and a reader that takes none: the second line
    // used to meet a closed pipe and panic.
    use std::process::{Command, Stdio};
    for _ in 0..5 {
        let mut child = Command::new(env!("CARGO_BIN_EXE_kefu"))
            .current_dir(env!("CARGO_MANIFEST_DIR"))
            .args(["check", "--lint", "scripts"])
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("the kefu binary starts");
        drop(child.stdout.take());
        let out = child.wait_with_output().unwrap();
        let stderr = text(&out.stderr);
        assert!(!stderr.contains("panicked"), "{stderr}");
    }
}

#[test]
fn eval_scores_labelled_messages() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("labelled.jsonl");
    std::fs::write(
        &file,
        concat!(
            r#"{"text":"在吗","labels":["greeting"]}"#,
            "\n",
            r#"{"text":"包邮吗","labels":["shipping"]}"#,
            "\n",
            r#"{"text":"嗯","labels":["other"]}"#,
            "\n",
            r#"{"text":"我要投诉你们","labels":["complaint"]}"#,
            "\n"
        ),
    )
    .unwrap();
    let out = kefu(&["eval", "--json", file.to_str().unwrap()], "");
    assert!(out.status.success(), "{}", text(&out.stderr));
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(report["messages"], 4);
    assert!(report["accuracy"].as_f64().unwrap() >= 0.75, "{report}");

    std::fs::write(&file, "{\"text\":\"x\"}\n").unwrap();
    let out = kefu(&["eval", file.to_str().unwrap()], "");
    assert_eq!(out.status.code(), Some(1));
    assert!(
        text(&out.stderr).contains("labelled.jsonl:1"),
        "{}",
        text(&out.stderr)
    );
}

#[test]
fn eval_against_the_live_scripts_lists_what_a_draft_changes() {
    let dir = tempfile::tempdir().unwrap();
    let draft = support::shipped_copy(dir.path(), "draft");
    let shipped = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("scripts");
    support::make_jishi_a_stock_keyword(&draft);
    let file = dir.path().join("labelled.jsonl");
    std::fs::write(
        &file,
        concat!(
            r#"{"text":"几时发货","labels":["shipping"]}"#,
            "\n",
            r#"{"text":"在吗","labels":["greeting"]}"#,
            "\n"
        ),
    )
    .unwrap();
    let args = [
        "eval",
        "--scripts",
        draft.to_str().unwrap(),
        "--against",
        shipped.to_str().unwrap(),
        file.to_str().unwrap(),
    ];
    let out = kefu(&args, "");
    assert!(out.status.success(), "{}", text(&out.stderr));
    let shown = text(&out.stdout);
    assert!(
        shown.contains("1 top intents changed: 0 fixed, 1 broken"),
        "{shown}"
    );
    assert!(
        shown.contains("broken  [shipping] shipping → stock  几时发货"),
        "{shown}"
    );
    // A pack to compare with that does not load is an error naming it.
    let missing = dir.path().join("nope");
    let out = kefu(
        &[
            "eval",
            "--against",
            missing.to_str().unwrap(),
            file.to_str().unwrap(),
        ],
        "",
    );
    assert_eq!(out.status.code(), Some(1), "{}", text(&out.stdout));
    assert!(text(&out.stderr).contains("nope"), "{}", text(&out.stderr));
}

#[test]
fn eval_names_where_a_miss_is_written_and_refuses_unknown_labels() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("labelled.jsonl");
    let lines = [
        r#"{"text":"在吗","labels":["shipping"]}"#,
        r#"{"text":"我要投诉你们","labels":["complaint"]}"#,
    ];
    std::fs::write(&file, lines.join("\n")).unwrap();
    let out = kefu(&["eval", "--misses", "5", file.to_str().unwrap()], "");
    assert!(out.status.success(), "{}", text(&out.stderr));
    let shown = text(&out.stdout);
    assert!(
        shown.contains("handed to a person  50.0% (1 of 2): complaint 1"),
        "{shown}"
    );
    assert!(
        shown.contains("matched 在吗 ← scripts/intents.toml:"),
        "{shown}"
    );
    let out = kefu(&["eval", "--json", file.to_str().unwrap()], "");
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(report["handover"]["handed_over"], 1, "{report}");
    let matched = &report["misses"][0]["matched"][0];
    assert_eq!(matched["word"], "在吗", "{report}");
    assert!(
        matched["at"]
            .as_str()
            .unwrap()
            .starts_with("scripts/intents.toml:"),
        "{report}"
    );

    // A label typo is an error at its line, not an intent of its own.
    std::fs::write(
        &file,
        format!(
            "{}\n{}\n",
            lines[1], r#"{"text":"包邮吗","labels":["shiping"]}"#
        ),
    )
    .unwrap();
    let out = kefu(&["eval", file.to_str().unwrap()], "");
    assert_eq!(out.status.code(), Some(1), "{}", text(&out.stdout));
    assert!(
        text(&out.stderr)
            .contains("labelled.jsonl:2: label `shiping` is no intent of the scripts: did you mean `shipping`?"),
        "{}",
        text(&out.stderr)
    );
}

#[test]
fn classify_counts_intents_and_keeps_line_order_on_every_core() {
    let lines: Vec<String> = (0..5000)
        .map(|i| format!("{}{i}", ["在吗", "包邮吗", "太贵了"][i % 3]))
        .collect();
    let input = lines.join("\n");
    let out = kefu(
        &["classify", "--scripts", "scripts", "--threads", "3"],
        &input,
    );
    assert!(out.status.success(), "{}", text(&out.stderr));
    let texts: Vec<String> = text(&out.stdout)
        .lines()
        .map(|l| serde_json::from_str::<serde_json::Value>(l).unwrap()["text"].to_string())
        .collect();
    let expected: Vec<String> = lines.iter().map(|l| format!("{l:?}")).collect();
    assert_eq!(texts, expected, "one result per line, in input order");

    let plain: Vec<&str> = (0..3000)
        .map(|i| ["在吗", "包邮吗", "太贵了"][i % 3])
        .collect();
    let out = kefu(
        &["classify", "--scripts", "scripts", "--count"],
        &plain.join("\n"),
    );
    assert!(out.status.success(), "{}", text(&out.stderr));
    let table = text(&out.stdout);
    for intent in ["greeting", "shipping", "too_expensive"] {
        assert!(table.contains(&format!("1000\t{intent}\n")), "{table}");
    }
    assert!(table.ends_with("3000\t(lines)\n"), "{table}");
}

#[test]
fn report_and_handover_name_the_data_directory_they_cannot_use() {
    let dir = tempfile::tempdir().unwrap();
    let missing = dir.path().join("no-such-dir");
    let missing = missing.to_str().unwrap();
    for command in ["report", "handover"] {
        let out = kefu(&[command, "--data", missing], "");
        assert_eq!(out.status.code(), Some(1), "{command}");
        let err = text(&out.stderr);
        assert!(
            err.contains(&format!("no data directory at {missing}")) && err.contains("--data DIR"),
            "{command}: {err}"
        );
    }

    // An empty directory is a new, empty store: nothing to mark done.
    let empty = dir.path().join("empty");
    std::fs::create_dir(&empty).unwrap();
    let empty = empty.to_str().unwrap();
    let out = kefu(
        &["handover", "--data", empty, "--done", "7", "--by", "kf-01"],
        "",
    );
    assert!(!out.status.success());
    let err = text(&out.stderr);
    assert!(
        err.contains(&format!("no handover item 7 in {empty}")),
        "{err}"
    );

    // A configuration that does not parse is named, with the reason.
    let config = dir.path().join("kefu.toml");
    std::fs::write(&config, "mode = \"sometimes\"\n").unwrap();
    let out = kefu(&["report", "--config", config.to_str().unwrap()], "");
    assert_eq!(out.status.code(), Some(1));
    let err = text(&out.stderr);
    assert!(err.contains("kefu.toml"), "{err}");
}

#[test]
fn a_simulated_night_leaves_a_report_and_a_handover_list() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("night");
    let data = data.to_str().unwrap();
    let out = kefu(
        &[
            "sim-night",
            "--conversations",
            "12",
            "--data",
            data,
            "--seed",
            "6",
        ],
        "",
    );
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert!(
        text(&out.stdout).contains("simulated night: 12 conversations"),
        "{}",
        text(&out.stdout)
    );

    let report = kefu(&["report", "--data", data], "");
    assert!(report.status.success(), "{}", text(&report.stderr));
    let report = text(&report.stdout);
    assert!(report.contains("| 咨询会话 | 12 |"), "{report}");

    // This night has a complaint and a buyer changing a paid order: both wait
    // for the morning shift, the change with its order number.
    let list = kefu(&["handover", "--data", data, "--format", "csv"], "");
    assert!(list.status.success(), "{}", text(&list.stderr));
    let list = text(&list.stdout);
    let reasons: Vec<&str> = list
        .lines()
        .skip(1)
        .map(|l| l.split(',').nth(4).unwrap_or(""))
        .collect();
    assert!(reasons.contains(&"complaint"), "{list}");
    assert!(
        list.lines()
            .any(|l| l.contains(",order_change,") && l.contains(",o-")),
        "{list}"
    );
}
