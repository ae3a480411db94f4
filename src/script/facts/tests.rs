//! Catalogue and shop checks, one test per kind of mistake, and the
//! compiled facts.

use super::is_hh_mm;
use crate::script::load::tests::{assert_one_error, check_files, check_with_base, errors_of, BASE};
use crate::script::{Coupon, MultiBuy, SizeRow};

const HOODIE: &str = r#"
[[item]]
id = "p-1001"
name = "加绒连帽卫衣"
aliases = ["卫衣", "连帽衫"]
price = 129.0
selling_points = ["400g重磅加绒"]
colors = ["黑色", "燕麦色"]
sizes = ["S", "M", "L"]
stock = { S = 12, M = 0 }
size_chart = "tops"
similar = ["p-1002"]

[[item]]
id = "p-1002"
name = "圆领卫衣"
price = 99.9
sizes = ["M"]
stock = { M = 3 }

[[size_chart]]
name = "tops"
rows = [
  { size = "S", height = [150, 160], weight = [80, 100] },
  { size = "M", height = [160, 168], weight = [100, 120] },
]
"#;

#[test]
fn items_charts_and_shop_compile() {
    let shop = "[shop]\nname = \"暖阳家居旗舰店\"\nship_cutoff = \"17:00\"\ncouriers = [\"中通\", \"韵达\"]\n\
                gift = \"运费险\"\n\n[[coupon]]\nname = \"店铺券\"\ntext = \"满199减20的店铺券\"\n";
    let checked = check_files(&[BASE[0], ("catalog.toml", HOODIE), ("shop.toml", shop)]).unwrap();
    let catalog = &checked.catalog;
    let hoodie = catalog.item("p-1001").unwrap();
    assert_eq!(hoodie.aliases, ["卫衣", "连帽衫"]);
    assert_eq!(hoodie.price_text(), "129");
    assert_eq!(hoodie.stock_of("S"), 12);
    assert_eq!(hoodie.stock_of("L"), 0);
    assert_eq!(
        catalog.similar_in_stock(hoodie, Some("M")).unwrap().id,
        "p-1002"
    );
    let chart = catalog.chart_for(hoodie).unwrap();
    assert_eq!(
        chart.rows[1],
        SizeRow {
            size: "M".into(),
            height: (160, 168),
            weight: (100, 120),
            waist: None,
        }
    );
    assert_eq!(chart.size_for(Some(165), None, None), Some("M"));
    // Above every row the largest size is given, and the chart says so.
    let top = chart.rows.last().unwrap();
    assert!(!chart.exceeds(Some(165), Some(top.weight.1), None));
    assert!(chart.exceeds(Some(165), Some(top.weight.1 + 1), None));
    assert!(chart.exceeds(Some(top.height.1 + 1), None, None));
    assert!(
        !chart.exceeds(None, None, Some(200)),
        "the chart gives no waists"
    );
    // S has 12, M none, L none listed: next to M only S; next to S nothing
    // below and nothing in stock above.
    assert_eq!(hoodie.in_stock_next_to("M"), ["S"]);
    assert!(hoodie.in_stock_next_to("S").is_empty());
    assert!(hoodie.in_stock_next_to("XXL").is_empty());
    // A step goes by the sizes the item is made in, in stock or not.
    assert_eq!(hoodie.size_next_to("S", 1).as_deref(), Some("M"));
    assert_eq!(hoodie.size_next_to("M", -1).as_deref(), Some("S"));
    assert_eq!(hoodie.size_next_to("S", -1), None);
    assert_eq!(hoodie.size_next_to("38", 1), None);
    let shop = &checked.shop;
    assert_eq!(shop.name, "暖阳家居旗舰店");
    assert_eq!(shop.ship_cutoff.as_deref(), Some("17:00"));
    assert_eq!(shop.couriers, ["中通", "韵达"]);
    assert_eq!(shop.gift.as_deref(), Some("运费险"));
    assert_eq!(shop.promotion, None);
    assert_eq!(
        shop.coupons,
        [Coupon {
            name: "店铺券".into(),
            text: "满199减20的店铺券".into(),
            expires: None,
            deal: None,
        }]
    );
}

/// The hoodie pack with one line replaced.
fn hoodie_with(from: &str, to: &str) -> String {
    assert!(
        HOODIE.contains(from),
        "test setup: `{from}` not in the pack"
    );
    HOODIE.replacen(from, to, 1)
}

#[test]
fn a_duplicate_item_id_is_an_error() {
    let text = hoodie_with("id = \"p-1002\"", "id = \"p-1001\"").replacen(
        "similar = [\"p-1002\"]",
        "similar = []",
        1,
    );
    assert_one_error(
        &text,
        15,
        "duplicate item id `p-1001`: it is also used at test.toml:3",
    );
}

#[test]
fn stock_for_a_size_the_item_does_not_have_is_an_error() {
    assert_one_error(
        &hoodie_with("stock = { S = 12, M = 0 }", "stock = { S = 12, XXL = 1 }"),
        10,
        "stock for size `XXL`, which is not in its sizes",
    );
}

#[test]
fn foot_lengths_must_be_millimetres_growing_with_the_sizes_it_has() {
    let with = |table: &str| {
        hoodie_with(
            "size_chart = \"tops\"",
            &format!("size_chart = \"tops\"\nfoot_length = {table}"),
        )
    };
    assert_one_error(
        &with("{ S = 240, M = 24 }"),
        12,
        "foot_length 24 for size `M` is not a foot length in millimetres",
    );
    assert_one_error(
        &with("{ S = 245, M = 240 }"),
        12,
        "foot_length of size `M` (240 mm) is not longer than that of the smaller size `S` (245 mm)",
    );
    assert_one_error(
        &with("{ S = 240, XL = 250 }"),
        12,
        "foot_length for size `XL`, which is not in its sizes",
    );
}

#[test]
fn a_similar_item_that_does_not_exist_is_an_error() {
    assert_one_error(
        &hoodie_with("similar = [\"p-1002\"]", "similar = [\"p-1002\", \"p-9\"]"),
        12,
        "similar item `p-9` does not exist",
    );
}

#[test]
fn an_unknown_size_chart_is_an_error() {
    assert_one_error(
        &hoodie_with("size_chart = \"tops\"", "size_chart = \"top\""),
        11,
        "unknown size_chart `top` (no [[size_chart]] has this name; did you mean `tops`?)",
    );
}

#[test]
fn a_range_upside_down_is_an_error() {
    assert_one_error(
        &hoodie_with("height = [160, 168]", "height = [168, 160]"),
        25,
        "height range [168, 160] has its low end above its high end",
    );
}

#[test]
fn a_waist_range_upside_down_is_an_error() {
    assert_one_error(
        &hoodie_with(
            "weight = [100, 120] }",
            "weight = [100, 120], waist = [71, 68] }",
        ),
        25,
        "waist range [71, 68] has its low end above its high end",
    );
}

#[test]
fn a_chart_without_rows_is_an_error() {
    assert_one_error(
        "[[size_chart]]\nname = \"tops\"\nrows = []\n",
        3,
        "size chart `tops` has no rows",
    );
}

#[test]
fn chart_rows_must_grow() {
    let text = "[[size_chart]]\nname = \"tops\"\nrows = [\n\
                { size = \"M\", height = [160, 168], weight = [100, 120] },\n\
                { size = \"S\", height = [150, 160], weight = [80, 100] },\n]\n";
    assert_one_error(text, 5, "list rows from the smallest size up");
}

#[test]
fn a_price_must_be_above_zero_and_to_the_fen() {
    let price = |to: &str| hoodie_with("price = 99.9", to);
    assert_one_error(
        &price("price = -1"),
        17,
        "price must be a number of yuan above 0",
    );
    assert_one_error(
        &price("price = 0"),
        17,
        "price must be a number of yuan above 0",
    );
    // Shown to buyers as 130 and charged as what? Refused.
    assert_one_error(
        &price("price = 129.995"),
        17,
        "price 129.995 is finer than a fen",
    );
    assert!(check_with_base(&price("price = 129.99")).is_ok());
    assert!(check_with_base(&price("price = 0.01")).is_ok());
}

#[test]
fn a_chart_row_no_item_of_the_chart_is_sold_in_is_an_error() {
    let row = |size: &str| {
        hoodie_with(
            "{ size = \"M\", height = [160, 168]",
            &format!("{{ size = \"{size}\", height = [160, 168]"),
        )
    };
    assert_one_error(
        &row("均码"),
        25,
        "size chart `tops`: row `均码` is not a size of any item using the chart (`p-1001` \
         sells `S`, `M`, `L`): the bot would recommend it to buyers",
    );
    for typo in ["MM", "m"] {
        assert_one_error(
            &row(typo),
            25,
            &format!("row `{typo}` is not a size of any item using the chart (`p-1001` sells `S`, `M`, `L`; did you mean `M`?)"),
        );
    }
    // A chart shared by items of different ranges: each row is a size one
    // of them is sold in, which is enough.
    let shared = hoodie_with("sizes = [\"M\"]", "sizes = [\"M\"]\nsize_chart = \"tops\"");
    assert!(check_with_base(&shared).is_ok());
}

#[test]
fn a_coupons_words_must_say_the_deal_its_numbers_count() {
    let coupon = |name: &str, text: &str| {
        format!("[[coupon]]\nname = \"{name}\"\ntext = \"{text}\"\nmin_spend = 199\noff = 20\n")
    };
    assert_one_error(
        &coupon("店铺券", "满299减40的店铺券"),
        3,
        "coupon `店铺券`: its text says 满299减40, but min_spend = 199 and off = 20 are what \
         prices are worked out with",
    );
    assert_one_error(
        &coupon("满299减40店铺券", "满199减20的店铺券"),
        1,
        "its name says 满299减40",
    );
    // The same deal in other words, or words that name no deal, are fine.
    assert!(check_with_base(&coupon("店铺券", "满199元减20元的店铺券")).is_ok());
    assert!(check_with_base(&coupon("新人券", "新人专享券")).is_ok());
}

#[test]
fn a_broken_item_is_not_also_reported_as_missing() {
    // p-1002 has a typo; the hoodie's `similar` pointing at it is not a
    // second problem.
    assert_one_error(
        &hoodie_with("price = 99.9", "prise = 99.9"),
        17,
        "unknown field `prise`",
    );
}

#[test]
fn shop_given_twice_is_an_error() {
    let errors = errors_of(check_files(&[
        BASE[0],
        BASE[1],
        ("test.toml", "\n\n[shop]\nname = \"别的店\"\n"),
    ]));
    assert_eq!(errors.len(), 1, "{errors:#?}");
    assert_eq!(errors[0].at.file, "test.toml");
    assert_eq!(errors[0].at.line, 3);
    assert!(
        errors[0]
            .message
            .contains("[shop] is given twice: the first is at base_shop.toml:1"),
        "{}",
        errors[0]
    );
}

#[test]
fn a_pack_without_shop_is_refused() {
    let errors = errors_of(check_files(&[BASE[0]]));
    assert_eq!(errors.len(), 1, "{errors:#?}");
    assert_eq!(errors[0].message, "no [shop] table in any file");
}

#[test]
fn ship_cutoff_must_be_hh_mm() {
    let errors = errors_of(check_files(&[
        BASE[0],
        (
            "test.toml",
            "[shop]\nname = \"店\"\nship_cutoff = \"5pm\"\n",
        ),
    ]));
    assert_eq!(errors.len(), 1, "{errors:#?}");
    assert_eq!(errors[0].at.line, 3);
    assert!(errors[0].message.contains("HH:MM"), "{}", errors[0]);
    assert!(is_hh_mm("00:00") && is_hh_mm("23:59") && is_hh_mm("17:00"));
    assert!(!is_hh_mm("24:00") && !is_hh_mm("7:00") && !is_hh_mm("17:60") && !is_hh_mm("17-00"));
}

#[test]
fn an_empty_coupon_text_is_an_error() {
    assert_one_error(
        "[[coupon]]\nname = \"券\"\ntext = \"\"\n",
        3,
        "coupon `券` has an empty text",
    );
}

#[test]
fn a_coupons_terms_are_both_given_and_make_sense() {
    assert_one_error(
        "[[coupon]]\nname = \"券\"\ntext = \"满199减20的店铺券\"\nmin_spend = 199\n",
        4,
        "needs both min_spend and off",
    );
    assert_one_error(
        "[[coupon]]\nname = \"券\"\ntext = \"满19减20的店铺券\"\nmin_spend = 19\noff = 20\n",
        5,
        "less than min_spend",
    );
}

#[test]
fn a_multi_buy_discount_must_be_a_discount_on_several_items() {
    for (line, message) in [
        ("multi_buy = { items = 1, rate = 0.9 }", "2 or more"),
        ("multi_buy = { items = 2, rate = 9.5 }", "between 0 and 1"),
    ] {
        let shop = format!("[shop]\nname = \"暖阳\"\n{line}\n");
        let errors = errors_of(check_files(&[BASE[0], ("shop.toml", &shop)]));
        assert_eq!(errors.len(), 1, "{errors:#?}");
        assert_eq!(errors[0].at.line, 3, "{}", errors[0]);
        assert!(errors[0].message.contains(message), "{}", errors[0]);
    }
    let good =
        "[shop]\nname = \"暖阳\"\nmulti_buy = { items = 2, rate = 0.95, with_coupons = true }\n";
    let checked = check_files(&[BASE[0], ("shop.toml", good)]).unwrap();
    assert_eq!(
        checked.shop.multi_buy,
        Some(MultiBuy {
            items: 2,
            rate: 0.95,
            with_coupons: true
        })
    );
}

#[test]
fn check_with_base_accepts_the_hoodie_pack() {
    assert!(check_with_base(HOODIE).is_ok());
}

#[test]
fn business_hours_and_time_zone_must_be_readable() {
    let shop = "[shop]\nname = \"暖阳\"\nbusiness_hours = \"九点到十一点\"\ntime_zone = \"Mars/Base\"\nlow_stock = 5\n\n\
                [[coupon]]\nname = \"券\"\ntext = \"满199减20的店铺券\"\nexpires = \"本月底\"\n";
    let errors = errors_of(check_files(&[BASE[0], ("shop.toml", shop)]));
    let lines: Vec<(usize, &str)> = errors
        .iter()
        .map(|e| (e.at.line, e.message.as_str()))
        .collect();
    assert_eq!(lines.len(), 2, "{errors:#?}");
    assert_eq!(lines[0].0, 3);
    assert!(lines[0].1.contains("HH:MM-HH:MM"), "{}", lines[0].1);
    assert_eq!(lines[1].0, 4);
    assert!(
        lines[1].1.contains("unknown time zone `Mars/Base`"),
        "{}",
        lines[1].1
    );

    let good = shop
        .replace("九点到十一点", "09:00-23:00")
        .replace("Mars/Base", "Asia/Shanghai");
    let checked = check_files(&[BASE[0], ("shop.toml", &good)]).unwrap();
    assert_eq!(checked.shop.time_zone, "Asia/Shanghai");
    assert_eq!(checked.shop.low_stock, Some(5));
    assert_eq!(checked.shop.coupons[0].expires.as_deref(), Some("本月底"));
}

/// The hoodie pack with `faq` tables after the hoodie's last line (12):
/// the first of `faq`'s lines is line 13.
fn hoodie_with_faq(faq: &str) -> String {
    hoodie_with(
        "similar = [\"p-1002\"]\n",
        &format!("similar = [\"p-1002\"]\n{faq}"),
    )
}

#[test]
fn an_items_faq_compiles_with_its_words_normalised() {
    let text = hoodie_with_faq(
        "[[item.faq]]\nask = [\"起球\", \"縮水\"]\nsay = \"不易起球哦~\"\nintent = \"greeting\"\n",
    );
    let checked = check_with_base(&text).unwrap();
    let hoodie = checked.catalog.item("p-1001").unwrap();
    // Written in traditional characters, found in simplified text.
    let asked = hoodie.faqs_for("洗了会缩水吗");
    let [faq] = asked[..] else {
        panic!("缩水 is asked once: {asked:?}");
    };
    assert_eq!(
        (faq.say.as_str(), faq.intent.as_str()),
        ("不易起球哦~", "greeting")
    );
    assert!(hoodie.faqs_for("有货吗").is_empty());
    assert!(checked.catalog.item("p-1002").unwrap().faq.is_empty());
}

#[test]
fn a_faq_for_an_unknown_intent_is_an_error() {
    assert_one_error(
        &hoodie_with_faq(
            "[[item.faq]]\nask = [\"起球\"]\nsay = \"不易起球哦~\"\nintent = \"greting\"\n",
        ),
        16,
        "faq for unknown intent `greting`: did you mean `greeting`?",
    );
}

#[test]
fn a_faq_without_intent_needs_a_product_info_intent() {
    let errors = errors_of(check_with_base(&hoodie_with_faq(
        "[[item.faq]]\nask = [\"起球\"]\nsay = \"不易起球哦~\"\n",
    )));
    assert_eq!(errors.len(), 1, "{errors:#?}");
    assert_eq!(errors[0].at.file, "test.toml");
    assert!(
        errors[0]
            .message
            .contains("names no `intent`, and the pack has no `product_info` intent"),
        "{}",
        errors[0]
    );
}

#[test]
fn a_word_in_two_faq_entries_is_an_error() {
    let faq = "[[item.faq]]\nask = [\"起球\"]\nsay = \"不易起球哦~\"\nintent = \"greeting\"\n\n\
               [[item.faq]]\nask = [\"掉毛\", \"起球\"]\nsay = \"不掉毛哦~\"\nintent = \"greeting\"\n";
    assert_one_error(
        &hoodie_with_faq(faq),
        19,
        "faq words `起球` are also asked at test.toml:14",
    );
}

#[test]
fn a_faq_with_no_words_or_no_answer_is_an_error() {
    assert_one_error(
        &hoodie_with_faq("[[item.faq]]\nask = []\nsay = \"不易起球哦~\"\nintent = \"greeting\"\n"),
        14,
        "a faq entry with no words in `ask`",
    );
    assert_one_error(
        &hoodie_with_faq("[[item.faq]]\nask = [\"起球\"]\nsay = \" \"\nintent = \"greeting\"\n"),
        15,
        "a faq entry with an empty answer",
    );
    assert_one_error(
        &hoodie_with_faq(
            "[[item.faq]]\nask = [\"起球\", \" \"]\nsay = \"好\"\nintent = \"greeting\"\n",
        ),
        14,
        "empty words in a faq `ask`",
    );
}

#[test]
fn an_unknown_faq_field_is_an_error() {
    let errors = errors_of(check_with_base(&hoodie_with_faq(
        "[[item.faq]]\nask = [\"起球\"]\nanswer = \"不易起球哦~\"\n",
    )));
    assert!(
        errors.iter().any(|e| e.message.contains("answer")),
        "{errors:#?}"
    );
}

#[test]
fn an_items_names_are_kept_normalised_like_messages() {
    let item = "[[item]]\nid = \"p-1\"\nname = \"加絨連帽衛衣\"\naliases = [\"連帽衫\", \"ＨＯＯＤＩＥ\"]\nprice = 129\n";
    let checked = check_with_base(item).unwrap();
    let hoodie = checked.catalog.item("p-1").unwrap();
    // Messages are matched in normalised form; the names buyers write
    // must meet them there.
    assert_eq!(hoodie.spoken, ["加绒连帽卫衣", "连帽衫", "hoodie"]);
    assert_eq!(hoodie.name, "加絨連帽衛衣", "the name is quoted as written");
}
