//! JSON conditions and filter expressions.

use clustaar_webhook::filters::{FilterExt, JsonKeyEquals, JsonKeyExists, StepId};
use clustaar_webhook::routing::RouteTable;
use clustaar_webhook::schemas::{StepReached, StepReachedResponse};
use clustaar_webhook::{on, routes};

#[on(
    step_id = "507f191e810c19729de860ea",
    json(key = "data.channel", equals = "web"),
    json(in = [1, -2, 3.5, -0.5, 10000000000, 18446744073709551615, true, null, "x"], key = "data.step.actions[0].n"),
    json(key = r#"data.session.values."my.key""#, exists),
    json(key = "data.session.values[\"other\"]", equals = null),
    json(key = "data.interlocutor.isLogged", equals = false),
    filter = JsonKeyExists::new("data.input").and(JsonKeyEquals::new("botID", "b").not()),
)]
async fn everything_at_once(_: StepReached) -> StepReachedResponse {
    StepReachedResponse::new()
}

/// A step-id filter given as an expression is indexed too.
#[on(filter = StepId::new("507f191e810c19729de860eb"))]
async fn expression_step(_: StepReached) -> StepReachedResponse {
    StepReachedResponse::new()
}

/// A closure is a filter.
#[on(filter = |n: &serde_json::Value| n["botID"] == "b")]
async fn closure(_: StepReached) -> StepReachedResponse {
    StepReachedResponse::new()
}

fn main() {
    let router: RouteTable = routes![everything_at_once, expression_step, closure];
    assert_eq!(router.routes()[1].step_ids().map(<[String]>::len), Some(1));
}
