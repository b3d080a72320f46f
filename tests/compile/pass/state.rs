//! Handlers with extractors and state; routes by path; custom events; `try_routes!`.

use axum::extract::State;
use axum::http::HeaderMap;
use clustaar_webhook::routing::{RouteError, RouteTable};
use clustaar_webhook::schemas::{StepReached, StepReachedResponse};
use clustaar_webhook::{on, routes, try_routes, Webhook};

#[derive(Clone)]
struct AppState {
    greeting: &'static str,
}

mod handlers {
    use super::*;

    #[on(step_id = "507f191e810c19729de860ea")]
    pub async fn with_state(
        State(state): State<AppState>,
        _headers: HeaderMap,
        _: StepReached,
    ) -> Result<StepReachedResponse, axum::http::StatusCode> {
        let _ = state.greeting;
        Ok(StepReachedResponse::new())
    }

    #[on(event = "conversation.other_event")]
    pub(crate) async fn other_event(_: serde_json::Value) -> axum::http::StatusCode {
        axum::http::StatusCode::NO_CONTENT
    }
}

fn main() {
    let router: RouteTable<AppState> = routes![handlers::with_state, handlers::other_event];
    assert_eq!(router.routes()[1].event(), "conversation.other_event");
    let checked: Result<RouteTable<AppState>, RouteError> = try_routes![handlers::with_state];
    assert!(checked.is_ok());
    let _app: axum::Router = Webhook::new()
        .private_key("key")
        .routes(routes![handlers::with_state])
        .into_router()
        .with_state(AppState { greeting: "hi" });
}
