//! The tree written back as the reference's serializer writes it, with only the allowed
//! attributes.

use super::arena::Content;
use super::links;
use super::names::Name;
use super::tree::Tree;

impl Tree {
    /// The fragment as HTML, before the last step (`&amp;` back to `&`).
    pub(super) fn serialize(&self) -> String {
        let nodes = self.nodes();
        let mut html = String::new();
        // Depth first, with an explicit stack (no recursion: the nesting depth is the
        // input's): (an element whose children are being written, its next child).
        let mut stack: Vec<(usize, Option<usize>)> = vec![(0, nodes.first_child(0))];
        let mut reached = 0;
        while let Some((parent, child)) = stack.pop() {
            let Some(child) = child else {
                let name = nodes.name(parent);
                if !matches!(name, Name::Root | Name::Br) {
                    html.push_str("</");
                    html.push_str(name.as_str());
                    html.push('>');
                }
                continue;
            };
            // Each node is reached once: more means the links loop (a bug), which would grow the
            // stack for ever. Tests stop at once.
            reached += 1;
            debug_assert!(reached < nodes.len(), "the tree's links loop");
            stack.push((parent, nodes.next_sibling(child)));
            match nodes.content(child) {
                Content::Text(text) => html.push_str(&escape_text(text)),
                Content::Element(name, attributes) => {
                    write_start_tag(name, attributes, &mut html);
                    stack.push((child, nodes.first_child(child)));
                }
            }
        }
        html
    }
}

fn write_start_tag(name: Name, attributes: &[(String, String)], html: &mut String) {
    html.push('<');
    html.push_str(name.as_str());
    for (attribute, value) in attributes {
        if !attribute_allowed(name, attribute, value) {
            continue;
        }
        let (quote, written) = quote_value(value);
        if attribute == "href" && !links::href_allowed(value, &written) {
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
    if !value.contains(['&', '<', '"']) {
        return ('"', value.to_owned());
    }
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
