//! Messages without words: emoticons, emoji and punctuation.
//!
//! `[微笑]` or 👍 alone is manners: first thing in a chat it greets, later
//! it ends the chat like thanks. `？`, `。。。`, `……` or `[疑问]` alone is
//! a buyer puzzled by the last answer, or waiting for more: "没太明白您的
//! 意思" asks them to explain what they did not say, and counted as a
//! message not understood, the second one handed the chat to a person
//! (at night, nobody until 09:00) over a question mark. An agent asks what
//! is unclear. Neither is ever handed over.

use super::Session;
use crate::nlu::Classification;
use crate::script::Stage;

/// The reply key for a puzzled buyer (see the module doc).
pub(super) const PUZZLED_KEY: &str = "puzzled";

/// Emoticons of puzzlement, not manners.
const PUZZLED_EMOTICONS: &[&str] = &["[疑问]", "[问号]", "[晕]", "[困惑]", "[what]", "/:?"];

/// What a message without words says, as the intent or situation that
/// answers it; `None` for a message with words or a picture (which holds
/// a question the bot cannot see).
pub(super) fn read(session: &Session, c: &Classification) -> Option<&'static str> {
    if c.sent_media() || c.normalized.chars().any(char::is_alphanumeric) {
        return None;
    }
    let emoji = |ch: char| matches!(ch as u32, 0x2600..=0x27BF | 0x1F000..=0x1FAFF);
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
