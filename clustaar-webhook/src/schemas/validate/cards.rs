//! The rules of cards.

use super::model_rules;
use super::rules::{Length, OrEmpty, Url};
use crate::schemas::{Card, SendCardsAction, SendSimpleCardsAction, SimpleCard};

model_rules! {
    Card => |card, c| {
        c.check("title", &card.title, Length::between(1, 80));
        c.check("subtitle", &card.subtitle, Length::at_most(80));
        c.check("alt", &card.alt, Length::at_most(500));
        c.check("imageURL", &card.image_url, OrEmpty((Length::at_most(500), Url::HTTP)));
        c.check("url", &card.url, Length::at_most(500));
        c.list("buttons", &card.buttons, Length::at_most(3));
    },
    SimpleCard => |card, c| {
        c.check("title", &card.title, Length::between(1, 80));
        c.check("subtitle", &card.subtitle, Length::at_most(80));
        c.check("imageURL", &card.image_url, OrEmpty((Length::at_most(500), Url::HTTP)));
        // `len in [1, 3]`, but an absent list reads as the default empty list, which the
        // platform never checks: an empty list cannot be told from an absent one here.
        c.list("buttons", &card.buttons, Length::at_most(3));
    },
    SendCardsAction => |action, c| {
        c.list("cards", &action.cards, Length::between(1, 25));
    },
    SendSimpleCardsAction => |action, c| {
        c.list("cards", &action.cards, Length::between(1, 25));
    },
}
