//! What a stock question's answer says: the situation it is in, and the
//! variables that situation quotes.
//!
//! "有货吗" is the question asked most before buying, and the one answered
//! worst by a fixed line: whether a colour is there is a different answer
//! from whether a size is, and a colour the item has only shades of (`蓝色`
//! on jeans in 深蓝色 and 浅蓝色) is neither "有的" nor "没有这个颜色".
//! [`one`] reads a question about one thing; [`several`] one picking
//! several at once (see `variants`).

use super::sizes;
use super::slots::mentioned_color;
use super::variants::{self, Pick};
use super::vars::{Vars, LIST_SEPARATOR};
use super::Session;
use crate::nlu::Classification;
use crate::script::Scripts;

/// The situation of a size in stock with few pieces left.
const STOCK_LOW_KEY: &str = "stock_low";

/// The situation of a colour asked by its hue that the item has only
/// shades of.
const NEAR_COLOUR_KEY: &str = "stock_color_near";

/// A situation, and the more general one said when the pack has no words
/// for it.
pub(super) type Situation = (&'static str, Option<&'static str>);

/// The situation of a stock question about the item in talk, with its
/// variables set in `vars`; `said`: the variables naming what the message
/// named, to which the colour is added when named. `None` when neither a
/// colour nor a size is known: the intent's own words answer.
pub(super) fn one(
    session: &Session,
    scripts: &Scripts,
    c: &Classification,
    vars: &mut Vars,
    said: &mut Vec<&str>,
) -> Option<Situation> {
    let item = session.item(&scripts.catalog);
    let size = session.slots.size.as_deref();
    // The item's colour the message names, read once for both uses below.
    let mentioned = item.and_then(|i| mentioned_color(i, &c.normalized, &c.normalized));
    // Whether the message asks for a colour, and if so which of the
    // item's colours it names: the one said, else those of that hue
    // (`蓝色` on jeans in 深蓝色 and 浅蓝色, `白色` on shoes in
    // 白灰色), which an agent offers rather than "没有这个颜色".
    let colours = item.and_then(|i| {
        let base = crate::nlu::colour_named(&c.normalized)?;
        Some(match &mentioned {
            Some(said) => (vec![said.clone()], true),
            None => (
                i.colors
                    .iter()
                    .filter(|c| c.contains(base))
                    .cloned()
                    .collect(),
                false,
            ),
        })
    });
    let colour = colours.as_ref().map(|(found, _)| !found.is_empty());
    // `雾霾蓝M有吗`: the answer names the colour back, whichever
    // words' turn it is.
    if mentioned.is_some() && vars.get("color").is_some() {
        said.push("color");
    }
    // Shades only: whether they are what the buyer wants is the
    // question, whatever size is in talk.
    let shades = colours
        .as_ref()
        .is_some_and(|(found, said)| !found.is_empty() && !said);
    // A size in this message, with `码` or bare on an item sized
    // in numbers (`黑色38有吗`).
    let size_said = c.entities.size.is_some()
        || item.is_some_and(|i| sizes::number_size(i, &c.normalized).is_some());
    if shades
        || colour == Some(true)
            && !size_said
            && item.is_some_and(|i| size.is_none_or(|s| i.stock_of(s) == 0))
    {
        // A colour it comes in, and no size in this message
        // (`有黑色的吗`): the colour is the question. A size in talk
        // that is in stock still answers it ("39码有现货"); one sold
        // out or not made would answer something not asked.
        let mut situation = ("stock_color", None);
        if let Some((found, _)) = &colours {
            vars.set("color", &found.join(LIST_SEPARATOR));
            // Only shades of it: "有的" would claim the colour asked.
            // A pack without words for it says `stock_color`'s.
            if shades {
                situation = (NEAR_COLOUR_KEY, Some("stock_color"));
            }
        }
        return Some(situation);
    }
    if colour == Some(false) {
        // A colour the item does not come in (`有白色的吗` on jeans
        // in blues and black) is answered with the colours it does, not by the
        // stock of the size given earlier, and never "黑色有的哦"
        // with the colour of an earlier message.
        vars.set("color", "");
        return Some(("stock_no_such_color", None));
    }
    let (item, size) = (item?, size?);
    if !item.is_made_in(size) {
        // 38 on a hoodie sold in S–XXL: "38码暂时没货" would
        // say the size exists and may come back.
        return Some(("stock_no_such_size", None));
    }
    let left = item.stock_of(size);
    if left > 0 {
        // A few left, under the shop's threshold: said, where
        // the pack has words for it (`S码还有几件`: "只剩2件").
        if scripts.shop.low_stock.is_some_and(|low| left <= low) {
            vars.set("stock_left", &left.to_string());
            return Some((STOCK_LOW_KEY, Some("stock_yes")));
        }
        return Some(("stock_yes", None));
    }
    if let Some(other) = scripts.catalog.similar_in_stock(item, Some(size)) {
        vars.set_similar(other);
    }
    let next_to = item.in_stock_next_to(size);
    if !next_to.is_empty() {
        vars.set("sizes_next_to", &next_to.join(LIST_SEPARATOR));
    }
    Some(("stock_no", None))
}

/// The situation of several picked at once (`一白一黑 都要L`, `卫衣要黑色L
/// 卫裤要灰色L`), with the lists of them set in `vars`. The picks that can
/// be had become the session's basket: `一共多少钱` next sums them.
pub(super) fn several(session: &mut Session, picks: &[Pick], vars: &mut Vars) -> Situation {
    let said = variants::answer(picks);
    vars.set("variants_in", &said.there);
    vars.set("variants_out", &said.not);
    vars.set("unmade", &said.unmade);
    // Of several items, no one item's sizes or colours are the ones
    // there are.
    if picks.iter().any(|p| p.named.is_some()) {
        vars.set("sizes", "");
        vars.set("colors", "");
    }
    let general = match (said.unmade.is_empty(), said.not.is_empty()) {
        (false, _) => "stock_no_such_color",
        (true, true) => "stock_yes",
        (true, false) => "stock_no",
    };
    session.slots.basket = variants::basket(picks);
    (said.situation, Some(general))
}
