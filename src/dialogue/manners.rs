//! Messages without words: emoticons, emoji and punctuation.
//!
//! `[微笑]` or 👍 alone is manners: first thing in a chat it greets, later
//! it ends the chat like thanks. `？`, `。。。`, `……` or `[疑问]` alone is
//! a buyer puzzled by the last answer, or waiting for more: "没太明白您的
//! 意思" asks them to explain what they did not say, and counted as a
//! message not understood, the second one handed the chat to a person
//! (at night, nobody until 09:00) over a question mark. An agent asks what
//! is unclear. `😡`, `😭` or `[流泪]` alone is a buyer upset about
//! something they have not said yet, and thanks and "收藏店铺" are the
//! worst answer to it: an agent asks what happened. None of these is ever
//! handed over.

use super::Session;
use crate::nlu::Classification;
use crate::script::Stage;

/// The reply key for a puzzled buyer (see the module doc).
pub(super) const PUZZLED_KEY: &str = "puzzled";

/// Emoticons of puzzlement, not manners.
const PUZZLED_EMOTICONS: &[&str] = &["[疑问]", "[问号]", "[晕]", "[困惑]", "[what]", "/:?"];

/// The reply key for an upset buyer (see the module doc).
pub(super) const UPSET_KEY: &str = "upset";

/// Emoticons of anger or tears, as the marketplaces' chat writes them.
const UPSET_EMOTICONS: &[&str] = &[
    "[怒]", "[发怒]", "[生气]", "[流泪]", "[大哭]", "[哭]", "[抓狂]", "[白眼]", "[委屈]", "[鄙视]",
    "[难过]", "[伤心]", "[衰]",
];

/// Emoji of anger, tears or disgust: 😡 😠 😤 🤬 😭 😢 😞 😒 🙄 💢 👎.
const UPSET_EMOJI: &[char] = &[
    '\u{1F621}',
    '\u{1F620}',
    '\u{1F624}',
    '\u{1F92C}',
    '\u{1F62D}',
    '\u{1F622}',
    '\u{1F61E}',
    '\u{1F612}',
    '\u{1F644}',
    '\u{1F4A2}',
    '\u{1F44E}',
];

/// What a message without words says, as the intent or situation that
/// answers it; `None` for a message with words or a picture (which holds
/// a question the bot cannot see).
pub(super) fn read(session: &Session, c: &Classification) -> Option<&'static str> {
    if c.sent_media() || c.normalized.chars().any(char::is_alphanumeric) {
        return None;
    }
    let emoji = |ch: char| matches!(ch as u32, 0x2600..=0x27BF | 0x1F000..=0x1FAFF);
    let upset = (c.emoticons.iter()).any(|e| UPSET_EMOTICONS.contains(&e.as_str()))
        || c.normalized.contains(UPSET_EMOJI);
    if upset {
        return Some(UPSET_KEY);
    }
    let puzzled_code = (c.emoticons.iter()).any(|e| PUZZLED_EMOTICONS.contains(&e.as_str()));
    let polite = !c.emoticons.is_empty() || c.normalized.chars().any(emoji);
    if puzzled_code || (!polite && !c.normalized.is_empty()) {
        return Some(PUZZLED_KEY);
    }
    if !polite {
        return None;
    }
    let first = session.stage == Stage::Greeting && session.last_sent.is_none();
    Some(if first { "greeting" } else { "thanks_bye" })
}
