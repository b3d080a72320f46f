//! Several bots on one webhook: each notification checked with the secrets of the bot it names,
//! and only those. Every scenario runs in process and over real HTTP.

use crate::common;

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

use clustaar_webhook::security::{
    BotSecretSource, BotSecrets, SecretLookup, SecretSourceError, SecurityConfig,
    SecurityConfigError, StaticBots,
};
use clustaar_webhook::{BuildError, Webhook};
use common::bodies::*;
use common::*;

const SHOP: &str = "5a8f1c2e9b1d4c0012345678";
const BANK: &str = "5a8f1c2e9b1d4c0087654321";
const UNKNOWN_BOT: &str = r#"{"title": "Unknown bot", "description": "This webhook does not serve the bot this notification names."}"#;
const BOT_MISSING: &str = r#"{"title": "400 Bad Request", "description": "The notification does not name its bot (`botID`)."}"#;
const UNAVAILABLE: &str = r#"{"title": "503 Service Unavailable", "description": "The webhook cannot look up the secrets of this notification's bot."}"#;

/// The sample notification, naming `bot_id`.
fn from_bot(bot_id: &str) -> String {
    sample_edited(|doc| doc["botID"] = bot_id.into())
}

fn shop_and_bank() -> StaticBots {
    StaticBots::new()
        .bot(
            SHOP,
            BotSecrets::new().private_key("shop's key, long enough"),
        )
        .bot(
            BANK,
            BotSecrets::new()
                .private_key("bank's key, long enough")
                .basic_auth("bank", "vault"),
        )
}

fn webhook(source: impl BotSecretSource) -> Webhook {
    Webhook::new()
        .security(
            SecurityConfig::new()
                .without_replay_prevention()
                .bots(source),
        )
        .on(STEP_REACHED, handled)
}

#[tokio::test]
async fn each_bot_is_checked_with_its_own_secrets_only() {
    let h = Harness::new(webhook(shop_and_bank()).into_router()).await;
    let shop = || Req::post(from_bot(SHOP));
    let bank = || Req::post(from_bot(BANK));
    h.check(vec![
        Case::new(
            "the shop, its key",
            shop().signed("shop's key, long enough"),
            200,
            "handled",
        ),
        Case::new(
            "the shop, the bank's key",
            shop().signed("bank's key, long enough"),
            400,
            SIGNATURE_INVALID,
        ),
        Case::new("the shop, unsigned", shop(), 400, SIGNATURE_MISSING),
        Case::new(
            "the bank, its key and credentials",
            bank()
                .signed("bank's key, long enough")
                .auth("bank", "vault"),
            200,
            "handled",
        ),
        Case::new(
            "the bank, its key, no credentials",
            bank().signed("bank's key, long enough"),
            403,
            INVALID_CREDENTIALS,
        ),
        Case::new(
            "the bank, the shop's key",
            bank()
                .signed("shop's key, long enough")
                .auth("bank", "vault"),
            400,
            SIGNATURE_INVALID,
        ),
        Case::new(
            "a bot the webhook does not serve",
            Req::post(from_bot("5a8f1c2e9b1d4c00aaaaaaaa")).signed("shop's key, long enough"),
            403,
            UNKNOWN_BOT,
        ),
        Case::new(
            "no bot named",
            Req::post(sample_edited(|doc| {
                doc.as_object_mut().unwrap().remove("botID");
            }))
            .signed("shop's key, long enough"),
            400,
            BOT_MISSING,
        ),
    ])
    .await;
}

#[tokio::test]
async fn a_webhook_with_bots_and_keys_of_its_own_does_not_build() {
    let error = Webhook::<()>::new()
        .security(
            SecurityConfig::new()
                .private_key("a shared key, long")
                .bots(shop_and_bank()),
        )
        .on(STEP_REACHED, handled)
        .try_into_router()
        .unwrap_err();
    assert!(matches!(
        error,
        BuildError::Security(SecurityConfigError::SharedKeysWithBots)
    ));
}

/// A source that counts its lookups and fails while `failing` is set.
struct Counted {
    bots: StaticBots,
    lookups: Arc<AtomicUsize>,
    failing: bool,
}

impl BotSecretSource for Counted {
    fn secrets<'a>(&'a self, bot_id: &'a str) -> SecretLookup<'a> {
        self.lookups.fetch_add(1, Ordering::SeqCst);
        if self.failing {
            return Box::pin(std::future::ready(Err(SecretSourceError::new(
                "store down",
            ))));
        }
        self.bots.secrets(bot_id)
    }
}

#[tokio::test]
async fn a_source_that_fails_is_answered_503_and_asked_again() {
    let lookups = Arc::new(AtomicUsize::new(0));
    let source = Counted {
        bots: shop_and_bank(),
        lookups: Arc::clone(&lookups),
        failing: true,
    };
    let h = Harness::new(webhook(source).into_router()).await;
    let shop = Req::post(from_bot(SHOP)).signed("shop's key, long enough");
    h.check(vec![Case::new("the store is down", shop, 503, UNAVAILABLE)])
        .await;
    // Once in process, once over HTTP: a failure is not cached.
    assert_eq!(lookups.load(Ordering::SeqCst), 2);
}

#[tokio::test]
async fn each_bot_is_looked_up_once_known_or_not() {
    let lookups = Arc::new(AtomicUsize::new(0));
    let source = Counted {
        bots: shop_and_bank(),
        lookups: Arc::clone(&lookups),
        failing: false,
    };
    let h = Harness::new(webhook(source).into_router()).await;
    for _ in 0..3 {
        h.check(vec![
            Case::new(
                "the shop",
                Req::post(from_bot(SHOP)).signed("shop's key, long enough"),
                200,
                "handled",
            ),
            Case::new(
                "an unknown bot",
                Req::post(from_bot("5a8f1c2e9b1d4c00aaaaaaaa")).signed("shop's key, long enough"),
                403,
                UNKNOWN_BOT,
            ),
        ])
        .await;
    }
    assert_eq!(
        lookups.load(Ordering::SeqCst),
        2,
        "the shop once, the unknown bot once"
    );
}
