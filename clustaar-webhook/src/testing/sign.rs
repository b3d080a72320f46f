//! Signing a request as the platform does.

/// The `X-Hub-Signature` value (`sha1=<hex>`) the platform sends for `body` signed with
/// `private_key`, with `date` the request's `Date` header (`None` when it has none).
///
/// The same function as [`security::sign`](crate::security::sign), taking any body.
///
/// ```
/// use clustaar_webhook::testing::sign;
///
/// // The reference's test vector.
/// assert_eq!(sign("test", None, "{}"), "sha1=fc2bdea0e6a9e0dc333dece7568b5c3337a92342");
///
/// let date = "Thu, 13 Sep 2018 11:48:13 GMT";
/// assert_ne!(sign("test", Some(date), "{}"), sign("test", None, "{}"));
/// ```
pub fn sign(private_key: impl AsRef<[u8]>, date: Option<&str>, body: impl AsRef<[u8]>) -> String {
    crate::security::sign(private_key, date, body.as_ref())
}
