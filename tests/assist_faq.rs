//! Assist mode over the websocket, for a question an item's own answer
//! (`[[item.faq]]` in catalog.toml) answers: the stored suggestion, as the
//! console's API gives it, names the catalogue entry that spoke, which is
//! what a supervisor edits when agents keep changing the answer; the
//! decision record keeps it for the reports.

mod console_support;
mod support;

use console_support::*;
use kefu::config::Mode;
use serde_json::{json, Value};
use support::*;

/// The line of the shipped catalogue where an entry's `ask` starting with
/// `first` is written: looked up, so that editing the catalogue above it
/// does not break the test.
fn ask_line(first: &str) -> usize {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("scripts/catalog.toml");
    let catalogue = std::fs::read_to_string(&path).unwrap();
    let wanted = format!("ask = [\"{first}\"");
    let index = catalogue
        .lines()
        .position(|l| l.starts_with(&wanted))
        .unwrap_or_else(|| panic!("no {wanted} in {}", path.display()));
    index + 1
}

fn options(s: &Value) -> &Vec<Value> {
    s["options"].as_array().expect("options")
}

#[tokio::test]
async fn a_suggestion_names_the_catalogue_entry_that_answered() {
    let Started {
        channel,
        bot,
        data: _data,
        ..
    } = Started::at(AFTERNOON, Mode::Assist).await;
    let api = bot.api();

    channel.push(message_on("e-1", "c-1", "这鞋磨脚吗", "p-1009"));
    let pending = api.wait_pending("c-1", 1).await;
    let s = &pending[0];
    let best = &options(s)[0];
    let faq = &best["faq"];
    let at = faq["at"].as_str().unwrap_or_else(|| panic!("{s:#}"));
    let line = ask_line("磨脚");
    assert!(
        at.ends_with(&format!("scripts/catalog.toml:{line}")),
        "{at}, not line {line}"
    );
    assert_eq!(faq["ask"], "磨脚");
    assert_eq!(faq["item"], "p-1009");
    assert_eq!(faq["item_name"], "复古厚底老爹鞋");
    assert_eq!(faq["key"], "item_faq");
    // `from` still names the set framing it.
    assert!(
        best["from"][0].as_str().unwrap().contains("replies.toml:"),
        "{best:#}"
    );
    let answer = best["text"].as_str().unwrap().to_string();

    // A reply of the answer and another question: its other phrasings say
    // the same answer and name it; an answer to another intent alone does
    // not.
    channel.push(message_on("e-2", "c-2", "会起球吗 什么时候发货", "p-1001"));
    let pending = api.wait_pending("c-2", 1).await;
    let s = &pending[0];
    let best = &options(s)[0];
    let said = best["text"].as_str().unwrap().split('\n').next().unwrap();
    let line = ask_line("起球");
    assert!(
        (best["faq"]["at"].as_str().unwrap()).ends_with(&format!("catalog.toml:{line}")),
        "{best:#}"
    );
    let others = &options(s)[1..];
    assert!(
        others.iter().any(|o| o["note"] == "另一种说法"),
        "another phrasing of the shipping part: {s:#}"
    );
    for o in others {
        let gives = o["text"].as_str().unwrap().contains(said);
        assert_eq!(o["faq"].is_object(), gives, "{o:#}");
        if gives {
            assert_eq!(o["faq"], best["faq"], "{o:#}");
        }
    }

    // The agent rewrites the answer: the record keeps the entry, for the
    // report of the replies agents keep changing.
    let id = pending_id(&api, "c-1").await;
    let mine = "亲,这款偏窄,脚宽建议拍大一码哦~";
    assert_ne!(mine, answer);
    let edited = api
        .post(
            &format!("/api/suggestions/{id}/edit"),
            json!({"agent": "kf-01", "text": mine}),
        )
        .await;
    assert_eq!(edited.status, 200, "{}", edited.body);
    channel
        .wait_until("the edited reply posted", |c| c.posted("c-1").len() == 1)
        .await;
    assert_eq!(channel.posted("c-1"), vec![mine.to_string()]);
    let decisions = api.get("/api/decisions").await;
    let d = &decisions.as_array().unwrap()[0];
    assert_eq!(d["verdict"], "edited");
    assert_eq!(d["faq"]["ask"], "磨脚");
    assert_eq!(d["faq"]["item"], "p-1009");
    bot.stop().await;
}

/// The id of the one suggestion waiting in `conversation`.
async fn pending_id(api: &Api, conversation: &str) -> u64 {
    api.pending_in(conversation).await[0]["id"]
        .as_u64()
        .expect("an id")
}
