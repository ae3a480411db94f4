//! `有羽绒服吗`, `有没有老爹鞋`, `牛仔裤有吗`: asking whether the shop has
//! what the buyer names, and nothing else.
//!
//! No keyword of the rules says so: `有…吗` is in half the questions buyers
//! ask, and an item's name is no question. So such a message used to read
//! as nothing, and the buyer's first question got "没太明白您的意思". An
//! agent answers with what the shop has: the kind's items when the word
//! names a kind of several (`羽绒服`: the short coat and the long one), else
//! the item's stock (`牛仔裤`: the shop's one pair of jeans, in these sizes
//! and colours).
//!
//! The name alone (`羽绒服`) asks the same as the conversation's first
//! question. Later it is a follow-up ([`follow_up`](super::follow_up)): the
//! last question asked again about it.

use super::Session;
use crate::nlu::Classification;
use crate::script::Scripts;

/// Words that ask whether there is one, longest first.
const HAVE: &[&str] = &["有没有", "有木有", "有没", "有无", "还有", "有"];

/// Words around the name that ask nothing more, longest first.
const AROUND: &[&str] = &[
    "请问",
    "你们家",
    "你们",
    "你家",
    "店里",
    "这边",
    "现在",
    "亲",
    "吗",
    "么",
    "嘛",
    "呢",
    "不",
    "没",
    "卖",
    "的",
    "啊",
    "呀",
];

/// What a message asking only for goods asks for.
#[derive(Debug, PartialEq)]
pub(super) enum Asked {
    /// A kind of several items, by its word (`有羽绒服吗`): answered by
    /// recommending from it (the recommendation reads the kind itself).
    Kind,
    /// The item named (`有老爹鞋吗`, or `牛仔裤`, the only jeans): answered by
    /// its stock.
    Item,
}

/// What `c` asks for, when it asks nothing but whether the shop has the
/// item it names (or, as the first question, only names it).
pub(super) fn asked(session: &Session, scripts: &Scripts, c: &Classification) -> Option<Asked> {
    let item = scripts.catalog.item(c.entities.item.as_deref()?)?;
    let mut rest = c.normalized.clone();
    let mut names: Vec<&String> = item.spoken.iter().collect();
    names.sort_by_key(|n| std::cmp::Reverse(n.len()));
    for name in names {
        rest = rest.replace(name.as_str(), "");
    }
    let have = HAVE.iter().any(|w| rest.contains(w));
    for word in HAVE.iter().chain(AROUND) {
        rest = rest.replace(word, "");
    }
    if rest.chars().any(char::is_alphanumeric) || (!have && !session.topic.is_empty()) {
        return None;
    }
    let catalog = &scripts.catalog;
    let several = (catalog.category_in(&c.normalized))
        .filter(|kind| item.categories.contains(&kind.name))
        .is_some_and(|kind| catalog.items_of(&kind.name).nth(1).is_some());
    Some(if several { Asked::Kind } else { Asked::Item })
}
