//! The tree written back as the reference's serializer writes it, with only the allowed
//! attributes.

use super::links;
use super::names::Name;
use super::tree::{Child, Tree};

impl Tree {
    /// The fragment as HTML, before the last step (`&amp;` back to `&`).
    pub(super) fn serialize(&self) -> String {
        let mut html = String::new();
        self.write_children(0, &mut html);
        html
    }

    /// Writes `parent`'s children, depth first, with an explicit stack (no recursion: the
    /// nesting depth is the input's).
    fn write_children(&self, parent: usize, html: &mut String) {
        // (node, next child index)
        let mut stack: Vec<(usize, usize)> = vec![(parent, 0)];
        while let Some((node, index)) = stack.pop() {
            let Some(child) = self.node(node).children.get(index) else {
                if node != parent {
                    let name = self.name(node);
                    if name != Name::Br {
                        html.push_str("</");
                        html.push_str(name.as_str());
                        html.push('>');
                    }
                }
                continue;
            };
            stack.push((node, index + 1));
            match child {
                Child::Text(text) => html.push_str(&escape_text(text)),
                Child::Element(id) => {
                    self.write_start_tag(*id, html);
                    stack.push((*id, 0));
                }
            }
        }
    }

    fn write_start_tag(&self, node: usize, html: &mut String) {
        let node = self.node(node);
        html.push('<');
        html.push_str(node.name.as_str());
        for (attribute, value) in &node.attributes {
            if !attribute_allowed(node.name, attribute, value) {
                continue;
            }
            let (quote, written) = quote_value(value);
            if attribute == "href" && !links::href_allowed(value, &written, quote) {
                continue;
            }
            html.push(' ');
            html.push_str(attribute);
            html.push('=');
            html.push(quote);
            html.push_str(&written);
            html.push(quote);
        }
        html.push('>');
    }
}

/// Text as the reference writes it: control characters as `?`, `<` and `>` escaped, `&` as
/// written (the reference keeps character references, and every `&` it escapes becomes `&`
/// again at the end).
pub(super) fn escape_text(text: &str) -> String {
    let mut escaped = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '<' => escaped.push_str("&lt;"),
            '>' => escaped.push_str("&gt;"),
            '\0'..='\u{8}' | '\u{b}' | '\u{c}' | '\u{e}'..='\u{1f}' => escaped.push('?'),
            c => escaped.push(c),
        }
    }
    escaped
}

/// An attribute's value as the reference's serializer writes it: `&` and `<` escaped, between
/// double quotes unless the value has a `"` and no `'`. The quote and the value between them.
fn quote_value(value: &str) -> (char, String) {
    let escaped = value.replace('&', "&amp;").replace('<', "&lt;");
    if escaped.contains('"') && !escaped.contains('\'') {
        ('\'', escaped)
    } else {
        // In double quotes the reference's serializer also turns `&amp;` back into `&` (it
        // re-escapes bare ampersands, which the last step undoes).
        ('"', escaped.replace('"', "&quot;").replace("&amp;", "&"))
    }
}

/// The allow-list of attributes: `a` → `href` (see [`links`]), `title`, `target` (`_blank` or
/// `_top`); `abbr`, `acronym` → `title`.
fn attribute_allowed(tag: Name, attribute: &str, value: &str) -> bool {
    match (tag, attribute) {
        (Name::A, "href" | "title") | (Name::Abbr | Name::Acronym, "title") => true,
        (Name::A, "target") => matches!(value, "_blank" | "_top"),
        _ => false,
    }
}
