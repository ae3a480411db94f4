//! Two items answering to the same word.
//!
//! A name or alias moves the talk to its item (`卫衣多少钱`). When two items
//! share one (a new `卫衣` beside the hoodie whose alias is `卫衣`), the
//! message always goes to the same one of them and the other is never
//! named: it loads and works, so it is a warning, at the second item's word.
//! Words are compared as messages are read (normalised), so `T恤` and `t恤`
//! are the same word.

use super::Warning;
use crate::nlu::normalize;
use crate::script::source::Sources;
use crate::script::Location;
use serde_spanned::Spanned;
use std::collections::HashMap;
use toml::de::DeValue;

/// The items' words seen so far, over every file: for each normalised
/// word, the item that has it first and where.
#[derive(Default)]
pub(super) struct ItemWords {
    first: HashMap<String, (String, Location)>,
}

impl ItemWords {
    /// Reads the `[[item]]` tables of one file; a word another item had
    /// already is a warning at its line.
    pub(super) fn read(
        &mut self,
        value: &Spanned<DeValue<'_>>,
        file: usize,
        sources: &Sources,
        warnings: &mut Vec<Warning>,
    ) {
        let Some(items) = value.get_ref().as_array() else {
            return;
        };
        for table in items.iter().filter_map(|v| v.get_ref().as_table()) {
            let Some(id) = table.get("id").and_then(|v| v.get_ref().as_str()) else {
                continue;
            };
            let name = table.get("name").into_iter();
            let aliases = (table.get("aliases"))
                .and_then(|v| v.get_ref().as_array())
                .into_iter()
                .flatten();
            for word in name.chain(aliases) {
                let Some(text) = word.get_ref().as_str() else {
                    continue;
                };
                let said = normalize(text).text;
                if said.is_empty() {
                    continue;
                }
                let at = sources.of(file, word);
                match self.first.get(&said) {
                    Some((other, first_at)) if other != id => warnings.push(Warning {
                        at,
                        message: format!(
                            "item `{id}` answers to `{text}`, and so does item `{other}` at \
                             {first_at}: a message naming it always goes to one of them; give \
                             each item words of its own"
                        ),
                    }),
                    Some(_) => {}
                    None => {
                        self.first.insert(said, (id.to_string(), at));
                    }
                }
            }
        }
    }
}
