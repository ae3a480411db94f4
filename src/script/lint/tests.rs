use super::*;
use crate::script::load_sources;

fn terms(text: &str) -> Vec<String> {
    check_wording(text)
        .into_iter()
        .map(|p| match p {
            WordingProblem::AbsoluteTerm { term, .. } => term,
            WordingProblem::Promise { what, .. } => what.split(':').next().unwrap().to_string(),
        })
        .collect()
}

#[test]
fn absolute_terms_are_caught_in_every_spelling() {
    assert_eq!(terms("这是全店最好的面料"), ["最"]);
    assert_eq!(terms("销量第一的爆款"), ["第一"]);
    assert_eq!(terms("国家级工艺"), ["国家级"]);
    assert_eq!(terms("１００％好评"), ["100%"]);
    assert_eq!(terms("絕對正品"), ["绝对"]);
    assert_eq!(terms("顶级面料,极致舒适"), ["顶级", "极致"]);
}

#[test]
fn ordinary_words_that_contain_a_term_are_not_claims() {
    for ok in [
        "亲,最近天气冷,建议选加绒款哦~",
        "最后一件了哦",
        "最晚明天发出,最多等两天",
        "亲最好告诉我身高体重,帮您推荐尺码~",
        "第一次买的话可以领券哦",
        "我们会第一时间为您发货",
        "第一件原价,第二件半价",
        "面料是100%棉的哦",
        "可能有轻微色差,以收到的实物为准~",
        "17:00前付款当天发货,一般2-3天到",
    ] {
        assert_eq!(check_wording(ok), [], "{ok}");
    }
}

#[test]
fn forbidden_promises_are_caught() {
    assert_eq!(terms("亲,明天一定到哦"), ["a guaranteed delivery date"]);
    assert_eq!(terms("保证三天内送达"), ["a guaranteed delivery date"]);
    assert_eq!(terms("放心,保证明天到!"), ["a guaranteed delivery date"]);
    assert_eq!(terms("实物拍摄,完全没有色差"), ["a colour guarantee"]);
    assert_eq!(
        terms("绝对不掉色"),
        ["绝对", "a colour guarantee"],
        "the absolute term and the promise are two things to fix"
    );
    // Finding out is not arriving.
    assert_eq!(check_wording("我一定帮您查到物流信息"), []);
}

const PACK: &str = r#"
[shop]
name = "测试店"
promotion = "全网最低价"

[[intent]]
name = "greeting"
keywords = ["最好的", "在吗"]

[[item]]
id = "p-1"
name = "卫衣"
price = 99.0
selling_points = ["顶级面料", "不起球"]
sizes = ["M"]

[[reply]]
intent = "greeting"
texts = [
  "亲,在的~",
  "亲,{item}明天一定到哦~",
]
short = ["在的~"]

[[reply]]
intent = "clarify"
texts = ["亲,这个问题我帮您问一下哦,{selling_points},{selling_points},{selling_points},{selling_points},{selling_points},{selling_points},{selling_points},{selling_points},请稍等片刻~"]
"#;

/// The warnings on `text`, loaded as `pack.toml`, as `kefu check` prints them.
fn lint_lines(text: &str) -> Vec<String> {
    let files = vec![("pack.toml".to_string(), text.to_string())];
    let scripts = load_sources(&files).unwrap();
    let warnings = lint_sources(&files, &scripts, &LintOptions::default());
    warnings.iter().map(ToString::to_string).collect()
}

#[test]
fn warnings_point_at_the_line_of_the_variant() {
    let files = vec![("pack.toml".to_string(), PACK.to_string())];
    let scripts = load_sources(&files).unwrap();
    let warnings = lint_sources(&files, &scripts, &LintOptions::default());
    let lines: Vec<String> = warnings.iter().map(ToString::to_string).collect();
    let has = |needle: &str, line: usize| {
        lines
            .iter()
            .any(|w| w.starts_with(&format!("pack.toml:{line}:")) && w.contains(needle))
    };
    assert!(
        has("`最`", 4),
        "shop facts are quoted to buyers: {lines:#?}"
    );
    assert!(
        has("`顶级`", 14),
        "selling points are quoted too: {lines:#?}"
    );
    assert!(
        has("delivery date", 21),
        "the variant's own line: {lines:#?}"
    );
    // At the string each is about: its opening quote.
    let at = |needle: &str| {
        let line = lines.iter().find(|w| w.contains(needle)).unwrap();
        line.split(": ").next().unwrap().to_string()
    };
    assert_eq!(at("`最`"), "pack.toml:4:13", "{lines:#?}");
    assert_eq!(at("`顶级`"), "pack.toml:14:19", "{lines:#?}");
    assert_eq!(at("delivery date"), "pack.toml:21:3", "{lines:#?}");
    assert!(
        has("chat bubble", 27),
        "long once variables are filled: {lines:#?}"
    );
    assert!(
        !lines.iter().any(|w| w.starts_with("pack.toml:8:")),
        "keywords are buyers' words: {lines:#?}"
    );
    assert_eq!(warnings.len(), 4, "{lines:#?}");

    let generous = LintOptions {
        max_reply_chars: 500,
    };
    assert_eq!(lint_sources(&files, &scripts, &generous).len(), 3);
}

#[test]
fn the_built_in_pack_lints_clean() {
    let pack = crate::script::load_embedded();
    let files: Vec<(String, String)> = ["intents", "replies", "catalog", "shop", "faq"]
        .iter()
        .map(|name| {
            let path = format!("{}/scripts/{name}.toml", env!("CARGO_MANIFEST_DIR"));
            (path.clone(), std::fs::read_to_string(&path).unwrap())
        })
        .collect();
    let warnings = lint_sources(&files, &pack, &LintOptions::default());
    let lines: Vec<String> = warnings.iter().map(ToString::to_string).collect();
    assert!(warnings.is_empty(), "{lines:#?}");
}

#[test]
fn a_pattern_without_fixed_text_is_flagged_at_its_line() {
    let pack = r#"
[shop]
name = "测试店"

[[intent]]
name = "logistics"
keywords = ["物流"]
patterns = [
  '快递.{0,3}到',
  { re = '^.{12,}(吗|呢)?$', weight = 0.5 },
]
"#;
    let files = vec![("intents.toml".to_string(), pack.to_string())];
    let scripts = load_sources(&files).unwrap();
    let lines: Vec<String> = lint_sources(&files, &scripts, &LintOptions::default())
        .iter()
        .map(ToString::to_string)
        .collect();
    assert_eq!(lines.len(), 1, "{lines:#?}");
    assert!(lines[0].starts_with("intents.toml:10:"), "{lines:#?}");
    assert!(lines[0].contains("every message"), "{lines:#?}");
}

#[test]
fn an_items_faq_answers_are_linted_as_replies() {
    let pack = format!(
        "{PACK}\n[[item]]\nid = \"p-2\"\nname = \"毛衣\"\nprice = 99.0\n\n\
         [[item.faq]]\nask = [\"起球\"]\nsay = \"亲,这款绝对不起球~\"\nintent = \"greeting\"\n"
    );
    let say_line = pack.lines().position(|l| l.starts_with("say =")).unwrap() + 1;
    let lines = lint_lines(&pack);
    assert!(
        lines
            .iter()
            .any(|w| w.starts_with(&format!("pack.toml:{say_line}:")) && w.contains("`绝对`")),
        "{lines:#?}"
    );
}

#[test]
fn regions_are_linted_and_provinces_left_out_are_named() {
    let region = "\n[[region]]\nname = \"江浙沪\"\nplaces = [\"上海\", \"江苏\", \"浙江\"]\n\
                  delivery = \"保证明天到\"\nshipping = \"包邮\"\n";
    let lines = lint_lines(&format!("{PACK}{region}"));
    // What a region says is quoted to buyers.
    assert!(
        lines
            .iter()
            .any(|w| w.starts_with("pack.toml:32:") && w.contains("delivery date")),
        "{lines:#?}"
    );
    let left_out = lines
        .iter()
        .find(|w| w.contains("provinces in no [[region]]"))
        .expect("the provinces left out");
    assert!(left_out.starts_with("pack.toml:29:"), "{left_out}");
    assert!(
        left_out.contains("`北京`") && !left_out.contains("`上海`"),
        "{left_out}"
    );
    // A pack without regions has nothing to say about them.
    assert!(!lint_lines(PACK).iter().any(|w| w.contains("[[region]]")));
}

#[test]
fn the_shops_own_answers_count_in_a_faq_replys_length() {
    // `{faq}` is filled by an item's answer or by the shop's; a long shop
    // answer makes the item_faq reply too long for one bubble.
    let long = "亲,".to_string() + &"我们是线上店铺哦".repeat(12);
    let pack = format!(
        "{PACK}\n[[reply]]\nintent = \"item_faq\"\ntexts = [\"{{faq}}\"]\n\n\
         [[faq]]\nask = [\"实体店\"]\nsay = \"{long}\"\nintent = \"greeting\"\n"
    );
    let texts_line = pack
        .lines()
        .position(|l| l == "texts = [\"{faq}\"]")
        .unwrap()
        + 1;
    let lines = lint_lines(&pack);
    assert!(
        lines.iter().any(
            |w| w.starts_with(&format!("pack.toml:{texts_line}:")) && w.contains("chat bubble")
        ),
        "{lines:#?}"
    );
}

/// A pack with nothing to lint: a shop, and a greeting that answers.
const QUIET: &str = "[shop]\nname = \"测试店\"\n\n\
                     [[intent]]\nname = \"greeting\"\nkeywords = [\"在吗\"]\n\n\
                     [[reply]]\nintent = \"greeting\"\ntexts = [\"亲,在的~\"]\n";

/// The line of the first line of `text` that starts with `start`.
fn line_of(text: &str, start: &str) -> usize {
    text.lines().position(|l| l.starts_with(start)).unwrap() + 1
}

#[test]
fn stages_an_intent_has_nothing_to_say_in_are_named_at_the_intent() {
    assert_eq!(lint_lines(QUIET), Vec::<String>::new());
    let pack = format!(
        "{QUIET}\n[[intent]]\nname = \"membership\"\nkeywords = [\"入会\"]\n\n\
         [[reply]]\nintent = \"membership\"\nstage = \"paid\"\ntexts = [\"亲,已为您入会~\"]\n\n\
         [[intent]]\nname = \"fabric\"\nkeywords = [\"面料\"]\n\n\
         [[reply]]\nintent = \"fabric\"\ntexts = [\"亲,{{item}}是{{selling_points}}哦~\"]\n"
    );
    let lines = lint_lines(&pack);
    assert_eq!(lines.len(), 2, "{lines:#?}");
    let membership = line_of(&pack, "name = \"membership\"") - 1;
    assert_eq!(
        lines[0],
        format!(
            "pack.toml:{membership}:1: intent `membership` has no reply set for stages \
             `greeting`, `consulting`, `objection`, `ordered_unpaid`, `closed`: a buyer who \
             asks it then gets `clarify` instead of an answer (write a set without `stage`, or \
             one for these stages)"
        )
    );
    let fabric = line_of(&pack, "name = \"fabric\"") - 1;
    assert!(
        lines[1].starts_with(&format!(
            "pack.toml:{fabric}:1: intent `fabric`: in stages `greeting`, `consulting`"
        )) && lines[1].contains("needs something of the conversation"),
        "{lines:#?}"
    );
    // One variant that needs nothing special is enough, and so is a shop
    // fact the shop states.
    let answered = pack.replace(
        "texts = [\"亲,{item}是{selling_points}哦~\"]",
        "texts = [\"亲,{item}是{selling_points}哦~\", \"亲,{shop}的面料都是好面料~\"]",
    );
    assert_eq!(
        lint_lines(&answered).len(),
        1,
        "{:#?}",
        lint_lines(&answered)
    );
}

#[test]
fn intents_handed_to_a_person_need_words_only_where_they_are_answered() {
    // A complaint is handed over wherever it ranks; a return question is
    // answered before an order only with an item in talk, and handed over
    // after it.
    let pack = format!(
        "{QUIET}\n[[intent]]\nname = \"complaint\"\nkeywords = [\"投诉\"]\n\n\
         [[intent]]\nname = \"return_refund\"\nkeywords = [\"退货\"]\n\n\
         [[reply]]\nintent = \"return_refund\"\nstages = [\"greeting\", \"consulting\", \"objection\"]\n\
         texts = [\"亲,{{item}}支持七天无理由退换哦~\"]\n"
    );
    assert_eq!(lint_lines(&pack), Vec::<String>::new());
}

#[test]
fn a_promotion_saying_another_deal_than_the_numbers_count_is_flagged() {
    let shop = |promotion: &str| {
        QUIET.replace(
            "name = \"测试店\"\n",
            &format!(
                "name = \"测试店\"\npromotion = \"{promotion}\"\n\
                 multi_buy = {{ items = 2, rate = 0.95, with_coupons = true }}\n\n\
                 [[coupon]]\nname = \"店铺券\"\ntext = \"满199减20的店铺券\"\nmin_spend = 199\noff = 20\n"
            ),
        )
    };
    // The shipped wording agrees with the numbers.
    assert_eq!(
        lint_lines(&shop("全店任选2件享9.5折,可与店铺券叠加,满199减20")),
        Vec::<String>::new()
    );
    let lines = lint_lines(&shop("全店任选3件8折,不与店铺券叠加,满299减40"));
    assert_eq!(lines.len(), 3, "{lines:#?}");
    assert!(
        lines.iter().all(|l| l.starts_with("pack.toml:3:13: ")),
        "{lines:#?}"
    );
    assert!(
        lines[0].contains("promotion says 3件8折, but multi_buy counts 2件9.5折"),
        "{lines:#?}"
    );
    assert!(
        lines[1].contains("promotion says 满299减40, but no [[coupon]] has min_spend = 299"),
        "{lines:#?}"
    );
    assert!(lines[2].contains("does not stack"), "{lines:#?}");
    // A discount announced with no multi_buy to count it.
    let without = shop("任选2件9.5折").replace(
        "multi_buy = { items = 2, rate = 0.95, with_coupons = true }\n",
        "",
    );
    let lines = lint_lines(&without);
    assert_eq!(lines.len(), 1, "{lines:#?}");
    assert!(lines[0].contains("has no multi_buy"), "{lines:#?}");
}

#[test]
fn two_items_answering_to_one_word_are_flagged_at_the_second() {
    let pack = format!(
        "{QUIET}\n[[item]]\nid = \"p-1001\"\nname = \"加绒连帽卫衣\"\naliases = [\"卫衣\", \"T恤\"]\nprice = 129.0\n\n\
         [[item]]\nid = \"p-2002\"\nname = \"卫衣\"\naliases = [\"t恤\", \"连帽衫\"]\nprice = 99.0\n"
    );
    let lines = lint_lines(&pack);
    let second = line_of(&pack, "name = \"卫衣\"");
    let aliases = line_of(&pack, "aliases = [\"t恤\"");
    assert_eq!(lines.len(), 2, "{lines:#?}");
    assert!(
        lines[0].starts_with(&format!(
            "pack.toml:{second}:8: item `p-2002` answers to `卫衣`, and so does item `p-1001` at \
             pack.toml:{first}:12:",
            first = second - 5
        )),
        "{lines:#?}"
    );
    // Compared as messages are read: `t恤` is `T恤`.
    assert!(
        lines[1].starts_with(&format!(
            "pack.toml:{aliases}:12: item `p-2002` answers to `t恤`"
        )),
        "{lines:#?}"
    );
}

#[test]
fn a_pattern_typed_in_chinese_mode_is_named_with_how_it_is_read() {
    let pack = "[shop]\nname = \"店\"\n\n[[intent]]\nname = \"promotion\"\nkeywords = [\"活动\"]\n\
                patterns = [\n  '会员（卡|积分）',\n  '有会员吗',\n]\n\n\
                [[reply]]\nintent = \"promotion\"\ntexts = [\"亲,会员积分可以抵现哦~\"]\n";
    let files = vec![("pack.toml".to_string(), pack.to_string())];
    let scripts = load_sources(&files).unwrap();
    let warnings = lint_sources(&files, &scripts, &LintOptions::default());
    let lines: Vec<String> = warnings.iter().map(ToString::to_string).collect();
    assert_eq!(lines.len(), 1, "{lines:#?}");
    assert!(
        lines[0].starts_with("pack.toml:8:3: pattern `会员（卡|积分）` is read as `会员(卡|积分)`"),
        "{lines:#?}"
    );
}
