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
//!
//! One gate alone still let six patterns in seven run for nothing on the dev
//! set: `买.{1,2}送.{1,2}` ran on every message with `买`. So a pattern gets
//! up to [`MAX_SETS`] gates, one per part of its top-level sequence that has
//! one (`买` and `送`; `(这|那)…有…(吗|么|嘛)` has three), and runs only
//! when every one of them was found. Each gate is necessary on its own, so
//! requiring all of them still never skips a pattern that would match.

// Each pattern is a `regex_automata` meta regex rather than a `regex::Regex`
// (the same engine underneath) so that two of its choices can be made here:
// no prefilter, since a gated pattern only ever runs on a message of a few
// dozen bytes that is known to hold its literals, where a literal search
// first (Teddy, Rabin-Karp) was a fifth of the regex time; and no capture
// groups, since only `is_match` is asked. `regex::RegexBuilder` still
// compiles a pattern that fails, for its error message.
use regex::RegexBuilder;
use regex_automata::meta::Regex;
use regex_automata::nfa::thompson::WhichCaptures;
use regex_automata::util::syntax;
use regex_syntax::hir::{Class, Hir, HirKind};

/// The compiled patterns of a pack, in definition order.
///
/// Gates are bits: bit `4p + g` stands for gate `g` of pattern `p`, so one
/// `u64` word covers 16 patterns. A literal found by the scan sets the bits
/// of every gate it belongs to (a handful of precomputed words, see
/// [`GateBits`]); afterwards a pattern is worth running when all its
/// `required` bits are set. Per message this costs a few word operations per
/// literal found and one pass over the words, whatever the number of
/// occurrences. (Collecting one entry per pattern per occurrence and sorting
/// them cost more than the regexes it saved: a one-character gate like `吗`
/// belongs to a dozen patterns and turns up several times in a message.)
#[derive(Debug)]
pub(super) struct Patterns {
    regexes: Vec<Regex>,
    /// The bits of every gate of every pattern; an ungated pattern has none.
    required: Vec<u64>,
    /// Bit `4p` set for every ungated pattern `p`: it runs on every message.
    ungated: Vec<u64>,
    /// Bit `4p` set for every pattern `p` with gates (worked out once from
    /// `required`, not per message).
    gated: Vec<u64>,
    /// The words a literal sets, for all literals: see [`GateBits`].
    words: Vec<(u32, u64)>,
}

/// At most this many gates per pattern (the best ones): a pattern's gates
/// fill four bits.
pub(super) const MAX_SETS: usize = 4;

/// A literal of gate `set` of pattern `pattern`: finding it satisfies that gate.
pub(super) struct Gate {
    pub literal: String,
    pub pattern: u32,
    pub set: u8,
}

impl Gate {
    /// The gate's bit (see [`Patterns`]).
    pub(super) fn bit(&self) -> u32 {
        self.pattern * 4 + u32::from(self.set)
    }
}

/// What finding one literal sets: `Patterns::words[from..to]`.
#[derive(Debug, Clone, Copy)]
pub(super) struct GateBits {
    from: u32,
    to: u32,
}

impl Patterns {
    /// Compiles `sources` (already checked one by one) and returns their gates.
    pub(super) fn build(sources: &[&str]) -> Result<(Patterns, Vec<Gate>), (usize, String)> {
        let word_count = sources.len().div_ceil(16);
        let mut patterns = Patterns {
            regexes: Vec::with_capacity(sources.len()),
            required: vec![0; word_count],
            ungated: vec![0; word_count],
            gated: vec![0; word_count],
            words: Vec::new(),
        };
        let mut gates = Vec::new();
        for (i, source) in sources.iter().enumerate() {
            // Messages are lower-cased, so `XL` in a pattern must still find `xl`.
            let regex = Regex::builder()
                .syntax(syntax::Config::new().case_insensitive(true))
                .configure(
                    Regex::config()
                        .auto_prefilter(false)
                        .which_captures(WhichCaptures::None),
                )
                .build(source)
                .map_err(|e| {
                    let nice = RegexBuilder::new(source)
                        .case_insensitive(true)
                        .build()
                        .err()
                        .map_or_else(|| e.to_string(), |e| e.to_string());
                    (i, nice)
                })?;
            patterns.regexes.push(regex);
            let sets = gate_sets(source);
            if sets.is_empty() {
                patterns.ungated[i / 16] |= 1 << (4 * (i % 16));
            }
            for (set, literals) in sets.into_iter().enumerate() {
                let gate = Gate {
                    literal: String::new(),
                    pattern: i as u32,
                    set: set as u8,
                };
                let bit = gate.bit();
                patterns.required[bit as usize / 64] |= 1 << (bit % 64);
                patterns.gated[i / 16] |= 1 << (4 * (i % 16));
                gates.extend(literals.into_iter().map(|literal| Gate { literal, ..gate }));
            }
        }
        Ok((patterns, gates))
    }

    /// Records, once per literal, the gate bits it sets (given as
    /// [`Gate::bit`]s), for [`Found::add`].
    pub(super) fn intern(&mut self, bits: &[u32]) -> GateBits {
        let from = self.words.len() as u32;
        let mut sorted = bits.to_vec();
        sorted.sort_unstable();
        for bit in sorted {
            let (word, mask) = (bit / 64, 1u64 << (bit % 64));
            let own = self.words.len() as u32 > from;
            match self.words.last_mut() {
                Some((w, m)) if own && *w == word => *m |= mask,
                _ => self.words.push((word, mask)),
            }
        }
        GateBits {
            from,
            to: self.words.len() as u32,
        }
    }

    #[cfg(test)]
    pub(super) fn ungated_indices(&self) -> impl Iterator<Item = usize> + '_ {
        (0..self.regexes.len()).filter(|&p| self.ungated[p / 16] & (1 << (4 * (p % 16))) != 0)
    }

    /// Pushes onto `matching` the patterns that match `text`, in definition
    /// order, given the gates the scan `found`.
    pub(super) fn matching(&self, text: &str, found: &Found, matching: &mut Vec<u32>) {
        self.runnable(found, |p| {
            if self.matches(p, text) {
                matching.push(p);
            }
        });
    }

    /// Whether pattern `p` matches `text`.
    pub(super) fn matches(&self, p: u32, text: &str) -> bool {
        self.regexes[p as usize].is_match(text)
    }

    /// Calls `run` with each pattern worth running, in definition order: the
    /// ungated ones and those whose gates were all found.
    pub(super) fn runnable(&self, found: &Found, mut run: impl FnMut(u32)) {
        const LOW_BITS: u64 = 0x1111_1111_1111_1111;
        let words = self.required.iter().zip(&self.ungated).zip(&self.gated);
        for (w, ((&required, &ungated), &gated)) in words.enumerate() {
            let got = found.words.get(w).copied().unwrap_or(0);
            let missing = required & !got;
            // Bit 4p for every pattern with a gate not found, whole words at
            // a time, so that the loop below visits only the patterns that
            // run. (Visiting every pattern with some gate found, then testing
            // its other gates, was a third of the cost of the patterns:
            // one-character gates like `吗` or `的` are in most messages.)
            let incomplete = (missing | missing >> 1 | missing >> 2 | missing >> 3) & LOW_BITS;
            let mut ready = (gated & !incomplete) | ungated;
            while ready != 0 {
                run(w as u32 * 16 + ready.trailing_zeros() / 4);
                ready &= ready - 1;
            }
        }
    }
}

/// The gate bits one message's scan found (see [`Patterns`]).
#[derive(Debug, Default)]
pub(super) struct Found {
    words: Vec<u64>,
}

impl Found {
    /// Empties it, for a message of a pack with these patterns.
    pub(super) fn reset(&mut self, patterns: &Patterns) {
        self.words.clear();
        self.words.resize(patterns.required.len(), 0);
    }

    /// Records that the scan found a literal that sets `bits`.
    #[inline]
    pub(super) fn add(&mut self, patterns: &Patterns, bits: GateBits) {
        for &(word, mask) in &patterns.words[bits.from as usize..bits.to as usize] {
            if let Some(w) = self.words.get_mut(word as usize) {
                *w |= mask;
            }
        }
    }
}

/// At most this many gate literals per pattern, and strings in an exact set.
const MAX_LITERALS: usize = 1024;
/// A class this small is spelled out as its characters in an exact set (and
/// crossed with its neighbours); `[一二三]` yes, `\d` (hundreds of digits) no.
const MAX_EXACT_CLASS: usize = 16;

/// `source` parsed as the messages are matched: case-insensitively, since
/// messages are lower-cased. `None` if it does not parse.
fn parse(source: &str) -> Option<Hir> {
    regex_syntax::ParserBuilder::new()
        .case_insensitive(true)
        .build()
        .parse(source)
        .ok()
}

/// Literals of which every match of `source` contains one, or `None` when
/// there is no such set. Among the sets that can be proved, the one whose
/// shortest literal is longest wins (fewer false alarms), then the smaller.
fn gate_literals(source: &str) -> Option<Vec<String>> {
    let mut set = necessary(&parse(source)?)?;
    set.sort();
    set.dedup();
    Some(set)
}

/// Up to [`MAX_SETS`] gates of `source`, best first: the best set for the
/// whole pattern, then those of the parts of its top-level sequence. Every
/// match contains a literal of each. Empty when there is none.
fn gate_sets(source: &str) -> Vec<Vec<String>> {
    let Some(hir) = parse(source) else {
        return Vec::new();
    };
    let mut top = &hir;
    while let HirKind::Capture(capture) = top.kind() {
        top = &capture.sub;
    }
    let parts = match top.kind() {
        HirKind::Concat(parts) => parts.as_slice(),
        _ => &[],
    };
    let mut sets: Vec<Vec<String>> = Vec::new();
    for candidate in std::iter::once(necessary(&hir)).chain(parts.iter().map(necessary)) {
        let Some(mut set) = candidate else { continue };
        set.sort();
        set.dedup();
        // A set holding all of another's literals is implied by it.
        if sets.iter().any(|s| s.iter().all(|l| set.contains(l))) {
            continue;
        }
        sets.retain(|s| !set.iter().all(|l| s.contains(l)));
        sets.push(set);
    }
    sets.sort_by_key(|s| std::cmp::Reverse(quality(s)));
    sets.truncate(MAX_SETS);
    sets
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
        let sources = ["快递.{0,4}到", "发货", "^.{0,2}$", "买.{1,2}送"];
        let (mut patterns, gates) = Patterns::build(&sources).unwrap();
        let scan = scanner(&mut patterns, &gates);
        let matching = |text: &str| {
            let mut out = Vec::new();
            patterns.matching(text, &scan(&patterns, text), &mut out);
            out
        };
        assert_eq!(matching("快递还没到吗,发货了吗"), vec![0, 1]);
        assert_eq!(
            matching("好"),
            vec![2],
            "the ungated pattern runs without gates"
        );
        assert_eq!(matching("买一送一"), vec![3]);
    }

    /// What the classifier's scan does, by hand: one interned set of bits per
    /// distinct literal, added once for every occurrence found in a text.
    fn scanner(patterns: &mut Patterns, gates: &[Gate]) -> impl Fn(&Patterns, &str) -> Found {
        let mut literals: Vec<(String, Vec<u32>)> = Vec::new();
        for g in gates {
            match literals.iter_mut().find(|(l, _)| *l == g.literal) {
                Some((_, bits)) => bits.push(g.bit()),
                None => literals.push((g.literal.clone(), vec![g.bit()])),
            }
        }
        let interned: Vec<(String, GateBits)> = literals
            .into_iter()
            .map(|(l, bits)| (l, patterns.intern(&bits)))
            .collect();
        move |patterns: &Patterns, text: &str| {
            let mut found = Found::default();
            found.reset(patterns);
            for (literal, bits) in &interned {
                for _ in text.matches(literal.as_str()) {
                    found.add(patterns, *bits);
                }
            }
            found
        }
    }

    #[test]
    fn a_pattern_runs_only_when_all_its_gates_were_found() {
        assert_eq!(
            gate_sets("买.{1,2}送.{1,2}"),
            vec![vec!["买".to_string()], vec!["送".to_string()]]
        );
        // The set of the whole (`这款`, `这个`, …) and each part's set.
        let sets = gate_sets("(这|那)(款|个)?.{0,6}有(没有)?.{1,4}(吗|么)");
        assert!(sets.contains(&vec!["有".to_string()]), "{sets:?}");
        assert!(
            sets.contains(&vec!["么".to_string(), "吗".to_string()]),
            "{sets:?}"
        );
        assert!(sets.len() <= MAX_SETS);
        // A set that another one implies is dropped: `快递` alone is enough.
        assert_eq!(gate_sets("快递"), vec![vec!["快递".to_string()]]);

        let (mut patterns, gates) = Patterns::build(&["买.{1,2}送"]).unwrap();
        let scan = scanner(&mut patterns, &gates);
        let runs = |text: &str| {
            let mut ran = Vec::new();
            patterns.runnable(&scan(&patterns, text), |p| ran.push(p));
            ran
        };
        assert_eq!(
            runs("买"),
            Vec::<u32>::new(),
            "one gate of two is not enough"
        );
        assert_eq!(runs("送送"), Vec::<u32>::new());
        assert_eq!(
            runs("送买"),
            vec![0],
            "found in any order, the pattern runs"
        );
    }

    #[test]
    fn gate_bits_reach_patterns_beyond_the_first_word() {
        // 40 patterns: three words of bits. Each needs its own two literals.
        let sources: Vec<String> = (0..40).map(|i| format!("甲{i}号.{{0,2}}乙{i}号")).collect();
        let refs: Vec<&str> = sources.iter().map(String::as_str).collect();
        let (mut patterns, gates) = Patterns::build(&refs).unwrap();
        let scan = scanner(&mut patterns, &gates);
        for i in [0, 15, 16, 33, 39] {
            let text = format!("甲{i}号乙{i}号");
            let mut ran = Vec::new();
            patterns.runnable(&scan(&patterns, &text), |p| ran.push(p));
            assert_eq!(ran, vec![i as u32], "{text}");
            let mut out = Vec::new();
            patterns.matching(&text, &scan(&patterns, &text), &mut out);
            assert_eq!(out, vec![i as u32], "{text}");
        }
    }
}
