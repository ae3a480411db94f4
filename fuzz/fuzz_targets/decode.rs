//! Frame decoding: whatever a channel (or something posing as one) sends,
//! `decode` answers with a frame or a reason, never a panic.
#![no_main]

use kefu::channel::protocol::{decode, Inbound};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    // Websocket text frames are UTF-8 by the time they reach the decoder;
    // lossy conversion still lets byte-level mutations reach it.
    let text = String::from_utf8_lossy(data);
    if let Ok(Inbound::Event(event)) = decode(&text) {
        // What the pipeline reads first from every event must be there.
        assert!(!event.id().is_empty(), "decoded an event without an id");
        let _ = (event.shop(), event.conversation());
    }
});
