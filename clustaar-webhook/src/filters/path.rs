//! [`KeyPath`]: a path to a value inside a JSON document, parsed once and looked up many times.

use std::fmt;
use std::str::FromStr;

use serde_json::Value;

use crate::rules::key_path::{self, Invalid, Problem};

/// One step of a [`KeyPath`]: an object key or an array index.
///
/// # Example
///
/// ```
/// use clustaar_webhook::filters::{KeyPath, Segment};
///
/// let path = KeyPath::parse("data.step.actions[0]").unwrap();
/// assert_eq!(
///     path.segments(),
///     &[
///         Segment::Key("data".into()),
///         Segment::Key("step".into()),
///         Segment::Key("actions".into()),
///         Segment::Index(0),
///     ]
/// );
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Segment {
    /// Looks up this key in a JSON object (and finds nothing in any other value).
    Key(String),
    /// Looks up this index in a JSON array (and finds nothing in any other value).
    Index(usize),
}

/// A path to a value inside a JSON document, such as `data.step.id`, compiled once.
///
/// Filters keep a `KeyPath` so that the path text is parsed when the webhook is built and
/// never while a request is routed. [`KeyPath::lookup`] does not allocate.
///
#[doc = include_str!("../docs/key_path.md")]
///
/// # Example
///
/// ```
/// use clustaar_webhook::filters::KeyPath;
/// use serde_json::json;
///
/// let notification = json!({
///     "data": { "step": { "id": "507f191e810c19729de860ea",
///                         "actions": [{ "type": "send_text_action" }] },
///               "session": { "values": { "my.key": null } } }
/// });
///
/// let step_id: KeyPath = "data.step.id".parse().unwrap();
/// assert_eq!(step_id.lookup(&notification), Some(&json!("507f191e810c19729de860ea")));
///
/// let first_action = KeyPath::parse("data.step.actions[0].type").unwrap();
/// assert_eq!(first_action.lookup(&notification), Some(&json!("send_text_action")));
///
/// // A key whose value is `null` is found; a missing one is not.
/// let quoted = KeyPath::parse(r#"data.session.values."my.key""#).unwrap();
/// assert_eq!(quoted.lookup(&notification), Some(&json!(null)));
/// assert_eq!(KeyPath::parse("data.nope").unwrap().lookup(&notification), None);
///
/// // Display writes the canonical form.
/// let bracket = KeyPath::parse(r#"data.session.values["my.key"]"#).unwrap();
/// assert_eq!(bracket, quoted);
/// assert_eq!(bracket.to_string(), r#"data.session.values."my.key""#);
/// ```
#[derive(Clone, PartialEq, Eq, Hash)]
pub struct KeyPath {
    segments: Box<[Segment]>,
}

/// Why a text is not a valid [`KeyPath`].
///
/// Every message names the path and, except for [`KeyPathError::Empty`], the position of the
/// problem, counted in characters from 0.
///
/// # Example
///
/// ```
/// use clustaar_webhook::filters::{KeyPath, KeyPathError};
///
/// let err = KeyPath::parse("data..id").unwrap_err();
/// assert_eq!(err, KeyPathError::EmptySegment { path: "data..id".into(), position: 5 });
/// assert_eq!(err.to_string(), "invalid key path `data..id`: empty key at position 5");
/// assert_eq!(err.path(), "data..id");
/// assert_eq!(err.position(), Some(5));
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum KeyPathError {
    /// The path is the empty text (or was built from no segments).
    Empty,
    /// A key is missing: the path starts or ends with `.`, or has `..` or `.[`.
    EmptySegment {
        /// The text that failed to parse.
        path: String,
        /// Where the key should have started.
        position: usize,
    },
    /// A quote opens a key and is never closed.
    UnclosedQuote {
        /// The text that failed to parse.
        path: String,
        /// Where the quote opens.
        position: usize,
    },
    /// A backslash inside a quoted key is followed by something other than `"` or `\`.
    BadEscape {
        /// The text that failed to parse.
        path: String,
        /// Where the backslash is.
        position: usize,
        /// The character after the backslash.
        found: char,
    },
    /// A `[` is never closed by a `]`.
    UnclosedBracket {
        /// The text that failed to parse.
        path: String,
        /// Where the bracket opens.
        position: usize,
    },
    /// The text between brackets is neither an index nor a quoted key.
    BadIndex {
        /// The text that failed to parse.
        path: String,
        /// Where the bracket opens.
        position: usize,
        /// The text between the brackets.
        index: String,
        /// What is wrong with it.
        reason: &'static str,
    },
    /// A character that cannot appear where it does, such as text after `]`.
    Unexpected {
        /// The text that failed to parse.
        path: String,
        /// Where the character is.
        position: usize,
        /// The character found.
        found: char,
        /// What could have been there.
        expected: &'static str,
    },
}

impl KeyPathError {
    /// The text that failed to parse (empty for [`KeyPathError::Empty`]).
    ///
    /// ```
    /// use clustaar_webhook::filters::KeyPath;
    ///
    /// assert_eq!(KeyPath::parse("a[x]").unwrap_err().path(), "a[x]");
    /// assert_eq!(KeyPath::parse("").unwrap_err().path(), "");
    /// ```
    pub fn path(&self) -> &str {
        match self {
            Self::Empty => "",
            Self::EmptySegment { path, .. }
            | Self::UnclosedQuote { path, .. }
            | Self::BadEscape { path, .. }
            | Self::UnclosedBracket { path, .. }
            | Self::BadIndex { path, .. }
            | Self::Unexpected { path, .. } => path,
        }
    }

    /// Where the problem is, in characters from 0 (`None` for [`KeyPathError::Empty`]).
    ///
    /// ```
    /// use clustaar_webhook::filters::KeyPath;
    ///
    /// assert_eq!(KeyPath::parse("a[0]x").unwrap_err().position(), Some(4));
    /// assert_eq!(KeyPath::parse("").unwrap_err().position(), None);
    /// ```
    pub fn position(&self) -> Option<usize> {
        match self {
            Self::Empty => None,
            Self::EmptySegment { position, .. }
            | Self::UnclosedQuote { position, .. }
            | Self::BadEscape { position, .. }
            | Self::UnclosedBracket { position, .. }
            | Self::BadIndex { position, .. }
            | Self::Unexpected { position, .. } => Some(*position),
        }
    }
}

impl KeyPathError {
    /// The problem, in the terms of the grammar shared with the macros.
    fn problem(&self) -> Problem<&str> {
        match self {
            Self::Empty => Problem::Empty,
            &Self::EmptySegment { position, .. } => Problem::EmptySegment { position },
            &Self::UnclosedQuote { position, .. } => Problem::UnclosedQuote { position },
            &Self::BadEscape {
                position, found, ..
            } => Problem::BadEscape { position, found },
            &Self::UnclosedBracket { position, .. } => Problem::UnclosedBracket { position },
            Self::BadIndex {
                position,
                index,
                reason,
                ..
            } => Problem::BadIndex {
                position: *position,
                index,
                reason,
            },
            &Self::Unexpected {
                position,
                found,
                expected,
                ..
            } => Problem::Unexpected {
                position,
                found,
                expected,
            },
        }
    }
}

/// The messages are the grammar's, which the `#[on(...)]` attribute also reports.
impl fmt::Display for KeyPathError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        Invalid(self.path(), &self.problem()).fmt(f)
    }
}

impl std::error::Error for KeyPathError {}

impl KeyPath {
    /// Parses a key path (see the [syntax](KeyPath#syntax)).
    ///
    /// # Errors
    ///
    /// A [`KeyPathError`] naming the path and the position of the first problem.
    ///
    /// # Example
    ///
    /// ```
    /// use clustaar_webhook::filters::KeyPath;
    ///
    /// assert!(KeyPath::parse("data.step.actions[0].type").is_ok());
    /// let err = KeyPath::parse("data.step.").unwrap_err();
    /// assert_eq!(err.to_string(),
    ///     "invalid key path `data.step.`: empty key at position 10");
    /// ```
    pub fn parse(path: &str) -> Result<Self, KeyPathError> {
        let segments = key_path::parse(path).map_err(|problem| error(path, problem))?;
        let segments = segments.into_iter().map(|segment| match segment {
            key_path::Segment::Key(key) => Segment::Key(key),
            key_path::Segment::Index(index) => Segment::Index(index),
        });
        Ok(Self {
            segments: segments.collect(),
        })
    }

    /// Builds a path from its segments.
    ///
    /// # Errors
    ///
    /// [`KeyPathError::Empty`] when there is no segment.
    ///
    /// # Example
    ///
    /// ```
    /// use clustaar_webhook::filters::{KeyPath, KeyPathError, Segment};
    ///
    /// let path = KeyPath::from_segments([Segment::Key("my.key".into()), Segment::Index(2)]).unwrap();
    /// assert_eq!(path.to_string(), r#""my.key"[2]"#);
    /// assert_eq!(KeyPath::from_segments([]), Err(KeyPathError::Empty));
    /// ```
    pub fn from_segments(
        segments: impl IntoIterator<Item = Segment>,
    ) -> Result<Self, KeyPathError> {
        let segments: Box<[Segment]> = segments.into_iter().collect();
        if segments.is_empty() {
            return Err(KeyPathError::Empty);
        }
        Ok(Self { segments })
    }

    /// The segments of the path, never empty.
    ///
    /// ```
    /// use clustaar_webhook::filters::{KeyPath, Segment};
    ///
    /// let path = KeyPath::parse("user.id").unwrap();
    /// assert_eq!(path.segments(), &[Segment::Key("user".into()), Segment::Key("id".into())]);
    /// ```
    pub fn segments(&self) -> &[Segment] {
        &self.segments
    }

    /// Finds the value at this path in `value`, without allocating.
    ///
    /// Objects are walked by key and arrays by index. The path finds nothing (`None`) when it
    /// runs through a missing key, an index out of range, `null`, or a value of another kind
    /// (a key in an array, an index in an object, anything in a string or number). A key that
    /// is present with the value `null` is found: `Some(&Value::Null)`.
    ///
    /// # Example
    ///
    /// ```
    /// use clustaar_webhook::filters::KeyPath;
    /// use serde_json::{json, Value};
    ///
    /// let path = KeyPath::parse("user.tags[1]").unwrap();
    /// assert_eq!(path.lookup(&json!({ "user": { "tags": ["a", "b"] } })), Some(&json!("b")));
    /// assert_eq!(path.lookup(&json!({ "user": { "tags": ["a"] } })), None); // out of range
    /// assert_eq!(path.lookup(&json!({ "user": { "tags": null } })), None); // through null
    /// assert_eq!(path.lookup(&json!({ "user": "tintin" })), None); // through a string
    /// assert_eq!(path.lookup(&json!({ "user": { "tags": [0, null] } })), Some(&Value::Null));
    /// ```
    pub fn lookup<'a>(&self, value: &'a Value) -> Option<&'a Value> {
        self.segments
            .iter()
            .try_fold(value, |value, segment| match segment {
                Segment::Key(key) => value.as_object()?.get(key.as_str()),
                Segment::Index(index) => value.as_array()?.get(*index),
            })
    }
}

impl fmt::Debug for KeyPath {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_tuple("KeyPath")
            .field(&format_args!("{self}"))
            .finish()
    }
}

impl fmt::Display for KeyPath {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, segment) in self.segments.iter().enumerate() {
            match segment {
                Segment::Index(index) => write!(f, "[{index}]")?,
                Segment::Key(key) => {
                    if i > 0 {
                        f.write_str(".")?;
                    }
                    key_path::write_key(f, key)?;
                }
            }
        }
        Ok(())
    }
}

impl FromStr for KeyPath {
    type Err = KeyPathError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Self::parse(s)
    }
}

impl TryFrom<&str> for KeyPath {
    type Error = KeyPathError;

    fn try_from(value: &str) -> Result<Self, Self::Error> {
        Self::parse(value)
    }
}

impl TryFrom<String> for KeyPath {
    type Error = KeyPathError;

    fn try_from(value: String) -> Result<Self, Self::Error> {
        Self::parse(&value)
    }
}

/// Anything a filter accepts as its path: a text to parse (`&str`, `String`) or a [`KeyPath`]
/// already parsed.
///
/// # Example
///
/// ```
/// use clustaar_webhook::filters::{IntoKeyPath, JsonKeyExists, KeyPath};
///
/// let parsed = KeyPath::parse("user.id").unwrap();
/// assert_eq!("user.id".into_key_path(), Ok(parsed.clone()));
/// // Filters take either form.
/// let a = JsonKeyExists::new("user.id");
/// let b = JsonKeyExists::new(parsed);
/// assert_eq!(a.path(), b.path());
/// ```
pub trait IntoKeyPath {
    /// Parses (or simply returns) the path.
    ///
    /// # Errors
    ///
    /// The [`KeyPathError`] of [`KeyPath::parse`].
    ///
    /// ```
    /// use clustaar_webhook::filters::{IntoKeyPath, KeyPath};
    ///
    /// let path = "data.step.id".into_key_path().unwrap();
    /// assert_eq!(path, KeyPath::parse("data.step.id").unwrap());
    /// assert_eq!(path.clone().into_key_path(), Ok(path));
    /// assert!("data..id".into_key_path().is_err());
    /// ```
    fn into_key_path(self) -> Result<KeyPath, KeyPathError>;
}

impl IntoKeyPath for KeyPath {
    fn into_key_path(self) -> Result<KeyPath, KeyPathError> {
        Ok(self)
    }
}

impl IntoKeyPath for &KeyPath {
    fn into_key_path(self) -> Result<KeyPath, KeyPathError> {
        Ok(self.clone())
    }
}

impl IntoKeyPath for &str {
    fn into_key_path(self) -> Result<KeyPath, KeyPathError> {
        KeyPath::parse(self)
    }
}

impl IntoKeyPath for String {
    fn into_key_path(self) -> Result<KeyPath, KeyPathError> {
        KeyPath::parse(&self)
    }
}

impl IntoKeyPath for &String {
    fn into_key_path(self) -> Result<KeyPath, KeyPathError> {
        KeyPath::parse(self)
    }
}

/// The error for `problem` in the text `path`.
fn error(path: &str, problem: Problem) -> KeyPathError {
    let path = path.to_owned();
    match problem {
        Problem::Empty => KeyPathError::Empty,
        Problem::EmptySegment { position } => KeyPathError::EmptySegment { path, position },
        Problem::UnclosedQuote { position } => KeyPathError::UnclosedQuote { path, position },
        Problem::BadEscape { position, found } => KeyPathError::BadEscape {
            path,
            position,
            found,
        },
        Problem::UnclosedBracket { position } => KeyPathError::UnclosedBracket { path, position },
        Problem::BadIndex {
            position,
            index,
            reason,
        } => KeyPathError::BadIndex {
            path,
            position,
            index,
            reason,
        },
        Problem::Unexpected {
            position,
            found,
            expected,
        } => KeyPathError::Unexpected {
            path,
            position,
            found,
            expected,
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use serde_json::json;

    fn key(k: &str) -> Segment {
        Segment::Key(k.into())
    }

    fn parse(s: &str) -> Vec<Segment> {
        KeyPath::parse(s)
            .unwrap_or_else(|e| panic!("{s:?} should parse: {e}"))
            .segments()
            .to_vec()
    }

    #[test]
    fn parses_dotted_keys() {
        assert_eq!(parse("data"), vec![key("data")]);
        assert_eq!(
            parse("data.step.id"),
            vec![key("data"), key("step"), key("id")]
        );
        assert_eq!(
            parse("botID.user-id.$x.é.0"),
            vec![key("botID"), key("user-id"), key("$x"), key("é"), key("0")]
        );
    }

    #[test]
    fn parses_indexes() {
        assert_eq!(
            parse("data.step.actions[0].type"),
            vec![
                key("data"),
                key("step"),
                key("actions"),
                Segment::Index(0),
                key("type")
            ]
        );
        assert_eq!(
            parse("a[1][20]"),
            vec![key("a"), Segment::Index(1), Segment::Index(20)]
        );
        assert_eq!(parse("[3].x"), vec![Segment::Index(3), key("x")]);
    }

    #[test]
    fn parses_quoted_keys() {
        assert_eq!(
            parse(r#"data."my.key".x"#),
            vec![key("data"), key("my.key"), key("x")]
        );
        assert_eq!(
            parse(r#"data["my.key"].x"#),
            vec![key("data"), key("my.key"), key("x")]
        );
        assert_eq!(parse(r#""a b"[0]"#), vec![key("a b"), Segment::Index(0)]);
        assert_eq!(parse(r#""""#), vec![key("")]);
        assert_eq!(parse(r#"["x"]"#), vec![key("x")]);
        assert_eq!(parse(r#""q\"u\\o""#), vec![key(r#"q"u\o"#)]);
        assert_eq!(parse(r#""[0]""#), vec![key("[0]")]);
    }

    #[track_caller]
    fn error(s: &str) -> KeyPathError {
        let err = KeyPath::parse(s).expect_err(s);
        let message = err.to_string();
        assert!(
            message.contains(&format!("`{s}`")),
            "{message:?} should name the path {s:?}"
        );
        assert_eq!(err.path(), s);
        err
    }

    #[test]
    fn rejects_empty_paths_and_segments() {
        assert_eq!(KeyPath::parse(""), Err(KeyPathError::Empty));
        assert_eq!(
            KeyPath::parse("").unwrap_err().to_string(),
            "invalid key path ``: the path is empty"
        );
        for (s, position) in [
            (".a", 0),
            ("a.", 2),
            ("a..b", 2),
            ("a.[0]", 2),
            ("a[0].", 5),
        ] {
            assert_eq!(
                error(s),
                KeyPathError::EmptySegment {
                    path: s.into(),
                    position
                },
                "{s}"
            );
        }
        assert!(
            error("a..b")
                .to_string()
                .starts_with("invalid key path `a..b`: empty key at position 2")
        );
    }

    #[test]
    fn rejects_unclosed_quotes_and_bad_escapes() {
        assert_eq!(
            error(r#"a."bc"#),
            KeyPathError::UnclosedQuote {
                path: r#"a."bc"#.into(),
                position: 2
            }
        );
        assert_eq!(
            error(r#"a."bc\"#).position(),
            Some(2),
            "a trailing backslash leaves the quote open"
        );
        assert_eq!(
            error(r#""a\nb""#),
            KeyPathError::BadEscape {
                path: r#""a\nb""#.into(),
                position: 2,
                found: 'n'
            }
        );
        assert_eq!(
            error(r#"a["bc]"#),
            KeyPathError::UnclosedQuote {
                path: r#"a["bc]"#.into(),
                position: 2
            }
        );
        let message = error(r#""x"#).to_string();
        assert_eq!(
            message,
            r#"invalid key path `"x`: the quote at position 0 is never closed"#
        );
    }

    #[test]
    fn rejects_bad_indexes() {
        let cases = [
            ("a[]", ""),
            ("a[-1]", "-1"),
            ("a[x]", "x"),
            ("a[01]", "01"),
            ("a[1.5]", "1.5"),
            ("a[ 1]", " 1"),
            (
                "a[99999999999999999999999999]",
                "99999999999999999999999999",
            ),
        ];
        for (s, text) in cases {
            match error(s) {
                KeyPathError::BadIndex {
                    position, index, ..
                } => {
                    assert_eq!(position, 1, "{s}");
                    assert_eq!(index, text, "{s}");
                }
                other => panic!("{s}: {other:?}"),
            }
        }
        assert_eq!(
            error("a[-1]").to_string(),
            "invalid key path `a[-1]`: bad index `[-1]` at position 1: negative indexes are not supported"
        );
        assert_eq!(
            error("a[0"),
            KeyPathError::UnclosedBracket {
                path: "a[0".into(),
                position: 1
            }
        );
        assert_eq!(
            error(r#"a["k""#),
            KeyPathError::UnclosedBracket {
                path: r#"a["k""#.into(),
                position: 1
            }
        );
    }

    #[test]
    fn rejects_trailing_garbage() {
        for (s, position, found) in [
            ("a[0]x", 4, 'x'),
            ("a]", 1, ']'),
            (r#"a"b""#, 1, '"'),
            (r#""a"b"#, 3, 'b'),
            (r#"a["k"x]"#, 5, 'x'),
            ("a b", 1, ' '),
            ("a. b", 2, ' '),
            ("a\\b", 1, '\\'),
        ] {
            match error(s) {
                KeyPathError::Unexpected {
                    position: p,
                    found: f,
                    ..
                } => {
                    assert_eq!((p, f), (position, found), "{s}");
                }
                other => panic!("{s}: {other:?}"),
            }
        }
        assert_eq!(
            error("a[0]x").to_string(),
            "invalid key path `a[0]x`: unexpected 'x' at position 4, expected `.`, `[` or the end of the path"
        );
    }

    #[test]
    fn positions_count_characters_not_bytes() {
        assert_eq!(error("été..x").position(), Some(4));
    }

    #[test]
    fn display_is_canonical() {
        for (input, shown) in [
            ("data.step.id", "data.step.id"),
            ("a[0][1].b", "a[0][1].b"),
            (r#"a["my.key"]"#, r#"a."my.key""#),
            (r#"["x"]"#, "x"),
            (r#""""#, r#""""#),
            (r#""a b".c"#, r#""a b".c"#),
            (r#""q\"u\\o""#, r#""q\"u\\o""#),
        ] {
            let path: KeyPath = input.parse().unwrap();
            assert_eq!(path.to_string(), shown, "{input}");
            assert_eq!(KeyPath::parse(shown).unwrap(), path, "{input}");
        }
        assert_eq!(
            format!("{:?}", KeyPath::parse("a[0]").unwrap()),
            "KeyPath(a[0])"
        );
    }

    #[test]
    fn try_from_and_into_key_path() {
        let p = KeyPath::parse("a.b").unwrap();
        assert_eq!(KeyPath::try_from("a.b"), Ok(p.clone()));
        assert_eq!(KeyPath::try_from(String::from("a.b")), Ok(p.clone()));
        assert_eq!(String::from("a.b").into_key_path(), Ok(p.clone()));
        assert_eq!((&String::from("a.b")).into_key_path(), Ok(p.clone()));
        assert_eq!((&p).into_key_path(), Ok(p.clone()));
        assert!("a..b".into_key_path().is_err());
    }

    /// The keys `#[on(json(key = …))]` paths must start with are the notification's own.
    #[test]
    fn the_notification_keys_are_those_of_a_notification() {
        let sample = include_str!("../../testdata/sample-notification.json");
        let sample: Value = serde_json::from_str(sample).unwrap();
        let typed: crate::schemas::WebhookRequest = serde_json::from_value(sample.clone()).unwrap();
        for document in [sample, serde_json::to_value(typed).unwrap()] {
            let mut keys: Vec<&str> = document
                .as_object()
                .unwrap()
                .keys()
                .map(String::as_str)
                .collect();
            let mut expected = crate::rules::NOTIFICATION_KEYS;
            keys.sort_unstable();
            expected.sort_unstable();
            assert_eq!(keys, expected, "{document}");
        }
    }

    fn lookup<'a>(path: &str, value: &'a Value) -> Option<&'a Value> {
        KeyPath::parse(path).unwrap().lookup(value)
    }

    #[test]
    fn lookup_walks_objects_and_arrays() {
        let doc = json!({
            "data": {
                "step": { "id": "s1", "actions": [ { "type": "a0" }, { "type": "a1" } ] },
                "my.key": { "x": 1 },
                "n": null,
                "s": "text",
                "num": 3,
                "": "empty"
            }
        });
        assert_eq!(lookup("data.step.id", &doc), Some(&json!("s1")));
        assert_eq!(
            lookup("data.step.actions[1].type", &doc),
            Some(&json!("a1"))
        );
        assert_eq!(lookup(r#"data."my.key".x"#, &doc), Some(&json!(1)));
        assert_eq!(lookup(r#"data["my.key"]["x"]"#, &doc), Some(&json!(1)));
        assert_eq!(lookup(r#"data."""#, &doc), Some(&json!("empty")));
        // The dotted form is not the quoted key.
        assert_eq!(lookup("data.my.key.x", &doc), None);
        // null present vs missing.
        assert_eq!(lookup("data.n", &doc), Some(&Value::Null));
        assert_eq!(lookup("data.missing", &doc), None);
        // Through null, strings, numbers: nothing.
        assert_eq!(lookup("data.n.x", &doc), None);
        assert_eq!(lookup("data.n[0]", &doc), None);
        assert_eq!(lookup("data.s.x", &doc), None);
        assert_eq!(lookup("data.s[0]", &doc), None);
        assert_eq!(lookup("data.num.x", &doc), None);
        // Wrong container kinds.
        assert_eq!(lookup("data.step.actions.0", &doc), None);
        assert_eq!(lookup("data.step[0]", &doc), None);
        // Out of range.
        assert_eq!(lookup("data.step.actions[2]", &doc), None);
        assert_eq!(
            lookup("data.step.actions[18446744073709551615]", &doc),
            None
        );
        // Root arrays.
        assert_eq!(lookup("[1]", &json!([10, 20])), Some(&json!(20)));
        assert_eq!(lookup("a", &json!([10, 20])), None);
        assert_eq!(lookup("a", &Value::Null), None);
    }

    fn segment() -> impl Strategy<Value = Segment> {
        prop_oneof![
            any::<usize>().prop_map(Segment::Index),
            "[a-zA-Z0-9_]{1,8}".prop_map(Segment::Key),
            any::<String>().prop_map(Segment::Key),
            r#"[ ."\\\[\]a]{0,6}"#.prop_map(Segment::Key),
        ]
    }

    fn json() -> impl Strategy<Value = Value> {
        let leaf = prop_oneof![
            Just(Value::Null),
            any::<bool>().prop_map(Value::from),
            any::<i64>().prop_map(Value::from),
            any::<f64>().prop_map(Value::from),
            "[a-z]{0,3}".prop_map(Value::from),
        ];
        leaf.prop_recursive(4, 32, 4, |inner| {
            prop_oneof![
                prop::collection::vec(inner.clone(), 0..4).prop_map(Value::Array),
                prop::collection::vec(("[a-c]{1}|[a-c]\\.[a-c]", inner), 0..4)
                    .prop_map(|entries| Value::Object(entries.into_iter().collect())),
            ]
        })
    }

    proptest! {
        #[test]
        fn display_then_parse_round_trips(segments in prop::collection::vec(segment(), 1..6)) {
            let path = KeyPath::from_segments(segments).unwrap();
            let shown = path.to_string();
            prop_assert_eq!(KeyPath::parse(&shown), Ok(path), "shown as {}", shown);
        }

        #[test]
        fn parse_never_panics(text in any::<String>()) {
            if let Ok(path) = KeyPath::parse(&text) {
                prop_assert_eq!(KeyPath::parse(&path.to_string()), Ok(path));
            }
        }

        #[test]
        fn lookup_never_panics(
            segments in prop::collection::vec(prop_oneof![
                (0usize..5).prop_map(Segment::Index),
                "[a-c]|[a-c]\\.[a-c]".prop_map(Segment::Key),
            ], 1..5),
            doc in json(),
        ) {
            let path = KeyPath::from_segments(segments).unwrap();
            let found = path.lookup(&doc);
            // A found value is reachable by walking the document by hand.
            let mut here = Some(&doc);
            for segment in path.segments() {
                here = here.and_then(|v| match segment {
                    Segment::Key(k) => v.get(k.as_str()),
                    Segment::Index(i) => v.get(*i),
                });
            }
            prop_assert_eq!(found, here);
        }
    }
}
