//! The real binary, killed with SIGKILL and restarted on the same data
//! directory: sessions survive, and no buyer message is lost or answered twice.

mod support;

use std::collections::HashMap;
use std::process::{Child, Command, Stdio};
use support::*;

fn spawn_bot(url: &str, data: &std::path::Path) -> Child {
    Command::new(env!("CARGO_BIN_EXE_kefu"))
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .args(["serve", "--channel", url, "--data"])
        .arg(data)
        .env("KEFU_LOG", "warn")
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("the kefu binary starts")
}

fn kill_hard(child: &mut Child) {
    child.kill().expect("SIGKILL delivered");
    child.wait().expect("child reaped");
}

/// Every ref was sent with one text only, and every buyer message got exactly
/// one posted reply.
fn assert_exactly_once(channel: &TestChannel, buyer_messages: usize) {
    let mut texts: HashMap<String, String> = HashMap::new();
    for send in channel.frames("send") {
        let r = send["ref"].as_str().unwrap().to_string();
        let t = send["text"].as_str().unwrap().to_string();
        if let Some(previous) = texts.insert(r.clone(), t.clone()) {
            assert_eq!(previous, t, "ref {r} was sent with two different texts");
        }
    }
    assert_eq!(
        channel.all_posted().len(),
        buyer_messages,
        "one reply per message"
    );
}

#[tokio::test]
async fn a_killed_bot_resumes_without_losing_or_repeating_a_reply() {
    let channel = TestChannel::start().await;
    let data = tempfile::tempdir().unwrap();
    let mut bot = spawn_bot(&channel.url(), data.path());

    // Phase 1: ordinary traffic.
    let mut n = 0;
    let mut push = |conversation: &str, text: &str| {
        n += 1;
        channel.push(message(&format!("e-{n}"), conversation, text));
    };
    for round in ["你好", "包邮吗", "发什么快递"] {
        for conversation in ["c-1", "c-2", "c-3"] {
            push(conversation, round);
        }
    }
    channel
        .wait_until("phase 1 answered", |c| {
            c.all_acked() && c.all_posted().len() == 9
        })
        .await;

    // Phase 2: replies decided but never confirmed, then SIGKILL.
    channel.set_mute_results(true);
    push("c-1", "有优惠券吗");
    push("c-2", "能便宜点吗");
    channel
        .wait_until("two unconfirmed sends", |c| c.frames("send").len() == 11)
        .await;
    kill_hard(&mut bot);
    channel.set_mute_results(false);
    bot = spawn_bot(&channel.url(), data.path());
    channel
        .wait_until("unconfirmed replies resent and posted", |c| {
            c.all_posted().len() == 11
        })
        .await;

    // Phase 3: a burst, killed at once, whatever state it reached.
    for conversation in ["c-1", "c-2", "c-3", "c-4"] {
        push(conversation, "谢谢");
    }
    kill_hard(&mut bot);
    bot = spawn_bot(&channel.url(), data.path());
    channel
        .wait_until("the burst answered after restart", |c| {
            c.all_acked() && c.all_posted().len() == 15
        })
        .await;
    assert_exactly_once(&channel, 15);

    // Sessions survived: the order moves c-1 to ordered_unpaid.
    channel.push(order("e-100", "c-1", "o-1", "created", "p-1001", "L"));
    channel
        .wait_until("order acked and answered", |c| {
            c.acked("e-100") && c.all_posted().len() == 16
        })
        .await;
    // SIGTERM: a clean stop that flushes.
    let pid = bot.id().to_string();
    Command::new("kill").args(["-TERM", &pid]).status().unwrap();
    let status = bot.wait().unwrap();
    assert!(status.success(), "clean exit on SIGTERM: {status:?}");
    let store = open_store(data.path());
    let c1 = store.session("shop-1", "c-1").unwrap().unwrap();
    assert_eq!(c1.stage, kefu::script::Stage::OrderedUnpaid);
    assert_eq!(c1.buyer_messages, 5);
}
