//! The shop's own answers (`[[item.faq]]` of the item in talk, the
//! shop-wide `[[faq]]`): which one a message asks, and where it stands in
//! the reply.
//!
//! An answer the shop wrote for exactly these words beats any reading of
//! the rules: it is given even when no intent was seen, and it comes first.
//! The rules' other readings stay beside it only where the message asks
//! something besides, in a clause of its own.

use super::clauses::clauses;
use super::sizes;
use super::{Context, Session};
use crate::nlu::Classification;
use crate::script::{Faq, Item, Scripts};
use std::borrow::Cow;

/// The reply key (situation) of an item's own answer (`[[item.faq]]`).
pub const FAQ_KEY: &str = "item_faq";

/// The reply key when the buyer asks the same item question again right
/// after its answer (`冷不冷` → answer → `冷不冷啊`): the answer cannot be
/// said twice in a row, and the intent's generic set (the item's selling
/// points) would not answer the question at all.
pub const FAQ_AGAIN_KEY: &str = "item_faq_again";

/// At most this many of the shop's answers in one reply: a buyer who asks
/// three things of an item in one message (`是纯棉的吗 会缩水吗 白色透不
/// 透`) hears three, and a fourth would be a wall of text.
const MAX_FAQS: usize = 3;

/// The shop's own answers to this message's questions, in the order asked:
/// the item in talk's `faq` entries if the message asks any, else the
/// shop-wide `[[faq]]`'s.
pub(super) fn faqs_asked<'s>(
    session: &Session,
    scripts: &'s Scripts,
    c: &Classification,
) -> Vec<&'s Faq> {
    let item = session.item(&scripts.catalog);
    let text = asked_text(session, scripts, c);
    let found = item.map(|i| i.faqs_for(&text)).unwrap_or_default();
    if found.is_empty() {
        scripts.shop.faq.find_all(&text)
    } else {
        found
    }
}

/// The item whose own entries gave `faq`, the answer [`faq_for`] found
/// for this message: `None` when the shop-wide ones did. What a supervisor
/// is told to edit names it, since many items' entries share the same
/// words. Read off the answer, not by searching the message again: an
/// answer of several entries starts with the first one's words.
pub(super) fn item_answering<'s>(
    session: &Session,
    scripts: &'s Scripts,
    faq: &Faq,
) -> Option<&'s Item> {
    session.item(&scripts.catalog).filter(|item| {
        (item.faq.entries().iter()).any(|entry| faq.say.starts_with(entry.say.as_str()))
    })
}

/// The message as the shop's answers read it: without the words telling
/// that a size bought before did not fit (`上次买的L偏小 这次拍哪个`), when
/// the item in talk has the size next to it. They say how that size fitted
/// this buyer, and ask nothing of the item: the hoodie's answer to `偏小`
/// ("不偏大也不偏小") told a buyer whose L was small nothing of which to
/// take, where the size next to it does (`size_after_misfit`). Asked of
/// the item (`这款偏小吗`, or after the misfit), the answer still answers.
/// The same for the words telling a shoe size of another country on shoes
/// (`老公穿美码9`: see `nlu::shoe_size_told`), and for the place a parcel
/// is sent to in a shipping question (`寄到哈尔滨几天到`: the short coat's
/// answer about Harbin's cold asks nothing of delivery).
fn asked_text<'c>(session: &Session, scripts: &Scripts, c: &'c Classification) -> Cow<'c, str> {
    let text = without_told(session, scripts, c);
    let destination = (c.has("shipping"))
        .then(|| crate::nlu::destination_told(&text))
        .flatten();
    match destination {
        Some(place) => {
            let mut text = text.into_owned();
            text.replace_range(place, " ");
            Cow::Owned(text)
        }
        None => text,
    }
}

/// [`asked_text`] without the words of a misfit or of a shoe size told.
fn without_told<'c>(session: &Session, scripts: &Scripts, c: &'c Classification) -> Cow<'c, str> {
    // One reading of the message for both: the words, and the misfit
    // they tell (which `after_misfit` would read again).
    let told = crate::nlu::misfit_told(&c.normalized)
        .filter(|(misfit, _)| sizes::next_after(session, scripts, misfit.clone()).is_some())
        .map(|(_, words)| words)
        .or_else(|| {
            // `我老公穿美码9`: his size, no question whether men can wear them.
            let shoes = !session.item(&scripts.catalog)?.foot_length.is_empty();
            let told = shoes.then(|| crate::nlu::shoe_size_told(&c.normalized))??;
            Some(told.1)
        });
    match told {
        Some(words) => {
            // A space, so the words on either side do not join into one.
            let mut text = c.normalized.clone();
            text.replace_range(words, " ");
            Cow::Owned(text)
        }
        None => Cow::Borrowed(&c.normalized),
    }
}

/// Whether the shop's own answer of another intent answers what `intent`'s
/// rules found in the message: every keyword they matched lies inside
/// words of that answer found in it. `能放丰巢吗` (`丰巢`) and `能送货上门吗`
/// (`送货`) ask how parcels are delivered, answered in `faq.toml`; as
/// logistics, a parcel gone astray, they went to a person. `放丰巢了没收到`
/// still does: `没收到` is no word of the answer.
pub(super) fn shop_answers_instead(
    session: &Session,
    scripts: &Scripts,
    c: &Classification,
    intent: &str,
) -> bool {
    let Some(first) = faqs_asked(session, scripts, c).into_iter().next() else {
        return false;
    };
    first.intent != intent && c.matched_only_within(intent, first.ask.iter().map(String::as_str))
}

/// The shop's own answer to this message (see [`faqs_asked`]). Several
/// entries of the first one's intent asked in one message are said
/// together, as one answer, in the order asked; one of another intent is
/// left to that intent's rules.
pub(super) fn faq_for<'s>(
    session: &Session,
    scripts: &'s Scripts,
    c: &Classification,
) -> Option<Cow<'s, Faq>> {
    let asked = faqs_asked(session, scripts, c);
    let first = *asked.first()?;
    let same: Vec<&Faq> = (asked.into_iter())
        .filter(|f| f.intent == first.intent)
        .take(MAX_FAQS)
        .collect();
    if same.len() == 1 {
        return Some(Cow::Borrowed(first));
    }
    Some(Cow::Owned(Faq {
        ask: same.iter().flat_map(|f| f.ask.iter().cloned()).collect(),
        // Kept only if every entry knows its lines: the two lists align.
        asked_at: if same.iter().all(|f| f.asked_at.len() == f.ask.len()) {
            same.iter()
                .flat_map(|f| f.asked_at.iter().cloned())
                .collect()
        } else {
            Vec::new()
        },
        say: same
            .iter()
            .map(|f| f.say.as_str())
            .collect::<Vec<_>>()
            .join("\n"),
        intent: first.intent.clone(),
    }))
}

/// Whether the bot's last message gave `faq`'s answer.
pub(super) fn said_last(session: &Session, faq: &Faq) -> bool {
    (session.last_sent.as_deref()).is_some_and(|last| last.contains(faq.say.as_str()))
}

/// Makes the faq answer's intent the first one answered: the shop wrote an
/// answer for exactly these words on this item, so it is given even when
/// the rules did not see that intent (or saw nothing at all), and it comes
/// before their readings. Those stay after it only where the message asks
/// something besides: in a clause without the faq's words (`会起球吗?什么时候
/// 发货`, `掉毛吗什么时候发货`). In the faq's own clause they are the same
/// question brushing another intent's words (`零下十度能穿吗` hits
/// size_advice's `能穿吗`), and answering them too would answer what was
/// not asked. The rest of the message is classified again to tell, which
/// costs a classification on the few messages an item's own answer takes.
pub(super) fn put_first<'s>(
    intents: &mut Vec<&'s str>,
    faq: &Faq,
    scripts: &'s Scripts,
    typed: &str,
    ctx: &Context,
) {
    let rest: Vec<String> = clauses(typed)
        .filter(|clause| !faq.ask.iter().any(|w| clause.contains(w.as_str())))
        .collect();
    let elsewhere = (!rest.is_empty()).then(|| scripts.classifier.classify(&rest.join(",")));
    intents.retain(|i| *i != faq.intent && elsewhere.as_ref().is_some_and(|e| e.has(i)));
    // The pack's own name for it: the entry's intent is one of the pack's,
    // checked when it loads.
    if let Some(intent) = scripts.intent(&faq.intent) {
        intents.insert(0, intent);
    }
    intents.truncate(ctx.max_intents_per_reply.max(1));
}
