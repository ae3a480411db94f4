//! The `kefu eval` report as a plain-text table, for a supervisor's terminal.
//! Message texts are masked (phone numbers, addresses) like everywhere else
//! the bot shows buyer text.

use super::Report;
use crate::nlu::mask_private;
use std::fmt::Write;

/// How many pinyin changes are listed under the summary line.
const SOUND_CHANGES_SHOWN: usize = 15;

/// The report as a table; `show_misses` lists that many misclassified messages.
pub fn render_table(report: &Report, show_misses: usize) -> String {
    let pct = |x: f64| format!("{:5.1}%", x * 100.0);
    let mut out = String::new();
    // Writing to a String cannot fail; the results are ignored for that reason.
    let _ = writeln!(out, "messages            {}", report.messages);
    let _ = writeln!(out, "top-intent accuracy {}", pct(report.accuracy));
    let _ = writeln!(out, "any-label recall    {}", pct(report.any_label_recall));
    let _ = writeln!(out, "top in labels       {}", pct(report.top_in_labels));
    let _ = writeln!(
        out,
        "also answered       {} ({} labelled)",
        report.also_answered,
        pct(report.also_answered_labelled).trim_start()
    );
    let _ = writeln!(out, "wrongly 'other'     {}", pct(report.wrongly_other));
    let _ = writeln!(out, "classified 'other'  {}", pct(report.other_share));
    if let Some(h) = &report.handover {
        let reasons: Vec<String> = (h.by_reason.iter())
            .map(|(reason, n)| format!("{reason} {n}"))
            .collect();
        let _ = write!(out, "handed to a person  {}", h.shown());
        if !reasons.is_empty() {
            let _ = write!(out, ": {}", reasons.join(", "));
        }
        out.push('\n');
    }
    if let Some(f) = report.min_precision() {
        let _ = writeln!(
            out,
            "lowest precision    {} ({})",
            pct(f.precision),
            f.intent
        );
    }
    let _ = writeln!(
        out,
        "\n{:<18} {:>7} {:>9} {:>9} {:>9} {:>6} {:>9}",
        "intent", "support", "predicted", "precision", "recall", "hits", "hit prec."
    );
    for f in &report.intents {
        // `other` is never a hit: it is what is left when nothing scored.
        let (hits, hit_precision) = if f.intent == "other" {
            ("-".to_string(), "-".to_string())
        } else {
            (f.hits.to_string(), pct(f.hit_precision))
        };
        let _ = writeln!(
            out,
            "{:<18} {:>7} {:>9} {:>9} {:>9} {:>6} {:>9}",
            f.intent,
            f.support,
            f.predicted,
            pct(f.precision),
            pct(f.recall),
            hits,
            hit_precision
        );
    }
    if !report.confusions.is_empty() {
        out.push_str("\nmost frequent confusions (label → predicted)\n");
        for c in report.confusions.iter().take(15) {
            let _ = writeln!(out, "{:>4}  {} → {}", c.count, c.label, c.predicted);
        }
    }
    let sound = &report.pinyin;
    let _ = writeln!(
        out,
        "\npinyin matching changed {} top intent{}: {} fixed, {} broken, {} wrong either way \
         (accuracy by exact spelling only {})",
        sound.changed,
        if sound.changed == 1 { "" } else { "s" },
        sound.fixed,
        sound.broken,
        sound.still_wrong,
        pct(sound.exact_accuracy).trim_start()
    );
    for c in sound.changes.iter().take(SOUND_CHANGES_SHOWN) {
        let _ = writeln!(
            out,
            "  [{}] {} → {}  {}",
            c.labels.join(","),
            c.exact,
            c.with_pinyin,
            mask_private(&c.text)
        );
    }
    if show_misses > 0 && !report.misses.is_empty() {
        out.push_str("\nmisses\n");
        for m in report.misses.iter().take(show_misses) {
            let _ = writeln!(
                out,
                "  [{}] → {}  {}",
                m.labels.join(","),
                m.predicted,
                mask_private(&m.text)
            );
            // What made the wrong intent win, and where to edit it.
            if !m.matched.is_empty() {
                let words: Vec<String> = m.matched.iter().map(ToString::to_string).collect();
                let _ = writeln!(out, "      matched {}", words.join(", "));
            }
        }
    }
    out
}
