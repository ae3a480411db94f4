//! The handover queue for the morning shift, in the seeds' format.
//!
//! The manuals ask the night shift to leave each open case as "order
//! number + buyer id + address + question" (物流单号+旺旺ID+地址+问题). The
//! address never leaves the bot's storage here: the summary is the buyer's
//! earlier messages, masked (phone numbers, addresses, id numbers), and the
//! question is the last thing the buyer wrote. Items stay in the queue until
//! someone marks them done (`kefu handover --done ID`).

use super::cells;
use crate::dialogue::{Session, Speaker};
use crate::nlu::mask_private;
use crate::store::HandoverItem;
use std::fmt::Write;

/// At most this many characters of summary per item: a glance, not a transcript.
const SUMMARY_CHARS: usize = 80;

/// The label of a transfer reason, as the morning shift reads it.
pub fn reason_label(reason: &str) -> &str {
    match reason {
        "complaint" => "投诉",
        "human" => "要求人工",
        "unknown" => "连续两次未听懂",
        "return_refund" => "退换货/退款",
        "received_problem" => "收货有问题(错发/漏发/破损/与描述不符)",
        "exchange" => "收到不合适(换码/换色/退货)",
        "media" => "发了图片或语音,需人工查看",
        "logistics" => "物流查件",
        "large_order" => "大额订单待确认",
        // A paid order changed, or new delivery details sent for an unpaid
        // one (see `dialogue::orders`): before shipping the order also got a
        // red-flagged remark; after, not.
        "order_change" => "改订单/改收货信息",
        "internal_error" => "系统异常",
        other => other,
    }
}

/// What the buyer wrote after the conversation was handed over, masked,
/// oldest first: the person who picks it up in the morning reads the
/// question and then everything added while waiting ("订单号是…", "人呢").
/// As far as the session's history reaches (its last turns); nothing for an
/// item already done, whose conversation may have gone on with the bot.
pub fn written_since(item: &HandoverItem, session: Option<&Session>) -> Vec<String> {
    let Some(session) = session.filter(|_| !item.done) else {
        return Vec::new();
    };
    let turns: Vec<_> = (session.history.iter())
        .filter(|t| t.who == Speaker::Buyer)
        .collect();
    let since: Vec<_> = match item.buyer_messages {
        // The buyer's last turns, as many as were written since.
        Some(then) => {
            let n = session.buyer_messages.saturating_sub(then) as usize;
            turns[turns.len().saturating_sub(n)..].to_vec()
        }
        // An item from an older kefu: by time, the handover's own second
        // excluded (the message that caused it was in that second).
        None => turns.into_iter().filter(|t| t.at > item.at).collect(),
    };
    masked(since.iter().map(|t| t.text.as_str()))
}

/// The buyer's lines as the export shows them: stored masked, masked again
/// in case the masking learnt more since; blank ones left out.
fn masked<'t>(lines: impl Iterator<Item = &'t str>) -> Vec<String> {
    lines
        .map(|m| mask_private(m.trim()))
        .filter(|m| !m.is_empty())
        .collect()
}

/// One item as the export shows it.
#[derive(Debug, Clone, PartialEq)]
pub struct Row {
    pub id: u64,
    pub at: i64,
    pub order: String,
    pub buyer: String,
    pub reason: String,
    pub summary: String,
    pub question: String,
    /// What the buyer wrote while waiting (see [`written_since`]), joined.
    pub later: String,
    pub done: bool,
}

impl Row {
    pub fn of(item: &HandoverItem, session: Option<&Session>) -> Row {
        let messages = masked(item.last_messages.iter().map(String::as_str));
        let (question, earlier) = match messages.split_last() {
            Some((last, earlier)) => (last.clone(), earlier.join(" / ")),
            None => (String::new(), String::new()),
        };
        let summary = clip(&earlier);
        Row {
            id: item.id,
            at: item.at,
            order: item.order.clone().unwrap_or_default(),
            buyer: item.buyer.clone(),
            reason: item.reason.clone(),
            summary,
            question,
            later: clip(&written_since(item, session).join(" / ")),
            done: item.done,
        }
    }
}

/// At most [`SUMMARY_CHARS`] characters, with `…` where cut.
fn clip(text: &str) -> String {
    let mut clipped: String = text.chars().take(SUMMARY_CHARS).collect();
    if clipped.len() < text.len() {
        clipped.push('…');
    }
    clipped
}

/// The items handed over at or after `since`, oldest first; `session`
/// finds an item's conversation, for what the buyer wrote while waiting.
pub fn select(
    items: &[HandoverItem],
    since: Option<i64>,
    session: impl Fn(&HandoverItem) -> Option<Session>,
) -> Vec<Row> {
    items
        .iter()
        .filter(|i| since.is_none_or(|s| i.at >= s))
        .map(|i| Row::of(i, session(i).as_ref()))
        .collect()
}

/// A Markdown cell; an empty one shows a dash, so a missing order reads as missing.
fn md_cell(text: &str) -> String {
    if text.is_empty() {
        return "–".into();
    }
    cells::markdown(text)
}

/// A Markdown table; `clock` writes a moment in the shop's time.
pub fn markdown(rows: &[Row], clock: impl Fn(i64) -> String) -> String {
    let open = rows.iter().filter(|r| !r.done).count();
    let mut out = format!("# 待人工跟进 ({open} 条未处理)\n\n");
    if rows.is_empty() {
        out.push_str("(无)\n");
        return out;
    }
    out.push_str("| # | 时间 | 订单号 | 买家 | 原因 | 摘要 | 问题 | 转人工后又说 | 状态 |\n");
    out.push_str("|---|---|---|---|---|---|---|---|---|\n");
    for r in rows {
        let _ = writeln!(
            out,
            "| {} | {} | {} | {} | {} | {} | {} | {} | {} |",
            r.id,
            clock(r.at),
            md_cell(&r.order),
            md_cell(&r.buyer),
            reason_label(&r.reason),
            md_cell(&r.summary),
            md_cell(&r.question),
            md_cell(&r.later),
            if r.done { "已处理" } else { "待处理" }
        );
    }
    out.push_str("\n处理完一条后:`kefu handover --done <#> --by <工号>`\n");
    out
}

pub fn csv(rows: &[Row], clock: impl Fn(i64) -> String) -> String {
    // `later` comes last, so sheets made before it existed keep their columns.
    let mut out = String::from("id,time,order,buyer,reason,summary,question,done,later\n");
    for r in rows {
        let fields = [
            r.id.to_string(),
            clock(r.at),
            r.order.clone(),
            r.buyer.clone(),
            r.reason.clone(),
            r.summary.clone(),
            r.question.clone(),
            r.done.to_string(),
            r.later.clone(),
        ];
        let line: Vec<String> = fields.iter().map(|f| cells::csv(f)).collect();
        let _ = writeln!(out, "{}", line.join(","));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn item(id: u64, at: i64, messages: &[&str]) -> HandoverItem {
        HandoverItem {
            id,
            at,
            shop: "shop-1".into(),
            conversation: format!("c-{id}"),
            buyer: "tb_lily".into(),
            reason: "logistics".into(),
            order: Some("o-9".into()),
            last_messages: messages.iter().map(|m| m.to_string()).collect(),
            buyer_messages: None,
            done: false,
            done_by: None,
        }
    }

    #[test]
    fn the_last_message_is_the_question_and_nothing_private_leaves() {
        let items = [
            item(
                1,
                100,
                &[
                    "在吗",
                    "寄到北京市朝阳区建国路88号 13812345678",
                    "快递到哪了",
                ],
            ),
            item(2, 200, &["转人工"]),
        ];
        let rows = select(&items, Some(150), |_| None);
        assert_eq!(rows.len(), 1);
        assert_eq!(rows[0].question, "转人工");
        let rows = select(&items, None, |_| None);
        assert_eq!(rows[0].question, "快递到哪了");
        assert!(rows[0].summary.starts_with("在吗 / "));
        let md = markdown(&rows, |at| at.to_string());
        let csv = csv(&rows, |at| at.to_string());
        for out in [&md, &csv] {
            assert!(!out.contains("13812345678"), "{out}");
            assert!(!out.contains("建国路88号"), "{out}");
        }
        assert!(
            md.contains("| 1 | 100 | o-9 | tb_lily | 物流查件 |"),
            "{md}"
        );
        assert!(csv
            .lines()
            .nth(1)
            .unwrap()
            .starts_with("1,100,o-9,tb_lily,logistics,"));
    }

    #[test]
    fn a_buyer_formula_reaches_the_spreadsheet_as_text() {
        let items = [item(3, 300, &["=HYPERLINK(\"http://evil\",\"点我退款\")"])];
        let csv = csv(&select(&items, None, |_| None), |at| at.to_string());
        let line = csv.lines().nth(1).unwrap();
        assert!(line.contains(",\"'=HYPERLINK("), "{line}");
        assert!(!line.contains(",=HYPERLINK"), "{line}");
    }

    /// The buyer's session after `texts` (at seconds 100, 101, …).
    fn session_with(texts: &[&str]) -> Session {
        let mut s = Session::new("shop-1", "c-1", "tb_lily", 100);
        for (n, t) in texts.iter().enumerate() {
            s.push_turn(Speaker::Buyer, t, 100 + n as i64);
            s.buyer_messages += 1;
            s.push_turn(Speaker::Bot, "亲~", 100 + n as i64);
        }
        s
    }

    #[test]
    fn what_the_buyer_wrote_while_waiting_follows_the_question() {
        let session = session_with(&["快递到哪了", "人呢", "我电话13812345678 快点"]);
        let mut handed = item(1, 100, &["快递到哪了"]);
        handed.buyer_messages = Some(1);
        assert_eq!(
            written_since(&handed, Some(&session)),
            ["人呢", "我电话138****5678 快点"]
        );
        let rows = select(std::slice::from_ref(&handed), None, |_| {
            Some(session.clone())
        });
        assert_eq!(rows[0].question, "快递到哪了");
        let md = markdown(&rows, |at| at.to_string());
        assert!(
            md.contains("| 人呢 / 我电话138****5678 快点 | 待处理 |"),
            "{md}"
        );
        assert!(!md.contains("13812345678"), "{md}");
        let csv = csv(&rows, |at| at.to_string());
        assert!(
            csv.lines().next().unwrap().ends_with(",done,later"),
            "{csv}"
        );
        assert!(
            csv.lines()
                .nth(1)
                .unwrap()
                .ends_with(",false,人呢 / 我电话138****5678 快点"),
            "{csv}"
        );

        // An item stored by an older kefu: by time, after the handover's second.
        handed.buyer_messages = None;
        assert_eq!(written_since(&handed, Some(&session)).len(), 2);
        // Done: the conversation may have gone on with the bot since.
        handed.done = true;
        assert!(written_since(&handed, Some(&session)).is_empty());
        // No session (purged, unreadable): nothing, and no error.
        handed.done = false;
        assert!(written_since(&handed, None).is_empty());
    }
}
