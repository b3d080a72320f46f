//! A conversation played against a webhook turn by turn, the platform's part played in-process.

use serde_json::Value;

use super::played_turn::{PlayedTurn, describe_all};
use super::{
    Click, ConversationState, RecordedAnswer, TestClient, Transcript, TranscriptTurn, VisitorAction,
};
use crate::Webhook;
use crate::rejection::Rejection;
use crate::schemas::{Action, ButtonAction, GoToAction, Interlocutor, StepReachedResponse};

/// A multi-turn conversation with a webhook: each turn sends what the visitor did, and the
/// answer's session, interlocutor and step are carried into the next turn as the platform does
/// (see [`ConversationState`]).
///
/// The assertions check the last answer, and panic with the whole exchange so far: each turn's
/// visitor action, the step and session its notification carried, and the answer's JSON.
///
/// ```
/// use clustaar_webhook::schemas::{
///     GoToAction, QuickReply, SendQuickRepliesAction, SendTextAction, StepReached,
///     StepReachedResponse,
/// };
/// use clustaar_webhook::testing::Conversation;
/// use clustaar_webhook::{on, routes, Webhook};
///
/// #[on(step_id = "5f0c1d2e3a4b5c6d7e8f9a0b")]
/// async fn order(mut n: StepReached) -> StepReachedResponse {
///     n.session.insert("order", "A-1234");
///     StepReachedResponse::new().action(SendTextAction::new("On its way")).session(n.session)
/// }
///
/// #[on]
/// async fn welcome(n: StepReached) -> StepReachedResponse {
///     let offer = SendQuickRepliesAction::new("Hi!", [QuickReply::new("Track", GoToAction::step("5f0c1d2e3a4b5c6d7e8f9a0b"))]);
///     StepReachedResponse::new().action(offer).session(n.session)
/// }
///
/// # #[tokio::main(flavor = "current_thread")]
/// # async fn main() {
/// let webhook = Webhook::new().private_key("key").routes(routes![order, welcome]);
/// let mut chat = Conversation::new(webhook).session_value("name", "Tintin");
/// chat.say("Hello").await.assert_route("welcome").assert_quick_replies(["Track"]);
/// chat.click("Track").await
///     .assert_says("On its way")
///     .assert_session_value("order", "A-1234")
///     .assert_session_value("name", "Tintin");
/// # }
/// ```
#[derive(Debug)]
pub struct Conversation {
    client: TestClient,
    start: ConversationState,
    state: ConversationState,
    turns: Vec<PlayedTurn>,
}

impl Conversation {
    /// A conversation with `webhook`, from [`ConversationState::default`].
    ///
    /// # Panics
    /// When a route of the webhook can never match (as [`TestClient::new`]).
    ///
    /// ```
    /// use clustaar_webhook::Webhook;
    /// use clustaar_webhook::testing::{Conversation, DEFAULT_STEP_ID};
    ///
    /// let chat = Conversation::new(Webhook::new().private_key("key"));
    /// assert_eq!(chat.state().step_id, DEFAULT_STEP_ID);
    /// ```
    #[track_caller]
    pub fn new(webhook: Webhook) -> Self {
        Self::with_client(TestClient::new(webhook))
    }

    /// A conversation through `client` (a webhook with state, or any router).
    ///
    /// ```
    /// use clustaar_webhook::Webhook;
    /// use clustaar_webhook::testing::{Conversation, TestClient};
    ///
    /// let client = TestClient::with_state(Webhook::new().private_key("key"), ());
    /// let chat = Conversation::with_client(client);
    /// assert!(chat.transcript().turns.is_empty());
    /// ```
    pub fn with_client(client: TestClient) -> Self {
        Conversation {
            client,
            start: ConversationState::default(),
            state: ConversationState::default(),
            turns: Vec::new(),
        }
    }

    /// Starts from `state` instead.
    ///
    /// # Panics
    /// After the first turn: the transcript's start would no longer be where it started.
    ///
    /// ```
    /// use clustaar_webhook::Webhook;
    /// use clustaar_webhook::testing::{Conversation, ConversationState};
    ///
    /// let state = ConversationState { step_id: "5f0c".to_owned(), ..ConversationState::default() };
    /// let chat = Conversation::new(Webhook::new().private_key("key")).starting_from(state);
    /// assert_eq!(chat.state().step_id, "5f0c");
    /// ```
    #[track_caller]
    pub fn starting_from(mut self, state: ConversationState) -> Self {
        self.edit_start(|start| *start = state);
        self
    }

    /// Starts at the step `step_id`, named `step_name`.
    ///
    /// # Panics
    /// After the first turn.
    ///
    /// ```
    /// use clustaar_webhook::Webhook;
    /// use clustaar_webhook::testing::Conversation;
    ///
    /// let chat = Conversation::new(Webhook::new().private_key("key")).at_step("5f0c", "Order");
    /// assert_eq!(chat.state().step_name, "Order");
    /// ```
    #[track_caller]
    pub fn at_step(mut self, step_id: impl Into<String>, step_name: impl Into<String>) -> Self {
        let (step_id, step_name) = (step_id.into(), step_name.into());
        self.edit_start(|start| {
            start.step_id = step_id;
            start.step_name = step_name;
        });
        self
    }

    /// Starts with `key` set to `value` in the session.
    ///
    /// # Panics
    /// After the first turn.
    ///
    /// ```
    /// use clustaar_webhook::Webhook;
    /// use clustaar_webhook::testing::Conversation;
    ///
    /// let chat = Conversation::new(Webhook::new().private_key("key")).session_value("plan", "gold");
    /// assert_eq!(chat.state().session["plan"], "gold");
    /// ```
    #[track_caller]
    pub fn session_value(mut self, key: impl Into<String>, value: impl Into<Value>) -> Self {
        let (key, value) = (key.into(), value.into());
        self.edit_start(|start| {
            start.session.insert(key, value);
        });
        self
    }

    /// Starts with `interlocutor` as the visitor.
    ///
    /// # Panics
    /// After the first turn.
    ///
    /// ```
    /// use clustaar_webhook::Webhook;
    /// use clustaar_webhook::schemas::Interlocutor;
    /// use clustaar_webhook::testing::Conversation;
    ///
    /// let visitor = Interlocutor::new("5a8f1c2e9b1d4c0012340002", "visitor-7").first_name("Ada");
    /// let chat = Conversation::new(Webhook::new().private_key("key")).interlocutor(visitor);
    /// assert_eq!(chat.state().interlocutor.first_name.as_deref(), Some("Ada"));
    /// ```
    #[track_caller]
    pub fn interlocutor(mut self, interlocutor: Interlocutor) -> Self {
        self.edit_start(|start| start.interlocutor = interlocutor);
        self
    }

    #[track_caller]
    fn edit_start(&mut self, edit: impl FnOnce(&mut ConversationState)) {
        assert!(
            self.turns.is_empty(),
            "the start of a conversation is set before its first turn"
        );
        edit(&mut self.start);
        self.state = self.start.clone();
    }

    /// The state the next turn starts from.
    ///
    /// ```
    /// use clustaar_webhook::schemas::{StepReached, StepReachedResponse};
    /// use clustaar_webhook::testing::Conversation;
    /// use clustaar_webhook::{on, routes, Webhook};
    ///
    /// #[on]
    /// async fn remember(mut n: StepReached) -> StepReachedResponse {
    ///     n.session.insert("greeted", true);
    ///     StepReachedResponse::new().session(n.session)
    /// }
    ///
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() {
    /// let mut chat = Conversation::new(Webhook::new().private_key("key").routes(routes![remember]));
    /// assert!(chat.state().session.is_empty());
    /// chat.say("Hi").await;
    /// assert_eq!(chat.state().session["greeted"], true);
    /// # }
    /// ```
    pub fn state(&self) -> &ConversationState {
        &self.state
    }

    /// The visitor says `text`.
    ///
    /// ```
    /// use clustaar_webhook::schemas::{SendTextAction, StepReached, StepReachedResponse};
    /// use clustaar_webhook::testing::Conversation;
    /// use clustaar_webhook::{on, routes, Webhook};
    ///
    /// #[on]
    /// async fn echo(n: StepReached) -> StepReachedResponse {
    ///     let text = format!("You said: {}", n.input.text().unwrap_or("nothing"));
    ///     StepReachedResponse::new().action(SendTextAction::new(text))
    /// }
    ///
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() {
    /// let mut chat = Conversation::new(Webhook::new().private_key("key").routes(routes![echo]));
    /// chat.say("Hello").await.assert_says("You said: Hello");
    /// # }
    /// ```
    pub async fn say(&mut self, text: impl Into<String>) -> &mut Self {
        self.play(VisitorAction::Says(text.into())).await
    }

    /// The visitor clicks the button titled `title` of the last answer (a quick reply or a
    /// card's button), which must go to a step (a `go_to_action`).
    ///
    /// # Panics
    /// When the last answer offers no such button; the message shows the exchange.
    ///
    /// ```
    /// use clustaar_webhook::schemas::{
    ///     GoToAction, QuickReply, SendQuickRepliesAction, SendTextAction, StepReached,
    ///     StepReachedResponse,
    /// };
    /// use clustaar_webhook::testing::Conversation;
    /// use clustaar_webhook::{on, routes, Webhook};
    ///
    /// #[on(step_id = "5f0c1d2e3a4b5c6d7e8f9a0b")]
    /// async fn track(_: StepReached) -> StepReachedResponse {
    ///     StepReachedResponse::new().action(SendTextAction::new("On its way"))
    /// }
    ///
    /// #[on]
    /// async fn menu(_: StepReached) -> StepReachedResponse {
    ///     let track = QuickReply::new("Track", GoToAction::step("5f0c1d2e3a4b5c6d7e8f9a0b"));
    ///     let help = QuickReply::new("Help", GoToAction::step("5f0c1d2e3a4b5c6d7e8f9a0c"));
    ///     StepReachedResponse::new().action(SendQuickRepliesAction::new("Hi!", [track, help]))
    /// }
    ///
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() {
    /// let webhook = Webhook::new().private_key("key").routes(routes![track, menu]);
    /// let mut chat = Conversation::new(webhook);
    /// chat.say("Hello").await.assert_quick_replies(["Track", "Help"]);
    /// chat.click("Track").await.assert_says("On its way");
    /// assert_eq!(chat.state().step_id, "5f0c1d2e3a4b5c6d7e8f9a0b");
    /// # }
    /// ```
    pub async fn click(&mut self, title: &str) -> &mut Self {
        let Some(go_to) = self.offered_go_to(title) else {
            self.fail(&format!(
                "the last answer offers no button {title:?} that goes to a step"
            ));
        };
        let click = Click {
            title: title.to_owned(),
            go_to,
        };
        self.play(VisitorAction::Clicks(click)).await
    }

    /// The visitor opens the page at `url` of the site (`url_loaded_event`).
    ///
    /// ```
    /// use clustaar_webhook::schemas::{Input, SendTextAction, StepReached, StepReachedResponse};
    /// use clustaar_webhook::testing::Conversation;
    /// use clustaar_webhook::{events, Webhook};
    ///
    /// async fn pricing(n: StepReached) -> StepReachedResponse {
    ///     let text = match n.input {
    ///         Input::UrlLoaded(page) => format!("Questions about {}?", page.url),
    ///         _ => "Hello".to_owned(),
    ///     };
    ///     StepReachedResponse::new().action(SendTextAction::new(text))
    /// }
    ///
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() {
    /// let webhook = Webhook::new().private_key("key").on(events::CONVERSATION_STEP_REACHED, pricing);
    /// let mut chat = Conversation::new(webhook);
    /// chat.open("https://example.com/pricing").await
    ///     .assert_says("Questions about https://example.com/pricing?");
    /// # }
    /// ```
    pub async fn open(&mut self, url: impl Into<String>) -> &mut Self {
        self.play(VisitorAction::Opens(url.into())).await
    }

    /// The site sends the custom event `name` (`custom_event`).
    ///
    /// ```
    /// use clustaar_webhook::schemas::{SendTextAction, StepReached, StepReachedResponse};
    /// use clustaar_webhook::testing::Conversation;
    /// use clustaar_webhook::{events, Webhook};
    ///
    /// async fn cart(_: StepReached) -> StepReachedResponse {
    ///     StepReachedResponse::new().action(SendTextAction::new("Need help with your cart?"))
    /// }
    ///
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() {
    /// let webhook = Webhook::new().private_key("key").on(events::CONVERSATION_STEP_REACHED, cart);
    /// let mut chat = Conversation::new(webhook);
    /// chat.event("cart_opened").await.assert_says("Need help with your cart?");
    /// # }
    /// ```
    pub async fn event(&mut self, name: impl Into<String>) -> &mut Self {
        self.play(VisitorAction::Event(name.into())).await
    }

    /// Plays one turn: follows a click, sends the notification, carries the answer.
    pub(super) async fn play(&mut self, visitor: VisitorAction) -> &mut Self {
        if let VisitorAction::Clicks(click) = &visitor {
            self.state.follow(&click.go_to);
        }
        let notification = self.state.notification(visitor.input());
        let answer = RecordedAnswer::of(&self.client.send(notification).await);
        self.turns.push(PlayedTurn {
            visitor,
            step_id: self.state.step_id.clone(),
            step_name: self.state.step_name.clone(),
            session: self.state.session.clone(),
            answer: answer.clone(),
        });
        if let Some(reached) = answer.step_reached() {
            self.state.carry(&reached);
        }
        self
    }

    /// The last answer.
    ///
    /// # Panics
    /// Before the first turn.
    ///
    /// ```
    /// use clustaar_webhook::Webhook;
    /// use clustaar_webhook::testing::Conversation;
    ///
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() {
    /// let mut chat = Conversation::new(Webhook::new().private_key("key"));
    /// // No route: the webhook answers 404.
    /// assert_eq!(chat.say("Hi").await.answer().status, 404);
    /// # }
    /// ```
    #[track_caller]
    pub fn answer(&self) -> &RecordedAnswer {
        match self.turns.last() {
            Some(turn) => &turn.answer,
            None => self.fail("no turn was played yet"),
        }
    }

    /// The conversation so far as a transcript.
    ///
    /// ```
    /// use clustaar_webhook::Webhook;
    /// use clustaar_webhook::testing::{Conversation, VisitorAction};
    ///
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() {
    /// let mut chat = Conversation::new(Webhook::new().private_key("key"));
    /// chat.say("Hi").await;
    /// let transcript = chat.transcript();
    /// assert_eq!(transcript.turns.len(), 1);
    /// assert_eq!(transcript.turns[0].visitor, VisitorAction::Says("Hi".to_owned()));
    /// // Saved with `transcript.save(path)`, replayed in a test with `assert_replays`.
    /// # }
    /// ```
    pub fn transcript(&self) -> Transcript {
        let turns = self.turns.iter().map(|turn| TranscriptTurn {
            visitor: turn.visitor.clone(),
            answer: turn.answer.clone(),
        });
        Transcript {
            start: self.start.clone(),
            turns: turns.collect(),
        }
    }

    /// The whole exchange so far, as a failing assertion prints it.
    ///
    /// ```
    /// use clustaar_webhook::Webhook;
    /// use clustaar_webhook::testing::Conversation;
    ///
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() {
    /// let mut chat = Conversation::new(Webhook::new().private_key("key"));
    /// chat.say("Hi").await;
    /// let exchange = chat.describe();
    /// assert!(exchange.starts_with("turn 1: the visitor says \"Hi\"\n  notification: step "));
    /// assert!(exchange.contains("answer: 404 from no route"));
    /// # }
    /// ```
    pub fn describe(&self) -> String {
        describe_all(&self.turns)
    }

    /// Checks that one of the last answer's texts offers `text` among its alternatives.
    ///
    /// # Panics
    /// When none does, or the answer is not a step-reached response.
    ///
    /// ```
    /// use clustaar_webhook::schemas::{SendTextAction, StepReached, StepReachedResponse};
    /// use clustaar_webhook::testing::Conversation;
    /// use clustaar_webhook::{on, routes, Webhook};
    ///
    /// #[on]
    /// async fn echo(n: StepReached) -> StepReachedResponse {
    ///     let text = format!("You said: {}", n.input.text().unwrap_or("nothing"));
    ///     StepReachedResponse::new().action(SendTextAction::new(text))
    /// }
    ///
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() {
    /// let mut chat = Conversation::new(Webhook::new().private_key("key").routes(routes![echo]));
    /// chat.say("Hello").await.assert_says("You said: Hello");
    /// # }
    /// ```
    #[track_caller]
    pub fn assert_says(&self, text: &str) -> &Self {
        let said = self.texts().iter().flatten().any(|said| said == text);
        if !said {
            self.fail(&format!("expected the bot to say {text:?}"));
        }
        self
    }

    /// Checks the titles of the last answer's quick replies, in order.
    ///
    /// # Panics
    /// When they differ, or the answer is not a step-reached response.
    ///
    /// ```
    /// use clustaar_webhook::schemas::{
    ///     GoToAction, QuickReply, SendQuickRepliesAction, SendTextAction, StepReached,
    ///     StepReachedResponse,
    /// };
    /// use clustaar_webhook::testing::Conversation;
    /// use clustaar_webhook::{on, routes, Webhook};
    ///
    /// #[on(step_id = "5f0c1d2e3a4b5c6d7e8f9a0b")]
    /// async fn track(_: StepReached) -> StepReachedResponse {
    ///     StepReachedResponse::new().action(SendTextAction::new("On its way"))
    /// }
    ///
    /// #[on]
    /// async fn menu(_: StepReached) -> StepReachedResponse {
    ///     let track = QuickReply::new("Track", GoToAction::step("5f0c1d2e3a4b5c6d7e8f9a0b"));
    ///     let help = QuickReply::new("Help", GoToAction::step("5f0c1d2e3a4b5c6d7e8f9a0c"));
    ///     StepReachedResponse::new().action(SendQuickRepliesAction::new("Hi!", [track, help]))
    /// }
    ///
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() {
    /// let webhook = Webhook::new().private_key("key").routes(routes![track, menu]);
    /// let mut chat = Conversation::new(webhook);
    /// chat.say("Hello").await.assert_quick_replies(["Track", "Help"]);
    /// chat.click("Track").await.assert_says("On its way");
    /// assert_eq!(chat.state().step_id, "5f0c1d2e3a4b5c6d7e8f9a0b");
    /// # }
    /// ```
    #[track_caller]
    pub fn assert_quick_replies<S: AsRef<str>>(
        &self,
        titles: impl IntoIterator<Item = S>,
    ) -> &Self {
        let expected: Vec<String> = titles.into_iter().map(|t| t.as_ref().to_owned()).collect();
        let offered = self.quick_reply_titles();
        if offered != expected {
            self.fail(&format!(
                "expected the quick replies {expected:?}, the bot offers {offered:?}"
            ));
        }
        self
    }

    /// Checks that the last answer shows a card titled `title` whose buttons are titled
    /// `buttons`, in order.
    ///
    /// # Panics
    /// When no card has that title, its buttons differ, or the answer is not a step-reached
    /// response.
    ///
    /// ```
    /// use clustaar_webhook::schemas::{
    ///     Button, Card, OpenUrlAction, SendCardsAction, StepReached, StepReachedResponse,
    /// };
    /// use clustaar_webhook::testing::Conversation;
    /// use clustaar_webhook::{on, routes, Webhook};
    ///
    /// #[on]
    /// async fn order(_: StepReached) -> StepReachedResponse {
    ///     let track = Button::new("Track", OpenUrlAction::new("https://example.com/track"));
    ///     StepReachedResponse::new().action(SendCardsAction::new([Card::new("A-1234").button(track)]))
    /// }
    ///
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() {
    /// let mut chat = Conversation::new(Webhook::new().private_key("key").routes(routes![order]));
    /// chat.say("my order").await.assert_card("A-1234", ["Track"]);
    /// # }
    /// ```
    #[track_caller]
    pub fn assert_card<S: AsRef<str>>(
        &self,
        title: &str,
        buttons: impl IntoIterator<Item = S>,
    ) -> &Self {
        let expected: Vec<String> = buttons.into_iter().map(|b| b.as_ref().to_owned()).collect();
        let cards = self.picked(|action| match action {
            Action::SendCards(cards) => Some(cards.cards),
            _ => None,
        });
        let Some(card) = cards.into_iter().flatten().find(|card| card.title == title) else {
            self.fail(&format!("expected a card titled {title:?}"));
        };
        let shown: Vec<String> = card
            .buttons
            .unwrap_or_default()
            .into_iter()
            .map(|button| button.title)
            .collect();
        if shown != expected {
            self.fail(&format!(
                "expected the card {title:?} to have the buttons {expected:?}, it has {shown:?}"
            ));
        }
        self
    }

    /// Checks that the session carried into the next turn holds `value` at `key`.
    ///
    /// # Panics
    /// When it does not.
    ///
    /// ```
    /// use clustaar_webhook::schemas::{StepReached, StepReachedResponse};
    /// use clustaar_webhook::testing::Conversation;
    /// use clustaar_webhook::{on, routes, Webhook};
    ///
    /// #[on]
    /// async fn count(mut n: StepReached) -> StepReachedResponse {
    ///     let visits = n.session.get("visits").and_then(|v| v.as_u64()).unwrap_or(0);
    ///     n.session.insert("visits", visits + 1);
    ///     StepReachedResponse::new().session(n.session)
    /// }
    ///
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() {
    /// let mut chat = Conversation::new(Webhook::new().private_key("key").routes(routes![count]));
    /// chat.say("Hi").await.assert_session_value("visits", 1);
    /// chat.say("Hi again").await.assert_session_value("visits", 2);
    /// # }
    /// ```
    #[track_caller]
    pub fn assert_session_value(&self, key: &str, value: impl Into<Value>) -> &Self {
        let expected = value.into();
        let found = self.state.session.get(key);
        if found != Some(&expected) {
            self.fail(&format!(
                "expected the session value {key:?} to be {expected}, it is {}",
                found.map_or_else(|| "absent".to_owned(), Value::to_string)
            ));
        }
        self
    }

    /// Checks that the route named `route` took the last notification.
    ///
    /// # Panics
    /// When another route, or none, took it.
    ///
    /// ```
    /// use clustaar_webhook::schemas::{StepReached, StepReachedResponse};
    /// use clustaar_webhook::testing::Conversation;
    /// use clustaar_webhook::{on, routes, Webhook};
    ///
    /// #[on(json(key = "data.input.text", equals = "help"))]
    /// async fn help(_: StepReached) -> StepReachedResponse {
    ///     StepReachedResponse::new()
    /// }
    ///
    /// #[on]
    /// async fn everything_else(_: StepReached) -> StepReachedResponse {
    ///     StepReachedResponse::new()
    /// }
    ///
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() {
    /// let webhook = Webhook::new().private_key("key").routes(routes![help, everything_else]);
    /// let mut chat = Conversation::new(webhook);
    /// chat.say("help").await.assert_route("help");
    /// chat.say("hello").await.assert_route("everything_else");
    /// # }
    /// ```
    #[track_caller]
    pub fn assert_route(&self, route: &str) -> &Self {
        if self.answer().route.as_deref() != Some(route) {
            self.fail(&format!("expected the route `{route}` to answer"));
        }
        self
    }

    /// Checks that the webhook answered the last turn with `rejection`.
    ///
    /// # Panics
    /// When it answered anything else.
    ///
    /// ```
    /// use clustaar_webhook::Webhook;
    /// use clustaar_webhook::rejection::Rejection;
    /// use clustaar_webhook::testing::Conversation;
    ///
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() {
    /// let mut chat = Conversation::new(Webhook::new().private_key("key"));
    /// chat.say("Hi").await.assert_rejected(&Rejection::NotFound);
    /// # }
    /// ```
    #[track_caller]
    pub fn assert_rejected(&self, rejection: &Rejection) -> &Self {
        if !self.answer().is_rejection(rejection) {
            self.fail(&format!(
                "expected the rejection {} {}",
                rejection.status(),
                rejection.to_json()
            ));
        }
        self
    }

    /// The last answer as a step-reached response.
    #[track_caller]
    fn step_reached(&self) -> StepReachedResponse {
        match self.answer().step_reached() {
            Some(reached) => reached,
            None => self.fail("expected the last answer to be a step-reached response"),
        }
    }

    /// What `pick` takes from each action of the last answer.
    #[track_caller]
    fn picked<T>(&self, pick: impl FnMut(Action) -> Option<T>) -> Vec<T> {
        self.step_reached()
            .actions
            .into_iter()
            .filter_map(pick)
            .collect()
    }

    /// The alternatives of each text of the last answer.
    #[track_caller]
    fn texts(&self) -> Vec<Vec<String>> {
        self.picked(|action| match action {
            Action::SendText(text) => Some(text.alternatives),
            _ => None,
        })
    }

    /// The titles of the last answer's quick replies.
    #[track_caller]
    fn quick_reply_titles(&self) -> Vec<String> {
        let replies = self.picked(|action| match action {
            Action::SendQuickReplies(replies) => Some(replies.buttons),
            _ => None,
        });
        replies
            .into_iter()
            .flatten()
            .map(|reply| reply.title)
            .collect()
    }

    /// The `go_to_action` of the last answer's button titled `title`: a quick reply or a
    /// card's button.
    fn offered_go_to(&self, title: &str) -> Option<GoToAction> {
        let reached = self.turns.last()?.answer.step_reached()?;
        reached.actions.into_iter().flat_map(buttons).find_map(
            |(button_title, action)| match action {
                ButtonAction::GoTo(go_to) if button_title == title => Some(go_to),
                _ => None,
            },
        )
    }

    /// Panics with `message` and the whole exchange so far.
    #[track_caller]
    fn fail(&self, message: &str) -> ! {
        panic!("{message}\n\nThe conversation so far:\n{}", self.describe())
    }
}

/// The buttons an action shows, as (title, action): quick replies and cards' buttons.
fn buttons(action: Action) -> Vec<(String, ButtonAction)> {
    match action {
        Action::SendQuickReplies(replies) => replies
            .buttons
            .into_iter()
            .map(|reply| (reply.title, reply.action))
            .collect(),
        Action::SendCards(cards) => cards
            .cards
            .into_iter()
            .flat_map(|card| card.buttons.unwrap_or_default())
            .map(|button| (button.title, button.action))
            .collect(),
        _ => Vec::new(),
    }
}
