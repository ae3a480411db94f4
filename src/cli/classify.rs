//! `kefu classify [FILE]`: one message per line in, one JSON object per line out.
//!
//! Built for piping large files: input and output are buffered, and each
//! result is written straight to the output without an intermediate value.

use crate::nlu::Classification;
use crate::script::Scripts;
use serde::Serialize;
use std::io::{self, BufRead, BufWriter, Write};

#[derive(Serialize)]
struct Line<'a> {
    text: &'a str,
    intent: &'a str,
    intents: &'a [crate::nlu::IntentScore],
    entities: &'a crate::nlu::Entities,
}

/// Classifies every line of `input` into `output`.
pub fn classify_lines(
    scripts: &Scripts,
    input: impl BufRead,
    output: impl Write,
) -> io::Result<usize> {
    let mut out = BufWriter::with_capacity(1 << 16, output);
    let mut count = 0;
    for line in input.lines() {
        let line = line?;
        let text = line.trim_end_matches('\r');
        let c: Classification = scripts.classifier.classify(text);
        serde_json::to_writer(
            &mut out,
            &Line {
                text,
                intent: c.top(),
                intents: &c.intents,
                entities: &c.entities,
            },
        )?;
        out.write_all(b"\n")?;
        count += 1;
    }
    out.flush()?;
    Ok(count)
}

pub fn run(scripts: &Scripts, file: Option<&std::path::Path>) -> i32 {
    let stdout = io::stdout();
    let result = match file {
        Some(path) => match std::fs::File::open(path) {
            Ok(f) => classify_lines(
                scripts,
                io::BufReader::with_capacity(1 << 16, f),
                stdout.lock(),
            ),
            Err(e) => {
                eprintln!("cannot read {}: {e}", path.display());
                return super::EXIT_INVALID;
            }
        },
        None => classify_lines(scripts, io::stdin().lock(), stdout.lock()),
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
