//! What the webhook checks before it reads a request, and the one check that runs them in the
//! reference's order.

use std::fmt;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, SystemTime};

use axum::http::{HeaderMap, header};

use super::basic_auth::{Credentials, CredentialsDigest};
use super::bots::{BotLookup, BotSecretSource, BotSecrets, read_bot_id};
use super::config_error::{SHORT_KEY_BYTES, SecurityConfigError, is_blank};
use super::replay::{AcceptedDate, ReplayPolicy};
use super::signature::{SIGNATURE_HEADER, SigningKey};
use crate::rejection::Rejection;

/// The security of a webhook: signing keys, basic-authentication credentials and replay
/// prevention.
///
/// A configuration needs a private key, or an explicit [`allow_unsigned`](Self::allow_unsigned):
/// until it has one, [`check`](Self::check) refuses every request (see
/// [`SecurityConfigError`]), and so does the
/// [`VerifiedNotification`](crate::extract::VerifiedNotification) extractor. Basic
/// authentication is optional; replay prevention is on with a maximum age of 10 s. `Debug`
/// never shows the keys or the password.
///
/// ```
/// use std::time::{Duration, SystemTime};
/// use axum::http::{HeaderMap, HeaderValue};
/// use clustaar_webhook::security::{sign, SecurityConfig};
///
/// let security = SecurityConfig::new()
///     .private_key("current key")
///     .private_key("previous key")
///     .basic_auth("bot", "secret")
///     .max_age(Duration::from_secs(30));
///
/// let now = SystemTime::now();
/// let date = httpdate::fmt_http_date(now);
/// let body = br#"{"topic": "conversation.step_reached"}"#;
/// let mut headers = HeaderMap::new();
/// headers.insert("date", HeaderValue::from_str(&date).unwrap());
/// headers.insert("x-hub-signature", sign("previous key", Some(&date), body).parse().unwrap());
/// headers.insert("authorization", HeaderValue::from_static("Basic Ym90OnNlY3JldA=="));
/// assert_eq!(security.check(&headers, body, now), Ok(()));
/// ```
///
/// Cloning is cheap (the keys and credentials are shared), so the configuration can live in an
/// axum state and reach the [`VerifiedNotification`](crate::extract::VerifiedNotification)
/// extractor through `FromRef`.
#[derive(Clone)]
pub struct SecurityConfig {
    keys: Arc<Vec<SigningKey>>,
    /// Where the first blank key is among `keys`, if any.
    blank_key: Option<usize>,
    /// How many of `keys` are shorter than [`SHORT_KEY_BYTES`].
    short_keys: usize,
    credentials: Option<Arc<ExpectedCredentials>>,
    replay: Option<ReplayPolicy>,
    allow_unsigned: bool,
    /// With several bots: their secrets, looked up by the `botID` of each notification.
    bots: Option<Arc<BotLookup>>,
    /// Whether a request refused for a misconfiguration was logged already: once is enough.
    misconfiguration_logged: Arc<AtomicBool>,
}

/// The credentials required, and their digest, computed once.
struct ExpectedCredentials {
    credentials: Credentials,
    digest: CredentialsDigest,
}

impl Default for SecurityConfig {
    /// No key yet (so every request is refused until one is given, or
    /// [`allow_unsigned`](SecurityConfig::allow_unsigned)), no authentication, replay
    /// prevention with a 10 s maximum age.
    ///
    /// ```
    /// use clustaar_webhook::security::{ReplayPolicy, SecurityConfig, SecurityConfigError};
    ///
    /// let security = SecurityConfig::default();
    /// assert!(!security.requires_signature());
    /// assert_eq!(security.validate(), Err(SecurityConfigError::Unsigned));
    /// assert_eq!(security.replay_policy(), Some(&ReplayPolicy::default()));
    /// ```
    fn default() -> Self {
        Self {
            keys: Arc::default(),
            blank_key: None,
            short_keys: 0,
            credentials: None,
            replay: Some(ReplayPolicy::default()),
            allow_unsigned: false,
            bots: None,
            misconfiguration_logged: Arc::default(),
        }
    }
}

impl fmt::Debug for SecurityConfig {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        struct Redacted(usize);
        impl fmt::Debug for Redacted {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                write!(f, "[<redacted>; {}]", self.0)
            }
        }
        f.debug_struct("SecurityConfig")
            .field("private_keys", &Redacted(self.keys.len()))
            .field(
                "basic_auth",
                &self
                    .credentials
                    .as_ref()
                    .map(|expected| &expected.credentials),
            )
            .field("replay", &self.replay)
            .field("allow_unsigned", &self.allow_unsigned)
            .field("bots", &self.bots)
            .finish()
    }
}

impl SecurityConfig {
    /// The default configuration: see [`Default`](#impl-Default-for-SecurityConfig).
    ///
    /// ```
    /// use clustaar_webhook::security::SecurityConfig;
    /// let security = SecurityConfig::new();
    /// # let _ = security;
    /// ```
    pub fn new() -> Self {
        Self::default()
    }

    /// Requires requests to be signed, and accepts this private key (its UTF-8 bytes). Call it
    /// several times to accept several keys, while rotating keys.
    ///
    /// A key that is empty or only whitespace makes the configuration invalid
    /// ([`SecurityConfigError::BlankPrivateKey`]): anyone could sign with it. A key shorter
    /// than 16 bytes is accepted, with a warning in the log when a webhook is built with it.
    ///
    /// ```
    /// use clustaar_webhook::security::{SecurityConfig, SecurityConfigError};
    ///
    /// let security = SecurityConfig::new().private_key("the key of the bot's settings");
    /// assert!(security.requires_signature());
    /// assert_eq!(security.validate(), Ok(()));
    ///
    /// // `CLUSTAAR_PRIVATE_KEY=` in a deployment: set, but empty.
    /// let security = SecurityConfig::new().private_key("");
    /// assert_eq!(security.validate(), Err(SecurityConfigError::BlankPrivateKey { position: 0 }));
    /// ```
    #[must_use]
    pub fn private_key(mut self, key: impl AsRef<[u8]>) -> Self {
        let key = key.as_ref();
        let position = self.keys.len();
        if is_blank(key) {
            self.blank_key = self.blank_key.or(Some(position));
        }
        if key.len() < SHORT_KEY_BYTES {
            self.short_keys += 1;
        }
        Arc::make_mut(&mut self.keys).push(SigningKey::new(key));
        self
    }

    /// Accepts all these private keys ([`private_key`](Self::private_key) for each).
    ///
    /// ```
    /// use clustaar_webhook::security::SecurityConfig;
    /// let security = SecurityConfig::new().private_keys(["new", "old"]);
    /// assert!(security.requires_signature());
    /// ```
    #[must_use]
    pub fn private_keys<K: AsRef<[u8]>>(self, keys: impl IntoIterator<Item = K>) -> Self {
        keys.into_iter().fold(self, Self::private_key)
    }

    /// Accepts unsigned notifications when no private key is given: without this (or a key),
    /// the configuration refuses every request. For local development and tests, or a webhook
    /// that another layer authenticates; a key, once given, is required all the same.
    ///
    /// ```
    /// use clustaar_webhook::security::SecurityConfig;
    ///
    /// let security = SecurityConfig::new().allow_unsigned();
    /// assert_eq!(security.validate(), Ok(()));
    /// assert!(!security.requires_signature());
    /// ```
    #[must_use]
    pub fn allow_unsigned(mut self) -> Self {
        self.allow_unsigned = true;
        self
    }

    /// Requires HTTP basic authentication with these credentials.
    ///
    /// ```
    /// use clustaar_webhook::security::SecurityConfig;
    /// let security = SecurityConfig::new().basic_auth("bot", "secret");
    /// assert_eq!(security.credentials().unwrap().username, "bot");
    /// ```
    #[must_use]
    pub fn basic_auth(mut self, username: impl Into<String>, password: impl Into<String>) -> Self {
        let credentials = Credentials::new(username, password);
        let digest = credentials.digest();
        self.credentials = Some(Arc::new(ExpectedCredentials {
            credentials,
            digest,
        }));
        self
    }

    /// Serves several bots, each checked with its own secrets, found in `source` by the
    /// `botID` of each notification: a notification signed with another bot's key is refused
    /// (`400`), one naming a bot the source does not know too (`403`, "Unknown bot"), and one
    /// the source cannot answer for gets a `503`. The secrets found are cached for 5 minutes, up
    /// to 10,000 bots (see [`bots_with_cache`](Self::bots_with_cache)). The webhook's own
    /// private keys must then be left out; its replay prevention applies to every bot.
    ///
    /// ```
    /// use clustaar_webhook::security::{BotSecrets, SecurityConfig, StaticBots};
    ///
    /// let security = SecurityConfig::new().bots(
    ///     StaticBots::new()
    ///         .bot("5a8f1c2e9b1d4c0012345678", BotSecrets::new().private_key("shop's key"))
    ///         .bot("5a8f1c2e9b1d4c0087654321", BotSecrets::new().private_key("bank's key")),
    /// );
    /// assert_eq!(security.validate(), Ok(()));
    /// ```
    #[must_use]
    pub fn bots(self, source: impl BotSecretSource) -> Self {
        self.bots_with_cache(source, 10_000, Duration::from_secs(300))
    }

    /// As [`bots`](Self::bots), keeping up to `capacity` bots' secrets (and the bots the source
    /// does not know) for `lifetime` each before asking the source again.
    ///
    /// ```
    /// use std::time::Duration;
    /// use clustaar_webhook::security::{EnvBots, SecurityConfig};
    ///
    /// let security = SecurityConfig::new()
    ///     .bots_with_cache(EnvBots::new("CLUSTAAR_BOT_"), 100, Duration::from_secs(60));
    /// assert!(format!("{security:?}").contains("lifetime: 60s"));
    /// ```
    #[must_use]
    pub fn bots_with_cache(
        mut self,
        source: impl BotSecretSource,
        capacity: usize,
        lifetime: Duration,
    ) -> Self {
        self.bots = Some(Arc::new(BotLookup::new(source, capacity, lifetime)));
        self
    }

    /// Whether the webhook serves several bots, each checked with its own secrets.
    pub(crate) fn serves_bots(&self) -> bool {
        self.bots.is_some()
    }

    /// The secrets of the bot `body` names, when the webhook serves several bots (`None` when
    /// it has keys of its own): read, then looked up.
    pub(crate) async fn bot_secrets(
        &self,
        body: &[u8],
    ) -> Result<Option<Arc<BotSecrets>>, Rejection> {
        let Some(bots) = &self.bots else {
            return Ok(None);
        };
        let bot_id = read_bot_id(body)?;
        bots.find(&bot_id).await.map(Some)
    }

    /// Turns replay prevention on with this policy.
    ///
    /// ```
    /// use std::time::Duration;
    /// use clustaar_webhook::security::{ReplayPolicy, SecurityConfig};
    ///
    /// let policy = ReplayPolicy::new(Duration::from_secs(60)).max_future_skew(Duration::from_secs(5));
    /// let security = SecurityConfig::new().replay_prevention(policy);
    /// assert_eq!(security.replay_policy(), Some(&policy));
    /// ```
    #[must_use]
    pub fn replay_prevention(mut self, policy: ReplayPolicy) -> Self {
        self.replay = Some(policy);
        self
    }

    /// Turns replay prevention on with this maximum age (and the same future skew).
    ///
    /// ```
    /// use std::time::Duration;
    /// use clustaar_webhook::security::SecurityConfig;
    ///
    /// let security = SecurityConfig::new().max_age(Duration::from_secs(60));
    /// assert_eq!(security.replay_policy().unwrap().max_age, Duration::from_secs(60));
    /// ```
    #[must_use]
    pub fn max_age(self, max_age: Duration) -> Self {
        self.replay_prevention(ReplayPolicy::new(max_age))
    }

    /// Turns replay prevention off: the `Date` header is then not needed.
    ///
    /// ```
    /// use clustaar_webhook::security::SecurityConfig;
    /// let security = SecurityConfig::new().without_replay_prevention();
    /// assert_eq!(security.replay_policy(), None);
    /// ```
    #[must_use]
    pub fn without_replay_prevention(mut self) -> Self {
        self.replay = None;
        self
    }

    /// Whether requests must be signed (at least one private key is configured).
    ///
    /// ```
    /// use clustaar_webhook::security::SecurityConfig;
    /// assert!(!SecurityConfig::new().requires_signature());
    /// assert!(SecurityConfig::new().private_key("key").requires_signature());
    /// ```
    pub fn requires_signature(&self) -> bool {
        !self.keys.is_empty()
    }

    /// The private keys accepted, in the order they were added (empty when no signature is
    /// required).
    ///
    /// ```
    /// use clustaar_webhook::security::SecurityConfig;
    ///
    /// let security = SecurityConfig::new().private_keys(["new", "old"]);
    /// let header = security.signing_keys()[0].sign(None, b"{}");
    /// assert!(header.starts_with("sha1="));
    /// ```
    pub fn signing_keys(&self) -> &[SigningKey] {
        &self.keys
    }

    /// The basic-authentication credentials required, if any.
    ///
    /// ```
    /// use clustaar_webhook::security::SecurityConfig;
    /// assert!(SecurityConfig::new().credentials().is_none());
    /// ```
    pub fn credentials(&self) -> Option<&Credentials> {
        self.credentials
            .as_deref()
            .map(|expected| &expected.credentials)
    }

    /// Checks an `Authorization` value (`None` when the request has none) against the required
    /// credentials, through their digest computed once: the credentials when they match,
    /// `None` when none are required.
    pub(crate) fn verify_credentials(
        &self,
        authorization: Option<&[u8]>,
    ) -> Option<Result<&Credentials, Rejection>> {
        let expected = self.credentials.as_deref()?;
        Some(
            expected
                .digest
                .verify(authorization)
                .map(|()| &expected.credentials),
        )
    }

    /// Whether this configuration protects what it should: `Ok` when it has a private key,
    /// none of them blank, or no key and [`allow_unsigned`](Self::allow_unsigned).
    ///
    /// # Errors
    /// The [`SecurityConfigError`] that makes it unusable.
    ///
    /// ```
    /// use clustaar_webhook::security::{SecurityConfig, SecurityConfigError};
    ///
    /// assert_eq!(SecurityConfig::new().private_key("key").validate(), Ok(()));
    /// assert_eq!(SecurityConfig::new().validate(), Err(SecurityConfigError::Unsigned));
    /// ```
    pub fn validate(&self) -> Result<(), SecurityConfigError> {
        if let Some(position) = self.blank_key {
            return Err(SecurityConfigError::BlankPrivateKey { position });
        }
        if self.bots.is_some() {
            // Each bot's keys are checked when it is looked up.
            return match self.keys.is_empty() {
                true => Ok(()),
                false => Err(SecurityConfigError::SharedKeysWithBots),
            };
        }
        if self.keys.is_empty() && !self.allow_unsigned {
            return Err(SecurityConfigError::Unsigned);
        }
        Ok(())
    }

    /// [`validate`](Self::validate), as the answer to a request: a misconfiguration refuses
    /// it with [`Rejection::Misconfigured`], and is logged at error level the first time.
    pub(crate) fn refuse_if_misconfigured(&self) -> Result<(), Rejection> {
        let Err(error) = self.validate() else {
            return Ok(());
        };
        if !self.misconfiguration_logged.swap(true, Ordering::Relaxed) {
            tracing::error!(%error, "the webhook's security is misconfigured; every request is answered 500");
        }
        Err(Rejection::Misconfigured)
    }

    /// Logs a warning when a key is short enough to be guessed by trying; the webhook calls
    /// it once, when it is built.
    pub(crate) fn warn_of_short_keys(&self) {
        if self.short_keys > 0 {
            tracing::warn!(
                short_keys = self.short_keys,
                "a private key is shorter than {SHORT_KEY_BYTES} bytes: anyone who guesses it \
                 can sign notifications; use the key of the bot's webhook settings"
            );
        }
    }

    /// The replay-prevention policy, if it is on.
    ///
    /// ```
    /// use clustaar_webhook::security::SecurityConfig;
    /// assert!(SecurityConfig::new().replay_policy().is_some());
    /// ```
    pub fn replay_policy(&self) -> Option<&ReplayPolicy> {
        self.replay.as_ref()
    }

    /// Runs the configured checks on a request, in the reference's order: replay prevention
    /// (the `Date` header against `now`), then the signature (over the `Date` header and the
    /// raw `body`), then basic authentication. The first failing check decides the answer.
    /// A configuration that [`validate`](Self::validate) refuses refuses every request.
    ///
    /// # Errors
    /// [`Rejection::Misconfigured`] for an invalid configuration, otherwise the [`Rejection`]
    /// of the first failing check.
    ///
    /// ```
    /// use std::time::SystemTime;
    /// use axum::http::HeaderMap;
    /// use clustaar_webhook::rejection::Rejection;
    /// use clustaar_webhook::security::SecurityConfig;
    ///
    /// let security = SecurityConfig::new().private_key("key");
    /// assert_eq!(
    ///     security.check(&HeaderMap::new(), b"{}", SystemTime::now()),
    ///     Err(Rejection::DateMissing),
    /// );
    /// let security = security.without_replay_prevention();
    /// assert_eq!(
    ///     security.check(&HeaderMap::new(), b"{}", SystemTime::now()),
    ///     Err(Rejection::SignatureMissing),
    /// );
    /// ```
    pub fn check(
        &self,
        headers: &HeaderMap,
        body: &[u8],
        now: SystemTime,
    ) -> Result<(), Rejection> {
        self.refuse_if_misconfigured()?;
        self.check_date(headers, now)?;
        self.check_signed(headers, body).map(drop)
    }

    /// The replay check alone, which needs no body: the webhook runs it before reading one, so
    /// that a stale request never makes the server buffer its body.
    ///
    /// Gives the accepted date (none when replay prevention is off), which the caller checks
    /// again once the body is in: see [`AcceptedDate`].
    pub(crate) fn check_date(
        &self,
        headers: &HeaderMap,
        now: SystemTime,
    ) -> Result<Option<AcceptedDate>, Rejection> {
        self.replay
            .as_ref()
            .map(|policy| policy.accept(date_header(headers), now))
            .transpose()
    }

    /// The checks after the replay check: the signature, then basic authentication. Gives the
    /// verified signature's digest when one is required.
    pub(crate) fn check_signed(
        &self,
        headers: &HeaderMap,
        body: &[u8],
    ) -> Result<Option<[u8; 20]>, Rejection> {
        if self.bots.is_some() {
            // Several bots: each is checked with its own secrets (`check_signed_by`), never
            // with the webhook's (it has none): fail closed.
            return Err(Rejection::Misconfigured);
        }
        let mut digest = None;
        if !self.keys.is_empty() {
            let date = date_header(headers);
            let signature = headers.get(SIGNATURE_HEADER).map(|value| value.as_bytes());
            digest = Some(SigningKey::verified_digest(
                &self.keys, signature, date, body,
            )?);
        }
        let authorization = headers
            .get(header::AUTHORIZATION)
            .map(|value| value.as_bytes());
        if let Some(verified) = self.verify_credentials(authorization) {
            verified?;
        }
        Ok(digest)
    }
}

impl SecurityConfig {
    /// [`check_signed`](Self::check_signed) with the secrets of the notification's bot, when
    /// the webhook serves several (`bot` from [`bot_secrets`](Self::bot_secrets)).
    pub(crate) fn check_signed_by(
        &self,
        bot: Option<&BotSecrets>,
        headers: &HeaderMap,
        body: &[u8],
    ) -> Result<Option<[u8; 20]>, Rejection> {
        match bot {
            Some(bot) => bot.check_signed(headers, body),
            None => self.check_signed(headers, body),
        }
    }

    /// Every check, in the reference's order, for a webhook that serves several bots as for
    /// one: the replay check, then the bot's secrets looked up (several bots), then the
    /// signature and the credentials. [`check`](Self::check) does the same without a lookup,
    /// so it refuses every request when the webhook serves several bots.
    ///
    /// ```
    /// # tokio::runtime::Builder::new_current_thread().build().unwrap().block_on(async {
    /// use std::time::SystemTime;
    /// use axum::http::{HeaderMap, HeaderValue};
    /// use clustaar_webhook::rejection::Rejection;
    /// use clustaar_webhook::security::{sign, BotSecrets, SecurityConfig, StaticBots};
    ///
    /// let security = SecurityConfig::new()
    ///     .without_replay_prevention()
    ///     .bots(StaticBots::new().bot("shop", BotSecrets::new().private_key("shop's key")));
    /// let body = br#"{"botID": "shop", "topic": "conversation.step_reached"}"#;
    /// let mut headers = HeaderMap::new();
    /// let signed = |key: &str| HeaderValue::from_str(&sign(key, None, body)).unwrap();
    /// headers.insert("X-Hub-Signature", signed("shop's key"));
    /// assert_eq!(security.verify(&headers, body, SystemTime::now()).await, Ok(()));
    /// headers.insert("X-Hub-Signature", signed("another bot's key"));
    /// assert_eq!(
    ///     security.verify(&headers, body, SystemTime::now()).await,
    ///     Err(Rejection::SignatureInvalid),
    /// );
    /// # });
    /// ```
    pub async fn verify(
        &self,
        headers: &HeaderMap,
        body: &[u8],
        now: SystemTime,
    ) -> Result<(), Rejection> {
        self.refuse_if_misconfigured()?;
        self.check_date(headers, now)?;
        let bot = self.bot_secrets(body).await?;
        self.check_signed_by(bot.as_deref(), headers, body)
            .map(drop)
    }
}

/// The raw value of the request's `Date` header, `None` when it has none.
pub(crate) fn date_header(headers: &HeaderMap) -> Option<&[u8]> {
    headers.get(header::DATE).map(|value| value.as_bytes())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::security::sign;
    use axum::http::HeaderValue;
    use std::time::UNIX_EPOCH;

    /// Thu, 13 Sep 2018 11:48:13 GMT
    const T: u64 = 1_536_839_293;
    const DATE: &str = "Thu, 13 Sep 2018 11:48:13 GMT";
    const BODY: &[u8] = br#"{"topic": "conversation.step_reached"}"#;
    /// base64("bot:secret")
    const GOOD_AUTH: &str = "Basic Ym90OnNlY3JldA==";
    /// base64("bot:wrong")
    const BAD_AUTH: &str = "Basic Ym90Ondyb25n";

    fn at(seconds: u64) -> SystemTime {
        UNIX_EPOCH + Duration::from_secs(seconds)
    }

    fn full() -> SecurityConfig {
        SecurityConfig::new()
            .private_key("key")
            .basic_auth("bot", "secret")
    }

    fn headers(date: Option<&str>, signature: Option<&str>, auth: Option<&str>) -> HeaderMap {
        let mut headers = HeaderMap::new();
        if let Some(date) = date {
            headers.insert(header::DATE, HeaderValue::from_str(date).unwrap());
        }
        if let Some(signature) = signature {
            headers.insert(SIGNATURE_HEADER, HeaderValue::from_str(signature).unwrap());
        }
        if let Some(auth) = auth {
            headers.insert(header::AUTHORIZATION, HeaderValue::from_str(auth).unwrap());
        }
        headers
    }

    #[test]
    fn default_config() {
        let security = SecurityConfig::default();
        assert!(!security.requires_signature());
        assert!(security.credentials().is_none());
        assert_eq!(
            security.replay_policy(),
            Some(&ReplayPolicy::new(Duration::from_secs(10)))
        );
        // No key and no opt-in: every request is refused, before any other check.
        assert_eq!(
            security.check(&headers(Some(DATE), None, None), BODY, at(T)),
            Err(Rejection::Misconfigured)
        );
        // Replay prevention is on by default: a Date is needed.
        let security = security.allow_unsigned();
        assert_eq!(
            security.check(&HeaderMap::new(), BODY, at(T)),
            Err(Rejection::DateMissing)
        );
        assert_eq!(
            security.check(&headers(Some(DATE), None, None), BODY, at(T)),
            Ok(())
        );
    }

    #[test]
    fn unsigned_on_purpose_accepts_everything() {
        let security = SecurityConfig::new()
            .allow_unsigned()
            .without_replay_prevention();
        assert_eq!(
            security.check(&HeaderMap::new(), b"anything", at(T)),
            Ok(())
        );
        let old = headers(Some("Thu, 01 Jan 1970 00:00:00 GMT"), Some("x"), Some("y"));
        assert_eq!(security.check(&old, b"anything", at(T)), Ok(()));
    }

    #[test]
    fn all_checks_pass() {
        let signature = sign("key", Some(DATE), BODY);
        let h = headers(Some(DATE), Some(&signature), Some(GOOD_AUTH));
        assert_eq!(full().check(&h, BODY, at(T + 10)), Ok(()));
    }

    #[test]
    fn signature_without_date_when_replay_is_off() {
        let security = full().without_replay_prevention();
        let signature = sign("key", None, BODY);
        let h = headers(None, Some(&signature), Some(GOOD_AUTH));
        assert_eq!(security.check(&h, BODY, at(T)), Ok(()));
        // The reference vector.
        let security = SecurityConfig::new()
            .private_key("test")
            .without_replay_prevention();
        let h = headers(
            None,
            Some("sha1=fc2bdea0e6a9e0dc333dece7568b5c3337a92342"),
            None,
        );
        assert_eq!(security.check(&h, b"{}", at(T)), Ok(()));
    }

    #[test]
    fn key_rotation() {
        let security = SecurityConfig::new()
            .private_keys(["new", "old"])
            .without_replay_prevention();
        for key in ["new", "old"] {
            let h = headers(None, Some(&sign(key, None, BODY)), None);
            assert_eq!(security.check(&h, BODY, at(T)), Ok(()), "{key}");
        }
        let h = headers(None, Some(&sign("other", None, BODY)), None);
        assert_eq!(
            security.check(&h, BODY, at(T)),
            Err(Rejection::SignatureInvalid)
        );
        let security = SecurityConfig::new()
            .private_key("new")
            .private_key(b"old".as_slice())
            .without_replay_prevention();
        let h = headers(None, Some(&sign("old", None, BODY)), None);
        assert_eq!(security.check(&h, BODY, at(T)), Ok(()));
    }

    #[test]
    fn replay_is_checked_first() {
        // Too old AND bad signature AND bad auth: the replay error wins.
        let h = headers(Some(DATE), Some("sha1=00"), Some(BAD_AUTH));
        assert_eq!(
            full().check(&h, BODY, at(T + 11)),
            Err(Rejection::RequestTooOld)
        );
        // Missing Date AND no signature: the Date error wins.
        let h = headers(None, None, None);
        assert_eq!(full().check(&h, BODY, at(T)), Err(Rejection::DateMissing));
        // Garbage Date AND no signature.
        let h = headers(Some("garbage"), None, None);
        assert_eq!(full().check(&h, BODY, at(T)), Err(Rejection::DateInvalid));
        // Future Date AND bad signature.
        let h = headers(Some(DATE), Some("sha1=00"), None);
        assert_eq!(
            full().check(&h, BODY, at(T - 11)),
            Err(Rejection::DateInFuture)
        );
    }

    #[test]
    fn signature_is_checked_before_authentication() {
        // Bad signature AND bad auth: the signature error wins.
        let wrong = sign("other key", Some(DATE), BODY);
        let h = headers(Some(DATE), Some(&wrong), Some(BAD_AUTH));
        assert_eq!(
            full().check(&h, BODY, at(T)),
            Err(Rejection::SignatureInvalid)
        );
        let h = headers(Some(DATE), None, None);
        assert_eq!(
            full().check(&h, BODY, at(T)),
            Err(Rejection::SignatureMissing)
        );
        // Good signature AND bad auth: the authentication error.
        let good = sign("key", Some(DATE), BODY);
        let h = headers(Some(DATE), Some(&good), Some(BAD_AUTH));
        assert_eq!(
            full().check(&h, BODY, at(T)),
            Err(Rejection::InvalidCredentials)
        );
        let h = headers(Some(DATE), Some(&good), None);
        assert_eq!(
            full().check(&h, BODY, at(T)),
            Err(Rejection::InvalidCredentials)
        );
    }

    #[test]
    fn the_signed_date_is_the_date_header() {
        // Signed for another date than the one sent.
        let signature = sign("key", Some("Thu, 13 Sep 2018 11:48:12 GMT"), BODY);
        let h = headers(Some(DATE), Some(&signature), Some(GOOD_AUTH));
        assert_eq!(
            full().check(&h, BODY, at(T)),
            Err(Rejection::SignatureInvalid)
        );
    }

    #[test]
    fn signature_is_checked_on_the_raw_body() {
        let signature = sign("key", Some(DATE), BODY);
        let h = headers(Some(DATE), Some(&signature), Some(GOOD_AUTH));
        let reformatted = br#"{"topic":"conversation.step_reached"}"#;
        assert_eq!(
            full().check(&h, reformatted, at(T)),
            Err(Rejection::SignatureInvalid)
        );
        // Not JSON at all is still only a signature question here.
        let signature = sign("key", Some(DATE), b"\xff not json");
        let h = headers(Some(DATE), Some(&signature), Some(GOOD_AUTH));
        assert_eq!(full().check(&h, b"\xff not json", at(T)), Ok(()));
    }

    #[test]
    fn authentication_alone() {
        let security = SecurityConfig::new()
            .allow_unsigned()
            .basic_auth("bot", "secret")
            .without_replay_prevention();
        assert_eq!(
            security.check(&headers(None, None, Some(GOOD_AUTH)), BODY, at(T)),
            Ok(())
        );
        assert_eq!(
            security.check(
                &headers(None, None, Some("basic    Ym90OnNlY3JldA==")),
                BODY,
                at(T)
            ),
            Ok(())
        );
        assert_eq!(
            security.check(&headers(None, None, Some(BAD_AUTH)), BODY, at(T)),
            Err(Rejection::InvalidCredentials)
        );
    }

    #[test]
    fn custom_replay_policy() {
        let security = SecurityConfig::new()
            .allow_unsigned()
            .max_age(Duration::from_secs(60));
        let h = headers(Some(DATE), None, None);
        assert_eq!(security.check(&h, BODY, at(T + 60)), Ok(()));
        assert_eq!(
            security.check(&h, BODY, at(T + 61)),
            Err(Rejection::RequestTooOld)
        );
        assert_eq!(security.check(&h, BODY, at(T - 60)), Ok(()));
        assert_eq!(
            security.check(&h, BODY, at(T - 61)),
            Err(Rejection::DateInFuture)
        );
    }

    #[test]
    fn debug_never_shows_secrets() {
        let security = SecurityConfig::new()
            .private_key("private-key-one")
            .private_keys(["private-key-two"])
            .basic_auth("bot-user", "hunter2-password");
        for shown in [format!("{security:?}"), format!("{security:#?}")] {
            assert!(!shown.contains("private-key"), "{shown}");
            assert!(!shown.contains("hunter2"), "{shown}");
            assert!(shown.contains("<redacted>"), "{shown}");
            assert!(shown.contains("bot-user"), "{shown}");
        }
        assert_eq!(
            format!("{security:?}"),
            "SecurityConfig { private_keys: [<redacted>; 2], basic_auth: Some(Credentials { username: \"bot-user\", password: \"<redacted>\" }), replay: Some(ReplayPolicy { max_age: 10s, max_future_skew: 10s }), allow_unsigned: false, bots: None }"
        );
    }

    #[test]
    fn a_blank_key_refuses_every_request() {
        let signed_with_nothing = headers(Some(DATE), Some(&sign("", Some(DATE), BODY)), None);
        for blank in ["", "   ", "\t\n", "\u{a0}"] {
            let security = SecurityConfig::new().private_key(blank);
            assert_eq!(
                security.validate(),
                Err(SecurityConfigError::BlankPrivateKey { position: 0 }),
                "{blank:?}"
            );
            // Even with the opt-in, and signed with the blank key itself.
            let security = security.allow_unsigned();
            assert_eq!(
                security.check(&signed_with_nothing, BODY, at(T)),
                Err(Rejection::Misconfigured),
                "{blank:?}"
            );
        }
        // Among good keys, the blank one is named.
        let security = SecurityConfig::new().private_keys(["a good key", "", " "]);
        assert_eq!(
            security.validate(),
            Err(SecurityConfigError::BlankPrivateKey { position: 1 })
        );
    }

    #[test]
    fn keys_and_the_opt_in_make_a_valid_configuration() {
        assert_eq!(SecurityConfig::new().private_key("k").validate(), Ok(()));
        assert_eq!(SecurityConfig::new().allow_unsigned().validate(), Ok(()));
        // Basic authentication alone is not a signature.
        assert_eq!(
            SecurityConfig::new().basic_auth("bot", "secret").validate(),
            Err(SecurityConfigError::Unsigned)
        );
    }

    #[test]
    fn short_keys_are_counted() {
        let security = SecurityConfig::new().private_keys(["short", "0123456789abcdef", "x"]);
        assert_eq!(security.short_keys, 2);
        assert_eq!(security.validate(), Ok(()));
    }

    #[test]
    fn the_synchronous_check_refuses_everything_when_bots_have_their_own_keys() {
        let security = SecurityConfig::new()
            .without_replay_prevention()
            .bots(crate::security::StaticBots::new());
        let body = br#"{"botID":"shop"}"#;
        assert_eq!(
            security.check(&HeaderMap::new(), body, at(T)),
            Err(Rejection::Misconfigured)
        );
    }
}
