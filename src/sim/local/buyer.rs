//! The buyer side of the local channel: the chat page and its websocket.
//!
//! The page (`src/sim/assets/`) is plain HTML/JS/CSS compiled into the binary,
//! so a newcomer needs no build step and no files next to the executable.
//! Each page load opens `/buyer/ws?conversation=c-…&buyer=…` and speaks a tiny
//! JSON dialect of its own (not the channel protocol):
//!
//! - page → server: `{"kind":"message","buyer":…,"text":…,"item":…}` and
//!   `{"kind":"order","buyer":…,"action":"create|pay|ship|close","amount":…,"item":…}`;
//! - server → page: [`Update`](super::Update) frames, a snapshot first.
//!
//! Everything the page sends is checked here, since the page is just a web
//! form: lengths are capped, ids must look like ids, amounts like money.

use axum::extract::ws::{Message, WebSocket, WebSocketUpgrade};
use axum::extract::{Query, State};
use axum::http::{header, StatusCode};
use axum::response::{Html, IntoResponse, Response};
use serde::Deserialize;

use super::hub::{OrderAction, Update};
use super::{AppState, Storefront};

const PAGE: &str = include_str!("../assets/index.html");
const SCRIPT: &str = include_str!("../assets/chat.js");
const STYLE: &str = include_str!("../assets/chat.css");

/// Longest buyer message accepted from the page, in characters. Keeps every
/// event comfortably under the protocol's 64 KiB frame limit.
const MAX_TEXT_CHARS: usize = 2000;
const MAX_NICK_CHARS: usize = 32;
const MAX_ID_CHARS: usize = 40;

/// The page with the shop's name and products filled in (HTML-escaped).
pub(super) fn render_page(shop: &str, storefront: &Storefront) -> String {
    let name = if storefront.name.is_empty() {
        shop
    } else {
        &storefront.name
    };
    let mut options = String::from("<option value=\"\">无</option>");
    if storefront.products.is_empty() {
        for n in 1001..=1010 {
            let selected = if n == 1001 { " selected" } else { "" };
            options.push_str(&format!(
                "\n        <option value=\"p-{n}\"{selected}>p-{n}</option>"
            ));
        }
    }
    for (i, p) in storefront.products.iter().enumerate() {
        let selected = if i == 0 { " selected" } else { "" };
        options.push_str(&format!(
            "\n        <option value=\"{}\" data-price=\"{}\"{selected}>{} ¥{}</option>",
            escape_html(&p.id),
            escape_html(&p.price),
            escape_html(&p.name),
            escape_html(&p.price),
        ));
    }
    let amount = storefront
        .products
        .first()
        .map_or("129.00", |p| p.price.as_str());
    PAGE.replace("{{SHOP}}", &escape_html(name))
        .replace("{{ITEMS}}", &options)
        .replace("{{AMOUNT}}", &escape_html(amount))
}

pub(super) async fn page(State(app): State<AppState>) -> Html<String> {
    Html(app.page.to_string())
}

pub(super) async fn script() -> impl IntoResponse {
    (
        [(header::CONTENT_TYPE, "text/javascript; charset=utf-8")],
        SCRIPT,
    )
}

pub(super) async fn style() -> impl IntoResponse {
    ([(header::CONTENT_TYPE, "text/css; charset=utf-8")], STYLE)
}

#[derive(Debug, Deserialize)]
pub(super) struct Join {
    conversation: String,
    #[serde(default)]
    buyer: String,
}

pub(super) async fn socket(
    State(app): State<AppState>,
    Query(join): Query<Join>,
    upgrade: WebSocketUpgrade,
) -> Response {
    if !is_id(&join.conversation, "c-") {
        return (
            StatusCode::BAD_REQUEST,
            format!(
                "kefu-local: conversation id must look like c-<letters or digits>, got {:?}\n",
                join.conversation
            ),
        )
            .into_response();
    }
    let buyer = clean_nick(&join.buyer);
    upgrade.on_upgrade(move |socket| session(app, socket, join.conversation, buyer))
}

#[derive(Debug, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
enum PageRequest {
    Message {
        #[serde(default)]
        buyer: String,
        text: String,
        #[serde(default)]
        item: Option<String>,
    },
    Order {
        #[serde(default)]
        buyer: String,
        action: PageOrderAction,
        #[serde(default)]
        amount: Option<String>,
        #[serde(default)]
        item: Option<String>,
    },
}

#[derive(Debug, Clone, Copy, Deserialize)]
#[serde(rename_all = "snake_case")]
enum PageOrderAction {
    Create,
    Pay,
    Ship,
    Close,
}

async fn session(app: AppState, mut socket: WebSocket, conversation: String, buyer: String) {
    let hub = app.hub.clone();
    let mut stopping = app.stopping.clone();
    let mut updates = hub.watch(&conversation, &buyer);
    tracing::debug!(%conversation, %buyer, "local channel: buyer page joined");
    loop {
        tokio::select! {
            update = updates.recv() => {
                let Some(update) = update else { break };
                if send(&mut socket, &update).await.is_err() {
                    break;
                }
            }
            incoming = socket.recv() => {
                let Some(Ok(message)) = incoming else { break };
                match message {
                    Message::Text(text) => {
                        if let Err(notice) = handle(&app, &conversation, text.as_str()) {
                            let notice = Update::Notice { text: notice };
                            if send(&mut socket, &notice).await.is_err() {
                                break;
                            }
                        }
                    }
                    Message::Close(_) => break,
                    _ => {}
                }
            }
            _ = super::stopped(&mut stopping) => break,
        }
    }
    tracing::debug!(%conversation, "local channel: buyer page left");
}

async fn send(socket: &mut WebSocket, update: &Update) -> Result<(), axum::Error> {
    let text = serde_json::to_string(update).unwrap_or_default();
    socket.send(Message::Text(text.into())).await
}

/// Turns one page request into an event. `Err` is a notice for the buyer.
fn handle(app: &AppState, conversation: &str, text: &str) -> Result<(), String> {
    let request: PageRequest = serde_json::from_str(text).map_err(|e| {
        tracing::warn!("local channel: bad frame from a buyer page: {e}");
        "页面发来的数据无法识别,请刷新页面".to_string()
    })?;
    match request {
        PageRequest::Message { buyer, text, item } => {
            if text.trim().is_empty() {
                return Err("消息不能为空".into());
            }
            if text.chars().count() > MAX_TEXT_CHARS {
                return Err(format!("消息太长了,最多 {MAX_TEXT_CHARS} 个字"));
            }
            let item = clean_item(item)?;
            let event =
                crate::channel::protocol::Event::Message(crate::channel::protocol::BuyerMessage {
                    id: String::new(),
                    shop: String::new(),
                    conversation: conversation.to_string(),
                    buyer: clean_nick(&buyer),
                    text,
                    sent_at: super::hub::timestamp(),
                    item,
                });
            app.hub.inject(event);
            Ok(())
        }
        PageRequest::Order {
            buyer,
            action,
            amount,
            item,
        } => {
            let action = match action {
                PageOrderAction::Create => OrderAction::Create,
                PageOrderAction::Pay => OrderAction::Pay,
                PageOrderAction::Ship => OrderAction::Ship,
                PageOrderAction::Close => OrderAction::Close,
            };
            let amount = match (action, amount) {
                (OrderAction::Create, Some(a)) => Some(clean_amount(&a)?),
                (OrderAction::Create, None) => return Err("请填写订单金额".into()),
                _ => None,
            };
            let item = clean_item(item)?;
            app.hub
                .order_action(conversation, &clean_nick(&buyer), action, amount, item)
                .map(|_| ())
        }
    }
}

/// A nick as the page typed it, trimmed and capped; a stand-in when empty.
fn clean_nick(nick: &str) -> String {
    let nick: String = nick.trim().chars().take(MAX_NICK_CHARS).collect();
    if nick.is_empty() {
        "tb_买家".to_string()
    } else {
        nick
    }
}

fn clean_item(item: Option<String>) -> Result<Option<String>, String> {
    match item.as_deref().map(str::trim) {
        None | Some("") => Ok(None),
        Some(id) if is_id(id, "") => Ok(Some(id.to_string())),
        Some(id) => Err(format!("商品编号 {id:?} 不对")),
    }
}

/// `prefix` followed by ASCII letters, digits, `-` or `_`, at most 40 chars.
fn is_id(id: &str, prefix: &str) -> bool {
    id.len() <= MAX_ID_CHARS
        && id.len() > prefix.len()
        && id.starts_with(prefix)
        && id
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
}

/// A positive amount of yuan with at most two decimals, normalised to `0.00`.
fn clean_amount(amount: &str) -> Result<String, String> {
    let amount = amount.trim().trim_start_matches(['¥', '￥']).trim();
    let bad = || format!("金额 {amount:?} 不对,请填写像 129.00 这样的数字");
    let (yuan, fen) = amount.split_once('.').unwrap_or((amount, ""));
    let digits = |s: &str| s.bytes().all(|b| b.is_ascii_digit());
    if yuan.is_empty() || yuan.len() > 7 || fen.len() > 2 || !digits(yuan) || !digits(fen) {
        return Err(bad());
    }
    let yuan: u64 = yuan.parse().map_err(|_| bad())?;
    let fen: u64 = format!("{fen:0<2}").parse().map_err(|_| bad())?;
    if yuan == 0 && fen == 0 {
        return Err("金额要大于 0".into());
    }
    Ok(format!("{yuan}.{fen:02}"))
}

fn escape_html(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
        .replace('\'', "&#39;")
}

#[cfg(test)]
mod checks {
    use super::*;

    #[test]
    fn amounts_are_normalised_or_refused() {
        assert_eq!(clean_amount("129").unwrap(), "129.00");
        assert_eq!(clean_amount(" ¥59.9 ").unwrap(), "59.90");
        assert_eq!(clean_amount("0.05").unwrap(), "0.05");
        for bad in ["", "0", "abc", "1.234", "-5", "1e3", "12345678", "."] {
            assert!(clean_amount(bad).is_err(), "{bad:?} should be refused");
        }
    }

    #[test]
    fn ids_and_nicks_are_checked() {
        assert!(is_id("c-ab12", "c-"));
        assert!(!is_id("c-", "c-"));
        assert!(!is_id("c-a b", "c-"));
        assert!(!is_id("x-ab", "c-"));
        assert_eq!(
            clean_item(Some("p-1001".into())).unwrap().as_deref(),
            Some("p-1001")
        );
        assert_eq!(clean_item(Some("".into())).unwrap(), None);
        assert!(clean_item(Some("<script>".into())).is_err());
        assert_eq!(clean_nick("  "), "tb_买家");
        assert_eq!(
            clean_nick(&"长".repeat(100)).chars().count(),
            MAX_NICK_CHARS
        );
    }

    #[test]
    fn the_shop_name_is_escaped_into_the_page() {
        let page = render_page("<b>&", &Storefront::default());
        assert!(page.contains("&lt;b&gt;&amp;"));
        assert!(!page.contains("{{"), "every placeholder filled");
        // No storefront: the ids the simulations use.
        assert!(page.contains(r#"<option value="p-1001" selected>p-1001</option>"#));
        assert!(page.contains(r#"<option value="p-1010">"#));
    }

    #[test]
    fn the_storefront_names_the_shop_and_its_products_with_prices() {
        let storefront = Storefront {
            name: "木棉衣橱<旗舰店>".into(),
            products: vec![
                super::super::Product {
                    id: "p-7".into(),
                    name: "卫衣\"加绒\"".into(),
                    price: "129.00".into(),
                },
                super::super::Product {
                    id: "p-8".into(),
                    name: "羽绒服".into(),
                    price: "399.00".into(),
                },
            ],
        };
        let page = render_page("shop-1", &storefront);
        assert!(
            page.contains("木棉衣橱&lt;旗舰店&gt;"),
            "the name, not the id"
        );
        assert!(!page.contains("shop-1"));
        assert!(page.contains(
            r#"<option value="p-7" data-price="129.00" selected>卫衣&quot;加绒&quot; ¥129.00</option>"#
        ));
        assert!(page.contains(r#"<option value="p-8" data-price="399.00">羽绒服 ¥399.00</option>"#));
        assert!(!page.contains("p-1001"));
        // The order amount starts at the first product's price.
        assert!(page.contains(r#"id="amount" value="129.00""#));
    }
}
