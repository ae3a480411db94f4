//! Protocol tests for the local channel, driven by a fake bot (and a fake
//! buyer page) over real websockets on loopback.

use std::time::Duration;

use futures_util::{SinkExt, StreamExt};
use serde_json::{json, Value};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;
use tokio_tungstenite::tungstenite::client::IntoClientRequest;
use tokio_tungstenite::tungstenite::{Error as WsError, Message};
use tokio_tungstenite::{connect_async, MaybeTlsStream, WebSocketStream};

use super::{LocalChannel, LocalChannelConfig};
use crate::channel::protocol::OrderStatus;

type Ws = WebSocketStream<MaybeTlsStream<TcpStream>>;

/// Safety net so a broken channel fails the test instead of hanging it.
const PATIENCE: Duration = Duration::from_secs(10);

async fn channel(token: Option<&str>) -> LocalChannel {
    LocalChannel::start(LocalChannelConfig {
        token: token.map(str::to_string),
        ..LocalChannelConfig::default()
    })
    .await
    .expect("local channel starts on loopback")
}

async fn connect(ch: &LocalChannel, token: Option<&str>) -> Result<Ws, WsError> {
    let mut request = ch.bot_url().into_client_request()?;
    if let Some(token) = token {
        request
            .headers_mut()
            .insert("Authorization", format!("Bearer {token}").parse().unwrap());
    }
    connect_async(request).await.map(|(ws, _)| ws)
}

/// The next JSON text frame; pings and pongs are skipped.
async fn next_json(ws: &mut Ws) -> Value {
    loop {
        let message = tokio::time::timeout(PATIENCE, ws.next())
            .await
            .expect("a frame arrives in time")
            .expect("the connection stays open")
            .expect("the frame is readable");
        match message {
            Message::Text(text) => return serde_json::from_str(&text).expect("frame is JSON"),
            Message::Ping(_) | Message::Pong(_) => continue,
            other => panic!("unexpected frame {other:?}"),
        }
    }
}

/// Connects and consumes the hello, checking it.
async fn bot(ch: &LocalChannel) -> Ws {
    let mut ws = connect(ch, None).await.expect("bot connects");
    let hello = next_json(&mut ws).await;
    assert_eq!(hello["type"], "hello", "{hello}");
    ws
}

async fn send(ws: &mut Ws, frame: Value) {
    ws.send(Message::Text(frame.to_string().into()))
        .await
        .expect("frame is sent");
}

/// Sends a reply and waits for its result: also a barrier proving that every
/// frame sent before it on this connection has been processed.
async fn reply(ws: &mut Ws, reference: &str, conversation: &str, text: &str) -> Value {
    send(
        ws,
        json!({"type":"send","ref":reference,"shop":"shop-1","conversation":conversation,"text":text}),
    )
    .await;
    let result = next_json(ws).await;
    assert_eq!(result["type"], "send_result", "{result}");
    assert_eq!(result["ref"], reference, "{result}");
    result
}

fn ids(events: &[Value]) -> Vec<&str> {
    events
        .iter()
        .map(|e| e["id"].as_str().unwrap_or(""))
        .collect()
}

#[tokio::test]
async fn hello_comes_first_then_injected_events() {
    let ch = channel(None).await;
    let before = ch.buyer_says("c-1", "tb_lily88", "在吗", Some("p-1001"));
    let mut ws = connect(&ch, None).await.unwrap();
    let hello = next_json(&mut ws).await;
    assert_eq!(
        hello,
        json!({"type":"hello","protocol":1,"channel":"kefu-local","shops":["shop-1"]})
    );
    let first = next_json(&mut ws).await;
    assert_eq!(first["id"], before.as_str());
    assert_eq!(first["type"], "message");
    assert_eq!(first["text"], "在吗");
    assert_eq!(first["item"], "p-1001");
    assert_eq!(first["shop"], "shop-1");

    // Live delivery of an event injected while connected.
    let live = ch.order_event("c-1", "tb_lily88", "o-9", OrderStatus::Paid, Some("59.00"));
    let event = next_json(&mut ws).await;
    assert_eq!(event["id"], live.as_str());
    assert_eq!(event["type"], "order");
    assert_eq!(event["status"], "paid");
    assert_eq!(event["amount"], "59.00");
    ch.shutdown().await;
}

#[tokio::test]
async fn unacked_events_are_redelivered_in_order_and_acked_ones_are_not() {
    let ch = channel(None).await;
    let e1 = ch.buyer_says("c-1", "b", "一", None);
    let e2 = ch.buyer_says("c-2", "b2", "二", None);
    let e3 = ch.buyer_says("c-1", "b", "三", None);
    let e4 = ch.agent_says("c-1", "kf-03", "四");

    let mut first = bot(&ch).await;
    let mut got = Vec::new();
    for _ in 0..4 {
        got.push(next_json(&mut first).await);
    }
    assert_eq!(ids(&got), [&e1, &e2, &e3, &e4]);
    send(&mut first, json!({"type":"ack","ids":[e1, e3]})).await;
    reply(&mut first, "r-barrier", "c-1", "好的").await;
    drop(first);

    let mut second = bot(&ch).await;
    let again = [next_json(&mut second).await, next_json(&mut second).await];
    assert_eq!(ids(&again), [&e2, &e4]);
    // Nothing else was pending: the next frame is the live one.
    let e5 = ch.buyer_says("c-1", "b", "五", None);
    assert_eq!(next_json(&mut second).await["id"], e5.as_str());
    assert_eq!(ch.unacked(), [e2, e4, e5]);
    ch.shutdown().await;
}

#[tokio::test]
async fn a_duplicate_send_ref_is_posted_once_but_answered_twice() {
    let ch = channel(None).await;
    ch.buyer_says("c-7", "tb_a", "有L码吗", Some("p-1001"));
    let mut ws = bot(&ch).await;
    next_json(&mut ws).await; // the message
    let first = reply(&mut ws, "r-c-7-1", "c-7", "亲,L码有现货的哦").await;
    let second = reply(&mut ws, "r-c-7-1", "c-7", "亲,L码有现货的哦").await;
    assert_eq!(first["ok"], true);
    assert_eq!(second["ok"], true);
    let bot_lines: Vec<_> = ch
        .transcript("c-7")
        .into_iter()
        .filter(|(who, _)| who == "bot")
        .collect();
    assert_eq!(
        bot_lines,
        [("bot".to_string(), "亲,L码有现货的哦".to_string())]
    );

    // A reply to a conversation the channel never saw is refused, with a reason.
    let refused = reply(&mut ws, "r-x-1", "c-nowhere", "hi").await;
    assert_eq!(refused["ok"], false);
    assert!(
        refused["error"].as_str().unwrap().contains("c-nowhere"),
        "{refused}"
    );
    ch.shutdown().await;
}

#[tokio::test]
async fn a_wrong_or_missing_token_gets_401() {
    let ch = channel(Some("s3cret")).await;
    for token in [None, Some("guess")] {
        match connect(&ch, token).await {
            Err(WsError::Http(response)) => assert_eq!(response.status(), 401),
            Err(other) => panic!("expected HTTP 401, got {other}"),
            Ok(_) => panic!("connected with token {token:?}"),
        }
    }
    let mut ws = connect(&ch, Some("s3cret"))
        .await
        .expect("right token connects");
    assert_eq!(next_json(&mut ws).await["type"], "hello");
    ch.shutdown().await;
}

#[tokio::test]
async fn bad_frames_are_skipped_without_dropping_the_connection() {
    let ch = channel(None).await;
    ch.buyer_says("c-3", "tb_b", "你好", None);
    let mut ws = bot(&ch).await;
    next_json(&mut ws).await;
    for junk in [
        "not json",
        "[1,2,3]",
        r#"{"no":"type"}"#,
        r#"{"type":"send","ref":"r-1"}"#,
        r#"{"type":"ack","ids":"e-1"}"#,
        r#"{"type":"typing","conversation":"c-3"}"#,
    ] {
        ws.send(Message::Text(junk.into())).await.unwrap();
    }
    ws.send(Message::Binary(vec![1, 2, 3].into()))
        .await
        .unwrap();
    let huge = json!({"type":"send","ref":"r-huge","shop":"shop-1","conversation":"c-3",
        "text":"长".repeat(30_000)});
    send(&mut ws, huge).await;
    let ok = reply(&mut ws, "r-after-junk", "c-3", "在的亲").await;
    assert_eq!(ok["ok"], true);
    // The oversized send was skipped, not posted.
    let texts: Vec<_> = ch.transcript("c-3").into_iter().map(|(_, t)| t).collect();
    assert_eq!(texts, ["你好", "在的亲"]);
    ch.shutdown().await;
}

#[tokio::test]
async fn transfer_and_remark_show_as_system_lines() {
    let ch = channel(None).await;
    ch.buyer_says("c-5", "tb_c", "我要投诉", None);
    ch.order_event("c-5", "tb_c", "o-77", OrderStatus::Created, Some("129.00"));
    let mut ws = bot(&ch).await;
    next_json(&mut ws).await; // the message
    next_json(&mut ws).await; // the order
    send(
        &mut ws,
        json!({"type":"transfer","shop":"shop-1","conversation":"c-5","reason":"complaint"}),
    )
    .await;
    send(
        &mut ws,
        json!({"type":"remark","shop":"shop-1","order":"o-77","text":"买家要求顺丰","flag":"red"}),
    )
    .await;
    reply(&mut ws, "r-c-5-1", "c-5", "已为您转接人工").await;
    let transcript = ch.transcript("c-5");
    let system: Vec<_> = transcript
        .iter()
        .filter(|(w, _)| w == "system")
        .map(|(_, t)| t.as_str())
        .collect();
    assert_eq!(system.len(), 3, "{transcript:?}");
    assert!(
        system[0].contains("o-77") && system[0].contains("129.00"),
        "{system:?}"
    );
    assert_eq!(system[1], "已转人工: 投诉");
    assert!(
        system[2].contains("o-77")
            && system[2].contains("买家要求顺丰")
            && system[2].contains("红旗")
    );
    ch.shutdown().await;
}

#[tokio::test]
async fn a_new_bot_connection_replaces_the_old_one() {
    let ch = channel(None).await;
    let mut old = bot(&ch).await;
    let mut new = bot(&ch).await;
    // The old connection is closed by the channel.
    let ended = tokio::time::timeout(PATIENCE, async {
        loop {
            match old.next().await {
                None | Some(Err(_)) | Some(Ok(Message::Close(_))) => return,
                Some(Ok(_)) => continue,
            }
        }
    })
    .await;
    assert!(ended.is_ok(), "the replaced connection was not closed");
    let id = ch.buyer_says("c-1", "b", "hi", None);
    assert_eq!(next_json(&mut new).await["id"], id.as_str());
    assert!(ch.bot_connected());
    ch.shutdown().await;
}

#[tokio::test]
async fn the_buyer_page_feed_reaches_the_bot_and_back() {
    let ch = channel(None).await;
    let mut bot_ws = bot(&ch).await;
    let page_url = format!(
        "ws://{}/buyer/ws?conversation=c-page1&buyer=tb_page",
        ch.addr()
    );
    let (mut page, _) = connect_async(page_url).await.expect("page connects");
    assert_eq!(
        next_json(&mut page).await,
        json!({"kind":"bot","connected":true})
    );

    send(
        &mut page,
        json!({"kind":"message","buyer":"tb_page","text":"多久发货","item":"p-1003"}),
    )
    .await;
    let event = next_json(&mut bot_ws).await;
    assert_eq!(event["type"], "message");
    assert_eq!(event["conversation"], "c-page1");
    assert_eq!(event["buyer"], "tb_page");
    assert_eq!(event["item"], "p-1003");
    let echoed = next_json(&mut page).await;
    assert_eq!(
        (echoed["kind"].as_str(), echoed["who"].as_str()),
        (Some("line"), Some("buyer"))
    );

    reply(&mut bot_ws, "r-p-1", "c-page1", "亲,48小时内发货哦").await;
    let line = next_json(&mut page).await;
    assert_eq!(line["who"], "bot");
    assert_eq!(line["text"], "亲,48小时内发货哦");

    // Paying before ordering is refused on the page only; ordering then paying emits events.
    send(
        &mut page,
        json!({"kind":"order","buyer":"tb_page","action":"pay"}),
    )
    .await;
    assert_eq!(next_json(&mut page).await["kind"], "notice");
    send(
        &mut page,
        json!({"kind":"order","buyer":"tb_page","action":"create","amount":"99","item":"p-1003"}),
    )
    .await;
    let created = next_json(&mut bot_ws).await;
    assert_eq!(
        (created["status"].as_str(), created["amount"].as_str()),
        (Some("created"), Some("99.00"))
    );
    assert_eq!(created["items"][0]["item"], "p-1003");
    send(
        &mut page,
        json!({"kind":"order","buyer":"tb_page","action":"pay"}),
    )
    .await;
    let paid = next_json(&mut bot_ws).await;
    assert_eq!(paid["status"], "paid");
    assert_eq!(paid["order"], created["order"]);
    ch.shutdown().await;
}

#[tokio::test]
async fn the_page_is_served_with_the_shop_name() {
    let ch = LocalChannel::start(LocalChannelConfig {
        shop: "小林的店".into(),
        ..LocalChannelConfig::default()
    })
    .await
    .unwrap();
    let mut tcp = TcpStream::connect(ch.addr()).await.unwrap();
    tcp.write_all(b"GET / HTTP/1.1\r\nHost: local\r\nConnection: close\r\n\r\n")
        .await
        .unwrap();
    let mut body = Vec::new();
    tokio::time::timeout(PATIENCE, tcp.read_to_end(&mut body))
        .await
        .expect("page arrives in time")
        .unwrap();
    let body = String::from_utf8_lossy(&body);
    assert!(body.starts_with("HTTP/1.1 200"), "{body}");
    assert!(body.contains("小林的店") && body.contains("拍下订单") && body.contains("/chat.js"));
    ch.shutdown().await;
}
