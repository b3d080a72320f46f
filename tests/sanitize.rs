//! `html_sanitize` is safe for any text, as a browser reads its output: random concatenations of
//! markup fragments and whole start tags (tags, attributes, character references, hidden
//! `javascript:` schemes, controls), each checked by the `sanitize` fuzz target's own check
//! (`fuzz/src/lib.rs`, `sanitize_failure`): parsed by html5ever's tree builder, the output holds
//! only allowed elements and attributes, only safe `href` schemes, and cleans to itself.

use proptest::prelude::*;

use crate::fuzz_regressions::checks::{parsed_output_is_safe, sanitize_failure, url_scheme};

/// The pieces inputs are made of, biased toward markup and the ways of hiding a scheme.
const FRAGMENTS: &[&str] = &[
    "<",
    ">",
    "</",
    "/>",
    "<a ",
    "<a>",
    "</a>",
    "<b>",
    "</b>",
    "<i>",
    "</i>",
    "<li>",
    "<ul>",
    "</ul>",
    "<ol>",
    "<br>",
    "<code>",
    "<abbr ",
    "<blockquote>",
    "</blockquote>",
    "<y ",
    "<img ",
    "<script>",
    "<svg>",
    "<html ",
    "href=",
    "title=",
    "target=_blank",
    "target=",
    "onclick=",
    "\"",
    "'",
    "=",
    "&",
    "&amp;",
    "#",
    "#106;",
    "&#106;",
    "&#x6A",
    "&#X6a;",
    "&Tab;",
    "&NewLine;",
    "&colon;",
    "&#58",
    "&#38;",
    "&lt;",
    ";",
    "javascript:",
    "javascript",
    "java",
    "script",
    "script:",
    "avascript:",
    "j",
    ":",
    "colon;",
    "Tab;",
    "#58;",
    "#x3a",
    "vbscript:",
    "data:",
    "http://",
    "mailto:",
    "//",
    " ",
    "\t",
    "\n",
    "\r",
    "\0",
    "\u{1}",
    "<!--",
    "-->",
    "<!",
    "?",
    "x",
    "a",
    "e",
    "é",
];

/// The pieces attribute values are made of: the ways of spelling or hiding a scheme.
const VALUE_FRAGMENTS: &[&str] = &[
    "javascript",
    "java",
    "script",
    "avascript",
    "j",
    "J",
    "&#106;",
    "&#106",
    "&#x6A;",
    "&#x6a",
    "&amp;",
    "&",
    "#106;",
    "#x6a;",
    ":",
    "&colon;",
    "colon;",
    "&#58;",
    "&#58",
    "#58;",
    "&#38;",
    "&#38",
    "&Tab;",
    "Tab;",
    "&NewLine;",
    "&#9;",
    "&#x20;",
    "&#0;",
    "\t",
    "\n",
    "\r",
    " ",
    "\0",
    "\u{1}",
    "vbscript",
    "data",
    "http",
    "mailto",
    "//e.com/",
    "?a=1",
    "_blank",
    "_top",
    "x",
];

/// `c` written the `how`-th way: as itself (most often, and what shrinking goes to), as a
/// character reference (decimal or hexadecimal, with or without `;`), as one hidden behind an
/// escaped `&` (`&amp;`, `&#38;`), or with a tab or newline, or their references, before it.
fn spell(c: char, how: u8) -> String {
    let n = u32::from(c);
    match how.checked_sub(29) {
        Some(0) => format!("&#{n};"),
        Some(1) => format!("&#{n}"),
        Some(2) => format!("&#x{n:x};"),
        Some(3) => format!("&#X{n:X}"),
        Some(4) => format!("&amp;#{n};"),
        Some(5) => format!("&amp;#x{n:x};"),
        Some(6) => format!("&#38;#{n};"),
        Some(7) => format!("&Tab;{c}"),
        Some(8) => format!("&NewLine;{c}"),
        Some(9) => format!("\t{c}"),
        Some(10) => format!("\n{c}"),
        _ => c.to_string(),
    }
}

/// A URL with a scheme, its letters and colon spelt in many ways, after spaces or controls.
fn url() -> impl Strategy<Value = String> {
    (
        prop::sample::select(
            &[
                "",
                " ",
                "\t",
                "&#x20;",
                "&#9;",
                "\u{1}",
                "&Tab;",
                "&NewLine;",
            ][..],
        ),
        prop::sample::select(
            &[
                "javascript",
                "JaVaScRiPt",
                "vbscript",
                "data",
                "http",
                "mailto",
            ][..],
        ),
        prop::collection::vec(0u8..40, 10),
        prop::sample::select(
            &[
                ":",
                "&colon;",
                "&#58;",
                "&#58",
                "&#x3a;",
                "&amp;colon;",
                "&amp;#58;",
                "&#38;colon;",
                "%3a",
            ][..],
        ),
        // Digits alone after the colon: the reference reads `javascript:1` as a host and a
        // port, a browser as a scheme.
        prop::sample::select(&["alert(1)", "//e.com/", "x", "", "1", "8080"][..]),
    )
        .prop_map(|(lead, scheme, hows, colon, rest)| {
            let scheme: String = scheme
                .chars()
                .zip(hows)
                .map(|(c, how)| spell(c, how))
                .collect();
            format!("{lead}{scheme}{colon}{rest}")
        })
}

/// An attribute value: a URL whose scheme is spelt in many ways, or a few value fragments.
fn value() -> impl Strategy<Value = String> {
    prop_oneof![
        url(),
        prop::collection::vec(prop::sample::select(VALUE_FRAGMENTS), 0..10)
            .prop_map(|pieces| pieces.concat()),
    ]
}

/// A start tag with a few attributes, quoted or not.
fn tag() -> impl Strategy<Value = String> {
    let attribute = (
        prop::sample::select(&["href", "title", "target", "onclick", "HREF", "src"][..]),
        prop::sample::select(&["\"", "'", ""][..]),
        value(),
    )
        .prop_map(|(name, quote, value)| format!(" {name}={quote}{value}{quote}"));
    (
        prop::sample::select(&["a", "A", "abbr", "b", "y", "img"][..]),
        prop::collection::vec(attribute, 0..3),
        prop::sample::select(&[">", "/>", " >", ""][..]),
    )
        .prop_map(|(name, attributes, end)| format!("<{name}{}{end}", attributes.concat()))
}

/// One piece: mostly a fragment, often a whole tag, sometimes any character.
fn piece() -> impl Strategy<Value = String> {
    prop_oneof![
        12 => prop::sample::select(FRAGMENTS).prop_map(str::to_owned),
        4 => tag(),
        1 => any::<char>().prop_map(String::from),
    ]
}

/// Up to 40 pieces, end to end.
fn markup() -> impl Strategy<Value = String> {
    prop::collection::vec(piece(), 0..40).prop_map(|pieces| pieces.concat())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 2000, ..ProptestConfig::default() })]

    #[test]
    fn any_text_sanitizes_to_safe_html(input in markup()) {
        if let Some(failure) = sanitize_failure(&input) {
            return Err(TestCaseError::fail(failure));
        }
    }
}

/// The check itself tells safe output from unsafe, as a browser would read it.
#[test]
fn the_check_reads_output_as_a_browser() {
    for safe in [
        "",
        "plain &amp; text &lt;b&gt;",
        r#"<b>b</b><i>i</i><ul><li>x</li></ul><br><blockquote><code>c</code></blockquote>"#,
        r#"<a href="https://e.com/?a=1&amp;b=2" title="t" target="_blank">l</a>"#,
        r#"<a href="mailto:x@e.com" target="_top">m</a><a href="/relative:x">r</a>"#,
        r#"<abbr title="t">a</abbr><acronym title="t">b</acronym>"#,
        "<a href=\"&#106;avascript\">no colon, no scheme</a>",
    ] {
        assert_eq!(parsed_output_is_safe(safe), Ok(()), "{safe}");
    }
    for (unsafe_html, rule) in [
        (r#"<a href="javascript:alert(1)">x</a>"#, "(d)"),
        (r#"<a href="&#106;avascript:alert(1)">x</a>"#, "(d)"),
        (r#"<a href="java&Tab;script&colon;x">x</a>"#, "(d)"),
        (r#"<a href=" &#1;JavaScript:x">x</a>"#, "(d)"),
        (r#"<a href="data:text/html,x">x</a>"#, "(d)"),
        (r#"<a href="https://e.com" onclick="x">x</a>"#, "(c)"),
        (r#"<a target="_self">x</a>"#, "(c)"),
        (r#"<b title="t">x</b>"#, "(c)"),
        (r#"<html onmouseover="x">"#, "(c)"),
        (r#"<img src=x onerror=alert(1)>"#, "(b)"),
        (r#"<svg><a>x</a></svg>"#, "(b)"),
        (r#"<p>x</p>"#, "(b)"),
        (r#"<!-- x -->"#, "(b)"),
    ] {
        let error = parsed_output_is_safe(unsafe_html).expect_err(unsafe_html);
        assert!(error.starts_with(rule), "{unsafe_html}: {error}");
    }
}

/// Schemes as the WHATWG URL parser reads them.
#[test]
fn url_schemes_as_a_browser_reads_them() {
    assert_eq!(url_scheme("https://e.com").as_deref(), Some("https"));
    assert_eq!(url_scheme("HTTP:x").as_deref(), Some("http"));
    assert_eq!(
        url_scheme(" \u{1}\u{0}java\tscr\nipt\r:x\u{1f} ").as_deref(),
        Some("javascript")
    );
    assert_eq!(url_scheme("a+b-c.d:x").as_deref(), Some("a+b-c.d"));
    assert_eq!(url_scheme("/a:b"), None);
    assert_eq!(url_scheme("1a:b"), None);
    assert_eq!(url_scheme("java script:x"), None);
    assert_eq!(url_scheme("\u{a0}javascript:x"), None);
    assert_eq!(url_scheme("javascript"), None);
    assert_eq!(url_scheme(":x"), None);
    assert_eq!(url_scheme(""), None);
}
