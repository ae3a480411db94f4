//! Questions asked apart in one message: `多少钱 包邮吗 几天到`, `能便宜点吗
//! 包邮吗`, `我165 110斤穿什么码 有黑色吗`.
//!
//! [`answered_intents`](super::answered_intents) leaves out an intent
//! scoring under a share of the best one, because a long message brushes
//! weak keywords nobody asked about. But a question typed apart, between
//! spaces or punctuation, was asked however few keywords it has: `包邮吗`
//! beside three bargaining keywords is a question of its own, and leaving it
//! out is what made buyers ask again. So an intent the share left out comes
//! back when it is the best reading of a clause of its own that asks
//! something.
//!
//! Clauses are classified only when the share left something out and the
//! message has several clauses, which is rare: the classifier's cost stays
//! that of one message for nearly every message.

use super::clauses::ends_clause;
use super::policy::OBJECTIONS;
use super::Context;
use crate::nlu::Classification;
use crate::script::Scripts;

/// Words that make a clause a question: an ending particle, or a word
/// asking what, how much, which, whether.
const QUESTION_WORDS: &[&str] = &[
    "吗",
    "么",
    "嘛",
    "呢",
    "?",
    "?",
    "多少",
    "几",
    "什么",
    "啥",
    "怎么",
    "咋",
    "哪",
    "多久",
    "多大",
    "有没有",
    "能不能",
    "可不可以",
    "是不是",
    "会不会",
    "要不要",
    // As typed in traditional characters (`有XL嗎`): the clause is read as
    // typed, before normalising.
    "嗎",
    "麼",
    "幾",
    "有沒有",
    "會不會",
];

/// Whether a clause asks something. Only a question typed apart comes
/// back: `算了 不要了` is one way of giving up, said twice, and answering
/// `算了` beside `不要了` answered it twice.
pub(super) fn asks(clause: &str) -> bool {
    QUESTION_WORDS.iter().any(|w| clause.contains(w))
}

/// Intents that are manners, not questions: never brought back.
const MANNERS: &[&str] = &["greeting", "thanks_bye"];

/// Adds to `intents` (the answered ones, best first) each intent of `c` the
/// share left out that is the best reading of a clause of `typed`, in the
/// order asked, up to `ctx.max_intents_per_reply`.
pub(super) fn add_asked_apart<'c>(
    intents: &mut Vec<&'c str>,
    typed: &str,
    c: &'c Classification,
    scripts: &Scripts,
    ctx: &Context,
) {
    let max = ctx.max_intents_per_reply.max(1);
    let left_out = |intents: &[&str], name: &str| {
        !intents.contains(&name) && !MANNERS.contains(&name) && c.has(name)
    };
    if intents.is_empty()
        || intents.len() >= max
        || !c.intents().iter().any(|i| left_out(intents, i.name))
    {
        return;
    }
    let clauses: Vec<&str> = typed
        .split(ends_clause)
        .filter(|clause| !clause.is_empty())
        .collect();
    if clauses.len() < 2 {
        return;
    }
    for clause in clauses.into_iter().filter(|clause| asks(clause)) {
        let own = scripts.classifier.classify(clause);
        let Some(best) = own.intents().first().map(|i| i.name) else {
            continue;
        };
        if !left_out(intents, best) {
            continue;
        }
        // A clause finishing what an answered intent's pattern began in an
        // earlier one (`退货的运费怎么算? 到付吗?`: `退…到付`, freight
        // collect on a return) was asked as part of that question: read
        // alone, `到付吗` would bring back paying on delivery.
        let start = clause.as_ptr() as usize - typed.as_ptr() as usize;
        let through = &typed[..start + clause.len()];
        if completes_earlier(intents, &typed[..start], through, &own, scripts) {
            continue;
        }
        // One answer per price objection, and the promotion answers a
        // bargain, as in `answered_intents`.
        let objection = OBJECTIONS.contains(&best);
        if objection && intents.iter().any(|i| OBJECTIONS.contains(i))
            || (best == "bargain" && intents.contains(&"promotion"))
        {
            continue;
        }
        if let Some(name) = c.intents().iter().map(|i| i.name).find(|n| *n == best) {
            intents.push(name);
        }
        if intents.len() >= max {
            return;
        }
    }
}

/// Whether one of the answered `intents` scores more on the text `through`
/// the end of a clause than on the text `before` it and the clause `alone`
/// together: a pattern matched across the two, so the clause's words were
/// read as part of that intent's question.
fn completes_earlier(
    intents: &[&str],
    before: &str,
    through: &str,
    alone: &Classification,
    scripts: &Scripts,
) -> bool {
    if before.is_empty() {
        return false;
    }
    let (before, through) = (
        scripts.classifier.classify(before),
        scripts.classifier.classify(through),
    );
    let score = |c: &Classification, intent: &str| c.intent(intent).map_or(0.0, |i| i.score);
    intents.iter().any(|intent| {
        score(&through, intent) > score(&before, intent) + score(alone, intent) + 1e-3
    })
}
