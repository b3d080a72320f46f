use clustaar_webhook::on;
use clustaar_webhook::schemas::{StepReached, StepReachedResponse};

#[on]
fn not_async(_: StepReached) -> StepReachedResponse {
    StepReachedResponse::new()
}

#[on]
async unsafe fn is_unsafe(_: StepReached) -> StepReachedResponse {
    StepReachedResponse::new()
}

#[on]
async fn generic<T>(_: StepReached) -> StepReachedResponse {
    StepReachedResponse::new()
}

#[on]
async fn no_argument() -> StepReachedResponse {
    StepReachedResponse::new()
}

#[on]
async fn impl_trait(_: impl Send) -> StepReachedResponse {
    StepReachedResponse::new()
}

#[on]
struct NotAFunction;

fn main() {}
