//! A handler's answer is checked against the platform's rules before it is sent: refused with
//! a `500` listing every violation (the default), logged and sent, or sent unchecked. Every
//! scenario runs in-process and over real HTTP.

use clustaar_webhook::filters::JsonKeyEquals;
use clustaar_webhook::rejection::Rejection;
use clustaar_webhook::routing::Route;
use clustaar_webhook::schemas::Validate;
use clustaar_webhook::schemas::{
    GoToAction, QuickReply, SendQuickRepliesAction, SendTextAction, StepReached,
    StepReachedResponse,
};
use clustaar_webhook::{ResponseValidation, Webhook, events};

use crate::common::*;

/// Two violations: eleven alternatives for a text (ten at most), and a quick reply to a step
/// id that is not one.
fn broken() -> StepReachedResponse {
    StepReachedResponse::new()
        .action(SendTextAction::alternatives((0..11).map(|i| i.to_string())))
        .action(SendQuickRepliesAction::new(
            "Pick one",
            [QuickReply::new("Yes", GoToAction::step("not-an-id"))],
        ))
}

/// As many alternatives as the platform takes.
fn at_the_limit() -> StepReachedResponse {
    StepReachedResponse::new().action(SendTextAction::alternatives((0..10).map(|i| i.to_string())))
}

async fn answers_broken(_: StepReached) -> StepReachedResponse {
    broken()
}

async fn answers_at_the_limit(_: StepReached) -> StepReachedResponse {
    at_the_limit()
}

/// A handler returning a `Result` goes through the same check.
async fn answers_broken_result(_: StepReached) -> Result<StepReachedResponse, String> {
    Ok(broken())
}

fn webhook(policy: Option<ResponseValidation>) -> Webhook {
    let webhook = Webhook::new().allow_unsigned().request_max_age(None);
    let webhook = match policy {
        Some(policy) => webhook.response_validation(policy),
        None => webhook,
    };
    let on = |channel: &str| JsonKeyEquals::new("data.channel", channel);
    webhook
        .route(
            Route::new(events::CONVERSATION_STEP_REACHED, answers_at_the_limit).filter(on("limit")),
        )
        .route(
            Route::new(events::CONVERSATION_STEP_REACHED, answers_broken_result)
                .filter(on("result")),
        )
        .on(events::CONVERSATION_STEP_REACHED, answers_broken)
}

fn on_channel(channel: &str) -> String {
    sample_edited(|n| n["data"]["channel"] = channel.into())
}

/// The `500` a broken answer gets: every violation, one a line, with its path.
fn rejected() -> String {
    let violations = broken().validate().unwrap_err();
    let paths: Vec<&str> = violations.iter().map(|v| v.path()).collect();
    assert_eq!(
        paths,
        [
            "actions.0.alternatives",
            "actions.1.buttons.0.action.target.id"
        ]
    );
    let body = Rejection::InvalidResponse {
        violations: violations.to_string(),
    }
    .to_json()
    .into_owned();
    assert!(body.starts_with(
        r#"{"title": "500 Internal Server Error", "description": "The webhook's answer breaks the platform's rules: 2 violations:\n- `actions.0.alternatives`: "#
    ), "{body}");
    body
}

#[tokio::test]
async fn a_broken_answer_is_refused_by_default_with_every_violation() {
    let h = Harness::new(webhook(None).into_router()).await;
    let rejected = rejected();
    let response = h.expect(Req::post(SAMPLE), 500, &rejected).await;
    assert_eq!(response.content_type(), "application/json");
    h.expect(Req::post(on_channel("result")), 500, &rejected)
        .await;
    // At the limit, the answer goes out.
    let response = h.send(&Req::post(on_channel("limit"))).await;
    assert_eq!(response.status.as_u16(), 200);
    let alternatives = &response.json()["actions"][0]["alternatives"];
    assert_eq!(alternatives.as_array().unwrap().len(), 10);
}

#[tokio::test]
async fn warn_and_off_send_the_answer_as_it_is() {
    for policy in [ResponseValidation::Warn, ResponseValidation::Off] {
        let h = Harness::new(webhook(Some(policy)).into_router()).await;
        let response = h.send(&Req::post(SAMPLE)).await;
        assert_eq!(response.status.as_u16(), 200, "{policy:?}");
        let json = response.json();
        let alternatives = json["actions"][0]["alternatives"].as_array().unwrap();
        assert_eq!(alternatives.len(), 11);
        assert_eq!(
            json["actions"][1]["buttons"][0]["action"]["target"]["id"],
            "not-an-id"
        );
    }
}
