//! (in progress: the nlu helper owns this file)
use super::{Classification, IntentRule, ItemAlias, NegationRule};

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("intent `{intent}`: {reason}")]
pub struct BuildError {
    pub intent: String,
    /// The keyword or pattern at fault, when there is one.
    pub rule: Option<String>,
    pub reason: String,
}

#[derive(Debug)]
pub struct Classifier {}

impl Classifier {
    pub fn build(
        _intents: &[IntentRule],
        _negation: &NegationRule,
        _items: &[ItemAlias],
    ) -> Result<Classifier, BuildError> {
        todo!()
    }

    pub fn classify(&self, _text: &str) -> Classification {
        todo!()
    }
}
