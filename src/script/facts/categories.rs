//! Checking `[[category]]` and the items' `categories` and `good_for`.
//!
//! These are what a recommendation goes by (`想买件外套` → the items of
//! 外套), so a word that would make a message belong to two categories, or
//! an item filed under a category nobody declared, is an error: the buyer
//! would be offered the wrong goods, or none, without anyone noticing.

use super::super::model::{self, InFile, Pack};
use super::super::source::{quoted_list, unknown, Problems, Sources};
use super::super::{Category, Location};
use super::Names;
use crate::nlu::normalize;
use std::collections::HashMap;

/// The pack's categories, their words normalised like messages.
pub(super) fn categories(pack: &Pack, src: &Sources, problems: &mut Problems) -> Vec<Category> {
    let mut out = Vec::new();
    let mut names = Names::of("category");
    let mut words: HashMap<String, (String, Location)> = HashMap::new();
    for category in &pack.categories {
        let file = category.file;
        let given = category.value.get_ref();
        let name = given.name.get_ref().trim().to_string();
        let before = problems.len();
        names.check(&name, src.of(file, &given.name), problems);
        if given.words.get_ref().is_empty() {
            problems.push(
                src.of(file, &given.words),
                format!("category `{name}` has no words: no message would ask for it"),
            );
        }
        let mut normalized_words = Vec::new();
        for word in given.words.get_ref() {
            let at = src.of(file, word);
            let normalized = normalize(word.get_ref()).text;
            if normalized.is_empty() {
                problems.push(at, format!("category `{name}`: empty word"));
                continue;
            }
            match words.get(&normalized) {
                Some((other, first)) if *other != name => problems.push(
                    at.clone(),
                    format!(
                        "category `{name}`: the word `{}` is also a word of category `{other}` \
                         at {first}; a word must say one category",
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
            out.push(Category {
                name,
                words: normalized_words,
            });
        }
    }
    out
}

/// The names of the pack's categories, those that could not be read
/// included (already reported: an item naming one is not an error too).
pub(super) fn declared(pack: &Pack) -> Vec<&str> {
    (pack.categories.iter())
        .map(|c| c.value.get_ref().name.get_ref().trim())
        .chain(pack.broken_categories.iter().map(String::as_str))
        .collect()
}

/// An item's `categories`, each one of `declared`; and its `good_for`
/// words, normalised.
pub(super) fn of_item(
    item: &InFile<model::Item>,
    pack: &Pack,
    declared: &[&str],
    src: &Sources,
    problems: &mut Problems,
) -> (Vec<String>, Vec<String>) {
    let file = item.file;
    let given = item.value.get_ref();
    let id = given.id.get_ref();
    let mut categories = Vec::new();
    for category in &given.categories {
        let name = category.get_ref().trim();
        // With a file unreadable the category may well be declared there.
        if !pack.incomplete && !declared.contains(&name) {
            problems.push(
                src.of(file, category),
                unknown(
                    &format!("item `{id}`: unknown category"),
                    name,
                    declared.iter().copied(),
                    || {
                        if declared.is_empty() {
                            "no [[category]] is declared".to_string()
                        } else {
                            format!("declared: {}", quoted_list(declared.iter().copied()))
                        }
                    },
                ),
            );
        }
        if !categories.iter().any(|c| c == name) {
            categories.push(name.to_string());
        }
    }
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
    (categories, good_for)
}

#[cfg(test)]
mod tests;
