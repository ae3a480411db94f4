//! The size in talk: what the buyer measures, says they wear or steps to,
//! and what the item's size chart makes of it.
//!
//! Four things can name a size, and the newest statement wins. A size the
//! buyer wears (`平时穿27`) is recommended as it is: the buyer knows it
//! better than a guess from height and weight, so the chart is not asked
//! while it stands; measurements given after it bring the chart back. A
//! step (`有没有大一点的`, `那拍大一码吧`) asks for the size next to the one
//! the shop would recommend and is answered with that size's stock. A size
//! named (`有M吗`) is the size in talk. The chart's size fills the slot when
//! a size question is answered, so a stock answer in the same reply speaks
//! of it.

mod feet;
mod lists;
mod systems;

use feet::foot_given;
pub(super) use feet::{foot_below, foot_size, foot_text, said_as};
pub(super) use lists::{for_each, for_picks};
pub(super) use systems::{either_kind, picks_said_as};

use super::{recommend, Session, Slots};
use crate::nlu::Classification;
use crate::script::{Faq, Item, Scripts};

/// Whom the measurements in a message are of, as a reply calls them
/// (`{wearer}`): `Some(None)` for the buyer (`我165 100斤`, or a word that
/// names nobody else, `女生160 95斤`), `Some(Some(..))` for someone else
/// (`她`, `男朋友`, `我妈` → `妈妈`; of one measurement, `他身高150`, whom
/// the message names), `None` when the message does not say.
/// "按您180cm、150斤" to a buyer sizing her boyfriend reads as a bot not
/// listening.
fn wearer_said(normalized: &str) -> Option<Option<String>> {
    match crate::nlu::people_measured(normalized).into_iter().next() {
        Some(measured) => Some(wearer_named(&measured.who?)),
        // One measurement (`他身高150`): whom the message speaks of, the
        // buyer when that is `我` (`我身高150` after sizing someone else).
        None => match crate::nlu::person_named(normalized) {
            Some(who) => Some(wearer_named(who)),
            None => normalized.contains('我').then_some(None),
        },
    }
}

/// The wearer a word names, as a reply calls them: `None` for the buyer.
fn wearer_named(who: &str) -> Option<String> {
    match who {
        "我" | "我自己" | "自己" | "男生" | "女生" | "男的" | "女的" | "男" | "女" => {
            None
        }
        "我妈" => Some("妈妈".to_string()),
        "我爸" => Some("爸爸".to_string()),
        other => Some(other.to_string()),
    }
}

/// Puts the message's measurements and sizes into the slots (see the
/// module doc for which wins).
pub(super) fn fill(session: &mut Session, c: &Classification, scripts: &Scripts) {
    let e = &c.entities;
    let slots = &mut session.slots;
    let measured = e.height_cm.is_some() || e.weight_jin.is_some();
    if e.height_cm.is_some() {
        slots.height_cm = e.height_cm;
    }
    if e.weight_jin.is_some() {
        slots.weight_jin = e.weight_jin;
    }
    if measured {
        // Whose measurements: said (`她160 110斤`), or the one the buyer
        // shops for when not (`送妈妈` → "说下妈妈的身高体重" → `160 110斤`).
        slots.wearer = match wearer_said(&c.normalized) {
            Some(said) => said,
            None => slots.wearer.take().or_else(|| slots.wish.whom.clone()),
        };
    }
    let waist = crate::nlu::waist_cm(&c.normalized);
    if waist.is_some() {
        slots.waist_cm = waist;
    }
    // `脚长24.5`, `37.5的脚`, `美码9`: only for shoes sized by foot length, the
    // item in talk or the pairs just recommended (see `foot_given`).
    let foot = foot_given(session, scripts, c);
    let slots = &mut session.slots;
    if let Some(foot) = &foot {
        slots.foot_mm = foot.mm;
        slots.half_size.clone_from(&foot.half);
        slots.shoe_size.clone_from(&foot.system);
        // Whose foot (`他脚长26cm`), as for measurements above.
        if !measured {
            slots.wearer = match crate::nlu::foot_owner(&c.normalized) {
                Some(who) => wearer_named(who),
                None => slots.wearer.take().or_else(|| slots.wish.whom.clone()),
            };
        }
    }
    // `给孩子买 他140 70斤`: the rest of the talk is about a child's size.
    if (measured || c.has("size_advice")) && for_a_child(&c.normalized) {
        slots.child = true;
    }
    if let Some(size) = &e.size {
        slots.size = Some(size.clone());
    } else if let Some(size) = session
        .item(&scripts.catalog)
        .and_then(|item| number_size(item, &c.normalized))
    {
        session.slots.size = Some(size);
    }
    // A size bought before: as a size worn when it fitted, else the step
    // from it (`上次买的M码有点大` → S, see `after_misfit`). Read once.
    let bought = crate::nlu::bought(&c.normalized);
    let (fitted, misfit) = match bought {
        Some((size, 0)) => (Some(size), None),
        other => (None, other),
    };
    // "我平时穿38", "我上次买的M": a size only if the item in talk comes in it.
    let worn = (crate::nlu::worn_size(&c.normalized))
        .or(fitted)
        .filter(|size| {
            session
                .item(&scripts.catalog)
                .is_some_and(|item| item.sizes.contains(size))
        });
    let stepped = (stepped_size(session, scripts, c))
        .or_else(|| Some(next_after(session, scripts, misfit?)?.1));
    let slots = &mut session.slots;
    if let Some(size) = worn {
        slots.size = Some(size.clone());
        slots.worn_size = Some(size);
    } else if let Some(size) = stepped {
        // "那拍大一码吧" after "建议拍S码": M is the size in talk now.
        slots.size = Some(size);
    } else if measured || waist.is_some() || foot.is_some() {
        // The newer statement wins: measurements now, the chart's size.
        slots.worn_size = None;
    }
}

/// A size of `item` written as a bare number (`29有吗`, `30呢`, `那39会不会
/// 大`): jeans and shoes are sized in numbers, and buyers leave out `码`.
/// Only a number of two digits standing alone, one of the item's sizes,
/// and not followed by a unit that makes it a weight, a price or an age.
pub(super) fn number_size(item: &Item, text: &str) -> Option<String> {
    let bytes = text.as_bytes();
    let mut at = 0;
    while at < bytes.len() {
        if !bytes[at].is_ascii_digit() {
            at += 1;
            continue;
        }
        let start = at;
        while at < bytes.len() && (bytes[at].is_ascii_digit() || bytes[at] == b'.') {
            at += 1;
        }
        let number = &text[start..at];
        let unit = text[at..].chars().next();
        let measure = unit.is_some_and(|ch| "斤元块岁cmk公千件个天%点月".contains(ch));
        if number.len() == 2 && !measure && item.sizes.iter().any(|s| s == number) {
            return Some(number.to_string());
        }
    }
    None
}

/// Words that say the clothes are for a child.
const CHILD_WORDS: &[&str] = &[
    "孩子",
    "小孩",
    "儿子",
    "女儿",
    "闺女",
    "宝宝",
    "小朋友",
    "小学",
    "初中生",
    "儿童",
    "童装",
];

/// Whether `text` says the clothes are for a child: a child's word, or an
/// age under 14 (`我女儿12岁`, `8岁`).
fn for_a_child(text: &str) -> bool {
    if CHILD_WORDS.iter().any(|w| crate::nlu::has(text, w)) {
        return true;
    }
    text.match_indices('岁').any(|(at, _)| {
        let digits: String = text[..at]
            .chars()
            .rev()
            .take_while(char::is_ascii_digit)
            .collect();
        let age: String = digits.chars().rev().collect();
        age.parse::<u32>().is_ok_and(|age| age < 14)
    })
}

/// What an item's size chart makes of the buyer's measurements.
pub(super) struct ChartFit<'c> {
    /// The chart's size; its largest when the buyer is above it all.
    pub size: &'c str,
    /// Whether a measurement is above everything the chart covers: the
    /// largest size is then no promise of a fit.
    pub beyond: bool,
    /// Whether the buyer is smaller than the smallest size is made for (a
    /// child): the smallest size is then no fit at all.
    pub below: bool,
}

/// What `item`'s chart makes of the measurements in `slots`: `None` when
/// the item has no chart or no measurement the chart reads was given.
/// The one place the chart is read, for the item in talk
/// ([`chart_size`], [`fit_in_talk`]) and for items recommended.
pub(super) fn chart_fit<'c>(
    slots: &Slots,
    scripts: &'c Scripts,
    item: &Item,
) -> Option<ChartFit<'c>> {
    let chart = scripts.catalog.chart_for(item)?;
    let (height, weight, waist) = (slots.height_cm, slots.weight_jin, slots.waist_cm);
    Some(ChartFit {
        size: chart.size_for(height, weight, waist)?,
        beyond: chart.exceeds(height, weight, waist),
        below: chart.falls_short(height, weight, slots.child),
    })
}

/// The size the chart of the item in talk gives for the buyer's height,
/// weight and waist.
/// For shoes, the foot-length table's size for the buyer's foot stands in
/// for the chart's.
pub(super) fn chart_size(session: &Session, scripts: &Scripts) -> Option<String> {
    let item = session.item(&scripts.catalog)?;
    match chart_fit(&session.slots, scripts, item) {
        Some(fit) => Some(fit.size.to_string()),
        None => foot_size(&session.slots, item).map(str::to_string),
    }
}

/// Whether the message gives, beside the size worn, what the item's chart
/// needs to tell a size by itself: height and weight, or a waist; and the
/// chart tells one. A weight alone gives the chart a guess, which the size
/// the buyer wears beats; measurements said before the size worn are
/// older news (see [`fill`]).
pub(super) fn measured_for_chart(session: &Session, scripts: &Scripts, c: &Classification) -> bool {
    let e = &c.entities;
    let measured = (e.height_cm.is_some() && e.weight_jin.is_some())
        || crate::nlu::waist_cm(&c.normalized).is_some();
    measured && chart_size(session, scripts).is_some()
}

/// What the chart of the item in talk makes of the buyer's measurements
/// (see [`ChartFit`]): read once by a size answer, for the size and whether
/// the buyer is above or below it all.
pub(super) fn fit_in_talk<'c>(session: &Session, scripts: &'c Scripts) -> Option<ChartFit<'c>> {
    chart_fit(&session.slots, scripts, session.item(&scripts.catalog)?)
}

/// Whether the talk is of shoes sized by foot length: the item in talk,
/// or the pairs just recommended.
fn sized_by_foot(session: &Session, scripts: &Scripts) -> bool {
    match session.item(&scripts.catalog) {
        Some(item) => !item.foot_length.is_empty(),
        None => lists::picks_by_foot(session, scripts),
    }
}

/// Whether a message no keyword read is a size question all the same:
/// `170, 120斤` answers the bot's own question about height and weight,
/// `之前拍的29有点紧` asks the size to take instead, `24.5` right after
/// "量一下脚长告诉我" is the foot, and `37.5码穿哪个` a half size worn.
pub(super) fn sized(session: &Session, scripts: &Scripts, c: &Classification) -> bool {
    gives_measures(c)
        || after_misfit(session, scripts, c).is_some()
        || foot_given(session, scripts, c).is_some()
}

/// Whether the message states a height, a weight, a waist or a foot
/// length. The waist is read again here, only for a message no rule
/// understood: it is not one of the classifier's entities (see
/// `nlu::waist_cm`), and the slot cannot tell, since a waist said twice
/// leaves it as it was.
pub(super) fn gives_measures(c: &Classification) -> bool {
    c.entities.height_cm.is_some()
        || c.entities.weight_jin.is_some()
        || crate::nlu::waist_cm(&c.normalized).is_some()
        || crate::nlu::foot_length_mm(&c.normalized).is_some()
}

/// The size a step up or down asks for (`有没有大一点的`, `那拍小一码吧`; see
/// `nlu::size_step`), when an item and a size are in talk. A step is from
/// the size the shop would recommend (the one worn, else the chart's), not
/// from the last one stepped to: "有小一号的吗" after "有大一码的吗" means
/// smaller than the recommendation, and asking twice gives the same size.
fn stepped_size(session: &Session, scripts: &Scripts, c: &Classification) -> Option<String> {
    let item = session.item(&scripts.catalog)?;
    let step = crate::nlu::size_step(&c.normalized)?;
    let from = (session.slots.worn_size.clone())
        .or_else(|| chart_size(session, scripts))
        .or_else(|| session.slots.size.clone())?;
    item.size_next_to(&from, step)
}

/// A size bought before that did not fit and the size next to it that way
/// (`上次买的M码有点大` → (M, S)), when the item in talk comes in both: the
/// buyer's own fitting beats the chart's guess, as a size worn does.
pub(super) fn after_misfit(
    session: &Session,
    scripts: &Scripts,
    c: &Classification,
) -> Option<(String, String)> {
    next_after(session, scripts, crate::nlu::bought_misfit(&c.normalized)?)
}

/// [`after_misfit`] of a misfit already read: the size bought, and the one
/// `step` from it.
pub(super) fn next_after(
    session: &Session,
    scripts: &Scripts,
    (bought, step): (String, i8),
) -> Option<(String, String)> {
    let next = session
        .item(&scripts.catalog)?
        .size_next_to(&bought, step)?;
    Some((bought, next))
}

/// A step to the next size (now in talk, see [`fill`]) is a stock question
/// about it, not a size question: whether it is there is the answer, not
/// the chart's size again.
pub(super) fn answer_step(
    intents: &mut Vec<&str>,
    session: &Session,
    scripts: &Scripts,
    c: &Classification,
) {
    if stepped_size(session, scripts, c).is_none() || scripts.intent("stock").is_none() {
        return;
    }
    let at = intents.iter().position(|i| *i == "size_advice");
    intents.retain(|i| *i != "size_advice" && *i != "stock");
    intents.insert(at.unwrap_or(0).min(intents.len()), "stock");
}

/// Words asking which to take (`这次拍哪个`, `选哪个好`), which the rules
/// read as asking for a recommendation.
const WHICH_TO_TAKE: &[&str] = &["拍哪个", "买哪个", "选哪个", "入哪个", "哪个好"];

/// `这次拍哪个` beside a size question on the item in talk, or beside what
/// answers one (a size bought before that did not fit, measurements), asks
/// which size: the size answer says it. Read as a recommendation, it added
/// the item in talk again after the size (`推荐您看看加绒连帽卫衣哦~`), or
/// alone (`上次买的M有点大 拍哪个`) answered with its selling points.
pub(super) fn which_size(
    intents: &mut Vec<&str>,
    session: &Session,
    scripts: &Scripts,
    c: &Classification,
) {
    // Cheapest first: this runs on every message, and few ask to be shown.
    let Some(at) = intents.iter().position(|i| *i == recommend::INTENT) else {
        return;
    };
    let only_which = c.matched_only_within(recommend::INTENT, WHICH_TO_TAKE.iter().copied());
    if !only_which || session.item(&scripts.catalog).is_none() {
        return;
    }
    if intents.contains(&"size_advice") {
        intents.remove(at);
    } else if scripts.intent("size_advice").is_some()
        && (gives_measures(c) || after_misfit(session, scripts, c).is_some())
    {
        intents[at] = "size_advice";
    }
}

/// Before any part of an answer to a size question is written: the size to
/// recommend goes into the slot (the chart's, unless the buyer said the
/// size they wear and not both height and weight with it), so a stock
/// answer in the same reply speaks of it; and a recommended size that is
/// sold out brings that stock answer in.
pub(super) fn settle(
    intents: &mut Vec<&str>,
    session: &mut Session,
    scripts: &Scripts,
    slots_before: &Slots,
    c: &Classification,
) {
    let Some(at) = intents.iter().position(|i| *i == "size_advice") else {
        return;
    };
    // A size bought before that did not fit, told now, is newer news than
    // measurements given before it (`他180 150斤`, then `上次买的L偏小`):
    // the size next to it is the answer, as `fill` put it in the slot.
    let misfit = after_misfit(session, scripts, c);
    let chart_knows = (session.slots.worn_size.is_none() && misfit.is_none())
        || measured_for_chart(session, scripts, c);
    let from_chart = chart_size(session, scripts).filter(|_| chart_knows);
    let fresh = from_chart.is_some() || slots_before.size != session.slots.size;
    // Shoes by foot length: the size for the foot, sold out or not (the
    // stock answer says so); the steps below speak of a chart.
    let by_foot = from_chart.is_some() && fit_in_talk(session, scripts).is_none();
    if let (Some(size), true) = (&from_chart, by_foot) {
        session.slots.size = Some(size.clone());
    } else if let Some(size) = from_chart {
        // A size up when the buyer wants room (`大腿粗`, `里面想穿厚毛衣`)
        // or the chart's is sold out, and it is there: a slightly loose
        // garment can be worn, a tight one comes back (see `roomier`).
        let up = roomier(session, scripts, &size, c);
        // The size bought before is no size asked about.
        let asked = asked_besides(session, scripts, c, &size)
            .filter(|asked| misfit.as_ref().is_none_or(|(bought, _)| bought != asked));
        session.slots.size = Some(asked.or(up).unwrap_or(size));
    }
    // A size the buyer cannot buy is only half an answer: the stock answer
    // says it is sold out (and what is similar) in the same reply, as an
    // agent would, instead of "拍L码" alone.
    let sold_out = fresh
        && session
            .slots
            .size
            .as_deref()
            .zip(session.item(&scripts.catalog))
            .is_some_and(|(size, item)| item.stock_of(size) == 0);
    if sold_out && !intents.contains(&"stock") {
        intents.insert(at + 1, "stock");
    }
}

/// What buyers say that wants a size with room (`大腿粗`, `胯宽`, `里面想穿
/// 厚毛衣`, `喜欢宽松`): the size above the chart's, as the shop's own
/// answers advise (`里面穿得很厚的,可以再大一码`).
const WANTS_ROOM: &[&str] = &[
    "腿粗",
    "胯宽",
    "胯大",
    "屁股大",
    "臀大",
    "臀围大",
    "肉多",
    "有肚子",
    "肚子大",
    "偏胖",
    "肩宽",
    "胳膊粗",
    "手臂粗",
    "厚毛衣",
    "套毛衣",
    "穿毛衣",
    "穿厚",
    "喜欢宽松",
    "宽松点",
    "宽松一点",
    "宽松些",
    "穿宽松",
];

/// Whether the buyer wants room (see [`WANTS_ROOM`]); `不喜欢宽松` does not.
pub(super) fn wants_room(c: &Classification) -> bool {
    let text = &c.normalized;
    WANTS_ROOM.iter().any(|w| crate::nlu::has(text, w)) && !crate::nlu::has(text, "不喜欢宽松")
}

/// The size above `chart`'s to recommend instead of it, in stock: when the
/// buyer wants room, or when the chart's size is sold out (the one above
/// fits a little loose; the one below would be tight). `None` when
/// neither, when the size above is not there, or when the pack has no
/// words to say why (`size_roomy`, `size_next_up`): then the chart's size
/// is said, with its stock.
fn roomier(
    session: &Session,
    scripts: &Scripts,
    chart: &str,
    c: &Classification,
) -> Option<String> {
    let item = session.item(&scripts.catalog)?;
    let has = |key: &str| scripts.replies.of(key).next().is_some();
    let why = if item.stock_of(chart) == 0 {
        has("size_next_up")
    } else {
        wants_room(c) && has("size_roomy")
    };
    if !why {
        return None;
    }
    item.size_next_to(chart, 1)
        .filter(|up| item.stock_of(up) > 0)
}

/// Another size than the chart's `chart`, asked about by name (`那L呢 会不会
/// 太大` after M was recommended): the size in talk, answered against the
/// chart's (see [`asked_against_chart`]). Not the size worn, not an
/// either-or (`27还是28`),
/// which the chart answers, nor beside words wanting room, which choose
/// the size above.
fn asked_besides(
    session: &Session,
    scripts: &Scripts,
    c: &Classification,
    chart: &str,
) -> Option<String> {
    // The size worn (`平时穿M 现在130斤 162`) is no size asked about.
    let asked = (c.entities.size.as_deref())
        .filter(|s| *s != chart && session.slots.worn_size.as_deref() != Some(*s))?;
    let item = session.item(&scripts.catalog)?;
    let either = crate::nlu::has(&c.normalized, "还是");
    let has = |key: &str| scripts.replies.of(key).next().is_some();
    (item.is_made_in(asked)
        && !either
        && !wants_room(c)
        && has(SIZE_ASKED_UP)
        && has(SIZE_ASKED_DOWN))
    .then(|| asked.to_string())
}

/// The situation of a size asked besides the chart's that is larger.
pub(super) const SIZE_ASKED_UP: &str = "size_asked_up";
/// The situation of a size asked besides the chart's that is smaller.
pub(super) const SIZE_ASKED_DOWN: &str = "size_asked_down";

/// The situation, when the size in talk is one the message asked about
/// besides the chart's `chart` (see [`asked_besides`]).
pub(super) fn asked_against_chart(
    session: &Session,
    scripts: &Scripts,
    c: &Classification,
    chart: &str,
) -> Option<&'static str> {
    let item = session.item(&scripts.catalog)?;
    let asked = session.slots.size.as_deref()?;
    if c.entities.size.as_deref() != Some(asked) || asked == chart {
        return None;
    }
    let at = |s: &str| item.sizes.iter().position(|x| x == s);
    Some(if at(asked)? > at(chart)? {
        SIZE_ASKED_UP
    } else {
        SIZE_ASKED_DOWN
    })
}

/// Whether the size in talk is the one above the chart's `chart`, chosen
/// by [`settle`] (see [`roomier`]): the answer then says the chart's too.
pub(super) fn picked_above_chart(session: &Session, scripts: &Scripts, chart: &str) -> bool {
    let picked = session.slots.size.as_deref();
    (session.item(&scripts.catalog))
        .is_some_and(|item| picked.is_some() && item.size_next_to(chart, 1).as_deref() == picked)
}

/// The words with which an answer asks for the buyer's height and weight
/// (`发一下身高体重,小棉帮您看看尺码`), or for a shoe, the foot's length.
const ASKS_MEASURES: &[&str] = &["身高体重", "脚长"];

const SIZE_ADVICE: &str = "size_advice";

/// An item's own answer that ends by asking for the height and weight the
/// message just gave (`那就燕麦色S吧 我155 95斤 会不会太长`), or an answer
/// about the size asking for what the talk gave before, without that
/// request: the clause asking is cut, and the caller adds the size the chart
/// gives. `None` when the answer asks nothing of the kind, or neither the
/// message nor the talk gave what it asks.
pub(super) fn without_asking_measures(
    faq: &Faq,
    session: &Session,
    scripts: &Scripts,
    c: &Classification,
) -> Option<Faq> {
    // A waist does for a chart that reads waists (`我腰围67 但是大腿粗` on
    // the jeans): asking for the height and weight then is not listening.
    // So does a foot's length for shoes (`脚长24.5 脚背高`).
    let given = (c.entities.height_cm.is_some() && c.entities.weight_jin.is_some())
        || ((crate::nlu::waist_cm(&c.normalized).is_some()
            || crate::nlu::foot_length_mm(&c.normalized).is_some())
            && chart_size(session, scripts).is_some());
    // An answer about the size, asking for what an earlier message gave
    // (`腰围2尺2`, then `臀围94呢`), is not listening either.
    let slots = &session.slots;
    let measured = (slots.height_cm.is_some() && slots.weight_jin.is_some())
        || slots.waist_cm.is_some()
        || slots.foot_mm.is_some();
    let known = faq.intent == SIZE_ADVICE && measured && chart_size(session, scripts).is_some();
    let asked_at = (ASKS_MEASURES.iter())
        .filter_map(|words| faq.say.find(words))
        .min()
        .filter(|_| given || known)?;
    let clause_start = faq.say[..asked_at]
        .rfind([',', ';', '~', ',', ';', '。'])
        .unwrap_or(0);
    let kept = faq.say[..clause_start].trim_end_matches(['~', '哦']);
    if kept.chars().count() < 4 {
        return None;
    }
    // An answer about the size itself hands that question to the chart: it
    // becomes one about the item, and the size advice answers beside it.
    let intent = if faq.intent == SIZE_ADVICE {
        "product_info".to_string()
    } else {
        faq.intent.clone()
    };
    Some(Faq {
        say: format!("{kept}~"),
        intent,
        ask: faq.ask.clone(),
        asked_at: faq.asked_at.clone(),
    })
}
