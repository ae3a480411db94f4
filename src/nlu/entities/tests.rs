//! Entity extraction over normalised text.

use super::*;
use crate::nlu::normalize;

fn ent(raw: &str) -> Entities {
    extract_entities(&normalize(raw).text)
}

#[test]
fn heights_in_every_form() {
    for (text, cm) in [
        ("身高170", 170),
        ("身高:165穿什么码", 165),
        ("170cm", 170),
        ("我168公分", 168),
        ("1米7", 170),
        ("1米75", 175),
        ("1.7米", 170),
        ("1.65m穿多大", 165),
        ("一米七", 170),
        ("一米六八", 168),
        ("１７０ｃｍ", 170),
        ("他12岁 150高", 150),
    ] {
        assert_eq!(ent(text).height_cm, Some(cm), "{text}");
    }
    // 高 after a price is the jeans' high waist.
    assert_eq!(ent("159高腰的吗").height_cm, None);
}

#[test]
fn the_person_a_message_speaks_of() {
    for (text, who) in [
        ("给我儿子买 他12岁", Some("儿子")),
        ("他身高150", Some("他")),
        ("我妈身高160", Some("我妈")),
        ("其他颜色呢 我身高150", None),
        ("我身高150", None),
    ] {
        assert_eq!(person_named(text), who, "{text}");
    }
}

#[test]
fn a_height_alone_is_read_and_other_bare_numbers_are_not() {
    for (text, cm) in [
        ("160", 160),
        ("我165", 165),
        ("本人172~", 172),
        // A height and a question of fit.
        ("我155会不会太长", 155),
        ("我170穿合适吗", 170),
        ("我158个子穿会不会大", 158),
    ] {
        assert_eq!(ent(text).height_cm, Some(cm), "{text}");
    }
    for text in [
        "120",
        "1600",
        "我要160",
        "160块",
        "买了160",
        "299",
        // Prices, whatever follows.
        "159会降价吗",
        "150太贵了",
        "199的话能便宜吗",
    ] {
        assert_eq!(ent(text).height_cm, None, "{text}");
    }
}

#[test]
fn weights_in_every_form() {
    for (text, jin) in [
        ("120斤", 120),
        ("体重120斤", 120),
        ("60kg", 120),
        ("60公斤", 120),
        ("62.5kg", 125),
        ("体重55", 110),
        ("体重130", 130),
        ("一百二十斤", 120),
        ("九十斤", 90),
        ("一百零五斤", 105),
    ] {
        assert_eq!(ent(text).weight_jin, Some(jin), "{text}");
    }
}

#[test]
fn height_weight_pairs() {
    for text in [
        "170 120斤",
        "170,120斤",
        "170/120斤",
        "170120斤",
        "身高170体重120",
        "170 120",
        "1米7 120斤",
        "170。120斤",
    ] {
        let e = ent(text);
        assert_eq!(
            (e.height_cm, e.weight_jin),
            (Some(170), Some(120)),
            "{text}"
        );
    }
    let e = ent("165 55kg");
    assert_eq!((e.height_cm, e.weight_jin), (Some(165), Some(110)));
    // The weight first: the height after it was lost.
    for (text, cm, jin) in [
        ("最近胖了10斤 现在120斤 165", 165, 120),
        ("平时穿M 现在130斤 162", 162, 130),
        ("55kg,168cm", 168, 110),
    ] {
        let e = ent(text);
        assert_eq!((e.height_cm, e.weight_jin), (Some(cm), Some(jin)), "{text}");
    }
    // A price after a weight is not a height.
    let e = ent("5斤 150元");
    assert_eq!(e.height_cm, None);
}

#[test]
fn pairs_in_chinese_numerals_where_normalising_joined_them() {
    // Normalising takes out the space: `一米六九十斤` read as 1.69 m and no
    // weight, and `160九十斤` lost the height.
    for (text, cm, jin) in [
        ("一米六 九十斤 穿多大", 160, 90),
        ("一米七 一百二十斤", 170, 120),
        ("一米六五 九十斤", 165, 90),
        ("一米六五,一百斤", 165, 100),
        ("160 九十斤", 160, 90),
        ("身高一米六 体重九十五斤", 160, 95),
        ("一米七五", 175, 0),
    ] {
        let e = ent(text);
        let jin = (jin > 0).then_some(jin);
        assert_eq!((e.height_cm, e.weight_jin), (Some(cm), jin), "{text}");
    }
}

#[test]
fn no_measurements_from_other_numbers() {
    for text in [
        "一斤装的",
        "5斤装",
        "128元",
        "发货要3天",
        "双11",
        "买了两斤",
        "120块",
        "2019年",
    ] {
        let e = ent(text);
        assert_eq!((e.height_cm, e.weight_jin), (None, None), "{text}");
    }
}

#[test]
fn letter_sizes() {
    for (text, size) in [
        ("xl有吗", "XL"),
        ("ＸＬ", "XL"),
        ("要m码", "M"),
        ("L号", "L"),
        ("2xl", "XXL"),
        ("3XL的", "XXXL"),
        ("xxxl", "XXXL"),
        ("s码还有吗", "S"),
        ("170cm穿l", "L"),
    ] {
        assert_eq!(ent(text).size.as_deref(), Some(size), "{text}");
    }
}

#[test]
fn the_size_turned_to_after_na_is_the_one_asked() {
    // `XL没货了啊 那L会不会小` asks about L; XL was read, and the answer
    // compared XL with the chart's size.
    assert_eq!(ent("XL没货了啊 那L会不会小").size.as_deref(), Some("L"));
    assert_eq!(ent("38码没了 那39码呢").size.as_deref(), Some("39"));
    assert_eq!(ent("M码有吗").size.as_deref(), Some("M"));
    // No size after 那: the first one said.
    assert_eq!(ent("XL码还有吗 那就要了").size.as_deref(), Some("XL"));
}

#[test]
fn numeric_sizes() {
    assert_eq!(ent("38码有吗").size.as_deref(), Some("38"));
    assert_eq!(ent("穿42码的").size.as_deref(), Some("42"));
}

#[test]
fn sizes_worn_without_the_word_for_size() {
    for (text, size) in [
        ("我平时穿38", Some("38")),
        ("一般穿40号的", Some("40")),
        ("我穿的是36,这双呢", Some("36")),
        ("穿27的牛仔裤", Some("27")),
        ("穿50公斤", None),
        ("我170穿多大", None),
        ("穿100斤的", None),
        ("穿3.5cm的跟", None),
        ("38码", None),
        ("我平时穿l码", Some("L")),
        ("平时穿xl的", Some("XL")),
        ("一般都穿2xl", Some("XXL")),
        ("我穿s", Some("S")),
        ("穿27码的", Some("27")),
        // A question whether a size fits says nothing of what is worn.
        ("穿m码合适吗", None),
        ("能穿xl吗", None),
        ("可以穿l吗", None),
        ("穿l大吗", None),
        ("穿38码会不会小", None),
        ("穿small", None),
    ] {
        assert_eq!(worn_size(text).as_deref(), size, "{text}");
    }
}

#[test]
fn foot_lengths_in_centimetres_or_millimetres() {
    for (text, mm) in [
        ("脚长24.5cm穿多大", Some(245)),
        ("脚长24.5", Some(245)),
        ("我脚长240 穿几码", Some(240)),
        ("脚长是24厘米", Some(240)),
        ("我脚25.5公分", Some(255)),
        ("25.5cm的脚", Some(255)),
        ("脚长245mm", Some(245)),
        // A shoe size, a width, a number too short or long for a foot.
        ("37.5的脚 拍37还是38", None),
        ("脚宽10cm", None),
        ("脚背高", None),
        ("脚长5cm", None),
        ("脚长99", None),
    ] {
        assert_eq!(foot_length_mm(&normalize(text).text), mm, "{text}");
    }
}

#[test]
fn a_length_alone_and_whose_foot_a_length_is() {
    for (text, mm) in [
        ("24.5", Some(245)),
        ("24.5cm", Some(245)),
        ("大概240mm吧", Some(240)),
        ("24左右", Some(240)),
        ("245", Some(245)),
        // A shoe size, a price, more than a length.
        ("38", None),
        ("24.5元", None),
        ("24.5cm穿多大", None),
    ] {
        assert_eq!(bare_length_mm(&normalize(text).text), mm, "{text}");
    }
    for (text, who) in [
        ("他脚长26cm", Some("他")),
        ("我妈的脚24cm", Some("我妈")),
        ("给我老公买 他脚长26", Some("他")),
        ("脚长26cm", None),
    ] {
        assert_eq!(foot_owner(&normalize(text).text), who, "{text}");
    }
}

#[test]
fn everyone_measured_in_a_message_with_whom_it_is() {
    let people = |text: &str| -> Vec<(Option<String>, u32, u32)> {
        (people_measured(&normalize(text).text).into_iter())
            .map(|p| (p.who, p.height_cm, p.weight_jin))
            .collect()
    };
    assert_eq!(
        people("情侣款 男生180 150斤 女生160 95斤 各穿什么码"),
        [
            (Some("男生".to_string()), 180, 150),
            (Some("女生".to_string()), 160, 95)
        ]
    );
    assert_eq!(
        people("我165 100斤 男朋友身高178体重70kg"),
        [
            (Some("我".to_string()), 165, 100),
            (Some("男朋友".to_string()), 178, 140)
        ]
    );
    assert_eq!(people("170 120斤穿什么码"), [(None, 170, 120)]);
    assert_eq!(
        people("我妈穿 身高160 110斤"),
        [(Some("我妈".to_string()), 160, 110)]
    );
    assert!(people("腰围70 穿多大").is_empty());
}

#[test]
fn a_half_shoe_size_and_the_foot_it_stands_for() {
    for (text, half) in [
        ("我平时穿37.5 拍哪个码", Some(("37.5", 237))),
        ("37.5的脚 拍37还是38", Some(("37.5", 237))),
        ("40.5码", Some(("40.5", 252))),
        // A weight, a price, a measure: no shoe size.
        ("175 62.5kg", None),
        ("37.5元", None),
        ("腰围72.5cm", None),
    ] {
        let read = half_size(&normalize(text).text);
        let read = read.as_ref().map(|(size, mm)| (size.as_str(), *mm));
        assert_eq!(read, half, "{text}");
    }
}

#[test]
fn colours_named_by_their_common_names() {
    for (text, named) in [
        ("有白色的吗", Some("白")),
        ("米白色有吗", Some("白")),
        ("黑的还有吗", Some("黑")),
        ("藏青色好看吗", Some("藏青")),
        ("明白的", None),
        ("有色差吗", None),
        ("有什么颜色", None),
        ("会掉色吗", None),
        ("穿着显白的吗", None),
    ] {
        assert_eq!(colour_named(text), named, "{text}");
    }
}

#[test]
fn every_colour_named_is_found_in_the_order_said() {
    fn bases(text: &str) -> Vec<&str> {
        (colours_named_at(text).into_iter())
            .map(|(_, base)| base)
            .collect()
    }
    assert_eq!(bases("白色黑色L各一件"), ["白", "黑"]);
    assert_eq!(bases("一白一黑 都要L"), ["白", "黑"]);
    assert_eq!(bases("黑的和酒红的"), ["黑", "酒红"]);
    assert_eq!(bases("明白的 要黑色"), ["黑"]);
    assert!(bases("一件M 一件L").is_empty());
    // Where each is said, to read it beside the item's own colour names.
    assert_eq!(colours_named_at("要奶白色"), [("要奶".len(), "白")]);
}

#[test]
fn no_sizes_in_words_or_units() {
    for text in [
        "170cm", "1.75m", "5mm", "ok", "love it", "hello", "60kg", "500ml", "yes", "i'm",
    ] {
        assert_eq!(ent(text).size, None, "{text}");
    }
}

#[test]
fn order_numbers() {
    assert_eq!(ent("订单号:123456789").order.as_deref(), Some("123456789"));
    assert_eq!(ent("订单 2419512345").order.as_deref(), Some("2419512345"));
    assert_eq!(
        ent("我的单到哪了2419512345678901234").order.as_deref(),
        Some("2419512345678901234")
    );
    // Phone numbers, ID numbers and short numbers are not orders.
    assert_eq!(ent("13812345678").order, None);
    assert_eq!(ent("110105199003071234").order, None);
    assert_eq!(ent("11010519900307123x").order, None);
    assert_eq!(ent("123456").order, None);
    assert_eq!(ent("订单[订单x]").order, None);
}

#[test]
fn phones_are_kept_masked() {
    let e = ent("电话13812345678");
    assert_eq!(e.phone.as_deref(), Some("138****5678"));
    assert_eq!(e.order, None);
    assert_eq!(ent("138 1234 5678").phone.as_deref(), Some("138****5678"));
    assert_eq!(ent("138-1234-5678").phone.as_deref(), Some("138****5678"));
    // Not a mobile number: wrong second digit, or part of a longer run.
    assert_eq!(ent("12812345678").phone, None);
    assert_eq!(ent("2413812345678").phone, None);
}

#[test]
fn nothing_in_plain_messages() {
    assert_eq!(ent("在吗,这个有优惠吗"), Entities::default());
    assert_eq!(ent(""), Entities::default());
}

/// Generated text for the census tests: entity-shaped pieces, digits of other
/// scripts (which `\d` matches), separators, letters and plain Han, mixed.
fn generated(count: usize) -> Vec<String> {
    // Pieces separated by spaces (text never holds one after normalising).
    const PIECES: &str = "1 2 3 5 7 0 13 138 1234 5678 170 120 60 38 9 ٣ ٥ ５ ① 〇 \
        . , / 、 - 。 ; : % 元 斤 公斤 千克 kg k g 公 千 克 分 公分 厘米 厘 米 cm c m s l x xl xxl \
        2xl 3xl a z ' 码 号 单 订单号 单号 订单编号为 身高 身 高 体重 体 重 是 一 二 两 三 六 七 \
        九 十 百 零 在吗 穿 的 好 \
        165, 170/ ,120 /55 170,120 165、110 120斤 55kg 60公斤 175cm 1米7 1.65m 138-1234-5678 38码 一米六 九十斤 2419512345";
    let pieces: Vec<&str> = PIECES.split_whitespace().collect();
    let mut rng = fastrand::Rng::with_seed(11);
    (0..count)
        .map(|_| {
            (0..rng.usize(1..12))
                .map(|_| pieces[rng.usize(..pieces.len())])
                .collect()
        })
        .collect()
}

/// A regex's name, the census flags that let it run, and the regex.
type Gate = (&'static str, fn(&Census) -> bool, &'static Regex);

/// A regex whose census flag is unset never matches: skipping it loses nothing.
#[test]
fn census_flags_are_necessary() {
    // The first seven need a digit; the last three do not.
    let gates: [Gate; 10] = [
        ("PAIR", |k| k.digit_weight_unit, &PAIR),
        ("WEIGHT", |k| k.digit_weight_unit || k.weight_word, &WEIGHT),
        ("HEIGHT", |k| k.digit_height_unit || k.height_word, &HEIGHT),
        ("BARE_PAIR", |k| k.digit_pair_separator, &BARE_PAIR),
        ("GROUPED_PHONE", |k| k.digit_group_separator, &GROUPED_PHONE),
        ("ORDER_AFTER_WORD", |k| k.order_word, &ORDER_AFTER_WORD),
        ("NUMERIC_SIZE", |k| k.digit_size_unit, &NUMERIC_SIZE),
        ("CHINESE_HEIGHT", |k| k.chinese_height, &CHINESE_HEIGHT),
        ("CHINESE_WEIGHT", |k| k.chinese_weight, &CHINESE_WEIGHT),
        ("LETTER_SIZE", |k| k.letter_size, &LETTER_SIZE),
    ];
    let mut matched = [0usize; 10];
    let mut skipped = [0usize; 10];
    for t in generated(30_000) {
        let k = Census::of(&t);
        assert_eq!(k.ascii_digit, t.bytes().any(|b| b.is_ascii_digit()), "{t}");
        for (i, (name, gate, regex)) in gates.iter().enumerate() {
            // Regexes that need a digit are only run when there is an ASCII
            // one, and their flags are only computed then.
            if i < 7 && !k.ascii_digit {
                continue;
            }
            if regex.is_match(&t) {
                matched[i] += 1;
                assert!(
                    gate(&k),
                    "{name} matches {t:?} but the census skips it: {k:?}"
                );
            } else if !gate(&k) {
                skipped[i] += 1;
            }
        }
    }
    // Both sides of every gate must have been exercised for the test to mean something.
    for (i, (name, _, _)) in gates.iter().enumerate() {
        assert!(matched[i] > 50, "{name} matched only {} times", matched[i]);
        assert!(skipped[i] > 50, "{name} skipped only {} times", skipped[i]);
    }
}

/// Gated extraction gives what running every regex gives.
#[test]
fn gated_extraction_equals_running_every_regex() {
    let mut found = 0;
    for t in generated(20_000) {
        let gated = extract_entities(&t);
        assert_eq!(gated, extract_with(&t, &Census::everything(&t)), "{t:?}");
        found += usize::from(gated != Entities::default());
    }
    assert!(found > 5_000, "only {found} strings held an entity");
}

#[test]
fn census_sees_sequences_across_scripts() {
    let k = Census::of("170,120斤");
    assert!(k.ascii_digit && k.digit_weight_unit && k.digit_pair_separator);
    assert!(k.digit_group_separator && !k.digit_height_unit && !k.letter_size);
    // `\d` matches other scripts' digits: the census counts them as digits,
    // but numbers are still only read when an ASCII digit is there.
    assert!(Census::of("a٣٨码1").digit_size_unit);
    assert!(!Census::of("٣٨码").ascii_digit);
    assert_eq!(ent("٣٨码").size, None);
    assert!(Census::of("13٥-1234-5678").digit_group_separator);
    // Both the byte-wise census (no ASCII digit) and the full one.
    for tail in ["", "1"] {
        let of = |s: &str| Census::of(&format!("{s}{tail}"));
        assert!(of("一米七").chinese_height && of("两米").chinese_height);
        assert!(!of("米七").chinese_height && !of("三米").chinese_height);
        assert!(of("两公斤").chinese_weight && of("三千克").chinese_weight);
        assert!(of("十斤").chinese_weight && !of("三千块").chinese_weight);
        assert!(!of("公斤").chinese_weight && !of("千克").chinese_weight);
        assert!(of("要m").letter_size && of("xl码").letter_size && of("s,").letter_size);
        assert!(!of("hello").letter_size && !of("love").letter_size);
    }
    assert!(Census::of("60kg").digit_weight_unit && !Census::of("60k g").digit_weight_unit);
    assert!(Census::of("订单123456").order_word && !Census::of("订单12345").order_word);
    assert!(Census::of("175cm").digit_height_unit && Census::of("168公分").digit_height_unit);
    assert!(!Census::of("在吗").digit_height_unit && Census::of("身高1").height_word);
}

/// Without an ASCII digit the byte-wise census sets the flags it computes
/// exactly as the full census does.
#[test]
fn byte_wise_census_agrees_with_the_full_one() {
    let mut set = 0;
    for t in generated(20_000) {
        let light = Census::of(&t);
        if light.ascii_digit {
            continue;
        }
        let full = Census::full(&t);
        let flags = |k: Census| (k.chinese_height, k.chinese_weight, k.letter_size);
        assert_eq!(flags(light), flags(full), "{t:?}");
        set += usize::from(flags(light) != (false, false, false));
    }
    assert!(set > 500, "only {set} strings set a flag");
}

#[test]
fn waists_are_read_in_centimetres_from_every_way_buyers_say_them() {
    let waist = |text: &str| waist_cm(&normalize(text).text);
    assert_eq!(waist("我腰围两尺一穿多少"), Some(70));
    assert_eq!(waist("腰2尺2"), Some(73));
    assert_eq!(waist("二尺的腰"), Some(67));
    assert_eq!(waist("腰围75cm"), Some(75));
    assert_eq!(waist("72厘米的腰"), Some(72));
    // The size on a jeans label is inches.
    assert_eq!(waist("平时腰围28"), Some(71));
    // Not measurements: the size chart, a height, nothing said.
    assert_eq!(waist("尺码表有吗"), None);
    assert_eq!(waist("两尺码"), None);
    assert_eq!(waist("身高170"), None);
    assert_eq!(waist("腰不好"), None);
}

#[test]
fn a_step_up_or_down_from_the_size_in_talk() {
    for (text, step) in [
        ("有没有大一点的", Some(1)),
        ("那拍大一码吧", Some(1)),
        ("有小一号的吗", Some(-1)),
        ("大两码呢", Some(2)),
        ("换小1码", Some(-1)),
        // Whether to take one is a question for the size advice.
        ("要不要大一码", None),
        ("需要拍大一码吗", None),
        ("拍大一码会不会太大", None),
        // The shop's description of a fit, quoted back.
        ("是偏大一码吗", None),
        ("有m码吗", None),
    ] {
        assert_eq!(size_step(text), step, "{text}");
    }
}

#[test]
fn a_question_about_what_pieces_come_to() {
    for (text, pieces) in [
        ("两件一共多少钱", Some(2)),
        ("买3条多少钱", Some(3)),
        ("俩一共多少", Some(2)),
        ("两件优惠完多少", Some(2)),
        ("到手价多少", Some(1)),
        ("用券后多少钱", Some(1)),
        ("两件能便宜多少", Some(2)),
        // Whether a coupon applies is a question about the sum.
        ("满199减20 我买两件能用吗", Some(2)),
        ("买3条可以用券吗", Some(3)),
        ("这个能用券吗", Some(1)),
        ("两件够满199吗", Some(2)),
        ("59用不了199的券吗", Some(1)),
        ("两件可以一起发吗", None),
        ("满减怎么用", None),
        ("这个能用吗", None),
        // The item's price, not a total.
        ("多少钱", None),
        ("这件多少钱", None),
        ("两件能便宜点吗", None),
        // Pieces listed away from the question.
        ("我想买两件短袖 一件白色m一件黑色l 一共多少钱", Some(2)),
        ("一件白色m一件黑色l一共多少钱", Some(2)),
        ("两件一起买多少钱", Some(2)),
        ("我要一件 一共多少钱", Some(1)),
        // A size after a piece is no count (`一条30能…` was 30 pieces).
        ("我买两条 一条28一条30 能便宜多少", Some(2)),
        ("两双 一双40一双41 多少钱", Some(2)),
        // Counts after what they count add up; `各` counts each named.
        ("t恤 白色 m 3件 黑色 m 2件 多少钱", Some(5)),
        ("t恤白色m3件黑色m2件多少钱", Some(5)),
        ("白色l和黑色l各一件 一共多少钱", Some(2)),
        ("黑色、白色、灰色各两件一共多少钱", Some(6)),
        // A price after the item is no count (it was 59 pieces).
        ("一件t恤59 能包邮吗 能用券吗", Some(1)),
        ("10件能便宜多少", Some(10)),
    ] {
        assert_eq!(price_asked(text), pieces, "{text}");
    }
}

#[test]
fn a_report_of_goods_received_wrong_or_damaged() {
    for text in [
        "发错了",
        "你们发错货了",
        "少发了一件",
        "买了两件 只收到一件 另一件呢",
        "只到了一个包裹",
        "衣服破了个洞",
        "袖子上有个洞",
        "收到的时候就是脏的",
        "洗了一次就掉色了",
        "鞋子开胶了",
        "拆开发现有线头",
        "没收到赠品",
    ] {
        assert!(reports_received(text), "{text}");
    }
    for text in [
        // Questions before buying, and suppositions.
        "如果有质量问题能退吗",
        "洗了会掉色吗",
        "万一发错了怎么办",
        "坏了包换吗",
        "不合适可以退吗",
        "七天无理由吗",
        "有洞洞鞋吗",
        "破洞牛仔裤有吗",
        // A worry asked before buying, beside a plan to buy: `今天拍` is
        // not bought (it made the last one a report).
        "洗了缩水吗 明天到吗",
        "穿了起球不",
        "洗了会不会缩水 今天拍明天能到吗",
    ] {
        assert!(!reports_received(text), "{text}");
    }
    // Goods short asked about are still a complaint; so is a purchase
    // done today.
    assert!(reports_received("怎么说第一次有漏发吗"));
    assert!(says_bought("今天拍的怎么还没发"));
    assert!(!says_bought("今天拍明天能到吗"));
}

#[test]
fn goods_not_as_shown_or_badly_made_are_told_from_questions_about_them() {
    for text in [
        "颜色跟图片差好多啊",
        "这跟图片完全不是一个东西",
        "色差太大了",
        "羽绒服跑绒很严重到处都是毛",
        "羽绒服收到了 一直在钻毛 衣服上全是毛",
        "衣服一股怪味能穿吗",
        "做工太差了",
    ] {
        assert!(reports_not_as_shown(text), "{text}");
    }
    for text in [
        "色差大吗",
        "跟图片一样吗",
        "会跑绒吗",
        "有没有异味",
        "质量怎么样",
        "做工好吗",
    ] {
        assert!(!reports_not_as_shown(text), "{text}");
    }
}

#[test]
fn goods_that_do_not_suit_are_told_from_questions_about_the_size() {
    for text in [
        "衣服小了",
        "裤子太长了",
        "码数拍小了怎么办",
        "穿着有点紧",
        "颜色不喜欢",
        "收到了不太合适",
        "鞋子有点挤脚了",
        "裤子收到了太长了能换短一点的吗",
    ] {
        assert!(reports_unsuited(text), "{text}");
    }
    for text in [
        "会不会偏小",
        "衣服大吗",
        "裤子长吗",
        "有点大吗",
        "不合适的话能换吗",
        "我喜欢黑色",
        "这件合适吗",
    ] {
        assert!(!reports_unsuited(text), "{text}");
    }
}

#[test]
fn a_price_offered_is_the_last_sum_of_money_said() {
    for (text, offer) in [
        ("650呢", Some(650)),
        ("能便宜点吗600行不行", Some(600)),
        ("卫衣两件一件黑色s一件雾霾蓝m能不能给个230", Some(230)),
        ("699太贵了650呢", Some(650)),
        // Sizes, weights, counts and coupons are not money.
        ("28码的", None),
        ("120斤穿多大", None),
        ("满199减20能用吗", None),
    ] {
        assert_eq!(price_offered(text), offer, "{text}");
    }
}
