//! Assist mode's side of the policy: alternatives to show an agent next to
//! the bot's best reply, and the holding line for a buyer who is waiting.
//!
//! The policy itself stays mode-agnostic ([`super::decide`] says what the bot
//! would send). An agent choosing between replies is faster than an agent
//! typing, so next to the best reply the console offers up to two others:
//! an answer to an intent the best reply left out (the classifier's second
//! reading of the message), and other phrasings of the same reply from the
//! script's variants. Like the policy, this is pure: the same session gives
//! the same alternatives.

use super::choose::{faq_part, matched_for, Offers, Request, Rotation};
use super::faq::{faqs_asked, FAQ_AGAIN_KEY, FAQ_KEY};
use super::speaking::{may_speak, say_key, PART_SEPARATOR};
use super::vars::Vars;
use super::{Action, Context, FaqSource, Session, Speaker};
use crate::nlu::Classification;
use crate::script::{Location, Scripts};

/// The reply key (situation) of the holding line.
pub const HOLDING_KEY: &str = "holding";

/// Said when the script pack has no `holding` reply: the 30-second rule is
/// not something a missing script line should break.
const HOLDING_FALLBACK: &str = "亲,在的哦,马上为您查看~";

/// At most this many alternatives next to the best reply.
const MAX_ALTERNATIVES: usize = 2;

/// Situations that answer an intent under another name.
const ANSWERS: &[(&str, &str)] = &[
    ("size_result", "size_advice"),
    ("size_beyond", "size_advice"),
    ("size_need_item", "size_advice"),
    ("size_worn", "size_advice"),
    ("size_worn_chart", "size_advice"),
    ("size_from_tip", "size_advice"),
    ("size_for_picks", "size_advice"),
    ("size_for_picks_foot", "size_advice"),
    ("size_picks_foot_none", "size_advice"),
    ("size_picks_need_foot", "size_advice"),
    ("size_from_foot", "size_advice"),
    ("size_from_half", "size_advice"),
    ("size_foot_beyond", "size_advice"),
    ("size_foot_below", "size_advice"),
    ("size_from_system", "size_advice"),
    ("size_system_either", "size_advice"),
    ("size_system_ask", "size_advice"),
    ("size_for_picks_system", "size_advice"),
    ("size_picks_system_none", "size_advice"),
    ("which_item", "product_info"),
    ("item_chosen", "product_info"),
    ("item_chosen_sized", "product_info"),
    ("price_total", "product_info"),
    ("price_sum", "product_info"),
    ("price_short", "product_info"),
    ("stock_yes", "stock"),
    ("stock_low", "stock"),
    ("stock_no", "stock"),
    ("stock_no_such_size", "stock"),
    ("stock_each", "stock"),
    ("stock_each_part", "stock"),
    ("stock_each_none", "stock"),
    ("closing", "thanks_bye"),
];

/// One reply an agent may send instead of the best one.
#[derive(Debug, Clone, PartialEq)]
pub struct Alternative {
    pub text: String,
    pub keys: Vec<String>,
    /// The intents it answers.
    pub intents: Vec<String>,
    /// How it differs from the best reply, in Chinese for the console.
    pub note: String,
    /// Where each part's reply set is written.
    pub from: Vec<Location>,
    /// The shop's own answer it gives, as the best reply does: only
    /// another phrasing of a reply with that answer has one.
    pub faq: Option<FaqSource>,
}

/// The intent a reply key answers (itself for intents).
fn intent_of(key: &str) -> &str {
    ANSWERS
        .iter()
        .find(|(situation, _)| *situation == key)
        .map_or(key, |(_, intent)| intent)
}

/// The intents a reply with `keys` answers, decided in `decided` for a
/// message `understood` as it was: each key's intent, and for the item's
/// own answer (`item_faq`) the intent of the faq entry that spoke.
pub fn intents_of<'a>(
    keys: &'a [String],
    decided: &Session,
    understood: Option<&Classification>,
    scripts: &'a Scripts,
) -> Vec<&'a str> {
    // A reply of several entries speaks for the first one's intent.
    let faq = understood.and_then(|c| faqs_asked(decided, scripts, c).first().copied());
    keys.iter()
        .map(|key| match (key.as_str(), faq) {
            (FAQ_KEY | FAQ_AGAIN_KEY, Some(faq)) => faq.intent.as_str(),
            (key, _) => intent_of(key),
        })
        .collect()
}

/// Alternatives to the reply `best` (with its `keys`, giving the shop's
/// answer `faq` if any) decided in `decided`, for a message `understood` as
/// it was. Never the best text again, never two equal ones.
pub fn alternatives(
    decided: &Session,
    best: &str,
    keys: &[String],
    faq: Option<&FaqSource>,
    understood: Option<&Classification>,
    scripts: &Scripts,
) -> Vec<Alternative> {
    let mut out: Vec<Alternative> = Vec::new();
    // Trying variants out only moves the rotation (`last_variant`, and
    // `last_sent` between tries): that much is copied, not the whole session
    // with its history. The variables depend on neither.
    let mut vars = Vars::for_session(decided, scripts);
    let mut seen = vec![best.to_string()];
    let mut push = |alt: Alternative, out: &mut Vec<Alternative>| {
        if out.len() < MAX_ALTERNATIVES && !seen.contains(&alt.text) {
            seen.push(alt.text.clone());
            out.push(alt);
        }
    };
    // Another reading first: an intent the classifier saw that the best
    // reply does not answer (it ranked lower, or past the per-reply limit).
    let answered = intents_of(keys, decided, understood, scripts);
    if let Some(c) = understood {
        let unanswered = c
            .intents()
            .iter()
            .find(|i| !answered.contains(&i.name) && i.name != HOLDING_KEY);
        if let Some(intent) = unanswered {
            let mut last_variant = decided.last_variant.clone();
            let mut rotation = Rotation {
                stage: decided.stage,
                last_variant: &mut last_variant,
                last_sent: decided.last_sent.as_deref(),
            };
            let matched = matched_for(understood, intent.name);
            let req = request(intent.name, &vars, false, &matched);
            if let Some(part) = rotation.pick(scripts, &req) {
                push(
                    Alternative {
                        text: part.text,
                        keys: vec![part.key],
                        intents: vec![intent.name.to_string()],
                        note: format!("只回答「{}」", intent.name),
                        from: vec![part.from],
                        // Another intent's words: none of the shop's answer.
                        faq: None,
                    },
                    &mut out,
                );
            }
        }
    }
    // Then other phrasings of the same reply, continuing the rotation. The
    // shop's answer is the same in each: the `item_faq` set frames it
    // (`{faq}`), as the policy had it.
    if let Some(faq) = faq {
        vars.set("faq", &faq.say);
    }
    let mut last_variant = decided.last_variant.clone();
    let mut last_sent = decided.last_sent.clone();
    let combined = keys.len() > 1;
    for _ in 0..MAX_ALTERNATIVES * 2 {
        if out.len() >= MAX_ALTERNATIVES {
            break;
        }
        let mut rotation = Rotation {
            stage: decided.stage,
            last_variant: &mut last_variant,
            last_sent: last_sent.as_deref(),
        };
        let mut parts = Vec::with_capacity(keys.len());
        for (key, intent) in keys.iter().zip(&answered) {
            let matched = matched_for(understood, intent);
            match rotation.pick(scripts, &request(key, &vars, combined, &matched)) {
                Some(part) => parts.push(part),
                None => return out,
            }
        }
        let text = (parts.iter().map(|p| p.text.as_str()))
            .collect::<Vec<_>>()
            .join(PART_SEPARATOR);
        let faq = faq.and_then(|faq| {
            let part = faq_part(&parts, &faq.say)?;
            Some(FaqSource {
                key: part.key.clone(),
                ..faq.clone()
            })
        });
        last_sent = Some(text.clone());
        push(
            Alternative {
                text,
                keys: keys.to_vec(),
                intents: answered.iter().map(|s| s.to_string()).collect(),
                note: "另一种说法".to_string(),
                from: parts.into_iter().map(|p| p.from).collect(),
                faq,
            },
            &mut out,
        );
    }
    out
}

fn request<'a>(
    key: &'a str,
    vars: &'a Vars<'a>,
    combined: bool,
    matched: &'a [&'a str],
) -> Request<'a> {
    Request {
        key,
        fallbacks: &[],
        vars,
        offers: Offers::Any,
        combined,
        matched,
        said: &[],
    }
}

/// The holding line, when the bot may speak here: the pack's `holding`
/// reply, or a built-in one when the pack has none.
pub(super) fn hold(
    session: &mut Session,
    actions: &mut Vec<Action>,
    scripts: &Scripts,
    ctx: &Context,
) {
    if !may_speak(session, ctx.now) {
        return;
    }
    let vars = Vars::for_session(session, scripts);
    let before = actions.len();
    say_key(session, actions, scripts, HOLDING_KEY, &vars, ctx.now);
    if actions.len() == before {
        let text = HOLDING_FALLBACK.to_string();
        session.push_turn(Speaker::Bot, &text, ctx.now);
        session.last_sent = Some(text.clone());
        actions.push(Action::Reply {
            text,
            keys: vec![HOLDING_KEY.to_string()],
            from: Vec::new(),
            faq: None,
        });
    }
    session.updated_at = ctx.now;
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::channel::protocol::{BuyerMessage, Event};
    use crate::dialogue::decide;

    fn ask(text: &str, scripts: &Scripts) -> (Session, String, Vec<String>, Classification) {
        ask_on(None, text, scripts)
    }

    /// [`ask`] from an item's page.
    fn ask_on(
        item: Option<&str>,
        text: &str,
        scripts: &Scripts,
    ) -> (Session, String, Vec<String>, Classification) {
        let (session, text, keys, _, understood) = ask_after(None, item, text, scripts);
        (session, text, keys, understood)
    }

    /// [`ask_on`] in the conversation `before`, with the shop's answer the
    /// reply gave.
    fn ask_after(
        before: Option<&Session>,
        item: Option<&str>,
        text: &str,
        scripts: &Scripts,
    ) -> (
        Session,
        String,
        Vec<String>,
        Option<FaqSource>,
        Classification,
    ) {
        let event = Event::Message(BuyerMessage {
            id: "e-1".into(),
            shop: "s".into(),
            conversation: "c".into(),
            buyer: "b".into(),
            text: text.into(),
            sent_at: String::new(),
            item: item.map(str::to_string),
        });
        let d = decide(before, &event, scripts, &Context::default());
        let Some(Action::Reply {
            text, keys, faq, ..
        }) = d.actions.first().cloned()
        else {
            panic!("no reply to {text}: {:?}", d.actions);
        };
        (
            d.session,
            text,
            keys,
            faq,
            d.understood.expect("a message is classified"),
        )
    }

    /// The alternatives to a reply that gave the shop's answer `faq`.
    fn alternatives_with_faq(
        item: &str,
        text: &str,
        scripts: &Scripts,
    ) -> (FaqSource, Vec<Alternative>) {
        let (session, best, keys, faq, understood) = ask_after(None, Some(item), text, scripts);
        let faq = faq.unwrap_or_else(|| panic!("{text}: the item's own answer, {best}"));
        let alts = alternatives(
            &session,
            &best,
            &keys,
            Some(&faq),
            Some(&understood),
            scripts,
        );
        (faq, alts)
    }

    #[test]
    fn only_alternatives_saying_the_shops_answer_name_it() {
        let scripts = crate::script::load_embedded();
        // Another phrasing of a reply with the item's answer says that
        // answer again, framed by the `item_faq` set.
        let (faq, alts) = alternatives_with_faq("p-1001", "会起球吗 什么时候发货", &scripts);
        assert_eq!(faq.item.as_deref(), Some("p-1001"));
        assert_eq!(faq.ask, "起球");
        let at = faq
            .at
            .as_ref()
            .expect("written in the catalogue")
            .to_string();
        assert!(at.ends_with("catalog.toml:158"), "{at}");
        let other = alts
            .iter()
            .find(|a| a.note == "另一种说法")
            .unwrap_or_else(|| panic!("another phrasing of the shipping part: {alts:#?}"));
        assert!(other.text.contains(&faq.say), "{other:#?}");
        assert_eq!(other.faq.as_ref(), Some(&faq));
        // An answer to another intent alone has none of its words.
        let (faq, alts) = alternatives_with_faq("p-1004", "零下十度能穿吗", &scripts);
        assert_eq!(faq.item.as_deref(), Some("p-1004"));
        let only = alts
            .iter()
            .find(|a| a.keys == ["size_advice"])
            .unwrap_or_else(|| panic!("the size answer the faq's clause brushed: {alts:#?}"));
        assert!(!only.text.contains(&faq.say));
        assert_eq!(only.faq, None);
        // Asked again: the line for that names the same entry, and so does
        // its other phrasing; the shop's own entries name no item.
        let (session, ..) = ask_after(None, Some("p-1001"), "有实体店吗", &scripts);
        let (session, best, keys, faq, understood) =
            ask_after(Some(&session), Some("p-1001"), "有实体店吗", &scripts);
        let faq = faq.expect("the shop's answer, asked again");
        assert_eq!(
            (faq.key.as_str(), faq.item.as_deref()),
            (FAQ_AGAIN_KEY, None)
        );
        assert!(faq
            .at
            .as_ref()
            .unwrap()
            .to_string()
            .ends_with("faq.toml:27"));
        let alts = alternatives(
            &session,
            &best,
            &keys,
            Some(&faq),
            Some(&understood),
            &scripts,
        );
        for alt in &alts {
            let gives = alt.keys.iter().any(|k| k == FAQ_KEY || k == FAQ_AGAIN_KEY);
            assert_eq!(alt.faq.is_some(), gives, "{alt:#?}");
        }
        assert!(
            alts.iter().any(|a| a.faq.as_ref() == Some(&faq)),
            "{alts:#?}"
        );
    }

    #[test]
    fn alternatives_are_new_texts_with_their_reasons() {
        let scripts = crate::script::load_embedded();
        let (session, best, keys, understood) = ask("包邮吗", &scripts);
        let alts = alternatives(&session, &best, &keys, None, Some(&understood), &scripts);
        assert!(
            !alts.is_empty(),
            "the shipping replies have several variants"
        );
        assert!(alts.len() <= MAX_ALTERNATIVES);
        let mut texts: Vec<&str> = alts.iter().map(|a| a.text.as_str()).collect();
        texts.push(&best);
        let count = texts.len();
        texts.sort();
        texts.dedup();
        assert_eq!(texts.len(), count, "no text twice: {texts:?}");
        assert!(alts
            .iter()
            .all(|a| a.intents == ["shipping"] && !a.note.is_empty()));
        // Computing alternatives changes nothing in the decided session.
        let again = alternatives(&session, &best, &keys, None, Some(&understood), &scripts);
        assert_eq!(again, alts, "pure: same session, same alternatives");
    }

    #[test]
    fn an_items_own_answer_counts_as_answering_its_intent() {
        let scripts = crate::script::load_embedded();
        let (session, best, keys, understood) =
            ask_on(Some("p-1001"), "会起球吗 什么时候发货", &scripts);
        assert_eq!(keys, ["item_faq", "shipping"]);
        let answered = intents_of(&keys, &session, Some(&understood), &scripts);
        assert_eq!(answered, ["product_info", "shipping"]);
        // So no alternative offers the generic product answer the faq replaced.
        let alts = alternatives(&session, &best, &keys, None, Some(&understood), &scripts);
        assert!(alts.iter().all(|a| a.keys != ["product_info"]), "{alts:#?}");
    }

    #[test]
    fn the_holding_line_is_said_only_where_the_bot_may_speak() {
        let scripts = crate::script::load_embedded();
        let (mut session, ..) = ask("包邮吗", &scripts);
        let ctx = Context::default();
        let mut actions = Vec::new();
        hold(&mut session, &mut actions, &scripts, &ctx);
        let [Action::Reply { text, keys, .. }] = actions.as_slice() else {
            panic!("one holding line: {actions:?}");
        };
        assert_eq!(keys, &[HOLDING_KEY.to_string()]);
        assert!(text.contains("在"), "{text}");
        session.transferred = true;
        let mut actions = Vec::new();
        hold(&mut session, &mut actions, &scripts, &ctx);
        assert!(
            actions.is_empty(),
            "a transferred conversation is a person's"
        );
    }
}
