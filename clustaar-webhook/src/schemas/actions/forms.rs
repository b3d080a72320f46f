//! Actions that ask the user for something: a location, documents, a satisfaction rating, a
//! pick in a list of choices.

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use crate::model;
use crate::schemas::ValidationErrorKind;
use crate::schemas::conditions::MatchIntentConditionIntent;
use crate::schemas::flow::GoToAction;
use crate::schemas::tag::Tag;
use crate::schemas::targets::Target;
use crate::schemas::validate::rules::OneOf;
use crate::schemas::validate::rules::{KeyRule, Length, Violation};

/// The kinds of a customer satisfaction answer (`kind` of [`CustomerSatisfactionChoice`] and of
/// `CustomerSatisfactionCallbackAction`).
pub(crate) const SATISFACTION_KINDS: OneOf = OneOf(&["negative", "neutral", "positive"]);

/// Asks the user to share their location (`ask_location_action`).
///
/// ```
/// use clustaar_webhook::schemas::{AskLocationAction, GoToAction};
///
/// let ask = AskLocationAction::new("Where are you?", GoToAction::step("507f191e810c19729de860ea"));
/// let json = serde_json::to_value(&ask).unwrap();
/// assert_eq!(json["action"]["type"], "go_to_action");
/// ```
#[model("ask_location_action")]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AskLocationAction {
    #[serde(rename = "type", default)]
    type_tag: Tag<AskLocationAction>,
    /// The question.
    #[field(rule = Length::between(1, 1000), load(sanitize))]
    pub message: String,
    /// Where the conversation goes once the location is shared.
    #[serde(rename = "action")]
    pub callback_action: GoToAction,
}

impl AskLocationAction {
    /// Asks `message`, then does `callback_action`.
    ///
    /// ```
    /// use clustaar_webhook::schemas::{AskLocationAction, GoToAction};
    ///
    /// let next = GoToAction::step("507f191e810c19729de860ea");
    /// let ask = AskLocationAction::new("Where should we deliver?", next);
    /// assert_eq!(ask.message, "Where should we deliver?");
    /// assert_eq!(ask.callback_action.target.type_name(), "step");
    /// ```
    pub fn new(message: impl Into<String>, callback_action: GoToAction) -> Self {
        AskLocationAction {
            type_tag: Tag::new(),
            message: message.into(),
            callback_action,
        }
    }
}

/// One document asked by an [`AskDocumentAction`] (`asked_document`).
///
/// ```
/// use clustaar_webhook::schemas::AskedDocument;
///
/// let bill = AskedDocument::new("bill", "A recent utility bill", ["pdf"]);
/// assert_eq!(
///     serde_json::to_string(&bill).unwrap(),
///     concat!(
///         r#"{"type":"asked_document","message":"A recent utility bill","name":"bill","#,
///         r#""authorizedFileTypes":["pdf"]}"#
///     )
/// );
/// ```
#[model("asked_document")]
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct AskedDocument {
    #[serde(rename = "type", default)]
    type_tag: Tag<AskedDocument>,
    /// What to tell the user about this document.
    #[field(rule = Length::between(0, 300))]
    pub message: String,
    /// The document's name.
    #[field(rule = Length::between(1, 150))]
    pub name: String,
    /// The accepted file types.
    #[serde(rename = "authorizedFileTypes")]
    pub authorized_file_types: Vec<String>,
}

impl AskedDocument {
    /// The document `name`, asked with `message`, of one of `authorized_file_types`.
    ///
    /// ```
    /// use clustaar_webhook::schemas::AskedDocument;
    ///
    /// let photo = AskedDocument::new("photo", "A photo of the damage", ["jpg", "png"]);
    /// assert_eq!(photo.name, "photo");
    /// assert_eq!(photo.message, "A photo of the damage");
    /// assert_eq!(photo.authorized_file_types, ["jpg", "png"]);
    /// ```
    pub fn new<S: Into<String>>(
        name: impl Into<String>,
        message: impl Into<String>,
        authorized_file_types: impl IntoIterator<Item = S>,
    ) -> Self {
        AskedDocument {
            type_tag: Tag::new(),
            message: message.into(),
            name: name.into(),
            authorized_file_types: authorized_file_types.into_iter().map(Into::into).collect(),
        }
    }
}

/// Asks the user to upload documents (`ask_document_action`).
///
/// ```
/// use clustaar_webhook::schemas::{AskDocumentAction, AskedDocument};
///
/// let ask = AskDocumentAction::new(
///     "Please send us:",
///     [AskedDocument::new("id_card", "Your ID card", ["pdf", "png"])],
/// );
/// assert_eq!(ask.documents[0].authorized_file_types, ["pdf", "png"]);
/// ```
#[model("ask_document_action")]
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct AskDocumentAction {
    #[serde(rename = "type", default)]
    type_tag: Tag<AskDocumentAction>,
    /// The request.
    #[field(rule = Length::between(0, 300))]
    pub message: String,
    /// The documents asked.
    #[field(rule = Length::between(1, 20))]
    pub documents: Vec<AskedDocument>,
}

impl AskDocumentAction {
    /// Asks `message` for `documents`.
    ///
    /// ```
    /// use clustaar_webhook::schemas::{AskDocumentAction, AskedDocument};
    ///
    /// let id_card = AskedDocument::new("id_card", "Your ID card", ["pdf", "jpg"]);
    /// let ask = AskDocumentAction::new("We need one document:", [id_card]);
    /// assert_eq!(ask.message, "We need one document:");
    /// assert_eq!(ask.documents[0].name, "id_card");
    /// ```
    pub fn new(
        message: impl Into<String>,
        documents: impl IntoIterator<Item = AskedDocument>,
    ) -> Self {
        AskDocumentAction {
            type_tag: Tag::new(),
            message: message.into(),
            documents: documents.into_iter().collect(),
        }
    }
}

/// One answer of a satisfaction question (`customer_satisfaction_choice`).
///
/// `matching_intent_id` is read but never written: the intent is written as `matchingIntent`.
///
/// ```
/// use clustaar_webhook::schemas::CustomerSatisfactionChoice;
///
/// let json = r#"{"type":"customer_satisfaction_choice","target":null,"kind":"positive",
///     "label":"Great","matchingIntent":null,"matching_intent_id":"a1a1a1a1a1a1a1a1a1a1a1a1"}"#;
/// let choice: CustomerSatisfactionChoice = serde_json::from_str(json).unwrap();
/// assert_eq!(choice.matching_intent_id(), Some("a1a1a1a1a1a1a1a1a1a1a1a1"));
/// assert!(!serde_json::to_string(&choice).unwrap().contains("matching_intent_id"));
/// ```
#[model("customer_satisfaction_choice")]
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct CustomerSatisfactionChoice {
    #[serde(rename = "type", default)]
    type_tag: Tag<CustomerSatisfactionChoice>,
    /// Where the conversation goes when this answer is chosen.
    #[serde(default)]
    pub target: Option<Target>,
    /// `negative`, `neutral` or `positive`.
    #[field(rule = SATISFACTION_KINDS)]
    pub kind: String,
    /// The answer's label.
    #[field(rule = Length::between(0, 60), load(normalize, sanitize))]
    pub label: String,
    /// The intent that also selects this answer, as the platform sends it.
    #[serde(rename = "matchingIntent", default)]
    pub matching_intent: Option<MatchIntentConditionIntent>,
    /// The intent's id as given on input (`matching_intent_id`); never written.
    #[field(optional, refuses_null)]
    #[serde(default, skip_serializing)]
    pub matching_intent_id: Option<String>,
}

impl CustomerSatisfactionChoice {
    /// An answer of the given `kind` labelled `label`.
    ///
    /// ```
    /// use clustaar_webhook::schemas::CustomerSatisfactionChoice;
    ///
    /// let neutral = CustomerSatisfactionChoice::new("neutral", "So-so");
    /// assert_eq!(neutral.kind, "neutral");
    /// assert_eq!(neutral.label, "So-so");
    /// assert_eq!(neutral.target, None);
    /// ```
    pub fn new(kind: impl Into<String>, label: impl Into<String>) -> Self {
        CustomerSatisfactionChoice {
            kind: kind.into(),
            label: label.into(),
            ..Default::default()
        }
    }

    /// Sets where the conversation goes when this answer is chosen.
    ///
    /// ```
    /// use clustaar_webhook::schemas::{CustomerSatisfactionChoice, StepTarget};
    ///
    /// let unhappy = CustomerSatisfactionChoice::new("negative", "Not really")
    ///     .target(StepTarget::new("507f191e810c19729de860ea"));
    /// let json = serde_json::to_value(&unhappy).unwrap();
    /// assert_eq!(json["target"]["id"], "507f191e810c19729de860ea");
    /// ```
    pub fn target(mut self, target: impl Into<Target>) -> Self {
        self.target = Some(target.into());
        self
    }

    /// Sets the intent that also selects this answer.
    ///
    /// ```
    /// use clustaar_webhook::schemas::{CustomerSatisfactionChoice, MatchIntentConditionIntent};
    ///
    /// let thanks = MatchIntentConditionIntent::new("a1a1a1a1a1a1a1a1a1a1a1a1");
    /// let happy = CustomerSatisfactionChoice::new("positive", "Yes!").matching_intent(thanks);
    /// let json = serde_json::to_value(&happy).unwrap();
    /// assert_eq!(json["matchingIntent"]["id"], "a1a1a1a1a1a1a1a1a1a1a1a1");
    /// ```
    pub fn matching_intent(mut self, intent: MatchIntentConditionIntent) -> Self {
        self.matching_intent = Some(intent);
        self
    }

    /// The id of the intent that also selects this answer: `matchingIntent.id` when present,
    /// else the `matching_intent_id` read.
    ///
    /// ```
    /// use clustaar_webhook::schemas::{CustomerSatisfactionChoice, MatchIntentConditionIntent};
    ///
    /// let happy = CustomerSatisfactionChoice::new("positive", "Yes!");
    /// assert_eq!(happy.matching_intent_id(), None);
    /// let thanks = MatchIntentConditionIntent::new("a1a1a1a1a1a1a1a1a1a1a1a1");
    /// let happy = happy.matching_intent(thanks);
    /// assert_eq!(happy.matching_intent_id(), Some("a1a1a1a1a1a1a1a1a1a1a1a1"));
    /// ```
    pub fn matching_intent_id(&self) -> Option<&str> {
        self.matching_intent
            .as_ref()
            .map(|intent| intent.id.as_str())
            .or(self.matching_intent_id.as_deref())
    }
}

/// Asks the user to rate the conversation (`customer_satisfaction_action`).
///
/// ```
/// use clustaar_webhook::schemas::{CustomerSatisfactionAction, CustomerSatisfactionChoice};
///
/// let ask = CustomerSatisfactionAction::new(
///     "Was this helpful?",
///     [
///         CustomerSatisfactionChoice::new("positive", "Yes"),
///         CustomerSatisfactionChoice::new("negative", "No"),
///     ],
/// );
/// let json = serde_json::to_value(&ask).unwrap();
/// assert_eq!(json["choices"][1]["matchingIntent"], serde_json::Value::Null);
/// ```
#[model("customer_satisfaction_action")]
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct CustomerSatisfactionAction {
    #[serde(rename = "type", default)]
    type_tag: Tag<CustomerSatisfactionAction>,
    /// The question.
    #[field(rule = Length::between(1, 1000), load(normalize, sanitize))]
    pub message: String,
    /// The answers (two or three).
    #[field(rule = Length::between(2, 3))]
    pub choices: Vec<CustomerSatisfactionChoice>,
}

impl CustomerSatisfactionAction {
    /// Asks `message`, offering `choices`.
    ///
    /// ```
    /// use clustaar_webhook::schemas::{CustomerSatisfactionAction, CustomerSatisfactionChoice};
    ///
    /// let ask = CustomerSatisfactionAction::new(
    ///     "How did we do?",
    ///     [
    ///         CustomerSatisfactionChoice::new("positive", "Well"),
    ///         CustomerSatisfactionChoice::new("neutral", "Fine"),
    ///         CustomerSatisfactionChoice::new("negative", "Badly"),
    ///     ],
    /// );
    /// assert_eq!(ask.choices.len(), 3);
    /// ```
    pub fn new(
        message: impl Into<String>,
        choices: impl IntoIterator<Item = CustomerSatisfactionChoice>,
    ) -> Self {
        CustomerSatisfactionAction {
            type_tag: Tag::new(),
            message: message.into(),
            choices: choices.into_iter().collect(),
        }
    }
}

/// One entry of a choices list (`choice`).
///
/// ```
/// use clustaar_webhook::schemas::Choice;
///
/// let paris = Choice::new("Paris").session_value("city", "paris");
/// assert_eq!(
///     serde_json::to_string(&paris).unwrap(),
///     r#"{"type":"choice","imageUrl":null,"title":"Paris","sessionValues":{"city":"paris"}}"#
/// );
/// ```
#[model("choice")]
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Choice {
    #[serde(rename = "type", default)]
    type_tag: Tag<Choice>,
    /// A picture shown with the entry.
    #[field(optional, rule = (Length::between(1, 500), Url::ANY), load(strip, sanitize))]
    #[serde(rename = "imageUrl", default)]
    pub image_url: Option<String>,
    /// The entry's text.
    #[field(rule = Length::between(1, 500), load(normalize, sanitize))]
    pub title: String,
    /// Session values stored when the entry is picked.
    #[field(optional)]
    #[serde(rename = "sessionValues", default)]
    pub session_values: Option<Map<String, Value>>,
}

impl Choice {
    /// An entry titled `title`.
    ///
    /// ```
    /// use clustaar_webhook::schemas::Choice;
    ///
    /// let lyon = Choice::new("Lyon");
    /// assert_eq!(lyon.title, "Lyon");
    /// assert_eq!(lyon.session_values, None);
    /// ```
    pub fn new(title: impl Into<String>) -> Self {
        Choice {
            title: title.into(),
            ..Default::default()
        }
    }

    /// Sets the picture shown with the entry.
    ///
    /// ```
    /// use clustaar_webhook::schemas::Choice;
    ///
    /// let red = Choice::new("Red").image_url("https://example.com/red.png");
    /// assert_eq!(serde_json::to_value(&red).unwrap()["imageUrl"], "https://example.com/red.png");
    /// ```
    pub fn image_url(mut self, image_url: impl Into<String>) -> Self {
        self.image_url = Some(image_url.into());
        self
    }

    /// Stores the session value `key` = `value` when the entry is picked.
    ///
    /// ```
    /// use clustaar_webhook::schemas::Choice;
    ///
    /// let large = Choice::new("Large").session_value("size", "L").session_value("price", 30);
    /// let values = large.session_values.unwrap();
    /// assert_eq!(values["size"], "L");
    /// assert_eq!(values["price"], 30);
    /// ```
    pub fn session_value(mut self, key: impl Into<String>, value: impl Into<Value>) -> Self {
        self.session_values
            .get_or_insert_with(Map::new)
            .insert(key.into(), value.into());
        self
    }
}

/// A titled group of entries of a choices list (`section`).
///
/// ```
/// use clustaar_webhook::schemas::{Choice, Section};
///
/// let europe = Section::new([Choice::new("Paris")]).title("Europe");
/// let json = serde_json::to_value(&europe).unwrap();
/// assert_eq!(json["type"], "section");
/// assert_eq!(json["title"], "Europe");
/// assert_eq!(json["choices"][0]["title"], "Paris");
/// ```
#[model("section")]
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Section {
    #[serde(rename = "type", default)]
    type_tag: Tag<Section>,
    /// The group's title.
    #[field(optional, rule = Length::between(0, 500), load(normalize, sanitize))]
    #[serde(default)]
    pub title: Option<String>,
    /// The group's entries.
    #[field(rule = Length::between(1, 100))]
    pub choices: Vec<Choice>,
}

impl Section {
    /// An untitled group of `choices`.
    ///
    /// ```
    /// use clustaar_webhook::schemas::{Choice, Section};
    ///
    /// let sizes = Section::new([Choice::new("S"), Choice::new("M"), Choice::new("L")]);
    /// assert_eq!(sizes.title, None);
    /// assert_eq!(sizes.choices.len(), 3);
    /// ```
    pub fn new(choices: impl IntoIterator<Item = Choice>) -> Self {
        Section {
            type_tag: Tag::new(),
            title: None,
            choices: choices.into_iter().collect(),
        }
    }

    /// Sets the group's title.
    ///
    /// ```
    /// use clustaar_webhook::schemas::{Choice, Section};
    ///
    /// let asia = Section::new([Choice::new("Tokyo")]).title("Asia");
    /// assert_eq!(asia.title.as_deref(), Some("Asia"));
    /// ```
    pub fn title(mut self, title: impl Into<String>) -> Self {
        self.title = Some(title.into());
        self
    }
}

/// Shows a searchable list of choices (`send_choices_list_action`).
///
/// ```
/// use clustaar_webhook::schemas::{Choice, GoToAction, Section, SendChoicesListAction};
///
/// let list = SendChoicesListAction::new(
///     "Pick a city",
///     [Section::new([Choice::new("Paris").session_value("city", "paris")])],
///     GoToAction::step("507f191e810c19729de860ea"),
/// )
/// .message("Where do you live?");
/// let json = serde_json::to_value(&list).unwrap();
/// assert_eq!(json["sections"][0]["choices"][0]["sessionValues"]["city"], "paris");
/// ```
#[model("send_choices_list_action")]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SendChoicesListAction {
    #[serde(rename = "type", default)]
    type_tag: Tag<SendChoicesListAction>,
    /// The message shown above the list.
    #[field(optional, rule = Length::between(1, 500), load(normalize, sanitize))]
    #[serde(default)]
    pub message: Option<String>,
    /// The text of the search field.
    #[field(rule = Length::between(1, 45), load(normalize, sanitize))]
    pub placeholder: String,
    /// The groups of entries.
    #[field(rule = TitledSections(Length::between(1, 50)))]
    pub sections: Vec<Section>,
    /// Where the conversation goes once an entry is picked.
    pub action: GoToAction,
}

impl SendChoicesListAction {
    /// A list of `sections` with the search text `placeholder`, then `action`.
    ///
    /// ```
    /// use clustaar_webhook::schemas::{Choice, GoToAction, Section, SendChoicesListAction};
    ///
    /// let cities = Section::new([Choice::new("Paris"), Choice::new("Lyon")]);
    /// let next = GoToAction::step("507f191e810c19729de860ea");
    /// let list = SendChoicesListAction::new("Type a city", [cities], next);
    /// assert_eq!(list.placeholder, "Type a city");
    /// assert_eq!(list.message, None);
    /// ```
    pub fn new(
        placeholder: impl Into<String>,
        sections: impl IntoIterator<Item = Section>,
        action: GoToAction,
    ) -> Self {
        SendChoicesListAction {
            type_tag: Tag::new(),
            message: None,
            placeholder: placeholder.into(),
            sections: sections.into_iter().collect(),
            action,
        }
    }

    /// Sets the message shown above the list.
    ///
    /// ```
    /// use clustaar_webhook::schemas::{GoToAction, SendChoicesListAction};
    ///
    /// let next = GoToAction::step("507f191e810c19729de860ea");
    /// let list = SendChoicesListAction::new("Search", [], next).message("Pick your shop");
    /// assert_eq!(list.message.as_deref(), Some("Pick your shop"));
    /// ```
    pub fn message(mut self, message: impl Into<String>) -> Self {
        self.message = Some(message.into());
        self
    }
}

/// The rule of a choices list's sections: their count, then, when there are several, a title
/// for each, so that the user can tell them apart.
#[derive(Debug, Clone, Copy)]
pub(crate) struct TitledSections(pub(crate) Length);

impl TitledSections {
    fn each<'a>(
        &self,
        count: usize,
        titles: impl Iterator<Item = Option<&'a str>>,
        report: &mut dyn FnMut(Violation),
    ) {
        if let Err(violation) = self.0.check_len(count) {
            return report(violation);
        }
        if count < 2 {
            return;
        }
        for (index, title) in titles.enumerate() {
            if title.is_none_or(str::is_empty) {
                report(
                    Violation::new(
                        ValidationErrorKind::Custom,
                        "every section needs a title when there are several",
                    )
                    .within(format!("{index}.title")),
                );
            }
        }
    }
}

impl KeyRule<[Section]> for TitledSections {
    fn each(&self, sections: &[Section], report: &mut dyn FnMut(Violation)) {
        let titles = sections.iter().map(|section| section.title.as_deref());
        TitledSections::each(self, sections.len(), titles, report);
    }
}

impl KeyRule<[Value]> for TitledSections {
    fn each(&self, sections: &[Value], report: &mut dyn FnMut(Violation)) {
        let titles = sections
            .iter()
            .map(|section| section.get("title").and_then(Value::as_str));
        TitledSections::each(self, sections.len(), titles, report);
    }
}
