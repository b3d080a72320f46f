//! HTTP basic authentication: `Authorization: Basic <base64(username:password)>` (RFC 7617).
//!
//! The scheme word is case-insensitive and separated from the credentials by any whitespace; the
//! decoded text is split at its *first* colon, so a password may contain `:`. Anything malformed
//! (bad base64, no colon, not UTF-8) is answered `403`, never a panic. Credentials are compared
//! through fixed-size digests, in constant time: the comparison does not reveal the contents of
//! the expected credentials, nor their lengths.
//!
//! ```
//! use clustaar_webhook::security::Credentials;
//!
//! let expected = Credentials::new("bot", "pa:ss");
//! // base64("bot:pa:ss") = "Ym90OnBhOnNz"
//! assert!(expected.verify(Some(b"basic   Ym90OnBhOnNz")).is_ok());
//! assert!(expected.verify(Some(b"Basic Ym90OnBhc3M=")).is_err());
//! ```

use std::fmt;

use axum::http::HeaderValue;
use base64::engine::general_purpose::STANDARD;
use base64::{DecodeSliceError, Engine as _};
use sha2::{Digest as _, Sha256};
use subtle::ConstantTimeEq;

use crate::rejection::Rejection;

/// A username and a password. Its `Debug` shows the username but never the password.
///
/// `==` is an ordinary comparison; to check a request's credentials use
/// [`verify`](Self::verify), which compares in constant time.
///
/// ```
/// use clustaar_webhook::security::Credentials;
///
/// let credentials = Credentials::new("bot", "hunter2");
/// assert_eq!(
///     format!("{credentials:?}"),
///     r#"Credentials { username: "bot", password: "<redacted>" }"#
/// );
/// ```
#[derive(Clone, PartialEq, Eq)]
pub struct Credentials {
    /// The user id (RFC 7617: it cannot contain a colon).
    pub username: String,
    /// The password (it may contain colons).
    pub password: String,
}

impl fmt::Debug for Credentials {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Credentials")
            .field("username", &self.username)
            .field("password", &"<redacted>")
            .finish()
    }
}

/// The base64 token of a `Basic` `Authorization` value: the scheme word (any case) and then
/// the token after any whitespace.
fn basic_token(value: &[u8]) -> Option<&[u8]> {
    let value = value.trim_ascii();
    let split = value.iter().position(u8::is_ascii_whitespace)?;
    let (scheme, rest) = value.split_at(split);
    if !scheme.eq_ignore_ascii_case(b"basic") {
        return None;
    }
    Some(rest.trim_ascii_start())
}

/// Calls `f` with the decoded `username:password` bytes of a `Basic` `Authorization` value;
/// `None` when the value is not `Basic` with a base64 token. Usual credentials are decoded on
/// the stack.
fn with_decoded<R>(value: &[u8], f: impl FnOnce(&[u8]) -> R) -> Option<R> {
    let token = basic_token(value)?;
    let mut buffer = [0u8; 256];
    match STANDARD.decode_slice(token, &mut buffer) {
        Ok(len) => Some(f(&buffer[..len])),
        Err(DecodeSliceError::OutputSliceTooSmall) => STANDARD.decode(token).ok().map(|d| f(&d)),
        Err(DecodeSliceError::DecodeError(_)) => None,
    }
}

/// What is compared of two sets of credentials: a SHA-256 digest of the pair, the same size
/// whatever their lengths. Comparing the texts themselves would stop at the first difference
/// of length, which tells an attacker, by timing, how long the user name and password are.
#[derive(Clone, Copy)]
pub(crate) struct CredentialsDigest([u8; 32]);

impl CredentialsDigest {
    /// The digest of a user name and a password.
    pub(crate) fn of(username: &[u8], password: &[u8]) -> Self {
        let mut hasher = Sha256::new();
        // The user name's length first, so that `ab`:`c` and `a`:`bc` differ.
        hasher.update((username.len() as u64).to_be_bytes());
        hasher.update(username);
        hasher.update(password);
        Self(hasher.finalize().into())
    }

    /// The digest of the `username:password` bytes decoded from a header; `None` without a
    /// colon.
    fn of_decoded(decoded: &[u8]) -> Option<Self> {
        let (username, password) = split_first_colon(decoded)?;
        Some(Self::of(username, password))
    }

    /// Whether two digests are equal, in a time that depends on nothing (32 bytes each, every
    /// byte compared).
    pub(crate) fn matches(&self, other: &Self) -> bool {
        #[cfg(test)]
        tests::COMPARED.with(|compared| compared.set(compared.get() + self.0.len()));
        bool::from(self.0.ct_eq(&other.0))
    }

    /// Checks a request's `Authorization` value (`None` when it is missing) against the
    /// credentials of this digest.
    pub(crate) fn verify(&self, header: Option<&[u8]>) -> Result<(), Rejection> {
        let candidate = header.and_then(|value| with_decoded(value, Self::of_decoded));
        match candidate {
            Some(Some(candidate)) if self.matches(&candidate) => Ok(()),
            _ => Err(Rejection::InvalidCredentials),
        }
    }
}

/// Splits `username:password` at the first colon.
fn split_first_colon(decoded: &[u8]) -> Option<(&[u8], &[u8])> {
    let colon = decoded.iter().position(|&b| b == b':')?;
    Some((&decoded[..colon], &decoded[colon + 1..]))
}

impl Credentials {
    /// Credentials from a username and a password.
    ///
    /// ```
    /// use clustaar_webhook::security::Credentials;
    /// let credentials = Credentials::new("bot", "secret");
    /// assert_eq!(credentials.username, "bot");
    /// ```
    pub fn new(username: impl Into<String>, password: impl Into<String>) -> Self {
        Self {
            username: username.into(),
            password: password.into(),
        }
    }

    /// The `Authorization` header value that sends these credentials: `Basic ` and the base64
    /// of `username:password`.
    ///
    /// ```
    /// use clustaar_webhook::security::Credentials;
    ///
    /// let credentials = Credentials::new("bot", "secret");
    /// assert_eq!(credentials.to_header_value(), "Basic Ym90OnNlY3JldA==");
    /// assert_eq!(Credentials::parse(credentials.to_header_value().as_bytes()), Ok(credentials));
    /// ```
    pub fn to_header_value(&self) -> String {
        let token = format!("{}:{}", self.username, self.password);
        format!("Basic {}", STANDARD.encode(token))
    }

    /// Reads the credentials of an `Authorization` header value (its raw bytes).
    ///
    /// # Errors
    /// [`Rejection::InvalidCredentials`] when the scheme is not `Basic`, the token is not
    /// base64, the decoded text is not UTF-8 or has no colon.
    ///
    /// ```
    /// use clustaar_webhook::security::Credentials;
    ///
    /// // base64("bot:a:b") = "Ym90OmE6Yg=="
    /// let credentials = Credentials::parse(b"BASIC Ym90OmE6Yg==").unwrap();
    /// assert_eq!(credentials, Credentials::new("bot", "a:b"));
    /// assert!(Credentials::parse(b"Basic !!!").is_err());
    /// ```
    pub fn parse(value: &[u8]) -> Result<Self, Rejection> {
        with_decoded(value, |decoded| {
            let text = std::str::from_utf8(decoded).ok()?;
            let (username, password) = text.split_once(':')?;
            Some(Self::new(username, password))
        })
        .flatten()
        .ok_or(Rejection::InvalidCredentials)
    }

    /// Reads the credentials of an `Authorization` header; see [`parse`](Self::parse).
    ///
    /// # Errors
    /// [`Rejection::InvalidCredentials`], as [`parse`](Self::parse).
    ///
    /// ```
    /// use axum::http::HeaderValue;
    /// use clustaar_webhook::security::Credentials;
    ///
    /// let value = HeaderValue::from_static("Basic Ym90OnNlY3JldA==");
    /// assert_eq!(Credentials::from_header(&value).unwrap(), Credentials::new("bot", "secret"));
    /// ```
    pub fn from_header(value: &HeaderValue) -> Result<Self, Rejection> {
        Self::parse(value.as_bytes())
    }

    /// Checks a request's `Authorization` value (`None` when the header is missing) against these
    /// expected credentials. Fixed-size digests of both sides are compared in constant time,
    /// so neither the contents nor the lengths of the expected credentials show in the time
    /// taken.
    ///
    /// # Errors
    /// [`Rejection::InvalidCredentials`] when the header is missing, malformed or holds other
    /// credentials.
    ///
    /// ```
    /// use clustaar_webhook::rejection::Rejection;
    /// use clustaar_webhook::security::Credentials;
    ///
    /// let expected = Credentials::new("bot", "secret");
    /// assert_eq!(expected.verify(Some(b"Basic Ym90OnNlY3JldA==")), Ok(()));
    /// assert_eq!(expected.verify(None), Err(Rejection::InvalidCredentials));
    /// ```
    pub fn verify(&self, header: Option<&[u8]>) -> Result<(), Rejection> {
        self.digest().verify(header)
    }

    /// The digest [`verify`](Self::verify) compares. A [`SecurityConfig`] computes it once,
    /// when configured: hashing the expected credentials for each request would take a time
    /// that grows, block by block, with their length.
    ///
    /// [`SecurityConfig`]: crate::security::SecurityConfig
    pub(crate) fn digest(&self) -> CredentialsDigest {
        CredentialsDigest::of(self.username.as_bytes(), self.password.as_bytes())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::cell::Cell;

    thread_local! {
        /// How many bytes of credentials this thread compared.
        pub(super) static COMPARED: Cell<usize> = const { Cell::new(0) };
    }

    /// Verifies `header` against `expected`, and counts the bytes compared.
    fn compared_bytes(expected: &Credentials, header: &[u8]) -> (bool, usize) {
        COMPARED.with(|compared| compared.set(0));
        let accepted = expected.verify(Some(header)).is_ok();
        (accepted, COMPARED.with(Cell::get))
    }

    #[test]
    fn the_comparison_does_not_depend_on_the_lengths() {
        // Expected and sent credentials of every length pairing: the same 32 bytes are
        // compared each time, where comparing the texts stops at a difference of length.
        let lengths = [0, 1, 5, 31, 32, 33, 64, 300];
        for expected_length in lengths {
            let expected =
                Credentials::new("u".repeat(expected_length), "p".repeat(expected_length));
            for sent_length in lengths {
                let sent = format!("{}:{}", "u".repeat(sent_length), "p".repeat(sent_length));
                let (accepted, compared) =
                    compared_bytes(&expected, header(sent.as_bytes()).as_bytes());
                assert_eq!(accepted, sent_length == expected_length);
                assert_eq!(compared, 32, "{expected_length} against {sent_length}");
            }
        }
        // The user name's length is part of what is hashed: moving the colon changes it.
        let expected = Credentials::new("ab", "c");
        assert!(!compared_bytes(&expected, header(b"a:bc").as_bytes()).0);
        assert!(compared_bytes(&expected, header(b"ab:c").as_bytes()).0);
    }

    fn header(username_password: &[u8]) -> String {
        format!("Basic {}", STANDARD.encode(username_password))
    }

    fn bot() -> Credentials {
        Credentials::new("bot", "secret")
    }

    #[test]
    fn accepts_the_right_credentials() {
        assert_eq!(bot().verify(Some(header(b"bot:secret").as_bytes())), Ok(()));
    }

    #[test]
    fn scheme_word_is_case_insensitive() {
        let token = STANDARD.encode("bot:secret");
        for scheme in ["Basic", "basic", "BASIC", "bAsIc"] {
            let value = format!("{scheme} {token}");
            assert_eq!(bot().verify(Some(value.as_bytes())), Ok(()), "{value}");
            assert_eq!(Credentials::parse(value.as_bytes()), Ok(bot()));
        }
    }

    #[test]
    fn any_whitespace_separates_scheme_and_token() {
        let token = STANDARD.encode("bot:secret");
        for separator in ["  ", "     ", "\t", " \t "] {
            let value = format!("Basic{separator}{token}");
            assert_eq!(bot().verify(Some(value.as_bytes())), Ok(()), "{value:?}");
        }
        // Surrounding whitespace too.
        let value = format!("  Basic {token}  ");
        assert_eq!(bot().verify(Some(value.as_bytes())), Ok(()));
    }

    #[test]
    fn other_schemes_and_shapes_are_refused() {
        let token = STANDARD.encode("bot:secret");
        for value in [
            format!("Bearer {token}"),
            format!("Basic{token}"),
            token.clone(),
            "Basic".to_owned(),
            "Basic ".to_owned(),
            String::new(),
            format!("Basic {token} extra"),
            format!("Basicx {token}"),
        ] {
            assert_eq!(
                bot().verify(Some(value.as_bytes())),
                Err(Rejection::InvalidCredentials),
                "{value:?}"
            );
            assert_eq!(
                Credentials::parse(value.as_bytes()),
                Err(Rejection::InvalidCredentials)
            );
        }
    }

    #[test]
    fn password_may_contain_colons() {
        let expected = Credentials::new("bot", "se:cr:et");
        assert_eq!(
            expected.verify(Some(header(b"bot:se:cr:et").as_bytes())),
            Ok(())
        );
        assert_eq!(
            Credentials::parse(header(b"bot:se:cr:et").as_bytes()),
            Ok(expected.clone())
        );
        // Split at the FIRST colon: `bot:se` is not a username.
        let shifted = Credentials::new("bot:se", "cr:et");
        assert_eq!(
            shifted.verify(Some(header(b"bot:se:cr:et").as_bytes())),
            Err(Rejection::InvalidCredentials)
        );
        // Empty password.
        let empty = Credentials::new("bot", "");
        assert_eq!(empty.verify(Some(header(b"bot:").as_bytes())), Ok(()));
    }

    #[test]
    fn wrong_credentials() {
        for pair in [
            &b"bot:wrong"[..],
            b"bot:secre",
            b"bot:secrett",
            b"other:secret",
            b"bot:",
            b":secret",
            b"botsecret",
            b"",
        ] {
            assert_eq!(
                bot().verify(Some(header(pair).as_bytes())),
                Err(Rejection::InvalidCredentials),
                "{}",
                String::from_utf8_lossy(pair)
            );
        }
    }

    #[test]
    fn missing_header() {
        assert_eq!(bot().verify(None), Err(Rejection::InvalidCredentials));
    }

    #[test]
    fn bad_base64_is_403() {
        for value in [
            "Basic !!!!",
            "Basic Ym90OnNlY3JldA",  // missing padding
            "Basic Ym90OnNlY3JldA=", // wrong padding
            "Basic Ym90OnNlY3JldA===",
            "Basic Ym90 OnNlY3JldA==",
            "Basic ====",
            "Basic é",
        ] {
            assert_eq!(
                bot().verify(Some(value.as_bytes())),
                Err(Rejection::InvalidCredentials),
                "{value}"
            );
            assert_eq!(
                Credentials::parse(value.as_bytes()),
                Err(Rejection::InvalidCredentials)
            );
        }
    }

    #[test]
    fn non_utf8_credentials_are_403() {
        let value = header(b"bot:\xff\xfe");
        assert_eq!(
            Credentials::parse(value.as_bytes()),
            Err(Rejection::InvalidCredentials)
        );
        assert_eq!(
            bot().verify(Some(value.as_bytes())),
            Err(Rejection::InvalidCredentials)
        );
        // Non-UTF-8 raw header bytes too.
        assert_eq!(
            bot().verify(Some(b"Basic \xff\xfe")),
            Err(Rejection::InvalidCredentials)
        );
    }

    #[test]
    fn unicode_credentials() {
        let expected = Credentials::new("rené", "mot de passe é");
        let value = header("rené:mot de passe é".as_bytes());
        assert_eq!(expected.verify(Some(value.as_bytes())), Ok(()));
        assert_eq!(Credentials::parse(value.as_bytes()), Ok(expected));
    }

    #[test]
    fn long_credentials_are_decoded_too() {
        let password = "p:".repeat(500);
        let expected = Credentials::new("bot", password.clone());
        let value = header(format!("bot:{password}").as_bytes());
        assert_eq!(expected.verify(Some(value.as_bytes())), Ok(()));
        assert_eq!(Credentials::parse(value.as_bytes()), Ok(expected));
        let wrong = header(format!("bot:{password}x").as_bytes());
        assert_eq!(
            Credentials::new("bot", password).verify(Some(wrong.as_bytes())),
            Err(Rejection::InvalidCredentials)
        );
        assert_eq!(
            Credentials::parse(format!("Basic {}!", STANDARD.encode([b'a'; 600])).as_bytes()),
            Err(Rejection::InvalidCredentials)
        );
    }

    #[test]
    fn credentials_around_the_stack_buffer_size() {
        for len in 240..=270 {
            let password = "x".repeat(len);
            let expected = Credentials::new("bot", password.clone());
            let value = header(format!("bot:{password}").as_bytes());
            assert_eq!(expected.verify(Some(value.as_bytes())), Ok(()), "{len}");
            assert_eq!(Credentials::parse(value.as_bytes()), Ok(expected), "{len}");
        }
    }

    #[test]
    fn from_header_value() {
        let value = HeaderValue::from_str(&header(b"bot:secret")).unwrap();
        assert_eq!(Credentials::from_header(&value), Ok(bot()));
    }

    #[test]
    fn debug_hides_the_password() {
        let credentials = Credentials::new("bot", "hunter2");
        let shown = format!("{credentials:?} {credentials:#?}");
        assert!(shown.contains("bot"));
        assert!(!shown.contains("hunter2"), "{shown}");
    }

    mod properties {
        use super::*;
        use proptest::prelude::*;

        proptest! {
            #[test]
            fn any_header_is_answered_without_panic(value in proptest::collection::vec(any::<u8>(), 0..64)) {
                let _ = bot().verify(Some(&value));
                let _ = Credentials::parse(&value);
            }

            #[test]
            fn any_credentials_round_trip(username in "[^:]*", password in ".*") {
                let expected = Credentials::new(username.clone(), password.clone());
                let value = header(format!("{username}:{password}").as_bytes());
                prop_assert_eq!(expected.verify(Some(value.as_bytes())), Ok(()));
                prop_assert_eq!(Credentials::parse(value.as_bytes()), Ok(expected));
            }
        }
    }
}
