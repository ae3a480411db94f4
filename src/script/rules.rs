//! Checking `[[intent]]` and `[negation]` and turning them into matcher rules.
//!
//! Every mistake that would make a rule silently misbehave is an error here:
//! an empty keyword (matches everything), a keyword two intents claim with
//! the same weight (which one wins would be an accident of file order), a
//! regex with `\b` (never matches between Chinese characters), a weight that
//! is not a positive number. The matcher itself never sees a broken rule.

use super::model::{InFile, Intent, Pack};
use super::pattern::normalize_pattern;
use super::source::{check_weight, Problems, Sources};
use super::{Location, SITUATIONS};
use crate::nlu::{normalize, BuildError, IntentRule, NegationRule};
use std::collections::HashMap;

/// Intents and negation, ready for `Classifier::build`, plus where each
/// came from so that the matcher's complaints can be placed.
#[derive(Debug, Default)]
pub struct Rules {
    /// Valid intents, in file order.
    pub intents: Vec<IntentRule>,
    pub negation: NegationRule,
    /// Every intent name the files define, including broken ones, so that
    /// replies to them are not reported a second time as unknown.
    pub names: Vec<String>,
    intent_at: HashMap<String, Location>,
    /// Where each valid intent's `[[intent]]` table starts.
    table_at: HashMap<String, Location>,
    rule_at: HashMap<(String, String), Location>,
}

impl Rules {
    pub fn defines(&self, name: &str) -> bool {
        self.names.iter().any(|n| n == name)
    }

    /// The keywords and patterns of intent `name`, as written, if it is a
    /// valid intent.
    pub fn labels_of(&self, name: &str) -> Option<Vec<&str>> {
        let rule = self.intents.iter().find(|i| i.name == name)?;
        let keywords = rule.keywords.iter().map(|(k, _)| k.as_str());
        let patterns = rule.patterns.iter().map(|(p, _)| p.as_str());
        Some(keywords.chain(patterns).collect())
    }

    /// The line of intent `name`'s `[[intent]]`, if it is a valid intent.
    pub fn table_of(&self, name: &str) -> Option<&Location> {
        self.table_at.get(name)
    }

    /// The intents' names, in definition order.
    pub fn names(&self) -> impl Iterator<Item = &str> {
        self.names.iter().map(String::as_str)
    }

    /// Where each keyword and pattern is written, for the compiled pack: by
    /// line, as `kefu eval` and the chat sandbox name them.
    pub fn lines(&self) -> RuleLines {
        let lines = self.rule_at.iter();
        RuleLines(
            lines
                .map(|(k, at)| (k.clone(), at.clone().line_only()))
                .collect(),
        )
    }

    /// Where the matcher's complaint belongs: the rule's line, else the
    /// intent's, else the pack as a whole.
    pub fn locate(&self, e: &BuildError, src: &Sources) -> Location {
        e.rule
            .as_ref()
            .and_then(|rule| self.rule_at.get(&(e.intent.clone(), rule.clone())))
            .or_else(|| self.intent_at.get(&e.intent))
            .cloned()
            .unwrap_or_else(|| src.whole())
    }
}

/// Where each intent's keywords and patterns are written, kept with the
/// compiled pack: an explanation of what matched (`kefu eval --misses`)
/// then leads to the line to edit, as the `kefu check` errors do.
#[derive(Debug, Clone, Default)]
pub struct RuleLines(HashMap<(String, String), Location>);

impl RuleLines {
    /// Where `label` of `intent` is written: a keyword or pattern as the
    /// classifier names what fired, `≈` first for a keyword matched by
    /// sound (see [`crate::nlu::IntentScore::matched`]).
    pub fn of(&self, intent: &str, label: &str) -> Option<&Location> {
        let label = label.trim_start_matches(crate::nlu::SOUND_MARK);
        self.0.get(&(intent.to_string(), label.to_string()))
    }
}

/// Who claimed a keyword first, for the ambiguity check.
struct Claim {
    intent: String,
    weight: f32,
    at: Location,
}

pub fn check(pack: &Pack, src: &Sources, problems: &mut Problems) -> Rules {
    let mut rules = Rules {
        negation: negation(pack, src, problems),
        names: pack.broken_intents.clone(),
        ..Rules::default()
    };
    let mut claims: HashMap<String, Vec<Claim>> = HashMap::new();
    for intent in &pack.intents {
        let name = intent.value.get_ref().name.get_ref();
        let at = src.of(intent.file, &intent.value.get_ref().name);
        if let Some(first) = rules.intent_at.get(name) {
            problems.push(
                at.clone(),
                format!("duplicate intent `{name}`: it is also defined at {first}"),
            );
            continue;
        }
        rules.names.push(name.clone());
        rules.intent_at.insert(name.clone(), at.clone());
        if let Some(rule) = intent_rule(intent, src, problems, &mut claims, &mut rules.rule_at) {
            (rules.table_at).insert(name.clone(), src.of(intent.file, &intent.value));
            rules.intents.push(rule);
        }
    }
    rules
}

/// The `[negation]` rule: defaults for whatever is not given.
fn negation(pack: &Pack, src: &Sources, problems: &mut Problems) -> NegationRule {
    let mut rule = NegationRule::default();
    let Some(first) = pack.negation.first() else {
        return rule;
    };
    let first_at = src.of(first.file, &first.value);
    for extra in &pack.negation[1..] {
        problems.push(
            src.of(extra.file, &extra.value),
            format!("[negation] is given twice: the first is at {first_at}"),
        );
    }
    let given = first.value.get_ref();
    let mut markers = |list: &Option<Vec<serde_spanned::Spanned<String>>>, what: &str| {
        list.as_ref().map(|list| {
            list.iter()
                .filter_map(|m| {
                    if m.get_ref().trim().is_empty() {
                        problems.push(src.of(first.file, m), format!("empty {what}"));
                        None
                    } else {
                        Some(m.get_ref().clone())
                    }
                })
                .collect::<Vec<_>>()
        })
    };
    if let Some(list) = markers(&given.markers, "negation marker") {
        rule.markers = list;
    }
    if let Some(list) = markers(&given.question_markers, "question marker") {
        rule.question_markers = list;
    }
    if let Some(window) = given.window {
        rule.window = window;
    }
    if let Some(keep) = given.keep_in_questions {
        rule.keep_in_questions = keep;
    }
    rule
}

/// Checks one intent; `None` when it has a problem (already reported).
fn intent_rule(
    intent: &InFile<Intent>,
    src: &Sources,
    problems: &mut Problems,
    claims: &mut HashMap<String, Vec<Claim>>,
    rule_at: &mut HashMap<(String, String), Location>,
) -> Option<IntentRule> {
    let file = intent.file;
    let given = intent.value.get_ref();
    let name = given.name.get_ref().clone();
    let before = problems.len();
    let mut report = |at: Location, message: String| problems.push(at, message);

    if name.is_empty() || !name.chars().all(|c| c.is_ascii_lowercase() || c == '_') {
        report(
            src.of(file, &given.name),
            format!("intent name `{name}` must use only a-z and `_`"),
        );
    } else if SITUATIONS.contains(&name.as_str()) || name == "other" {
        report(
            src.of(file, &given.name),
            format!("`{name}` is reserved (a situation or the no-intent result); name the intent differently"),
        );
    }

    let default_weight = match &given.weight {
        None => 1.0,
        Some(w) => check_weight(*w.get_ref()).unwrap_or_else(|reason| {
            report(src.of(file, w), reason);
            1.0
        }),
    };
    let weight_of =
        |given: Option<f64>, at: &Location, report: &mut dyn FnMut(Location, String)| match given {
            None => default_weight,
            Some(w) => check_weight(w).unwrap_or_else(|reason| {
                report(at.clone(), reason);
                default_weight
            }),
        };

    let mut keywords: Vec<(String, f32)> = Vec::new();
    // normalised keyword -> (weight, where) within this intent
    let mut own: HashMap<String, (f32, Location)> = HashMap::new();
    for kw in &given.keywords {
        let at = src.of(file, kw);
        let text = kw.get_ref().text.clone();
        let weight = weight_of(kw.get_ref().weight, &at, &mut report);
        // Messages are matched after normalisation, and so are keywords:
        // `貴` and `贵` are the same keyword, `[微笑]` is no keyword at all.
        let norm = normalize(&text).text;
        let shown = if norm == text {
            format!("`{text}`")
        } else {
            format!("`{text}` (read as `{norm}`)")
        };
        if norm.is_empty() {
            let message = if text.trim().is_empty() {
                format!("empty keyword in intent `{name}`")
            } else {
                format!(
                    "keyword `{text}` in intent `{name}` is empty once normalised (messages \
                     lose spaces and emoticon codes before matching)"
                )
            };
            report(at, message);
            continue;
        }
        if let Some((first_weight, first)) = own.get(&norm) {
            // The same keyword twice counts once; with two weights, which
            // one counts would be an accident.
            if *first_weight != weight {
                report(
                    at,
                    format!(
                        "keyword {shown} is listed twice in intent `{name}` with different \
                         weights (also at {first})"
                    ),
                );
            }
            continue;
        }
        let claimants = claims.entry(norm.clone()).or_default();
        if let Some(other) = claimants
            .iter()
            .find(|c| c.intent != name && c.weight == weight)
        {
            report(
                at.clone(),
                format!(
                    "keyword {shown} is claimed by intent `{}` ({}) and intent `{name}` with the \
                     same weight {weight}: keep it in one of them or give them different weights",
                    other.intent, other.at
                ),
            );
        }
        claimants.push(Claim {
            intent: name.clone(),
            weight,
            at: at.clone(),
        });
        rule_at.insert((name.clone(), text.clone()), at.clone());
        own.insert(norm, (weight, at));
        keywords.push((text, weight));
    }

    let mut patterns = Vec::new();
    for pattern in &given.patterns {
        let at = src.of(file, pattern);
        // Run on normalised messages, as keywords are: `会员（卡|积分）` as
        // `会员(卡|积分)` (lint says so), `積分` as `积分`.
        let re = normalize_pattern(&pattern.get_ref().re).text;
        let weight = weight_of(pattern.get_ref().weight, &at, &mut report);
        if re.is_empty() {
            report(at, format!("empty pattern in intent `{name}`"));
            continue;
        }
        if let Some(b) = word_boundary(&re) {
            let written = &pattern.get_ref().re;
            let at = match as_written(written, &re, b) {
                Some(offset) => src.inside(file, pattern.span(), written, offset),
                None => at,
            };
            report(
                at,
                format!(
                    "pattern `{re}` uses \\b: there is no word boundary between Chinese \
                     characters, so it would never match; remove it"
                ),
            );
            continue;
        }
        if let Err(e) = regex::Regex::new(&re) {
            // Named as written: the supervisor looks for it in the file.
            let written = &pattern.get_ref().re;
            let read = if *written == re {
                String::new()
            } else {
                format!(" (read as `{re}`)")
            };
            // At the character the regex parser stopped at, where the file
            // lets it be found (see `Sources::inside`).
            let at = match regex_error_offset(&re).and_then(|i| as_written(written, &re, i)) {
                Some(offset) => src.inside(file, pattern.span(), written, offset),
                None => at,
            };
            report(
                at,
                format!("invalid regex `{written}`{read}: {}", regex_reason(&e)),
            );
            continue;
        }
        rule_at.insert((name.clone(), re.clone()), at);
        patterns.push((re, weight));
    }

    let mut exclude = Vec::new();
    for phrase in &given.exclude {
        if normalize(phrase.get_ref()).text.is_empty() {
            report(
                src.of(file, phrase),
                format!("empty exclude phrase in intent `{name}`"),
            );
            continue;
        }
        rule_at.insert(
            (name.clone(), phrase.get_ref().clone()),
            src.of(file, phrase),
        );
        exclude.push(phrase.get_ref().clone());
    }

    if given.keywords.is_empty() && given.patterns.is_empty() {
        report(
            src.of(file, &given.name),
            format!("intent `{name}` has no keywords and no patterns, so it can never match"),
        );
    }

    (problems.len() == before).then(|| IntentRule {
        name,
        keywords,
        patterns,
        exclude,
        negatable: given.negatable.unwrap_or(true),
    })
}

/// Where a regex uses `\b` (or `\b{…}`), by byte; an escaped backslash
/// followed by `b` (`\\b`) is a literal and fine.
fn word_boundary(re: &str) -> Option<usize> {
    let mut chars = re.char_indices();
    while let Some((i, c)) = chars.next() {
        if c == '\\' && chars.next().map(|(_, c)| c) == Some('b') {
            return Some(i);
        }
    }
    None
}

/// The byte of `re` where the regex parser reports its error (the `(` of an
/// unclosed group, the repetition with nothing to repeat), if it does.
fn regex_error_offset(re: &str) -> Option<usize> {
    match regex_syntax::Parser::new().parse(re) {
        Err(regex_syntax::Error::Parse(e)) => Some(e.span().start.offset),
        Err(regex_syntax::Error::Translate(e)) => Some(e.span().start.offset),
        _ => None,
    }
}

/// Byte `offset` of the pattern as read (`read`, normalised) in the pattern
/// as `written`. The same when nothing changed; by character when
/// normalising changed characters one for one (`（` for `(`, `積` for
/// `积`); otherwise (`？` read as `\?`) positions do not carry over.
fn as_written(written: &str, read: &str, offset: usize) -> Option<usize> {
    if written == read {
        return Some(offset);
    }
    if written.chars().count() != read.chars().count() {
        return None;
    }
    let nth = read.get(..offset)?.chars().count();
    written
        .char_indices()
        .map(|(i, _)| i)
        .chain(std::iter::once(written.len()))
        .nth(nth)
}

/// The one-line reason of a regex error (its display draws the pattern
/// with a caret over several lines, which does not fit `file:line: reason`).
fn regex_reason(e: &regex::Error) -> String {
    let full = e.to_string();
    full.lines()
        .find_map(|line| line.trim().strip_prefix("error: "))
        .map(str::to_string)
        .unwrap_or_else(|| full.split_whitespace().collect::<Vec<_>>().join(" "))
}

#[cfg(test)]
mod tests;
