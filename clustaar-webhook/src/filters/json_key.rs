//! Filters on the value at a key path: [`JsonKeyEquals`], [`JsonKeyIn`], [`JsonKeyExists`].

use serde_json::{Number, Value};

use super::{Filter, IntoKeyPath, KeyPath, KeyPathError};

/// Parses `path` for a filter's `new`, panicking with a message that names the filter.
#[track_caller]
fn parse_or_panic(filter: &str, path: impl IntoKeyPath) -> KeyPath {
    match path.into_key_path() {
        Ok(path) => path,
        Err(err) => panic!("{filter}::new: {err}"),
    }
}

/// Whether two JSON values are equal, comparing numbers by their numeric value.
///
/// This is `==` on [`Value`] except for numbers: serde_json keeps `1` and `1.0` apart, while
/// the reference (Python, where `1 == 1.0`) and JSON itself do not. Here an integer and a float
/// are equal when they denote the same number, exactly (no rounding: `9007199254740993` does not
/// equal the float `9007199254740992.0`). Arrays compare item by item, objects key by key in any
/// order, both with this same rule. Booleans are not numbers: `true` does not equal `1` (unlike
/// in Python).
///
/// # Example
///
/// ```
/// use clustaar_webhook::filters::json_eq;
/// use serde_json::json;
///
/// assert!(json_eq(&json!(1), &json!(1.0)));
/// assert!(json_eq(&json!({ "a": [1, 2.0] }), &json!({ "a": [1.0, 2] })));
/// assert!(!json_eq(&json!(1), &json!(1.5)));
/// assert!(!json_eq(&json!(1), &json!(true)));
/// assert!(!json_eq(&json!(1), &json!("1")));
/// ```
pub fn json_eq(a: &Value, b: &Value) -> bool {
    match (a, b) {
        (Value::Number(x), Value::Number(y)) => number_eq(x, y),
        (Value::Array(x), Value::Array(y)) => {
            x.len() == y.len() && x.iter().zip(y).all(|(a, b)| json_eq(a, b))
        }
        (Value::Object(x), Value::Object(y)) => {
            x.len() == y.len()
                && x.iter()
                    .all(|(key, a)| y.get(key).is_some_and(|b| json_eq(a, b)))
        }
        _ => a == b,
    }
}

fn as_integer(n: &Number) -> Option<i128> {
    n.as_i64()
        .map(i128::from)
        .or_else(|| n.as_u64().map(i128::from))
}

/// Whether the float `f` is exactly the integer `i`, an `i64` or a `u64`.
fn float_is_integer(f: f64, i: i128) -> bool {
    // Every integer-valued f64 within i128's range converts to it exactly; one beyond it
    // saturates to i128::MIN or MAX, which no i64 or u64 equals.
    f.fract() == 0.0 && f as i128 == i
}

fn number_eq(x: &Number, y: &Number) -> bool {
    match (as_integer(x), as_integer(y)) {
        (Some(a), Some(b)) => a == b,
        (Some(i), None) => y.as_f64().is_some_and(|f| float_is_integer(f, i)),
        (None, Some(i)) => x.as_f64().is_some_and(|f| float_is_integer(f, i)),
        (None, None) => match (x.as_f64(), y.as_f64()) {
            (Some(a), Some(b)) => a == b,
            _ => x == y,
        },
    }
}

/// Matches when the value at a key path equals an expected value.
///
/// Equality is [`json_eq`]: JSON equality with numbers compared by value (`1` equals `1.0`).
/// A missing key (or a path through `null` or a non-object) never equals anything, not even
/// `null`; a key present with the value `null` equals `null`.
///
/// # Example
///
/// The reference's example: the filter matches while `user.id` is `1`, and no longer once it
/// becomes `2`.
///
/// ```
/// use clustaar_webhook::filters::{Filter, JsonKeyEquals};
/// use serde_json::json;
///
/// let mut notification = json!({ "user": { "id": 1 } });
/// let filter = JsonKeyEquals::new("user.id", 1);
/// assert!(filter.matches(&notification));
///
/// notification["user"]["id"] = json!(2);
/// assert!(!filter.matches(&notification));
///
/// // Numbers compare by value, and a missing key is not `null`.
/// assert!(filter.matches(&json!({ "user": { "id": 1.0 } })));
/// let is_null = JsonKeyEquals::new("user.email", json!(null));
/// assert!(is_null.matches(&json!({ "user": { "email": null } })));
/// assert!(!is_null.matches(&json!({ "user": {} })));
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct JsonKeyEquals {
    path: KeyPath,
    value: Value,
}

impl JsonKeyEquals {
    /// A filter matching when the value at `path` equals `value`.
    ///
    /// # Panics
    ///
    /// When `path` is not a valid [`KeyPath`], with the parse error's message (which names the
    /// path). Filters are built with the webhook, so this is a programming error found at
    /// start-up, like a bad route path in axum. Use [`JsonKeyEquals::try_new`] for paths that
    /// come from configuration.
    ///
    /// ```should_panic
    /// use clustaar_webhook::filters::JsonKeyEquals;
    ///
    /// // panics: "JsonKeyEquals::new: invalid key path `user..id`: empty key at position 5"
    /// JsonKeyEquals::new("user..id", 1);
    /// ```
    #[track_caller]
    pub fn new(path: impl IntoKeyPath, value: impl Into<Value>) -> Self {
        Self {
            path: parse_or_panic("JsonKeyEquals", path),
            value: value.into(),
        }
    }

    /// Like [`JsonKeyEquals::new`], returning the path's parse error instead of panicking.
    ///
    /// # Errors
    ///
    /// The [`KeyPathError`] of a path that does not parse.
    ///
    /// ```
    /// use clustaar_webhook::filters::JsonKeyEquals;
    ///
    /// assert!(JsonKeyEquals::try_new("user.id", 1).is_ok());
    /// let err = JsonKeyEquals::try_new("user[id]", 1).unwrap_err();
    /// assert!(err.to_string().starts_with("invalid key path `user[id]`: bad index `[id]`"));
    /// ```
    pub fn try_new(path: impl IntoKeyPath, value: impl Into<Value>) -> Result<Self, KeyPathError> {
        Ok(Self {
            path: path.into_key_path()?,
            value: value.into(),
        })
    }

    /// The path looked at.
    ///
    /// ```
    /// use clustaar_webhook::filters::JsonKeyEquals;
    ///
    /// assert_eq!(JsonKeyEquals::new("user.id", 1).path().to_string(), "user.id");
    /// ```
    pub fn path(&self) -> &KeyPath {
        &self.path
    }

    /// The expected value.
    ///
    /// ```
    /// use clustaar_webhook::filters::JsonKeyEquals;
    /// use serde_json::json;
    ///
    /// assert_eq!(JsonKeyEquals::new("user.id", 1).value(), &json!(1));
    /// ```
    pub fn value(&self) -> &Value {
        &self.value
    }
}

impl Filter for JsonKeyEquals {
    fn matches(&self, notification: &Value) -> bool {
        self.path
            .lookup(notification)
            .is_some_and(|found| json_eq(found, &self.value))
    }
}

/// Matches when the value at a key path is one of a list of values.
///
/// Membership uses [`json_eq`] (`1` is in `[1.0]`). A missing key is in no list, not even
/// `[null]`. An empty list matches nothing.
///
/// # Example
///
/// The reference's example: with the values `[1, 2]`, a `user.id` of `1` or `2` matches and
/// `3` does not.
///
/// ```
/// use clustaar_webhook::filters::{Filter, JsonKeyIn};
/// use serde_json::json;
///
/// let mut notification = json!({ "user": { "id": 1 } });
/// let filter = JsonKeyIn::new("user.id", [1, 2]);
/// assert!(filter.matches(&notification));
///
/// notification["user"]["id"] = json!(2);
/// assert!(filter.matches(&notification));
///
/// notification["user"]["id"] = json!(3);
/// assert!(!filter.matches(&notification));
///
/// // Values of different kinds go through `json!`.
/// let mixed = JsonKeyIn::new("user.id", [json!("admin"), json!(null)]);
/// assert!(mixed.matches(&json!({ "user": { "id": null } })));
/// assert!(!mixed.matches(&json!({ "user": {} })));
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct JsonKeyIn {
    path: KeyPath,
    values: Vec<Value>,
}

impl JsonKeyIn {
    /// A filter matching when the value at `path` is one of `values`.
    ///
    /// # Panics
    ///
    /// When `path` is not a valid [`KeyPath`] (see [`JsonKeyEquals::new`]); use
    /// [`JsonKeyIn::try_new`] to get the error instead.
    ///
    /// ```should_panic
    /// use clustaar_webhook::filters::JsonKeyIn;
    ///
    /// JsonKeyIn::new("user.", [1, 2]); // empty key at position 5
    /// ```
    #[track_caller]
    pub fn new<V: Into<Value>>(
        path: impl IntoKeyPath,
        values: impl IntoIterator<Item = V>,
    ) -> Self {
        Self {
            path: parse_or_panic("JsonKeyIn", path),
            values: values.into_iter().map(Into::into).collect(),
        }
    }

    /// Like [`JsonKeyIn::new`], returning the path's parse error instead of panicking.
    ///
    /// # Errors
    ///
    /// The [`KeyPathError`] of a path that does not parse.
    ///
    /// ```
    /// use clustaar_webhook::filters::JsonKeyIn;
    ///
    /// assert!(JsonKeyIn::try_new("user.id", ["a", "b"]).is_ok());
    /// assert!(JsonKeyIn::try_new("user.\"id", ["a", "b"]).is_err());
    /// ```
    pub fn try_new<V: Into<Value>>(
        path: impl IntoKeyPath,
        values: impl IntoIterator<Item = V>,
    ) -> Result<Self, KeyPathError> {
        Ok(Self {
            path: path.into_key_path()?,
            values: values.into_iter().map(Into::into).collect(),
        })
    }

    /// The path looked at.
    ///
    /// ```
    /// use clustaar_webhook::filters::JsonKeyIn;
    ///
    /// assert_eq!(JsonKeyIn::new("user.id", [1]).path().to_string(), "user.id");
    /// ```
    pub fn path(&self) -> &KeyPath {
        &self.path
    }

    /// The accepted values, in the order given.
    ///
    /// ```
    /// use clustaar_webhook::filters::JsonKeyIn;
    /// use serde_json::json;
    ///
    /// assert_eq!(JsonKeyIn::new("user.id", [1, 2]).values(), &[json!(1), json!(2)]);
    /// ```
    pub fn values(&self) -> &[Value] {
        &self.values
    }
}

impl Filter for JsonKeyIn {
    fn matches(&self, notification: &Value) -> bool {
        self.path
            .lookup(notification)
            .is_some_and(|found| self.values.iter().any(|value| json_eq(found, value)))
    }
}

/// Matches when a key path leads to a value, even `null`.
///
/// The key must be present: a key whose value is `null` exists; a path that runs through a
/// `null`, a non-object (or a non-array, for an index) or an index out of range does not.
///
/// # Example
///
/// The reference's example: the filter matches until the key is deleted.
///
/// ```
/// use clustaar_webhook::filters::{Filter, JsonKeyExists};
/// use serde_json::json;
///
/// let mut notification = json!({ "user": { "id": 1 } });
/// let filter = JsonKeyExists::new("user.id");
/// assert!(filter.matches(&notification));
///
/// notification["user"].as_object_mut().unwrap().remove("id");
/// assert!(!filter.matches(&notification));
///
/// // `null` is a value; a path through `null` leads nowhere.
/// assert!(filter.matches(&json!({ "user": { "id": null } })));
/// assert!(!filter.matches(&json!({ "user": null })));
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct JsonKeyExists {
    path: KeyPath,
}

impl JsonKeyExists {
    /// A filter matching when `path` leads to a value.
    ///
    /// # Panics
    ///
    /// When `path` is not a valid [`KeyPath`] (see [`JsonKeyEquals::new`]); use
    /// [`JsonKeyExists::try_new`] to get the error instead.
    ///
    /// ```should_panic
    /// use clustaar_webhook::filters::JsonKeyExists;
    ///
    /// JsonKeyExists::new("data.step.actions[-1]"); // negative indexes are not supported
    /// ```
    #[track_caller]
    pub fn new(path: impl IntoKeyPath) -> Self {
        Self {
            path: parse_or_panic("JsonKeyExists", path),
        }
    }

    /// Like [`JsonKeyExists::new`], returning the path's parse error instead of panicking.
    ///
    /// # Errors
    ///
    /// The [`KeyPathError`] of a path that does not parse.
    ///
    /// ```
    /// use clustaar_webhook::filters::JsonKeyExists;
    ///
    /// assert!(JsonKeyExists::try_new("data.input").is_ok());
    /// assert!(JsonKeyExists::try_new("").is_err());
    /// ```
    pub fn try_new(path: impl IntoKeyPath) -> Result<Self, KeyPathError> {
        Ok(Self {
            path: path.into_key_path()?,
        })
    }

    /// The path looked at.
    ///
    /// ```
    /// use clustaar_webhook::filters::JsonKeyExists;
    ///
    /// assert_eq!(JsonKeyExists::new("data.input").path().to_string(), "data.input");
    /// ```
    pub fn path(&self) -> &KeyPath {
        &self.path
    }
}

impl Filter for JsonKeyExists {
    fn matches(&self, notification: &Value) -> bool {
        self.path.lookup(notification).is_some()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn numbers_compare_by_value() {
        let eq = |a: Value, b: Value| json_eq(&a, &b) && json_eq(&b, &a);
        assert!(eq(json!(1), json!(1.0)));
        assert!(eq(json!(-3), json!(-3.0)));
        assert!(eq(json!(0), json!(-0.0)));
        assert!(eq(json!(u64::MAX), json!(u64::MAX)));
        assert!(eq(json!(i64::MIN), json!(i64::MIN as f64)));
        assert!(eq(json!(1u64 << 63), json!(9_223_372_036_854_775_808.0)));
        assert!(eq(json!(0.5), json!(0.5)));
        assert!(!eq(json!(1), json!(2)));
        assert!(!eq(json!(1), json!(1.5)));
        assert!(!eq(json!(u64::MAX), json!(-1)));
        // No rounding: 2^53 + 1 is not the float 2^53.
        assert!(!eq(
            json!(9_007_199_254_740_993u64),
            json!(9_007_199_254_740_992.0)
        ));
        assert!(eq(
            json!(9_007_199_254_740_992u64),
            json!(9_007_199_254_740_992.0)
        ));
        assert!(!eq(json!(1), json!(1e300)));
        assert!(!eq(json!(i64::MAX), json!(1e30)));
        assert!(!eq(json!(i64::MIN), json!(-1e300)));
        assert!(!eq(json!(u64::MAX), json!(f64::MAX)));
    }

    #[test]
    fn other_values_compare_as_json() {
        let eq = |a: Value, b: Value| json_eq(&a, &b) && json_eq(&b, &a);
        assert!(eq(json!(null), json!(null)));
        assert!(eq(json!("a"), json!("a")));
        assert!(eq(json!([1, [2.0]]), json!([1.0, [2]])));
        assert!(eq(json!({"a": 1, "b": 2}), json!({"b": 2.0, "a": 1})));
        assert!(!eq(json!(true), json!(1)));
        assert!(!eq(json!(false), json!(0)));
        assert!(!eq(json!(null), json!(0)));
        assert!(!eq(json!(null), json!(false)));
        assert!(!eq(json!("1"), json!(1)));
        assert!(!eq(json!([1]), json!([1, 1])));
        assert!(!eq(json!({"a": 1}), json!({"a": 1, "b": 1})));
        assert!(!eq(json!({"a": 1}), json!({"b": 1})));
        assert!(!eq(json!([]), json!({})));
    }

    #[test]
    fn equals_semantics() {
        let f = JsonKeyEquals::new("user.id", 1);
        assert!(f.matches(&json!({ "user": { "id": 1 } })));
        assert!(f.matches(&json!({ "user": { "id": 1.0 } })));
        assert!(!f.matches(&json!({ "user": { "id": 2 } })));
        assert!(!f.matches(&json!({ "user": { "id": "1" } })));
        assert!(!f.matches(&json!({ "user": { "id": true } })));
        assert!(!f.matches(&json!({ "user": {} })));
        assert!(!f.matches(&json!({ "user": null })));
        assert!(!f.matches(&json!({ "user": [1] })));
        assert!(!f.matches(&json!({})));
        assert!(!f.matches(&json!(null)));
        assert!(!f.matches(&json!("user")));

        let null = JsonKeyEquals::new("user.id", Value::Null);
        assert!(null.matches(&json!({ "user": { "id": null } })));
        assert!(!null.matches(&json!({ "user": {} })), "missing is not null");
        assert!(!null.matches(&json!({ "user": null })), "through null");
        assert!(!null.matches(&json!({})));

        let nested = JsonKeyEquals::new("data.step.actions[1].type", "go_to_action");
        let doc = json!({ "data": { "step": { "actions": [
            { "type": "send_text_action" }, { "type": "go_to_action" } ] } } });
        assert!(nested.matches(&doc));
        assert!(!JsonKeyEquals::new("data.step.actions[2].type", "go_to_action").matches(&doc));

        let object = JsonKeyEquals::new("a", json!({ "x": [1, 2] }));
        assert!(object.matches(&json!({ "a": { "x": [1.0, 2] } })));
        assert!(!object.matches(&json!({ "a": { "x": [2, 1] } })));

        let quoted = JsonKeyEquals::new(r#"values."my.key""#, "v");
        assert!(quoted.matches(&json!({ "values": { "my.key": "v" } })));
        assert!(!quoted.matches(&json!({ "values": { "my": { "key": "v" } } })));
    }

    #[test]
    fn in_semantics() {
        let f = JsonKeyIn::new("user.id", [1, 2]);
        assert!(f.matches(&json!({ "user": { "id": 1 } })));
        assert!(f.matches(&json!({ "user": { "id": 2.0 } })));
        assert!(!f.matches(&json!({ "user": { "id": 3 } })));
        assert!(!f.matches(&json!({ "user": {} })));
        assert!(!f.matches(&json!({ "user": null })));

        let with_null = JsonKeyIn::new("user.id", [Value::Null]);
        assert!(with_null.matches(&json!({ "user": { "id": null } })));
        assert!(!with_null.matches(&json!({ "user": {} })));
        assert!(!with_null.matches(&json!({})));

        let empty = JsonKeyIn::new("user.id", Vec::<Value>::new());
        assert!(!empty.matches(&json!({ "user": { "id": 1 } })));
    }

    #[test]
    fn exists_semantics() {
        let f = JsonKeyExists::new("user.id");
        assert!(f.matches(&json!({ "user": { "id": 1 } })));
        assert!(f.matches(&json!({ "user": { "id": null } })));
        assert!(f.matches(&json!({ "user": { "id": false } })));
        assert!(!f.matches(&json!({ "user": {} })));
        assert!(!f.matches(&json!({ "user": null })));
        assert!(!f.matches(&json!({ "user": "id" })));
        assert!(!f.matches(&json!({ "user": ["id"] })));
        assert!(!f.matches(&json!({})));

        let index = JsonKeyExists::new("list[1]");
        assert!(index.matches(&json!({ "list": [0, null] })));
        assert!(!index.matches(&json!({ "list": [0] })));
        assert!(!index.matches(&json!({ "list": { "1": 0 } })));
    }

    #[test]
    fn new_panics_naming_the_path_and_try_new_returns_the_error() {
        let panic = std::panic::catch_unwind(|| JsonKeyEquals::new("user..id", 1)).unwrap_err();
        let message = panic.downcast_ref::<String>().unwrap();
        assert!(
            message.starts_with(
                "JsonKeyEquals::new: invalid key path `user..id`: empty key at position 5"
            ),
            "{message}"
        );
        let panic = std::panic::catch_unwind(|| JsonKeyIn::new("a[", [1])).unwrap_err();
        assert!(
            panic
                .downcast_ref::<String>()
                .unwrap()
                .starts_with("JsonKeyIn::new: invalid key path `a[`")
        );
        let panic = std::panic::catch_unwind(|| JsonKeyExists::new("")).unwrap_err();
        assert!(
            panic
                .downcast_ref::<String>()
                .unwrap()
                .starts_with("JsonKeyExists::new: invalid key path ``")
        );

        assert_eq!(
            JsonKeyEquals::try_new("user..id", 1),
            Err(KeyPathError::EmptySegment {
                path: "user..id".into(),
                position: 5
            })
        );
        assert!(JsonKeyIn::try_new("a[", [1]).is_err());
        assert_eq!(JsonKeyExists::try_new(""), Err(KeyPathError::Empty));
    }

    #[test]
    fn accepts_parsed_paths() {
        let path = KeyPath::parse("user.id").unwrap();
        assert_eq!(JsonKeyEquals::new(&path, 1).path(), &path);
        assert_eq!(JsonKeyIn::new(path.clone(), [1]).path(), &path);
        assert_eq!(JsonKeyExists::new(String::from("user.id")).path(), &path);
    }
}
