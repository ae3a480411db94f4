//! Publishing over a hot fix on the try page, in a real browser (headless
//! Chromium): a file fixed straight in the live scripts since the last
//! publish, and a draft copied before the fix. The page warns beside the
//! publish button, naming the file, before anyone clicks; publishing still
//! asks (`confirm`), and OK puts the draft live over the fix.
//!
//! With `CI` set a browser that cannot start fails the test; elsewhere the
//! test is skipped with a message (install Debian's `chromium`).

mod console_support;
mod support;

use console_support::*;
use serde_json::json;
use std::path::Path;

/// 2026-11-23 14:00 in Shanghai.
const AFTERNOON: i64 = 1_795_363_200 + 14 * 3600;

const OLD: &str = "我是客服小棉,有什么可以帮您的呢?";
const NEW: &str = "我是小棉,今天想看点什么呢?";
/// Where the draft goes on after the first publish.
const NEWER: &str = "我是小棉,今天想看点啥呢?";
/// The hot fix, in another reply set of the same file.
const SLOW: &str = "抱歉亲,刚才回复慢了~";
const FIXED: &str = "抱歉亲,刚才回复晚了~";

fn reword(path: &Path, from: &str, to: &str) {
    let text = std::fs::read_to_string(path).unwrap();
    assert!(
        text.contains(from),
        "{} lacks {from}: the shipped scripts changed; update this test",
        path.display()
    );
    std::fs::write(path, text.replacen(from, to, 1)).unwrap();
}

#[tokio::test]
async fn the_try_page_warns_of_a_hot_fix_before_publishing_over_it() {
    let Some(mut browser) =
        cdp::launch_for("the_try_page_warns_of_a_hot_fix_before_publishing_over_it").await
    else {
        return;
    };
    let Supervised { bot, root, .. } = Supervised::start(AFTERNOON).await;
    let supervisor = bot.supervisor_api();
    let (live, draft) = (
        root.path().join("scripts/replies.toml"),
        root.path().join("scripts-draft/replies.toml"),
    );

    // A published pack: from now on publishes can tell a hot fix.
    reword(&draft, OLD, NEW);
    let view = supervisor.get("/api/draft").await;
    let first = supervisor
        .post("/api/publish", json!({ "draft": view["fingerprint"] }))
        .await;
    assert_eq!(first.status, 200, "{}", first.body);

    // The page on a draft the same as the live scripts: nothing to warn of.
    browser
        .goto(&bot.console.supervisor_login_url().unwrap())
        .await;
    browser
        .wait_for(
            "the draft the same as the live scripts",
            "document.getElementById('draft').textContent.includes('与线上话术相同')",
        )
        .await;
    let warned = browser.eval("!!document.getElementById('hot-fixes')").await;
    assert_eq!(warned, false, "no hot fix yet");

    // A fix saved straight into scripts/, and the draft, copied before it,
    // goes on in the same file without it.
    reword(&live, SLOW, FIXED);
    reword(&draft, NEW, NEWER);
    // A trial line: the page looks at the draft again after each, as it does.
    browser
        .eval("document.getElementById('text').focus()")
        .await;
    browser.type_text("在吗").await;
    browser.press("Enter").await;
    let warning = browser
        .wait_for(
            "the hot-fix warning",
            "(() => { const w = document.getElementById('hot-fixes'); \
             return w && w.getBoundingClientRect().height > 0 && w.textContent; })()",
        )
        .await;
    let warning = warning.as_str().unwrap();
    assert!(
        warning.contains("线上有直接改过的文件,发布会盖掉:replies.toml"),
        "{warning}"
    );
    // With the commands that show the fix and bring it into the draft.
    let diff = format!("diff {} {}", live.display(), draft.display());
    assert!(warning.contains(&diff), "{diff} in {warning}");
    let beside = browser
        .eval("document.getElementById('hot-fixes').nextElementSibling.id")
        .await;
    assert_eq!(
        beside, "publish",
        "the warning stands by the publish button"
    );
    if let Some(dir) = std::env::var_os("KEFU_SCREENSHOTS") {
        let _ = browser
            .screenshot(&Path::new(&dir).join("try-page-hot-fix.png"))
            .await;
    }

    // Publish: two clicks, then the question, answered OK.
    browser.answer_dialogs(true).await;
    browser
        .eval("document.getElementById('publish').click()")
        .await;
    browser
        .wait_for(
            "the publish button armed",
            "document.getElementById('publish').classList.contains('armed')",
        )
        .await;
    browser
        .eval("document.getElementById('publish').click()")
        .await;
    let told = browser
        .wait_for(
            "the publish confirmed",
            "(() => { const t = document.getElementById('toast'); \
             return !t.hidden && t.textContent.includes('已发布') && t.textContent; })()",
        )
        .await;
    let told = told.as_str().unwrap();
    assert!(
        told.contains("盖掉了直接在线上改过的 replies.toml"),
        "{told}"
    );
    let asked = browser.dialogs();
    assert_eq!(asked.len(), 1, "one question: {asked:?}");
    assert!(
        asked[0].contains("发布会把这些修改盖掉") && asked[0].contains("replies.toml"),
        "{asked:?}"
    );

    // The draft went live over the fix, and the page says so.
    assert_eq!(
        std::fs::read_to_string(&live).unwrap(),
        std::fs::read_to_string(&draft).unwrap(),
        "the live file is the draft's"
    );
    browser
        .wait_for(
            "the draft the same as the live scripts again, with no warning",
            "document.getElementById('draft').textContent.includes('与线上话术相同') \
             && !document.getElementById('hot-fixes')",
        )
        .await;
    browser.close().await;
    bot.stop().await;
}
