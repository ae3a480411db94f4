//! Readings of the buyer's body and sizes, taken by the dialogue policy
//! only when a size answer needs them: the waist, the foot length, several
//! people's measurements, the size worn or bought before, a step up or
//! down. Like the other readings (see `readings`), each costs a message
//! nothing until the policy asks, and runs on normalised text.

use regex::Regex;
use std::ops::Range;
use std::sync::LazyLock;

mod systems;

pub use systems::{sex_said, shoe_size, shoe_size_told, Sex, ShoeSize, ShoeSystem};

use super::numerals::chinese_digit;
use super::{canonical_size, re};
use crate::nlu::has;

/// A waist measurement. Groups: 1 腰围N (cm, or inches up to 45), 2 Ncm腰,
/// 3-4 N尺M (市尺: 2尺1 is 2.1 尺, 70 cm), 5 `码` right after, which makes
/// it `尺码` and no measurement.
static WAIST: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"腰围?(?:是|有|大概|:)?(\d{2,3})(?:cm|厘米|公分)?|(\d{2,3})(?:cm|厘米|公分)的?腰|([一二两三1-3])尺([一二三四五六七八九\d])?(码)?",
    )
});

/// The buyer's waist in centimetres (`腰围70`, `70cm的腰`, `两尺一`, `2尺2`,
/// `腰围28`, read as inches), from normalised text; `None` when the message
/// gives none. Not part of [`extract_entities`](super::extract_entities): only the size answer needs
/// it, and it costs the classifier nothing there.
pub fn waist_cm(normalized: &str) -> Option<u32> {
    if !has(normalized, "尺") && !has(normalized, "腰") {
        return None;
    }
    let plausible = |cm: u32| (50..=130).contains(&cm).then_some(cm);
    WAIST.captures_iter(normalized).find_map(|c| {
        if let Some(n) = c.get(1).or(c.get(2)) {
            let n: u32 = n.as_str().parse().ok()?;
            // `腰围28` is the inch size buyers know from jeans labels.
            return plausible(if n <= 45 {
                (n as f32 * 2.54).round() as u32
            } else {
                n
            });
        }
        if c.get(5).is_some() {
            return None;
        }
        let digit = |s: &str| s.parse().ok().or_else(|| chinese_digit(s));
        let whole: u32 = digit(&c[3])?;
        let tenths: u32 = c.get(4).map_or(Some(0), |d| digit(d.as_str()))?;
        // One 市尺 is a third of a metre.
        plausible(((whole * 10 + tenths) as f32 * 10.0 / 3.0).round() as u32)
    })
}

/// One person's height and weight in a message about several: who it is,
/// when said (`男生`, `我`, `男朋友`), and the measurements.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Measured {
    pub who: Option<String>,
    pub height_cm: u32,
    pub weight_jin: u32,
}

/// Height and weight said together, with whom they belong to:
/// `男生180,150斤`, `女生身高160体重95斤`, `我165,100斤`, `男朋友178,70kg`,
/// `我妈穿 身高160 110斤`.
static PERSON: LazyLock<Regex> = LazyLock::new(|| {
    re(concat!(
        r"(男生|女生|男朋友|女朋友|男友|女友|老公|老婆|对象|闺蜜|我妈|我爸|妈妈|爸爸|男的|女的|我自己|自己|我|他|她|男|女)?",
        r"(?:穿,?)?(?:身高)?(1[4-9]\d)(?:cm|厘米|公分)?[,、/]?(?:体重)?(\d{2,3})(斤|kg|公斤|千克)",
    ))
});

/// Everyone measured in the message (`男生180,150斤`, `我165,100斤`), in
/// order; weights in 斤. Read by the size answer only, for a chart to size
/// each of them.
pub fn people_measured(normalized: &str) -> Vec<Measured> {
    PERSON
        .captures_iter(normalized)
        .filter_map(|c| {
            let height_cm: u32 = c[2].parse().ok()?;
            let weight: u32 = c[3].parse().ok()?;
            let weight_jin = if &c[4] == "斤" { weight } else { weight * 2 };
            (60..=400).contains(&weight_jin).then(|| Measured {
                who: c.get(1).map(|w| w.as_str().to_string()),
                height_cm,
                weight_jin,
            })
        })
        .collect()
}

/// A foot length: `脚长24.5`, `脚长245mm`, `脚长是24cm`, `我脚24.5厘米`,
/// `24.5cm的脚`. After `脚长` a unit may be left out; after `脚` alone it
/// must be there, or `脚宽` and `脚背` numbers would read as lengths.
static FOOT: LazyLock<Regex> = LazyLock::new(|| {
    re(concat!(
        r"脚(?:的)?长(?:度)?(?:是|有|大概|差不多|约|大约|:)?(\d{2,3}(?:\.\d)?)(cm|厘米|公分|mm|毫米)?",
        r"|脚(?:是|有|大概)?(\d{2}(?:\.\d)?)(?:cm|厘米|公分)",
        r"|(\d{2}(?:\.\d)?)(?:cm|厘米|公分)的脚",
    ))
});

/// The buyer's foot length in millimetres (`脚长24.5`, `24.5cm的脚`): a
/// number under 40 is centimetres, one of three digits millimetres; `None`
/// when the message gives none, or one no foot is (150 to 350 mm). Read by the size answer
/// only for an item sized by foot length.
pub fn foot_length_mm(normalized: &str) -> Option<u32> {
    if !has(normalized, "脚") {
        return None;
    }
    FOOT.captures_iter(normalized).find_map(|c| {
        let n = c.get(1).or(c.get(3)).or(c.get(4))?;
        foot_mm(n.as_str(), c.get(2).map(|u| u.as_str()))
    })
}

/// A foot length written as `number` with its `unit`, in millimetres: a
/// number under 100 without `mm` is centimetres. `None` for a length no
/// foot is (outside 150 to 350 mm).
fn foot_mm(number: &str, unit: Option<&str>) -> Option<u32> {
    let value: f32 = number.parse().ok()?;
    let millimetres = matches!(unit, Some("mm" | "毫米"));
    let mm = if millimetres || value >= 100.0 {
        value
    } else {
        value * 10.0
    };
    let mm = mm.round() as u32;
    (150..=350).contains(&mm).then_some(mm)
}

/// A length and nothing else (`24.5`, `24.5cm`, `大概245mm`, `24左右`):
/// the answer to "量一下脚长告诉我", which names no foot.
static BARE_LENGTH: LazyLock<Regex> = LazyLock::new(|| {
    re(concat!(
        r"^(?:脚长)?(?:是|大概|差不多|大约|约)?(\d{2}(?:\.\d)?|\d{3})(cm|厘米|公分|mm|毫米)?",
        r"(?:左右|吧|的样子)?[~。!,.]*$",
    ))
});

/// The foot length in millimetres a message of a length alone gives
/// (`24.5` → 245), read as [`foot_length_mm`] reads one: only where the
/// bot has just asked for the foot length, as nothing in the message says
/// it is one. `None` for anything else, or a length no foot is.
pub fn bare_length_mm(normalized: &str) -> Option<u32> {
    let c = BARE_LENGTH.captures(normalized.trim())?;
    foot_mm(&c[1], c.get(2).map(|u| u.as_str()))
}

/// Whose foot a length is, said right before it: `他脚长26`, `我妈的脚
/// 24cm`, `老公脚长是26cm`; or whose size a shoe size is (`我老公平时穿美码
/// 9`, `她穿37.5`).
static FOOT_OWNER: LazyLock<Regex> = LazyLock::new(|| {
    re(concat!(
        r"(男朋友|女朋友|男友|女友|老公|老婆|对象|闺蜜|我妈|我爸|妈妈|爸爸|孩子|宝宝|我自己|自己|我|他|她)",
        r"(?:的)?(?:脚|(?:平时|一般|平常)?穿)",
    ))
});

/// Whose foot the length or shoe size in the message is, when said
/// (`他脚长26cm` → `他`): "您脚长26cm" to a buyer sizing someone else reads
/// as a bot not listening. Read only where a foot was found.
pub fn foot_owner(normalized: &str) -> Option<&str> {
    Some(FOOT_OWNER.captures(normalized)?.get(1)?.as_str())
}

/// People the buyer may shop for, named by who they are to the buyer.
static RELATION: LazyLock<Regex> = LazyLock::new(|| {
    re(concat!(
        r"男朋友|女朋友|男友|女友|老公|老婆|对象|闺蜜|我妈|我爸|妈妈|爸爸|儿子|女儿|孩子|小孩|宝宝|",
        r"妹妹|弟弟|哥哥|姐姐|婆婆|公公|奶奶|爷爷|外婆|外公",
    ))
});

/// Whom a message speaks of, when one measurement is given without a
/// name beside it (`给我儿子买 他12岁 150高` → `儿子`): someone named by who
/// they are to the buyer, else `他`/`她`. [`people_measured`] reads whose
/// height and weight said together are.
pub fn person_named(normalized: &str) -> Option<&str> {
    if let Some(named) = RELATION.find(normalized) {
        return Some(named.as_str());
    }
    ["他", "她"].into_iter().find(|pronoun| {
        (normalized.match_indices(pronoun)).any(|(at, _)| !normalized[..at].ends_with('其'))
    })
}

/// A half shoe size (`平时穿37.5`, `37.5的脚`, `37.5码`): no shop sells it,
/// and the buyer asks which whole size to take.
static HALF_SIZE: LazyLock<Regex> = LazyLock::new(|| {
    re(r"(?:^|[^\d.])(3[3-9]|4[0-7])\.5(?:码|号|的脚|的)?(?:$|[^\d.斤kgc公厘米元块])")
});

/// A half shoe size the buyer wears (`平时穿37.5`, `37.5的脚`), as said
/// (`37.5`), and the foot it stands for in millimetres by the common
/// conversion of 欧码 (码数 = 脚长 cm × 2 − 10: 37.5 → 237). Read by the
/// size answer only for shoes sized by foot length, whose own table then
/// gives the size: a standard last takes 38, one half a size large 37.
pub fn half_size(normalized: &str) -> Option<(String, u32)> {
    if !normalized.contains(".5") {
        return None;
    }
    let c = HALF_SIZE.captures(normalized)?;
    let whole: u32 = c[1].parse().ok()?;
    Some((format!("{whole}.5"), foot_of_size(whole * 10 + 5)))
}

/// The foot (mm) a Chinese shoe size fits, the size in tenths (375 for
/// 37.5), by the common conversion of 欧码: 码数 = 脚长 cm × 2 − 10. A half
/// size worn and a 欧码 said (see `systems`) both stand for a foot by it.
fn foot_of_size(tenths: u32) -> u32 {
    (tenths + 100) / 2
}

/// A size worn (`平时穿38`, `我穿的是36`, `一般穿40号`, `平时穿l码`): two
/// digits or a letter size after `穿`, not part of a longer number or word
/// nor a measure (`穿50公斤`), and not a question about that size (`能穿xl吗`,
/// `穿m码合适吗`, `穿l大吗`), which asks whether it fits rather than says
/// what the buyer wears.
static WORN_SIZE: LazyLock<Regex> = LazyLock::new(|| {
    re(concat!(
        r"(?:^|[^能可以])穿(?:的是|的|了)?(\d{2}|xxxl|xxl|[23]xl|xl|xs|s|m|l)(?:码|号)?",
        r"(?:$|[^\da-z.码号斤kgc公厘米合可行能会够大小偏吗嘛么还或])"
    ))
});

/// The size a buyer says they wear (`我平时穿38` → `38`, `平时穿l码` →
/// `L`), from normalised text. For shoes and jeans buyers leave the `码`
/// out, so a number is read here that is not a size entity. Like
/// [`waist_cm`], not part of [`extract_entities`](super::extract_entities): the policy reads it, and
/// keeps it only if the item in talk comes in that size; a size it keeps is
/// the one to recommend, over what the chart says.
pub fn worn_size(normalized: &str) -> Option<String> {
    if !has(normalized, "穿") {
        return None;
    }
    WORN_SIZE
        .captures(normalized)
        .map(|c| canonical_size(&c[1]))
}

/// A size bought before (`我上次在你家买过一件M的`, `之前买的L码`, `去年拍
/// 了一条29的`); group 2 is what follows it, which must not say it did not
/// fit (`上次买的M码有点大`).
static BOUGHT_SIZE: LazyLock<Regex> = LazyLock::new(|| {
    re(concat!(
        r"(?:上次|之前|以前|去年|上回|前段时间|前阵子)(?:在你家|在你们家|在这|在店里|在这家)?",
        r"(?:买|拍|入)(?:过|了|的)?(?:一件|一条|一双|件|条|双)?(?:的是|的)?",
        r"(\d{2}|xxxl|xxl|[23]xl|xl|xs|s|m|l)(?:码|号)?(?:的)?(.{0,4})",
    ))
});

/// Words saying a size did not fit.
const DID_NOT_FIT: &[char] = &['大', '小', '紧', '肥', '松', '短', '长', '偏'];

/// A size the buyer bought here before and says nothing against
/// (`我上次在你家买过一件M的 这次还是M可以吗` → `M`): a size worn, as good as
/// `平时穿M`. Read like [`worn_size`], by the policy, for the item in talk.
pub fn bought_size(normalized: &str) -> Option<String> {
    match bought(normalized)? {
        (size, 0) => Some(size),
        _ => None,
    }
}

/// A size bought before that did not fit, and the way to go from it: `-1`
/// when it was large (`上次买的M码有点大`, `之前买的L偏肥`), `1` when small
/// (`上次拍的29有点紧`).
pub fn bought_misfit(normalized: &str) -> Option<(String, i8)> {
    bought(normalized).filter(|(_, step)| *step != 0)
}

/// The size bought before, and how it fitted: `0` as it should, else the
/// step away from it (see [`bought_misfit`]). Read for every message on an
/// item's page, so the regex runs only on one that says when (`上次`,
/// `之前`, `去年`, `上回`: each has 次, 前, 年 or 回) and buying: one pass
/// over the characters each.
pub fn bought(normalized: &str) -> Option<(String, i8)> {
    read_bought(normalized).map(|b| (b.size, b.step))
}

/// A size bought before that did not fit, as [`bought_misfit`] reads it,
/// and where the message tells it: from when it was bought to the word
/// saying how (`上次买的l偏小` in `上次买的l偏小 这次拍哪个`, `之前拍的29有点
/// 紧`). Those words tell how that size fitted the buyer; the dialogue does
/// not read them as asking whether the item runs small (`偏小`), which an
/// item's own answer would take.
pub fn misfit_told(normalized: &str) -> Option<((String, i8), Range<usize>)> {
    read_bought(normalized)
        .filter(|b| b.step != 0)
        .map(|b| ((b.size, b.step), b.told))
}

/// A size bought before as [`read_bought`] reads it.
struct Bought {
    size: String,
    /// `0` when it fitted, else the step to the size to take instead.
    step: i8,
    /// The words telling it, up to the one saying how it fitted if any.
    told: Range<usize>,
}

/// The reading behind [`bought`] and [`misfit_told`].
fn read_bought(normalized: &str) -> Option<Bought> {
    if !normalized.contains(['次', '前', '年', '回']) || !normalized.contains(['买', '拍', '入'])
    {
        return None;
    }
    let c = BOUGHT_SIZE.captures(normalized)?;
    let (whole, after) = (c.get(0)?, c.get(2)?);
    let Some((at, fit)) = (after.as_str().char_indices()).find(|(_, ch)| DID_NOT_FIT.contains(ch))
    else {
        return Some(Bought {
            size: canonical_size(&c[1]),
            step: 0,
            told: whole.start()..after.start(),
        });
    };
    // `偏` names the way next: `偏大`, `偏小`.
    let rest = &after.as_str()[at + fit.len_utf8()..];
    let (way, way_len) = match fit {
        '偏' => rest
            .chars()
            .next()
            .map(|ch| (ch, fit.len_utf8() + ch.len_utf8()))?,
        _ => (fit, fit.len_utf8()),
    };
    let step = match way {
        '大' | '肥' | '松' | '长' => -1,
        '小' | '紧' | '短' => 1,
        _ => return None,
    };
    Some(Bought {
        size: canonical_size(&c[1]),
        step,
        told: whole.start()..after.start() + at + way_len,
    })
}

/// A size up or down (`大一码`, `小一号`, `有没有大一点的`, `拍大两码`),
/// not a fit the shop describes (`偏大一码`).
static SIZE_STEP: LazyLock<Regex> =
    LazyLock::new(|| re(r"(?:^|[^偏])(大|小)(一|1|两|2)个?(?:码|号|点)"));

/// Asking whether to go up or down (`要不要大一码`, `拍大一码会不会太大`)
/// rather than asking for it.
const ASKS_WHETHER: &[&str] = &[
    "要不要",
    "需不需要",
    "用不用",
    "会不会",
    "是不是",
    "合适",
    "好不好",
    "行不行",
    "可以吗",
];

/// How many sizes up (positive) or down (negative) from the one in talk the
/// buyer asks for (`那拍大一码吧` → 1, `有小一号的吗` → -1); `None` when the
/// message asks for no step, or asks whether to take one (`要大一码吗`),
/// which is a question for the size advice. Like [`worn_size`], read by the
/// policy only when a size is in talk.
pub fn size_step(normalized: &str) -> Option<i8> {
    let c = SIZE_STEP.captures(normalized)?;
    let asks_whether = ASKS_WHETHER.iter().any(|w| normalized.contains(w))
        || (normalized.contains('吗') && !normalized.contains('有'));
    if asks_whether {
        return None;
    }
    let n = if matches!(&c[2], "两" | "2") { 2 } else { 1 };
    Some(if &c[1] == "大" { n } else { -n })
}

/// Compiles every sizing reading's regex, so the first message that needs
/// one does not pay for it.
pub(super) fn warm_up() {
    for regex in [
        &WAIST,
        &PERSON,
        &RELATION,
        &FOOT,
        &HALF_SIZE,
        &WORN_SIZE,
        &BOUGHT_SIZE,
        &SIZE_STEP,
    ] {
        LazyLock::force(regex);
    }
    systems::warm_up();
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::nlu::normalize;

    #[test]
    fn a_size_bought_before_that_fitted() {
        for (text, size) in [
            ("我上次在你家买过一件M的 这次还是M可以吗", Some("M")),
            ("之前买的L码", Some("L")),
            ("去年拍了一条29的", Some("29")),
            // It did not fit: no size to take again.
            ("上次买的M码有点大 这次拍S吗", None),
            ("之前买的l偏小", None),
            ("我想买M", None),
        ] {
            assert_eq!(
                bought_size(&normalize(text).text).as_deref(),
                size,
                "{text}"
            );
        }
    }

    #[test]
    fn a_size_bought_before_that_did_not_fit_and_the_way_to_go() {
        for (text, misfit) in [
            ("上次买的M码有点大 这次拍S吗", Some(("M", -1))),
            ("之前拍的29有点紧", Some(("29", 1))),
            ("之前买的l偏小", Some(("L", 1))),
            ("上次买的M", None),
        ] {
            let read = bought_misfit(&normalize(text).text);
            let read = read.as_ref().map(|(size, step)| (size.as_str(), *step));
            assert_eq!(read, misfit, "{text}");
        }
    }

    #[test]
    fn the_words_telling_a_misfit_end_at_the_word_saying_how() {
        // The dialogue reads the rest for the item's own answers: `这次拍哪个`
        // and `厚吗` are questions, `上次买的l偏小` is none.
        for (text, told) in [
            ("上次买的L偏小 这次拍哪个", Some("上次买的l偏小")),
            ("之前拍的29有点紧厚吗", Some("之前拍的29有点紧")),
            ("上次买的M码有点大", Some("上次买的m码有点大")),
            // A size that fitted, or no size bought: nothing told of a misfit.
            ("上次买的M 这次还是M", None),
            ("这款偏小吗", None),
        ] {
            let normalized = normalize(text).text;
            let read = misfit_told(&normalized).map(|(_, words)| &normalized[words]);
            assert_eq!(read, told, "{text}");
        }
    }
}
