//! The console's try page, through its HTTP API: a supervisor plays a
//! trial conversation on the live scripts or on a draft directory, checks
//! the draft, and nothing of it reaches a buyer or the store.

mod console_support;
mod support;

use console_support::*;
use kefu::config::Mode;
use serde_json::{json, Value};
use support::*;

/// Every reply text of a trial answer, line by line.
fn replies(answer: &Value) -> Vec<Vec<String>> {
    answer["lines"]
        .as_array()
        .unwrap()
        .iter()
        .map(|steps| {
            steps
                .as_array()
                .unwrap()
                .iter()
                .flat_map(|s| {
                    s["outcome"]["actions"]
                        .as_array()
                        .cloned()
                        .unwrap_or_default()
                })
                .filter(|a| a["action"] == "reply")
                .map(|a| a["text"].as_str().unwrap().to_string())
                .collect()
        })
        .collect()
}

#[tokio::test]
async fn a_trial_on_the_live_scripts_shows_replies_and_why_and_touches_nothing() {
    let channel = TestChannel::start().await;
    let data = tempfile::tempdir().unwrap();
    let clock = ManualClock::at(AFTERNOON);
    let bot = start_assist(&channel.url(), data.path(), clock.clock(), mode(Mode::Auto)).await;
    let api = bot.api();
    let lines = json!([
        "/item p-1001",
        "在吗",
        "能便宜点吗",
        "/order created 129",
        "/wait 40"
    ]);
    let answer = api.post("/api/try", json!({ "lines": lines })).await;
    assert_eq!(answer.status, 200, "{}", answer.body);
    let answer = answer.json();
    assert_eq!(answer["pack"], "live");
    assert_eq!(answer["at"], AFTERNOON, "the trial starts at the bot's now");
    let steps = &answer["lines"];
    assert_eq!(steps[0][0]["kind"], "item");
    let greeting = &steps[1][0]["outcome"];
    assert_eq!(greeting["actions"][0]["keys"], json!(["greeting"]));
    let from = greeting["actions"][0]["from"][0].as_str().unwrap();
    assert!(from.contains("replies.toml:"), "{from}");
    assert_eq!(greeting["understood"]["intents"][0]["name"], "greeting");
    assert_eq!(steps[2][0]["outcome"]["stage"], "objection");
    assert_eq!(steps[3][0]["outcome"]["later"][0]["timer"], "payment_nudge");
    // The wait fired the nudge, then said it waited.
    assert_eq!(steps[4][0]["kind"], "timer");
    assert_eq!(steps[4][0]["timer"], "payment_nudge");
    assert_eq!(
        steps[4][1],
        json!({"kind": "waited", "minutes": 40, "clock": "14:44"})
    );
    assert!(answer["items"]
        .as_array()
        .unwrap()
        .iter()
        .any(|i| i["id"] == "p-1001"));

    // Replayed from the same start, the trial is the same, whatever the
    // clock says now: the page sends the lines again at every turn.
    clock.advance(7 * 3600);
    let again = api
        .post("/api/try", json!({ "lines": lines, "at": AFTERNOON }))
        .await
        .json();
    assert_eq!(again["lines"], answer["lines"]);

    // No buyer heard any of it, and the store has no trial conversation.
    assert!(channel.all_posted().is_empty());
    let stored = api
        .request("GET", "/api/conversations/shop-1/c-try", None)
        .await;
    assert_eq!(stored.status, 404, "{}", stored.body);
    bot.stop().await;
}

#[tokio::test]
async fn a_draft_is_checked_tried_beside_the_live_scripts_and_refused_while_broken() {
    let channel = TestChannel::start().await;
    let data = tempfile::tempdir().unwrap();
    let root = tempfile::tempdir().unwrap();
    let draft = root.path().join("scripts-draft");
    let clock = ManualClock::at(AFTERNOON);
    let bot = start_with_draft(
        &channel.url(),
        data.path(),
        clock.clock(),
        mode(Mode::Auto),
        Some(draft.clone()),
    )
    .await;
    let api = bot.api();

    // Configured but not made yet: the page says how to make it.
    let view = api.get("/api/draft").await;
    assert_eq!(view["exists"], false);
    assert!(view["dir"].as_str().unwrap().ends_with("scripts-draft"));
    let missing = api
        .post("/api/try", json!({"lines": ["在吗"], "pack": "draft"}))
        .await;
    assert_eq!(missing.status, 404);
    assert_eq!(missing.json()["code"], "no_draft");

    // A copy with the greeting reworded: the draft says the new words, the
    // live scripts still the old ones, from the same start.
    draft_copy(root.path());
    let replies_toml = draft.join("replies.toml");
    let text = std::fs::read_to_string(&replies_toml).unwrap();
    let old = "我是客服小棉,有什么可以帮您的呢?";
    assert!(
        text.contains(old),
        "the shipped greeting changed; update this test"
    );
    std::fs::write(
        &replies_toml,
        text.replace(old, "我是小棉,今天想看点什么呢?"),
    )
    .unwrap();
    let view = api.get("/api/draft").await;
    assert_eq!(
        (&view["exists"], &view["ok"]),
        (&json!(true), &json!(true)),
        "{view}"
    );
    assert!(view["summary"].as_str().unwrap().contains("intents"));
    let trial = |pack: &str| json!({"lines": ["在吗"], "pack": pack, "at": AFTERNOON});
    let live = api.post("/api/try", trial("live")).await.json();
    let drafted = api.post("/api/try", trial("draft")).await.json();
    assert!(replies(&live)[0][0].contains(old), "{live}");
    assert!(
        replies(&drafted)[0][0].contains("今天想看点什么"),
        "{drafted}"
    );
    let from = drafted["lines"][0][0]["outcome"]["actions"][0]["from"][0]
        .as_str()
        .unwrap();
    assert!(from.contains("scripts-draft"), "{from}");

    // A mistake in a value: listed with file:line:column, at the value.
    let replies = std::fs::read_to_string(draft.join("replies.toml")).unwrap();
    std::fs::write(
        draft.join("replies.toml"),
        format!("{replies}\n[[reply]]\nintent = \"greting\"\ntexts = [\"在的\"]\n"),
    )
    .unwrap();
    let view = api.get("/api/draft").await;
    assert_eq!(view["ok"], false);
    let line = replies.lines().count() + 3;
    assert_eq!(
        view["errors"],
        json!([format!(
            "{}:{line}:10: reply for unknown intent or situation `greting`: did you mean \
             `greeting`?",
            draft.join("replies.toml").display()
        )]),
        "{view}"
    );
    std::fs::write(draft.join("replies.toml"), replies).unwrap();

    // Broken: the check lists the problem with file:line, a trial is refused.
    std::fs::write(
        draft.join("intents.toml"),
        std::fs::read_to_string(draft.join("intents.toml")).unwrap() + "\n[[intent]\n",
    )
    .unwrap();
    let view = api.get("/api/draft").await;
    assert_eq!(view["ok"], false);
    let errors = view["errors"].as_array().unwrap();
    assert_eq!(errors.len(), 1, "{errors:?}");
    assert!(
        errors[0].as_str().unwrap().contains("intents.toml:"),
        "{errors:?}"
    );
    let refused = api.post("/api/try", trial("draft")).await;
    assert_eq!(refused.status, 422);
    assert_eq!(refused.json()["code"], "draft_invalid");
    // The live scripts are not the draft's business.
    assert_eq!(api.post("/api/try", trial("live")).await.status, 200);
    bot.stop().await;
}

#[tokio::test]
async fn bad_trials_are_refused_with_a_code() {
    let channel = TestChannel::start().await;
    let data = tempfile::tempdir().unwrap();
    let clock = ManualClock::at(AFTERNOON);
    let bot = start_assist(&channel.url(), data.path(), clock.clock(), mode(Mode::Auto)).await;
    let api = bot.api();
    let many: Vec<String> = (0..101).map(|i| format!("第{i}句")).collect();
    for (body, code) in [
        (json!({"lines": many}), "too_many_lines"),
        (json!({"lines": ["长".repeat(501)]}), "text_too_long"),
        (json!({"lines": ["在吗"], "pack": "staging"}), "bad_body"),
        (json!({"lines": ["在吗"], "at": -5}), "bad_body"),
        (json!({"lines": ["在吗"], "speed": 2}), "bad_body"),
        (json!({"text": "在吗"}), "bad_body"),
    ] {
        let answer = api.post("/api/try", body.clone()).await;
        assert_eq!(answer.status, 400, "{body}: {}", answer.body);
        assert_eq!(answer.json()["code"], code, "{body}");
    }
    // No draft configured.
    assert_eq!(api.get("/api/draft").await["dir"], Value::Null);
    let none = api
        .post("/api/try", json!({"lines": [], "pack": "draft"}))
        .await;
    assert_eq!(none.json()["code"], "no_draft");
    // The page and the API want the token like the rest of the console.
    let anonymous = Api {
        addr: api.addr,
        token: None,
    };
    for path in ["/try", "/try.js", "/common.js", "/api/draft"] {
        assert_eq!(
            anonymous.request("GET", path, None).await.status,
            401,
            "{path}"
        );
    }
    let page = api.request("GET", "/try", None).await;
    assert_eq!(page.status, 200);
    assert!(page.body.contains("话术试用"));
    let common = api.request("GET", "/common.js", None).await;
    assert_eq!(common.status, 200);
    assert!(common.body.contains("function toast"));
    bot.stop().await;
}

#[tokio::test]
async fn the_draft_is_compared_with_the_live_scripts_on_labelled_messages() {
    let Supervised {
        channel: _channel,
        bot,
        root,
        ..
    } = Supervised::start(AFTERNOON).await;
    let api = bot.api();
    let missing = api.request("GET", "/api/compare", None).await;
    assert_eq!(missing.status, 404, "{}", missing.body);
    assert_eq!(missing.json()["code"], "no_labelled");
    assert_eq!(api.get("/api/draft").await["labelled"], Value::Null);

    make_jishi_a_stock_keyword(&root.path().join("scripts-draft"));
    let labelled = root.path().join("labelled.jsonl");
    std::fs::write(
        &labelled,
        concat!(
            r#"{"text":"几时发货","labels":["shipping"]}"#,
            "\n",
            r#"{"text":"我电话13812345678,几时发货","labels":["shipping"]}"#,
            "\n",
            r#"{"text":"在吗","labels":["greeting"]}"#,
            "\n"
        ),
    )
    .unwrap();
    let view = api.get("/api/draft").await;
    assert!(view["labelled"]
        .as_str()
        .unwrap()
        .ends_with("labelled.jsonl"));

    let answer = api.get("/api/compare").await;
    let c = &answer["comparison"];
    assert_eq!(c["messages"], 3);
    assert_eq!(c["broken"], 2, "{answer}");
    assert_eq!(c["fixed"], 0);
    assert!(c["accuracy_after"].as_f64() < c["accuracy_before"].as_f64());
    let changes = c["changes"].as_array().unwrap();
    assert_eq!(
        (&changes[0]["before"], &changes[0]["after"]),
        (&json!("shipping"), &json!("stock"))
    );
    assert_eq!(changes[0]["verdict"], "broken");
    let texts: Vec<&str> = changes
        .iter()
        .map(|c| c["text"].as_str().unwrap())
        .collect();
    assert!(
        texts.iter().all(|t| !t.contains("13812345678")),
        "buyers' numbers are masked: {texts:?}"
    );
    assert_eq!(answer["draft"], view["fingerprint"]);
    // What goes to a person with each pack: `几时` as a stock keyword hands
    // nothing over.
    let handover = &c["handover"];
    assert_eq!(handover["before"]["messages"], 3, "{answer}");
    assert_eq!(handover["before"]["handed_over"], 0, "{answer}");
    assert_eq!(handover["after"]["handed_over"], 0, "{answer}");
    assert_eq!(handover["newly"], json!([]), "{answer}");

    // A broken line is named with file:line.
    std::fs::write(
        &labelled,
        "{\"text\":\"在吗\",\"labels\":[\"greeting\"]}\n{oops\n",
    )
    .unwrap();
    let bad = api.request("GET", "/api/compare", None).await;
    assert_eq!(bad.status, 422, "{}", bad.body);
    assert_eq!(bad.json()["code"], "labelled_invalid");
    assert!(bad.json()["error"]
        .as_str()
        .unwrap()
        .contains("labelled.jsonl:2"));
    bot.stop().await;
}
