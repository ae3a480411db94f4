//! Reply templates: text with `{variable}` holes.
//!
//! Templates are parsed when scripts load, so an unknown variable or a stray
//! brace is a load error with file:line, never a surprise in front of a buyer.
//! `{{` and `}}` stand for literal braces.

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
        if source.trim().is_empty() {
            return Err(TemplateError::Empty);
        }
        let mut parts = Vec::new();
        let mut literal = String::new();
        let mut chars = source.chars().peekable();
        while let Some(c) = chars.next() {
            match c {
                '{' if chars.peek() == Some(&'{') => {
                    chars.next();
                    literal.push('{');
                }
                '}' if chars.peek() == Some(&'}') => {
                    chars.next();
                    literal.push('}');
                }
                '}' => return Err(TemplateError::Stray),
                '{' => {
                    let mut name = String::new();
                    loop {
                        match chars.next() {
                            Some('}') => break,
                            Some(c) => name.push(c),
                            None => return Err(TemplateError::Unclosed),
                        }
                    }
                    let name = name.trim().to_string();
                    if !TEMPLATE_VARS.contains(&name.as_str()) {
                        return Err(TemplateError::UnknownVar(name));
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
            Template::parse("{{字面}}")
                .unwrap()
                .render(|_| None)
                .as_deref(),
            Some("{字面}")
        );
    }
}
