//! The request signature: `X-Hub-Signature: sha1=<hex>`, an HMAC-SHA1 over the request's date
//! and raw body.
//!
//! The signed text is `b"date=" + <Date header bytes> + b"\n" + <raw body bytes>`; when the
//! request has no `Date` header, the date part is the literal `None` (as the reference writes
//! it). The digest is compared, decoded, in constant time; several keys can be accepted at once
//! to rotate a key without downtime.
//!
//! ```
//! use clustaar_webhook::security::{sign, SigningKey};
//!
//! let keys = [SigningKey::new("test")];
//! let header = sign("test", None, b"{}");
//! assert_eq!(header, "sha1=fc2bdea0e6a9e0dc333dece7568b5c3337a92342");
//! assert!(SigningKey::verify_any(&keys, Some(header.as_bytes()), None, b"{}").is_ok());
//! ```

use std::fmt;

use axum::http::HeaderName;
use hmac::{Hmac, Mac};
use sha1::Sha1;

use crate::rejection::Rejection;

/// The name of the header carrying the signature.
///
/// ```
/// use axum::http::{HeaderMap, HeaderValue};
/// use clustaar_webhook::security::{sign, SIGNATURE_HEADER};
///
/// assert_eq!(SIGNATURE_HEADER, "x-hub-signature");
/// let mut headers = HeaderMap::new();
/// headers.insert(SIGNATURE_HEADER, HeaderValue::from_str(&sign("key", None, b"{}")).unwrap());
/// assert!(headers["X-Hub-Signature"].to_str().unwrap().starts_with("sha1="));
/// ```
pub const SIGNATURE_HEADER: HeaderName = HeaderName::from_static("x-hub-signature");

/// The only hash function the platform uses, as named in the header (case-sensitive).
const ALGORITHM: &[u8] = b"sha1";

/// Length of an HMAC-SHA1 digest, in bytes.
const DIGEST_LEN: usize = 20;

type HmacSha1 = Hmac<Sha1>;

/// A private key, ready to sign: the HMAC state already keyed, so that checking a request only
/// copies it.
///
/// Its `Debug` never shows the key.
///
/// ```
/// use clustaar_webhook::security::SigningKey;
///
/// let key = SigningKey::new("my private key");
/// assert_eq!(format!("{key:?}"), "SigningKey(<redacted>)");
/// ```
#[derive(Clone)]
pub struct SigningKey {
    mac: HmacSha1,
}

impl fmt::Debug for SigningKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("SigningKey(<redacted>)")
    }
}

impl SigningKey {
    /// A key from its bytes (the UTF-8 bytes of the private key shown in the bot's settings).
    ///
    /// ```
    /// use clustaar_webhook::security::SigningKey;
    /// let key = SigningKey::new("test");
    /// # let _ = key;
    /// ```
    pub fn new(key: impl AsRef<[u8]>) -> Self {
        Self {
            mac: keyed_mac(key.as_ref()),
        }
    }

    /// The `X-Hub-Signature` value (`sha1=<hex>`) of a request signed with this key, with
    /// `date` its `Date` header (`None` for none) and `body` its raw body; see [`sign`].
    ///
    /// ```
    /// use clustaar_webhook::security::SigningKey;
    ///
    /// let key = SigningKey::new("test");
    /// assert_eq!(key.sign(None, b"{}"), "sha1=fc2bdea0e6a9e0dc333dece7568b5c3337a92342");
    /// ```
    pub fn sign(&self, date: Option<&str>, body: &[u8]) -> String {
        let digest = self
            .mac_of(date.map(str::as_bytes), body)
            .finalize()
            .into_bytes();
        format!("sha1={}", hex::encode(digest))
    }

    /// The HMAC of the request with this key.
    fn mac_of(&self, date: Option<&[u8]>, body: &[u8]) -> HmacSha1 {
        let mut mac = self.mac.clone();
        feed_signed_text(date, body, |part| mac.update(part));
        mac
    }

    /// Whether `digest` is this key's HMAC of the request, compared in constant time.
    fn matches(&self, date: Option<&[u8]>, body: &[u8], digest: &[u8; DIGEST_LEN]) -> bool {
        self.mac_of(date, body).verify_slice(digest).is_ok()
    }

    /// Checks a request's `X-Hub-Signature` value (`None` when the header is missing) against
    /// several keys: the request is accepted if any key signed it.
    ///
    /// `date` is the raw value of the request's `Date` header, `None` when it has none; `body`
    /// is the raw request body.
    ///
    /// # Errors
    /// - [`Rejection::SignatureMissing`]: no header, or an empty or blank one;
    /// - [`Rejection::SignatureFormatInvalid`]: the value does not have exactly one `=`;
    /// - [`Rejection::SignatureHashFunctionInvalid`]: the algorithm is not `sha1`;
    /// - [`Rejection::SignatureInvalid`]: the digest is not 40 lowercase hex digits or no key
    ///   signed the request (also when `keys` is empty).
    ///
    /// ```
    /// use clustaar_webhook::rejection::Rejection;
    /// use clustaar_webhook::security::{sign, SigningKey};
    ///
    /// let keys = [SigningKey::new("old"), SigningKey::new("new")];
    /// let date = "Thu, 13 Sep 2018 11:48:13 GMT";
    /// let header = sign("new", Some(date), b"{}");
    /// let check = |h: &str| SigningKey::verify_any(&keys, Some(h.as_bytes()), Some(date.as_bytes()), b"{}");
    /// assert_eq!(check(&header), Ok(()));
    /// assert_eq!(check("SHA1=00"), Err(Rejection::SignatureHashFunctionInvalid));
    /// ```
    pub fn verify_any(
        keys: &[SigningKey],
        header: Option<&[u8]>,
        date: Option<&[u8]>,
        body: &[u8],
    ) -> Result<(), Rejection> {
        Self::verified_digest(keys, header, date, body).map(drop)
    }

    /// [`verify_any`](Self::verify_any), giving the verified digest: the delivery's identity.
    pub(crate) fn verified_digest(
        keys: &[SigningKey],
        header: Option<&[u8]>,
        date: Option<&[u8]>,
        body: &[u8],
    ) -> Result<[u8; DIGEST_LEN], Rejection> {
        let digest = parse_header(header)?;
        if keys.iter().any(|key| key.matches(date, body, &digest)) {
            Ok(digest)
        } else {
            Err(Rejection::SignatureInvalid)
        }
    }
}

/// Feeds the text a signature covers to `update`, part by part: `date=<Date>\n<body>`, with the
/// reference's `None` for a request without a `Date`.
pub(crate) fn feed_signed_text(date: Option<&[u8]>, body: &[u8], mut update: impl FnMut(&[u8])) {
    update(b"date=");
    update(date.unwrap_or(b"None"));
    update(b"\n");
    update(body);
}

fn keyed_mac(key: &[u8]) -> HmacSha1 {
    // HMAC takes keys of any length: this cannot fail.
    <HmacSha1 as Mac>::new_from_slice(key).expect("HMAC accepts keys of any length")
}

/// Reads `sha1=<40 lowercase hex digits>` into the digest bytes.
fn parse_header(header: Option<&[u8]>) -> Result<[u8; DIGEST_LEN], Rejection> {
    // The platform's webhook tests the header's truth: an empty value is a missing signature.
    // Whitespace around a value is not part of it (RFC 9110, 5.5), so a blank one is empty too.
    let value = header
        .filter(|value| !value.trim_ascii().is_empty())
        .ok_or(Rejection::SignatureMissing)?;
    let mut parts = value.splitn(3, |&b| b == b'=');
    let (algorithm, hex_digest) = match (parts.next(), parts.next(), parts.next()) {
        (Some(algorithm), Some(hex_digest), None) => (algorithm, hex_digest),
        _ => return Err(Rejection::SignatureFormatInvalid),
    };
    if algorithm != ALGORITHM {
        return Err(Rejection::SignatureHashFunctionInvalid);
    }
    decode_lower_hex(hex_digest).ok_or(Rejection::SignatureInvalid)
}

/// Decodes exactly 40 lowercase hex digits (what the reference's `hexdigest()` writes).
fn decode_lower_hex(hex_digest: &[u8]) -> Option<[u8; DIGEST_LEN]> {
    fn nibble(c: u8) -> Option<u8> {
        match c {
            b'0'..=b'9' => Some(c - b'0'),
            b'a'..=b'f' => Some(c - b'a' + 10),
            _ => None,
        }
    }
    if hex_digest.len() != 2 * DIGEST_LEN {
        return None;
    }
    let mut digest = [0u8; DIGEST_LEN];
    for (byte, pair) in digest.iter_mut().zip(hex_digest.chunks_exact(2)) {
        *byte = nibble(pair[0])? << 4 | nibble(pair[1])?;
    }
    Some(digest)
}

/// The `X-Hub-Signature` value (`sha1=<hex>`) the platform sends for a request signed with
/// `key`, with `date` its `Date` header (`None` for none) and `body` its raw body.
///
/// ```
/// use clustaar_webhook::security::sign;
///
/// assert_eq!(sign("test", None, b"{}"), "sha1=fc2bdea0e6a9e0dc333dece7568b5c3337a92342");
/// ```
pub fn sign(key: impl AsRef<[u8]>, date: Option<&str>, body: impl AsRef<[u8]>) -> String {
    SigningKey::new(key).sign(date, body.as_ref())
}

#[cfg(test)]
mod tests {
    use super::*;

    const VECTOR: &str = "sha1=fc2bdea0e6a9e0dc333dece7568b5c3337a92342";
    const DATE: &str = "Thu, 13 Sep 2018 11:48:13 GMT";

    fn check(
        keys: &[&str],
        header: Option<&str>,
        date: Option<&str>,
        body: &[u8],
    ) -> Result<(), Rejection> {
        let keys: Vec<_> = keys.iter().map(SigningKey::new).collect();
        SigningKey::verify_any(
            &keys,
            header.map(str::as_bytes),
            date.map(str::as_bytes),
            body,
        )
    }

    #[test]
    fn reference_vector() {
        assert_eq!(sign("test", None, b"{}"), VECTOR);
        assert_eq!(check(&["test"], Some(VECTOR), None, b"{}"), Ok(()));
    }

    #[test]
    fn signed_text_is_date_newline_body() {
        let mut mac = keyed_mac(b"k");
        mac.update(format!("date={DATE}\n{{\"a\": 1}}").as_bytes());
        let expected = format!("sha1={}", hex::encode(mac.finalize().into_bytes()));
        assert_eq!(sign("k", Some(DATE), br#"{"a": 1}"#), expected);
        assert_eq!(
            check(&["k"], Some(&expected), Some(DATE), br#"{"a": 1}"#),
            Ok(())
        );
        // Without a Date the signed text says `None`.
        let mut mac = keyed_mac(b"k");
        mac.update(b"date=None\n{}");
        let expected = format!("sha1={}", hex::encode(mac.finalize().into_bytes()));
        assert_eq!(sign("k", None, b"{}"), expected);
    }

    #[test]
    fn date_is_part_of_the_signature() {
        let header = sign("test", Some(DATE), b"{}");
        assert_eq!(check(&["test"], Some(&header), Some(DATE), b"{}"), Ok(()));
        assert_eq!(
            check(&["test"], Some(&header), None, b"{}"),
            Err(Rejection::SignatureInvalid)
        );
        assert_eq!(
            check(
                &["test"],
                Some(&header),
                Some("Thu, 13 Sep 2018 11:48:14 GMT"),
                b"{}"
            ),
            Err(Rejection::SignatureInvalid)
        );
    }

    #[test]
    fn body_is_part_of_the_signature() {
        assert_eq!(
            check(&["test"], Some(VECTOR), None, b"{} "),
            Err(Rejection::SignatureInvalid)
        );
    }

    #[test]
    fn wrong_key() {
        assert_eq!(
            check(&["other"], Some(VECTOR), None, b"{}"),
            Err(Rejection::SignatureInvalid)
        );
    }

    #[test]
    fn no_keys_accepts_nothing() {
        assert_eq!(
            check(&[], Some(VECTOR), None, b"{}"),
            Err(Rejection::SignatureInvalid)
        );
    }

    #[test]
    fn key_rotation() {
        assert_eq!(check(&["old", "test"], Some(VECTOR), None, b"{}"), Ok(()));
        assert_eq!(check(&["test", "new"], Some(VECTOR), None, b"{}"), Ok(()));
        assert_eq!(
            check(&["old", "new"], Some(VECTOR), None, b"{}"),
            Err(Rejection::SignatureInvalid)
        );
    }

    #[test]
    fn uppercase_hex_is_refused() {
        let upper = format!("sha1={}", VECTOR[5..].to_uppercase());
        assert_eq!(
            check(&["test"], Some(&upper), None, b"{}"),
            Err(Rejection::SignatureInvalid)
        );
        // One uppercase digit is enough.
        let mixed = VECTOR.replacen('f', "F", 1);
        assert_eq!(
            check(&["test"], Some(&mixed), None, b"{}"),
            Err(Rejection::SignatureInvalid)
        );
    }

    #[test]
    fn algorithm_name_is_case_sensitive() {
        let upper = VECTOR.replacen("sha1", "SHA1", 1);
        assert_eq!(
            check(&["test"], Some(&upper), None, b"{}"),
            Err(Rejection::SignatureHashFunctionInvalid)
        );
        for other in ["sha256=00", "md5=00", "=00", " sha1=00"] {
            assert_eq!(
                check(&["test"], Some(other), None, b"{}"),
                Err(Rejection::SignatureHashFunctionInvalid),
                "{other}"
            );
        }
    }

    #[test]
    fn exactly_one_equals_sign() {
        for header in [
            "sha1",
            "fc2bdea0e6a9e0dc333dece7568b5c3337a92342",
            "sha1==fc2bdea0e6a9e0dc333dece7568b5c3337a92342",
            "sha1=fc2bdea0e6a9e0dc333dece7568b5c3337a92342=",
            "sha1=a=b",
        ] {
            assert_eq!(
                check(&["test"], Some(header), None, b"{}"),
                Err(Rejection::SignatureFormatInvalid),
                "{header}"
            );
        }
    }

    #[test]
    fn missing_header() {
        assert_eq!(
            check(&["test"], None, None, b"{}"),
            Err(Rejection::SignatureMissing)
        );
    }

    #[test]
    fn an_empty_or_blank_header_is_a_missing_signature() {
        for header in ["", " ", "\t", "  \t "] {
            assert_eq!(
                check(&["test"], Some(header), None, b"{}"),
                Err(Rejection::SignatureMissing),
                "{header:?}"
            );
        }
    }

    #[test]
    fn digest_must_be_40_hex_digits() {
        for digest in [
            "",
            "fc2bdea0e6a9e0dc333dece7568b5c3337a9234",
            "fc2bdea0e6a9e0dc333dece7568b5c3337a923420",
            "fc2bdea0e6a9e0dc333dece7568b5c3337a9234g",
            "fc2bdea0e6a9e0dc333dece7568b5c3337a9234 ",
            " fc2bdea0e6a9e0dc333dece7568b5c3337a92342",
            "fc2bdea0e6a9e0dc333dece7568b5c3337a923é",
        ] {
            let header = format!("sha1={digest}");
            assert_eq!(
                check(&["test"], Some(&header), None, b"{}"),
                Err(Rejection::SignatureInvalid),
                "{header}"
            );
        }
    }

    #[test]
    fn keys_are_bytes_of_any_length() {
        let long = "k".repeat(200);
        let header = sign(&long, None, b"{}");
        assert_eq!(check(&[&long], Some(&header), None, b"{}"), Ok(()));
        let header = sign("", None, b"{}");
        assert_eq!(check(&[""], Some(&header), None, b"{}"), Ok(()));
        let header = sign("clé", None, b"{}");
        assert_eq!(check(&["clé"], Some(&header), None, b"{}"), Ok(()));
    }

    #[test]
    fn debug_hides_the_key() {
        let key = SigningKey::new("super-secret");
        let shown = format!("{key:?} {key:#?}");
        assert!(!shown.contains("super-secret"), "{shown}");
    }

    mod properties {
        use super::*;
        use proptest::prelude::*;

        proptest! {
            #[test]
            fn any_header_is_answered_without_panic(header in proptest::collection::vec(any::<u8>(), 0..64)) {
                let keys = [SigningKey::new("test")];
                let _ = SigningKey::verify_any(&keys, Some(&header), None, b"{}");
            }

            #[test]
            fn sign_then_verify(key in ".*", date in proptest::option::of("[ -~]{0,40}"), body in proptest::collection::vec(any::<u8>(), 0..256)) {
                let header = sign(&key, date.as_deref(), &body);
                let keys = [SigningKey::new(&key)];
                prop_assert_eq!(
                    SigningKey::verify_any(&keys, Some(header.as_bytes()), date.as_deref().map(str::as_bytes), &body),
                    Ok(())
                );
            }
        }
    }
}
