//! A shoe size said in another country's system (`美码9`, `UK 7`, `欧码39`;
//! read by `nlu::shoe_size`): the foot it stands for, and what the size
//! answers say of it, repeating the size so the buyer can check it.
//!
//! A US size stands for a foot only once it is known as men's or women's:
//! the same number is over two Chinese sizes apart, and a guess sends the
//! wrong pair. The message says so (`美码女7`, `我老公穿美码9`), or the
//! conversation did (`送妈妈`, `她160 110斤`), or the item's name does
//! (`男款跑鞋`). Otherwise the answer gives the size both ways
//! (`size_system_either`), or after a recommendation of two pairs asks
//! which (`size_system_ask`), and a short answer (`男的`) settles it.

use super::feet::{foot_fit, foot_text, FootFit, FootGiven, SIZE_FROM_FOOT_KEY};
use crate::dialogue::vars::Vars;
use crate::dialogue::{Session, Slots};
use crate::nlu::{sex_said, shoe_size, Classification, Sex, ShoeSize};
use crate::script::{Item, Scripts};

/// The size answer for shoes by a size of another country.
const SIZE_FROM_SYSTEM_KEY: &str = "size_from_system";

/// A US size not known as men's or women's: the size both ways.
const SIZE_SYSTEM_EITHER_KEY: &str = "size_system_either";

/// A US size not known as men's or women's: asked which.
const SIZE_SYSTEM_ASK_KEY: &str = "size_system_ask";

/// The pairs just recommended, each sized by a size of another country.
const SIZE_FOR_PICKS_SYSTEM_KEY: &str = "size_for_picks_system";
/// The same when no pair fits the foot the size stands for.
const SIZE_PICKS_SYSTEM_NONE_KEY: &str = "size_picks_system_none";

/// The longest message read as only saying whose a US size is (`男的`,
/// `是女款`, `给我老公买的`): a longer one is about something else that
/// happens to name someone.
const SAYS_WHOSE_CHARS: usize = 10;

/// The foot a size of another country in the message stands for, or a US
/// size said before both ways now settled by whose it is (`男的` right
/// after the size answer). `None` when the message gives neither.
pub(super) fn foot_given(
    session: &Session,
    scripts: &Scripts,
    c: &Classification,
) -> Option<FootGiven> {
    let text = &c.normalized;
    if let Some(size) = shoe_size(text) {
        let sex = (size.sex)
            .or_else(|| sex_said(text))
            .or_else(|| sex_known(session, scripts));
        return Some(given(size, sex));
    }
    // The size in talk as said, read back: `美码9` waiting for its kind, or
    // `男款美码9` when this message (read again) or an earlier one gave it,
    // which a later `女的` corrects. A length said since has cleared it.
    let answered = session.topic.iter().any(|t| t == "size_advice");
    if !answered || text.chars().count() > SAYS_WHOSE_CHARS {
        return None;
    }
    let size = shoe_size(session.slots.shoe_size.as_deref()?)?;
    if !size.needs_sex() {
        return None;
    }
    Some(given(size, Some(sex_said(text)?)))
}

/// The foot `size` stands for, said as a reply repeats it: for the US with
/// the kind it was read as, where known.
fn given(size: ShoeSize, sex: Option<Sex>) -> FootGiven {
    FootGiven {
        mm: size.foot_mm(sex),
        half: None,
        system: Some(size.said(sex.filter(|_| size.needs_sex()))),
    }
}

/// Whether the shoes are for a man or a woman by what the conversation
/// said before (whose measurements or foot, whom the buyer shops for), or
/// else by the item's name (`男款跑鞋`; not `男女同款`).
fn sex_known(session: &Session, scripts: &Scripts) -> Option<Sex> {
    let slots = &session.slots;
    (slots.wearer.as_deref().and_then(sex_said))
        .or_else(|| slots.wish.whom.as_deref().and_then(sex_said))
        .or_else(|| {
            let item = session.item(&scripts.catalog)?;
            let names: Vec<&str> = (std::iter::once(item.name.as_str()))
                .chain(item.aliases.iter().map(String::as_str))
                .collect();
            sex_said(&names.join(","))
        })
}

/// The size answer's situation and variables when the foot in talk came
/// from a size of another country (`{shoe_size}`), more particular than
/// `size_from_foot`; `None` when it did not.
pub(super) fn said_as(
    slots: &Slots,
    vars: &mut Vars,
) -> Option<(&'static str, Option<&'static str>)> {
    let said = slots.shoe_size.as_deref()?;
    vars.set("shoe_size", said);
    Some((SIZE_FROM_SYSTEM_KEY, Some(SIZE_FROM_FOOT_KEY)))
}

/// A US size on the item in talk, not known as men's or women's: the size
/// of the item each way (see [`EitherKind`]). `None` when the foot is
/// known, or the item is not shoes sized by foot length.
pub(in crate::dialogue) fn either_kind(session: &Session, scripts: &Scripts) -> Option<EitherKind> {
    let slots = &session.slots;
    if slots.foot_mm.is_some() {
        return None;
    }
    let said = slots.shoe_size.as_deref()?;
    let size = shoe_size(said)?;
    let item = session.item(&scripts.catalog)?;
    if item.foot_length.is_empty() || scripts.catalog.chart_for(item).is_some() {
        return None;
    }
    let each = |sex| {
        let mm = size.foot_mm(Some(sex))?;
        Some((foot_text(mm), size_said(item, mm)))
    };
    Some(EitherKind {
        said: said.to_string(),
        men: each(Sex::Men)?,
        women: each(Sex::Women)?,
    })
}

/// The size of the item in talk for a US size read as men's and as
/// women's: each one's foot (`26.2cm`) and size (`43码`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(in crate::dialogue) struct EitherKind {
    said: String,
    men: (String, String),
    women: (String, String),
}

impl EitherKind {
    /// Sets the variables its answer says; returns its situation and the
    /// more general one said when the pack has no words for it.
    pub(in crate::dialogue) fn say(&self, vars: &mut Vars) -> (&'static str, Option<&'static str>) {
        vars.set("shoe_size", &self.said);
        vars.set("foot_men", &self.men.0);
        vars.set("size_men", &self.men.1);
        vars.set("foot_women", &self.women.0);
        vars.set("size_women", &self.women.1);
        (SIZE_SYSTEM_EITHER_KEY, Some(SIZE_SYSTEM_ASK_KEY))
    }
}

/// The size of `item` for a foot of `mm`, as one of two said side by side:
/// `43码`, `38码(暂时售罄)`, or past either end of the table the end size
/// and which way it is off (`44码(会偏小)`, `36码(会偏大)`).
fn size_said(item: &Item, mm: u32) -> String {
    match foot_fit(item, mm) {
        FootFit::Beyond(largest) => format!("{largest}码(会偏小)"),
        FootFit::Below(smallest) => format!("{smallest}码(会偏大)"),
        FootFit::Size(size, true) => format!("{size}码(暂时售罄)"),
        FootFit::Size(size, false) => format!("{size}码"),
    }
}

/// The answer to a size question after two pairs were recommended, when
/// the buyer gave a size of another country: each pair's size with the
/// size repeated, or, for a US size not known as men's or women's, the
/// question which. `said` is the situation the recommended pairs chose
/// (see `lists::ForPicks`), kept when none of this applies.
pub(in crate::dialogue) fn picks_said_as(
    slots: &Slots,
    vars: &mut Vars,
    said: (&'static str, Option<&'static str>),
) -> (&'static str, Option<&'static str>) {
    let Some(size) = slots.shoe_size.as_deref() else {
        return said;
    };
    vars.set("shoe_size", size);
    match said.0 {
        "size_for_picks_foot" => (SIZE_FOR_PICKS_SYSTEM_KEY, Some(said.0)),
        // The length was worked out, not measured: said as the size's.
        "size_picks_foot_none" => (SIZE_PICKS_SYSTEM_NONE_KEY, Some(said.0)),
        "size_picks_need_foot" if slots.foot_mm.is_none() => (SIZE_SYSTEM_ASK_KEY, Some(said.0)),
        _ => said,
    }
}
