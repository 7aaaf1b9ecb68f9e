//! Text and time cleanup shared by readers and checks: matching-friendly
//! text with a map back to the original bytes, redaction, timestamps, the
//! business calendar and deadline expressions.

pub mod calendar;
pub mod deadline;
pub mod fingerprint;
pub mod html;
pub mod redact;
pub mod text;
pub mod time;

pub use text::{Normalized, normalize};
