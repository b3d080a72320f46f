//! One turn of a conversation: the page says what the visitor did, the playground sends the
//! notification the platform would send, and reports the whole exchange back to the page.

use std::time::{Instant, SystemTime};

use axum::body::{Body, Bytes};
use axum::http::{HeaderMap, Request, header};
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value, json};

use super::Playground;
use crate::schemas::{
    ConversationSession, Input, Interlocutor, StepReachedResponse, ValidationErrors, from_json,
};
use crate::testing::{Click, ConversationState, RecordedAnswer, VisitorAction, unix_now};

/// What the page shows instead of the basic-authentication credentials.
const HIDDEN_CREDENTIALS: &str = "Basic <hidden>";
/// The key a forged signature is made with: any key but the webhook's.
const FORGERY_KEY: &str = "not the webhook's private key";

/// What the visitor did, and the conversation's state as the page holds it.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub(super) struct Turn {
    step_id: String,
    step_name: String,
    session: Map<String, Value>,
    interlocutor: Value,
    input: Value,
    /// What the chat shows for the turn: for a click, the button's title.
    #[serde(default)]
    label: Option<String>,
    #[serde(default)]
    forge_signature: bool,
}

/// A turn read through the models, as the platform would send it.
struct Parsed {
    state: ConversationState,
    input: Input,
    label: Option<String>,
    forge: bool,
}

/// The exchange of one turn, for the page: the request as sent, and the answer or why there is
/// none.
#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub(super) struct TurnReport {
    request: Exchange,
    response: Option<Exchange>,
    latency_ms: f64,
    /// The route that took the notification (known for a webhook in this process).
    route: Option<String>,
    /// Why no answer came: the webhook could not be reached, timed out…
    error: Option<String>,
    /// The JSON error of a `4xx` or `5xx` answer.
    rejection: Option<Value>,
    /// How a `2xx` answer breaks the platform's rules.
    problems: Vec<Problem>,
}

/// One side of the exchange: its headers and its body as text.
#[derive(Debug, Serialize)]
struct Exchange {
    /// `POST <url>` for the request, `200 OK` for an answer.
    line: String,
    status: Option<u16>,
    headers: Vec<(String, String)>,
    body: String,
}

/// A rule of the platform the answer breaks, at its path in the answer.
#[derive(Debug, Serialize)]
struct Problem {
    path: String,
    message: String,
}

/// A part of the conversation's state, edited in the page, that is not what the platform sends.
#[derive(Debug)]
pub(super) struct InvalidState {
    pub(super) part: &'static str,
    pub(super) errors: ValidationErrors,
}

impl Turn {
    /// The turn read through the models: a state or an input the platform never sends is
    /// refused.
    fn parse(self) -> Result<Parsed, InvalidState> {
        let invalid = |part| move |errors| InvalidState { part, errors };
        let session: ConversationSession =
            from_json(json!({ "values": self.session })).map_err(invalid("session"))?;
        let interlocutor: Interlocutor =
            from_json(self.interlocutor).map_err(invalid("interlocutor"))?;
        let input: Input = from_json(self.input).map_err(invalid("input"))?;
        let state = ConversationState {
            step_id: self.step_id,
            step_name: self.step_name,
            session: session.values,
            interlocutor,
        };
        Ok(Parsed {
            state,
            input,
            label: self.label,
            forge: self.forge_signature,
        })
    }

    /// Sends this turn's notification, records it, and reports the exchange.
    pub(super) async fn play(self, playground: &Playground) -> Result<TurnReport, InvalidState> {
        let parsed = self.parse()?;
        let forge = parsed.forge;
        let body = parsed.notification(playground);
        // Dated once: the request shown is the one sent.
        let mut request = playground
            .client
            .request()
            .body(body.clone())
            .date_at(SystemTime::now());
        if forge {
            request = request.signed_with(FORGERY_KEY);
        }
        let shown = Exchange::of_request(&request.clone().into_request(), &body);
        let started = Instant::now();
        let answer = playground.target.send(request).await;
        let latency_ms = started.elapsed().as_secs_f64() * 1000.0;
        let mut report = TurnReport {
            request: shown,
            response: None,
            latency_ms,
            route: None,
            error: None,
            rejection: None,
            problems: Vec::new(),
        };
        match answer {
            Ok((response, route)) => {
                // A forged turn is refused on purpose: a replay, signed, would not be.
                if !forge {
                    parsed.record(playground, &response, route.clone());
                }
                report.route = route;
                report.read_answer(response);
            }
            Err(error) => report.error = Some(error),
        }
        Ok(report)
    }
}

impl Parsed {
    /// The notification's JSON, as the platform would send it for this turn.
    fn notification(&self, playground: &Playground) -> Bytes {
        let builder = playground.start.clone().timestamp(unix_now());
        self.state.onto(builder, self.input.clone()).into_body()
    }

    /// What the visitor did, as a transcript holds it; `None` for an input it cannot hold.
    fn visitor_action(&self) -> Option<VisitorAction> {
        Some(match &self.input {
            Input::Message(message) if message.attachments.is_empty() => {
                VisitorAction::Says(message.text.clone())
            }
            Input::GoTo(go_to) => VisitorAction::Clicks(Click {
                title: self.label.clone().unwrap_or_default(),
                go_to: go_to.clone(),
            }),
            Input::UrlLoaded(page) => VisitorAction::Opens(page.url.clone()),
            Input::Custom(event) => VisitorAction::Event(event.name.clone()),
            _ => return None,
        })
    }

    /// Records the turn and its answer in the playground's transcript.
    fn record(
        self,
        playground: &Playground,
        response: &axum::http::Response<Bytes>,
        route: Option<String>,
    ) {
        let Some(visitor) = self.visitor_action() else {
            playground.recorder.interrupt();
            return;
        };
        let answer = RecordedAnswer::from_parts(response.status().as_u16(), route, response.body());
        playground.recorder.record(self.state, visitor, answer);
    }
}

impl TurnReport {
    /// Keeps the answer, with its JSON error or the rules it breaks.
    fn read_answer(&mut self, response: axum::http::Response<Bytes>) {
        let status = response.status();
        let body = response.body();
        if status.is_success() {
            if let Err(errors) = from_json::<StepReachedResponse>(body.as_ref()) {
                self.problems = errors
                    .iter()
                    .map(|error| Problem {
                        path: error.path().to_owned(),
                        message: error.message().to_owned(),
                    })
                    .collect();
            }
        } else {
            self.rejection = Some(
                serde_json::from_slice(body)
                    .unwrap_or_else(|_| json!({ "title": status.to_string() })),
            );
        }
        let line = format!(
            "{} {}",
            status.as_u16(),
            status.canonical_reason().unwrap_or_default()
        );
        self.response = Some(Exchange {
            line,
            status: Some(status.as_u16()),
            headers: shown_headers(response.headers()),
            body: String::from_utf8_lossy(body).into_owned(),
        });
    }
}

impl Exchange {
    /// The request as the page shows it: the credentials hidden.
    fn of_request(request: &Request<Body>, body: &Bytes) -> Self {
        Exchange {
            line: format!("{} {}", request.method(), request.uri()),
            status: None,
            headers: shown_headers(request.headers()),
            body: String::from_utf8_lossy(body).into_owned(),
        }
    }
}

/// The headers, in order, with the `Authorization` value hidden: base64 is not a secret's
/// protection, and the page must never show the password.
fn shown_headers(headers: &HeaderMap) -> Vec<(String, String)> {
    headers
        .iter()
        .map(|(name, value)| {
            let value = if name == header::AUTHORIZATION {
                HIDDEN_CREDENTIALS.to_owned()
            } else {
                String::from_utf8_lossy(value.as_bytes()).into_owned()
            };
            (name.as_str().to_owned(), value)
        })
        .collect()
}
