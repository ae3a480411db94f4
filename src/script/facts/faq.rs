//! Checking the shop's own answers to buyers' questions: an `[[item]]`'s
//! `faq` (about that item) and the shop-wide `[[faq]]` (about the shop:
//! 有实体店吗, 退货运费谁出).
//!
//! An answer is given for its words whatever the rules make of the message,
//! so a word in two entries would leave which answer a buyer gets to the
//! order of the entries, and an entry without words or without an answer
//! would never work as meant: all errors.

use super::super::model::{self, InFile, Pack};
use super::super::rules::Rules;
use super::super::source::{unknown, Problems, Sources};
use super::super::{Faq, Location, FAQ_DEFAULT_INTENT};
use crate::nlu::normalize;
use serde_spanned::Spanned;
use std::collections::HashMap;

/// An item's `faq`, its question words normalised like the messages they
/// are looked for in.
pub(super) fn of_item(
    item: &InFile<model::Item>,
    src: &Sources,
    rules: &Rules,
    problems: &mut Problems,
    incomplete: bool,
) -> Vec<Faq> {
    let owner = format!("item `{}`", item.value.get_ref().id.get_ref());
    let entries = item.value.get_ref().faq.iter().map(|e| (item.file, e));
    check(entries, &owner, src, rules, problems, incomplete)
}

/// The shop-wide `[[faq]]` entries of every file, in file order.
pub(super) fn of_shop(
    pack: &Pack,
    src: &Sources,
    rules: &Rules,
    problems: &mut Problems,
) -> Vec<Faq> {
    let entries = pack.faqs.iter().map(|e| (e.file, &e.value));
    check(entries, "[[faq]]", src, rules, problems, pack.incomplete)
}

/// Checks `entries` (each with the index of its file) of one owner, which
/// names them in errors (`item `p-1``, `[[faq]]`).
fn check<'a>(
    entries: impl Iterator<Item = (usize, &'a Spanned<model::Faq>)>,
    owner: &str,
    src: &Sources,
    rules: &Rules,
    problems: &mut Problems,
    incomplete: bool,
) -> Vec<Faq> {
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
        let mut ask = Vec::new();
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
            asked.entry(normalized.clone()).or_insert(at);
            ask.push(normalized);
        }
        let say = given.say.get_ref().trim();
        if say.is_empty() {
            problems.push(
                src.of(file, &given.say),
                format!("{owner}: a faq entry with an empty answer (`say`)"),
            );
        }
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
            say: say.to_string(),
            intent,
        });
    }
    out
}

#[cfg(test)]
mod tests;
