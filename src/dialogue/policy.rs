//! (in progress: the dialogue helper owns this file)
use super::{Context, Decision, Session};
use crate::channel::protocol::Event;
use crate::script::Scripts;

pub fn decide(_session: Option<&Session>, _event: &Event, _scripts: &Scripts, _ctx: &Context) -> Decision {
    todo!()
}
