//! Tools for supervisors tuning a script pack against real chats: scoring it
//! on labelled messages ([`eval`]) and proposing keywords from the messages it
//! missed ([`mine`]). Product features, not test helpers: shops run them on
//! their own chat exports.

pub mod eval;
pub mod mine;
