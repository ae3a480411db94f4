//! Shoes, sized by foot length (`脚长24.5cm`) against the item's own
//! table of the longest foot each size fits.

use crate::dialogue::Slots;
use crate::script::Item;

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

/// A foot length as buyers write it: `24.5cm`, `24cm`.
pub(in crate::dialogue) fn foot_text(mm: u32) -> String {
    match mm % 10 {
        0 => format!("{}cm", mm / 10),
        tenth => format!("{}.{tenth}cm", mm / 10),
    }
}
