//! Replay prevention: a request whose `Date` header is too old (or too far in the future) is
//! refused.
//!
//! Dates are compared at the resolution of HTTP dates, whole seconds: a request exactly the
//! maximum age old is accepted, one second older is refused. Unlike the reference (which answers
//! `500`), a missing, empty or unparseable `Date` is answered `400`, and so is a `Date` more than
//! the allowed skew in the future.
//!
//! ```
//! use std::time::{Duration, SystemTime};
//! use clustaar_webhook::rejection::Rejection;
//! use clustaar_webhook::security::ReplayPolicy;
//!
//! let policy = ReplayPolicy::default();
//! let now = httpdate::parse_http_date("Thu, 13 Sep 2018 11:48:23 GMT").unwrap();
//! assert_eq!(policy.check(Some(b"Thu, 13 Sep 2018 11:48:13 GMT"), now), Ok(()));
//! assert_eq!(policy.check(Some(b"Thu, 13 Sep 2018 11:48:12 GMT"), now), Err(Rejection::RequestTooOld));
//! ```

use std::time::{Duration, SystemTime, UNIX_EPOCH};

use crate::rejection::Rejection;

/// How old (and how far in the future) a request's `Date` may be.
///
/// ```
/// use std::time::Duration;
/// use clustaar_webhook::security::ReplayPolicy;
///
/// let policy = ReplayPolicy::new(Duration::from_secs(30)).max_future_skew(Duration::from_secs(5));
/// assert_eq!(policy.max_age, Duration::from_secs(30));
/// assert_eq!(policy.max_future_skew, Duration::from_secs(5));
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct ReplayPolicy {
    /// A request older than this is refused ([`Rejection::RequestTooOld`]).
    pub max_age: Duration,
    /// A request dated further than this in the future is refused
    /// ([`Rejection::DateInFuture`]).
    pub max_future_skew: Duration,
}

impl Default for ReplayPolicy {
    /// A maximum age of 10 s (the reference's default) and the same future skew.
    ///
    /// ```
    /// use std::time::Duration;
    /// use clustaar_webhook::security::ReplayPolicy;
    ///
    /// assert_eq!(ReplayPolicy::default(), ReplayPolicy::new(Duration::from_secs(10)));
    /// ```
    fn default() -> Self {
        Self::new(Self::DEFAULT_MAX_AGE)
    }
}

/// Whole seconds since the UNIX epoch (0 before it).
fn unix_seconds(time: SystemTime) -> u64 {
    time.duration_since(UNIX_EPOCH)
        .map(|since| since.as_secs())
        .unwrap_or(0)
}

impl ReplayPolicy {
    /// The reference's default maximum age: 10 seconds.
    ///
    /// ```
    /// use std::time::Duration;
    /// use clustaar_webhook::security::ReplayPolicy;
    ///
    /// assert_eq!(ReplayPolicy::DEFAULT_MAX_AGE, Duration::from_secs(10));
    /// assert_eq!(ReplayPolicy::default().max_age, ReplayPolicy::DEFAULT_MAX_AGE);
    /// ```
    pub const DEFAULT_MAX_AGE: Duration = Duration::from_secs(10);

    /// A policy with this maximum age, and a future skew of the same length.
    ///
    /// ```
    /// use std::time::Duration;
    /// use clustaar_webhook::security::ReplayPolicy;
    ///
    /// let policy = ReplayPolicy::new(Duration::from_secs(60));
    /// assert_eq!(policy.max_future_skew, Duration::from_secs(60));
    /// ```
    pub const fn new(max_age: Duration) -> Self {
        Self {
            max_age,
            max_future_skew: max_age,
        }
    }

    /// The same policy with another allowed future skew.
    ///
    /// ```
    /// use std::time::Duration;
    /// use clustaar_webhook::security::ReplayPolicy;
    ///
    /// let policy = ReplayPolicy::default().max_future_skew(Duration::ZERO);
    /// assert_eq!(policy.max_future_skew, Duration::ZERO);
    /// ```
    #[must_use]
    pub const fn max_future_skew(mut self, skew: Duration) -> Self {
        self.max_future_skew = skew;
        self
    }

    /// Checks a request's raw `Date` header value (`None` when it has none) against `now`.
    ///
    /// # Errors
    /// - [`Rejection::DateMissing`]: no `Date` header;
    /// - [`Rejection::DateInvalid`]: an empty value or not an HTTP date;
    /// - [`Rejection::RequestTooOld`]: older than [`max_age`](Self::max_age);
    /// - [`Rejection::DateInFuture`]: more than [`max_future_skew`](Self::max_future_skew) ahead.
    ///
    /// ```
    /// use std::time::{Duration, SystemTime};
    /// use clustaar_webhook::rejection::Rejection;
    /// use clustaar_webhook::security::ReplayPolicy;
    ///
    /// let policy = ReplayPolicy::default();
    /// let now = SystemTime::now();
    /// let date = httpdate::fmt_http_date(now);
    /// assert_eq!(policy.check(Some(date.as_bytes()), now), Ok(()));
    /// assert_eq!(policy.check(None, now), Err(Rejection::DateMissing));
    /// assert_eq!(policy.check(Some(b"yesterday"), now), Err(Rejection::DateInvalid));
    /// ```
    pub fn check(&self, date: Option<&[u8]>, now: SystemTime) -> Result<(), Rejection> {
        self.accept(date, now).map(drop)
    }

    /// [`check`](Self::check), keeping the accepted date to check it again later.
    pub(crate) fn accept(
        &self,
        date: Option<&[u8]>,
        now: SystemTime,
    ) -> Result<AcceptedDate, Rejection> {
        let date = date.ok_or(Rejection::DateMissing)?;
        let date = std::str::from_utf8(date)
            .ok()
            .and_then(|date| httpdate::parse_http_date(date.trim()).ok())
            .ok_or(Rejection::DateInvalid)?;
        let date = unix_seconds(date);
        let now = unix_seconds(now);
        if now >= date {
            if Duration::from_secs(now - date) > self.max_age {
                return Err(Rejection::RequestTooOld);
            }
        } else if Duration::from_secs(date - now) > self.max_future_skew {
            return Err(Rejection::DateInFuture);
        }
        Ok(AcceptedDate {
            // Too old once more than the maximum age's whole seconds have passed.
            too_old_from: date
                .saturating_add(self.max_age.as_secs())
                .saturating_add(1),
        })
    }
}

/// A request's `Date` that a policy accepted when its headers came in, to check again before
/// its handler runs.
///
/// The headers are checked at once, so that a stale request never makes the server buffer its
/// body; but the body can arrive long after them (a trickled body, a streaming proxy), and the
/// replay store can answer later still. A copy whose `Date` has gone stale meanwhile must not
/// run its handler: the store kept the first copy's claim for one window from the claim, and
/// only a request still within its window is sure to find it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct AcceptedDate {
    /// The first whole second (since the UNIX epoch) at which the request is too old.
    too_old_from: u64,
}

impl AcceptedDate {
    /// Checks again, at `now`, that the request is not too old.
    pub(crate) fn recheck(self, now: SystemTime) -> Result<(), Rejection> {
        if unix_seconds(now) >= self.too_old_from {
            return Err(Rejection::RequestTooOld);
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Thu, 13 Sep 2018 11:48:13 GMT
    const T: u64 = 1_536_839_293;

    fn at(seconds: u64) -> SystemTime {
        UNIX_EPOCH + Duration::from_secs(seconds)
    }

    fn date(seconds: u64) -> String {
        httpdate::fmt_http_date(at(seconds))
    }

    fn check(policy: &ReplayPolicy, date: &str, now: SystemTime) -> Result<(), Rejection> {
        policy.check(Some(date.as_bytes()), now)
    }

    #[test]
    fn the_test_date() {
        assert_eq!(date(T), "Thu, 13 Sep 2018 11:48:13 GMT");
    }

    #[test]
    fn defaults() {
        let policy = ReplayPolicy::default();
        assert_eq!(policy.max_age, Duration::from_secs(10));
        assert_eq!(policy.max_future_skew, Duration::from_secs(10));
    }

    #[test]
    fn fresh_request_is_accepted() {
        let policy = ReplayPolicy::default();
        assert_eq!(check(&policy, &date(T), at(T)), Ok(()));
        assert_eq!(check(&policy, &date(T), at(T + 3)), Ok(()));
    }

    #[test]
    fn exactly_max_age_old_is_accepted() {
        let policy = ReplayPolicy::default();
        assert_eq!(check(&policy, &date(T), at(T + 10)), Ok(()));
        // Sub-second parts of now do not count: HTTP dates have whole seconds.
        let now = at(T + 10) + Duration::from_millis(999);
        assert_eq!(check(&policy, &date(T), now), Ok(()));
    }

    #[test]
    fn one_second_older_is_refused() {
        let policy = ReplayPolicy::default();
        assert_eq!(
            check(&policy, &date(T), at(T + 11)),
            Err(Rejection::RequestTooOld)
        );
        assert_eq!(
            check(&policy, &date(T), at(T + 3600)),
            Err(Rejection::RequestTooOld)
        );
    }

    #[test]
    fn custom_max_age() {
        let policy = ReplayPolicy::new(Duration::from_secs(60));
        assert_eq!(check(&policy, &date(T), at(T + 60)), Ok(()));
        assert_eq!(
            check(&policy, &date(T), at(T + 61)),
            Err(Rejection::RequestTooOld)
        );
        let zero = ReplayPolicy::new(Duration::ZERO);
        assert_eq!(check(&zero, &date(T), at(T)), Ok(()));
        assert_eq!(
            check(&zero, &date(T), at(T + 1)),
            Err(Rejection::RequestTooOld)
        );
    }

    #[test]
    fn future_within_skew_is_accepted() {
        let policy = ReplayPolicy::default();
        assert_eq!(check(&policy, &date(T + 1), at(T)), Ok(()));
        assert_eq!(check(&policy, &date(T + 10), at(T)), Ok(()));
    }

    #[test]
    fn future_beyond_skew_is_refused() {
        let policy = ReplayPolicy::default();
        assert_eq!(
            check(&policy, &date(T + 11), at(T)),
            Err(Rejection::DateInFuture)
        );
        assert_eq!(
            check(&policy, &date(T + 86_400 * 365), at(T)),
            Err(Rejection::DateInFuture)
        );
        let strict = ReplayPolicy::default().max_future_skew(Duration::from_secs(2));
        assert_eq!(check(&strict, &date(T + 2), at(T)), Ok(()));
        assert_eq!(
            check(&strict, &date(T + 3), at(T)),
            Err(Rejection::DateInFuture)
        );
    }

    #[test]
    fn missing_date() {
        assert_eq!(
            ReplayPolicy::default().check(None, at(T)),
            Err(Rejection::DateMissing)
        );
    }

    #[test]
    fn empty_date() {
        let policy = ReplayPolicy::default();
        for empty in ["", " ", "\t"] {
            assert_eq!(
                check(&policy, empty, at(T)),
                Err(Rejection::DateInvalid),
                "{empty:?}"
            );
        }
    }

    #[test]
    fn garbage_date() {
        let policy = ReplayPolicy::default();
        for garbage in [
            "yesterday",
            "1536839293",
            "2018-09-13T11:48:13Z",
            "Thu, 13 Sep 2018 11:48:13",
            "Thu, 32 Sep 2018 11:48:13 GMT",
            "Thu, 13 Sep 2018 25:48:13 GMT",
            "Thu, 13 Sep 2018 11:48:13 GMT garbage",
        ] {
            assert_eq!(
                check(&policy, garbage, at(T)),
                Err(Rejection::DateInvalid),
                "{garbage}"
            );
        }
        assert_eq!(
            policy.check(Some(b"\xff\xfe"), at(T)),
            Err(Rejection::DateInvalid)
        );
    }

    #[test]
    fn other_http_date_formats_are_read() {
        let policy = ReplayPolicy::default();
        // RFC 850 and asctime, which HTTP/1.1 recipients must accept.
        assert_eq!(
            check(&policy, "Thursday, 13-Sep-18 11:48:13 GMT", at(T)),
            Ok(())
        );
        assert_eq!(check(&policy, "Thu Sep 13 11:48:13 2018", at(T)), Ok(()));
    }

    mod properties {
        use super::*;
        use proptest::prelude::*;

        proptest! {
            #[test]
            fn any_date_is_answered_without_panic(
                value in proptest::collection::vec(any::<u8>(), 0..64),
                now in any::<u32>(),
            ) {
                let _ = ReplayPolicy::default().check(Some(&value), at(u64::from(now)));
            }

            #[test]
            fn age_decides(date_s in 100u64..4_000_000_000, offset in -30i64..30) {
                let now = date_s.checked_add_signed(offset).unwrap();
                let result = check(&ReplayPolicy::default(), &date(date_s), at(now));
                let expected = if offset > 10 {
                    Err(Rejection::RequestTooOld)
                } else if offset < -10 {
                    Err(Rejection::DateInFuture)
                } else {
                    Ok(())
                };
                prop_assert_eq!(result, expected);
            }
        }
    }

    #[test]
    fn an_accepted_date_goes_stale_with_the_maximum_age() {
        let policy = ReplayPolicy::new(Duration::from_millis(3_500));
        let accepted = policy.accept(Some(date(T).as_bytes()), at(T)).unwrap();
        // Whatever the time of the first check, the date stays good exactly as long as a
        // first check would accept it.
        for later in [T, T + 1, T + 3, T + 4, T + 5, T + 100] {
            assert_eq!(
                accepted.recheck(at(later)),
                check(&policy, &date(T), at(later)),
                "{later}"
            );
        }
        let sub_second = at(T + 3) + Duration::from_millis(999);
        assert_eq!(accepted.recheck(sub_second), Ok(()));
        // A date in the future stays good until it is too old, like any other.
        let ahead = policy.accept(Some(date(T + 2).as_bytes()), at(T)).unwrap();
        assert_eq!(ahead.recheck(at(T + 5)), Ok(()));
        assert_eq!(ahead.recheck(at(T + 6)), Err(Rejection::RequestTooOld));
    }

    #[test]
    fn clock_before_the_epoch_does_not_panic() {
        let before = UNIX_EPOCH - Duration::from_secs(5);
        assert_eq!(
            check(&ReplayPolicy::default(), &date(T), before),
            Err(Rejection::DateInFuture)
        );
    }
}
