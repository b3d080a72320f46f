//! Which links keep their `href`: those the reference keeps, and only if the bytes we finally
//! write, read as a browser reads them, name no scheme or `http`, `https` or `mailto`.
//!
//! The two readings differ because the reference checks the value before its last step turns
//! every `&amp;` back into `&` (which creates references again: `&amp;#106;avascript:` is
//! written `&#106;avascript:`), decodes only some references, and reads `javascript:1` as a
//! host and a port. Deciding on the written bytes, decoded by html5ever exactly as a browser's
//! tokenizer decodes an attribute, closes all of these at once.

use std::borrow::Cow;
use std::cell::RefCell;

use html5ever::tendril::StrTendril;
use html5ever::tokenizer::{
    BufferQueue, Token, TokenSink, TokenSinkResult, Tokenizer, TokenizerOpts,
};

/// The schemes a link may have; a link without a scheme (relative) is kept too.
const ALLOWED_SCHEMES: [&str; 3] = ["http", "https", "mailto"];

/// Whether an `href` whose value (as written in the input) is `value`, written as `written`
/// (before the last step), is kept: the reference's reading of the value, then both readings
/// of the bytes finally written. (The reference's reading of the written bytes is what a second
/// cleaning would apply: with it, a cleaned link stays as it is.)
pub(super) fn href_allowed(value: &str, written: &str) -> bool {
    let written = final_bytes(written);
    let decoded_written = decode(&written);
    let decoded_value = if written == value {
        decoded_written.clone()
    } else {
        decode(value)
    };
    reference_allows(&decoded_value)
        && reference_allows(&decoded_written)
        && browser_allows(&decoded_written)
}

/// The bytes of an attribute value once the last step (`&amp;` → `&`) has run over the output.
/// A value is delimited by quotes and `&amp;` holds none, so the step acts on it alone.
fn final_bytes(written: &str) -> Cow<'_, str> {
    if written.contains("&amp;") {
        Cow::Owned(written.replace("&amp;", "&"))
    } else {
        Cow::Borrowed(written)
    }
}

/// An attribute's value as a browser decodes it (every named and numeric character reference,
/// with or without `;`, as HTML says; the same between either quote): by html5ever's
/// tokenizer, unless nothing in it can change.
fn decode(value: &str) -> Cow<'_, str> {
    if !value.contains(['&', '\0', '\r']) {
        return Cow::Borrowed(value);
    }
    Cow::Owned(decode_attribute(&format!(
        "<a v=\"{}\">",
        value.replace('"', "&quot;")
    )))
}

/// The browser's reading of a decoded `href`: read as a URL (surrounding C0 controls and spaces
/// dropped, tabs and newlines removed), then its scheme, if any.
fn browser_allows(decoded: &str) -> bool {
    let url: String = decoded
        .trim_matches(|c: char| c <= ' ')
        .chars()
        .filter(|c| !matches!(c, '\t' | '\n' | '\r'))
        .collect();
    match url_scheme(&url) {
        Some(scheme) => ALLOWED_SCHEMES
            .iter()
            .any(|allowed| scheme.eq_ignore_ascii_case(allowed)),
        None => true,
    }
}

/// The scheme of a URL as the URL parser finds it: an ASCII letter, then ASCII letters,
/// digits, `+`, `-` or `.`, up to a `:`.
fn url_scheme(url: &str) -> Option<&str> {
    let colon = url.find(':')?;
    let scheme = &url[..colon];
    let mut chars = scheme.chars();
    let first = chars.next()?;
    (first.is_ascii_alphabetic()
        && chars.all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.')))
    .then_some(scheme)
}

/// The reference's reading of a decoded link: spaces, control and non-ASCII characters dropped
/// and the rest lowercased, then `http`, `https`, `mailto` or no scheme (a `host:port` has
/// none).
fn reference_allows(decoded: &str) -> bool {
    let url: String = decoded
        .chars()
        .filter(|&c| {
            !(c == '`'
                || c <= ' '
                || ('\u{7f}'..='\u{a0}').contains(&c)
                || c.is_whitespace()
                || !c.is_ascii())
        })
        .map(|c| c.to_ascii_lowercase())
        .collect();
    const SCHEME_CHARS: fn(char) -> bool = |c| c.is_ascii_alphanumeric() || "+-.".contains(c);
    let mut rest = url.as_str();
    let mut scheme = None;
    if let Some(colon) = url.find(':') {
        let (candidate, after) = (&url[..colon], &url[colon + 1..]);
        let is_port = !after.is_empty() && after.bytes().all(|b| b.is_ascii_digit());
        if colon > 0 && candidate.chars().all(SCHEME_CHARS) && (candidate == "http" || !is_port) {
            scheme = Some(candidate);
            rest = after;
        }
    }
    // An address the reference's URL parser refuses (an unbalanced IPv6 bracket) is dropped.
    if let Some(authority) = rest.strip_prefix("//") {
        let host = authority.split(['/', '?', '#']).next().unwrap_or("");
        if host.contains('[') != host.contains(']') {
            return false;
        }
    }
    match scheme {
        Some(scheme) => ALLOWED_SCHEMES.contains(&scheme),
        None => true,
    }
}

/// The value of the first attribute of the tag `html`, as html5ever's tokenizer decodes it
/// (every named and numeric character reference, with or without `;`, as HTML says).
fn decode_attribute(html: &str) -> String {
    first_tag_attributes(html)
        .and_then(|attributes| attributes.into_iter().next())
        .map(|(_, value)| value)
        .unwrap_or_default()
}

/// The attributes of the first tag of `html`, as html5ever's tokenizer reads them (names
/// lowercased, values decoded, the first of each name kept).
pub(super) fn first_tag_attributes(html: &str) -> Option<Vec<(String, String)>> {
    /// Keeps the attributes of the first tag.
    struct FirstTag(RefCell<Option<Vec<(String, String)>>>);

    impl TokenSink for FirstTag {
        type Handle = ();

        fn process_token(&self, token: Token, _line: u64) -> TokenSinkResult<()> {
            if let Token::TagToken(tag) = token {
                let mut first = self.0.borrow_mut();
                if first.is_none() {
                    *first = Some(
                        tag.attrs
                            .into_iter()
                            .map(|a| (a.name.local.to_string(), a.value.to_string()))
                            .collect(),
                    );
                }
            }
            TokenSinkResult::Continue
        }
    }

    let queue = BufferQueue::default();
    queue.push_back(StrTendril::from_slice(html));
    let tokenizer = Tokenizer::new(FirstTag(RefCell::new(None)), TokenizerOpts::default());
    let _ = tokenizer.feed(&queue);
    tokenizer.end();
    tokenizer.sink.0.take()
}

#[cfg(test)]
mod tests {
    use super::{browser_allows, decode, href_allowed, reference_allows, url_scheme};

    #[test]
    fn reads_a_link_as_a_browser_does() {
        for live in [
            "javascript:x",
            "&#106;avascript:x",
            "&#x6A;avascript:x",
            "&#106avascript:x",
            "java&Tab;script:x",
            "java&NewLine;script:x",
            "javascript&colon;x",
            " \u{1}javascript:x",
            "JaVaScRiPt:x",
            "vbscript:x",
            "data:text/html,x",
            "javascript:1",
        ] {
            assert!(!browser_allows(&decode(live)), "{live}");
        }
        for kept in [
            "https://e.com/?a=1&b=2",
            "http://e.com",
            "mailto:a@e.com",
            "/relative:x",
            "?q=javascript:x",
            "&#106avascript",
            "&#38;#106;avascript:x",
            "",
        ] {
            assert!(browser_allows(&decode(kept)), "{kept}");
        }
    }

    #[test]
    fn finds_a_scheme_only_where_a_url_parser_does() {
        assert_eq!(url_scheme("a+b-c.d:x"), Some("a+b-c.d"));
        assert_eq!(url_scheme("1a:x"), None);
        assert_eq!(url_scheme("java script:x"), None);
        assert_eq!(url_scheme(":x"), None);
    }

    #[test]
    fn reads_a_link_as_the_reference_does() {
        // What it drops before reading a scheme: a browser reads none of these as `javascript`.
        for refused in [
            "java script:x",
            "java\tscript:x",
            "java\u{7f}script:x",
            "java\u{a0}script:x",
            "java\u{2003}script:x",
            "jav\u{e9}ascript:x",
            "java`script:x",
            "JAVASCRIPT:x",
            "ftp:x",
            "a.b+c-d:x",
            "//[::1/",
            "http://[::1/x",
        ] {
            assert!(!reference_allows(refused), "{refused:?}");
        }
        for kept in [
            "https://e.com/a?b=c:d",
            "HTTP://e.com",
            "mailto:a@e.com",
            "localhost:8080",
            "ftp:21",
            "http:80",
            ":x",
            "/relative:x",
            "//[::1]/x",
            "",
        ] {
            assert!(reference_allows(kept), "{kept:?}");
        }
    }

    #[test]
    fn reads_the_value_as_given_and_the_bytes_as_written() {
        // The value's `&amp;` is written `&` by the last step, which makes `&#93;` a reference
        // again: the bytes finally written read `//[::1]/x`, a link both readings keep, but
        // the value the reference checked, `//[::1&#93;/x`, has an unbalanced bracket.
        let value = "//[::1&amp;#93;/x";
        assert!(reference_allows(&decode("//[::1&#93;/x")));
        assert!(!href_allowed(value, value));
        // Links both readings keep, or refuse, alike.
        assert!(href_allowed("//[::1]/x&amp;y", "//[::1]/x&amp;y"));
        assert!(!href_allowed("java&#115;cript:x", "java&#115;cript:x"));
    }
}
