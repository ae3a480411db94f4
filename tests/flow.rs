//! The pre-sale flow over a real websocket, with the shipped script pack:
//! what a buyer actually receives, and what the channel is asked to do.

mod support;

use support::*;

fn last_text(channel: &TestChannel, conversation: &str) -> String {
    channel
        .posted(conversation)
        .last()
        .cloned()
        .unwrap_or_default()
}

#[tokio::test]
async fn a_whole_sale_from_greeting_to_closing() {
    let channel = TestChannel::start().await;
    let data = tempfile::tempdir().unwrap();
    let bot = start_bot(&channel.url(), data.path());
    let catalog = shipped_scripts();
    let hoodie = catalog
        .catalog
        .item("p-1001")
        .expect("p-1001 in the catalogue");

    let mut n = 0;
    let mut step = |text: &str| {
        n += 1;
        channel.push(message_on(&format!("e-{n}"), "c-1", text, "p-1001"));
        n
    };

    step("在吗");
    channel
        .wait_until("greeting answered", |c| c.posted("c-1").len() == 1)
        .await;

    // Size from the chart: the reply names the size the chart gives.
    step("我170 120斤穿什么码");
    channel
        .wait_until("size answered", |c| c.posted("c-1").len() == 2)
        .await;
    let chart = catalog
        .catalog
        .chart_for(hoodie)
        .expect("the hoodie has a size chart");
    let size = chart.size_for(Some(170), Some(120), None).unwrap();
    let reply = last_text(&channel, "c-1");
    assert!(reply.contains(size), "size {size} in {reply:?}");

    // Bargaining: never a lower price; the coupon is offered once.
    step("能便宜点吗");
    channel
        .wait_until("bargain answered", |c| c.posted("c-1").len() == 3)
        .await;
    let coupon = &catalog.shop.coupons[0].text;
    let first_objection = last_text(&channel, "c-1");
    step("太贵了");
    channel
        .wait_until("objection answered", |c| c.posted("c-1").len() == 4)
        .await;
    let second_objection = last_text(&channel, "c-1");
    let coupon_mentions = [&first_objection, &second_objection]
        .iter()
        .filter(|t| t.contains(coupon.as_str()))
        .count();
    assert!(
        coupon_mentions <= 1,
        "coupon offered at most once: {first_objection:?} / {second_objection:?}"
    );
    assert_ne!(first_objection, second_objection);

    // Order and payment move the stage and get their confirmations.
    channel.push(order("e-o1", "c-1", "o-77", "created", "p-1001", size));
    channel
        .wait_until("order created answered", |c| c.posted("c-1").len() == 5)
        .await;
    channel.push(order("e-o2", "c-1", "o-77", "paid", "p-1001", size));
    channel
        .wait_until("payment answered", |c| c.posted("c-1").len() == 6)
        .await;
    let paid = last_text(&channel, "c-1");
    assert!(
        paid.contains("核对") || paid.contains("地址"),
        "address check in {paid:?}"
    );

    // The last word is the shop's: a closing inviting to bookmark, then quiet.
    step("好的谢谢");
    channel
        .wait_until("closing", |c| c.posted("c-1").len() == 7)
        .await;
    assert!(
        last_text(&channel, "c-1").contains("收藏"),
        "bookmark invite"
    );
    step("谢谢");
    channel.wait_until("all acked", |c| c.all_acked()).await;
    assert_eq!(
        channel.posted("c-1").len(),
        7,
        "no reply to a thanks after the closing"
    );

    bot.stop().await;
    let store = open_store(data.path());
    let session = store.session("shop-1", "c-1").unwrap().unwrap();
    assert_eq!(session.stage, kefu::script::Stage::Paid);
    assert_eq!(session.slots.height_cm, Some(170));
    assert!(session.orders.contains_key("o-77"));
}

#[tokio::test]
async fn greeting_and_stock_in_one_line_get_one_combined_reply() {
    let channel = TestChannel::start().await;
    let data = tempfile::tempdir().unwrap();
    let bot = start_bot(&channel.url(), data.path());
    channel.push(message_on("e-1", "c-1", "亲在吗?这款有M码吗", "p-1001"));
    channel
        .wait_until("acked", |c| c.all_acked() && !c.posted("c-1").is_empty())
        .await;
    assert_eq!(channel.posted("c-1").len(), 1, "one reply for one message");
    assert!(
        last_text(&channel, "c-1").contains('\n'),
        "two parts in one reply"
    );
    bot.stop().await;
}

#[tokio::test]
async fn complaints_and_human_requests_are_transferred() {
    let channel = TestChannel::start().await;
    let data = tempfile::tempdir().unwrap();
    let bot = start_bot(&channel.url(), data.path());
    channel.push(message("e-1", "c-1", "你们这什么破东西,我要投诉"));
    channel.push(message("e-2", "c-2", "转人工"));
    channel
        .wait_until("two transfers", |c| c.frames("transfer").len() == 2)
        .await;
    let transfers = channel.frames("transfer");
    assert_eq!(transfers[0]["conversation"], "c-1");
    assert_eq!(transfers[0]["reason"], "complaint");
    assert_eq!(transfers[1]["reason"], "human");
    // The buyer is told a person takes over; afterwards the bot stays out.
    channel
        .wait_until("handover texts", |c| {
            c.posted("c-1").len() == 1 && c.posted("c-2").len() == 1
        })
        .await;
    channel.push(message("e-3", "c-1", "在吗"));
    channel.wait_until("acked", |c| c.all_acked()).await;
    assert_eq!(
        channel.posted("c-1").len(),
        1,
        "a transferred conversation is left to people"
    );
    bot.stop().await;

    // The morning shift finds both in the handover queue, with the buyer's words.
    let store = open_store(data.path());
    let queue = store.handover_items(false).unwrap();
    let reasons: Vec<&str> = queue.iter().map(|h| h.reason.as_str()).collect();
    assert_eq!(reasons, ["complaint", "human"]);
    assert_eq!(queue[0].conversation, "c-1");
    assert!(queue[0].last_messages[0].contains("投诉"));
    assert!(store
        .mark_handover_done(queue[0].id, "kf-01")
        .unwrap()
        .is_some());
    assert_eq!(store.handover_items(false).unwrap().len(), 1);
    // And the journal has one line per event, with what was understood.
    let journal: Vec<_> = store.journal(0, i64::MAX).map(Result::unwrap).collect();
    assert_eq!(journal.len(), 3);
    assert_eq!(journal[0].transfer.as_deref(), Some("complaint"));
    assert!(journal[0].intents.contains(&"complaint".to_string()));
}

#[tokio::test]
async fn a_second_message_not_understood_goes_to_a_person() {
    let channel = TestChannel::start().await;
    let data = tempfile::tempdir().unwrap();
    let bot = start_bot(&channel.url(), data.path());
    channel.push(message("e-1", "c-1", "上次那个呢"));
    channel
        .wait_until("clarify", |c| c.posted("c-1").len() == 1)
        .await;
    assert!(
        channel.frames("transfer").is_empty(),
        "the first unknown only asks"
    );
    channel.push(message("e-2", "c-1", "就是那个啊"));
    channel
        .wait_until("transfer", |c| c.frames("transfer").len() == 1)
        .await;
    assert_eq!(channel.frames("transfer")[0]["reason"], "unknown");
    bot.stop().await;
}

#[tokio::test]
async fn a_human_agent_silences_the_bot_in_that_conversation_only() {
    let channel = TestChannel::start().await;
    let data = tempfile::tempdir().unwrap();
    let bot = start_bot(&channel.url(), data.path());
    channel.push(agent_message("e-1", "c-1", "亲,L码有货的哦"));
    channel.push(message("e-2", "c-1", "包邮吗"));
    channel.push(message("e-3", "c-2", "包邮吗"));
    channel
        .wait_until("c-2 answered", |c| {
            c.all_acked() && c.posted("c-2").len() == 1
        })
        .await;
    assert!(channel.posted("c-1").is_empty(), "the agent has c-1");
    bot.stop().await;
}

#[tokio::test]
async fn a_sold_out_size_names_the_sizes_next_to_it_then_a_similar_item() {
    let channel = TestChannel::start().await;
    let data = tempfile::tempdir().unwrap();
    let bot = start_bot(&channel.url(), data.path());
    let scripts = shipped_scripts();
    // Find a sold-out size with an in-stock alternative in the shipped catalogue.
    let (item, size, alternative) = scripts
        .catalog
        .items
        .iter()
        .find_map(|item| {
            item.sizes.iter().find_map(|size| {
                (item.stock_of(size) == 0)
                    .then(|| scripts.catalog.similar_in_stock(item, Some(size)))
                    .flatten()
                    .map(|alt| (item.id.clone(), size.clone(), alt.name.clone()))
            })
        })
        .expect("the shipped catalogue has a sold-out size with an alternative");
    let next_to = scripts.catalog.item(&item).unwrap().in_stock_next_to(&size);
    assert!(
        !next_to.is_empty(),
        "{item} {size} has a size next to it in stock"
    );
    // First the item's own sizes next to it: the buyer is most likely
    // between two sizes, and stays on the item.
    channel.push(message_on("e-1", "c-1", &format!("{size}码有货吗"), &item));
    channel
        .wait_until("answered", |c| c.posted("c-1").len() == 1)
        .await;
    let reply = last_text(&channel, "c-1");
    assert!(
        next_to.iter().all(|s| reply.contains(s)),
        "{next_to:?} named in {reply:?}"
    );
    // Asked again, the similar item that has the size.
    channel.push(message_on("e-2", "c-1", &format!("还有{size}码吗"), &item));
    channel
        .wait_until("answered again", |c| c.posted("c-1").len() == 2)
        .await;
    let reply = last_text(&channel, "c-1");
    assert!(
        reply.contains(&alternative),
        "{alternative} suggested in {reply:?}"
    );
    bot.stop().await;
}

#[tokio::test]
async fn a_change_to_a_paid_order_is_remarked_on_the_order_and_handed_over() {
    let channel = TestChannel::start().await;
    let data = tempfile::tempdir().unwrap();
    let bot = start_bot(&channel.url(), data.path());
    channel.push(order("e-1", "c-1", "o-9", "created", "p-1001", "黑色 M"));
    channel.push(order("e-2", "c-1", "o-9", "paid", "p-1001", "黑色 M"));
    channel
        .wait_until("payment answered", |c| c.posted("c-1").len() == 2)
        .await;
    channel.push(message(
        "e-3",
        "c-1",
        "电话写错了,应该是13912345678,麻烦改一下",
    ));
    channel
        .wait_until("remark, transfer and the line", |c| {
            !c.frames("remark").is_empty()
                && !c.frames("transfer").is_empty()
                && c.posted("c-1").len() == 3
                && c.all_acked()
        })
        .await;
    let remark = &channel.frames("remark")[0];
    assert_eq!(remark["shop"], "shop-1");
    assert_eq!(remark["order"], "o-9");
    assert_eq!(remark["flag"], "red");
    let text = remark["text"].as_str().unwrap();
    assert!(text.contains("电话写错了"), "{text}");
    assert!(!text.contains("13912345678"), "masked: {text}");
    assert_eq!(channel.frames("transfer")[0]["reason"], "order_change");
    // Later messages are the person's to answer.
    channel.push(message("e-4", "c-1", "在吗"));
    channel.wait_until("acked", |c| c.acked("e-4")).await;
    bot.stop().await;
    assert_eq!(channel.posted("c-1").len(), 3);

    let store = open_store(data.path());
    let items = store.handover_items(false).unwrap();
    assert_eq!(items.len(), 1);
    assert_eq!(items[0].reason, "order_change");
    assert_eq!(items[0].order.as_deref(), Some("o-9"));
}

#[tokio::test]
async fn what_a_buyer_wants_is_recommended_and_remembered_across_a_restart() {
    let channel = TestChannel::start().await;
    let data = tempfile::tempdir().unwrap();
    let scripts = shipped_scripts();
    let name = |id: &str| scripts.catalog.item(id).unwrap().name.clone();
    let (short_coat, long_coat) = (name("p-1003"), name("p-1004"));

    let bot = start_bot(&channel.url(), data.path());
    channel.push(message("e-1", "c-1", "我想买件外套"));
    channel
        .wait_until("the coats", |c| c.posted("c-1").len() == 1)
        .await;
    let reply = last_text(&channel, "c-1");
    assert!(
        reply.contains(&short_coat) && reply.contains(&long_coat),
        "both coats: {reply}"
    );
    channel.push(message("e-2", "c-1", "预算500以内"));
    channel
        .wait_until("the coat in budget", |c| c.posted("c-1").len() == 2)
        .await;
    let reply = last_text(&channel, "c-1");
    assert!(
        reply.contains(&short_coat) && !reply.contains(&long_coat),
        "only the 499 coat: {reply}"
    );
    bot.stop().await;

    // The wish is in the stored session: after a restart, "others" knows
    // what was asked and what was named.
    let bot = start_bot(&channel.url(), data.path());
    channel.push(message("e-3", "c-1", "还有其他的吗"));
    channel
        .wait_until("the answer after the restart", |c| {
            c.posted("c-1").len() == 3
        })
        .await;
    let reply = last_text(&channel, "c-1");
    assert!(
        reply.contains("500元以内") && reply.contains(&short_coat) && !reply.contains(&long_coat),
        "those were all, in the budget: {reply}"
    );
    bot.stop().await;
}
