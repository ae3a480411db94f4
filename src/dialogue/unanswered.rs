//! A message the bot cannot answer: not understood, or understood with no
//! words for it here.
//!
//! The first in a row gets `clarify` (or `media`, for a picture the bot
//! cannot see), the second goes to a person. A message whose intents the
//! pack has no words for in this stage (a new intent whose sets are all
//! bound to another stage, or need an item not in talk) counts the same:
//! silence would leave the buyer waiting for nobody.

use super::choose::matched_for;
use super::speaking::say_key;
use super::vars::Vars;
use super::waiting::hand_over;
use super::{Action, Session};
use crate::nlu::Classification;
use crate::script::{Scripts, Template};
use std::cell::OnceCell;

/// A picture, video or voice message the bot cannot see: the situation of
/// the first (asking for words), and the transfer reason of the second.
const MEDIA: &str = "media";

/// A message the bot could not answer: the first in a row gets `clarify`
/// (or `media`, for a picture), the second goes to a person.
pub(super) fn not_understood(
    session: &mut Session,
    actions: &mut Vec<Action>,
    scripts: &Scripts,
    media: bool,
    now: i64,
) {
    session.unknown_streak += 1;
    let vars = Vars::for_session(session, scripts);
    if session.unknown_streak >= 2 {
        let reason = if media { MEDIA } else { "unknown" };
        hand_over(session, actions, scripts, reason, now);
    } else {
        let has_words = |key| scripts.replies.for_key(key, session.stage).is_some();
        let key = if media && has_words(MEDIA) {
            MEDIA
        } else {
            "clarify"
        };
        say_key(session, actions, scripts, key, &vars, now);
    }
}

/// Whether a set of one of `intents` that this message and stage reach has
/// a variant the conversation can fill, said before or not. The variables
/// are worked out only for a variant that has some: a repeated `谢谢`, the
/// usual way here, has words without them.
pub(super) fn has_words(
    session: &Session,
    scripts: &Scripts,
    c: &Classification,
    intents: &[&str],
) -> bool {
    let vars = OnceCell::new();
    let fills = |t: &Template| {
        t.vars().next().is_none()
            || t.render(|v| {
                vars.get_or_init(|| Vars::for_session(session, scripts))
                    .get(v)
            })
            .is_some()
    };
    intents.iter().any(|intent| {
        let matched = matched_for(Some(c), intent);
        (scripts
            .replies
            .to_try(intent, session.stage, &matched)
            .iter())
        .flat_map(|set| set.texts.iter().chain(&set.short))
        .any(fills)
    })
}
