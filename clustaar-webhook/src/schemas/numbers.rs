//! Reading numbers the way the reference does.
//!
//! The reference is written in Python, where `True` and `False` are the integers 1 and 0, so it
//! accepts a JSON boolean wherever the schema asks for a number. We accept it too and read it as
//! 1 or 0; we write a number back.

use serde::Deserialize;
use serde::de::{Deserializer, Error, Unexpected};
use serde_json::{Number, Value};

fn to_number<E: Error>(value: Value) -> Result<Number, E> {
    match value {
        Value::Number(number) => Ok(number),
        Value::Bool(flag) => Ok(Number::from(u8::from(flag))),
        Value::String(ref s) => Err(E::invalid_type(Unexpected::Str(s), &"a number")),
        _ => Err(E::invalid_type(
            Unexpected::Other("a non-numeric value"),
            &"a number",
        )),
    }
}

/// Reads a number, a boolean counting as 1 or 0.
pub(crate) fn number<'de, D: Deserializer<'de>>(d: D) -> Result<Number, D::Error> {
    to_number(Value::deserialize(d)?)
}

/// Reads an integer, a boolean counting as 1 or 0.
pub(crate) fn integer<'de, D: Deserializer<'de>>(d: D) -> Result<i64, D::Error> {
    let number = number(d)?;
    number.as_i64().ok_or_else(|| {
        D::Error::invalid_value(Unexpected::Other("a non-integer number"), &"an integer")
    })
}

/// Reads an unsigned 32-bit integer, a boolean counting as 1 or 0.
pub(crate) fn unsigned<'de, D: Deserializer<'de>>(d: D) -> Result<u32, D::Error> {
    let value = integer(d)?;
    u32::try_from(value).map_err(|_| {
        D::Error::invalid_value(Unexpected::Signed(value), &"an integer in 0..=4294967295")
    })
}

/// Makes a JSON number of a finite `f64`.
///
/// # Panics
/// When `value` is NaN or infinite, which JSON cannot carry.
pub(crate) fn from_f64(value: f64) -> Number {
    Number::from_f64(value).expect("JSON numbers must be finite")
}

/// The value of a JSON number as an `f64`.
pub(crate) fn as_f64(number: &Number) -> f64 {
    number.as_f64().unwrap_or(f64::NAN)
}
