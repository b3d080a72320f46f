//! One turn as played, kept so that a failing assertion can show the whole exchange.

use std::fmt;

use serde_json::{Map, Value};

use super::{RecordedAnswer, VisitorAction};

/// A turn as played: what the visitor did, the step and session the notification carried, and
/// the answer.
#[derive(Debug, Clone)]
pub(super) struct PlayedTurn {
    pub(super) visitor: VisitorAction,
    pub(super) step_id: String,
    pub(super) step_name: String,
    pub(super) session: Map<String, Value>,
    pub(super) answer: RecordedAnswer,
}

impl PlayedTurn {
    /// The turn as a failing test prints it, numbered from 1.
    pub(super) fn describe(&self, number: usize) -> String {
        Described { turn: self, number }.to_string()
    }
}

struct Described<'a> {
    turn: &'a PlayedTurn,
    number: usize,
}

impl fmt::Display for Described<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let turn = self.turn;
        writeln!(f, "turn {}: {}", self.number, turn.visitor)?;
        let session = Value::Object(turn.session.clone());
        writeln!(
            f,
            "  notification: step {} ({:?}), session {session}",
            turn.step_id, turn.step_name
        )?;
        let route = turn.answer.route.as_deref().unwrap_or("no route");
        writeln!(f, "  answer: {} from {route}", turn.answer.status)?;
        let body = serde_json::to_string_pretty(&turn.answer.body).unwrap_or_default();
        for line in body.lines() {
            writeln!(f, "    {line}")?;
        }
        Ok(())
    }
}

/// The whole exchange so far, turn after turn.
pub(super) fn describe_all(turns: &[PlayedTurn]) -> String {
    if turns.is_empty() {
        return "(no turn played yet)\n".to_owned();
    }
    turns
        .iter()
        .enumerate()
        .map(|(index, turn)| turn.describe(index + 1))
        .collect()
}
