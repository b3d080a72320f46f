//! How answers are written: JSON bodies byte for byte as the reference writes them.

pub(crate) mod json;
mod step_reached;
mod validation;

pub use validation::ResponseValidation;
