//! The names a pack's files may use besides their own: the intents of the
//! default taxonomy, the situations (reply keys the dialogue policy answers
//! with, beside the intents) and the variables a reply's text may hold.
//!
//! Loading checks every `[[reply]]` key and every `{variable}` against these
//! lists, so a misspelt name is an error at its line with a did-you-mean,
//! never a reply that silently never fires. Each entry says when the policy
//! uses it; `docs/scripts.md` says the same for supervisors.

/// The intents of the default taxonomy. A script pack may add its own; the
/// default pack covers exactly these.
pub const TAXONOMY: &[&str] = &[
    "greeting",
    "product_info",
    "size_advice",
    "stock",
    "recommend",
    "bargain",
    "promotion",
    "shipping",
    "hesitation",
    "too_expensive",
    "cheaper_elsewhere",
    "authenticity",
    "order_change",
    "payment",
    "invoice",
    "logistics",
    "return_refund",
    "complaint",
    "human",
    "thanks_bye",
];

/// Reply keys that are not intents: situations the dialogue policy answers.
/// Each is documented in `docs/scripts.md`.
pub const SITUATIONS: &[&str] = &[
    // first message the bot did not understand
    "clarify",
    // a message of punctuation or a puzzled emoticon alone (？, 。。。, [疑问]):
    // ask what is unclear; never counted as not understood, never handed over
    "puzzled",
    // an angry or crying emoticon or emoji alone (😡, 😭, [流泪]): ask what
    // happened; never thanks, never handed over
    "upset",
    // told to the buyer when the conversation goes to a person
    "handover",
    // what some pieces of the item come to after the shop's deals
    // (两件一共多少钱, 到手价多少); has {pieces}, {subtotal}, {total}, {deals};
    // falls back to `product_info`
    "price_total",
    // the same when no deal applies to them (3件一共多少 with no multi-buy
    // discount, no coupon reached); has {pieces}, {subtotal}; falls back to
    // `product_info`
    "price_sum",
    // either of the two when no coupon is reached yet: also says how much
    // more reaches the nearest one (再凑9元就能用…); has {short_of} and
    // {next_coupon} too; falls back to `price_total` or `price_sum`
    "price_short",
    // the buyer asks each of several items' own price (卫衣和牛仔裤分别多少
    // 钱): {prices} lists them (加绒连帽卫衣129元、高腰直筒牛仔裤159元);
    // falls back to `product_info`
    "price_items",
    // `price_total` when the buyer asks what one piece comes to of several
    // (买两件…算下来一件多少钱); has {each} too; falls back to `price_total`
    "price_each",
    // a price offered in a haggle (650呢, 两件能不能给个230) that the shop's
    // deals reach: {offer}, {pieces}, {total}, {deals}; falls back to
    // `bargain`
    "bargain_met",
    // the same, the deals coming nearest it but not there: says what they
    // take it to; falls back to `bargain`
    "bargain_deals",
    // the buyer agrees (嗯, 好的, ok) right after the shop told a size or
    // its stock, before ordering, with that size in stock: go ahead and
    // order it; has {size}; falls back to `thanks_bye`
    "ack_size",
    // a size computed from the size chart; has {size}
    "size_result",
    // the buyer's height, weight or waist is above everything the chart
    // covers: {size} is the largest size, which may be tight; falls back
    // to `size_result`
    "size_beyond",
    // the buyer is smaller than the chart's smallest size is made for (a
    // child: 140cm 70斤, or said to be one): {size} is the smallest size,
    // which will be too big; falls back to `size_result`
    "size_below",
    // the buyer wants room (大腿粗, 胯宽, 里面想穿厚毛衣, 喜欢宽松) and the
    // size above the chart's is in stock: {size} is that size,
    // {chart_size} the chart's; falls back to `size_result`
    "size_roomy",
    // the chart's size is sold out and the one above is in stock: {size}
    // is that one, {chart_size} the chart's; falls back to `size_result`
    "size_next_up",
    // the buyer asks about another size than the chart's by name (那L呢
    // 会不会太大 after M): {size} the one asked, larger than {chart_size};
    // falls back to `size_result`
    "size_asked_up",
    // the same, the size asked smaller than the chart's (S可以吗 after M)
    "size_asked_down",
    // the buyer said the size they wear (平时穿27), on an item with a size
    // chart; has {size}; falls back to `size_advice`
    "size_worn",
    // the buyer said the size they wear and their height and weight too
    // (平时穿28 现在120斤 165): {size} is the chart's, {worn_size} the one
    // worn, alike or not; falls back to `size_result`
    "size_worn_chart",
    // as `size_worn`, the size being one bought here before (我上次买过一件M
    // 的); falls back to `size_worn`
    "size_bought_before",
    // the buyer bought a size here before that did not fit (上次买的M码有点
    // 大): {size} the one next to it, {bought_size} the one bought; falls
    // back to `size_result`
    "size_after_misfit",
    // two or more people measured in one message (情侣款 男生180 150斤 女生160
    // 95斤): {each_size} names each one's size; falls back to `size_result`
    "size_each",
    // height and weight known, but no item to look up: which one?
    "size_need_item",
    // height and weight given right after a recommendation named two items
    // or more, none chosen: {picks_sizes} gives each one's chart size
    // (90白鸭绒短款羽绒服S码、中长款连帽羽绒服M码); has {height}, {weight};
    // falls back to `size_need_item`
    "size_for_picks",
    // the same after two pairs of shoes were recommended, by the foot
    // length given; has {picks_sizes}, {foot}
    "size_for_picks_foot",
    // the same when none of the pairs fits the foot (脚长21cm on shoes
    // from 36): {picks_sizes} says each one's end size and which way it is
    // off; falls back to `size_for_picks_foot`
    "size_picks_foot_none",
    // a size asked after two pairs of shoes were recommended, no foot
    // length given: ask for it; has {picks}
    "size_picks_need_foot",
    // the item has no chart but says how its sizes run; has {size_tip}
    "size_from_tip",
    // shoes with a foot_length table, for the foot length the buyer gave
    // (脚长24.5): {size} the size it fits, {foot} the length; falls back to
    // `size_from_tip`
    "size_from_foot",
    // shoes, a foot longer than the largest size fits (脚长28): {size} the
    // largest size, {foot_max} the foot it fits, {foot}; falls back to
    // `size_beyond`
    "size_foot_beyond",
    // shoes, a foot clearly shorter than the smallest size fits (脚长21cm
    // on shoes from 36, made for 23cm): {size} the smallest size,
    // {foot_min} the foot it is made for, {foot}; falls back to
    // `size_below`
    "size_foot_below",
    // shoes with a foot_length table, for a half size the buyer wears
    // (平时穿37.5): {half_size}, {size} the whole size for it; falls back
    // to `size_from_foot`
    "size_from_half",
    // shoes with a foot_length table, for a size of another country the
    // buyer gave (美码9, UK 7, 欧码39; a US size known as men's or
    // women's): {shoe_size} as said (男款美码9), {foot} the length it
    // stands for, {size}; falls back to `size_from_foot`
    "size_from_system",
    // the same, a US size not known as men's or women's: the size both
    // ways, {shoe_size}, {foot_men}, {size_men}, {foot_women},
    // {size_women}; falls back to `size_system_ask`
    "size_system_either",
    // a US size not known as men's or women's, after two pairs of shoes
    // were recommended (or without `size_system_either`): ask which; has
    // {shoe_size}; falls back to `size_picks_need_foot`
    "size_system_ask",
    // a size of another country after two pairs of shoes were recommended:
    // {picks_sizes}, {shoe_size}, {foot}; falls back to
    // `size_for_picks_foot`
    "size_for_picks_system",
    // the same when no pair fits the foot the size stands for; has
    // {shoe_size}, {foot}, {picks_sizes}; falls back to
    // `size_picks_foot_none`
    "size_picks_system_none",
    // the asked size of a known item is in stock
    "stock_yes",
    // the asked size is in stock with no more than the shop's `low_stock`
    // left; has {stock_left}; falls back to `stock_yes`
    "stock_low",
    // the asked size is sold out; has {similar}
    "stock_no",
    // the item is not made in the asked size (38 on a hoodie sold in S–XXL)
    "stock_no_such_size",
    // several of the item picked at once (一白一黑 都要L), all in stock;
    // has {variants_in}; falls back to `stock_yes`
    "stock_each",
    // the same, some in stock and some not; has {variants_in},
    // {variants_out}; falls back to `stock_no`
    "stock_each_part",
    // the same, none in stock; has {variants_out}; falls back to `stock_no`
    "stock_each_none",
    // the same, some in a colour the item does not come in (一白一黑 on a
    // hoodie without white) and the others in stock; has {unmade},
    // {variants_in}; falls back to `stock_no_such_color`
    "stock_each_unmade",
    // the same, none of the others in stock; has {unmade}, {variants_out};
    // falls back to `stock_no_such_color`
    "stock_each_unmade_none",
    // the buyer asks for a colour the item comes in, without a size in the
    // same message (有黑色的吗); has {color}; falls back to `stock`
    "stock_color",
    // the buyer asks for a colour by its hue (有白色吗, 有蓝色吗) and the item
    // comes only in shades of it (白灰色; 深蓝色 and 浅蓝色): has {color}, the
    // shades; falls back to `stock_color`
    "stock_color_near",
    // the buyer asks for a colour the item does not come in (有白色的吗 on
    // jeans in blue and black); has {colors}; falls back to `stock`
    "stock_no_such_color",
    // two items compared (短款和中长款有什么区别, 这两款哪个好): {item},
    // {price}, {selling_points} of one, {other}, {other_price},
    // {other_points} of the other; falls back to `product_info`
    "compare_items",
    // two items compared for a need (哪个更保暖, 哪个适合上班) only one of
    // them meets (the catalogue's good_for): {item}, {price},
    // {selling_points} of that one, {other}, {other_price}, {other_points}
    // of the other, {need} the needs it meets; falls back to `compare_items`
    "compare_pick",
    // two items compared for a need both meet: as `compare_pick`, {need}
    // the needs both meet; falls back to `compare_items`
    "compare_both",
    // a shipping question for a place in one of the shop's [[region]]s
    // (寄到上海几天到, 新疆包邮吗, 我在广州 right after 几天能到); has {place},
    // {place_delivery}, {place_shipping}; falls back to `shipping`
    "shipping_place",
    // order placed, not paid yet (拍下未付款)
    "order_created",
    // order paid: confirm item, size and address (核对信息)
    "order_paid",
    // an order paid after the buyer asked to change it while unpaid (换成燕麦色):
    // the change is noted on the order; says so; falls back to `order_paid`
    "order_paid_noted",
    // an order placed after the buyer asked for a note before it was seen
    // (我拍了 帮我备注一下别放价格单): the note is on it; says so; falls
    // back to `order_created`
    "order_created_noted",
    // an order above `[night] large_order_amount` is paid: thanks, and a
    // word that it is checked before it ships; falls back to `order_paid`
    "order_paid_large",
    // order shipped
    "order_shipped",
    // the buyer asked for a note on an order not yet shipped (帮我备注一下
    // 一双38一双39): it was written on the order for the warehouse; without
    // this set in the pack no note is written
    "note_written",
    // the same asked before any order was seen: the note is kept and
    // written on the next order placed or paid; without this set in the
    // pack the other rules answer
    "note_before_order",
    // the buyer asks whether it is done (好了吗, 备注好了吗) after a note was
    // written on an order not yet shipped; falls back to `note_written`
    "note_done",
    // the buyer with an unpaid order names another item and wants it
    // instead (还是要中长款, 我再考虑考虑 可能买卫裤): {item}, {price} of the
    // one wanted, {other} the one ordered; falls back to `order_change`
    "order_switch",
    // the buyer's invoice is complete (个人, or a company's 抬头 and 税号) and
    // was written on their latest order; has {invoice}; falls back to
    // `invoice`
    "invoice_noted",
    // the buyer asks whether it is done (好了吗) after the invoice was
    // written on an order not yet shipped; has {invoice}; falls back to
    // `invoice_noted`
    "invoice_done",
    // the same with no order yet: kept, and written on the next order
    "invoice_kept",
    // noted or kept as those two, but asked as a VAT special invoice (专
    // 票): has {invoice} and the shop's {invoices}; falls back to
    // `invoice_noted` or `invoice_kept`
    "invoice_special",
    // a company's 抬头 came without its 税号: ask for it; has {invoice}
    "invoice_need_tax_id",
    // a 税号 came without the 抬头: ask for it; has {invoice}
    "invoice_need_title",
    // the buyer asks for other goods on the invoice (开成办公用品): refused,
    // an invoice says what was sold
    "invoice_content",
    // the last word: thanks, invite to bookmark the shop (收藏店铺)
    "closing",
    // assist mode: the buyer's message still waits for an agent (after
    // assist.holding_after_secs); one short "在的,马上为您查看" line
    "holding",
    // an order still unpaid after [night] nudge_delay_secs: the payment
    // nudge (催付); quotes only facts the shop file gives
    "payment_nudge",
    // handing over outside business hours: says when a person follows up
    // ({follow_up}); falls back to `handover`
    "handover_later",
    // handing over goods received wrong, short or damaged (发错了, 破了个洞):
    // asks for photos of them; falls back to `handover`
    "handover_problem",
    // the same outside business hours, with {follow_up}; falls back to
    // `handover_later`
    "handover_problem_later",
    // handing over goods received that do not suit the buyer (衣服小了,
    // 颜色不喜欢): what a return or exchange takes; falls back to `handover`
    "handover_exchange",
    // the same outside business hours, with {follow_up}; falls back to
    // `handover_later`
    "handover_exchange_later",
    // handing over a parcel late, stuck or lost (logistics, after the
    // order shipped): sorry for the wait, a person checks with the
    // courier; falls back to `handover`
    "handover_logistics",
    // the same outside business hours, with {follow_up}; falls back to
    // `handover_later`
    "handover_logistics_later",
    // handing over a change to an order that was written on the order
    // (a new address after ordering, a size after paying): says it is
    // noted; a set with `when` naming the order_change words of an address
    // asks for the new one when the message did not give it; falls back to
    // `handover`
    "handover_change",
    // the same outside business hours, with {follow_up}; falls back to
    // `handover_later`
    "handover_change_later",
    // handing over a complaint outside business hours: the apology, and
    // when people are back ({follow_up}); falls back to `handover_later`
    "handover_complaint_later",
    // a picture, video or voice message ([图片], [语音]) the bot cannot see;
    // the second in a row goes to a person; falls back to `clarify`
    "media",
    // the buyer writes again while the conversation waits for a person
    // (at most once in [night] waiting_reminder_secs, never once a person
    // has written there); falls back to `handover`
    "handover_waiting",
    // the same outside business hours, with {follow_up}; falls back to
    // `handover_later`
    "handover_waiting_later",
    // outside business hours, the buyer's first message after the handover
    // (the photos or order number the handover line asked for), once, with
    // {follow_up}: it was received; falls back to `handover_waiting_later`
    "handover_received_later",
    // a question about the item or its size (product_info, size_advice
    // without height and weight) while no item is in talk: which one? falls
    // back to the intent
    "which_item",
    // one of the items just recommended chosen by name alone (那就短款吧):
    // {item}, {colors}; the chart's {size} for the measurements known,
    // with {height}, {weight}, {wearer}; falls back to `item_chosen`
    "item_chosen_sized",
    // the same with no size known: ask for height and weight; falls back
    // to `product_info`
    "item_chosen",
    // the buyer said what they want (a [[category]], needs from the items'
    // `good_for`, a budget) and items in stock fit: {picks} names one or
    // two with prices, {pick}, {pick_price}, {pick_points} the first;
    // {wish} says what was asked (500元以内、保暖的外套); falls back to
    // `recommend`
    "recommend_pick",
    // the same, and the buyer's height and weight (or waist) are known:
    // {pick_size} is the size the first pick's chart gives them, in stock,
    // {pick_sized} that pick (这款 when it is the only one, else its name);
    // has {height}, {weight}; falls back to `recommend_pick`
    "recommend_pick_sized",
    // the same, and that size is sold out: has {pick_size}, {pick_sized},
    // {sizes_next_to} (the sizes in stock beside it); falls back to
    // `recommend_pick`
    "recommend_pick_size_out",
    // the same as `recommend_pick`, for someone the buyer shops for (送妈妈
    // 什么好, 给男朋友买个礼物): the picks are items whose gift_for names
    // that [[recipient]]; {whom} is how the buyer called them (妈妈); when
    // the buyer's size is known the sized situations say it instead; falls
    // back to `recommend_pick`
    "recommend_pick_gift",
    // the same, asked on the page of an item whose gift_for does not name
    // them (送妈妈合适吗 on the jeans): has {item}, the item in talk; falls
    // back to `recommend_pick`
    "recommend_pick_gift_instead",
    // items of the kind fit, none within the budget: {pick} is the
    // cheapest; has {wish}, {budget}; falls back to `recommend`
    "recommend_over_budget",
    // the buyer asked for a [[category]] no item belongs to (有裙子吗):
    // has {category}, {assortment}; falls back to `recommend`
    "recommend_not_sold",
    // the buyer asked for others (还有其他的吗) and {picks} were all that
    // fit {wish}; falls back to `recommend`
    "recommend_no_more",
    // only a budget is known (300左右的): which kind of goods? has
    // {budget}, {assortment}; falls back to `recommend`
    "recommend_which_category",
    // the buyer asked for a cheaper one (有没有便宜点的) and nothing of the
    // item's kind is: has {item}, {category}; falls back to `recommend`
    "recommend_none_cheaper",
    // the item in talk has a `faq` answer for the buyer's question, or the
    // shop's `[[faq]]` has; has {faq}; falls back to the entry's intent
    "item_faq",
    // the same item question again right after its answer: the answer
    // stands; has {faq}; falls back to the entry's intent
    "item_faq_again",
];

/// Variables a reply template may use. Which ones have a value depends on the
/// conversation; a variant that needs a missing value is skipped.
pub const TEMPLATE_VARS: &[&str] = &[
    "buyer",
    "shop",
    "item",
    "price",
    "size",
    "color",
    "sizes",
    "colors",
    "selling_points",
    "similar",
    "similar_price",
    "sizes_next_to",
    "height",
    "weight",
    "waist",
    "foot",
    "each_size",
    "bought_size",
    "foot_max",
    "foot_min",
    "half_size",
    "shoe_size",
    "foot_men",
    "size_men",
    "foot_women",
    "size_women",
    "coupon",
    "gift",
    "packaging",
    "invoices",
    "promotion",
    "ship_cutoff",
    "free_shipping",
    "delivery_time",
    "size_tip",
    "worn_size",
    "size_up",
    "material",
    "couriers",
    "business_hours",
    "order",
    "amount",
    "coupon_expires",
    "stock_left",
    "follow_up",
    "faq",
    "ship_day",
    "order_ship_day",
    "pieces",
    "subtotal",
    "total",
    "deals",
    "short_of",
    "next_coupon",
    "each",
    "offer",
    "wish",
    "picks",
    "pick",
    "pick_price",
    "pick_points",
    "pick_size",
    "pick_sized",
    "category",
    "budget",
    "assortment",
    "whom",
    "picks_sizes",
    "variants_in",
    "variants_out",
    "unmade",
    "wearer",
    "place",
    "place_delivery",
    "place_shipping",
    "other",
    "other_price",
    "other_points",
    "need",
    "invoice",
    "chart_size",
    "prices",
];
