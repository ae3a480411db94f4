//! A size for each of several: people measured in one message
//! (`男生180 150斤 女生160 95斤`), or the items just recommended (by
//! their charts, or for shoes by the foot length).

use super::feet::{foot_fit, foot_text, FootFit};
use crate::dialogue::vars::Vars;
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

/// What a size question makes of the items just recommended, none chosen
/// yet (see [`for_picks`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(in crate::dialogue) enum ForPicks {
    /// Each item's size by its chart, for the height and weight given:
    /// `90白鸭绒短款羽绒服S码、中长款连帽羽绒服M码` (`{picks_sizes}`).
    Chart(String),
    /// Shoes: each pair's size for the foot length given, as
    /// `{picks_sizes}`: `复古厚底老爹鞋39码、经典低帮帆布鞋39码`.
    Foot(String),
    /// Shoes, none of which fits the foot given (`脚长21cm`, all made from
    /// 36): the same list, said as sizes not to take.
    FootNone(String),
    /// Shoes, no foot length given: their names (`{picks}`), to ask for it.
    /// Height and weight say nothing of a shoe size.
    NeedFoot(String),
}

impl ForPicks {
    /// Sets the variables its answer says; returns its situation and the
    /// more general one said when the pack has no words for it.
    pub(in crate::dialogue) fn say(
        &self,
        vars: &mut Vars,
        foot_mm: Option<u32>,
    ) -> (&'static str, Option<&'static str>) {
        match self {
            ForPicks::Chart(each) => {
                vars.set("picks_sizes", each);
                ("size_for_picks", Some("size_need_item"))
            }
            ForPicks::Foot(each) => {
                vars.set("picks_sizes", each);
                vars.set_opt("foot", foot_mm.map(foot_text).as_deref());
                ("size_for_picks_foot", None)
            }
            ForPicks::FootNone(each) => {
                vars.set("picks_sizes", each);
                vars.set_opt("foot", foot_mm.map(foot_text).as_deref());
                ("size_picks_foot_none", Some("size_for_picks_foot"))
            }
            // A pack without the words asks which pair, as for any size
            // question with no item in talk.
            ForPicks::NeedFoot(picks) => {
                vars.set("picks", picks);
                let measured = vars.get("height").is_some() && vars.get("weight").is_some();
                let general = if measured {
                    "size_need_item"
                } else {
                    "which_item"
                };
                ("size_picks_need_foot", Some(general))
            }
        }
    }
}

/// The last recommendation's picks, when it named two items or more: those
/// shown last. Empty otherwise.
fn last_picks<'s>(session: &Session, scripts: &'s Scripts) -> Vec<&'s Item> {
    let shown = &session.slots.wish.shown;
    if shown.len() < 2 {
        return Vec::new();
    }
    (shown[shown.len() - 2..].iter())
        .filter_map(|id| scripts.catalog.item(id))
        .collect()
}

/// Whether the items just recommended are all sized by foot length
/// (shoes): a foot length said next is theirs, with no item chosen.
pub(in crate::dialogue) fn picks_by_foot(session: &Session, scripts: &Scripts) -> bool {
    let picks = last_picks(session, scripts);
    !picks.is_empty() && picks.iter().all(|item| by_foot(item, scripts))
}

fn by_foot(item: &Item, scripts: &Scripts) -> bool {
    !item.foot_length.is_empty() && scripts.catalog.chart_for(item).is_none()
}

/// After a recommendation named two items or more, none chosen, the size of
/// each: by its chart for the buyer's height and weight, or for shoes by
/// the foot length (or a request for it). The buyer who answers "告诉我身
/// 高体重" with `160 110斤` has not chosen yet, and "看中的是哪一款呢"
/// would ask again what the reply just offered; the buyer shown two pairs
/// of shoes who says `脚长24cm` has not either. `None` when no size can be
/// said and none asked for.
pub(in crate::dialogue) fn for_picks(session: &Session, scripts: &Scripts) -> Option<ForPicks> {
    let slots = &session.slots;
    let picks = last_picks(session, scripts);
    if picks.is_empty() {
        return None;
    }
    if picks.iter().all(|item| by_foot(item, scripts)) {
        let Some(foot) = slots.foot_mm else {
            let names: Vec<&str> = picks.iter().map(|i| i.name.as_str()).collect();
            return Some(ForPicks::NeedFoot(names.join(LIST_SEPARATOR)));
        };
        let said: Vec<(String, bool)> = (picks.iter())
            .map(|item| {
                let (size, fits) = foot_size_said(item, foot);
                (format!("{}{size}", item.name), fits)
            })
            .collect();
        // "看中哪双拍对应的码就好" would invite the buyer to take a size
        // the reply has just said is too big or too small.
        let none_fits = said.iter().all(|(_, fits)| !fits);
        let each: Vec<String> = said.into_iter().map(|(each, _)| each).collect();
        let each = each.join(LIST_SEPARATOR);
        return Some(match none_fits {
            true => ForPicks::FootNone(each),
            false => ForPicks::Foot(each),
        });
    }
    let (height, weight) = (slots.height_cm?, slots.weight_jin?);
    let each: Vec<String> = (picks.iter())
        .filter_map(|item| {
            let chart = scripts.catalog.chart_for(item)?;
            let size = chart_size_said(chart, item, height, weight);
            Some(format!("{}{size}", item.name))
        })
        .collect();
    (!each.is_empty()).then(|| ForPicks::Chart(each.join(LIST_SEPARATOR)))
}

/// The size of shoes `item` for a foot of `foot` mm, as a list of sizes
/// says it: `39码`, `39码(暂时售罄)`, or, past either end of its table,
/// the end size and which way it is off (`只做到44码(会偏小)`): a list
/// has no room for the insoles the one-item answer speaks of. With it,
/// whether the foot is within the table (a size sold out still fits).
fn foot_size_said(item: &Item, foot: u32) -> (String, bool) {
    match foot_fit(item, foot) {
        FootFit::Beyond(largest) => (format!("只做到{largest}码(会偏小)"), false),
        FootFit::Below(smallest) => (format!("{smallest}码起(会偏大)"), false),
        FootFit::Size(size, true) => (format!("{size}码(暂时售罄)"), true),
        FootFit::Size(size, false) => (format!("{size}码"), true),
    }
}
