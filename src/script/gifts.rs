//! Whom a buyer is shopping for: `送妈妈什么好`, `想给男朋友买个礼物`,
//! `有适合送长辈的吗`.
//!
//! A buyer shopping for someone else names them, not a kind of goods, and
//! an agent answers with what suits them: something warm and soft for a
//! mother, not the high-waisted jeans. The catalogue says whom each item
//! suits as a present (`[[item]] gift_for`), in the names of the
//! `[[recipient]]` tables, whose words are how buyers call those people.
//!
//! A word only names a recipient where the message gives to them: `送妈妈`,
//! `送给我老公`, `给我妈买`, or beside `礼物`. `我妈说这个颜色不好看` and
//! `送到我妈家` are not shopping for her.

use super::catalog::{Catalog, Item};
use aho_corasick::{AhoCorasick, MatchKind};

/// Someone buyers buy presents for (`长辈`), by the words buyers call
/// them (`妈妈`, `爸爸`), normalised like messages.
#[derive(Debug, Clone, PartialEq)]
pub struct Recipient {
    pub name: String,
    pub words: Vec<String>,
}

/// A recipient a message names, with the word it used.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Gift<'c> {
    pub recipient: &'c Recipient,
    /// The word as the buyer said it (`妈妈`, `老公`).
    pub said: &'c str,
}

impl Gift<'_> {
    /// How a reply calls the recipient: the buyer's own word, a single
    /// character doubled as Chinese calls kin (`我妈` → `妈妈`, `哥` →
    /// `哥哥`), so that "给妈妈的话…" reads as an agent would say it.
    pub fn whom(&self) -> String {
        let mut chars = self.said.chars();
        match (chars.next(), chars.next()) {
            (Some(only), None) => format!("{only}{only}"),
            _ => self.said.to_string(),
        }
    }
}

/// Words before a recipient's word that say the message gives to them:
/// `送`, `送给`, `给`, each optionally followed by `我`, `我的`, `我家`
/// (`送给我老公`). Longest first.
const GIVING: &[&str] = &["送给", "送", "给"];
const MINE: &[&str] = &["我家", "我的", "咱", "我", ""];

/// Words that, after `给…`, say the buyer is buying for that person
/// (`给我妈买件衣服`), where `给我妈看看` is not.
const BUYING: &[&str] = &["买", "挑", "选", "推荐", "礼物", "礼品", "带"];

/// Words that make any recipient named a present's (`男朋友生日礼物`).
const PRESENT: &[&str] = &["礼物", "礼品"];

impl Catalog {
    /// The recipient a message (normalised) shops for, if it names one of
    /// their words where it gives to them (see the module's doc). The
    /// longest word wins (`妈妈` over `妈`).
    pub fn recipient_in(&self, normalized: &str) -> Option<Gift<'_>> {
        let present = PRESENT.iter().any(|p| normalized.contains(p));
        // Most messages give to no one: character scans say so, before
        // the words are looked for (this runs on most messages).
        if !(present || normalized.contains(['送', '给'])) {
            return None;
        }
        let words = self.recipient_words.0.as_ref()?;
        let mut best: Option<Gift<'_>> = None;
        for found in words.automaton.find_iter(normalized) {
            let (r, w) = words.owners[found.pattern().as_usize()];
            let recipient = &self.recipients[r];
            let said = recipient.words[w].as_str();
            let given = present || gives_to(normalized, found.start(), found.len());
            if given && best.is_none_or(|b| said.len() > b.said.len()) {
                best = Some(Gift { recipient, said });
            }
        }
        best
    }

    /// The items in stock that suit `recipient` as a present, in
    /// catalogue order.
    pub fn gifts_for<'c>(&'c self, recipient: &'c str) -> impl Iterator<Item = &'c Item> + 'c {
        (self.items.iter()).filter(move |i| i.gift_for.iter().any(|r| r == recipient))
    }
}

/// Every recipient's words as one automaton, longest first where they
/// overlap (`妈妈` over `妈`), with whose word each pattern is: one pass
/// over a message finds them, where a search per word cost a few hundred
/// instructions on every message with a `给`.
#[derive(Debug, Clone)]
pub(super) struct RecipientWords {
    automaton: AhoCorasick,
    /// Per pattern: the index of its recipient and of the word in its `words`.
    owners: Vec<(usize, usize)>,
}

impl RecipientWords {
    /// `None` without recipients (or, never for words this size, when the
    /// automaton cannot be built: then no message names one).
    pub(super) fn of(recipients: &[Recipient]) -> Option<RecipientWords> {
        let mut words = Vec::new();
        let mut owners = Vec::new();
        for (r, recipient) in recipients.iter().enumerate() {
            for (w, word) in recipient.words.iter().enumerate() {
                words.push(word.as_str());
                owners.push((r, w));
            }
        }
        if words.is_empty() {
            return None;
        }
        let automaton = AhoCorasick::builder()
            .match_kind(MatchKind::LeftmostLongest)
            .build(words)
            .ok()?;
        Some(RecipientWords { automaton, owners })
    }
}

/// Whether the word at byte `at` (`len` bytes) of `text` is given to:
/// `送妈妈`, `送给我老公`, or `给我妈` followed by buying (`买`).
fn gives_to(text: &str, at: usize, len: usize) -> bool {
    let before = &text[..at];
    let after = &text[at + len..];
    MINE.iter().any(|mine| {
        let Some(rest) = before.strip_suffix(mine) else {
            return false;
        };
        GIVING.iter().any(|giving| {
            rest.ends_with(giving) && (*giving != "给" || BUYING.iter().any(|b| after.contains(b)))
        })
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn catalog() -> Catalog {
        let recipients = vec![
            Recipient {
                name: "长辈".into(),
                words: vec!["妈妈".into(), "妈".into(), "长辈".into()],
            },
            Recipient {
                name: "男生".into(),
                words: vec!["男朋友".into(), "老公".into()],
            },
        ];
        Catalog::new(Vec::new(), Vec::new(), Vec::new(), recipients)
    }

    fn whom(text: &str) -> Option<(String, String)> {
        let catalog = catalog();
        let gift = catalog.recipient_in(text)?;
        Some((gift.recipient.name.clone(), gift.whom()))
    }

    #[test]
    fn giving_to_someone_names_them() {
        let mum = Some(("长辈".to_string(), "妈妈".to_string()));
        assert_eq!(whom("送妈妈合适吗"), mum);
        assert_eq!(whom("想送给我妈一件衣服"), mum);
        assert_eq!(whom("给我妈买件衣服推荐一下"), mum);
        assert_eq!(whom("有适合送长辈的吗").unwrap().1, "长辈");
        assert_eq!(whom("送给我老公").unwrap().0, "男生");
        assert_eq!(whom("男朋友生日礼物买什么好").unwrap().1, "男朋友");
    }

    #[test]
    fn naming_someone_without_giving_is_not_shopping_for_them() {
        assert_eq!(whom("我妈说这个颜色不好看"), None);
        assert_eq!(whom("能送到我妈家吗"), None);
        assert_eq!(whom("给我妈看看再说"), None);
        assert_eq!(whom("我老公穿xl"), None);
    }
}
