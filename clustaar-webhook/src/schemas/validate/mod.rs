//! Validation of the models against the platform's rules: lengths, ranges, sets of values,
//! patterns, addresses and the few rules that span several keys.
//!
//! A document is checked as the platform checks it: [`from_json`] checks the JSON as sent,
//! before the load processors change its strings, then reads it; every key the platform
//! requires must be there, each model's `type` must be its name, and each value must have its
//! JSON type. A model built in Rust is checked with [`Validate::validate`], on its values as
//! they will be written. Both report every violation, each with the dotted path of its value
//! (`actions.0.alternatives`, `sections.1.title`: keys as written in the JSON, list indexes as
//! numbers), and the first one reported is the one the platform reports: where a nested object
//! or list fails, its violations come before the ones of its parent's plain values.
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

use std::borrow::Cow;
use std::fmt;

use serde::de::DeserializeOwned;
use serde_json::Value;

use crate::log_field::{LogField, MAX_ITEMS};

mod python_re;
pub(crate) mod rules;
pub(crate) mod sent;

use rules::{KeyRule, Violation};

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
/// keys and string values of `customAttributes` (each bad entry at its own path), whether a
/// `match_regexp` pattern compiles, and the titles of the sections of a choices list that has
/// several. Rules on one key stop at the first broken one, so a value breaks at most one rule.
/// Each model's docs list its rules, field by field.
///
/// A model built in Rust always writes its `type` and every required key, so `validate` checks
/// the values; [`from_json`] checks those too on a document as sent.
///
/// # Where it differs from the platform
/// - `simple_card.buttons` must hold 1 to 3 buttons on the platform, which fills in an empty
///   list when the key is absent and never checks it; an empty list cannot be told from an
///   absent one once read, so an empty list is valid here.
/// - A `match_regexp` pattern is compiled with `fancy-regex`, not Python's `re`, after the
///   syntax the two read differently (unknown escapes, group names, octal escapes, named
///   characters, the `a` flag) is checked or rewritten as Python reads it. Still valid here
///   and refused by Python: a `\N{…}` of an unknown character name.
/// - An object of a `type` this crate does not know is valid in a list of actions, inputs,
///   button actions or attachments: the platform adds types over time, and this crate keeps
///   them as [`UnknownObject`](crate::schemas::UnknownObject)s.
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

    /// Checks `document`, as sent, against the rules of this model (what [`from_json`] checks
    /// before it reads).
    #[doc(hidden)]
    fn validate_sent(document: &Value) -> Result<(), ValidationErrors>
    where
        Self: Sized;
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
    /// A model's own `type` is not its name (`step_target` with `"type": "story"`).
    Constant,
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
    /// assert_eq!((error.path(), error.kind()), ("alternatives", ValidationErrorKind::Required));
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
    /// The document as JSON, or the one violation saying why it is not JSON.
    #[doc(hidden)]
    fn document<'a>(self) -> Result<Cow<'a, Value>, ValidationError>
    where
        Self: 'a;
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
    fn document<'a>(self) -> Result<Cow<'a, Value>, ValidationError>
    where
        Self: 'a,
    {
        // Read with its path tracked, so that a syntax error says where reading stopped.
        let mut reader = serde_json::Deserializer::from_slice(self);
        let document: Value = serde_path_to_error::deserialize(&mut reader).map_err(read_error)?;
        reader
            .end()
            .map_err(|error| classify(super::error_path::read("", &error)))?;
        Ok(Cow::Owned(document))
    }
}

impl JsonInput for &Vec<u8> {
    fn document<'a>(self) -> Result<Cow<'a, Value>, ValidationError>
    where
        Self: 'a,
    {
        self.as_slice().document()
    }
}

impl JsonInput for &str {
    fn document<'a>(self) -> Result<Cow<'a, Value>, ValidationError>
    where
        Self: 'a,
    {
        self.as_bytes().document()
    }
}

impl JsonInput for &String {
    fn document<'a>(self) -> Result<Cow<'a, Value>, ValidationError>
    where
        Self: 'a,
    {
        self.as_bytes().document()
    }
}

impl JsonInput for Value {
    fn document<'a>(self) -> Result<Cow<'a, Value>, ValidationError>
    where
        Self: 'a,
    {
        Ok(Cow::Owned(self))
    }
}

impl JsonInput for &Value {
    fn document<'a>(self) -> Result<Cow<'a, Value>, ValidationError>
    where
        Self: 'a,
    {
        Ok(Cow::Borrowed(self))
    }
}

fn read_error(error: serde_path_to_error::Error<serde_json::Error>) -> ValidationError {
    classify(super::error_path::read_tracked(&error))
}

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

/// Checks a JSON document as the platform does, then reads it into a model.
///
/// The rules see the document as sent, before the load processors clean its strings: a
/// title of the maximum length that holds `<` is valid, though sanitizing makes it longer. Every
/// key the platform requires must be there (even where `null` is allowed), the model's own
/// `type` must be its name, and each value must have its JSON type; each violation is reported
/// at its path (`choices.1.target`, `customAttributes.a`), and the first one reported is the
/// one the platform reports. Text that is not JSON gives one violation of kind
/// [`Read`](ValidationErrorKind::Read), at the path of the object or list where reading stopped.
///
/// A valid document is then read as the model reads any document: with the load processors.
///
/// ```
/// use clustaar_webhook::schemas::{SendTextAction, ValidationErrorKind, from_json};
///
/// let action: SendTextAction =
///     from_json(r#"{"type":"send_text_action","alternatives":["<b>Hi</b>"]}"#).unwrap();
/// assert_eq!(action.alternatives, ["<b>Hi</b>"]);
///
/// let errors = from_json::<SendTextAction>(r#"{"type":"send_text_action","alternatives":[]}"#)
///     .unwrap_err();
/// assert_eq!(errors.iter().next().unwrap().path(), "alternatives");
///
/// let errors = from_json::<SendTextAction>(serde_json::json!({
///     "type": "send_text_action",
///     "alternatives": [1],
/// }))
/// .unwrap_err();
/// let error = errors.iter().next().unwrap();
/// assert_eq!((error.path(), error.kind()), ("alternatives.0", ValidationErrorKind::Type));
///
/// let errors = from_json::<SendTextAction>(r#"{"alternatives": ["Hi",]}"#).unwrap_err();
/// let error = errors.iter().next().unwrap();
/// assert_eq!((error.path(), error.kind()), ("alternatives", ValidationErrorKind::Read));
///
/// let errors = from_json::<SendTextAction>(b"{}".as_slice()).unwrap_err();
/// let first = errors.iter().next().unwrap();
/// assert_eq!((first.path(), first.kind()), ("type", ValidationErrorKind::Required));
/// ```
pub fn from_json<T: DeserializeOwned + Validate>(
    input: impl JsonInput,
) -> Result<T, ValidationErrors> {
    let document = input
        .document()
        .map_err(|error| ValidationErrors(vec![error]))?;
    T::validate_sent(&document)?;
    serde_path_to_error::deserialize(&*document)
        .map_err(|error| ValidationErrors(vec![read_error(error)]))
}

/// Walks a model, keeping the path of the value being checked, and collects violations.
pub(crate) struct Checker {
    path: String,
    errors: Vec<ValidationError>,
}

impl Checker {
    /// A checker at the root of the document.
    pub(crate) fn new() -> Self {
        Checker {
            path: String::new(),
            errors: Vec::new(),
        }
    }

    /// Checks `model` from the root of the document.
    pub(crate) fn run<T: Rules + ?Sized>(model: &T) -> Result<(), ValidationErrors> {
        let mut checker = Checker::new();
        model.rules(&mut checker);
        checker.finish()
    }

    /// Every violation found, in the order reported.
    pub(crate) fn finish(self) -> Result<(), ValidationErrors> {
        if self.errors.is_empty() {
            Ok(())
        } else {
            Err(ValidationErrors(self.errors))
        }
    }

    /// Runs `f` one step below the current path: a key or a list index.
    pub(crate) fn at(&mut self, step: impl fmt::Display, f: impl FnOnce(&mut Checker)) {
        let len = self.enter(step);
        f(self);
        self.path.truncate(len);
    }

    /// Goes one step below the current path; gives the length to truncate the path back to.
    pub(crate) fn enter(&mut self, step: impl fmt::Display) -> usize {
        use fmt::Write as _;

        let len = self.path.len();
        if len > 0 {
            self.path.push('.');
        }
        let _ = write!(self.path, "{step}");
        len
    }

    /// Goes back up to the path `enter` left.
    pub(crate) fn leave(&mut self, len: usize) {
        self.path.truncate(len);
    }

    /// Reports a violation at the current path, or below it where the rule says.
    pub(crate) fn report(&mut self, violation: Violation) {
        match violation.within.clone() {
            Some(within) => self.at(within, |checker| checker.push(violation)),
            None => self.push(violation),
        }
    }

    fn push(&mut self, violation: Violation) {
        self.errors
            .push(ValidationError::new(self.path.clone(), violation));
    }

    /// How many violations are reported so far.
    pub(crate) fn count(&self) -> usize {
        self.errors.len()
    }

    /// The violations from `start` on, to reorder them.
    pub(crate) fn since(&mut self, start: usize) -> &mut [ValidationError] {
        &mut self.errors[start..]
    }

    /// Checks `rule` on the value at `key`, when it is there.
    pub(crate) fn check<F: Present + ?Sized, R: KeyRule<F::Target> + ?Sized>(
        &mut self,
        key: &str,
        value: &F,
        rule: &R,
    ) {
        if let Some(value) = value.present() {
            rule.each(value, &mut |violation| {
                self.at(key, |checker| checker.report(violation));
            });
        }
    }

    /// Reports the value at `key` when it is `None`, which would be written `null` where the
    /// platform refuses it.
    pub(crate) fn not_null<T>(&mut self, key: &str, value: &Option<T>) {
        if value.is_none() {
            self.at(key, |checker| {
                checker.push(Violation::new(
                    ValidationErrorKind::Null,
                    "must not be null",
                ));
            });
        }
    }

    /// Checks the rules of what the value at `key` holds (a model, a list of models).
    pub(crate) fn nested<T: Rules + ?Sized>(&mut self, key: &str, value: &T) {
        if T::HOLDS_RULES {
            self.at(key, |checker| value.rules(checker));
        }
    }
}

/// The rules of one model, checked by a [`Checker`].
pub(crate) trait Rules {
    /// Whether a value of this type can break a rule of its own (a string cannot: the rules of
    /// its key are its model's).
    const HOLDS_RULES: bool = true;

    /// Checks every rule of `self`, reporting to `checker`.
    fn rules(&self, _checker: &mut Checker) {}
}

/// Leaf values: their rules are their key's, which the model checks.
macro_rules! leaf_rules {
    ($($leaf:ty),* $(,)?) => {
        $(impl Rules for $leaf {
            const HOLDS_RULES: bool = false;
        })*
    };
}

leaf_rules!(
    String,
    bool,
    u32,
    i64,
    f64,
    serde_json::Number,
    serde_json::Value,
    serde_json::Map<String, serde_json::Value>,
);

impl<T> Rules for crate::schemas::Tag<T> {
    const HOLDS_RULES: bool = false;
}

impl<T: Rules + ?Sized> Rules for Box<T> {
    const HOLDS_RULES: bool = T::HOLDS_RULES;

    fn rules(&self, checker: &mut Checker) {
        T::rules(self, checker);
    }
}

impl<T: Rules> Rules for [T] {
    const HOLDS_RULES: bool = T::HOLDS_RULES;

    fn rules(&self, checker: &mut Checker) {
        for (index, item) in self.iter().enumerate() {
            checker.at(index, |checker| item.rules(checker));
        }
    }
}

impl<T: Rules> Rules for Vec<T> {
    const HOLDS_RULES: bool = T::HOLDS_RULES;

    fn rules(&self, checker: &mut Checker) {
        self.as_slice().rules(checker);
    }
}

impl<T: Rules> Rules for Option<T> {
    const HOLDS_RULES: bool = T::HOLDS_RULES;

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

impl<T: Present> Present for Option<T> {
    type Target = T::Target;

    fn present(&self) -> Option<&T::Target> {
        self.as_ref().and_then(Present::present)
    }
}

impl<T> Present for Vec<T> {
    type Target = [T];

    fn present(&self) -> Option<&[T]> {
        Some(self)
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

#[cfg(test)]
mod declared_once;
