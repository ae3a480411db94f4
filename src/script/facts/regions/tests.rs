//! `[[region]]`: what it compiles to, and one test per kind of mistake.

use crate::nlu::place_called;
use crate::script::load::tests::{assert_one_error, check_with_base};

const PACK: &str = r#"
[[region]]
name = "江浙沪"
places = ["上海", "江苏", "浙江"]
delivery = "一般发货后次日到"
shipping = "包邮"

[[region]]
name = "偏远地区"
places = ["新疆", "西藏"]
shipping = "需要补运费"
"#;

#[test]
fn regions_compile_and_a_city_finds_its_province_region() {
    let scripts = check_with_base(PACK).expect("the pack loads");
    let shop = &scripts.shop;
    assert_eq!(shop.regions.len(), 2);
    let region = |name| {
        shop.region_for(&place_called(name).unwrap())
            .map(|r| r.name.as_str())
    };
    assert_eq!(region("杭州"), Some("江浙沪"));
    assert_eq!(region("江浙沪"), Some("江浙沪"));
    assert_eq!(region("乌鲁木齐"), Some("偏远地区"));
    // A province in no region, and a group across two, get the shop-wide answer.
    assert_eq!(region("广州"), None);
    assert_eq!(region("江浙"), Some("江浙沪"));
    assert_eq!(region("港澳台"), None);
    let remote = &shop.regions[1];
    assert_eq!(remote.delivery, None);
    assert_eq!(remote.shipping.as_deref(), Some("需要补运费"));
}

#[test]
fn an_unknown_province_is_an_error_listing_the_known_ones() {
    assert_one_error(
        &PACK.replace("\"新疆\", \"西藏\"", "\"新疆\", \"广洲\""),
        10,
        "region `偏远地区`: unknown province `广洲` (provinces are written `北京`",
    );
}

#[test]
fn a_province_in_two_regions_is_an_error() {
    assert_one_error(
        &PACK.replace("\"新疆\", \"西藏\"", "\"新疆\", \"上海\""),
        10,
        "`上海` is also in region `江浙沪` at test.toml:4",
    );
}

#[test]
fn a_region_with_nothing_to_say_or_no_places_is_an_error() {
    assert_one_error(
        &PACK.replace("shipping = \"需要补运费\"", ""),
        9,
        "region `偏远地区` says neither `delivery` nor `shipping`",
    );
    assert_one_error(
        &PACK.replace("[\"新疆\", \"西藏\"]", "[]"),
        10,
        "region `偏远地区` has no places",
    );
}
