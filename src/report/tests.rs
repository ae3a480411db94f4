//! Report figures on a hand-written journal: every number checked exactly.

use super::*;
use crate::store::OrderNote;

const NOON: i64 = 1_795_363_200 + 12 * 3600; // 2026-11-23 12:00 Beijing

fn entry(at: i64, conv: &str, kind: &str) -> JournalEntry {
    JournalEntry {
        buyer: "b".into(),
        ..JournalEntry::new(at, "shop-1", conv, kind)
    }
}

fn msg(at: i64, conv: &str, intents: &[&str], replies: &[&str]) -> JournalEntry {
    let mut e = entry(at, conv, "message");
    e.intents = intents.iter().map(|s| s.to_string()).collect();
    if !replies.is_empty() {
        e.replies = vec![replies.iter().map(|s| s.to_string()).collect()];
    }
    e
}

fn order(at: i64, conv: &str, id: &str, status: &str) -> JournalEntry {
    let mut e = entry(at, conv, "order");
    e.order = Some(OrderNote {
        order: id.into(),
        status: status.into(),
        amount: Some("129.00".into()),
    });
    e.replies = vec![vec![format!("order_{status}")]];
    e
}

fn night() -> Vec<JournalEntry> {
    let t = NOON + 9 * 3600; // 21:00
    let mut j = vec![
        // c-1: asks, orders, is nudged, pays: a sale.
        msg(t, "c-1", &["greeting", "stock"], &["greeting", "stock_yes"]),
        order(t + 60, "c-1", "o-1", "created"),
        {
            let mut n = entry(t + 1860, "c-1", NUDGE_KIND);
            n.replies = vec![vec!["payment_nudge".into()]];
            n
        },
        order(t + 2000, "c-1", "o-1", "paid"),
        {
            let mut n = entry(t + 9200, "c-1", "timer:closing");
            n.replies = vec![vec!["closing".into()]];
            n
        },
        // c-2: bargains and leaves: price.
        msg(t + 10, "c-2", &["bargain"], &["bargain"]),
        msg(t + 40, "c-2", &["too_expensive"], &["too_expensive"]),
        // c-3: a complaint, handed over; the reply took 4 seconds.
        {
            let mut m = msg(t + 20, "c-3", &["complaint"], &["handover"]);
            m.transfer = Some("complaint".into());
            m.sent_at = Some("2026-11-23T21:00:16+08:00".into());
            m
        },
        // c-4: two unknown phrases, the second handed over.
        {
            let mut m = msg(t + 30, "c-4", &[], &["clarify"]);
            m.unmatched = Some("上次那个呢?".into());
            m
        },
        {
            let mut m = msg(t + 50, "c-4", &[], &["handover"]);
            m.unmatched = Some("上次那个呢".into());
            m.transfer = Some("unknown".into());
            m
        },
        // c-5: orders and never pays despite the nudge.
        msg(t + 100, "c-5", &["size_advice"], &["size_result"]),
        order(t + 200, "c-5", "o-5", "created"),
        {
            let mut n = entry(t + 2000, "c-5", NUDGE_KIND);
            n.replies = vec![vec!["payment_nudge".into()]];
            n
        },
        // c-6: sold out, then asks about shipping: the latest reason counts.
        msg(t + 300, "c-6", &["stock"], &["stock_no"]),
        msg(t + 330, "c-6", &["shipping"], &["shipping"]),
        // c-7: an order without any buyer message: not an inquiry.
        order(t + 400, "c-7", "o-7", "created"),
    ];
    j.sort_by_key(|e| e.at);
    j
}

#[test]
fn every_figure_of_a_small_night() {
    let shift = Shift::night_of(Date::constant(2026, 11, 23), "Asia/Shanghai");
    assert_eq!((shift.from, shift.to), (NOON, NOON + 86_400));
    let r = compute(shift, &night());
    assert_eq!(r.conversations, 6);
    assert_eq!(r.buyer_messages, 9);
    assert_eq!((r.answered_by_bot, r.handed_over, r.unanswered), (4, 2, 0));
    assert_eq!(
        r.handover_reasons,
        [("complaint".to_string(), 1), ("unknown".to_string(), 1)]
    );
    let t = r.first_response.expect("response times");
    assert_eq!((t.count, t.median_secs, t.p95_secs), (6, 0, 4));
    assert_eq!((r.ordered, r.paid), (2, 1));
    assert_eq!((r.orders_created, r.orders_paid), (3, 1));
    assert_eq!(r.conversion(), Some(1.0 / 6.0));
    assert_eq!(
        r.no_sale,
        [
            ("handed_over".to_string(), 2),
            ("price".to_string(), 1),
            ("shipping".to_string(), 1),
            ("unpaid_order".to_string(), 1),
        ]
    );
    assert_eq!(
        (r.nudges_sent, r.nudged_orders, r.nudged_then_paid),
        (2, 2, 1)
    );
    assert_eq!(r.closings_sent, 1);
    assert_eq!(r.unmatched, [("上次那个呢".to_string(), 2)]);
    assert_eq!(r.intents[0], ("other".to_string(), 2));
}

#[test]
fn renderings_carry_the_figures() {
    let shift = Shift::night_of(Date::constant(2026, 11, 23), "Asia/Shanghai");
    let r = compute(shift, &night());
    let md = markdown(&r);
    assert!(md.contains("| 询单转化率 | 16.7% |"), "{md}");
    assert!(md.contains("2026-11-23 12:00 → 2026-11-24 12:00"), "{md}");
    // Reasons by their names for people; the CSV keeps the codes.
    assert!(md.contains("| 投诉 | 1 |"), "{md}");
    assert!(md.contains("| 连续两次未听懂 | 1 |"), "{md}");
    let reasons = md
        .split("## 转人工原因")
        .nth(1)
        .and_then(|s| s.split("## ").next());
    assert!(reasons.is_some_and(|s| !s.contains("complaint")), "{md}");
    let csv = csv(&r);
    assert!(csv.contains("figures,nudged_then_paid,1\n"), "{csv}");
    assert!(csv.contains("no_sale_reason,price,1\n"), "{csv}");
    assert!(csv.contains("handover_reason,complaint,1\n"), "{csv}");
    let html = html(&r);
    let reasons = html
        .split("转人工原因</h2>")
        .nth(1)
        .and_then(|s| s.split("<h2>").next());
    assert!(
        reasons.is_some_and(|s| s.contains("投诉") && !s.contains("complaint")),
        "reasons by name: {reasons:?}"
    );
    assert!(html.matches("<svg").count() >= 5, "charts in the page");
    assert!(
        !html.contains("http://") && !html.contains("https://"),
        "no external assets"
    );
}

#[test]
fn the_shift_of_a_moment_runs_noon_to_noon() {
    let early = Shift::containing(NOON + 86_400 - 3600, "Asia/Shanghai"); // 11:00 next day
    assert_eq!(early.date, Date::constant(2026, 11, 23));
    let late = Shift::containing(NOON + 3600, "Asia/Shanghai");
    assert_eq!(late.date, Date::constant(2026, 11, 23));
}

fn verdict(
    at: i64,
    from: &str,
    verdict: crate::store::Verdict,
    text: Option<&str>,
) -> crate::store::DecisionRecord {
    crate::store::DecisionRecord {
        at,
        suggestion: at as u64,
        shop: "shop-1".into(),
        conversation: "c-1".into(),
        by: "kf-01".into(),
        verdict,
        original: "亲,价格是统一的哦".into(),
        keys: vec!["bargain".into()],
        from: vec![from.into()],
        faq: None,
        option: None,
        final_text: text.map(str::to_string),
        reference: None,
        waited_secs: 5,
    }
}

#[test]
fn the_reply_sets_agents_overrule_most_come_first_with_what_they_wrote() {
    use crate::store::Verdict::*;
    let bargain = "scripts/replies.toml:251";
    let shipping = "scripts/replies.toml:385";
    let records = vec![
        verdict(NOON + 1, shipping, Approved, Some("亲,包邮的哦")),
        verdict(NOON + 2, shipping, Approved, Some("亲,包邮的哦")),
        verdict(NOON + 3, bargain, Edited, Some("亲,可以送您运费险哦")),
        verdict(NOON + 4, bargain, Rejected, None),
        verdict(NOON + 5, bargain, Edited, Some("亲,下单备注送袜子")),
        verdict(NOON + 6, bargain, Edited, Some("亲,第三种说法")),
        // A person wrote in the workbench: says nothing about the wording.
        verdict(NOON + 7, shipping, Superseded, None),
    ];
    let rows = verdicts::rows(&records);
    assert_eq!(rows.len(), 2);
    let first = &rows[0];
    assert_eq!(first.from, bargain);
    assert_eq!((first.approved, first.edited, first.rejected), (0, 3, 1));
    // The latest two rewrites.
    assert_eq!(first.rewrites, ["亲,第三种说法", "亲,下单备注送袜子"]);
    assert_eq!((rows[1].approved, rows[1].overruled()), (2, 0));

    let shift = Shift::night_of(Date::constant(2026, 11, 23), "Asia/Shanghai");
    let mut r = compute(shift, &night());
    r.verdicts = rows;
    let md = markdown(&r);
    assert!(
        md.contains("| bargain | scripts/replies.toml:251 | 0 | 3 | 1 | 亲,第三种说法 / 亲,下单备注送袜子 |"),
        "{md}"
    );
    let csv = csv(&r);
    assert!(
        csv.contains("verdict_edited,scripts/replies.toml:251,3\n"),
        "{csv}"
    );
    assert!(html(&r).contains("<td>scripts/replies.toml:251</td>"));
    // No verdicts, no section.
    r.verdicts.clear();
    assert!(!markdown(&r).contains("坐席对建议"));
}

#[test]
fn rewrites_of_the_shops_answers_are_counted_under_their_entries() {
    use crate::store::Verdict::*;
    let framing = "scripts/replies.toml:1215";
    let answered = |at: i64, line: u32, ask: &str, v, text: Option<&str>| {
        let mut r = verdict(at, framing, v, text);
        r.keys = vec!["item_faq".into()];
        r.faq = Some(crate::store::FaqOrigin {
            at: Some(format!("scripts/catalog.toml:{line}")),
            item: Some("p-1009".into()),
            item_name: Some("复古厚底老爹鞋".into()),
            ask: ask.into(),
            key: "item_faq".into(),
        });
        r
    };
    let records = vec![
        answered(NOON + 1, 512, "磨脚", Edited, Some("亲,偏窄,建议大一码")),
        // Another word of the same entry: the same row.
        answered(NOON + 2, 512, "挤脚", Rejected, None),
        answered(NOON + 3, 500, "防滑", Approved, Some("亲,鞋底防滑")),
    ];
    let rows = verdicts::rows(&records);
    assert_eq!(rows.len(), 2, "one row per entry: {rows:#?}");
    let first = &rows[0];
    assert_eq!(first.faq, "scripts/catalog.toml:512(复古厚底老爹鞋)");
    assert_eq!((first.edited, first.rejected), (1, 1));
    assert_eq!(first.rewrites, ["亲,偏窄,建议大一码"]);
    assert_eq!(rows[1].faq, "scripts/catalog.toml:500(复古厚底老爹鞋)");
    assert_eq!(rows[1].approved, 1);

    let shift = Shift::night_of(Date::constant(2026, 11, 23), "Asia/Shanghai");
    let mut r = compute(shift, &night());
    r.verdicts = rows;
    let written = "scripts/replies.toml:1215 · 店铺答案:scripts/catalog.toml:512(复古厚底老爹鞋)";
    assert!(
        markdown(&r).contains(&format!("| item_faq | {written} | 0 | 1 | 1 |")),
        "{}",
        markdown(&r)
    );
    assert!(csv(&r).contains(&format!("verdict_edited,{written},1\n")));
    assert!(html(&r).contains(&format!("<td>{written}</td>")));
}

#[test]
fn a_size_the_item_is_not_made_in_is_a_size_reason_not_out_of_stock() {
    let shift = Shift::night_of(Date::constant(2026, 11, 23), "Asia/Shanghai");
    let t = shift.from;
    let j = vec![
        msg(t + 100, "c-1", &["stock"], &["stock_no_such_size"]),
        msg(t + 200, "c-2", &["stock"], &["stock_no"]),
    ];
    let r = compute(shift, &j);
    assert_eq!(
        r.no_sale,
        [("out_of_stock".to_string(), 1), ("size".to_string(), 1)]
    );
}
