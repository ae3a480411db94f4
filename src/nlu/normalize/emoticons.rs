//! Emoticon codes: finding and taking them out of folded text.
//!
//! Marketplace chat clients turn faces into codes: bracket codes (`[微笑]`,
//! `[OK]`) and Wangwang/QQ slash codes (`/:^_^`, `/:012`, `/:?`). They say
//! something about the buyer's mood but nothing about the request, so
//! [`normalize`](super::normalize) reports them apart and removes them from the
//! text rules run on. Only text holding a `[` or a `/:` gets here at all.

use super::is_han;

/// Bracket codes that stand for something the buyer sent rather than a face:
/// a picture, a video, a voice message, a file. The bot cannot see what is in
/// them, so they are no manners (see [`is_media`]).
const MEDIA_CODES: &[&str] = &["[图片]", "[视频]", "[语音]", "[文件]"];

/// Whether an emoticon code, as [`take_emoticons`] found it, stands for a
/// picture, a video, a voice message or a file.
pub(crate) fn is_media(code: &str) -> bool {
    MEDIA_CODES.contains(&code)
}

/// Removes emoticon codes from `text`, pushing each one (as written) to `found`.
pub(super) fn take_emoticons(text: &str, found: &mut Vec<String>) -> String {
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

/// Whether the finished text (folded, lower-cased, punctuation collapsed) of
/// a message may have held emoticon codes before it was finished: when this
/// says no, the folded text held none, and taking codes out changes nothing.
///
/// Why finishing hides no code: a bracket code is `[`, one to four letters or
/// Han characters, `]`. Lower-casing keeps letters letters (and every test in
/// [`bracket_code`] ignores case); collapsing only drops a punctuation
/// character repeating the one before, so it may merge a `[` into the `[`
/// before it but never touches a body, and the code still reads the same.
/// Slash codes are not looked at that closely: collapsing can shorten one
/// (`/::` becomes `/:`), so any `/:` at all counts as a code. Finishing keeps
/// every `/:` (the `:` follows a `/`, which does not collapse).
pub(super) fn may_hold_codes(finished: &str) -> bool {
    finished.contains("/:")
        || finished
            .match_indices('[')
            .any(|(at, _)| bracket_code(&finished[at..]).is_some())
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
