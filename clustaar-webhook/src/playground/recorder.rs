//! The conversation so far, recorded as the playground relays it, as a [`Transcript`] of the
//! test kit: the page's "Save as test" downloads it, and `cargo test` replays it.

use std::collections::VecDeque;
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};

use serde_json::Value;

use crate::testing::{
    ConversationState, RecordedAnswer, Transcript, TranscriptTurn, VisitorAction,
};

/// The turns a recording keeps: the last ones, so that a playground left open all day does
/// not grow without end.
pub(super) const MAX_TURNS: usize = 1_000;

/// The playground's one recording (a single developer's tool), shared by its clones.
#[derive(Clone, Debug, Default)]
pub(super) struct Recorder(Arc<Mutex<Recording>>);

#[derive(Debug, Default)]
struct Recording {
    /// Each turn, with the state its notification was sent in.
    turns: VecDeque<(ConversationState, TranscriptTurn)>,
    /// The state a replay would be in after the last turn: the last answer carried.
    after: Option<ConversationState>,
}

impl Recorder {
    fn lock(&self) -> MutexGuard<'_, Recording> {
        // A recording is valid after any panic: each change is one assignment or push.
        self.0.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// Starts a new transcript: the page started a new conversation.
    pub(super) fn restart(&self) {
        *self.lock() = Recording::default();
    }

    /// Records a turn played in `state` (for a click, the state after the page followed it).
    ///
    /// A transcript replays from its start alone: when `state` is not where the conversation
    /// would be by then (the page's panels were edited, or a turn the transcript cannot hold
    /// came between), the recording starts again from this turn.
    pub(super) fn record(
        &self,
        state: ConversationState,
        visitor: VisitorAction,
        answer: RecordedAnswer,
    ) {
        let mut recording = self.lock();
        let expected = recording.after.take().map(|mut expected| {
            if let VisitorAction::Clicks(click) = &visitor {
                expected.follow(&click.go_to);
            }
            expected
        });
        if !expected.is_some_and(|expected| same_state(&expected, &state)) {
            recording.turns.clear();
        }
        let mut after = state.clone();
        if let Some(reached) = answer.step_reached() {
            after.carry(&reached);
        }
        recording.after = Some(after);
        recording
            .turns
            .push_back((state, TranscriptTurn { visitor, answer }));
        if recording.turns.len() > MAX_TURNS {
            recording.turns.pop_front();
        }
    }

    /// Ends the recording after a turn the transcript cannot hold: the next turn starts anew.
    pub(super) fn interrupt(&self) {
        self.lock().after = None;
    }

    /// The transcript so far; an empty one starts from `start`.
    ///
    /// Its start is the state of its first turn: following a click there again is harmless
    /// (its session values are merged already, and its step is the current one).
    pub(super) fn transcript(&self, start: impl FnOnce() -> ConversationState) -> Transcript {
        let recording = self.lock();
        let start = match recording.turns.front() {
            Some((state, _)) => state.clone(),
            None => start(),
        };
        let turns = recording
            .turns
            .iter()
            .map(|(_, turn)| turn.clone())
            .collect();
        Transcript { start, turns }
    }
}

/// Whether two states are the same once through the page's JavaScript, where `2.0` reads `2`.
fn same_state(expected: &ConversationState, found: &ConversationState) -> bool {
    let json = |state: &ConversationState| serde_json::to_value(state).unwrap_or(Value::Null);
    same_json(&json(expected), &json(found))
}

fn same_json(a: &Value, b: &Value) -> bool {
    match (a, b) {
        (Value::Number(a), Value::Number(b)) => a.as_f64() == b.as_f64(),
        (Value::Array(a), Value::Array(b)) => {
            a.len() == b.len() && a.iter().zip(b).all(|(a, b)| same_json(a, b))
        }
        (Value::Object(a), Value::Object(b)) => {
            a.len() == b.len()
                && a.iter()
                    .all(|(key, a)| b.get(key).is_some_and(|b| same_json(a, b)))
        }
        _ => a == b,
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;
    use crate::schemas::GoToAction;
    use crate::testing::Click;

    fn answer(session: Value) -> RecordedAnswer {
        let body = json!({ "actions": [], "session": { "values": session } });
        RecordedAnswer::from_parts(200, None, body.to_string().as_bytes())
    }

    fn says(text: &str) -> VisitorAction {
        VisitorAction::Says(text.to_owned())
    }

    #[test]
    fn turns_carried_as_a_replay_would_carry_them_make_one_transcript() {
        let recorder = Recorder::default();
        let start = ConversationState::default();
        recorder.record(start.clone(), says("Hi"), answer(json!({ "n": 2.0 })));
        let mut next = start.clone();
        // As the page's JavaScript sends it back.
        next.session.insert("n".to_owned(), json!(2));
        let go_to = GoToAction::step("5f0c");
        let click = Click {
            title: "Go".to_owned(),
            go_to: go_to.clone(),
        };
        next.follow(&go_to);
        recorder.record(next, VisitorAction::Clicks(click), answer(json!({})));
        let transcript = recorder.transcript(ConversationState::default);
        assert_eq!(transcript.start, start);
        assert_eq!(transcript.turns.len(), 2);
    }

    #[test]
    fn an_edited_state_or_an_interruption_starts_a_new_transcript() {
        let recorder = Recorder::default();
        let start = ConversationState::default();
        recorder.record(start.clone(), says("Hi"), answer(json!({})));
        let mut edited = start.clone();
        edited.step_id = "5f0c".to_owned();
        recorder.record(edited.clone(), says("Again"), answer(json!({})));
        let transcript = recorder.transcript(ConversationState::default);
        assert_eq!(
            (transcript.start, transcript.turns.len()),
            (edited.clone(), 1)
        );

        recorder.interrupt();
        recorder.record(edited.clone(), says("Once more"), answer(json!({})));
        assert_eq!(
            recorder.transcript(ConversationState::default).turns.len(),
            1
        );

        recorder.restart();
        let empty = recorder.transcript(|| edited.clone());
        assert_eq!((empty.start, empty.turns.len()), (edited, 0));
    }

    #[test]
    fn a_recording_keeps_the_last_turns_and_starts_where_they_start() {
        let recorder = Recorder::default();
        for turn in 0..=MAX_TURNS {
            let mut state = ConversationState::default();
            state.session.insert("turn".to_owned(), json!(turn));
            let after = json!({ "turn": turn + 1 });
            recorder.record(state, says(&turn.to_string()), answer(after));
        }
        let transcript = recorder.transcript(ConversationState::default);
        assert_eq!(transcript.turns.len(), MAX_TURNS);
        assert_eq!(transcript.start.session["turn"], 1);
        assert_eq!(transcript.turns[0].visitor, says("1"));
    }
}
