//! Checking `[[region]]`: delivery time and shipping fee by where the
//! parcel goes.
//!
//! A region is what a buyer is told about their province (`新疆不在包邮范围`),
//! so a misspelt province (`广洲`) would silently fall back to the
//! shop-wide answer, and a province in two regions would get whichever came
//! first: both are errors, with the known names listed.

use super::super::model::Pack;
use super::super::source::{quoted_list, unknown, Problems, Sources};
use super::super::{Location, Region};
use super::Names;
use std::collections::HashMap;

/// The pack's regions, each province in at most one.
pub(super) fn regions(pack: &Pack, src: &Sources, problems: &mut Problems) -> Vec<Region> {
    let known: Vec<&str> = crate::nlu::provinces().collect();
    let mut out = Vec::new();
    let mut names = Names::of("region");
    let mut placed: HashMap<String, (String, Location)> = HashMap::new();
    for region in &pack.regions {
        let file = region.file;
        let given = region.value.get_ref();
        let name = given.name.get_ref().trim().to_string();
        let before = problems.len();
        let name_at = src.of(file, &given.name);
        names.check(&name, name_at.clone(), problems);
        if given.places.get_ref().is_empty() {
            problems.push(
                src.of(file, &given.places),
                format!("region `{name}` has no places"),
            );
        }
        let said = |text: &Option<String>| text.as_deref().is_some_and(|t| !t.trim().is_empty());
        if !said(&given.delivery) && !said(&given.shipping) {
            problems.push(
                name_at,
                format!(
                    "region `{name}` says neither `delivery` nor `shipping`: \
                     there is nothing to tell a buyer there"
                ),
            );
        }
        let mut provinces = Vec::new();
        for place in given.places.get_ref() {
            let at = src.of(file, place);
            let province = place.get_ref().trim();
            if !known.contains(&province) {
                problems.push(
                    at,
                    format!(
                        "region `{name}`: {}",
                        unknown("unknown province", province, known.iter().copied(), || {
                            format!("provinces are written {}", quoted_list(known.clone()))
                        })
                    ),
                );
                continue;
            }
            match placed.get(province) {
                Some((other, first)) => problems.push(
                    at,
                    format!(
                        "region `{name}`: `{province}` is also in region `{other}` at {first}; \
                         a province must be in one region"
                    ),
                ),
                None => {
                    placed.insert(province.to_string(), (name.clone(), at));
                    provinces.push(province.to_string());
                }
            }
        }
        if problems.len() == before {
            let text = |t: &Option<String>| t.clone().filter(|t| !t.trim().is_empty());
            out.push(Region {
                name,
                provinces,
                delivery: text(&given.delivery),
                shipping: text(&given.shipping),
            });
        }
    }
    out
}

#[cfg(test)]
mod tests;
