//! Routing: by topic, in registration order, with filters, the fallback, and the route tables
//! refused at build. Every scenario runs in-process and over real HTTP.

use crate::common;

use clustaar_webhook::filters::{
    FilterExt, JsonKeyEquals, JsonKeyExists, JsonKeyIn, StepId, and, not, or,
};
use clustaar_webhook::routing::{Route, RouteError, RouteTable};
use clustaar_webhook::schemas::{Action, Attachment, Input, StepReached};
use clustaar_webhook::{BuildError, Webhook, routes};
use common::bodies::*;
use common::*;
use serde_json::{Value, json};

/// A route on `event` that answers `answer`, with the filter `filter`.
macro_rules! answers {
    ($event:expr, $answer:literal) => {
        Route::new($event, |_: Value| async { $answer })
    };
}

/// Step ids of routes, besides the sample's.
const STEP_1: &str = "aaaaaaaaaaaaaaaaaaaaaaa1";
const STEP_2: &str = "aaaaaaaaaaaaaaaaaaaaaaa2";
const STEP_3: &str = "aaaaaaaaaaaaaaaaaaaaaaa3";
/// A step id no route takes.
const STEP_4: &str = "aaaaaaaaaaaaaaaaaaaaaaa4";

fn webhook() -> Webhook {
    Webhook::new().allow_unsigned().request_max_age(None)
}

fn with_topic(topic: Value) -> String {
    sample_edited(|n| n["topic"] = topic)
}

#[tokio::test]
async fn by_topic() {
    let router = webhook()
        .route(answers!(STEP_REACHED, "step"))
        .route(answers!("conversation.other_event", "other"))
        .into_router();
    let h = Harness::new(router).await;
    h.check(vec![
        Case::new("step reached", Req::post(SAMPLE), 200, "step"),
        Case::new(
            "another topic",
            Req::post(with_topic("conversation.other_event".into())),
            200,
            "other",
        ),
        Case::new(
            "a topic with no route",
            Req::post(with_topic("conversation.unknown".into())),
            404,
            NOT_FOUND,
        ),
        Case::new(
            "a topic differing in case",
            Req::post(with_topic("Conversation.Step_Reached".into())),
            404,
            NOT_FOUND,
        ),
        Case::new("{}", Req::post("{}"), 404, NOT_FOUND),
        Case::new("no topic", Req::post(r#"{"data": {}}"#), 404, NOT_FOUND),
        Case::new(
            "null topic",
            Req::post(with_topic(Value::Null)),
            404,
            NOT_FOUND,
        ),
        Case::new(
            "numeric topic",
            Req::post(with_topic(json!(1))),
            404,
            NOT_FOUND,
        ),
        Case::new(
            "list topic",
            Req::post(with_topic(json!([STEP_REACHED]))),
            404,
            NOT_FOUND,
        ),
        Case::new(
            "object topic",
            Req::post(with_topic(json!({"topic": STEP_REACHED}))),
            404,
            NOT_FOUND,
        ),
        Case::new(
            "empty topic",
            Req::post(with_topic(json!(""))),
            404,
            NOT_FOUND,
        ),
        Case::new(
            "a topic alone is enough to route (raw JSON handler)",
            Req::post(format!(r#"{{"topic": "{STEP_REACHED}"}}"#)),
            200,
            "step",
        ),
    ])
    .await;
}

#[tokio::test]
async fn a_webhook_without_routes_answers_404() {
    let h = Harness::new(webhook().into_router()).await;
    h.expect(Req::post(SAMPLE), 404, NOT_FOUND).await;
    h.expect(Req::post("{}"), 404, NOT_FOUND).await;
}

#[tokio::test]
async fn first_match_in_registration_order_wins() {
    let web = || JsonKeyEquals::new("data.channel", "web");
    let has_channel = || JsonKeyExists::new("data.channel");
    let step = || StepId::new(SAMPLE_STEP_ID);

    let cases = |first: &'static str| {
        vec![Case::new(
            "both routes match",
            Req::post(SAMPLE),
            200,
            first,
        )]
    };
    // Two filtered routes: the first registered answers, whichever it is.
    let h = Harness::new(
        webhook()
            .route(answers!(STEP_REACHED, "web").filter(web()))
            .route(answers!(STEP_REACHED, "has channel").filter(has_channel()))
            .into_router(),
    )
    .await;
    h.check(cases("web")).await;
    let h = Harness::new(
        webhook()
            .route(answers!(STEP_REACHED, "has channel").filter(has_channel()))
            .route(answers!(STEP_REACHED, "web").filter(web()))
            .into_router(),
    )
    .await;
    h.check(cases("has channel")).await;

    // An indexed step route and a filtered route: still registration order.
    let h = Harness::new(
        webhook()
            .route(answers!(STEP_REACHED, "web").filter(web()))
            .route(answers!(STEP_REACHED, "step").filter(step()))
            .route(answers!(STEP_REACHED, "catch-all"))
            .into_router(),
    )
    .await;
    h.check(vec![
        Case::new("web first", Req::post(SAMPLE), 200, "web"),
        Case::new(
            "not web: the step route",
            Req::post(sample_edited(|n| n["data"]["channel"] = "sms".into())),
            200,
            "step",
        ),
        Case::new(
            "neither: the catch-all",
            Req::post(sample_edited(|n| {
                n["data"]["channel"] = "sms".into();
                n["data"]["step"]["id"] = "000000000000000000000000".into();
            })),
            200,
            "catch-all",
        ),
    ])
    .await;
    let h = Harness::new(
        webhook()
            .route(answers!(STEP_REACHED, "step").filter(step()))
            .route(answers!(STEP_REACHED, "web").filter(web()))
            .route(answers!(STEP_REACHED, "catch-all"))
            .into_router(),
    )
    .await;
    h.check(vec![
        Case::new("step first", Req::post(SAMPLE), 200, "step"),
        Case::new(
            "other step: web",
            Req::post(sample_with_step("000000000000000000000000")),
            200,
            "web",
        ),
    ])
    .await;
}

#[tokio::test]
async fn step_id_filters() {
    let router = webhook()
        .route(answers!(STEP_REACHED, "one").filter(StepId::new("aaaaaaaaaaaaaaaaaaaaaaaa")))
        .route(answers!(STEP_REACHED, "many").filter(StepId::any([
            "bbbbbbbbbbbbbbbbbbbbbbbb",
            "cccccccccccccccccccccccc",
        ])))
        .route(
            // A step route with another filter: both must match.
            answers!(STEP_REACHED, "step on sms")
                .filter(StepId::new("dddddddddddddddddddddddd"))
                .filter(JsonKeyEquals::new("data.channel", "sms")),
        )
        .route(
            // Two step-id filters: the intersection.
            answers!(STEP_REACHED, "intersection")
                .filter(StepId::any([
                    "dddddddddddddddddddddddd",
                    "eeeeeeeeeeeeeeeeeeeeeeee",
                ]))
                .filter(StepId::any([
                    "eeeeeeeeeeeeeeeeeeeeeeee",
                    "ffffffffffffffffffffffff",
                ])),
        )
        .route(answers!(STEP_REACHED, "others"))
        .into_router();
    let h = Harness::new(router).await;
    let step = |id: &str| Req::post(sample_with_step(id));
    h.check(vec![
        Case::new("one", step("aaaaaaaaaaaaaaaaaaaaaaaa"), 200, "one"),
        Case::new("many, first", step("bbbbbbbbbbbbbbbbbbbbbbbb"), 200, "many"),
        Case::new(
            "many, second",
            step("cccccccccccccccccccccccc"),
            200,
            "many",
        ),
        Case::new(
            "step, web: not the sms route",
            step("dddddddddddddddddddddddd"),
            200,
            "others",
        ),
        Case::new(
            "step, sms",
            Req::post(sample_edited(|n| {
                n["data"]["step"]["id"] = "dddddddddddddddddddddddd".into();
                n["data"]["channel"] = "sms".into();
            })),
            200,
            "step on sms",
        ),
        Case::new(
            "in both lists",
            step("eeeeeeeeeeeeeeeeeeeeeeee"),
            200,
            "intersection",
        ),
        Case::new(
            "in the second list only",
            step("ffffffffffffffffffffffff"),
            200,
            "others",
        ),
        Case::new(
            "ids are case-sensitive",
            step("AAAAAAAAAAAAAAAAAAAAAAAA"),
            200,
            "others",
        ),
        Case::new(
            "unknown step",
            step("507f191e810c19729de860ea"),
            200,
            "others",
        ),
        Case::new(
            "no step id",
            Req::post(sample_edited(|n| {
                n["data"]["step"].as_object_mut().unwrap().remove("id");
            })),
            200,
            "others",
        ),
        Case::new(
            "numeric step id",
            Req::post(format!(
                r#"{{"topic": "{STEP_REACHED}", "data": {{"step": {{"id": 1}}}}}}"#
            )),
            200,
            "others",
        ),
    ])
    .await;
}

#[tokio::test]
async fn ten_thousand_step_routes() {
    let mut webhook = webhook();
    for i in 0..10_000 {
        webhook = webhook.route(
            Route::new(
                STEP_REACHED,
                move |_: Value| async move { format!("step {i}") },
            )
            .filter(StepId::new(format!("{i:024}"))),
        );
    }
    let h = Harness::new(
        webhook
            .route(answers!(STEP_REACHED, "others"))
            .into_router(),
    )
    .await;
    for (id, answer) in [
        (format!("{:024}", 0), "step 0"),
        (format!("{:024}", 4_321), "step 4321"),
        (format!("{:024}", 9_999), "step 9999"),
        (format!("{:024}", 10_000), "others"),
    ] {
        h.expect(Req::post(sample_with_step(&id)), 200, answer)
            .await;
    }
}

#[tokio::test]
async fn json_key_filters_and_combinators() {
    let channel = |c: &str| JsonKeyEquals::new("data.channel", c);
    let router = webhook()
        .route(
            answers!(STEP_REACHED, "equals")
                .filter(JsonKeyEquals::new("data.session.values.order", "E-1")),
        )
        .route(
            answers!(STEP_REACHED, "equals a number")
                .filter(JsonKeyEquals::new("data.session.values.order", 12.0)),
        )
        .route(
            answers!(STEP_REACHED, "in")
                .filter(JsonKeyIn::new("data.session.values.order", ["I-1", "I-2"])),
        )
        .route(
            answers!(STEP_REACHED, "exists").filter(JsonKeyExists::new("data.session.values.flag")),
        )
        .route(
            answers!(STEP_REACHED, "closure")
                .filter(|n: &Value| n["data"]["session"]["values"]["order"] == "C-1"),
        )
        .route(
            answers!(STEP_REACHED, "and")
                .filter(channel("sms").and(JsonKeyEquals::new("data.session.values.order", "A-1"))),
        )
        .route(answers!(STEP_REACHED, "or").filter(or(channel("messenger"), channel("whatsapp"))))
        .route(
            answers!(STEP_REACHED, "not")
                .filter(not(channel("web")).and(JsonKeyExists::new("data.step"))),
        )
        .route(answers!(STEP_REACHED, "and fn").filter(and(
            channel("web"),
            JsonKeyEquals::new("data.session.values.order", "F-1"),
        )))
        .route(
            answers!(STEP_REACHED, "not method")
                .filter(JsonKeyExists::new("data.session.values.order").not()),
        )
        .route(answers!(STEP_REACHED, "others"))
        .into_router();
    let h = Harness::new(router).await;
    let order = |o: Value| {
        Req::post(sample_edited(|n| {
            n["data"]["session"]["values"]["order"] = o
        }))
    };
    let edited = |edit: fn(&mut Value)| Req::post(sample_edited(edit));
    h.check(vec![
        Case::new("equals", order("E-1".into()), 200, "equals"),
        Case::new(
            "equals, numbers by value",
            order(json!(12)),
            200,
            "equals a number",
        ),
        Case::new("in, first", order("I-1".into()), 200, "in"),
        Case::new("in, second", order("I-2".into()), 200, "in"),
        Case::new(
            "exists, even null",
            edited(|n| n["data"]["session"]["values"]["flag"] = Value::Null),
            200,
            "exists",
        ),
        Case::new("closure", order("C-1".into()), 200, "closure"),
        Case::new(
            "and",
            edited(|n| {
                n["data"]["channel"] = "sms".into();
                n["data"]["session"]["values"]["order"] = "A-1".into();
            }),
            200,
            "and",
        ),
        Case::new(
            "or, first",
            edited(|n| n["data"]["channel"] = "messenger".into()),
            200,
            "or",
        ),
        Case::new(
            "or, second",
            edited(|n| n["data"]["channel"] = "whatsapp".into()),
            200,
            "or",
        ),
        Case::new(
            "not",
            edited(|n| n["data"]["channel"] = "sms".into()),
            200,
            "not",
        ),
        Case::new("and function", order("F-1".into()), 200, "and fn"),
        Case::new(
            "not method",
            edited(|n| {
                n["data"]["session"]["values"]
                    .as_object_mut()
                    .unwrap()
                    .remove("order");
            }),
            200,
            "not method",
        ),
        Case::new("none", Req::post(SAMPLE), 200, "others"),
        Case::new(
            "equals is JSON equality: no string/number mix",
            order("12".into()),
            200,
            "others",
        ),
    ])
    .await;
}

#[tokio::test]
async fn a_filter_on_an_absent_key_does_not_match_and_routing_goes_on() {
    let router = webhook()
        .route(answers!(STEP_REACHED, "equals").filter(JsonKeyEquals::new("data.missing.key", 1)))
        .route(
            answers!(STEP_REACHED, "equals null")
                .filter(JsonKeyEquals::new("data.missing", Value::Null)),
        )
        .route(answers!(STEP_REACHED, "in").filter(JsonKeyIn::new("user.id", [1, 2])))
        .route(answers!(STEP_REACHED, "exists").filter(JsonKeyExists::new("data.step.missing")))
        .route(
            answers!(STEP_REACHED, "through a string")
                .filter(JsonKeyExists::new("data.channel.id")),
        )
        .route(
            answers!(STEP_REACHED, "through a list")
                .filter(JsonKeyExists::new("data.step.actions.type")),
        )
        .route(
            answers!(STEP_REACHED, "through null")
                .filter(JsonKeyExists::new("data.interlocutor.externalID.id")),
        )
        .route(
            answers!(STEP_REACHED, "out of range")
                .filter(JsonKeyExists::new("data.step.actions[99]")),
        )
        .route(answers!(STEP_REACHED, "closure").filter(|n: &Value| n["no"]["such"]["key"] == 1))
        .route(
            answers!(STEP_REACHED, "input text")
                .filter(JsonKeyEquals::new("data.input.text", "never")),
        )
        .route(answers!(STEP_REACHED, "next route"))
        .into_router();
    let h = Harness::new(router).await;
    h.check(vec![
        Case::new("the sample", Req::post(SAMPLE), 200, "next route"),
        Case::new(
            "an input with no text",
            Req::post(sample_edited(|n| {
                n["data"]["input"] = json!({"type": "custom_event", "name": "opened"});
            })),
            200,
            "next route",
        ),
        Case::new(
            "no data at all",
            Req::post(format!(r#"{{"topic": "{STEP_REACHED}"}}"#)),
            200,
            "next route",
        ),
        Case::new(
            "data is a string",
            Req::post(format!(r#"{{"topic": "{STEP_REACHED}", "data": "x"}}"#)),
            200,
            "next route",
        ),
    ])
    .await;
    // The filters still match when the key is there.
    let h = Harness::new(
        webhook()
            .route(
                answers!(STEP_REACHED, "equals").filter(JsonKeyEquals::new("data.missing.key", 1)),
            )
            .route(answers!(STEP_REACHED, "in").filter(JsonKeyIn::new("user.id", [1, 2])))
            .into_router(),
    )
    .await;
    h.check(vec![
        Case::new(
            "key present",
            Req::post(sample_edited(|n| n["data"]["missing"] = json!({"key": 1}))),
            200,
            "equals",
        ),
        Case::new(
            "in present",
            Req::post(sample_edited(|n| n["user"] = json!({"id": 2}))),
            200,
            "in",
        ),
        Case::new("none: 404", Req::post(SAMPLE), 404, NOT_FOUND),
    ])
    .await;
}

#[tokio::test]
async fn fallback_handler() {
    let router = webhook()
        .route(answers!(STEP_REACHED, "step").filter(StepId::new(SAMPLE_STEP_ID)))
        .fallback(|n: Value| async move { format!("fallback {}", n["topic"]) })
        .into_router();
    let h = Harness::new(router).await;
    h.check(vec![
        Case::new("routed", Req::post(SAMPLE), 200, "step"),
        Case::new(
            "other step",
            Req::post(sample_with_step("000000000000000000000000")),
            200,
            r#"fallback "conversation.step_reached""#,
        ),
        Case::new(
            "other topic",
            Req::post(with_topic("x.y".into())),
            200,
            r#"fallback "x.y""#,
        ),
        Case::new("no topic", Req::post("{}"), 200, "fallback null"),
    ])
    .await;
}

#[tokio::test]
async fn routes_from_a_route_table_and_another_path() {
    let table: RouteTable = RouteTable::new()
        .route(answers!(STEP_REACHED, "from the table").filter(StepId::new(SAMPLE_STEP_ID)))
        .on("other.topic", |_: Value| async { "other" });
    let router = webhook()
        .route(answers!(STEP_REACHED, "first").filter(JsonKeyEquals::new("data.channel", "sms")))
        .routes(table)
        .path("/clustaar/hook")
        .into_router();
    let h = Harness::new(router).await;
    h.check(vec![
        Case::new(
            "table route",
            Req::post(SAMPLE).path("/clustaar/hook"),
            200,
            "from the table",
        ),
        Case::new(
            "earlier route first",
            Req::post(sample_edited(|n| n["data"]["channel"] = "sms".into()))
                .path("/clustaar/hook"),
            200,
            "first",
        ),
        Case::new(
            "table's other topic",
            Req::post(with_topic("other.topic".into())).path("/clustaar/hook"),
            200,
            "other",
        ),
    ])
    .await;
    // Nothing is served on `/`.
    let response = h.send(&Req::post(SAMPLE)).await;
    assert_eq!(response.status, 404);
}

#[test]
fn unreachable_routes_are_refused_at_build() {
    // A catch-all, then another route of the same event.
    let error = webhook()
        .route(answers!(STEP_REACHED, "a").name("greet"))
        .route(
            answers!(STEP_REACHED, "b")
                .filter(StepId::new(SAMPLE_STEP_ID))
                .name("order_status"),
        )
        .try_into_router()
        .unwrap_err();
    let message = error.to_string();
    assert!(
        message.contains("`order_status`") && message.contains("`greet`"),
        "{message}"
    );
    assert!(message.contains(STEP_REACHED), "{message}");
    let BuildError::Route(error) = error else {
        panic!("not a route error: {error}");
    };
    assert_eq!(
        error,
        RouteError::Unreachable {
            event: STEP_REACHED.into(),
            route: "order_status".into(),
            shadowed_by: "greet".into(),
        }
    );

    // Unnamed routes are named by their index.
    let message = webhook()
        .route(answers!(STEP_REACHED, "a"))
        .route(answers!(STEP_REACHED, "b"))
        .try_into_router()
        .unwrap_err()
        .to_string();
    assert!(
        message.contains("route #0") && message.contains("route #1"),
        "{message}"
    );

    // A step route whose ids are all taken by an earlier unfiltered step route.
    let message = webhook()
        .route(
            answers!(STEP_REACHED, "a")
                .filter(StepId::any([STEP_1, STEP_2]))
                .name("wide"),
        )
        .route(
            answers!(STEP_REACHED, "b")
                .filter(StepId::new(STEP_2))
                .name("narrow"),
        )
        .try_into_router()
        .unwrap_err()
        .to_string();
    assert!(
        message.contains("`narrow`") && message.contains("`wide`"),
        "{message}"
    );

    // Fine: specific first, routes of other events, a filtered step route first.
    let _router = webhook()
        .route(answers!(STEP_REACHED, "b").filter(StepId::new(STEP_1)))
        .route(answers!(STEP_REACHED, "a"))
        .route(answers!("other.event", "c"))
        .try_into_router()
        .unwrap();
    let _router = webhook()
        .route(
            answers!(STEP_REACHED, "a")
                .filter(StepId::new(STEP_1))
                .filter(JsonKeyExists::new("x")),
        )
        .route(answers!(STEP_REACHED, "b").filter(StepId::new(STEP_1)))
        .route(answers!(STEP_REACHED, "c").filter(StepId::any([STEP_1, STEP_2])))
        .try_into_router()
        .unwrap();
}

#[test]
#[should_panic(expected = "can never match")]
fn into_router_panics_on_an_unreachable_route() {
    let _ = webhook()
        .on(STEP_REACHED, handled)
        .on(STEP_REACHED, handled)
        .into_router();
}

/// Runs `f`, which panics; its message, and the file and line the panic reports.
fn panic_site(f: impl FnOnce()) -> (String, String, u32) {
    use std::cell::RefCell;
    use std::panic::{AssertUnwindSafe, catch_unwind};
    thread_local! {
        static SITE: RefCell<Option<(String, u32)>> = const { RefCell::new(None) };
    }
    static HOOK: std::sync::Once = std::sync::Once::new();
    // The hook is the process's, but records on the panicking thread only, then lets the
    // previous hook print as usual.
    HOOK.call_once(|| {
        let previous = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            if let Some(location) = info.location() {
                let site = (location.file().to_owned(), location.line());
                SITE.with(|cell| *cell.borrow_mut() = Some(site));
            }
            previous(info);
        }));
    });
    let payload = catch_unwind(AssertUnwindSafe(f)).expect_err("it panics");
    let message = payload
        .downcast_ref::<String>()
        .cloned()
        .unwrap_or_default();
    let (file, line) = SITE
        .with(|cell| cell.borrow_mut().take())
        .expect("a location");
    (message, file, line)
}

/// A panic building the router points at the user's line, not inside this crate.
#[test]
fn build_panics_point_at_the_callers_line() {
    let webhook = webhook()
        .on(STEP_REACHED, handled)
        .on(STEP_REACHED, handled);
    let line = line!() + 1;
    let (message, file, at) = panic_site(|| drop(webhook.into_router()));
    assert!(message.contains("can never match"), "{message}");
    assert_eq!((file.as_str(), at), (file!(), line));

    // `routes!` and `StepId::new` too.
    let line = line!() + 1;
    let (message, file, at) = panic_site(|| drop::<RouteTable>(routes![not_a_step]));
    assert_eq!(
        message,
        "route `not_a_step`: `order` is not a step id: a step id is exactly 24 ASCII letters or \
         digits, and it has 5 characters"
    );
    assert_eq!((file.as_str(), at), (file!(), line));
    let line = line!() + 1;
    let (_, file, at) = panic_site(|| drop(StepId::new("order")));
    assert_eq!((file.as_str(), at), (file!(), line));
}

/// A step id given to `#[on]` as a constant is only checked when the route is built.
const NOT_A_STEP: &str = "order";

#[clustaar_webhook::on(step_id = NOT_A_STEP)]
async fn not_a_step(_: StepReached) -> &'static str {
    "never"
}

/// Tells the types of the step's actions and of the input, as a typed handler sees them.
async fn describe(n: StepReached) -> String {
    let actions: Vec<String> = n
        .step
        .actions
        .iter()
        .map(|action| match action {
            Action::Unknown(raw) => format!("unknown {}", raw.type_name().unwrap_or("?")),
            _ => "known".to_owned(),
        })
        .collect();
    let input = match &n.input {
        Input::Unknown(raw) => format!("unknown {}", raw.type_name().unwrap_or("?")),
        Input::Message(message) => {
            let attachments: Vec<String> = message
                .attachments
                .iter()
                .map(|a| match a {
                    Attachment::Unknown(raw) => {
                        format!("unknown {}", raw.type_name().unwrap_or("?"))
                    }
                    _ => "known".to_owned(),
                })
                .collect();
            format!("message [{}]", attachments.join(", "))
        }
        _ => "known".to_owned(),
    };
    format!("{} / {}", actions.join(", "), input)
}

#[tokio::test]
async fn unknown_types_still_route_and_reach_typed_handlers() {
    let router = webhook()
        .route(Route::new(STEP_REACHED, describe).filter(StepId::new(SAMPLE_STEP_ID)))
        .into_router();
    let h = Harness::new(router).await;
    h.check(vec![
        Case::new(
            "an unknown action",
            Req::post(sample_edited(|n| {
                n["data"]["step"]["actions"] = json!([
                    {"type": "send_text_action", "alternatives": ["Hi"]},
                    {"type": "teleport_action", "destination": {"planet": "Mars"}},
                ]);
            })),
            200,
            "known, unknown teleport_action / message []",
        ),
        Case::new(
            "an unknown input",
            Req::post(sample_edited(|n| {
                n["data"]["input"] = json!({"type": "gesture_event", "gesture": "wave"});
            })),
            200,
            "known, known, known / unknown gesture_event",
        ),
        Case::new(
            "an unknown attachment",
            Req::post(sample_edited(|n| {
                n["data"]["input"]["attachments"] = json!([
                    {"type": "hologram", "url": "https://example.com/h"},
                ]);
            })),
            200,
            "known, known, known / message [unknown hologram]",
        ),
    ])
    .await;
}

/// A step-id route matches on `data.step.id` whatever the event's `data.type`, so an
/// event type the models do not know still reaches its step's route, before a catch-all.
#[tokio::test]
async fn step_routes_take_events_of_unknown_type() {
    let router = webhook()
        .route(answers!(STEP_REACHED, "step").filter(StepId::new(SAMPLE_STEP_ID)))
        .route(answers!(STEP_REACHED, "catch-all"))
        .into_router();
    let h = Harness::new(router).await;
    let with_type = |event_type: Value| sample_edited(|n| n["data"]["type"] = event_type);
    h.check(vec![
        Case::new("a step reached event", Req::post(SAMPLE), 200, "step"),
        Case::new(
            "an event of unknown type",
            Req::post(with_type("other_event".into())),
            200,
            "step",
        ),
        Case::new(
            "an event whose type is not a string",
            Req::post(with_type(7.into())),
            200,
            "step",
        ),
        Case::new(
            "an unknown event on another step",
            Req::post(sample_edited(|n| {
                n["data"]["type"] = "other_event".into();
                n["data"]["step"]["id"] = "507f191e810c19729de860eb".into();
            })),
            200,
            "catch-all",
        ),
        Case::new(
            "an unknown event whose step id is a number",
            Req::post(sample_edited(|n| {
                n["data"]["type"] = "other_event".into();
                n["data"]["step"]["id"] = 1.into();
            })),
            200,
            "catch-all",
        ),
    ])
    .await;
}

/// The step-id index is an optimisation: for any table and any notification, it picks the
/// route that trying every route's filters in registration order picks.
mod index_equals_scan {
    use super::*;
    use clustaar_webhook::extract::Notification;
    use clustaar_webhook::filters::{BoxFilter, Filter};
    use proptest::prelude::*;

    const TOPICS: [&str; 2] = [STEP_REACHED, "conversation.other"];
    const IDS: [&str; 3] = [SAMPLE_STEP_ID, STEP_2, STEP_3];

    /// A filter, built twice: once for the route table, once for the plain scan.
    #[derive(Debug, Clone)]
    enum FilterSpec {
        /// Indexed by the table.
        Step(Vec<&'static str>),
        /// The same condition, hidden from the index inside a combinator.
        HiddenStep(&'static str),
        Channel(&'static str),
        StepIdExists,
        StepIdIn(Vec<&'static str>),
        EventType(&'static str),
    }

    impl FilterSpec {
        fn build(&self) -> BoxFilter {
            match self.clone() {
                FilterSpec::Step(ids) => BoxFilter::new(StepId::any(ids)),
                FilterSpec::HiddenStep(id) => BoxFilter::new(not(not(StepId::new(id)))),
                FilterSpec::Channel(channel) => {
                    BoxFilter::new(JsonKeyEquals::new("data.channel", channel))
                }
                FilterSpec::StepIdExists => BoxFilter::new(JsonKeyExists::new("data.step.id")),
                FilterSpec::StepIdIn(ids) => BoxFilter::new(JsonKeyIn::new("data.step.id", ids)),
                FilterSpec::EventType(kind) => BoxFilter::new(move |n: &Value| {
                    n.pointer("/data/type") == Some(&Value::from(kind))
                }),
            }
        }
    }

    fn ids() -> impl Strategy<Value = Vec<&'static str>> {
        prop::collection::vec(prop::sample::select(&IDS[..]), 0..3)
    }

    fn filter() -> impl Strategy<Value = FilterSpec> {
        let id = prop::sample::select(&IDS[..]);
        prop_oneof![
            3 => ids().prop_map(FilterSpec::Step),
            1 => id.prop_map(FilterSpec::HiddenStep),
            1 => prop::sample::select(&["web", "sms"][..]).prop_map(FilterSpec::Channel),
            1 => Just(FilterSpec::StepIdExists),
            1 => ids().prop_map(FilterSpec::StepIdIn),
            1 => prop::sample::select(&["step_reached_event", "other_event"][..])
                .prop_map(FilterSpec::EventType),
        ]
    }

    /// A route: its topic and its filters (none makes a catch-all).
    fn route() -> impl Strategy<Value = (&'static str, Vec<FilterSpec>)> {
        let topic = prop_oneof![4 => Just(TOPICS[0]), 1 => Just(TOPICS[1])];
        (topic, prop::collection::vec(filter(), 0..3))
    }

    /// The sample notification with its topic, event type, step and channel changed: a typed
    /// notification, an event of unknown type, or one the models cannot read.
    fn notification() -> impl Strategy<Value = Vec<u8>> {
        let absent = || Just(None::<Value>);
        let topic = prop_oneof![
            prop::sample::select(&TOPICS[..]).prop_map(|t| Some(Value::from(t))),
            Just(Some(json!(1))),
            absent(),
        ];
        let event_type = prop_oneof![
            2 => Just(Some(json!("step_reached_event"))),
            2 => Just(Some(json!("other_event"))),
            1 => Just(Some(json!(7))),
            1 => absent(),
        ];
        let step_id = prop_oneof![
            4 => prop::sample::select(&[SAMPLE_STEP_ID, STEP_2, STEP_3, STEP_4][..])
                .prop_map(|id| Some(Value::from(id))),
            // Notifications are data: they may hold what no filter could be built with.
            1 => prop::sample::select(vec![json!(1), json!(null), json!([SAMPLE_STEP_ID]), json!("s4")])
                .prop_map(Some),
            1 => absent(),
        ];
        // 0: the step object, 1: `step` is null, 2: `step` is missing.
        let step_shape = prop_oneof![6 => Just(0u8), 1 => Just(1u8), 1 => Just(2u8)];
        let channel = prop::sample::select(&["web", "sms"][..]);
        (topic, event_type, step_id, step_shape, channel).prop_map(
            |(topic, event_type, step_id, step_shape, channel)| {
                let mut n: Value = serde_json::from_str(SAMPLE).unwrap();
                set(&mut n, "topic", topic);
                set(&mut n["data"], "type", event_type);
                set(&mut n["data"]["step"], "id", step_id);
                n["data"]["channel"] = channel.into();
                match step_shape {
                    0 => {}
                    1 => n["data"]["step"] = Value::Null,
                    _ => set(&mut n["data"], "step", None),
                }
                serde_json::to_vec(&n).unwrap()
            },
        )
    }

    /// Sets `key` of the object `object`, or removes it on `None`.
    fn set(object: &mut Value, key: &str, value: Option<Value>) {
        let object = object.as_object_mut().unwrap();
        match value {
            Some(value) => object.insert(key.to_owned(), value),
            None => object.remove(key),
        };
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(512))]

        #[test]
        fn the_index_picks_the_route_a_scan_picks(
            routes in prop::collection::vec(route(), 0..8),
            body in notification(),
        ) {
            let mut table: RouteTable = RouteTable::new();
            for (topic, filters) in &routes {
                let mut route = answers!(*topic, "");
                for filter in filters {
                    route = route.filter(filter.build());
                }
                table = table.route(route);
            }
            let json: Value = serde_json::from_slice(&body).unwrap();
            let scanned = routes.iter().position(|(topic, filters)| {
                json.get("topic").and_then(Value::as_str) == Some(*topic)
                    && filters.iter().all(|filter| filter.build().matches(&json))
            });
            let mut notification = Notification::parse(body.into()).unwrap();
            let found = table.find(&mut notification).map(|(index, _)| index);
            prop_assert_eq!(found, scanned);
        }
    }
}
