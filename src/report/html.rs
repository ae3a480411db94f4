//! The shift report as one self-contained HTML page with charts.
//!
//! Charts are inline SVG drawn here, with no script and no external asset:
//! the page is mailed around and opened on office machines without network,
//! and it must look the same in a year.

use super::text::{duration, headline};
use super::{cells, handover, labelled, no_sale_label, Report};
use std::fmt::Write;

const BAR_COLOR: &str = "#d9480f";
const FUNNEL_COLOR: &str = "#1c7ed6";

/// A horizontal bar chart: one row per (label, value), scaled to the largest.
fn bars(title: &str, rows: &[(String, u64)], color: &str) -> String {
    let mut out = format!("<h2>{}</h2>\n", cells::html(title));
    if rows.is_empty() {
        out.push_str("<p class=\"none\">(无)</p>\n");
        return out;
    }
    let (label_w, bar_w, row_h) = (220.0, 420.0, 24.0);
    let max = rows.iter().map(|r| r.1).max().unwrap_or(1).max(1) as f64;
    let height = row_h * rows.len() as f64 + 8.0;
    let _ = writeln!(
        out,
        "<svg role=\"img\" aria-label=\"{}\" width=\"{}\" height=\"{height}\" viewBox=\"0 0 {} {height}\">",
        cells::html(title),
        label_w + bar_w + 60.0,
        label_w + bar_w + 60.0
    );
    for (i, (label, value)) in rows.iter().enumerate() {
        let y = i as f64 * row_h + 4.0;
        let w = (*value as f64 / max * bar_w).max(1.0);
        let shown: String = label.chars().take(16).collect();
        let shown = if shown.chars().count() < label.chars().count() {
            format!("{shown}…")
        } else {
            shown
        };
        let _ = writeln!(
            out,
            "<text x=\"{}\" y=\"{}\" text-anchor=\"end\">{}</text>\
             <rect x=\"{label_w}\" y=\"{y}\" width=\"{w:.1}\" height=\"{}\" fill=\"{color}\"><title>{}: {value}</title></rect>\
             <text x=\"{:.1}\" y=\"{}\">{value}</text>",
            label_w - 8.0,
            y + 16.0,
            cells::html(&shown),
            row_h - 6.0,
            cells::html(label),
            label_w + w + 6.0,
            y + 16.0,
        );
    }
    out.push_str("</svg>\n");
    out
}

pub fn html(r: &Report) -> String {
    let s = &r.shift;
    let mut out = String::new();
    let _ = write!(
        out,
        "<!DOCTYPE html>\n<html lang=\"zh-CN\"><head><meta charset=\"utf-8\">\
         <title>夜班报表 {date}</title>\n<style>\
         body{{font-family:system-ui,\"PingFang SC\",\"Microsoft YaHei\",sans-serif;margin:2em;color:#222}}\
         table{{border-collapse:collapse}}td,th{{border:1px solid #ccc;padding:4px 10px;text-align:left}}\
         svg text{{font-size:13px;fill:#333}}.none{{color:#888}}\
         </style></head><body>\n<h1>夜班报表 {date}</h1>\n<p>{from} → {to} ({tz})</p>\n",
        date = s.date,
        from = cells::html(&s.clock(s.from)),
        to = cells::html(&s.clock(s.to)),
        tz = cells::html(&s.time_zone),
    );
    out.push_str("<table>\n");
    for (_, label, value) in headline(r) {
        let _ = writeln!(
            out,
            "<tr><th>{}</th><td>{}</td></tr>",
            cells::html(label),
            cells::html(&value)
        );
    }
    out.push_str("</table>\n");
    let funnel = vec![
        ("咨询会话".to_string(), r.conversations),
        ("下单".to_string(), r.ordered),
        ("付款".to_string(), r.paid),
    ];
    out.push_str(&bars("询单转化漏斗", &funnel, FUNNEL_COLOR));
    let answered = vec![
        ("机器人独立接待".to_string(), r.answered_by_bot),
        ("转人工".to_string(), r.handed_over),
        ("未回复".to_string(), r.unanswered),
    ];
    out.push_str(&bars("接待情况(会话)", &answered, FUNNEL_COLOR));
    let nudges = vec![
        ("催付订单".to_string(), r.nudged_orders),
        ("催付后付款".to_string(), r.nudged_then_paid),
    ];
    out.push_str(&bars("催付效果", &nudges, FUNNEL_COLOR));
    if let Some(t) = r.first_response {
        let _ = writeln!(
            out,
            "<p>首次响应:{} 个会话,中位数 {},P95 {}</p>",
            t.count,
            duration(t.median_secs),
            duration(t.p95_secs)
        );
    }
    let no_sale = labelled(&r.no_sale, no_sale_label);
    let reasons = labelled(&r.handover_reasons, handover::reason_label);
    out.push_str(&bars("买家意图", &r.intents, BAR_COLOR));
    out.push_str(&bars("转人工原因", &reasons, BAR_COLOR));
    out.push_str(&bars("未成交理由", &no_sale, BAR_COLOR));
    out.push_str(&bars(
        "未识别的买家说法(可补充关键词)",
        &r.unmatched,
        BAR_COLOR,
    ));
    if !r.verdicts.is_empty() {
        out.push_str(
            "<h2>坐席对建议回复的处理(辅助模式,改写和拒绝多的话术组先改)</h2>\n<table>\n\
             <tr><th>话术组</th><th>出自</th><th>采纳</th><th>改写</th><th>拒绝</th><th>坐席改写为</th></tr>\n",
        );
        for v in &r.verdicts {
            let _ = writeln!(
                out,
                "<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
                cells::html(&v.keys),
                cells::html(&v.written_in()),
                v.approved,
                v.edited,
                v.rejected,
                cells::html(&v.rewrites.join(" / "))
            );
        }
        out.push_str("</table>\n");
    }
    out.push_str("</body></html>\n");
    out
}
