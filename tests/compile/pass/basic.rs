//! The attribute in its simplest forms; the handlers stay callable functions.

use clustaar_webhook::routing::{OnRoute, Route, RouteTable};
use clustaar_webhook::schemas::{StepReached, StepReachedResponse, WebhookRequest};
use clustaar_webhook::{on, routes, Webhook};

#[on]
async fn everything(_: WebhookRequest) -> StepReachedResponse {
    StepReachedResponse::new()
}

#[on(event = "conversation.step_reached", step_id = "507f191e810c19729de860ea")]
async fn one_step(_: StepReached) -> StepReachedResponse {
    StepReachedResponse::new()
}

#[on(step_id = ["507f191e810c19729de860eb", "507F191E810C19729DE860EC",],)]
pub async fn two_steps(json: serde_json::Value) -> StepReachedResponse {
    let _ = json;
    StepReachedResponse::new()
}

/// Attributes stay on the function; `cfg` applies to the generated items too.
#[cfg(any())]
#[on]
async fn compiled_out(_: StepReached) -> StepReachedResponse {
    StepReachedResponse::new()
}

#[on]
#[cfg(not(any()))]
#[allow(clippy::unused_async)]
async fn cfg_after(_: StepReached) -> impl axum::response::IntoResponse {
    StepReachedResponse::new()
}

#[on]
async fn r#match(_: StepReached) -> StepReachedResponse {
    StepReachedResponse::new()
}

fn main() {
    assert_eq!(<r#match as OnRoute<()>>::NAME, "match");
    assert_eq!(<one_step as OnRoute<()>>::NAME, "one_step");
    assert_eq!(<two_steps as OnRoute<()>>::STEP_IDS.len(), 2);
    assert!(<everything as OnRoute<()>>::STEP_IDS.is_empty());
    let route: Route = <one_step as OnRoute<()>>::route();
    assert_eq!(route.event(), "conversation.step_reached");

    let router: RouteTable = routes![one_step, two_steps, everything,];
    assert_eq!(router.routes().len(), 3);
    let _empty: RouteTable = routes![];
    let _: RouteTable = routes![cfg_after];
    let _app: axum::Router = Webhook::new().private_key("key").routes(routes![one_step, everything]).into_router();

    // The function is still a function.
    let _future = two_steps(serde_json::json!({}));
}
