//! Checking `[[reply]]` sets and compiling their templates.
//!
//! A reply is what a buyer reads, so every template is parsed at load time:
//! an unknown `{variable}` or a stray brace is reported with its line here
//! instead of reaching a buyer as a broken sentence.

use super::model::{Pack, Reply};
use super::pattern::normalize_pattern;
use super::rules::Rules;
use super::source::{hint, quoted_list, unknown, Problems, Sources};
use super::{Location, Replies, ReplySet, Stage, Template, TemplateError, SITUATIONS};
use serde_spanned::Spanned;
use std::collections::HashMap;

pub fn check(pack: &Pack, src: &Sources, rules: &Rules, problems: &mut Problems) -> Replies {
    let mut sets = Vec::new();
    // (key, stage or None for "every stage") -> where the first such set is
    let mut seen: HashMap<(String, Option<Stage>), Location> = HashMap::new();
    // (key, stage or None, `when` entry) -> the set that claimed it first
    let mut claimed: HashMap<(String, Option<Stage>, String), Location> = HashMap::new();
    for reply in &pack.replies {
        let file = reply.file;
        let given = reply.value.get_ref();
        let key = given.intent.get_ref().clone();
        let at = src.of(file, &reply.value);
        let before = problems.len();

        let known = rules.defines(&key) || SITUATIONS.contains(&key.as_str());
        // With a file unreadable, the intent may well be defined there.
        if !known && !pack.incomplete {
            problems.push(
                src.of(file, &given.intent),
                unknown(
                    "reply for unknown intent or situation",
                    &key,
                    rules.names().chain(SITUATIONS.iter().copied()),
                    || {
                        format!(
                            "no [[intent]] has this name; situations are {}",
                            quoted_list(SITUATIONS.iter().copied())
                        )
                    },
                ),
            );
        }

        let stages_before = problems.len();
        let stages = stages(given, file, src, problems);
        // A set whose stage is misspelt is in no stage yet: calling it a
        // second set for every stage would bury the typo under an echo.
        let stages_read = problems.len() == stages_before;
        let when = when(&key, given, file, src, rules, problems);
        // Sets with `when` are told apart by it: two of them may share a
        // stage, not a keyword there.
        for stage in stage_keys(&stages) {
            for entry in &when {
                let claim = (key.clone(), stage, entry.clone());
                match claimed.get(&claim) {
                    Some(first) => problems.push(
                        at.clone(),
                        format!(
                            "reply `{key}`: `{entry}` is already in the `when` of the set at \
                             {first}{}",
                            stage
                                .map(|s| format!(" in stage `{s}`"))
                                .unwrap_or_default()
                        ),
                    ),
                    None => {
                        claimed.insert(claim, at.clone());
                    }
                }
            }
        }
        // A `when` that could not be checked (its intent is in a file that
        // did not parse) still tells its set apart: calling it a duplicate
        // would bury the one real problem under echoes of it.
        let unique = if !stages_read {
            Vec::new()
        } else if when.is_empty() && given.when.is_empty() {
            stage_keys(&stages)
        } else {
            Vec::new()
        };
        for stage in unique {
            match seen.get(&(key.clone(), stage)) {
                Some(first) => problems.push(
                    at.clone(),
                    match stage {
                        Some(stage) => format!(
                            "a second reply set for `{key}` in stage `{stage}`: the one at \
                             {first} is already used there"
                        ),
                        None => format!(
                            "a second reply set for `{key}` with no stage: the one at {first} \
                             is already used"
                        ),
                    },
                ),
                None => {
                    seen.insert((key.clone(), stage), at.clone());
                }
            }
        }

        if given.texts.get_ref().is_empty() {
            problems.push(
                src.of(file, &given.texts),
                format!("reply `{key}` has no texts: give at least one"),
            );
        }
        let texts = templates(&key, given.texts.get_ref(), file, src, problems);
        let short = templates(&key, &given.short, file, src, problems);
        if problems.len() == before {
            sets.push(ReplySet {
                key,
                stages,
                texts,
                short,
                when,
                // Known by its line where a reply is traced back to it.
                at: at.line_only(),
            });
        }
    }
    Replies::new(sets)
}

/// Situations only one intent's question leads to, with that intent: their
/// sets' `when` names its keywords (`包邮` picks the shipping-fee answer
/// for the buyer's place).
const ASKED_BY: &[(&str, &str)] = &[
    ("shipping_place", "shipping"),
    ("stock_no", "stock"),
    ("handover_change", "order_change"),
    ("handover_change_later", "order_change"),
];

/// A set's `when`: each entry must be a keyword or pattern of the set's
/// intent as written in its rules (what a classification reports as
/// matched), and no two sets of a key in one stage may claim the same one.
fn when(
    key: &str,
    given: &Reply,
    file: usize,
    src: &Sources,
    rules: &Rules,
    problems: &mut Problems,
) -> Vec<String> {
    if given.when.is_empty() {
        return Vec::new();
    }
    // A situation that answers one intent's question goes by that intent's
    // keywords.
    let intent = ASKED_BY
        .iter()
        .find(|(situation, _)| *situation == key)
        .map_or(key, |(_, intent)| *intent);
    let Some(labels) = rules.labels_of(intent) else {
        // A situation has no keywords; a broken intent was reported already
        // (the asking intent of a situation too: `intents.toml` did not load).
        if intent == key && !rules.defines(key) && SITUATIONS.contains(&key) {
            problems.push(
                src.of(file, &given.when[0]),
                format!(
                    "reply `{key}`: `when` is for an intent's replies, and `{key}` is a situation"
                ),
            );
        }
        return Vec::new();
    };
    let mut when = Vec::new();
    for entry in &given.when {
        // A pattern runs normalised, and is named so in what matched.
        let read = normalize_pattern(entry.get_ref()).text;
        let name = if labels.contains(&read.as_str()) {
            &read
        } else {
            entry.get_ref()
        };
        if labels.contains(&name.as_str()) {
            if !when.contains(name) {
                when.push(name.clone());
            }
            continue;
        }
        let close = hint(name, labels.iter().copied());
        problems.push(
            src.of(file, entry),
            format!(
                "reply `{key}`: `when` names `{name}`, which is not a keyword or pattern of \
                 intent `{intent}` (write it as in intents.toml{close})"
            ),
        );
    }
    when
}

/// The stages a set is bound to; empty means every stage.
fn stages(given: &Reply, file: usize, src: &Sources, problems: &mut Problems) -> Vec<Stage> {
    match (&given.stage, &given.stages) {
        (None, None) => Vec::new(),
        (Some(one), None) => parse_stage(one, file, src, problems).into_iter().collect(),
        (None, Some(list)) => {
            if list.get_ref().is_empty() {
                problems.push(
                    src.of(file, list),
                    "empty `stages`: leave it out for a set used in every stage",
                );
            }
            let mut stages = Vec::new();
            for name in list.get_ref() {
                if let Some(stage) = parse_stage(name, file, src, problems) {
                    if !stages.contains(&stage) {
                        stages.push(stage);
                    }
                }
            }
            stages
        }
        (Some(one), Some(_)) => {
            problems.push(
                src.of(file, one),
                "give either `stage` or `stages`, not both",
            );
            Vec::new()
        }
    }
}

fn parse_stage(
    name: &Spanned<String>,
    file: usize,
    src: &Sources,
    problems: &mut Problems,
) -> Option<Stage> {
    let stage = Stage::from_name(name.get_ref());
    if stage.is_none() {
        problems.push(
            src.of(file, name),
            unknown(
                "unknown stage",
                name.get_ref(),
                Stage::ALL.iter().map(|s| s.name()),
                || {
                    format!(
                        "stages are {}",
                        quoted_list(Stage::ALL.iter().map(|s| s.name()))
                    )
                },
            ),
        );
    }
    stage
}

/// The keys under which a set is looked up: each stage, or "any stage".
fn stage_keys(stages: &[Stage]) -> Vec<Option<Stage>> {
    if stages.is_empty() {
        vec![None]
    } else {
        stages.iter().copied().map(Some).collect()
    }
}

fn templates(
    key: &str,
    texts: &[Spanned<String>],
    file: usize,
    src: &Sources,
    problems: &mut Problems,
) -> Vec<Template> {
    let mut out = Vec::new();
    for text in texts {
        match Template::parse_placed(text.get_ref()) {
            Ok(template) => out.push(template),
            Err((TemplateError::Empty, _)) => {
                problems.push(src.of(file, text), format!("empty text in reply `{key}`"))
            }
            Err((e, placed)) => {
                let at = match placed {
                    Some(i) => src.inside(file, text.span(), text.get_ref(), i),
                    None => src.of(file, text),
                };
                problems.push(at, format!("reply `{key}`: {e}"))
            }
        }
    }
    out
}

#[cfg(test)]
mod tests;
