//! The human queue over the websocket, on the night shift (schedule mode,
//! auto at night) with the console's API: a buyer handed over hears when
//! people are back, hears once that the first words after it were received,
//! is reminded of it when writing again later (not at every message), and
//! the agent who marks the handover done gives the
//! conversation back to the bot; so do hours of quiet after a person
//! answered in it.

mod console_support;
mod support;

use console_support::*;
use kefu::config::Mode;
use serde_json::json;
use support::*;

/// 2026-11-23 23:30 in Shanghai: the night shift, people (09:00-23:00) gone.
const NIGHT: i64 = 1_795_363_200 + 23 * 3600 + 30 * 60;

#[tokio::test]
async fn a_waiting_buyer_is_reminded_at_night_and_the_done_handover_gives_the_conversation_back() {
    let Started {
        channel,
        clock,
        bot,
        data: _data,
    } = Started::at(NIGHT, Mode::Schedule).await;
    let api = bot.api();

    channel.push(message_on("e-1", "c-1", "我要投诉,质量太差了", "p-1001"));
    channel
        .wait_until("the handover line", |c| {
            c.frames("transfer").len() == 1 && c.posted("c-1").len() == 1
        })
        .await;
    assert!(channel.posted("c-1")[0].contains("明天09:00"));

    // Five minutes later: the buyer's first words after the handover are
    // acknowledged once, with when people are back.
    clock.advance(5 * 60);
    channel.push(message_on("e-2", "c-1", "人呢", "p-1001"));
    channel
        .wait_until("the acknowledgement", |c| c.posted("c-1").len() == 2)
        .await;
    assert!(
        channel.posted("c-1")[1].contains("明天09:00"),
        "{:?}",
        channel.posted("c-1")
    );
    clock.advance(60);
    channel.push(message_on("e-2b", "c-1", "人呢?", "p-1001"));
    channel.wait_until("acked", |c| c.acked("e-2b")).await;
    assert_eq!(channel.posted("c-1").len(), 2, "just told");

    // Past midnight, half an hour on: reminded once, and told when.
    clock.advance(30 * 60);
    channel.push(message_on("e-3", "c-1", "有人吗", "p-1001"));
    channel
        .wait_until("the reminder", |c| c.posted("c-1").len() == 3)
        .await;
    assert!(
        channel.posted("c-1")[2].contains("今天09:00"),
        "{:?}",
        channel.posted("c-1")
    );
    channel.push(message_on("e-4", "c-1", "有人吗???", "p-1001"));
    channel.wait_until("acked", |c| c.acked("e-4")).await;
    assert_eq!(channel.posted("c-1").len(), 3, "not at every message");
    assert_eq!(channel.frames("transfer").len(), 1, "one handover");

    // 09:10: the morning shift's queue has the question and, under it, what
    // the buyer added while waiting.
    clock.advance(9 * 3600);
    let queue = api.get("/api/handover").await;
    assert_eq!(queue[0]["last_messages"][0], "我要投诉,质量太差了");
    assert_eq!(
        queue[0]["since"],
        json!(["人呢", "人呢?", "有人吗", "有人吗???"])
    );
    let id = queue[0]["id"].as_u64().unwrap();
    let done = api
        .post(
            &format!("/api/handover/{id}/done"),
            json!({"agent": "kf-01"}),
        )
        .await;
    assert_eq!(done.status, 200, "{}", done.body);
    assert_eq!(done.json()["given_back"], true, "{}", done.body);

    // That evening, on the night shift again, the buyer asks something new:
    // the bot answers, as in any conversation.
    clock.advance(13 * 3600 + 30 * 60);
    channel.push(message_on("e-5", "c-1", "这款有XL吗", "p-1001"));
    channel
        .wait_until("answered again", |c| c.posted("c-1").len() == 4)
        .await;
    assert!(
        channel.posted("c-1")[3].contains("XL"),
        "{:?}",
        channel.posted("c-1")
    );
    bot.stop().await;
}

/// 2026-11-24 10:00 in Shanghai: people at work.
const MORNING: i64 = 1_795_363_200 + 34 * 3600;

#[tokio::test]
async fn a_conversation_a_person_answered_comes_back_to_the_bot_after_hours_of_quiet() {
    let Started {
        channel,
        clock,
        bot,
        data: _data,
    } = Started::at(MORNING, Mode::Auto).await;
    let api = bot.api();

    channel.push(message_on("e-1", "c-2", "我要投诉,质量太差了", "p-1001"));
    channel
        .wait_until("the handover", |c| c.frames("transfer").len() == 1)
        .await;
    // A person answers in the shop's workbench; nobody clicks 已处理.
    clock.advance(60);
    channel.push(agent_message("e-2", "c-2", "亲,给您添麻烦了,我来帮您处理"));
    channel.wait_until("acked", |c| c.acked("e-2")).await;
    clock.advance(60);
    channel.push(message_on("e-3", "c-2", "好的谢谢", "p-1001"));
    channel.wait_until("acked", |c| c.acked("e-3")).await;
    assert_eq!(channel.posted("c-2").len(), 1, "the person's conversation");

    // That night, a new question: the bot answers it.
    clock.advance(12 * 3600);
    channel.push(message_on("e-4", "c-2", "这款有XL吗", "p-1001"));
    channel
        .wait_until("answered again", |c| c.posted("c-2").len() == 2)
        .await;
    assert!(channel.posted("c-2")[1].contains("XL"));
    // The item stays in the queue until someone marks it done.
    let queue = api.get("/api/handover").await;
    assert_eq!(queue.as_array().map(Vec::len), Some(1), "{queue}");
    bot.stop().await;
}
