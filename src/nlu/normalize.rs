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
//!    with real keywords;
//! 4. traditional characters become simplified (zhconv, `zh-Hans` tables);
//! 5. ASCII letters are lower-cased and runs of one punctuation character
//!    collapse to one (`???` → `?`, `。。。` → `。`; `/` excepted, for links).
//!
//! This runs once per message on the hot path. The traditional → simplified
//! converter is an Aho-Corasick pass over the whole text, so it only runs when
//! the text holds at least one character that some conversion rule changes and
//! that is not itself a simplified form (a bitset over code points, built once).
//! Text already in simplified characters, i.e. nearly all of it, skips it.

use std::sync::LazyLock;

/// A normalised message: the text rules run on, and the emoticons taken out of it.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Normalized {
    pub text: String,
    pub emoticons: Vec<String>,
}

/// Normalises one message or one rule string (see the module doc for the steps).
pub fn normalize(raw: &str) -> Normalized {
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
    let i = c as usize;
    TRADITIONAL
        .get(i / 64)
        .is_some_and(|w| (w >> (i % 64)) & 1 == 1)
}

/// Removes emoticon codes from `text`, pushing each one (as written) to `found`.
fn take_emoticons(text: &str, found: &mut Vec<String>) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(pos) = rest.find(['[', '/']) {
        out.push_str(&rest[..pos]);
        let tail = &rest[pos..];
        let len = if tail.starts_with('[') {
            bracket_code(tail)
        } else {
            slash_code(tail)
        };
        match len {
            Some(len) => {
                found.push(tail[..len].to_string());
                rest = &tail[len..];
            }
            None => {
                out.push_str(&tail[..1]);
                rest = &tail[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

/// Length in bytes of a bracket emoticon at the start of `s` (`[微笑]`, `[OK]`):
/// one to four Han characters or ASCII letters. A JDDC mask (`[数字x]`: Han
/// characters then `x`) is not an emoticon.
fn bracket_code(s: &str) -> Option<usize> {
    let inner = &s[1..];
    let close = inner.find(']')?;
    let body = &inner[..close];
    let count = body.chars().count();
    if !(1..=4).contains(&count) || !body.chars().all(|c| c.is_ascii_alphabetic() || is_han(c)) {
        return None;
    }
    let is_mask =
        count >= 2 && body.ends_with(['x', 'X']) && body.chars().next().is_some_and(is_han);
    // `[XL]` is a size the buyer bracketed, not a face.
    let is_size = ["s", "m", "l", "xs", "xl", "xxl", "xxxl"]
        .iter()
        .any(|z| body.eq_ignore_ascii_case(z));
    if is_mask || is_size {
        return None;
    }
    Some(close + 2)
}

fn is_han(c: char) -> bool {
    matches!(c, '\u{3400}'..='\u{4DBF}' | '\u{4E00}'..='\u{9FFF}' | '\u{F900}'..='\u{FAFF}' | '\u{20000}'..='\u{3134F}')
}

/// Wangwang/QQ codes that are not three digits, longest first so that
/// `/:^_^` is not read as `/:^`.
const SLASH_CODES: &[&str] = &[
    "(Zz...)", "'\"\"", "(OK)", "^_^", "^$^", "^O^", "^x^", "^W^", "*&*", ">_<", ">O<", ">M<",
    ">@<", "8*8", ")-(", "8-)", "lip", "-F", "_>", "<&", "&>", "-m", "Q", "H", "b", "P",
];

/// Length in bytes of a slash emoticon at the start of `s` (`/:^_^`, `/:012`, `/:?`).
fn slash_code(s: &str) -> Option<usize> {
    let code = s.strip_prefix("/:")?;
    // Compared without case: the text is lower-cased later, and `/:B` must
    // not turn into the code `/:b` only then (normalising twice must not
    // find more than normalising once).
    let starts_with = |k: &str| {
        code.len() >= k.len()
            && code.is_char_boundary(k.len())
            && code[..k.len()].eq_ignore_ascii_case(k)
    };
    if let Some(known) = SLASH_CODES.iter().find(|k| starts_with(k)) {
        return Some(2 + known.len());
    }
    let digits = code.bytes().take_while(u8::is_ascii_digit).count();
    if digits == 3 {
        return Some(5);
    }
    if digits > 0 {
        return None;
    }
    // Unlisted symbol codes (`/:?`, `/:!`, `/:~`): a short run of ASCII symbols.
    let symbols = code
        .bytes()
        .take(5)
        .take_while(|b| b.is_ascii_punctuation() && !matches!(b, b'/' | b'[' | b']'))
        .count();
    (symbols > 0).then_some(2 + symbols)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text(s: &str) -> String {
        normalize(s).text
    }

    #[test]
    fn traditional_becomes_simplified() {
        assert_eq!(text("這件衣服多少錢?有貨嗎"), "这件衣服多少钱?有货吗");
        assert_eq!(text("太貴了"), "太贵了");
        assert_eq!(text("頭髮"), "头发");
    }

    #[test]
    fn simplified_text_is_left_alone() {
        // `么` and `干` are simplified forms: no phrase rule may rewrite them.
        assert_eq!(text("怎么这么贵"), "怎么这么贵");
        assert_eq!(text("干净吗"), "干净吗");
        assert!(!is_traditional('么'));
        assert!(is_traditional('麼'));
        assert!(is_traditional('貴'));
    }

    #[test]
    fn full_width_and_case_are_folded() {
        assert_eq!(text("ＸＬ有嗎？"), "xl有吗?");
        assert_eq!(text("好的，谢谢！"), "好的,谢谢!");
        assert_eq!(text("Ｓ码～"), "s码~");
        assert_eq!(text("１７０ｃｍ"), "170cm");
        assert_eq!(text("XL"), "xl");
    }

    #[test]
    fn whitespace_is_removed_but_numbers_stay_apart() {
        assert_eq!(text(" 有 货\u{3000}吗\t\n"), "有货吗");
        assert_eq!(text("170 120斤"), "170,120斤");
        assert_eq!(text("170  ,120"), "170,120");
        assert_eq!(text("a\u{200B}b"), "ab");
    }

    #[test]
    fn repeated_punctuation_collapses() {
        assert_eq!(text("在吗???"), "在吗?");
        assert_eq!(text("在吗？？？"), "在吗?");
        assert_eq!(text("好的~~~"), "好的~");
        assert_eq!(text("嗯。。。"), "嗯。");
        assert_eq!(text("……"), "…");
        // Different punctuation and repeated characters that are not punctuation stay.
        assert_eq!(text("?!哈哈哈"), "?!哈哈哈");
        assert_eq!(text("1.75米"), "1.75米");
    }

    #[test]
    fn bracket_emoticons_are_reported_and_removed() {
        let n = normalize("[微笑]在吗[呲牙][OK]");
        assert_eq!(n.text, "在吗");
        assert_eq!(n.emoticons, ["[微笑]", "[呲牙]", "[OK]"]);
        // Removing an emoticon may bring punctuation together: it still collapses.
        assert_eq!(text("好?[微笑]?"), "好?");
    }

    #[test]
    fn jddc_masks_and_other_brackets_stay() {
        let n = normalize("订单[订单x]到哪了,[数字x]天了 [链接x] [姓名x]");
        assert!(n.emoticons.is_empty());
        assert_eq!(n.text, "订单[订单x]到哪了,[数字x]天了[链接x][姓名x]");
        assert_eq!(text("[不是表情因为太长]"), "[不是表情因为太长]");
        assert_eq!(text("[12]"), "[12]");
        assert_eq!(text("[XL]"), "[xl]");
        assert_eq!(text("a[b"), "a[b");
    }

    #[test]
    fn slash_emoticons_are_reported_and_removed() {
        let n = normalize("好的/:^_^谢谢/:012/:?/:8-)");
        assert_eq!(n.text, "好的谢谢");
        assert_eq!(n.emoticons, ["/:^_^", "/:012", "/:?", "/:8-)"]);
        // A slash that starts no code is ordinary text.
        assert_eq!(text("s/m"), "s/m");
        assert_eq!(text("http://x.cn"), "http://x.cn");
        assert_eq!(text("/:12a"), "/:12a");
    }

    #[test]
    fn rule_strings_normalise_like_messages() {
        assert_eq!(text("貴"), text("贵"));
        assert_eq!(text("ＸＬ"), "xl");
        assert_eq!(text(""), "");
    }
}
