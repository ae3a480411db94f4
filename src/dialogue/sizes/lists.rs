//! A size for each of several: people measured in one message
//! (`男生180 150斤 女生160 95斤`), or the items just recommended.

use crate::dialogue::Session;
use crate::script::{Item, Scripts, SizeChart, LIST_SEPARATOR};

/// The chart's size for each of several people measured in one message
/// (`情侣款 男生180 150斤 女生160 95斤`, `我165 100斤 男朋友178 140斤`), as
/// `{each_size}` says it: `男生180cm、150斤XL码,女生160cm、95斤S码`. Before,
/// the first pair went into the slots and the reply gave one size, the
/// second person's unanswered. A size sold out is said to be; one past or
/// under the chart gets no size. `None` for one person or none.
pub(in crate::dialogue) fn for_each(
    item: &Item,
    scripts: &Scripts,
    normalized: &str,
) -> Option<String> {
    let chart = scripts.catalog.chart_for(item)?;
    let people = crate::nlu::people_measured(normalized);
    if people.len() < 2 {
        return None;
    }
    let each: Vec<String> = (people.iter())
        .map(|p| {
            let who = match p.who.as_deref() {
                Some("我" | "我自己" | "自己") => "您",
                Some(who) => who,
                None => "",
            };
            let size = chart_size_said(chart, item, p.height_cm, p.weight_jin);
            format!("{who}{}cm、{}斤{size}", p.height_cm, p.weight_jin)
        })
        .collect();
    Some(each.join(","))
}

/// The size `chart` gives a height and weight for `item`, as a list of
/// sizes says it: `M码`, `M码(暂时售罄)`, or that the chart has none.
fn chart_size_said(chart: &SizeChart, item: &Item, height_cm: u32, weight_jin: u32) -> String {
    let (h, w) = (Some(height_cm), Some(weight_jin));
    let outside = chart.exceeds(h, w, None) || chart.falls_short(h, w, false);
    match chart.size_for(h, w, None).filter(|_| !outside) {
        Some(size) if item.stock_of(size) == 0 => format!("{size}码(暂时售罄)"),
        Some(size) => format!("{size}码"),
        None => "尺码表里没有合适的码".to_string(),
    }
}

/// After a recommendation named two items or more, none chosen, the size each
/// one's chart gives the buyer's height and weight, as `{picks_sizes}`
/// says it: `90白鸭绒短款羽绒服S码、中长款连帽羽绒服M码`. The buyer who
/// answers "告诉我身高体重" with `160 110斤` has not chosen yet, and "看中
/// 的是哪一款呢" would ask again what the reply just offered. Items
/// without a chart (shoes) are left out; `None` when none has one.
pub(in crate::dialogue) fn for_picks(session: &Session, scripts: &Scripts) -> Option<String> {
    let slots = &session.slots;
    let (height, weight) = (slots.height_cm?, slots.weight_jin?);
    // No item in talk since (the caller's condition): none was chosen.
    if slots.wish.shown.len() < 2 {
        return None;
    }
    // The last recommendation's picks: those shown last.
    let last = &slots.wish.shown[slots.wish.shown.len() - 2..];
    let each: Vec<String> = (last.iter())
        .filter_map(|id| scripts.catalog.item(id))
        .filter_map(|item| {
            let chart = scripts.catalog.chart_for(item)?;
            let size = chart_size_said(chart, item, height, weight);
            Some(format!("{}{size}", item.name))
        })
        .collect();
    (!each.is_empty()).then(|| each.join(LIST_SEPARATOR))
}
