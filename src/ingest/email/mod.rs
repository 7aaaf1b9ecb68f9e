//! Email in: `.eml` files, mbox and Maildir, threaded into conversations.

pub mod reply;
