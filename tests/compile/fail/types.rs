//! Errors the compiler finds in the generated code, reported on the user's tokens.
use clustaar_webhook::on;
use clustaar_webhook::schemas::{StepReached, StepReachedResponse};

use clustaar_webhook::routing::RouteTable;
use clustaar_webhook::routes;

#[on]
async fn not_a_notification(_: String) -> StepReachedResponse {
    StepReachedResponse::new()
}

#[on]
async fn not_an_extractor(_: u32, _: StepReached) -> StepReachedResponse {
    StepReachedResponse::new()
}

#[on]
async fn not_a_response(_: StepReached) -> u32 {
    1
}

async fn plain(_: StepReached) -> StepReachedResponse {
    StepReachedResponse::new()
}

#[on(filter = 42)]
async fn not_a_filter(_: StepReached) -> StepReachedResponse {
    StepReachedResponse::new()
}

fn main() {
    let _: RouteTable = routes![plain];
    let _: RouteTable = routes![not_an_extractor];
}
