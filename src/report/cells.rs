//! Text into table cells, for the reports and the handover export.
//! (The HTML report's text goes through [`html`], for the same reason.)
//!
//! Much of what goes into a cell was typed by a buyer (the handover's
//! summary and question, the report's unmatched phrases), so a cell must not
//! be able to break its table, nor be taken for anything but text by the
//! program that opens it.
//!
//! - Markdown: `|` would end the cell and a line break the row.
//! - CSV (RFC 4180): a field holding a comma, a quote or a line break is
//!   quoted, its quotes doubled. And a field beginning with `=`, `+`, `-`,
//!   `@`, a tab or a carriage return is a formula to Excel and LibreOffice
//!   (CSV injection: a buyer writing `=HYPERLINK(…)` would get a live link
//!   into the supervisor's spreadsheet), so such a field is prefixed with `'`,
//!   which both show as text. Numbers are left alone: `-3` is a number, not a
//!   formula, and the report's figures are written as numbers.

/// `text` as one Markdown table cell: pipes escaped, line breaks as spaces.
pub fn markdown(text: &str) -> String {
    text.replace('|', "\\|").replace(['\r', '\n'], " ")
}

/// `text` as HTML text or a double-quoted attribute value.
pub fn html(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
        .replace('\'', "&#39;")
}

/// `text` as one CSV field, quoted when it must be and never a formula.
pub fn csv(text: &str) -> String {
    let starts_like_formula = text.starts_with(['=', '+', '-', '@', '\t', '\r']);
    let field = if starts_like_formula && text.parse::<f64>().is_err() {
        format!("'{text}")
    } else {
        text.to_string()
    };
    if field.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", field.replace('"', "\"\""))
    } else {
        field
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markdown_cells_cannot_break_the_table() {
        assert_eq!(markdown("S|M\r\n码"), "S\\|M  码");
        assert_eq!(markdown("包邮吗"), "包邮吗");
    }

    #[test]
    fn html_text_cannot_open_a_tag() {
        assert_eq!(
            html("<script>\"a\"&'b'"),
            "&lt;script&gt;&quot;a&quot;&amp;&#39;b&#39;"
        );
    }

    #[test]
    fn csv_fields_are_quoted_when_they_must_be() {
        assert_eq!(csv("包邮吗"), "包邮吗");
        assert_eq!(csv("a,b"), "\"a,b\"");
        assert_eq!(csv("说\"好的\""), "\"说\"\"好的\"\"\"");
        assert_eq!(csv("第一行\r\n第二行"), "\"第一行\r\n第二行\"");
        assert_eq!(csv(""), "");
    }

    #[test]
    fn a_buyer_cannot_write_a_formula_into_the_export() {
        assert_eq!(
            csv("=HYPERLINK(\"http://x\")"),
            "\"'=HYPERLINK(\"\"http://x\"\")\""
        );
        assert_eq!(csv("+1 优惠"), "'+1 优惠");
        assert_eq!(csv("@sum"), "'@sum");
        assert_eq!(csv("-"), "'-");
        assert_eq!(csv("\tx"), "'\tx");
        // Numbers stay numbers.
        assert_eq!(csv("-3"), "-3");
        assert_eq!(csv("+2.5"), "+2.5");
        assert_eq!(csv("0.35"), "0.35");
    }
}
