//! What identifies a delivery: the digest of the signed request.

use std::fmt;

use sha1::{Digest, Sha1};

use crate::security::feed_signed_text;

/// The identity of one delivery of a notification: 20 bytes.
///
/// For a signed request it is the request's verified HMAC-SHA1 digest (the `X-Hub-Signature`
/// value, decoded), which covers the `Date` header and the body; for an unsigned one, the SHA-1
/// of the same signed text (`date=<Date>\n<body>`). Two copies of one request share it; two
/// requests that differ in their date or a byte of their body do not. Its `Debug` and
/// `Display` show it in hex.
///
/// ```
/// use clustaar_webhook::replay_store::DeliveryId;
///
/// let id = DeliveryId::from_bytes([0xab; 20]);
/// assert_eq!(id.to_string(), "ab".repeat(20));
/// assert_eq!(id.as_bytes(), &[0xab; 20]);
/// ```
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct DeliveryId([u8; 20]);

impl DeliveryId {
    /// The identity with these bytes.
    ///
    /// ```
    /// use clustaar_webhook::replay_store::DeliveryId;
    /// assert_ne!(DeliveryId::from_bytes([0; 20]), DeliveryId::from_bytes([1; 20]));
    /// ```
    pub const fn from_bytes(bytes: [u8; 20]) -> Self {
        Self(bytes)
    }

    /// The identity of a checked request: its verified signature's `digest` if it is signed,
    /// otherwise the SHA-1 of its `Date` and body.
    pub(crate) fn of_request(
        digest: Option<[u8; 20]>,
        headers: &axum::http::HeaderMap,
        body: &[u8],
    ) -> Self {
        match digest {
            Some(digest) => Self(digest),
            None => Self::of_unsigned(crate::security::date_header(headers), body),
        }
    }

    /// The identity of an unsigned request: the SHA-1 of the text a signature would cover.
    pub(crate) fn of_unsigned(date: Option<&[u8]>, body: &[u8]) -> Self {
        let mut hash = Sha1::new();
        feed_signed_text(date, body, |part| hash.update(part));
        Self(hash.finalize().into())
    }

    /// Its 20 bytes.
    ///
    /// ```
    /// use clustaar_webhook::replay_store::DeliveryId;
    /// assert_eq!(DeliveryId::from_bytes([7; 20]).as_bytes()[0], 7);
    /// ```
    pub const fn as_bytes(&self) -> &[u8; 20] {
        &self.0
    }
}

impl fmt::Display for DeliveryId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&hex::encode(self.0))
    }
}

impl fmt::Debug for DeliveryId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "DeliveryId({self})")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shows_as_hex_and_debugs_with_its_type() {
        let id = DeliveryId::from_bytes([0xAB; 20]);
        assert_eq!(id.to_string(), "ab".repeat(20));
        assert_eq!(
            format!("{id:?}"),
            format!("DeliveryId({})", "ab".repeat(20))
        );
    }

    #[test]
    fn an_unsigned_identity_covers_the_date_and_the_body() {
        let date = Some(&b"Thu, 13 Sep 2018 11:48:13 GMT"[..]);
        let id = DeliveryId::of_unsigned(date, b"{}");
        assert_eq!(id, DeliveryId::of_unsigned(date, b"{}"));
        assert_ne!(id, DeliveryId::of_unsigned(date, b"{ }"));
        assert_ne!(id, DeliveryId::of_unsigned(None, b"{}"));
    }

    #[test]
    fn the_unsigned_identity_hashes_the_signed_text() {
        // The text an HMAC covers, with the reference's `None` for a missing date.
        let id = DeliveryId::of_unsigned(None, b"{}");
        let expected: [u8; 20] = Sha1::digest(b"date=None\n{}").into();
        assert_eq!(id.as_bytes(), &expected);
    }

    mod properties {
        use super::*;
        use proptest::prelude::*;

        proptest! {
            #[test]
            fn any_change_to_the_date_or_the_body_is_another_delivery(
                date in proptest::option::of("[ -~]{0,40}"),
                other_date in proptest::option::of("[ -~]{0,40}"),
                body in proptest::collection::vec(any::<u8>(), 0..200),
                flip in any::<prop::sample::Index>(),
            ) {
                // The signed text writes a missing date as `None`, as the reference does: a
                // `Date: None` header reads the same, but a store needs replay prevention, which
                // refuses such a date before any delivery is known.
                prop_assume!(date.as_deref() != Some("None") && other_date.as_deref() != Some("None"));
                let id = DeliveryId::of_unsigned(date.as_deref().map(str::as_bytes), &body);
                if other_date != date {
                    let moved = DeliveryId::of_unsigned(other_date.as_deref().map(str::as_bytes), &body);
                    prop_assert_ne!(id, moved);
                }
                let mut changed = body.clone();
                match changed.len() {
                    0 => changed.push(0),
                    len => changed[flip.index(len)] ^= 1,
                }
                prop_assert_ne!(id, DeliveryId::of_unsigned(date.as_deref().map(str::as_bytes), &changed));
                // Bytes moved from the date to the body are another delivery too.
                if let Some(date) = &date {
                    let shifted = [date.as_bytes(), b"\n", &body].concat();
                    prop_assert_ne!(id, DeliveryId::of_unsigned(None, &shifted));
                }
            }
        }
    }
}
