//! Understanding real wording with the shipped pack: negations and questions
//! decided by the script rules, homophones typed on pinyin keyboards, and one
//! line carrying several questions answered in one reply over the websocket.

mod support;

use support::*;

/// The shipped pack, compiled once for all the classification tests here.
fn scripts() -> &'static kefu::script::Scripts {
    static SCRIPTS: std::sync::OnceLock<std::sync::Arc<kefu::script::Scripts>> =
        std::sync::OnceLock::new();
    SCRIPTS.get_or_init(shipped_scripts)
}

fn top(text: &str) -> String {
    scripts().classifier.classify(text).top().to_string()
}

fn has(text: &str, intent: &str) -> bool {
    scripts().classifier.classify(text).has(intent)
}

#[test]
fn negated_objections_are_not_objections_but_negated_questions_are() {
    // `不贵` is no complaint about the price: the too_expensive rules exclude it.
    assert!(!has("不贵", "too_expensive"));
    assert!(!has("这个价格也不贵", "too_expensive"));
    assert!(!has("没那么贵", "too_expensive"));
    // A negated question still objects: the [negation] rule keeps questions.
    assert_eq!(top("不是很贵吗"), "too_expensive");
    assert_eq!(top("太贵了"), "too_expensive");
    // A negation ends with its clause: `不买了` is about buying, `太贵了` still objects.
    assert_eq!(top("不买了,太贵了"), "too_expensive");
    assert_eq!(top("不买了太贵了"), "too_expensive");
}

#[test]
fn negated_questions_about_campaigns_and_orders_keep_their_intent() {
    // promotion is not negatable: asking whether there is none is asking about it.
    assert_eq!(top("没有优惠吗"), "promotion");
    assert_eq!(top("没有优惠券吗亲"), "promotion");
    // `不要了` is a cancellation, by a keyword of its own.
    assert_eq!(top("不要了"), "order_change");
    assert_eq!(top("那我不要了"), "order_change");
}

#[test]
fn giving_and_delivering_are_not_asking_for_a_free_gift() {
    // `送` is also to give and to deliver: neither asks what the shop gives.
    for text in ["送到家吗", "这个送人合适吗", "送妈妈可以吗", "送货快吗"] {
        assert!(!has(text, "promotion"), "{text}");
    }
    for text in ["送什么吗", "有送东西吗", "能送个小礼物吗", "送运费险吗"] {
        assert_eq!(top(text), "promotion", "{text}");
    }
}

#[test]
fn negated_complaints_and_human_requests_do_not_transfer() {
    // These two intents hand the chat to a person on any hit: a negated one must not hit.
    assert!(!has("放心,不会给差评的", "complaint"));
    assert!(!has("你们不是骗子吧", "complaint"));
    assert!(!has("不用转人工", "human"));
    assert!(has("我要给差评", "complaint"));
    assert!(has("转人工", "human"));
}

#[test]
fn homophones_typed_on_a_pinyin_keyboard_hit_their_intents() {
    assert_eq!(top("包油吗"), "shipping");
    assert_eq!(top("亲在马"), "greeting");
    assert_eq!(top("有优会券吗"), "promotion");
    // A sound hit counts less than the right spelling.
    let scripts = scripts();
    let exact = scripts.classifier.classify("包邮吗");
    let sound = scripts.classifier.classify("包游吗");
    assert_eq!(sound.top(), "shipping");
    let (sound, exact) = (
        sound.intents().get(0).unwrap(),
        exact.intents().get(0).unwrap(),
    );
    assert!(sound.score < exact.score);
    assert!(sound.matched().any(|m| m.starts_with('≈')));
}

#[test]
fn a_keyword_spelled_right_is_not_read_again_by_sound() {
    // `改下价` is haggling; the `下价` in it sounds like `下架` (stock), and
    // read that way it added "S码有货哦" to the answer to "帮我改下价".
    let scripts = scripts();
    let c = scripts.classifier.classify("好的我拍了 帮我改下价");
    assert_eq!(c.top(), "bargain");
    assert!(!has("帮我改下价", "stock"));
    // Nor is it a change to the order.
    assert!(!has("帮我改下价", "order_change"));
    // Written alone, the sound-alike still counts.
    assert!(has("这款下价了吗", "stock"));
}

#[test]
fn messages_typed_in_pinyin_letters_reach_their_intent() {
    for (typed, intent) in [
        ("zaima", "greeting"),
        ("Zai ma?", "greeting"),
        ("you huo ma", "stock"),
        ("baoyouma", "shipping"),
        ("nengpianyidianma", "bargain"),
        ("fa shen me kuai di", "shipping"),
        ("youhuiquan", "promotion"),
        ("woyaotousu", "complaint"),
        ("zhuanrengong", "human"),
    ] {
        let c = scripts().classifier.classify(typed);
        assert_eq!(c.top(), intent, "{typed}: {:?}", c.intents());
        let best = c.intents().get(0).unwrap();
        assert!(best.matched().all(|m| m.starts_with('≈')), "{typed}");
    }
    // Latin letters that are not pinyin, and pinyin that says nothing the
    // rules know, are left as they were.
    assert_eq!(top("size"), "other");
    assert_eq!(top("nice"), "other");
    let iphone = scripts().classifier.classify("iphone");
    assert!(
        iphone
            .intents()
            .iter()
            .all(|i| !i.matched().any(|m| m.starts_with('≈'))),
        "{:?}",
        iphone.intents()
    );
    assert_eq!(top("ok"), "thanks_bye");
}

#[test]
fn words_that_merely_sound_like_keywords_do_not_hit() {
    // 以为/异味, 在家/再加, 不知/不值, 号的/好的: same syllables, other words.
    assert!(!has("我还以为是这种的", "product_info"));
    assert!(!has("在家比较麻烦", "order_change"));
    assert!(!has("我不知道", "too_expensive"));
    assert!(!has("大号的", "thanks_bye"));
}

#[test]
fn eighty_eight_is_goodbye_only_standing_alone() {
    // `88` and `886` are net slang for bye-bye; inside a house number, a price
    // or a phone number they are not, and a buyer giving an address must not
    // be told goodbye.
    assert_eq!(top("88"), "thanks_bye");
    assert_eq!(top("好的,886"), "thanks_bye");
    assert_eq!(top("谢谢亲 88~"), "thanks_bye");
    assert!(!has("地址是上海市浦东新区张江路88号", "thanks_bye"));
    assert!(!has("188元能便宜点吗", "thanks_bye"));
    assert!(!has("电话13812345678", "thanks_bye"));
    assert!(!has("88元包邮吗", "thanks_bye"));
}

#[test]
fn pre_sale_questions_are_not_after_sale_matters() {
    // An after-sale hit hands the conversation to a person, so a question
    // asked before buying must not hit one: `能不能用` is not `不能用`,
    // `会不会开胶` is not `开胶了`, `磨脚吗` is not `磨脚`.
    for question in [
        "能不能用花呗",
        "会不会开胶",
        "这鞋容易开胶吗",
        "鞋子磨脚吗",
        "会不会挤脚",
        "这款偏小吗",
        "会不会有点小",
        "脏了好洗吗",
    ] {
        assert!(!has(question, "return_refund"), "{question}");
    }
    // Nor a complaint, which goes to a person as well.
    assert!(!has("不满意能退吗", "complaint"));
    assert!(has("我很不满意", "complaint"));
    assert_eq!(top("能不能用花呗"), "payment");
    assert_eq!(top("鞋子磨脚吗"), "product_info");
    assert_eq!(top("脏了好洗吗"), "product_info");
    assert_eq!(top("怎么清洗"), "product_info");
    // Said as a fact, they still are.
    for problem in [
        "鞋子开胶了",
        "手机不能开机",
        "我这个不能用了",
        "穿着磨脚想退",
        // Tried on after it arrived: an exchange, not a size question.
        "收到了 有点小",
        "穿了一下有点紧",
        "我试了下 有点短",
    ] {
        assert_eq!(top(problem), "return_refund", "{problem}");
    }
}

#[test]
fn everyday_pre_sale_questions_reach_their_intent() {
    let cases = [
        ("到上海要几天", "shipping"),
        ("可以指定快递吗", "shipping"),
        ("穿久了会变形吗", "product_info"),
        ("耳机能连苹果手机吗", "product_info"),
        ("羽绒服会不会钻绒", "product_info"),
        ("有吊牌吗", "authenticity"),
        ("有没有质检报告", "authenticity"),
        ("能不能预定", "stock"),
        ("L码什么时候有货", "stock"),
        ("优惠券怎么领", "promotion"),
        ("能改地址吗", "order_change"),
        ("等发工资再买", "hesitation"),
        ("老爹鞋重不重", "product_info"),
        ("冬天穿冷不冷", "product_info"),
        ("支持香港吗", "shipping"),
        ("链接发我一下", "recommend"),
        ("少10块行不行", "bargain"),
        ("满199减20吗", "promotion"),
        // A colour and a size in one breath.
        ("有黑色XL吗", "stock"),
        ("有黑色的xl码吗", "stock"),
        ("有白的38吗", "stock"),
        ("灰色有吗", "stock"),
        ("黑色的还有没有", "stock"),
        ("能帮我留一件吗", "stock"),
        // Paying after delivery is a way of paying; there is no parcel yet.
        ("能不能先发货后付款", "payment"),
        ("收到货再付款行吗", "payment"),
        // Packing: how parcels go, and instructions for a present.
        ("包装好吗 会不会压坏", "shipping"),
        ("有礼盒吗", "shipping"),
        ("不要放发票", "order_change"),
        ("会不会坏", "authenticity"),
        ("怎么改", "order_change"),
        // Choosing a colour by how it wears, and choosing the size at last.
        ("卡其色会脏吗", "recommend"),
        ("白的耐脏吗", "recommend"),
        ("好吧 就这个了 L码", "stock"),
        ("有没有XXXL", "stock"),
        // Who it is for, and asking for a cheaper one of the kind.
        ("想给妈妈买件衣服", "recommend"),
        ("准备给男朋友挑双鞋", "recommend"),
        // The choice made: the last step before the order.
        ("好的 那就这个吧", "payment"),
        ("那我拍这个了", "payment"),
        ("就要这款了", "payment"),
    ];
    let wrong: Vec<String> = cases
        .iter()
        .filter(|(text, intent)| top(text) != *intent)
        .map(|(text, intent)| format!("{text}: {} (expected {intent})", top(text)))
        .collect();
    assert!(wrong.is_empty(), "{wrong:#?}");
}

/// The number of parts in a posted reply (parts are separated by line breaks).
fn parts(text: &str) -> Vec<&str> {
    text.split('\n').filter(|p| !p.trim().is_empty()).collect()
}

#[tokio::test]
async fn a_line_with_three_questions_gets_one_reply_in_three_parts() {
    let channel = TestChannel::start().await;
    let data = tempfile::tempdir().unwrap();
    let bot = start_bot(&channel.url(), data.path());
    // Greeting, stock of a size and shipping in one line, typed as buyers type:
    // `在马` and `包油` are homophones of `在吗` and `包邮`.
    channel.push(message_on(
        "e-1",
        "c-1",
        "亲在马?M码有货吗,包油吗",
        "p-1001",
    ));
    channel
        .wait_until("the reply", |c| {
            c.all_acked() && !c.posted("c-1").is_empty()
        })
        .await;
    let posted = channel.posted("c-1");
    assert_eq!(posted.len(), 1, "one reply for one line: {posted:?}");
    let reply = &posted[0];
    let parts = parts(reply);
    assert_eq!(
        parts.len(),
        3,
        "greeting, stock and shipping parts: {reply}"
    );
    // Manners first: the greeting opens the reply.
    assert!(parts[0].contains('亲'), "greeting first: {reply}");
    assert!(
        parts.iter().any(|p| p.contains("M码")),
        "the stock of M is answered: {reply}"
    );
    assert!(
        parts.iter().any(|p| p.contains('发') || p.contains("邮")),
        "shipping is answered: {reply}"
    );
    bot.stop().await;
}

#[test]
fn everyday_shop_talk_of_the_last_round_is_understood() {
    // 运费险 is the shop's gift, not a shipping fee question.
    assert_eq!(top("有没有运费险"), "promotion");
    assert!(!has("有没有运费险", "shipping"));
    // Adding to the cart first is hesitation; bookmarking the shop answers the closing line.
    assert_eq!(top("先加购物车了"), "hesitation");
    assert_eq!(top("收藏店铺了"), "thanks_bye");
    // "穿多大" asks for a size, not the item's dimensions.
    assert!(!has("我身高170 130斤穿多大", "product_info"));
    assert!(!has("多大码合适", "product_info"));
    assert!(has("这个包多大", "product_info"));
    // Buying several is asked as a campaign question too.
    assert!(has("可以便宜点吗 两双呢", "promotion"));
    assert!(has("可以便宜点吗 两双呢", "bargain"));
    // A cheaper one is asked for as well as a lower price.
    assert!(has("有没有便宜点的", "recommend"));
    assert!(!has("能便宜点吗", "recommend"));
}
