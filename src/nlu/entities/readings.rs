//! Readings the dialogue policy takes of a message only when they matter:
//! a price question, pieces counted, a colour named, a report of goods
//! received damaged, a purchase made before (the body and the sizes are
//! read in `sizing`).
//!
//! Unlike [`extract_entities`](super::extract_entities), which runs on every
//! message, each of these is asked for by the policy when the conversation
//! makes it meaningful (a size in talk, an item in talk), so a regex that
//! would rarely match costs the classifier nothing. They run on
//! [`normalize`](crate::nlu::normalize)d text.

use regex::Regex;
use std::sync::LazyLock;

use super::numerals::chinese_digit;
use super::re;
use crate::nlu::has;

/// A number of pieces (`两件`, `3条`, `俩`), up to 99, before the question
/// about them (`两件一共`, `3条能用券吗`). Not a number right after a piece
/// or a size (`一条30能便宜多少`, `一双41多少钱`, `黑色m2件多少钱`): that one is
/// the size, or the count of a list (see [`pieces_listed`]);
/// nor one after `各`, which counts each thing named.
static QUANTITY: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"(?:^|[^件条双个套份码号各\da-z])(\d{1,2}|[一二两三四五六七八九十]|俩)(件|条|双|个|套|份)?(?:一共|总共|合计|加起来|的话|到手|优惠|多少|能|可以|够)",
    )
});

/// A number of pieces anywhere in the message (`两件短袖`, `一件白色M`).
static PIECES: LazyLock<Regex> =
    LazyLock::new(|| re(r"(\d{1,2}|[一二两三四五六七八九十]|俩)(?:件|条|双|套)"));

/// The pieces a message lists away from its question (`我想买两件短袖 一件
/// 白色M一件黑色L 一共多少钱`): the largest number said, or as many pieces as
/// it describes one by one, whichever is more; `None` when it names none.
/// Two exceptions, where the numbers add up:
/// - each count said after what it counts (`白色M 3件 黑色M 2件`: 5), which
///   is a list of its own, where `两件 一件白色M…` is a total and its parts;
/// - `各` counts each of the things named before it (`白色L和黑色L各一件`: 2).
fn pieces_listed(normalized: &str) -> Option<u32> {
    let mut said = Vec::new();
    let mut described = 0;
    for c in PIECES.captures_iter(normalized) {
        let Some(n) = number(&c[1]) else { continue };
        let before = normalized[..c.get(0).map_or(0, |m| m.start())].trim_end();
        match before.chars().last() {
            Some('各') => {
                // The things named since the clause began, joined by 和/跟/、.
                let clause = before.rsplit(is_clause_break).next().unwrap_or(before);
                let named = 1 + clause.matches(|ch| "和跟与、".contains(ch)).count() as u32;
                said.push(n * named);
            }
            Some(ch) if ch.is_ascii_alphanumeric() || "色码号".contains(ch) => {
                described += 1;
                said.push(n);
            }
            _ => said.push(n),
        }
    }
    if said.len() > 1 && described == said.len() {
        return Some(said.iter().sum());
    }
    let one_by_one = said.iter().filter(|&&n| n == 1).count() as u32;
    said.iter().copied().max().map(|most| most.max(one_by_one))
}

/// Where one clause of a normalised message ends. Narrower than the
/// dialogue's `ends_clause`, which splits typed text: normalisation has
/// made full-width marks half-width and dropped the spaces, and `、` is
/// left out on purpose, since here it joins the things `各` counts.
fn is_clause_break(ch: char) -> bool {
    ",。!?;.".contains(ch)
}

/// A coupon named by `券` or by its threshold (`满199`).
static COUPON: LazyLock<Regex> = LazyLock::new(|| re(r"券|满\d"));

/// Words that ask whether a coupon applies (`能用吗`, `够满199吗`).
const ASKS_COUPON: &[&str] = &[
    "能用",
    "可以用",
    "能不能用",
    "可不可以用",
    "用得上",
    "用得了",
    // `59用不了199的券吗`: why not is answered by what it is short of.
    "用不了",
    "不能用",
    "够",
];

/// Words that ask what something comes to in the end.
const ASKS_TOTAL: &[&str] = &[
    "一共",
    "总共",
    "合计",
    "加起来",
    "算下来",
    "总价",
    "到手价",
    "到手多少",
    "优惠完",
    "优惠后",
    "券后",
    "用券后",
    "用完券",
];

/// What the buyer asks the price of: `Some(pieces)` for a question about
/// what they would pay in the end (`两件一共多少钱` → 2, `到手价多少` → 1,
/// `3条优惠完多少` → 3) or whether a coupon applies to it (`满199减20
/// 我买两件能用吗` → 2, `这个能用券吗` → 1); `None` for any other message,
/// a plain `多少钱` included, which the item's price answers. Like
/// `worn_size`, read by the policy only when an item is in talk.
pub fn price_asked(normalized: &str) -> Option<u32> {
    // Most messages ask no price: one pass over the words tells, before
    // the pieces are counted.
    let (mut total, mut coupon, mut how_much) = (false, false, false);
    for m in PRICE_WORDS.find_overlapping_iter(normalized) {
        match PRICE_WORD_KINDS[m.pattern().as_usize()] {
            PriceWord::Total => total = true,
            PriceWord::Coupon => coupon = true,
            PriceWord::HowMuch => how_much = true,
        }
    }
    let coupon = coupon && COUPON.is_match(normalized);
    if !(total || coupon || how_much) {
        return None;
    }
    // `买两件卫衣…算下来一件多少钱`: one of the pieces named, asked what it
    // comes to among them (see [`asks_each`]), counts them all.
    let pieces = pieces_said(normalized);
    let total = total || coupon || (pieces.is_some_and(|n| n > 1) && how_much);
    total.then_some(pieces.unwrap_or(1)).filter(|n| *n > 0)
}

/// What a word of [`PRICE_WORDS`] says of a price question.
#[derive(Clone, Copy)]
enum PriceWord {
    /// One of [`ASKS_TOTAL`].
    Total,
    /// One of [`ASKS_COUPON`].
    Coupon,
    /// `多少`.
    HowMuch,
}

/// The words of [`PRICE_WORDS`] with their kinds, in its order.
const PRICE_WORD_LISTS: [(&[&str], PriceWord); 3] = [
    (ASKS_TOTAL, PriceWord::Total),
    (ASKS_COUPON, PriceWord::Coupon),
    (&["多少"], PriceWord::HowMuch),
];

/// The kind of each word of [`PRICE_WORDS`], by its pattern index.
static PRICE_WORD_KINDS: LazyLock<Vec<PriceWord>> = LazyLock::new(|| {
    (PRICE_WORD_LISTS.iter())
        .flat_map(|(words, kind)| words.iter().map(|_| *kind))
        .collect()
});

/// [`ASKS_TOTAL`], [`ASKS_COUPON`] and `多少` as one automaton, searched
/// for overlapping matches: `多少` inside `到手多少` counts too.
static PRICE_WORDS: LazyLock<aho_corasick::AhoCorasick> = LazyLock::new(|| {
    let words = PRICE_WORD_LISTS.iter().flat_map(|(words, _)| words.iter());
    aho_corasick::AhoCorasick::new(words).unwrap_or_else(|e| panic!("built-in price words: {e}"))
});

/// Words asking what one piece comes to (`算下来一件多少钱`, `平均每件`).
const ASKS_EACH: &[&str] = &[
    "一件多少",
    "一条多少",
    "一双多少",
    "每件",
    "每条",
    "每双",
    "一件合",
    "一条合",
    "一双合",
    "合一件",
    "单件",
    "平均",
];

/// Whether the buyer asks what one piece comes to, of several: read with
/// [`price_asked`] when it counts more than one.
pub fn asks_each(normalized: &str) -> bool {
    ASKS_EACH.iter().any(|w| normalized.contains(w))
}

/// A sum of money said as a number (`650`, `230块`), not a size, a weight,
/// a count or a coupon's figures (`满199减20`).
static SUM: LazyLock<Regex> =
    LazyLock::new(|| re(r"(?:^|[^满减\d])(\d{2,5})(?:[^\d码号斤件条双个岁天点月kcx%]|$)"));

/// The price the buyer offers in a haggle (`650呢`, `能不能给个230`,
/// `600行不行`): the last sum of money said, if any. Read by the policy only
/// on a bargain about an item in talk, and only below its price.
pub fn price_offered(normalized: &str) -> Option<u32> {
    SUM.captures_iter(normalized)
        .filter_map(|c| c[1].parse().ok())
        .last()
}

/// How many pieces the message speaks of (`两件`, `一件黑色S 一件雾霾蓝M`),
/// whatever it asks; see [`price_asked`].
pub fn pieces_said(normalized: &str) -> Option<u32> {
    // Ten or more without a measure word is money (`一件t恤59 能包邮吗`).
    let asked = QUANTITY
        .captures(normalized)
        .and_then(|c| number(&c[1]).filter(|n| *n < 10 || c.get(2).is_some()));
    match (asked, pieces_listed(normalized)) {
        (Some(1), Some(listed)) if listed > 1 => Some(listed),
        (asked, listed) => asked.or(listed),
    }
}

/// A count of pieces with its measure word (`一件`, `2条`, `俩`), right
/// before the end of a text.
static COUNT_BEFORE: LazyLock<Regex> =
    LazyLock::new(|| re(r"(\d{1,2}|[一二两三四五六七八九十]|俩)(件|条|双|套|个)?$"));

/// The same, right at the start of a text.
static COUNT_AFTER: LazyLock<Regex> =
    LazyLock::new(|| re(r"^(\d{1,2}|[一二两三四五六七八九十]|俩)(?:件|条|双|套|个)"));

/// The count said right before something named (`两件卫衣`, `再加一件的
/// 毛衣`: the normalised text before the name), if any; a `的` after it is
/// not in the way.
pub fn count_before(before: &str) -> Option<u32> {
    let before = before.strip_suffix('的').unwrap_or(before);
    let c = COUNT_BEFORE.captures(before)?;
    // A bare number needs its measure word, or it is a size or a price.
    let measured = c.get(2).is_some() || &c[1] == "俩";
    measured.then(|| number(&c[1])).flatten()
}

/// The count said right after something named (`卫衣两件`: the normalised
/// text after `卫衣`), if any; it needs its measure word.
pub fn count_after(after: &str) -> Option<u32> {
    COUNT_AFTER.captures(after).and_then(|c| number(&c[1]))
}

/// A count of pieces in digits or Chinese.
fn number(n: &str) -> Option<u32> {
    match n {
        "俩" => Some(2),
        "十" => Some(10),
        n => n.parse().ok().or_else(|| chinese_digit(n)),
    }
}

/// `满399`: the threshold of a coupon the buyer names.
static COUPON_NAMED: LazyLock<Regex> = LazyLock::new(|| re(r"满(\d{2,5})"));

/// The spend a coupon the buyer names starts at (`3件能用满399的券吗` →
/// 399), if the message names one: the quote then says how far the pieces
/// are from that coupon, not from the nearest. Read with [`price_asked`].
pub fn coupon_named(normalized: &str) -> Option<u32> {
    COUPON_NAMED.captures(normalized)?[1].parse().ok()
}

/// The base colours buyers name by their common names.
const BASE_COLOURS: &str = "(藏青|酒红|军绿|卡其|[白黑红蓝绿黄紫粉灰棕咖米杏驼橙青银金])";

/// A colour by its common name: a base colour and `色` or `的` (`白色`,
/// `米白色`, `黑的`).
static COLOUR: LazyLock<Regex> = LazyLock::new(|| re(&format!("{BASE_COLOURS}(?:色|的)")));

/// One of each of two colours, said without `色`: `一白一黑`.
static ONE_OF_EACH: LazyLock<Regex> =
    LazyLock::new(|| re(&format!("一{BASE_COLOURS}一{BASE_COLOURS}")));

/// Words a base colour closes that are no colour: `明白的`, `坦白的`, and
/// `显白的` (what a colour does to the skin).
const NOT_A_COLOUR_AFTER: &[char] = &['明', '坦', '显'];

/// The base colour the buyer names by its common name (`有白色的吗` → `白`,
/// `藏青色好看吗` → `藏青`), if any. The policy compares it with the item's
/// own colours: `蓝` is answered with the jeans' 深蓝色 and 浅蓝色, and a
/// colour the item does not come in with the colours it does. Like
/// `worn_size`, read by the policy only when it matters.
pub fn colour_named(normalized: &str) -> Option<&str> {
    if !normalized.contains('色') && !normalized.contains('的') {
        return None;
    }
    colour_words(normalized).next().map(|(_, base)| base)
}

/// Every base colour the buyer names, in the order said, with the byte
/// offset where it is said: those [`colour_named`] reads, and each of
/// `一白一黑`. Several picked at once (`白色和黑色的L有吗`) are read with it.
pub fn colours_named_at(normalized: &str) -> Vec<(usize, &str)> {
    let mut named: Vec<(usize, &str)> = colour_words(normalized).collect();
    for pair in ONE_OF_EACH.captures_iter(normalized) {
        for base in [pair.get(1), pair.get(2)].into_iter().flatten() {
            named.push((base.start(), base.as_str()));
        }
    }
    named.sort_unstable();
    named.dedup();
    named
}

/// The base colours of [`COLOUR`]'s words, with where each is said.
fn colour_words(normalized: &str) -> impl Iterator<Item = (usize, &str)> {
    COLOUR.captures_iter(normalized).filter_map(move |c| {
        let base = c.get(1)?;
        let before = normalized[..base.start()].chars().next_back();
        (!before.is_some_and(|ch| NOT_A_COLOUR_AFTER.contains(&ch)))
            .then_some((base.start(), base.as_str()))
    })
}

/// Goods that arrived wrong, short or damaged: sent wrong or short (`发错了`,
/// `少发了一件`), broken (`破了`, `有个洞`, `开线了`), or anything wrong
/// with them once received (`收到的时候就是脏的`, `洗了一次就掉色`).
static RECEIVED_PROBLEM: LazyLock<Regex> = LazyLock::new(|| {
    re(concat!(
        r"发错|错发|漏发|发漏|少发|少寄|少给|缺件|少了一|没收到赠品|",
        r"只(?:收到|到了|来了|拿到)了?(?:一|1)(?:件|条|双|个|包)|",
        r"(?:破|坏|烂|裂|脏)了|有(?:个|一个|几个|好几个|好多)(?:小)?洞|",
        r"(?:开线|脱线|开胶|掉色|褪色|缩水|起球|变形)了|",
        r"(?:收到|到了|拿到|打开|拆开|穿了|洗了|试了).{0,8}",
        r"(?:坏|破|漏|脏|少|错|洞|开线|开胶|起球|掉色|缩水|变形|有问题|不一样|瑕疵|线头|异味)",
    ))
});

/// Goods not as shown or badly made: `跟图片差好多`, `色差太大`, `跑绒很严
/// 重`, `一股怪味`, `做工太差`. Most say how bad it is (`很`, `太`, `好多`):
/// `色差大吗` asks. Unlike [`RECEIVED_PROBLEM`], these words also make
/// questions before buying (`跟图片不一样能退吗`), so they are read only once
/// the goods can have arrived, which the policy decides.
static NOT_AS_SHOWN: LazyLock<Regex> = LazyLock::new(|| {
    re(concat!(
        r"(?:跟|和|与)(?:图片|图|照片|详情页?|描述|宣传|模特).{0,6}",
        r"(?:不一样|不符|差(?:好多|很多|太多|太远|得多|别太大|距太大)|完全不|两回事|不是一个)|",
        r"色差(?:好|很|太|特别|非常|挺|超)(?:大|严重|明显)|",
        r"(?:跑绒|钻绒|掉毛|掉绒|掉色|褪色|起球|线头)(?:很|好|太|特别|非常|挺|超|真)(?:严重|厉害|多)|",
        r"一直(?:在)?(?:钻|跑|掉)(?:毛|绒)|(?:全是|一身|都是|到处是|到处都是)(?:毛|绒)|",
        r"一股.{0,4}味|(?:怪|臭|霉|刺鼻的?)味|味道(?:好|很|太|特别|超)(?:大|重|冲|难闻|刺鼻)|",
        r"(?:质量|做工|面料)(?:好|很|太|特别|超|真)(?:差|烂|粗糙|一般)",
    ))
});

/// Goods received that do not suit the buyer, though nothing is wrong with
/// them: the size or length (`衣服小了`, `裤子太长了`, `码数拍小了`, `穿着有
/// 点紧`) or the liking (`颜色不喜欢`, `不太合适`). A return or an exchange,
/// which a person arranges; read only once the goods can have arrived, as
/// `衣服大吗` before buying asks about the size chart.
static UNSUITED: LazyLock<Regex> = LazyLock::new(|| {
    re(concat!(
        r"(?:衣服|裤子|鞋子?|外套|羽绒服|毛衣|卫衣|码数?|尺码|号|腰|袖子|裤腿|裤长|衣长|穿着|穿上|上身)",
        r"(?:有点|有些|太|偏|好|很|稍微|略)?(?:小|大|长|短|紧|肥|瘦|宽|窄|挤脚|磨脚|夹脚|顶脚)了|",
        r"(?:有点|有些|太|偏|稍微|略)(?:小|大|长|短|紧|肥|挤脚|磨脚|夹脚|顶脚)了?(?:$|[,。!~啊呀哦]|了(?:能|可以|想|要|怎么))|",
        r"(?:拍|买|选)(?:小|大|错)了|",
        r"(?:不|不太|不怎么|没那么)(?:喜欢|合适|合身|满意)",
    ))
});

/// Words that make a problem a supposition (`如果破了能退吗`, `洗了会掉色吗`,
/// `坏了包换吗`): a question before buying, not a report.
const SUPPOSES: &[&str] = &[
    "如果",
    "万一",
    "要是",
    "假如",
    "的话",
    "会不会",
    "会",
    "容易",
    "包换",
    "包退",
    "包赔",
    "保修",
];

/// Whether the buyer reports goods received wrong, short or damaged
/// (`发错了`, `衣服破了个洞`, `收到少了一件`), not asks what would happen if
/// they were (`如果有质量问题能退吗`). Read by the policy on a return or
/// refund message: a report needs a person and the buyer's photos, whatever
/// orders the conversation knows of (the order may be weeks old). A buyer
/// who says they bought it (`我去年在你家买的…开胶了 还能保修吗`) reports,
/// whatever words of supposing the question holds.
pub fn reports_received(normalized: &str) -> bool {
    let told = (RECEIVED_PROBLEM.find_iter(normalized))
        .any(|m| !worry_asked(m.as_str(), &normalized[m.end()..]));
    told && (!supposes(normalized) || says_bought(normalized))
}

/// What buyers worry about before buying (`洗了缩水吗`), in words that
/// also report goods received (`洗了一次就缩水了`).
const WORRIES: &[&str] = &[
    "缩水", "起球", "掉色", "褪色", "变形", "开线", "开胶", "异味",
];

/// Whether `found` names a worry and the words after it (`after`) ask
/// about it: `洗了缩水吗`, before buying and with `明天到吗` beside it, is
/// no shrunk hoodie. Goods wrong or short asked about (`有漏发吗`) are
/// still a complaint.
fn worry_asked(found: &str, after: &str) -> bool {
    let after = after.strip_prefix('了').unwrap_or(after);
    WORRIES.iter().any(|w| found.ends_with(w)) && after.starts_with(['吗', '么', '嘛', '不', '没'])
}

/// Whether the buyer says goods received are not as shown or badly made
/// (`跟图片差好多`, `一股怪味`; see `NOT_AS_SHOWN`).
pub fn reports_not_as_shown(normalized: &str) -> bool {
    NOT_AS_SHOWN.is_match(normalized) && !supposes(normalized)
}

/// Whether the buyer says goods received do not suit them (`衣服小了`,
/// `颜色不喜欢`; see `UNSUITED`), not asks what would happen if they did
/// (`不合适的话能换吗`). Like [`reports_not_as_shown`], means something only
/// once the goods can have arrived.
pub fn reports_unsuited(normalized: &str) -> bool {
    UNSUITED.is_match(normalized) && !supposes(normalized)
}

fn supposes(normalized: &str) -> bool {
    SUPPOSES.iter().any(|w| normalized.contains(w))
}

/// Words saying the goods came: `收到了`, `收到的`, `拿到后`, `穿了`, `拆开`.
/// `什么时候能收到` asks when they will, so `收到` alone does not count.
static ARRIVED: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"(?:收到|拿到|到货)(?:了|的|后|之后)|只(?:收到|到了|来了|拿到)|穿了|洗了|试了|试穿了|打开|拆开|上身",
    )
});

/// Whether the message says the goods came (see [`reports_unsuited`]: the
/// policy reads such reports only once they can have).
pub fn says_arrived(text: &str) -> bool {
    ARRIVED.is_match(text)
}

/// Words placing something in the past (`之前`, `上次`, `去年`): with a
/// purchase, a story told, not the goods in talk.
pub const BEFORE_NOW: &[&str] = &["之前", "以前", "上次", "上回", "去年", "前几天", "前段时间"];

/// An earlier purchase told of: `之前买的`, `上次买别家的`, `以前在别的店`.
static EARLIER: LazyLock<Regex> = LazyLock::new(|| {
    re(&format!(
        "{}|别家|别的店|其他店|别人家",
        BEFORE_NOW.join("|")
    ))
});

/// Asking for something to be done about goods: a return, an exchange,
/// compensation, a parcel that did not come.
static REMEDY: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"退|换货|赔|补发|补偿|保修|维修|修一下|修吗|怎么办|怎么处理|怎么弄|售后|没收到|还没到|没到货|投诉|差评|说法|处理一下",
    )
});

/// Whether the message tells of an earlier purchase (`我之前买的毛衣穿两次就
/// 起球了`, `上次用韵达丢了`) and asks nothing to be done about it: a story
/// told beside a question, not a report of goods bought here.
pub fn recalls_earlier_purchase(normalized: &str) -> bool {
    EARLIER.is_match(normalized) && !REMEDY.is_match(normalized)
}

/// Having bought already: `我昨天刚买`, `已经拍了`, `前几天下的单`,
/// `我去年在你家买的`. `今天` only with the purchase done (`今天拍的`,
/// `今天下单了`): `今天拍明天能到吗` plans one.
static BOUGHT: LazyLock<Regex> = LazyLock::new(|| {
    re(concat!(
        r"(?:(?:刚刚|刚|已经|昨天|前天|前几天|上周|去年|上个月|上次|之前|以前)",
        r"(?:在(?:你家|你们家|你们|你这|店里|这家))?才?(?:买|拍|下单|下的单|付款|付了))|",
        r"今天(?:在(?:你家|你们家|你们|你这|店里|这家))?(?:买|拍|下单|付款)(?:了|的)|今天下的单|今天付了",
    ))
});

/// Whether the buyer says they bought already (`我昨天刚买 今天就降了20`):
/// a return question then is about their order, though this conversation
/// holds none.
pub fn says_bought(normalized: &str) -> bool {
    BOUGHT.is_match(normalized)
}

/// Liking what is seen: `太好看了`, `好美`, `爱了`, `绝了`.
static PRAISE: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"(?:太|好|真|超|巨|贼|也太|这么)(?:好看|美|漂亮|可爱|帅|喜欢|显白|有质感)|爱了|绝了|好看到|心动|种草|想要",
    )
});

/// Whether the message praises what it speaks of (`我靠 这颜色也太好看了吧`):
/// an exclamation beside it is surprise, not anger.
pub fn praises(normalized: &str) -> bool {
    PRAISE.is_match(normalized)
}

/// Asking for the parcel to wait: `能不能晚几天发`, `延迟发货`, `过两天再发`,
/// `先别发`.
static DELAY: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"晚(?:几天|两天|点|些|一点)再?发|(?:延迟|推迟|延后)发货|(?:过|等)[几两]天再发|(?:先|暂时)(?:别|不要|不)发",
    )
});

/// When to send, said well enough for the warehouse: a date (`15号`,
/// `周五`, `下周一`, `明天`) or a number of days (`过两天再发`, `3天后发`).
/// `过几天再发` says none.
static SEND_DAY: LazyLock<Regex> = LazyLock::new(|| {
    re(concat!(
        r"\d{1,2}(?:号|日)|[一二三四五六七八九十]{1,3}(?:号|日)|(?:周|星期|礼拜)[一二三四五六日天末]|",
        r"下周|下个?星期|月底|月初|明天|后天|(?:[两三四五六七八九十]|\d{1,2})天(?:后|以后|之后)?再?发",
    ))
});

/// Whether the buyer asks the parcel to wait: `Some(true)` with the day
/// said (`15号再发`, `先别发 过两天再发`), `Some(false)` without
/// (`能不能晚几天发`), `None` when the message asks no delay. `再发` alone
/// is in `补发` and `重新再发`; with a day it is a delay. The policy reads
/// this on every message and the one before it, so the one search for `发`
/// that every delay holds spares the regexes nearly every time.
pub fn shipment_delay(text: &str) -> Option<bool> {
    if !text.contains('发') {
        return None;
    }
    let delay = DELAY.is_match(text);
    if !delay && !has(text, "再发") {
        return None;
    }
    let day = SEND_DAY.is_match(text);
    (delay || day).then_some(day)
}

/// A time the buyer set to pay: `我晚上再付`, `等会付`, `发工资再付`.
static PAY_LATER: LazyLock<Regex> = LazyLock::new(|| {
    re(concat!(
        r"(?:晚上|晚点|等会儿?|等下|待会儿?|一会儿?|下班|回家|明天|后天|过两天|过几天|周末|月底|发工资|工资到了?)",
        r"(?:再|就|才|去)?付",
    ))
});

/// Whether the buyer says when they will pay (`我晚上再付`). The pack's
/// `payment` rules and `when` hold the same wording, for the reply; the
/// policy reads this to hold the payment nudge back.
pub fn pay_later(text: &str) -> bool {
    PAY_LATER.is_match(text)
}

/// Giving up an order: `帮我取消吧`, `算了不要了`, `不买了`.
static CALL_OFF: LazyLock<Regex> =
    LazyLock::new(|| re(r"取消|不要了|不想要了|不买了|不拍了|退掉订单|关闭订单|关掉订单"));

/// Whether the buyer calls the order off (`算了不要了 帮我取消吧`): a
/// payment nudge afterwards would ignore what they said.
pub fn calls_off_order(text: &str) -> bool {
    CALL_OFF.is_match(text)
}

/// Compiles every reading's regex, so the first message that needs one does
/// not pay for it.
pub(super) fn warm_up() {
    for regex in [
        &QUANTITY,
        &COUPON,
        &COUPON_NAMED,
        &COLOUR,
        &ONE_OF_EACH,
        &RECEIVED_PROBLEM,
        &NOT_AS_SHOWN,
        &UNSUITED,
        &ARRIVED,
        &EARLIER,
        &REMEDY,
        &PRAISE,
        &BOUGHT,
        &DELAY,
        &SEND_DAY,
        &PAY_LATER,
        &CALL_OFF,
        &SUM,
        &COUNT_BEFORE,
        &COUNT_AFTER,
    ] {
        LazyLock::force(regex);
    }
    LazyLock::force(&PRICE_WORDS);
    LazyLock::force(&PRICE_WORD_KINDS);
}
