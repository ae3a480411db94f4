//! Invoices (开发票): the 抬头 and 税号 a buyer sends, kept on the session
//! until they are enough to issue one, then written on the order for
//! whoever issues it.
//!
//! The seeds' rule: a buyer who wants an invoice gives its 抬头, and the
//! shop records the kind, the 抬头, the amount and the content. Before this
//! module the bot asked for the 抬头 and 税号 whatever the buyer had already
//! sent, wrote nothing down, and answered `发票能开成办公用品吗` with "抬头
//! 和税号发我", which reads as yes to an invoice that does not match the
//! goods.
//!
//! - A personal invoice needs no 税号: `个人` alone is enough.
//! - A company's needs its name and its 税号; whichever is missing is asked
//!   for, and what was given is kept across messages.
//! - Once complete it is written on the buyer's latest order as a remark
//!   (kind, 抬头, 税号, amount, content). With no order yet it is kept, and
//!   written on the order the buyer places next (see [`note_on_order`]).
//! - The content is what was bought. A request to put other goods on it is
//!   refused, whatever else the buyer gave.
//!
//! Only a message classified as about invoices, or any message while the
//! buyer owes a missing part, is read for details: the rest of the traffic
//! pays nothing for this.

use super::vars::amount_text;
use super::{Action, Session};
use crate::channel::protocol::OrderStatus;
use crate::nlu::{has, Classification};
use regex::Regex;
use serde::{Deserialize, Serialize};
use std::sync::LazyLock;

/// The intent whose answers this module picks.
pub(super) const INTENT: &str = "invoice";

/// The invoice was written on an order: `{invoice}` says what.
pub(super) const NOTED_KEY: &str = "invoice_noted";
/// Complete, but no order to write it on yet.
const KEPT_KEY: &str = "invoice_kept";
/// A company's 抬头 without its 税号.
const NEED_TAX_ID_KEY: &str = "invoice_need_tax_id";
/// A 税号 without the 抬头 it belongs to.
const NEED_TITLE_KEY: &str = "invoice_need_title";
/// Other goods asked to be put on the invoice.
const CONTENT_KEY: &str = "invoice_content";
/// Complete, asked as a VAT special invoice (`专票`): `{invoices}` says
/// which the shop issues.
const SPECIAL_KEY: &str = "invoice_special";

/// What the buyer asked for an invoice, as far as they said.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Invoice {
    /// The 抬头: a company's name, or a person's (`个人` when none given).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    /// The company's 税号 (统一社会信用代码), upper-cased.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tax_id: Option<String>,
    /// `Some(true)`: a personal invoice, no 税号 needed; `Some(false)`: a
    /// company's; `None`: not said yet.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub personal: Option<bool>,
    /// The order it was written on: written once.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub noted_on: Option<String>,
    /// The buyer asked for a VAT special invoice (`专票`): whoever issues
    /// it must know, and the buyer hears which invoices the shop issues.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub special: bool,
}

impl Invoice {
    /// Whether enough is known to issue it.
    fn complete(&self) -> bool {
        match self.personal {
            Some(true) => true,
            _ => self.title.is_some() && self.tax_id.is_some(),
        }
    }

    /// How the invoice reads to the buyer and on the order (`单位抬头
    /// 杭州木子科技有限公司,税号91330106MA28ABCD1X`).
    pub(super) fn described(&self) -> String {
        let title = self.title.as_deref();
        match (self.personal, title, self.tax_id.as_deref()) {
            (Some(true), Some(name), _) if name != PERSONAL => format!("个人抬头 {name}"),
            (Some(true), _, _) => "个人抬头".to_string(),
            (_, Some(title), Some(id)) => format!("单位抬头 {title},税号{id}"),
            (_, Some(title), None) => format!("单位抬头 {title}"),
            (_, None, Some(id)) => format!("税号{id}"),
            (_, None, None) => String::new(),
        }
    }
}

/// What a personal invoice's 抬头 is called when the buyer gives no name.
const PERSONAL: &str = "个人";

/// Reads the invoice details in the buyer's message, `typed` as typed and
/// `c` as understood, into the session, and writes a completed invoice on
/// the buyer's latest order. Returns whether the message gave any detail,
/// so a bare `91330106MA28ABCD1X` sent after being asked is answered as the
/// invoice it is.
pub(super) fn take_details(
    session: &mut Session,
    actions: &mut Vec<Action>,
    typed: &str,
    c: &Classification,
) -> bool {
    let owed = session.invoice.as_ref().is_some_and(|i| !i.complete());
    if !c.has(INTENT) && !owed {
        return false;
    }
    let said = read(typed, &c.normalized);
    if said == Invoice::default() {
        return false;
    }
    let invoice = session.invoice.get_or_insert_with(Invoice::default);
    let changed = merge(invoice, said);
    if changed && invoice.noted_on.is_some() {
        // A correction (`抬头写错了 是…`) is written again.
        invoice.noted_on = None;
    }
    if let Some(order) = latest_order(session) {
        note(session, actions, &order);
    }
    true
}

/// Writes a completed invoice not yet written on `order` (just placed or
/// paid), and says nothing: the order's own line is the reply. A buyer who
/// sent their 抬头 before ordering is not asked for it again.
pub(super) fn note_on_order(session: &mut Session, actions: &mut Vec<Action>, order: &str) {
    if session
        .invoice
        .as_ref()
        .is_some_and(|i| i.noted_on.is_none())
    {
        note(session, actions, order);
    }
}

/// The remark for a complete invoice, on `order`.
fn note(session: &mut Session, actions: &mut Vec<Action>, order: &str) {
    let amount = session.orders.get(order).and_then(|o| o.amount.clone());
    let Some(invoice) = session.invoice.as_mut().filter(|i| i.complete()) else {
        return;
    };
    if invoice.noted_on.as_deref() == Some(order) {
        return;
    }
    let amount =
        amount.map(|a| format!(",金额{}元", amount_text(a.trim_start_matches(['¥', '￥']))));
    actions.push(Action::Remark {
        order: order.to_string(),
        text: format!(
            "开发票{}:{}{},内容按实际商品开具",
            if invoice.special {
                "(买家要的是增值税专用发票)"
            } else {
                ""
            },
            invoice.described(),
            amount.unwrap_or_default()
        ),
        flag: None,
    });
    invoice.noted_on = Some(order.to_string());
    session.noted = Some(super::Noted {
        order: order.to_string(),
        invoice: true,
    });
}

/// The order an invoice goes on: the latest paid, else shipped, else
/// placed and unpaid.
fn latest_order(session: &Session) -> Option<String> {
    [
        OrderStatus::Paid,
        OrderStatus::Shipped,
        OrderStatus::Created,
    ]
    .into_iter()
    .find_map(|status| super::orders::latest_order(session, status))
}

/// The situation that answers an invoice question, with `{invoice}`, and
/// the more general one said when the pack has no words for it: none when
/// nothing was given yet (the intent's own set asks for it all).
pub(super) fn situation(
    session: &Session,
    c: &Classification,
) -> Option<(&'static str, Option<&'static str>, String)> {
    if asks_other_content(&c.normalized) {
        return Some((CONTENT_KEY, None, String::new()));
    }
    let invoice = session.invoice.as_ref()?;
    let key = if invoice.complete() {
        if invoice.noted_on.is_some() {
            NOTED_KEY
        } else {
            KEPT_KEY
        }
    } else if invoice.title.is_some() {
        NEED_TAX_ID_KEY
    } else if invoice.tax_id.is_some() {
        NEED_TITLE_KEY
    } else {
        return None;
    };
    // Noted or kept as asked, but the shop may issue no 专票: the buyer
    // hears which it does before taking the remark for a promise.
    if invoice.special && matches!(key, NOTED_KEY | KEPT_KEY) {
        return Some((SPECIAL_KEY, Some(key), invoice.described()));
    }
    Some((key, None, invoice.described()))
}

/// Puts what a message said into what was known; returns whether anything
/// known changed (a correction), not only filled in.
fn merge(known: &mut Invoice, said: Invoice) -> bool {
    let mut changed = false;
    let mut put = |slot: &mut Option<String>, new: Option<String>| {
        if let Some(new) = new {
            changed |= slot.as_ref().is_some_and(|old| *old != new);
            *slot = Some(new);
        }
    };
    known.special |= said.special;
    put(&mut known.title, said.title);
    put(&mut known.tax_id, said.tax_id);
    if let Some(personal) = said.personal {
        changed |= known.personal.is_some_and(|p| p != personal);
        known.personal = Some(personal);
    }
    if known.personal.is_none() && known.tax_id.is_some() {
        known.personal = Some(false);
    }
    if known.personal == Some(true) && known.title.is_none() {
        known.title = Some(PERSONAL.to_string());
    }
    changed
}

/// Words that introduce a 税号.
const TAX_WORDS: &[&str] = &["税号", "识别号", "信用代码", "纳税人"];

/// Words asking for a VAT special invoice, which only a company takes.
const SPECIAL_WORDS: &[&str] = &["专票", "增票", "增值税专用"];

/// Words that say the invoice is a company's.
const COMPANY_WORDS: &[&str] = &["公司", "单位", "企业", "专票", "增值税专用"];

/// The endings of an organisation's name: what tells `杭州木子科技有限公司`
/// sent alone from any other words.
const NAME_ENDINGS: &[&str] = &[
    "公司",
    "集团",
    "研究院",
    "研究所",
    "学校",
    "大学",
    "学院",
    "医院",
    "事务所",
    "工作室",
    "合作社",
    "委员会",
    "中心",
    "商行",
    "经营部",
    "门市部",
    "幼儿园",
];

/// A 税号: 15, 17, 18 or 20 letters and digits, standing apart. The
/// unified social credit code is 18; older ones ran to 15 or 20.
static TAX_ID: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?:^|[^0-9a-z])([0-9a-z]{20}|[0-9a-z]{17,18}|[0-9a-z]{15})(?:[^0-9a-z]|$)")
        .expect("tax id pattern")
});

/// What one message says of an invoice.
fn read(typed: &str, normalized: &str) -> Invoice {
    let tax_id = (TAX_ID.captures_iter(normalized))
        .filter_map(|m| m.get(1))
        .map(|m| m.as_str())
        // An 18-digit number alone is as likely an order number: a 税号
        // with no letter counts only after a word that says it is one.
        .filter(|id| !is_id_card(id))
        .find(|id| {
            id.bytes().any(|b| b.is_ascii_alphabetic())
                || TAX_WORDS.iter().any(|w| has(normalized, w))
        })
        .map(str::to_ascii_uppercase);
    let title = title(typed);
    let says_personal = has(normalized, PERSONAL) && !has(normalized, "个人信息");
    let says_company = COMPANY_WORDS.iter().any(|w| has(normalized, w));
    let named_company = title.as_deref().is_some_and(is_organisation);
    let personal = if title.as_deref() == Some(PERSONAL) || (says_personal && !named_company) {
        Some(true)
    } else if named_company || says_company || tax_id.is_some() {
        Some(false)
    } else if title.is_some() {
        // `抬头写张三`: a name with no company ending is a person's.
        Some(true)
    } else {
        None
    };
    Invoice {
        title,
        tax_id,
        personal,
        noted_on: None,
        special: SPECIAL_WORDS.iter().any(|w| has(normalized, w)),
    }
}

/// Whether `id` has the shape of a resident ID card's number (six digits
/// of a place, a birth date, three digits and a check digit or `x`): a
/// buyer's private data, never taken for a 税号, so never echoed in a reply
/// nor written on an order.
fn is_id_card(id: &str) -> bool {
    let b = id.as_bytes();
    let digits = |r: std::ops::Range<usize>| b[r].iter().all(u8::is_ascii_digit);
    b.len() == 18
        && digits(0..17)
        && (b[17].is_ascii_digit() || b[17] == b'x')
        && matches!(&id[6..8], "19" | "20")
        && matches!(
            &id[10..12],
            "01" | "02" | "03" | "04" | "05" | "06" | "07" | "08" | "09" | "10" | "11" | "12"
        )
}

/// Whether `name` is an organisation's: it ends like one and has more
/// than the ending (`公司` alone is the word, not a name).
fn is_organisation(name: &str) -> bool {
    NAME_ENDINGS
        .iter()
        .any(|end| name.ends_with(end) && name.chars().count() >= end.chars().count() + 2)
}

/// Characters that end a piece of a message.
fn separates(ch: char) -> bool {
    ch.is_whitespace() || ",，。;；!！?？、~～".contains(ch)
}

/// The 抬头 the buyer gave: what follows the word `抬头` (`抬头:杭州木子科技
/// 有限公司`, `抬头是个人`), or a piece of the message that is an
/// organisation's name sent alone (`杭州木子科技有限公司 91330106…`).
fn title(typed: &str) -> Option<String> {
    let pieces: Vec<&str> = typed.split(separates).filter(|p| !p.is_empty()).collect();
    for (i, piece) in pieces.iter().enumerate() {
        if let Some(at) = piece.find("抬头") {
            let rest = clean_title(&piece[at + "抬头".len()..]);
            // `抬头: 杭州…`: the name is the next piece.
            let rest = match rest {
                Some(rest) => Some(rest),
                None => pieces.get(i + 1).and_then(|next| clean_title(next)),
            };
            if rest.is_some() {
                return rest;
            }
        }
    }
    // An address (`寄到浙江大学西溪校区`) names an organisation too: no
    // title is taken from one, nor is an address written on the order.
    if crate::nlu::has_address(typed) {
        return None;
    }
    pieces.iter().find_map(|piece| {
        let name = clean_title(piece.rsplit([':', '：']).next().unwrap_or(piece))?;
        is_organisation(&name).then_some(name)
    })
}

/// A title's words without what leads into it (`:`, `是`, `写`) and without
/// a 税号 said after it in the same breath; `None` when nothing is left or
/// what is left is not a name (`抬头怎么写`).
fn clean_title(words: &str) -> Option<String> {
    let lead = [':', '：', '是', '为', '写', '开', '就', '填', '一', '下'];
    let mut words = words.trim_start_matches(|ch| lead.contains(&ch));
    // `抬头写张三就行`: what follows 就 is no part of the name.
    for end in TAX_WORDS.iter().chain(&["就"]) {
        if let Some(at) = words.find(end) {
            words = &words[..at];
        }
    }
    let words = words.trim_end_matches([':', '：', '的', '吧', '哦', '呀', '啊']);
    let asks = [
        "怎么", "什么", "哪", "吗", "要", "需要", "可以", "能", "发票",
    ];
    let is_name = words.chars().count() >= 2
        && words
            .chars()
            .all(|ch| ch.is_alphanumeric() || "()（）·&".contains(ch))
        && !asks.iter().any(|w| words.contains(w));
    is_name.then(|| words.to_string())
}

/// Other goods asked to be put on the invoice (`能开成办公用品吗`, `内容写
/// 礼品可以吗`): refused, an invoice says what was sold.
fn asks_other_content(normalized: &str) -> bool {
    static OTHER: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(concat!(
            r"(开成|写成|改成|换成|开为|写为|开个|内容写|内容开|品名写|品名开|明细写|明细开)",
            r"(办公|劳保|礼品|日用|耗材|材料|服务费|会议|餐饮|福利|其他|别的|其它)"
        ))
        .expect("invoice content pattern")
    });
    OTHER.is_match(normalized)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::nlu::normalize;

    fn read_typed(typed: &str) -> Invoice {
        read(typed, &normalize(typed).text)
    }

    #[test]
    fn reads_a_company_title_and_tax_id_after_their_words() {
        let i = read_typed("抬头:杭州木子科技有限公司 税号:91330106MA28ABCD1X");
        assert_eq!(i.title.as_deref(), Some("杭州木子科技有限公司"));
        assert_eq!(i.tax_id.as_deref(), Some("91330106MA28ABCD1X"));
        assert_eq!(i.personal, Some(false));
        // Said in one breath, and with a full-width colon.
        let i = read_typed("抬头：杭州木子科技有限公司税号91330106ma28abcd1x");
        assert_eq!(i.title.as_deref(), Some("杭州木子科技有限公司"));
        assert_eq!(i.tax_id.as_deref(), Some("91330106MA28ABCD1X"));
    }

    #[test]
    fn reads_an_organisation_sent_alone_and_a_personal_invoice() {
        let i = read_typed("杭州木子科技有限公司 91330106MA28ABCD1X");
        assert_eq!(i.title.as_deref(), Some("杭州木子科技有限公司"));
        assert_eq!(i.tax_id.as_deref(), Some("91330106MA28ABCD1X"));
        let i = read_typed("要发票 个人的");
        assert_eq!(i.personal, Some(true));
        assert_eq!(i.title, None);
        let i = read_typed("抬头写张三就行");
        assert_eq!(i.title.as_deref(), Some("张三"));
        assert_eq!(i.personal, Some(true));
    }

    #[test]
    fn a_question_about_the_title_or_a_bare_long_number_is_no_detail() {
        assert_eq!(read_typed("发票抬头怎么写"), Invoice::default());
        assert_eq!(read_typed("能开发票吗"), Invoice::default());
        // An order number, not a 税号.
        assert_eq!(read_typed("发票 订单号123456789012345678").tax_id, None);
        assert_eq!(
            read_typed("税号123456789012345678").tax_id.as_deref(),
            Some("123456789012345678")
        );
        // Nor an ID card's number, however it is introduced.
        assert_eq!(
            read_typed("身份证号11010519491231002X,能开发票吗").tax_id,
            None
        );
        assert_eq!(read_typed("税号11010519491231002X").tax_id, None);
        // An address naming an organisation is no title.
        assert_eq!(read_typed("寄到浙江省杭州市西湖区浙江大学").title, None);
        // A phone number is no 税号 either.
        assert_eq!(read_typed("开发票 13812345678").tax_id, None);
    }

    #[test]
    fn other_goods_on_the_invoice_are_asked_for() {
        assert!(asks_other_content(&normalize("发票能开成办公用品吗").text));
        assert!(asks_other_content(&normalize("内容写礼品可以吗").text));
        assert!(!asks_other_content(&normalize("发票什么时候开").text));
    }

    #[test]
    fn a_company_owes_its_tax_id_and_a_person_nothing() {
        let mut known = Invoice::default();
        merge(&mut known, read_typed("抬头:杭州木子科技有限公司"));
        assert!(!known.complete());
        merge(&mut known, read_typed("91330106MA28ABCD1X"));
        assert!(known.complete());
        assert_eq!(
            known.described(),
            "单位抬头 杭州木子科技有限公司,税号91330106MA28ABCD1X"
        );
        let mut person = Invoice::default();
        merge(&mut person, read_typed("个人的"));
        assert!(person.complete());
        assert_eq!(person.described(), "个人抬头");
    }
}
