//! Validation of the models against the platform's rules: lengths, ranges, sets of values,
//! patterns, addresses and the few rules that span several keys.
//!
//! Deserializing a model only checks the shape of the JSON; [`Validate::validate`] checks the
//! values, as the platform's schema library does before it accepts a document, and
//! [`from_json`] does both. Where the platform gives up inside an object or a list at its first
//! error, every violation is reported here, in document order, each with the dotted path of its
//! value (`actions.0.alternatives`, `sections.1.title`: keys as written in the JSON, list indexes
//! as numbers); the first of them is where the platform would report its error.
//!
//! What is checked is the model as read: values that the load processors change (trimmed,
//! sanitized, normalized) are checked after the change.
//!
//! ```
//! use clustaar_webhook::schemas::{SendTextAction, StepReachedResponse, Validate};
//!
//! let mut text = SendTextAction::new("Hello");
//! text.alternatives.clear();
//! let response = StepReachedResponse::new().action(text);
//! let errors = response.validate().unwrap_err();
//! let first = errors.iter().next().unwrap();
//! assert_eq!(first.path(), "actions.0.alternatives");
//! assert_eq!(first.message(), "length must be between 1 and 10, got 0");
//! ```

use std::fmt;

use serde::de::DeserializeOwned;

use crate::log_field::{LogField, MAX_ITEMS};

mod actions;
mod buttons;
mod cards;
mod conditions;
mod flow;
mod inputs;
mod notification;
mod python_re;
pub(crate) mod rules;
mod targets;

use rules::{Rule, Violation};

/// A model whose values can be checked against the platform's rules.
///
/// Every model of [`schemas`](crate::schemas) and every polymorphic enum implements it. An
/// object of a `type` this crate does not know (an `Unknown` variant) is valid: its rules are
/// not known.
///
/// ```
/// use clustaar_webhook::schemas::{GoToAction, QuickReply, Validate, ValidationErrorKind};
///
/// let reply = QuickReply::new("", GoToAction::step("not an id"));
/// let errors = reply.validate().unwrap_err();
/// let found: Vec<_> = errors.iter().map(|e| (e.path(), e.kind())).collect();
/// assert_eq!(
///     found,
///     [
///         ("title", ValidationErrorKind::Length),
///         ("action.target.id", ValidationErrorKind::Pattern),
///     ]
/// );
/// assert!(QuickReply::new("Yes", GoToAction::step("507f191e810c19729de860ea")).validate().is_ok());
/// ```
///
/// # What is checked
/// Every rule of the platform's schemas: lengths (strings in Unicode code points, as Python
/// counts them, and lists), numeric ranges, sets of values, patterns (where Python's `$` also
/// matches before a final newline), addresses (a scheme, among the allowed ones where the key
/// restricts them, and a host, split as Python's `urllib.parse.urlparse` splits them), the
/// keys and string values of `customAttributes`, whether a `match_regexp` pattern compiles, and
/// the titles of the sections of a choices list that has several. Rules on one key stop at the
/// first broken one, so a value breaks at most one rule; the rules spanning several keys are
/// checked after the keys of their object. The values are checked as the model holds them.
///
/// # Where it differs from the platform
/// - The `type` constants are not checked: the enums pick the model by `type`, and a model read
///   on its own ignores it, as the platform does for its read-only keys. Nor are the constants
///   of `reply_to_action_to_message` (`type` `message`, no attachments), which the model does
///   not keep.
/// - `simple_card.buttons` must hold 1 to 3 buttons on the platform, which fills in an empty
///   list when the key is absent and never checks it; an empty list cannot be told from an
///   absent one once read, so an empty list is valid here.
/// - A `match_regexp` pattern is compiled with `fancy-regex`, not Python's `re`, after the
///   syntax the two read differently (unknown escapes, group names, octal escapes, named
///   characters, the `a` flag) is checked or rewritten as Python reads it. Still valid here
///   and refused by Python: a `\N{…}` of an unknown character name.
/// - The bad entries of `customAttributes` are reported at `customAttributes`, the path where
///   the platform reports the map, one violation an entry, each naming its key.
pub trait Validate {
    /// Checks every rule, and returns every violation found, in document order.
    ///
    /// ```
    /// use clustaar_webhook::schemas::{SendTextAction, Validate};
    ///
    /// assert!(SendTextAction::new("Hello").validate().is_ok());
    /// let errors = SendTextAction::alternatives(["Hi"; 11]).validate().unwrap_err();
    /// assert_eq!(
    ///     errors.to_string(),
    ///     "1 violation: `alternatives`: length must be between 1 and 10, got 11"
    /// );
    /// ```
    fn validate(&self) -> Result<(), ValidationErrors>;
}

/// What kind of rule a [`ValidationError`] breaks.
///
/// ```
/// use clustaar_webhook::schemas::{StepTarget, Validate, ValidationErrorKind};
///
/// let errors = StepTarget::new("not an id").validate().unwrap_err();
/// let kinds: Vec<ValidationErrorKind> = errors.iter().map(|error| error.kind()).collect();
/// assert_eq!(kinds, [ValidationErrorKind::Pattern]);
/// ```
#[non_exhaustive]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ValidationErrorKind {
    /// A string (counted in Unicode code points) or a list has too few or too many items.
    Length,
    /// A number is outside its bounds.
    Range,
    /// A string is not one of the allowed values.
    OneOf,
    /// A string does not match the pattern its key requires.
    Pattern,
    /// A string is not an address of an allowed scheme with a host.
    Url,
    /// A `match_regexp` condition's pattern is not a valid regular expression (compiled with
    /// `fancy-regex`, whose syntax is close to Python's `re`; see [`Validate`] for the gaps).
    Regexp,
    /// A value has the wrong JSON type (a map whose values must all be strings).
    Type,
    /// A required key is missing.
    Required,
    /// A key that may not be `null` is `null`.
    Null,
    /// The document could not be read into its model (syntax, or a value of the wrong type).
    Read,
    /// A rule that spans several keys (such as every section needing a title).
    Custom,
}

/// One broken rule: where, what and which kind.
///
/// Its `Display` writes the path, then the message.
///
/// ```
/// use clustaar_webhook::schemas::{Card, Validate};
///
/// let errors = Card::new("").validate().unwrap_err();
/// let error = errors.iter().next().unwrap();
/// assert_eq!(error.to_string(), "`title`: length must be between 1 and 80, got 0");
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ValidationError {
    path: String,
    message: String,
    kind: ValidationErrorKind,
}

impl ValidationError {
    fn new(path: String, violation: Violation) -> Self {
        ValidationError {
            path,
            message: violation.message,
            kind: violation.kind,
        }
    }

    /// The dotted path of the value, as the platform writes it (`cards.0.buttons.2.title`);
    /// empty for the document itself.
    ///
    /// ```
    /// use clustaar_webhook::schemas::{Card, SendCardsAction, Validate};
    ///
    /// let action = SendCardsAction::new([Card::new("Shoes"), Card::new("")]);
    /// let errors = action.validate().unwrap_err();
    /// assert_eq!(errors.iter().next().unwrap().path(), "cards.1.title");
    /// ```
    pub fn path(&self) -> &str {
        &self.path
    }

    /// What is wrong, in words.
    ///
    /// ```
    /// use clustaar_webhook::schemas::{Card, Validate};
    ///
    /// let errors = Card::new("x".repeat(81)).validate().unwrap_err();
    /// let error = errors.iter().next().unwrap();
    /// assert_eq!(error.message(), "length must be between 1 and 80, got 81");
    /// ```
    pub fn message(&self) -> &str {
        &self.message
    }

    /// Which kind of rule is broken.
    ///
    /// ```
    /// use clustaar_webhook::schemas::{SendTextAction, ValidationErrorKind, from_json};
    ///
    /// let errors = from_json::<SendTextAction>(r#"{"type":"send_text_action"}"#).unwrap_err();
    /// let error = errors.iter().next().unwrap();
    /// assert_eq!((error.path(), error.kind()), ("", ValidationErrorKind::Required));
    /// ```
    pub fn kind(&self) -> ValidationErrorKind {
        self.kind
    }
}

impl ValidationError {
    /// Writes the violation as `Display` does, its path and message cut for a log when `cut`.
    fn write(&self, f: &mut fmt::Formatter<'_>, cut: bool) -> fmt::Result {
        let message = Shown(&self.message, cut);
        if self.path.is_empty() {
            write!(f, "{message}")
        } else {
            write!(f, "`{}`: {message}", Shown(&self.path, cut))
        }
    }
}

impl fmt::Display for ValidationError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.write(f, false)
    }
}

impl std::error::Error for ValidationError {}

/// Every rule a document breaks, in document order; never empty.
///
/// Its `Display` writes one violation a line, each with its path.
///
/// ```
/// use clustaar_webhook::schemas::{Card, SendCardsAction, Validate};
///
/// let action = SendCardsAction::new([Card::new(""), Card::new("x".repeat(81))]);
/// let errors = action.validate().unwrap_err();
/// assert_eq!(errors.len(), 2);
/// assert_eq!(
///     errors.to_string(),
///     "2 violations:\n\
///      - `cards.0.title`: length must be between 1 and 80, got 0\n\
///      - `cards.1.title`: length must be between 1 and 80, got 81"
/// );
/// let paths: Vec<&str> = errors.iter().map(|error| error.path()).collect();
/// assert_eq!(paths, ["cards.0.title", "cards.1.title"]);
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ValidationErrors(Vec<ValidationError>);

impl ValidationErrors {
    /// The violations, in document order.
    ///
    /// ```
    /// use clustaar_webhook::schemas::{Card, SendCardsAction, Validate};
    ///
    /// let action = SendCardsAction::new([Card::new(""), Card::new("Hats"), Card::new("")]);
    /// let errors = action.validate().unwrap_err();
    /// let paths: Vec<&str> = errors.iter().map(|error| error.path()).collect();
    /// assert_eq!(paths, ["cards.0.title", "cards.2.title"]);
    /// ```
    pub fn iter(&self) -> std::slice::Iter<'_, ValidationError> {
        self.0.iter()
    }

    /// How many violations there are (at least one).
    ///
    /// ```
    /// use clustaar_webhook::schemas::{Card, SendCardsAction, Validate};
    ///
    /// let action = SendCardsAction::new([Card::new(""), Card::new("")]);
    /// assert_eq!(action.validate().unwrap_err().len(), 2);
    /// ```
    pub fn len(&self) -> usize {
        self.0.len()
    }

    /// Always `false`: there is at least one violation.
    ///
    /// ```
    /// use clustaar_webhook::schemas::{Card, Validate};
    ///
    /// let errors = Card::new("").validate().unwrap_err();
    /// assert!(!errors.is_empty());
    /// ```
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// The violations, in document order, owned.
    ///
    /// ```
    /// use clustaar_webhook::schemas::{Card, Validate, ValidationErrorKind};
    ///
    /// let errors = Card::new("").validate().unwrap_err();
    /// let errors = errors.into_vec();
    /// assert_eq!(errors[0].kind(), ValidationErrorKind::Length);
    /// ```
    pub fn into_vec(self) -> Vec<ValidationError> {
        self.0
    }
}

impl ValidationErrors {
    /// The violations as a log shows them: as `Display` writes them, with each path and each
    /// message cut as [`LogField`] cuts a value, since a message can quote a value of the
    /// document (``got `…` ``) and a path can hold a key, and the first [`MAX_ITEMS`] of them
    /// only, the rest counted. Nothing is written before a subscriber records the field.
    pub(crate) fn logged(&self) -> impl fmt::Display + '_ {
        Logged(self)
    }

    /// Writes the violations as `Display` does, each cut for a log when `cut`.
    fn write(&self, f: &mut fmt::Formatter<'_>, cut: bool) -> fmt::Result {
        match self.0.as_slice() {
            [one] => {
                f.write_str("1 violation: ")?;
                one.write(f, cut)
            }
            all => {
                write!(f, "{} violations:", all.len())?;
                let shown = if cut {
                    all.len().min(MAX_ITEMS)
                } else {
                    all.len()
                };
                for error in &all[..shown] {
                    f.write_str("\n- ")?;
                    error.write(f, cut)?;
                }
                if shown < all.len() {
                    write!(f, "\n- … and {} more", all.len() - shown)?;
                }
                Ok(())
            }
        }
    }
}

impl fmt::Display for ValidationErrors {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.write(f, false)
    }
}

/// [`ValidationErrors::logged`].
struct Logged<'a>(&'a ValidationErrors);

impl fmt::Display for Logged<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.write(f, true)
    }
}

/// A path or a message, whole, or cut for a log.
struct Shown<'a>(&'a str, bool);

impl fmt::Display for Shown<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Shown(text, true) => fmt::Display::fmt(&LogField(text), f),
            Shown(text, false) => f.write_str(text),
        }
    }
}

impl std::error::Error for ValidationErrors {}

impl IntoIterator for ValidationErrors {
    type Item = ValidationError;
    type IntoIter = std::vec::IntoIter<ValidationError>;

    fn into_iter(self) -> Self::IntoIter {
        self.0.into_iter()
    }
}

impl<'a> IntoIterator for &'a ValidationErrors {
    type Item = &'a ValidationError;
    type IntoIter = std::slice::Iter<'a, ValidationError>;

    fn into_iter(self) -> Self::IntoIter {
        self.0.iter()
    }
}

/// A JSON document [`from_json`] can read: bytes, text or a parsed value.
///
/// The trait is sealed: it is implemented for `&[u8]`, `&Vec<u8>`, `&str`, `&String`,
/// [`serde_json::Value`] and `&serde_json::Value`.
///
/// ```
/// use clustaar_webhook::schemas::{WaitAction, from_json};
///
/// let text = String::from(r#"{"type":"wait_action","duration":1.5}"#);
/// let from_text: WaitAction = from_json(&text).unwrap();
/// let from_bytes: WaitAction = from_json(text.as_bytes()).unwrap();
/// let value: serde_json::Value = serde_json::from_str(&text).unwrap();
/// let from_value: WaitAction = from_json(&value).unwrap();
/// assert_eq!(from_text, from_bytes);
/// assert_eq!(from_text, from_value);
/// ```
pub trait JsonInput: sealed::Sealed {
    /// Reads the model, or gives the one violation that stopped the reading.
    #[doc(hidden)]
    fn read<T: DeserializeOwned>(self) -> Result<T, ValidationError>;
}

mod sealed {
    #[allow(unreachable_pub)] // a sealed trait: public, never reachable
    pub trait Sealed {}
    impl Sealed for &[u8] {}
    impl Sealed for &Vec<u8> {}
    impl Sealed for &str {}
    impl Sealed for &String {}
    impl Sealed for serde_json::Value {}
    impl Sealed for &serde_json::Value {}
}

impl JsonInput for &[u8] {
    fn read<T: DeserializeOwned>(self) -> Result<T, ValidationError> {
        let mut reader = serde_json::Deserializer::from_slice(self);
        let model = serde_path_to_error::deserialize(&mut reader).map_err(read_error)?;
        // Text after the document is an error too, as in `serde_json::from_slice`.
        reader
            .end()
            .map_err(|error| classify(super::error_path::read("", &error)))?;
        Ok(model)
    }
}

impl JsonInput for &Vec<u8> {
    fn read<T: DeserializeOwned>(self) -> Result<T, ValidationError> {
        self.as_slice().read()
    }
}

impl JsonInput for &str {
    fn read<T: DeserializeOwned>(self) -> Result<T, ValidationError> {
        self.as_bytes().read()
    }
}

impl JsonInput for &String {
    fn read<T: DeserializeOwned>(self) -> Result<T, ValidationError> {
        self.as_bytes().read()
    }
}

impl JsonInput for serde_json::Value {
    fn read<T: DeserializeOwned>(self) -> Result<T, ValidationError> {
        serde_path_to_error::deserialize(self).map_err(read_error)
    }
}

impl JsonInput for &serde_json::Value {
    fn read<T: DeserializeOwned>(self) -> Result<T, ValidationError> {
        serde_path_to_error::deserialize(self).map_err(read_error)
    }
}

/// The violation of a document that could not be read, at the path where reading stopped.
fn read_error(error: serde_path_to_error::Error<serde_json::Error>) -> ValidationError {
    classify(super::error_path::read_tracked(&error))
}

/// The violation of a reading error, of the kind its message tells.
fn classify((path, message): (String, String)) -> ValidationError {
    let kind = if message.starts_with("missing field") {
        ValidationErrorKind::Required
    } else if message.starts_with("invalid type: null") {
        ValidationErrorKind::Null
    } else {
        ValidationErrorKind::Read
    };
    ValidationError {
        path,
        message,
        kind,
    }
}

/// Reads a model from JSON and checks its rules.
///
/// A document that cannot be read gives one violation at the path where reading stopped (of
/// kind [`Required`](ValidationErrorKind::Required) for a missing key,
/// [`Null`](ValidationErrorKind::Null) for a `null` where a value is needed, and
/// [`Read`](ValidationErrorKind::Read) otherwise); a document that can be read gives every
/// violation of [`Validate::validate`].
///
/// ```
/// use clustaar_webhook::schemas::{SendTextAction, ValidationErrorKind, from_json};
///
/// let action: SendTextAction =
///     from_json(r#"{"type":"send_text_action","alternatives":["Hi"]}"#).unwrap();
/// assert_eq!(action.alternatives, ["Hi"]);
///
/// let errors = from_json::<SendTextAction>(r#"{"alternatives":[]}"#).unwrap_err();
/// assert_eq!(errors.iter().next().unwrap().path(), "alternatives");
///
/// let errors = from_json::<SendTextAction>(serde_json::json!({"alternatives": [1]})).unwrap_err();
/// let error = errors.iter().next().unwrap();
/// assert_eq!((error.path(), error.kind()), ("alternatives.0", ValidationErrorKind::Read));
///
/// let errors = from_json::<SendTextAction>(b"{}".as_slice()).unwrap_err();
/// assert_eq!(errors.iter().next().unwrap().kind(), ValidationErrorKind::Required);
/// ```
pub fn from_json<T: DeserializeOwned + Validate>(
    input: impl JsonInput,
) -> Result<T, ValidationErrors> {
    let model: T = input
        .read()
        .map_err(|error| ValidationErrors(vec![error]))?;
    model.validate()?;
    Ok(model)
}

/// Walks a model, keeping the path of the value being checked, and collects violations.
pub(crate) struct Checker {
    path: String,
    errors: Vec<ValidationError>,
}

impl Checker {
    /// Checks `model` from the root of the document.
    fn run<T: Rules + ?Sized>(model: &T) -> Result<(), ValidationErrors> {
        let mut checker = Checker {
            path: String::new(),
            errors: Vec::new(),
        };
        model.rules(&mut checker);
        if checker.errors.is_empty() {
            Ok(())
        } else {
            Err(ValidationErrors(checker.errors))
        }
    }

    /// Runs `f` one step below the current path: a key or a list index.
    pub(crate) fn at(&mut self, step: impl fmt::Display, f: impl FnOnce(&mut Checker)) {
        use fmt::Write as _;

        let len = self.path.len();
        if len > 0 {
            self.path.push('.');
        }
        let _ = write!(self.path, "{step}");
        f(self);
        self.path.truncate(len);
    }

    /// Reports a violation at the current path.
    pub(crate) fn report(&mut self, violation: Violation) {
        self.errors
            .push(ValidationError::new(self.path.clone(), violation));
    }

    /// Checks `rule` on the value at `key`, when it is there.
    pub(crate) fn check<F: Present + ?Sized, R: Rule<F::Target>>(
        &mut self,
        key: &str,
        value: &F,
        rule: R,
    ) {
        if let Some(value) = value.present() {
            if let Err(violation) = rule.check(value) {
                self.at(key, |checker| checker.report(violation));
            }
        }
    }

    /// Checks `rule` on the list at `key` (its length), then the rules of each of its items.
    pub(crate) fn list<F, R>(&mut self, key: &str, list: &F, rule: R)
    where
        F: Present + Rules + ?Sized,
        R: Rule<F::Target>,
    {
        self.check(key, list, rule);
        self.nested(key, list);
    }

    /// Checks the rules of the nested model (or list of models) at `key`.
    pub(crate) fn nested<T: Rules + ?Sized>(&mut self, key: &str, value: &T) {
        self.at(key, |checker| value.rules(checker));
    }
}

/// The rules of one model, checked by a [`Checker`].
pub(crate) trait Rules {
    /// Checks every rule of `self`, reporting to `checker`.
    fn rules(&self, checker: &mut Checker);
}

impl<T: Rules> Rules for [T] {
    fn rules(&self, checker: &mut Checker) {
        for (index, item) in self.iter().enumerate() {
            checker.at(index, |checker| item.rules(checker));
        }
    }
}

impl<T: Rules> Rules for Vec<T> {
    fn rules(&self, checker: &mut Checker) {
        self.as_slice().rules(checker);
    }
}

impl<T: Rules> Rules for Option<T> {
    fn rules(&self, checker: &mut Checker) {
        if let Some(value) = self {
            value.rules(checker);
        }
    }
}

/// A field that may hold a value to check: absent and `null` values are not checked.
pub(crate) trait Present {
    /// What the rules look at.
    type Target: ?Sized;

    /// The value, when there is one.
    fn present(&self) -> Option<&Self::Target>;
}

impl Present for String {
    type Target = str;

    fn present(&self) -> Option<&str> {
        Some(self)
    }
}

impl Present for Option<String> {
    type Target = str;

    fn present(&self) -> Option<&str> {
        self.as_deref()
    }
}

impl<T> Present for Vec<T> {
    type Target = [T];

    fn present(&self) -> Option<&[T]> {
        Some(self)
    }
}

impl<T> Present for Option<Vec<T>> {
    type Target = [T];

    fn present(&self) -> Option<&[T]> {
        self.as_deref()
    }
}

impl Present for serde_json::Number {
    type Target = serde_json::Number;

    fn present(&self) -> Option<&serde_json::Number> {
        Some(self)
    }
}

impl Present for u32 {
    type Target = u32;

    fn present(&self) -> Option<&u32> {
        Some(self)
    }
}

impl Present for serde_json::Map<String, serde_json::Value> {
    type Target = serde_json::Map<String, serde_json::Value>;

    fn present(&self) -> Option<&Self::Target> {
        Some(self)
    }
}

/// Declares the rules of models, and their [`Validate`], one rule a line:
///
/// ```text
/// model_rules! {
///     SendTextAction => |action, c| {
///         c.check("alternatives", &action.alternatives, Length::between(1, 10));
///     }
///     PauseBotAction,
/// }
/// ```
///
/// A model listed without a body has no rules of its own.
macro_rules! model_rules {
    ($($model:ty $(=> |$m:ident, $c:ident| { $($body:tt)* })? ),* $(,)?) => {
        $(
            impl $crate::schemas::validate::Rules for $model {
                #[allow(unused_variables)]
                fn rules(&self, checker: &mut $crate::schemas::validate::Checker) {
                    $(
                        let $m = self;
                        let $c = checker;
                        $($body)*
                    )?
                }
            }

            impl $crate::schemas::validate::Validate for $model {
                fn validate(&self) -> Result<(), $crate::schemas::validate::ValidationErrors> {
                    $crate::schemas::validate::Checker::run(self)
                }
            }
        )*
    };
}
pub(crate) use model_rules;

/// Declares the rules of polymorphic enums: those of the variant's model, at the same path; an
/// `Unknown` variant is valid.
macro_rules! enum_rules {
    ($($enum:ident $(+ $unknown:ident)? { $($variant:ident),* $(,)? })*) => {
        $(
            impl $crate::schemas::validate::Rules for $crate::schemas::$enum {
                fn rules(&self, checker: &mut $crate::schemas::validate::Checker) {
                    match self {
                        $($crate::schemas::$enum::$variant(model) => model.rules(checker),)*
                        $($crate::schemas::$enum::$unknown(_) => {})?
                    }
                }
            }

            impl $crate::schemas::validate::Validate for $crate::schemas::$enum {
                fn validate(&self) -> Result<(), $crate::schemas::validate::ValidationErrors> {
                    $crate::schemas::validate::Checker::run(self)
                }
            }
        )*
    };
}
pub(crate) use enum_rules;

#[cfg(test)]
mod tests {
    use super::*;
    use crate::log_field::MAX_CHARS;

    fn error(path: &str, message: &str) -> ValidationError {
        ValidationError {
            path: path.to_owned(),
            message: message.to_owned(),
            kind: ValidationErrorKind::OneOf,
        }
    }

    #[test]
    fn logged_violations_are_counted_past_the_first_few() {
        let many = ValidationErrors(
            (0..1_000)
                .map(|i| error(&format!("a.{i}"), "bad"))
                .collect(),
        );
        let logged = many.logged().to_string();
        assert_eq!(logged.lines().count(), 1 + MAX_ITEMS + 1, "{logged}");
        assert!(
            logged.starts_with("1000 violations:\n- `a.0`: bad"),
            "{logged}"
        );
        assert!(
            logged.ends_with(&format!("\n- … and {} more", 1_000 - MAX_ITEMS)),
            "{logged}"
        );
        // The answer's body still lists them all.
        assert_eq!(many.to_string().lines().count(), 1 + 1_000);
    }

    #[test]
    fn logged_violations_read_as_displayed_ones_with_their_values_cut() {
        let short = ValidationErrors(vec![error("actions.0.service", "must be one of `a`")]);
        assert_eq!(short.logged().to_string(), short.to_string());
        let several = ValidationErrors(vec![error("", "at the root"), error("a.0", "bad")]);
        assert_eq!(several.logged().to_string(), several.to_string());

        let key = "k".repeat(1 << 20);
        let value = "v".repeat(1 << 20);
        let long = ValidationErrors(vec![
            error(&format!("values.{key}"), &format!("got `{value}`")),
            error("", &value),
        ]);
        let whole = long.to_string();
        assert!(
            whole.contains(&key) && whole.contains(&value),
            "the body keeps them"
        );
        let logged = long.logged().to_string();
        assert_eq!(
            logged,
            format!(
                "2 violations:\n- `values.{}…`: got `{}…\n- {}…",
                &key[..MAX_CHARS - "values.".len()],
                &value[..MAX_CHARS - "got `".len()],
                &value[..MAX_CHARS],
            )
        );
    }
}
