//! Putting the parts of a reply together: one part for each intent
//! answered, two for an intent asked two things the pack answers apart
//! (`有什么颜色 多少钱`), said in the order the buyer asked them.
//!
//! [`answering`](super::answering) decides which intents a message gets and
//! writes the part for each; this module decides how many parts each
//! intent gives and in which order they stand.

use super::answering::answer;
use super::choose::{matched_for, Part};
use super::Session;
use crate::nlu::Classification;
use crate::script::{Faq, Location, ReplySet, Scripts, Stage};

/// The questions one intent's keywords ask in a message, when they ask
/// more than one that the pack answers apart: `有什么颜色 多少钱` matches
/// `product_info`'s colour set and its price set, `发什么快递 几天能到`
/// `shipping`'s courier and delivery-time sets. Each is where that `when`
/// set is written and the labels of what matched that lead to it, in the
/// order asked: keywords fire in the order they stand in the message
/// (patterns after them), so the first label of each set orders it.
/// Empty when the message asks one thing of the intent (the common case):
/// then the first set that fits answers it, as before.
///
/// Only `when` sets count: a keyword no set names (`质量`) is what the
/// intent's generic words answer, which the other question's set already
/// stands in for, and answering it too would add sentences to most
/// messages that brush a second, weak keyword.
pub(super) fn questions<'c>(
    scripts: &Scripts,
    stage: Stage,
    c: &'c Classification,
    intent: &str,
) -> Vec<(Location, Vec<&'c str>)> {
    if !matched_twice(c, intent) {
        return Vec::new();
    }
    // The intent's `when` sets usable now, in the order they are tried
    // (bound to the stage, then stage-free; each in file order): one look
    // at the pack, where asking it per keyword cost a microsecond a reply.
    let (mut sets, free): (Vec<&ReplySet>, Vec<&ReplySet>) = (scripts.replies.of(intent))
        .filter(|s| !s.when.is_empty())
        .filter(|s| s.stages.is_empty() || s.stages.contains(&stage))
        .partition(|s| !s.stages.is_empty());
    sets.extend(free);
    if sets.len() < 2 {
        return Vec::new();
    }
    // For each set, the labels it is the first to name. A keyword inside
    // another label that matched (`运费` in `运费到付`, or in a pattern
    // written `(运费|邮费)…到付`) is read as part of it, not as a question
    // of its own: both count towards the intent's score, but `运费到付吗`
    // asks one thing. A pattern's source is compared as written, so a
    // keyword it spells out is taken to have matched inside it.
    let labels = matched_for(Some(c), intent);
    let inside_another = |label: &str| {
        (labels.iter()).any(|other| other.len() > label.len() && other.contains(label))
    };
    let mut groups: Vec<(usize, Vec<&str>)> = Vec::new();
    for &label in labels.iter().filter(|l| !inside_another(l)) {
        let Some(first) = sets.iter().position(|s| s.when.iter().any(|w| w == label)) else {
            continue;
        };
        match groups.iter_mut().find(|(set, _)| *set == first) {
            Some((_, labels)) => labels.push(label),
            None => groups.push((first, vec![label])),
        }
    }
    if groups.len() < 2 {
        return Vec::new();
    }
    (groups.into_iter())
        .map(|(set, labels)| (sets[set].at.clone(), labels))
        .collect()
}

/// Whether two or more keywords or patterns of `intent` matched. Most
/// messages match one of an intent: told without allocating.
fn matched_twice(c: &Classification, intent: &str) -> bool {
    c.intent(intent)
        .is_some_and(|i| i.matched().nth(1).is_some())
}

/// The part answering each intent, in order; `combined`: several intents
/// share the reply, so sets' `short` variants come first; at most
/// `max_parts` parts.
pub(super) fn compose(
    session: &mut Session,
    scripts: &Scripts,
    c: &Classification,
    intents: &[&str],
    faq: Option<&Faq>,
    combined: bool,
    max_parts: usize,
) -> Vec<Part> {
    // Two questions of one intent (`有什么颜色 多少钱`) may be two parts.
    // Every reply passes here, and few match two keywords of one intent.
    if !intents.iter().any(|i| matched_twice(c, i)) {
        return compose_parts(session, scripts, c, intents, &[], faq, combined, max_parts);
    }
    let asked: Vec<Vec<(Location, Vec<&str>)>> = (intents.iter())
        .map(|intent| {
            let faq_answers = faq.is_some_and(|f| f.intent == *intent);
            if faq_answers {
                Vec::new()
            } else {
                questions(scripts, session.stage, c, intent)
            }
        })
        .collect();
    if combined || asked.iter().all(|q| q.len() < 2) {
        return compose_parts(
            session, scripts, c, intents, &asked, faq, combined, max_parts,
        );
    }
    // Whether they are is known once the first is answered (a situation
    // such as the buyer's place answers the message as a whole); one part
    // alone is said in full, as if no second question had been seen.
    let before = (session.last_variant.clone(), session.coupon_offered);
    let parts = compose_parts(session, scripts, c, intents, &asked, faq, true, max_parts);
    if parts.len() > 1 {
        return parts;
    }
    (session.last_variant, session.coupon_offered) = before;
    compose_parts(session, scripts, c, intents, &[], faq, false, max_parts)
}

/// [`compose`] with the questions of each intent (`asked`, by position;
/// missing: one question each).
#[allow(clippy::too_many_arguments)]
fn compose_parts(
    session: &mut Session,
    scripts: &Scripts,
    c: &Classification,
    intents: &[&str],
    asked: &[Vec<(Location, Vec<&str>)>],
    faq: Option<&Faq>,
    combined: bool,
    max_parts: usize,
) -> Vec<Part> {
    let mut parts: Vec<Part> = Vec::with_capacity(intents.len());
    let push = |session: &mut Session, parts: &mut Vec<Part>, part: Part| {
        if part.offers {
            session.coupon_offered = true;
        }
        parts.push(part);
    };
    for (i, intent) in intents.iter().enumerate() {
        let Some(part) = answer(session, scripts, c, intent, faq, combined, None) else {
            continue;
        };
        // Two intents may come to one situation (a size question and an
        // item question with no item in talk both ask "哪一款"): it is
        // said once.
        if parts.iter().any(|p| p.from == part.from) {
            continue;
        }
        push(session, &mut parts, part);
        let questions = asked.get(i).map_or(&[][..], |q| &q[..]);
        if questions.is_empty() {
            continue;
        }
        let first = parts.len() - 1;
        for (at, labels) in questions {
            if parts.len() >= max_parts.max(1) {
                break;
            }
            if *at == parts[first].from {
                continue;
            }
            let Some(part) = answer(session, scripts, c, intent, faq, combined, Some(labels))
            else {
                continue;
            };
            // A situation (a price worked out, the buyer's place) answers
            // what it stands for, and a question it stands for would say
            // it again; a question only the intent's own words answer
            // (`发什么快递` beside the place's delivery time) is added.
            // Two sets may say the same short words (`运费险` and `送…吗`
            // both give "下单就送运费险"; `新疆` and `包邮` both the free
            // shipping's range): said once.
            let new_words =
                part.from != parts[first].from && !says_again(&parts[first].text, &part.text);
            if part.key == *intent && new_words {
                push(session, &mut parts, part);
                break;
            }
        }
        // The first part is the answer the intent gives on its own; said
        // in the order asked (`多少钱 有什么颜色`: the price first).
        let asked_at = |part: &Part| questions.iter().position(|(at, _)| *at == part.from);
        if let [answered, added] = &parts[first..] {
            if asked_at(added) < asked_at(answered) {
                parts.swap(first, first + 1);
            }
        }
    }
    sold_out_last(&mut parts);
    // The item's selling points recited for a question the rules only
    // guessed say nothing asked beside an answer that speaks of the item:
    // the shop's own (`我在哈尔滨 这个够暖吗`: "这个…吗" is a question about
    // the item, the answer about the cold there is its answer), or the
    // stock's where only the shape of the message made the question
    // (`这个有现货吗`: no word of the item's asked).
    let beside_faq = faq.is_some() && parts.len() > 1;
    let beside_stock = || {
        parts.iter().any(|p| p.key.starts_with(STOCK))
            && (c.intent(ITEM_QUESTION)).is_some_and(|i| i.only_patterns())
    };
    if beside_faq || beside_stock() {
        parts.retain(|p| !(p.key == ITEM_QUESTION && p.general));
    }
    parts
}

/// The intent of stock questions, and the start of its situations' keys.
const STOCK: &str = "stock";

/// The intent of questions about the item, whose own set recites it.
const ITEM_QUESTION: &str = "product_info";

/// The situation saying the size in talk is sold out.
const SOLD_OUT_KEY: &str = "stock_no";

/// The size answers that name the size in talk: the chart's, or the one
/// worn with the item's sizing tip.
const NAMES_A_SIZE: &[&str] = &["size_result", "size_worn_chart", "size_from_tip"];

/// The answer that only says to take the size worn.
const TAKE_SIZE_WORN: &str = "size_worn";

/// Beside "M码暂时售罄了…", the size answers: the one that only says to take
/// the size worn ("平时穿M码的话拍M码就可以") is left out, since that size
/// cannot be bought; one naming the chart's size, or the item's sizing,
/// comes first ("建议拍XXL码", then "XXL码暂时售罄了,XL码有货"), so the
/// reply reads as the size and then its stock, not the stock and then
/// advice to take what was just said to be gone.
fn sold_out_last(parts: &mut Vec<Part>) {
    let Some(sold_out) = parts.iter().position(|p| p.key == SOLD_OUT_KEY) else {
        return;
    };
    let first_size = (parts.iter()).position(|p| NAMES_A_SIZE.contains(&p.key.as_str()));
    if let Some(size) = first_size.filter(|&at| at > sold_out) {
        let part = parts.remove(size);
        parts.insert(sold_out, part);
    }
    parts.retain(|p| p.key != TAKE_SIZE_WORN);
}

/// Whether `added` says nothing `first` did not: the same words, give or
/// take the address and the closing particles (`亲,…哦~`).
fn says_again(first: &str, added: &str) -> bool {
    let core = added.trim_start_matches("亲,");
    let core = core.trim_end_matches(['~', '哦', '啦', '呢', '!', '。', '!']);
    !core.is_empty() && first.contains(core)
}

/// Orders the intents answered as the buyer asked them (`多少钱 包邮吗`:
/// the price, then the shipping), where ranking left them best first. An
/// intent stands where the first of its keywords stands in the message.
/// When one was found only by a pattern or by sound (`有没有黑色` is a
/// pattern of `stock`), the message's clauses tell instead (see
/// [`in_order_of`]). Greetings and thanks are put in their place
/// afterwards by the policy, whatever their position.
pub(super) fn in_order_asked(
    intents: &mut [&str],
    c: &Classification,
    typed: &str,
    scripts: &Scripts,
) {
    if intents.len() < 2 {
        return;
    }
    let social = |intent: &str| matches!(intent, "greeting" | "thanks_bye");
    let at = |intent: &str| {
        c.intent(intent)?
            .matched()
            .filter_map(|label| c.normalized.find(label))
            .min()
    };
    let mut placed: Vec<(usize, &str)> = Vec::with_capacity(intents.len());
    for intent in intents.iter() {
        if social(intent) {
            placed.push((usize::MAX, intent));
            continue;
        }
        match at(intent) {
            Some(position) => placed.push((position, intent)),
            None => {
                let clauses: Vec<String> = super::clauses::clauses(typed).collect();
                let clauses: Vec<&str> = clauses.iter().map(String::as_str).collect();
                in_order_of(intents, &clauses, scripts, None);
                return;
            }
        }
    }
    placed.sort_by_key(|(position, _)| *position);
    for (slot, (_, intent)) in intents.iter_mut().zip(placed) {
        *slot = intent;
    }
}

/// Orders `intents` as `pieces` of the message ask them (its clauses, or a
/// numbered list's items): each stands at the first piece reading best as
/// it, or failing that at the first piece where it matched at all; a piece
/// asking the shop's own answer `faq` reads as its intent. Intents no piece
/// reads as keep their order, after the others. Each piece is classified
/// again, which only the few replies that need it pay for.
pub(super) fn in_order_of(
    intents: &mut [&str],
    pieces: &[&str],
    scripts: &Scripts,
    faq: Option<&Faq>,
) {
    if intents.len() < 2 || pieces.len() < 2 {
        return;
    }
    let read: Vec<Option<Classification>> = (pieces.iter())
        .map(|piece| {
            let asks_faq = faq.is_some_and(|f| f.ask.iter().any(|w| piece.contains(w.as_str())));
            (!asks_faq).then(|| scripts.classifier.classify(piece))
        })
        .collect();
    let at = |intent: &str| {
        let best = read.iter().position(|r| match r {
            Some(own) => own.top() == intent,
            None => faq.is_some_and(|f| f.intent == intent),
        });
        let any = || (read.iter()).position(|r| r.as_ref().is_some_and(|own| own.has(intent)));
        best.or_else(any).unwrap_or(usize::MAX)
    };
    // Stable: intents read in the same piece keep the ranking's order.
    intents.sort_by_cached_key(|i| at(i));
}
