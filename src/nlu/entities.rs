//! (in progress: the nlu helper owns this file)
use serde::Serialize;

/// Facts pulled out of one message by regex.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Entities {
    /// Height in centimetres (身高170, 1米7, 170cm).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub height_cm: Option<u32>,
    /// Weight in 斤 (120斤; 60kg is stored as 120).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub weight_jin: Option<u32>,
    /// A garment size (S…XXXL, upper case) or a numeric size (38码 → "38").
    #[serde(skip_serializing_if = "Option::is_none")]
    pub size: Option<String>,
    /// An order number the buyer quoted.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub order: Option<String>,
    /// A phone number, already masked (`138****5678`): the clear number is never kept.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub phone: Option<String>,
    /// The catalogue item id the buyer named.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub item: Option<String>,
}

pub fn extract_entities(_normalized: &str) -> Entities {
    todo!()
}

/// Masks private data (phone numbers, ID numbers, addresses) for logs and storage.
pub fn mask_private(text: &str) -> String {
    text.to_string()
}
