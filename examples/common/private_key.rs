//! The bot's private key from `CLUSTAAR_PRIVATE_KEY`, refused when it is set but empty: a
//! deployment that leaves the value out would otherwise run with a key anyone can sign with.

use std::env;

/// The variable the examples read the key from.
pub(crate) const VARIABLE: &str = "CLUSTAAR_PRIVATE_KEY";

/// The key, `None` when the variable is not set; an error when it is set but blank.
pub(crate) fn from_env() -> Result<Option<String>, String> {
    match env::var(VARIABLE) {
        Ok(key) if key.trim().is_empty() => Err(format!(
            "{VARIABLE} is set but empty: set it to the private key of the bot's webhook \
             settings (or unset it to try the example without signatures)"
        )),
        Ok(key) => Ok(Some(key)),
        Err(env::VarError::NotPresent) => Ok(None),
        Err(env::VarError::NotUnicode(_)) => Err(format!("{VARIABLE} is not UTF-8")),
    }
}

/// The key, or `default` when the variable is not set; an error when it is set but blank.
#[allow(dead_code)]
pub(crate) fn from_env_or(default: &str) -> Result<String, String> {
    Ok(from_env()?.unwrap_or_else(|| default.to_owned()))
}
