//! kefu (客服): a customer-service chat assistant for Chinese e-commerce shops.
//!
//! The crate is laid out by concern; each module's doc comment says its role:
//!
//! - [`channel`]: the wire protocol and the websocket client to the shop's channel.
//! - [`nlu`]: understanding messages: normalisation, keyword matching, entities.
//! - [`script`]: the 话术 files supervisors edit, validated and compiled.
//! - [`dialogue`]: the pre-sale flow and the reply policy, as pure decisions.
//! - [`store`]: durable state in sled; the only module that touches the disk.
//! - [`bot`]: the runtime that ties an event to a decision, a commit, an ack and a send.
//! - [`sim`]: the channel side: the embedded local channel with its buyer page.
//! - [`console`]: the agents' web console and JSON API (assist mode).
//! - [`config`]: runtime configuration (`config/kefu.toml`).
//! - [`web`]: serving an axum router until told to stop (console, local channel).

pub mod bot;
pub mod channel;
pub mod cli;
pub mod config;
pub mod console;
pub mod dialogue;
pub mod nlu;
pub mod report;
pub mod script;
pub mod sim;
pub mod store;
pub mod tuning;
pub mod web;
