//! The shift report as Markdown (for a chat or a wiki page) and as CSV (for
//! a spreadsheet: one `section,key,value` row per figure).

use super::{cells, handover, labelled, no_sale_label, ratio, Report};
use std::fmt::Write;

/// `0.873` → `87.3%`; a dash for no value.
pub(super) fn percent(value: Option<f64>) -> String {
    value.map_or_else(|| "–".into(), |v| format!("{:.1}%", v * 100.0))
}

/// Seconds as people read a waiting time: `0s`, `42s`, `3m05s`.
pub(super) fn duration(secs: i64) -> String {
    if secs < 60 {
        format!("{secs}s")
    } else {
        format!("{}m{:02}s", secs / 60, secs % 60)
    }
}

/// The report's headline figures, in display order: (key, label, value).
pub(super) fn headline(r: &Report) -> Vec<(&'static str, &'static str, String)> {
    let share = |n: u64| percent(ratio(n, r.conversations));
    let mut rows = vec![
        ("conversations", "咨询会话", r.conversations.to_string()),
        ("buyer_messages", "买家消息", r.buyer_messages.to_string()),
        (
            "answered_by_bot",
            "机器人独立接待",
            format!("{} ({})", r.answered_by_bot, share(r.answered_by_bot)),
        ),
        (
            "handed_over",
            "转人工",
            format!("{} ({})", r.handed_over, share(r.handed_over)),
        ),
        ("unanswered", "未回复(人工接手)", r.unanswered.to_string()),
    ];
    match r.first_response {
        Some(t) => {
            rows.push((
                "first_response_median",
                "首次响应 中位数",
                duration(t.median_secs),
            ));
            rows.push(("first_response_p95", "首次响应 P95", duration(t.p95_secs)));
        }
        None => rows.push(("first_response_median", "首次响应 中位数", "–".into())),
    }
    rows.extend([
        ("funnel_ordered", "下单会话", r.ordered.to_string()),
        ("funnel_paid", "付款会话", r.paid.to_string()),
        ("conversion", "询单转化率", percent(r.conversion())),
        ("orders_created", "新建订单", r.orders_created.to_string()),
        ("orders_paid", "付款订单", r.orders_paid.to_string()),
        ("nudges_sent", "催付消息", r.nudges_sent.to_string()),
        ("nudged_orders", "催付订单", r.nudged_orders.to_string()),
        (
            "nudged_then_paid",
            "催付后付款",
            format!(
                "{} ({})",
                r.nudged_then_paid,
                percent(ratio(r.nudged_then_paid, r.nudged_orders))
            ),
        ),
        (
            "closings_sent",
            "收藏店铺结束语",
            r.closings_sent.to_string(),
        ),
    ]);
    rows
}

pub fn markdown(r: &Report) -> String {
    let mut out = String::new();
    let s = &r.shift;
    let _ = writeln!(
        out,
        "# 夜班报表 {}\n\n{} → {} ({})\n",
        s.date,
        s.clock(s.from),
        s.clock(s.to),
        s.time_zone
    );
    out.push_str("| 指标 | 数值 |\n|---|---|\n");
    for (_, label, value) in headline(r) {
        let _ = writeln!(out, "| {label} | {value} |");
    }
    let table = |out: &mut String, title: &str, head: &str, rows: &[(String, u64)]| {
        let _ = writeln!(out, "\n## {title}\n");
        if rows.is_empty() {
            out.push_str("(无)\n");
            return;
        }
        let _ = writeln!(out, "| {head} | 次数 |\n|---|---|");
        for (k, n) in rows {
            let _ = writeln!(out, "| {} | {n} |", cells::markdown(k));
        }
    };
    let no_sale = labelled(&r.no_sale, no_sale_label);
    let reasons = labelled(&r.handover_reasons, handover::reason_label);
    table(&mut out, "买家意图", "意图", &r.intents);
    table(&mut out, "转人工原因", "原因", &reasons);
    table(&mut out, "未成交理由", "理由", &no_sale);
    table(
        &mut out,
        "未识别的买家说法(可补充关键词)",
        "说法",
        &r.unmatched,
    );
    if !r.verdicts.is_empty() {
        out.push_str(
            "\n## 坐席对建议回复的处理(辅助模式,改写和拒绝多的话术组先改)\n\n\
             | 话术组 | 出自 | 采纳 | 改写 | 拒绝 | 坐席改写为 |\n|---|---|---|---|---|---|\n",
        );
        for v in &r.verdicts {
            let _ = writeln!(
                out,
                "| {} | {} | {} | {} | {} | {} |",
                cells::markdown(&v.keys),
                cells::markdown(&v.written_in()),
                v.approved,
                v.edited,
                v.rejected,
                cells::markdown(&v.rewrites.join(" / "))
            );
        }
    }
    out
}

pub fn csv(r: &Report) -> String {
    let mut out = String::from("section,key,value\n");
    let mut row = |section: &str, key: &str, value: &str| {
        let _ = writeln!(
            out,
            "{},{},{}",
            cells::csv(section),
            cells::csv(key),
            cells::csv(value)
        );
    };
    let s = &r.shift;
    row("shift", "date", &s.date.to_string());
    row("shift", "from", &s.clock(s.from));
    row("shift", "to", &s.clock(s.to));
    row("shift", "time_zone", &s.time_zone);
    // Plain numbers here, for spreadsheets; the shares are computed columns.
    let plain = [
        ("conversations", r.conversations),
        ("buyer_messages", r.buyer_messages),
        ("answered_by_bot", r.answered_by_bot),
        ("handed_over", r.handed_over),
        ("unanswered", r.unanswered),
        ("funnel_ordered", r.ordered),
        ("funnel_paid", r.paid),
        ("orders_created", r.orders_created),
        ("orders_paid", r.orders_paid),
        ("nudges_sent", r.nudges_sent),
        ("nudged_orders", r.nudged_orders),
        ("nudged_then_paid", r.nudged_then_paid),
        ("closings_sent", r.closings_sent),
    ];
    for (key, n) in plain {
        row("figures", key, &n.to_string());
    }
    if let Some(c) = r.conversion() {
        row("figures", "conversion", &format!("{c:.4}"));
    }
    if let Some(t) = r.first_response {
        row(
            "figures",
            "first_response_median_secs",
            &t.median_secs.to_string(),
        );
        row(
            "figures",
            "first_response_p95_secs",
            &t.p95_secs.to_string(),
        );
    }
    for (section, rows) in [
        ("intent", &r.intents),
        ("handover_reason", &r.handover_reasons),
        ("no_sale_reason", &r.no_sale),
        ("unmatched", &r.unmatched),
    ] {
        for (k, n) in rows {
            row(section, k, &n.to_string());
        }
    }
    for v in &r.verdicts {
        // Keyed by where the set is written (its keys for older records),
        // and the shop's answer it gave.
        let written = v.written_in();
        let set = if written.is_empty() {
            &v.keys
        } else {
            &written
        };
        row("verdict_approved", set, &v.approved.to_string());
        row("verdict_edited", set, &v.edited.to_string());
        row("verdict_rejected", set, &v.rejected.to_string());
    }
    out
}
