use clustaar_webhook::on;
use clustaar_webhook::schemas::{StepReached, StepReachedResponse};

#[on(step_id = [])]
async fn no_step(_: StepReached) -> StepReachedResponse {
    StepReachedResponse::new()
}

#[on(json(key = "data.channel", in = []))]
async fn no_value(_: StepReached) -> StepReachedResponse {
    StepReachedResponse::new()
}

#[on(event = "")]
async fn no_event(_: StepReached) -> StepReachedResponse {
    StepReachedResponse::new()
}

#[on(filter = )]
async fn no_filter(_: StepReached) -> StepReachedResponse {
    StepReachedResponse::new()
}

fn main() {}
