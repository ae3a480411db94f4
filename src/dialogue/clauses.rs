//! A message's clauses, as the buyer typed them: where questions typed in
//! a row (`多少钱 包邮吗`, `会起球吗?什么时候发货`) are told apart, before
//! normalising takes the spaces out.

/// The clauses of a message as the buyer typed it, each normalised: split
/// at punctuation, at spaces and after the question particles that end a
/// clause in chat typed without punctuation (`吗`, `呢`, `嘛`; not `么`,
/// which is also the end of `什么`). Normalising takes spaces out, and they
/// are what stands between questions typed in a row (`我160 100斤穿什么码
/// 会不会起球`), so the split is made before it.
pub(super) fn clauses(typed: &str) -> impl Iterator<Item = String> + '_ {
    (typed.split_inclusive(|ch: char| "吗呢嘛嗎".contains(ch)))
        .flat_map(|part| part.split(ends_clause))
        .map(|clause| crate::nlu::normalize(clause).text)
        .filter(|clause| !clause.is_empty())
}

/// Whether `ch`, as the buyer typed it, ends a clause: a space or
/// punctuation, half or full width.
pub(super) fn ends_clause(ch: char) -> bool {
    ch.is_whitespace() || ",.?!;~，。？！；～、…".contains(ch)
}
