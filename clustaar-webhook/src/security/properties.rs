//! Properties of the checks, over generated requests: whatever an attacker changes in a signed
//! request, or in the credentials, is refused, and the replay window holds to the second.

use std::time::{Duration, SystemTime, UNIX_EPOCH};

use axum::http::{HeaderMap, HeaderValue, header};
use proptest::prelude::*;

use super::{Credentials, ReplayPolicy, SIGNATURE_HEADER, SecurityConfig, sign};
use crate::rejection::Rejection;

const KEY: &str = "the bot's private key";

fn at(seconds: u64) -> SystemTime {
    UNIX_EPOCH + Duration::from_secs(seconds)
}

fn date(seconds: u64) -> String {
    httpdate::fmt_http_date(at(seconds))
}

/// A request with this `Date` and `X-Hub-Signature`.
fn headers(date: &str, signature: &str) -> HeaderMap {
    let mut headers = HeaderMap::new();
    headers.insert(header::DATE, HeaderValue::from_str(date).unwrap());
    if let Ok(signature) = HeaderValue::from_str(signature) {
        headers.insert(SIGNATURE_HEADER, signature);
    }
    headers
}

/// The signature checks alone (no replay window), with the one key.
fn signed_only() -> SecurityConfig {
    SecurityConfig::new()
        .private_key(KEY)
        .without_replay_prevention()
}

/// Dates between 2001 and 2096, whole seconds.
fn seconds() -> impl Strategy<Value = u64> {
    1_000_000_000u64..4_000_000_000
}

proptest! {
    #[test]
    fn a_signature_made_with_another_key_is_refused(key in ".{0,40}", t in seconds(), body in ".*") {
        prop_assume!(key != KEY);
        let date = date(t);
        let signature = sign(&key, Some(&date), body.as_bytes());
        let refused = signed_only().check(&headers(&date, &signature), body.as_bytes(), at(t));
        prop_assert_eq!(refused, Err(Rejection::SignatureInvalid));
    }

    #[test]
    fn a_signature_over_another_date_is_refused(t in seconds(), other_t in seconds(), body in ".*") {
        // The same body: only the date tells the two requests apart.
        prop_assume!(t != other_t);
        let signature = sign(KEY, Some(&date(other_t)), body.as_bytes());
        let checked = signed_only().check(&headers(&date(t), &signature), body.as_bytes(), at(t));
        prop_assert_eq!(checked, Err(Rejection::SignatureInvalid));
        // The genuine one passes.
        let signature = sign(KEY, Some(&date(t)), body.as_bytes());
        let checked = signed_only().check(&headers(&date(t), &signature), body.as_bytes(), at(t));
        prop_assert_eq!(checked, Ok(()));
    }

    #[test]
    fn a_signature_over_another_body_is_refused(t in seconds(), body in ".*", other_body in ".*") {
        // The same date: only the body tells the two requests apart.
        prop_assume!(body != other_body);
        let signature = sign(KEY, Some(&date(t)), other_body.as_bytes());
        let checked = signed_only().check(&headers(&date(t), &signature), body.as_bytes(), at(t));
        prop_assert_eq!(checked, Err(Rejection::SignatureInvalid));
    }

    #[test]
    fn a_signature_with_any_bit_flipped_is_refused(t in seconds(), body in ".*", bit in 0usize..160) {
        let date = date(t);
        let genuine = sign(KEY, Some(&date), body.as_bytes());
        let mut digest = hex::decode(&genuine["sha1=".len()..]).unwrap();
        digest[bit / 8] ^= 1 << (bit % 8);
        let forged = format!("sha1={}", hex::encode(digest));
        let checked = signed_only().check(&headers(&date, &forged), body.as_bytes(), at(t));
        prop_assert_eq!(checked, Err(Rejection::SignatureInvalid));
    }

    #[test]
    fn a_forged_digest_sharing_a_prefix_with_the_genuine_one_is_refused(
        t in seconds(),
        body in ".*",
        kept in 0usize..20,
        rest in any::<[u8; 20]>(),
    ) {
        let date = date(t);
        let genuine = hex::decode(&sign(KEY, Some(&date), body.as_bytes())["sha1=".len()..]).unwrap();
        let forged: Vec<u8> = genuine[..kept].iter().chain(&rest[kept..]).copied().collect();
        prop_assume!(forged != genuine);
        let forged = format!("sha1={}", hex::encode(forged));
        let checked = signed_only().check(&headers(&date, &forged), body.as_bytes(), at(t));
        prop_assert_eq!(checked, Err(Rejection::SignatureInvalid));
    }

    #[test]
    fn the_replay_window_holds_to_the_second(
        t in seconds(),
        max_age in 0u64..100_000,
        skew in 0u64..100_000,
        around in -3i64..=3,
    ) {
        let policy = ReplayPolicy::new(Duration::from_secs(max_age))
            .max_future_skew(Duration::from_secs(skew));
        let sent = date(t);
        // Older, by a few seconds around the maximum age: accepted up to it, to the second.
        let age = max_age.saturating_add_signed(around);
        let older = policy.check(Some(sent.as_bytes()), at(t + age));
        let expected = if age <= max_age { Ok(()) } else { Err(Rejection::RequestTooOld) };
        prop_assert_eq!(older, expected);
        // Ahead, by a few seconds around the skew: accepted up to it, to the second.
        let ahead = skew.saturating_add_signed(around);
        let checked = policy.check(Some(sent.as_bytes()), at(t - ahead));
        let expected = if ahead <= skew { Ok(()) } else { Err(Rejection::DateInFuture) };
        prop_assert_eq!(checked, expected);
    }

    #[test]
    fn any_other_credentials_are_refused(
        username in "[^:]{1,20}",
        password in ".{1,20}",
        change in 0usize..6,
        at_byte in any::<prop::sample::Index>(),
        with in any::<u8>(),
    ) {
        let expected = Credentials::new(username.clone(), password.clone());
        let security = SecurityConfig::new().allow_unsigned().basic_auth(&username, &password);
        let (mut user, mut pass) = (username.into_bytes(), password.into_bytes());
        match change {
            // A prefix, a suffix added, of either.
            0 => { user.pop(); }
            1 => pass.push(b'x'),
            2 => { pass.pop(); }
            // One byte changed.
            3 => {
                let i = at_byte.index(pass.len());
                prop_assume!(pass[i] != with);
                pass[i] = with;
            }
            // Another case.
            4 => {
                prop_assume!(user.iter().any(u8::is_ascii_alphabetic));
                user.iter_mut().for_each(|byte| *byte = if byte.is_ascii_uppercase() {
                    byte.to_ascii_lowercase()
                } else {
                    byte.to_ascii_uppercase()
                });
            }
            _ => user.insert(0, b'x'),
        }
        let sent = [user.as_slice(), b":", pass.as_slice()].concat();
        let value = format!("Basic {}", base64::Engine::encode(&base64::engine::general_purpose::STANDARD, &sent));
        prop_assert_eq!(expected.verify(Some(value.as_bytes())), Err(Rejection::InvalidCredentials));
        let mut headers = HeaderMap::new();
        headers.insert(header::AUTHORIZATION, HeaderValue::from_str(&value).unwrap());
        prop_assert_eq!(
            security.without_replay_prevention().check(&headers, b"{}", at(0)),
            Err(Rejection::InvalidCredentials)
        );
    }
}

/// Every first byte, the rest zero: a check that let some first byte through (one forgery in
/// 256) is caught here every time, not by chance.
#[test]
fn forged_digests_of_every_first_byte_are_refused() {
    let (t, body) = (1_536_839_293, b"{}");
    let date = date(t);
    for first in 0..=u8::MAX {
        let mut forged = [0u8; 20];
        forged[0] = first;
        let forged = format!("sha1={}", hex::encode(forged));
        let checked = signed_only().check(&headers(&date, &forged), body, at(t));
        assert_eq!(checked, Err(Rejection::SignatureInvalid), "{forged}");
    }
}
