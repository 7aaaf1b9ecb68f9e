//! `findings.jsonl` and `--output-format jsonl`: one finding per line with
//! every field of DESIGN §4:
//!
//! ```json
//! {"rule":"policy/hiding-behind-policy","severity":"warning","conversation_id":"T-1042","message_id":"m2","agent":"Dana Reyes","ts":"2026-11-16T09:40:00Z","start":14,"end":31,"excerpt":"…that's our policy…","message":"Cites policy as the answer instead of solving the problem"}
//! ```

use crate::engine::Audit;
use std::io::{self, Write};

pub fn write(audit: &Audit, out: &mut dyn Write) -> io::Result<()> {
    audit.findings.for_each(|finding| {
        serde_json::to_writer(&mut *out, finding)?;
        out.write_all(b"\n")
    })
}
