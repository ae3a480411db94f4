//! Buyer messages: combined answers, rotation, size and stock, objections,
//! misunderstanding and transfers.

use super::*;
use crate::script::Stage;

#[test]
fn greeting_and_stock_make_one_combined_reply() {
    let mut c = Conv::new();
    let d = c.buyer("在吗,卫衣M码有货吗");
    assert_eq!(d.actions.len(), 1, "{:?}", d.actions);
    let (text, keys) = reply(&d).expect("a reply");
    assert_eq!(keys, ["greeting", "stock_yes"]);
    // The greeting is the short variant when it is only one part.
    assert_eq!(
        text,
        "亲,在的哦~\n亲,加绒连帽卫衣的M码有现货哦,可以放心拍下~"
    );
    let s = c.session();
    assert_eq!(s.slots.item.as_deref(), Some("p-1"));
    assert_eq!(s.slots.size.as_deref(), Some("M"));
    assert_eq!(s.stage, Stage::Consulting);
    assert_eq!(s.buyer_messages, 1);
    assert_eq!(d.understood.as_ref().map(|u| u.top()), Some("greeting"));
}

#[test]
fn a_greeting_comes_first_even_when_ranked_lower() {
    let mut c = Conv::new();
    let d = c.buyer("有现货吗?有货的话就拍,你好");
    let ranked: Vec<&str> = d
        .understood
        .iter()
        .flat_map(|u| u.intents())
        .map(|i| i.name)
        .collect();
    assert_eq!(ranked, ["stock", "greeting"]);
    let (text, keys) = reply(&d).expect("a reply");
    assert_eq!(keys, ["greeting", "stock"]);
    assert!(text.starts_with("亲,在的哦~\n"), "{text}");
}

#[test]
fn a_greeting_alone_uses_the_full_variant_and_stays_in_greeting() {
    let mut c = Conv::new();
    assert_eq!(
        c.ask("你好").as_deref(),
        Some("亲,在的哦~有什么可以帮您的?")
    );
    assert_eq!(c.session().stage, Stage::Greeting);
    // Next greeting rotates to the second variant, which names the shop.
    assert_eq!(
        c.ask("在吗").as_deref(),
        Some("您好亲,暖阳服饰很高兴为您服务~")
    );
}

#[test]
fn at_most_max_intents_are_answered() {
    let mut c = Conv::new();
    c.ctx.max_intents_per_reply = 1;
    let d = c.buyer("在吗,卫衣M码有货吗");
    assert_eq!(reply_keys(&d), ["greeting"]);
}

#[test]
fn a_weak_second_intent_is_not_answered_beside_a_strong_one() {
    // Stock scores 2 (有货, 现货), product_info 1 (面料): half the best.
    let mut c = Conv::new();
    let d = c.buyer("现货有货吗,什么面料");
    assert_eq!(reply_keys(&d), ["stock", "product_info"]);
    // Typed apart, the weaker question is answered whatever the share
    // (see `apart`); in one run of words the share decides.
    let mut c = Conv::new();
    c.ctx.min_share_of_best = 0.6;
    let d = c.buyer("现货有货吗,什么面料");
    assert_eq!(reply_keys(&d), ["stock", "product_info"]);
    let mut c = Conv::new();
    c.ctx.min_share_of_best = 0.6;
    let d = c.buyer("现货有货吗什么面料");
    assert_eq!(reply_keys(&d), ["stock"]);
    // Ties are never cut, whatever the share; answered in the order asked.
    let mut c = Conv::new();
    c.ctx.min_share_of_best = 1.0;
    let d = c.buyer("有货吗,什么面料");
    assert_eq!(reply_keys(&d), ["stock", "product_info"]);
}

#[test]
fn with_the_shipped_pack_a_question_about_one_thing_gets_one_answer() {
    // Each brushes a weak rule of another intent: `这个…吗` (product_info,
    // 0.3), a leading `好的` (thanks_bye, 0.5).
    for (text, key) in [
        ("这个是正品吗", "authenticity"),
        ("好的今天发货吗", "shipping"),
    ] {
        let mut c = Conv::shipped();
        let d = c.buyer(text);
        let keys = reply_keys(&d);
        assert_eq!(keys.len(), 1, "{text}: {keys:?}");
        assert!(keys[0].starts_with(key), "{text}: {keys:?}");
    }
    // Two real questions still get two answers.
    let mut c = Conv::shipped();
    let keys = reply_keys(&c.buyer("是正品吗?什么时候发货"));
    assert_eq!(keys.len(), 2, "{keys:?}");
}

#[test]
fn rotation_never_repeats_back_to_back_and_skips_unfillable_variants() {
    let mut c = Conv::new();
    let mut texts = Vec::new();
    for _ in 0..6 {
        texts.push(c.ask("有货吗").expect("a reply"));
    }
    for pair in texts.windows(2) {
        assert_ne!(pair[0], pair[1], "repeated back to back: {texts:?}");
    }
    // Without an item the `{item}` variant is never used; the other two alternate.
    assert!(
        texts
            .iter()
            .all(|t| !t.contains("{") && !t.contains("卫衣")),
        "{texts:?}"
    );
    assert_eq!(texts[0], texts[2]);
    assert_ne!(texts[0], texts[1]);
}

#[test]
fn a_variant_equal_to_the_last_message_is_not_sent_again() {
    let mut c = Conv::new();
    let first = c.ask("什么时候发货").expect("a reply");
    assert_eq!(first, "亲,17:00前付款当天发货,默认中通、韵达~");
    // The set has only this variant: saying it again right away is refused.
    let d = c.buyer("什么时候发货");
    assert!(d.actions.is_empty(), "{:?}", d.actions);
}

#[test]
fn size_comes_from_the_chart() {
    let mut c = Conv::new().on_page("p-1");
    let d = c.buyer("身高165体重110斤穿什么码");
    let (text, keys) = reply(&d).expect("a reply");
    assert_eq!(keys, ["size_result"]);
    assert_eq!(text, "亲,根据您的身高165cm体重110斤,建议拍M码哦~");
    let s = c.session();
    assert_eq!(s.slots.size.as_deref(), Some("M"));
    assert_eq!(s.slots.height_cm, Some(165));
    assert_eq!(s.slots.weight_jin, Some(110));
}

#[test]
fn a_sold_out_size_from_the_chart_comes_with_the_stock_answer() {
    // The chart says L, and L of this item is sold out: recommending it
    // alone would send the buyer to a size they cannot buy.
    let mut c = Conv::new().on_page("p-1");
    let d = c.buyer("身高170体重130斤穿什么码");
    let (text, keys) = reply(&d).expect("a reply");
    assert_eq!(keys, ["size_result", "stock_no"]);
    assert_eq!(
        text,
        "亲,根据您的身高170cm体重130斤,建议拍L码哦~\n\
         亲,加绒连帽卫衣的L码暂时断货了,推荐您看看摇粒绒外套,99.9元,L码有货哦~"
    );
    assert_eq!(c.session().slots.size.as_deref(), Some("L"));
    // Asked together with stock, the stock answer is given once.
    let mut c = Conv::new().on_page("p-1");
    let d = c.buyer("身高170体重130斤穿什么码,有货吗");
    assert_eq!(reply_keys(&d), ["size_result", "stock_no"]);
}

#[test]
fn size_without_item_or_measures_asks_for_them() {
    let mut c = Conv::new();
    let d = c.buyer("穿什么码");
    assert_eq!(reply_keys(&d), ["size_advice"]);
    assert_eq!(c.session().slots.size, None);
    // The answer to that question carries no keyword, only measures; the
    // product page makes the chart available.
    c.page = Some("p-1".into());
    let d = c.buyer("身高160");
    let (text, keys) = reply(&d).expect("a reply");
    assert_eq!(keys, ["size_result"]);
    // No weight known: the variant quoting it is skipped.
    assert_eq!(text, "亲,建议您拍S码~");
}

#[test]
fn an_item_named_stays_in_talk_while_messages_come_from_the_same_page() {
    // Found in the sandbox: on the hoodie's page, a question about the coat,
    // then "what size": the answer was about the hoodie again, because every
    // message carries the page the chat began on.
    let mut c = Conv::new().on_page("p-1");
    c.buyer("外套是什么面料");
    assert_eq!(c.session().slots.item.as_deref(), Some("p-2"));
    c.buyer("L码有货吗");
    assert_eq!(c.session().slots.item.as_deref(), Some("p-2"));
    // A new page is a new statement: the talk moves to it.
    c.page = Some("p-3".into());
    c.buyer("有货吗");
    assert_eq!(c.session().slots.item.as_deref(), Some("p-3"));
}

#[test]
fn sold_out_size_suggests_a_similar_item_in_stock() {
    let mut c = Conv::new().on_page("p-1");
    let d = c.buyer("L码有货吗");
    let (text, keys) = reply(&d).expect("a reply");
    assert_eq!(keys, ["stock_no"]);
    assert_eq!(
        text,
        "亲,加绒连帽卫衣的L码暂时断货了,推荐您看看摇粒绒外套,99.9元,L码有货哦~"
    );
}

#[test]
fn sold_out_without_similar_uses_a_variant_without_it() {
    let mut c = Conv::new().on_page("p-3");
    let d = c.buyer("L码有货吗");
    let (text, keys) = reply(&d).expect("a reply");
    assert_eq!(keys, ["stock_no"]);
    assert_eq!(text, "亲,L码暂时断货了,抱歉哦~");
}

#[test]
fn size_from_the_chart_feeds_a_stock_answer_in_the_same_reply() {
    let mut c = Conv::new().on_page("p-1");
    let d = c.buyer("身高165体重110斤穿什么码,有货吗");
    let (text, keys) = reply(&d).expect("a reply");
    assert_eq!(keys, ["size_result", "stock_yes"]);
    assert!(
        text.contains("建议拍M码") && text.contains("M码有现货"),
        "{text}"
    );
}

#[test]
fn a_mentioned_colour_of_the_item_fills_the_slot() {
    let mut c = Conv::new().on_page("p-1");
    c.buyer("黑色的有货吗");
    assert_eq!(c.session().slots.color.as_deref(), Some("黑色"));
    c.buyer("燕麦款呢,有货吗");
    assert_eq!(c.session().slots.color.as_deref(), Some("燕麦色"));
    // 灰色 belongs to another item: not this item's colour.
    c.buyer("灰色有货吗");
    assert_eq!(c.session().slots.color.as_deref(), Some("燕麦色"));
}

#[test]
fn a_word_for_the_kind_of_item_keeps_the_item_in_talk() {
    // On the long down coat's page; `羽绒服` is an alias of the short one,
    // but it names the long coat just as well.
    let mut c = Conv::shipped().on_page("p-1004");
    c.step = 20;
    let d = c.buyer("这件羽绒服有黑色吗");
    assert_eq!(c.session().slots.item.as_deref(), Some("p-1004"));
    assert_eq!(c.session().slots.color.as_deref(), Some("黑色"));
    let (text, _) = reply(&d).expect("a reply");
    assert!(
        text.contains("黑色有的"),
        "the colour asked is answered: {text}"
    );
    assert!(!text.contains("短款"), "{text}");
    // A name only the other item answers to moves the talk to it.
    c.buyer("那短款羽绒服呢");
    assert_eq!(c.session().slots.item.as_deref(), Some("p-1003"));
}

#[test]
fn an_unknown_product_page_is_not_taken_as_the_item() {
    let mut c = Conv::new().on_page("p-999");
    c.buyer("有货吗");
    assert_eq!(c.session().slots.item, None);
}

#[test]
fn the_coupon_is_offered_once_per_conversation() {
    let mut c = Conv::new().on_page("p-1");
    let first = c.ask("太贵了").expect("a reply");
    assert_eq!(first, "亲,拍下送运费险,很划算的~");
    assert!(c.session().coupon_offered);
    assert_eq!(c.session().stage, Stage::Objection);
    for text in ["能便宜点吗", "太贵了", "便宜点嘛", "好贵啊", "能便宜吗"] {
        let answer = c.ask(text).expect("a reply");
        assert!(
            !answer.contains("满199减20") && !answer.contains("运费险"),
            "offer repeated for {text}: {answer}"
        );
    }
}

#[test]
fn objections_in_one_message_give_one_answer() {
    let mut c = Conv::new();
    let d = c.buyer("太贵了,便宜点");
    assert_eq!(reply_keys(&d).len(), 1, "{:?}", d.actions);
}

#[test]
fn stages_follow_consulting_and_objections() {
    let mut c = Conv::new().on_page("p-1");
    c.buyer("在吗");
    assert_eq!(c.session().stage, Stage::Greeting);
    c.buyer("什么面料");
    assert_eq!(c.session().stage, Stage::Consulting);
    c.buyer("其他店更便宜");
    assert_eq!(c.session().stage, Stage::Objection);
    c.buyer("谢谢");
    assert_eq!(
        c.session().stage,
        Stage::Objection,
        "manners do not end an objection"
    );
    c.buyer("什么时候发货");
    assert_eq!(c.session().stage, Stage::Consulting);
}

#[test]
fn two_messages_not_understood_go_to_a_person() {
    let mut c = Conv::new();
    let d = c.buyer("哈哈哈");
    assert_eq!(reply_keys(&d), ["clarify"]);
    assert_eq!(transfer(&d), None);
    assert_eq!(c.session().unknown_streak, 1);
    let d = c.buyer("嗯嗯嗯");
    assert_eq!(reply_keys(&d), ["handover"]);
    assert_eq!(transfer(&d).as_deref(), Some("unknown"));
    assert!(c.session().transferred);
    // Transferred: the bot no longer answers, but still listens.
    let d = c.buyer("有货吗");
    assert!(d.actions.is_empty(), "{:?}", d.actions);
    assert_eq!(
        c.session().history.back().map(|t| t.text.as_str()),
        Some("有货吗")
    );
}

/// The test pack with a new intent whose only set is for paid orders, and
/// one whose every variant needs the item in talk.
fn with_intents_lacking_words() -> Conv {
    let extra = "\n[[intent]]\nname = \"membership\"\nkeywords = [\"入会\"]\n\n\
                 [[reply]]\nintent = \"membership\"\nstage = \"paid\"\ntexts = [\"亲,已为您入会~\"]\n\n\
                 [[intent]]\nname = \"pilling\"\nkeywords = [\"起球\"]\n\n\
                 [[reply]]\nintent = \"pilling\"\ntexts = [\"亲,{item}不起球的哦~\"]\n";
    let pack = format!("{PACK}{extra}");
    Conv::on(load_sources(&[("t.toml".into(), pack)]).expect("the pack loads"))
}

#[test]
fn an_intent_with_no_words_here_is_not_understood_rather_than_silent() {
    // Before, both went unanswered: no reply, no clarify, no person.
    let mut c = with_intents_lacking_words();
    let d = c.buyer("怎么入会");
    assert_eq!(reply_keys(&d), ["clarify"]);
    assert_eq!(c.session().unknown_streak, 1);
    assert_eq!(c.session().stage, Stage::Greeting, "nothing was answered");
    let d = c.buyer("会起球吗");
    assert_eq!(reply_keys(&d), ["handover"]);
    assert_eq!(transfer(&d).as_deref(), Some("unknown"));
    // With the item in talk, its words are said.
    let mut c = with_intents_lacking_words().on_page("p-1");
    let (text, keys) = reply(&c.buyer("会起球吗")).expect("a reply");
    assert_eq!(keys, ["pilling"]);
    assert_eq!(text, "亲,加绒连帽卫衣不起球的哦~");
    assert_eq!(c.session().unknown_streak, 0);
    // A reply left out because it would repeat the last one word for word
    // is still left out: that silence is on purpose.
    let d = c.buyer("会起球吗");
    assert!(reply(&d).is_none(), "{:?}", d.actions);
    assert_eq!(c.session().unknown_streak, 0);
}

#[test]
fn an_understood_message_resets_the_unknown_streak() {
    let mut c = Conv::new();
    assert_eq!(reply_keys(&c.buyer("哈哈哈")), ["clarify"]);
    c.buyer("有货吗");
    assert_eq!(c.session().unknown_streak, 0);
    let d = c.buyer("嗯嗯嗯");
    assert_eq!(reply_keys(&d), ["clarify"]);
    assert_eq!(transfer(&d), None);
}

#[test]
fn complaints_and_requests_for_a_person_transfer_at_once() {
    let mut c = Conv::new();
    let d = c.buyer("在吗,我要投诉");
    let (text, keys) = reply(&d).expect("a reply");
    assert_eq!(keys, ["handover"]);
    assert_eq!(text, "亲,马上为您转接人工客服,请稍等~");
    assert_eq!(transfer(&d).as_deref(), Some("complaint"));
    // The reply comes before the transfer, so the buyer reads it.
    assert!(matches!(d.actions[0], Action::Reply { .. }));
    assert!(c.session().transferred);

    let mut c = Conv::new();
    let d = c.buyer("转人工");
    assert_eq!(transfer(&d).as_deref(), Some("human"));
}

#[test]
fn the_same_inputs_give_the_same_decisions() {
    let script = [
        "在吗",
        "卫衣L码有货吗",
        "太贵了",
        "哈哈",
        "身高170体重130斤穿什么码",
        "谢谢",
    ];
    let run = || {
        let mut c = Conv::new().on_page("p-1");
        let actions: Vec<Vec<Action>> = script.iter().map(|t| c.buyer(t).actions).collect();
        (actions, c.session().clone())
    };
    let (a1, s1) = run();
    let (a2, s2) = run();
    assert_eq!(a1, a2);
    assert_eq!(s1, s2);
    // And re-deciding one event from the same stored session is identical.
    let c = Conv::new();
    let ev = Event::Message(BuyerMessage {
        id: "e-1".into(),
        shop: "shop-1".into(),
        conversation: "c-1".into(),
        buyer: "tb_lily".into(),
        text: "在吗,有货吗".into(),
        sent_at: "t".into(),
        item: Some("p-1".into()),
    });
    let d1 = decide(Some(&s1), &ev, &c.scripts, &c.ctx);
    let d2 = decide(Some(&s1), &ev, &c.scripts, &c.ctx);
    assert_eq!(d1.actions, d2.actions);
    assert_eq!(d1.session, d2.session);
}

#[test]
fn history_records_buyer_and_bot_turns() {
    use crate::dialogue::Speaker;
    let mut c = Conv::new();
    c.buyer("你好");
    let s = c.session();
    let who: Vec<Speaker> = s.history.iter().map(|t| t.who).collect();
    assert_eq!(who, [Speaker::Buyer, Speaker::Bot]);
    assert_eq!(s.last_sent.as_deref(), Some(s.history[1].text.as_str()));
    assert_eq!(s.started_at, 1_000);
    assert_eq!(s.updated_at, 1_000);
    assert_eq!(s.buyer, "tb_lily");
    // Refs are the runtime's business.
    assert_eq!(s.replies_decided, 0);
}

#[test]
fn an_item_without_a_chart_answers_the_size_question_with_its_tip() {
    let mut c = Conv::new().on_page("p-3");
    let d = c.buyer("穿什么码");
    let (text, keys) = reply(&d).expect("a reply");
    assert_eq!(keys, ["size_from_tip"]);
    assert_eq!(text, "亲,针织开衫偏小一码,建议拍大一码~");
    // An item with a chart still asks for the measures it needs.
    let mut c = Conv::new().on_page("p-1");
    assert_eq!(reply_keys(&c.buyer("穿什么码")), ["size_advice"]);
    // One with neither asks as before.
    let mut c = Conv::new().on_page("p-2");
    assert_eq!(reply_keys(&c.buyer("穿什么码")), ["size_advice"]);
}

#[test]
fn a_size_worn_without_the_word_for_size_is_taken_for_shoes() {
    // Found walking the shoes' page: "我平时穿38" got the size tip without
    // the 38, and 38 is sold out on that item.
    let mut c = Conv::shipped().on_page("p-1009");
    let item = c.item("p-1009");
    assert_eq!(
        item.stock_of("38"),
        0,
        "the shipped catalogue changed; update this test"
    );
    let d = c.buyer("我平时穿38");
    assert_eq!(reply_keys(&d), ["size_from_tip", "stock_no"]);
    assert_eq!(c.session().slots.size.as_deref(), Some("38"));
    let text = c.ask("我平时穿39").expect("a reply");
    assert!(text.contains("39码"), "{text}");
    // A number the item does not come in is not a size.
    let mut c = Conv::shipped().on_page("p-1009");
    c.buyer("我平时穿50");
    assert_eq!(c.session().slots.size, None);
}

#[test]
fn an_item_named_as_worn_with_the_one_in_talk_does_not_take_its_place() {
    // Found playing conversations: `能套毛衣吗` on the down coat's page
    // sized the sweater, and `配老爹鞋好看吗` on the joggers' page made the
    // next `M码有吗` a question about the shoes.
    let mut c = Conv::shipped().on_page("p-1004");
    let (text, _) = reply(&c.buyer("我175 150斤 XL合适吗 能套毛衣吗")).expect("a reply");
    assert_eq!(c.session().slots.item.as_deref(), Some("p-1004"));
    assert!(text.contains("毛衣") && text.contains("XL码"), "{text}");
    let mut c = Conv::shipped().on_page("p-1006");
    c.buyer("这个卫裤配老爹鞋好看吗");
    assert_eq!(c.session().slots.item.as_deref(), Some("p-1006"));
    // Named on its own, the other item is the one in talk.
    let mut c = Conv::shipped().on_page("p-1001");
    c.buyer("毛衣有吗");
    assert_eq!(c.session().slots.item.as_deref(), Some("p-1008"));
}

#[test]
fn an_item_bought_before_is_a_story_not_the_item_in_talk() {
    // On the T-shirt's page the hoodie bought before became the item in
    // talk, and the T-shirts were quoted at the hoodie's price.
    let mut c = Conv::shipped().on_page("p-1007");
    c.buyer("我之前在你家买过卫衣 质量不错 这次想买T恤 老顾客有优惠吗");
    assert_eq!(c.session().slots.item.as_deref(), Some("p-1007"));
    let text = c.ask("白色L和黑色L各一件 一共多少钱").expect("a reply");
    assert!(text.contains("T恤2件原价118元"), "{text}");
    // Named to buy, it is the item in talk.
    let mut c = Conv::shipped().on_page("p-1007");
    c.buyer("我想买连帽卫衣");
    assert_eq!(c.session().slots.item.as_deref(), Some("p-1001"));
}

#[test]
fn the_word_that_tells_two_similar_items_apart_names_the_other() {
    // Found playing conversations: `短款的M有吗` on the long coat's page
    // answered the long coat's M (the short one's is sold out), and
    // `圆领的多少钱` on the hoodie's page quoted the hoodie.
    let mut c = Conv::shipped().on_page("p-1004");
    let (text, _) = reply(&c.buyer("短款的M有吗")).expect("a reply");
    assert_eq!(c.session().slots.item.as_deref(), Some("p-1003"));
    assert!(text.contains("售罄") || text.contains("没货"), "{text}");
    let mut c = Conv::shipped().on_page("p-1001");
    let (text, _) = reply(&c.buyer("圆领的多少钱")).expect("a reply");
    assert!(text.contains("99元"), "{text}");
    // The item's own word keeps it: the T-shirt is crew-necked too.
    let mut c = Conv::shipped().on_page("p-1007");
    c.buyer("这件T恤是圆领吗");
    assert_eq!(c.session().slots.item.as_deref(), Some("p-1007"));
}

#[test]
fn the_item_in_talk_set_beside_another_stays() {
    // `这个和短款哪个暖和` on the long coat's page made the short coat the
    // one in talk, and the next `会不会太长` went unanswered.
    let mut c = Conv::shipped().on_page("p-1004");
    c.buyer("这个和短款哪个暖和");
    assert_eq!(c.session().slots.item.as_deref(), Some("p-1004"));
    assert_eq!(reply_keys(&c.buyer("会不会太长")), ["item_faq"]);
}
