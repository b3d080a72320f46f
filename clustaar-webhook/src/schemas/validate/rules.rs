//! The rules a value can break, each a small type checked by [`Rule::check`]: lengths, ranges,
//! sets of values, patterns, addresses and regular expressions.
//!
//! Patterns are written as the platform's schema library (Python `re`) writes them, with one
//! translation: Python's `$` also matches before a newline that ends the text, so each `$` is
//! written `\n?\z` here.

use std::sync::LazyLock;

use serde_json::{Map, Number, Value};

use super::ValidationErrorKind;

/// A broken rule, before its path is known.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Violation {
    pub(crate) kind: ValidationErrorKind,
    pub(crate) message: String,
    /// Where below the key's value the violation is (`1.title`), for the rules of a key that
    /// look into what it holds.
    pub(crate) within: Option<String>,
}

impl Violation {
    pub(crate) fn new(kind: ValidationErrorKind, message: impl Into<String>) -> Self {
        Violation {
            kind,
            message: message.into(),
            within: None,
        }
    }

    /// The same violation, reported at `path` below the key's value.
    pub(crate) fn within(mut self, path: impl Into<String>) -> Self {
        self.within = Some(path.into());
        self
    }
}

/// A rule on values of type `V`.
pub(crate) trait Rule<V: ?Sized> {
    /// `Ok` when `value` keeps the rule.
    fn check(&self, value: &V) -> Result<(), Violation>;
}

/// The rules of one key: every violation they find. Most are a [`Rule`], which finds at most
/// one; a few look at each entry of a map or each item of a list.
pub(crate) trait KeyRule<V: ?Sized> {
    /// Calls `report` with each violation of `value`.
    fn each(&self, value: &V, report: &mut dyn FnMut(Violation));
}

impl<V: ?Sized, R: Rule<V>> KeyRule<V> for R {
    fn each(&self, value: &V, report: &mut dyn FnMut(Violation)) {
        if let Err(violation) = self.check(value) {
            report(violation);
        }
    }
}

/// The length of a string in Unicode code points (as Python's `len`), or of a list.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Length {
    min: usize,
    max: Option<usize>,
}

impl Length {
    /// `len in [min, max]`.
    pub(crate) const fn between(min: usize, max: usize) -> Self {
        Length {
            min,
            max: Some(max),
        }
    }

    /// `len <= max`.
    pub(crate) const fn at_most(max: usize) -> Self {
        Length::between(0, max)
    }

    /// `len >= min`.
    pub(crate) const fn at_least(min: usize) -> Self {
        Length { min, max: None }
    }

    pub(crate) fn check_len(&self, len: usize) -> Result<(), Violation> {
        let ok = len >= self.min && self.max.is_none_or(|max| len <= max);
        if ok {
            return Ok(());
        }
        let message = match self.max {
            Some(max) if self.min == 0 => format!("length must be at most {max}, got {len}"),
            Some(max) => format!("length must be between {} and {max}, got {len}", self.min),
            None => format!("length must be at least {}, got {len}", self.min),
        };
        Err(Violation::new(ValidationErrorKind::Length, message))
    }
}

impl Rule<str> for Length {
    fn check(&self, value: &str) -> Result<(), Violation> {
        self.check_len(value.chars().count())
    }
}

impl<T> Rule<[T]> for Length {
    fn check(&self, value: &[T]) -> Result<(), Violation> {
        self.check_len(value.len())
    }
}

/// `value in [min, max]`, bounds included.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Range {
    min: f64,
    max: f64,
}

impl Range {
    pub(crate) const fn between(min: f64, max: f64) -> Self {
        Range { min, max }
    }

    fn check_value(&self, value: f64, shown: &dyn std::fmt::Display) -> Result<(), Violation> {
        if value >= self.min && value <= self.max {
            Ok(())
        } else {
            Err(Violation::new(
                ValidationErrorKind::Range,
                format!("must be between {} and {}, got {shown}", self.min, self.max),
            ))
        }
    }
}

impl Rule<Number> for Range {
    fn check(&self, value: &Number) -> Result<(), Violation> {
        // Integers too large for an f64 are still compared on the right side of small bounds.
        let float = value.as_f64().unwrap_or(f64::NAN);
        self.check_value(float, value)
    }
}

impl Rule<u32> for Range {
    fn check(&self, value: &u32) -> Result<(), Violation> {
        self.check_value(f64::from(*value), value)
    }
}

/// Both rules (the platform's `and`): the first broken one is the violation, so a value breaks
/// at most one rule of its key.
impl<V: ?Sized, A: Rule<V>, B: Rule<V>> Rule<V> for (A, B) {
    fn check(&self, value: &V) -> Result<(), Violation> {
        self.0.check(value)?;
        self.1.check(value)
    }
}

/// `one of [...]`.
#[derive(Debug, Clone, Copy)]
pub(crate) struct OneOf(pub(crate) &'static [&'static str]);

impl Rule<str> for OneOf {
    fn check(&self, value: &str) -> Result<(), Violation> {
        if self.0.contains(&value) {
            return Ok(());
        }
        let allowed: Vec<String> = self.0.iter().map(|v| format!("`{v}`")).collect();
        Err(Violation::new(
            ValidationErrorKind::OneOf,
            format!("must be one of {}, got `{value}`", allowed.join(", ")),
        ))
    }
}

/// `rule or equals ''`: the empty string passes, any other value must keep `rule`.
#[derive(Debug, Clone, Copy)]
pub(crate) struct OrEmpty<R>(pub(crate) R);

impl<R: Rule<str>> Rule<str> for OrEmpty<R> {
    fn check(&self, value: &str) -> Result<(), Violation> {
        if value.is_empty() {
            Ok(())
        } else {
            self.0.check(value)
        }
    }
}

/// A compiled regular expression.
pub(crate) trait Matcher {
    /// Whether the expression matches somewhere in `text`.
    fn matches(&self, text: &str) -> bool;
}

impl Matcher for regex::Regex {
    fn matches(&self, text: &str) -> bool {
        self.is_match(text)
    }
}

impl Matcher for fancy_regex::Regex {
    fn matches(&self, text: &str) -> bool {
        // A pattern that gives up (its backtracking limit) does not match.
        self.is_match(text).unwrap_or(false)
    }
}

/// A pattern compiled once: of the `regex` crate, or of `fancy-regex` for the patterns with a
/// lookahead.
pub(crate) struct Pattern<R = regex::Regex> {
    regex: LazyLock<R>,
    /// The pattern as the platform writes it, for messages.
    shown: &'static str,
}

impl<R> Pattern<R> {
    const fn new(shown: &'static str, compile: fn() -> R) -> Self {
        Pattern {
            regex: LazyLock::new(compile),
            shown,
        }
    }
}

impl<R: Matcher> Rule<str> for &'static Pattern<R> {
    fn check(&self, value: &str) -> Result<(), Violation> {
        if self.regex.matches(value) {
            Ok(())
        } else {
            Err(mismatch(self.shown))
        }
    }
}

fn mismatch(shown: &str) -> Violation {
    Violation::new(
        ValidationErrorKind::Pattern,
        format!("must match `{shown}`"),
    )
}

/// Letters, digits and underscores (`^[\w\d_]+$`): session keys, document names.
pub(crate) static WORD: Pattern = Pattern::new(r"^[\w\d_]+$", || {
    regex::Regex::new(r"^[\w\d_]+\n?\z").expect("a valid pattern")
});

/// Letters and digits (`^[\w\d]+$`): the keys of custom attributes.
pub(crate) static ALNUM: Pattern = Pattern::new(r"^[\w\d]+$", || {
    regex::Regex::new(r"^[\w\d]+\n?\z").expect("a valid pattern")
});

/// An ObjectID of 24 letters or digits, in any case (`^[a-z0-9]{24}$`, case-insensitive).
pub(crate) static OBJECT_ID: Pattern = Pattern::new(r"^[a-z0-9]{24}$", || {
    regex::Regex::new(r"(?i)^[a-z0-9]{24}\n?\z").expect("a valid pattern")
});

/// Digits only, maybe none (`^\d*$`): Intercom and Zendesk ids.
pub(crate) static DIGITS: Pattern = Pattern::new(r"^\d*$", || {
    regex::Regex::new(r"^\d*\n?\z").expect("a valid pattern")
});

/// A user attribute's key: letters, digits and underscores, but not `id` in any case.
pub(crate) static USER_ATTRIBUTE_KEY: Pattern<fancy_regex::Regex> =
    Pattern::new(r"(?i)^(?!(id)$)[\w\d_]+$", || {
        fancy_regex::Regex::new(r"(?i)^(?!(id)\n?\z)[\w\d_]+\n?\z").expect("a valid pattern")
    });

/// A sender's address that is not one of the platform's own (`@clustaar.`, in any case).
pub(crate) static NOT_CLUSTAAR_ADDRESS: Pattern<fancy_regex::Regex> =
    Pattern::new(r"^((?!@clustaar\.).)*$", || {
        fancy_regex::Regex::new(r"(?i)^((?!@clustaar\.).)*\n?\z").expect("a valid pattern")
    });

/// An address as the platform checks it: Python's `urllib.parse.urlparse` must find a scheme,
/// one of `schemes` when given, and a non-empty network location.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Url(pub(crate) Option<&'static [&'static str]>);

impl Url {
    /// Any scheme.
    pub(crate) const ANY: Url = Url(None);
    /// `http` or `https`.
    pub(crate) const HTTP: Url = Url(Some(&["http", "https"]));
}

impl Rule<str> for Url {
    fn check(&self, value: &str) -> Result<(), Violation> {
        let ok = match split_url(value) {
            Some((scheme, netloc)) => {
                !scheme.is_empty()
                    && !netloc.is_empty()
                    && self
                        .0
                        .is_none_or(|schemes| schemes.contains(&scheme.as_str()))
            }
            None => false,
        };
        if ok {
            return Ok(());
        }
        let message = match self.0 {
            Some(schemes) => format!(
                "must be an address with a host and a scheme among {}",
                schemes.join(", ")
            ),
            None => "must be an address with a scheme and a host".to_owned(),
        };
        Err(Violation::new(ValidationErrorKind::Url, message))
    }
}

/// The scheme (lowercased) and the network location of `url`, split as Python's
/// `urllib.parse.urlparse` splits them (either may be empty), or `None` where `urlparse` raises
/// (unbalanced brackets in the network location).
///
/// Like `urlparse`: leading C0 controls and spaces are dropped and tabs and line breaks removed
/// everywhere; the scheme is what comes before the first `:` when it starts with an ASCII
/// letter and holds only ASCII letters, digits, `+`, `-` and `.`; the network location follows
/// a `//` and ends at the first `/`, `?` or `#`.
pub(crate) fn split_url(url: &str) -> Option<(String, String)> {
    let url: String = url
        .trim_start_matches(|c: char| c <= ' ')
        .chars()
        .filter(|c| !matches!(c, '\t' | '\r' | '\n'))
        .collect();
    let mut rest = url.as_str();
    let mut scheme = String::new();
    if let Some(colon) = rest.find(':') {
        let candidate = &rest[..colon];
        let valid = candidate
            .chars()
            .next()
            .is_some_and(|c| c.is_ascii_alphabetic())
            && candidate
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'));
        if valid {
            scheme = candidate.to_ascii_lowercase();
            rest = &rest[colon + 1..];
        }
    }
    let mut netloc = "";
    if let Some(after) = rest.strip_prefix("//") {
        let end = after.find(['/', '?', '#']).unwrap_or(after.len());
        netloc = &after[..end];
        if netloc.contains('[') != netloc.contains(']') {
            return None;
        }
    }
    Some((scheme, netloc.to_owned()))
}

/// A `match_regexp` condition's pattern: it must compile as a regular expression.
///
/// The platform compiles it with Python's `re` (3.11); here it is compiled with `fancy-regex`,
/// after the syntax the two read differently is checked or rewritten as Python reads it
/// ([`python_re`](super::python_re)): unknown escapes of letters, group names, octal escapes,
/// named characters, the `a` flag. The known gap: a `\N{…}` of an unknown character name is
/// valid here.
///
/// Only whether the pattern compiles is checked, not how it matches.
#[derive(Debug, Clone, Copy)]
pub(crate) struct PythonRegexp;

impl Rule<str> for PythonRegexp {
    fn check(&self, value: &str) -> Result<(), Violation> {
        let compiled = super::python_re::to_fancy(value)
            .and_then(|pattern| fancy_regex::Regex::new(&pattern).map_err(|e| e.to_string()));
        match compiled {
            Ok(_) => Ok(()),
            Err(error) => Err(Violation::new(
                ValidationErrorKind::Regexp,
                format!("must be a valid regular expression: {error}"),
            )),
        }
    }
}

/// `rule` on each string of a list: the first item that breaks it is the violation, at the
/// item's path (`tags.0`).
#[derive(Debug, Clone, Copy)]
pub(crate) struct Each<R>(pub(crate) R);

impl<R: Rule<str>> Each<R> {
    fn first_broken<'a>(
        &self,
        items: impl Iterator<Item = Option<&'a str>>,
    ) -> Result<(), Violation> {
        for (index, item) in items.enumerate() {
            if let Some(Err(violation)) = item.map(|text| self.0.check(text)) {
                return Err(violation.within(index.to_string()));
            }
        }
        Ok(())
    }
}

impl<R: Rule<str>> Rule<[String]> for Each<R> {
    fn check(&self, items: &[String]) -> Result<(), Violation> {
        self.first_broken(items.iter().map(|item| Some(item.as_str())))
    }
}

impl<R: Rule<str>> Rule<[Value]> for Each<R> {
    fn check(&self, items: &[Value]) -> Result<(), Violation> {
        // Items of another type are reported by the list's own check.
        self.first_broken(items.iter().map(Value::as_str))
    }
}

/// `dict of str->str and keys match /^[\w\d]+$/`: one violation per key that does not match or
/// whose value is not a string, each at the entry's path (`customAttributes.a`), as the
/// platform reports it.
#[derive(Debug, Clone, Copy)]
pub(crate) struct StringMap;

impl KeyRule<Map<String, Value>> for StringMap {
    fn each(&self, map: &Map<String, Value>, report: &mut dyn FnMut(Violation)) {
        for (key, value) in map {
            if let Err(violation) = (&ALNUM).check(key.as_str()) {
                report(
                    Violation::new(violation.kind, format!("the key {}", violation.message))
                        .within(key),
                );
            } else if !value.is_string() {
                report(Violation::new(ValidationErrorKind::Type, "must be a string").within(key));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lengths_count_code_points_with_inclusive_bounds() {
        let rule = Length::between(1, 3);
        assert!(rule.check("é🙂a").is_ok());
        assert!(rule.check("").is_err());
        assert_eq!(
            rule.check("abcd").unwrap_err().message,
            "length must be between 1 and 3, got 4"
        );
        assert!(Length::at_most(2).check("ab").is_ok());
        assert_eq!(
            Length::at_most(2).check("abc").unwrap_err().message,
            "length must be at most 2, got 3"
        );
        assert!(Length::at_least(1).check(" ").is_ok());
        assert_eq!(
            Length::at_least(1).check("").unwrap_err().message,
            "length must be at least 1, got 0"
        );
        assert!(Length::between(1, 2).check(&[1, 2][..]).is_ok());
        assert!(Length::between(1, 2).check(&[1, 2, 3][..]).is_err());
    }

    #[test]
    fn ranges_include_their_bounds() {
        let rule = Range::between(0.5, 7.0);
        assert!(rule.check(&Number::from_f64(0.5).unwrap()).is_ok());
        assert!(rule.check(&Number::from(7)).is_ok());
        assert!(rule.check(&Number::from_f64(0.49).unwrap()).is_err());
        assert!(rule.check(&Number::from_f64(7.01).unwrap()).is_err());
        assert!(rule.check(&Number::from(u64::MAX)).is_err());
        assert!(Range::between(1.0, 10.0).check(&0).is_err());
        assert!(Range::between(1.0, 10.0).check(&10).is_ok());
    }

    #[test]
    fn both_rules_report_the_first_broken_one() {
        let rule = (Length::between(1, 3), &WORD);
        assert_eq!(
            rule.check("").unwrap_err().kind,
            ValidationErrorKind::Length
        );
        assert_eq!(
            rule.check("a b").unwrap_err().kind,
            ValidationErrorKind::Pattern
        );
        assert!(rule.check("ab").is_ok());
    }

    #[test]
    fn one_of_and_or_empty() {
        let rule = OneOf(&["custom", "zapier"]);
        assert!(rule.check("zapier").is_ok());
        assert_eq!(
            rule.check("Zapier").unwrap_err().message,
            "must be one of `custom`, `zapier`, got `Zapier`"
        );
        assert!(OrEmpty(rule).check("").is_ok());
        assert!(OrEmpty(rule).check("x").is_err());
    }

    #[test]
    fn dollar_matches_before_a_final_newline_as_in_python() {
        assert!((&WORD).check("abc_1").is_ok());
        assert!((&WORD).check("abc\n").is_ok());
        assert!((&WORD).check("abc\n\n").is_err());
        assert!((&WORD).check("a-b").is_err());
        assert!((&WORD).check("").is_err());
        assert!((&WORD).check("héllo٣").is_ok(), "\\w and \\d are Unicode");
        assert!((&DIGITS).check("").is_ok());
        assert!((&DIGITS).check("0123").is_ok());
        assert!((&DIGITS).check("12a").is_err());
        assert!((&OBJECT_ID).check("507F191E810C19729DE860EA").is_ok());
        assert!((&OBJECT_ID).check("507f191e810c19729de860e").is_err());
        assert!((&OBJECT_ID).check("zzzzzzzzzzzzzzzzzzzzzzzz").is_ok());
    }

    #[test]
    fn lookahead_patterns() {
        let key = &USER_ATTRIBUTE_KEY;
        assert!(key.check("identity").is_ok());
        assert!(key.check("my_id").is_ok());
        for refused in ["id", "ID", "iD", "id\n", "", "a b"] {
            assert!(key.check(refused).is_err(), "{refused:?}");
        }
        let from = &NOT_CLUSTAAR_ADDRESS;
        assert!(from.check("bot@example.com").is_ok());
        assert!(from.check("").is_ok());
        assert!(from.check("bot@clustaar.com").is_err());
        assert!(from.check("bot@CLUSTAAR.io").is_err());
        assert!(from.check("bot@clustaar-io.com").is_ok());
        assert!(from.check("a\nb").is_err(), "`.` does not match a newline");
    }

    #[test]
    fn urls_split_as_urlparse_does() {
        let parts = |scheme: &str, netloc: &str| Some((scheme.to_owned(), netloc.to_owned()));
        assert_eq!(
            split_url("https://example.com/a?b#c"),
            parts("https", "example.com")
        );
        assert_eq!(split_url("HTTP://x"), parts("http", "x"));
        assert_eq!(
            split_url("  \thttp://ex\nample.com"),
            parts("http", "example.com")
        );
        assert_eq!(split_url("example.com"), parts("", ""));
        assert_eq!(split_url("//example.com/x"), parts("", "example.com"));
        assert_eq!(split_url("mailto:someone@x.org"), parts("mailto", ""));
        assert_eq!(split_url("1http://x"), parts("", ""));
        assert_eq!(
            split_url("http://user:pw@x:80?q"),
            parts("http", "user:pw@x:80")
        );
        assert_eq!(split_url("http://"), parts("http", ""));
        assert_eq!(split_url("http://[::1]/"), parts("http", "[::1]"));
        assert_eq!(split_url("http://[::1/"), None);
        assert_eq!(split_url("a+b-c.d://h"), parts("a+b-c.d", "h"));
        assert_eq!(split_url("a_b://h"), parts("", ""));
    }

    #[test]
    fn urls_need_a_scheme_and_a_host() {
        assert!(Url::ANY.check("ftp://files.example.com").is_ok());
        assert!(
            Url::ANY.check("http://x y").is_ok(),
            "urlparse does not check hosts"
        );
        assert!(Url::ANY.check("www.example.com").is_err());
        assert!(Url::ANY.check("http://").is_err());
        assert!(Url::ANY.check("mailto:a@b.c").is_err());
        assert!(Url::HTTP.check("https://example.com/logo.png").is_ok());
        assert!(Url::HTTP.check("HTTPS://example.com").is_ok());
        assert!(Url::HTTP.check("ftp://example.com").is_err());
        assert!(Url::HTTP.check("http://[::1").is_err());
    }

    #[test]
    fn a_pattern_that_does_not_compile_is_a_regexp_violation() {
        // Which patterns compile is tested against Python's verdicts in `python_re`.
        assert!(PythonRegexp.check(r"^(?P<w>\w+) (?P=w)$").is_ok());
        let violation = PythonRegexp.check("(").unwrap_err();
        assert_eq!(violation.kind, ValidationErrorKind::Regexp);
        assert!(
            violation
                .message
                .starts_with("must be a valid regular expression: "),
            "{}",
            violation.message
        );
    }

    #[test]
    fn string_maps_report_each_bad_entry_at_its_key() {
        let map: Map<String, Value> =
            serde_json::from_str(r#"{"ok":"1","bad key":"2","n":3}"#).unwrap();
        let mut violations = Vec::new();
        StringMap.each(&map, &mut |violation| violations.push(violation));
        let found: Vec<_> = violations
            .iter()
            .map(|v| (v.within.as_deref().unwrap(), v.message.as_str(), v.kind))
            .collect();
        assert_eq!(
            found,
            [
                (
                    "bad key",
                    "the key must match `^[\\w\\d]+$`",
                    ValidationErrorKind::Pattern
                ),
                ("n", "must be a string", ValidationErrorKind::Type),
            ]
        );
    }
}
