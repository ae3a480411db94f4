//! The handover queue for the morning shift, in the seeds' format.
//!
//! The manuals ask the night shift to leave each open case as "order
//! number + buyer id + address + question" (物流单号+旺旺ID+地址+问题). The
//! address never leaves the bot's storage here: the summary is the buyer's
//! earlier messages, masked (phone numbers, addresses, id numbers), and the
//! question is the last thing the buyer wrote. Items stay in the queue until
//! someone marks them done (`kefu handover --done ID`).

use super::cells;
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
        "logistics" => "物流查件",
        "large_order" => "大额订单待确认",
        // Before shipping the order also got a red-flagged remark; after, not.
        "order_change" => "付款后改订单",
        "internal_error" => "系统异常",
        other => other,
    }
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
    pub done: bool,
}

impl Row {
    pub fn of(item: &HandoverItem) -> Row {
        let messages: Vec<String> = item
            .last_messages
            .iter()
            .map(|m| mask_private(m.trim()))
            .filter(|m| !m.is_empty())
            .collect();
        let (question, earlier) = match messages.split_last() {
            Some((last, earlier)) => (last.clone(), earlier.join(" / ")),
            None => (String::new(), String::new()),
        };
        let mut summary: String = earlier.chars().take(SUMMARY_CHARS).collect();
        if summary.chars().count() < earlier.chars().count() {
            summary.push('…');
        }
        Row {
            id: item.id,
            at: item.at,
            order: item.order.clone().unwrap_or_default(),
            buyer: item.buyer.clone(),
            reason: item.reason.clone(),
            summary,
            question,
            done: item.done,
        }
    }
}

/// The items handed over at or after `since`, oldest first.
pub fn select(items: &[HandoverItem], since: Option<i64>) -> Vec<Row> {
    items
        .iter()
        .filter(|i| since.is_none_or(|s| i.at >= s))
        .map(Row::of)
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
    out.push_str("| # | 时间 | 订单号 | 买家 | 原因 | 摘要 | 问题 | 状态 |\n");
    out.push_str("|---|---|---|---|---|---|---|---|\n");
    for r in rows {
        let _ = writeln!(
            out,
            "| {} | {} | {} | {} | {} | {} | {} | {} |",
            r.id,
            clock(r.at),
            md_cell(&r.order),
            md_cell(&r.buyer),
            reason_label(&r.reason),
            md_cell(&r.summary),
            md_cell(&r.question),
            if r.done { "已处理" } else { "待处理" }
        );
    }
    out.push_str("\n处理完一条后:`kefu handover --done <#> --by <工号>`\n");
    out
}

pub fn csv(rows: &[Row], clock: impl Fn(i64) -> String) -> String {
    let mut out = String::from("id,time,order,buyer,reason,summary,question,done\n");
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
        let rows = select(&items, Some(150));
        assert_eq!(rows.len(), 1);
        assert_eq!(rows[0].question, "转人工");
        let rows = select(&items, None);
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
        let csv = csv(&select(&items, None), |at| at.to_string());
        let line = csv.lines().nth(1).unwrap();
        assert!(line.contains(",\"'=HYPERLINK("), "{line}");
        assert!(!line.contains(",=HYPERLINK"), "{line}");
    }
}
