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

mod routing {
    use super::*;

    use clustaar_webhook::filters::BotId;
    use clustaar_webhook::routing::{Route, RouteError, RouteTable};
    use clustaar_webhook::schemas::StepReached;
    use clustaar_webhook::{on, routes};

    const STEP: &str = "507f191e810c19729de860ea";

    #[on(bot_id = SHOP, step_id = STEP)]
    async fn shop_at_the_step(_: StepReached) -> &'static str {
        "the shop, at the step"
    }

    #[on(bot_id = "5a8f1c2e9b1d4c0012345678")]
    async fn shop(_: StepReached) -> &'static str {
        "the shop"
    }

    #[on(bot_id = [BANK, "5a8f1c2e9b1d4c00cccccccc"])]
    async fn bank(_: StepReached) -> &'static str {
        "the bank"
    }

    #[on(step_id = STEP)]
    async fn any_bot_at_the_step(_: StepReached) -> &'static str {
        "another bot, at the step"
    }

    fn both_bots_at(step: &str) -> impl Fn(&str) -> String {
        let step = step.to_owned();
        move |bot| {
            sample_edited(|doc| {
                doc["botID"] = bot.into();
                doc["data"]["step"]["id"] = step.as_str().into();
            })
        }
    }

    #[tokio::test]
    async fn routes_take_their_bots_and_steps() {
        let bots = shop_and_bank().bot(
            "5a8f1c2e9b1d4c00cccccccc",
            BotSecrets::new().private_key("third bot's key"),
        );
        let webhook = Webhook::new()
            .security(SecurityConfig::new().without_replay_prevention().bots(bots))
            .routes(routes![shop_at_the_step, shop, bank, any_bot_at_the_step]);
        let h = Harness::new(webhook.into_router()).await;
        let at_step = both_bots_at(STEP);
        let elsewhere = both_bots_at("507f191e810c19729de860eb");
        let bank_key = "bank's key, long enough";
        h.check(vec![
            Case::new(
                "the shop at the step",
                Req::post(at_step(SHOP)).signed("shop's key, long enough"),
                200,
                "the shop, at the step",
            ),
            Case::new(
                "the shop elsewhere",
                Req::post(elsewhere(SHOP)).signed("shop's key, long enough"),
                200,
                "the shop",
            ),
            Case::new(
                "the bank at the step: its own route comes first",
                Req::post(at_step(BANK))
                    .signed(bank_key)
                    .auth("bank", "vault"),
                200,
                "the bank",
            ),
            Case::new(
                "a third bot at the step",
                Req::post(at_step("5a8f1c2e9b1d4c00cccccccc")).signed("third bot's key"),
                200,
                "the bank",
            ),
        ])
        .await;
    }

    #[tokio::test]
    async fn a_bot_route_after_a_route_of_every_bot_for_its_step_is_unreachable() {
        let result = RouteTable::<()>::try_from_routes([
            Route::new(STEP_REACHED, handled).filter(clustaar_webhook::filters::StepId::new(STEP)),
            Route::new(STEP_REACHED, handled)
                .filter(BotId::new(SHOP))
                .filter(clustaar_webhook::filters::StepId::new(STEP))
                .name("the shop's"),
        ])
        .and_then(|table| table.check().map(|()| table));
        assert!(
            matches!(result, Err(RouteError::Unreachable { ref route, .. }) if route == "the shop's"),
            "{result:?}"
        );
        // The other way round, each takes its own.
        let table = RouteTable::<()>::from_routes([
            Route::new(STEP_REACHED, handled).filter(BotId::new(SHOP)),
            Route::new(STEP_REACHED, handled).filter(BotId::new(BANK)),
            Route::new(STEP_REACHED, handled),
        ]);
        assert_eq!(table.check(), Ok(()));
        // A bot's catch-all shadows its later step route.
        let table = RouteTable::<()>::from_routes([
            Route::new(STEP_REACHED, handled).filter(BotId::new(SHOP)),
            Route::new(STEP_REACHED, handled)
                .filter(BotId::new(SHOP))
                .filter(clustaar_webhook::filters::StepId::new(STEP)),
        ]);
        assert!(matches!(table.check(), Err(RouteError::Unreachable { .. })));
    }

    #[test]
    fn a_constant_that_is_no_bot_id_is_refused_when_the_route_is_built() {
        const NOT_A_BOT: &str = "not a bot";
        #[on(bot_id = NOT_A_BOT)]
        async fn nobody(_: StepReached) -> &'static str {
            "never"
        }
        let error = clustaar_webhook::try_routes![nobody]
            .map(drop::<RouteTable>)
            .unwrap_err();
        assert!(matches!(error, RouteError::InvalidBotId { .. }), "{error}");
        assert!(
            error.to_string().contains("`not a bot` is not a bot id"),
            "{error}"
        );
    }
}

#[tokio::test]
async fn the_outcome_names_the_bot_once_its_signature_passed() {
    use std::sync::Mutex;
    let seen = Arc::new(Mutex::new(Vec::new()));
    let log = Arc::clone(&seen);
    let webhook = webhook(shop_and_bank()).on_outcome(move |outcome| {
        log.lock()
            .unwrap()
            .push(outcome.bot_id().map(str::to_owned));
    });
    let h = Harness::new(webhook.into_router()).await;
    let shop = Req::post(from_bot(SHOP));
    h.in_process(&shop.clone().signed("shop's key, long enough"))
        .await
        .assert(200, "handled");
    h.in_process(&shop.signed("bank's key, long enough"))
        .await
        .assert(400, SIGNATURE_INVALID);
    assert_eq!(*seen.lock().unwrap(), [Some(SHOP.to_owned()), None]);
}

/// Deliveries are told apart per bot: the same notification from two bots, at the same second,
/// runs the handler for each (a signed delivery's id is its signature, under the bot's own key,
/// over a body that names the bot).
#[tokio::test]
async fn the_same_notification_from_two_bots_is_two_deliveries() {
    let runs = Arc::new(AtomicUsize::new(0));
    let counter = Arc::clone(&runs);
    let webhook = Webhook::new()
        .bots(shop_and_bank().bot(
            BANK,
            BotSecrets::new().private_key("bank's key, long enough"),
        ))
        .on(STEP_REACHED, move |_: serde_json::Value| {
            let counter = Arc::clone(&counter);
            async move {
                counter.fetch_add(1, Ordering::SeqCst);
                "handled"
            }
        });
    let h = Harness::new(webhook.into_router()).await;
    let date = now_date();
    for (bot, key) in [
        (SHOP, "shop's key, long enough"),
        (BANK, "bank's key, long enough"),
    ] {
        let delivery = Req::post(from_bot(bot)).date(&date).signed(key);
        h.in_process(&delivery).await.assert(200, "handled");
        // A copy of the same delivery gets the stored answer, without a second run.
        h.in_process(&delivery).await.assert(200, "handled");
    }
    assert_eq!(runs.load(Ordering::SeqCst), 2, "one run per bot");
}

/// A bot owner signs, with their own key, a body that names their bot first and another bot
/// second: the notification (which keeps the last) would act as the other bot. Refused.
#[tokio::test]
async fn a_notification_naming_two_bots_is_refused_whoever_signed_it() {
    let h = Harness::new(webhook(shop_and_bank()).into_router()).await;
    let body = from_bot(SHOP).replacen("\"topic\"", &format!("\"botID\":\"{BANK}\",\"topic\""), 1);
    let named: Vec<_> = body.match_indices("\"botID\"").collect();
    assert_eq!(named.len(), 2, "{body}");
    let resp = h
        .in_process(&Req::post(body).signed("shop's key, long enough"))
        .await;
    assert_eq!(resp.status, 400, "{}", resp.text());
    assert!(
        resp.text().contains("duplicate field `botID`"),
        "{}",
        resp.text()
    );
}
