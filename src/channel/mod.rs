//! The shop's messaging channel: wire protocol and websocket client.
//!
//! [`protocol`] is the frame format; [`client`] keeps one connection alive
//! (connect, hello, backoff, ping) and knows nothing about intents or storage.

pub mod client;
pub mod protocol;
