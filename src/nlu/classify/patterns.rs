//! Intent patterns (regular expressions), run only where they can match.
//!
//! Running every pattern of a pack over every message is what made
//! classification slow: one `RegexSet` of ~140 Unicode patterns (`.{0,8}`,
//! `\d`) has so many DFA states that the lazy DFA either thrashes its cache
//! or falls back to the PikeVM, 10-100× slower than the keyword automaton
//! (docs/performance.md). Yet almost every pattern needs some literal text to
//! match at all: `快递.{0,4}(联系|…)` cannot match a message without `快递`.
//!
//! So, once per script load, each pattern gets a *gate*: a set of literals of
//! which every match must contain one, worked out from the parsed pattern
//! (a literal it always contains, the alternatives of a group it always
//! passes through, the strings a run of small groups spells together). The
//! gates go into the
//! classifier's one Aho-Corasick automaton next to the keywords, so the scan
//! that runs anyway says which patterns are worth trying; only those run, each
//! as its own small regex. A pattern without a usable gate (one that can
//! match without any particular literal, like `.{2,}`) runs on every message.

use regex::{Regex, RegexBuilder};
use regex_syntax::hir::{Class, Hir, HirKind};

/// The compiled patterns of a pack, in definition order.
#[derive(Debug)]
pub(super) struct Patterns {
    regexes: Vec<Regex>,
    /// Patterns with no gate: tried on every message.
    ungated: Vec<u32>,
}

/// A literal that lets pattern `pattern` be tried when the scan finds it.
pub(super) struct Gate {
    pub literal: String,
    pub pattern: u32,
}

impl Patterns {
    /// Compiles `sources` (already checked one by one) and returns their gates.
    pub(super) fn build(sources: &[&str]) -> Result<(Patterns, Vec<Gate>), (usize, String)> {
        let mut regexes = Vec::with_capacity(sources.len());
        let mut ungated = Vec::new();
        let mut gates = Vec::new();
        for (i, source) in sources.iter().enumerate() {
            // Messages are lower-cased, so `XL` in a pattern must still find `xl`.
            let regex = RegexBuilder::new(source)
                .case_insensitive(true)
                .build()
                .map_err(|e| (i, e.to_string()))?;
            regexes.push(regex);
            match gate_literals(source) {
                Some(literals) => gates.extend(literals.into_iter().map(|literal| Gate {
                    literal,
                    pattern: i as u32,
                })),
                None => ungated.push(i as u32),
            }
        }
        Ok((Patterns { regexes, ungated }, gates))
    }

    #[cfg(test)]
    pub(super) fn ungated_indices(&self) -> impl Iterator<Item = usize> + '_ {
        self.ungated.iter().map(|&p| p as usize)
    }

    /// Leaves in `candidates` (pattern indices whose gate the scan found, in
    /// any order, with repeats) exactly the patterns that match `text`, in
    /// definition order.
    pub(super) fn retain_matching(&self, text: &str, candidates: &mut Vec<u32>) {
        candidates.extend_from_slice(&self.ungated);
        candidates.sort_unstable();
        candidates.dedup();
        candidates.retain(|&p| self.regexes[p as usize].is_match(text));
    }
}

/// At most this many gate literals per pattern, and strings in an exact set.
const MAX_LITERALS: usize = 1024;
/// A class this small is spelled out as its characters in an exact set (and
/// crossed with its neighbours); `[一二三]` yes, `\d` (hundreds of digits) no.
const MAX_EXACT_CLASS: usize = 16;

/// Literals of which every match of `source` contains one, or `None` when
/// there is no such set. Among the sets that can be proved, the one whose
/// shortest literal is longest wins (fewer false alarms), then the smaller.
fn gate_literals(source: &str) -> Option<Vec<String>> {
    let hir = regex_syntax::ParserBuilder::new()
        .case_insensitive(true)
        .build()
        .parse(source)
        .ok()?;
    let mut set = necessary(&hir)?;
    set.sort();
    set.dedup();
    Some(set)
}

/// Whether a pattern has a gate, i.e. runs only on messages holding one of
/// its literals; `false` for a pattern that would run on every message (or
/// does not parse).
pub fn has_gate(source: &str) -> bool {
    gate_literals(source).is_some()
}

/// Ranks a candidate gate: longer shortest literal, then fewer literals.
fn quality(set: &[String]) -> (usize, usize) {
    let shortest = set.iter().map(|l| l.chars().count()).min().unwrap_or(0);
    (shortest, usize::MAX - set.len())
}

fn better(best: Option<Vec<String>>, candidate: Option<Vec<String>>) -> Option<Vec<String>> {
    match (best, candidate) {
        (Some(b), Some(c)) => Some(if quality(&c) > quality(&b) { c } else { b }),
        (b, c) => b.or(c),
    }
}

/// A set of non-empty literals of which every match of `hir` contains one.
fn necessary(hir: &Hir) -> Option<Vec<String>> {
    let set = match hir.kind() {
        HirKind::Empty | HirKind::Look(_) => None,
        HirKind::Literal(_) => exact(hir),
        HirKind::Class(class) => class_chars(class, MAX_LITERALS),
        HirKind::Capture(capture) => necessary(&capture.sub),
        HirKind::Repetition(rep) if rep.min >= 1 => necessary(&rep.sub),
        HirKind::Repetition(_) => None,
        HirKind::Alternation(branches) => {
            let mut union = Vec::new();
            for branch in branches {
                union.extend(necessary(branch)?);
                if union.len() > MAX_LITERALS {
                    return None;
                }
            }
            Some(union)
        }
        HirKind::Concat(parts) => {
            // Any one part's necessary set will do; so will the strings that a
            // run of consecutive parts with small exact languages spells
            // together (`(已经|刚)(付|拍)` → 已经付, 已经拍, 刚付, 刚拍).
            let mut best = None;
            let mut run: Option<Vec<String>> = None;
            for part in parts {
                best = better(best, necessary(part));
                run = match (run, exact(part)) {
                    (Some(r), Some(e)) => cross(&r, &e),
                    (None, e) => e,
                    (Some(r), None) => {
                        best = better(best, non_empty(r));
                        None
                    }
                };
            }
            better(best, run.and_then(non_empty))
        }
    };
    set.and_then(non_empty)
}

/// Every string `hir` can match, when that is a small finite set.
fn exact(hir: &Hir) -> Option<Vec<String>> {
    match hir.kind() {
        HirKind::Empty | HirKind::Look(_) => Some(vec![String::new()]),
        HirKind::Literal(lit) => Some(vec![std::str::from_utf8(&lit.0).ok()?.to_string()]),
        HirKind::Class(class) => class_chars(class, MAX_EXACT_CLASS),
        HirKind::Capture(capture) => exact(&capture.sub),
        HirKind::Repetition(rep) => {
            let max = rep.max.filter(|&m| m <= 4)?;
            let sub = exact(&rep.sub)?;
            let mut all = Vec::new();
            let mut power = vec![String::new()];
            for n in 0..=max {
                if n >= rep.min {
                    all.extend(power.iter().cloned());
                }
                if n < max {
                    power = cross(&power, &sub)?;
                }
            }
            (all.len() <= MAX_LITERALS).then_some(all)
        }
        HirKind::Concat(parts) => parts
            .iter()
            .try_fold(vec![String::new()], |acc, part| cross(&acc, &exact(part)?)),
        HirKind::Alternation(branches) => {
            let mut union = Vec::new();
            for branch in branches {
                union.extend(exact(branch)?);
            }
            (union.len() <= MAX_LITERALS).then_some(union)
        }
    }
}

fn cross(left: &[String], right: &[String]) -> Option<Vec<String>> {
    if left.len().saturating_mul(right.len()) > MAX_LITERALS {
        return None;
    }
    Some(
        left.iter()
            .flat_map(|l| right.iter().map(move |r| format!("{l}{r}")))
            .collect(),
    )
}

/// A set with an empty string in it proves nothing.
fn non_empty(set: Vec<String>) -> Option<Vec<String>> {
    (!set.is_empty() && set.iter().all(|s| !s.is_empty())).then_some(set)
}

fn class_chars(class: &Class, limit: usize) -> Option<Vec<String>> {
    let Class::Unicode(class) = class else {
        return None;
    };
    let mut out = Vec::new();
    for range in class.ranges() {
        for c in range.start()..=range.end() {
            out.push(c.to_string());
            if out.len() > limit {
                return None;
            }
        }
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn gates_are_literals_every_match_contains() {
        assert_eq!(
            gate_literals("快递.{0,4}(联系|怎么样了)"),
            Some(vec!["快递".to_string()])
        );
        // No prefix (any character may start it), but the suffix is certain.
        let g = gate_literals("(^|[^\\d.])([89]\\d|1\\d\\d)(斤|公斤)").unwrap();
        assert!(g.iter().all(|l| l.ends_with('斤')), "{g:?}");
        // Case-insensitive: messages are lower-cased, the gate must be too.
        let g = gate_literals("XL还是L").unwrap();
        assert!(g.iter().any(|l| l == "xl还是l"), "{g:?}");
        // A run of small groups spells its strings together.
        assert_eq!(
            gate_literals("(已经|刚)(付|拍).{0,3}"),
            Some(
                ["刚付", "刚拍", "已经付", "已经拍"]
                    .map(String::from)
                    .to_vec()
            )
        );
        // Nothing but classes: the digits themselves are the gate.
        let g = gate_literals("(^|[^\\d])\\d{12}([^\\d]|$)").unwrap();
        assert!(g.contains(&"7".to_string()) && g.iter().all(|l| l.chars().count() == 1));
        assert_eq!(
            gate_literals("(\\d+|[一二两三四五六七八九十])(份|包)\\d+"),
            Some(vec!["份".to_string(), "包".to_string()])
        );
    }

    #[test]
    fn patterns_that_need_no_literal_are_ungated() {
        assert_eq!(gate_literals(".{2,}"), None);
        assert_eq!(gate_literals("(好)?"), None);
        let (patterns, gates) = Patterns::build(&["快递.{0,4}到", ".{3}"]).unwrap();
        assert_eq!(patterns.ungated_indices().count(), 1);
        assert!(gates.iter().all(|g| g.pattern == 0));
    }

    #[test]
    fn only_matching_candidates_are_kept_in_order() {
        let (patterns, _) = Patterns::build(&["快递.{0,4}到", "发货", "^.{0,2}$"]).unwrap();
        let mut candidates = vec![1, 0, 1];
        patterns.retain_matching("快递还没到吗,发货了吗", &mut candidates);
        assert_eq!(candidates, vec![0, 1]);
        let mut none = Vec::new();
        patterns.retain_matching("好", &mut none);
        assert_eq!(none, vec![2], "the ungated pattern runs without candidates");
    }
}
