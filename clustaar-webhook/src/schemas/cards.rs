//! Cards: a title, a picture, a link and buttons, sent in a carousel.
//!
//! ```
//! use clustaar_webhook::schemas::{Button, Card, SendCardsAction, ShareAction};
//!
//! let card = Card::new("Our offer")
//!     .subtitle("Only today")
//!     .image_url("https://example.com/offer.png")
//!     .button(Button::new("Share", ShareAction::new()));
//! let action = SendCardsAction::new([card]);
//! assert_eq!(action.cards[0].buttons.as_ref().map(Vec::len), Some(1));
//! ```

use serde::{Deserialize, Serialize};

use crate::model;

use super::buttons::{Button, OpenUrlButton};
use super::tag::Tag;

fn empty_list<T>() -> Option<Vec<T>> {
    Some(Vec::new())
}

/// A card of a carousel (`card`).
///
/// An absent `buttons` key reads as an empty list; an explicit `null` is kept as `None` and
/// written back as `null`, as the reference does.
///
/// ```
/// use clustaar_webhook::schemas::Card;
///
/// let card = Card::new("Our offer").url("https://example.com/offer");
/// assert_eq!(
///     serde_json::to_string(&card).unwrap(),
///     concat!(
///         r#"{"type":"card","title":"Our offer","subtitle":null,"alt":null,"imageURL":null,"#,
///         r#""url":"https://example.com/offer","buttons":[]}"#
///     )
/// );
/// let read: Card = serde_json::from_str(r#"{"type":"card","title":"A","buttons":null}"#).unwrap();
/// assert_eq!(read.buttons, None);
/// ```
#[model("card")]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Card {
    #[serde(rename = "type", default)]
    type_tag: Tag<Card>,
    /// The card's title.
    #[field(rule = Length::between(1, 80), load(normalize, sanitize))]
    pub title: String,
    /// The line under the title.
    #[field(optional, rule = Length::at_most(80), load(normalize, sanitize))]
    #[serde(default)]
    pub subtitle: Option<String>,
    /// The picture's alternative text.
    #[field(optional, rule = Length::at_most(500))]
    #[serde(default)]
    pub alt: Option<String>,
    /// The picture's address.
    #[field(optional, rule = OrEmpty((Length::at_most(500), Url::HTTP)), load(strip))]
    #[serde(rename = "imageURL", default)]
    pub image_url: Option<String>,
    /// The page the card links to.
    #[field(optional, rule = Length::at_most(500), load(strip))]
    #[serde(default)]
    pub url: Option<String>,
    /// The card's buttons.
    #[field(optional, rule = Length::at_most(3))]
    #[serde(default = "empty_list")]
    pub buttons: Option<Vec<Button>>,
}

impl Card {
    /// A card titled `title`, without buttons.
    ///
    /// ```
    /// use clustaar_webhook::schemas::Card;
    ///
    /// let card = Card::new("Summer sale");
    /// assert_eq!(card.title, "Summer sale");
    /// assert_eq!(card.buttons, Some(Vec::new()));
    /// ```
    pub fn new(title: impl Into<String>) -> Self {
        Card {
            type_tag: Tag::new(),
            title: title.into(),
            subtitle: None,
            alt: None,
            image_url: None,
            url: None,
            buttons: empty_list(),
        }
    }

    /// Sets the line under the title.
    ///
    /// ```
    /// use clustaar_webhook::schemas::Card;
    ///
    /// let card = Card::new("Summer sale").subtitle("Until Sunday");
    /// assert_eq!(card.subtitle.as_deref(), Some("Until Sunday"));
    /// ```
    pub fn subtitle(mut self, subtitle: impl Into<String>) -> Self {
        self.subtitle = Some(subtitle.into());
        self
    }

    /// Sets the picture's alternative text.
    ///
    /// ```
    /// use clustaar_webhook::schemas::Card;
    ///
    /// let card = Card::new("Our shop")
    ///     .image_url("https://example.com/shop.jpg")
    ///     .alt("The shop front");
    /// assert_eq!(card.alt.as_deref(), Some("The shop front"));
    /// ```
    pub fn alt(mut self, alt: impl Into<String>) -> Self {
        self.alt = Some(alt.into());
        self
    }

    /// Sets the picture's address.
    ///
    /// ```
    /// use clustaar_webhook::schemas::Card;
    ///
    /// let card = Card::new("Our shop").image_url("https://example.com/shop.jpg");
    /// let json = serde_json::to_value(&card).unwrap();
    /// assert_eq!(json["imageURL"], "https://example.com/shop.jpg");
    /// ```
    pub fn image_url(mut self, image_url: impl Into<String>) -> Self {
        self.image_url = Some(image_url.into());
        self
    }

    /// Sets the page the card links to.
    ///
    /// ```
    /// use clustaar_webhook::schemas::Card;
    ///
    /// let card = Card::new("Our blog").url("https://example.com/blog");
    /// assert_eq!(card.url.as_deref(), Some("https://example.com/blog"));
    /// ```
    pub fn url(mut self, url: impl Into<String>) -> Self {
        self.url = Some(url.into());
        self
    }

    /// Adds a button.
    ///
    /// ```
    /// use clustaar_webhook::schemas::{Button, Card, GoToAction};
    ///
    /// let card = Card::new("Shoes")
    ///     .button(Button::new("See more", GoToAction::step("507f191e810c19729de860ea")));
    /// let json = serde_json::to_value(&card).unwrap();
    /// assert_eq!(json["buttons"][0]["title"], "See more");
    /// ```
    pub fn button(mut self, button: Button) -> Self {
        self.buttons.get_or_insert_with(Vec::new).push(button);
        self
    }
}

/// A card whose buttons can only open pages (`simple_card`).
///
/// ```
/// use clustaar_webhook::schemas::{OpenUrlButton, SimpleCard};
///
/// let card = SimpleCard::new("Docs").button(OpenUrlButton::new("Open", "https://example.com/"));
/// assert_eq!(
///     serde_json::to_string(&card).unwrap(),
///     r#"{"type":"simple_card","title":"Docs","subtitle":null,"imageURL":null,"buttons":[{"type":"open_url_button","title":"Open","action":{"type":"open_url_action","url":"https://example.com/"}}]}"#
/// );
/// ```
#[model("simple_card")]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SimpleCard {
    #[serde(rename = "type", default)]
    type_tag: Tag<SimpleCard>,
    /// The card's title.
    #[field(rule = Length::between(1, 80), load(normalize, sanitize))]
    pub title: String,
    /// The line under the title.
    #[field(optional, rule = Length::at_most(80), load(normalize, sanitize))]
    #[serde(default)]
    pub subtitle: Option<String>,
    /// The picture's address.
    #[field(optional, rule = OrEmpty((Length::at_most(500), Url::HTTP)), load(strip))]
    #[serde(rename = "imageURL", default)]
    pub image_url: Option<String>,
    /// The card's buttons (absent reads as empty, `null` is kept).
    ///
    /// The platform's rule is `len in [1, 3]`, but an absent list reads as the default empty
    /// list, which the platform never checks: an empty list cannot be told from an absent one
    /// here, so only the upper bound is kept.
    #[field(optional, rule = Length::at_most(3))]
    #[serde(default = "empty_list")]
    pub buttons: Option<Vec<OpenUrlButton>>,
}

impl SimpleCard {
    /// A card titled `title`, without buttons.
    ///
    /// ```
    /// use clustaar_webhook::schemas::SimpleCard;
    ///
    /// let card = SimpleCard::new("Docs");
    /// assert_eq!(card.title, "Docs");
    /// assert_eq!(card.buttons, Some(Vec::new()));
    /// ```
    pub fn new(title: impl Into<String>) -> Self {
        SimpleCard {
            type_tag: Tag::new(),
            title: title.into(),
            subtitle: None,
            image_url: None,
            buttons: empty_list(),
        }
    }

    /// Sets the line under the title.
    ///
    /// ```
    /// use clustaar_webhook::schemas::SimpleCard;
    ///
    /// let card = SimpleCard::new("Docs").subtitle("Guides and API");
    /// assert_eq!(card.subtitle.as_deref(), Some("Guides and API"));
    /// ```
    pub fn subtitle(mut self, subtitle: impl Into<String>) -> Self {
        self.subtitle = Some(subtitle.into());
        self
    }

    /// Sets the picture's address.
    ///
    /// ```
    /// use clustaar_webhook::schemas::SimpleCard;
    ///
    /// let card = SimpleCard::new("Docs").image_url("https://example.com/docs.png");
    /// let json = serde_json::to_value(&card).unwrap();
    /// assert_eq!(json["imageURL"], "https://example.com/docs.png");
    /// ```
    pub fn image_url(mut self, image_url: impl Into<String>) -> Self {
        self.image_url = Some(image_url.into());
        self
    }

    /// Adds a button.
    ///
    /// ```
    /// use clustaar_webhook::schemas::{OpenUrlButton, SimpleCard};
    ///
    /// let card = SimpleCard::new("Docs")
    ///     .button(OpenUrlButton::new("Guides", "https://example.com/guides"))
    ///     .button(OpenUrlButton::new("API", "https://example.com/api"));
    /// assert_eq!(card.buttons.map(|buttons| buttons.len()), Some(2));
    /// ```
    pub fn button(mut self, button: OpenUrlButton) -> Self {
        self.buttons.get_or_insert_with(Vec::new).push(button);
        self
    }
}

/// Sends a carousel of cards (`send_cards_action`).
///
/// ```
/// use clustaar_webhook::schemas::{Card, SendCardsAction};
///
/// let action = SendCardsAction::new([Card::new("One")]);
/// let json = serde_json::to_value(&action).unwrap();
/// assert_eq!(json["type"], "send_cards_action");
/// assert_eq!(json["cards"][0]["type"], "card");
/// ```
#[model("send_cards_action")]
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct SendCardsAction {
    #[serde(rename = "type", default)]
    type_tag: Tag<SendCardsAction>,
    /// The cards, in order.
    #[field(rule = Length::between(1, 25))]
    pub cards: Vec<Card>,
}

impl SendCardsAction {
    /// Sends `cards`.
    ///
    /// ```
    /// use clustaar_webhook::schemas::{Card, SendCardsAction};
    ///
    /// let action = SendCardsAction::new([Card::new("Red"), Card::new("Blue")]);
    /// assert_eq!(action.cards[1].title, "Blue");
    /// ```
    pub fn new(cards: impl IntoIterator<Item = Card>) -> Self {
        SendCardsAction {
            type_tag: Tag::new(),
            cards: cards.into_iter().collect(),
        }
    }
}

/// Sends a carousel of simple cards (`send_simple_cards_action`).
///
/// ```
/// use clustaar_webhook::schemas::{SendSimpleCardsAction, SimpleCard};
///
/// let action = SendSimpleCardsAction::new([SimpleCard::new("One"), SimpleCard::new("Two")]);
/// assert_eq!(action.cards.len(), 2);
/// ```
#[model("send_simple_cards_action")]
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct SendSimpleCardsAction {
    #[serde(rename = "type", default)]
    type_tag: Tag<SendSimpleCardsAction>,
    /// The cards, in order.
    #[field(rule = Length::between(1, 25))]
    pub cards: Vec<SimpleCard>,
}

impl SendSimpleCardsAction {
    /// Sends `cards`.
    ///
    /// ```
    /// use clustaar_webhook::schemas::{SendSimpleCardsAction, SimpleCard};
    ///
    /// let action = SendSimpleCardsAction::new([SimpleCard::new("Docs")]);
    /// let json = serde_json::to_value(&action).unwrap();
    /// assert_eq!(json["type"], "send_simple_cards_action");
    /// assert_eq!(json["cards"][0]["title"], "Docs");
    /// ```
    pub fn new(cards: impl IntoIterator<Item = SimpleCard>) -> Self {
        SendSimpleCardsAction {
            type_tag: Tag::new(),
            cards: cards.into_iter().collect(),
        }
    }
}
