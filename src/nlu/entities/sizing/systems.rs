//! A shoe size said in another country's system (`美码9`, `US 8.5`, `英码6`,
//! `欧码39`), and the foot length it stands for. Buyers who shop abroad
//! know their size from a label (`平时穿耐克美码9.5`), not from a tape
//! measure; the shop's table is by foot length, so the size is turned into
//! the foot it fits and the shoes' own table gives the size from there.
//!
//! The conversions are the usual ones behind the charts on sports shoe
//! labels and the Brannock device: a US men's size is three times the
//! foot in inches less 22 (a size is a third of an inch), a UK size one
//! less than the US men's, a US women's size one and a half more. A 欧码
//! as Chinese shops sell it is the Chinese size (码数 = 脚长 cm × 2 − 10),
//! the number buyers compare. So `美码9` (men's) is a foot of 262 mm, which
//! a standard 43 (made for 265 mm) fits; a women's `美码9` is 250 mm, a 40.

use regex::Regex;
use std::ops::Range;
use std::sync::LazyLock;

use super::super::re;

/// The country whose sizes a buyer names.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ShoeSystem {
    Us,
    Uk,
    Eu,
}

/// Men's or women's sizes, which differ in the US system.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Sex {
    Men,
    Women,
}

/// A shoe size in another country's system, as [`shoe_size`] reads it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ShoeSize {
    pub system: ShoeSystem,
    /// The size in tenths (85 for 8.5): sizes go in halves, which a float
    /// would carry with rounding noise into the comparisons.
    pub tenths: u32,
    /// Men's or women's, when the size itself says (`美码女7`, `US W7`,
    /// `usm9`); whom it is for elsewhere in the message is [`sex_said`]'s.
    pub sex: Option<Sex>,
}

impl ShoeSize {
    /// Whether the foot it stands for depends on men's or women's sizes:
    /// only in the US system, where the same number is 12 mm apart, over
    /// two Chinese sizes.
    pub fn needs_sex(&self) -> bool {
        self.system == ShoeSystem::Us
    }

    /// The longest foot (mm) the size fits, for men's or women's sizes
    /// when that matters (see [`needs_sex`](Self::needs_sex)); `None` for a
    /// US size whose kind is not known.
    pub fn foot_mm(&self, sex: Option<Sex>) -> Option<u32> {
        let size = self.tenths as f64 / 10.0;
        // Thirds of an inch from the zero of each scale (see the module doc).
        let thirds = match (self.system, sex) {
            (ShoeSystem::Eu, _) => return Some(super::foot_of_size(self.tenths)),
            (ShoeSystem::Uk, _) => size + 23.0,
            (ShoeSystem::Us, Some(Sex::Men)) => size + 22.0,
            (ShoeSystem::Us, Some(Sex::Women)) => size + 20.5,
            (ShoeSystem::Us, None) => return None,
        };
        Some((thirds * 25.4 / 3.0).round() as u32)
    }

    /// The size as a reply repeats it for the buyer to check: `美码9`,
    /// `英码6.5`, `欧码39`, and for the US the kind it was read as
    /// (`男款美码9`), where the reply's size depends on it.
    pub fn said(&self, sex: Option<Sex>) -> String {
        let number = match self.tenths % 10 {
            0 => (self.tenths / 10).to_string(),
            tenth => format!("{}.{tenth}", self.tenths / 10),
        };
        let (system, kind) = match (self.system, sex) {
            (ShoeSystem::Us, Some(Sex::Men)) => ("美码", "男款"),
            (ShoeSystem::Us, Some(Sex::Women)) => ("美码", "女款"),
            (ShoeSystem::Us, None) => ("美码", ""),
            (ShoeSystem::Uk, _) => ("英码", ""),
            (ShoeSystem::Eu, _) => ("欧码", ""),
        };
        format!("{kind}{system}{number}")
    }
}

/// The words naming a system, longest first within each.
const SYSTEMS: &str = concat!(
    "(us|美码|美国码|美国尺码|美国鞋码|美国鞋号",
    "|uk|英码|英国码|英国尺码|英国鞋码|英国鞋号",
    "|eur|eu|欧码|欧洲码|欧洲尺码|欧洲鞋码|欧洲鞋号)",
);

/// What may not follow the number: more digits (an order number, `us123`),
/// a decimal other than `.5`, or a unit making it money or a count
/// (`us9刀`, `美码9块`, `uk7天`).
const NOT_AFTER: &str = r"(?:$|[^\d.$元块刀美%k天件个w])";

/// A size after the system's word: `美码9`, `us8.5`, `美码是9.5`, `美码男9`,
/// `us w7` (`usw7` once normalised), `美码8码半`. Groups: 1 the system, 2
/// the kind, 3 the number, 4 and 5 a half. Not after a letter (`bus9`),
/// and `us$9` has a `$` where a filler could be.
static SYSTEM_FIRST: LazyLock<Regex> = LazyLock::new(|| {
    re(&format!(
        r"(?:^|[^a-z]){SYSTEMS}[码号的话是穿一般大概平时约:]{{0,4}}(男|女|wmns|m|w)?(?:码|款|鞋|的)?(\d{{1,2}})(\.5|半)?(?:码|号)?(半)?{NOT_AFTER}"
    ))
});

/// A size before the system's word: `9.5美码`, `43欧码`, `7uk`. Groups: 1
/// the number, 2 and 3 a half, 4 the kind, 5 the system.
static NUMBER_FIRST: LazyLock<Regex> = LazyLock::new(|| {
    re(&format!(
        r"(?:^|[^\d.])(\d{{1,2}})(\.5|半)?(?:码|号)?(半)?(男|女)?(?:的)?{SYSTEMS}(?:$|[^a-z])"
    ))
});

/// A shoe size the buyer gives in the US, UK or EU system (`美码9穿多大`,
/// `US 8.5`, `我穿美码7`, `英码6`, `欧码39`, `平时穿耐克美码9.5`), from
/// normalised text; `None` when the message names none, or a number no
/// adult's shoe is in that system (`欧码9`). A number without the system
/// (`9码`) is no size of another country, nor money (`US$9`, `美金9`).
/// Read by the size answer only, for shoes sized by foot length.
pub fn shoe_size(normalized: &str) -> Option<ShoeSize> {
    shoe_size_told(normalized).map(|(size, _)| size)
}

/// Who wears a shoe size, said right before it: `我老公穿`, `她平时穿的是`.
static WORN_BY: LazyLock<Regex> = LazyLock::new(|| {
    re(concat!(
        r"(?:男朋友|女朋友|男友|女友|老公|老婆|对象|闺蜜|我妈|我爸|妈妈|爸爸|我|他|她)",
        r"(?:的)?(?:平时|一般|平常)?(?:都)?穿(?:的是|的)?(?:耐克|阿迪)?$",
    ))
});

/// [`shoe_size`], and the words telling it: the size, from whoever is said
/// to wear it (`老公穿美码9` in `我老公穿美码9 拍多大`). Those words say
/// what the wearer's size is, and ask nothing of the item: an item's own
/// answer to `老公穿` (whether men can wear it) is no answer to them.
pub fn shoe_size_told(normalized: &str) -> Option<(ShoeSize, Range<usize>)> {
    if !normalized.contains(['码', '号', 'u', 'e']) {
        return None;
    }
    let (size, words) = if let Some(c) = SYSTEM_FIRST.captures(normalized) {
        let half = c.get(4).or(c.get(5)).is_some();
        let size = size_read(&c[1], c.get(2).map(|k| k.as_str()), &c[3], half)?;
        let end = (c.get(5).or(c.get(4)).or(c.get(3)))?.end();
        (size, c.get(1)?.start()..end)
    } else {
        let c = NUMBER_FIRST.captures(normalized)?;
        let half = c.get(2).or(c.get(3)).is_some();
        let size = size_read(&c[5], c.get(4).map(|k| k.as_str()), &c[1], half)?;
        (size, c.get(1)?.start()..c.get(5)?.end())
    };
    let from = (WORN_BY.find(&normalized[..words.start])).map_or(words.start, |by| by.start());
    Some((size, from..words.end))
}

/// A size from the words matched: the system's word, the kind's if any,
/// the whole number and whether a half follows it.
fn size_read(system: &str, kind: Option<&str>, number: &str, half: bool) -> Option<ShoeSize> {
    let system = match system {
        "us" => ShoeSystem::Us,
        "uk" => ShoeSystem::Uk,
        "eu" | "eur" => ShoeSystem::Eu,
        word if word.starts_with('美') => ShoeSystem::Us,
        word if word.starts_with('英') => ShoeSystem::Uk,
        _ => ShoeSystem::Eu,
    };
    let tenths = number.parse::<u32>().ok()? * 10 + if half { 5 } else { 0 };
    // Adults' shoes: a number outside is another kind of number, or a
    // child's size, which runs on another scale.
    let adult = match system {
        ShoeSystem::Us => 30..=160,
        ShoeSystem::Uk => 20..=150,
        ShoeSystem::Eu => 330..=490,
    };
    let sex = match kind {
        Some("男" | "m") => Some(Sex::Men),
        Some("女" | "wmns" | "w") => Some(Sex::Women),
        _ => None,
    };
    adult.contains(&tenths).then_some(ShoeSize {
        system,
        tenths,
        sex,
    })
}

/// Words saying the shoes are for a woman or women's sizes. `姐` and `妹`
/// are left out: buyers call the agent `小姐姐`, `妹子`.
const WOMEN: &[&str] = &[
    "女", "老婆", "媳妇", "妈", "她", "闺蜜", "奶奶", "外婆", "姥姥", "婆婆", "wmns",
];

/// Words saying the shoes are for a man or men's sizes (`哥` left out, as
/// `小哥哥` is the agent).
const MEN: &[&str] = &["男", "老公", "爸", "他", "爷爷", "外公", "姥爷", "公公"];

/// Whether `text` says the shoes are for a man or a woman (`我老公穿美码9`,
/// `女码`, `给妈妈买`; a wearer as a reply calls them, `男朋友`, `妈妈`):
/// what a US size needs to stand for a foot. `None` when it says neither,
/// or both (`男女同款`, `我和老公`); `其他` is not `他`.
pub fn sex_said(text: &str) -> Option<Sex> {
    let says = |words: &[&str]| {
        words.iter().any(|w| {
            text.match_indices(w)
                .any(|(at, _)| *w != "他" || !text[..at].ends_with('其'))
        })
    };
    match (says(MEN), says(WOMEN)) {
        (true, false) => Some(Sex::Men),
        (false, true) => Some(Sex::Women),
        _ => None,
    }
}

/// Compiles the regexes, so the first message that needs one does not pay.
pub(super) fn warm_up() {
    LazyLock::force(&SYSTEM_FIRST);
    LazyLock::force(&NUMBER_FIRST);
    LazyLock::force(&WORN_BY);
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::nlu::normalize;

    fn read(text: &str) -> Option<ShoeSize> {
        shoe_size(&normalize(text).text)
    }

    #[test]
    fn sizes_of_other_countries_in_the_ways_buyers_write_them() {
        use ShoeSystem::*;
        for (text, system, tenths, sex) in [
            ("美码9穿多大", Us, 90, None),
            ("US 8.5", Us, 85, None),
            ("us8.5", Us, 85, None),
            ("我穿美码7", Us, 70, None),
            ("平时穿耐克美码9.5", Us, 95, None),
            ("美国码10码", Us, 100, None),
            ("美码是9", Us, 90, None),
            ("美码的话9.5", Us, 95, None),
            ("美码8码半", Us, 85, None),
            ("美码8半", Us, 85, None),
            ("美码女7", Us, 70, Some(Sex::Women)),
            ("US W 7", Us, 70, Some(Sex::Women)),
            ("us m9", Us, 90, Some(Sex::Men)),
            ("US WMNS 7", Us, 70, Some(Sex::Women)),
            ("美码男款9号", Us, 90, Some(Sex::Men)),
            ("英码6", Uk, 60, None),
            ("UK 7", Uk, 70, None),
            ("英国码6.5", Uk, 65, None),
            ("欧码39", Eu, 390, None),
            ("EU 42.5", Eu, 425, None),
            ("eur44", Eu, 440, None),
            ("欧洲码40码", Eu, 400, None),
            ("9.5美码", Us, 95, None),
            ("平时穿43欧码", Eu, 430, None),
            ("7uk", Uk, 70, None),
        ] {
            let want = ShoeSize {
                system,
                tenths,
                sex,
            };
            assert_eq!(read(text), Some(want), "{text}");
        }
    }

    #[test]
    fn numbers_that_are_no_size_of_another_country() {
        for text in [
            // No system named: the size in the shop's own numbers.
            "9码",
            "穿9码合适吗",
            "39码有吗",
            // Money, in dollars or otherwise.
            "US$9",
            "us$9.5",
            "美金9",
            "9美元",
            "9美金",
            "us9刀",
            "美码9块",
            // Order numbers and codes with letters in them.
            "订单号us123456",
            "us12345678",
            "bus9路",
            "status9",
            // Out of an adult's range in that system.
            "欧码9",
            "美码45",
            "英码0",
            // A decimal other than a half.
            "美码9.3",
            "美码",
            "哪个码数",
        ] {
            assert_eq!(read(text), None, "{text}");
        }
    }

    #[test]
    fn the_words_telling_a_size_run_from_whoever_wears_it() {
        for (text, told) in [
            ("我老公穿美码9 拍多大", "老公穿美码9"),
            ("她平时穿的是耐克美码7", "她平时穿的是耐克美码7"),
            ("美码9.5穿多大", "美码9.5"),
            ("43欧码 有吗", "43欧码"),
        ] {
            let normalized = normalize(text).text;
            let (_, words) = shoe_size_told(&normalized).expect(text);
            assert_eq!(&normalized[words], told, "{text}");
        }
    }

    #[test]
    fn the_foot_each_size_stands_for() {
        let size = |system, tenths| ShoeSize {
            system,
            tenths,
            sex: None,
        };
        let us9 = size(ShoeSystem::Us, 90);
        // Men's and women's are a size and a half apart: 12-13 mm.
        assert_eq!(us9.foot_mm(Some(Sex::Men)), Some(262));
        assert_eq!(us9.foot_mm(Some(Sex::Women)), Some(250));
        assert_eq!(us9.foot_mm(None), None, "a US size needs the kind");
        // UK is one below US men's, whoever wears it: UK 8 = US men's 9.
        let uk8 = size(ShoeSystem::Uk, 80);
        assert_eq!(uk8.foot_mm(None), Some(262));
        assert_eq!(uk8.foot_mm(Some(Sex::Women)), Some(262));
        assert_eq!(size(ShoeSystem::Uk, 60).foot_mm(None), Some(246));
        // 欧码 as the Chinese size: 39 fits 245 mm, 37.5 fits 237.
        assert_eq!(size(ShoeSystem::Eu, 390).foot_mm(None), Some(245));
        assert_eq!(size(ShoeSystem::Eu, 375).foot_mm(None), Some(237));
        // Half a size is a sixth of an inch, about 4 mm.
        let us85 = size(ShoeSystem::Us, 85);
        assert_eq!(us85.foot_mm(Some(Sex::Men)), Some(258));
        // The same foot the three ways round: US women's 10.5 = men's 9.
        assert_eq!(
            size(ShoeSystem::Us, 105).foot_mm(Some(Sex::Women)),
            Some(262)
        );
    }

    #[test]
    fn a_size_is_repeated_as_the_reply_reads_it() {
        let us = ShoeSize {
            system: ShoeSystem::Us,
            tenths: 95,
            sex: None,
        };
        assert_eq!(us.said(None), "美码9.5");
        assert_eq!(us.said(Some(Sex::Men)), "男款美码9.5");
        assert_eq!(us.said(Some(Sex::Women)), "女款美码9.5");
        let eu = ShoeSize {
            system: ShoeSystem::Eu,
            tenths: 390,
            sex: None,
        };
        // The kind changes nothing in Europe, and is not said.
        assert_eq!(eu.said(Some(Sex::Men)), "欧码39");
        // What a reply says reads back as the same size.
        assert_eq!(shoe_size(&us.said(None)), Some(us));
        assert_eq!(
            shoe_size(&us.said(Some(Sex::Men))).map(|s| s.tenths),
            Some(95)
        );
    }

    #[test]
    fn whom_the_shoes_are_for() {
        for (text, sex) in [
            ("我老公穿美码9", Some(Sex::Men)),
            ("给男朋友买", Some(Sex::Men)),
            ("女码7", Some(Sex::Women)),
            ("给妈妈买的", Some(Sex::Women)),
            ("妈妈", Some(Sex::Women)),
            ("她", Some(Sex::Women)),
            ("us wmns 7", Some(Sex::Women)),
            // Neither, or both.
            ("我穿美码7", None),
            ("男女同款吗", None),
            ("我和老婆一人一双 我爸也要", None),
            ("还有其他颜色吗", None),
            ("小姐姐 美码9穿多大", None),
        ] {
            assert_eq!(sex_said(&normalize(text).text), sex, "{text}");
        }
    }
}
