//! Text normalisation: the one canonical form every rule is written for and
//! every message is matched in.
//!
//! Buyers type on phones with full-width input methods, in traditional or
//! simplified characters, with `???`, `~~~` and marketplace emoticon codes.
//! Supervisors write keywords the same loose way. Both go through
//! [`normalize`], so `貴`, `ＸＬ` and `xl` meet on common ground:
//!
//! 1. full-width ASCII (`ＸＬ`, `？`, `，`, `～`) becomes half-width;
//! 2. whitespace and invisible characters are removed, except that a run of
//!    whitespace between two digits becomes `,` so `170 120斤` keeps its two
//!    numbers apart;
//! 3. emoticon codes are taken out and reported: bracket codes of one to four
//!    letters or Han characters (`[微笑]`, `[OK]`) and Wangwang/QQ slash codes
//!    (`/:^_^`, `/:012`, `/:?`). JDDC corpus masks such as `[数字x]`,
//!    `[订单x]` are *kept verbatim*: they stand for something the buyer wrote
//!    (a number, an order id), and the trailing `x` keeps them from colliding
//!    with real keywords (see [`emoticons`]);
//! 4. traditional characters become simplified (zhconv, `zh-Hans` tables);
//! 5. ASCII letters are lower-cased and runs of one punctuation character
//!    collapse to one (`???` → `?`, `。。。` → `。`; `/` excepted, for links).
//!
//! This runs once per message on the hot path, so there are two ways through.
//!
//! - **One pass** (nearly every message): steps 1, 2 and 5 are done together,
//!   character by character, copying unchanged stretches of the input in one
//!   go. Steps 3 and 4 are what make the order of the steps matter: emoticons
//!   are reported as written (before lower-casing: `[OK]`, not `[ok]`), codes
//!   are recognised before punctuation collapses (`/:???` is one code), and the
//!   converter runs before lower-casing and collapsing. So the pass gives up
//!   at a traditional character, and, when it saw a `[` or a `/:`, at the end
//!   unless the finished text shows that there was no code to take out
//!   ([`emoticons::may_hold_codes`]: JDDC masks such as `[数字x]` are common
//!   and are not codes).
//! - **Step by step** (the rest): fold (steps 1–2), take emoticons out, convert,
//!   then lower-case and collapse, each over the whole text, in the order
//!   above. The one pass computes exactly what this computes whenever it does
//!   not give up: with no code to take out and nothing to convert, steps 3 and
//!   4 change nothing, and steps 1, 2 and 5 only ever look at the character
//!   before (the last one kept is also the last one seen, since collapsing
//!   only drops a repeat of it).
//!
//! The traditional → simplified converter is an Aho-Corasick pass over the
//! whole text, so it only runs when the text holds at least one character that
//! some conversion rule changes and that is not itself a simplified form (a
//! bitset over code points, built once). Text already in simplified
//! characters, i.e. nearly all of it, skips it.

use std::sync::LazyLock;

mod emoticons;
#[cfg(test)]
mod tests;

pub(crate) use emoticons::is_media;
use emoticons::{may_hold_codes, take_emoticons};

/// Whether `c` is a Han character: the CJK Unified Ideographs with
/// Extension A, the compatibility ideographs and the supplementary planes'
/// extensions.
pub(crate) fn is_han(c: char) -> bool {
    matches!(c, '\u{3400}'..='\u{4DBF}' | '\u{4E00}'..='\u{9FFF}' | '\u{F900}'..='\u{FAFF}' | '\u{20000}'..='\u{3134F}')
}

/// A normalised message: the text rules run on, and the emoticons taken out of it.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Normalized {
    pub text: String,
    pub emoticons: Vec<String>,
}

/// Whether `text` holds `word`: `str::contains` for a chat message.
///
/// The policy asks a message for dozens of words and characters. A message
/// is a few dozen bytes, shorter than the standard library's vector search
/// needs, so `contains` falls back to comparing the word at every byte
/// offset, one `memcmp` call each, and a non-ASCII `char` is searched the
/// same way (as its UTF-8 bytes). `memchr`'s search rolls a hash over short
/// texts instead: a few instructions a byte.
pub fn has(text: &str, word: &str) -> bool {
    memchr::memmem::find(text.as_bytes(), word.as_bytes()).is_some()
}

/// Normalises one message or one rule string (see the module doc for the steps).
pub fn normalize(raw: &str) -> Normalized {
    match one_pass(raw) {
        Some(text) => Normalized {
            text,
            emoticons: Vec::new(),
        },
        None => step_by_step(raw),
    }
}

/// The steps one after the other, for text with emoticon codes or traditional
/// characters (see the module doc).
fn step_by_step(raw: &str) -> Normalized {
    let (mut text, mut needs_conversion) = fold(raw);
    let mut emoticons = Vec::new();
    // Taking a code out can splice its neighbours into a new one (`[[R]R]`):
    // repeat until nothing more comes out.
    while text.contains('[') || text.contains("/:") {
        let found = emoticons.len();
        text = take_emoticons(&text, &mut emoticons);
        if emoticons.len() == found {
            break;
        }
    }
    // `fold` already looked at every character; recheck only if it said so,
    // since removing emoticons cannot add traditional characters.
    if needs_conversion {
        needs_conversion = text.chars().any(is_traditional);
    }
    if needs_conversion {
        text = converter().convert(&text);
    }
    text.make_ascii_lowercase();
    collapse_punctuation(&mut text);
    Normalized { text, emoticons }
}

/// Makes sure the conversion tables are loaded, so the first message does not
/// pay for it (a few milliseconds).
pub fn warm_up() {
    LazyLock::force(&TRADITIONAL);
    let _ = converter().convert("這");
}

/// Steps 1, 2 and 5 in one pass over `raw`; `None` when the text needs step
/// 3 or 4 (it may hold emoticon codes, or it holds a traditional character),
/// which the caller then does [`step_by_step`].
///
/// Characters that come out as they went in are not copied one by one: the
/// pass remembers where the current unchanged stretch of `raw` starts and
/// copies it whole when something changes (a character dropped, folded,
/// lower-cased, or a `,` put in). Common Han characters, most of any message,
/// are recognised from their first UTF-8 byte and decoded by hand.
fn one_pass(raw: &str) -> Option<String> {
    let traditional: &[u64] = &TRADITIONAL;
    let bytes = raw.as_bytes();
    let mut out = String::with_capacity(raw.len());
    // Start in `raw` of the unchanged stretch not yet copied to `out`.
    let mut copied_to = 0;
    // The last character of the text so far (copied or not), as a code
    // point; 0 (a control character) is never kept, so it matches nothing.
    let mut last = 0u32;
    let mut pending_space = false;
    // A `[` or a `/:` was seen: there may be emoticon codes to take out.
    let mut maybe_codes = false;
    let mut i = 0;
    while i < bytes.len() {
        // Lead bytes E4–E9 start the three-byte forms of U+4000–U+9FFF: Han
        // characters (and the Yijing hexagrams), none of them whitespace,
        // invisible, full-width or punctuation, so the traditional check is
        // all they need.
        let lead = bytes[i];
        if let [0xE4..=0xE9, b1, b2, ..] = bytes[i..] {
            let cp =
                (u32::from(lead & 0x0F) << 12) | (u32::from(b1 & 0x3F) << 6) | u32::from(b2 & 0x3F);
            if bit_set(traditional, cp) {
                return None;
            }
            pending_space = false;
            last = cp;
            i += 3;
            continue;
        }
        if lead < 0x80 {
            // ASCII: the same steps as below, without decoding or folding.
            // Whitespace (as `char::is_whitespace` has it) and control characters.
            let space = matches!(lead, b'\t'..=b'\r' | b' ');
            if space || lead < 0x20 || lead == 0x7F {
                pending_space |= space;
                out.push_str(&raw[copied_to..i]);
                copied_to = i + 1;
                i += 1;
                continue;
            }
            if std::mem::take(&mut pending_space) && lead.is_ascii_digit() && is_digit(last) {
                out.push_str(&raw[copied_to..i]);
                copied_to = i;
                out.push(',');
                last = u32::from(',');
            }
            maybe_codes |= lead == b'[' || (lead == b':' && last == u32::from('/'));
            let lower = lead.to_ascii_lowercase();
            let repeat = u32::from(lower) == last && lower.is_ascii_punctuation() && lower != b'/';
            if repeat || lower != lead {
                out.push_str(&raw[copied_to..i]);
                copied_to = i + 1;
                if !repeat {
                    out.push(char::from(lower));
                }
            }
            last = u32::from(lower);
            i += 1;
            continue;
        }
        // `i` is always at a character boundary, so this is never `None`.
        let c = raw[i..].chars().next()?;
        let len = c.len_utf8();
        let folded = fold_char(c);
        if folded.is_whitespace() || is_invisible(folded) {
            pending_space |= folded.is_whitespace();
            out.push_str(&raw[copied_to..i]);
            copied_to = i + len;
            i += len;
            continue;
        }
        if std::mem::take(&mut pending_space) && folded.is_ascii_digit() && is_digit(last) {
            out.push_str(&raw[copied_to..i]);
            copied_to = i;
            out.push(',');
            last = u32::from(',');
        }
        maybe_codes |= folded == '[' || (folded == ':' && last == u32::from('/'));
        if !folded.is_ascii() && bit_set(traditional, u32::from(folded)) {
            return None;
        }
        let lower = folded.to_ascii_lowercase();
        let repeat = u32::from(lower) == last && is_punctuation(lower);
        if repeat || lower != c {
            out.push_str(&raw[copied_to..i]);
            copied_to = i + len;
            if !repeat {
                out.push(lower);
            }
        }
        last = u32::from(lower);
        i += len;
    }
    out.push_str(&raw[copied_to..]);
    if maybe_codes && may_hold_codes(&out) {
        return None;
    }
    Some(out)
}

fn is_digit(code_point: u32) -> bool {
    (u32::from('0')..=u32::from('9')).contains(&code_point)
}

/// Width folding and whitespace removal in one pass. Also reports whether any
/// character needs traditional → simplified conversion.
fn fold(raw: &str) -> (String, bool) {
    let mut out = String::with_capacity(raw.len());
    let mut needs_conversion = false;
    let mut pending_space = false;
    for c in raw.chars() {
        let c = fold_char(c);
        if c.is_whitespace() {
            pending_space = true;
            continue;
        }
        if is_invisible(c) {
            continue;
        }
        if pending_space {
            pending_space = false;
            if c.is_ascii_digit() && out.ends_with(|p: char| p.is_ascii_digit()) {
                out.push(',');
            }
        }
        if !c.is_ascii() && is_traditional(c) {
            needs_conversion = true;
        }
        out.push(c);
    }
    (out, needs_conversion)
}

/// Full-width forms to their ASCII counterparts; other characters unchanged.
fn fold_char(c: char) -> char {
    match c {
        '\u{FF01}'..='\u{FF5E}' => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
        '\u{3000}' => ' ',
        // The wave dash is what many input methods type for `～`.
        '\u{301C}' => '~',
        _ => c,
    }
}

/// Characters that carry nothing: zero-width spaces and joiners, BOMs, controls.
fn is_invisible(c: char) -> bool {
    matches!(c, '\u{200B}'..='\u{200F}' | '\u{2060}' | '\u{FEFF}') || c.is_control()
}

/// Punctuation whose repeats are collapsed (ASCII, general and CJK punctuation).
/// `/` is left alone so links (`https://`) survive.
fn is_punctuation(c: char) -> bool {
    (c.is_ascii_punctuation() && c != '/')
        || matches!(c, '\u{2010}'..='\u{205E}' | '\u{3001}'..='\u{303F}' | '\u{FF5F}'..='\u{FF65}')
}

fn collapse_punctuation(text: &mut String) {
    let mut prev = '\0';
    text.retain(|c| {
        let keep = c != prev || !is_punctuation(c);
        prev = c;
        keep
    });
}

fn converter() -> &'static zhconv::ZhConverter {
    zhconv::get_builtin_converter(zhconv::Variant::ZhHans)
}

/// Code points that some zh-Hans rule rewrites and that are not themselves the
/// simplified result of a rule (`麼` is in, `么` is not).
static TRADITIONAL: LazyLock<Vec<u64>> = LazyLock::new(|| {
    let mut changed = Vec::new();
    let mut simplified = Vec::new();
    for (from, to) in zhconv::tables::expand_table(zhconv::tables::ZH_HANS_TABLE) {
        let (mut f, mut t) = (from.chars(), to.chars());
        if let ((Some(a), None), (Some(b), None)) = ((f.next(), f.next()), (t.next(), t.next())) {
            if a != b {
                simplified.push(b);
            }
        }
        if from.chars().count() == to.chars().count() {
            changed.extend(
                from.chars()
                    .zip(to.chars())
                    .filter(|(a, b)| a != b)
                    .map(|(a, _)| a),
            );
        }
    }
    let max = changed.iter().map(|&c| c as usize).max().unwrap_or(0);
    let mut bits = vec![0u64; max / 64 + 1];
    for c in changed {
        bits[c as usize / 64] |= 1 << (c as usize % 64);
    }
    for c in simplified {
        if let Some(word) = bits.get_mut(c as usize / 64) {
            *word &= !(1 << (c as usize % 64));
        }
    }
    bits
});

fn is_traditional(c: char) -> bool {
    bit_set(&TRADITIONAL, u32::from(c))
}

/// Whether the bit of `code_point` is set in `bits` (one bit per code point).
fn bit_set(bits: &[u64], code_point: u32) -> bool {
    let i = code_point as usize;
    bits.get(i / 64).is_some_and(|w| (w >> (i % 64)) & 1 == 1)
}
