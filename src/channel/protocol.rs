//! The wire format of the channel protocol, version 1 (`docs/protocol.md`).
//!
//! Every frame is one JSON object in a websocket text frame with a string field
//! `"type"`. This module turns text into [`Inbound`] values and [`Outbound`]
//! values into text, and nothing else: no I/O, no state. Decoding is strict
//! about what the protocol requires (required fields, their types, the 64 KiB
//! limit) and lenient about what it allows to grow (unknown fields and unknown
//! `type`s are ignored), so a newer channel keeps working with this bot.

use serde::{Deserialize, Serialize};

/// The protocol version this bot speaks.
pub const PROTOCOL_VERSION: u64 = 1;

/// Frames larger than this are protocol errors and are skipped unread.
pub const MAX_FRAME_BYTES: usize = 64 * 1024;

/// A frame from the channel to the bot.
#[derive(Debug, Clone, PartialEq)]
pub enum Inbound {
    Hello(Hello),
    /// An event the bot must process once and acknowledge.
    Event(Event),
    SendResult(SendResult),
    /// A well-formed frame of a `type` this version does not know; ignored.
    Unknown {
        kind: String,
    },
}

#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct Hello {
    pub protocol: u64,
    #[serde(default)]
    pub channel: String,
    #[serde(default)]
    pub shops: Vec<String>,
}

/// An at-least-once event: every event carries an `id` the bot acks.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum Event {
    Message(BuyerMessage),
    Order(OrderEvent),
    AgentMessage(AgentMessage),
}

impl Event {
    pub fn id(&self) -> &str {
        match self {
            Event::Message(m) => &m.id,
            Event::Order(o) => &o.id,
            Event::AgentMessage(a) => &a.id,
        }
    }

    pub fn shop(&self) -> &str {
        match self {
            Event::Message(m) => &m.shop,
            Event::Order(o) => &o.shop,
            Event::AgentMessage(a) => &a.shop,
        }
    }

    pub fn conversation(&self) -> &str {
        match self {
            Event::Message(m) => &m.conversation,
            Event::Order(o) => &o.conversation,
            Event::AgentMessage(a) => &a.conversation,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct BuyerMessage {
    pub id: String,
    pub shop: String,
    pub conversation: String,
    pub buyer: String,
    /// May be empty, or hold only emoticon codes.
    pub text: String,
    pub sent_at: String,
    /// The product page the buyer wrote from, when the channel knows it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub item: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum OrderStatus {
    /// 拍下: ordered, not yet paid.
    Created,
    Paid,
    Shipped,
    /// Cancelled or timed out.
    Closed,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct OrderLine {
    pub item: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sku: Option<String>,
    #[serde(default = "one")]
    pub qty: u32,
}

fn one() -> u32 {
    1
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct OrderEvent {
    pub id: String,
    pub shop: String,
    pub conversation: String,
    pub buyer: String,
    pub order: String,
    pub status: OrderStatus,
    #[serde(default)]
    pub amount: Option<String>,
    #[serde(default)]
    pub items: Vec<OrderLine>,
    #[serde(default)]
    pub at: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AgentMessage {
    pub id: String,
    pub shop: String,
    pub conversation: String,
    pub agent: String,
    pub text: String,
    #[serde(default)]
    pub sent_at: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SendResult {
    #[serde(rename = "ref")]
    pub reference: String,
    pub ok: bool,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
}

/// A frame from the bot to the channel.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum Outbound {
    Send {
        #[serde(rename = "ref")]
        reference: String,
        shop: String,
        conversation: String,
        text: String,
    },
    Ack {
        ids: Vec<String>,
    },
    Transfer {
        shop: String,
        conversation: String,
        reason: String,
    },
    Remark {
        shop: String,
        order: String,
        text: String,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        flag: Option<String>,
    },
}

impl Outbound {
    pub fn to_json(&self) -> String {
        // Serialising these plain structs cannot fail.
        serde_json::to_string(self).expect("outbound frames always serialise")
    }
}

/// Why a text frame was rejected. The message names the frame part at fault.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum FrameError {
    #[error("frame of {0} bytes exceeds the {MAX_FRAME_BYTES}-byte limit")]
    TooLarge(usize),
    #[error("frame is not valid JSON: {0}")]
    NotJson(String),
    #[error("frame is not a JSON object")]
    NotObject,
    #[error("frame has no string field \"type\"")]
    NoType,
    #[error("`{kind}` frame is malformed: {reason}")]
    Malformed { kind: String, reason: String },
}

/// Decodes one text frame.
pub fn decode(text: &str) -> Result<Inbound, FrameError> {
    if text.len() > MAX_FRAME_BYTES {
        return Err(FrameError::TooLarge(text.len()));
    }
    match decode_direct(text) {
        Some(frame) => frame,
        None => decode_checked(text),
    }
}

/// The common case, built straight from the text: an object with a string
/// `type` whose fields are what that type requires. Going through a
/// `serde_json::Value` first, as [`decode_checked`] does, allocates every
/// field of the frame twice; under load that was most of decoding's cost.
///
/// `None` (anything unusual: not an object, no string `type`, a duplicate
/// key, a malformed known frame) leaves the frame to [`decode_checked`],
/// which names the fault. A frame this path accepts is one that path would
/// accept the same way (a test holds them to it).
fn decode_direct(text: &str) -> Option<Result<Inbound, FrameError>> {
    #[derive(Deserialize)]
    struct Head<'a> {
        #[serde(rename = "type", borrow)]
        kind: std::borrow::Cow<'a, str>,
    }
    // A JSON array would fill a struct's fields by position.
    if !text.trim_start().starts_with('{') {
        return None;
    }
    let head: Head = serde_json::from_str(text).ok()?;
    let frame = match &*head.kind {
        "hello" => Inbound::Hello(serde_json::from_str(text).ok()?),
        "message" => Inbound::Event(Event::Message(serde_json::from_str(text).ok()?)),
        "order" => Inbound::Event(Event::Order(serde_json::from_str(text).ok()?)),
        "agent_message" => Inbound::Event(Event::AgentMessage(serde_json::from_str(text).ok()?)),
        "send_result" => Inbound::SendResult(serde_json::from_str(text).ok()?),
        _ => Inbound::Unknown {
            kind: head.kind.into_owned(),
        },
    };
    match &frame {
        Inbound::Event(event) if event.id().is_empty() => None,
        _ => Some(Ok(frame)),
    }
}

/// Decodes a frame through a [`serde_json::Value`], to tell exactly what is
/// wrong with it.
fn decode_checked(text: &str) -> Result<Inbound, FrameError> {
    let value: serde_json::Value =
        serde_json::from_str(text).map_err(|e| FrameError::NotJson(e.to_string()))?;
    let object = value.as_object().ok_or(FrameError::NotObject)?;
    let kind = object
        .get("type")
        .and_then(|t| t.as_str())
        .ok_or(FrameError::NoType)?
        .to_string();
    let malformed = |e: serde_json::Error| FrameError::Malformed {
        kind: kind.clone(),
        reason: e.to_string(),
    };
    match kind.as_str() {
        "hello" => Hello::deserialize(&value)
            .map(Inbound::Hello)
            .map_err(malformed),
        "message" | "order" | "agent_message" => {
            let event = Event::deserialize(&value).map_err(malformed)?;
            if event.id().is_empty() {
                return Err(FrameError::Malformed {
                    kind,
                    reason: "empty \"id\"".into(),
                });
            }
            Ok(Inbound::Event(event))
        }
        "send_result" => SendResult::deserialize(&value)
            .map(Inbound::SendResult)
            .map_err(malformed),
        _ => Ok(Inbound::Unknown { kind }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_direct_path_decodes_as_the_checked_one_or_leaves_the_frame_to_it() {
        let frames = [
            r#"{"type":"message","id":"e-1","shop":"s","conversation":"c","buyer":"b","text":"在吗\n亲","sent_at":"t"}"#,
            r#" {"text":"x","type":"message","id":"e-2","shop":"s","conversation":"c","buyer":"b","sent_at":"t","item":"p-1","extra":{"a":[1,2]}}"#,
            r#"{"type":"message","id":"","shop":"s","conversation":"c","buyer":"b","text":"x","sent_at":"t"}"#,
            r#"{"type":"message","id":"e-3","shop":"s","conversation":"c","buyer":"b","text":"a","text":"b","sent_at":"t"}"#,
            r#"{"type":"message","type":"order","id":"e-4"}"#,
            r#"{"type":"message","id":"e-5","shop":"s"}"#,
            r#"{"type":"order","id":"e-6","shop":"s","conversation":"c","buyer":"b","order":"o","status":"paid","items":[{"item":"p"}]}"#,
            r#"{"type":"order","id":"e-7","shop":"s","conversation":"c","buyer":"b","order":"o","status":"lost"}"#,
            r#"{"type":"agent_message","id":"e-8","shop":"s","conversation":"c","agent":"a","text":"好的"}"#,
            r#"{"type":"send_result","ref":"r-1","ok":false,"error":"rate"}"#,
            r#"{"type":"hello","protocol":1,"channel":"x","shops":["s"]}"#,
            r#"{"type":"hello","protocol":"1"}"#,
            r#"{"type":"typing","who":"b"}"#,
            r#"{"type":"message","id":"e-9","shop":"s","conversation":"c","buyer":"b","text":"x","sent_at":"t"}"#,
            r#"{"type":7}"#,
            r#"{"kind":"message"}"#,
            r#"["message","e-10"]"#,
            r#"{"type":"message","id":"e-11"} trailing"#,
            r#""message""#,
            "",
        ];
        // Well-formed frames without duplicate keys: the direct path's own.
        let direct_ones = [0, 1, 6, 8, 9, 10, 12, 13];
        for (i, text) in frames.into_iter().enumerate() {
            let checked = decode_checked(text);
            match decode_direct(text) {
                Some(direct) => assert_eq!(direct, checked, "{text}"),
                None => assert!(
                    !direct_ones.contains(&i),
                    "left to the checked path: {text}"
                ),
            }
            assert_eq!(decode(text), checked, "{text}");
        }
    }

    #[test]
    fn decodes_the_protocol_examples() {
        let m = decode(r#"{"type":"message","id":"e-1001","shop":"shop-1","conversation":"c-42","buyer":"tb_lily88","text":"在吗?这款有L码吗","sent_at":"2026-11-23T21:05:09+08:00","item":"p-1001"}"#).unwrap();
        let Inbound::Event(Event::Message(m)) = m else {
            panic!("not a message: {m:?}")
        };
        assert_eq!(m.item.as_deref(), Some("p-1001"));
        let o = decode(r#"{"type":"order","id":"e-1002","shop":"shop-1","conversation":"c-42","buyer":"tb_lily88","order":"o-77","status":"created","amount":"129.00","items":[{"item":"p-1001","sku":"L","qty":1}],"at":"2026-11-23T21:07:30+08:00"}"#).unwrap();
        assert!(matches!(
            o,
            Inbound::Event(Event::Order(OrderEvent {
                status: OrderStatus::Created,
                ..
            }))
        ));
        let r = decode(
            r#"{"type":"send_result","ref":"r-c-42-8","ok":false,"error":"conversation closed"}"#,
        )
        .unwrap();
        assert_eq!(
            r,
            Inbound::SendResult(SendResult {
                reference: "r-c-42-8".into(),
                ok: false,
                error: Some("conversation closed".into())
            })
        );
        let h =
            decode(r#"{"type":"hello","protocol":1,"channel":"demo-gateway","shops":["shop-1"]}"#)
                .unwrap();
        assert!(matches!(h, Inbound::Hello(Hello { protocol: 1, .. })));
    }

    #[test]
    fn ignores_unknown_types_and_fields() {
        assert_eq!(
            decode(r#"{"type":"typing","conversation":"c-1"}"#).unwrap(),
            Inbound::Unknown {
                kind: "typing".into()
            }
        );
        let m = decode(
            r#"{"type":"agent_message","id":"e-3","shop":"s","conversation":"c","agent":"kf","text":"hi","mood":"happy"}"#,
        );
        assert!(m.is_ok());
    }

    #[test]
    fn rejects_bad_frames_with_a_reason() {
        assert!(matches!(decode("not json"), Err(FrameError::NotJson(_))));
        assert_eq!(decode("[1,2]"), Err(FrameError::NotObject));
        assert_eq!(decode(r#"{"id":"x"}"#), Err(FrameError::NoType));
        let err = decode(r#"{"type":"message","id":"e-1","shop":"s","conversation":"c","buyer":"b","sent_at":"t"}"#).unwrap_err();
        assert!(err.to_string().contains("text"), "{err}");
        let err = decode(r#"{"type":"order","id":"e-1","shop":"s","conversation":"c","buyer":"b","order":"o","status":"lost"}"#).unwrap_err();
        assert!(matches!(err, FrameError::Malformed { .. }));
        let big = format!(r#"{{"type":"x","pad":"{}"}}"#, "a".repeat(MAX_FRAME_BYTES));
        assert!(matches!(decode(&big), Err(FrameError::TooLarge(_))));
    }

    #[test]
    fn encodes_outbound_frames_as_the_protocol_shows() {
        let send = Outbound::Send {
            reference: "r-c-42-7".into(),
            shop: "shop-1".into(),
            conversation: "c-42".into(),
            text: "亲,在的哦~".into(),
        };
        assert_eq!(
            send.to_json(),
            r#"{"type":"send","ref":"r-c-42-7","shop":"shop-1","conversation":"c-42","text":"亲,在的哦~"}"#
        );
        let ack = Outbound::Ack {
            ids: vec!["e-1".into(), "e-2".into()],
        };
        assert_eq!(ack.to_json(), r#"{"type":"ack","ids":["e-1","e-2"]}"#);
    }
}
