//! Live script reload: a supervisor edits the scripts of a running bot.
//!
//! The bot runs on a temporary copy of the shipped `scripts/` with the
//! watcher polling it; the test edits files as a supervisor would and checks
//! what buyers receive, what the bot reports, and that conversations in
//! progress carry on where they were.

mod support;

use kefu::bot::Bot;
use kefu::script::watch;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;
use support::*;

const NEW_GREETING: &str = "亲,在的~这是刚改好的新话术哦";

fn copy_scripts(to: &Path) {
    let from = Path::new(env!("CARGO_MANIFEST_DIR")).join("scripts");
    for entry in std::fs::read_dir(from).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_some_and(|e| e == "toml") {
            std::fs::copy(&path, to.join(path.file_name().unwrap())).unwrap();
        }
    }
}

/// `replies.toml` with the texts of the stage-free greeting set replaced.
fn with_greeting(replies: &str, texts: &str) -> String {
    let mut blocks: Vec<String> = replies.split("[[reply]]").map(String::from).collect();
    let block = blocks
        .iter_mut()
        .skip(1)
        .find(|b| b.contains("intent = \"greeting\"") && !b.contains("stage ="))
        .expect("replies.toml has a greeting set for every stage");
    let start = block.find("texts = [").expect("the greeting set has texts");
    // `texts = [...]` on one line, or over several lines ending with `]`.
    let line_end = block[start..].find('\n').map_or(block.len(), |n| start + n);
    let end = if block[start..line_end].trim_end().ends_with(']') {
        line_end
    } else {
        line_end
            + block[line_end..]
                .find("\n]")
                .expect("a multi-line texts array ends with a line `]`")
            + 2
    };
    block.replace_range(start..end, &format!("texts = [{texts}]"));
    blocks.join("[[reply]]")
}

/// Writes a file the way editors do, via a temporary file and a rename, so
/// the watcher never sees it half-written.
fn save(path: &Path, text: &str) {
    let tmp = path.with_extension("toml.swp");
    std::fs::write(&tmp, text).unwrap();
    std::fs::rename(&tmp, path).unwrap();
}

async fn wait_for(what: &str, cond: impl Fn() -> bool) {
    let deadline = tokio::time::Instant::now() + PATIENCE;
    while !cond() {
        assert!(
            tokio::time::Instant::now() < deadline,
            "timed out waiting for: {what}"
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

struct Running {
    bot: Arc<Bot>,
    shutdown: tokio_util::sync::CancellationToken,
    task: tokio::task::JoinHandle<Result<(), kefu::store::StoreError>>,
    watcher: tokio::task::JoinHandle<()>,
}

fn start(url: &str, data: &Path, scripts: PathBuf) -> Running {
    let store = open_store(data);
    let pack = Arc::new(kefu::script::load_dir(&scripts).expect("the copied pack loads"));
    let bot = Arc::new(Bot::new(
        store,
        pack,
        test_settings(url, None),
        afternoon_clock(),
    ));
    let shutdown = tokio_util::sync::CancellationToken::new();
    let watcher = watch::watch(
        scripts,
        bot.clone(),
        Duration::from_millis(100),
        shutdown.clone(),
    );
    let watcher = tokio::spawn(watcher);
    let (runner, token) = (bot.clone(), shutdown.clone());
    let task = tokio::spawn(async move { runner.run(token).await });
    Running {
        bot,
        shutdown,
        task,
        watcher,
    }
}

#[tokio::test]
async fn edits_apply_live_and_broken_edits_are_refused() {
    let channel = TestChannel::start().await;
    let data = tempfile::tempdir().unwrap();
    let scripts = tempfile::tempdir().unwrap();
    copy_scripts(scripts.path());
    let replies_path = scripts.path().join("replies.toml");
    let original = std::fs::read_to_string(&replies_path).unwrap();
    let running = start(&channel.url(), data.path(), scripts.path().to_path_buf());

    // A conversation in progress before the edit: greeted, size advised.
    channel.push(message_on("e-1", "c-open", "在吗", "p-1001"));
    channel.push(message_on("e-2", "c-open", "我170 120斤穿什么码", "p-1001"));
    channel
        .wait_until("c-open answered", |c| c.posted("c-open").len() == 2)
        .await;
    let before_edit = channel.posted("c-open");
    assert!(!before_edit.iter().any(|t| t == NEW_GREETING));

    // A valid edit: new greetings use the new text, without a restart.
    save(
        &replies_path,
        &with_greeting(&original, &format!("\"{NEW_GREETING}\"")),
    );
    let mut n = 0;
    let mut greeted_with_new_text = false;
    // The watcher needs a poll or two; greet fresh conversations until one
    // gets the new text (each greeting is its own conversation's first).
    while !greeted_with_new_text {
        n += 1;
        assert!(n < 200, "the edited greeting never reached a buyer");
        let conversation = format!("c-new-{n}");
        channel.push(message(&format!("e-new-{n}"), &conversation, "在吗"));
        channel
            .wait_until("greeting", |c| c.posted(&conversation).len() == 1)
            .await;
        greeted_with_new_text = channel.posted(&conversation)[0] == NEW_GREETING;
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    assert!(running.bot.status.script_errors().is_empty());

    // A broken edit: refused with file:line, the last good scripts stay.
    let broken = with_greeting(&original, "\"亲,{itme}有货哦\"");
    let bad_line = 1 + broken[..broken.find("{itme}").unwrap()]
        .matches('\n')
        .count();
    save(&replies_path, &broken);
    let status = running.bot.status.clone();
    wait_for("the broken edit is reported", || {
        !status.script_errors().is_empty()
    })
    .await;
    let errors = status.script_errors();
    let expected = format!("replies.toml:{bad_line}:");
    assert!(
        errors
            .iter()
            .any(|e| e.contains(&expected) && e.contains("itme")),
        "{expected} in {errors:#?}"
    );
    channel.push(message("e-after-break", "c-after-break", "在吗"));
    channel
        .wait_until("greeting", |c| c.posted("c-after-break").len() == 1)
        .await;
    assert_eq!(
        channel.posted("c-after-break")[0],
        NEW_GREETING,
        "last good scripts in force"
    );

    // The open conversation carries on where it was: its order is answered
    // in its own stage, and what the buyer said is still known.
    channel.push(order("e-o1", "c-open", "o-1", "created", "p-1001", "M"));
    channel
        .wait_until("order answered", |c| c.posted("c-open").len() == 3)
        .await;
    assert_eq!(
        channel.posted("c-open")[..2],
        before_edit[..],
        "history untouched"
    );

    // Fixing the file clears the reported problems.
    save(&replies_path, &original);
    wait_for("the fix clears the problems", || {
        status.script_errors().is_empty()
    })
    .await;
    channel.wait_until("all acked", |c| c.all_acked()).await;

    running.shutdown.cancel();
    running.task.await.unwrap().unwrap();
    running.watcher.await.unwrap();
    drop(running.bot); // the last handle on the store
    let store = open_store(data.path());
    let session = store.session("shop-1", "c-open").unwrap().unwrap();
    assert_eq!(session.stage, kefu::script::Stage::OrderedUnpaid);
    assert_eq!(session.slots.height_cm, Some(170), "slots survive a reload");
}
