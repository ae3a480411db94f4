//! Which of the intents a message matched its reply answers, and the flow
//! stage answering them moves the conversation to.
//!
//! The classifier ranks every intent a keyword or pattern found; a reply
//! that answered them all would answer words the buyer brushed rather than
//! questions asked. The rules here keep what was asked (see
//! [`answered_intents`]); `apart` adds back a question typed apart that the
//! rules left out, and for a numbered list (`listed`) the policy answers as
//! many intents as the list has items.

use super::policy::{OBJECTIONS, SOCIAL};
use super::Context;
use crate::nlu::Classification;
use crate::script::Stage;

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
    let objection_answered = more_specific_objection(c);
    for intent in c.intents().iter() {
        if intent.score < floor && intent.name != "greeting" {
            continue;
        }
        let objection = OBJECTIONS.contains(&intent.name);
        if objection && chosen.iter().any(|i| OBJECTIONS.contains(i)) {
            continue;
        }
        // The objection answered may be a more specific one than the best
        // ranked, in the best one's place.
        let name = match objection_answered {
            Some(specific) if objection => specific,
            _ => intent.name,
        };
        chosen.push(name);
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
    // `送女朋友的 能帮忙包装一下吗`, `送人 有赠品吗`: who it is for is why
    // the buyer asks, not a request to be shown something; "告诉我需求帮您
    // 挑" beside the answer would ignore the question asked.
    if chosen.len() > 1 && only_for_whom(c) {
        chosen.retain(|i| *i != RECOMMEND);
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

/// The intent of haggling.
const BARGAIN: &str = "bargain";

/// The objection to answer instead of the best ranked, when that is only
/// "too expensive" beside something more specific. A price offered
/// (`259也太贵了吧 200卖不卖`) is haggling: the buyer said what would do,
/// and what the shop's deals come to against it answers more than "理解您
/// 的感受" about the price. Another shop's price (`太贵了 别家才199`) is
/// the comparison to answer. Read only when two objections matched.
fn more_specific_objection(c: &Classification) -> Option<&'static str> {
    let best = (c.intents().iter()).find(|i| OBJECTIONS.contains(&i.name))?;
    if best.name != TOO_EXPENSIVE {
        return None;
    }
    let has = |name: &str| c.intent(name).is_some();
    if has(BARGAIN) && crate::nlu::price_offered(&c.normalized).is_some() {
        Some(BARGAIN)
    } else if has(CHEAPER_ELSEWHERE) {
        Some(CHEAPER_ELSEWHERE)
    } else {
        None
    }
}

/// The objections [`more_specific_objection`] tells apart.
const TOO_EXPENSIVE: &str = "too_expensive";
const CHEAPER_ELSEWHERE: &str = "cheaper_elsewhere";

/// The intent of asking to be shown or advised something.
const RECOMMEND: &str = "recommend";

/// Whether all that matched `recommend` are keywords of whom the purchase
/// is for (`送女朋友`, `送人`): written as words starting with 送, where the
/// pack's questions about a present (`送人合适吗`) are patterns.
fn only_for_whom(c: &Classification) -> bool {
    c.intent(RECOMMEND).is_some_and(|i| {
        i.matched()
            .all(|k| k.starts_with('送') && !k.contains(['(', '.', '|']))
    })
}

/// Whether the message begins with one of `intent`'s keywords.
fn opens_with(c: &Classification, intent: &str) -> bool {
    c.intent(intent)
        .is_some_and(|i| i.matched().any(|k| c.normalized.starts_with(k)))
}

/// The flow stage after a message answering `intents`. Order stages are moved
/// by order events only: a bargain after 拍下 does not undo the order.
pub(super) fn next_stage(stage: Stage, intents: &[&str]) -> Stage {
    match stage {
        Stage::Greeting | Stage::Consulting | Stage::Objection => {
            if intents.iter().any(|i| OBJECTIONS.contains(i)) {
                Stage::Objection
            } else if (stage == Stage::Greeting && intents.iter().any(|i| *i != "greeting"))
                || (stage == Stage::Objection && intents.iter().any(|i| !SOCIAL.contains(i)))
            {
                Stage::Consulting
            } else {
                stage
            }
        }
        other => other,
    }
}
