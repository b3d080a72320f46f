//! Rules that the macros check at compile time and the core crate checks at run time, written
//! once.
//!
//! This folder is compiled into both crates: the macro crate declares it as its `rules` module,
//! and the core crate reaches the same files through its symlink `clustaar-webhook/src/rules`
//! (a proc-macro crate cannot export functions, and the core crate depends on this one). The
//! two crates therefore agree on these rules by construction. `cargo package` copies the files
//! behind the symlink into the core crate's package.
//!
//! For that, the code here uses only `std` (no `syn`, no `serde_json`), names nothing outside
//! this folder, and writes its items `pub(crate)`, a visibility both crates understand; each
//! crate turns them into its own types and messages (the core's `KeyPath`, `KeyPathError`,
//! `StepId`; the macros' compile errors).

pub(crate) mod bot_id;
pub(crate) mod key_path;
pub(crate) mod step_id;

/// The top-level keys of a notification, in the order the platform writes them; the keys a
/// key path of `#[on(json(key = …))]` can start with.
// The core crate only reads it in its tests, which check it against the notification model.
#[cfg_attr(not(test), allow(dead_code))]
pub(crate) const NOTIFICATION_KEYS: [&str; 5] = ["botID", "timestamp", "topic", "type", "data"];
