//! `#[on(...)]` and `routes![…]` at work: routes from the attribute dispatch in-process, their
//! conditions hold, they mix with runtime routes (the first registered wins), the handlers stay
//! plain functions, and a list that gives one step to two handlers is refused.

use std::panic::{AssertUnwindSafe, catch_unwind};

use axum::body::Body;
use axum::extract::State;
use axum::http::{Request, StatusCode};
use clustaar_webhook::filters::{FilterExt, JsonKeyEquals, StepId};
use clustaar_webhook::routing::{OnRoute, Route, RouteError, RouteTable};
use clustaar_webhook::schemas::{SendTextAction, StepReached, StepReachedResponse};
use clustaar_webhook::{Webhook, events, on, routes, try_routes};
use http_body_util::BodyExt;
use serde_json::Value;
use tower::ServiceExt;

const SAMPLE: &str = include_str!("conformance/sample-notification.json");
/// The step of the sample notification.
const SAMPLE_STEP: &str = "507f191e810c19729de860ea";
const OTHER_STEP: &str = "5f0c1d2e3a4b5c6d7e8f9a0b";

/// The sample notification, changed by `edit`.
fn notification(edit: impl FnOnce(&mut Value)) -> Value {
    let mut json: Value = serde_json::from_str(SAMPLE).unwrap();
    edit(&mut json);
    json
}

fn at_step(step: &str) -> Value {
    notification(|n| n["data"]["step"]["id"] = step.into())
}

fn answer(text: &str) -> StepReachedResponse {
    StepReachedResponse::new().action(SendTextAction::new(text))
}

/// Posts `body` to the app; the status and the text of the first action, which tells which
/// handler answered.
async fn post<S: Clone + Send + Sync + 'static>(
    app: axum::Router<S>,
    state: S,
    body: &Value,
) -> (StatusCode, Option<String>) {
    let request = Request::post("/")
        .header("content-type", "application/json")
        .body(Body::from(body.to_string()))
        .unwrap();
    let response = app.with_state(state).oneshot(request).await.unwrap();
    let status = response.status();
    let bytes = response.into_body().collect().await.unwrap().to_bytes();
    let json: Value = serde_json::from_slice(&bytes).unwrap_or(Value::Null);
    let text = json["actions"][0]["alternatives"][0]
        .as_str()
        .map(str::to_owned);
    (status, text)
}

#[on(step_id = "507f191e810c19729de860ea")]
async fn order_status(_: StepReached) -> StepReachedResponse {
    answer("order_status")
}

#[on(event = "conversation.step_reached")]
async fn greet(n: StepReached) -> StepReachedResponse {
    answer(&format!(
        "greet {}",
        n.session.get_str("name").unwrap_or("?")
    ))
}

#[on(step_id = ["5f0c1d2e3a4b5c6d7e8f9a0b", "507f191e810c19729de860ea"])]
async fn two_steps(_: StepReached) -> StepReachedResponse {
    answer("two_steps")
}

fn webhook<S: Clone + Send + Sync + 'static>() -> Webhook<S> {
    Webhook::new().allow_unsigned().request_max_age(None)
}

#[tokio::test]
async fn routes_from_the_attribute_dispatch() {
    let app = webhook().routes(routes![order_status, greet]).into_router();
    let sample = notification(|_| {});
    assert_eq!(
        post(app.clone(), (), &sample).await,
        (StatusCode::OK, Some("order_status".into()))
    );
    assert_eq!(
        post(app, (), &at_step(OTHER_STEP)).await,
        (StatusCode::OK, Some("greet Tintin".into()))
    );
}

#[tokio::test]
async fn a_step_list_takes_any_of_its_steps_and_no_other() {
    let app = webhook().routes(routes![two_steps]).into_router();
    for step in [SAMPLE_STEP, OTHER_STEP] {
        assert_eq!(
            post(app.clone(), (), &at_step(step)).await.1.as_deref(),
            Some("two_steps")
        );
    }
    let (status, _) = post(app, (), &at_step("000000000000000000000000")).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
}

#[test]
fn step_ids_are_indexed_not_filtered() {
    let router: RouteTable = routes![two_steps, greet];
    let route = &router.routes()[0];
    assert_eq!(
        route.step_ids(),
        Some(&[OTHER_STEP.to_owned(), SAMPLE_STEP.to_owned()][..])
    );
    assert_eq!(router.routes()[1].step_ids(), None);
    assert_eq!(
        <two_steps as OnRoute<()>>::STEP_IDS,
        [OTHER_STEP, SAMPLE_STEP]
    );
    assert_eq!(
        <greet as OnRoute<()>>::EVENT,
        events::CONVERSATION_STEP_REACHED
    );
    assert_eq!(router.routes()[1].label(), "greet");
}

#[on(
    step_id = "507f191e810c19729de860ea",
    json(key = "data.channel", equals = "web"),
    json(key = "data.interlocutor.customAttributes.plan", in = ["gold", "silver"]),
    json(key = r#"data.session.values["order"]"#, exists),
    json(key = "data.interlocutor.isLogged", equals = true),
    json(key = "data.interlocutor.externalID", equals = null),
    json(key = "data.interlocutor.location.lat", equals = 48.8566),
    json(key = "timestamp", in = [1764339000, -1]),
    filter = JsonKeyEquals::new("data.step.actions[1].type", "wait_action")
        .and(JsonKeyEquals::new("botID", "nope").not()),
)]
async fn web_gold(_: StepReached) -> StepReachedResponse {
    answer("web_gold")
}

#[tokio::test]
async fn conditions_of_the_attribute_all_hold() {
    let app = webhook().routes(routes![web_gold, greet]).into_router();
    let hits = |n: Value| {
        let app = app.clone();
        async move { post(app, (), &n).await.1.as_deref() == Some("web_gold") }
    };
    assert!(hits(notification(|_| {})).await);
    // Break one condition at a time: the notification goes on to `greet`.
    let breaks: [fn(&mut Value); 9] = [
        |n| n["data"]["step"]["id"] = OTHER_STEP.into(),
        |n| n["data"]["channel"] = "sms".into(),
        |n| n["data"]["interlocutor"]["customAttributes"]["plan"] = "bronze".into(),
        |n| {
            drop(
                n["data"]["session"]["values"]
                    .as_object_mut()
                    .unwrap()
                    .remove("order"),
            )
        },
        |n| n["data"]["interlocutor"]["isLogged"] = false.into(),
        |n| n["data"]["interlocutor"]["externalID"] = "x".into(),
        |n| n["data"]["interlocutor"]["location"]["lat"] = 1.0.into(),
        |n| n["timestamp"] = 2.into(),
        |n| n["botID"] = "nope".into(),
    ];
    for (i, edit) in breaks.into_iter().enumerate() {
        assert!(!hits(notification(edit)).await, "condition {i}");
    }
}

async fn runtime(_: StepReached) -> StepReachedResponse {
    answer("runtime")
}

#[tokio::test]
async fn the_first_registered_route_wins_across_macro_and_runtime_routes() {
    let sample = notification(|_| {});

    // A runtime step route before the list takes its step…
    let app = webhook()
        .route(
            Route::new(events::CONVERSATION_STEP_REACHED, runtime)
                .filter(StepId::new(SAMPLE_STEP))
                .filter(JsonKeyEquals::new("data.channel", "web")),
        )
        .routes(routes![order_status, greet])
        .into_router();
    assert_eq!(
        post(app.clone(), (), &sample).await.1.as_deref(),
        Some("runtime")
    );
    let on_sms = notification(|n| n["data"]["channel"] = "sms".into());
    assert_eq!(
        post(app.clone(), (), &on_sms).await.1.as_deref(),
        Some("order_status")
    );
    assert_eq!(
        post(app, (), &at_step(OTHER_STEP)).await.1.as_deref(),
        Some("greet Tintin")
    );

    // …and after it, only the steps the list leaves.
    let app = webhook()
        .routes(routes![order_status])
        .route(
            Route::new(events::CONVERSATION_STEP_REACHED, runtime)
                .filter(StepId::any([SAMPLE_STEP, OTHER_STEP])),
        )
        .on(events::CONVERSATION_STEP_REACHED, greet)
        .into_router();
    assert_eq!(
        post(app.clone(), (), &sample).await.1.as_deref(),
        Some("order_status")
    );
    assert_eq!(
        post(app.clone(), (), &at_step(OTHER_STEP))
            .await
            .1
            .as_deref(),
        Some("runtime")
    );
    assert_eq!(
        post(app, (), &at_step("000000000000000000000000"))
            .await
            .1
            .as_deref(),
        Some("greet Tintin")
    );

    // A runtime filter route (not indexed) before a macro step route wins too.
    let app = webhook()
        .route(
            Route::new(events::CONVERSATION_STEP_REACHED, runtime)
                .filter(JsonKeyEquals::new("data.channel", "web")),
        )
        .routes(routes![order_status])
        .into_router();
    assert_eq!(post(app, (), &sample).await.1.as_deref(), Some("runtime"));
}

#[tokio::test]
async fn handlers_stay_plain_functions() {
    let step: StepReached = serde_json::from_value(notification(|_| {})["data"].clone()).unwrap();
    let response = greet(step).await;
    let json = serde_json::to_value(response).unwrap();
    assert_eq!(json["actions"][0]["alternatives"][0], "greet Tintin");
}

#[derive(Clone)]
struct AppState {
    greeting: &'static str,
}

#[on(step_id = "507f191e810c19729de860ea")]
async fn with_state(State(state): State<AppState>, n: StepReached) -> StepReachedResponse {
    answer(&format!(
        "{} {}",
        state.greeting,
        n.session.get_str("name").unwrap_or("?")
    ))
}

#[tokio::test]
async fn handlers_take_extractors_and_state() {
    let app = webhook::<AppState>()
        .routes(routes![with_state])
        .into_router();
    let state = AppState {
        greeting: "Bonjour",
    };
    assert_eq!(
        post(app, state, &notification(|_| {})).await.1.as_deref(),
        Some("Bonjour Tintin")
    );
}

#[on(step_id = "5f0c1d2e3a4b5c6d7e8f9a0b")]
async fn order_again(_: StepReached) -> StepReachedResponse {
    answer("order_again")
}

#[test]
fn one_step_for_two_handlers_of_a_list_panics_naming_both() {
    let panic = catch_unwind(AssertUnwindSafe(|| {
        let _: RouteTable = routes![greet, two_steps, order_again];
    }))
    .expect_err("the list gives one step to two handlers");
    let message = panic.downcast_ref::<String>().cloned().unwrap_or_default();
    assert_eq!(
        message,
        "step id `5f0c1d2e3a4b5c6d7e8f9a0b` of event `conversation.step_reached` is on two routes \
         of one list, `two_steps` and `order_again`: `two_steps` takes every notification of \
         that step, so `order_again` would never get one; remove the id from one of them"
    );

    let error = try_routes![two_steps, order_again]
        .map(|_: RouteTable| ())
        .unwrap_err();
    assert_eq!(
        error,
        RouteError::DuplicateStepId {
            event: "conversation.step_reached".into(),
            step_id: OTHER_STEP.into(),
            first: "two_steps".into(),
            second: "order_again".into(),
        }
    );
    assert_eq!(error.to_string(), message);
}

#[on(
    step_id = "5f0c1d2e3a4b5c6d7e8f9a0b",
    json(key = "data.channel", equals = "web")
)]
async fn order_on_the_web(_: StepReached) -> StepReachedResponse {
    answer("order_on_the_web")
}

#[test]
fn a_narrower_route_may_share_its_step_with_a_later_one() {
    let router: Result<RouteTable, _> = try_routes![order_on_the_web, order_again];
    assert!(router.is_ok());
    // The other way round, the narrower route would never run.
    let router: Result<RouteTable, _> = try_routes![order_again, order_on_the_web];
    assert!(matches!(router, Err(RouteError::DuplicateStepId { .. })));
}

/// Handlers declared in another module, listed by path.
mod handlers {
    use clustaar_webhook::on;
    use clustaar_webhook::schemas::{SendTextAction, StepReached, StepReachedResponse};

    #[on(step_id = "5f0c1d2e3a4b5c6d7e8f9a0b")]
    pub(super) async fn elsewhere(_: StepReached) -> StepReachedResponse {
        StepReachedResponse::new().action(SendTextAction::new("from a module"))
    }
}

#[tokio::test]
async fn handlers_are_listed_by_path() {
    let router: RouteTable = routes![handlers::elsewhere, greet];
    assert_eq!(router.routes()[0].label(), "elsewhere");
    assert_eq!(
        router.routes()[0].step_ids(),
        Some(&["5f0c1d2e3a4b5c6d7e8f9a0b".to_owned()][..])
    );
}

/// Step ids given as constants, alone or mixed with literals.
mod steps {
    pub(crate) const ORDER: &str = super::SAMPLE_STEP;
    /// Not a step id: only found when the route is built.
    pub(crate) const TYPO: &str = "507f191e810c19729de860e";
}

#[on(step_id = steps::ORDER)]
async fn by_constant(_: StepReached) -> StepReachedResponse {
    answer("by_constant")
}

#[on(step_id = ["000000000000000000000000", OTHER_STEP])]
async fn by_constant_in_a_list(_: StepReached) -> StepReachedResponse {
    answer("by_constant_in_a_list")
}

#[on(step_id = [OTHER_STEP, steps::TYPO])]
async fn with_a_typo(_: StepReached) -> StepReachedResponse {
    answer("with_a_typo")
}

#[tokio::test]
async fn step_ids_may_be_constants() {
    let app = webhook()
        .routes(routes![by_constant, by_constant_in_a_list])
        .into_router();
    assert_eq!(
        post(app.clone(), (), &at_step(SAMPLE_STEP))
            .await
            .1
            .as_deref(),
        Some("by_constant")
    );
    assert_eq!(
        post(app, (), &at_step(OTHER_STEP)).await.1.as_deref(),
        Some("by_constant_in_a_list")
    );
    assert_eq!(<by_constant as OnRoute<()>>::STEP_IDS, [SAMPLE_STEP]);
}

#[test]
fn a_constant_that_is_no_step_id_is_refused_when_the_table_is_built() {
    let message = "route `with_a_typo`: `507f191e810c19729de860e` is not a step id: a step id is \
                   exactly 24 ASCII letters or digits, and it has 23 characters";
    let error = try_routes![by_constant, with_a_typo]
        .map(|_: RouteTable| ())
        .unwrap_err();
    assert!(
        matches!(&error, RouteError::InvalidStepId { route, error }
            if route == "with_a_typo" && error.id() == steps::TYPO),
        "{error:?}"
    );
    assert_eq!(error.to_string(), message);

    let panic = catch_unwind(|| {
        let _: RouteTable = routes![by_constant, with_a_typo];
    })
    .expect_err("the list has a bad step id");
    assert_eq!(
        panic.downcast_ref::<String>().map(String::as_str),
        Some(message)
    );
    assert!(catch_unwind(<with_a_typo as OnRoute<()>>::route).is_err());
}
