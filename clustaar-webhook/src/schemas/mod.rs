//! Typed models of everything the platform sends and accepts, one type per schema of the
//! reference `clustaar.schemas`, named after the reference's model.
//!
//! Models write their JSON exactly as the reference does: keys in camelCase as the reference
//! spells them, in the reference's order, the `type` constant always written, and a missing
//! optional value written as `null` (except the few keys the reference drops).

pub(crate) mod polymorphic;
mod tag;
mod targets;

pub use polymorphic::UnknownObject;
pub use tag::{Tag, TypeName};
pub use targets::{ActionsBlockTarget, StepTarget, StoryTarget, Target};
