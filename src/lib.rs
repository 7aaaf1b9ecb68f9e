//! `tact` audits customer-support transcripts and lints canned responses
//! for the classic customer-service mistakes.
//!
//! The pipeline, one module per stage: [`ingest`] reads exports into
//! [`model::Conversation`]s, [`normalize`] prepares text and time,
//! [`check`] holds one matcher per rule kind compiled from [`pack`]s,
//! [`engine`] runs them in parallel and reduces the results, and
//! [`report`] writes every output format. [`cli`] turns what the user
//! typed into a resolved configuration.

pub mod check;
pub mod cli;
pub mod config;
pub mod corpus;
pub mod engine;
pub mod eval;
pub mod findings;
pub mod ingest;
pub mod lint;
pub mod model;
pub mod normalize;
pub mod pack;
pub mod report;
#[cfg(test)]
mod testing;
pub mod use_records;
