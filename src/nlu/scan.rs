//! One pass of an Aho-Corasick automaton that reports every match,
//! overlapping ones included.
//!
//! The classifier's keyword automaton needs *all* matches of a short
//! message, not the leftmost one: a keyword, the exclusion phrase around it
//! and the negation marker before it all count.
//! `AhoCorasick::find_overlapping_iter` does that, but it hides the automaton
//! behind a trait object, so every byte costs an indirect call, and it
//! re-enters the search once per match. On messages of a few dozen bytes that
//! overhead was most of the scan (callgrind). Here the automaton's concrete
//! type is known, so the transition inlines into a plain loop, and matches go
//! straight to a closure.
//!
//! No prefilter: a pack's automaton always holds one-character strings
//! (negation markers like `不`, item aliases), so a prefilter would stop at
//! nearly every character anyway.
//!
//! # Characters, not UTF-8 bytes
//!
//! A Han character is three bytes of UTF-8, so over raw text the automaton
//! takes three transitions per character, and its trie has three states per
//! character of every string: with the default pack's ~4,900 strings that is
//! half a megabyte of states, and `perf` put most of the scan on loading
//! them (each transition a likely cache miss). But the strings use only a
//! few thousand distinct characters. So the scanner gives each of them a
//! short code of its own (see [`Alphabet`]), builds the automaton over the
//! coded strings, and feeds it the message's characters coded the same way:
//! one or two transitions per character instead of three, over a trie a
//! half to a third the size. A character that no string contains gets no
//! code at all: no match can cross it, so the scan just restarts there.
//!
//! A match's offsets are still byte offsets into the text: a coded match is
//! exactly an occurrence of the string's characters, so it ends after the
//! current character and is as long as the string's UTF-8.

use aho_corasick::automaton::{Automaton, StateID};
use aho_corasick::{nfa, Anchored, MatchKind};
use std::collections::HashMap;

/// An automaton over a fixed set of strings, built once per script load.
///
/// It is a contiguous NFA, not a DFA, although a DFA takes fewer steps per
/// byte: with the default pack the DFA took 17 MB (every state a full row
/// of transitions over some 200 byte classes, Chinese text using many of
/// them), the NFA 0.5 MB. The DFA's table misses the CPU caches on nearly
/// every byte; measured in the same run, classification ran at ~110k
/// messages/s with it and ~230k with the NFA.
#[derive(Debug)]
pub(super) struct Scanner {
    automaton: nfa::contiguous::NFA,
    /// The unanchored start state, looked up once.
    start: StateID,
    /// How characters are fed to the automaton; `None`: as raw UTF-8, for a
    /// set of strings with more distinct characters than codes.
    alphabet: Option<Alphabet>,
    /// Each string's length in UTF-8 bytes (with an alphabet, the automaton
    /// knows only coded lengths).
    text_lens: Vec<u32>,
}

impl Scanner {
    /// Builds a scanner for `strings`; string `i` is reported as pattern `i`.
    pub(super) fn build<S: AsRef<str>>(strings: &[S]) -> Result<Scanner, String> {
        let alphabet = Alphabet::for_strings(strings.iter().map(AsRef::as_ref));
        let automaton = match &alphabet {
            Some(alphabet) => {
                let coded: Vec<Vec<u8>> = strings
                    .iter()
                    .map(|s| alphabet.encode(s.as_ref()))
                    .collect();
                build_nfa(&coded)
            }
            None => build_nfa(strings.iter().map(|s| s.as_ref().as_bytes())),
        }?;
        // Built with the default start kind, unanchored, so the unanchored
        // start state always exists.
        let start = automaton
            .start_state(Anchored::No)
            .map_err(|e| e.to_string())?;
        let text_lens = strings.iter().map(|s| s.as_ref().len() as u32).collect();
        Ok(Scanner {
            automaton,
            start,
            alphabet,
            text_lens,
        })
    }

    /// Calls `found(pattern, start, end)` for every occurrence of every
    /// string in `haystack`, in order of `end`; offsets are byte offsets.
    #[inline]
    pub(super) fn for_each_match(&self, haystack: &str, found: impl FnMut(usize, usize, usize)) {
        match &self.alphabet {
            Some(alphabet) => self.scan_coded(alphabet, haystack, found),
            None => scan_bytes(&self.automaton, self.start, haystack.as_bytes(), found),
        }
    }

    #[inline(always)]
    fn scan_coded(
        &self,
        alphabet: &Alphabet,
        haystack: &str,
        mut found: impl FnMut(usize, usize, usize),
    ) {
        let aut = &self.automaton;
        let mut sid = self.start;
        for (at, c) in haystack.char_indices() {
            let code = alphabet.code(c);
            if code == 0 {
                // In no string: every state's way out on it leads back to
                // the start, so skip the walk down the failure links.
                sid = self.start;
                continue;
            }
            if code > 0xff {
                sid = aut.next_state(Anchored::No, sid, (code >> 8) as u8);
            }
            sid = aut.next_state(Anchored::No, sid, code as u8);
            // Without a prefilter only dead and match states are special, and
            // an unanchored automaton of the standard kind has no reachable
            // dead state.
            if aut.is_special(sid) && aut.is_match(sid) {
                let end = at + c.len_utf8();
                for i in 0..aut.match_len(sid) {
                    let pattern = aut.match_pattern(sid, i).as_usize();
                    found(pattern, end - self.text_lens[pattern] as usize, end);
                }
            }
        }
    }
}

fn build_nfa<I, P>(strings: I) -> Result<nfa::contiguous::NFA, String>
where
    I: IntoIterator<Item = P>,
    P: AsRef<[u8]>,
{
    nfa::contiguous::Builder::new()
        .match_kind(MatchKind::Standard)
        .prefilter(false)
        .build(strings)
        .map_err(|e| e.to_string())
}

#[inline(always)]
fn scan_bytes<A: Automaton>(
    aut: &A,
    start: StateID,
    haystack: &[u8],
    mut found: impl FnMut(usize, usize, usize),
) {
    let mut sid = start;
    for (at, &byte) in haystack.iter().enumerate() {
        sid = aut.next_state(Anchored::No, sid, byte);
        if aut.is_special(sid) && aut.is_match(sid) {
            let end = at + 1;
            for i in 0..aut.match_len(sid) {
                let pattern = aut.match_pattern(sid, i);
                found(pattern.as_usize(), end - aut.pattern_len(pattern), end);
            }
        }
    }
}

/// Short codes for the characters a set of strings uses, the most used first.
///
/// The 127 most used characters get one byte, `0x01..=0x7f`; up to 4,096
/// more get two, a lead byte `0x80..=0xbf` then a trail byte `0xc0..=0xff`.
/// The three ranges are disjoint, so a coded string can only match a coded
/// text at a character's first byte (no string starts with a trail byte) and
/// only end at a character's last byte (none ends with a lead byte): coded
/// matches are exactly the occurrences of the strings' characters. Byte 0 is
/// never a code (it stands for "in no string").
#[derive(Debug)]
struct Alphabet {
    /// Two-level table from a character to its code: `blocks[pages[c >>
    /// 8]][c & 0xff]`. Page 0 is all zeros, for the many blocks no string
    /// touches; a code is one byte if below `0x100`, else lead and trail.
    pages: Vec<u16>,
    blocks: Vec<[u16; 256]>,
}

const ONE_BYTE_CODES: usize = 0x7f;
const TWO_BYTE_CODES: usize = 64 * 64;

impl Alphabet {
    /// The codes for `strings`, or `None` if they use more distinct
    /// characters than there are codes.
    fn for_strings<'a>(strings: impl Iterator<Item = &'a str>) -> Option<Alphabet> {
        let mut uses: HashMap<char, usize> = HashMap::new();
        for c in strings.flat_map(str::chars) {
            *uses.entry(c).or_default() += 1;
        }
        if uses.len() > ONE_BYTE_CODES + TWO_BYTE_CODES {
            return None;
        }
        let mut chars: Vec<(char, usize)> = uses.into_iter().collect();
        // Most used first; ties by character so that a pack always gets the
        // same codes.
        chars.sort_unstable_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
        let mut alphabet = Alphabet {
            pages: vec![0; (char::MAX as usize >> 8) + 1],
            blocks: vec![[0; 256]],
        };
        for (rank, &(c, _)) in chars.iter().enumerate() {
            let code = if rank < ONE_BYTE_CODES {
                rank as u16 + 1
            } else {
                let n = (rank - ONE_BYTE_CODES) as u16;
                let (lead, trail) = (0x80 + (n >> 6), 0xc0 + (n & 0x3f));
                lead << 8 | trail
            };
            let page = c as usize >> 8;
            if alphabet.pages[page] == 0 {
                alphabet.pages[page] = alphabet.blocks.len() as u16;
                alphabet.blocks.push([0; 256]);
            }
            alphabet.blocks[alphabet.pages[page] as usize][c as usize & 0xff] = code;
        }
        Some(alphabet)
    }

    /// `c`'s code, 0 if no string uses it.
    #[inline(always)]
    fn code(&self, c: char) -> u16 {
        let c = c as usize;
        // Both indexes are in range by construction (`pages` covers every
        // char, its entries index `blocks`); the checks are kept.
        self.blocks[self.pages[c >> 8] as usize][c & 0xff]
    }

    /// `s` coded; every character of `s` has a code (it was counted).
    fn encode(&self, s: &str) -> Vec<u8> {
        let mut out = Vec::with_capacity(s.len());
        for c in s.chars() {
            let code = self.code(c);
            debug_assert_ne!(code, 0, "{c:?} was counted");
            if code > 0xff {
                out.push((code >> 8) as u8);
            }
            out.push(code as u8);
        }
        out
    }
}

#[cfg(test)]
mod tests;
