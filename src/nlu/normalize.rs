//! (in progress: the nlu helper owns this file)
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Normalized {
    pub text: String,
    pub emoticons: Vec<String>,
}

pub fn normalize(_raw: &str) -> Normalized {
    todo!()
}
