//! Reply templates: text with `{variable}` holes.
//!
//! Templates are parsed when scripts load, so an unknown variable or a stray
//! brace is a load error with file:line, never a surprise in front of a buyer.
//! `{{` and `}}` stand for literal braces. A hole typed with a Chinese
//! input method, `｛item｝`, is an error too: full-width braces are plain
//! text, and the buyer would read `｛item｝` as written.

use super::TEMPLATE_VARS;

#[derive(Debug, Clone, PartialEq)]
enum Part {
    Literal(String),
    Var(String),
}

/// A parsed reply template.
#[derive(Debug, Clone, PartialEq)]
pub struct Template {
    source: String,
    parts: Vec<Part>,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum TemplateError {
    #[error("unknown template variable {{{0}}} ({hint})", hint = var_hint(.0))]
    UnknownVar(String),
    #[error("unclosed '{{' (write '{{{{' for a literal brace)")]
    Unclosed,
    #[error("stray '}}' (write '}}}}' for a literal brace)")]
    Stray,
    #[error("empty template")]
    Empty,
    /// As written (`｛item｝`, `{item｝`), and the name in it.
    #[error("{0} uses full-width braces; write {{{1}}}")]
    FullWidth(String, String),
}

/// The variable meant by a misspelt one, else every variable there is.
fn var_hint(name: &str) -> String {
    match super::source::closest(name, TEMPLATE_VARS.iter().copied()) {
        Some(meant) => format!("did you mean {{{meant}}}?"),
        None => format!("known: {}", TEMPLATE_VARS.join(", ")),
    }
}

impl Template {
    pub fn parse(source: &str) -> Result<Template, TemplateError> {
        Template::parse_placed(source).map_err(|(e, _)| e)
    }

    /// [`parse`](Self::parse), with the byte of `source` where the mistake
    /// is: the `{` of the unknown variable or of the hole left open, the
    /// stray `}`, the full-width hole; `None` for an empty template, which
    /// is wrong as a whole. A load error points there.
    pub fn parse_placed(source: &str) -> Result<Template, (TemplateError, Option<usize>)> {
        if source.trim().is_empty() {
            return Err((TemplateError::Empty, None));
        }
        if let Some((written, name)) = full_width_hole(source) {
            let at = source.find(written.as_str());
            return Err((TemplateError::FullWidth(written, name), at));
        }
        let mut parts = Vec::new();
        let mut literal = String::new();
        let mut chars = source.char_indices().peekable();
        while let Some((i, c)) = chars.next() {
            let doubled = chars.peek().map(|&(_, next)| next) == Some(c);
            match c {
                '{' | '}' if doubled => {
                    chars.next();
                    literal.push(c);
                }
                '}' => return Err((TemplateError::Stray, Some(i))),
                '{' => {
                    let mut name = String::new();
                    loop {
                        match chars.next() {
                            Some((_, '}')) => break,
                            Some((_, c)) => name.push(c),
                            None => return Err((TemplateError::Unclosed, Some(i))),
                        }
                    }
                    let name = name.trim().to_string();
                    if !TEMPLATE_VARS.contains(&name.as_str()) {
                        return Err((TemplateError::UnknownVar(name), Some(i)));
                    }
                    if !literal.is_empty() {
                        parts.push(Part::Literal(std::mem::take(&mut literal)));
                    }
                    parts.push(Part::Var(name));
                }
                c => literal.push(c),
            }
        }
        if !literal.is_empty() {
            parts.push(Part::Literal(literal));
        }
        Ok(Template {
            source: source.to_string(),
            parts,
        })
    }

    /// Whether `text` may hold a hole, half- or full-width: text without
    /// one need not be parsed.
    pub fn may_hold_holes(text: &str) -> bool {
        text.contains(['{', '}', '｛', '｝'])
    }

    /// The text as the supervisor wrote it.
    pub fn source(&self) -> &str {
        &self.source
    }

    /// The variables this template needs.
    pub fn vars(&self) -> impl Iterator<Item = &str> {
        self.parts.iter().filter_map(|p| match p {
            Part::Var(v) => Some(v.as_str()),
            Part::Literal(_) => None,
        })
    }

    /// Fills the holes; `None` when a variable has no value here, so the
    /// caller can pick another variant instead of sending a broken sentence.
    pub fn render(&self, lookup: impl Fn(&str) -> Option<String>) -> Option<String> {
        let mut out = String::with_capacity(self.source.len() + 16);
        for part in &self.parts {
            match part {
                Part::Literal(s) => out.push_str(s),
                Part::Var(v) => out.push_str(&lookup(v)?),
            }
        }
        Some(out)
    }
}

/// The first hole with a full-width brace, `｛item｝` or `{item｝`: a
/// name of ASCII letters between braces of which one at least is
/// full-width. Chinese text between full-width braces is left alone: it
/// was not meant as a hole.
fn full_width_hole(source: &str) -> Option<(String, String)> {
    let mut rest = source;
    while let Some(open) = rest.find(['{', '｛']) {
        let after = &rest[open..];
        let brace = after.chars().next()?;
        let inner = &after[brace.len_utf8()..];
        let name_end = inner
            .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_' || c == ' '))
            .unwrap_or(inner.len());
        let name = inner[..name_end].trim();
        let close = inner[name_end..].chars().next();
        if let Some(close @ ('}' | '｝')) = close {
            let starts_name = name.starts_with(|c: char| c.is_ascii_alphabetic());
            if starts_name && (brace == '｛' || close == '｝') {
                let written = &after[..brace.len_utf8() + name_end + close.len_utf8()];
                return Some((written.to_string(), name.to_string()));
            }
        }
        rest = inner;
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn renders_known_variables() {
        let t = Template::parse("亲,{item}的{size}码有货哦~").unwrap();
        assert_eq!(t.vars().collect::<Vec<_>>(), ["item", "size"]);
        let text = t.render(|v| {
            Some(if v == "item" {
                "卫衣".into()
            } else {
                "L".into()
            })
        });
        assert_eq!(text.as_deref(), Some("亲,卫衣的L码有货哦~"));
    }

    #[test]
    fn a_missing_value_makes_the_variant_unusable() {
        let t = Template::parse("{coupon}").unwrap();
        assert_eq!(t.render(|_| None), None);
    }

    #[test]
    fn rejects_bad_templates() {
        assert_eq!(
            Template::parse("亲{itme}").unwrap_err(),
            TemplateError::UnknownVar("itme".into())
        );
        assert_eq!(
            Template::parse("亲{item").unwrap_err(),
            TemplateError::Unclosed
        );
        assert_eq!(Template::parse("亲}").unwrap_err(), TemplateError::Stray);
        assert_eq!(Template::parse("  ").unwrap_err(), TemplateError::Empty);
        assert_eq!(
            Template::parse("亲,｛item｝有货哦")
                .unwrap_err()
                .to_string(),
            "｛item｝ uses full-width braces; write {item}"
        );
        assert_eq!(
            Template::parse("{size｝码").unwrap_err().to_string(),
            "{size｝ uses full-width braces; write {size}"
        );
        // Each mistake is placed at its brace.
        for (source, at) in [
            ("亲{{x}}{itme}", 8),
            ("亲,{ item }{itme", 12),
            ("亲{item}}", 9),
            ("亲,｛item｝有货哦", 4),
        ] {
            let (e, placed) = Template::parse_placed(source).unwrap_err();
            assert_eq!(placed, Some(at), "{source}: {e}");
        }
        assert_eq!(Template::parse_placed(" ").unwrap_err().1, None);
        // Chinese in full-width braces is text, not a hole.
        assert!(Template::parse("｛限时｝特价{item}").is_ok());
        assert_eq!(
            Template::parse("{{字面}}")
                .unwrap()
                .render(|_| None)
                .as_deref(),
            Some("{字面}")
        );
    }
}
