//! The cleaner on small inputs: what is escaped, kept, dropped, and the links a browser would
//! run.

use super::html_sanitize;

fn clean(text: &str) -> String {
    html_sanitize(text.to_owned())
}

/// Checks that each input cleans to its output.
pub(super) fn assert_cleans(cases: &[(&str, &str)]) {
    for &(input, output) in cases {
        assert_eq!(clean(input), output, "{input}");
    }
}

#[test]
fn escapes_what_is_not_allowed() {
    assert_eq!(
        clean("<script>x</script>Hi"),
        "&lt;script&gt;x&lt;/script&gt;Hi"
    );
    assert_eq!(
        clean("<img src=x onerror=alert(1)>"),
        "&lt;img src=x onerror=alert(1)&gt;"
    );
    assert_eq!(clean("<scr<script>ipt>"), "&lt;scr&lt;script&gt;ipt&gt;");
    assert_eq!(clean("<unclosed"), "&lt;unclosed");
    assert_eq!(clean("a < b > c"), "a &lt; b &gt; c");
}

#[test]
fn keeps_allowed_markup() {
    assert_eq!(clean("<b>unclosed"), "<b>unclosed</b>");
    assert_eq!(clean("</b>stray"), "stray");
    assert_eq!(clean("<B>Up</B><br/>"), "<b>Up</b><br>");
    assert_eq!(
        clean(r#"<a href="x" onclick="y" target="_blank">l</a>"#),
        r#"<a href="x" target="_blank">l</a>"#
    );
    assert_eq!(clean(r#"<a href="javascript:alert(1)">j</a>"#), "<a>j</a>");
    assert_eq!(clean("<b><i>x</b>y</i>"), "<b><i>x</i></b><i>y</i>");
}

#[test]
fn malformed_tags_as_the_platform_reads_them() {
    // Cut short by the end of the input: text in the tag's name, dropped further in.
    assert_eq!(clean("<a b"), "");
    assert_eq!(clean("<a b=c"), "");
    assert_eq!(clean("<a "), "");
    assert_eq!(clean("<a b=\"c"), "");
    assert_eq!(clean("<http://"), "");
    // `</` and no letter: text, unless empty or naming an allowed tag.
    assert_eq!(clean("</ x>"), "&lt;/ x&gt;");
    assert_eq!(clean("x</>y"), "xy");
    assert_eq!(clean("</ b>"), "");
    // A `<` in an attribute's name is a parse error; the tag is still one piece of text.
    assert_eq!(clean("<y <b>x"), "&lt;y &lt;b&gt;x");
    assert_eq!(clean(r#"<a title='a"b'>t</a>"#), r#"<a title='a"b'>t</a>"#);
    assert_eq!(clean("<li>a<li>b"), "<li>a</li><li>b</li>");
    // Kept as written (the platform's cleaner loses the `é`).
    assert_eq!(clean("&#é;"), "&#é;");
}

#[test]
fn entities_and_comments() {
    assert_eq!(clean("a &amp;lt; b &nbsp; &foo;"), "a &lt; b &nbsp; &foo;");
    assert_eq!(clean("<!-- c -->x"), "x");
    assert_eq!(clean("\u{1f}7\0"), "?7");
}

#[test]
fn decodes_references_before_checking_a_protocol() {
    assert_eq!(clean(r#"<a href="javascript&colon;x">y</a>"#), "<a>y</a>");
    assert_eq!(clean(r#"<a href="java&#115;cript:x">y</a>"#), "<a>y</a>");
    assert_eq!(
        clean(r#"<a href="https://e.com/?a=1&amp;b=2">y</a>"#),
        r#"<a href="https://e.com/?a=1&b=2">y</a>"#
    );
}

#[test]
fn unchanged_text_is_not_copied() {
    let text = String::from("Plain text, \"quoted\" and 'single', é ①");
    let buffer = text.as_ptr();
    let clean = html_sanitize(text);
    assert_eq!(clean.as_ptr(), buffer);
}

#[test]
fn deep_nesting_neither_overflows_nor_takes_quadratic_time() {
    let deep = "<blockquote>".repeat(200_000);
    let clean = html_sanitize(deep);
    assert!(clean.starts_with("<blockquote><blockquote>"));
    let many = format!(
        "<abbr><blockquote>{}{}",
        "<acronym>".repeat(50_000),
        "</abbr>".repeat(50_000)
    );
    let _ = html_sanitize(many);
}

#[test]
fn links_are_decided_on_the_bytes_written() {
    // Each hides a scheme from a check of the value as read: behind a reference that the
    // last step (`&amp;` → `&`) creates again, a named reference for a tab, newline or colon,
    // a numeric reference without `;`, a leading control character, a port-like tail.
    for hidden in [
        "&amp;#106;avascript:alert(1)",
        "&amp;#x6A;avascript:x",
        "&amp;#106avascript:x",
        "&amp;#0000106;avascript:x",
        "java&amp;Tab;script:x",
        "java&amp;NewLine;script:x",
        "javascript&amp;colon;x",
        " &amp;#1;javascript:x",
        "vbscript&amp;colon;x",
        "&amp;#100;ata:text/html,x",
        "javascript:1",
    ] {
        assert_eq!(
            clean(&format!(r#"<a href="{hidden}">x</a>"#)),
            "<a>x</a>",
            "{hidden}"
        );
        assert_eq!(
            clean(&format!("<a href={hidden}>x</a>")),
            "<a>x</a>",
            "{hidden}"
        );
    }
    // Anchors in anchors: the inner one is split out, and checked as well.
    assert_eq!(
        clean(r#"<a href="https://e.com"><a href="&amp;#106;avascript:x">x</a></a>"#),
        r#"<a href="https://e.com"></a><a>x</a>"#
    );
    // What a browser reads as no scheme, or an allowed one, stays as the reference writes it.
    for (input, output) in [
        (
            r#"<a href="&#38;#106;avascript:x">x</a>"#,
            r#"<a href="&#38;#106;avascript:x">x</a>"#,
        ),
        (
            r#"<a href='&amp;#106;avascript:"'>y</a>"#,
            r#"<a href='&amp;#106;avascript:"'>y</a>"#,
        ),
        (
            r#"<a title="&amp;quot;>" href="https://e.com/?a=1&amp;b=2">x</a>"#,
            r#"<a title="&quot;>" href="https://e.com/?a=1&b=2">x</a>"#,
        ),
        (
            r#"<a href="mailto:a@e.com">m</a>"#,
            r#"<a href="mailto:a@e.com">m</a>"#,
        ),
    ] {
        assert_eq!(clean(input), output, "{input}");
    }
}

#[test]
fn a_tree_whose_repair_would_copy_too_much_is_written_as_text() {
    // Each `</blockquote>` closes the two formatting elements, each `x` opens copies of them
    // again, with their 100 KB titles: written out, 300 copies of 200 KB. (Few blockquotes, so
    // that the walks along the stack stay far below the budget: the copies alone exceed it.)
    let title = "t".repeat(100_000);
    let input = format!(
        "{}<b title={title}><i title={title}>{}",
        "<blockquote>".repeat(300),
        "x</blockquote>".repeat(300)
    );
    let output = clean(&input);
    assert!(output.len() < 2 * input.len(), "{} bytes", output.len());
    assert!(output.starts_with("&lt;blockquote&gt;"));
}
