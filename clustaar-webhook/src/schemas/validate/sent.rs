//! The check of a document as it was sent: its JSON, before any model reads it.
//!
//! The platform checks a document before its load processors run, so the rules must see the
//! values as written (a title of 60 code points holding `<` is valid, though sanitizing makes it
//! longer). Reading into a model also loses what the platform checks besides the values: which
//! keys are present, `null` where a model reads a default, the model's own `type`, a value of
//! the wrong JSON type. So a document is checked as JSON, each model walking its keys through
//! [`Sent`], which `#[model]` generates from the same field declarations the model reads with.
//!
//! Every violation is reported, and the platform's first one first. The platform checks a
//! model's keys in order, collecting the errors of plain values; the first nested object (or
//! list of objects) that fails stops the model's check, and its errors replace the ones
//! collected. [`SentChecker::object`] keeps every violation but moves the first failing nested
//! key's ones to the front, recursively, so the first violation is the platform's.

use std::fmt;
use std::ops::Range;

use serde_json::{Map, Number, Value};

use super::rules::{KeyRule, Violation};
use super::{Checker, ValidationErrorKind, ValidationErrors};
use crate::schemas::session::json_kind;
use crate::schemas::{Tag, TypeName};

/// A type whose JSON, as sent, can be checked against the platform's rules.
///
/// Models implement it through `#[model]`, the polymorphic enums through `tagged_enum!`, and
/// the leaf types (strings, numbers, lists, maps) here.
pub(crate) trait Sent {
    /// What the rules of a key of this type look at: `str` for a string, the items of a list.
    type Raw: ?Sized;
    /// Whether `null` is a valid value.
    const NULLABLE: bool = false;
    /// Whether it is an object (or list of objects) whose failure stops its parent's check.
    const NESTED: bool = false;
    /// The JSON type expected, for messages (`a string`).
    const EXPECTED: &'static str;

    /// `value` seen as [`Sent::Raw`], when it has the expected JSON type.
    fn raw(value: &Value) -> Option<&Self::Raw>;

    /// Checks what the value holds: the keys of an object, the items of a list.
    fn check_inside(_raw: &Self::Raw, _checker: &mut SentChecker) {}

    /// Checks `item`, the item at `index` of a list.
    fn check_item(index: usize, item: &Value, checker: &mut SentChecker) {
        checker.at(index, |checker| checker.value::<Self, _>(item, &NoRule));
    }
}

/// Walks a JSON document, collecting violations with their paths.
pub(crate) struct SentChecker {
    found: Checker,
    /// In the object being checked: the violations of its first failing nested key.
    first_nested: Option<Range<usize>>,
}

impl SentChecker {
    /// Checks `value` as a `T`.
    pub(crate) fn run<T: Sent + ?Sized>(value: &Value) -> Result<(), ValidationErrors> {
        let mut checker = SentChecker {
            found: Checker::new(),
            first_nested: None,
        };
        checker.value::<T, _>(value, &NoRule);
        checker.found.finish()
    }

    /// Runs `check` one step deeper in the path.
    pub(crate) fn at(&mut self, step: impl fmt::Display, check: impl FnOnce(&mut Self)) {
        let len = self.found.enter(step);
        check(self);
        self.found.leave(len);
    }

    pub(crate) fn report(&mut self, kind: ValidationErrorKind, message: impl Into<String>) {
        self.found.report(Violation::new(kind, message));
    }

    /// Checks the keys of an object with `keys`, then moves the violations of its first failing
    /// nested key to the front: the platform reports those alone.
    pub(crate) fn object(&mut self, keys: impl FnOnce(&mut Self)) {
        let start = self.found.count();
        let outer = self.first_nested.take();
        keys(self);
        if let Some(nested) = self.first_nested.take() {
            self.found.since(start)[..nested.end - start].rotate_right(nested.len());
        }
        self.first_nested = outer;
    }

    /// Checks the key `key` of `object` as an `F` with `rule`: present unless `presence` says
    /// it may be absent, not `null` unless `F` and `presence` allow it, of `F`'s JSON type,
    /// keeping the rule, and what it holds.
    pub(crate) fn key<F, R>(
        &mut self,
        object: &Map<String, Value>,
        key: &str,
        presence: Presence,
        rule: &R,
    ) where
        F: Sent + ?Sized,
        R: KeyRule<F::Raw> + ?Sized,
    {
        self.at(key, |checker| {
            let start = checker.found.count();
            match object.get(key) {
                Some(Value::Null) if F::NULLABLE && presence.refuses_null => checker.report(
                    ValidationErrorKind::Null,
                    format!("must be {}, got null", F::EXPECTED),
                ),
                Some(value) => checker.value::<F, R>(value, rule),
                None if !presence.optional => checker.report(
                    ValidationErrorKind::Required,
                    format!("the key `{key}` is missing"),
                ),
                None => {}
            }
            let end = checker.found.count();
            if F::NESTED && end > start && checker.first_nested.is_none() {
                checker.first_nested = Some(start..end);
            }
        });
    }

    pub(crate) fn value<F, R>(&mut self, value: &Value, rule: &R)
    where
        F: Sent + ?Sized,
        R: KeyRule<F::Raw> + ?Sized,
    {
        if value.is_null() {
            if !F::NULLABLE {
                self.report(
                    ValidationErrorKind::Null,
                    format!("must be {}, got null", F::EXPECTED),
                );
            }
            return;
        }
        let Some(raw) = F::raw(value) else {
            self.report(
                ValidationErrorKind::Type,
                format!("must be {}, got {}", F::EXPECTED, json_kind(value)),
            );
            return;
        };
        rule.each(raw, &mut |violation| self.found.report(violation));
        F::check_inside(raw, self);
    }
}

/// Whether a key may be absent, and whether it may be `null` where its type reads `null`.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Presence {
    /// The key may be absent.
    pub(crate) optional: bool,
    /// The platform refuses `null` though the model reads it (as `None`).
    pub(crate) refuses_null: bool,
}

/// No rule: any value keeps it.
pub(crate) struct NoRule;

impl<V: ?Sized> super::rules::Rule<V> for NoRule {
    fn check(&self, _: &V) -> Result<(), Violation> {
        Ok(())
    }
}

impl Sent for str {
    type Raw = str;
    const EXPECTED: &'static str = "a string";

    fn raw(value: &Value) -> Option<&str> {
        value.as_str()
    }
}

impl Sent for String {
    type Raw = str;
    const EXPECTED: &'static str = "a string";

    fn raw(value: &Value) -> Option<&str> {
        value.as_str()
    }
}

impl Sent for bool {
    type Raw = bool;
    const EXPECTED: &'static str = "a boolean";

    fn raw(value: &Value) -> Option<&bool> {
        match value {
            Value::Bool(true) => Some(&true),
            Value::Bool(false) => Some(&false),
            _ => None,
        }
    }
}

/// Numbers as the platform reads them: a boolean is a number too (Python's `True == 1`).
fn number(value: &Value) -> Option<&Number> {
    static TRUE: std::sync::LazyLock<Number> = std::sync::LazyLock::new(|| Number::from(1));
    static FALSE: std::sync::LazyLock<Number> = std::sync::LazyLock::new(|| Number::from(0));
    match value {
        Value::Number(number) => Some(number),
        Value::Bool(true) => Some(&TRUE),
        Value::Bool(false) => Some(&FALSE),
        _ => None,
    }
}

impl Sent for Number {
    type Raw = Number;
    const EXPECTED: &'static str = "a number";

    fn raw(value: &Value) -> Option<&Number> {
        number(value)
    }
}

impl Sent for f64 {
    type Raw = Number;
    const EXPECTED: &'static str = "a number";

    fn raw(value: &Value) -> Option<&Number> {
        number(value)
    }
}

impl Sent for u32 {
    type Raw = Number;
    const EXPECTED: &'static str = "a whole number";

    fn raw(value: &Value) -> Option<&Number> {
        number(value).filter(|number| number.is_u64() || number.is_i64())
    }
}

impl Sent for i64 {
    type Raw = Number;
    const EXPECTED: &'static str = "a whole number";

    fn raw(value: &Value) -> Option<&Number> {
        number(value).filter(|number| number.is_u64() || number.is_i64())
    }
}

impl Sent for Value {
    type Raw = Value;
    const NULLABLE: bool = true;
    const EXPECTED: &'static str = "a JSON value";

    fn raw(value: &Value) -> Option<&Value> {
        Some(value)
    }
}

impl Sent for Map<String, Value> {
    type Raw = Map<String, Value>;
    const EXPECTED: &'static str = "an object";

    fn raw(value: &Value) -> Option<&Map<String, Value>> {
        value.as_object()
    }
}

/// `Option<T>` reads `null` too; a `Box<T>` is its `T`.
macro_rules! forward_sent {
    ($($wrapper:ident, $nullable:expr);*) => {
        $(impl<T: Sent> Sent for $wrapper<T> {
            type Raw = T::Raw;
            const NULLABLE: bool = $nullable;
            const NESTED: bool = T::NESTED;
            const EXPECTED: &'static str = T::EXPECTED;

            fn raw(value: &Value) -> Option<&T::Raw> {
                T::raw(value)
            }

            fn check_inside(raw: &T::Raw, checker: &mut SentChecker) {
                T::check_inside(raw, checker);
            }
        })*
    };
}

forward_sent!(Option, true; Box, T::NULLABLE);

impl<T: Sent> Sent for Vec<T> {
    type Raw = [Value];
    const NESTED: bool = T::NESTED;
    const EXPECTED: &'static str = "a list";

    fn raw(value: &Value) -> Option<&[Value]> {
        value.as_array().map(Vec::as_slice)
    }

    fn check_inside(items: &[Value], checker: &mut SentChecker) {
        for (index, item) in items.iter().enumerate() {
            T::check_item(index, item, checker);
        }
    }
}

/// A model's own `type`: a string equal to the model's name.
impl<T: TypeName> Sent for Tag<T> {
    type Raw = str;
    const EXPECTED: &'static str = "a string";

    fn raw(value: &Value) -> Option<&str> {
        value.as_str()
    }

    fn check_inside(raw: &str, checker: &mut SentChecker) {
        if raw != T::TYPE {
            checker.report(
                ValidationErrorKind::Constant,
                format!("must be `{}`, got `{raw}`", T::TYPE),
            );
        }
    }
}

/// The keys of a polymorphic object: its `type` picks the model whose keys `check_model`
/// checks; it gives `false` for a `type` the enum does not know, which is valid when the enum
/// `keeps_unknown` objects.
pub(crate) fn check_tagged(
    object: &Map<String, Value>,
    checker: &mut SentChecker,
    known: &[&str],
    keeps_unknown: bool,
    check_model: impl FnOnce(&str, &Map<String, Value>, &mut SentChecker) -> bool,
) {
    match usable_tag(object, known, keeps_unknown) {
        Ok(tag) => {
            if !check_model(tag, object, checker) && !keeps_unknown {
                unreachable_tag(checker, known, tag);
            }
        }
        Err(problem) => problem.report(checker, known),
    }
}

/// An item of a list of polymorphic objects. Where its `type` is missing or unknown, the
/// platform reports it at the list's path (`predicates`, `predicates.type`), not the item's.
pub(crate) fn check_tagged_item<T: Sent + ?Sized>(
    index: usize,
    item: &Value,
    checker: &mut SentChecker,
    known: &[&str],
    keeps_unknown: bool,
) {
    if let Some(Err(problem)) = item
        .as_object()
        .map(|object| usable_tag(object, known, keeps_unknown))
    {
        return problem.report(checker, known);
    }
    checker.at(index, |checker| checker.value::<T, _>(item, &NoRule));
}

/// Why the `type` of a polymorphic object cannot pick its model.
enum TagProblem<'a> {
    Missing,
    Unknown(&'a str),
}

impl TagProblem<'_> {
    fn report(self, checker: &mut SentChecker, known: &[&str]) {
        match self {
            TagProblem::Missing => checker.report(
                ValidationErrorKind::Required,
                "the key `type` is missing or not a string: it says which kind of object this is",
            ),
            TagProblem::Unknown(tag) => unreachable_tag(checker, known, tag),
        }
    }
}

/// The object's `type`, when it is a string this enum reads.
fn usable_tag<'a>(
    object: &'a Map<String, Value>,
    known: &[&str],
    keeps_unknown: bool,
) -> Result<&'a str, TagProblem<'a>> {
    let tag = object
        .get("type")
        .and_then(Value::as_str)
        .ok_or(TagProblem::Missing)?;
    if keeps_unknown || known.contains(&tag) {
        Ok(tag)
    } else {
        Err(TagProblem::Unknown(tag))
    }
}

fn unreachable_tag(checker: &mut SentChecker, known: &[&str], tag: &str) {
    let known: Vec<String> = known.iter().map(|name| format!("`{name}`")).collect();
    checker.at("type", |checker| {
        checker.report(
            ValidationErrorKind::OneOf,
            format!("must be one of {}, got `{tag}`", known.join(", ")),
        );
    });
}
