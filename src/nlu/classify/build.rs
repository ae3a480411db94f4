//! Compiling a pack's rules into a [`Classifier`]: everything that can be
//! decided once per script load is decided here, so that scoring a message
//! only looks things up.
//!
//! Every keyword, exclusion phrase, negation marker, item alias and pattern
//! gate literal is normalised like the messages and put into one table of
//! strings (a string may play several roles), which becomes the one
//! automaton; patterns are compiled with their gates (see `patterns`); keyword
//! sounds go into the sound-alike index (see `pinyin`). Errors name the
//! intent and the rule at fault.

use std::collections::HashMap;
use std::sync::Arc;

use super::patterns::Patterns;
use super::{BuildError, Classifier, Intent, Keyword, Pattern, Role, MAX_KEYWORDS};
use crate::nlu::normalize::normalize;
use crate::nlu::pinyin::{self, SoundIndex, TypedIndex};
use crate::nlu::ranking::Names;
use crate::nlu::scan::Scanner;
use crate::nlu::{IntentRule, ItemAlias, NegationRule, PinyinRule, SOUND_MARK};

/// Collects automaton strings, merging identical normalised strings into one
/// pattern with several roles.
#[derive(Default)]
struct StringTable {
    index: HashMap<String, usize>,
    strings: Vec<String>,
    roles: Vec<Vec<Role>>,
    /// Per string, the gate bits it sets (gathered into one role at the end).
    gate_bits: Vec<Vec<u32>>,
}

impl StringTable {
    fn id(&mut self, text: String) -> usize {
        let next = self.strings.len();
        let id = *self.index.entry(text.clone()).or_insert(next);
        if id == next {
            self.strings.push(text);
            self.roles.push(Vec::new());
            self.gate_bits.push(Vec::new());
        }
        id
    }

    fn add(&mut self, text: String, role: Role) {
        let id = self.id(text);
        self.roles[id].push(role);
    }

    fn add_gate(&mut self, text: String, bit: u32) {
        let id = self.id(text);
        self.gate_bits[id].push(bit);
    }
}

/// What a [`BuildError`] names when no single intent is at fault.
const ALL_INTENTS: &str = "(all intents)";

impl Classifier {
    /// Compiles rules with the default [`PinyinRule`]. Intents are ranked in
    /// the order given when scores tie.
    pub fn build(
        intents: &[IntentRule],
        negation: &NegationRule,
        items: &[ItemAlias],
    ) -> Result<Classifier, BuildError> {
        Self::build_with(intents, negation, &PinyinRule::default(), items)
    }

    /// Compiles rules with an explicit homophone rule.
    pub fn build_with(
        intents: &[IntentRule],
        negation: &NegationRule,
        sound: &PinyinRule,
        items: &[ItemAlias],
    ) -> Result<Classifier, BuildError> {
        // Load conversion tables and compile entity regexes now, not on the first message.
        crate::nlu::normalize::warm_up();
        crate::nlu::entities::warm_up();
        if sound.enabled {
            check_weight(ALL_INTENTS, "pinyin factor", sound.factor)?;
            pinyin::warm_up();
        }
        let mut sounds = Vec::new();
        let mut typed = TypedIndex::default();
        let mut table = StringTable::default();
        let mut keywords = Vec::new();
        let mut patterns = Vec::new();
        let mut pattern_sources = Vec::new();
        let mut compiled_intents = Vec::with_capacity(intents.len());
        let mut names = Names::default();
        for (i, rule) in intents.iter().enumerate() {
            let name = rule.name.as_str();
            if intents[..i].iter().any(|r| r.name == rule.name) {
                return Err(BuildError::new(
                    name,
                    None,
                    "this intent name is defined twice",
                ));
            }
            let intent = names.add_intent(name);
            debug_assert_eq!(intent, i as u32);
            let mut seen = Vec::new();
            for (text, weight) in &rule.keywords {
                check_weight(name, text, *weight)?;
                let norm = normalize(text).text;
                if norm.is_empty() {
                    let reason =
                        "empty keyword (after normalisation); it would match every message";
                    return Err(BuildError::new(name, Some(text), reason));
                }
                // `貴` and `贵` in one intent are one keyword: the first one written counts.
                if seen.contains(&norm) {
                    continue;
                }
                seen.push(norm.clone());
                if keywords.len() == MAX_KEYWORDS {
                    let reason = format!("more than {MAX_KEYWORDS} keywords in one pack");
                    return Err(BuildError::new(name, Some(text), reason));
                }
                let k = keywords.len() as u32;
                if sound.enabled {
                    for encoded in pinyin::encode_keyword(&norm, sound.min_chars)
                        .into_iter()
                        .flatten()
                    {
                        sounds.push((k, norm.clone(), encoded));
                    }
                    typed.add(k, &norm, sound.min_chars);
                }
                let len = norm.len() as u32;
                table.add(norm, Role::Keyword(k));
                // A hit by sound only is explained by the next label.
                let label = names.add_label(text.as_str());
                let sound_label = names.add_label(&format!("{SOUND_MARK}{text}"));
                debug_assert_eq!(sound_label, label + 1);
                keywords.push(Keyword {
                    intent,
                    weight: *weight,
                    len,
                    label,
                });
            }
            for phrase in &rule.exclude {
                let norm = normalize(phrase).text;
                if norm.is_empty() {
                    return Err(BuildError::new(
                        name,
                        Some(phrase),
                        "empty exclusion phrase",
                    ));
                }
                table.add(norm, Role::Exclusion(intent));
            }
            for (source, weight) in &rule.patterns {
                check_weight(name, source, *weight)?;
                refuse_word_boundaries(name, source)?;
                patterns.push(Pattern {
                    intent,
                    weight: *weight,
                    label: names.add_pattern_label(source.as_str()),
                });
                pattern_sources.push(source.as_str());
            }
            compiled_intents.push(Intent {
                negatable: rule.negatable,
            });
        }
        for marker in &negation.markers {
            let norm = normalize(marker).text;
            if !norm.is_empty() {
                table.add(norm, Role::Negation);
            }
        }
        for (i, item) in items.iter().enumerate() {
            for alias in &item.aliases {
                // An empty alias would name the item in every message: ignore it.
                let norm = normalize(alias).text;
                if !norm.is_empty() {
                    table.add(norm, Role::Alias(i as u32));
                }
            }
        }
        let (mut compiled_patterns, gates) =
            Patterns::build(&pattern_sources).map_err(|(i, e)| {
                let intent = names.intent(patterns[i].intent);
                let source = pattern_sources[i];
                BuildError::new(
                    intent,
                    Some(source),
                    format!("invalid regular expression `{source}`: {e}"),
                )
            })?;
        for gate in gates {
            let bit = gate.bit();
            table.add_gate(gate.literal, bit);
        }
        let automaton = build_automaton(&table.strings)?;
        let sound_index = SoundIndex::build(sounds)
            .map_err(|reason| BuildError::new(ALL_INTENTS, None, reason))?;
        let mut role_ranges = Vec::with_capacity(table.roles.len());
        let mut roles = Vec::new();
        for (list, bits) in table.roles.into_iter().zip(table.gate_bits) {
            let start = roles.len() as u32;
            roles.extend(list);
            if !bits.is_empty() {
                roles.push(Role::Gates(compiled_patterns.intern(&bits)));
            }
            role_ranges.push((start, roles.len() as u32));
        }
        let question_markers = negation
            .question_markers
            .iter()
            .map(|m| normalize(m).text)
            .filter(|m| !m.is_empty())
            .collect();
        Ok(Classifier {
            names: Arc::new(names),
            intents: compiled_intents,
            keywords,
            patterns,
            items: items.iter().map(|i| i.item.clone()).collect(),
            automaton,
            role_ranges,
            roles,
            compiled_patterns,
            window: negation.window,
            keep_in_questions: negation.keep_in_questions,
            question_markers,
            // Only single characters can sit in a gap of `window` characters
            // that is checked character by character; longer ones are words
            // that the window would rarely hold anyway.
            scope_ends: negation
                .scope_ends
                .iter()
                .filter_map(|s| {
                    let text = normalize(s).text;
                    let mut chars = text.chars();
                    match (chars.next(), chars.next()) {
                        (Some(c), None) => Some(c),
                        _ => None,
                    }
                })
                .collect(),
            sound: sound_index,
            typed: (!typed.is_empty()).then_some(typed),
            sound_factor: sound.factor,
        })
    }
}

fn check_weight(intent: &str, rule: &str, weight: f32) -> Result<(), BuildError> {
    if weight.is_finite() && weight > 0.0 {
        Ok(())
    } else {
        Err(BuildError::new(
            intent,
            Some(rule),
            format!("weight {weight} must be a positive number"),
        ))
    }
}

/// Refuses `\b`-style assertions, which never match between Chinese
/// characters. Whether the pattern compiles at all is found out once, when
/// `Patterns::build` compiles it.
fn refuse_word_boundaries(intent: &str, source: &str) -> Result<(), BuildError> {
    let mut chars = source.chars();
    while let Some(c) = chars.next() {
        if c == '\\' {
            if let Some(escaped @ ('b' | 'B' | '<' | '>')) = chars.next() {
                let reason = format!(
                    "`\\{escaped}` is a word-boundary assertion, and there is no word boundary \
                     between Chinese characters, so this pattern would silently never match; \
                     remove it (patterns match anywhere in the message)"
                );
                return Err(BuildError::new(intent, Some(source), reason));
            }
        }
    }
    Ok(())
}

fn build_automaton(strings: &[String]) -> Result<Option<Scanner>, BuildError> {
    if strings.is_empty() {
        return Ok(None);
    }
    Scanner::build(strings).map(Some).map_err(|e| {
        BuildError::new(
            ALL_INTENTS,
            None,
            format!("keyword automaton could not be built: {e}"),
        )
    })
}
