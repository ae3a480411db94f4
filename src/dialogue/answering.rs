//! Which intents of a message the reply answers.
//!
//! The classifier ranks every intent that scored; a reply that answered all
//! of them would carry sentences nobody asked for. This module picks the
//! ones worth a part of the reply (see [`answered_intents`]) and makes room
//! for the shop's own answer to a question about the item in talk (an
//! `[[item]] faq` entry, see [`item_faq`]). The policy then writes one part
//! for each, in this order.

use super::policy::OBJECTIONS;
use super::{Context, Session};
use crate::nlu::Classification;
use crate::script::{ItemFaq, Scripts};

/// The intents answered in this reply, best first: objections collapse into
/// the best-ranked one (two "no discount" sentences in one message read
/// badly), an "ok" or "thanks" opening a question is left to the question,
/// a bargain beside a promotion question is answered by the
/// promotion, an intent scoring under `ctx.min_share_of_best` of the best
/// one is left out, then at most `ctx.max_intents_per_reply` of them.
///
/// Why the share: a long message brushes many keywords, and answering each
/// weak one (`质量` in a refund request, `好的` opening a question) adds a
/// sentence the buyer did not ask for. On the labelled dev set, greetings
/// aside, answering every second and third intent put 119 unasked-for
/// sentences beside 30 asked-for ones; at 0.4 of the best score, 66 beside
/// 25. A greeting is
/// kept however weak (`在马` by sound): opening with a hello costs the buyer
/// nothing and is what an agent does.
///
/// `kefu eval` counts what this answers, so its figures are the replies'.
pub fn answered_intents<'c>(c: &'c Classification, ctx: &Context) -> Vec<&'c str> {
    let best = c.intents().first().map_or(0.0, |i| i.score);
    let floor = best * ctx.min_share_of_best;
    let mut chosen: Vec<&str> = Vec::new();
    for intent in c.intents().iter() {
        if intent.score < floor && intent.name != "greeting" {
            continue;
        }
        let objection = OBJECTIONS.contains(&intent.name);
        if objection && chosen.iter().any(|i| OBJECTIONS.contains(i)) {
            continue;
        }
        chosen.push(intent.name);
    }
    // A message that opens with its "ok" or "thanks" and goes on to ask
    // (好的,什么时候发货; 好吧那我拍了) is the question: the opening word
    // only leads into it, and answering it too ("不客气") would answer
    // something not said.
    let asks = chosen
        .iter()
        .any(|i| !matches!(*i, "greeting" | "thanks_bye"));
    if asks && opens_with(c, "thanks_bye") {
        chosen.retain(|i| *i != "thanks_bye");
    }
    if chosen.contains(&"promotion") {
        // "能便宜点吗?有券吗" is one question: the coupons and campaigns
        // are the only way the price comes down, so they answer the bargain
        // too, where "价格是统一的" beside them would contradict them.
        chosen.retain(|i| *i != "bargain");
    }
    chosen.truncate(ctx.max_intents_per_reply.max(1));
    chosen
}

/// Whether the message begins with one of `intent`'s keywords.
fn opens_with(c: &Classification, intent: &str) -> bool {
    c.intents()
        .iter()
        .find(|i| i.name == intent)
        .is_some_and(|i| i.matched().any(|k| c.normalized.starts_with(k)))
}

/// The reply key (situation) of an item's own answer (`[[item.faq]]`).
pub const FAQ_KEY: &str = "item_faq";

/// The shop's answer to this message's question about the item in talk,
/// if its `faq` has one.
pub(super) fn item_faq<'s>(
    session: &Session,
    scripts: &'s Scripts,
    c: &Classification,
) -> Option<&'s ItemFaq> {
    session.item(&scripts.catalog)?.faq_for(&c.normalized)
}

/// Makes the faq answer's intent the first one answered: the shop wrote an
/// answer for exactly these words on this item, so it is given even when
/// the rules did not see that intent (or saw nothing at all), and it comes
/// before their readings. Those stay after it, as many as still fit: the
/// message may hold a second question (`会起球吗?什么时候发货`), or the
/// same one brushing another intent's words (`下雨天能穿吗` also hits
/// size_advice's `能穿吗`); which, the words alone do not tell.
pub(super) fn put_first<'a>(intents: &mut Vec<&'a str>, faq: &'a ItemFaq, ctx: &Context) {
    intents.retain(|i| *i != faq.intent);
    intents.insert(0, &faq.intent);
    intents.truncate(ctx.max_intents_per_reply.max(1));
}
