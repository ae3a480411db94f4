//! Where a parcel would go: the province (or a city, or a group such as
//! 江浙沪) a buyer names when asking how long delivery takes or whether it
//! is free (`寄到上海几天到`, `新疆包邮吗`, `我在广州`).
//!
//! Shops set delivery times and shipping fees by province (a 运费模板 is a
//! table of provinces), while buyers name their city as often as their
//! province; so a city counts as its province. The list holds every
//! province-level division and the cities buyers most often name, leaving
//! out those whose names are everyday words in a shop chat (开封 "opened",
//! 大同, 大理, 中山, 包头).
//!
//! Read by the policy only for a shipping question or a short follow-up to
//! one, not on every message. A place the shop ships *from* (`你们从广州发货吗`,
//! `是上海发的吗`) is not where the parcel goes, and is not read.

use aho_corasick::{AhoCorasick, MatchKind};
use std::sync::LazyLock;

/// Every province-level division, as buyers and shipping templates name
/// them (short forms: `广西`, not `广西壮族自治区`), and the cities read as
/// each.
const PROVINCES: &[(&str, &[&str])] = &[
    ("北京", &[]),
    ("天津", &[]),
    ("上海", &[]),
    ("重庆", &[]),
    (
        "河北",
        &["石家庄", "唐山", "保定", "邯郸", "廊坊", "秦皇岛"],
    ),
    ("山西", &["太原"]),
    ("内蒙古", &["呼和浩特", "鄂尔多斯", "赤峰"]),
    ("辽宁", &["沈阳", "大连", "鞍山"]),
    ("吉林", &["长春"]),
    ("黑龙江", &["哈尔滨", "大庆", "齐齐哈尔"]),
    (
        "江苏",
        &[
            "南京", "苏州", "无锡", "常州", "南通", "徐州", "扬州", "昆山",
        ],
    ),
    (
        "浙江",
        &[
            "杭州", "宁波", "温州", "绍兴", "嘉兴", "义乌", "湖州", "台州",
        ],
    ),
    ("安徽", &["合肥", "芜湖"]),
    ("福建", &["福州", "厦门", "泉州"]),
    ("江西", &["南昌", "赣州"]),
    ("山东", &["济南", "青岛", "烟台", "潍坊", "临沂", "威海"]),
    ("河南", &["郑州", "洛阳"]),
    ("湖北", &["武汉", "宜昌", "襄阳"]),
    ("湖南", &["长沙", "株洲"]),
    (
        "广东",
        &["广州", "深圳", "东莞", "佛山", "珠海", "汕头", "惠州"],
    ),
    ("广西", &["南宁", "桂林", "柳州"]),
    ("海南", &["海口", "三亚"]),
    ("四川", &["成都", "绵阳"]),
    ("贵州", &["贵阳", "遵义"]),
    ("云南", &["昆明", "丽江"]),
    ("西藏", &["拉萨"]),
    ("陕西", &["西安", "咸阳"]),
    ("甘肃", &["兰州"]),
    ("青海", &["西宁"]),
    ("宁夏", &["银川"]),
    ("新疆", &["乌鲁木齐", "喀什", "伊犁"]),
    ("香港", &[]),
    ("澳门", &[]),
    ("台湾", &[]),
];

/// Names for several provinces at once.
const GROUPS: &[(&str, &[&str])] = &[
    ("江浙沪", &["江苏", "浙江", "上海"]),
    ("江浙", &["江苏", "浙江"]),
    ("东三省", &["辽宁", "吉林", "黑龙江"]),
    ("港澳台", &["香港", "澳门", "台湾"]),
    ("港澳", &["香港", "澳门"]),
];

/// A place a buyer named.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Place {
    /// As the buyer said it: `广州`, `江浙沪`, `新疆`.
    pub said: &'static str,
    /// The provinces it lies in: one for a province or a city, several for
    /// a group.
    pub provinces: &'static [&'static str],
}

/// Every name the reading knows, with the place it stands for.
struct Names {
    automaton: AhoCorasick,
    places: Vec<Place>,
}

static NAMES: LazyLock<Names> = LazyLock::new(|| {
    let mut places = Vec::new();
    for (province, cities) in PROVINCES {
        // The province's own entry, as a one-element slice of the table.
        let own: &'static [&'static str] = std::slice::from_ref(province);
        places.push(Place {
            said: province,
            provinces: own,
        });
        for city in *cities {
            places.push(Place {
                said: city,
                provinces: own,
            });
        }
    }
    for (group, provinces) in GROUPS {
        places.push(Place {
            said: group,
            provinces,
        });
    }
    // Leftmost-longest: `江浙沪` is one place, not `江浙` and then nothing.
    let automaton = AhoCorasick::builder()
        .match_kind(MatchKind::LeftmostLongest)
        .build(places.iter().map(|p| p.said))
        .unwrap_or_else(|e| panic!("built-in place names: {e}"));
    Names { automaton, places }
});

/// Builds the place names' automaton, so the first shipping question does
/// not pay for it.
pub(super) fn warm_up() {
    LazyLock::force(&NAMES);
}

/// The province names a shop's regions may list.
pub fn provinces() -> impl Iterator<Item = &'static str> {
    PROVINCES.iter().map(|(p, _)| *p)
}

/// The first place in a normalised message that the parcel would go to.
pub fn place_named(normalized: &str) -> Option<Place> {
    let names = &*NAMES;
    names
        .automaton
        .find_iter(normalized)
        .find(|m| !ships_from(&normalized[..m.start()], &normalized[m.end()..]))
        .map(|m| names.places[m.pattern().as_usize()])
}

/// Where in a normalised message a place stands as the parcel's
/// destination (`寄到哈尔滨`, `发往新疆`, `到上海几天`): the place's bytes,
/// directly after a word sending something there. Such a place says where
/// the buyer is, not what they ask of the goods: `哈尔滨` as the short
/// coat's answer about the cold there (`东北`, `哈尔滨`) would answer a
/// question about delivery.
pub fn destination_told(normalized: &str) -> Option<std::ops::Range<usize>> {
    // `到` ends `寄到`, `发到`, `送到` too.
    const SENDING: &[&str] = &["到", "寄往", "发往", "寄去", "发去"];
    NAMES
        .automaton
        .find_iter(normalized)
        .find(|m| {
            let before = &normalized[..m.start()];
            SENDING.iter().any(|w| before.ends_with(w))
        })
        .map(|m| m.range())
}

/// The place with this name (`广州`, `江浙沪`), as [`place_named`] reads it.
pub fn place_called(name: &str) -> Option<Place> {
    NAMES.places.iter().find(|p| p.said == name).copied()
}

/// Whether a place between `before` and `after` is where the shop ships
/// from: `从广州发`, `上海发货`, `广州仓`. `发到上海` and `上海发吗` ask
/// about the buyer's side and are kept: only a place directly followed by
/// 发货/发的/发出/仓, or after 从, is the shop's.
fn ships_from(before: &str, after: &str) -> bool {
    before.ends_with('从')
        || ["发货", "发的", "发出", "仓", "出发"]
            .iter()
            .any(|w| after.starts_with(w))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn said(text: &str) -> Option<&'static str> {
        place_named(text).map(|p| p.said)
    }

    #[test]
    fn provinces_cities_and_groups_are_read() {
        assert_eq!(said("寄到上海几天能到"), Some("上海"));
        assert_eq!(said("新疆包邮吗"), Some("新疆"));
        assert_eq!(said("我在广州"), Some("广州"));
        assert_eq!(place_named("我在广州").unwrap().provinces, ["广东"]);
        assert_eq!(said("我是内蒙古的"), Some("内蒙古"));
        assert_eq!(said("江浙沪包邮吗"), Some("江浙沪"));
        assert_eq!(place_named("江浙沪").unwrap().provinces.len(), 3);
        assert_eq!(said("发乌鲁木齐要几天"), Some("乌鲁木齐"));
    }

    #[test]
    fn the_shops_own_side_and_everyday_words_are_not_places() {
        assert_eq!(said("你们从广州发货吗"), None);
        assert_eq!(said("是上海发货吗"), None);
        assert_eq!(said("广州仓发的吗"), None);
        assert_eq!(said("已经开封了还能退吗"), None);
        assert_eq!(said("几天能到"), None);
        // The shop's side first, then the buyer's.
        assert_eq!(said("从广州发到北京要几天"), Some("北京"));
    }

    #[test]
    fn a_destination_is_a_place_right_after_sending_it_there() {
        fn told(text: &str) -> Option<&str> {
            destination_told(text).map(|r| &text[r])
        }
        assert_eq!(told("多久能到寄到哈尔滨"), Some("哈尔滨"));
        assert_eq!(told("发往新疆要几天"), Some("新疆"));
        assert_eq!(told("到上海几天"), Some("上海"));
        // Living there, or the shop's side, is no parcel sent.
        assert_eq!(told("我在哈尔滨这个够暖吗"), None);
        assert_eq!(told("哈尔滨能穿吗"), None);
        assert_eq!(told("几天能到"), None);
    }

    #[test]
    fn every_name_is_one_place_and_names_a_known_province() {
        let all: Vec<&str> = provinces().collect();
        let mut seen = std::collections::HashSet::new();
        for place in &NAMES.places {
            assert!(seen.insert(place.said), "`{}` listed twice", place.said);
            for p in place.provinces {
                assert!(all.contains(p), "`{}` is in unknown `{p}`", place.said);
            }
        }
        assert_eq!(
            place_called("深圳").map(|p| p.provinces),
            Some(&["广东"][..])
        );
        assert_eq!(place_called("火星"), None);
    }
}
