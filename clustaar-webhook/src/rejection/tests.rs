use super::*;

const SIGNATURE_PREFIX: &str = "The value provided for the \"X-Hub-Signature\" header is invalid. ";

/// The rejections whose texts are fixed: every variant without fields, in the table's order.
fn all_static() -> Vec<Rejection> {
    Rejection::all()
        .into_iter()
        .filter(|rejection| rejection.static_body().is_some())
        .collect()
}

async fn body_of(response: Response) -> Vec<u8> {
    use axum::body::to_bytes;
    to_bytes(response.into_body(), usize::MAX)
        .await
        .unwrap()
        .to_vec()
}

#[test]
fn signature_prefix_has_the_trailing_space() {
    assert!(SIGNATURE_PREFIX.ends_with("invalid. "));
    for rejection in &all_static()[..4] {
        let description = rejection.description().unwrap();
        assert!(description.starts_with(SIGNATURE_PREFIX), "{description}");
    }
}

#[test]
fn exact_reference_bodies() {
    let expected = [
        (
            Rejection::SignatureMissing,
            400,
            r#"{"title": "Invalid header value", "description": "The value provided for the \"X-Hub-Signature\" header is invalid. The request's signature is missing."}"#,
        ),
        (
            Rejection::SignatureFormatInvalid,
            400,
            r#"{"title": "Invalid header value", "description": "The value provided for the \"X-Hub-Signature\" header is invalid. The request's signature format is invalid."}"#,
        ),
        (
            Rejection::SignatureHashFunctionInvalid,
            400,
            r#"{"title": "Invalid header value", "description": "The value provided for the \"X-Hub-Signature\" header is invalid. The request's signature hash function is invalid (should be one of ['sha1'])."}"#,
        ),
        (
            Rejection::SignatureInvalid,
            400,
            r#"{"title": "Invalid header value", "description": "The value provided for the \"X-Hub-Signature\" header is invalid. The request's signature is invalid."}"#,
        ),
        (
            Rejection::InvalidCredentials,
            403,
            r#"{"title": "Invalid credentials", "description": "This call needs authentication"}"#,
        ),
        (
            Rejection::RequestTooOld,
            400,
            r#"{"title": "400 Bad Request", "description": "Request is too old"}"#,
        ),
        (Rejection::NotFound, 404, r#"{"title": "404 Not Found"}"#),
        (
            Rejection::MethodNotAllowed,
            405,
            r#"{"title": "405 Method Not Allowed"}"#,
        ),
        (
            Rejection::Misconfigured,
            500,
            r#"{"title": "500 Internal Server Error", "description": "The webhook is misconfigured."}"#,
        ),
        (
            Rejection::HandlerPanicked,
            500,
            r#"{"title": "500 Internal Server Error"}"#,
        ),
        (
            Rejection::HandlerTimeout,
            504,
            r#"{"title": "504 Gateway Timeout", "description": "The webhook did not answer in time."}"#,
        ),
        (
            Rejection::DateMissing,
            400,
            r#"{"title": "Missing header value", "description": "The \"Date\" header is required to check the request's age."}"#,
        ),
        (
            Rejection::DateInvalid,
            400,
            r#"{"title": "Invalid header value", "description": "The value provided for the \"Date\" header is invalid. The request's date is not a valid HTTP date."}"#,
        ),
        (
            Rejection::DateInFuture,
            400,
            r#"{"title": "400 Bad Request", "description": "Request date is too far in the future"}"#,
        ),
        (
            Rejection::PayloadTooLarge,
            413,
            r#"{"title": "413 Payload Too Large", "description": "The request body is larger than the size limit."}"#,
        ),
        (
            Rejection::BodyNotUtf8,
            400,
            r#"{"title": "400 Bad Request", "description": "The request body is not valid UTF-8."}"#,
        ),
        (
            Rejection::BodyNotObject,
            400,
            r#"{"title": "400 Bad Request", "description": "The request body is not a JSON object."}"#,
        ),
        (
            Rejection::BodyUnreadable,
            400,
            r#"{"title": "400 Bad Request", "description": "The request body could not be read."}"#,
        ),
        (
            Rejection::BodyTimeout,
            408,
            r#"{"title": "408 Request Timeout", "description": "The request body did not arrive in time."}"#,
        ),
        (
            Rejection::DeliveryInProgress,
            409,
            r#"{"title": "409 Conflict", "description": "Another copy of this notification is being answered."}"#,
        ),
        (
            Rejection::ReplayStoreUnavailable,
            503,
            r#"{"title": "503 Service Unavailable", "description": "The webhook cannot check whether this notification was already answered."}"#,
        ),
        (
            Rejection::BotMissing,
            400,
            r#"{"title": "400 Bad Request", "description": "The notification does not name its bot (`botID`)."}"#,
        ),
        (
            Rejection::UnknownBot,
            403,
            r#"{"title": "Unknown bot", "description": "This webhook does not serve the bot this notification names."}"#,
        ),
        (
            Rejection::BotSecretsUnavailable,
            503,
            r#"{"title": "503 Service Unavailable", "description": "The webhook cannot look up the secrets of this notification's bot."}"#,
        ),
    ];
    assert_eq!(expected.len(), all_static().len());
    for (rejection, status, body) in expected {
        assert_eq!(rejection.status().as_u16(), status, "{rejection:?}");
        assert_eq!(rejection.to_json(), body, "{rejection:?}");
    }
}

/// The bodies rendered at compile time are what the general renderer writes.
#[test]
fn static_bodies_match_the_renderer() {
    for rejection in all_static() {
        assert!(matches!(rejection.to_json(), Cow::Borrowed(_)));
        let rendered = json::render(rejection.title(), rejection.description().as_deref());
        assert_eq!(rejection.to_json(), rendered, "{rejection:?}");
        // And is valid JSON with the same fields.
        let value: serde_json::Value = serde_json::from_str(&rendered).unwrap();
        assert_eq!(value["title"], rejection.title());
        match rejection.description() {
            Some(d) => assert_eq!(value["description"], *d),
            None => assert!(value.get("description").is_none()),
        }
    }
}

/// Every variant, fields or not: the body is the renderer's, with its status and title, and the
/// `Display` is the description (or the title).
#[test]
fn every_variant_has_its_body_and_display() {
    let all = Rejection::all();
    // Four carry data: the body's and the notification's read errors, the event, the answer's
    // violations.
    assert_eq!(all.len(), all_static().len() + 4);
    for rejection in all {
        let description = rejection.description();
        let rendered = json::render(rejection.title(), description.as_deref());
        assert_eq!(rejection.to_json(), rendered, "{rejection:?}");
        assert_eq!(
            rejection.to_string(),
            description.unwrap_or(Cow::Borrowed(rejection.title())),
        );
        // The webhook's own fault is a 500; everything else is the request's.
        let status = rejection.status();
        match rejection {
            Rejection::InvalidResponse { .. }
            | Rejection::HandlerPanicked
            | Rejection::Misconfigured => assert_eq!(status, 500),
            Rejection::HandlerTimeout => assert_eq!(status, 504),
            // The replay store's or the bots' secret source's fault, not the request's.
            Rejection::ReplayStoreUnavailable | Rejection::BotSecretsUnavailable => {
                assert_eq!(status, 503);
            }
            _ => assert!(status.is_client_error(), "{rejection:?}"),
        }
    }
}

#[test]
fn json_errors_keep_their_position() {
    let err = serde_json::from_slice::<serde_json::Value>(b"{").unwrap_err();
    assert_eq!(
        Rejection::from_json_error(&err).description().as_deref(),
        Some("The request body is not valid JSON: EOF while parsing an object at line 1 column 1"),
    );
}

#[test]
fn display_is_the_description_or_title() {
    for rejection in all_static() {
        let expected = rejection
            .description()
            .unwrap_or(Cow::Borrowed(rejection.title()));
        assert_eq!(rejection.to_string(), expected);
    }
}

#[tokio::test]
async fn responses_are_json_with_status() {
    for rejection in all_static() {
        let body = rejection.to_json().into_owned();
        let status = rejection.status();
        let response = rejection.clone().into_response();
        assert_eq!(response.status(), status);
        assert_eq!(response.headers()[header::CONTENT_TYPE], "application/json");
        if rejection == Rejection::MethodNotAllowed {
            assert_eq!(response.headers()[header::ALLOW], "POST");
        } else {
            assert!(response.headers().get(header::ALLOW).is_none());
        }
        assert_eq!(body_of(response).await, body.as_bytes());
    }
}

#[tokio::test]
async fn unreadable_notification_body() {
    let err = serde_json::from_str::<String>("1").unwrap_err();
    let rejection = Rejection::unreadable_notification("data.step.id", &err);
    assert_eq!(rejection.status(), 400);
    assert_eq!(rejection.title(), "400 Bad Request");
    let expected = r#"{"title": "400 Bad Request", "description": "The notification could not be read at data.step.id: invalid type: integer `1`, expected a string"}"#;
    assert_eq!(rejection.to_json(), expected);
    assert_eq!(
        body_of(rejection.into_response()).await,
        expected.as_bytes()
    );
}

#[test]
fn unreadable_notification_as_in_the_brief() {
    let rejection = Rejection::UnreadableNotification {
        path: "data.step.id".into(),
        reason: "invalid type: integer, expected a string".into(),
    };
    assert_eq!(
        rejection.description().as_deref(),
        Some(
            "The notification could not be read at data.step.id: invalid type: integer, expected a string"
        )
    );
}

#[test]
fn unreadable_notification_at_the_root_has_no_path() {
    let err = serde_json::from_str::<std::collections::BTreeMap<String, u8>>(r#"{"a": "x"}"#)
        .unwrap_err();
    assert!(err.line() != 0);
    for path in ["", "."] {
        let rejection = Rejection::unreadable_notification(path, &err);
        assert_eq!(
            rejection.description().as_deref(),
            Some("The notification could not be read: invalid type: string \"x\", expected u8")
        );
    }
}

#[test]
fn path_errors() {
    #[derive(serde::Deserialize, Debug)]
    #[allow(dead_code)]
    struct Step {
        id: String,
    }
    #[derive(serde::Deserialize, Debug)]
    #[allow(dead_code)]
    struct Data {
        step: Step,
        steps: Option<Vec<Step>>,
    }
    #[derive(serde::Deserialize, Debug)]
    #[allow(dead_code)]
    struct Notification {
        data: Data,
    }
    fn read(json: &str) -> Rejection {
        serde_path_to_error::deserialize::<_, Notification>(
            &mut serde_json::Deserializer::from_str(json),
        )
        .map(drop)
        .map_err(|err| Rejection::from_path_error(&err))
        .unwrap_err()
    }
    assert_eq!(
        read(r#"{"data": {"step": {"id": 1}}}"#),
        Rejection::UnreadableNotification {
            path: "data.step.id".into(),
            reason: "invalid type: integer `1`, expected a string".into(),
        }
    );
    assert_eq!(
        read(r#"{"data": {"step": {"id": "a"}, "steps": [{"id": "a"}, {}]}}"#)
            .description()
            .as_deref(),
        Some("The notification could not be read at data.steps.1: missing field `id`")
    );
    assert_eq!(
        read(r#"{}"#).description().as_deref(),
        Some("The notification could not be read: missing field `data`")
    );
    assert!(matches!(
        read(r#"{"data": "#),
        Rejection::BodyNotJson { .. }
    ));
}

#[tokio::test]
async fn method_not_allowed_as_an_axum_fallback() {
    use axum::routing::post;
    use tower::ServiceExt as _;

    let app = axum::Router::new().route(
        "/",
        post(|| async { "ok" }).fallback(|| async { Rejection::MethodNotAllowed }),
    );
    let request = axum::http::Request::get("/").body(Body::empty()).unwrap();
    let response = app.oneshot(request).await.unwrap();
    assert_eq!(response.status(), 405);
    let allow: Vec<_> = response.headers().get_all(header::ALLOW).iter().collect();
    assert_eq!(allow, ["POST"]);
    assert_eq!(
        body_of(response).await,
        br#"{"title": "405 Method Not Allowed"}"#
    );
}

#[test]
fn dynamic_texts_are_escaped() {
    let rejection = Rejection::UnreadableNotification {
        path: "data.\"odd\\key\"".into(),
        reason: "bad\nline é".into(),
    };
    let json = rejection.to_json();
    assert_eq!(
        json,
        r#"{"title": "400 Bad Request", "description": "The notification could not be read at data.\"odd\\key\": bad\nline é"}"#
    );
    let value: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert_eq!(value["description"], *rejection.description().unwrap());
}

#[test]
fn json_errors_are_classified() {
    let syntax = serde_json::from_slice::<serde_json::Value>(b"not json").unwrap_err();
    assert!(matches!(
        Rejection::from_json_error(&syntax),
        Rejection::BodyNotJson { .. }
    ));
    assert_eq!(
        Rejection::from_json_error(&syntax).to_json(),
        r#"{"title": "400 Bad Request", "description": "The request body is not valid JSON: expected ident at line 1 column 2"}"#
    );
    let eof = serde_json::from_slice::<serde_json::Value>(b"").unwrap_err();
    assert!(matches!(
        Rejection::from_json_error(&eof),
        Rejection::BodyNotJson { .. }
    ));
    let data = serde_json::from_slice::<String>(b"[]").unwrap_err();
    assert!(matches!(
        Rejection::from_json_error(&data),
        Rejection::UnreadableNotification { .. }
    ));
}

/// A body error is a timeout when an `io::Error` of kind `TimedOut` is among its sources, however
/// deeply wrapped; any other error is an unreadable body.
#[test]
fn body_errors_tell_a_timeout_from_the_rest() {
    let timed_out = std::io::Error::new(std::io::ErrorKind::TimedOut, "too slow");
    let wrapped = axum::Error::new(timed_out);
    assert_eq!(Rejection::from_body_error(&wrapped), Rejection::BodyTimeout);
    let reset = std::io::Error::new(std::io::ErrorKind::ConnectionReset, "gone");
    assert_eq!(
        Rejection::from_body_error(&axum::Error::new(reset)),
        Rejection::BodyUnreadable
    );
}

/// The log shows the fixed descriptions whole, a description with no body in it whole, and
/// cuts what comes from the request: a path, a parser's message.
#[test]
fn logged_descriptions_cut_the_values_of_the_request() {
    use crate::log_field::MAX_CHARS;

    let logged = |rejection: &Rejection| LoggedDescription(rejection).to_string();
    for rejection in Rejection::all() {
        assert_eq!(
            rejection.has_description(),
            rejection.description().is_some()
        );
        if rejection.static_body().is_some() && rejection.description().is_some() {
            assert_eq!(logged(&rejection), rejection.to_string());
        }
    }
    let unexpected = Rejection::UnexpectedEvent {
        expected: "step_reached_event",
    };
    assert_eq!(logged(&unexpected), unexpected.to_string());

    let key = "k".repeat(1 << 20);
    let unreadable = Rejection::UnreadableNotification {
        path: format!("data.{key}"),
        reason: format!("invalid type: string \"{key}\""),
    };
    assert_eq!(
        logged(&unreadable),
        format!(
            "The notification could not be read at `data.{}…`",
            &key[..MAX_CHARS - "data.".len()]
        )
    );
    let not_json = Rejection::BodyNotJson {
        reason: key.clone(),
    };
    let shown = logged(&not_json);
    assert_eq!(shown.chars().count(), MAX_CHARS + 1);
    assert!(
        shown.starts_with("The request body is not valid JSON: kkk"),
        "{shown}"
    );
    // The client still gets everything.
    assert!(unreadable.to_json().contains(&format!("at data.{key}: ")));
    assert!(not_json.to_json().contains(&key));
}
