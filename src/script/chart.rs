//! Size charts (`[[size_chart]]`): the rows of sizes by height, weight and
//! waist, and what they make of a buyer's measurements: a size, above the
//! largest, or under the smallest.
//!
//! A chart's bounds are where its sizes were measured, not where they stop
//! fitting, so each question here is answered with that in mind: the larger
//! size wins where the measures disagree, and a petite adult is not a child.

/// How far under a chart's lowest height an adult may be and still be
/// given its smallest size (see [`SizeChart::falls_short`]).
const PETITE_SLACK_CM: u32 = 5;

/// One row of a size chart: a size fits these height and weight ranges
/// (inclusive; height in cm, weight in 斤).
#[derive(Debug, Clone, PartialEq)]
pub struct SizeRow {
    pub size: String,
    pub height: (u32, u32),
    pub weight: (u32, u32),
    /// Waist in cm, for trousers (`腰围两尺一`); a chart may leave it out.
    pub waist: Option<(u32, u32)>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct SizeChart {
    pub name: String,
    /// Smallest size first.
    pub rows: Vec<SizeRow>,
}

impl SizeChart {
    /// The size for a buyer. Height, weight and waist each point at a row
    /// (the waist only in a chart whose rows give waists: trousers); when
    /// they disagree the larger size wins, because a slightly loose garment
    /// can be worn and a tight one comes back as a return.
    pub fn size_for(
        &self,
        height_cm: Option<u32>,
        weight_jin: Option<u32>,
        waist_cm: Option<u32>,
    ) -> Option<&str> {
        let by = |value: Option<u32>, range: &dyn Fn(&SizeRow) -> Option<(u32, u32)>| {
            let v = value?;
            let rows: Vec<(usize, (u32, u32))> = (self.rows.iter().enumerate())
                .filter_map(|(i, r)| Some((i, range(r)?)))
                .collect();
            let &(last, _) = rows.last()?;
            Some(
                rows.iter()
                    .find(|(_, r)| v <= r.1)
                    .map_or(last, |&(i, _)| i),
            )
        };
        let pointed = [
            by(height_cm, &|r| Some(r.height)),
            by(weight_jin, &|r| Some(r.weight)),
            by(waist_cm, &|r| r.waist),
        ];
        let index = pointed.into_iter().flatten().max()?;
        Some(self.rows[index].size.as_str())
    }

    /// Whether the buyer is smaller than the chart's smallest size is made
    /// for: a child's measurements, which no adult size fits (140cm, 70斤
    /// on a chart starting at 150cm, 80斤). For an adult, the height is
    /// more than `PETITE_SLACK_CM` under the lowest the chart gives, and
    /// the weight, when known, under its lowest; with no height, the weight
    /// is more than twice that many 斤 under. The slack spares a petite
    /// adult, whom the smallest size fits a little loose: a chart's lower
    /// bounds are where its sizes were measured, not where they stop
    /// fitting. For a buyer said to be a `child`, any height under the
    /// chart's is short: a child grows into the size, but the shop's line
    /// is that it will be big.
    pub fn falls_short(
        &self,
        height_cm: Option<u32>,
        weight_jin: Option<u32>,
        child: bool,
    ) -> bool {
        let lowest = |range: &dyn Fn(&SizeRow) -> u32| self.rows.iter().map(range).min();
        let (Some(low_height), Some(low_weight)) =
            (lowest(&|r| r.height.0), lowest(&|r| r.weight.0))
        else {
            return false;
        };
        match (height_cm, weight_jin) {
            (Some(h), _) if child => h < low_height,
            (None, Some(w)) if child => w < low_weight,
            (Some(h), weight) => {
                h + PETITE_SLACK_CM < low_height && weight.is_none_or(|w| w < low_weight)
            }
            (None, Some(w)) => w + 2 * PETITE_SLACK_CM < low_weight,
            (None, None) => false,
        }
    }

    /// Whether a measurement is above everything the chart covers (200斤
    /// on a chart whose largest size ends at 185): [`size_for`](Self::size_for)
    /// then gives the largest size, which the chart does not say fits.
    pub fn exceeds(
        &self,
        height_cm: Option<u32>,
        weight_jin: Option<u32>,
        waist_cm: Option<u32>,
    ) -> bool {
        let above =
            |value: Option<u32>, top: Option<u32>| value.zip(top).is_some_and(|(v, t)| v > t);
        let top = |range: &dyn Fn(&SizeRow) -> Option<(u32, u32)>| {
            self.rows.iter().filter_map(range).map(|r| r.1).max()
        };
        above(height_cm, top(&|r| Some(r.height)))
            || above(weight_jin, top(&|r| Some(r.weight)))
            || above(waist_cm, top(&|r| r.waist))
    }
}
