//! `kefu classify [FILE]`: one message per line in, one JSON object per line
//! out, or with `--count` a table of how many lines each intent won.
//!
//! Built for piping large chat exports: input is read in chunks of lines,
//! the chunks are classified on every core (the classifier is shared, read
//! only), and results are written in input order through one buffered
//! writer. The reading thread never waits for the classifying ones unless
//! `IN_FLIGHT` chunks are already queued, which bounds memory.

use crate::nlu::Classification;
use crate::script::Scripts;
use serde::Serialize;
use std::collections::BTreeMap;
use std::io::{self, BufRead, BufWriter, Write};
use std::sync::mpsc;

/// Lines per unit of work: big enough that hand-offs cost nothing next to
/// classifying them, small enough that the first output comes at once.
const CHUNK: usize = 2048;
/// Chunks read ahead per worker before reading waits.
const IN_FLIGHT: usize = 4;

#[derive(Serialize)]
struct Line<'a> {
    text: &'a str,
    intent: &'a str,
    intents: crate::nlu::Ranking<'a>,
    entities: &'a crate::nlu::Entities,
}

/// What to produce for the lines.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Output {
    /// One JSON object per line.
    Json,
    /// Lines per top intent, most first, then the total.
    Count,
}

/// One chunk's result: JSON text, or per-intent counts.
enum Done {
    Json(Vec<u8>),
    Count(BTreeMap<String, usize>),
}

/// Classifies every line of `input` into `output` with `threads` workers
/// (at least one). Returns how many lines were classified.
pub fn classify_lines(
    scripts: &Scripts,
    input: impl BufRead,
    output: impl Write,
    mode: Output,
    threads: usize,
) -> io::Result<usize> {
    let threads = threads.max(1);
    let mut out = BufWriter::with_capacity(1 << 16, output);
    let mut counts: BTreeMap<String, usize> = BTreeMap::new();
    let mut total = 0;
    let (work_tx, work_rx) = mpsc::sync_channel::<(usize, Vec<String>)>(threads * IN_FLIGHT);
    let work_rx = std::sync::Mutex::new(work_rx);
    let (done_tx, done_rx) = mpsc::channel::<(usize, io::Result<Done>)>();
    std::thread::scope(|scope| -> io::Result<()> {
        for _ in 0..threads {
            let (work_rx, done_tx) = (&work_rx, done_tx.clone());
            scope.spawn(move || loop {
                let next = match work_rx.lock() {
                    Ok(rx) => rx.recv(),
                    Err(_) => return,
                };
                let Ok((seq, lines)) = next else { return };
                if done_tx
                    .send((seq, run_chunk(scripts, &lines, mode)))
                    .is_err()
                {
                    return;
                }
            });
        }
        drop(done_tx);
        // Reader: this thread reads and hands out chunks, then writes results
        // in order as they come back.
        let mut pending: BTreeMap<usize, Done> = BTreeMap::new();
        let mut next_out = 0;
        let mut sent = 0;
        let mut write_ready = |pending: &mut BTreeMap<usize, Done>,
                               next_out: &mut usize,
                               out: &mut BufWriter<_>|
         -> io::Result<()> {
            while let Some(done) = pending.remove(next_out) {
                match done {
                    Done::Json(bytes) => out.write_all(&bytes)?,
                    Done::Count(chunk) => {
                        for (intent, n) in chunk {
                            *counts.entry(intent).or_default() += n;
                        }
                    }
                }
                *next_out += 1;
            }
            Ok(())
        };
        let mut lines = input.lines();
        let mut eof = false;
        while !eof {
            let mut chunk = Vec::with_capacity(CHUNK);
            for line in lines.by_ref().take(CHUNK) {
                chunk.push(line?);
            }
            eof = chunk.len() < CHUNK;
            if chunk.is_empty() {
                break;
            }
            total += chunk.len();
            // Before blocking on a full queue, write whatever is ready.
            while let Ok((seq, done)) = done_rx.try_recv() {
                pending.insert(seq, done?);
            }
            write_ready(&mut pending, &mut next_out, &mut out)?;
            if work_tx.send((sent, chunk)).is_err() {
                break;
            }
            sent += 1;
        }
        drop(work_tx);
        while next_out < sent {
            let Ok((seq, done)) = done_rx.recv() else {
                return Err(io::Error::other("a classifying thread stopped"));
            };
            pending.insert(seq, done?);
            write_ready(&mut pending, &mut next_out, &mut out)?;
        }
        Ok(())
    })?;
    if mode == Output::Count {
        let mut rows: Vec<(String, usize)> = counts.into_iter().collect();
        rows.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
        for (intent, n) in rows {
            writeln!(out, "{n}\t{intent}")?;
        }
        writeln!(out, "{total}\t(lines)")?;
    }
    out.flush()?;
    Ok(total)
}

fn run_chunk(scripts: &Scripts, lines: &[String], mode: Output) -> io::Result<Done> {
    match mode {
        Output::Json => {
            let mut bytes = Vec::with_capacity(lines.len() * 160);
            for line in lines {
                let text = line.trim_end_matches('\r');
                let c: Classification = scripts.classifier.classify(text);
                serde_json::to_writer(
                    &mut bytes,
                    &Line {
                        text,
                        intent: c.top(),
                        intents: c.intents(),
                        entities: &c.entities,
                    },
                )?;
                bytes.push(b'\n');
            }
            Ok(Done::Json(bytes))
        }
        Output::Count => {
            let mut counts: BTreeMap<String, usize> = BTreeMap::new();
            for line in lines {
                // Only the top intent is counted: no full classification
                // (entities, labels) is built for it.
                let top = scripts
                    .classifier
                    .top_intent(line.trim_end_matches('\r'))
                    .unwrap_or("other");
                // Only a new intent's name is copied, not one name per line.
                match counts.get_mut(top) {
                    Some(n) => *n += 1,
                    None => {
                        counts.insert(top.to_string(), 1);
                    }
                }
            }
            Ok(Done::Count(counts))
        }
    }
}

/// `threads`: 0 means one per core.
pub fn run(scripts: &Scripts, file: Option<&std::path::Path>, mode: Output, threads: usize) -> i32 {
    let threads = match threads {
        0 => std::thread::available_parallelism().map_or(1, |n| n.get()),
        n => n,
    };
    let stdout = io::stdout();
    let result = match file {
        Some(path) => match std::fs::File::open(path) {
            Ok(f) => classify_lines(
                scripts,
                io::BufReader::with_capacity(1 << 16, f),
                stdout.lock(),
                mode,
                threads,
            ),
            Err(e) => {
                eprintln!("cannot read {}: {e}", path.display());
                return super::EXIT_INVALID;
            }
        },
        None => classify_lines(scripts, io::stdin().lock(), stdout.lock(), mode, threads),
    };
    match result {
        Ok(_) => 0,
        Err(e) if e.kind() == io::ErrorKind::BrokenPipe => 0,
        Err(e) if e.kind() == io::ErrorKind::InvalidData => {
            eprintln!("input is not valid UTF-8: {e}");
            super::EXIT_INVALID
        }
        Err(e) => {
            eprintln!("classify failed: {e}");
            super::EXIT_FAILURE
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn shipped() -> Scripts {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("scripts");
        crate::script::load_dir(&dir).unwrap_or_else(|e| panic!("{e}"))
    }

    /// Enough lines for several chunks, so workers finish out of order.
    fn input() -> String {
        let messages = [
            "在吗",
            "这个包邮吗",
            "太贵了能便宜点吗",
            "什么时候发货",
            "好的谢谢",
        ];
        (0..CHUNK * 5 + 17)
            .map(|i| format!("{}{}\n", messages[i % messages.len()], i))
            .collect()
    }

    #[test]
    fn output_keeps_input_order_whatever_the_threads() {
        let scripts = shipped();
        let text = input();
        let mut one = Vec::new();
        let n = classify_lines(&scripts, text.as_bytes(), &mut one, Output::Json, 1).unwrap();
        let mut four = Vec::new();
        classify_lines(&scripts, text.as_bytes(), &mut four, Output::Json, 4).unwrap();
        assert_eq!(n, CHUNK * 5 + 17);
        assert_eq!(one, four);
        let one = String::from_utf8(one).unwrap();
        for (i, line) in one.lines().enumerate() {
            let v: serde_json::Value = serde_json::from_str(line).unwrap();
            assert!(
                v["text"].as_str().unwrap().ends_with(&i.to_string()),
                "line {i}: {line}"
            );
        }
    }

    #[test]
    fn count_tallies_top_intents() {
        let scripts = shipped();
        let mut out = Vec::new();
        let text = "在吗\n这个包邮吗\n包邮吗亲\n\n";
        classify_lines(&scripts, text.as_bytes(), &mut out, Output::Count, 2).unwrap();
        let out = String::from_utf8(out).unwrap();
        assert!(out.contains("2\tshipping"), "{out}");
        assert!(out.contains("1\tgreeting"), "{out}");
        assert!(out.ends_with("4\t(lines)\n"), "{out}");
    }

    /// `--count` finds the top intent without a full classification; it must
    /// tally exactly the `intent` fields of the JSON output.
    #[test]
    fn count_agrees_with_json_output() {
        let scripts = shipped();
        let text = input();
        let mut json = Vec::new();
        classify_lines(&scripts, text.as_bytes(), &mut json, Output::Json, 2).unwrap();
        let mut tally: BTreeMap<String, usize> = BTreeMap::new();
        for line in String::from_utf8(json).unwrap().lines() {
            let v: serde_json::Value = serde_json::from_str(line).unwrap();
            *tally
                .entry(v["intent"].as_str().unwrap().to_string())
                .or_default() += 1;
        }
        let mut rows: Vec<(String, usize)> = tally.into_iter().collect();
        rows.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
        let mut expected: String = rows.iter().map(|(i, n)| format!("{n}\t{i}\n")).collect();
        expected.push_str(&format!("{}\t(lines)\n", CHUNK * 5 + 17));
        let mut count = Vec::new();
        classify_lines(&scripts, text.as_bytes(), &mut count, Output::Count, 2).unwrap();
        assert_eq!(String::from_utf8(count).unwrap(), expected);
    }
}
