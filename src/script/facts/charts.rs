//! Checking `[[size_chart]]`: rows that grow, ranges the right way up, and
//! sizes some item using the chart sells. A chart is what the bot reads a
//! buyer's size from, so a row out of order or a size no item has would
//! reach buyers as a wrong "建议拍…码".

use super::super::model::{self, Pack};
use super::super::source::{hint, quoted_list, Problems, Sources};
use super::super::{SizeChart, SizeRow};
use super::Names;

/// The pack's size charts, checked.
pub(super) fn charts(pack: &Pack, src: &Sources, problems: &mut Problems) -> Vec<SizeChart> {
    let mut out = Vec::new();
    let mut seen = Names::of("size chart");
    for chart in &pack.size_charts {
        let file = chart.file;
        let given = chart.value.get_ref();
        let name = given.name.get_ref().clone();
        let before = problems.len();
        seen.check(&name, src.of(file, &given.name), problems);
        if given.rows.get_ref().is_empty() {
            problems.push(
                src.of(file, &given.rows),
                format!("size chart `{name}` has no rows"),
            );
        }
        let mut rows = Vec::new();
        let mut previous: Option<&model::SizeRow> = None;
        for row in given.rows.get_ref() {
            let r = row.get_ref();
            let ranges = [("height", &r.height), ("weight", &r.weight)];
            let waist = r.waist.as_ref().map(|w| ("waist", w));
            for (what, range) in ranges.into_iter().chain(waist) {
                let [low, high] = *range.get_ref();
                if low > high {
                    problems.push(
                        src.of(file, range),
                        format!(
                            "size `{}`: {what} range [{low}, {high}] has its low end above its high end",
                            r.size
                        ),
                    );
                }
            }
            // Lookup takes the first row whose range reaches the buyer's
            // value, which is only right when rows grow.
            if let Some(p) = previous {
                if r.height.get_ref()[1] < p.height.get_ref()[1]
                    || r.weight.get_ref()[1] < p.weight.get_ref()[1]
                {
                    problems.push(
                        src.of(file, row),
                        format!(
                            "size chart `{name}`: row `{}` is smaller than the row `{}` before it; \
                             list rows from the smallest size up",
                            r.size, p.size
                        ),
                    );
                }
            }
            previous = Some(r);
            rows.push(SizeRow {
                size: r.size.clone(),
                height: (r.height.get_ref()[0], r.height.get_ref()[1]),
                weight: (r.weight.get_ref()[0], r.weight.get_ref()[1]),
                waist: r.waist.as_ref().map(|w| (w.get_ref()[0], w.get_ref()[1])),
            });
        }
        if problems.len() == before {
            out.push(SizeChart { name, rows });
        }
    }
    out
}

/// Every row of a size chart is a size some item using the chart sells:
/// the row's size is what the bot recommends, so `MM` or `m` in a chart of
/// items sold in `M` reaches buyers as "建议拍MM码". A chart shared by items
/// of different ranges (a sweater sold up to XL on the tops chart that goes
/// to XXL) is fine: a size one of them is not made in is answered as such.
pub(super) fn chart_sizes(pack: &Pack, src: &Sources, problems: &mut Problems) {
    // With an item unreadable, it may be the one that sells the size.
    if pack.incomplete || !pack.broken_items.is_empty() {
        return;
    }
    for chart in &pack.size_charts {
        let given = chart.value.get_ref();
        let name = given.name.get_ref();
        let users: Vec<&model::Item> = (pack.items.iter())
            .map(|item| item.value.get_ref())
            .filter(|item| {
                item.size_chart
                    .as_ref()
                    .is_some_and(|c| c.get_ref() == name)
            })
            .collect();
        // An item that lists no sizes is taken at its word: any size.
        if users.is_empty() || users.iter().any(|item| item.sizes.is_empty()) {
            continue;
        }
        let mut sold: Vec<&str> = Vec::new();
        for size in users.iter().flat_map(|item| &item.sizes) {
            if !sold.contains(&size.get_ref().as_str()) {
                sold.push(size.get_ref());
            }
        }
        let ids: Vec<&str> = users
            .iter()
            .map(|item| item.id.get_ref().as_str())
            .collect();
        for row in given.rows.get_ref() {
            let size = &row.get_ref().size;
            if sold.contains(&size.as_str()) {
                continue;
            }
            let close = match sold.iter().find(|s| s.eq_ignore_ascii_case(size)) {
                Some(same) => format!("; did you mean `{same}`?"),
                None => hint(size, sold.iter().copied()),
            };
            problems.push(
                src.of(chart.file, row),
                format!(
                    "size chart `{name}`: row `{size}` is not a size of any item using the chart \
                     ({} sell{} {}{close}): the bot would recommend it to buyers",
                    quoted_list(ids.iter().copied()),
                    if ids.len() == 1 { "s" } else { "" },
                    quoted_list(sold.iter().copied()),
                ),
            );
        }
    }
}
