//! Text and time cleanup shared by readers and checks: matching-friendly
//! text with a map back to the original bytes, redaction, timestamps.

pub mod redact;
pub mod text;
pub mod time;

pub use text::{Normalized, normalize};
