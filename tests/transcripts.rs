//! Conversations as tests: a transcript recorded from a small order bot, replayed in one line,
//! and a changed bot caught with a diff naming the turn and the field.
//!
//! The bot is the `playground` example's order bot (`examples/common/order_bot.rs`): the text
//! of its order step is its state, so that a test can change that one text and keep the rest.

#[path = "../examples/common/order_bot.rs"]
pub(crate) mod example_bot;

use std::fs;

use clustaar_webhook::testing::{Conversation, TestClient, Transcript, assert_replays};

use example_bot::{ON_ITS_WAY, OrderText};

/// The transcript of [`order_conversation`], recorded from [`order_bot`]. Set
/// `UPDATE_TRANSCRIPTS=1` to record it again after a deliberate change of the bot.
const ORDER_TRANSCRIPT: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/tests/transcripts/order_bot.json"
);

/// The order bot, saying `order_text` where the order is.
fn order_bot(order_text: OrderText) -> TestClient {
    let webhook = example_bot::webhook()
        .private_key("transcripts-key")
        .basic_auth("bot", "transcripts-password");
    TestClient::with_state(webhook, order_text)
}

/// Greets, tracks the order, then asks a person from the order's card.
async fn order_conversation() -> Conversation {
    let mut chat = Conversation::with_client(order_bot(ON_ITS_WAY)).session_value("name", "Tintin");
    chat.say("Hello")
        .await
        .assert_route("welcome")
        .assert_says("Hello Tintin! I am the order bot.")
        .assert_quick_replies(["Track my order", "Talk to a human"]);
    chat.click("Track my order")
        .await
        .assert_route("order_status")
        .assert_says("Your order A-1234 is on its way.")
        .assert_card("Order A-1234", ["Track the parcel", "Ask a person"])
        .assert_session_value("order", "A-1234")
        .assert_session_value("name", "Tintin");
    chat.click("Ask a person")
        .await
        .assert_route("human")
        .assert_says("A colleague will answer you here shortly.")
        .assert_session_value("order", "A-1234");
    chat
}

#[tokio::test]
async fn transcripts_record_the_order_bot_byte_for_byte() {
    let recorded = order_conversation().await.transcript().to_json();
    if std::env::var_os("UPDATE_TRANSCRIPTS").is_some() {
        fs::write(ORDER_TRANSCRIPT, &recorded).unwrap();
    }
    let file = fs::read_to_string(ORDER_TRANSCRIPT).unwrap();
    assert_eq!(
        recorded, file,
        "the bot changed: record again with UPDATE_TRANSCRIPTS=1"
    );
}

#[tokio::test]
async fn transcripts_replay_in_one_line() {
    assert_replays(ORDER_TRANSCRIPT, order_bot(ON_ITS_WAY)).await;
}

#[tokio::test]
async fn transcripts_replay_to_the_same_file() {
    let transcript = Transcript::load(ORDER_TRANSCRIPT).unwrap();
    let replayed = transcript.replay(order_bot(ON_ITS_WAY)).await.unwrap();
    assert_eq!(
        replayed.to_json(),
        fs::read_to_string(ORDER_TRANSCRIPT).unwrap()
    );
}

#[tokio::test]
async fn transcripts_of_a_changed_text_fail_naming_the_turn_and_field() {
    let transcript = Transcript::load(ORDER_TRANSCRIPT).unwrap();
    let changed = order_bot(OrderText("Your order A-1234 has shipped."));
    let diff = transcript.replay(changed).await.unwrap_err();
    assert_eq!(diff.turn, 2);
    assert_eq!(diff.changes.len(), 1);
    let change = &diff.changes[0];
    assert_eq!(change.path, "body.actions[1].alternatives[0]");
    assert_eq!(
        change.recorded,
        Some("Your order A-1234 is on its way.".into())
    );
    assert_eq!(
        change.replayed,
        Some("Your order A-1234 has shipped.".into())
    );
    let message = diff.to_string();
    assert!(
        message.starts_with(r#"turn 2 (the visitor clicks "Track my order"): the answer changed"#),
        "{message}"
    );
    assert!(
        message.contains("turn 2: the visitor clicks"),
        "the replayed exchange: {message}"
    );
}

#[tokio::test]
#[should_panic(expected = "body.actions[1].alternatives[0]")]
async fn transcripts_assert_replays_panics_with_the_diff() {
    let changed = order_bot(OrderText("Your order A-1234 has shipped."));
    assert_replays(ORDER_TRANSCRIPT, changed).await;
}

#[tokio::test]
async fn transcripts_a_failed_assertion_shows_the_whole_exchange() {
    let mut chat = order_conversation().await;
    let panic = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        chat.assert_says("Goodbye");
    }))
    .unwrap_err();
    let message = panic.downcast_ref::<String>().unwrap();
    assert!(
        message.starts_with("expected the bot to say \"Goodbye\""),
        "{message}"
    );
    for shown in [
        "turn 1: the visitor says \"Hello\"",
        "turn 2: the visitor clicks \"Track my order\"",
        "notification: step 5f0c1d2e3a4b5c6d7e8f9a0b (\"Order status\"), session {\"name\":\"Tintin\"}",
        "answer: 200 from order_status",
        "turn 3: the visitor clicks \"Ask a person\"",
        "\"type\": \"pause_bot_action\"",
    ] {
        assert!(message.contains(shown), "missing {shown:?} in:\n{message}");
    }
    // The conversation goes on after a caught failure.
    chat.say("Thanks").await.assert_route("human");
}

#[tokio::test]
async fn transcripts_click_on_a_button_not_offered_panics() {
    let mut chat = Conversation::with_client(order_bot(ON_ITS_WAY));
    chat.say("Hello").await;
    let played = tokio::spawn(async move {
        chat.click("Cancel my order").await;
    })
    .await
    .unwrap_err();
    let message = played.into_panic();
    let message = message.downcast_ref::<String>().unwrap();
    assert!(
        message.starts_with("the last answer offers no button \"Cancel my order\""),
        "{message}"
    );
}

#[tokio::test]
async fn transcripts_recorded_without_routes_replay_in_process() {
    // As a playground aimed at a URL records them: no route is known there.
    let mut transcript = Transcript::load(ORDER_TRANSCRIPT).unwrap();
    for turn in &mut transcript.turns {
        turn.answer.route = None;
    }
    transcript.assert_replays(order_bot(ON_ITS_WAY)).await;
}
