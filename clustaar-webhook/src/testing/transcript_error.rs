//! Why a transcript could not be read or written.

use std::io;
use std::path::PathBuf;

/// A transcript file that could not be read, parsed or written.
///
/// ```
/// use clustaar_webhook::testing::{Transcript, TranscriptError};
///
/// let error = Transcript::load("no/such/transcript.json").unwrap_err();
/// assert!(matches!(error, TranscriptError::Read { .. }));
/// assert!(error.to_string().starts_with("cannot read the transcript no/such/transcript.json"));
/// ```
#[derive(Debug, thiserror::Error)]
pub enum TranscriptError {
    /// The file could not be read.
    #[error("cannot read the transcript {}: {source}", path.display())]
    Read {
        /// The file.
        path: PathBuf,
        /// Why.
        source: io::Error,
    },
    /// The file is not a transcript.
    #[error("the transcript {} is not valid: {source}", path.display())]
    Parse {
        /// The file.
        path: PathBuf,
        /// Where and why.
        source: serde_json::Error,
    },
    /// The file could not be written.
    #[error("cannot write the transcript {}: {source}", path.display())]
    Write {
        /// The file.
        path: PathBuf,
        /// Why.
        source: io::Error,
    },
}
