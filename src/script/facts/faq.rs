//! Checking the shop's own answers to buyers' questions: an `[[item]]`'s
//! `faq` (about that item) and the shop-wide `[[faq]]` (about the shop:
//! 有实体店吗, 退货运费谁出).
//!
//! An answer is given for its words whatever the rules make of the message,
//! so a word in two entries would leave which answer a buyer gets to the
//! order of the entries, and an entry without words or without an answer
//! would never work as meant: all errors.
//!
//! An answer may quote the shop's facts (`{business_hours}`,
//! `{delivery_time}`), filled once here, so that `人工几点上班` is answered
//! with the hours shop.toml states and a change there reaches the answer.
//! Anything else in braces is an error: an answer is given whatever the
//! conversation, so nothing of the conversation can fill it.

use super::super::model::{self, InFile, Pack};
use super::super::rules::Rules;
use super::super::source::{unknown, Problems, Sources};
use super::super::template::Template;
use super::super::{Faq, Location, Shop, FAQ_DEFAULT_INTENT, SHOP_FACTS};
use crate::nlu::normalize;
use serde_spanned::Spanned;
use std::collections::HashMap;

/// An item's `faq`, its question words normalised like the messages they
/// are looked for in.
pub(super) fn of_item(
    item: &InFile<model::Item>,
    pack: &Pack,
    src: &Sources,
    rules: &Rules,
    shop: &Shop,
    problems: &mut Problems,
) -> Vec<Faq> {
    let owner = format!("item `{}`", item.value.get_ref().id.get_ref());
    let entries = item.value.get_ref().faq.iter().map(|e| (item.file, e));
    let given = Given {
        owner: &owner,
        src,
        rules,
        shop,
        incomplete: pack.incomplete,
        shop_known: shop_known(pack),
    };
    check(entries, &given, problems)
}

/// The shop-wide `[[faq]]` entries of every file, in file order.
pub(super) fn of_shop(
    pack: &Pack,
    src: &Sources,
    rules: &Rules,
    shop: &Shop,
    problems: &mut Problems,
) -> Vec<Faq> {
    let entries = pack.faqs.iter().map(|e| (e.file, &e.value));
    let incomplete = pack.incomplete;
    let given = Given {
        owner: "[[faq]]",
        src,
        rules,
        shop,
        incomplete,
        shop_known: shop_known(pack),
    };
    check(entries, &given, problems)
}

/// Whether the shop's facts are all read: not when a file did not parse
/// (it may be shop.toml) or `[shop]` did not deserialize. Until then a fact
/// an answer quotes may well be stated in the part that is not read.
fn shop_known(pack: &Pack) -> bool {
    !pack.incomplete && !pack.broken_shop
}

/// What one owner's entries are checked against; `owner` names them in
/// errors (`item `p-1``, `[[faq]]`).
struct Given<'a> {
    owner: &'a str,
    src: &'a Sources,
    rules: &'a Rules,
    shop: &'a Shop,
    incomplete: bool,
    shop_known: bool,
}

/// Checks `entries`, each with the index of its file.
fn check<'a>(
    entries: impl Iterator<Item = (usize, &'a Spanned<model::Faq>)>,
    given_by: &Given<'_>,
    problems: &mut Problems,
) -> Vec<Faq> {
    let Given {
        owner,
        src,
        rules,
        shop,
        incomplete,
        shop_known,
    } = *given_by;
    let mut asked: HashMap<String, Location> = HashMap::new();
    let mut out = Vec::new();
    for (file, entry) in entries {
        let given = entry.get_ref();
        if given.ask.get_ref().is_empty() {
            problems.push(
                src.of(file, &given.ask),
                format!("{owner}: a faq entry with no words in `ask`; it would never answer"),
            );
        }
        let (mut ask, mut asked_at) = (Vec::new(), Vec::new());
        for words in given.ask.get_ref() {
            let at = src.of(file, words);
            let normalized = normalize(words.get_ref()).text;
            if normalized.is_empty() {
                problems.push(at, format!("{owner}: empty words in a faq `ask`"));
                continue;
            }
            if let Some(first) = asked.get(&normalized) {
                problems.push(
                    at.clone(),
                    format!(
                        "{owner}: faq words `{}` are also asked at {first}; one question, one answer",
                        words.get_ref()
                    ),
                );
            }
            asked.entry(normalized.clone()).or_insert(at.clone());
            ask.push(normalized);
            // Named by its line where a reply is traced back to it.
            asked_at.push(at.line_only());
        }
        let say = given.say.get_ref().trim();
        if say.is_empty() {
            problems.push(
                src.of(file, &given.say),
                format!("{owner}: a faq entry with an empty answer (`say`)"),
            );
        }
        let say = match with_facts(say, shop) {
            Ok(filled) => filled,
            Err(Unfilled::Missing(_)) if !shop_known => say.to_string(),
            Err(e) => {
                problems.push(src.of(file, &given.say), format!("{owner}: faq answer {e}"));
                say.to_string()
            }
        };
        let intent = match &given.intent {
            Some(intent) => {
                let name = intent.get_ref();
                if !incomplete && !rules.defines(name) {
                    problems.push(
                        src.of(file, intent),
                        unknown("faq for unknown intent", name, rules.names(), || {
                            "no [[intent]] has this name".to_string()
                        }),
                    );
                }
                name.clone()
            }
            None => {
                if !incomplete && !rules.defines(FAQ_DEFAULT_INTENT) {
                    problems.push(
                        src.of(file, entry),
                        format!(
                            "{owner}: this faq entry names no `intent`, and the pack has no \
                             `{FAQ_DEFAULT_INTENT}` intent to answer it under; say which intent it answers"
                        ),
                    );
                }
                FAQ_DEFAULT_INTENT.to_string()
            }
        };
        out.push(Faq {
            ask,
            asked_at,
            say,
            intent,
        });
    }
    out
}

/// `say` with the shop's facts it quotes filled in; an error says what
/// else it quotes, or which fact the shop does not state.
fn with_facts(say: &str, shop: &Shop) -> Result<String, Unfilled> {
    if !Template::may_hold_holes(say) {
        return Ok(say.to_string());
    }
    let template = Template::parse(say).map_err(|e| Unfilled::Wrong(e.to_string()))?;
    if let Some(other) = template.vars().find(|v| !SHOP_FACTS.contains(v)) {
        return Err(Unfilled::Wrong(format!(
            "quotes {{{other}}}; an answer can quote only the shop's facts ({})",
            SHOP_FACTS.join(", ")
        )));
    }
    template
        .render(|name| shop.fact(name).map(|f| f.into_owned()))
        .ok_or_else(|| {
            let missing = template
                .vars()
                .find(|v| shop.fact(v).is_none())
                .unwrap_or_default();
            Unfilled::Missing(missing.to_string())
        })
}

/// Why an answer could not be filled: a fact the shop does not state
/// (which shop.toml may state once it is read), or a wrong template.
enum Unfilled {
    Missing(String),
    Wrong(String),
}

impl std::fmt::Display for Unfilled {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Unfilled::Missing(fact) => write!(
                f,
                "quotes {{{fact}}}, which the shop does not state (shop.toml)"
            ),
            Unfilled::Wrong(message) => f.write_str(message),
        }
    }
}

#[cfg(test)]
mod tests;
