//! Asides with the words of a complaint or a bad parcel, which hand a
//! conversation to a person, that are neither:
//!
//! - a question asked beside the story of an earlier purchase: `起球吗 我之前
//!   买的毛衣穿两次就起球了`, `会不会钻绒啊 之前买别家的钻得一身毛 气死了`,
//!   `垃圾快递 上次用韵达丢了 这次能发中通吗`;
//! - an exclamation of delight: `我靠 这颜色也太好看了吧`, `卧槽 好好看`;
//! - a price objection in rough words: `这个价格太坑了 别家才400`, `太坑了
//!   吧 699`, which the objection scripts answer (the deals, what the price
//!   buys), where a person an hour later loses the sale.
//!
//! The buyer has bought nothing in this conversation and is deciding: the
//! answer is what keeps them, and an apology with a person an hour later
//! ("非常抱歉给您带来不好的体验") answers a complaint nobody made. So the
//! clauses that ask are read without the story, the exclamation is read
//! as the praise it is, and the rough word about the price as `太贵`.
//!
//! A story that asks for something to be done (`之前买的起球了 能退吗`,
//! `上次的还没收到`) is an after-sale matter of an order elsewhere in time,
//! and still goes to a person; so does a complaint with any other word of
//! one (`我靠 这质量太差了`).

use super::apart::asks;
use super::clauses::ends_clause;
use super::policy::{AFTER_SALE, TO_HUMAN};
use super::Session;
use crate::nlu::{self, Classification};
use crate::script::Scripts;

/// The message read without its aside: its questions alone, when it asks
/// pre-sale questions beside the story of an earlier purchase; without the
/// exclamation, when that is the only complaint and the message praises.
/// `None` otherwise (nearly always, told without classifying anything
/// again).
pub(super) fn without_aside(
    session: &Session,
    typed: &str,
    c: &Classification,
    scripts: &Scripts,
) -> Option<Classification> {
    let hands_over = |c: &Classification| {
        (c.intents().iter()).any(|i| TO_HUMAN.contains(&i.name) || AFTER_SALE.contains(&i.name))
    };
    if !session.orders.is_empty() || !hands_over(c) {
        return None;
    }
    if only_exclaims(c) && nlu::praises(&c.normalized) {
        let calm = (EXCLAMATIONS.iter()).fold(c.normalized.clone(), |t, w| t.replace(w, ""));
        return Some(scripts.classifier.classify(&calm));
    }
    if let Some(objection) = rough_price_objection(c, scripts) {
        return Some(objection);
    }
    if !nlu::recalls_earlier_purchase(&c.normalized) {
        return None;
    }
    let asked: Vec<&str> = (typed.split(ends_clause))
        .filter(|clause| !clause.is_empty() && asks(clause))
        .filter(|clause| !nlu::recalls_earlier_purchase(&nlu::normalize(clause).text))
        .collect();
    if asked.is_empty() {
        return None;
    }
    let questions = scripts.classifier.classify(&asked.join(","));
    let answerable = !questions.intents().is_empty() && !hands_over(&questions);
    answerable.then_some(questions)
}

/// Exclamations that are a complaint's keywords and, said of something
/// liked, surprise: the pack's `complaint` keywords hold the same words.
const EXCLAMATIONS: &[&str] = &["我靠", "卧槽", "离谱", "要命"];

/// Whether the only complaint words that fired are exclamations (see
/// [`EXCLAMATIONS`]) and nothing else hands the message over.
fn only_exclaims(c: &Classification) -> bool {
    let complaint = c.intent("complaint");
    let only_exclamations =
        complaint.is_some_and(|i| i.matched().all(|l| EXCLAMATIONS.contains(&l)));
    only_exclamations && !hands_over_besides_complaint(c)
}

/// Complaint words that, said of a price before buying, say it is too
/// high (`太坑了`, `离谱`).
const ROUGH_ABOUT_PRICE: &[&str] = &[
    "太坑",
    "坑人",
    "坑爹",
    "坑我",
    "被坑",
    "离谱",
    "过分",
    "太过分",
];

/// Words placing the rough words on the price.
const PRICE_WORDS: &[&str] = &["价格", "价钱", "多少钱", "贵", "块", "元", "便宜"];

/// The message read with its rough words about the price as `太贵` (see
/// the module doc), when those are its only complaint words and it speaks
/// of the price: a price objection the rules read, or a price word or a
/// sum of money (`太坑了吧 699`).
fn rough_price_objection(c: &Classification, scripts: &Scripts) -> Option<Classification> {
    let complaint = c.intent("complaint")?;
    let rough = complaint.matched().all(|l| ROUGH_ABOUT_PRICE.contains(&l));
    let others = hands_over_besides_complaint(c);
    let text = c.normalized.as_str();
    let objects = ["too_expensive", "cheaper_elsewhere", "bargain"]
        .iter()
        .any(|i| c.has(i));
    let priced = objects
        || PRICE_WORDS.iter().any(|w| text.contains(w))
        || text
            .as_bytes()
            .windows(3)
            .any(|w| w.iter().all(u8::is_ascii_digit));
    if !rough || others || !priced {
        return None;
    }
    let calm = (ROUGH_ABOUT_PRICE.iter()).fold(text.to_string(), |t, w| t.replace(w, "太贵"));
    Some(scripts.classifier.classify(&calm))
}

/// Whether anything but the complaint in `c` hands the message over.
fn hands_over_besides_complaint(c: &Classification) -> bool {
    (c.intents().iter()).any(|i| {
        i.name != "complaint" && (TO_HUMAN.contains(&i.name) || AFTER_SALE.contains(&i.name))
    })
}
