//! One pass of an Aho-Corasick automaton that reports every match,
//! overlapping ones included.
//!
//! Both automata of the classifier (the keyword one and the sound-alike one)
//! need *all* matches of a short message, not the leftmost one: a keyword, the
//! exclusion phrase around it and the negation marker before it all count.
//! `AhoCorasick::find_overlapping_iter` does that, but it hides the automaton
//! behind a trait object, so every byte costs an indirect call, and it
//! re-enters the search once per match. On messages of a few dozen bytes that
//! overhead was most of the scan (callgrind). Here the automaton's concrete
//! type is known, so the transition inlines into a plain
//! loop over the bytes, and matches go straight to a closure.
//!
//! No prefilter: a pack's automaton always holds one-character strings
//! (negation markers like `不`, item aliases), so a prefilter would stop at
//! nearly every character anyway.

use aho_corasick::automaton::{Automaton, StateID};
use aho_corasick::{nfa, Anchored, MatchKind};

/// An automaton over a fixed set of strings, built once per script load.
///
/// It is a contiguous NFA, not a DFA, although a DFA takes fewer steps per
/// byte: with the default pack the DFA takes 17 MB (every state a full row
/// of transitions over some 200 byte classes, Chinese text using many of
/// them), the NFA 0.5 MB. The DFA's table misses the CPU caches on nearly
/// every byte; measured in the same run, classification ran at ~110k
/// messages/s with it and ~230k with the NFA.
#[derive(Debug)]
pub(super) struct Scanner {
    automaton: nfa::contiguous::NFA,
    /// The unanchored start state, looked up once.
    start: StateID,
}

impl Scanner {
    /// Builds a scanner for `strings`; string `i` is reported as pattern `i`.
    pub(super) fn build<S: AsRef<[u8]>>(strings: &[S]) -> Result<Scanner, String> {
        let automaton = nfa::contiguous::Builder::new()
            .match_kind(MatchKind::Standard)
            .prefilter(false)
            .build(strings)
            .map_err(|e| e.to_string())?;
        // Built with the default start kind, unanchored, so the unanchored
        // start state always exists.
        let start = automaton
            .start_state(Anchored::No)
            .map_err(|e| e.to_string())?;
        Ok(Scanner { automaton, start })
    }

    /// Calls `found(pattern, start, end)` for every occurrence of every
    /// string in `haystack`, in order of `end`.
    #[inline]
    pub(super) fn for_each_match(&self, haystack: &str, found: impl FnMut(usize, usize, usize)) {
        scan(&self.automaton, self.start, haystack.as_bytes(), found)
    }
}

#[inline(always)]
fn scan<A: Automaton>(
    aut: &A,
    start: StateID,
    haystack: &[u8],
    mut found: impl FnMut(usize, usize, usize),
) {
    let mut sid = start;
    for (at, &byte) in haystack.iter().enumerate() {
        sid = aut.next_state(Anchored::No, sid, byte);
        // Without a prefilter only dead and match states are special, and an
        // unanchored automaton of the standard kind has no reachable dead state.
        if aut.is_special(sid) && aut.is_match(sid) {
            let end = at + 1;
            for i in 0..aut.match_len(sid) {
                let pattern = aut.match_pattern(sid, i);
                found(pattern.as_usize(), end - aut.pattern_len(pattern), end);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use aho_corasick::AhoCorasick;

    /// Every match, as the crate's own overlapping iterator reports them.
    fn reference(strings: &[String], haystack: &str) -> Vec<(usize, usize, usize)> {
        let ac = AhoCorasick::builder()
            .match_kind(MatchKind::Standard)
            .build(strings)
            .unwrap();
        ac.find_overlapping_iter(haystack)
            .map(|m| (m.pattern().as_usize(), m.start(), m.end()))
            .collect()
    }

    fn ours(scanner: &Scanner, haystack: &str) -> Vec<(usize, usize, usize)> {
        let mut out = Vec::new();
        scanner.for_each_match(haystack, |p, s, e| out.push((p, s, e)));
        out
    }

    #[test]
    fn reports_every_overlapping_match_like_the_crate_does() {
        let strings: Vec<String> = ["不", "不贵", "贵", "太贵了", "包邮", "邮", "xl", "l", "ll"]
            .map(String::from)
            .to_vec();
        let scanner = Scanner::build(&strings).unwrap();
        for text in [
            "不贵",
            "太贵了不包邮吗",
            "xll码",
            "",
            "没有",
            "贵贵贵",
            "lll",
        ] {
            assert_eq!(ours(&scanner, text), reference(&strings, text), "{text}");
        }
    }

    #[test]
    fn many_strings_sharing_prefixes_and_suffixes() {
        let mut strings: Vec<String> = (0..6000).map(|i| format!("k{i}号")).collect();
        strings.push("号".to_string());
        strings.push("不".to_string());
        let scanner = Scanner::build(&strings).unwrap();
        for text in ["k12号k4999号不", "号号", "k5009号", "abc"] {
            assert_eq!(ours(&scanner, text), reference(&strings, text), "{text}");
        }
    }
}
