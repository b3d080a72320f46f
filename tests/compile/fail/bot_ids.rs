use clustaar_webhook::on;
use clustaar_webhook::schemas::{StepReached, StepReachedResponse};

#[on(bot_id = "shop/fr")]
async fn slash(_: StepReached) -> StepReachedResponse {
    StepReachedResponse::new()
}

#[on(bot_id = [])]
async fn no_bot(_: StepReached) -> StepReachedResponse {
    StepReachedResponse::new()
}

#[on(bot_id = ["shop", "shop"])]
async fn repeated(_: StepReached) -> StepReachedResponse {
    StepReachedResponse::new()
}

#[on(bot_id = "shop", bot_id = "bank")]
async fn twice(_: StepReached) -> StepReachedResponse {
    StepReachedResponse::new()
}

fn main() {}
