//! What the visitor does in one turn of a conversation.

use std::fmt;

use serde::{Deserialize, Serialize};

use crate::schemas::{CustomEvent, GoToAction, IncomingMessage, Input, UrlLoadedEvent};

/// What the visitor does in one turn: says something, clicks a button, opens a page or triggers
/// an event.
///
/// In a transcript it reads `{"says": "Hello"}`, `{"clicks": {"title": …, "goTo": …}}`,
/// `{"opens": "https://example.com/pricing"}` or `{"event": "cart_opened"}`.
///
/// ```
/// use clustaar_webhook::testing::VisitorAction;
///
/// let says = VisitorAction::Says("Hello".to_owned());
/// assert_eq!(serde_json::to_string(&says).unwrap(), r#"{"says":"Hello"}"#);
/// assert_eq!(says.to_string(), r#"the visitor says "Hello""#);
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum VisitorAction {
    /// A message typed by the visitor.
    Says(String),
    /// A click on a button that goes to a step (a `go_to_action`).
    Clicks(Click),
    /// A page of the site opened by the visitor (`url_loaded_event`), by its URL.
    ///
    /// ```
    /// use clustaar_webhook::testing::VisitorAction;
    ///
    /// let opens = VisitorAction::Opens("https://example.com/pricing".to_owned());
    /// assert_eq!(serde_json::to_string(&opens).unwrap(), r#"{"opens":"https://example.com/pricing"}"#);
    /// assert_eq!(serde_json::to_value(opens.input()).unwrap()["type"], "url_loaded_event");
    /// ```
    Opens(String),
    /// A custom event sent by the site (`custom_event`), by name.
    Event(String),
}

/// A click on a button: its title, as the visitor saw it, and the `go_to_action` it sends.
///
/// The action is kept, not only the title, so that a replay sends what the platform sent even
/// when the bot no longer offers that button (the answer before it shows the change).
///
/// ```
/// use clustaar_webhook::schemas::GoToAction;
/// use clustaar_webhook::testing::{Click, VisitorAction};
///
/// let click = Click { title: "Track my order".to_owned(), go_to: GoToAction::step("5f0c") };
/// let json = serde_json::to_value(VisitorAction::Clicks(click)).unwrap();
/// assert_eq!(json["clicks"]["title"], "Track my order");
/// assert_eq!(json["clicks"]["goTo"]["target"]["id"], "5f0c");
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Click {
    /// The button's title.
    pub title: String,
    /// What the button does.
    pub go_to: GoToAction,
}

impl VisitorAction {
    /// The input of the notification this action makes the platform send.
    ///
    /// ```
    /// use clustaar_webhook::testing::VisitorAction;
    ///
    /// let input = VisitorAction::Event("cart_opened".to_owned()).input();
    /// assert_eq!(serde_json::to_value(&input).unwrap()["name"], "cart_opened");
    /// ```
    pub fn input(&self) -> Input {
        match self {
            VisitorAction::Says(text) => IncomingMessage::new(text.clone()).into(),
            VisitorAction::Clicks(click) => Input::GoTo(click.go_to.clone()),
            VisitorAction::Opens(url) => UrlLoadedEvent::new(url.clone()).into(),
            VisitorAction::Event(name) => CustomEvent::new(name.clone()).into(),
        }
    }
}

impl fmt::Display for VisitorAction {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            VisitorAction::Says(text) => write!(f, "the visitor says {text:?}"),
            VisitorAction::Clicks(click) => write!(f, "the visitor clicks {:?}", click.title),
            VisitorAction::Opens(url) => write!(f, "the visitor opens {url:?}"),
            VisitorAction::Event(name) => write!(f, "the site sends the event {name:?}"),
        }
    }
}
