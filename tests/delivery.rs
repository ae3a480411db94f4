//! Delivery guarantees over a real websocket on loopback: every event is
//! processed once and acked after it is durable, every reply goes out once
//! with a stable `ref`, across reconnects, redeliveries and bad frames.

mod support;

use serde_json::json;
use support::*;

#[tokio::test]
async fn a_buyer_message_gets_one_reply_and_is_acked() {
    let channel = TestChannel::start().await;
    let data = tempfile::tempdir().unwrap();
    let bot = start_bot(&channel.url(), data.path());
    channel.push(message_on("e-1", "c-1", "在吗?这款有L码吗", "p-1001"));
    channel
        .wait_until("reply and ack", |c| {
            c.posted("c-1").len() == 1 && c.acked("e-1")
        })
        .await;
    let sends = channel.frames("send");
    assert_eq!(sends.len(), 1);
    assert_eq!(sends[0]["shop"], "shop-1");
    assert_eq!(sends[0]["conversation"], "c-1");
    assert!(sends[0]["ref"].as_str().unwrap().starts_with("r-c-1-"));
    assert!(!sends[0]["text"].as_str().unwrap().is_empty());
    bot.stop().await;
}

#[tokio::test]
async fn the_ack_comes_before_the_reply_it_made_durable() {
    let channel = TestChannel::start().await;
    let data = tempfile::tempdir().unwrap();
    let bot = start_bot(&channel.url(), data.path());
    channel.push(message("e-1", "c-1", "你好"));
    channel
        .wait_until("reply", |c| c.posted("c-1").len() == 1)
        .await;
    let kinds: Vec<String> = channel
        .received()
        .iter()
        .map(|f| f["type"].as_str().unwrap().to_string())
        .collect();
    let ack = kinds.iter().position(|k| k == "ack").unwrap();
    let send = kinds.iter().position(|k| k == "send").unwrap();
    assert!(ack < send, "ack precedes release: {kinds:?}");
    bot.stop().await;
}

#[tokio::test]
async fn a_redelivered_event_is_acked_again_and_causes_nothing() {
    let channel = TestChannel::start().await;
    let data = tempfile::tempdir().unwrap();
    let bot = start_bot(&channel.url(), data.path());
    channel.push(message("e-1", "c-1", "在吗"));
    channel
        .wait_until("first reply", |c| {
            c.posted("c-1").len() == 1 && c.acked("e-1")
        })
        .await;
    // The channel delivers the same event again (at-least-once).
    channel.push(message("e-1", "c-1", "在吗"));
    channel
        .wait_until("second ack", |c| {
            c.frames("ack")
                .iter()
                .filter(|a| a["ids"].as_array().unwrap().contains(&json!("e-1")))
                .count()
                == 2
        })
        .await;
    // A later message proves the bot is past the duplicate.
    channel.push(message("e-2", "c-1", "包邮吗"));
    channel
        .wait_until("reply to e-2", |c| c.posted("c-1").len() == 2)
        .await;
    assert_eq!(channel.frames("send").len(), 2, "no send for the duplicate");
    bot.stop().await;
}

#[tokio::test]
async fn reconnects_after_the_channel_drops_and_redelivery_is_not_answered_twice() {
    let channel = TestChannel::start().await;
    let data = tempfile::tempdir().unwrap();
    let bot = start_bot(&channel.url(), data.path());
    channel.push(message("e-1", "c-1", "在吗"));
    channel
        .wait_until("reply", |c| c.posted("c-1").len() == 1)
        .await;
    channel.drop_connection();
    channel
        .wait_until("reconnected", |c| c.connections() == 2)
        .await;
    channel.push(message("e-2", "c-2", "发什么快递"));
    channel
        .wait_until("reply after reconnect", |c| c.posted("c-2").len() == 1)
        .await;
    assert_eq!(channel.posted("c-1").len(), 1);
    assert!(channel.all_acked());
    bot.stop().await;
}

#[tokio::test]
async fn an_unanswered_send_is_resent_with_the_same_ref_after_reconnect() {
    let channel = TestChannel::start().await;
    let data = tempfile::tempdir().unwrap();
    let bot = start_bot(&channel.url(), data.path());
    channel.set_mute_results(true);
    channel.push(message("e-1", "c-1", "在吗"));
    channel
        .wait_until("a send", |c| c.frames("send").len() == 1)
        .await;
    let first = channel.frames("send")[0].clone();
    channel.set_mute_results(false);
    channel.drop_connection();
    channel
        .wait_until("the send again", |c| c.frames("send").len() == 2)
        .await;
    let again = channel.frames("send")[1].clone();
    assert_eq!(first["ref"], again["ref"]);
    assert_eq!(first["text"], again["text"]);
    assert_eq!(
        channel.posted("c-1").len(),
        1,
        "the channel posts a ref once"
    );
    bot.stop().await;
}

#[tokio::test]
async fn bad_frames_are_skipped_and_the_connection_survives() {
    let channel = TestChannel::start().await;
    let data = tempfile::tempdir().unwrap();
    let bot = start_bot(&channel.url(), data.path());
    channel
        .wait_until("connected", |c| c.connections() == 1)
        .await;
    channel.push_raw("this is not json");
    channel.push_raw("[1,2,3]");
    channel.push_raw(r#"{"no_type":true}"#);
    channel.push_raw(r#"{"type":"message","id":"e-x","shop":"shop-1"}"#);
    channel.push_raw(r#"{"type":"order","id":"e-y","shop":"s","conversation":"c","buyer":"b","order":"o","status":"lost"}"#);
    channel.push_raw(&format!(
        r#"{{"type":"message","pad":"{}"}}"#,
        "x".repeat(70 * 1024)
    ));
    channel.push_raw(r#"{"type":"typing","conversation":"c-1"}"#);
    channel.push(message("e-1", "c-1", "你好"));
    channel
        .wait_until("reply after the junk", |c| c.posted("c-1").len() == 1)
        .await;
    assert_eq!(
        channel.connections(),
        1,
        "bad frames never drop the connection"
    );
    bot.stop().await;
}

#[tokio::test]
async fn a_refused_send_is_settled_not_retried_forever() {
    let channel = TestChannel::start().await;
    let data = tempfile::tempdir().unwrap();
    let bot = start_bot(&channel.url(), data.path());
    channel.set_refuse_sends(Some("conversation closed"));
    channel.push(message("e-1", "c-1", "你好"));
    channel
        .wait_until("send answered", |c| c.frames("send").len() == 1)
        .await;
    channel.set_refuse_sends(None);
    channel.drop_connection();
    channel
        .wait_until("reconnected", |c| c.connections() == 2)
        .await;
    channel.push(message("e-2", "c-2", "你好"));
    channel
        .wait_until("next reply", |c| c.posted("c-2").len() == 1)
        .await;
    assert_eq!(
        channel.frames("send").len(),
        2,
        "the refused reply is not resent"
    );
    bot.stop().await;
}

#[tokio::test]
async fn a_wrong_protocol_version_is_refused() {
    let channel = TestChannel::start().await;
    channel.set_hello(json!({"type":"hello","protocol":2,"channel":"future","shops":["shop-1"]}));
    let data = tempfile::tempdir().unwrap();
    let bot = start_bot(&channel.url(), data.path());
    channel
        .wait_until("two attempts", |c| c.connections() >= 2)
        .await;
    assert!(channel.frames("ack").is_empty());
    channel.set_hello(json!({"type":"hello","protocol":1,"channel":"test","shops":["shop-1"]}));
    channel.push(message("e-1", "c-1", "你好"));
    channel
        .wait_until("served once the channel speaks v1", |c| {
            c.posted("c-1").len() == 1
        })
        .await;
    bot.stop().await;
}

#[tokio::test]
async fn the_token_is_sent_and_a_refusal_is_retried() {
    let channel = TestChannel::start_with_token(Some("s3cret")).await;
    let data = tempfile::tempdir().unwrap();
    // Wrong token: refused, and the bot keeps trying with backoff.
    let bot = start_bot_with(test_settings(&channel.url(), Some("wrong")), data.path());
    channel
        .wait_until("refused twice", |c| c.refused() >= 2)
        .await;
    assert_eq!(channel.connections(), 0);
    bot.stop().await;
    let bot = start_bot_with(test_settings(&channel.url(), Some("s3cret")), data.path());
    channel.push(message("e-1", "c-1", "你好"));
    channel
        .wait_until("served with the right token", |c| {
            c.posted("c-1").len() == 1
        })
        .await;
    bot.stop().await;
}

#[tokio::test]
async fn replies_within_a_conversation_keep_their_order() {
    let channel = TestChannel::start().await;
    let data = tempfile::tempdir().unwrap();
    let bot = start_bot(&channel.url(), data.path());
    let texts = [
        "你好",
        "包邮吗",
        "发什么快递",
        "能便宜点吗",
        "有优惠券吗",
        "谢谢",
    ];
    for (i, t) in texts.iter().enumerate() {
        channel.push(message(&format!("e-{i}"), "c-1", t));
    }
    channel
        .wait_until("all answered", |c| {
            c.all_acked() && c.frames("send").len() >= texts.len()
        })
        .await;
    let refs: Vec<u64> = channel
        .frames("send")
        .iter()
        .map(|s| {
            s["ref"]
                .as_str()
                .unwrap()
                .rsplit('-')
                .next()
                .unwrap()
                .parse()
                .unwrap()
        })
        .collect();
    let mut sorted = refs.clone();
    sorted.sort();
    assert_eq!(refs, sorted, "refs go out in decision order");
    bot.stop().await;
}

#[tokio::test]
async fn shutdown_flushes_state_that_a_restart_continues() {
    let channel = TestChannel::start().await;
    let data = tempfile::tempdir().unwrap();
    let bot = start_bot(&channel.url(), data.path());
    channel.push(message_on("e-1", "c-1", "在吗", "p-1001"));
    channel.push(order("e-2", "c-1", "o-77", "created", "p-1001", "L"));
    channel
        .wait_until("both handled", |c| {
            c.all_acked() && c.frames("send").len() == 2
        })
        .await;
    bot.stop().await;
    let store = open_store(data.path());
    let session = store
        .session("shop-1", "c-1")
        .unwrap()
        .expect("session stored");
    assert_eq!(session.stage, kefu::script::Stage::OrderedUnpaid);
    assert_eq!(session.slots.item.as_deref(), Some("p-1001"));
    drop(store);
    // A restarted bot continues the numbering of refs: no ref is reused.
    let bot = start_bot(&channel.url(), data.path());
    channel.push(order("e-3", "c-1", "o-77", "paid", "p-1001", "L"));
    channel
        .wait_until("paid handled", |c| {
            c.posted("c-1").len() == 3 && c.all_acked()
        })
        .await;
    // A reply whose send_result had not arrived before the stop is sent again
    // with its ref; that is the protocol working. Refs are never reused for
    // another text.
    let mut refs: Vec<String> = channel
        .frames("send")
        .iter()
        .map(|s| s["ref"].as_str().unwrap().to_string())
        .collect();
    refs.dedup();
    assert_eq!(refs, ["r-c-1-1", "r-c-1-2", "r-c-1-3"]);
    bot.stop().await;
}

#[tokio::test]
async fn a_transfer_is_kept_until_the_channel_has_provably_read_it() {
    let channel = TestChannel::start().await;
    let data = tempfile::tempdir().unwrap();
    let bot = start_bot(&channel.url(), data.path());
    // No results: nothing proves the channel read the transfer.
    channel.set_mute_results(true);
    channel.push(message("e-1", "c-1", "我要投诉你们"));
    channel
        .wait_until("transfer and handover line", |c| {
            c.frames("transfer").len() == 1 && c.frames("send").len() == 1
        })
        .await;
    let kinds: Vec<String> = channel
        .received()
        .iter()
        .map(|f| f["type"].as_str().unwrap().to_string())
        .filter(|k| k != "ack")
        .collect();
    assert_eq!(kinds, ["transfer", "send"], "the transfer goes first");
    channel.set_mute_results(false);
    channel.drop_connection();
    // Resent after reconnect, with the handover line whose result now arrives.
    channel
        .wait_until("both resent", |c| {
            c.frames("transfer").len() == 2 && c.posted("c-1").len() == 1
        })
        .await;
    // Once a later send is confirmed, the transfer is settled: no third copy.
    channel.drop_connection();
    channel
        .wait_until("third connection", |c| c.connections() == 3)
        .await;
    channel.push(message("e-2", "c-2", "你好"));
    channel
        .wait_until("next reply", |c| c.posted("c-2").len() == 1)
        .await;
    assert_eq!(channel.frames("transfer").len(), 2);
    bot.stop().await;
}

/// Events of many conversations, interleaved and arriving together, are
/// written in shared transactions; a conversation's second message must still
/// be decided on the session its first one left behind.
#[tokio::test]
async fn interleaved_conversations_in_one_burst_each_see_their_own_history() {
    let channel = TestChannel::start().await;
    let data = tempfile::tempdir().unwrap();
    let bot = start_bot(&channel.url(), data.path());
    let texts = ["在吗", "包邮吗", "什么时候发货"];
    let conversations = 12;
    for (round, text) in texts.iter().enumerate() {
        for c in 0..conversations {
            channel.push(message(&format!("e-{c}-{round}"), &format!("c-{c}"), text));
        }
    }
    let total = texts.len() * conversations;
    channel
        .wait_until("all answered", |c| {
            c.all_acked() && c.frames("send").len() >= total
        })
        .await;
    bot.stop().await;
    assert_eq!(channel.frames("send").len(), total, "one reply per message");
    let store = open_store(data.path());
    for c in 0..conversations {
        let session = store
            .session("shop-1", &format!("c-{c}"))
            .unwrap()
            .expect("session stored");
        let buyer: Vec<&str> = session
            .history
            .iter()
            .filter(|t| t.who == kefu::dialogue::Speaker::Buyer)
            .map(|t| t.text.as_str())
            .collect();
        assert_eq!(buyer, texts, "conversation c-{c}");
    }
}
