//! The load processors: how the models clean some strings when they read a document.
//!
//! The platform's schema library cleans a few dozen string fields whenever it loads a
//! notification or a response, and the models here do the same when they are deserialized
//! (serializing writes the fields as they are):
//! - [`strip`]: leading and trailing whitespace removed (Python's whitespace, which includes
//!   U+001C..U+001F);
//! - [`unicode_normalize`]: the Unicode NFKC form (`ｈｅｌｌｏ` → `hello`, `ﬁ` → `fi`);
//! - [`html_sanitize`]: markup outside a small allow-list escaped (`<script>` →
//!   `&lt;script&gt;`), attributes and link protocols filtered, comments removed.
//!
//! Which field gets which is listed in the [models' docs](crate::schemas#load-processors):
//! addresses and identifiers are stripped (`open_url_action.url`, `card.imageURL`…), texts shown
//! to the user are normalized and sanitized (`send_text_action.alternatives`, each item;
//! `button.title`; the interlocutor's `firstName`…). When a field has several, they run in this
//! order: strip, normalize, sanitize. (The platform sanitizes before normalizing, so a
//! fullwidth `＜script＞` comes out of it as a live `<script>`; normalizing first means no markup
//! can appear after sanitizing.)
//!
//! A string with nothing to change is not copied: the models keep the `String` that serde read.
//!
//! To read the platform's strings exactly as sent, read through
//! [`AsSent`](crate::schemas::AsSent), or take the notification in a handler through
//! [`Raw`](crate::extract::Raw).
//!
//! ```
//! use clustaar_webhook::schemas::processors::{html_sanitize, strip, unicode_normalize};
//!
//! assert_eq!(strip("  https://example.com \u{a0}".into()), "https://example.com");
//! assert_eq!(unicode_normalize("ｈｅｌｌｏ".into()), "hello");
//! assert_eq!(html_sanitize("<b>Hi</b> <img src=x>".into()), "<b>Hi</b> &lt;img src=x&gt;");
//! ```

mod normalize;
mod sanitize;
mod strip;

/// Removes leading and trailing whitespace as Python's `str.strip()` does (Unicode whitespace
/// and U+001C..U+001F). The same `String` comes back, shortened in place.
///
/// ```
/// use clustaar_webhook::schemas::processors::strip;
///
/// assert_eq!(strip("\t https://example.com/a \n".to_owned()), "https://example.com/a");
/// // Python counts the separators U+001C..U+001F as whitespace, and so does `strip`.
/// assert_eq!(strip("\u{1c}id\u{1f}".to_owned()), "id");
/// assert_eq!(strip("a b".to_owned()), "a b");
/// ```
pub fn strip(text: String) -> String {
    strip::strip(text)
}

/// The Unicode NFKC form of `text`; `text` itself when it already is in that form.
///
/// ```
/// use clustaar_webhook::schemas::processors::unicode_normalize;
///
/// assert_eq!(unicode_normalize("ﬁle".to_owned()), "file");
/// assert_eq!(unicode_normalize("Ｈｉ①".to_owned()), "Hi1");
/// assert_eq!(unicode_normalize("déjà vu".to_owned()), "déjà vu");
/// ```
pub fn unicode_normalize(text: String) -> String {
    normalize::unicode_normalize(text)
}

/// Sanitizes `text` as the platform does: the tags `a abbr acronym b blockquote code em i li ol
/// strong ul br` are kept (closed and nested as an HTML parser would), every other tag is
/// escaped as written, comments are removed; `a` keeps `href` (with an `http`, `https` or
/// `mailto` protocol, or none), `title` and `target` (`_blank` or `_top`), `abbr` and
/// `acronym` keep `title`; control characters become `?`, and `&amp;` becomes `&`.
///
/// Unlike the platform, a link's `href` is checked on the bytes finally written, as a browser
/// decodes and reads them, so no reference can hide a `javascript:`, `vbscript:` or `data:`
/// scheme (`&amp;#106;avascript:` would be written `&#106;avascript:`, which a browser runs).
/// The time taken is linear in the length of `text`, whatever its markup.
///
/// `text` itself comes back when there is nothing to change (no `<`, `>`, `&`, carriage return
/// or control character).
///
/// ```
/// use clustaar_webhook::schemas::processors::html_sanitize;
///
/// let clean = |text: &str| html_sanitize(text.to_owned());
/// assert_eq!(clean("<p>para</p>"), "&lt;p&gt;para&lt;/p&gt;");
/// assert_eq!(clean(r#"<a href="javascript:alert(1)">x</a>"#), "<a>x</a>");
/// assert_eq!(clean("<b>unclosed"), "<b>unclosed</b>");
/// assert_eq!(clean("a &amp; b"), "a & b");
/// assert_eq!(clean(r#"<a href="&amp;#106;avascript:alert(1)">x</a>"#), "<a>x</a>");
/// ```
pub fn html_sanitize(text: String) -> String {
    sanitize::html_sanitize(text)
}

/// Which processors a field's strings go through when a model is read, in this order: strip,
/// normalize, sanitize (declared on the field: `#[field(load(strip, sanitize))]`).
#[derive(Debug, Clone, Copy)]
pub(crate) struct Chain {
    pub(crate) strip: bool,
    pub(crate) normalize: bool,
    pub(crate) sanitize: bool,
}

impl Chain {
    fn apply(self, text: &mut String) {
        let mut cleaned = std::mem::take(text);
        if self.strip {
            cleaned = strip::strip(cleaned);
        }
        if self.normalize {
            cleaned = normalize::unicode_normalize(cleaned);
        }
        if self.sanitize {
            cleaned = sanitize::html_sanitize(cleaned);
        }
        *text = cleaned;
    }
}

/// The strings of a field, cleaned in place by a [`Chain`].
pub(crate) trait Clean {
    /// Runs `chain` on every string.
    fn clean(&mut self, chain: Chain);
}

impl Clean for String {
    fn clean(&mut self, chain: Chain) {
        chain.apply(self);
    }
}

impl<T: Clean> Clean for Option<T> {
    fn clean(&mut self, chain: Chain) {
        if let Some(value) = self {
            value.clean(chain);
        }
    }
}

impl<T: Clean> Clean for Vec<T> {
    fn clean(&mut self, chain: Chain) {
        for item in self {
            item.clean(chain);
        }
    }
}
