//! Matching and scoring.

use super::*;
use crate::nlu::{IntentRule, IntentScore, ItemAlias, NegationRule};

/// The labels of what fired for an intent, as plain strings.
fn labels<'a>(score: &IntentScore<'a>) -> Vec<&'a str> {
    score.matched().collect()
}

/// The intent ranked `n` (0 is the best).
fn nth(r: &Classification, n: usize) -> IntentScore<'_> {
    r.intents().get(n).expect("an intent ranked there")
}

fn intent(name: &str, keywords: &[(&str, f32)]) -> IntentRule {
    IntentRule {
        name: name.to_string(),
        keywords: keywords.iter().map(|(k, w)| (k.to_string(), *w)).collect(),
        negatable: true,
        ..IntentRule::default()
    }
}

fn build(intents: &[IntentRule]) -> Classifier {
    Classifier::build(intents, &NegationRule::default(), &[]).expect("rules compile")
}

fn expensive() -> IntentRule {
    IntentRule {
        exclude: vec!["不贵".into(), "贵不贵".into(), "贵宾".into()],
        ..intent("too_expensive", &[("太贵", 1.0), ("贵", 0.6)])
    }
}

#[test]
fn scores_distinct_keywords_and_explains() {
    let c = build(&[expensive()]);
    let r = c.classify("太贵了");
    assert_eq!(r.top(), "too_expensive");
    assert!((nth(&r, 0).score - 1.6).abs() < 1e-6);
    assert_eq!(labels(&nth(&r, 0)), ["太贵", "贵"]);
    // The same keyword twice counts once.
    let r = c.classify("贵,贵");
    assert!((nth(&r, 0).score - 0.6).abs() < 1e-6);
    assert_eq!(c.classify("你好").top(), "other");
}

#[test]
fn results_read_compare_and_serialise_as_plain_values() {
    // Results point into their classifier's names; two builds of the same
    // rules give results that are equal and print the same JSON.
    let rules = [
        expensive(),
        IntentRule {
            patterns: vec![("包.?邮".into(), 0.5)],
            ..intent("shipping", &[("包邮", 1.0)])
        },
    ];
    let (a, b) = (build(&rules), build(&rules));
    let (ra, rb) = (a.classify("太贵了,包邮吗"), b.classify("太贵了,包邮吗"));
    assert_eq!(ra, rb);
    assert_ne!(ra, a.classify("包邮吗"));
    let json = serde_json::to_value(&ra).unwrap();
    assert_eq!(
        json["intents"],
        serde_json::json!([
            {"name": "too_expensive", "score": 1.600000023841858, "matched": ["太贵", "贵"]},
            {"name": "shipping", "score": 1.5, "matched": ["包邮", "包.?邮"]},
        ])
    );
    // The fields in their order of old, the intents in their place.
    let text = serde_json::to_string(&ra).unwrap();
    let at = |field: &str| text.find(&format!("\"{field}\":")).unwrap();
    assert!(at("normalized") < at("emoticons") && at("emoticons") < at("intents"));
    assert!(at("intents") < at("entities"));
    let ranking = ra.intents();
    assert_eq!(ranking.len(), 2);
    assert_eq!(
        ranking.iter().rev().map(|i| i.name).collect::<Vec<_>>(),
        ["shipping", "too_expensive"]
    );
    assert_eq!(ranking.first().map(|i| i.name), Some("too_expensive"));
    assert!(ranking.get(2).is_none());
    assert!(format!("{ra:?}").contains(r#"matched: ["包邮", "包.?邮"]"#));
    // `other` holds no names at all, and still reads as an empty ranking.
    let other = a.classify("你好");
    assert!(other.intents().is_empty());
    assert_eq!(
        serde_json::to_value(&other).unwrap()["intents"],
        serde_json::json!([])
    );
}

#[test]
fn keyword_set_holds_what_was_inserted_until_removed() {
    let mut set = KeywordSet::default();
    assert!(!set.contains(0) && !set.contains(4_999));
    for k in [0, 63, 64, 4_999] {
        set.insert(k);
    }
    assert!([0, 63, 64, 4_999].iter().all(|&k| set.contains(k)));
    assert!(!set.contains(1) && !set.contains(65) && !set.contains(100_000));
    set.remove_all(&[63, 4_999, 100_000]);
    assert!(set.contains(0) && set.contains(64));
    assert!(!set.contains(63) && !set.contains(4_999));
}

#[test]
fn hits_pack_and_unpack() {
    for (start, k) in [(0, 0), (7, 12), (1 << 39, MAX_KEYWORDS as u32 - 1)] {
        assert_eq!(unpack_hit(pack_hit(start, k)), (start, k));
    }
    // Integer order is text order, then keyword order.
    assert!(pack_hit(3, 9) < pack_hit(4, 0));
    assert!(pack_hit(4, 0) < pack_hit(4, 1));
}

#[test]
fn exclusion_cancels_keyword_inside_it() {
    let c = build(&[expensive()]);
    assert!(!c.classify("这个贵不贵").has("too_expensive"));
    assert!(!c.classify("我是贵宾").has("too_expensive"));
    // An exclusion of another intent does not cancel this one's keyword.
    let other = IntentRule {
        exclude: vec!["太贵".into()],
        ..intent("other_intent", &[("xyz", 1.0)])
    };
    let c = build(&[expensive(), other]);
    assert!(c.classify("太贵了").has("too_expensive"));
}

#[test]
fn negation_drops_keyword_unless_question() {
    let c = build(&[intent("promotion", &[("优惠", 1.0)])]);
    assert!(!c.classify("没有优惠").has("promotion"));
    assert!(!c.classify("不要优惠").has("promotion"));
    assert!(c.classify("没有优惠吗").has("promotion"));
    assert!(c.classify("没有优惠吗亲").has("promotion"));
    assert!(c.classify("没有优惠?").has("promotion"));
    // Marker too far away, or across punctuation: not negated.
    assert!(c.classify("不知道有啥优惠").has("promotion"));
    assert!(c.classify("不,有优惠").has("promotion"));
    // `么` inside `那么` does not end the message: not a question.
    let c = build(&[expensive()]);
    assert!(!c.classify("没那么贵").has("too_expensive"));
}

#[test]
fn negation_respects_rule_settings() {
    let rules = [intent("promotion", &[("优惠", 1.0)])];
    let strict = NegationRule {
        keep_in_questions: false,
        ..NegationRule::default()
    };
    let c = Classifier::build(&rules, &strict, &[]).unwrap();
    assert!(!c.classify("没有优惠吗").has("promotion"));
    let wide = NegationRule {
        window: 4,
        ..NegationRule::default()
    };
    let c = Classifier::build(&rules, &wide, &[]).unwrap();
    assert!(!c.classify("不知道有啥优惠").has("promotion"));
    // A scope end between marker and keyword: the negation was about something else.
    let c = Classifier::build(&[expensive()], &NegationRule::default(), &[]).unwrap();
    assert!(c.classify("不买了太贵了").has("too_expensive"));
    assert!(!c.classify("不太贵").has("too_expensive"));
    let no_ends = NegationRule {
        scope_ends: Vec::new(),
        ..NegationRule::default()
    };
    let c = Classifier::build(&[expensive()], &no_ends, &[]).unwrap();
    let r = c.classify("不买了太贵了");
    // `太贵` is negated now; only the far-off `贵` is left.
    assert_eq!(labels(&nth(&r, 0)), ["贵"]);
    // A non-negatable intent ignores markers.
    let rules = [IntentRule {
        negatable: false,
        ..intent("promotion", &[("优惠", 1.0)])
    }];
    let c = build(&rules);
    assert!(c.classify("没有优惠").has("promotion"));
}

#[test]
fn ranks_best_first_and_ties_to_first_defined() {
    let c = build(&[
        intent("size", &[("尺码", 1.0)]),
        intent("shipping", &[("发货", 1.0), ("快递", 1.0)]),
        intent("stock", &[("有货", 1.0)]),
    ]);
    let r = c.classify("有货吗,什么快递发货,尺码");
    let names: Vec<&str> = r.intents().iter().map(|i| i.name).collect();
    assert_eq!(names, ["shipping", "size", "stock"]);
    let r = c.classify("有货吗尺码");
    assert_eq!(r.top(), "size");
    // `stock` fires first in the text, `size` is defined first and wins.
    assert_eq!(c.top_intent("有货吗尺码"), Some("size"));
    assert_eq!(c.top_intent("有货吗,什么快递发货,尺码"), Some("shipping"));
    assert_eq!(c.top_intent("你好"), None);
}

#[test]
fn same_keyword_in_two_intents() {
    let c = build(&[
        intent("stock", &[("有货", 1.0), ("在", 0.2)]),
        intent("greeting", &[("在", 0.8)]),
    ]);
    let r = c.classify("在");
    assert_eq!(r.intents().len(), 2);
    assert_eq!(r.top(), "greeting");
    assert!((nth(&r, 1).score - 0.2).abs() < 1e-6);
    assert_eq!(c.classify("在,有货").top(), "stock");
}

#[test]
fn traditional_and_full_width_rules_and_messages_meet() {
    let c = build(&[
        intent("too_expensive", &[("太貴", 1.0)]),
        intent("size", &[("ＸＬ", 1.0)]),
    ]);
    assert!(c.classify("太贵了").has("too_expensive"));
    assert!(c.classify("太貴了").has("too_expensive"));
    assert!(c.classify("xl有吗").has("size"));
    assert!(c.classify("XL有嗎").has("size"));
    let r = c.classify("XL有嗎");
    assert_eq!(r.normalized, "xl有吗");
    assert_eq!(labels(&nth(&r, 0)), ["ＸＬ"]);
}

#[test]
fn patterns_add_their_weight() {
    let rule = IntentRule {
        patterns: vec![("不值(这个)?(价|钱)".into(), 0.9), ("XL".into(), 0.5)],
        ..intent("too_expensive", &[("贵", 0.6)])
    };
    let c = build(&[rule]);
    let r = c.classify("不值这个价");
    assert!((nth(&r, 0).score - 0.9).abs() < 1e-6);
    assert_eq!(labels(&nth(&r, 0)), ["不值(这个)?(价|钱)"]);
    assert!(
        c.classify("xl").has("too_expensive"),
        "patterns are case-insensitive"
    );
}

#[test]
fn emoticons_are_not_matched() {
    let c = build(&[intent("smile", &[("微笑", 1.0)])]);
    let r = c.classify("[微笑]好的");
    assert_eq!(r.top(), "other");
    assert_eq!(r.emoticons, ["[微笑]"]);
}

#[test]
fn item_aliases_fill_the_item_entity() {
    let items = [
        ItemAlias {
            item: "p-1".into(),
            aliases: vec!["卫衣".into()],
        },
        ItemAlias {
            item: "p-2".into(),
            aliases: vec!["连帽卫衣".into(), "衛衣褲".into()],
        },
    ];
    let c = Classifier::build(
        &[intent("stock", &[("有货", 1.0)])],
        &NegationRule::default(),
        &items,
    )
    .unwrap();
    assert_eq!(
        c.classify("卫衣有货吗").entities.item.as_deref(),
        Some("p-1")
    );
    assert_eq!(
        c.classify("连帽卫衣有货吗").entities.item.as_deref(),
        Some("p-2")
    );
    assert_eq!(c.classify("卫衣裤").entities.item.as_deref(), Some("p-2"));
    assert_eq!(c.classify("有货吗").entities.item, None);
    let r = c.classify("卫衣xl,身高170");
    assert_eq!(r.entities.size.as_deref(), Some("XL"));
    assert_eq!(r.entities.height_cm, Some(170));
}

#[test]
fn word_boundaries_are_refused() {
    for pattern in [r"\b贵", r"贵\B", r"\<xl\>"] {
        let rule = IntentRule {
            patterns: vec![(pattern.into(), 1.0)],
            ..intent("too_expensive", &[])
        };
        let err = Classifier::build(&[rule], &NegationRule::default(), &[]).unwrap_err();
        assert_eq!(err.intent, "too_expensive");
        assert_eq!(err.rule.as_deref(), Some(pattern));
        assert!(err.reason.contains("word boundary"), "{}", err.reason);
    }
    // An escaped backslash followed by `b` is a literal, not a boundary.
    let rule = IntentRule {
        patterns: vec![(r"\\b".into(), 1.0)],
        ..intent("x", &[])
    };
    assert!(Classifier::build(&[rule], &NegationRule::default(), &[]).is_ok());
}

#[test]
fn bad_rules_are_refused_with_names() {
    let rule = IntentRule {
        patterns: vec![("贵(".into(), 1.0)],
        ..intent("too_expensive", &[])
    };
    let err = Classifier::build(&[rule], &NegationRule::default(), &[]).unwrap_err();
    assert_eq!(err.rule.as_deref(), Some("贵("));
    assert!(
        err.to_string().starts_with("intent `too_expensive`"),
        "{err}"
    );

    let err = Classifier::build(
        &[intent("size", &[("", 1.0)])],
        &NegationRule::default(),
        &[],
    )
    .unwrap_err();
    assert_eq!(err.intent, "size");
    assert!(err.reason.contains("empty"));
    let err = Classifier::build(
        &[intent("size", &[("  ", 1.0)])],
        &NegationRule::default(),
        &[],
    )
    .unwrap_err();
    assert!(err.reason.contains("empty"));

    let err = Classifier::build(
        &[intent("size", &[("码", 0.0)])],
        &NegationRule::default(),
        &[],
    )
    .unwrap_err();
    assert!(err.reason.contains("positive"));

    let twice = [
        intent("size", &[("码", 1.0)]),
        intent("size", &[("尺码", 1.0)]),
    ];
    assert!(Classifier::build(&twice, &NegationRule::default(), &[]).is_err());
}

#[test]
fn empty_rules_classify_everything_as_other() {
    let c = Classifier::build(&[], &NegationRule::default(), &[]).unwrap();
    let r = c.classify("在吗");
    assert_eq!(r.top(), "other");
    assert_eq!(r.normalized, "在吗");
    assert_eq!(c.intent_names().count(), 0);
}

fn shipped() -> crate::script::Scripts {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("scripts");
    crate::script::load_dir(&dir).unwrap_or_else(|e| panic!("{e}"))
}

/// Gating patterns on their literals must never change which patterns match:
/// compare with every pattern run on every message, over buyer-like text that
/// hits most of the shipped patterns.
#[test]
fn gated_patterns_match_exactly_like_running_all_of_them() {
    let scripts = shipped();
    let c = &scripts.classifier;
    let sources: Vec<&str> = c.patterns.iter().map(|p| c.names.label(p.label)).collect();
    let all = regex::RegexSetBuilder::new(&sources)
        .case_insensitive(true)
        .build()
        .unwrap();
    let fragments = [
        "亲",
        "在吗",
        "快递",
        "还没到",
        "都5天了",
        "怎么还没发",
        "便宜点",
        "100块吧",
        "按99算",
        "别家才89",
        "比他家贵",
        "xl还是l",
        "170 120斤",
        "1米7",
        "平时穿m",
        "还有l码吗",
        "有没有黑色的",
        "的有吗",
        "满199减20",
        "8.5折",
        "买一送一",
        "送什么",
        "今天能发吗",
        "几点之前",
        "发顺丰",
        "改一下地址",
        "地址错了",
        "已经付了",
        "能用花呗",
        "问问我老公",
        "再想想",
        "等双11再买",
        "收到有破洞",
        "穿着不舒服",
        "怎么退",
        "大了能换吗",
        "不能开机",
        "你们怎么做生意",
        "是不是机器人",
        "就等了5分钟",
        "退运费",
        "3件有优惠吗",
        "可以优惠吗",
        "和那款有什么区别",
        "200元左右",
        "我想要一件厚的",
        "冬天穿哪个",
        "收到了有点小",
        "黑色好看还是白色好看",
        "哪个颜色显白",
        "我皮肤黑",
        "什么时候发",
        "170",
        "",
        "?",
        "!!",
        "ok",
        "好的",
        "2件",
        "谢谢",
        "100卖不卖",
        "110块呢",
        "M码没有?",
        "拍37还是38",
        "S会不会很大",
        "今天拍什么时候发",
    ];
    let mut rng = fastrand::Rng::with_seed(3);
    let mut hit = std::collections::HashSet::new();
    for _ in 0..20_000 {
        let mut text = String::new();
        for _ in 0..rng.usize(1..4) {
            text.push_str(fragments[rng.usize(..fragments.len())]);
        }
        let t = normalize(&text).text;
        let mut gated = Vec::new();
        let r = c.classify_exact(&text);
        for (p, pattern) in c.patterns.iter().enumerate() {
            let source = c.names.label(pattern.label);
            if r.intents().iter().any(|i| i.matched().any(|m| m == source)) {
                gated.push(p);
            }
        }
        let brute: Vec<usize> = if t.is_empty() {
            Vec::new()
        } else {
            all.matches(&t).into_iter().collect()
        };
        // A pattern whose source is also a keyword label could blur this; there is none.
        assert_eq!(gated, brute, "message {text:?} (normalised {t:?})");
        hit.extend(brute);
    }
    assert!(
        hit.len() * 5 > sources.len() * 2,
        "the fragments reach {} of {} patterns",
        hit.len(),
        sources.len()
    );
}

/// `top_intent` (for `kefu classify --count`) must name the same intent as a
/// full classification, ties included: over the dev set when it is there
/// (`../shared/eval/dev.jsonl`, never copied into the repository) and over
/// generated messages mixing its texts, slices of them and buyer fragments
/// (negations, questions, sound-alikes).
#[test]
fn top_intent_is_the_top_of_a_full_classification() {
    let scripts = shipped();
    let c = &scripts.classifier;
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../shared/eval/dev.jsonl");
    let dev: Vec<String> = std::fs::read_to_string(path)
        .unwrap_or_default()
        .lines()
        .filter_map(|l| serde_json::from_str::<serde_json::Value>(l).ok())
        .filter_map(|v| v["text"].as_str().map(str::to_string))
        .collect();
    let fragments = [
        "亲",
        "在吗",
        "包邮吗",
        "保邮",
        "没有优惠吗",
        "不要优惠",
        "太贵了",
        "不贵",
        "什么时候发货",
        "发火了吗",
        "退货",
        "不退了",
        "尺码",
        "xl",
        "170 120斤",
        "谢谢",
        "好的",
        "?",
        "!",
        ",",
        "[微笑]",
        "转人工",
        "优惠卷",
        "质量太差",
        "物流不动",
        "开发票",
        "发顺丰",
        "改地址",
        "",
        "ok",
        "2件",
    ];
    let mut rng = fastrand::Rng::with_seed(5);
    let piece = |rng: &mut fastrand::Rng| -> String {
        match rng.usize(..3) {
            0 if !dev.is_empty() => dev[rng.usize(..dev.len())].clone(),
            1 if !dev.is_empty() => {
                let chars: Vec<char> = dev[rng.usize(..dev.len())].chars().collect();
                let from = rng.usize(..=chars.len());
                let to = rng.usize(from..=chars.len());
                chars[from..to].iter().collect()
            }
            _ => fragments[rng.usize(..fragments.len())].to_string(),
        }
    };
    let mut texts = dev.clone();
    for _ in 0..5_000 {
        let mut text = String::new();
        for _ in 0..rng.usize(1..4) {
            text.push_str(&piece(&mut rng));
        }
        texts.push(text);
    }
    let mut intents = std::collections::HashSet::new();
    let mut ties = 0;
    for text in &texts {
        let full = c.classify(text);
        assert_eq!(
            c.top_intent(text).unwrap_or("other"),
            full.top(),
            "message {text:?}: {:?}",
            full.intents()
        );
        intents.insert(full.top().to_string());
        if let (Some(first), Some(second)) = (full.intents().get(0), full.intents().get(1)) {
            ties += usize::from(first.score == second.score);
        }
    }
    // The messages reach most intents and tie often, so this compares more
    // than `other` and the best score.
    assert!(
        intents.len() * 2 > c.intent_names().count(),
        "only {} intents reached",
        intents.len()
    );
    assert!(ties >= 20, "only {ties} ties for the top");
}

#[test]
fn every_shipped_pattern_has_a_gate() {
    let scripts = shipped();
    let c = &scripts.classifier;
    let ungated: Vec<&str> = c
        .compiled_patterns
        .ungated_indices()
        .map(|p| c.names.label(c.patterns[p].label))
        .collect();
    assert!(
        ungated.is_empty(),
        "patterns run on every message: {ungated:?}"
    );
}

/// Rough throughput with the shipped pack; run with
/// `cargo test --release --lib nlu::classify::tests::throughput -- --ignored --nocapture`.
#[test]
#[ignore = "a measurement, not a check"]
fn throughput_with_default_pack() {
    let scripts = shipped();
    let messages = [
        "在吗",
        "亲,这个卫衣有xl的吗",
        "太贵了,能便宜点吗",
        "身高170体重120斤穿什么码",
        "什么时候发货?",
        "發貨了嗎",
        "好的谢谢[微笑]",
        "有没有优惠券",
        "我要退货",
        "快递到哪了,订单号2419512345678901234",
        "这个质量怎么样",
        "没有优惠吗",
        "1米65 100斤选哪个码",
        "OK",
        "收到了,谢谢亲~~~",
        "怎么还不发货啊!!!",
    ];
    let rounds = 200_000;
    let mut intents = 0;
    // Alternate the two so that load from elsewhere on the machine hits both alike.
    for round in 0..3 {
        for exact in [false, true] {
            let start = std::time::Instant::now();
            for i in 0..rounds {
                let message = messages[i % messages.len()];
                let result = if exact {
                    scripts.classifier.classify_exact(message)
                } else {
                    scripts.classifier.classify(message)
                };
                intents += result.intents().len();
            }
            let per_second = rounds as f64 / start.elapsed().as_secs_f64();
            let what = if exact {
                "exact spelling only"
            } else {
                "with pinyin"
            };
            eprintln!(
                "round {round}, {what}: {per_second:.0} classifications/s ({intents} intents)"
            );
        }
    }
}

#[test]
#[ignore = "diagnostic"]
fn pattern_candidate_stats() {
    let scripts = shipped();
    let c = &scripts.classifier;
    let text = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../shared/eval/dev.jsonl"
    ))
    .unwrap();
    let mut runs = vec![0usize; c.patterns.len()];
    let mut matched = vec![0usize; c.patterns.len()];
    let mut n = 0;
    let ac = c.automaton.as_ref().unwrap();
    let mut total_hits = 0;
    for line in text.lines() {
        let v: serde_json::Value = serde_json::from_str(line).unwrap();
        let t = normalize(v["text"].as_str().unwrap()).text;
        n += 1;
        let mut found = patterns::Found::default();
        found.reset(&c.compiled_patterns);
        ac.for_each_match(&t, |pattern, _, _| {
            total_hits += 1;
            let (from, to) = c.role_ranges[pattern];
            for role in &c.roles[from as usize..to as usize] {
                if let Role::Gates(bits) = role {
                    found.add(&c.compiled_patterns, *bits)
                }
            }
        });
        let mut cands = Vec::new();
        c.compiled_patterns.runnable(&found, |p| {
            runs[p as usize] += 1;
            if c.compiled_patterns.matches(p, &t) {
                cands.push(p);
            }
        });
        for &p in &cands {
            matched[p as usize] += 1;
        }
    }
    eprintln!(
        "messages {n}, automaton hits/msg {:.1}, runs/msg {:.2}, matches/msg {:.2}, strings {}",
        total_hits as f64 / n as f64,
        runs.iter().sum::<usize>() as f64 / n as f64,
        matched.iter().sum::<usize>() as f64 / n as f64,
        c.role_ranges.len()
    );
    let mut order: Vec<usize> = (0..runs.len()).collect();
    order.sort_by_key(|&p| usize::MAX - runs[p]);
    for &p in order.iter().take(15) {
        eprintln!(
            "{:5} runs {:4} matches  {}",
            runs[p],
            matched[p],
            c.names.label(c.patterns[p].label)
        );
    }
}

/// The dev set classified `KEFU_ROUNDS` times (default 20), for profilers:
/// `valgrind --tool=callgrind target/release/deps/kefu-… profile_dev_set --ignored`.
#[test]
#[ignore = "a workload for profilers"]
fn profile_dev_set() {
    let scripts = shipped();
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../shared/eval/dev.jsonl");
    let Ok(text) = std::fs::read_to_string(path) else {
        return;
    };
    let messages: Vec<String> = text
        .lines()
        .filter_map(|l| serde_json::from_str::<serde_json::Value>(l).ok())
        .filter_map(|v| v["text"].as_str().map(str::to_string))
        .collect();
    let rounds: usize = std::env::var("KEFU_ROUNDS")
        .ok()
        .and_then(|r| r.parse().ok())
        .unwrap_or(20);
    let mut intents = 0;
    for _ in 0..rounds {
        for m in &messages {
            intents += scripts.classifier.classify(m).intents().len();
        }
    }
    eprintln!(
        "{} classifications, {intents} intents",
        rounds * messages.len()
    );
}

#[test]
fn an_intent_only_patterns_fired_for_says_so() {
    // The dialogue leaves out an answer the message's shape alone asked
    // for (`这个…吗`): a keyword of the intent makes it asked in words.
    let c = build(&[IntentRule {
        patterns: vec![("这个.{0,6}吗".into(), 0.3)],
        ..intent("product_info", &[("纯棉", 1.0)])
    }]);
    let shape = c.classify("这个有现货吗");
    assert!(nth(&shape, 0).only_patterns());
    let words = c.classify("这个是纯棉的吗");
    assert!(!nth(&words, 0).only_patterns());
}
