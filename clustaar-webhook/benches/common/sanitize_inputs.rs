//! The inputs of the sanitizer bench (`benches/sanitize.rs`): families of texts, each built to
//! about a given number of bytes by repeating a unit, most of them shaped to make a naive HTML
//! cleaner slow (quadratic or worse in the length of the input).
//!
//! Each generator takes a length in bytes and gives a text of at most that many bytes, short of
//! it by less than one unit (a few dozen bytes). The text is always the same for a length.

use std::fmt::Write as _;

/// A family's generator: the text of about `len` bytes.
pub(crate) type Generator = fn(usize) -> String;

/// The families, by name (short snake_case, used in bench ids and file names).
pub(crate) fn families() -> Vec<(&'static str, Generator)> {
    vec![
        ("prose", prose),
        ("plain", plain),
        ("open_tags", open_tags),
        ("lt_attribute_names", lt_attribute_names),
        ("attributes_allowed_tag", attributes_allowed_tag),
        ("attributes_disallowed_tag", attributes_disallowed_tag),
        ("deep_nesting", deep_nesting),
        ("deep_nesting_b", deep_nesting_b),
        ("misnested", misnested),
        ("misnested_open", misnested_open),
        ("nested_anchors", nested_anchors),
        ("list_items", list_items),
        ("nested_lists", nested_lists),
        ("lone_ampersand", lone_ampersand),
        ("named_references", named_references),
        ("lone_lt", lone_lt),
        ("lt_run", lt_run),
        ("end_tag_open", end_tag_open),
        ("comment_open", comment_open),
        ("unclosed_comment", unclosed_comment),
        ("long_attribute_value", long_attribute_value),
        ("long_tag_name", long_tag_name),
        ("href_references", href_references),
        ("carriage_returns", carriage_returns),
    ]
}

/// `prefix`, then `unit(0)`, `unit(1)`… as long as they fit, then `suffix`: at most `len`
/// bytes (unless `prefix` and `suffix` alone are longer).
fn build(
    len: usize,
    prefix: &str,
    mut unit: impl FnMut(usize, &mut String),
    suffix: &str,
) -> String {
    let mut text = String::with_capacity(len);
    text.push_str(prefix);
    let mut next = String::new();
    for i in 0.. {
        next.clear();
        unit(i, &mut next);
        assert!(!next.is_empty(), "an empty unit never fills the text");
        if text.len() + next.len() + suffix.len() > len {
            break;
        }
        text.push_str(&next);
    }
    text.push_str(suffix);
    text
}

/// `prefix`, `unit` repeated as long as it fits, then `suffix`.
fn repeat(len: usize, prefix: &str, unit: &str, suffix: &str) -> String {
    build(len, prefix, |_, text| text.push_str(unit), suffix)
}

/// What a chat message looks like: prose with allowed markup, a link whose query holds `&`,
/// references, line breaks, a few accented letters, and an `<img>` that gets escaped.
fn prose(len: usize) -> String {
    repeat(
        len,
        "",
        "Hello <b>there</b>, see <a href=\"https://example.com/?a=1&b=2\">this page</a> \
         &amp; <i>that one</i>: a naïve café, déjà vu.<br>\nAn image: <img src=x> (escaped).\n",
        "",
    )
}

/// Text without a markup character: the sanitizer's fast path.
fn plain(len: usize) -> String {
    repeat(len, "", "The quick brown fox jumps over the lazy dog. ", "")
}

/// Disallowed tags opened and never closed: `<y <y <y …` (each `<y` an attribute name of the
/// first tag to an HTML tokenizer).
fn open_tags(len: usize) -> String {
    repeat(len, "", "<y ", "")
}

/// One disallowed tag whose attribute names all start with `<` and are distinct:
/// `<y <a0 <a1 <a2 … >`.
fn lt_attribute_names(len: usize) -> String {
    build(len, "<y ", |i, text| write!(text, "<a{i} ").unwrap(), ">")
}

/// One allowed tag with thousands of distinct attributes: `<b a0=1 a1=1 …>x`.
fn attributes_allowed_tag(len: usize) -> String {
    build(len, "<b", |i, text| write!(text, " a{i}=1").unwrap(), ">x")
}

/// One disallowed tag with thousands of distinct attributes: `<y a0=1 a1=1 …>x`.
fn attributes_disallowed_tag(len: usize) -> String {
    build(len, "<y", |i, text| write!(text, " a{i}=1").unwrap(), ">x")
}

/// Allowed block elements nested as deep as the input allows: `<blockquote><blockquote>…x`.
fn deep_nesting(len: usize) -> String {
    repeat(len, "", "<blockquote>", "x")
}

/// Formatting elements nested as deep as the input allows: `<b><b><b>…x`.
fn deep_nesting_b(len: usize) -> String {
    repeat(len, "", "<b>", "x")
}

/// Misnested formatting elements, each closed in the wrong order: `<b><i>x</b>y</i>` repeated
/// (the adoption agency algorithm's case).
fn misnested(len: usize) -> String {
    repeat(len, "", "<b><i>x</b>y</i>", "")
}

/// Formatting elements opened in pairs, never closed: `<b><i><b><i>…x`.
fn misnested_open(len: usize) -> String {
    repeat(len, "", "<b><i>", "x")
}

/// Links opened inside links, never closed: `<a href="https://e.com"><a href=…>…x` (each
/// new `<a>` closes the previous one in an HTML parser).
fn nested_anchors(len: usize) -> String {
    repeat(len, "", "<a href=\"https://e.com\">", "x")
}

/// List items without a list, never closed: `<li>x<li>x…` (each closes the previous one).
fn list_items(len: usize) -> String {
    repeat(len, "", "<li>x", "")
}

/// Lists nested in list items as deep as the input allows: `<ul><li><ul><li>…x`.
fn nested_lists(len: usize) -> String {
    repeat(len, "", "<ul><li>", "x")
}

/// Ampersands that start no reference: `& & & …`.
fn lone_ampersand(len: usize) -> String {
    repeat(len, "", "& ", "")
}

/// Named character references, with and without a meaning in HTML:
/// `&lt;&amp;&nbsp;&copy;&colon;` repeated.
fn named_references(len: usize) -> String {
    repeat(len, "", "&lt;&amp;&nbsp;&copy;&colon;", "")
}

/// Less-than signs that open no tag: `< < < …`.
fn lone_lt(len: usize) -> String {
    repeat(len, "", "< ", "")
}

/// One run of less-than signs: `<<<<…`.
fn lt_run(len: usize) -> String {
    repeat(len, "", "<", "")
}

/// End tags opened and never named: `</</</…`.
fn end_tag_open(len: usize) -> String {
    repeat(len, "", "</", "")
}

/// Comments opened inside one comment: `<!--<!--<!--…`.
fn comment_open(len: usize) -> String {
    repeat(len, "", "<!--", "")
}

/// One comment never closed, over the whole input: `<!-- lorem ipsum …`.
fn unclosed_comment(len: usize) -> String {
    repeat(len, "<!-- ", "lorem ipsum dolor sit amet ", "")
}

/// One allowed attribute with a value as long as the input: `<a title="…">x</a>`.
fn long_attribute_value(len: usize) -> String {
    repeat(len, "<a title=\"", "value with words ", "\">x</a>")
}

/// One tag whose name is as long as the input: `<abcdefgh…>`.
fn long_tag_name(len: usize) -> String {
    repeat(len, "<", "abcdefghijklmnopqrstuvwxyz", ">")
}

/// Links whose `href` holds character references, some of them escaped so that turning `&amp;`
/// back into `&` makes new ones: `<a href="&#106;avascript&colon;x&amp;#106;">y</a>` repeated.
fn href_references(len: usize) -> String {
    repeat(
        len,
        "",
        "<a href=\"&#106;avascript&colon;x&amp;#106;\">y</a>",
        "",
    )
}

/// Carriage returns alone and before line feeds, in text and between tags:
/// `a\r\n<b>\r</b>\r` repeated.
fn carriage_returns(len: usize) -> String {
    repeat(len, "", "a\r\n<b>\r</b>\r", "")
}
