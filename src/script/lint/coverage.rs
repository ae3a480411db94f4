//! Stages in which an intent has nothing to say.
//!
//! Loading refuses an intent with no reply set at all (`script::coverage`).
//! One whose sets are all bound to other stages (`stage = "paid"`), or whose
//! every variant needs something of the conversation (`{item}`, `{size}`),
//! loads and answers, but not everywhere: a buyer who asks it in another
//! stage, or before any item is in talk, gets the `clarify` line instead of
//! an answer. That is worth a warning at the intent, naming the stages.

use super::Warning;
use crate::script::coverage::{answered, Answered};
use crate::script::source::quoted_list;
use crate::script::{Location, ReplySet, Scripts, Stage, Template};
use std::collections::HashMap;

/// The warnings for every intent of `scripts` whose `[[intent]]` is at a
/// place in `intent_at` (an intent lint could not place is left out).
pub(super) fn stages_unanswered(
    scripts: &Scripts,
    intent_at: &HashMap<String, Location>,
) -> Vec<Warning> {
    let mut warnings = Vec::new();
    for name in &scripts.intents {
        let Some(at) = intent_at.get(name) else {
            continue;
        };
        let mut no_set = Vec::new();
        let mut item_only = Vec::new();
        for stage in Stage::ALL {
            let Answered::ByReplies { with_item } = answered(name, stage, &scripts.replies) else {
                continue;
            };
            // `when` sets count too: they answer what they name, and lint
            // cannot tell which keywords a buyer will use.
            let sets: Vec<&ReplySet> = (scripts.replies.of(name))
                .filter(|set| set.stages.is_empty() || set.stages.contains(&stage))
                .collect();
            if sets.is_empty() {
                no_set.push(stage);
            } else if !with_item && !sets.iter().any(|set| says_without_talk(set, scripts)) {
                item_only.push(stage);
            }
        }
        if !no_set.is_empty() {
            warnings.push(Warning {
                at: at.clone(),
                message: format!(
                    "intent `{name}` has no reply set for {}: a buyer who asks it then \
                     gets `clarify` instead of an answer (write a set without `stage`, or one \
                     for these stages)",
                    quoted_stages(&no_set)
                ),
            });
        }
        if !item_only.is_empty() {
            warnings.push(Warning {
                at: at.clone(),
                message: format!(
                    "intent `{name}`: in {}, every variant of its sets needs something of \
                     the conversation (an item in talk for {{item}}, {{price}}…, or a size, an \
                     order): asked before that, it gets `clarify` instead of an answer; give a \
                     set a variant that needs nothing special",
                    quoted_stages(&item_only)
                ),
            });
        }
    }
    warnings
}

/// Whether some variant of `set` can be said with nothing known of the
/// conversation: no item, size or order, only the buyer's nick and the
/// shop's own facts.
fn says_without_talk(set: &ReplySet, scripts: &Scripts) -> bool {
    let known = |var: &str| {
        var == "buyer"
            || scripts.shop.fact(var).is_some()
            // The day an order paid now ships: the shop's clock and cut-off.
            || (var == "ship_day" && scripts.shop.ship_cutoff.is_some())
    };
    let fills = |t: &Template| t.vars().all(known);
    set.texts.iter().chain(&set.short).any(fills)
}

/// `stage `paid`` or `stages `greeting`, `consulting``.
fn quoted_stages(stages: &[Stage]) -> String {
    let list = quoted_list(stages.iter().map(|s| s.name()));
    if stages.len() == 1 {
        format!("stage {list}")
    } else {
        format!("stages {list}")
    }
}
