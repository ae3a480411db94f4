//! Shoes, sized by foot length (`脚长24.5cm`) against the item's own
//! table of the longest foot each size fits: the foot a message gives,
//! as a length, a half size worn or a size of another country (see
//! `systems`), and the size the table makes of it.

use super::{sized_by_foot, systems};
use crate::dialogue::vars::Vars;
use crate::dialogue::{Session, Slots};
use crate::nlu::Classification;
use crate::script::{Item, Scripts};

/// The size answer for shoes by the foot length.
pub(super) const SIZE_FROM_FOOT_KEY: &str = "size_from_foot";

/// The size answer for shoes by a half size worn.
const SIZE_FROM_HALF_KEY: &str = "size_from_half";

/// What a message says of the buyer's foot (see [`foot_given`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct FootGiven {
    /// The foot in mm; `None` for a US size not yet known as men's or
    /// women's, which stands for no one length.
    pub mm: Option<u32>,
    /// The half size worn it was worked out from (`37.5`).
    pub half: Option<String>,
    /// The size of another country it was worked out from, as a reply
    /// repeats it (`男款美码9`, `欧码39`).
    pub system: Option<String>,
}

/// The foot the message gives, for shoes sized by foot length: a length
/// said as one (`脚长24.5`), or alone (`24.5`, `24.5cm`) when the last
/// question answered was of size, which for shoes asks for the length
/// ("量一下脚长告诉我"): an agent who asked hears the number as the answer.
/// Else a size of another country (`美码9`, `欧码39`), or a half size worn
/// (`37.5的脚`), which stand for the foot they fit and come with it, as
/// the answers name them (not a length never given).
pub(super) fn foot_given(
    session: &Session,
    scripts: &Scripts,
    c: &Classification,
) -> Option<FootGiven> {
    if !sized_by_foot(session, scripts) {
        return None;
    }
    let text = &c.normalized;
    let asked = || session.topic.iter().any(|t| t == "size_advice");
    let length = (crate::nlu::foot_length_mm(text))
        .or_else(|| asked().then(|| crate::nlu::bare_length_mm(text))?);
    if let Some(mm) = length {
        return Some(FootGiven {
            mm: Some(mm),
            half: None,
            system: None,
        });
    }
    if let Some(given) = systems::foot_given(session, scripts, c) {
        return Some(given);
    }
    let (half, mm) = crate::nlu::half_size(text)?;
    Some(FootGiven {
        mm: Some(mm),
        half: Some(half),
        system: None,
    })
}

/// The size of `item` for the buyer's foot length, when it has a
/// foot-length table and the buyer gave a length it covers.
pub(in crate::dialogue) fn foot_size<'i>(slots: &Slots, item: &'i Item) -> Option<&'i str> {
    item.size_for_foot(slots.foot_mm?)
}

/// The smallest size of `item` and the foot length it is made for, when
/// the foot the buyer measured is clearly shorter than that size fits
/// (`脚长21cm` on shoes from 36, made for 230 mm). The table gives each
/// size the longest foot it fits, so a size is made for the feet between
/// the size below's length and its own: 36 for 226 to 230 mm, with sizes
/// 5 mm apart. A foot of 225 mm, one step short, is what the size below
/// would fit, and takes the smallest size half a size big, as a wide foot
/// is told to anyway; a foot shorter than that is more than a size short,
/// and "拍36码合适" would promise a fit the shoe cannot give. The step is
/// read from the two smallest sizes (shoes run 5 mm a size, some 10); a
/// table of one size gives none, and its size is said as for any foot. A
/// foot said as a half size (`平时穿34.5`) is left to `size_from_half`,
/// whose words name it; the length worked out from it was never said.
pub(in crate::dialogue) fn foot_below<'i>(slots: &Slots, item: &'i Item) -> Option<(&'i str, u32)> {
    let foot = slots.foot_mm.filter(|_| slots.half_size.is_none())?;
    smallest_too_big(item, foot)
}

/// [`foot_below`] for a foot of `foot` mm, however it was said.
pub(in crate::dialogue) fn smallest_too_big(item: &Item, foot: u32) -> Option<(&str, u32)> {
    let [(smallest, fits), (_, next)] = item.foot_length.get(..2)? else {
        return None;
    };
    let step = next.checked_sub(*fits)?;
    (foot + step < *fits).then_some((smallest.as_str(), *fits))
}

/// Where a foot falls in an item's foot-length table (see [`foot_fit`]).
pub(super) enum FootFit<'i> {
    /// The size made for it, and whether that size is sold out.
    Size(&'i str, bool),
    /// Clearly shorter than the smallest size fits: that size.
    Below(&'i str),
    /// Longer than the largest size fits: that size.
    Beyond(&'i str),
}

/// The size of `item` for a foot of `mm`, or the end of its table the foot
/// is past: what each list of sizes says in its own words.
pub(super) fn foot_fit(item: &Item, mm: u32) -> FootFit<'_> {
    let Some(size) = item.size_for_foot(mm) else {
        let largest = item.foot_length.last().map_or("", |(s, _)| s.as_str());
        return FootFit::Beyond(largest);
    };
    if let Some((smallest, _)) = smallest_too_big(item, mm) {
        return FootFit::Below(smallest);
    }
    FootFit::Size(size, item.stock_of(size) == 0)
}

/// A foot length as buyers write it: `24.5cm`, `24cm`.
pub(in crate::dialogue) fn foot_text(mm: u32) -> String {
    match mm % 10 {
        0 => format!("{}cm", mm / 10),
        tenth => format!("{}.{tenth}cm", mm / 10),
    }
}

/// The size answer's situation when the foot in talk was said otherwise
/// than as a length: a size of another country (`{shoe_size}`, see
/// `systems`) or a half size worn (`{half_size}`), each named as said
/// rather than as a length the buyer never gave; with the situation to
/// fall back to. `None` for a length.
pub(in crate::dialogue) fn said_as(
    slots: &Slots,
    vars: &mut Vars,
) -> Option<(&'static str, Option<&'static str>)> {
    if let Some(said) = systems::said_as(slots, vars) {
        return Some(said);
    }
    let half = slots.half_size.as_deref()?;
    vars.set("half_size", half);
    Some((SIZE_FROM_HALF_KEY, Some(SIZE_FROM_FOOT_KEY)))
}
