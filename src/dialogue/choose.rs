//! Choosing the variant of a reply set: rotate, skip what cannot be filled,
//! never repeat the last message, fall back to a more generic set.
//!
//! Buyers notice a bot that says the same sentence twice; supervisors write
//! several variants so it does not have to. Rotation state lives in the
//! session (`last_variant`), so the choice is a pure function of the stored
//! conversation and a replayed event picks the same text.

use super::faq::{FAQ_AGAIN_KEY, FAQ_KEY};
use super::vars::Vars;
use super::{FaqSource, Session};
use crate::nlu::{Classification, SOUND_MARK};
use crate::script::{Faq, Item, Location, ReplySet, Scripts, Stage, Template};
use std::collections::BTreeMap;

/// Variables that hand the buyer something (a coupon, a gift). The policy
/// offers those once per conversation, at the first price objection.
const OFFER_VARS: &[&str] = &["coupon", "gift"];

/// Which variants a part may use with respect to offers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Offers {
    /// Any variant.
    Any,
    /// Variants with an offer first, the others when none of those fills.
    Prefer,
    /// Only variants without an offer.
    Never,
}

/// One filled reply part.
#[derive(Debug, Clone, PartialEq)]
pub(super) struct Part {
    /// The reply key whose set produced it (`stock_no`, or `stock` after a fallback).
    pub key: String,
    pub text: String,
    /// Whether it quotes a coupon or a gift.
    pub offers: bool,
    /// Where its reply set is written.
    pub from: Location,
    /// From a set with no `when`: what the key says to any message, not an
    /// answer to a question its words named.
    pub general: bool,
}

/// What one part asks for.
pub(super) struct Request<'a> {
    /// The reply key to answer with.
    pub key: &'a str,
    /// More generic keys to try, in order, when `key` cannot be filled
    /// (`stock` for `stock_no`; `size_result`, then `size_advice`, for
    /// `size_beyond`): a pack without a situation's words says the more
    /// general ones.
    pub fallbacks: &'a [&'a str],
    pub vars: &'a Vars<'a>,
    pub offers: Offers,
    /// Part of a combined reply: a set's `short` variants come first.
    pub combined: bool,
    /// What fired for the key's intent (keywords and patterns as written):
    /// a set whose `when` names one of them answers before the others.
    pub matched: &'a [&'a str],
    /// Variables holding what the buyer named in this message (`color` of
    /// `雾霾蓝M有吗`): a variant quoting them comes before one that leaves
    /// them out, so the answer says back what was asked, whatever the
    /// rotation.
    pub said: &'a [&'a str],
}

/// The labels of what fired for `intent` in `c`, as [`Request::matched`]
/// wants them: a keyword found by its sound counts as the keyword.
pub(super) fn matched_for<'c>(c: Option<&'c Classification>, intent: &str) -> Vec<&'c str> {
    let Some(c) = c else {
        return Vec::new();
    };
    c.intent(intent)
        .map(|i| {
            i.matched()
                .map(|l| l.trim_start_matches(SOUND_MARK))
                .collect()
        })
        .unwrap_or_default()
}

pub(super) fn uses_offer(template: &Template) -> bool {
    template.vars().any(|v| OFFER_VARS.contains(&v))
}

/// Picks and fills a variant for `req`, recording the rotation in the session.
/// `None` when no set of the key (or its fallbacks) can say anything new here.
pub(super) fn pick(session: &mut Session, scripts: &Scripts, req: &Request<'_>) -> Option<Part> {
    let mut rotation = Rotation {
        stage: session.stage,
        last_variant: &mut session.last_variant,
        last_sent: session.last_sent.as_deref(),
    };
    rotation.pick(scripts, req)
}

/// The part of a session that choosing a variant reads and moves: callers
/// that only try variants out (assist mode's alternatives) rotate a copy of
/// `last_variant` alone instead of copying the whole session.
pub(super) struct Rotation<'s> {
    pub stage: Stage,
    /// Per reply key, the index of the variant used last; updated by [`Rotation::pick`].
    pub last_variant: &'s mut BTreeMap<String, usize>,
    /// Never picked again: the text the buyer saw last.
    pub last_sent: Option<&'s str>,
}

impl Rotation<'_> {
    /// [`pick`] on this rotation state.
    pub(super) fn pick(&mut self, scripts: &Scripts, req: &Request<'_>) -> Option<Part> {
        let last_clauses = LastClauses::of(self.last_sent);
        let keys = std::iter::once(req.key).chain(req.fallbacks.iter().copied());
        for key in keys {
            for set in scripts.replies.to_try(key, self.stage, req.matched) {
                // A part of a combined reply says it short; a reply of its
                // own says it in full, and when every full variant would
                // repeat the last message, short: the same answer in fewer
                // words beats a more generic set's answer to another question
                // (`能写贺卡吗` right after `有礼盒吗`).
                let lists = if req.combined {
                    [(&set.short, true), (&set.texts, false)]
                } else {
                    [(&set.texts, false), (&set.short, true)]
                };
                for (variants, short) in lists {
                    if variants.is_empty() {
                        continue;
                    }
                    let mut state_key = set.rotation_key();
                    if short {
                        state_key.push_str("/short");
                    }
                    let picked = self.pick_in(variants, &state_key, set, req, &last_clauses);
                    if let Some((index, part)) = picked {
                        self.last_variant.insert(state_key, index);
                        return Some(part);
                    }
                }
            }
        }
        None
    }

    /// Rotation over one list of variants: start after the one used last.
    fn pick_in(
        &self,
        variants: &[Template],
        state_key: &str,
        set: &ReplySet,
        req: &Request<'_>,
        last_clauses: &LastClauses,
    ) -> Option<(usize, Part)> {
        let n = variants.len();
        let start = self
            .last_variant
            .get(state_key)
            .map_or(0, |&last| (last + 1) % n);
        let passes: &[Option<bool>] = match req.offers {
            Offers::Any => &[None],
            Offers::Prefer => &[Some(true), None],
            Offers::Never => &[Some(false)],
        };
        // A variant that says again a sentence of the last message (`现在付
        // 款今天就能发出` right after the same words) comes only when no
        // other one can be said.
        let echoes = |text: &str| last_clauses.repeated_in(text);
        let rounds: &[bool] = if self.last_sent.is_some() {
            &[true, false]
        } else {
            &[false]
        };
        let quoting: &[bool] = if req.said.is_empty() {
            &[false]
        } else {
            &[true, false]
        };
        let quotes_said = |t: &Template| req.said.iter().all(|v| t.vars().any(|q| q == *v));
        // The offer preference outranks saying back what was asked, which
        // outranks freshness: an offer the policy wants said is said, in
        // the freshest words that quote the buyer.
        let tries = passes.iter().flat_map(|&want_offer| {
            quoting.iter().flat_map(move |&quote| {
                rounds
                    .iter()
                    .map(move |&fresh_only| (want_offer, quote, fresh_only))
            })
        });
        for (want_offer, quote, fresh_only) in tries {
            for step in 0..n {
                let index = (start + step) % n;
                let template = &variants[index];
                let offers = uses_offer(template);
                if want_offer.is_some_and(|want| want != offers)
                    || (quote && !quotes_said(template))
                {
                    continue;
                }
                let Some(text) = template.render(|v| req.vars.get(v)) else {
                    continue;
                };
                if self.last_sent == Some(text.as_str()) || (fresh_only && echoes(&text)) {
                    continue;
                }
                return Some((
                    index,
                    Part {
                        key: set.key.clone(),
                        text,
                        offers,
                        from: set.at.clone(),
                        general: set.when.is_empty(),
                    },
                ));
            }
        }
        None
    }
}

/// The clauses of the bot's last message long enough that saying one again
/// reads as repeating oneself (`亲`, `好的`, `有问题随时找我` are shorter).
///
/// Split once per pick, not once per variant tried: a reply tries a variant
/// or two, each against every clause.
struct LastClauses<'a>(Vec<&'a str>);

impl<'a> LastClauses<'a> {
    const MIN_CHARS: usize = 8;

    fn of(last: Option<&'a str>) -> LastClauses<'a> {
        let ends_clause = |ch: char| {
            matches!(
                ch,
                '~' | ',' | '，' | '。' | '!' | '！' | '?' | '？' | ';' | '；' | '\n'
            )
        };
        let clauses = (last.into_iter())
            .flat_map(|last| last.split(ends_clause))
            .map(|c| c.trim_end_matches(['哦', '呢', '啦', '哈']))
            .filter(|c| c.chars().count() >= Self::MIN_CHARS)
            .collect();
        LastClauses(clauses)
    }

    /// Whether `text` says one of the clauses again.
    fn repeated_in(&self, text: &str) -> bool {
        self.0.iter().any(|clause| contains(text, clause))
    }
}

/// `text.contains(needle)`, asking first whether the needle's first 32 bytes
/// are there: the standard library searches needles up to that length with
/// a vector scan, and longer ones with a two-way search whose set-up alone
/// costs more than the scan. A clause is rarely repeated, so the short scan
/// answers nearly every call. Not [`crate::nlu::has`]: a reply is longer
/// than the 64 bytes under which `memchr` rolls a hash, and past them it
/// builds a searcher per call (6,000 instructions a message more, counted).
fn contains(text: &str, needle: &str) -> bool {
    const VECTOR_NEEDLE: usize = 32;
    if needle.len() > VECTOR_NEEDLE {
        let end = (0..=VECTOR_NEEDLE)
            .rev()
            .find(|&i| needle.is_char_boundary(i))
            .unwrap_or(0);
        if end > 1 && !text.contains(&needle[..end]) {
            return false;
        }
    }
    text.contains(needle)
}

/// Whether `text` is one of the variants of `keys` as they render now. Used to
/// recognise the bot's own last word without storing reply keys.
pub(super) fn is_variant_of(
    text: &str,
    scripts: &Scripts,
    keys: &[&str],
    stage: Stage,
    vars: &Vars,
) -> bool {
    // Every `when` set of the keys too: which one spoke depended on a
    // message no longer at hand.
    let when_sets = (keys.iter())
        .flat_map(|key| scripts.replies.of(key))
        .filter(|s| !s.when.is_empty());
    keys.iter()
        .flat_map(|key| scripts.replies.to_try(key, stage, &[]))
        .chain(when_sets)
        .flat_map(|set| set.texts.iter().chain(set.short.iter()))
        .any(|t| t.render(|v| vars.get(v)).as_deref() == Some(text))
}

/// The shop's answer `faq` (of `item`'s entries, or the shop's) as the
/// part of `parts` that gave it, for the trace: the `item_faq` set's, or
/// the intent's own when the pack has none.
pub(super) fn faq_source(
    faq: &Faq,
    item: Option<&Item>,
    parts: &[Part],
    c: &Classification,
) -> Option<FaqSource> {
    let part = faq_part(parts, &faq.say)?;
    let (ask, at) = faq.asked_in(&c.normalized)?;
    Some(FaqSource {
        key: part.key.clone(),
        ask: ask.to_string(),
        at: at.cloned(),
        item: item.map(|i| i.id.clone()),
        say: faq.say.clone(),
    })
}

/// The part of `parts` that gives the shop's answer `say`: one of the
/// `item_faq` sets' (the answer, or the line for it asked again), or
/// another set quoting it.
pub(super) fn faq_part<'p>(parts: &'p [Part], say: &str) -> Option<&'p Part> {
    parts
        .iter()
        .find(|p| [FAQ_KEY, FAQ_AGAIN_KEY].contains(&p.key.as_str()) || p.text.contains(say))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_clause_of_the_last_message_said_again_is_found_whatever_its_length() {
        // 11 characters (33 bytes, past the vector search's 32) and 8.
        let last = "亲,现在付款今天下午就能发出哦~好的呢,发货后物流单号会同步~";
        let clauses = LastClauses::of(Some(last));
        assert!(clauses.repeated_in("亲~现在付款今天下午就能发出,放心"));
        assert!(clauses.repeated_in("发货后物流单号会同步哈"));
        // The first 32 bytes alone are not the clause.
        assert!(!clauses.repeated_in("现在付款今天下午就能发吗"));
        // Short clauses (`亲`, `好的呢`) are not repeating oneself.
        assert!(!clauses.repeated_in("亲,好的呢"));
        assert!(!LastClauses::of(None).repeated_in(last));
    }

    #[test]
    fn contains_agrees_with_the_standard_library() {
        let texts = [
            "",
            "a",
            "现在付款今天下午就能发出哦",
            "abc现在付款今天下午就能发出",
        ];
        let needles = [
            "现在付款今天下午就能发出",
            "现在付款今天下午就能发",
            "a",
            "出哦",
            "x",
        ];
        for text in texts {
            for needle in needles {
                assert_eq!(
                    contains(text, needle),
                    text.contains(needle),
                    "{text} {needle}"
                );
            }
        }
    }
}
