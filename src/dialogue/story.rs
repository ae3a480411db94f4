//! A question asked beside the story of an earlier purchase: `起球吗 我之前
//! 买的毛衣穿两次就起球了`, `会不会钻绒啊 之前买别家的钻得一身毛 气死了`,
//! `垃圾快递 上次用韵达丢了 这次能发中通吗`.
//!
//! The story has the words of a complaint or of goods that came with a
//! problem, and those hand a conversation to a person. But the buyer has
//! bought nothing in this conversation and asks a pre-sale question: the
//! answer is what keeps them, and an apology with a person an hour later
//! ("非常抱歉给您带来不好的体验") answers a complaint nobody made. So the
//! clauses that ask are read without the story, and answered.
//!
//! A story that asks for something to be done (`之前买的起球了 能退吗`,
//! `上次的还没收到`) is an after-sale matter of an order elsewhere in time,
//! and still goes to a person.

use super::answering::ends_clause;
use super::apart::asks;
use super::policy::{AFTER_SALE, TO_HUMAN};
use super::Session;
use crate::nlu::{self, Classification};
use crate::script::Scripts;

/// The message read as its questions alone, when it asks pre-sale
/// questions beside the story of an earlier purchase; `None` otherwise
/// (nearly always, told without classifying anything again).
pub(super) fn questions_beside(
    session: &Session,
    typed: &str,
    c: &Classification,
    scripts: &Scripts,
) -> Option<Classification> {
    let hands_over = |c: &Classification| {
        (c.intents().iter()).any(|i| TO_HUMAN.contains(&i.name) || AFTER_SALE.contains(&i.name))
    };
    if !session.orders.is_empty() || !hands_over(c) || !nlu::recalls_earlier_purchase(&c.normalized)
    {
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
