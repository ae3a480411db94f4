//! Checking `[[category]]`, `[[recipient]]` and the items' `categories`,
//! `good_for` and `gift_for`.
//!
//! These are what a recommendation goes by (`想买件外套` → the items of
//! 外套), so a word that would make a message belong to two categories, or
//! an item filed under a category nobody declared, is an error: the buyer
//! would be offered the wrong goods, or none, without anyone noticing.

use super::super::model::{self, InFile, Pack};
use super::super::source::{quoted_list, unknown, Problems, Sources};
use super::super::{Category, Location, Recipient};
use super::Names;
use crate::nlu::normalize;
use serde_spanned::Spanned;
use std::collections::HashMap;

/// The pack's categories, their words normalised like messages.
pub(super) fn categories(pack: &Pack, src: &Sources, problems: &mut Problems) -> Vec<Category> {
    (word_tables("category", &pack.categories, src, problems).into_iter())
        .map(|(name, words)| Category { name, words })
        .collect()
}

/// The pack's recipients of presents, their words normalised like
/// messages: checked as categories are, for the same reason (`妈妈` under
/// two recipients would pick the presents of either).
pub(super) fn recipients(pack: &Pack, src: &Sources, problems: &mut Problems) -> Vec<Recipient> {
    (word_tables("recipient", &pack.recipients, src, problems).into_iter())
        .map(|(name, words)| Recipient { name, words })
        .collect()
}

/// Tables of one `kind` that each name a thing by the words buyers say it
/// in: each table's name and its words normalised, a word said by one
/// table only.
fn word_tables(
    kind: &'static str,
    tables: &[InFile<model::Category>],
    src: &Sources,
    problems: &mut Problems,
) -> Vec<(String, Vec<String>)> {
    let mut out = Vec::new();
    let mut names = Names::of(kind);
    let mut words: HashMap<String, (String, Location)> = HashMap::new();
    for table in tables {
        let file = table.file;
        let given = table.value.get_ref();
        let name = given.name.get_ref().trim().to_string();
        let before = problems.len();
        names.check(&name, src.of(file, &given.name), problems);
        if given.words.get_ref().is_empty() {
            problems.push(
                src.of(file, &given.words),
                format!("{kind} `{name}` has no words: no message would say it"),
            );
        }
        let mut normalized_words = Vec::new();
        for word in given.words.get_ref() {
            let at = src.of(file, word);
            let normalized = normalize(word.get_ref()).text;
            if normalized.is_empty() {
                problems.push(at, format!("{kind} `{name}`: empty word"));
                continue;
            }
            match words.get(&normalized) {
                Some((other, first)) if *other != name => problems.push(
                    at.clone(),
                    format!(
                        "{kind} `{name}`: the word `{}` is also a word of {kind} `{other}` \
                         at {first}; a word must say one {kind}",
                        word.get_ref()
                    ),
                ),
                _ => {
                    words.insert(normalized.clone(), (name.clone(), at));
                }
            }
            if !normalized_words.contains(&normalized) {
                normalized_words.push(normalized);
            }
        }
        if problems.len() == before {
            out.push((name, normalized_words));
        }
    }
    out
}

/// The names of the pack's categories and recipients, those that could
/// not be read included (already reported: an item naming one is not an
/// error too).
pub(super) struct Declared<'p> {
    categories: Vec<&'p str>,
    recipients: Vec<&'p str>,
}

pub(super) fn declared(pack: &Pack) -> Declared<'_> {
    fn names(tables: &[InFile<model::Category>]) -> Vec<&str> {
        (tables.iter())
            .map(|c| c.value.get_ref().name.get_ref().trim())
            .collect()
    }
    let mut categories = names(&pack.categories);
    categories.extend(pack.broken_categories.iter().map(String::as_str));
    let mut recipients = names(&pack.recipients);
    recipients.extend(pack.broken_recipients.iter().map(String::as_str));
    Declared {
        categories,
        recipients,
    }
}

/// What an item says it is for: its `categories` and `gift_for`, each
/// declared, and its `good_for` words normalised.
pub(super) struct ItemUses {
    pub categories: Vec<String>,
    pub good_for: Vec<String>,
    pub gift_for: Vec<String>,
}

/// An item's `categories` (each a declared `[[category]]`), `gift_for`
/// (each a declared `[[recipient]]`) and `good_for` words, normalised.
pub(super) fn of_item(
    item: &InFile<model::Item>,
    pack: &Pack,
    declared: &Declared<'_>,
    src: &Sources,
    problems: &mut Problems,
) -> ItemUses {
    let file = item.file;
    let given = item.value.get_ref();
    let id = given.id.get_ref();
    let mut named = |kind: &str, names: &[Spanned<String>], known: &[&str]| {
        let mut out: Vec<String> = Vec::new();
        for name in names {
            let trimmed = name.get_ref().trim();
            // With a file unreadable the name may well be declared there.
            if !pack.incomplete && !known.contains(&trimmed) {
                problems.push(
                    src.of(file, name),
                    unknown(
                        &format!("item `{id}`: unknown {kind}"),
                        trimmed,
                        known.iter().copied(),
                        || {
                            if known.is_empty() {
                                format!("no [[{kind}]] is declared")
                            } else {
                                format!("declared: {}", quoted_list(known.iter().copied()))
                            }
                        },
                    ),
                );
            }
            if !out.iter().any(|c| c == trimmed) {
                out.push(trimmed.to_string());
            }
        }
        out
    };
    let categories = named("category", &given.categories, &declared.categories);
    let gift_for = named("recipient", &given.gift_for, &declared.recipients);
    let mut good_for: Vec<String> = Vec::new();
    for word in &given.good_for {
        let normalized = normalize(word.get_ref()).text;
        if normalized.is_empty() {
            problems.push(
                src.of(file, word),
                format!("item `{id}`: empty word in `good_for`"),
            );
        } else if !good_for.contains(&normalized) {
            good_for.push(normalized);
        }
    }
    ItemUses {
        categories,
        good_for,
        gift_for,
    }
}

#[cfg(test)]
mod tests;
