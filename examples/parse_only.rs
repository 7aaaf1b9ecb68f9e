//! The benchmark's floor: a minimal program that only reads and parses
//! canonical JSON Lines, with no rules, reports or normalisation. Whatever
//! `tact audit` does on top of this costs time, so the ratio of the two
//! throughputs (`bench/run`) shows how much of the run is analysis.
//!
//! ```text
//! cargo run --release --example parse_only -- FILE [--threads N]
//! ```
//!
//! Prints `conversations messages text_bytes` on one line. It uses the same
//! shape as the real reader (one thread splits lines into blocks, workers
//! parse them), borrowing strings from the line where JSON has no escapes,
//! which is as cheap as serde_json gets.

use serde::Deserialize;
use std::borrow::Cow;
use std::fs::File;
use std::io::{BufRead, BufReader};
use std::sync::mpsc::sync_channel;
use std::sync::{Arc, Mutex};

#[derive(Deserialize)]
struct Conversation<'a> {
    #[serde(borrow)]
    #[allow(dead_code)] // Parsed, as the audit must, but not used.
    id: Cow<'a, str>,
    #[serde(borrow)]
    messages: Vec<Message<'a>>,
}

#[derive(Deserialize)]
#[allow(dead_code)] // The fields are parsed, as the audit must parse them.
struct Message<'a> {
    #[serde(borrow)]
    author: Cow<'a, str>,
    #[serde(borrow)]
    role: Cow<'a, str>,
    #[serde(borrow, default)]
    ts: Option<Cow<'a, str>>,
    #[serde(borrow)]
    text: Cow<'a, str>,
}

/// Lines handed to a worker at once: big enough that the channel is not
/// the bottleneck, small enough that memory stays flat.
const BLOCK_BYTES: usize = 1 << 20;

fn main() {
    let mut args = std::env::args().skip(1);
    let mut path = None;
    let mut threads = std::thread::available_parallelism().map_or(1, |n| n.get());
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--threads" => {
                threads = args
                    .next()
                    .and_then(|n| n.parse().ok())
                    .filter(|&n| n > 0)
                    .unwrap_or_else(|| fail("--threads takes a positive number"));
            }
            _ if path.is_none() => path = Some(arg),
            _ => fail(&format!("unexpected argument {arg}")),
        }
    }
    let path = path.unwrap_or_else(|| fail("usage: parse_only FILE [--threads N]"));
    let file = File::open(&path).unwrap_or_else(|e| fail(&format!("{path}: {e}")));

    // One reader fills blocks of whole lines; the workers parse them.
    let (send, receive) = sync_channel::<Vec<u8>>(threads * 2);
    let receive = Arc::new(Mutex::new(receive));
    let workers: Vec<_> = (0..threads)
        .map(|_| {
            let receive = Arc::clone(&receive);
            std::thread::spawn(move || {
                let mut totals = [0u64; 3];
                loop {
                    let block = match receive.lock() {
                        Ok(guard) => guard.recv(),
                        Err(_) => break,
                    };
                    let Ok(block) = block else { break };
                    for line in block.split(|&b| b == b'\n') {
                        if line.iter().all(u8::is_ascii_whitespace) {
                            continue;
                        }
                        if let Ok(conversation) = serde_json::from_slice::<Conversation>(line) {
                            totals[0] += 1;
                            totals[1] += conversation.messages.len() as u64;
                            totals[2] += conversation
                                .messages
                                .iter()
                                .map(|m| m.text.len() as u64)
                                .sum::<u64>();
                        }
                    }
                }
                totals
            })
        })
        .collect();
    let mut reader = BufReader::with_capacity(BLOCK_BYTES, file);
    let mut block = Vec::with_capacity(BLOCK_BYTES * 2);
    loop {
        let before = block.len();
        match reader.read_until(b'\n', &mut block) {
            Ok(0) => break,
            Ok(_) if block.len() >= BLOCK_BYTES => {
                let full = std::mem::replace(&mut block, Vec::with_capacity(BLOCK_BYTES * 2));
                if send.send(full).is_err() {
                    break;
                }
            }
            Ok(_) => {}
            Err(e) => {
                block.truncate(before);
                eprintln!("{path}: {e}");
                break;
            }
        }
    }
    if !block.is_empty() {
        let _ = send.send(block);
    }
    drop(send);
    let mut totals = [0u64; 3];
    for worker in workers {
        let part = worker.join().unwrap_or_default();
        for (total, value) in totals.iter_mut().zip(part) {
            *total += value;
        }
    }
    println!("{} {} {}", totals[0], totals[1], totals[2]);
}

fn fail(message: &str) -> ! {
    eprintln!("parse_only: {message}");
    std::process::exit(2);
}
