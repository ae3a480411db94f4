//! Going live from the console: a supervisor publishes the draft scripts
//! they tried, the next buyer on the channel gets them, and agents, stale
//! drafts and broken drafts cannot.

mod console_support;
mod support;

use console_support::*;
use kefu::config::Mode;
use serde_json::{json, Value};
use support::*;

const OLD: &str = "我是客服小棉,有什么可以帮您的呢?";
const NEW: &str = "我是小棉,今天想看点什么呢?";

fn reword(path: &std::path::Path, from: &str, to: &str) {
    let text = std::fs::read_to_string(path).unwrap();
    assert!(
        text.contains(from),
        "{} lacks {from}: the shipped scripts changed; update this test",
        path.display()
    );
    std::fs::write(path, text.replacen(from, to, 1)).unwrap();
}

fn publish_body(view: &Value) -> Value {
    json!({ "draft": view["fingerprint"].as_str().expect("a fingerprint") })
}

#[tokio::test]
async fn a_supervisor_publishes_the_tried_draft_and_the_next_buyer_gets_it() {
    let Supervised {
        channel, bot, root, ..
    } = Supervised::start(AFTERNOON).await;
    let (agent, supervisor) = (bot.api(), bot.supervisor_api());
    let (live, draft) = (
        root.path().join("scripts"),
        root.path().join("scripts-draft"),
    );

    channel.push(message("e-1", "c-1", "在吗"));
    channel
        .wait_until("the first greeting", |c| !c.posted("c-1").is_empty())
        .await;
    assert!(
        channel.posted("c-1")[0].contains(OLD),
        "{:?}",
        channel.posted("c-1")
    );

    reword(&draft.join("replies.toml"), OLD, NEW);

    // An agent sees the change but cannot publish it.
    let view = agent.get("/api/draft").await;
    assert_eq!(view["role"], "agent");
    assert_eq!(view["can_publish"], false);
    assert_eq!(view["changes"]["changed"], json!(["replies.toml"]));
    let forbidden = agent.post("/api/publish", publish_body(&view)).await;
    assert_eq!(forbidden.status, 403, "{}", forbidden.body);
    assert_eq!(forbidden.json()["code"], "forbidden");

    // The supervisor checks it; then someone edits the draft again, so the
    // check is stale and publishing it is refused.
    let stale = supervisor.get("/api/draft").await;
    assert_eq!(stale["role"], "supervisor");
    assert_eq!(stale["can_publish"], true, "{stale}");
    reword(
        &draft.join("replies.toml"),
        "今天想看点什么呢",
        "今天想看点什么呢~",
    );
    let refused = supervisor.post("/api/publish", publish_body(&stale)).await;
    assert_eq!(refused.status, 409, "{}", refused.body);
    assert_eq!(refused.json()["code"], "draft_changed");
    let live_text = std::fs::read_to_string(live.join("replies.toml")).unwrap();
    assert!(live_text.contains(OLD), "nothing was copied");

    // Tried on the draft, and published as tried.
    let trial = supervisor
        .post(
            "/api/try",
            json!({"lines": ["在吗"], "pack": "draft", "at": AFTERNOON}),
        )
        .await
        .json();
    let view = supervisor.get("/api/draft").await;
    assert_eq!(
        trial["draft"], view["fingerprint"],
        "the trial ran on the checked files"
    );
    let published = supervisor.post("/api/publish", publish_body(&view)).await;
    assert_eq!(published.status, 200, "{}", published.body);
    let published = published.json();
    assert_eq!(published["changes"]["changed"], json!(["replies.toml"]));
    assert!(published["summary"].as_str().unwrap().contains("intents"));
    let kept = std::path::PathBuf::from(published["kept_in"].as_str().unwrap());
    assert!(
        kept.starts_with(root.path().join("scripts-history")),
        "{kept:?}"
    );
    assert!(std::fs::read_to_string(kept.join("replies.toml"))
        .unwrap()
        .contains(OLD));
    assert!(std::fs::read_to_string(live.join("replies.toml"))
        .unwrap()
        .contains("今天想看点什么呢~"));

    // In force at once: the next buyer gets the new words, and the live
    // scripts point at their own files, not at the draft's.
    channel.push(message("e-2", "c-2", "在吗"));
    channel
        .wait_until("the second greeting", |c| !c.posted("c-2").is_empty())
        .await;
    assert!(
        channel.posted("c-2")[0].contains("今天想看点什么呢~"),
        "{:?}",
        channel.posted("c-2")
    );
    let on_live = agent
        .post("/api/try", json!({"lines": ["在吗"], "at": AFTERNOON}))
        .await
        .json();
    let from = on_live["lines"][0][0]["outcome"]["actions"][0]["from"][0]
        .as_str()
        .unwrap()
        .to_string();
    assert!(
        from.contains("replies.toml") && !from.contains("scripts-draft"),
        "{from}"
    );

    // Published, the draft is the live scripts: nothing more to publish.
    let view = supervisor.get("/api/draft").await;
    assert_eq!(view["can_publish"], false);
    assert_eq!(view["changes"]["changed"], json!([]));
    let again = supervisor.post("/api/publish", publish_body(&view)).await;
    assert_eq!(again.status, 409);
    assert_eq!(again.json()["code"], "unchanged");

    // The supervisors' login link opens the try page with their cookie.
    let anonymous = Api {
        addr: agent.addr,
        token: None,
    };
    let login = anonymous
        .request("GET", &format!("/try?token={SUPERVISOR_TOKEN}"), None)
        .await;
    assert_eq!(login.status, 303, "{}", login.body);
    let header = |name: &str| {
        login
            .headers
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.clone())
            .unwrap_or_default()
    };
    assert_eq!(header("location"), "/try");
    assert!(header("set-cookie").contains(SUPERVISOR_TOKEN));
    bot.stop().await;
}

#[tokio::test]
async fn a_broken_draft_or_a_bad_request_publishes_nothing() {
    let Supervised {
        channel: _channel,
        bot,
        root,
        ..
    } = Supervised::start(AFTERNOON).await;
    let supervisor = bot.supervisor_api();
    let live = root.path().join("scripts");
    let before = std::fs::read_to_string(live.join("intents.toml")).unwrap();
    let draft = root.path().join("scripts-draft");
    std::fs::write(
        draft.join("intents.toml"),
        std::fs::read_to_string(draft.join("intents.toml")).unwrap() + "\n[[intent]\n",
    )
    .unwrap();

    let view = supervisor.get("/api/draft").await;
    assert_eq!(
        (&view["ok"], &view["can_publish"]),
        (&json!(false), &json!(false))
    );
    let broken = supervisor.post("/api/publish", publish_body(&view)).await;
    assert_eq!(broken.status, 422, "{}", broken.body);
    assert_eq!(broken.json()["code"], "draft_invalid");
    assert!(broken.json()["error"]
        .as_str()
        .unwrap()
        .contains("intents.toml:"));

    for (body, code) in [
        (json!({"draft": "xyz"}), "bad_body"),
        (json!({}), "bad_body"),
        (
            json!({"draft": view["fingerprint"], "force": true}),
            "bad_body",
        ),
        (
            json!({"draft": view["fingerprint"], "over_hot_fixes": "yes"}),
            "bad_body",
        ),
    ] {
        let answer = supervisor.post("/api/publish", body.clone()).await;
        assert_eq!(answer.status, 400, "{body}: {}", answer.body);
        assert_eq!(answer.json()["code"], code, "{body}");
    }
    assert_eq!(
        std::fs::read_to_string(live.join("intents.toml")).unwrap(),
        before
    );
    assert!(!root.path().join("scripts-history").exists());
    bot.stop().await;
}

#[tokio::test]
async fn without_a_supervisors_token_no_one_publishes() {
    let channel = TestChannel::start().await;
    let data = tempfile::tempdir().unwrap();
    let root = tempfile::tempdir().unwrap();
    let clock = ManualClock::at(AFTERNOON);
    // This bot answers with the repository's own scripts: nothing may be
    // published over them.
    let bot = start_with_draft(
        &channel.url(),
        data.path(),
        clock.clock(),
        mode(Mode::Auto),
        Some(draft_copy(root.path())),
    )
    .await;
    reword(&root.path().join("scripts-draft/replies.toml"), OLD, NEW);
    let view = bot.api().get("/api/draft").await;
    assert_eq!(view["can_publish"], false);
    let refused = bot.api().post("/api/publish", publish_body(&view)).await;
    assert_eq!(refused.status, 403);
    let unknown = bot
        .supervisor_api()
        .request("GET", "/api/draft", None)
        .await;
    assert_eq!(unknown.status, 401, "no supervisors' token is configured");
    bot.stop().await;
}

#[tokio::test]
async fn a_kept_copy_is_restored_when_a_publish_went_wrong() {
    let Supervised {
        channel, bot, root, ..
    } = Supervised::start(AFTERNOON).await;
    let (agent, supervisor) = (bot.api(), bot.supervisor_api());
    reword(&root.path().join("scripts-draft/replies.toml"), OLD, NEW);
    let view = supervisor.get("/api/draft").await;
    assert_eq!(view["versions"], json!([]), "nothing kept yet");
    let published = supervisor.post("/api/publish", publish_body(&view)).await;
    assert_eq!(published.status, 200, "{}", published.body);

    let view = supervisor.get("/api/draft").await;
    let versions = view["versions"].as_array().unwrap().clone();
    assert_eq!(versions.len(), 1, "{view}");
    let version = versions[0].as_str().unwrap();
    assert!(published.json()["kept_in"]
        .as_str()
        .unwrap()
        .ends_with(version));

    // Agents cannot, and a request names a kept copy, never a path.
    let forbidden = agent
        .post("/api/restore", json!({ "version": version }))
        .await;
    assert_eq!(forbidden.status, 403);
    for bad in ["../scripts", "scripts-draft", ""] {
        let answer = supervisor
            .post("/api/restore", json!({ "version": bad }))
            .await;
        assert_eq!(answer.status, 404, "{bad}: {}", answer.body);
        assert_eq!(answer.json()["code"], "no_such_version");
    }

    let restored = supervisor
        .post("/api/restore", json!({ "version": version }))
        .await;
    assert_eq!(restored.status, 200, "{}", restored.body);
    assert_eq!(
        restored.json()["changes"]["changed"],
        json!(["replies.toml"])
    );
    channel.push(message("e-1", "c-1", "在吗"));
    channel
        .wait_until("a buyer answered", |c| !c.posted("c-1").is_empty())
        .await;
    assert!(
        channel.posted("c-1")[0].contains(OLD),
        "the old words are back: {:?}",
        channel.posted("c-1")
    );
    // The published scripts were kept in turn: the restore can be undone.
    let view = supervisor.get("/api/draft").await;
    assert_eq!(view["versions"].as_array().unwrap().len(), 2, "{view}");
    bot.stop().await;
}

#[tokio::test]
async fn every_publish_and_restore_is_recorded_with_whose_token_it_was() {
    let Supervised { bot, root, .. } = Supervised::start(AFTERNOON).await;
    let (wang, shared, agent) = (bot.wang_min_api(), bot.supervisor_api(), bot.api());
    reword(&root.path().join("scripts-draft/replies.toml"), OLD, NEW);

    let view = wang.get("/api/draft").await;
    assert_eq!(view["role"], "supervisor");
    assert_eq!(view["you"], "王敏");
    assert_eq!(view["published"], json!([]));
    let published = wang.post("/api/publish", publish_body(&view)).await;
    assert_eq!(published.status, 200, "{}", published.body);

    // Everyone sees who put which files live, agents included.
    let view = agent.get("/api/draft").await;
    assert_eq!(view["you"], Value::Null);
    let first = &view["published"][0];
    assert_eq!(first["by"], "王敏", "{view}");
    assert_eq!(first["changes"]["changed"], json!(["replies.toml"]));
    let version = view["versions"][0]
        .as_str()
        .expect("a kept copy")
        .to_string();
    assert_eq!(first["kept_in"], version.as_str());

    // Going back with the shared token is recorded as the shared token's.
    let restored = shared
        .post("/api/restore", json!({ "version": version }))
        .await;
    assert_eq!(restored.status, 200, "{}", restored.body);
    let view = shared.get("/api/draft").await;
    assert_eq!(view["published"][0]["by"], "主管(共用令牌)", "{view}");
    assert!(view["published"][0]["from"]
        .as_str()
        .unwrap()
        .ends_with(&version));
    assert_eq!(view["published"][1]["by"], "王敏");
    let log = std::fs::read_to_string(root.path().join("scripts-history/published.jsonl")).unwrap();
    assert_eq!(log.lines().count(), 2, "{log}");
    bot.stop().await;
}

#[tokio::test]
async fn a_draft_that_would_undo_a_hot_fix_is_refused_until_published_over_it() {
    let Supervised { bot, root, .. } = Supervised::start(AFTERNOON).await;
    let (agent, supervisor) = (bot.api(), bot.supervisor_api());
    let (live, draft) = (
        root.path().join("scripts"),
        root.path().join("scripts-draft"),
    );
    let shop = || std::fs::read_to_string(live.join("shop.toml")).unwrap();
    reword(&draft.join("replies.toml"), OLD, NEW);
    let view = supervisor.get("/api/draft").await;
    let first = supervisor.post("/api/publish", publish_body(&view)).await;
    assert_eq!(first.status, 200, "{}", first.body);
    assert_eq!(first.json()["undid_hot_fixes"], json!([]));

    // A typo fixed in scripts/ itself; the draft, copied before, goes on.
    reword(&live.join("shop.toml"), "17:00", "17:30");
    reword(&draft.join("replies.toml"), NEW, OLD);
    let view = supervisor.get("/api/draft").await;
    let refused = supervisor.post("/api/publish", publish_body(&view)).await;
    assert_eq!(refused.status, 409, "{}", refused.body);
    let refused = refused.json();
    assert_eq!(refused["code"], "hot_fixes");
    let error = refused["error"].as_str().unwrap();
    for words in [
        "shop.toml: changed in place",
        "diff ",
        "\"over_hot_fixes\": true",
    ] {
        assert!(error.contains(words), "{words} in {error}");
    }
    assert!(shop().contains("17:30"), "the fix stays");

    // Publishing over it is the supervisors' choice, not the agents'.
    let mut over = publish_body(&view);
    over["over_hot_fixes"] = json!(true);
    let forbidden = agent.post("/api/publish", over.clone()).await;
    assert_eq!(forbidden.status, 403, "{}", forbidden.body);
    let published = supervisor.post("/api/publish", over).await;
    assert_eq!(published.status, 200, "{}", published.body);
    assert_eq!(published.json()["undid_hot_fixes"], json!(["shop.toml"]));
    assert!(shop().contains("17:00"));
    let view = supervisor.get("/api/draft").await;
    assert_eq!(
        view["published"][0]["undid_hot_fixes"],
        json!(["shop.toml"]),
        "{view}"
    );

    // Restoring a kept copy is going back on purpose: not checked.
    reword(&live.join("shop.toml"), "17:00", "17:15");
    let version = view["versions"][0].as_str().unwrap().to_string();
    let restored = supervisor
        .post("/api/restore", json!({ "version": version }))
        .await;
    assert_eq!(restored.status, 200, "{}", restored.body);
    assert_eq!(restored.json()["undid_hot_fixes"], json!(["shop.toml"]));
    assert!(shop().contains("17:30"), "the kept copy had the first fix");
    bot.stop().await;
}

#[tokio::test]
async fn the_draft_names_the_hot_fixes_it_would_undo_before_the_publish() {
    let Supervised { bot, root, .. } = Supervised::start(AFTERNOON).await;
    let (agent, supervisor) = (bot.api(), bot.supervisor_api());
    let (live, draft) = (
        root.path().join("scripts"),
        root.path().join("scripts-draft"),
    );
    let history = root.path().join("scripts-history");
    // Nothing published yet: nothing to tell a hot fix by.
    reword(&draft.join("replies.toml"), OLD, NEW);
    let view = supervisor.get("/api/draft").await;
    assert_eq!(view["hot_fixes"], json!([]), "{view}");
    let first = supervisor.post("/api/publish", publish_body(&view)).await;
    assert_eq!(first.status, 200, "{}", first.body);

    // A typo fixed in scripts/ itself; the draft, copied before, goes on.
    reword(&live.join("shop.toml"), "17:00", "17:30");
    reword(&draft.join("replies.toml"), NEW, OLD);
    let view = supervisor.get("/api/draft").await;
    let named = json!([{
        "name": "shop.toml",
        "kind": "changed",
        "in_draft": true,
        "advice": format!(
            "changed in place, and the draft's copy does not have the change \
             (the fix: diff {snapshot} {live}; to bring it into the draft: diff {live} {draft})",
            snapshot = history.join(".published/shop.toml").display(),
            live = live.join("shop.toml").display(),
            draft = draft.join("shop.toml").display(),
        ),
        "commands": [
            format!(
                "diff {} {}",
                history.join(".published/shop.toml").display(),
                live.join("shop.toml").display()
            ),
            format!(
                "diff {} {}",
                live.join("shop.toml").display(),
                draft.join("shop.toml").display()
            ),
        ],
    }]);
    assert_eq!(view["hot_fixes"], named, "{view}");
    // The warning is no bar: the publish button still asks on the click.
    assert_eq!(view["can_publish"], true);
    // Agents see it too: it is about what buyers would get.
    assert_eq!(agent.get("/api/draft").await["hot_fixes"], named);
    // The refusal names the same file with the same advice.
    let refused = supervisor.post("/api/publish", publish_body(&view)).await;
    assert_eq!(refused.status, 409, "{}", refused.body);
    let error = refused.json()["error"].as_str().unwrap().to_string();
    let line = format!("  shop.toml: {}", named[0]["advice"].as_str().unwrap());
    assert!(error.contains(&line), "{line} in {error}");

    // Brought into the draft, the fix is no longer undone: no warning.
    let draft_shop = std::fs::read_to_string(draft.join("shop.toml")).unwrap();
    std::fs::copy(live.join("shop.toml"), draft.join("shop.toml")).unwrap();
    let view = supervisor.get("/api/draft").await;
    assert_eq!(view["hot_fixes"], json!([]), "{view}");

    // Taken out again, and published over: named before, gone after.
    std::fs::write(draft.join("shop.toml"), draft_shop).unwrap();
    let view = supervisor.get("/api/draft").await;
    assert_eq!(view["hot_fixes"][0]["name"], "shop.toml", "{view}");
    let mut over = publish_body(&view);
    over["over_hot_fixes"] = json!(true);
    let published = supervisor.post("/api/publish", over).await;
    assert_eq!(published.status, 200, "{}", published.body);
    assert_eq!(published.json()["undid_hot_fixes"], json!(["shop.toml"]));
    let view = supervisor.get("/api/draft").await;
    assert_eq!(view["hot_fixes"], json!([]), "{view}");
    assert_eq!(view["changes"]["changed"], json!([]));
    bot.stop().await;
}

/// The copy of the last publish that hot fixes are told by cannot be read:
/// the draft is still shown, with a warning naming the file and what it
/// means for publishing, and publishing does what the warning says.
#[cfg(target_os = "linux")]
#[tokio::test]
async fn an_unreadable_copy_of_the_last_publish_is_a_warning_that_names_it() {
    let Supervised { bot, root, .. } = Supervised::start(AFTERNOON).await;
    let supervisor = bot.supervisor_api();
    let (live, draft) = (
        root.path().join("scripts"),
        root.path().join("scripts-draft"),
    );
    let snapshot = root.path().join("scripts-history").join(".published");
    reword(&draft.join("replies.toml"), OLD, NEW);
    let view = supervisor.get("/api/draft").await;
    let first = supervisor.post("/api/publish", publish_body(&view)).await;
    assert_eq!(first.status, 200, "{}", first.body);

    // A file in the copy that is there but cannot be read. Not by taking
    // its permissions away: tests often run as root, who reads it anyway.
    // /proc/self/mem is a file whose first bytes no process can read.
    let unreadable = snapshot.join("shop.toml");
    std::fs::remove_file(&unreadable).unwrap();
    std::os::unix::fs::symlink("/proc/self/mem", &unreadable).unwrap();
    assert!(std::fs::read(&unreadable).is_err(), "the copy reads");

    reword(&draft.join("replies.toml"), NEW, OLD);
    let view = supervisor.get("/api/draft").await;
    assert_eq!(view["ok"], true, "{view}");
    assert_eq!(view["hot_fixes"], json!([]), "{view}");
    assert_eq!(view["changes"]["changed"], json!(["replies.toml"]));
    let warnings: Vec<&str> = (view["warnings"].as_array().unwrap().iter())
        .filter_map(Value::as_str)
        .filter(|w| w.starts_with("cannot tell whether publishing would undo"))
        .collect();
    assert_eq!(
        warnings,
        [format!(
            "cannot tell whether publishing would undo fixes saved directly in {live}: cannot \
             read the last publish's copy {file}: Input/output error (os error 5); publishing \
             is refused until that file can be read, or until {snapshot} is removed (the next \
             publish then goes ahead without this check, and leaves a new copy)",
            live = live.display(),
            file = unreadable.display(),
            snapshot = snapshot.display(),
        )],
        "{view}"
    );

    // As the warning says: refused, naming the file, until the copy goes.
    let refused = supervisor.post("/api/publish", publish_body(&view)).await;
    assert_eq!(refused.status, 500, "{}", refused.body);
    let error = refused.json()["error"].as_str().unwrap().to_string();
    assert!(
        error.contains(&format!(
            "cannot read the last publish's copy {}",
            unreadable.display()
        )),
        "{error}"
    );
    std::fs::remove_dir_all(&snapshot).unwrap();
    let view = supervisor.get("/api/draft").await;
    let published = supervisor.post("/api/publish", publish_body(&view)).await;
    assert_eq!(published.status, 200, "{}", published.body);
    assert!(snapshot.join("shop.toml").is_file(), "a new copy is left");
    bot.stop().await;
}
