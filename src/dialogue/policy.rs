//! The reply policy: one event and the stored session in, one decision out.
//!
//! Buyer messages are classified, their facts go into the slots, and the
//! ranked intents are answered together in one message (buyers often ask
//! two things at once: "在吗,有L码吗"). Price objections get the shop's
//! coupon once, never a lower price. Complaints, requests for a person, two
//! messages in a row the bot does not understand, returns and refunds after an
//! order and logistics questions (they need the order looked up) go to the
//! human queue; outside business hours the buyer is told when people are back.
//! Order events (see `orders`) move the pre-sale flow (拍下 → 付款 → 发货) and
//! get their own replies. An agent's message silences the bot for a while so
//! the two never talk over each other. Whatever is decided goes out through
//! `speaking.rs`: no text twice in a row, no more than the configured number
//! of bot messages a minute (`[night]`, carried in `Scripts::night`).
//!
//! Everything here is pure: the time is `ctx.now`, variant rotation lives in
//! the session, so the same inputs always give the same decision.

use super::apart;
use super::asides;
use super::availability::{self, Asked};
use super::choose::{faq_source, is_variant_of, Part};
use super::compare;
use super::compose::{self, compose};
use super::destination;
use super::done;
use super::faq::{faq_for, faqs_asked, item_answering, put_first, said_last, shop_answers_instead};
use super::follow_up;
use super::gifts;
use super::invoice;
use super::listed;
use super::manners;
use super::mind;
use super::naming;
use super::notes::write_note;
use super::orders::{self, asks_change_first, change_order, gives_delivery_details, on_order};
use super::picks;
use super::quote;
use super::received;
use super::recommend;
use super::sizes;
use super::slots;
use super::speaking::{defer_timer, may_speak, say, say_key, PART_SEPARATOR};
use super::unanswered::{has_words, not_understood};
use super::variants;
use super::vars::Vars;
use super::waiting::{give_back_if_quiet, hand_over, person_answered, while_waiting};
use super::which_intents::{self, answered_intents};
use super::{Action, Context, Decision, Session, Slots, Speaker};
use crate::channel::protocol::{AgentMessage, BuyerMessage, Event, OrderStatus};
use crate::nlu::Classification;
use crate::script::{Location, Scripts, Stage};

/// Price objections: they share one answer per message and the one-time offer.
pub(super) const OBJECTIONS: &[&str] = &["bargain", "too_expensive", "cheaper_elsewhere"];

/// Intents that go straight to a person, checked in this order; the name is
/// also the transfer reason.
pub(crate) const TO_HUMAN: &[&str] = &["complaint", "human"];

/// After-sale matters the bot must not settle alone: a return or refund
/// (a dispute more often than not, and money is involved) and logistics
/// problems, which need the order looked up. Checked after [`TO_HUMAN`];
/// the name is the transfer reason. A return question before any order,
/// asked from a product page, is a pre-sale policy question and answered.
pub(crate) const AFTER_SALE: &[&str] = &["return_refund", "logistics"];

/// The transfer reason of goods received wrong, short or damaged.
pub(super) const RECEIVED_PROBLEM: &str = "received_problem";

/// Intents that are manners rather than questions: they do not move the flow.
pub(super) const SOCIAL: &[&str] = &["greeting", "thanks_bye"];

/// Decides on `event` given the stored `session` (`None` for a new
/// conversation), which is copied: for callers that keep theirs, such as the
/// console chat. The runtime hands its copy over with [`decide_owned`].
pub fn decide(
    session: Option<&Session>,
    event: &Event,
    scripts: &Scripts,
    ctx: &Context,
) -> Decision {
    decide_owned(session.cloned(), event, scripts, ctx)
}

/// [`decide`] on a session the caller gives up: the decided session is that
/// very one, changed, so nothing is copied (a copy of the 20-turn history per
/// event was a measurable share of the bot's time under load).
pub fn decide_owned(
    session: Option<Session>,
    event: &Event,
    scripts: &Scripts,
    ctx: &Context,
) -> Decision {
    let session = match session {
        Some(s) => s,
        None => {
            let buyer = match event {
                Event::Message(m) => m.buyer.as_str(),
                Event::Order(o) => o.buyer.as_str(),
                // An agent's message does not name the buyer.
                Event::AgentMessage(_) => "",
            };
            Session::new(event.shop(), event.conversation(), buyer, ctx.now)
        }
    };
    let had_deferred = !session.deferred.is_empty();
    let mut decision = match event {
        Event::Message(m) => on_message(session, m, scripts, ctx),
        Event::Order(o) => on_order(session, o, scripts, ctx),
        Event::AgentMessage(a) => on_agent(session, a, ctx),
    };
    if !had_deferred {
        decision
            .timers
            .extend(defer_timer(&decision.session, scripts, ctx.now));
    }
    decision
}

fn on_agent(mut session: Session, msg: &AgentMessage, ctx: &Context) -> Decision {
    session.push_turn(Speaker::Agent, &msg.text, ctx.now);
    session.updated_at = ctx.now;
    session.silenced_until = Some(ctx.now.saturating_add(ctx.agent_silence_secs.max(0)));
    person_answered(&mut session);
    // A person took over the thread: earlier misunderstandings are theirs now.
    session.unknown_streak = 0;
    Decision {
        session,
        actions: Vec::new(),
        understood: None,
        timers: Vec::new(),
    }
}

fn on_message(
    mut session: Session,
    msg: &BuyerMessage,
    scripts: &Scripts,
    ctx: &Context,
) -> Decision {
    if session.buyer.is_empty() {
        session.buyer = msg.buyer.clone();
    }
    // Measured from the last line before this one.
    give_back_if_quiet(&mut session, scripts, ctx.now);
    session.push_turn(Speaker::Buyer, &msg.text, ctx.now);
    session.buyer_messages += 1;
    session.updated_at = ctx.now;

    let understood = scripts.classifier.classify(&msg.text);
    let slots_before = session.slots.clone();
    slots::fill(&mut session, msg, &understood, scripts);

    let mut actions = Vec::new();
    if may_speak(&session, ctx.now) {
        respond(
            &mut session,
            &mut actions,
            &msg.text,
            &understood,
            &slots_before,
            scripts,
            ctx,
        );
    } else {
        // Waiting for a person: a reminder, or at night the catalogue's facts.
        let answer = |s: &mut Session, a: &mut Vec<Action>| {
            respond(s, a, &msg.text, &understood, &slots_before, scripts, ctx)
        };
        while_waiting(
            &mut session,
            &mut actions,
            &understood,
            scripts,
            ctx.now,
            answer,
        );
    }
    Decision {
        session,
        actions,
        understood: Some(understood),
        timers: Vec::new(),
    }
}

/// Answers a buyer message, `typed` as the buyer typed it and `c` as it
/// was understood; `slots_before`: the slots before it was read, to tell a
/// follow-up (see `follow_up`).
fn respond(
    session: &mut Session,
    actions: &mut Vec<Action>,
    typed: &str,
    c: &Classification,
    slots_before: &Slots,
    scripts: &Scripts,
    ctx: &Context,
) {
    let now = ctx.now;
    // A numbered list (`1.会起球吗 2.掉色吗 …`) asks every one of its
    // questions: as many answers as it has items.
    let listed = listed::items(typed);
    let wide;
    let ctx = if listed.len() > ctx.max_intents_per_reply {
        wide = Context {
            max_intents_per_reply: listed.len().min(listed::MAX_LISTED),
            ..ctx.clone()
        };
        &wide
    } else {
        ctx
    };
    // `起球吗 我之前买的毛衣穿两次就起球了`: the questions are answered, the
    // story of another purchase is not a complaint about this one; nor is
    // `我靠 这颜色也太好看了吧` a complaint.
    let calm = asides::without_aside(session, typed, c, scripts);
    let c = calm.as_ref().unwrap_or(c);
    if let Some(reason) = TO_HUMAN.iter().find(|r| c.has(r)) {
        session.unknown_streak = 0;
        // `收到的卫衣有个洞 太失望了`: the goods' problem, whose line asks
        // for the photos the person will need, is what to hand over.
        let goods = (*reason == "complaint")
            .then(|| received::reported(session, c))
            .flatten();
        hand_over(session, actions, scripts, goods.unwrap_or(reason), now);
        return;
    }
    // `备注好了吗` right after the note was written.
    if done::confirm(session, actions, scripts, c, now) {
        return;
    }
    // Goods that arrived wrong, damaged or not suiting need a person (and,
    // for a problem, the buyer's photos): "七天无理由" is no answer to
    // "发错了", nor the size chart to "衣服小了".
    if let Some(reason) = received::reported(session, c) {
        session.unknown_streak = 0;
        hand_over(session, actions, scripts, reason, now);
        return;
    }
    // `拍错了…还没发货的话帮我换一下`, `不想要了 能取消吗 还没发货吧`: the
    // change is the request, "not shipped yet" its condition. Handed over
    // as logistics, the order went without the note that stops the
    // warehouse shipping it.
    if asks_change_first(c) && change_order(session, actions, scripts, c, now) {
        return;
    }
    // `我还没收到` beside a question, of an order not shipped yet.
    let not_come_aside = received::not_come_aside(session, c);
    if let Some(reason) = AFTER_SALE.iter().find(|r| c.has(r)) {
        // Before any order, a return question is a pre-sale one when it is
        // about the item in talk, or when the shop wrote its own answer for
        // these words (`退货运费谁出`, `支持七天无理由吗`): a buyer deciding
        // whether to buy, whom a person an hour later would lose.
        let shop_answers = || {
            let asked = faqs_asked(session, scripts, c);
            asked.first().is_some_and(|f| f.intent == *reason)
        };
        // Not when the buyer says they bought already (`我昨天刚买 今天就降了
        // 20`): their order is elsewhere, and a person looks it up.
        let presale_question = *reason == "return_refund"
            && session.orders.is_empty()
            && !crate::nlu::says_bought(&c.normalized)
            && (session.slots.item.is_some() || shop_answers());
        if !presale_question
            && !before_payment(session, scripts, reason)
            && !shop_answers_instead(session, scripts, c, reason)
            && !not_come_aside
        {
            session.unknown_streak = 0;
            if *reason == "return_refund" {
                orders::hold_for_refund(session, actions);
            }
            hand_over(session, actions, scripts, reason, now);
            return;
        }
    }
    if write_note(session, actions, scripts, c, now)
        || change_order(session, actions, scripts, c, now)
    {
        return;
    }
    let gave_invoice = invoice::take_details(session, actions, typed, c);
    let mut intents = answered_intents(c, ctx);
    // `91330106MA28ABCD1X` alone, after being asked for it.
    if gave_invoice && intents.is_empty() {
        intents.push(invoice::INTENT);
    }
    if not_come_aside {
        intents.retain(|i| *i != "logistics");
    }
    naming::drop_name_only(&mut intents, c, scripts);
    gifts::drop_freebie(&mut intents, c, scripts);
    apart::add_asked_apart(&mut intents, typed, c, scripts, ctx);
    // `燕麦色M`, `那就30吧` on the jeans: a size or colour picked, not 30
    // yuan offered; whether it is there answers it.
    // A hello with a stock question of its own (`在吗,卫衣M码有货吗`) is
    // still answered with one.
    // `一白一黑 都要L`: several picked at once, each answered.
    if picks::picked(session, scripts, c, &intents)
        || variants::picked_several(session, scripts, c, &intents)
    {
        let hello = intents.contains(&"greeting") && c.has("stock");
        intents = if hello {
            vec!["greeting", "stock"]
        } else {
            vec!["stock"]
        };
        intents.truncate(ctx.max_intents_per_reply.max(1));
    }
    picks::drop_size_offered(&mut intents, session, scripts, c);
    sizes::answer_step(&mut intents, session, scripts, c);
    sizes::which_size(&mut intents, session, scripts, c);
    session.slots.basket = quote::basket(session, scripts, c, slots_before);
    let quoted = quote::answer_first(&mut intents, session, scripts, c);
    // `有羽绒服吗`, `有老爹鞋吗`: whether the shop has what the buyer names.
    // `你们家有没有卫衣` also matches a stock keyword (`你们家有没有`), but
    // asks the same: a kind of several is still answered with its items.
    if intents.is_empty() || intents == ["stock"] {
        match availability::asked(session, scripts, c) {
            Some(Asked::Kind) if scripts.intent(recommend::INTENT).is_some() => {
                // The word named the kind, not the one item it is also an
                // alias of: no item is chosen yet.
                session.slots.item = slots_before.item.clone();
                intents = vec![recommend::INTENT];
            }
            Some(Asked::Item) if intents.is_empty() && scripts.intent("stock").is_some() => {
                intents.push("stock")
            }
            _ => {}
        }
    }
    // `170 120斤`, `之前拍的29有点紧`, `24.5` after "量一下脚长": no
    // keyword says so, but each is a size question (see `sizes::sized`).
    if intents.is_empty()
        && sizes::sized(session, scripts, c)
        && scripts.intent("size_advice").is_some()
    {
        intents.push("size_advice");
    }
    // An address or phone number alone, with no order a person must change
    // (see `change_order`): where the parcel should go, which is said by
    // filling in the order, as the pack's `order_change` answers.
    if intents.is_empty() && gives_delivery_details(c) && scripts.intent("order_change").is_some() {
        intents.push("order_change");
    }
    // `质量一样吗` right after a price comparison asks about the other
    // shop's item, which the comparison's answer speaks to.
    let compared = follow_up::compares_with_elsewhere(&session.topic, &intents, c)
        && scripts.intent("cheaper_elsewhere").is_some();
    // Two items side by side (`短款和中长款有什么区别`). `跟短款比哪个暖和`
    // on the long coat's page does not move the talk to the short one: the
    // long coat's answer speaks, and `多少钱` next is its price.
    let pair = compare::pair(session, scripts, c, slots_before.item.as_deref());
    if let Some(pair) = &pair {
        compare::keep_in_talk(session, pair, slots_before);
    }
    // Otherwise the shop's own answer to a question about this item
    // outranks any reading of the rules, a follow-up's included; but not
    // when it was just given and the buyer adds a measurement (`我155会不会
    // 太长` after the length answer asked for height and weight): the
    // measurement is the news, and the size advice uses it.
    let faq = faq_for(session, scripts, c)
        .filter(|faq| !(sizes::gives_measures(c) && said_last(session, faq)));
    // Whose entry it is, read before answering moves the slots it reads.
    let faq_item = (faq.as_deref()).and_then(|f| item_answering(session, scripts, f));
    // An answer asking for the height and weight the message gave drops
    // the request, and the chart's size follows it.
    let measured = faq
        .as_deref()
        .and_then(|f| sizes::without_asking_measures(f, session, scripts, c));
    let size_too = measured.is_some() && scripts.intent("size_advice").is_some();
    let faq = measured.map(std::borrow::Cow::Owned).or(faq);
    // Compared: not a recommendation of one (`哪个好`), nor a need
    // (`长款`), nor one item's answer, unless the shop's own answer names
    // the other (`比短款更保暖`): that compares them already, in better
    // words than the generic comparison.
    let shop_compares = pair
        .as_ref()
        .zip(faq.as_deref())
        .is_some_and(|(pair, faq)| {
            compare::faq_names_other(faq, pair, session.slots.item.as_deref(), scripts)
        });
    let comparing = pair.is_some() && !shop_compares && scripts.intent(compare::INTENT).is_some();
    session.slots.compared = pair.map(Vec::from).unwrap_or_default();
    let faq = faq.filter(|_| !comparing);
    if comparing {
        intents.retain(|i| ![compare::INTENT, recommend::INTENT].contains(i));
        intents.insert(0, compare::INTENT);
    }
    // What the buyer wants, in the catalogue's words (`要保暖的`, `有裤子吗`),
    // is answered with the items that fit, where the rules would ask which
    // item or not understand.
    let wish = recommend::read_for(&intents, c, scripts, session.item(&scripts.catalog))
        .filter(|_| !comparing);
    let recommends = wish
        .as_ref()
        .is_some_and(|w| recommend::takes_over(session, scripts, c, &intents, w, faq.is_some()));
    let faq = faq.filter(|_| !recommends);
    if recommends {
        // The item questions it brushed (`保暖` in `要保暖的`) are the wish.
        intents.retain(|i| !recommend::ABOUT_ITEMS.contains(i));
        if !intents.contains(&recommend::INTENT) {
            intents.push(recommend::INTENT);
        }
    }
    if let Some(wish) = wish.filter(|_| intents.contains(&recommend::INTENT)) {
        recommend::take(session, scripts, &wish);
    }
    if compared {
        intents = vec!["cheaper_elsewhere"];
    } else if let Some(faq) = &faq {
        put_first(&mut intents, faq, scripts, typed, ctx);
        if size_too && !intents.contains(&"size_advice") {
            intents.truncate(ctx.max_intents_per_reply.max(2) - 1);
            intents.push("size_advice");
        }
    }
    // `还是要中长款` on an unpaid order for the short coat; `算了不要了 太贵`.
    mind::reconsider(&mut intents, session, scripts, c);
    // Where the parcel goes (`寄到上海几天到`; `我在上海` after `几天能到`).
    destination::read(&mut intents, session, scripts, c);
    if intents.is_empty() && follow_up::asks_again(c, slots_before, &session.slots) {
        intents = follow_up::asked_again(&session.topic, c, scripts, slots_before, &session.slots);
    }
    // A picture or a voice message is not manners: it holds the question,
    // which the bot cannot see.
    let media = c.sent_media();
    // No words: manners (`[微笑]`), or puzzlement (`？`, `。。。`) or anger
    // (`😡`, `[流泪]`), which are asked about, never handed over (see
    // `manners`).
    let wordless = intents
        .is_empty()
        .then(|| manners::read(session, c))
        .flatten();
    let asked_about = [manners::PUZZLED_KEY, manners::UPSET_KEY];
    if let Some(key) = wordless.filter(|w| asked_about.contains(w)) {
        if scripts.replies.of(key).next().is_some() {
            let vars = Vars::for_session(session, scripts);
            say_key(session, actions, scripts, key, &vars, now);
            return;
        }
    }
    if let Some(manners) = wordless.filter(|w| !asked_about.contains(w)) {
        // After the shop's last word, thanks are quiet (below).
        intents.push(manners);
    }
    if intents.is_empty() {
        not_understood(session, actions, scripts, media, now);
        return;
    }
    let (streak_before, stage_before) = (session.unknown_streak, session.stage);
    session.unknown_streak = 0;
    session.stage = which_intents::next_stage(session.stage, &intents);
    let topic: Vec<String> = (intents.iter())
        .filter(|i| !SOCIAL.contains(i))
        .map(|i| i.to_string())
        .collect();
    let topic_before = (!topic.is_empty()).then(|| std::mem::replace(&mut session.topic, topic));

    if intents == ["thanks_bye"] && is_last_word(session, scripts) {
        // The shop already had the last word; answering every "谢谢" again
        // would never let the conversation end. Any other reply in between
        // changes `last_sent`, and the next thanks is answered again.
        return;
    }
    sizes::settle(&mut intents, session, scripts, slots_before, c);

    // Ranking chose what to answer; the buyer's order says it (an item's
    // own answer, a comparison, a recommendation and a price sum were put
    // first on purpose; in a numbered list, the list's order); manners
    // frame it: hello first, thanks last.
    let on_purpose = comparing || recommends || quoted;
    if !listed.is_empty() && !on_purpose {
        compose::in_order_of(&mut intents, &listed, scripts, faq.as_deref());
    } else if faq.is_none() && !on_purpose {
        compose::in_order_asked(&mut intents, c, typed, scripts);
    }
    intents.sort_by_key(|i| match *i {
        "greeting" => 0,
        "thanks_bye" => 2,
        _ => 1,
    });
    let combined = intents.len() > 1;
    let offered_before = session.coupon_offered;
    let max_parts = ctx.max_intents_per_reply;
    let mut parts = compose(
        session,
        scripts,
        c,
        &intents,
        faq.as_deref(),
        combined,
        max_parts,
    );
    let mut text = joined(&parts);
    if combined && session.last_sent.as_deref() == Some(text.as_str()) {
        // The same two questions again ("29码" then height and weight that
        // give 29 too): each part rotated within its set's short variants,
        // often only one, so the reply came out as the last one word for
        // word, and `say` would drop it: the buyer would hear nothing. The
        // full variants say it again in other words.
        session.coupon_offered = offered_before;
        parts = compose(
            session,
            scripts,
            c,
            &intents,
            faq.as_deref(),
            false,
            max_parts,
        );
        text = joined(&parts);
    }
    if parts.is_empty() {
        // Nothing asked has words here: an intent with no set for this
        // stage, or whose every variant needs an item not in talk. Silence
        // would leave the buyer waiting for nobody, so it is a message not
        // understood (`clarify`, and the second in a row to a person). A
        // reply left unsaid because it would repeat the last stays unsaid.
        if !has_words(session, scripts, c, &intents) {
            session.unknown_streak = streak_before;
            session.stage = stage_before;
            session.coupon_offered = offered_before;
            if let Some(topic) = topic_before {
                session.topic = topic;
            }
            not_understood(session, actions, scripts, media, now);
        }
        return;
    }
    let answered_by = (faq.as_deref()).and_then(|f| faq_source(f, faq_item, &parts, c));
    let (keys, from): (Vec<String>, Vec<Location>) =
        parts.into_iter().map(|p| (p.key, p.from)).unzip();
    let closing = keys.iter().any(|k| k == "closing");
    let recommended = keys
        .iter()
        .any(|k| recommend::is_pick(k))
        .then(|| text.clone());
    let before = actions.len();
    say(session, actions, scripts, text, keys, from, now);
    let said = actions.len() > before;
    if let (true, Some(source), Some(Action::Reply { faq, .. })) =
        (said, answered_by, actions.last_mut())
    {
        *faq = Some(source);
    }
    if let Some(said) = recommended {
        recommend::remember(session, scripts, c, &said);
    }
    if closing && actions.len() > before {
        // The closing line was said in answer to thanks: the one after
        // payment is then already done, the last word is said once.
        let paid: Vec<String> = session
            .orders
            .iter()
            .filter(|(id, o)| {
                matches!(o.status, OrderStatus::Paid | OrderStatus::Shipped)
                    && !session.closing_sent.contains(id)
            })
            .map(|(id, _)| id.clone())
            .collect();
        session.closing_sent.extend(paid);
    }
}

/// The parts as one message, a line each.
fn joined(parts: &[Part]) -> String {
    parts
        .iter()
        .map(|p| p.text.as_str())
        .collect::<Vec<_>>()
        .join(PART_SEPARATOR)
}

/// Whether an after-sale question comes before there is anything after the
/// sale: an order placed and not paid, none paid or shipped ("怎么还没发货"
/// before paying, "不要了能退吗"). There is no parcel to trace and no money
/// to refund, so a person is not needed, if the shop wrote what to say then:
/// a set of that intent bound to stage `ordered_unpaid`.
fn before_payment(session: &Session, scripts: &Scripts, intent: &str) -> bool {
    session.stage == Stage::OrderedUnpaid
        && !session
            .orders
            .values()
            .any(|o| matches!(o.status, OrderStatus::Paid | OrderStatus::Shipped))
        && (scripts.replies.of(intent)).any(|s| s.stages.contains(&Stage::OrderedUnpaid))
}

/// Whether the bot's last message was its closing or thanks reply.
pub(super) fn is_last_word(session: &Session, scripts: &Scripts) -> bool {
    let Some(last) = session.last_sent.as_deref() else {
        return false;
    };
    let vars = Vars::for_session(session, scripts);
    is_variant_of(
        last,
        scripts,
        &["closing", "thanks_bye"],
        session.stage,
        &vars,
    )
}
