//! The channel side of the protocol, for running kefu without any outside service.
//!
//! A real deployment connects the bot to a shop's messaging gateway. For a first
//! look, for tests and for load experiments we need the other end too, so this
//! module implements the *channel* role of the channel protocol (the server the
//! bot connects to) inside the same process:
//!
//! - [`local`]: [`LocalChannel`], the embedded local channel that `kefu serve`
//!   starts when no channel URL is configured. It serves a small buyer chat page
//!   where a person can chat as a buyer, place and pay an order and watch the
//!   bot's replies, and it lets programs inject events and read transcripts.
//! - [`faults`]: [`faults::FaultChannel`], a channel that replays generated
//!   buyer traffic and injects faults (dropped connections, stalls, refused
//!   upgrades, redeliveries, reordering, refused sends) to test the bot's
//!   delivery guarantees; `kefu sim` and the soak test drive it.
//!
//! Everything here is in memory and for demonstration and testing only.

pub mod faults;
pub mod local;
pub mod night;

pub use local::{LocalChannel, LocalChannelConfig, Update};
