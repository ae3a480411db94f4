//! The night shift over a real websocket with an injected clock: payment
//! nudges (after the delay, after quiet hours, capped, cancelled by payment,
//! once across a restart), the closing line said once, the per-minute
//! message limit, the handover queue with its export, and the shift report
//! computed from what the bot journaled.

mod support;

use kefu::report::{self, handover, Shift};
use serde_json::json;
use std::time::Duration;
use support::*;

/// 2026-11-23 21:00 Beijing time: a night shift starting.
const NINE_PM: i64 = 1_795_363_200 + 21 * 3600;
/// The default nudge delay and closing delay.
const NUDGE: i64 = 1800;
const CLOSING: i64 = 7200;

/// Gives the bot's one-second timer tick time to run when nothing visible
/// should happen (a passing test proves it did nothing).
async fn let_timers_run() {
    tokio::time::sleep(Duration::from_millis(1500)).await;
}

fn journal_kinds(data: &std::path::Path, kind: &str) -> usize {
    let store = open_store(data);
    store
        .journal(i64::MIN, i64::MAX)
        .filter(|e| e.as_ref().unwrap().kind == kind)
        .count()
}

fn order_for_amount(
    id: &str,
    conv: &str,
    order: &str,
    status: &str,
    amount: &str,
) -> serde_json::Value {
    let mut o = support::order(id, conv, order, status, "p-1001", "黑色 M");
    o["amount"] = json!(amount);
    o
}

#[tokio::test]
async fn an_unpaid_order_is_nudged_once_after_the_delay_and_never_again() {
    let channel = TestChannel::start().await;
    let data = tempfile::tempdir().unwrap();
    let clock = ManualClock::at(NINE_PM);
    let bot = start_bot_at(&channel, data.path(), &clock);
    channel.push(order("e-1", "c-1", "o-1", "created", "p-1001", "黑色 M"));
    channel
        .wait_until("order answered", |c| c.posted("c-1").len() == 1)
        .await;

    clock.advance(NUDGE - 60);
    let_timers_run().await;
    assert_eq!(channel.posted("c-1").len(), 1, "not due yet");

    clock.advance(60);
    channel
        .wait_until("the nudge", |c| c.posted("c-1").len() == 2)
        .await;
    let nudge = &channel.posted("c-1")[1];
    assert!(nudge.contains("付款"), "{nudge}");
    // The cap (one nudge per order by default): hours later, nothing more.
    clock.advance(NUDGE * 20);
    let_timers_run().await;
    assert_eq!(channel.posted("c-1").len(), 2, "one nudge per order");
    bot.stop().await;
    assert_eq!(journal_kinds(data.path(), "timer:payment_nudge"), 1);
    assert_eq!(open_store(data.path()).timer_count(), 0);
}

#[tokio::test]
async fn a_nudge_due_in_quiet_hours_goes_out_when_they_end() {
    let channel = TestChannel::start().await;
    let data = tempfile::tempdir().unwrap();
    // 22:50: the nudge falls due at 23:20, inside 23:00–08:00.
    let clock = ManualClock::at(NINE_PM + 110 * 60);
    let bot = start_bot_at(&channel, data.path(), &clock);
    channel.push(order("e-1", "c-1", "o-1", "created", "p-1001", "黑色 M"));
    channel
        .wait_until("order answered", |c| c.posted("c-1").len() == 1)
        .await;

    clock.advance(NUDGE);
    let_timers_run().await;
    clock.advance(3 * 3600); // 02:20
    let_timers_run().await;
    assert_eq!(channel.posted("c-1").len(), 1, "nothing at night");

    // 08:00 the next morning.
    clock.advance(NINE_PM + 11 * 3600 - (NINE_PM + 110 * 60 + NUDGE + 3 * 3600));
    channel
        .wait_until("the nudge after quiet hours", |c| {
            c.posted("c-1").len() == 2
        })
        .await;
    bot.stop().await;
    assert_eq!(journal_kinds(data.path(), "timer:payment_nudge"), 1);
}

#[tokio::test]
async fn paying_cancels_the_nudge() {
    let channel = TestChannel::start().await;
    let data = tempfile::tempdir().unwrap();
    let clock = ManualClock::at(NINE_PM);
    let bot = start_bot_at(&channel, data.path(), &clock);
    channel.push(order("e-1", "c-1", "o-1", "created", "p-1001", "黑色 M"));
    clock.advance(600);
    channel
        .wait_until("order answered", |c| c.posted("c-1").len() == 1)
        .await;
    channel.push(order("e-2", "c-1", "o-1", "paid", "p-1001", "黑色 M"));
    channel
        .wait_until("payment answered", |c| c.posted("c-1").len() == 2)
        .await;
    clock.advance(NUDGE);
    let_timers_run().await;
    bot.stop().await;
    assert_eq!(
        channel.posted("c-1").len(),
        2,
        "{:?}",
        channel.posted("c-1")
    );
    assert_eq!(journal_kinds(data.path(), "timer:payment_nudge"), 0);
}

#[tokio::test]
async fn a_nudge_due_while_the_bot_was_down_fires_once_after_restart() {
    let channel = TestChannel::start().await;
    let data = tempfile::tempdir().unwrap();
    let clock = ManualClock::at(NINE_PM);
    let bot = start_bot_at(&channel, data.path(), &clock);
    channel.push(order("e-1", "c-1", "o-1", "created", "p-1001", "黑色 M"));
    channel
        .wait_until("answered and acked", |c| {
            c.posted("c-1").len() == 1 && c.all_acked()
        })
        .await;
    bot.stop().await;

    clock.advance(NUDGE + 600);
    let bot = start_bot_at(&channel, data.path(), &clock);
    channel
        .wait_until("the nudge after restart", |c| c.posted("c-1").len() == 2)
        .await;
    // A redelivered order event schedules nothing new.
    channel.push(order("e-1", "c-1", "o-1", "created", "p-1001", "黑色 M"));
    channel.wait_until("acked again", |c| c.all_acked()).await;
    clock.advance(NUDGE * 4);
    let_timers_run().await;
    bot.stop().await;
    assert_eq!(
        channel.posted("c-1").len(),
        2,
        "{:?}",
        channel.posted("c-1")
    );
    assert_eq!(journal_kinds(data.path(), "timer:payment_nudge"), 1);
}

#[tokio::test]
async fn the_closing_line_is_said_once_when_the_buyer_thanks_first() {
    let channel = TestChannel::start().await;
    let data = tempfile::tempdir().unwrap();
    let clock = ManualClock::at(NINE_PM - 3 * 3600); // 18:00
    let bot = start_bot_at(&channel, data.path(), &clock);
    channel.push(order("e-1", "c-1", "o-1", "created", "p-1001", "黑色 M"));
    channel.push(order("e-2", "c-1", "o-1", "paid", "p-1001", "黑色 M"));
    channel
        .wait_until("two replies", |c| c.posted("c-1").len() == 2)
        .await;
    clock.advance(120);
    channel.push(message("e-3", "c-1", "好的谢谢"));
    channel
        .wait_until("the closing", |c| c.posted("c-1").len() == 3)
        .await;
    assert!(
        channel.posted("c-1")[2].contains("收藏"),
        "{:?}",
        channel.posted("c-1")
    );
    clock.advance(60);
    channel.push(message("e-4", "c-1", "[微笑]"));
    channel.push(message("e-5", "c-1", "谢谢"));
    clock.advance(CLOSING);
    channel.wait_until("acked", |c| c.all_acked()).await;
    let_timers_run().await;
    bot.stop().await;
    assert_eq!(
        channel.posted("c-1").len(),
        3,
        "the last word once: {:?}",
        channel.posted("c-1")
    );
    assert_eq!(journal_kinds(data.path(), "timer:closing"), 0);
}

#[tokio::test]
async fn a_flood_gets_at_most_the_limit_then_the_held_back_answers_together() {
    let channel = TestChannel::start().await;
    let data = tempfile::tempdir().unwrap();
    let clock = ManualClock::at(NINE_PM);
    let bot = start_bot_at(&channel, data.path(), &clock);
    let texts = [
        "包邮吗",
        "发什么快递",
        "包邮吗",
        "有优惠券吗",
        "包邮吗",
        "发什么快递",
        "包邮吗",
        "有优惠券吗",
        "包邮吗",
        "发什么快递",
        "包邮吗",
        "有优惠券吗",
    ];
    for (i, t) in texts.iter().enumerate() {
        channel.push(message(&format!("e-{i}"), "c-1", t));
    }
    channel.wait_until("all acked", |c| c.all_acked()).await;
    let posted = channel.posted("c-1");
    let limit = kefu::dialogue::NightRules::default().max_messages_per_minute as usize;
    assert_eq!(posted.len(), limit, "{posted:#?}");
    assert!(posted.windows(2).all(|w| w[0] != w[1]), "{posted:#?}");
    // Nothing is lost: a minute later the answers held back go out together,
    // as one message, and the conversation may be answered again.
    clock.advance(61);
    channel
        .wait_until("the deferred answers", |c| {
            c.posted("c-1").len() == limit + 1
        })
        .await;
    let merged = channel.posted("c-1")[limit].clone();
    assert!(
        merged.lines().count() >= 1 && merged != posted[limit - 1],
        "{merged:?}"
    );
    clock.advance(61);
    channel.push(message("e-x", "c-1", "在吗"));
    channel
        .wait_until("answered again", |c| c.posted("c-1").len() == limit + 2)
        .await;
    bot.stop().await;
}

#[tokio::test]
async fn night_handovers_are_queued_exported_and_told_when_people_are_back() {
    let channel = TestChannel::start().await;
    let data = tempfile::tempdir().unwrap();
    let clock = ManualClock::at(NINE_PM + 150 * 60); // 23:30, people gone
    let bot = start_bot_at(&channel, data.path(), &clock);
    // Goods received damaged after payment.
    channel.push(order("e-1", "c-1", "o-1", "paid", "p-1001", "黑色 M"));
    channel.push(message("e-2", "c-1", "衣服收到破了个洞,我要退款"));
    // A logistics question needs the order looked up.
    channel.push(message("e-3", "c-2", "我的快递到哪了,怎么还没到"));
    // A large order: checked by a person, not handed over.
    channel.push(order_for_amount("e-4", "c-3", "o-3", "created", "3299.00"));
    // A pre-sale return question from a product page is answered.
    channel.push(message_on("e-5", "c-4", "支持七天无理由退换吗", "p-1001"));
    channel
        .wait_until("two transfers", |c| {
            c.frames("transfer").len() == 2 && c.all_acked()
        })
        .await;
    channel
        .wait_until("replies", |c| {
            c.posted("c-4").len() == 1 && c.posted("c-3").len() == 1
        })
        .await;
    let flagged = channel.frames("remark");
    assert!(
        flagged
            .iter()
            .any(|f| f["order"] == "o-3" && f["flag"] == "red"),
        "{flagged:?}"
    );
    for conv in ["c-1", "c-2"] {
        let told = channel.posted(conv).last().cloned().unwrap_or_default();
        assert!(told.contains("明天09:00"), "{conv}: {told}");
    }
    bot.stop().await;

    let store = open_store(data.path());
    let items = store.handover_items(false).unwrap();
    let reasons: Vec<(&str, Option<&str>)> = items
        .iter()
        .map(|i| (i.reason.as_str(), i.order.as_deref()))
        .collect();
    assert_eq!(
        reasons,
        [
            ("received_problem", Some("o-1")),
            ("logistics", None),
            ("large_order", Some("o-3"))
        ]
    );
    let rows = handover::select(&items, None, |i| {
        store.session(&i.shop, &i.conversation).unwrap()
    });
    let md = handover::markdown(&rows, |at| at.to_string());
    assert!(
        md.contains("| o-1 | tb_lily88 | 收货有问题(错发/漏发/破损/与描述不符) |"),
        "{md}"
    );
    assert!(md.contains("我要退款"), "{md}");
    let csv = handover::csv(&rows, |at| at.to_string());
    assert_eq!(csv.lines().count(), 4, "{csv}");
    assert!(csv.contains(",o-3,tb_lily88,large_order,"), "{csv}");
    // Items stay until marked done.
    assert!(store
        .mark_handover_done(items[1].id, "kf-01")
        .unwrap()
        .is_some());
    assert_eq!(store.handover_items(false).unwrap().len(), 2);
    assert_eq!(store.handover_items(true).unwrap().len(), 3);
    drop(store);

    // The command line opens the stopped bot's directory itself.
    let kefu = |args: &[&str]| {
        let out = std::process::Command::new(env!("CARGO_BIN_EXE_kefu"))
            .args(args)
            .arg("--data")
            .arg(data.path())
            .current_dir(env!("CARGO_MANIFEST_DIR"))
            .output()
            .expect("kefu runs");
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8(out.stdout).unwrap()
    };
    let listed = kefu(&["handover", "--format", "csv"]);
    assert_eq!(listed.lines().count(), 3, "two open items: {listed}");
    let done = kefu(&[
        "handover",
        "--done",
        &items[0].id.to_string(),
        "--by",
        "kf-02",
    ]);
    assert!(
        done.contains("the bot answers this conversation again"),
        "{done}"
    );
    assert_eq!(kefu(&["handover", "--format", "csv"]).lines().count(), 2);
    assert!(kefu(&["report", "--format", "html"]).contains("<svg"));
}

#[tokio::test]
async fn the_report_of_a_scripted_night_has_exact_figures() {
    let channel = TestChannel::start().await;
    let data = tempfile::tempdir().unwrap();
    let clock = ManualClock::at(NINE_PM);
    let bot = start_bot_at(&channel, data.path(), &clock);
    // c-1 buys at once; c-2 bargains and leaves; c-3 complains; c-4 orders
    // and never pays; c-5 orders and pays after the nudge; c-6 is not understood twice.
    channel.push(message("e-1", "c-1", "在吗"));
    channel.push(order("e-2", "c-1", "o-1", "created", "p-1001", "黑色 M"));
    channel.push(order("e-3", "c-1", "o-1", "paid", "p-1001", "黑色 M"));
    channel.push(message("e-4", "c-2", "能便宜点吗"));
    channel.push(message("e-5", "c-3", "我要投诉你们"));
    channel.push(message("e-6", "c-4", "在吗"));
    channel.push(order("e-7", "c-4", "o-4", "created", "p-1001", "黑色 M"));
    channel.push(message("e-8", "c-5", "在吗"));
    channel.push(order("e-9", "c-5", "o-5", "created", "p-1001", "黑色 M"));
    channel.push(message("e-10", "c-6", "上次那个呢"));
    channel.push(message("e-11", "c-6", "就是那个啊"));
    channel
        .wait_until("all handled", |c| {
            c.all_acked() && c.frames("transfer").len() == 2
        })
        .await;
    clock.advance(NUDGE);
    channel
        .wait_until("two nudges", |c| {
            c.posted("c-4").len() == 3 && c.posted("c-5").len() == 3
        })
        .await;
    clock.advance(60);
    channel.push(order("e-12", "c-5", "o-5", "paid", "p-1001", "黑色 M"));
    channel
        .wait_until("paid answered", |c| c.posted("c-5").len() == 4)
        .await;
    // The closing lines fall due in quiet hours and go out at 08:00.
    clock.advance(11 * 3600 - NUDGE - 60);
    channel
        .wait_until("two closings", |c| {
            c.posted("c-1").len() == 4 && c.posted("c-5").len() == 5
        })
        .await;
    bot.stop().await;

    let store = open_store(data.path());
    let shift = report::latest_shift(&store, "Asia/Shanghai")
        .unwrap()
        .unwrap();
    assert_eq!(
        shift,
        Shift::night_of(jiff::civil::date(2026, 11, 23), "Asia/Shanghai")
    );
    let r = report::from_store(&store, shift).unwrap();
    assert_eq!((r.conversations, r.buyer_messages), (6, 7));
    assert_eq!((r.answered_by_bot, r.handed_over, r.unanswered), (4, 2, 0));
    assert_eq!(
        r.handover_reasons,
        [("complaint".to_string(), 1), ("unknown".to_string(), 1)]
    );
    let t = r.first_response.unwrap();
    assert_eq!((t.count, t.median_secs, t.p95_secs), (6, 0, 0));
    assert_eq!((r.ordered, r.paid), (3, 2));
    assert_eq!((r.orders_created, r.orders_paid), (3, 2));
    assert_eq!(r.conversion(), Some(2.0 / 6.0));
    assert_eq!(
        r.no_sale,
        [
            ("handed_over".to_string(), 2),
            ("price".to_string(), 1),
            ("unpaid_order".to_string(), 1)
        ]
    );
    assert_eq!(
        (r.nudges_sent, r.nudged_orders, r.nudged_then_paid),
        (2, 2, 1)
    );
    assert_eq!(r.closings_sent, 2);
    assert!(
        r.intents.contains(&("greeting".to_string(), 3)),
        "{:?}",
        r.intents
    );
    assert_eq!(r.unmatched.len(), 2, "{:?}", r.unmatched);
    assert!(report::markdown(&r).contains("| 询单转化率 | 33.3% |"));
}
