//! Assist and schedule modes over the websocket, decided through the
//! console's HTTP API: the bot suggests, agents approve, edit or reject, and
//! the test channel shows what buyers actually got.

mod console_support;
mod support;

use console_support::*;
use kefu::config::Mode;
use serde_json::{json, Value};
use std::time::Duration;
use support::*;

async fn assist_bot(
    channel: &TestChannel,
    data: &std::path::Path,
    clock: &ManualClock,
) -> AssistBot {
    start_assist(&channel.url(), data, clock.clock(), mode(Mode::Assist)).await
}

/// What most tests here start from: a test channel, a fresh data
/// directory (held for the test's length: dropping it deletes it), a clock
/// at [`AFTERNOON`] and an assist-mode bot on them.
async fn start() -> (TestChannel, tempfile::TempDir, ManualClock, AssistBot) {
    let s = Started::at(AFTERNOON, Mode::Assist).await;
    (s.channel, s.data, s.clock, s.bot)
}

/// Lets a few timer ticks pass, for checks that something did *not* happen.
async fn a_few_ticks() {
    tokio::time::sleep(Duration::from_millis(1500)).await;
}

#[tokio::test]
async fn a_suggestion_waits_for_approval_and_goes_out_once() {
    let (channel, _data, clock, bot) = start().await;
    let api = bot.api();

    channel.push(message("e-1", "c-1", "在吗,包邮吗"));
    let pending = api.wait_pending("c-1", 1).await;
    channel
        .wait_until("the message acked", |c| c.acked("e-1"))
        .await;
    assert!(
        channel.frames("send").is_empty(),
        "nothing sent before an agent decides"
    );
    let s = &pending[0];
    let best = s["options"][0]["text"].as_str().unwrap().to_string();
    assert!(!best.is_empty());
    assert!(
        s["options"][0]["intents"]
            .as_array()
            .unwrap()
            .iter()
            .any(|i| i == "shipping"),
        "the reasons name the intent: {s:#}"
    );
    assert!(
        !s["options"][0]["keywords"].as_array().unwrap().is_empty(),
        "{s:#}"
    );
    assert!(s["options"].as_array().unwrap().len() <= 3);
    // Every option says where its parts are written, one place per part.
    for option in s["options"].as_array().unwrap() {
        let from = option["from"].as_array().expect("from");
        assert_eq!(
            from.len(),
            option["keys"].as_array().unwrap().len(),
            "{option:#}"
        );
        assert!(
            from.iter()
                .all(|f| f.as_str().unwrap().contains("replies.toml:")),
            "{option:#}"
        );
    }
    assert_eq!(s["buyer_text"], "在吗,包邮吗");

    let id = s["id"].as_u64().unwrap();
    let approve = json!({"agent": "kf-01"});
    clock.advance(7);
    let first = api
        .post(&format!("/api/suggestions/{id}/approve"), approve.clone())
        .await;
    assert_eq!(first.status, 200, "{}", first.body);
    assert_eq!(first.json()["ref"], s["reference"]);
    // A double click, or a second agent: refused, and nothing more is sent.
    let second = api
        .post(&format!("/api/suggestions/{id}/approve"), approve)
        .await;
    assert_eq!(second.status, 409, "{}", second.body);
    assert_eq!(second.json()["code"], "not_pending");
    channel
        .wait_until("the approved reply posted", |c| c.posted("c-1").len() == 1)
        .await;
    assert_eq!(channel.posted("c-1"), vec![best.clone()]);
    a_few_ticks().await;
    assert_eq!(channel.frames("send").len(), 1, "sent once");
    assert!(api.pending().await.is_empty());

    let decisions = api.get("/api/decisions").await;
    let d = &decisions.as_array().unwrap()[0];
    assert_eq!(d["verdict"], "approved");
    assert_eq!(d["by"], "kf-01");
    assert_eq!(d["original"], best.as_str());
    assert_eq!(d["final_text"], best.as_str());
    assert_eq!(d["waited_secs"], 7);
    // The history shows what was sent, as the bot's.
    let conversation = api.get("/api/conversations/shop-1/c-1").await;
    let history = conversation["history"].as_array().unwrap();
    assert_eq!(history.last().unwrap()["text"], best.as_str());
    assert_eq!(history.last().unwrap()["who"], "bot");
    bot.stop().await;
}

#[tokio::test]
async fn edit_sends_the_agents_words_and_reject_sends_nothing() {
    let (channel, data, _clock, bot) = start().await;
    let api = bot.api();
    channel.push(message("e-1", "c-1", "发什么快递"));
    channel.push(message("e-2", "c-2", "能便宜点吗"));
    let edit_id = api.wait_pending("c-1", 1).await[0]["id"].as_u64().unwrap();
    let reject = api.wait_pending("c-2", 1).await[0].clone();
    let reject_id = reject["id"].as_u64().unwrap();

    let empty = api
        .post(
            &format!("/api/suggestions/{edit_id}/edit"),
            json!({"agent": "kf-02", "text": "  "}),
        )
        .await;
    assert_eq!(empty.status, 400, "{}", empty.body);
    let no_agent = api
        .post(
            &format!("/api/suggestions/{edit_id}/edit"),
            json!({"agent": "", "text": "x"}),
        )
        .await;
    assert_eq!(no_agent.status, 400, "{}", no_agent.body);
    let text = "亲,默认中通快递,今天下午4点前付款当天发出哦~ 电话 13812345678 已备注";
    let edited = api
        .post(
            &format!("/api/suggestions/{edit_id}/edit"),
            json!({"agent": "kf-02", "text": text}),
        )
        .await;
    assert_eq!(edited.status, 200, "{}", edited.body);
    let rejected = api
        .post(
            &format!("/api/suggestions/{reject_id}/reject"),
            json!({"agent": "kf-02"}),
        )
        .await;
    assert_eq!(rejected.status, 200, "{}", rejected.body);
    assert_eq!(rejected.json()["sent"], false);
    let late = api
        .post(
            &format!("/api/suggestions/{reject_id}/approve"),
            json!({"agent": "kf-03"}),
        )
        .await;
    assert_eq!(
        late.status, 409,
        "a rejected suggestion cannot be approved later"
    );

    channel
        .wait_until("the edited text posted", |c| c.posted("c-1").len() == 1)
        .await;
    assert_eq!(channel.posted("c-1"), vec![text.to_string()]);
    a_few_ticks().await;
    assert!(channel.posted("c-2").is_empty(), "rejected: nothing sent");

    let decisions = api.get("/api/decisions").await;
    let records = decisions.as_array().unwrap();
    let edit = records.iter().find(|d| d["suggestion"] == edit_id).unwrap();
    assert_eq!(edit["verdict"], "edited");
    assert_ne!(edit["original"], edit["final_text"]);
    let stored = edit["final_text"].as_str().unwrap();
    assert!(
        !stored.contains("13812345678"),
        "the record masks the phone number: {stored}"
    );
    let rej = records
        .iter()
        .find(|d| d["suggestion"] == reject_id)
        .unwrap();
    assert_eq!(rej["verdict"], "rejected");
    assert_eq!(rej["original"], reject["options"][0]["text"]);
    assert_eq!(rej["from"], reject["options"][0]["from"]);
    bot.stop().await;

    // The shift report tells supervisors which reply sets agents overruled,
    // by where they are written, with the agents' own (masked) words.
    let store = open_store(data.path());
    let shift = kefu::report::Shift::containing(AFTERNOON, "Asia/Shanghai");
    let report = kefu::report::from_store(&store, shift).unwrap();
    let sets: Vec<(&str, u64, u64)> = report
        .verdicts
        .iter()
        .map(|v| (v.keys.as_str(), v.edited, v.rejected))
        .collect();
    assert_eq!(sets.len(), 2, "{:?}", report.verdicts);
    assert!(sets.contains(&("bargain", 0, 1)), "{sets:?}");
    let shipping = report.verdicts.iter().find(|v| v.edited == 1).unwrap();
    assert!(shipping.from.contains("replies.toml:"), "{shipping:?}");
    assert!(
        shipping.rewrites[0].contains("默认中通") && !shipping.rewrites[0].contains("13812345678"),
        "{shipping:?}"
    );
    assert!(kefu::report::markdown(&report).contains("坐席对建议回复的处理"));
}

#[tokio::test]
async fn a_waiting_buyer_gets_one_holding_reply_per_message() {
    let (channel, _data, clock, bot) = start().await;
    let api = bot.api();
    channel.push(message("e-1", "c-1", "这件有L码吗"));
    let first = api.wait_pending("c-1", 1).await[0].clone();

    clock.advance(24);
    a_few_ticks().await;
    assert!(
        channel.posted("c-1").is_empty(),
        "not yet: the agent has 25 seconds"
    );
    clock.advance(1);
    channel
        .wait_until("a holding reply", |c| c.posted("c-1").len() == 1)
        .await;
    assert!(
        channel.posted("c-1")[0].contains("在"),
        "{:?}",
        channel.posted("c-1")
    );
    clock.advance(120);
    a_few_ticks().await;
    assert_eq!(
        channel.posted("c-1").len(),
        1,
        "one holding reply per buyer message"
    );
    let held = api.pending_in("c-1").await;
    assert_eq!(held[0]["held"], true);

    // A second message is a new wait: it may get its own holding reply,
    // unless it was decided in time.
    channel.push(message("e-2", "c-1", "什么时候发货"));
    let both = api.wait_pending("c-1", 2).await;
    let second_id = both[1]["id"].as_u64().unwrap();
    let approve = api
        .post(
            &format!("/api/suggestions/{second_id}/approve"),
            json!({"agent": "kf-01"}),
        )
        .await;
    assert_eq!(approve.status, 200, "{}", approve.body);
    channel
        .wait_until("the approved reply", |c| c.posted("c-1").len() == 2)
        .await;
    clock.advance(60);
    a_few_ticks().await;
    assert_eq!(
        channel.posted("c-1").len(),
        2,
        "a decided suggestion gets no holding reply"
    );
    // The first one still waits and keeps its place.
    assert_eq!(api.pending_in("c-1").await[0]["id"], first["id"]);
    bot.stop().await;
}

#[tokio::test]
async fn an_agent_writing_in_the_workbench_supersedes_the_suggestions() {
    let (channel, _data, clock, bot) = start().await;
    let api = bot.api();
    channel.push(message("e-1", "c-1", "包邮吗"));
    channel.push(message("e-2", "c-1", "发什么快递"));
    let pending = api.wait_pending("c-1", 2).await;
    channel.push(agent_message("e-3", "c-1", "亲,包邮的,默认中通哦"));
    api.wait_pending("c-1", 0).await;
    for s in &pending {
        let id = s["id"].as_u64().unwrap();
        let late = api
            .post(
                &format!("/api/suggestions/{id}/approve"),
                json!({"agent": "kf-01"}),
            )
            .await;
        assert_eq!(late.status, 409, "superseded: {}", late.body);
    }
    clock.advance(60);
    a_few_ticks().await;
    assert!(
        channel.posted("c-1").is_empty(),
        "no holding reply after a person answered"
    );
    let decisions = api.get("/api/decisions").await;
    let records = decisions.as_array().unwrap();
    assert_eq!(records.len(), 2);
    assert!(records
        .iter()
        .all(|d| d["verdict"] == "superseded" && d["by"] == "kf-03"));
    bot.stop().await;
}

#[tokio::test]
async fn a_new_order_event_supersedes_what_was_suggested_about_the_old_state() {
    let (channel, _data, _clock, bot) = start().await;
    let api = bot.api();
    channel.push(message("e-1", "c-1", "包邮吗"));
    channel.push(order("e-2", "c-1", "o-1", "created", "p-1001", "L"));
    let pending = api.wait_pending("c-1", 2).await;
    let (question, unpaid) = (&pending[0], &pending[1]);
    assert_eq!(unpaid["trigger"], "order", "{unpaid:#}");

    // The buyer pays before an agent got to the "please pay" suggestion.
    channel.push(order("e-3", "c-1", "o-1", "paid", "p-1001", "L"));
    channel.wait_until("acked", |c| c.acked("e-3")).await;
    let pending = api.wait_pending("c-1", 2).await;
    let ids: Vec<&Value> = pending.iter().map(|s| &s["id"]).collect();
    assert_eq!(ids[0], &question["id"], "the buyer's question still waits");
    assert_ne!(
        ids[1], &unpaid["id"],
        "the unpaid reply is gone: {pending:#?}"
    );
    assert_eq!(pending[1]["trigger"], "order");
    let late = api
        .post(
            &format!("/api/suggestions/{}/approve", unpaid["id"]),
            json!({"agent": "kf-01"}),
        )
        .await;
    assert_eq!(late.status, 409, "{}", late.body);
    let decisions = api.get("/api/decisions").await;
    let records = decisions.as_array().unwrap();
    assert_eq!(records.len(), 1, "{records:#?}");
    assert_eq!(records[0]["suggestion"], unpaid["id"]);
    assert_eq!(records[0]["verdict"], "superseded");
    assert_eq!(records[0]["by"], "order_event");
    assert!(channel.frames("send").is_empty(), "nothing was sent");
    bot.stop().await;
}

#[tokio::test]
async fn pending_suggestions_survive_a_restart() {
    let (channel, data, clock, bot) = start().await;
    channel.push(message("e-1", "c-1", "包邮吗"));
    let before = bot.api().wait_pending("c-1", 1).await;
    channel.wait_until("acked", |c| c.all_acked()).await;
    bot.stop().await;

    let bot = assist_bot(&channel, data.path(), &clock).await;
    let api = bot.api();
    let after = api.wait_pending("c-1", 1).await;
    assert_eq!(
        after, before,
        "the same suggestion, same ref, after restart"
    );
    let id = after[0]["id"].as_u64().unwrap();
    let r = api
        .post(
            &format!("/api/suggestions/{id}/approve"),
            json!({"agent": "kf-01"}),
        )
        .await;
    assert_eq!(r.status, 200, "{}", r.body);
    channel
        .wait_until("posted after restart", |c| c.posted("c-1").len() == 1)
        .await;
    assert_eq!(
        channel.posted("c-1")[0],
        after[0]["options"][0]["text"].as_str().unwrap()
    );
    bot.stop().await;
}

#[tokio::test]
async fn the_schedule_switches_between_assist_and_auto_with_the_clock() {
    let channel = TestChannel::start().await;
    let data = tempfile::tempdir().unwrap();
    // 22:29 in Shanghai: one minute before the night shift.
    let clock = ManualClock::at(1_795_363_200 + 22 * 3600 + 29 * 60);
    let bot = start_assist(
        &channel.url(),
        data.path(),
        clock.clock(),
        mode(Mode::Schedule),
    )
    .await;
    let api = bot.api();
    let state = api.get("/api/state").await;
    assert_eq!(state["mode"]["configured"], "schedule");
    assert_eq!(state["mode"]["effective"], "assist");
    assert_eq!(state["mode"]["schedule"]["local_time"], "22:29");

    channel.push(message("e-1", "c-1", "包邮吗"));
    let waiting = api.wait_pending("c-1", 1).await;
    clock.advance(60);
    channel.push(message("e-2", "c-2", "包邮吗"));
    channel
        .wait_until("answered alone at 22:30", |c| c.posted("c-2").len() == 1)
        .await;
    assert!(api.pending_in("c-2").await.is_empty());
    assert_eq!(api.get("/api/state").await["mode"]["effective"], "auto");
    // The buyer who wrote at 22:29 is not left waiting for the morning
    // shift: when the holding time comes, in auto mode, the bot's best
    // reply goes out on its own.
    channel
        .wait_until("the waiting suggestion sent", |c| {
            c.posted("c-1").len() == 1
        })
        .await;
    assert_eq!(
        channel.posted("c-1")[0],
        waiting[0]["options"][0]["text"].as_str().unwrap()
    );
    assert!(api.pending().await.is_empty());
    let decisions = api.get("/api/decisions").await;
    assert_eq!(decisions[0]["by"], "kefu (schedule: auto)");

    // 08:30 the next morning: agents are back.
    clock.advance(10 * 3600);
    channel.push(message("e-3", "c-3", "包邮吗"));
    api.wait_pending("c-3", 1).await;
    assert!(channel.posted("c-3").is_empty());
    assert_eq!(api.get("/api/state").await["mode"]["effective"], "assist");
    bot.stop().await;
}

#[tokio::test]
async fn a_transfer_goes_out_at_once_and_lands_in_the_handover_queue() {
    let (channel, _data, _clock, bot) = start().await;
    let api = bot.api();
    channel.push(message("e-1", "c-1", "我要投诉,质量太差了"));
    channel
        .wait_until("transfer", |c| !c.frames("transfer").is_empty())
        .await;
    channel
        .wait_until("the handover line", |c| c.posted("c-1").len() == 1)
        .await;
    assert!(
        api.pending().await.is_empty(),
        "nothing left for an agent to approve"
    );
    let queue = api.get("/api/handover").await;
    let item = &queue.as_array().unwrap()[0];
    assert_eq!(item["reason"], "complaint");
    assert_eq!(
        item["reason_label"], "投诉",
        "the page shows the reason in words"
    );
    let id = item["id"].as_u64().unwrap();
    let done = api
        .post(
            &format!("/api/handover/{id}/done"),
            json!({"agent": "kf-01"}),
        )
        .await;
    assert_eq!(done.status, 200, "{}", done.body);
    assert!(api
        .get("/api/handover")
        .await
        .as_array()
        .unwrap()
        .is_empty());
    let missing = api
        .post("/api/handover/999999/done", json!({"agent": "kf-01"}))
        .await;
    assert_eq!(missing.status, 404);
    bot.stop().await;
}

#[tokio::test]
async fn the_console_wants_its_token_everywhere() {
    let (_channel, _data, _clock, bot) = start().await;
    let api = bot.api();
    let anonymous = Api {
        addr: api.addr,
        token: None,
    };
    let wrong = Api {
        addr: api.addr,
        token: Some("test-console-tokem".into()),
    };
    for path in [
        "/api/state",
        "/api/suggestions",
        "/api/events",
        "/",
        "/console.js",
    ] {
        assert_eq!(
            anonymous.request("GET", path, None).await.status,
            401,
            "{path}"
        );
        assert_eq!(wrong.request("GET", path, None).await.status, 401, "{path}");
    }
    let r = anonymous
        .request(
            "POST",
            "/api/suggestions/1/approve",
            Some(&json!({"agent": "x"})),
        )
        .await;
    assert_eq!(r.status, 401);

    // The login link sets an HttpOnly cookie and drops the token from the address.
    let login = anonymous
        .request("GET", &format!("/?token={TOKEN}"), None)
        .await;
    assert_eq!(login.status, 303);
    assert_eq!(login.header("location"), Some("/"));
    let cookie = login.header("set-cookie").unwrap().to_string();
    assert!(
        cookie.contains("HttpOnly") && cookie.contains("SameSite=Strict"),
        "{cookie}"
    );
    let bad_login = anonymous.request("GET", "/?token=nope", None).await;
    assert_eq!(bad_login.status, 401);

    let page = api.request("GET", "/", None).await;
    assert_eq!(page.status, 200);
    assert!(page.body.contains("客服台"));
    assert_eq!(page.header("x-frame-options"), Some("DENY"));

    // Every failure is `{"error", "code"}`, whichever part of the request is wrong.
    let huge = json!({"agent": "kf-01", "text": "长".repeat(20_000)});
    let cases = [
        (
            "POST",
            "/api/suggestions/1/edit",
            Some(huge),
            413,
            "body_too_large",
        ),
        ("POST", "/api/suggestions/1/reject", None, 415, "not_json"),
        (
            "POST",
            "/api/suggestions/1/approve",
            Some(json!({})),
            400,
            "no_agent",
        ),
        (
            "POST",
            "/api/suggestions/1/approve",
            Some(json!({"agent": 5})),
            400,
            "bad_body",
        ),
        (
            "POST",
            "/api/suggestions/1/approve",
            Some(json!({"agent": "kf", "opt": 1})),
            400,
            "bad_body",
        ),
        (
            "POST",
            "/api/suggestions/x/approve",
            Some(json!({"agent": "kf"})),
            400,
            "bad_path",
        ),
        (
            "GET",
            "/api/decisions?from=yesterday",
            None,
            400,
            "bad_query",
        ),
        ("GET", "/api/suggestionz", None, 404, "no_such_route"),
        (
            "GET",
            "/api/suggestions/1/approve",
            None,
            405,
            "wrong_method",
        ),
    ];
    for (method, path, body, status, code) in cases {
        let answer = api.request(method, path, body.as_ref()).await;
        assert_eq!(answer.status, status, "{method} {path}: {}", answer.body);
        let error = answer.json();
        assert_eq!(error["code"], code, "{method} {path}: {error}");
        assert!(error["error"].as_str().is_some_and(|e| !e.is_empty()));
    }
    // A body that is not JSON at all is an error of its own, naming where it broke.
    let broken = api
        .request_raw("POST", "/api/suggestions/1/reject", "{agent: kf}")
        .await;
    assert_eq!(broken.status, 400, "{}", broken.body);
    assert_eq!(broken.json()["code"], "bad_json");
    assert!(broken.json()["error"]
        .as_str()
        .unwrap()
        .contains("line 1 column 2"));
    bot.stop().await;
}
